/* tar extractor: formats, special entries, hostile headers. */
#include "arc_collect.h"

#define BLK 512

/* A ustar header for name with the given type and size field (octal). */
static void header(unsigned char *h, const char *name, char type, uint64_t size)
{
    memset(h, 0, BLK);
    memcpy(h, name, strlen(name));
    memcpy(h + 100, "0000644", 7);
    snprintf((char *)h + 124, 12, "%011llo", (unsigned long long)size);
    memcpy(h + 136, "00000000000", 11);
    h[156] = (unsigned char)type;
    memcpy(h + 257, "ustar\0" "00", 8);
    memset(h + 148, ' ', 8);
    unsigned sum = 0;
    for (int i = 0; i < BLK; i++)
        sum += h[i];
    snprintf((char *)h + 148, 8, "%06o", sum);
}

static const char contact[] = "Contact: alice.example@example.com\n";
/* Sizes of the texts that make_archives.py puts into the golden inputs. */
#define CONTACT_LEN 81
#define CONTACT2_LEN 73

static void test_formats(void **state)
{
    (void)state;
    static const struct {
        const char *file, *member;
        uint64_t bytes;
    } cases[] = {
        {"golden/tar_formats/input/ustar.tar", "ustar.tar | plain.txt", CONTACT_LEN},
        {"golden/tar_formats/input/ustar.tar",
         "ustar.tar | customers/level00/level01/level02/level03/level04/level05/level06/"
         "level07/level08/level09/level10/level11/deep.txt", CONTACT2_LEN},
        {"golden/tar_formats/input/gnu.tar",
         "gnu.tar | gnu/xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
         "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx/contact.txt", CONTACT_LEN},
        {"golden/tar_formats/input/v7.tar", "v7.tar | old/contact.txt", CONTACT_LEN},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t len;
        unsigned char *data = arc_read(cases[i].file, &len);
        struct arc_recs *rs = malloc(sizeof *rs);
        const char *base = strrchr(cases[i].file, '/') + 1;
        arc_scan(base, data, len, NULL, rs);
        const struct arc_rec *top = arc_find(rs, base);
        assert_string_equal(top->type, "tar");
        assert_int_equal(top->status, ES_REC_OK);
        const struct arc_rec *m = arc_find(rs, cases[i].member);
        assert_int_equal(m->status, ES_REC_OK);
        assert_int_equal(m->bytes, cases[i].bytes);
        free(rs);
        free(data);
    }
}

/* pax path= with a non-ASCII name longer than 100 bytes. */
static void test_pax_name(void **state)
{
    (void)state;
    size_t len;
    unsigned char *data = arc_read("golden/tar_formats/input/pax.tar", &len);
    struct arc_recs *rs = malloc(sizeof *rs);
    arc_scan("pax.tar", data, len, NULL, rs);
    char want[512];
    char ys[151];
    memset(ys, 'y', 150);
    ys[150] = 0;
    snprintf(want, sizeof want, "pax.tar | pax/%s/顧客.txt", ys);
    assert_int_equal(arc_find(rs, want)->bytes, CONTACT2_LEN);
    assert_int_equal(rs->n, 2);   /* the pax header itself gets no record */
    free(rs);
    free(data);
}

static void test_special_entries(void **state)
{
    (void)state;
    size_t len;
    unsigned char *data = arc_read("golden/tar_formats/input/ustar.tar", &len);
    struct arc_recs *rs = malloc(sizeof *rs);
    arc_scan("ustar.tar", data, len, NULL, rs);
    static const char *const specials[][2] = {
        {"ustar.tar | link-to-plain", "symlink"},
        {"ustar.tar | hard-to-plain", "hardlink"},
        {"ustar.tar | queue", "fifo"},
    };
    for (size_t i = 0; i < 3; i++) {
        const struct arc_rec *r = arc_find(rs, specials[i][0]);
        assert_int_equal(r->status, ES_REC_SKIPPED);
        assert_string_equal(r->error, specials[i][1]);
    }
    /* Directories get no record. */
    for (size_t i = 0; i < rs->n; i++)
        assert_null(strstr(rs->r[i].path, "docs"));
    free(rs);
    free(data);
}

