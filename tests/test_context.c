/*
 * Keyword search helpers of detectors/context.c and the prefilter of
 * detectors/pcre.c: es_kwset_has() must answer exactly as es_ctx_has()
 * (ASCII case folded, a keyword's ー matching '-'), on short and long texts;
 * es_re_try_line() after a match limit; the prefilter scans (es_pf_next,
 * es_pf_next_wide, es_pf_cursor_next, es_litscan_next)
 * and the byte-class masks against plain references from every start.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "detectors/detector.h"

static const char *const words[] = {"address", "住所", "コード", "ーム", "e-mail", "ID", NULL};

/* A text of up to n pieces drawn at random from pieces[0, npieces), as
 * many as fit in cap (with a NUL). */
static size_t pieces_text(char *out, size_t cap, const char *const *pieces, size_t npieces, unsigned *seed, size_t n)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        *seed = *seed * 1103515245u + 12345u;
        const char *p = pieces[(*seed >> 16) % npieces];
        size_t l = strlen(p);
        if (o + l >= cap)
            break;
        memcpy(out + o, p, l);
        o += l;
    }
    out[o] = '\0';
    return o;
}

/* A text of n pieces drawn from an alphabet that holds the keywords' bytes,
 * their other cases, '-' for ー, near misses and filler. */
static size_t make_text(char *out, size_t cap, unsigned *seed, size_t n)
{
    static const char *const pieces[] = {"a", "A", "ddress", "DDRESS", "住", "所", "コ", "-", "ド",
                                         "ー", "ム", "e", "mail", "I", "d", "x", " ", "\n", "漢",
                                         "\xE3\x83", "z"};
    return pieces_text(out, cap, pieces, sizeof pieces / sizeof *pieces, seed, n);
}

/* An es_kwset of wl (with words: es_kwset_init_words()) answers as
 * es_ctx_has() (es_ctx_has_word()) on random texts of min_len to
 * min_len + spread - 1 bytes, and both answers occur. */
static void kwset_agrees(const char *const *wl, int words, size_t min_len, size_t spread, unsigned seed)
{
    struct es_kwset *ks = malloc(sizeof *ks);
    assert_non_null(ks);
    if (words)
        es_kwset_init_words(ks, wl);
    else
        es_kwset_init(ks, wl);
    size_t yes = 0, no = 0;
    char text[4096];
    for (int round = 0; round < 4000; round++) {
        size_t n = make_text(text, sizeof text, &seed, min_len + (size_t)round % spread);
        int want = words ? es_ctx_has_word(text, n, wl) : es_ctx_has(text, n, wl);
        assert_int_equal(es_kwset_has(ks, text, n), want);
        yes += want != 0;
        no += want == 0;
    }
    assert_true(yes > 100 && no > 100);
    free(ks);
}

static void test_kwset_agrees_with_ctx_has(void **state)
{
    (void)state;
    kwset_agrees(words, 0, 4, 300, 7);   /* long texts too */
}

/* es_kwset_init_words(): the same answer as es_ctx_has_word(), with words
 * that start or end with a letter (and so must not touch one) and words
 * that do not. */
static void test_kwset_words(void **state)
{
    (void)state;
    static const char *const wl[] = {"mail", "address", "住所", "ーム", "e-", "-id", "id", "コード", NULL};
    kwset_agrees(wl, 1, 2, 150, 5);
}

