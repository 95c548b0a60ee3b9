/* zip extractor: methods, names in legacy code pages, hostile entries. */
#include <zip.h>

#include "arc_collect.h"
#include "tests/zip_util.h"

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
    size_t n = (size_t)8 << 20, zlen;
    unsigned char *zeros = calloc(1, n);
    const struct test_zip_entry e[] = {{"zeros.bin", zeros, n, ZIP_CM_DEFAULT}};
    unsigned char *bytes = test_zip_make(e, 1, &zlen);
    free(zeros);

    struct arc_recs *rs = malloc(sizeof *rs);
    arc_scan("z.zip", bytes, zlen, NULL, rs);
    const struct arc_rec *r = arc_find(rs, "z.zip | zeros.bin");
    assert_int_equal(r->status, ES_REC_LIMIT);
    assert_non_null(strstr(r->error, "ratio"));
    free(bytes);
    free(rs);
}

/* A zip of one member, name "m.txt", made by libzip with its default
 * method (deflate); malloc'd, size in *len. */
static unsigned char *zip_one(const void *data, size_t n, size_t *len)
{
    const struct test_zip_entry e[] = {{"m.txt", data, n, ZIP_CM_DEFAULT}};
    return test_zip_make(e, 1, len);
}

/* xor x into the 32-bit field at local header offset loff and at central
 * header offset coff (APPNOTE 4.3.7 / 4.3.12) of zip_one()'s member. */
static void zip_patch(unsigned char *z, size_t len, size_t loff, size_t coff, uint32_t x)
{
    assert_int_equal(memcmp(z, "PK\3\4", 4), 0);
    unsigned char *c = memmem(z, len, "PK\1\2", 4);
    assert_non_null(c);
    for (int i = 0; i < 4; i++) {
        z[loff + i] ^= (unsigned char)(x >> (8 * i));
        c[coff + i] ^= (unsigned char)(x >> (8 * i));
    }
}

/* Pseudo-random letters and line breaks (a fixed LCG), which deflate
 * shrinks only about twofold. */
static void noise(char *buf, size_t n, uint32_t seed)
{
    for (size_t i = 0; i < n; i++) {
        seed = seed * 1103515245u + 12345u;
        unsigned k = (seed >> 16) % 27;
        buf[i] = k == 26 ? '\n' : (char)('a' + k);
    }
}

/* Deflate members are inflated with ISA-L (zipread.c) from the raw data: a
 * member of 3 MiB spans many compressed reads and many reads of its output,
 * and the CRC-32 checked at its end covers every byte. A wrong CRC and a
 * stream cut short give libzip's reasons; corrupt deflate data gives
 * "corrupt compressed data" (libzip said only "cannot read entry"). */
static void test_isal_members(void **state)
{
    (void)state;
    size_t n = (size_t)3 << 20, len;
    char *text = malloc(n);
    noise(text, n, 11);
    unsigned char *z = zip_one(text, n, &len);
    assert_true(len > 4 * 65536);   /* many compressed reads */
    struct arc_recs *rs = malloc(sizeof *rs);
    arc_scan("big.zip", z, len, NULL, rs);
    const struct arc_rec *r = arc_find(rs, "big.zip | m.txt");
    assert_int_equal(r->status, ES_REC_OK);
    assert_int_equal(r->bytes, n);

    zip_patch(z, len, 14, 16, 1);   /* CRC-32 */
    arc_scan("crc.zip", z, len, NULL, rs);
    r = arc_find(rs, "crc.zip | m.txt");
    assert_int_equal(r->status, ES_REC_ERROR);
    assert_string_equal(r->error, "CRC mismatch");
    assert_int_equal(r->bytes, n);  /* the data is read before the check */
    zip_patch(z, len, 14, 16, 1);

    /* The compressed data cut to half its size in both headers: the
     * stream ends before its last block, which fails the CRC, after the
     * output that was there. */
    uint32_t csize = (uint32_t)(z[18] | z[19] << 8 | z[20] << 16 | (uint32_t)z[21] << 24);
    zip_patch(z, len, 18, 20, csize ^ (csize / 2));
    arc_scan("cut.zip", z, len, NULL, rs);
    r = arc_find(rs, "cut.zip | m.txt");
    assert_int_equal(r->status, ES_REC_ERROR);
    assert_string_equal(r->error, "CRC mismatch");
    assert_true(r->bytes > 0 && r->bytes < n);
    zip_patch(z, len, 18, 20, csize ^ (csize / 2));

    /* The first block's type set to 3, which RFC 1951 reserves. */
    size_t data = 30u + (size_t)(z[26] | z[27] << 8) + (size_t)(z[28] | z[29] << 8);
    z[data] |= 6;
    arc_scan("bad.zip", z, len, NULL, rs);
    r = arc_find(rs, "bad.zip | m.txt");
    assert_int_equal(r->status, ES_REC_ERROR);
    assert_string_equal(r->error, "corrupt compressed data");
    free(z);
    free(text);
    free(rs);
}

/* A bomb whose headers lie about its size passes the declared-ratio check
 * and is stopped by the ratio limit on the bytes actually inflated. */
static void test_isal_bomb(void **state)
{
    (void)state;
    size_t n = (size_t)64 << 20, len;
    unsigned char *zeros = calloc(1, n);
    unsigned char *z = zip_one(zeros, n, &len);
    free(zeros);
    zip_patch(z, len, 22, 24, (uint32_t)n ^ 1000u);  /* declared size 1000 */
    struct arc_recs *rs = malloc(sizeof *rs);
    arc_scan("bomb.zip", z, len, NULL, rs);
    const struct arc_rec *r = arc_find(rs, "bomb.zip | m.txt");
    assert_int_equal(r->status, ES_REC_LIMIT);
    assert_non_null(strstr(r->error, "ratio"));
    assert_true(r->bytes < n);
    free(z);
    free(rs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_basic),     cmocka_unit_test(test_names),
        cmocka_unit_test(test_hostile),   cmocka_unit_test(test_nested),
        cmocka_unit_test(test_truncated), cmocka_unit_test(test_declared_ratio),
        cmocka_unit_test(test_office_handover),
        cmocka_unit_test(test_isal_members), cmocka_unit_test(test_isal_bomb),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
