/*
 * Sniffing's byte tests (scanner/sniff.c): es_looks_text() and
 * es_looks_utf16() against a byte-by-byte count, from every start offset
 * and length of buffers that hold each C0 control byte, so that the
 * vector blocks and their scalar tails see every byte class.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "scanner/extract.h"

static int text_ref(const unsigned char *p, size_t n)
{
    size_t bad = 0;
    for (size_t i = 0; i < n; i++)
        bad += p[i] < 0x20 && !memchr("\n\r\t\f\x1b", p[i], 5);
    return bad * 100 <= n;
}

static int utf16_ref(const unsigned char *p, size_t n)
{
    size_t even = 0, odd = 0, pairs = n / 2;
    if (pairs < 8)
        return 0;
    for (size_t i = 0; i + 1 < n; i += 2) {
        even += p[i] == 0;
        odd += p[i + 1] == 0;
    }
    return (odd * 10 >= pairs * 3 && even * 20 < pairs) || (even * 10 >= pairs * 3 && odd * 20 < pairs);
}

/* Text with a control byte (each of 0x00-0x1F in turn, and 0x7F, 0x80,
 * 0x9F, 0xFF around them) about every `gap` bytes. */
static void fill(unsigned char *b, size_t n, unsigned gap, unsigned seed)
{
    static const unsigned char other[] = {0x7F, 0x80, 0x9F, 0xFF, ' ', 0x1F, 0x20};
    unsigned k = 0;
    for (size_t i = 0; i < n; i++) {
        seed = seed * 1103515245u + 12345u;
        unsigned r = seed >> 16;
        if (r % gap == 0)
            b[i] = (unsigned char)(k++ % 32);
        else if (r % gap == 1)
            b[i] = other[r % sizeof other];
        else
            b[i] = (unsigned char)('a' + r % 26);
    }
}

static void test_looks_text(void **state)
{
    (void)state;
    unsigned char b[600];
    /* Gaps around the threshold of one bad byte in a hundred, and dense. */
    static const unsigned gaps[] = {2, 7, 40, 150, 400};
    for (size_t g = 0; g < sizeof gaps / sizeof *gaps; g++) {
        fill(b, sizeof b, gaps[g], (unsigned)g + 1);
        for (size_t off = 0; off < 33; off++)
            for (size_t n = 0; off + n <= sizeof b; n += 1 + n / 16) {
                if (es_looks_text(b + off, n) != text_ref(b + off, n))
                    fail_msg("gap %u off %zu len %zu: %d", gaps[g], off, n, es_looks_text(b + off, n));
            }
    }
    /* Layout controls alone are text; one bad byte in 100 is noise, two are not. */
    unsigned char t[200];
    memset(t, 'x', sizeof t);
    for (size_t i = 0; i < sizeof t; i += 5)
        t[i] = (unsigned char)"\n\r\t\f\x1b"[i / 5 % 5];
    assert_true(es_looks_text(t, sizeof t));
    t[17] = 0x01;
    assert_true(es_looks_text(t, sizeof t));
    t[33] = 0x00;
    assert_true(es_looks_text(t, sizeof t));
    t[190] = 0x1e;
    assert_false(es_looks_text(t, sizeof t));
}

static void test_looks_utf16(void **state)
{
    (void)state;
    unsigned char b[600];
    /* UTF-16LE/BE of ASCII, with CJK pairs (no NUL) mixed in at rates
     * around the thresholds, odd lengths, and no NUL at all. */
    for (unsigned rate = 0; rate <= 10; rate++)
        for (int le = 0; le < 2; le++) {
            unsigned seed = rate * 2 + (unsigned)le + 1;
            for (size_t i = 0; i + 1 < sizeof b; i += 2) {
                seed = seed * 1103515245u + 12345u;
                int cjk = (seed >> 16) % 10 < rate;
                unsigned char hi = cjk ? (unsigned char)(0x4E + (seed >> 20) % 16) : 0;
                unsigned char lo = (unsigned char)('a' + (seed >> 24) % 26);
                b[i] = le ? lo : hi;
                b[i + 1] = le ? hi : lo;
            }
            for (size_t off = 0; off < 3; off++)
                for (size_t n = 0; off + n <= sizeof b - 1; n += 1 + n / 8)
                    if (es_looks_utf16(b + off, n) != utf16_ref(b + off, n))
                        fail_msg("rate %u le %d off %zu len %zu", rate, le, off, n);
        }
    unsigned char t[64];
    memset(t, 'a', sizeof t);
    assert_false(es_looks_utf16(t, sizeof t));
    t[63] = 0;   /* a NUL only in the last byte, outside every pair */
    assert_false(es_looks_utf16(t, 63));
    for (size_t i = 1; i < sizeof t; i += 2)
        t[i] = 0;
    assert_true(es_looks_utf16(t, sizeof t));
    /* NULs only in the second half: still counted. */
    memset(t, 'a', 24);
    assert_true(es_looks_utf16(t, sizeof t));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_looks_text),
        cmocka_unit_test(test_looks_utf16),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
