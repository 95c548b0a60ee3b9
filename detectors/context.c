/* What surrounds a match: its column header, the label before it on its line. */
#include <string.h>

#include "detector.h"

static size_t line_start(const struct es_chunk *c, size_t off)
{
    while (off > 0 && c->text[off - 1] != '\n')
        off--;
    return off;
}

const char *es_ctx_column(const struct es_chunk *c, size_t off)
{
    if (c->delim && c->header && off <= c->len) {
        size_t field = 0;
        int quoted = 0;
        for (size_t i = line_start(c, off); i < off; i++) {
            char ch = c->text[i];
            if (ch == '"')
                quoted = !quoted;
            else if (ch == c->delim && !quoted)
                field++;
        }
        if (field < c->nheader && c->header[field] && c->header[field][0])
            return c->header[field];
    }
    return c->label;
}

size_t es_ctx_before(const struct es_chunk *c, size_t off, size_t max, const char **p)
{
    if (off > c->len)
        off = c->len;
    size_t s = line_start(c, off);
    if (off - s > max) {
        s = off - max;
        /* Do not start inside a UTF-8 sequence. */
        while (s < off && ((unsigned char)c->text[s] & 0xC0) == 0x80)
            s++;
    }
    *p = c->text + s;
    return off - s;
}

size_t es_ctx_after(const struct es_chunk *c, size_t end, size_t max, const char **p)
{
    if (end > c->len)
        end = c->len;
    const char *nl = memchr(c->text + end, '\n', c->len - end);
    size_t e = nl ? (size_t)(nl - c->text) : c->len;
    if (e - end > max) {
        e = end + max;
        while (e > end && ((unsigned char)c->text[e] & 0xC0) == 0x80)
            e--;
    }
    *p = c->text + end;
    return e - end;
}

int es_ctx_has(const char *text, size_t len, const char *const *keywords)
{
    for (; *keywords; keywords++) {
        const char *k = *keywords;
        size_t kl = strlen(k);
        if (kl == 0)
            continue;
        /* The first byte decides most positions without a call. */
        unsigned char k0 = (unsigned char)k[0];
        k0 = k0 >= 'A' && k0 <= 'Z' ? (unsigned char)(k0 + 32) : k0;
        for (size_t i = 0; i < len; i++) {
            unsigned char ch = (unsigned char)text[i];
            ch = ch >= 'A' && ch <= 'Z' ? (unsigned char)(ch + 32) : ch;
            if (ch != k0 && !(k0 == 0xE3 && ch == '-'))
                continue;
            if (es_kw_at(text + i, len - i, k, kl))   /* also ー as '-' */
                return 1;
        }
    }
    return 0;
}
