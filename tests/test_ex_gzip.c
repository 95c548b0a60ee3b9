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

/* One gzip member built by hand, to control every header field: the flag
 * byte flg, an FEXTRA field of xlen bytes when flg has it, "n.txt" as FNAME
 * and "c" as FCOMMENT when flagged, the header CRC when FHCRC is set, raw
 * deflate of data, then CRC-32 and ISIZE, each xor'd with crc_xor and
 * size_xor to corrupt them. Appended to out at *len (out has room). */
static void member(unsigned char *out, size_t *len, unsigned flg, size_t xlen,
                   const void *data, size_t n, uint32_t crc_xor, uint32_t size_xor)
{
    unsigned char *p = out + *len, *h = p;
    static const unsigned char fixed[] = {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3};
    memcpy(p, fixed, sizeof fixed);
    p[3] = (unsigned char)flg;
    p += sizeof fixed;
    if (flg & 4) {
        *p++ = (unsigned char)(xlen & 0xff);
        *p++ = (unsigned char)(xlen >> 8);
        memset(p, 'x', xlen);
        p += xlen;
    }
    if (flg & 8) {
        memcpy(p, "n.txt", 6);
        p += 6;
    }
    if (flg & 16) {
        memcpy(p, "c", 2);
        p += 2;
    }
    if (flg & 2) {
        uLong hc = crc32(0, h, (uInt)(p - h));
        *p++ = (unsigned char)(hc & 0xff);
        *p++ = (unsigned char)((hc >> 8) & 0xff);
    }
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    assert_int_equal(deflateInit2(&zs, 6, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY), Z_OK);
    zs.next_in = (unsigned char *)data;
    zs.avail_in = (uInt)n;
    zs.next_out = p;
    zs.avail_out = (uInt)deflateBound(&zs, n);
    assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
    p += zs.total_out;
    deflateEnd(&zs);
    uint32_t c = (uint32_t)crc32(0, data, (uInt)n) ^ crc_xor, sz = (uint32_t)n ^ size_xor;
    for (int i = 0; i < 4; i++)
        *p++ = (unsigned char)(c >> (8 * i));
    for (int i = 0; i < 4; i++)
        *p++ = (unsigned char)(sz >> (8 * i));
    *len = (size_t)(p - out);
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

/* Pseudo-random printable text (a fixed LCG), which deflate cannot shrink
 * much, so compressed offsets move with the data. */
static void noise(char *buf, size_t n, uint32_t seed)
{
    for (size_t i = 0; i < n; i++) {
        seed = seed * 1103515245u + 12345u;
        buf[i] = (char)('a' + (seed >> 16) % 26);
    }
}

/* Several members, one of them empty and one with every optional header
 * field, are one stream; bytes after the last member that do not start one
 * end the data, as gunzip ignores trailing garbage. */
static void test_multi_member(void **state)
{
    (void)state;
    static const char a[] = "mail me: bob.sample@example.org\n";
    static const char b[] = "third part\n";
    unsigned char *z = malloc(4096);
    size_t len = 0;
    member(z, &len, 0, 0, a, sizeof a - 1, 0, 0);
    member(z, &len, 0, 0, "", 0, 0, 0);
    member(z, &len, 2 | 4 | 8 | 16, 300, b, sizeof b - 1, 0, 0);
    member(z, &len, 0, 0, a, sizeof a - 1, 0, 0);
    memcpy(z + len, "\0\0garbage", 9);
    struct arc_recs *rs = malloc(sizeof *rs);
    arc_scan("multi.gz", z, len + 9, NULL, rs);
    const struct arc_rec *m = arc_find(rs, "multi.gz | multi");
    assert_int_equal(m->status, ES_REC_OK);
    assert_int_equal(m->bytes, 2 * (sizeof a - 1) + sizeof b - 1);
    /* A magic byte after the members starts one, and half a header is a cut
     * stream. */
    memcpy(z + len, "\x1f\x8b", 2);
    arc_scan("multi.gz", z, len + 2, NULL, rs);
    assert_non_null(strstr(arc_find(rs, "multi.gz")->error, "truncated"));
    free(z);
    free(rs);
}

/* A wrong CRC-32 or ISIZE in a trailer, a wrong header CRC and a reserved
 * flag bit fail the file as corrupt, like zlib did. */
static void test_bad_checks(void **state)
{
    (void)state;
    char text[3000];
    noise(text, sizeof text, 7);
    unsigned char *z = malloc(8192);
    struct arc_recs *rs = malloc(sizeof *rs);
    static const struct {
        unsigned flg;
        uint32_t crc_xor, size_xor;
        int hcrc_bad;
    } cases[] = {{0, 1, 0, 0}, {0, 0, 1u << 31, 0}, {2 | 8, 0, 0, 1}, {0x20, 0, 0, 0}, {0x80 | 8, 0, 0, 0}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t len = 0;
        member(z, &len, 0, 0, "ok\n", 3, 0, 0);
        size_t at = len;
        member(z, &len, cases[i].flg, 0, text, sizeof text, cases[i].crc_xor, cases[i].size_xor);
        if (cases[i].hcrc_bad)
            z[at + 10 + 6] ^= 1;  /* after the fixed part and "n.txt" */
        arc_scan("bad.gz", z, len, NULL, rs);
        const struct arc_rec *top = arc_find(rs, "bad.gz");
        assert_int_equal(top->status, ES_REC_ERROR);
        assert_non_null(strstr(top->error, "corrupt gzip data"));
    }
    free(z);
    free(rs);
}

/* Members whose trailers and headers (every optional field) fall across
 * the extractor's 64 KiB input reads at each byte: the first member's FEXTRA
 * moves the boundary one byte at a time over the end of the second member
 * and the whole third one. */
static void test_split_reads(void **state)
{
    (void)state;
    enum { BIG = 65000, SMALL = 200, READ = 65536, TAIL = 16 };
    char *big = malloc(BIG), small[SMALL];
    noise(big, BIG, 1);
    noise(small, SMALL, 2);
    unsigned char *z = malloc(2 * READ);
    struct arc_recs *rs = malloc(sizeof *rs);
    /* Member offsets without FEXTRA data. */
    size_t len = 0;
    member(z, &len, 4, 0, "x", 1, 0, 0);
    member(z, &len, 0, 0, big, BIG, 0, 0);
    size_t m3 = len;
    member(z, &len, 2 | 4 | 8 | 16, 5, small, SMALL, 0, 0);
    size_t end = len;
    assert_true(end < READ && m3 > TAIL);
    for (size_t shift = READ - end; shift <= READ - (m3 - TAIL); shift++) {
        len = 0;
        member(z, &len, 4, shift, "x", 1, 0, 0);
        member(z, &len, 0, 0, big, BIG, 0, 0);
        member(z, &len, 2 | 4 | 8 | 16, 5, small, SMALL, 0, 0);
        arc_scan("split.gz", z, len, NULL, rs);
        const struct arc_rec *m = arc_find(rs, "split.gz | split");
        assert_int_equal(m->status, ES_REC_OK);
        assert_int_equal(m->bytes, 1 + BIG + SMALL);
    }
    free(big);
    free(z);
    free(rs);
}

/* Regression: ISA-L decodes ahead into its own buffer, so a stream cut in
 * its trailer has all its data decoded when the input ends; that data is
 * read before the "truncated" error (it was dropped at first). Likewise the
 * data before a wrong CRC-32 is read before the error. */
static void test_cut_trailer(void **state)
{
    (void)state;
    char text[3000];
    noise(text, sizeof text, 3);
    unsigned char *z = malloc(8192);
    struct arc_recs *rs = malloc(sizeof *rs);
    size_t len = 0;
    member(z, &len, 0, 0, text, sizeof text, 0, 0);
    arc_scan("cut.gz", z, len - 3, NULL, rs);
    const struct arc_rec *m = arc_find(rs, "cut.gz | cut");
    assert_int_equal(m->status, ES_REC_ERROR);
    assert_non_null(strstr(m->error, "truncated"));
    assert_int_equal(m->bytes, sizeof text);
    len = 0;
    member(z, &len, 0, 0, text, sizeof text, 0x100, 0);
    arc_scan("crc.gz", z, len, NULL, rs);
    m = arc_find(rs, "crc.gz | crc");
    assert_int_equal(m->status, ES_REC_ERROR);
    assert_non_null(strstr(m->error, "corrupt"));
    assert_int_equal(m->bytes, sizeof text);
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

/* A member whose deflate data goes bad after 40000 good bytes (four stored
 * blocks, then a block of the type RFC 1951 reserves): ISA-L has decoded
 * the good bytes ahead when it meets the bad block, and they are all read
 * and scanned (an address near their end is found) before the file fails
 * as corrupt. */
static void test_text_before_damage(void **state)
{
    (void)state;
    enum { GOOD = 40000, BLOCK = 10000 };
    char *text = malloc(GOOD);
    noise(text, GOOD, 11);
    memcpy(text + GOOD - 100, "\ntaro.yamada@hanamori-motors.co.jp\n", 36);
    unsigned char *z = malloc(GOOD + 64);
    static const unsigned char head[] = {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3};
    memcpy(z, head, sizeof head);
    size_t len = sizeof head;
    for (size_t b = 0; b < GOOD / BLOCK; b++) {
        z[len++] = 0; /* not final, stored */
        z[len++] = BLOCK & 0xff;
        z[len++] = BLOCK >> 8;
        z[len++] = (unsigned char)(~BLOCK & 0xff);
        z[len++] = (unsigned char)((~BLOCK >> 8) & 0xff);
        memcpy(z + len, text + b * BLOCK, BLOCK);
        len += BLOCK;
    }
    z[len++] = 0x07; /* final, type 3 */
    struct arc_recs *rs = malloc(sizeof *rs);
    arc_scan("damaged.gz", z, len, NULL, rs);
    const struct arc_rec *top = arc_find(rs, "damaged.gz");
    assert_int_equal(top->status, ES_REC_ERROR);
    assert_non_null(strstr(top->error, "corrupt gzip data"));
    const struct arc_rec *m = arc_find(rs, "damaged.gz | damaged");
    assert_int_equal(m->bytes, GOOD);
    assert_true(m->has_email);
    free(rs);
    free(z);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names_and_members), cmocka_unit_test(test_tgz_one_level),
        cmocka_unit_test(test_corrupt),           cmocka_unit_test(test_zero_bomb),
        cmocka_unit_test(test_nested),            cmocka_unit_test(test_tgz_bomb),
        cmocka_unit_test(test_multi_member),      cmocka_unit_test(test_bad_checks),
        cmocka_unit_test(test_split_reads),       cmocka_unit_test(test_cut_trailer), cmocka_unit_test(test_text_before_damage),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