static void test_truncated(void **state)
{
    (void)state;
    size_t len;
    unsigned char *data = arc_read("golden/tar_formats/../tar_truncated/input/cut.tar", &len);
    struct arc_recs *rs = malloc(sizeof *rs);
    arc_scan("cut.tar", data, len, NULL, rs);
    assert_int_equal(arc_find(rs, "cut.tar | first.txt")->bytes, CONTACT_LEN);
    assert_int_equal(arc_find(rs, "cut.tar | first.txt")->status, ES_REC_OK);
    assert_int_equal(arc_find(rs, "cut.tar | second.txt")->status, ES_REC_ERROR);
    const struct arc_rec *top = arc_find(rs, "cut.tar");
    assert_int_equal(top->status, ES_REC_ERROR);
    assert_non_null(strstr(top->error, "truncated"));
    free(rs);
    free(data);
}

/* A header claiming 4 GiB over a few bytes of data: bounded by the
 * stream, no allocation from the claim. */
static void test_lying_size(void **state)
{
    (void)state;
    unsigned char buf[BLK * 2];
    header(buf, "huge.txt", '0', 1ull << 32);
    memset(buf + BLK, 0, BLK);
    memcpy(buf + BLK, contact, sizeof contact - 1);
    struct arc_recs *rs = malloc(sizeof *rs);
    arc_scan("huge.tar", buf, sizeof buf, NULL, rs);
    const struct arc_rec *m = arc_find(rs, "huge.tar | huge.txt");
    assert_int_equal(m->status, ES_REC_ERROR);
    assert_int_equal(arc_find(rs, "huge.tar")->status, ES_REC_ERROR);
    free(rs);
}

/* A corrupted second header stops the archive with a reason; the first
 * member is kept. A first block with a bad checksum is not a tar at all. */
static void test_bad_checksum(void **state)
{
    (void)state;
    unsigned char buf[BLK * 5];
    memset(buf, 0, sizeof buf);
    header(buf, "a.txt", '0', sizeof contact - 1);
    memcpy(buf + BLK, contact, sizeof contact - 1);
    header(buf + 2 * BLK, "b.txt", '0', 1);
    buf[2 * BLK + 10] ^= 0x55;   /* breaks b's checksum */
    struct arc_recs *rs = malloc(sizeof *rs);
    arc_scan("bad.tar", buf, sizeof buf, NULL, rs);
    assert_int_equal(arc_find(rs, "bad.tar | a.txt")->bytes, sizeof contact - 1);
    const struct arc_rec *top = arc_find(rs, "bad.tar");
    assert_int_equal(top->status, ES_REC_ERROR);
    assert_non_null(strstr(top->error, "checksum"));
    assert_int_equal(rs->n, 2);

    buf[10] ^= 0x55;   /* now the first header is broken too */
    arc_scan("bad.tar", buf, sizeof buf, NULL, rs);
    /* Not claimed as a tar (libmagic may still name the type, from the
     * magic alone, and the binary fallback reads it): no members. */
    arc_find(rs, "bad.tar");
    assert_int_equal(rs->n, 1);
    free(rs);
}

/* GNU base-256 sizes are read; negative ones are refused. */
static void test_base256(void **state)
{
    (void)state;
    unsigned char buf[BLK * 4];
    memset(buf, 0, sizeof buf);
    header(buf, "b256.txt", '0', 0);
    memset(buf + 124, 0, 12);
    buf[124] = 0x80;
    buf[135] = (unsigned char)(sizeof contact - 1);
    memset(buf + 148, ' ', 8);
    unsigned sum = 0;
    for (int i = 0; i < BLK; i++)
        sum += buf[i];
    snprintf((char *)buf + 148, 8, "%06o", sum);
    memcpy(buf + BLK, contact, sizeof contact - 1);
    struct arc_recs *rs = malloc(sizeof *rs);
    arc_scan("b.tar", buf, sizeof buf, NULL, rs);
    assert_int_equal(arc_find(rs, "b.tar | b256.txt")->bytes, sizeof contact - 1);

    memset(buf + 124, 0xff, 12);   /* -1 */
    memset(buf + 148, ' ', 8);
    sum = 0;
    for (int i = 0; i < BLK; i++)
        sum += buf[i];
    snprintf((char *)buf + 148, 8, "%06o", sum);
    arc_scan("b.tar", buf, sizeof buf, NULL, rs);
    const struct arc_rec *top = arc_find(rs, "b.tar");
    assert_int_equal(top->status, ES_REC_ERROR);
    assert_non_null(strstr(top->error, "size"));
    free(rs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_formats),        cmocka_unit_test(test_pax_name),
        cmocka_unit_test(test_special_entries), cmocka_unit_test(test_truncated),
        cmocka_unit_test(test_lying_size),     cmocka_unit_test(test_bad_checksum),
        cmocka_unit_test(test_base256),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
