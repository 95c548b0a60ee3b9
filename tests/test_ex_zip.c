/* zip extractor: methods, names in legacy code pages, hostile entries. */
#include <zip.h>

#include "arc_collect.h"

/* Sizes of the texts that make_archives.py puts into the golden inputs. */
#define CONTACT_LEN 81
#define CONTACT2_LEN 73

static void test_basic(void **state)
{
    (void)state;
    size_t len;
    unsigned char *data = arc_read("golden/zip_basic/input/export.dat", &len);
    struct arc_recs *rs = malloc(sizeof *rs);
    arc_scan("export.dat", data, len, NULL, rs);
    const struct arc_rec *top = arc_find(rs, "export.dat");
    assert_string_equal(top->type, "zip");   /* by content, not by the .dat name */
    assert_int_equal(top->status, ES_REC_OK);
    assert_int_equal(arc_find(rs, "export.dat | export/customers.txt")->bytes, CONTACT_LEN);  /* deflate */
    assert_int_equal(arc_find(rs, "export.dat | export/orders.txt")->bytes, CONTACT2_LEN);    /* stored */
    assert_int_equal(rs->n, 3);   /* the directory entry gets no record */
    free(data);
    free(rs);
}

static void test_names(void **state)
{
    (void)state;
    size_t len;
    unsigned char *data = arc_read("golden/zip_names/input/names.zip", &len);
    struct arc_recs *rs = malloc(sizeof *rs);
    arc_scan("names.zip", data, len, NULL, rs);
    assert_int_equal(arc_find(rs, "names.zip | 顧客一覧.txt")->bytes, CONTACT_LEN);       /* UTF-8 flag */
    assert_int_equal(arc_find(rs, "names.zip | お客様リスト.txt")->bytes, CONTACT2_LEN);  /* CP932 */
    assert_int_equal(arc_find(rs, "names.zip | Résumé.txt")->status, ES_REC_OK); /* CP437 */
    free(data);
    free(rs);
}

static void test_hostile(void **state)
{
    (void)state;
    size_t len;
    unsigned char *data = arc_read("golden/zip_hostile/input/hostile.zip", &len);
    struct arc_recs *rs = malloc(sizeof *rs);
    arc_scan("hostile.zip", data, len, NULL, rs);
    assert_int_equal(arc_find(rs, "hostile.zip | readable.txt")->bytes, CONTACT_LEN);
    const struct arc_rec *r = arc_find(rs, "hostile.zip | secret.txt");
    assert_int_equal(r->status, ES_REC_ENCRYPTED);
    assert_non_null(strstr(r->error, "ZipCrypto"));
    r = arc_find(rs, "hostile.zip | ppmd.txt");
    assert_int_equal(r->status, ES_REC_ERROR);
    assert_string_equal(r->error, "unsupported compression method 98");
    assert_int_equal(arc_find(rs, "hostile.zip | kernel.txt")->bytes, CONTACT2_LEN);
    r = arc_find(rs, "hostile.zip | copy-of-kernel.txt");
    assert_int_equal(r->status, ES_REC_LIMIT);
    assert_non_null(strstr(r->error, "overlap"));
    assert_int_equal(r->bytes, 0);
    r = arc_find(rs, "hostile.zip | badcrc.txt");
    assert_int_equal(r->status, ES_REC_ERROR);
    assert_int_equal(arc_find(rs, "hostile.zip")->status, ES_REC_OK);
    free(data);
    free(rs);
}

static void test_nested(void **state)
{
    (void)state;
    size_t len;
    unsigned char *data = arc_read("golden/zip_nested/input/outer.zip", &len);
    struct arc_recs *rs = malloc(sizeof *rs);
    arc_scan("outer.zip", data, len, NULL, rs);
    const struct arc_rec *r = arc_find(rs, "outer.zip | inner.zip | inner/contact.txt");
    assert_int_equal(r->depth, 3);
    assert_int_equal(r->bytes, CONTACT_LEN);
    assert_string_equal(arc_find(rs, "outer.zip | inner.zip")->type, "zip");

    /* Past the load-bytes limit a nested zip is not opened, with a reason. */
    uint64_t lim[ES_NLIMITS] = {0};
    lim[ES_LIMIT_LOAD_BYTES] = 64;
    arc_scan("outer.zip", data, len, lim, rs);
    r = arc_find(rs, "outer.zip | inner.zip");
    assert_int_equal(r->status, ES_REC_LIMIT);
    free(data);
    free(rs);
}

