/*
 * Text decoding and streaming through the public API (es_scan_buffer): every
 * encoding finds a planted e-mail and phone at the right line:column (columns
 * in code points of the original text) and names its encoding; values across
 * chunk boundaries are found exactly once; full-width digits keep their
 * original column; CSV header context reaches every chunk.
 */
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "scanner/buf.h"
#include "scanner/limits.h"
#include "smp_collect.h"

/* Encode UTF-8 text with glibc iconv; returns a malloc'd buffer. */
static unsigned char *encode(const char *to, const char *utf8, size_t *out_len)
{
    iconv_t cd = iconv_open(to, "UTF-8");
    if (cd == (iconv_t)-1)
        fail_msg("iconv cannot convert to %s", to);
    size_t inlen = strlen(utf8), cap = inlen * 4 + 16;
    unsigned char *out = malloc(cap);
    assert_non_null(out);
    char *ip = (char *)utf8, *op = (char *)out;
    size_t il = inlen, ol = cap;
    if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1)
        fail_msg("iconv to %s failed", to);
    /* Flush the shift state (ISO-2022-JP returns to ASCII). */
    iconv(cd, NULL, NULL, &op, &ol);
    iconv_close(cd);
    *out_len = cap - ol;
    return out;
}

/* Scan a buffer as `name` with detectors `only`; one record expected. */
static void scan_one(const char *name, const void *data, size_t len, const char *only,
                     struct smp_recs *rs)
{
    struct es_scanner *sc = smp_scanner(only, 1);
    assert_non_null(sc);
    smp_recs_init(rs);
    assert_int_equal(es_scan_buffer(sc, name, data, len, smp_collect, rs), ES_OK);
    es_scanner_free(sc);
    assert_int_equal(rs->n, 1);
    assert_int_equal(rs->r[0].status, ES_REC_OK);
}

/* Assert detector det found exactly one value, at where, with raw value value. */
static void expect_one(const struct smp_rec *r, const char *det, const char *where,
                       const char *value)
{
    const struct smp_finding *f = smp_find(r, det);
    if (!f)
        fail_msg("%s: no %s finding (encoding %s)", r->path, det, r->enc);
    if (f->count != 1)
        fail_msg("%s: %s found %llu times (encoding %s)", r->path, det, f->count, r->enc);
    assert_int_equal(f->nex, 1);
    assert_string_equal(f->where[0], where);
    if (value)
        assert_string_equal(f->value[0], value);
}

/* Japanese text: the e-mail on line 3 after four code points, the phone on
 * line 4 after three (columns count characters, not bytes). */
static const char JP_TEXT[] =
    "お問い合わせ記録（受付メモ）\n"
    "本日の担当は窓口です。折り返しの連絡をお願いします。\n"
    "メール hanae.morita@tsubame-post.jp まで返信\n"
    "携帯 090-3141-5926 に電話済み\n"
    "以上、よろしくお願いいたします。\n";

static void check_jp(const char *enc_label, const char *name, const unsigned char *data,
                     size_t len, const char *expect_enc)
{
    struct smp_recs rs;
    scan_one(name, data, len, "email,phone", &rs);
    const struct smp_rec *r = &rs.r[0];
    if (strcmp(r->enc, expect_enc) != 0)
        fail_msg("%s: encoding %s, expected %s", enc_label, r->enc, expect_enc);
    expect_one(r, "email", "3:5", "hanae.morita@tsubame-post.jp");
    expect_one(r, "phone", "4:4", "090-3141-5926");
    smp_recs_free(&rs);
}

static void test_utf8_plain(void **state)
{
    (void)state;
    check_jp("utf-8", "memo.txt", (const unsigned char *)JP_TEXT, strlen(JP_TEXT), "utf-8");
}

static void test_utf8_bom(void **state)
{
    (void)state;
    size_t n = strlen(JP_TEXT);
    unsigned char *b = malloc(n + 3);
    assert_non_null(b);
    memcpy(b, "\xEF\xBB\xBF", 3);
    memcpy(b + 3, JP_TEXT, n);
    check_jp("utf-8-bom", "memo.txt", b, n + 3, "utf-8-bom");
    free(b);
}

