/* Growable buffers with a cap (scanner/buf.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "exposcan/exposcan.h"
#include "scanner/buf.h"

static void test_append_and_nul(void **state)
{
    (void)state;
    struct es_buf b;
    es_buf_init(&b, 1024);
    assert_null(b.data);
    assert_int_equal(es_buf_append(&b, "abc", 3), ES_OK);
    assert_int_equal(es_buf_putc(&b, 'd'), ES_OK);
    assert_int_equal(es_buf_append_str(&b, "ef"), ES_OK);
    assert_int_equal(b.len, 6);
    assert_string_equal(b.data, "abcdef");   /* NUL kept after len */
    assert_int_equal(es_buf_append(&b, NULL, 0), ES_OK);
    assert_int_equal(b.len, 6);
    es_buf_free(&b);
    assert_null(b.data);
    assert_int_equal(b.len, 0);
}

/* The cap is exact: max bytes fit, one more fails and leaves the buffer as it was. */
static void test_cap(void **state)
{
    (void)state;
    struct es_buf b;
    es_buf_init(&b, 10);
    assert_int_equal(es_buf_append(&b, "0123456789", 10), ES_OK);
    assert_int_equal(es_buf_putc(&b, 'x'), ES_ERR_LIMIT);
    assert_int_equal(b.len, 10);
    assert_string_equal(b.data, "0123456789");
    assert_true(b.cap <= 11);   /* never allocates past max + NUL */
    es_buf_consume(&b, 4);
    assert_int_equal(es_buf_append(&b, "abcd", 4), ES_OK);
    assert_string_equal(b.data, "456789abcd");
    /* A huge request cannot overflow the size arithmetic. */
    assert_int_equal(es_buf_reserve(&b, SIZE_MAX), ES_ERR_LIMIT);
    assert_int_equal(es_buf_reserve(&b, SIZE_MAX - 5), ES_ERR_LIMIT);
    es_buf_free(&b);
}

/* Growth keeps the content through many reallocations. */
static void test_growth(void **state)
{
    (void)state;
    struct es_buf b;
    es_buf_init(&b, 1u << 20);
    for (unsigned i = 0; i < 100000; i++)
        assert_int_equal(es_buf_putc(&b, (char)('a' + i % 26)), ES_OK);
    assert_int_equal(b.len, 100000);
    for (unsigned i = 0; i < 100000; i++)
        assert_int_equal(b.data[i], 'a' + i % 26);
    assert_int_equal(b.data[b.len], '\0');
    es_buf_free(&b);
}

/* A buffer without a practical cap (max = SIZE_MAX) still grows. */
static void test_unbounded_max(void **state)
{
    (void)state;
    struct es_buf b;
    es_buf_init(&b, SIZE_MAX);
    assert_int_equal(es_buf_append(&b, "hello", 5), ES_OK);
    assert_int_equal(es_buf_append(&b, " world", 6), ES_OK);
    assert_string_equal(b.data, "hello world");
    es_buf_free(&b);
}

static void test_printf(void **state)
{
    (void)state;
    struct es_buf b;
    es_buf_init(&b, 32);
    assert_int_equal(es_buf_printf(&b, "%s=%d", "n", 42), ES_OK);
    assert_int_equal(es_buf_printf(&b, ";%05u", 7u), ES_OK);
    assert_string_equal(b.data, "n=42;00007");
    assert_int_equal(b.len, 10);
    /* Past the cap: refused whole, nothing half-written. */
    assert_int_equal(es_buf_printf(&b, "%030d", 1), ES_ERR_LIMIT);
    assert_int_equal(b.len, 10);
    assert_string_equal(b.data, "n=42;00007");
    es_buf_free(&b);
}

static void test_consume(void **state)
{
    (void)state;
    struct es_buf b;
    es_buf_init(&b, 64);
    es_buf_consume(&b, 5);   /* empty, never allocated: harmless */
    assert_int_equal(b.len, 0);
    assert_int_equal(es_buf_append_str(&b, "line1\nline2\n"), ES_OK);
    es_buf_consume(&b, 6);
    assert_string_equal(b.data, "line2\n");
    es_buf_consume(&b, 100);
    assert_int_equal(b.len, 0);
    assert_string_equal(b.data, "");
    es_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_append_and_nul), cmocka_unit_test(test_cap),
        cmocka_unit_test(test_growth),         cmocka_unit_test(test_unbounded_max),
        cmocka_unit_test(test_printf),         cmocka_unit_test(test_consume),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
