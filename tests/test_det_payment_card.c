/* payment_card: issuer ranges, Luhn, separators, masked and embedded numbers. */
#include <stdio.h>

#include "util.h"

static enum es_confidence conf_of(const char *text)
{
    struct es_test_hit h[ES_TEST_MAX_HITS];
    size_t n = es_test_hits("payment_card", text, h);
    assert_int_equal(n, 1);
    return h[0].conf;
}

static void test_issuers(void **state)
{
    (void)state;
    assert_one_hit("payment_card", "paid 4111111111111111 ok", "4111111111111111");
    assert_one_hit("payment_card", "MC 5500000000000004", "5500000000000004");
    assert_one_hit("payment_card", "2223003122003222", "2223003122003222");
    assert_one_hit("payment_card", "amex 378282246310005", "378282246310005");
    assert_one_hit("payment_card", "JCB 3530111333300000", "3530111333300000");
    assert_one_hit("payment_card", "6011111111111117", "6011111111111117");
    assert_one_hit("payment_card", "Diners 36227206271667", "36227206271667");
    assert_one_hit("payment_card", "銀聯6200000000000005です", "6200000000000005");
}

static void test_separators(void **state)
{
    (void)state;
    assert_one_hit("payment_card", "Card: 4111 1111 1111 1111", "4111111111111111");
    assert_one_hit("payment_card", "4111-1111-1111-1111.", "4111111111111111");
    /* A CSV field followed by the expiry field. */
    assert_one_hit("payment_card", "Bella Rose,5386544316619741,04/26,94803", "5386544316619741");
    assert_one_hit("payment_card", "3782 822463 10005", "378282246310005");
    /* Mixed separators are not one number. */
    assert_no_hit("payment_card", "4111 1111-1111 1111");
}

static void test_luhn_and_ranges(void **state)
{
    (void)state;
    /* A 16-digit reference failing Luhn. */
    assert_no_hit("payment_card", "ref 4111111111111112");
    /* Luhn-valid but no issuer there (IMEI, ICCID shapes). */
    assert_no_hit("payment_card", "imei 490154203237518");
    assert_no_hit("payment_card", "89860012345678901238");
    /* Right prefix, wrong length for the scheme (Amex is 15 digits). */
    assert_no_hit("payment_card", "3782822463100005");
}

static void test_masked_and_embedded(void **state)
{
    (void)state;
    assert_no_hit("payment_card", "**** **** **** 1111");
    assert_no_hit("payment_card", "411111******1111");
    assert_no_hit("payment_card", "4111 1111 1111 **** ");
    /* Inside a longer digit run, a decimal, or followed by another group. */
    assert_no_hit("payment_card", "94111111111111111");
    assert_no_hit("payment_card", "0.4111111111111111");
    assert_no_hit("payment_card", "4111 1111 1111 1111 2222");
    assert_no_hit("payment_card", "X4111111111111111");
}

static void test_context(void **state)
{
    (void)state;
    assert_int_equal(conf_of("card_number=4111111111111111"), ES_CONF_HIGH);
    assert_int_equal(conf_of("クレジットカード番号 4111-1111-1111-1111"), ES_CONF_HIGH);
    assert_int_equal(conf_of("x 4111111111111111"), ES_CONF_MEDIUM);
    /* A reference label wins over Luhn luck. */
    assert_no_hit("payment_card", "txn_id: 4111111111111111");
    assert_no_hit("payment_card", "{\"payment_ref\":\"4111111111111111\"}");
}

static void test_mask(void **state)
{
    (void)state;
    char out[64];
    int det = es_detector_index("payment_card", strlen("payment_card"));
    assert_true(det >= 0);
    es_detectors[det]->mask("4111111111111111", 16, out, sizeof out);
    assert_string_equal(out, "411111******1111");
}

/* find_card() walks 64-byte windows of run bits: numbers across a window
 * boundary, bare and grouped, and one glued to a word. */