/* A document package that libmagic calls a plain zip is re-typed by its
 * entry names and extracted as a document, not listed as parts. */
static void test_office_handover(void **state)
{
    (void)state;
    size_t len;
    unsigned char *data = arc_read("golden/zip_office/input/letter.bin", &len);
    struct arc_recs *rs = malloc(sizeof *rs);
    arc_scan("letter.bin", data, len, NULL, rs);
    assert_string_equal(arc_find(rs, "letter.bin")->type, "docx");
    assert_int_equal(rs->n, 1);   /* no part records */
    free(data);
    free(rs);
}

/* A truncated zip (no central directory) is an error with a reason, and
 * the entries before the cut are still read from their local headers. */
static void test_truncated(void **state)
{
    (void)state;
    size_t len;
    unsigned char *data = arc_read("golden/zip_basic/input/export.dat", &len);
    struct arc_recs *rs = malloc(sizeof *rs);
    arc_scan("cut.zip", data, len - 30, NULL, rs);
    const struct arc_rec *top = arc_find(rs, "cut.zip");
    assert_string_equal(top->type, "zip");
    assert_int_equal(top->status, ES_REC_ERROR);
    assert_non_null(strstr(top->error, "zip"));
    assert_non_null(strstr(top->partial, "local headers"));
    assert_int_equal(arc_find(rs, "cut.zip | export/customers.txt")->bytes, CONTACT_LEN);
    assert_int_equal(arc_find(rs, "cut.zip | export/orders.txt")->bytes, CONTACT2_LEN);

    /* Cut inside the second member's data: the first is whole, the second
     * ends in an error. */
    unsigned char *p = memmem(data, len, "export/orders.txt", 17);
    assert_non_null(p);
    arc_scan("cut.zip", data, (size_t)(p - data) + 17 + 10, NULL, rs);
    assert_int_equal(arc_find(rs, "cut.zip | export/customers.txt")->bytes, CONTACT_LEN);
    assert_int_equal(arc_find(rs, "cut.zip | export/orders.txt")->status, ES_REC_ERROR);
    free(data);
    free(rs);
}

/* A member declaring 1 GiB from a few KiB is refused before inflating. */
static void test_declared_ratio(void **state)
{
    (void)state;
    /* Build with libzip: 8 MiB of zeros deflate to ~8 KiB (ratio ~1000). */
    size_t n = (size_t)8 << 20;
    unsigned char *zeros = calloc(1, n);
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *out = zip_source_buffer_create(NULL, 0, 0, &ze);
    assert_non_null(out);
    zip_source_keep(out);
    zip_t *za = zip_open_from_source(out, ZIP_TRUNCATE, &ze);
    assert_non_null(za);
    zip_source_t *m = zip_source_buffer(za, zeros, n, 0);
    assert_true(zip_file_add(za, "zeros.bin", m, 0) >= 0);
    assert_int_equal(zip_close(za), 0);
    zip_stat_t st;
    assert_int_equal(zip_source_stat(out, &st), 0);
    unsigned char *bytes = malloc(st.size);
    assert_int_equal(zip_source_open(out), 0);
    assert_int_equal(zip_source_read(out, bytes, st.size), (zip_int64_t)st.size);
    zip_source_close(out);
    zip_source_free(out);
    free(zeros);

    struct arc_recs *rs = malloc(sizeof *rs);
    arc_scan("z.zip", bytes, st.size, NULL, rs);
    const struct arc_rec *r = arc_find(rs, "z.zip | zeros.bin");
    assert_int_equal(r->status, ES_REC_LIMIT);
    assert_non_null(strstr(r->error, "ratio"));
    free(bytes);
    free(rs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_basic),     cmocka_unit_test(test_names),
        cmocka_unit_test(test_hostile),   cmocka_unit_test(test_nested),
        cmocka_unit_test(test_truncated), cmocka_unit_test(test_declared_ratio),
        cmocka_unit_test(test_office_handover),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