/* es_kw_word_at(): es_kw_at() at i, with the word rule at either end. */
static void test_kw_word_at(void **state)
{
    (void)state;
    static const char t[] = "Kevin vin_x コ-ド";
    size_t n = sizeof t - 1;
    assert_int_equal(es_kw_word_at(t, n, 2, "vin", 3), 0);   /* a letter before */
    assert_int_equal(es_kw_word_at(t, n, 6, "VIN", 3), 3);   /* '_' is no letter */
    assert_int_equal(es_kw_word_at(t, n, 6, "vi", 2), 0);    /* a letter after */
    assert_int_equal(es_kw_word_at(t, n, 7, "in", 2), 0);
    assert_int_equal(es_kw_word_at(t, n, 0, "kevin", 5), 5);   /* at the text's start */
    assert_int_equal(es_kw_word_at(t, n, 12, "コード", 9), 7);  /* ー as '-' */
    assert_int_equal(es_kw_word_at(t, n, 12, "コ", 3), 3);     /* not a letter: no rule */
    assert_int_equal(es_kw_word_at(t, 3, 0, "kev", 3), 3);     /* at the text's end */
    for (unsigned ch = 0; ch < 256; ch++)
        assert_int_equal(es_ascii_alpha((unsigned char)ch), (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z'));
}

/* es_kw_dash_lead(): a ー starting at byte 0, 1 or 2, and whole. */
static void test_kw_dash_lead(void **state)
{
    (void)state;
    assert_true(es_kw_dash_lead("ーム", 6));
    assert_true(es_kw_dash_lead("eー", 4));
    assert_true(es_kw_dash_lead("abー", 5));
    assert_false(es_kw_dash_lead("abcー", 6));   /* starts at byte 3 */
    assert_false(es_kw_dash_lead("コード", 9));  /* at byte 3 too */
    assert_false(es_kw_dash_lead("ーム", 2));    /* cut short */
    assert_false(es_kw_dash_lead("-id", 3));
}

static void test_kwset_cases(void **state)
{
    (void)state;
    struct es_kwset *ks = malloc(sizeof *ks);
    assert_non_null(ks);
    es_kwset_init(ks, words);
    char text[200];
    memset(text, '.', sizeof text);
    /* A keyword at the very end of a long text. */
    memcpy(text + sizeof text - 7, "ADDRESS", 7);
    assert_true(es_kwset_has(ks, text, sizeof text));
    assert_false(es_kwset_has(ks, text, sizeof text - 1));
    /* ーム written with the '-' that normalisation makes of ー. */
    memset(text, '.', sizeof text);
    memcpy(text + 100, "-ム", 4);
    assert_true(es_kwset_has(ks, text, sizeof text));
    memcpy(text + 100, "-ミ", 4);
    assert_false(es_kwset_has(ks, text, sizeof text));
    free(ks);
}

static void test_kwset_one_byte_keyword(void **state)
{
    (void)state;
    static const char *const one[] = {"ab", "#", NULL};
    struct es_kwset *ks = malloc(sizeof *ks);
    assert_non_null(ks);
    es_kwset_init(ks, one);
    char text[100];
    memset(text, '.', sizeof text);
    text[sizeof text - 1] = '#';   /* the last byte, which the prefilter never offers */
    assert_true(es_kwset_has(ks, text, sizeof text));
    text[sizeof text - 1] = '.';
    assert_false(es_kwset_has(ks, text, sizeof text));
    free(ks);
}

/* es_pf_next() never skips a position where a literal starts. */
static void test_prefilter_keeps_every_start(void **state)
{
    (void)state;
    static const char *const lits[] = {"-ku", "Ward", "県", "ab", NULL};
    struct es_prefilter *pf = malloc(sizeof *pf);
    assert_non_null(pf);
    es_pf_init(pf, lits);
    unsigned seed = 11;
    char text[4096];
    for (int round = 0; round < 500; round++) {
        size_t n = make_text(text, sizeof text, &seed, 50 + (size_t)round);
        /* Plant literals at known places. */
        size_t at[3] = {n / 5, n / 2, n - 4};
        memcpy(text + at[0], "-ku", 3);
        memcpy(text + at[1], "ward", 4);
        memcpy(text + at[2], "県", 3);
        size_t k = 0;
        for (size_t p = es_pf_next(pf, text, n, 0); p < n && k < 3; p = es_pf_next(pf, text, n, p + 1))
            if (p == at[k])
                k++;
        assert_int_equal(k, 3);
    }
    free(pf);
}

/* es_ctx_before() looks back at most max bytes: its window must be the one
 * a walk to the line start gives, cut to max bytes and moved off a UTF-8
 * continuation byte (es_ctx_before_from() given that start; es_ctx_after()
 * and es_ctx_after_to() likewise forward); for every offset, lines shorter and longer than max,
 * one starting exactly max before, and cuts inside UTF-8 sequences. */
static size_t before_by_line(const struct es_chunk *c, size_t off, size_t max, const char **p)
{
    if (off > c->len)
        off = c->len;
    size_t s = off;
    while (s > 0 && c->text[s - 1] != '\n')
        s--;
    if (off - s > max) {
        s = off - max;
        while (s < off && ((unsigned char)c->text[s] & 0xC0) == 0x80)
            s++;
    }
    *p = c->text + s;
    return off - s;
}

static void test_ctx_before_window(void **state)
{
    (void)state;
    static const char text[] = "VIN \xe8\xbb\x8a\xe5\x8f\xb0 abc\n\nx\n"
                               "\xe8\xbb\x8a\xe5\x8f\xb0\xe7\x95\xaa\xe5\x8f\xb7 JTDKB20U193512345 "
                               "long line without a break, long line without a break\nend";
    struct es_chunk c;
    memset(&c, 0, sizeof c);
    c.text = text;
    c.len = sizeof text - 1;
    c.owned = c.len;
    for (size_t max = 0; max < 40; max++)
        for (size_t off = 0; off <= c.len + 1; off++) {
            const char *p1, *p2;
            size_t n1 = es_ctx_before(&c, off, max, &p1), n2 = before_by_line(&c, off, max, &p2);
            assert_int_equal(n1, n2);
            assert_true(p1 == p2);
            /* es_ctx_before_from() with the line's true start cuts the same. */
            size_t o = off > c.len ? c.len : off, ls = o;
            while (ls > 0 && text[ls - 1] != '\n')
                ls--;
            assert_int_equal(es_ctx_before_from(&c, ls, o, max), (size_t)(p2 - text));
            /* es_ctx_after_to() with the line's true end, as es_ctx_after(). */
            size_t le = o;
            while (le < c.len && text[le] != '\n')
                le++;
            n1 = es_ctx_after(&c, off, max, &p1);
            assert_true(p1 == text + o);
            assert_int_equal(es_ctx_after_to(&c, le, o, max), o + n1);
            /* The window: the line cut to max bytes, not inside UTF-8. */
            assert_true(n1 <= max && o + n1 <= le);
            assert_true(o + n1 == le || n1 == 0 || ((unsigned char)text[o + n1] & 0xC0) != 0x80);
        }
}

/* es_ctx_key(): the key before a value on its own line only (a key at the
 * end of the line before is not taken), on a line that starts the chunk, and
 * on a line longer than the 4096 bytes searched back (the key right before
 * the value is found, the line start is not needed). */
static void test_ctx_key_line(void **state)
{
    (void)state;
    static const char text[] = "imei: 1\nvin=JTD\n\"x\": \"y\"\n:\n";
    struct es_chunk c;
    memset(&c, 0, sizeof c);
    c.text = text;
    c.len = sizeof text - 1;
    c.owned = c.len;
    const char *k = NULL;
    assert_int_equal(es_ctx_key(&c, 6, &k), 4);
    assert_memory_equal(k, "imei", 4);
    assert_int_equal(es_ctx_key(&c, 12, &k), 3);
    assert_memory_equal(k, "vin", 3);
    assert_int_equal(es_ctx_key(&c, 22, &k), 1);
    assert_memory_equal(k, "x", 1);
    /* ":" alone on its line: a separator but no key; the line before is not read. */
    assert_int_equal(es_ctx_key(&c, 26, &k), 0);
    /* At a line start: nothing before it. */
    assert_int_equal(es_ctx_key(&c, 8, &k), 0);

    size_t n = 10000;
    char *big = malloc(n);
    assert_non_null(big);
    memset(big, 'a', n);
    memcpy(big + n - 8, ";vin: ", 6);
    c.text = big;
    c.len = c.owned = n;
    assert_int_equal(es_ctx_key(&c, n - 2, &k), 3);
    assert_true(k == big + n - 7);
    /* The word before the separator, cut at 48 bytes (a key longer is prose). */
    memset(big + n - 8, 'a', 6);
    memcpy(big + n - 3, "=", 1);
    assert_int_equal(es_ctx_key(&c, n - 2, &k), 48);
    free(big);
}

/* es_sql_each(): quoted values of every length around the 16-byte steps of
 * the value reader, with '' and \' inside and a backslash as the last byte
 * of the chunk, against the values as written. */
static unsigned sql_want_all(void *ctx, const char *name, size_t len)
{
    (void)ctx;
    return len == 1 && name[0] == 'b' ? 2u : 0u;
}

struct sql_got {
    size_t s[8], e[8], n;
};

static void sql_emit_got(void *ctx, unsigned tag, size_t s, size_t e)
{
    struct sql_got *g = ctx;
    assert_int_equal(tag, 2);
    if (g->n < 8) {
        g->s[g->n] = s;
        g->e[g->n] = e;
    }
    g->n++;
}

static void test_sql_values(void **state)
{
    (void)state;
    char text[256];
    struct es_chunk c;
    for (size_t vl = 0; vl < 40; vl++) {
        for (int kind = 0; kind < 3; kind++) {
            /* The value: vl bytes of 'x', with '' or \' at its middle. */
            char v[64];
            memset(v, 'x', vl);
            size_t n = vl;
            if (kind && vl >= 3) {
                v[vl / 2] = kind == 1 ? '\'' : '\\';
                v[vl / 2 + 1] = '\'';
            }
            static const char head[] = "INSERT INTO t (a, b) VALUES ('1', '";
            size_t o = 0;
            memcpy(text + o, head, sizeof head - 1);
            o += sizeof head - 1;
            size_t vs = o;
            memcpy(text + o, v, n);
            o += n;
            memcpy(text + o, "'), ('2', 'y');\n", 16);
            o += 16;
            memset(&c, 0, sizeof c);
            c.text = text;
            c.len = c.owned = o;
            struct sql_got g = {{0}, {0}, 0};
            es_sql_each(NULL, &c, sql_want_all, sql_emit_got, &g);
            assert_int_equal(g.n, vl ? 2 : 1);   /* an empty value is not emitted */
            if (vl) {
                assert_int_equal(g.s[0], vs);
                assert_int_equal(g.e[0], vs + n);
            }
            assert_memory_equal(text + g.s[g.n - 1], "y", 1);
        }
    }
    /* A value cut by the chunk's end, ending in a backslash: read to the end. */
    static const char cut[] = "INSERT INTO t (a, b) VALUES ('1', 'abcdefghijklmnopqrstu\\";
    memset(&c, 0, sizeof c);
    c.text = cut;
    c.len = c.owned = sizeof cut - 1;
    struct sql_got g = {{0}, {0}, 0};
    es_sql_each(NULL, &c, sql_want_all, sql_emit_got, &g);
    assert_int_equal(g.n, 1);
    assert_int_equal(g.e[0], c.len);
}

/* Unquoted values that are function calls, with brackets, commas and quotes
 * inside: the values after them keep their columns. Stopping at the first
 * ')' ended the row inside NOW() and lost the rest. An unclosed bracket
 * ends with its line, so the next statement is read. */
static void test_sql_function_values(void **state)
{
    (void)state;
    static const char text[] =
        "INSERT INTO t (a, b) VALUES (NOW(), 'y'), (CONCAT('p,q', ')', LOWER(x)), 'z'), "
        "(X'00', 'w');\n"
        "INSERT INTO t (a, b) VALUES (f(1, 'u');\n"
        "INSERT INTO t (a, b) VALUES (1, 'v');\n";
    struct es_chunk c;
    memset(&c, 0, sizeof c);
    c.text = text;
    c.len = c.owned = sizeof text - 1;
    struct sql_got g = {{0}, {0}, 0};
    es_sql_each(NULL, &c, sql_want_all, sql_emit_got, &g);
    static const char *const want[] = {"y", "z", "w", "v"};
    assert_int_equal(g.n, 4);
    for (size_t k = 0; k < 4; k++) {
        assert_int_equal(g.e[k] - g.s[k], 1);
        assert_memory_equal(text + g.s[k], want[k], 1);
    }
}

/* es_sql_each() with chunk facts: the keyword memo shared by several
 * detectors (here several column choices, one that reads no values, in
 * turn) gives each exactly what a search of its own finds, past the memo's
 * room too (more INSERTs than ES_SQL_KW_MAX), with CREATE TABLEs, INSERTs
 * without a column list and keywords inside quoted values. */
struct sql_sum {
    char col;              /* the column wanted */
    size_t n;
    uint64_t h;            /* of every (tag, start, end) in order */
};

static unsigned sql_want_col(void *ctx, const char *name, size_t len)
{
    const struct sql_sum *g = ctx;
    return len == 1 && name[0] == g->col ? 1u : 0u;
}

static void sql_emit_sum(void *ctx, unsigned tag, size_t s, size_t e)
{
    struct sql_sum *g = ctx;
    g->n++;
    g->h = (g->h * 1000003u) ^ (tag + 7 * s + 131 * e);   /* an order-sensitive mix */
}

static void test_sql_facts(void **state)
{
    (void)state;
    size_t cap = 400000, o = 0;
    char *text = malloc(cap);
    assert_non_null(text);
    static const char *const parts[] = {
        "create table u (a int, b text);\n",
        "INSERT INTO u VALUES ('1', 'insert into u values (''x'', ''create table'')');\n",
        "insert into t (a, b) VALUES ('2', 'b2'), ('3', 'b3');\n",
        "some prose about inserting and creating, insert not a statement\n",
        "CREATE TABLE IF NOT EXISTS t (b text, a text);\n",
        "Insert Into t Values ('c4', 'd4');\n",
        "insert into u values (5, 'b5');\n",
        "create table u (b text, a int);\n",   /* u's columns swap from here on */
        "x insert\tinsert into u values ('6', 'b6');\n",
        "bulk_insert into u values ('7', 'b7'); reinsert into u values ('8', 'b8');\n",
    };
    size_t np = sizeof parts / sizeof parts[0];
    for (size_t k = 0; o + 128 < cap; k++) {
        const char *p = parts[k % np];
        size_t n = strlen(p);
        memcpy(text + o, p, n);
        o += n;
    }
    struct es_chunk c;
    memset(&c, 0, sizeof c);
    c.text = text;
    c.len = c.owned = o;
    static struct es_chunk_facts facts;
    es_chunk_facts_reset(&facts);
    struct es_scan_ctx sc;
    memset(&sc, 0, sizeof sc);
    sc.facts = &facts;
    static const char cols[] = "zbaxb";   /* z and x: columns no table has */
    /* The memo filled by the searches, then by es_sql_maybe()'s pass
     * (which notes the keyword starts as it goes: full at once). */
    for (int by_pass = 0; by_pass < 2; by_pass++) {
        es_chunk_facts_reset(&facts);
        if (by_pass) {
            assert_true(es_sql_maybe(&sc, &c));
            assert_int_equal(facts.insert.n, ES_SQL_KW_MAX);
        }
        for (size_t k = 0; cols[k]; k++) {
            struct sql_sum own = {cols[k], 0, 0}, shared = {cols[k], 0, 0};
            es_sql_each(NULL, &c, sql_want_col, sql_emit_sum, &own);
            es_sql_each(&sc, &c, sql_want_col, sql_emit_sum, &shared);
            assert_int_equal(own.n, shared.n);
            assert_true(own.h == shared.h);
            if (cols[k] == 'a' || cols[k] == 'b')
                assert_true(own.n > 2 * ES_SQL_KW_MAX);
        }
        assert_true(facts.insert.n == ES_SQL_KW_MAX && facts.create.n > 0);
        assert_true(es_sql_maybe(&sc, &c));
    }
    /* A chunk shorter than the memo's room: the pass leaves every start
     * in it, and the statements read are those a search finds. */
    es_chunk_facts_reset(&facts);
    c.len = c.owned = 3000;
    assert_true(es_sql_maybe(&sc, &c));
    assert_true(facts.insert.n > 10 && facts.insert.n < ES_SQL_KW_MAX);
    for (size_t k = 0; cols[k]; k++) {
        struct sql_sum own = {cols[k], 0, 0}, shared = {cols[k], 0, 0};
        es_sql_each(NULL, &c, sql_want_col, sql_emit_sum, &own);
        es_sql_each(&sc, &c, sql_want_col, sql_emit_sum, &shared);
        assert_int_equal(own.n, shared.n);
        assert_true(own.h == shared.h);
    }
    /* No INSERT: es_sql_maybe() remembers it, and es_sql_each() finds nothing. */
    es_chunk_facts_reset(&facts);
    memcpy(text, "create table u (a, b); values ('1')\n", 36);
    c.len = c.owned = 36;
    assert_false(es_sql_maybe(&sc, &c));
    struct sql_sum none = {'a', 0, 0};
    es_sql_each(&sc, &c, sql_want_col, sql_emit_sum, &none);
    assert_int_equal(none.n, 0);
    free(text);
}

/* es_re_try_line(): a match, no match, and a match limit, which gives up
 * on the rest of the line (the position moves to its '\n') or, on the last
 * line, on the text. */
static void test_re_try_line(void **state)
{
    (void)state;
    char err[128];
    /* Nested alternatives over a run of a's with no b: exponential
     * backtracking, so a small match limit is reached. */
    pcre2_code *re = es_re_compile("(?:a|aa)+b", PCRE2_ANCHORED, err, sizeof err);
    assert_non_null(re);
    pcre2_match_data *md = pcre2_match_data_create(8, NULL);
    pcre2_match_context *mctx = pcre2_match_context_create(NULL);
    assert_non_null(md);
    assert_non_null(mctx);
    pcre2_set_match_limit(mctx, 1000);
    struct es_scan_ctx sc = {.md = md, .mctx = mctx};
    size_t ms, me, at = 0;
    const char ok[] = "aab x";
    assert_int_equal(es_re_try_line(&sc, re, ok, strlen(ok), &at, &ms, &me), 1);
    assert_int_equal(ms, 0);
    assert_int_equal(me, 3);
    at = 4;
    assert_int_equal(es_re_try_line(&sc, re, ok, strlen(ok), &at, &ms, &me), 0);
    assert_int_equal(at, 4);   /* no match: the position stays */
    const char slow[] = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\naab";
    at = 0;
    assert_int_equal(es_re_try_line(&sc, re, slow, strlen(slow), &at, &ms, &me), 0);
    assert_int_equal(at, 30);   /* the limit: on from the line's '\n' */
    /* The same on the last line (a b after the run, or PCRE2 would know
     * at once that no b is there): nothing is left. */
    const char last[] = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa b";
    at = 0;
    assert_int_equal(es_re_try_line(&sc, re, last, strlen(last), &at, &ms, &me), -1);
    pcre2_match_context_free(mctx);
    pcre2_match_data_free(md);
    pcre2_code_free(re);
}

/* A literal test written plainly: some literal's bytes at text[at] before
 * len, ASCII letters in either case. */
static int ref_lits_at(const char *const *lits, const char *text, size_t len, size_t at)
{
    for (const char *const *l = lits; *l; l++) {
        size_t n = strlen(*l), i = 0;
        while (i < n && at + i < len) {
            unsigned char t = (unsigned char)text[at + i], w = (unsigned char)(*l)[i];
            int letter = (w | 0x20) >= 'a' && (w | 0x20) <= 'z';
            if (t != w && !(letter && (t | 0x20) == (w | 0x20)))
                break;
            i++;
        }
        if (i == n)
            return 1;
    }
    return 0;
}

/* Does text byte c fit literal byte w (an ASCII letter in either case)? */
static int ref_fits(unsigned char w, unsigned char c)
{
    int letter = (w | 0x20) >= 'a' && (w | 0x20) <= 'z';
    return c == w || (letter && (c | 0x20) == (w | 0x20));
}

/* The prefilter's pair-table test written plainly: pass[i] is 1 if
 * text[i, i + 2) are some literal's first two bytes and text[i + 1, i + 3)
 * some literal's second and third (any third byte after a 2-byte
 * literal's second; none needed at the end of the text). The vector steps
 * also ask that a position's three bytes share a bucket of literals, so
 * where they judge a position a pass is a pass here but not always the
 * other way: a scan's answer r from `from` is bounded by check_next(). */
static void ref_passes(const char *const *lits, const char *text, size_t len, unsigned char *pass)
{
    const unsigned char *t = (const unsigned char *)text;
    for (size_t i = 0; i < len; i++) {
        int head = 0, tail = i + 2 >= len;
        for (const char *const *l = lits; *l && i + 1 < len; l++) {
            const unsigned char *w = (const unsigned char *)*l;
            head |= ref_fits(w[0], t[i]) && ref_fits(w[1], t[i + 1]);
            tail |= i + 2 < len && ref_fits(w[1], t[i + 1]) && (!w[2] || ref_fits(w[2], t[i + 2]));
        }
        pass[i] = (unsigned char)(head && tail);
    }
}

/* r, a scan's next pass from `from`, is len or a pass of the table test,
 * and no literal starts in text[from, r) (a scan never skips one). */
static void check_next(const char *const *lits, const unsigned char *pass, const char *text, size_t len,
                       size_t from, size_t r)
{
    assert_true(r >= from && r <= len);
    assert_true(r == len || pass[r]);
    for (size_t i = from; i < r; i++)
        assert_false(ref_lits_at(lits, text, len, i));
}

/* es_pf_next_wide() gives es_pf_next()'s answer from every start, across
 * 16- and 32-byte steps, near the end and with CJK and 2-byte literals;
 * both within the bounds of a plain test (check_next(): on a machine
 * without AVX2 both run the same code). */
static void test_pf_wide(void **state)
{
    (void)state;
    static const char *const lits[] = {"lat", "lon", "緯度", "no", NULL};
    static const char *const pieces[] = {"Lat", "xlo", "ln", "緯", "度", " ", "n", "LON", "q", "nO"};
    struct es_prefilter pf;
    es_pf_init(&pf, lits);
    char text[300];
    unsigned char pass[300];
    unsigned seed = 12345;
    size_t n = pieces_text(text, sizeof text, pieces, sizeof pieces / sizeof *pieces, &seed, SIZE_MAX);
    for (size_t len = n - 40; len <= n; len += 13) {
        ref_passes(lits, text, len, pass);
        for (size_t from = 0; from <= len; from++) {
            size_t r = es_pf_next(&pf, text, len, from);
            check_next(lits, pass, text, len, from, r);
            assert_int_equal(es_pf_next_wide(&pf, text, len, from), r);
        }
    }
}

/* es_pf_next_start() returns every literal start in turn and only passes of
 * the table test (check_next()), from every start of texts of 0 to 70
 * bytes (the last fewer than 34 bytes are one step on a padded copy) and
 * of the last bytes of a longer one; never a later position than
 * es_pf_next(), and the same one where 34 bytes or more are left after
 * it; a 2-byte literal at the very end included. */
static void test_pf_next_start(void **state)
{
    (void)state;
    static const char *const lits[] = {"veh", "reg", "車両", "ナビ", "no", NULL};
    static const char *const pieces[] = {"Veh", "xre", "rg", "車", "両", " ", "n", "REG", "q", "nO", "ナ", "ビ", "no"};
    struct es_prefilter pf;
    es_pf_init(&pf, lits);
    char text[300];
    unsigned char pass[300];
    unsigned seed = 777;
    size_t n = pieces_text(text, sizeof text, pieces, sizeof pieces / sizeof *pieces, &seed, SIZE_MAX);
    size_t found = 0, ends = 0;
    for (size_t off = 0; off + 70 <= n; off += 23) {
        const char *t = text + off;
        for (size_t len = 0; len <= 70; len++) {
            ref_passes(lits, t, len, pass);
            for (size_t from = 0; from <= len; from++) {
                size_t r = es_pf_next_start(&pf, t, len, from), q = es_pf_next(&pf, t, len, from);
                check_next(lits, pass, t, len, from, r);
                assert_true(r >= q);
                if (q + 34 <= len)
                    assert_int_equal(r, q);
                found += r < len;
                ends += r + 2 == len;
            }
        }
    }
    for (size_t len = n - 40; len <= n; len++) {
        ref_passes(lits, text, len, pass);
        for (size_t from = len - 60; from <= len; from++)
            check_next(lits, pass, text, len, from, es_pf_next_start(&pf, text, len, from));
    }
    assert_true(found > 1000 && ends > 10);
}

/* es_pf_cursor_next() from a fresh cursor gives es_pf_next_wide()'s first
 * pass p, and then, from the block it keeps, exactly the passes es_pf_next()
 * finds in the 64 positions from p, each a pass of the plain table test,
 * none skipping a literal: from every start, near the end (the scalar
 * path) and far from it (AVX2), with CJK and 2-byte literals. */
static void test_pf_cursor_block(void **state)
{
    (void)state;
    static const char *const lits[] = {"veh", "reg", "車両", "ナビ", "no", NULL};
    static const char *const pieces[] = {"Veh", "xre", "rg", "車", "両", " ", "n", "REG", "q", "nO", "ナ", "ビ"};
    struct es_prefilter pf;
    es_pf_init(&pf, lits);
    char text[400];
    unsigned char pass[400];
    unsigned seed = 4242;
    size_t n = pieces_text(text, sizeof text, pieces, sizeof pieces / sizeof *pieces, &seed, SIZE_MAX);
    for (size_t len = n - 120; len <= n; len += 17) {
        ref_passes(lits, text, len, pass);
        for (size_t from = 0; from <= len; from++) {
            struct es_pf_cursor cur = {0, 0, 0};
            size_t p = es_pf_cursor_next(&pf, &cur, text, len, from);
            assert_int_equal(p, es_pf_next_wide(&pf, text, len, from));
            check_next(lits, pass, text, len, from, p);
            for (size_t k = 1; k < 64 && p + k < len; k++) {
                size_t q = es_pf_cursor_next(&pf, &cur, text, len, p + k);
                assert_int_equal(q, es_pf_next(&pf, text, len, p + k));
                check_next(lits, pass, text, len, p + k, q);
            }
        }
    }
}

/* es_lits_at() against ref_lits_at(): literals shorter and longer than
 * the 8 bytes compared as a word, ASCII case, CJK, at every position of
 * texts cut near a literal's end (where fewer than 8 bytes are left). */
static void test_lits_at(void **state)
{
    (void)state;
    static const char *const lits[] = {"veh n", "vehiclen", "vehicle_n", "no.", "登録番号", "自動車登録番号",
                                       "ナンバ", "reg", "NUMBER", "a", NULL};
    static const char *const pieces[] = {"VEH", "veh", "icle", "ICLE", " n", "_N", "n", "no", ".", "登録", "番号",
                                         "自動車", "ナン", "バ", "re", "G", "numb", "ER", "er", "A", "x", " ", "[", "{"};
    struct es_literals l;
    assert_true(es_lits_init(&l, lits));
    char text[500];
    unsigned seed = 31337;
    size_t n = pieces_text(text, sizeof text, pieces, sizeof pieces / sizeof *pieces, &seed, SIZE_MAX);
    size_t yes = 0;
    for (size_t len = n - 30; len <= n; len++)
        for (size_t at = 0; at <= len; at++) {
            int want = ref_lits_at(lits, text, len, at);
            yes += (size_t)want;
            assert_int_equal(es_lits_at(&l, text, len, at), want);
        }
    assert_true(yes > 100);
}

/* es_pf_cursor_next() gives es_pf_next()'s answer (within check_next()'s
 * bounds) for a walk through the passes (from + 1 after each), for steps
 * forward within and past a block and for steps back, near the end and far
 * from it. */
static void test_pf_cursor(void **state)
{
    (void)state;
    static const char *const lits[] = {"veh", "reg", "車両", "ナビ", "no", NULL};
    static const char *const pieces[] = {"Veh", "xre", "rg", "車", "両", " ", "n", "REG", "q", "nO", "ナ", "ビ",
                                         "                                "};
    struct es_prefilter pf;
    es_pf_init(&pf, lits);
    char text[600];
    unsigned char pass[600];
    unsigned seed = 99;
    size_t n = pieces_text(text, sizeof text, pieces, sizeof pieces / sizeof *pieces, &seed, SIZE_MAX);
    for (size_t len = n - 100; len <= n; len += 25) {
        struct es_pf_cursor cur = {0, 0, 0};
        ref_passes(lits, text, len, pass);
        size_t from = 0;
        for (size_t p = es_pf_cursor_next(&pf, &cur, text, len, 0), q = es_pf_next(&pf, text, len, 0);;) {
            assert_int_equal(p, q);
            check_next(lits, pass, text, len, from, p);
            from = p + 1;
            if (p >= len)
                break;
            p = es_pf_cursor_next(&pf, &cur, text, len, p + 1);
            q = es_pf_next(&pf, text, len, q + 1);
        }
        /* Any order of starts. */
        for (int k = 0; k < 2000; k++) {
            seed = seed * 1103515245u + 12345u;
            size_t at = (seed >> 8) % (len + 70);
            size_t r = es_pf_cursor_next(&pf, &cur, text, len, at);
            assert_int_equal(r, at >= len ? len : es_pf_next(&pf, text, len, at));
            if (at <= len)
                check_next(lits, pass, text, len, at, r);
        }
    }
}

/* es_litscan_next() gives the first position es_pf_next() and es_lits_at()
 * both pass, a whole literal (ref_lits_at()) with none skipped before it, from every start: common CJK characters that start a literal
 * (お, 車), literals of 3 to 15 bytes, ASCII case, across the 32-byte steps
 * and near the end (where fewer than 37 bytes are left). */
static void test_litscan(void **state)
{
    (void)state;
    static const char *const prefixes[] = {"cu", "acc", "お客", "車載", "ナビ", NULL};
    static const char *const lits[] = {"cust", "acc", "お客", "車載", "ナビid", "契約者番号", NULL};
    static const char *const pieces[] = {"CuSt", "cu", "お", "客", "お客", "車", "載", "ナビ", "ID", "id",
                                         "Acc", "x", " ", "契約者番号", "ナ", "c"};
    struct es_prefilter pf;
    struct es_literals l;
    struct es_litscan ls;
    es_pf_init(&pf, prefixes);
    assert_true(es_lits_init(&l, lits));
    es_litscan_init(&ls, &pf, &l);
    char text[400];
    unsigned char pass[400];
    unsigned seed = 777;
    size_t n = pieces_text(text, sizeof text, pieces, sizeof pieces / sizeof *pieces, &seed, SIZE_MAX);
    for (size_t len = n - 60; len <= n; len += 7) {
        ref_passes(prefixes, text, len, pass);
        for (size_t from = 0; from <= len; from++) {
            size_t want = es_pf_next(&pf, text, len, from);
            while (want < len && !es_lits_at(&l, text, len, want))
                want = es_pf_next(&pf, text, len, want + 1);
            /* A table pass and a whole literal, none skipped before it. */
            assert_true(want == len || (pass[want] && ref_lits_at(lits, text, len, want)));
            for (size_t i = from; i < want; i++)
                assert_false(ref_lits_at(prefixes, text, len, i) && ref_lits_at(lits, text, len, i));
            assert_int_equal(es_litscan_next(&ls, text, len, from), want);
        }
    }
    /* A refused literal list: the prefilter alone decides. */
    static const char *const empty[] = {"", NULL};
    assert_false(es_lits_init(&l, empty));
    es_litscan_init(&ls, &pf, &l);
    for (size_t from = 0; from <= n; from += 3)
        assert_int_equal(es_litscan_next(&ls, text, n, from), es_pf_next(&pf, text, n, from));
}

/* es_digit_bits(), es_alnum_bits(), es_upper_bits() and es_either_bits()
 * against a byte-by-byte test: every byte value (the bytes next to each
 * range, and the upper half, which a signed compare could take for small),
 * at every window start of a text, so that whole windows (AVX2), 16-byte
 * steps and the bytewise tail near the end are all compared. */
static void test_class_bits(void **state)
{
    (void)state;
    unsigned char text[700];
    unsigned seed = 2024;
    for (size_t i = 0; i < sizeof text; i++) {
        seed = seed * 1103515245u + 12345u;
        text[i] = i < 256 ? (unsigned char)i : (unsigned char)(seed >> 16);
    }
    const char *t = (const char *)text;
    for (size_t len = sizeof text - 80; len <= sizeof text; len += 40)
        for (size_t at = 0; at <= len; at++) {
            uint64_t d = 0, a = 0, u = 0, e = 0;
            for (size_t k = 0; k < 64 && at + k < len; k++) {
                unsigned char ch = text[at + k];
                int digit = ch >= '0' && ch <= '9', upper = ch >= 'A' && ch <= 'Z', lower = ch >= 'a' && ch <= 'z';
                d |= (uint64_t)digit << k;
                a |= (uint64_t)(digit || upper || lower) << k;
                u |= (uint64_t)upper << k;
                e |= (uint64_t)(ch == '"' || ch == 0xE3) << k;
            }
            assert_true(es_digit_bits(t, len, at) == d);
            assert_true(es_alnum_bits(t, len, at) == a);
            assert_true(es_upper_bits(t, len, at) == u);
            assert_true(es_either_bits(t, len, at, '"', (char)0xE3) == e);
        }
}

/* es_ctx_field() / es_ctx_column_at() along random rows of fields, quotes
 * and line breaks, at offsets in ascending order with a step back now and
 * then: the same field as a count from the line start, the same label as
 * es_ctx_column(); for a delimiter that is also the quote, too. */
static void test_ctx_field_cursor(void **state)
{
    (void)state;
    static const char *const pieces[] = {",", "\t", "\"", "\n", "ab", "住所", "0123456789abcdef", " "};
    static const char *const header[] = {"name", "", "住所", "tel", NULL, "memo"};
    static const char delims[] = {',', '\t', '"'};
    char text[1024];
    unsigned seed = 11;
    for (int round = 0; round < 600; round++) {
        size_t n = pieces_text(text, sizeof text, pieces, sizeof pieces / sizeof *pieces, &seed,
                               1 + (size_t)(round % 200));
        struct es_chunk c = {.text = text, .len = n, .owned = n, .label = round % 2 ? "label" : NULL};
        c.delim = delims[round % 3];
        c.header = header;
        c.nheader = sizeof header / sizeof *header;
        struct es_col_cursor cur = {0, 0, 0}, cur2 = {0, 0, 0};
        for (size_t off = 0; off <= n;) {
            size_t field = 0, ls = off;
            int quoted = 0;
            while (ls > 0 && text[ls - 1] != '\n')
                ls--;
            for (size_t i = ls; i < off; i++) {
                if (text[i] == '"')
                    quoted = !quoted;
                else if (text[i] == c.delim && !quoted)
                    field++;
            }
            assert_int_equal(es_ctx_field(&c, &cur, off), field);
            assert_ptr_equal(es_ctx_column_at(&c, &cur2, off), es_ctx_column(&c, off));
            seed = seed * 1103515245u + 12345u;
            size_t r = (seed >> 16) % 64;
            /* mostly forward, by up to 40 bytes; now and then back */
            if (r < 4 && off > r * 10)
                off -= r * 10;
            else
                off += 1 + r % 40;
        }
    }
    /* Not tabular: the chunk label. */
    struct es_chunk c = {.text = "a,b", .len = 3, .owned = 3, .label = "x"};
    struct es_col_cursor cur = {0, 0, 0};
    assert_string_equal(es_ctx_column_at(&c, &cur, 2), "x");
}

/* es_popcount64() against a bit-by-bit count. */
static void test_popcount64(void **state)
{
    (void)state;
    uint64_t x = 0x9E3779B97F4A7C15u;
    for (int round = 0; round < 1000; round++) {
        unsigned want = 0;
        for (uint64_t y = x; y; y >>= 1)
            want += (unsigned)(y & 1);
        assert_int_equal(es_popcount64(x), want);
        x = x * 6364136223846793005u + 1442695040888963407u;
        x &= round % 3 ? x >> (round % 61) : ~(uint64_t)0;
    }
    assert_int_equal(es_popcount64(0), 0);
    assert_int_equal(es_popcount64(~(uint64_t)0), 64);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kwset_agrees_with_ctx_has),
        cmocka_unit_test(test_kw_word_at),
        cmocka_unit_test(test_kw_dash_lead),
        cmocka_unit_test(test_kwset_cases),
        cmocka_unit_test(test_kwset_words),
        cmocka_unit_test(test_kwset_one_byte_keyword),
        cmocka_unit_test(test_prefilter_keeps_every_start),
        cmocka_unit_test(test_ctx_before_window),
        cmocka_unit_test(test_ctx_key_line),
        cmocka_unit_test(test_sql_values),
        cmocka_unit_test(test_sql_function_values),
        cmocka_unit_test(test_sql_facts),
        cmocka_unit_test(test_re_try_line),
        cmocka_unit_test(test_pf_wide),
        cmocka_unit_test(test_pf_next_start),
        cmocka_unit_test(test_pf_cursor_block),
        cmocka_unit_test(test_lits_at),
        cmocka_unit_test(test_pf_cursor),
        cmocka_unit_test(test_class_bits),
        cmocka_unit_test(test_litscan),
        cmocka_unit_test(test_ctx_field_cursor),
        cmocka_unit_test(test_popcount64),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