static void test_run_windows(void **state)
{
    (void)state;
    for (size_t pad = 44; pad < 66; pad++) {
        char line[160];
        memset(line, 'w', pad);
        memcpy(line + pad, " paid 4111111111111111 ok", sizeof " paid 4111111111111111 ok");
        assert_one_hit("payment_card", line, "4111111111111111");
        memcpy(line + pad, " paid 4111 1111 1111 1111 ok", sizeof " paid 4111 1111 1111 1111 ok");
        assert_one_hit("payment_card", line, "4111111111111111");
        memcpy(line + pad, " paid x4111111111111111 ok", sizeof " paid x4111111111111111 ok");
        assert_no_hit("payment_card", line);
        memcpy(line + pad, " paid 3782-822463-10005", sizeof " paid 3782-822463-10005");
        assert_one_hit("payment_card", line, "378282246310005");
        /* card_sel(): a date's year is a 4-digit run before '-' too. */
        memcpy(line + pad, " on 2021-03-04, 4111-1111-1111-1111", sizeof " on 2021-03-04, 4111-1111-1111-1111");
        assert_one_hit("payment_card", line, "4111111111111111");
    }
    /* Groups of 4 cut off at the end of the text. */
    assert_no_hit("payment_card", "4111 111");
    assert_no_hit("payment_card", "4111-");
}

/* Numbers at every offset around the 64-byte windows of the digit scan
 * (the first four digits split between two windows), bare and grouped,
 * after text with short numbers (a word before the number: "7 4111..." is
 * a list of numbers, no card). */
static void test_window_offsets(void **state)
{
    (void)state;
    for (int pad = 40; pad < 140; pad++) {
        char text[256];
        int n = snprintf(text, sizeof text, "%.*s qq 4111111111111111 x", pad,
                         "ab 12 345 6789x a 1 22 333 4444x 55555 qqq 7 88 999 zz 1 22 333 q 44 55 66 77 88 99 "
                         "00 11 22 33 44 55 66 77 88 99 aa bb cc dd ee ff gg hh ii");
        assert_true(n > 0 && (size_t)n < sizeof text);
        assert_one_hit("payment_card", text, "4111111111111111");
        snprintf(text, sizeof text, "%.*s qq 4111 1111 1111 1111 x", pad,
                 "ab 12 345 6789x a 1 22 333 4444x 55555 qqq 7 88 999 zz 1 22 333 q 44 55 66 77 88 99 "
                 "00 11 22 33 44 55 66 77 88 99 aa bb cc dd ee ff gg hh ii");
        assert_one_hit("payment_card", text, "4111111111111111");
    }
}

/* es_digits_at() (validate.c), the gate's group test: digits or hex
 * digits in either case, every other byte refused, and spans that run
 * past len (or start past it) refused. */
static void test_digits_at(void **state)
{
    (void)state;
    const char t[] = "4111-abCF 09:/@G`g";
    size_t len = strlen(t);
    assert_true(es_digits_at(t, len, 0, 4, 0));
    assert_true(es_digits_at(t, len, 0, 0, 0));
    assert_false(es_digits_at(t, len, 0, 5, 0));
    assert_false(es_digits_at(t, len, 5, 4, 0));
    assert_true(es_digits_at(t, len, 5, 4, 1));
    assert_true(es_digits_at(t, len, 10, 2, 1));
    for (size_t i = 12; i < len; i++)   /* ':' '/' '@' 'G' '`' 'g': the bytes next to the ranges */
        assert_false(es_digits_at(t, len, i, 1, 1));
    assert_false(es_digits_at(t, 3, 0, 4, 0));
    assert_false(es_digits_at(t, len, len + 1, 0, 0));
    assert_true(es_digits_at(t, len, len, 0, 0));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_window_offsets),
        cmocka_unit_test(test_issuers),
        cmocka_unit_test(test_separators),
        cmocka_unit_test(test_luhn_and_ranges),
        cmocka_unit_test(test_masked_and_embedded),
        cmocka_unit_test(test_context),
        cmocka_unit_test(test_mask),
        cmocka_unit_test(test_run_windows),
        cmocka_unit_test(test_digits_at),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
