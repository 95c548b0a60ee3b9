/* Check digits and masking shared by detectors. */
#include <string.h>

#include "detector.h"

int es_luhn_ok(const char *digits, size_t n)
{
    unsigned sum = 0;
    int dbl = 0;
    if (n == 0)
        return 0;
    for (size_t i = n; i-- > 0;) {
        unsigned d = (unsigned)(digits[i] - '0');
        if (d > 9)
            return 0;
        if (dbl) {
            d *= 2;
            if (d > 9)
                d -= 9;
        }
        sum += d;
        dbl = !dbl;
    }
    return sum % 10 == 0;
}

int es_digits_at(const char *t, size_t len, size_t i, size_t n, int hex)
{
    if (i > len || n > len - i)
        return 0;
    for (size_t k = i; k < i + n; k++) {
        unsigned char ch = (unsigned char)t[k];
        /* OR 0x20 maps only 'A'-'F' and 'a'-'f' onto 'a'-'f'. */
        if (!(ch >= '0' && ch <= '9') && !(hex && (ch | 0x20) >= 'a' && (ch | 0x20) <= 'f'))
            return 0;
    }
    return 1;
}

static int is_alnum(unsigned char ch)
{
    return (ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z');
}

size_t es_mask_keep(const char *norm, size_t len, size_t keep_head, size_t keep_tail, char *out,
                    size_t cap)
{
    size_t total = 0, o = 0, seen = 0;
    if (cap == 0)
        return 0;
    for (size_t i = 0; i < len; i++)
        total += is_alnum((unsigned char)norm[i]) || ((unsigned char)norm[i] >= 0xC0);
    for (size_t i = 0; i < len && o + 4 < cap;) {
        unsigned char ch = (unsigned char)norm[i];
        size_t n = 1;
        if (ch >= 0xC0)
            while (i + n < len && ((unsigned char)norm[i + n] & 0xC0) == 0x80)
                n++;
        int counts = is_alnum(ch) || ch >= 0xC0;
        if (counts) {
            int keep = seen < keep_head || seen >= total - (keep_tail < total ? keep_tail : total);
            seen++;
            if (keep) {
                memcpy(out + o, norm + i, n);
                o += n;
            } else {
                out[o++] = '*';
            }
        } else {
            out[o++] = (char)ch;
        }
        i += n;
    }
    out[o] = '\0';
    return o;
}

size_t es_mask_generic(const char *norm, size_t len, char *out, size_t cap)
{
    /* Enough to recognise, not to reuse: about a quarter at each end. */
    size_t keep = len >= 12 ? 3 : len >= 6 ? 1 : 0;
    return es_mask_keep(norm, len, keep, keep, out, cap);
}

/* ISO 3779 transliteration of letters to values (I, O, Q never occur). */
static int vin_value(char ch)
{
    static const char letters[] = "ABCDEFGHJKLMNPRSTUVWXYZ";
    static const unsigned char values[] = {1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4,
                                           5, 7, 9, 2, 3, 4, 5, 6, 7, 8, 9};
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    const char *p = ch ? strchr(letters, ch) : NULL;
    return p ? values[p - letters] : -1;
}

int es_vin_check_ok(const char *vin)
{
    /* Position weights of ISO 3779 / 49 CFR 565; position 9 holds the check. */
    static const unsigned char weight[17] = {8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2};
    unsigned sum = 0;
    for (size_t i = 0; i < 17; i++) {
        int v = vin_value(vin[i]);
        if (v < 0)
            return 0;
        sum += (unsigned)v * weight[i];
    }
    unsigned r = sum % 11;   /* remainder 10 is written as 'X' */
    return vin[8] == (r == 10 ? 'X' : (char)('0' + r));
}