/* The BOM is not a character: a value at the very start is at 1:1. */
static void test_bom_not_counted(void **state)
{
    (void)state;
    static const char text[] = "\xEF\xBB\xBFhanae.morita@tsubame-post.jp\n";
    struct smp_recs rs;
    scan_one("a.txt", text, strlen(text), "email", &rs);
    expect_one(&rs.r[0], "email", "1:1", "hanae.morita@tsubame-post.jp");
    smp_recs_free(&rs);
}

static void test_utf16(void **state)
{
    (void)state;
    size_t n;
    /* With a BOM (Excel's "Unicode text") and without (heuristic). */
    unsigned char *le = encode("UTF-16LE", JP_TEXT, &n);
    unsigned char *b = malloc(n + 2);
    assert_non_null(b);
    memcpy(b, "\xFF\xFE", 2);
    memcpy(b + 2, le, n);
    check_jp("utf-16le bom", "memo.txt", b, n + 2, "utf-16le");
    check_jp("utf-16le", "memo.txt", le, n, "utf-16le");
    free(b);
    free(le);
    unsigned char *be = encode("UTF-16BE", JP_TEXT, &n);
    b = malloc(n + 2);
    assert_non_null(b);
    memcpy(b, "\xFE\xFF", 2);
    memcpy(b + 2, be, n);
    check_jp("utf-16be bom", "memo.txt", b, n + 2, "utf-16be");
    free(b);
    free(be);
    /* Without a BOM, text that starts with an ASCII character. */
    static const char ascii_first[] = "Memo\n本日の担当は窓口です。\nメール hanae.morita@tsubame-post.jp まで返信\n"
                                      "携帯 090-3141-5926 に電話済み\n";
    be = encode("UTF-16BE", ascii_first, &n);
    check_jp("utf-16be ascii first", "memo.txt", be, n, "utf-16be");
    free(be);
}

/* Regression: UTF-16BE without a BOM whose first character is not ASCII
 * was decoded as UTF-16LE (ex_text.c passed "utf-16le" as a charset hint
 * whenever the first byte was not NUL). */
static void test_utf16be_no_bom_japanese_first(void **state)
{
    (void)state;
    size_t n;
    unsigned char *be = encode("UTF-16BE", JP_TEXT, &n);
    check_jp("utf-16be", "memo.txt", be, n, "utf-16be");
    free(be);
}

static void test_shift_jis(void **state)
{
    (void)state;
    size_t n;
    unsigned char *b = encode("CP932", JP_TEXT, &n);
    check_jp("cp932", "memo.txt", b, n, "shift_jis");
    free(b);
}

static void test_euc_jp(void **state)
{
    (void)state;
    size_t n;
    unsigned char *b = encode("EUC-JP", JP_TEXT, &n);
    check_jp("euc-jp", "memo.txt", b, n, "euc-jp");
    free(b);
}

static void test_iso2022jp(void **state)
{
    (void)state;
    size_t n;
    unsigned char *b = encode("ISO-2022-JP", JP_TEXT, &n);
    check_jp("iso-2022-jp", "memo.txt", b, n, "iso-2022-jp");
    free(b);
}

/* Windows-1252: accented letters and an em dash before the values; the
 * columns count them as one character each. */
static void test_cp1252(void **state)
{
    (void)state;
    static const char text[] =
        "Fiche client — résumé de l'appel\n"
        "Réné Müller — courriel : rene.muller@wattlemail.com.au\n"
        "Téléphone portable : 0412 345 678 (à rappeler)\n";
    size_t n;
    unsigned char *b = encode("CP1252", text, &n);
    struct smp_recs rs;
    scan_one("fiche.txt", b, n, "email,phone", &rs);
    const struct smp_rec *r = &rs.r[0];
    assert_string_equal(r->enc, "windows-1252");
    expect_one(r, "email", "2:26", "rene.muller@wattlemail.com.au");
    expect_one(r, "phone", "3:22", "0412 345 678");
    smp_recs_free(&rs);
    free(b);
}

/* Full-width digits and dash look-alikes are matched, at their original column. */
static void test_fullwidth(void **state)
{
    (void)state;
    static const char text[] = "連絡先一覧\n顧客の携帯：０９０－３１４１－５９２６（夜間）\n";
    struct smp_recs rs;
    scan_one("fw.txt", text, strlen(text), "phone", &rs);
    expect_one(&rs.r[0], "phone", "2:7", NULL);
    smp_recs_free(&rs);
}

