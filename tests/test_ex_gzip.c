/* gzip extractor: names, multi-member streams, .tar.gz as one level, bombs. */
#include <time.h>
#include <zlib.h>

#include "arc_collect.h"

/* Sizes of the texts that make_archives.py puts into the golden inputs. */
#define CONTACT_LEN 81
#define CONTACT2_LEN 73

/* gzip-compress n bytes of data (or n zeros when data is NULL) into a
 * malloc'd buffer. */
static unsigned char *gz(const void *data, size_t n, size_t *outlen)
{
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    assert_int_equal(deflateInit2(&zs, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY), Z_OK);
    size_t cap = deflateBound(&zs, n) + 64;
    unsigned char *out = malloc(cap);
    static unsigned char zeros[65536];
    assert_non_null(out);
    zs.next_out = out;
    zs.avail_out = (uInt)cap;
    size_t left = n;
    while (left > 0) {
        size_t k = data ? left : (left < sizeof zeros ? left : sizeof zeros);
        zs.next_in = data ? (unsigned char *)data + (n - left) : zeros;
        zs.avail_in = (uInt)k;
        left -= k;
        assert_int_equal(deflate(&zs, left ? Z_NO_FLUSH : Z_FINISH), left ? Z_OK : Z_STREAM_END);
    }
    if (n == 0)
        assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
    *outlen = zs.total_out;
    deflateEnd(&zs);
    return out;
}

static void test_names_and_members(void **state)
{
    (void)state;
    size_t len;
    unsigned char *data = arc_read("golden/gzip_text/input/contacts.txt.gz", &len);
    struct arc_recs *rs = malloc(sizeof *rs);
    arc_scan("contacts.txt.gz", data, len, NULL, rs);
    assert_string_equal(arc_find(rs, "contacts.txt.gz")->type, "gzip");
    assert_int_equal(arc_find(rs, "contacts.txt.gz | contacts.txt")->bytes, CONTACT_LEN);
    free(data);

    /* FNAME wins; two concatenated members are one stream. */
    data = arc_read("golden/gzip_text/input/orders.gz", &len);
    arc_scan("orders.gz", data, len, NULL, rs);
    const struct arc_rec *m = arc_find(rs, "orders.gz | orders-2024.txt");
    assert_int_equal(m->status, ES_REC_OK);
    assert_int_equal(m->bytes, CONTACT2_LEN);
    free(data);

    /* .tgz without a tar inside is named .tar as gunzip would. */
    static const char text[] = "mail me: bob.sample@example.org\n";
    unsigned char *z = gz(text, sizeof text - 1, &len);
    arc_scan("notes.tgz", z, len, NULL, rs);
    assert_int_equal(arc_find(rs, "notes.tgz | notes.tar")->bytes, sizeof text - 1);
    free(z);
    free(rs);
}

static void test_tgz_one_level(void **state)
{
    (void)state;
    size_t len;
    unsigned char *data = arc_read("golden/gzip_tgz/input/backup.tgz", &len);
    struct arc_recs *rs = malloc(sizeof *rs);
    arc_scan("backup.tgz", data, len, NULL, rs);
    assert_string_equal(arc_find(rs, "backup.tgz")->type, "tar.gz");
    const struct arc_rec *m = arc_find(rs, "backup.tgz | backup/customers.txt");
    assert_int_equal(m->depth, 2);
    assert_int_equal(m->bytes, CONTACT_LEN);
    assert_int_equal(arc_find(rs, "backup.tgz | backup/orders.txt")->bytes, CONTACT2_LEN);
    assert_int_equal(rs->n, 3);
    free(data);
    free(rs);
}

