/*
 * Which field a value sits in when the text is not a table: the key written
 * just before it (`"imei": "…"`, `imei=…`, `お客様番号: …`, `<vin>…`), and the
 * column of a value inside an SQL INSERT statement (the column list, or the
 * CREATE TABLE of the same table earlier in the chunk).
 */
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "cpu.h"
#include "detector.h"

/* A key longer than this is prose, not a label. */
#define KEY_MAX 48
/* Separators (quotes, colon, spaces) allowed between a key and its value. */
#define SEP_MAX 12
/* Markup tags skipped between a label cell and its value cell (`</td><td>`). */
#define TAGS_MAX 4
/* A tag longer than this is not a label's cell. */
#define TAG_MAX 64
/* Bytes of a (long) line searched back for a key: far more than any key needs. */
#define LINE_BACK 4096

static int key_stop(unsigned char ch)
{
    /* Characters that end a key when reading backwards. */
    return ch == '\n' || ch == '\r' || ch == '\t' || ch == ',' || ch == ';' || ch == '{' ||
           ch == '}' || ch == '[' || ch == ']' || ch == '(' || ch == ')' || ch == '|' ||
           ch == '"' || ch == '\'' || ch == '<' || ch == '>' || ch == '=' || ch == ':' || ch == '&';
}

/* Start of the tag ending at text[e - 1] == '>', or (size_t)-1. */
static size_t tag_start(const char *t, size_t lo, size_t e)
{
    size_t i = e - 1;
    while (i > lo && e - i < TAG_MAX) {
        i--;
        if (t[i] == '<')
            return i;
        if (t[i] == '>' || t[i] == '\n')
            return (size_t)-1;
    }
    return (size_t)-1;
}

static int is_cell_tag(const char *t, size_t s, size_t e)
{
    /* Layout tags between a label and its value; anything else names the value. */
    static const char *const cells[] = {"td", "th", "dd", "dt", "span", "div", "b", "strong",
                                        "p", "li", "label", "font", "em", "i", "br", NULL};
    size_t i = s + 1;
    if (i < e && t[i] == '/')
        i++;
    size_t n = 0;
    while (i + n < e && ((t[i + n] >= 'a' && t[i + n] <= 'z') ||
                         (t[i + n] >= 'A' && t[i + n] <= 'Z')))
        n++;
    for (const char *const *c = cells; *c; c++)
        if (strlen(*c) == n && strncasecmp(*c, t + i, n) == 0)
            return 1;
    return 0;
}

size_t es_ctx_key(const struct es_chunk *c, size_t off, const char **key)
{
    const char *t = c->text;
    /* Stay on the value's line, at most LINE_BACK bytes of it: the last
     * line break there by memrchr(), not a byte-by-byte walk back (lines
     * run to hundreds of bytes, and callers ask per candidate). */
    size_t lo = off > LINE_BACK ? off - LINE_BACK : 0;
    const char *nl = off > lo ? memrchr(t + lo, '\n', off - lo) : NULL;
    if (nl)
        lo = (size_t)(nl - t) + 1;
    size_t i = off;
    int sep = 0, tags = 0;
    /* Separators: quotes, blanks, one of : = > (a tag is a separator too). */
    for (size_t n = 0; i > lo && n < SEP_MAX; n++) {
        unsigned char ch = (unsigned char)t[i - 1];
        if (ch == ' ' || ch == '"' || ch == '\'' || ch == '\t') {
            i--;
        } else if (ch == ':' || ch == '=' || ch == '#') {
            sep = 1;
            i--;
        } else if (i >= lo + 3 && memcmp(t + i - 3, "\xEF\xBC\x9A", 3) == 0) {
            sep = 1;   /* full-width colon (U+FF1A) if it survived normalisation */
            i -= 3;
        } else if (ch == '>') {
            size_t s = tag_start(t, lo, i);
            if (s == (size_t)-1)
                return 0;
            if (!is_cell_tag(t, s, i) && t[s + 1] != '/') {
                /* <customer_id>value: the element names the value. */
                size_t k = s + 1, n2 = 0;
                while (k + n2 < i && !key_stop((unsigned char)t[k + n2]) && t[k + n2] != ' ' &&
                       t[k + n2] != '/')
                    n2++;
                *key = t + k;
                return n2;
            }
            if (++tags > TAGS_MAX)
                return 0;
            sep = 1;
            i = s;
            n = 0;
        } else {
            break;
        }
    }
    if (!sep)
        return 0;
    /* The key: letters, digits, '_', '-', '.', non-ASCII, single spaces between words. */
    size_t e = i;
    while (e > lo && t[e - 1] == ' ')
        e--;
    size_t s = e;
    int spaces = 0;
    while (s > lo && e - s < KEY_MAX) {
        unsigned char ch = (unsigned char)t[s - 1];
        if (key_stop(ch))
            break;
        if (ch == ' ') {
            /* At most three words ("Customer No.", "Member ID No"). */
            if (++spaces > 2 || (s >= lo + 2 && t[s - 2] == ' '))
                break;
        }
        s--;
    }
    while (s < e && t[s] == ' ')
        s++;
    *key = t + s;
    return e - s;
}