/* ---- chunk boundaries ---- */

static const char EMAIL_A[] = "karito.delmosa@wattlemail.com.au";
static const char EMAIL_B[] = "orte.vimaren@hoshikawa-net.jp";

/* A single line longer than ES_CHUNK_MAX (spaces), with values placed at off. */
static char *long_line(size_t len, const size_t *offs, const char *const *vals, size_t nv)
{
    char *b = malloc(len + 2);
    assert_non_null(b);
    memset(b, ' ', len);
    for (size_t i = 0; i < nv; i++)
        memcpy(b + offs[i], vals[i], strlen(vals[i]));
    b[len] = '\n';
    b[len + 1] = '\0';
    return b;
}

static void check_line_values(size_t off)
{
    size_t len = ES_CHUNK_MAX + 200000;
    const char *vals[] = {EMAIL_A};
    size_t offs[] = {off};
    char *b = long_line(len, offs, vals, 1);
    struct smp_recs rs;
    scan_one("long.txt", b, len + 1, "email", &rs);
    char where[32];
    snprintf(where, sizeof where, "1:%zu", off + 1);
    expect_one(&rs.r[0], "email", where, EMAIL_A);
    smp_recs_free(&rs);
    free(b);
}

/* Across the cut at ES_CHUNK_MAX: only the next chunk may report it. */
static void test_long_line_across_cut(void **state)
{
    (void)state;
    check_line_values(ES_CHUNK_MAX - 10);
    check_line_values(ES_CHUNK_MAX - 1);
    check_line_values(ES_CHUNK_MAX - strlen(EMAIL_A));
}

/* Across the start of the overlap (where the next chunk begins): the first
 * chunk reports it, and the next chunk must not report its tail as a value. */
static void test_long_line_across_overlap_start(void **state)
{
    (void)state;
    check_line_values(ES_CHUNK_MAX - ES_CHUNK_OVERLAP - 10);
    check_line_values(ES_CHUNK_MAX - ES_CHUNK_OVERLAP - 1);
}

/* Multi-line text several chunks long: chunks end at line breaks wherever
 * the reads fall, so a value on every line covers every boundary; each must
 * be counted once, and line numbers must run on across chunks. */
#define LINE_LEN 100   /* bytes per line, newline included */

static char *lines_text(size_t nlines, long only)
{
    char *b = malloc(nlines * LINE_LEN + 1);
    assert_non_null(b);
    for (size_t i = 0; i < nlines; i++) {
        char *l = b + i * LINE_LEN;
        memset(l, '.', LINE_LEN - 1);
        l[LINE_LEN - 1] = '\n';
        if (only < 0 || (size_t)only == i) {
            char v[64];
            int n = snprintf(v, sizeof v, " user%zu.mail@tsubame-post.jp ", i);
            memcpy(l + 4, v, (size_t)n);
        }
    }
    b[nlines * LINE_LEN] = '\0';
    return b;
}

static void test_multiline_chunks(void **state)
{
    (void)state;
    const size_t nlines = (3 * ES_CHUNK_TARGET) / LINE_LEN + 50;
    char *b = lines_text(nlines, -1);
    struct smp_recs rs;
    scan_one("multi.txt", b, nlines * LINE_LEN, "email", &rs);
    const struct smp_finding *f = smp_find(&rs.r[0], "email");
    assert_non_null(f);
    assert_int_equal(f->count, nlines);
    assert_int_equal(f->distinct, nlines);
    assert_string_equal(f->where[0], "1:6");
    assert_string_equal(f->value[0], "user0.mail@tsubame-post.jp");
    smp_recs_free(&rs);
    free(b);

    /* One value just past the second and third multiples of the target. */
    for (size_t k = 2; k <= 3; k++) {
        size_t line = (k * ES_CHUNK_TARGET) / LINE_LEN;   /* 0-based line holding the multiple */
        size_t total = line + 40;
        b = lines_text(total, (long)line);
        scan_one("one.txt", b, total * LINE_LEN, "email", &rs);
        char want[32];
        snprintf(want, sizeof want, "%zu:6", line + 1);
        expect_one(&rs.r[0], "email", want, NULL);
        smp_recs_free(&rs);
        free(b);
    }
}