static void test_corrupt(void **state)
{
    (void)state;
    static const char text[] = "some text with alice.example@example.com in it, repeated. ";
    char big[4096];
    for (size_t i = 0; i + sizeof text <= sizeof big; i += sizeof text - 1)
        memcpy(big + i, text, sizeof text - 1);
    size_t len;
    unsigned char *z = gz(big, sizeof big, &len);
    struct arc_recs *rs = malloc(sizeof *rs);
    /* Cut in the middle: the member is read as far as it goes. */
    arc_scan("cut.gz", z, len / 2, NULL, rs);
    const struct arc_rec *top = arc_find(rs, "cut.gz");
    assert_int_equal(top->status, ES_REC_ERROR);
    assert_non_null(strstr(top->error, "truncated"));
    assert_int_equal(arc_find(rs, "cut.gz | cut")->status, ES_REC_ERROR);
    /* Not deflate data after a valid header. */
    memset(z + 10, 0xff, len - 10);
    arc_scan("bad.gz", z, len, NULL, rs);
    assert_int_equal(arc_find(rs, "bad.gz")->status, ES_REC_ERROR);
    free(z);
    free(rs);
}

/* 64 MiB of zeros stop at the ratio limit soon after the grace amount. */
static void test_zero_bomb(void **state)
{
    (void)state;
    size_t len;
    unsigned char *z = gz(NULL, 64u << 20, &len);
    struct arc_recs *rs = malloc(sizeof *rs);
    clock_t t0 = clock();
    arc_scan("zeros.gz", z, len, NULL, rs);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    const struct arc_rec *m = arc_find(rs, "zeros.gz | zeros");
    assert_int_equal(m->status, ES_REC_LIMIT);
    assert_non_null(strstr(m->error, "ratio"));
    assert_true(secs < 5.0);
    free(z);
    free(rs);
}

/* 24 gzip layers stop at the depth limit. */
static void test_nested(void **state)
{
    (void)state;
    static const char text[] = "deep: carol.test@example.net\n";
    size_t len = sizeof text - 1;
    unsigned char *cur = malloc(len);
    memcpy(cur, text, len);
    for (int i = 0; i < 24; i++) {
        size_t n;
        unsigned char *next = gz(cur, len, &n);
        free(cur);
        cur = next;
        len = n;
    }
    struct arc_recs *rs = malloc(sizeof *rs);
    uint64_t lim[ES_NLIMITS] = {0};
    lim[ES_LIMIT_DEPTH] = 8;
    arc_scan("deep.gz", cur, len, lim, rs);
    /* The top file, members at depths 1..8, then one refused at depth 9. */
    assert_int_equal(rs->n, 10);
    assert_int_equal(rs->r[8].status, ES_REC_OK);
    assert_int_equal(rs->r[9].status, ES_REC_LIMIT);
    assert_non_null(strstr(rs->r[9].error, "depth"));
    free(cur);
    free(rs);
}

/* A tar.gz whose member is a zero bomb: the tar layer's own accounting
 * stops it even though tar members have no packed size. */
static void test_tgz_bomb(void **state)
{
    (void)state;
    size_t n = (size_t)32 << 20, len;
    unsigned char *tar = calloc(1, n + 1024 + 512);
    assert_non_null(tar);
    memcpy(tar, "zeros.bin", 9);
    memcpy(tar + 100, "0000644", 7);
    snprintf((char *)tar + 124, 12, "%011llo", (unsigned long long)n);
    tar[156] = '0';
    memcpy(tar + 257, "ustar\0" "00", 8);
    memset(tar + 148, ' ', 8);
    unsigned sum = 0;
    for (int i = 0; i < 512; i++)
        sum += tar[i];
    snprintf((char *)tar + 148, 8, "%06o", sum);
    unsigned char *z = gz(tar, n + 1024 + 512, &len);
    free(tar);
    struct arc_recs *rs = malloc(sizeof *rs);
    arc_scan("bomb.tgz", z, len, NULL, rs);
    const struct arc_rec *top = arc_find(rs, "bomb.tgz");
    assert_int_equal(top->status, ES_REC_LIMIT);
    assert_non_null(strstr(top->error, "ratio"));
    free(z);
    free(rs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names_and_members), cmocka_unit_test(test_tgz_one_level),
        cmocka_unit_test(test_corrupt),           cmocka_unit_test(test_zero_bomb),
        cmocka_unit_test(test_nested),            cmocka_unit_test(test_tgz_bomb),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
