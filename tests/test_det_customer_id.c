/* customer_id: labels in keys, text, markup, tables and SQL; other business numbers. */
#include "util.h"

#include "detectors/detector.h"

static size_t table_hits(const char *text, const char *const *header, size_t nheader,
                         struct es_test_hit *h)
{
    int det = es_detector_index("customer_id", strlen("customer_id"));
    assert_true(det >= 0);
    struct es_chunk c = es_chunk_plain(text);
    c.delim = ',';
    c.header = header;
    c.nheader = nheader;
    return es_detect_collect(det, &c, h, ES_TEST_MAX_HITS);
}

static void test_keys_and_labels(void **state)
{
    (void)state;
    assert_one_hit("customer_id", "{\"customer_id\":\"SG124132\",\"name\":{}}", "SG124132");
    assert_one_hit("customer_id", "お客様番号: C-0012345 様", "C-0012345");
    assert_one_hit("customer_id", "顧客番号：1000842004", "1000842004");
    assert_one_hit("customer_id", "お客さま番号 AB12345", "AB12345");
    assert_one_hit("customer_id", "お客様番号はC-0012345です", "C-0012345");
    assert_one_hit("customer_id", "Cust. No. 00123456", "00123456");
    assert_one_hit("customer_id", "Customer No. CU-2020-061748", "CU-2020-061748");
    assert_one_hit("customer_id", "member_id=K-00187016&x=1", "K-00187016");
    assert_one_hit("customer_id", "<customer id=\"1\" cust_no=\"JP00034854\"/>", "JP00034854");
    assert_one_hit("customer_id", "<customerId>M000573519</customerId>", "M000573519");
    assert_one_hit("customer_id", "<tr><th>会員番号</th><td>AB-123456</td></tr>", "AB-123456");
}

static void test_not_customer_numbers(void **state)
{
    (void)state;
    /* No label: a bare number is nothing. */
    assert_no_hit("customer_id", "ref 1000842004 sent");
    /* Other business numbers. */
    assert_no_hit("customer_id", "order_no: 1000842004");
    assert_no_hit("customer_id", "{\"store_customer_no\":\"1000842004\"}");
    assert_no_hit("customer_id", "注文番号: C-0012345");
    /* The company's bank account in a letterhead. */
    assert_no_hit("customer_id", "Bank Account No: 12345678");
    assert_no_hit("customer_id", "振込先 口座番号 普通 1234567 / 会社口座 Account No: 7654321");
    /* Values that are not IDs: too few digits, too long, spaces, dates. */
    assert_no_hit("customer_id", "customer_id: ABC12");
    assert_no_hit("customer_id", "customer_id: 123456789012345678901234");
    assert_no_hit("customer_id", "customer_id: 2016-12-26");
    assert_no_hit("customer_id", "customer_id = NULL");
}

static void test_table_columns(void **state)
{
    (void)state;
    static const char *const hdr[] = {"txn_id", "date", "customer_id", "card_number"};
    struct es_test_hit h[ES_TEST_MAX_HITS];
    size_t n = table_hits("5179884401882231,2016-12-26,K-00106721,535656******6104\n"
                          "4788095672628384,2017-02-18,\"K-00106758\",427007******0138\n",
                          hdr, 4, h);
    assert_int_equal(n, 2);
    assert_string_equal(h[1].norm, "K-00106758");
    static const char *const jp[] = {"顧客番号", "姓"};
    n = table_hits("1000842004,山田\n", jp, 2, h);
    assert_int_equal(n, 1);
    static const char *const orders[] = {"order_no", "customer order no"};
    n = table_hits("INV-162245,ORD-12345\n", orders, 2, h);
    assert_int_equal(n, 0);
}

/* Header wordings of other exports (held-out set): punctuation, '#',
 * camelCase, a Latin abbreviation after kanji. */
static void test_header_wordings(void **state)
{
    (void)state;
    struct es_test_hit h[ES_TEST_MAX_HITS];
    static const char *const hash[] = {"Name", "Customer #"};
    assert_int_equal(table_hits("A B,C0974648\n", hash, 2, h), 1);
    static const char *const dots[] = {"Cust. No.", "Tel"};
    assert_int_equal(table_hits("C0974648,090\n", dots, 2, h), 1);
    static const char *const camel[] = {"memberNo"};
    assert_int_equal(table_hits("M-000123\n", camel, 1, h), 1);
    static const char *const cd[] = {"顧客CD"};
    assert_int_equal(table_hits("K00012345\n", cd, 1, h), 1);
    static const char *const code[] = {"お客様コード", "Tel"};
    assert_int_equal(table_hits("0007193265,090\n", code, 2, h), 1);
    /* Near misses: other numbers keep their own meaning. */
    static const char *const order[] = {"Order #", "Customer Notes", "Account Manager"};
    assert_int_equal(table_hits("1000842004,note 12345,Kim 00123\n", order, 3, h), 0);
}

