/* The CLI's JSON string escaping (scanner/json_out.c) and render buffer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "scanner/json_out.h"

/* Escape len bytes of in and compare with the expected JSON text. */
static void check(const char *in, size_t len, const char *want)
{
    struct es_rbuf b = {0};
    es_json_str(&b, in, len);
    assert_false(b.failed);
    es_rbuf_putc(&b, '\0');
    if (strcmp(b.data, want) != 0)
        fail_msg("escaped to %s, want %s", b.data, want);
    es_rbuf_free(&b);
}

#define CHECK(lit, want) check((lit), sizeof(lit) - 1, (want))

static void test_ascii_and_controls(void **state)
{
    (void)state;
    CHECK("plain text 123", "\"plain text 123\"");
    CHECK("", "\"\"");
    CHECK("a\"b\\c", "\"a\\\"b\\\\c\"");
    CHECK("\n\r\t", "\"\\n\\r\\t\"");
    CHECK("\x01\x1b[31m\x7f", "\"\\u0001\\u001b[31m\\u007f\"");
    CHECK("a\0b", "\"a\\u0000b\"");   /* NUL inside a counted string */
}

static void test_valid_utf8_copied(void **state)
{
    (void)state;
    CHECK("caf\xc3\xa9", "\"caf\xc3\xa9\"");                       /* U+00E9 */
    CHECK("\xe6\x97\xa5\xe6\x9c\xac", "\"\xe6\x97\xa5\xe6\x9c\xac\""); /* 日本 */
    CHECK("\xf0\x9f\x98\x80", "\"\xf0\x9f\x98\x80\"");             /* U+1F600 */
    CHECK("\xf4\x8f\xbf\xbf", "\"\xf4\x8f\xbf\xbf\"");             /* U+10FFFF */
    CHECK("\xc2\xa0", "\"\xc2\xa0\"");                             /* U+00A0 */
}

static void test_special_code_points(void **state)
{
    (void)state;
    CHECK("a\xe2\x80\xa8" "b\xe2\x80\xa9", "\"a\\u2028b\\u2029\"");
    CHECK("\xc2\x85\xc2\x9f", "\"\\u0085\\u009f\"");   /* C1 controls */
}

/* Each byte outside a valid sequence becomes U+DC00+byte (PEP 383). */
static void test_invalid_bytes_surrogateescape(void **state)
{
    (void)state;
    CHECK("\xff\xfe", "\"\\udcff\\udcfe\"");
    CHECK("\x80", "\"\\udc80\"");
    CHECK("\xc0\xaf", "\"\\udcc0\\udcaf\"");                 /* overlong '/' */
    CHECK("\xe0\x80\xaf", "\"\\udce0\\udc80\\udcaf\"");      /* overlong, 3 bytes */
    CHECK("\xed\xa0\x80", "\"\\udced\\udca0\\udc80\"");      /* encoded surrogate */
    CHECK("\xf4\x90\x80\x80", "\"\\udcf4\\udc90\\udc80\\udc80\""); /* past U+10FFFF */
    CHECK("\xf5\x80", "\"\\udcf5\\udc80\"");
    CHECK("\xe3\x81" "A", "\"\\udce3\\udc81A\"");            /* truncated, then ASCII */
    CHECK("\xe3\x81", "\"\\udce3\\udc81\"");                 /* truncated at the end */
    CHECK("latin1-\xe9t\xe9", "\"latin1-\\udce9t\\udce9\"");
    /* A valid sequence right after an invalid byte is kept. */
    CHECK("\xff\xc3\xa9", "\"\\udcff\xc3\xa9\"");
}

static void test_utf8_seq(void **state)
{
    (void)state;
    uint32_t cp = 0;
    assert_int_equal(es_utf8_seq((const unsigned char *)"A", 1, &cp), 1);
    assert_int_equal(cp, 'A');
    assert_int_equal(es_utf8_seq((const unsigned char *)"\xe6\x97\xa5", 3, &cp), 3);
    assert_int_equal(cp, 0x65e5);
    /* Not enough bytes available counts as invalid. */
    assert_int_equal(es_utf8_seq((const unsigned char *)"\xe6\x97\xa5", 2, &cp), 0);
    assert_int_equal(es_utf8_seq((const unsigned char *)"x", 0, &cp), 0);
}

static void test_cstr_numbers_printf(void **state)
{
    (void)state;
    struct es_rbuf b = {0};
    es_json_cstr(&b, NULL);
    es_rbuf_putc(&b, ' ');
    es_json_cstr(&b, "x");
    es_rbuf_putc(&b, ' ');
    es_json_u64(&b, UINT64_MAX);
    es_rbuf_putc(&b, ' ');
    es_json_fixed(&b, 1.23456, 3);
    es_rbuf_putc(&b, ' ');
    es_json_fixed(&b, 1.0 / 0.0, 2);   /* never "inf" in JSON */
    es_rbuf_putc(&b, '\0');
    assert_string_equal(b.data, "null \"x\" 18446744073709551615 1.235 0.00");
    es_rbuf_free(&b);
    /* Output longer than printf's small first buffer is kept whole. */
    char big[1000];
    memset(big, 'q', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    es_rbuf_printf(&b, "<%s>", big);
    assert_int_equal(b.len, sizeof big + 1);
    assert_int_equal(b.data[0], '<');
    assert_int_equal(b.data[b.len - 1], '>');
    es_rbuf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ascii_and_controls),
        cmocka_unit_test(test_valid_utf8_copied),
        cmocka_unit_test(test_special_code_points),
        cmocka_unit_test(test_invalid_bytes_surrogateescape),
        cmocka_unit_test(test_utf8_seq),
        cmocka_unit_test(test_cstr_numbers_printf),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
