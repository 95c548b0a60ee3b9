/* JSON string escaping: any bytes in, valid JSON in valid UTF-8 out. */
#include "json_out.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>

size_t es_utf8_seq(const unsigned char *s, size_t n, uint32_t *cp)
{
    if (n == 0)
        return 0;
    unsigned c = s[0];
    if (c < 0x80) {
        if (cp)
            *cp = c;
        return 1;
    }
    size_t len;
    uint32_t v, min;
    if (c >= 0xc2 && c <= 0xdf) {          /* 0xc0/0xc1 would be overlong */
        len = 2, v = c & 0x1f, min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
        len = 3, v = c & 0x0f, min = 0x800;
    } else if (c >= 0xf0 && c <= 0xf4) {   /* above 0xf4 exceeds U+10FFFF */
        len = 4, v = c & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        v = (v << 6) | (s[i] & 0x3f);
    }
    /* Overlong forms, UTF-16 surrogates and values past Unicode are not UTF-8. */
    if (v < min || (v >= 0xd800 && v <= 0xdfff) || v > 0x10ffff)
        return 0;
    if (cp)
        *cp = v;
    return len;
}

void es_json_str(struct es_rbuf *b, const char *str, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *s = (const unsigned char *)str;
    char esc[8];
    es_rbuf_putc(b, '"');
    size_t i = 0;
    while (i < len) {
        /* Copy the longest run that needs no escaping in one go. */
        size_t run = i;
        while (run < len && s[run] >= 0x20 && s[run] < 0x7f && s[run] != '"' && s[run] != '\\')
            run++;
        if (run > i) {
            es_rbuf_put(b, s + i, run - i);
            i = run;
            continue;
        }
        unsigned c = s[i];
        if (c < 0x80) {
            switch (c) {
            case '"': es_rbuf_puts(b, "\\\""); break;
            case '\\': es_rbuf_puts(b, "\\\\"); break;
            case '\n': es_rbuf_puts(b, "\\n"); break;
            case '\r': es_rbuf_puts(b, "\\r"); break;
            case '\t': es_rbuf_puts(b, "\\t"); break;
            default:   /* other controls and DEL */
                esc[0] = '\\', esc[1] = 'u', esc[2] = '0', esc[3] = '0';
                esc[4] = hex[c >> 4], esc[5] = hex[c & 15];
                es_rbuf_put(b, esc, 6);
                break;
            }
            i++;
            continue;
        }
        uint32_t cp;
        size_t n = es_utf8_seq(s + i, len - i, &cp);
        if (n == 0) {
            /* PEP 383: an undecodable byte B becomes U+DC00+B (B is 0x80-0xff). */
            esc[0] = '\\', esc[1] = 'u', esc[2] = 'd', esc[3] = 'c';
            esc[4] = hex[c >> 4], esc[5] = hex[c & 15];
            es_rbuf_put(b, esc, 6);
            i++;
        } else if (cp == 0x2028 || cp == 0x2029) {
            /* Valid JSON, but line terminators in JavaScript source. */
            es_rbuf_puts(b, cp == 0x2028 ? "\\u2028" : "\\u2029");
            i += n;
        } else if (cp < 0xa0) {
            /* C1 controls (U+0080-U+009F): escape like C0 controls. */
            esc[0] = '\\', esc[1] = 'u', esc[2] = '0', esc[3] = '0';
            esc[4] = hex[cp >> 4], esc[5] = hex[cp & 15];
            es_rbuf_put(b, esc, 6);
            i += n;
        } else {
            es_rbuf_put(b, s + i, n);
            i += n;
        }
    }
    es_rbuf_putc(b, '"');
}

void es_json_cstr(struct es_rbuf *b, const char *s)
{
    if (!s) {
        es_rbuf_puts(b, "null");
        return;
    }
    size_t n = 0;
    while (s[n])
        n++;
    es_json_str(b, s, n);
}

void es_json_u64(struct es_rbuf *b, uint64_t v)
{
    es_rbuf_printf(b, "%" PRIu64, v);
}

void es_json_fixed(struct es_rbuf *b, double v, int decimals)
{
    if (!isfinite(v))
        v = 0;
    /* The C locale is never changed for LC_NUMERIC, so the point is a '.'. */
    es_rbuf_printf(b, "%.*f", decimals, v);
}