/* A value straddling a read block and a chunk in a multibyte encoding:
 * UTF-16LE doubles the bytes, so the decoder's cut points differ from the
 * chunker's. */
static void test_utf16_long(void **state)
{
    (void)state;
    size_t len = ES_CHUNK_MAX + 5000, off = ES_CHUNK_MAX - 7;
    const char *vals[] = {EMAIL_B};
    size_t offs[] = {off};
    char *line = long_line(len, offs, vals, 1);
    size_t n;
    unsigned char *le = encode("UTF-16LE", line, &n);
    unsigned char *b = malloc(n + 2);
    assert_non_null(b);
    memcpy(b, "\xFF\xFE", 2);
    memcpy(b + 2, le, n);
    struct smp_recs rs;
    scan_one("long16.txt", b, n + 2, "email", &rs);
    char where[32];
    snprintf(where, sizeof where, "1:%zu", off + 1);
    expect_one(&rs.r[0], "email", where, EMAIL_B);
    smp_recs_free(&rs);
    free(b);
    free(le);
    free(line);
}

/* A customer_id column: the header row is context for rows in every chunk
 * (the values are found only through the header). */
static void test_csv_header_across_chunks(void **state)
{
    (void)state;
    const size_t rows = 8000;   /* about 1 MB: several chunks */
    struct es_buf b;
    es_buf_init(&b, 16 * ES_MIB);
    assert_int_equal(es_buf_append_str(&b, "customer_id,memo\n"), ES_OK);
    for (size_t i = 0; i < rows; i++)
        assert_int_equal(es_buf_printf(&b, "K-%07zu,%s\n", 1000000 + i * 7,
                                       "follow-up scheduled after the inspection; nothing "
                                       "else noted by the desk today ok ok ok ok"),
                         ES_OK);
    assert_true(b.len > 3 * ES_CHUNK_TARGET);
    struct smp_recs rs;
    scan_one("ids.csv", b.data, b.len, "customer_id", &rs);
    const struct smp_finding *f = smp_find(&rs.r[0], "customer_id");
    assert_non_null(f);
    assert_int_equal(f->count, rows);
    assert_int_equal(f->distinct, rows);
    assert_string_equal(f->where[0], "2:1");
    smp_recs_free(&rs);
    es_buf_free(&b);
}

/* Quoted delimiters do not count when the table is recognised: the rows
 * below hold one comma outside quotes, like the header row, and a second
 * inside; counted alone, the rows would make the first of them the header
 * and hide the customer_id column. */
static void test_csv_quoted_delimiters(void **state)
{
    (void)state;
    static const char csv[] = "memo,customer_id\n"
                              "\"called, no answer\",K-1000007\n"
                              "\"left a note, will call back\",K-1000014\n"
                              "\"nothing new, see above\",K-1000021\n";
    struct smp_recs rs;
    scan_one("ids.csv", csv, sizeof csv - 1, "customer_id", &rs);
    const struct smp_finding *f = smp_find(&rs.r[0], "customer_id");
    assert_non_null(f);
    assert_int_equal(f->count, 3);
    assert_string_equal(f->where[0], "2:21");
    smp_recs_free(&rs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8_plain),
        cmocka_unit_test(test_utf8_bom),
        cmocka_unit_test(test_bom_not_counted),
        cmocka_unit_test(test_utf16),
        cmocka_unit_test(test_utf16be_no_bom_japanese_first),
        cmocka_unit_test(test_shift_jis),
        cmocka_unit_test(test_euc_jp),
        cmocka_unit_test(test_iso2022jp),
        cmocka_unit_test(test_cp1252),
        cmocka_unit_test(test_fullwidth),
        cmocka_unit_test(test_long_line_across_cut),
        cmocka_unit_test(test_long_line_across_overlap_start),
        cmocka_unit_test(test_multiline_chunks),
        cmocka_unit_test(test_utf16_long),
        cmocka_unit_test(test_csv_header_across_chunks),
        cmocka_unit_test(test_csv_quoted_delimiters),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
