/* es_zread: one zip entry's uncompressed bytes, ISA-L for deflate, libzip otherwise. */
#include <stdlib.h>
#include <zlib.h>

#include "tests/zip_util.h"
#include "scanner/zipread.h"

/* An in-memory zip of entries "a" (deflate) and "b" (stored), both `text`;
 * malloc'd, size in *len. */
static unsigned char *zip_two(const char *text, size_t n, size_t *len)
{
    const struct test_zip_entry e[] = {{"a", text, n, ZIP_CM_DEFLATE}, {"b", text, n, ZIP_CM_STORE}};
    return test_zip_make(e, 2, len);
}

/* Read entry idx in pieces of `step` bytes into out (cap bytes); returns
 * the bytes read, or -1 on an error (r->why says why). */
static ssize_t read_all(struct es_zread *r, zip_t *za, zip_uint64_t idx, size_t step, char *out,
                        size_t cap)
{
    zip_stat_t st;
    zip_stat_init(&st);
    assert_int_equal(zip_stat_index(za, idx, 0, &st), 0);
    assert_int_equal(es_zread_open(r, za, idx, &st), 0);
    assert_int_equal(r->raw, idx == 0); /* "a" deflate (ISA-L), "b" stored (libzip) */
    size_t got = 0;
    for (;;) {
        size_t want = step < cap - got ? step : cap - got;
        ssize_t k = es_zread_read(r, out + got, want);
        if (k < 0)
            return -1;
        if (k == 0)
            break;
        got += (size_t)k;
        if (got == cap)
            break;
    }
    es_zread_close(r);
    return (ssize_t)got;
}

/* Letters and line breaks from a fixed LCG: deflate makes several blocks. */
static char *make_text(size_t n)
{
    char *t = malloc(n);
    uint32_t seed = 7;
    for (size_t i = 0; i < n; i++) {
        seed = seed * 1103515245u + 12345u;
        unsigned k = (seed >> 16) % 27;
        t[i] = k == 26 ? '\n' : (char)('a' + k);
    }
    return t;
}

/* Every byte comes out whatever the read size (one byte, odd sizes, the
 * 4000 bytes libxml2 asks for, more than the entry), for the deflate entry
 * (ISA-L) and the stored one (libzip), with one reader reused. */
static void test_read_sizes(void **state)
{
    (void)state;
    size_t n = 300000, len;
    char *text = make_text(n);
    unsigned char *z = zip_two(text, n, &len);
    zip_t *za = test_zip_open(z, len);
    char *out = malloc(n + 100);
    struct es_zread r;
    es_zread_init(&r);
    static const size_t steps[] = {1, 7, 4000, 65536, 1000000};
    for (size_t s = 0; s < sizeof steps / sizeof *steps; s++) {
        for (zip_uint64_t idx = 0; idx < 2; idx++) {
            memset(out, 0, n + 100);
            assert_int_equal(read_all(&r, za, idx, steps[s], out, n + 100), (ssize_t)n);
            assert_memory_equal(out, text, n);
            assert_int_equal(r.raw, 0); /* closed */
        }
    }
    assert_non_null(r.zi); /* the deflate entry used ISA-L */
    es_zread_fini(&r);
    assert_null(r.zi);
    zip_discard(za);
    free(out);
    free(z);
    free(text);
}

/* xor the CRC-32 of the entry whose local header is at loff (and its
 * central record, the cidx-th) with 1. */
static void flip_crc(unsigned char *z, size_t len, size_t loff, int cidx)
{
    z[loff + 14] ^= 1;
    unsigned char *c = memmem(z, len, "PK\1\2", 4);
    for (int i = 0; i < cidx; i++) {
        size_t skip = 46u + (size_t)(c[28] | c[29] << 8) + (size_t)(c[30] | c[31] << 8) +
                      (size_t)(c[32] | c[33] << 8);
        c += skip;
    }
    c[16] ^= 1;
}

/* A wrong CRC fails both kinds of entry after all their data; corrupt
 * deflate data gives its own reason. */