/* ---- SQL ---- */

#define SQL_SCAN_MAX (4u << 20) /* bytes of a chunk searched for statements */

static int lower(int ch)
{
    return ch >= 'A' && ch <= 'Z' ? ch + 32 : ch;
}

#if defined(__GNUC__)
/* Sixteen bytes at a time (GCC / Clang vector extension; plain C below). */
typedef unsigned char v16 __attribute__((vector_size(16)));
#endif

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define SQL_AVX2 1
/* Bit k: t[i + k], t[i + k + 1] are the lower-case letters a, b in either
 * case (k < 32). */
__attribute__((target("avx2"))) static inline __m256i pairs_avx2(const unsigned char *t, size_t i,
                                                                 char a, char b)
{
    const __m256i fold = _mm256_set1_epi8(0x20);
    return _mm256_and_si256(
        _mm256_cmpeq_epi8(_mm256_or_si256(_mm256_loadu_si256((const __m256i *)(t + i)), fold), _mm256_set1_epi8(a)),
        _mm256_cmpeq_epi8(_mm256_or_si256(_mm256_loadu_si256((const __m256i *)(t + i + 1)), fold), _mm256_set1_epi8(b)));
}

/* The first 64-byte block from t[i] on that may hold the pair (a test of
 * both halves at once), or where fewer than 65 bytes are left before to. */
__attribute__((target("avx2"))) static size_t skip_pair_avx2(const char *t, size_t i, size_t to, char a, char b)
{
    const unsigned char *u = (const unsigned char *)t;
    for (; i + 65 <= to; i += 64) {
        __m256i any = _mm256_or_si256(pairs_avx2(u, i, a, b), pairs_avx2(u, i + 32, a, b));
        if (!_mm256_testz_si256(any, any))
            break;
    }
    return i;
}
#endif

/* The first i in [from, to - 1) where t[i], t[i + 1] are the lower-case
 * letters a, b in either case, or to. The statement searches run over whole
 * chunks (CREATE TABLE up to an INSERT), so they skip ahead by blocks. */
static size_t skip_pair(const char *t, size_t from, size_t to, unsigned char a, unsigned char b)
{
    size_t i = from;
#ifdef SQL_AVX2
    if (es_cpu_avx2())
        i = skip_pair_avx2(t, i, to, (char)a, (char)b);
#endif
#if defined(__GNUC__)
    /* b | 0x20 equals a lower-case letter only for that letter and its
     * upper case. */
    for (; i + 17 <= to; i += 16) {
        v16 v0, v1;
        memcpy(&v0, t + i, 16);
        memcpy(&v1, t + i + 1, 16);
        v16 m = (v16)(((v0 | 0x20) == a) & ((v1 | 0x20) == b));
        uint64_t q[2];
        memcpy(q, &m, 16);
        if (q[0] | q[1])
            break;
    }
#endif
    for (; i + 1 < to; i++)
        if (lower((unsigned char)t[i]) == a && lower((unsigned char)t[i + 1]) == b)
            return i;
    return to;
}

/* Case-insensitive search for an ASCII word in t[from, to). */
static size_t find_ci(const char *t, size_t from, size_t to, const char *w)
{
    size_t wl = strlen(w);
    int pair = wl >= 2 && w[0] >= 'a' && w[0] <= 'z' && w[1] >= 'a' && w[1] <= 'z';
    for (size_t i = from; i + wl <= to; i++) {
        if (pair && (i = skip_pair(t, i, to, (unsigned char)w[0], (unsigned char)w[1])) + wl > to)
            break;
        if (lower((unsigned char)t[i]) != w[0])
            continue;
        size_t j = 1;
        while (j < wl && lower((unsigned char)t[i + j]) == w[j])
            j++;
        if (j < wl)
            continue;
        /* A keyword, not the tail of an identifier (upsert, bulk_insert). */
        if (i == 0 || !(es_ascii_alpha((unsigned char)t[i - 1]) || t[i - 1] == '_'))
            return i;
    }
    return (size_t)-1;
}

