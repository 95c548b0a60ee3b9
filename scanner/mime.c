/* MIME decoding: base64, quoted-printable, RFC 2047 words, RFC 2231 params. */
#include "mime.h"

#include <string.h>
#include <strings.h>

#include "exposcan/exposcan.h"
#include "extract.h"

static int b64val(unsigned char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+' || c == '-')
        return 62;
    if (c == '/' || c == '_')
        return 63;
    return -1;
}

int es_base64_decode(const char *in, size_t len, struct es_buf *out)
{
    unsigned acc = 0;
    int bits = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)in[i];
        if (c == '=')
            break;
        int v = b64val(c);
        if (v < 0)
            continue;   /* line breaks and noise */
        acc = (acc << 6) | (unsigned)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            int rc = es_buf_putc(out, (char)((acc >> bits) & 0xFF));
            if (rc != ES_OK)
                return rc;
        }
    }
    return ES_OK;
}

static int hexval(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c |= 0x20;
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

int es_qp_decode(const char *in, size_t len, int header, struct es_buf *out)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)in[i];
        int rc;
        if (c == '=' && i + 1 < len) {
            if (in[i + 1] == '\n') {          /* soft line break */
                i += 1;
                continue;
            }
            if (in[i + 1] == '\r' && i + 2 < len && in[i + 2] == '\n') {
                i += 2;
                continue;
            }
            int h = i + 2 < len ? hexval((unsigned char)in[i + 1]) : -1;
            int l = i + 2 < len ? hexval((unsigned char)in[i + 2]) : -1;
            if (h >= 0 && l >= 0) {
                rc = es_buf_putc(out, (char)(h * 16 + l));
                i += 2;
            } else {
                rc = es_buf_putc(out, '=');
            }
        } else if (c == '_' && header) {
            rc = es_buf_putc(out, ' ');
        } else {
            rc = es_buf_putc(out, (char)c);
        }
        if (rc != ES_OK)
            return rc;
    }
    return ES_OK;
}

/* Decode bytes in charset to UTF-8 and append. */
static int append_charset(const char *charset, const char *p, size_t n, struct es_buf *out)
{
    const char *enc = es_encoding_canonical(charset);
    if (!enc)
        enc = es_detect_encoding((const unsigned char *)p, n, NULL);
    struct es_decoder *d = NULL;
    int rc = es_decoder_open(&d, enc);
    if (rc != ES_OK)
        return es_buf_append(out, p, n);
    rc = es_decoder_feed(d, (const unsigned char *)p, n, 1, out);
    es_decoder_free(d);
    return rc;
}

/* Longest charset label we accept in an encoded word. */
#define MAX_CHARSET 40

int es_rfc2047_decode(const char *in, size_t len, struct es_buf *out)
{
    size_t i = 0;
    size_t pending_ws = 0;   /* whitespace seen since the last output */
    int prev_word = 0;       /* the last output was an encoded word */
    while (i < len) {
        if (in[i] == '=' && i + 1 < len && in[i + 1] == '?') {
            /* =?charset?E?text?= */
            const char *cs = in + i + 2;
            const char *q1 = memchr(cs, '?', len - (size_t)(cs - in));
            if (q1 && q1 + 2 < in + len && q1[2] == '?' && (size_t)(q1 - cs) < MAX_CHARSET) {
                char enc = (char)(q1[1] | 0x20);
                const char *txt = q1 + 3;
                const char *end = NULL;
                for (const char *p = txt; p + 1 < in + len; p++)
                    if (p[0] == '?' && p[1] == '=') {
                        end = p;
                        break;
                    }
                if (end && (enc == 'b' || enc == 'q')) {
                    char charset[MAX_CHARSET + 1];
                    size_t cl = (size_t)(q1 - cs);
                    memcpy(charset, cs, cl);
                    charset[cl] = '\0';
                    char *star = strchr(charset, '*');   /* RFC 2231 language */
                    if (star)
                        *star = '\0';
                    struct es_buf raw;
                    es_buf_init(&raw, len + 16);
                    int rc = pending_ws && !prev_word ? es_buf_putc(out, ' ') : ES_OK;
                    if (rc == ES_OK)
                        rc = enc == 'b' ? es_base64_decode(txt, (size_t)(end - txt), &raw)
                                    : es_qp_decode(txt, (size_t)(end - txt), 1, &raw);
                    if (rc == ES_OK)
                        rc = append_charset(charset, raw.data ? raw.data : "", raw.len, out);
                    es_buf_free(&raw);
                    if (rc != ES_OK)
                        return rc;
                    i = (size_t)(end - in) + 2;
                    pending_ws = 0;
                    prev_word = 1;
                    continue;
                }
            }
        }
        if (in[i] == ' ' || in[i] == '\t' || in[i] == '\r' || in[i] == '\n') {
            /* Whitespace between two encoded words disappears; keep it otherwise. */
            pending_ws++;
            i++;
            continue;
        }
        if (pending_ws) {
            if (es_buf_putc(out, ' ') != ES_OK)
                return ES_ERR_LIMIT;
            pending_ws = 0;
        }
        prev_word = 0;
        if (es_buf_putc(out, in[i]) != ES_OK)
            return ES_ERR_LIMIT;
        i++;
    }
    return ES_OK;
}