static void test_errors(void **state)
{
    (void)state;
    size_t n = 100000, len;
    char *text = make_text(n);
    unsigned char *z = zip_two(text, n, &len);
    size_t a_len = 30u + 1u + (size_t)(z[28] | z[29] << 8) +
                   (size_t)(z[18] | z[19] << 8 | z[20] << 16 | (uint32_t)z[21] << 24);
    assert_int_equal(memcmp(z + a_len, "PK\3\4", 4), 0); /* "b" follows "a" */
    flip_crc(z, len, 0, 0);
    flip_crc(z, len, a_len, 1);
    char *out = malloc(n);
    struct es_zread r;
    es_zread_init(&r);
    zip_t *za = test_zip_open(z, len);
    for (zip_uint64_t idx = 0; idx < 2; idx++) {
        zip_stat_t st;
        zip_stat_init(&st);
        assert_int_equal(zip_stat_index(za, idx, 0, &st), 0);
        assert_int_equal(es_zread_open(&r, za, idx, &st), 0);
        size_t got = 0;
        ssize_t k;
        while ((k = es_zread_read(&r, out + got, n - got < 4096 ? n - got : 4096)) > 0)
            got += (size_t)k;
        if (got == n)
            k = es_zread_read(&r, out, 1); /* the check comes after the data */
        assert_int_equal(k, -1);
        assert_int_equal(got, n);
        assert_string_equal(r.why, "CRC mismatch");
        assert_int_equal(es_zread_read(&r, out, 1), -1); /* sticky */
    }
    zip_discard(za);
    flip_crc(z, len, 0, 0);
    /* The first block's type set to 3, which RFC 1951 reserves. */
    z[30 + 1 + (z[28] | z[29] << 8)] |= 6;
    za = test_zip_open(z, len);
    assert_int_equal(read_all(&r, za, 0, 4000, out, n), -1);
    assert_string_equal(r.why, "corrupt compressed data");
    es_zread_close(&r);
    zip_discard(za);
    es_zread_fini(&r);
    es_zread_fini(&r); /* twice is harmless */
    free(out);
    free(z);
    free(text);
}

static void put16(unsigned char *p, unsigned v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
}

static void put32(unsigned char *p, uint32_t v)
{
    put16(p, v & 0xFFFF);
    put16(p + 2, v >> 16);
}

/* A zip of one deflate entry "a" whose data is `data` (raw deflate, n
 * bytes), declared as csize compressed and usize uncompressed bytes with
 * CRC crc; malloc'd, size in *len. */
static unsigned char *zip_raw(const unsigned char *data, size_t n, size_t csize, size_t usize,
                              uint32_t crc, size_t *len)
{
    size_t cd = 31 + n, total = cd + 47 + 22;
    unsigned char *z = calloc(1, total);
    memcpy(z, "PK\3\4", 4);
    put16(z + 4, 20);
    put16(z + 8, 8); /* deflate */
    put16(z + 12, 0x21);
    put32(z + 14, crc);
    put32(z + 18, (uint32_t)csize);
    put32(z + 22, (uint32_t)usize);
    put16(z + 26, 1);
    z[30] = 'a';
    memcpy(z + 31, data, n);
    unsigned char *c = z + cd;
    memcpy(c, "PK\1\2", 4);
    put16(c + 4, 20);
    put16(c + 6, 20);
    put16(c + 10, 8);
    put16(c + 14, 0x21);
    put32(c + 16, crc);
    put32(c + 20, (uint32_t)csize);
    put32(c + 24, (uint32_t)usize);
    put16(c + 28, 1);
    c[46] = 'a';
    unsigned char *e = c + 47;
    memcpy(e, "PK\5\6", 4);
    put16(e + 8, 1);
    put16(e + 10, 1);
    put32(e + 12, 47);
    put32(e + 16, (uint32_t)cd);
    *len = total;
    return z;
}

/* Deflate data that goes bad after 40000 good bytes: four stored blocks of
 * 10000, then a block of the type RFC 1951 reserves. ISA-L has decoded
 * the good bytes ahead when it meets the bad block; all of them come out,
 * in the 4000-byte reads libxml2 makes, before the error. */