/* Extend kw's memo of w's starts (as find_ci() takes them) in order up to
 * where a search bounded by `to` looks, while it has room. */
static void kw_extend(struct es_sql_kw *kw, const char *t, size_t to, const char *w, size_t wl)
{
    while (kw->n < ES_SQL_KW_MAX && kw->upto + wl <= to) {
        size_t p = find_ci(t, kw->upto, to, w);
        if (p == (size_t)-1) {
            kw->upto = to - wl + 1;   /* every start up to to - wl was looked at */
            return;
        }
        kw->at[kw->n++] = p;
        /* The keywords (insert, create) cannot overlap themselves: no start
         * within p + wl. */
        kw->upto = p + wl;
    }
}

/* find_ci(t, from, to, w) for a keyword es_sql_each() searches in the same
 * bytes for each detector: through the chunk's memo kw (NULL: none), which
 * holds every start before kw->upto, so a start found there is the first at
 * or after from, and without one there the first is at or after upto. */
static size_t find_kw(struct es_sql_kw *kw, const char *t, size_t from, size_t to, const char *w)
{
    if (!kw)
        return find_ci(t, from, to, w);
    size_t wl = strlen(w);
    if (kw->upto < to)
        kw_extend(kw, t, to, w, wl);
    size_t lo = 0, hi = kw->n;   /* the first stored start >= from */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (kw->at[mid] < from)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < kw->n)
        return kw->at[lo] + wl <= to ? kw->at[lo] : (size_t)-1;
    return find_ci(t, from > kw->upto ? from : kw->upto, to, w);
}

static size_t skip_ws(const char *t, size_t i, size_t len)
{
    while (i < len && (t[i] == ' ' || t[i] == '\t' || t[i] == '\n' || t[i] == '\r'))
        i++;
    return i;
}

static int ident_char(unsigned char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
           ch == '_' || ch == '$' || ch >= 0x80;
}

/* An identifier, quoted (`x`, "x", [x]) or bare; the last part of a.b.c. */
static size_t read_ident(const char *t, size_t i, size_t len, size_t *s, size_t *e)
{
    for (;;) {
        if (i >= len)
            return (size_t)-1;
        char q = t[i];
        if (q == '`' || q == '"' || q == '[') {
            char close = q == '[' ? ']' : q;
            size_t j = i + 1;
            while (j < len && t[j] != close && t[j] != '\n')
                j++;
            if (j >= len || t[j] != close)
                return (size_t)-1;
            *s = i + 1;
            *e = j;
            i = j + 1;
        } else {
            size_t j = i;
            while (j < len && ident_char((unsigned char)t[j]))
                j++;
            if (j == i)
                return (size_t)-1;
            *s = i;
            *e = j;
            i = j;
        }
        if (i < len && t[i] == '.') {
            i++;
            continue;
        }
        return i;
    }
}

static int is_constraint(const char *t, size_t s, size_t e)
{
    static const char *const kw[] = {"primary", "key", "unique", "constraint", "index", "foreign",
                                     "check", "fulltext", "spatial", NULL};
    for (const char *const *k = kw; *k; k++) {
        size_t n = strlen(*k);
        if (e - s == n && strncasecmp(t + s, *k, n) == 0)
            return 1;
    }
    return 0;
}

/* Parse a parenthesised list starting at t[i] == '('. With defs set, each
 * element is a column definition (first identifier, constraints skipped).
 * Returns the offset after ')' or (size_t)-1. */