/* A record's own number: "customer": {"id": ...} and <Customer id="...">. */
static void test_entity_ids(void **state)
{
    (void)state;
    assert_one_hit("customer_id", "{\"customer\": {\"id\": \"C-0012345\", \"name\": \"x\"}}",
                   "C-0012345");
    assert_one_hit("customer_id", "\"member\":{\n  \"no\": 88123401,\n  \"tier\": \"gold\"}",
                   "88123401");
    /* Another entity's id, or an id inside a nested object, is not the customer's. */
    assert_no_hit("customer_id", "{\"order\": {\"id\": \"C-0012345\"}}");
    assert_no_hit("customer_id", "{\"customer\": {\"vehicle\": {\"id\": \"V-0012345\"}}}");
    struct es_chunk c = es_chunk_plain("id=\"44521917\" type=\"retail\"");
    c.label = "Customer";
    int det = es_detector_index("customer_id", strlen("customer_id"));
    struct es_test_hit h[ES_TEST_MAX_HITS];
    assert_int_equal(es_detect_collect(det, &c, h, ES_TEST_MAX_HITS), 1);
    assert_string_equal(h[0].norm, "44521917");
    c.label = "Order";
    assert_int_equal(es_detect_collect(det, &c, h, ES_TEST_MAX_HITS), 0);
}

/* find_entity(): the pattern tried only at the "key": { before each '{'
 * finds what the search over every position found: several records on a
 * line among other objects, blanks and line breaks around the colon, a
 * key (?i) matches through U+017F, and no record without a key and colon
 * right before its '{'. */
static void test_entity_starts(void **state)
{
    (void)state;
    struct es_test_hit h[ES_TEST_MAX_HITS];
    int det = es_detector_index("customer_id", strlen("customer_id"));
    struct es_chunk c = es_chunk_plain("{\"a\":{\"b\":1},\"Customer\" :\t{\"code\":\"K-00187016\"},\"x\":{},"
                                       "\"client\":{\"no\":\"CL-2231\"}}");
    assert_int_equal(es_detect_collect(det, &c, h, ES_TEST_MAX_HITS), 2);
    assert_string_equal(h[0].norm, "K-00187016");
    assert_string_equal(h[1].norm, "CL-2231");
    assert_one_hit("customer_id", "\"会員\"\r\n:\n{\"number\": \"M-77120\"}", "M-77120");
    assert_one_hit("customer_id", "\"cu\u017Ftomer\": {\"id\": \"C-0012345\"}", "C-0012345");
    assert_no_hit("customer_id", "[\"customer\", {\"id\": \"C-0012345\"}]");
    assert_no_hit("customer_id", "{\"xcustomer\": {\"id\": \"C-0012345\"}}");
    assert_no_hit("customer_id", "{\"customer\": \"C-1\", \"x\": {\"id\": \"C-0012345\"}}");
}

static void test_sql(void **state)
{
    (void)state;
    assert_one_hit("customer_id",
                   "INSERT INTO `customers` (`customer_id`, `name`) VALUES ('1000842004','向井 秀樹');",
                   "1000842004");
    /* Column names from CREATE TABLE when the INSERT has no list; two rows. */
    struct es_test_hit h[ES_TEST_MAX_HITS];
    size_t n = es_test_hits("customer_id",
                            "CREATE TABLE `vehicles` (\n  `vin` varchar(20) NOT NULL,\n"
                            "  `customer_id` varchar(20) NOT NULL,\n  PRIMARY KEY (`vin`)\n);\n"
                            "INSERT INTO `vehicles` VALUES ('JB64W-977241','1000842004'),"
                            "('C27-389057','1000842012');\n",
                            h);
    assert_int_equal(n, 2);
    assert_string_equal(h[1].norm, "1000842012");
    /* Another table's CREATE TABLE does not lend its columns. */
    assert_no_hit("customer_id",
                  "CREATE TABLE a (customer_id varchar(20));\n"
                  "INSERT INTO b VALUES ('1000842004');");
    assert_no_hit("customer_id", "INSERT INTO o (order_id, total) VALUES ('1000842004', 12);");
}

