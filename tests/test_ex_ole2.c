/* OLE2 extractor: .doc piece table, .xls/.ole text runs, .msg properties and
 * attachments, embedded packages, encryption, and damaged compound files
 * (loops, out-of-range sectors, cross-links, truncation, byte flips). The
 * inputs are the golden files written by golden/make_ole2.py. */
#include "arc_collect.h"

#define DOCS "golden/ole2_documents/input/"
#define ENC "golden/ole2_encrypted/input/"

static uint32_t rd32(const unsigned char *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

static void wr32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
    p[2] = (unsigned char)(v >> 16);
    p[3] = (unsigned char)(v >> 24);
}

/* Byte offset of FAT entry `sector` in a 512-byte-sector file (FAT in the
 * header's first DIFAT slots). */
static size_t fat_entry(const unsigned char *d, uint32_t sector)
{
    uint32_t fs = rd32(d + 0x4C + 4 * (sector / 128));
    return 512 + (size_t)fs * 512 + 4 * (sector % 128);
}

/* Offset of directory entry i (the directory chain is contiguous in our files). */
static size_t dir_entry(const unsigned char *d, uint32_t i)
{
    return 512 + (size_t)rd32(d + 0x30) * 512 + 128 * (size_t)i;
}

/* Index of the directory entry whose UTF-16 name starts with ascii. */
static uint32_t find_entry(const unsigned char *d, size_t len, const char *ascii)
{
    for (uint32_t i = 0; dir_entry(d, i) + 128 <= len && i < 64; i++) {
        const unsigned char *e = d + dir_entry(d, i);
        size_t k = 0;
        while (ascii[k] && e[2 * k] == (unsigned char)ascii[k] && e[2 * k + 1] == 0)
            k++;
        if (!ascii[k])
            return i;
    }
    fail_msg("no entry %s", ascii);
    return 0;
}

static struct arc_recs *scan_file(const char *rel, const char *name)
{
    size_t len;
    unsigned char *data = arc_read(rel, &len);
    struct arc_recs *rs = malloc(sizeof *rs);
    assert_non_null(rs);
    arc_scan(name, data, len, NULL, rs);
    free(data);
    return rs;
}

static void test_doc_piece_table(void **state)
{
    (void)state;
    struct arc_recs *rs = scan_file(DOCS "letter.doc", "letter.doc");
    const struct arc_rec *r = arc_find(rs, "letter.doc");
    assert_string_equal(r->type, "doc");
    assert_int_equal(r->status, ES_REC_OK);
    assert_true(r->has_email);   /* the e-mail sits in a CP1252 ("compressed") piece */
    assert_string_equal(r->partial, "");   /* the piece table is a document model */
    assert_int_equal(rs->n, 1);
    free(rs);
}

static void test_xls_cells(void **state)
{
    (void)state;
    struct arc_recs *rs = scan_file(DOCS "customers.xls", "customers.xls");
    const struct arc_rec *r = arc_find(rs, "customers.xls");
    assert_string_equal(r->type, "xls");
    assert_int_equal(r->status, ES_REC_OK);
    assert_true(r->has_email);   /* in an SST string and in a LABEL cell */
    assert_string_equal(r->partial, "");   /* SST and sheet cells are a document model */
    free(rs);
}

static void test_ppt_atoms(void **state)
{
    (void)state;
    struct arc_recs *rs = scan_file(DOCS "slides.ppt", "slides.ppt");
    const struct arc_rec *r = arc_find(rs, "slides.ppt");
    assert_string_equal(r->type, "ppt");
    assert_int_equal(r->status, ES_REC_OK);
    assert_true(r->has_email);   /* in a TextBytesAtom */
    assert_string_equal(r->partial, "");
    free(rs);
}

/* A stream of a generic compound file: text runs, and the record says so. */
static void test_runs_partial(void **state)
{
    (void)state;
    struct arc_recs *rs = scan_file(DOCS "package.ole", "package.ole");
    assert_non_null(strstr(arc_find(rs, "package.ole")->partial, "text runs only"));
    free(rs);
}

static void test_msg(void **state)
{
    (void)state;
    struct arc_recs *rs = scan_file(DOCS "order.msg", "order.msg");
    const struct arc_rec *r = arc_find(rs, "order.msg");
    assert_string_equal(r->type, "msg");
    assert_int_equal(r->status, ES_REC_OK);
    assert_true(r->has_email);
    assert_string_equal(r->partial, "");
    /* The attachment is a member named by its long file name (0x3707). */
    const struct arc_rec *a = arc_find(rs, "order.msg | customers.txt");
    assert_int_equal(a->status, ES_REC_OK);
    assert_true(a->has_email);
    assert_int_equal(a->bytes, 68);
    assert_int_equal(rs->n, 2);
    free(rs);
}