static size_t read_columns(const char *t, size_t i, size_t len, int defs, es_sql_want_fn want,
                           void *ctx, struct es_sql_table *tb)
{
    int depth = 0;
    int at_start = 1;
    tb->ncol = 0;
    for (; i < len; i++) {
        char ch = t[i];
        if (ch == '\'') {
            /* DEFAULT 'x' and COMMENT '...' strings. */
            i++;
            while (i < len && t[i] != '\'')
                i++;
            continue;
        }
        if (ch == '(') {
            depth++;
            if (depth == 1)
                at_start = 1;
            continue;
        }
        if (ch == ')') {
            if (--depth == 0)
                return i + 1;
            continue;
        }
        if (depth == 1 && ch == ',') {
            at_start = 1;
            continue;
        }
        if (depth == 1 && at_start && ch != ' ' && ch != '\t' && ch != '\n' && ch != '\r') {
            size_t s, e;
            size_t n = read_ident(t, i, len, &s, &e);
            at_start = 0;
            if (n == (size_t)-1)
                continue;
            if (!(defs && is_constraint(t, s, e)) && tb->ncol < ES_SQL_COLS)
                tb->tag[tb->ncol++] = (unsigned char)want(ctx, t + s, e - s);
            i = n - 1;
        }
    }
    return (size_t)-1;
}

static void set_name(struct es_sql_table *tb, const char *t, size_t s, size_t e)
{
    size_t n = e - s < ES_SQL_NAME ? e - s : ES_SQL_NAME;
    memcpy(tb->name, t + s, n);
    tb->nlen = n;
}

/* The first i in [from, len) where t[i] is a quote or a backslash, or len:
 * the bytes of a quoted value that need a look (values are read once per
 * detector, and most of their bytes are plain). */
static size_t skip_plain(const char *t, size_t from, size_t len)
{
    size_t i = from;
#if defined(__GNUC__) && defined(__x86_64__) && defined(__SSE2__)
    for (; i + 16 <= len; i += 16) {
        v16 v;
        memcpy(&v, t + i, 16);
        v16 m = (v16)((v == '\'') | (v == '\\'));
        uint64_t q[2];
        memcpy(q, &m, 16);
        /* A hit is a 0xFF byte; the first in memory order is the lowest
         * set bit of the little-endian words (x86-64 with SSE2, the only
         * target where this is compiled with vectors: others, and the
         * no-SSE2 test build, take the byte loop). */
        if (q[0])
            return i + (size_t)__builtin_ctzll(q[0]) / 8;
        if (q[1])
            return i + 8 + (size_t)__builtin_ctzll(q[1]) / 8;
    }
#endif
    while (i < len && t[i] != '\'' && t[i] != '\\')
        i++;
    return i;
}

/* The closing quote of a quoted value whose text starts at t[i] ('' and \'
 * inside), or len if the chunk ends first. */
static size_t quoted_end(const char *t, size_t i, size_t len)
{
    while ((i = skip_plain(t, i, len)) < len) {
        if (t[i] == '\\' && i + 1 < len) {
            i += 2;
            continue;
        }
        if (t[i] == '\'') {
            if (i + 1 < len && t[i + 1] == '\'') {
                i += 2;
                continue;
            }
            return i;
        }
        i++;
    }
    return len;
}

/* The end of an unquoted value (a number, NULL, a function call such as
 * NOW() or CONCAT('a', 'b'), X'..'): the ',' or ')' that ends it outside
 * brackets and quotes, or the line's end. Stopping at the
 * first ')' would end the row inside NOW() and lose every value after it. */
static size_t unquoted_end(const char *t, size_t i, size_t len)
{
    size_t depth = 0;
    for (; i < len; i++) {
        char ch = t[i];
        if (ch == '\'') {
            i = quoted_end(t, i + 1, len);
            if (i == len)
                return len;
        } else if (ch == '(') {
            depth++;
        } else if (ch == '\n') {
            return i;   /* an unclosed bracket ends with its line */
        } else if (ch == ')' || ch == ',') {
            if (!depth)
                return i;
            depth -= ch == ')';
        }
    }
    return len;
}

/* Emit values of one VALUES list starting at t[i]; returns where it ended. */
static size_t read_values(const char *t, size_t i, size_t len, const struct es_sql_table *tb,
                          es_sql_emit_fn emit, void *ctx)
{
    for (;;) {
        i = skip_ws(t, i, len);
        if (i >= len || t[i] != '(')
            return i;
        i++;
        size_t field = 0;
        for (;;) {
            i = skip_ws(t, i, len);
            if (i >= len)
                return i;
            size_t vs, ve;
            if (t[i] == '\'') {
                vs = i + 1;
                ve = quoted_end(t, vs, len);
                i = ve < len ? ve + 1 : ve;
            } else {
                vs = i;
                i = ve = unquoted_end(t, i, len);
                while (ve > vs && t[ve - 1] == ' ')
                    ve--;
            }
            if (field < tb->ncol && tb->tag[field] && ve > vs)
                emit(ctx, tb->tag[field], vs, ve);
            field++;
            i = skip_ws(t, i, len);
            if (i < len && t[i] == ',') {
                i++;
                continue;
            }
            if (i < len && t[i] == ')') {
                i++;
                break;
            }
            return i;   /* malformed: stop this statement */
        }
        i = skip_ws(t, i, len);
        if (i < len && t[i] == ',') {
            i++;
            continue;
        }
        return i;
    }
}