static void test_mask(void **state)
{
    (void)state;
    char out[64];
    int det = es_detector_index("customer_id", strlen("customer_id"));
    es_detectors[det]->mask("CU-2020-061748", 14, out, sizeof out);
    assert_string_equal(out, "**-****-**1748");
}

/* find_label(): the whole prefix is compared before a match attempt; the
 * prefilter's three bytes pass お, 客 and 契 alone. */
static void test_label_prefixes(void **state)
{
    (void)state;
    assert_one_hit("customer_id", "お願いします。お客様番号: C-0012345", "C-0012345");
    assert_one_hit("customer_id", "契約内容 契約者番号 AB12345", "AB12345");
    assert_one_hit("customer_id", "CUSTOMER NO: AB12345", "AB12345");
    assert_one_hit("customer_id", "Cust. No. 9911223", "9911223");
    assert_no_hit("customer_id", "お客");
    assert_no_hit("customer_id", "cu");
    /* お客's literals go on to 様 or さま and 番号, ID (either case) or コ. */
    assert_one_hit("customer_id", "お客様がご来店。お客様ID: K-00187016", "K-00187016");
    assert_one_hit("customer_id", "お客さまid=K-00187016", "K-00187016");
    assert_one_hit("customer_id", "お客さまコ-ド: K-00187016", "K-00187016");
    assert_no_hit("customer_id", "お客様 K-00187016");
}

/* es_lits_at(): whole literals, ASCII letters in either case, within len. */
static void test_literals(void **state)
{
    (void)state;
    static const char *const lits[] = {"cust", "no.", "お客", "契約者番号", NULL};
    struct es_literals l;
    assert_true(es_lits_init(&l, lits));
    const char *t = "xCuStOmer no. お客様 契約者番号";
    size_t n = strlen(t);
    assert_true(es_lits_at(&l, t, n, 1));
    assert_false(es_lits_at(&l, t, n, 0));
    assert_false(es_lits_at(&l, t, 4, 1));   /* cut by len */
    assert_true(es_lits_at(&l, t, n, 10));
    assert_true(es_lits_at(&l, t, n, 14));
    assert_false(es_lits_at(&l, t, n, 17));  /* 客 alone */
    assert_true(es_lits_at(&l, t, n, 24));
    assert_false(es_lits_at(&l, t, n, n));
    /* "NO." matches "no.", but '.' is not a letter: "no," does not. */
    assert_true(es_lits_at(&l, "NO.", 3, 0));
    assert_false(es_lits_at(&l, "no,", 3, 0));
    /* An empty literal or too many cannot be tested: every position passes. */
    static const char *const empty[] = {"a", "", NULL};
    assert_false(es_lits_init(&l, empty));
    assert_true(es_lits_at(&l, "xyz", 3, 1));
    assert_false(es_lits_at(&l, "xyz", 3, 3));
    const char *many[ES_LITS_MAX + 2];
    for (size_t i = 0; i <= ES_LITS_MAX; i++)
        many[i] = "ab";
    many[ES_LITS_MAX + 1] = NULL;
    assert_false(es_lits_init(&l, many));
    assert_true(es_lits_at(&l, "zz", 2, 0));
}

/* Table fields are read up to the last customer column of each row: the
 * fields before it count (quoted delimiters do not), those after it are
 * not values. */
static void test_table_last_column(void **state)
{
    (void)state;
    static const char *const header[] = {"name", "member_no", "note"};
    struct es_test_hit h[ES_TEST_MAX_HITS];
    size_t n = table_hits("\"Tanaka, Ichiro\",M-0012345,ABC-99999\nSato,M-0099887,\"x, y\"\n,,\n", header, 3, h);
    assert_int_equal(n, 2);
    assert_string_equal(h[0].norm, "M-0012345");
    assert_string_equal(h[1].norm, "M-0099887");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table_last_column),
        cmocka_unit_test(test_keys_and_labels),
        cmocka_unit_test(test_not_customer_numbers),
        cmocka_unit_test(test_table_columns),
        cmocka_unit_test(test_header_wordings),
        cmocka_unit_test(test_entity_ids),
        cmocka_unit_test(test_entity_starts),
        cmocka_unit_test(test_sql),
        cmocka_unit_test(test_mask),
        cmocka_unit_test(test_label_prefixes),
        cmocka_unit_test(test_literals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
