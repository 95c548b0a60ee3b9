/* What surrounds a match: its column header, the label before it on its line. */
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "detector.h"

const char *es_ctx_column(const struct es_chunk *c, size_t off)
{
    struct es_col_cursor cur = {0, 0, 0};
    return es_ctx_column_at(c, &cur, off);
}

size_t es_ctx_field(const struct es_chunk *c, struct es_col_cursor *cur, size_t off)
{
    if (off > c->len)
        off = c->len;
    if (off < cur->at) {
        /* Not ascending: start over from the chunk start, a line start. */
        cur->at = cur->field = 0;
        cur->quoted = 0;
    }
    /* The count goes on unless a line break lies between (the last one
     * starts the line of off). */
    const char *nl = off > cur->at ? memrchr(c->text + cur->at, '\n', off - cur->at) : NULL;
    if (nl) {
        cur->at = (size_t)(nl - c->text) + 1;
        cur->field = 0;
        cur->quoted = 0;
    }
    const char *t = c->text;
    size_t i = cur->at, field = cur->field;
    int quoted = cur->quoted;
#ifdef __SSE2__
    /* Sixteen bytes a step: the quotes and delimiters among them in order
     * (a '"' is a quote even if it is the delimiter, as below). */
    if (c->delim != '"') {
        const __m128i qv = _mm_set1_epi8('"'), dv = _mm_set1_epi8(c->delim);
        for (; i + 16 <= off; i += 16) {
            __m128i v = _mm_loadu_si128((const __m128i *)(t + i));
            unsigned q = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, qv));
            unsigned d = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, dv));
            if (!q) {
                if (!quoted)
                    field += es_popcount64(d);
                continue;
            }
            for (unsigned m = q | d; m; m &= m - 1) {
                if (q & m & (0u - m))
                    quoted = !quoted;
                else if (!quoted)
                    field++;
            }
        }
    }
#endif
    for (; i < off; i++) {
        if (t[i] == '"')
            quoted = !quoted;
        else if (t[i] == c->delim && !quoted)
            field++;
    }
    cur->at = off;
    cur->field = field;
    cur->quoted = quoted;
    return field;
}

const char *es_ctx_column_at(const struct es_chunk *c, struct es_col_cursor *cur, size_t off)
{
    /* What es_ctx_column() returns there, without the call. */
    if (!c->delim || !c->header || off > c->len)
        return c->label;
    size_t field = es_ctx_field(c, cur, off);
    if (field < c->nheader && c->header[field] && c->header[field][0])
        return c->header[field];
    return c->label;
}

size_t es_ctx_before_from(const struct es_chunk *c, size_t ls, size_t off, size_t max)
{
    size_t s = off > max ? off - max : 0;
    if (ls >= s)
        return ls;
    /* The line starts before off - max: cut there, not inside a UTF-8
     * sequence. */
    while (s < off && ((unsigned char)c->text[s] & 0xC0) == 0x80)
        s++;
    return s;
}

size_t es_ctx_after_to(const struct es_chunk *c, size_t le, size_t end, size_t max)
{
    if (le - end <= max)
        return le;
    size_t e = end + max;
    while (e > end && ((unsigned char)c->text[e] & 0xC0) == 0x80)
        e--;
    return e;
}

size_t es_ctx_before(const struct es_chunk *c, size_t off, size_t max, const char **p)
{
    if (off > c->len)
        off = c->len;
    /* The line start only if it is within max bytes: lines can be long (a
     * JSON dump is one line) and this runs for every candidate. */
    size_t s = off > max ? off - max : 0;
    const char *nl = s < off ? memrchr(c->text + s, '\n', off - s) : NULL;
    /* A line that starts before off - max: s - 1 stands for its start
     * (es_ctx_before_from() only asks whether it is before s). A line
     * starting right at off - max is taken whole. */
    size_t ls = nl ? (size_t)(nl - c->text) + 1 : s == 0 || c->text[s - 1] == '\n' ? s : s - 1;
    s = es_ctx_before_from(c, ls, off, max);
    *p = c->text + s;
    return off - s;
}