void es_sql_begin(struct es_sql_iter *it)
{
    it->pos = it->ct_pos = it->ntables = it->next_slot = 0;
    it->at = it->at_from = (size_t)-1;
}

size_t es_sql_peek(const struct es_scan_ctx *sc, const struct es_chunk *c, struct es_sql_iter *it)
{
    struct es_chunk_facts *f = sc ? sc->facts : NULL;
    if (f && f->sql_maybe == 1)
        return (size_t)-1;   /* no INSERT keyword at all (es_sql_maybe()) */
    if (it->at_from != it->pos) {
        size_t len = c->len < SQL_SCAN_MAX ? c->len : SQL_SCAN_MAX;
        size_t ins = find_kw(f ? &f->insert : NULL, c->text, it->pos, len, "insert");
        it->at = ins == (size_t)-1 || ins >= c->owned ? (size_t)-1 : ins;
        it->at_from = it->pos;
    }
    return it->at;
}

/* The slot of the table named t[s, e) (as set_name() keeps names), or
 * it->ntables if none is. */
static size_t table_of(const struct es_sql_iter *it, const char *t, size_t s, size_t e)
{
    size_t n = e - s < ES_SQL_NAME ? e - s : ES_SQL_NAME;
    for (size_t q = 0; q < it->ntables; q++)
        if (it->tables[q].nlen == n && memcmp(it->tables[q].name, t + s, n) == 0)
            return q;
    return it->ntables;
}

/* The table of the INSERT whose target name is t[ns, ne), known from its
 * CREATE TABLE between the last one read and ins, or NULL. */
static const struct es_sql_table *created(struct es_sql_iter *it, struct es_sql_kw *kw_create,
                                          const char *t, size_t len, size_t ins, size_t ns, size_t ne,
                                          es_sql_want_fn want, void *ctx)
{
    struct es_sql_table *tables = it->tables;
    for (;;) {
        size_t ct = find_kw(kw_create, t, it->ct_pos, ins, "create");
        if (ct == (size_t)-1) {
            it->ct_pos = ins;
            break;
        }
        it->ct_pos = ct + 6;
        size_t j = skip_ws(t, it->ct_pos, len);
        if (find_ci(t, j, j + 5 < len ? j + 5 : len, "table") != j)
            continue;
        j = skip_ws(t, j + 5, len);
        if (find_ci(t, j, j + 2 < len ? j + 2 : len, "if") == j) {
            size_t e2 = find_ci(t, j, j + 24 < len ? j + 24 : len, "exists");
            if (e2 == (size_t)-1)
                continue;
            j = skip_ws(t, e2 + 6, len);
        }
        size_t cs, ce;
        size_t k = read_ident(t, j, len, &cs, &ce);
        if (k == (size_t)-1)
            continue;
        k = skip_ws(t, k, len);
        if (k >= len || t[k] != '(')
            continue;
        /* A table created again takes its slot over: its columns are the
         * new ones from here on. */
        size_t slot = table_of(it, t, cs, ce);
        if (slot == it->ntables) {
            if (it->ntables < ES_SQL_TABLES)
                it->ntables++;
            else
                slot = it->next_slot++ % ES_SQL_TABLES;
        }
        set_name(&tables[slot], t, cs, ce);
        size_t after = read_columns(t, k, len, 1, want, ctx, &tables[slot]);
        if (after != (size_t)-1)
            it->ct_pos = after;
    }
    size_t q = table_of(it, t, ns, ne);
    return q < it->ntables ? &tables[q] : NULL;
}