static void test_embedded_package(void **state)
{
    (void)state;
    struct arc_recs *rs = scan_file(DOCS "package.ole", "package.ole");
    const struct arc_rec *r = arc_find(rs, "package.ole");
    assert_string_equal(r->type, "ole2");   /* 4096-byte sectors (version 4) */
    assert_int_equal(r->status, ES_REC_OK);
    assert_string_equal(arc_find(rs, "package.ole | ObjectPool/_1234/Package")->type, "zip");
    assert_true(arc_find(rs, "package.ole | ObjectPool/_1234/Package | memo.txt")->has_email);
    free(rs);
}

static void test_encrypted(void **state)
{
    (void)state;
    static const struct {
        const char *file, *why;
    } cases[] = {
        {"report.xlsx", "EncryptedPackage"},
        {"secret.doc", "fEncrypted"},
        {"ledger.xls", "FILEPASS"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char rel[256];
        snprintf(rel, sizeof rel, ENC "%s", cases[i].file);
        struct arc_recs *rs = scan_file(rel, cases[i].file);
        const struct arc_rec *r = arc_find(rs, cases[i].file);
        assert_int_equal(r->status, ES_REC_ENCRYPTED);
        assert_non_null(strstr(r->error, cases[i].why));
        assert_false(r->has_email);   /* nothing of the encrypted text is scanned */
        free(rs);
    }
    /* An encrypted package named .xlsx keeps the type its name promises. */
    struct arc_recs *rs = scan_file(ENC "report.xlsx", "report.xlsx");
    assert_string_equal(arc_find(rs, "report.xlsx")->type, "xlsx");
    free(rs);
}

/* Scan a modified copy; exactly one record, with the given status. */
static const struct arc_rec *scan_bytes(const unsigned char *d, size_t len, struct arc_recs *rs)
{
    arc_scan("t.doc", d, len, NULL, rs);
    assert_int_equal(rs->n, 1);
    return &rs->r[0];
}

static void test_fat_loop(void **state)
{
    (void)state;
    size_t len;
    unsigned char *d = arc_read(DOCS "letter.doc", &len);
    struct arc_recs *rs = malloc(sizeof *rs);
    /* WordDocument (a regular stream): its second sector points back to its first. */
    uint32_t wd = find_entry(d, len, "WordDocument");
    uint32_t first = rd32(d + dir_entry(d, wd) + 0x74);
    uint32_t second = rd32(d + fat_entry(d, first));
    wr32(d + fat_entry(d, second), first);
    const struct arc_rec *r = scan_bytes(d, len, rs);
    assert_int_equal(r->status, ES_REC_ERROR);
    assert_non_null(strstr(r->error, "loop in sector chain"));
    free(d);

    /* The same in the mini FAT: 1Table's first mini sector points to itself. */
    d = arc_read(DOCS "letter.doc", &len);
    uint32_t tb = find_entry(d, len, "1Table");
    uint32_t mfirst = rd32(d + dir_entry(d, tb) + 0x74);
    size_t mf = 512 + (size_t)rd32(d + 0x3C) * 512;   /* first mini FAT sector */
    wr32(d + mf + 4 * mfirst, mfirst);
    r = scan_bytes(d, len, rs);
    assert_int_equal(r->status, ES_REC_ERROR);
    assert_non_null(strstr(r->error, "loop"));
    free(d);

    /* A directory chain that is its own successor. */
    d = arc_read(DOCS "letter.doc", &len);
    uint32_t ds = rd32(d + 0x30);
    wr32(d + fat_entry(d, ds), ds);
    r = scan_bytes(d, len, rs);
    assert_int_equal(r->status, ES_REC_ERROR);
    free(d);
    free(rs);
}

static void test_out_of_range(void **state)
{
    (void)state;
    size_t len;
    unsigned char *d = arc_read(DOCS "letter.doc", &len);
    struct arc_recs *rs = malloc(sizeof *rs);
    /* Directory start far past the end of the file. */
    wr32(d + 0x30, 0x7FFFFFF0u);
    const struct arc_rec *r = scan_bytes(d, len, rs);
    assert_int_equal(r->status, ES_REC_ERROR);
    assert_non_null(strstr(r->error, "no directory"));
    free(d);

    /* A stream whose start is out of range, and a huge declared size. */
    d = arc_read(DOCS "letter.doc", &len);
    uint32_t wd = find_entry(d, len, "WordDocument");
    wr32(d + dir_entry(d, wd) + 0x74, 0xFFFFFF00u);
    wr32(d + dir_entry(d, find_entry(d, len, "1Table")) + 0x78, 0xFFFFFFF0u);
    r = scan_bytes(d, len, rs);
    assert_int_equal(r->status, ES_REC_ERROR);
    assert_non_null(strstr(r->error, "out of range"));
    free(d);

    /* Bad sector size in the header. */
    d = arc_read(DOCS "letter.doc", &len);
    d[0x1E] = 20;
    r = scan_bytes(d, len, rs);
    assert_int_equal(r->status, ES_REC_ERROR);
    assert_non_null(strstr(r->error, "sector size"));
    free(d);
    free(rs);
}

static void test_cross_link(void **state)
{
    (void)state;
    size_t len;
    unsigned char *d = arc_read(DOCS "letter.doc", &len);
    struct arc_recs *rs = malloc(sizeof *rs);
    /* 1Table and CompObj both small: point CompObj at 1Table's mini sectors. */
    uint32_t tb = find_entry(d, len, "1Table");
    uint32_t co = find_entry(d, len, "\x01" "CompObj");
    wr32(d + dir_entry(d, co) + 0x74, rd32(d + dir_entry(d, tb) + 0x74));
    const struct arc_rec *r = scan_bytes(d, len, rs);
    assert_int_equal(r->status, ES_REC_ERROR);
    assert_non_null(strstr(r->error, "shared by two streams"));
    free(d);
    free(rs);
}

static void test_truncated(void **state)
{
    (void)state;
    size_t len;
    unsigned char *d = arc_read(DOCS "order.msg", &len);
    struct arc_recs *rs = malloc(sizeof *rs);
    for (size_t n = 0; n < len; n += 97) {
        arc_scan("t.msg", d, n, NULL, rs);
        const struct arc_rec *r = arc_find(rs, "t.msg");
        if (n >= 8 && n < 512) {
            assert_int_equal(r->status, ES_REC_ERROR);
            assert_non_null(strstr(r->error, "truncated header"));
        }
        if (n >= 512) {
            assert_string_not_equal(r->type, "");
            assert_true(r->status == ES_REC_ERROR || r->status == ES_REC_OK);
        }
    }
    /* Cut at the middle: the directory or streams are missing. */
    arc_scan("t.msg", d, len / 2, NULL, rs);
    assert_int_equal(arc_find(rs, "t.msg")->status, ES_REC_ERROR);
    free(d);
    free(rs);
}

/* Deterministic byte flips over every input: a record each, never a crash
 * (run under ASan in CI). */
static void test_flips(void **state)
{
    (void)state;
    static const char *const files[] = {DOCS "letter.doc", DOCS "customers.xls", DOCS "order.msg",
                                        DOCS "package.ole", DOCS "slides.ppt"};
    struct arc_recs *rs = malloc(sizeof *rs);
    uint32_t x = 12345;
    for (size_t f = 0; f < sizeof files / sizeof files[0]; f++) {
        size_t len;
        unsigned char *orig = arc_read(files[f], &len);
        unsigned char *d = malloc(len);
        for (int round = 0; round < 60; round++) {
            memcpy(d, orig, len);
            for (int k = 0; k < 8; k++) {
                x = x * 1103515245u + 12345u;
                size_t at = (x >> 8) % len;
                /* Half the flips hit the header and directory-heavy start. */
                if (k & 1)
                    at %= 1536 < len ? 1536 : len;
                x = x * 1103515245u + 12345u;
                d[at] = (unsigned char)(x >> 16);
            }
            arc_scan("f.bin", d, len, NULL, rs);
            assert_true(rs->n >= 1);
            assert_string_equal(rs->r[0].path, "f.bin");
        }
        free(d);
        free(orig);
    }
    free(rs);
}

static void test_text_limit(void **state)
{
    (void)state;
    size_t len;
    unsigned char *d = arc_read(DOCS "customers.xls", &len);
    struct arc_recs *rs = malloc(sizeof *rs);
    uint64_t limits[ES_NLIMITS] = {0};
    limits[ES_LIMIT_TEXT_BYTES] = 16;
    arc_scan("c.xls", d, len, limits, rs);
    assert_non_null(strstr(arc_find(rs, "c.xls")->partial, "text-bytes limit"));
    free(d);
    free(rs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_doc_piece_table), cmocka_unit_test(test_xls_cells),
        cmocka_unit_test(test_ppt_atoms),       cmocka_unit_test(test_runs_partial),
        cmocka_unit_test(test_msg),             cmocka_unit_test(test_embedded_package),
        cmocka_unit_test(test_encrypted),       cmocka_unit_test(test_fat_loop),
        cmocka_unit_test(test_out_of_range),    cmocka_unit_test(test_cross_link),
        cmocka_unit_test(test_truncated),       cmocka_unit_test(test_flips),
        cmocka_unit_test(test_text_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