size_t es_ctx_after(const struct es_chunk *c, size_t end, size_t max, const char **p)
{
    if (end > c->len)
        end = c->len;
    /* A line break further than max bytes away changes nothing below: then
     * end + max + 1 stands for the line's end. */
    size_t span = c->len - end < max + 1 ? c->len - end : max + 1;
    const char *nl = memchr(c->text + end, '\n', span);
    size_t e = es_ctx_after_to(c, nl ? (size_t)(nl - c->text) : end + span, end, max);
    *p = c->text + end;
    return e - end;
}

/* Bit sets of bytes, one bit per value. */
#define SET_BYTES 32   /* 256 bits */
#define SET_ON(set, b) ((set)[(unsigned char)(b) >> 3] |= (unsigned char)(1u << ((b) & 7)))
#define SET_HAS(set, b) ((set)[(unsigned char)(b) >> 3] & (1u << ((b) & 7)))

static unsigned char fold(unsigned char ch) { return ch >= 'A' && ch <= 'Z' ? (unsigned char)(ch + 32) : ch; }

/* Texts up to this long (labels, keys) are searched keyword by keyword,
 * after a look at which bytes they hold at all. */
#define SHORT_TEXT 64

static int has_short(const char *text, size_t len, const char *const *keywords)
{
    unsigned char in[SET_BYTES] = {0};   /* the folded bytes of the text */
    for (size_t i = 0; i < len; i++)
        SET_ON(in, fold((unsigned char)text[i]));
    int dash = SET_HAS(in, '-') != 0;
    for (const char *const *k = keywords; *k; k++) {
        unsigned char k0 = fold((unsigned char)(*k)[0]);
        if (!k0)
            continue;
        /* A keyword's ー (E3 83 BC) may stand as '-' in the text. */
        if (!SET_HAS(in, k0) && !(k0 == 0xE3 && dash))
            continue;
        unsigned char k1 = fold((unsigned char)(*k)[1]);
        int lead_choon = k0 == 0xE3 && (unsigned char)(*k)[1] == 0x83 && (unsigned char)(*k)[2] == 0xBC;
        if (k1 && !lead_choon && !SET_HAS(in, k1) && !(k1 == 0xE3 && dash))
            continue;
        size_t kl = strlen(*k);
        for (size_t i = 0; i < len; i++) {
            unsigned char ch = fold((unsigned char)text[i]);
            if (ch != k0 && !(k0 == 0xE3 && ch == '-'))
                continue;
            if (es_kw_at(text + i, len - i, *k, kl))
                return 1;
        }
    }
    return 0;
}

int es_ctx_has(const char *text, size_t len, const char *const *keywords)
{
    if (len <= SHORT_TEXT)
        return has_short(text, len, keywords);
    /* One pass over the text instead of one per keyword: a position is tried
     * only if its (folded) byte starts some keyword and the next byte can
     * follow that start. A keyword's ー (E3 ..) also matches '-', so a '-'
     * passes wherever E3 does. */
    unsigned char first[SET_BYTES] = {0}, second[SET_BYTES] = {0};
    int any = 0, short_kw = 0;
    for (const char *const *k = keywords; *k; k++) {
        unsigned char k0 = fold((unsigned char)(*k)[0]);
        if (!k0)
            continue;
        any = 1;
        SET_ON(first, k0);
        if (k0 == 0xE3)
            SET_ON(first, '-');
        unsigned char k1 = fold((unsigned char)(*k)[1]);
        if (!k1 || (k0 == 0xE3 && (unsigned char)(*k)[1] == 0x83 && (unsigned char)(*k)[2] == 0xBC)) {
            short_kw = 1;   /* no second byte to filter on (or a leading ー read as '-') */
            continue;
        }
        SET_ON(second, k1);
        if (k1 == 0xE3)
            SET_ON(second, '-');
    }
    if (!any)
        return 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = fold((unsigned char)text[i]);
        if (!SET_HAS(first, ch))
            continue;
        if (!short_kw && (i + 1 >= len || !SET_HAS(second, fold((unsigned char)text[i + 1]))))
            continue;
        for (const char *const *k = keywords; *k; k++) {
            unsigned char k0 = fold((unsigned char)(*k)[0]);
            if (!k0 || (ch != k0 && !(k0 == 0xE3 && ch == '-')))
                continue;
            if (es_kw_at(text + i, len - i, *k, strlen(*k)))   /* also ー as '-' */
                return 1;
        }
    }
    return 0;
}