int es_sql_read(const struct es_scan_ctx *sc, const struct es_chunk *c, struct es_sql_iter *it,
                es_sql_want_fn want, es_sql_emit_fn emit, void *ctx, size_t *end)
{
    struct es_chunk_facts *f = sc ? sc->facts : NULL;
    size_t ins = es_sql_peek(sc, c, it);
    if (ins == (size_t)-1)
        return 0;
    const char *t = c->text;
    size_t len = c->len < SQL_SCAN_MAX ? c->len : SQL_SCAN_MAX;
    it->pos = ins + 6;
    size_t i = skip_ws(t, it->pos, len);
    if (find_ci(t, i, i + 4 < len ? i + 4 : len, "into") != i)
        return 0;
    i = skip_ws(t, i + 4, len);
    size_t ns, ne;
    size_t n = read_ident(t, i, len, &ns, &ne);
    if (n == (size_t)-1)
        return 0;
    i = skip_ws(t, n, len);
    struct es_sql_table cur;
    const struct es_sql_table *tb;
    if (i < len && t[i] == '(') {
        i = read_columns(t, i, len, 0, want, ctx, &cur);
        if (i == (size_t)-1)
            return 0;
        tb = &cur;
        i = skip_ws(t, i, len);
    } else {
        /* No column list: the CREATE TABLE of this table, read up to here. */
        tb = created(it, f ? &f->create : NULL, t, len, ins, ns, ne, want, ctx);
    }
    if (!tb)
        return 0;
    if (find_ci(t, i, i + 6 < len ? i + 6 : len, "values") != i)
        return 0;
    int any = 0;
    for (size_t q = 0; q < tb->ncol; q++)
        any |= tb->tag[q];
    if (!any)
        return 0;
    it->pos = read_values(t, i + 6, len, tb, emit, ctx);
    /* read_values() stops after the blanks that follow the list: the
     * statement ends before them (they may hold the next lines' breaks). */
    size_t e = it->pos;
    while (e > i && (t[e - 1] == ' ' || t[e - 1] == '\t' || t[e - 1] == '\n' || t[e - 1] == '\r'))
        e--;
    *end = e;
    return 1;
}

void es_sql_each(const struct es_scan_ctx *sc, const struct es_chunk *c, es_sql_want_fn want,
                 es_sql_emit_fn emit, void *ctx)
{
    struct es_sql_iter it;
    size_t end;
    es_sql_begin(&it);
    while (es_sql_peek(sc, c, &it) != (size_t)-1)
        es_sql_read(sc, c, &it, want, emit, ctx, &end);
}

/* Does "insert" (ASCII letters in either case) start at t[i]? x | 0x20
 * equals a lower-case letter only for that letter and its upper case. */
static int insert_at(const unsigned char *t, size_t i)
{
    static const char kw[] = "insert";
    for (size_t k = 0; k < sizeof kw - 1; k++)
        if ((t[i + k] | 0x20) != kw[k])
            return 0;
    return 1;
}

/* What the pass for the keyword has found: whether any (the answer of
 * es_sql_maybe()), and (kw not NULL) the starts find_ci() takes, into
 * find_kw()'s memo, so that es_sql_each() does not search the chunk for
 * them again. */
struct ins_note {
    struct es_sql_kw *kw;
    int any;
};

/* Note "insert" at t[k]; 0 once the pass may stop (any is all it is asked
 * for, or the memo is full: find_kw() searches on from its upto). */
static int note_insert(struct ins_note *nt, const unsigned char *t, size_t k)
{
    nt->any = 1;
    if (!nt->kw)
        return 0;
    /* A keyword, not the tail of an identifier (find_ci()). */
    if (k > 0 && (es_ascii_alpha(t[k - 1]) || t[k - 1] == '_'))
        return 1;
    nt->kw->at[nt->kw->n++] = k;
    nt->kw->upto = k + 6;   /* as kw_extend() leaves it: no start overlaps k */
    return nt->kw->n < ES_SQL_KW_MAX;
}

/* The pass from t[i] on, a byte at a time; 1 if it stopped early. */
static int insert_from(const unsigned char *t, size_t i, size_t len, struct ins_note *nt)
{
    for (; i + 6 <= len; i++)
        if (insert_at(t, i) && !note_insert(nt, t, i))
            return 1;
    return 0;
}

#ifdef SQL_AVX2
/* The pass over t[0, len): the pair "in" 64 positions at a time (one test
 * for both halves: most windows hold none), the rest at its passes. */