static int pct_decode(const char *p, size_t n, struct es_buf *out)
{
    for (size_t i = 0; i < n; i++) {
        int h = p[i] == '%' && i + 2 < n ? hexval((unsigned char)p[i + 1]) : -1;
        int l = h >= 0 ? hexval((unsigned char)p[i + 2]) : -1;
        int rc = l >= 0 ? es_buf_putc(out, (char)(h * 16 + l)) : es_buf_putc(out, p[i]);
        if (rc != ES_OK)
            return rc;
        if (l >= 0)
            i += 2;
    }
    return ES_OK;
}

int es_mime_param(const char *value, size_t len, const char *name, struct es_buf *out)
{
    size_t nl = strlen(name);
    int quoted = 0;
    for (size_t i = 0; i < len; i++) {
        if (value[i] == '"')
            quoted = !quoted;
        if (quoted || value[i] != ';')
            continue;
        size_t p = i + 1;
        while (p < len && (value[p] == ' ' || value[p] == '\t' || value[p] == '\r' || value[p] == '\n'))
            p++;
        if (p + nl > len || strncasecmp(value + p, name, nl) != 0)
            continue;
        size_t q = p + nl;
        int ext = 0;
        if (q < len && value[q] == '*') {
            ext = 1;
            q++;
            /* name*0*= continuations are rare in exports; take the first segment. */
            while (q < len && (value[q] == '*' || (value[q] >= '0' && value[q] <= '9')))
                q++;
        }
        while (q < len && value[q] == ' ')
            q++;
        if (q >= len || value[q] != '=')
            continue;
        q++;
        while (q < len && value[q] == ' ')
            q++;
        size_t s = q, e;
        if (s < len && value[s] == '"') {
            s++;
            e = s;
            while (e < len && value[e] != '"')
                e++;
        } else {
            e = s;
            while (e < len && value[e] != ';' && value[e] != ' ' && value[e] != '\r' && value[e] != '\n')
                e++;
        }
        if (ext) {
            /* charset'lang'pct-encoded */
            const char *a1 = memchr(value + s, '\'', e - s);
            const char *a2 = a1 ? memchr(a1 + 1, '\'', (size_t)(value + e - a1 - 1)) : NULL;
            if (a2) {
                char charset[MAX_CHARSET + 1];
                size_t cl = (size_t)(a1 - (value + s));
                if (cl > MAX_CHARSET)
                    cl = MAX_CHARSET;
                memcpy(charset, value + s, cl);
                charset[cl] = '\0';
                struct es_buf raw;
                es_buf_init(&raw, len + 16);
                int rc = pct_decode(a2 + 1, (size_t)(value + e - a2 - 1), &raw);
                if (rc == ES_OK)
                    rc = append_charset(cl ? charset : "utf-8", raw.data ? raw.data : "", raw.len, out);
                es_buf_free(&raw);
                return rc == ES_OK;
            }
        }
        return es_rfc2047_decode(value + s, e - s, out) == ES_OK;
    }
    return 0;
}