/* The prefilter looks at a keyword's first three bytes. A ー in a keyword
 * also matches '-' (es_kw_at()), so a keyword with a ー there gets a second
 * literal with '-' in its place. A list with a keyword of one byte or with
 * more than ES_KWSET_MAX literals is searched by es_ctx_has() (the prefilter
 * cannot filter on one byte, and its last position is never a candidate). */

void es_kwset_init(struct es_kwset *ks, const char *const *keywords)
{
    char heads[ES_KWSET_MAX][4];
    const char *lits[ES_KWSET_MAX + 1];
    size_t n = 0;
    ks->keywords = keywords;
    ks->plain = 0;
    ks->word = 0;
    for (const char *const *k = keywords; *k; k++) {
        size_t j = (size_t)(k - keywords);
        if (j < ES_KWSET_MAX)
            ks->len[j] = strlen(*k);
        if (!(*k)[0])
            continue;   /* es_ctx_has() skips empty keywords */
        if (!(*k)[1] || n + 2 > ES_KWSET_MAX || j >= ES_KWSET_MAX) {
            ks->plain = 1;
            return;
        }
        lits[n++] = *k;
        if (!es_kw_dash_lead(*k, ks->len[j]))
            continue;
        /* The head with each ー among its first bytes read as '-'. */
        char *h = heads[n];
        size_t o = 0;
        for (const char *p = *k; *p && o < 3;) {
            /* Byte by byte: the keyword may end within three bytes. */
            if ((unsigned char)p[0] == 0xE3 && (unsigned char)p[1] == 0x83 && (unsigned char)p[2] == 0xBC) {
                h[o++] = '-';
                p += 3;
            } else {
                h[o++] = *p++;
            }
        }
        h[o] = '\0';
        lits[n++] = h;
    }
    lits[n] = NULL;
    es_pf_init(&ks->pf, lits);
}

void es_kwset_init_words(struct es_kwset *ks, const char *const *words)
{
    es_kwset_init(ks, words);
    ks->word = 1;
}

/* Can a match of keyword kw start at a byte that folds to ch? es_kw_at()
 * compares the first bytes folded, and a leading ー (E3 ..) also matches
 * '-': a test before the call, for the many keywords of a set that do not
 * start with the byte at a prefilter pass. */
static int kw_may_start(const char *kw, unsigned char ch)
{
    unsigned char k0 = fold((unsigned char)kw[0]);
    return ch == k0 || (k0 == 0xE3 && ch == '-');
}

/* es_ctx_has_word(): a match at a prefilter pass (every match starts at
 * one, as for es_ctx_has()) whose ASCII letter at either end touches no
 * other. At every length: es_ctx_has_word() has no quicker way for short
 * texts, and most labels and keys hold no pass at all. */
static int kwset_has_word(const struct es_kwset *ks, const char *text, size_t len)
{
    if (ks->plain)
        return es_ctx_has_word(text, len, ks->keywords);
    for (size_t i = es_pf_next(&ks->pf, text, len, 0); i < len; i = es_pf_next(&ks->pf, text, len, i + 1)) {
        unsigned char ch = fold((unsigned char)text[i]);
        for (size_t j = 0; ks->keywords[j]; j++) {
            if (ks->len[j] && kw_may_start(ks->keywords[j], ch) &&
                es_kw_word_at(text, len, i, ks->keywords[j], ks->len[j]))
                return 1;
        }
    }
    return 0;
}

int es_kwset_has(const struct es_kwset *ks, const char *text, size_t len)
{
    if (ks->word)
        return kwset_has_word(ks, text, len);
    if (len <= SHORT_TEXT || ks->plain)
        return es_ctx_has(text, len, ks->keywords);
    for (size_t i = es_pf_next(&ks->pf, text, len, 0); i < len; i = es_pf_next(&ks->pf, text, len, i + 1)) {
        unsigned char ch = fold((unsigned char)text[i]);
        for (size_t j = 0; ks->keywords[j]; j++)
            if (ks->len[j] && kw_may_start(ks->keywords[j], ch) &&
                es_kw_at(text + i, len - i, ks->keywords[j], ks->len[j]))
                return 1;
    }
    return 0;
}