__attribute__((target("avx2"))) static int insert_avx2(const unsigned char *t, size_t len, struct ins_note *nt)
{
    size_t i = 0;
    for (; i + 65 <= len; i += 64) {
        __m256i m0 = pairs_avx2(t, i, 'i', 'n'), m1 = pairs_avx2(t, i + 32, 'i', 'n');
        __m256i any = _mm256_or_si256(m0, m1);
        if (_mm256_testz_si256(any, any))
            continue;
        uint64_t mask = (uint64_t)(uint32_t)_mm256_movemask_epi8(m0) |
                        (uint64_t)(uint32_t)_mm256_movemask_epi8(m1) << 32;
        for (; mask; mask &= mask - 1) {
            size_t k = i + (size_t)__builtin_ctzll(mask);
            if (k + 6 <= len && insert_at(t, k) && !note_insert(nt, t, k))
                return 1;
        }
    }
    return insert_from(t, i, len, nt);
}
#endif

/* kw: find_kw()'s memo of "insert" for this chunk, still empty, or NULL. */
static int sql_maybe(const struct es_chunk *c, struct es_sql_kw *kw)
{
    /* es_sql_each() starts each statement at the keyword INSERT found by
     * find_ci() in the same bytes: without one it calls nothing. */
    const unsigned char *t = (const unsigned char *)c->text;
    size_t len = c->len < SQL_SCAN_MAX ? c->len : SQL_SCAN_MAX;
    struct ins_note nt = {kw, 0};
    int stopped;
#ifdef SQL_AVX2
    if (es_cpu_avx2())
        stopped = insert_avx2(t, len, &nt);
    else
#endif
        stopped = insert_from(t, 0, len, &nt);
    if (kw && !stopped && len >= 6)
        kw->upto = len - 5;   /* every start up to len - 6 was looked at (kw_extend()) */
    return nt.any;
}

int es_sql_maybe(const struct es_scan_ctx *sc, const struct es_chunk *c)
{
    struct es_chunk_facts *f = sc ? sc->facts : NULL;
    if (!f)
        return sql_maybe(c, NULL);
    if (!f->sql_maybe) {
        /* The memo is filled by the same pass while no search has. */
        struct es_sql_kw *kw = f->insert.n == 0 && f->insert.upto == 0 ? &f->insert : NULL;
        f->sql_maybe = sql_maybe(c, kw) ? 2 : 1;
    }
    return f->sql_maybe == 2;
}

/* U+30FC KATAKANA-HIRAGANA PROLONGED SOUND MARK in UTF-8. */
static const char CHOON[3] = {'\xE3', '\x83', '\xBC'};

size_t es_kw_at(const char *text, size_t len, const char *kw, size_t kl)
{
    size_t i = 0, j = 0;
    while (j < kl) {
        if (i >= len)
            return 0;
        /* Normalisation turns ー into '-' (it stands for a dash in typed
         * numbers, 090ー1234ー5678), so コード arrives as コ-ド. */
        /* The lead byte first: most keyword bytes are not a ー. */
        if (kw[j] == CHOON[0] && j + 3 <= kl && memcmp(kw + j, CHOON, 3) == 0) {
            if (text[i] == '-') {
                i++;
                j += 3;
                continue;
            }
            if (i + 3 <= len && memcmp(text + i, CHOON, 3) == 0) {
                i += 3;
                j += 3;
                continue;
            }
            return 0;
        }
        if (lower((unsigned char)text[i]) != lower((unsigned char)kw[j]))
            return 0;
        i++;
        j++;
    }
    return i;
}

size_t es_kw_word_at(const char *text, size_t len, size_t i, const char *w, size_t wl)
{
    size_t m = es_kw_at(text + i, len - i, w, wl);
    if (m == 0)
        return 0;
    /* Boundaries matter only where the keyword itself starts or ends with
     * an ASCII letter ("vin" must not match "Kevin"; 車台番号 is a word). */
    if (i > 0 && es_ascii_alpha((unsigned char)w[0]) && es_ascii_alpha((unsigned char)text[i - 1]))
        return 0;
    if (i + m < len && es_ascii_alpha((unsigned char)w[wl - 1]) && es_ascii_alpha((unsigned char)text[i + m]))
        return 0;
    return m;
}

int es_kw_dash_lead(const char *kw, size_t kl)
{
    for (size_t j = 0; j < 3 && j + 3 <= kl; j++)
        if (memcmp(kw + j, CHOON, 3) == 0)
            return 1;
    return 0;
}