static void test_text_before_damage(void **state)
{
    (void)state;
    size_t n = 40000, len;
    char *text = make_text(n);
    unsigned char *raw = malloc(n + 4 * 5 + 1);
    size_t o = 0;
    for (size_t b = 0; b < 4; b++) {
        raw[o++] = 0; /* not final, stored */
        put16(raw + o, 10000);
        put16(raw + o + 2, (unsigned)~10000u & 0xFFFF);
        o += 4;
        memcpy(raw + o, text + b * 10000, 10000);
        o += 10000;
    }
    raw[o++] = 0x07; /* final, type 3 */
    unsigned char *z = zip_raw(raw, o, o, n + 1000, (uint32_t)crc32(0, (const Bytef *)text, (uInt)n), &len);
    zip_t *za = test_zip_open(z, len);
    char *out = malloc(n + 1000);
    struct es_zread r;
    es_zread_init(&r);
    zip_stat_t st;
    zip_stat_init(&st);
    assert_int_equal(zip_stat_index(za, 0, 0, &st), 0);
    assert_int_equal(es_zread_open(&r, za, 0, &st), 0);
    assert_int_equal(r.raw, 1); /* ISA-L */
    size_t got = 0;
    ssize_t k;
    while ((k = es_zread_read(&r, out + got, 4000)) > 0)
        got += (size_t)k;
    assert_int_equal(k, -1);
    assert_string_equal(r.why, "corrupt compressed data");
    assert_int_equal(got, n);
    assert_memory_equal(out, text, n);
    es_zread_fini(&r);
    zip_discard(za);
    free(out);
    free(z);
    free(raw);
    free(text);
}

/* Reads entry "a" of z to its end in 4000-byte pieces into out (cap
 * bytes): the bytes read, and in *k the last return (-1 on an error). */
static size_t read_to_end(const unsigned char *z, size_t len, char *out, size_t cap, ssize_t *k,
                          struct es_zread *r)
{
    zip_t *za = test_zip_open(z, len);
    zip_stat_t st;
    zip_stat_init(&st);
    assert_int_equal(zip_stat_index(za, 0, 0, &st), 0);
    assert_int_equal(es_zread_open(r, za, 0, &st), 0);
    assert_int_equal(r->raw, 1); /* ISA-L */
    size_t got = 0;
    while (got < cap && (*k = es_zread_read(r, out + got, cap - got < 4000 ? cap - got : 4000)) > 0)
        got += (size_t)*k;
    es_zread_close(r);
    zip_discard(za);
    return got;
}

/* Deflate data that stops early: one stored block that promises 60000
 * bytes of which 1000 are there. Declared as exactly those bytes, the
 * stream is cut: the 1000 bytes come out, then the CRC check fails.
 * Declared as 100000 bytes more than the archive holds, libzip's own read
 * of the compressed data fails once the archive ends: an error, never a
 * loop or bytes from past the end. */
static void test_data_ends_early(void **state)
{
    (void)state;
    size_t n = 1000, len;
    char *text = make_text(n);
    unsigned char raw[5 + 1000];
    raw[0] = 0; /* not final, stored */
    put16(raw + 1, 60000);
    put16(raw + 3, (unsigned)~60000u & 0xFFFF);
    memcpy(raw + 5, text, n);
    /* Not the CRC of the 1000 bytes: that of the whole entry, never read. */
    uint32_t crc = (uint32_t)crc32(0, (const Bytef *)text, (uInt)n) ^ 1u;
    char *out = malloc(70000);
    struct es_zread r;
    es_zread_init(&r);
    ssize_t k = 0;

    unsigned char *z = zip_raw(raw, sizeof raw, sizeof raw, 60000, crc, &len);
    assert_int_equal(read_to_end(z, len, out, 70000, &k, &r), n);
    assert_int_equal(k, -1);
    assert_string_equal(r.why, "CRC mismatch");
    assert_memory_equal(out, text, n);
    free(z);

    z = zip_raw(raw, sizeof raw, sizeof raw + 100000, 60000, crc, &len);
    size_t got = read_to_end(z, len, out, 70000, &k, &r);
    assert_int_equal(k, -1);
    assert_string_equal(r.why, "truncated entry");
    /* The stored block runs on over the central directory, which is in
     * the archive; nothing past its end. */
    assert_true(got >= n && got <= len - sizeof raw + n);
    assert_memory_equal(out, text, n);
    free(z);

    es_zread_fini(&r);
    free(out);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_read_sizes),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_text_before_damage),
        cmocka_unit_test(test_data_ends_early),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