/* Bits of the pair set of es_ctx_has_word(): 512 bytes on the stack. */
#define PAIR_BITS 4096

/* Two bytes to 12 bits; pairs that collide only let more words through. */
static unsigned pair_hash(unsigned a, unsigned b)
{
    return (a * 67u + b) & (PAIR_BITS - 1);   /* 67: odd, spreads a over the high bits */
}

int es_ctx_has_word(const char *text, size_t len, const char *const *words)
{
    /* Which (folded) bytes the text holds, in one pass: a word whose first
     * byte is not among them is skipped without a pass of its own. */
    unsigned char in[256 / 8] = {0};   /* one bit per byte value */
    /* And which pairs of adjacent (folded) bytes, by pair_hash(): one bit each. */
    unsigned char in2[PAIR_BITS / 8] = {0};
    for (size_t i = 0; i < len; i++) {
        unsigned ch = (unsigned)lower((unsigned char)text[i]);
        in[ch >> 3] |= (unsigned char)(1u << (ch & 7));
        if (i + 1 < len) {
            unsigned h = pair_hash(ch, (unsigned)lower((unsigned char)text[i + 1]));
            in2[h >> 3] |= (unsigned char)(1u << (h & 7));
        }
    }
    int dash = (in['-' >> 3] >> ('-' & 7)) & 1;
    for (; *words; words++) {
        const char *w = *words;
        if (!w[0])
            continue;
        unsigned f0 = (unsigned)lower((unsigned char)w[0]);
        if (!((in[f0 >> 3] >> (f0 & 7)) & 1) && !(f0 == 0xE3 && dash))
            continue;   /* as the scan below would find: no position passes */
        /* The length only now: most words stop at the test above. */
        size_t wl = strlen(w);
        /* A match starts with the word's first two bytes as they are, unless
         * one of them begins a ー (which may stand as '-'). */
        int choon01 = (wl >= 3 && memcmp(w, CHOON, 3) == 0) || (wl >= 4 && memcmp(w + 1, CHOON, 3) == 0);
        if (wl >= 2 && !choon01) {
            unsigned h = pair_hash(f0, (unsigned)lower((unsigned char)w[1]));
            if (!((in2[h >> 3] >> (h & 7)) & 1))
                continue;
        }
        /* The first byte decides most positions without a call. */
        unsigned char w0 = (unsigned char)lower((unsigned char)w[0]);
        for (size_t i = 0; i < len; i++) {
            unsigned char ch = (unsigned char)lower((unsigned char)text[i]);
            if (ch != w0 && !(w0 == 0xE3 && ch == '-'))
                continue;
            if (es_kw_word_at(text, len, i, w, wl))
                return 1;
        }
    }
    return 0;
}

/* Columns of one table that a detector reads; more is not a real table. */
#define MAX_WANTED_COLUMNS 8

void es_column_each(const struct es_chunk *c, es_sql_want_fn want, es_sql_emit_fn emit, void *ctx)
{
    size_t col[MAX_WANTED_COLUMNS], nwant = 0;
    unsigned tag[MAX_WANTED_COLUMNS];
    if (!c->delim || !c->header)
        return;
    for (size_t i = 0; i < c->nheader && nwant < MAX_WANTED_COLUMNS; i++) {
        unsigned t = c->header[i] ? want(ctx, c->header[i], strlen(c->header[i])) : 0;
        if (t) {
            col[nwant] = i;
            tag[nwant++] = t;
        }
    }
    if (!nwant)
        return;
    /* col is ascending: a row is read up to the end of its last wanted
     * field, and the rest of a long row is skipped. */
    size_t last = col[nwant - 1];
    const char *t = c->text;
    for (size_t ls = 0; ls < c->owned;) {
        const char *nl = memchr(t + ls, '\n', c->len - ls);
        size_t le = nl ? (size_t)(nl - t) : c->len;
        size_t field = 0, fs = ls, w = 0;
        int quoted = 0;
        for (size_t i = ls; i <= le; i++) {
            if (i < le && t[i] == '"') {
                quoted = !quoted;
                continue;
            }
            if (i == le || (t[i] == c->delim && !quoted)) {
                if (col[w] == field)
                    emit(ctx, tag[w++], fs, i);
                if (field == last)
                    break;
                field++;
                fs = i + 1;
            }
        }
        ls = le + 1;
    }
}
