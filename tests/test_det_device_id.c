/* device_id: IMEI, ICCID, MEID, MAC and labelled unit IDs, with near misses. */
#include <stdio.h>

#include "util.h"

static enum es_confidence conf_of(const char *text)
{
    struct es_test_hit h[ES_TEST_MAX_HITS];
    size_t n = es_test_hits("device_id", text, h);
    assert_int_equal(n, 1);
    return h[0].conf;
}

static void test_imei(void **state)
{
    (void)state;
    assert_one_hit("device_id", "imei=490154203237518 lat=1", "490154203237518");
    assert_int_equal(conf_of("{\"imei\":\"356938035643809\"}"), ES_CONF_HIGH);
    /* Unlabelled but Luhn-valid with a real reporting body: medium. */
    assert_int_equal(conf_of("unit 356938035643809 seen"), ES_CONF_MEDIUM);
    /* Luhn failure: a build number. */
    assert_no_hit("device_id", "imei=490154203237519");
    /* Luhn-valid but an unused reporting body. */
    assert_no_hit("device_id", "x 212345678901234");
    /* Luhn-valid, labelled as a build. */
    assert_no_hit("device_id", "build: 356938035643809");
    /* Inside a longer number or a decimal. */
    assert_no_hit("device_id", "1.356938035643809");
    assert_no_hit("device_id", "3569380356438091234567");
    /* As printed on a label: AA-BBBBBB-CCCCCC-D. */
    assert_one_hit("device_id", "IMEI 49-015420-323751-8", "490154203237518");
    assert_no_hit("device_id", "IMEI 49-015420-323751-9");
    /* Between CJK text the boundary holds. */
    assert_one_hit("device_id", "端末356938035643809を交換", "356938035643809");
}

static void test_imeisv_meid(void **state)
{
    (void)state;
    assert_one_hit("device_id", "IMEISV: 3569380356438012", "3569380356438012");
    assert_no_hit("device_id", "ref 3569380356438012");
    assert_one_hit("device_id", "MEID: A0000000002329", "A0000000002329");
    assert_no_hit("device_id", "A0000000002329");
}

static void test_iccid(void **state)
{
    (void)state;
    assert_one_hit("device_id", "iccid,89811000222333444556", "89811000222333444556");
    assert_one_hit("device_id", "SIM 8981100022233344452 ok", "8981100022233344452");
    assert_no_hit("device_id", "SIM 89811000222333444557");
}

static void test_mac(void **state)
{
    (void)state;
    assert_one_hit("device_id", "bt_mac: 00:1B:63:EE:FE:01", "00:1b:63:ee:fe:01");
    assert_one_hit("device_id", "00-26-5A-CE-D4-E8,", "00:26:5a:ce:d4:e8");
    assert_one_hit("device_id", "hw 001b.63ee.fe01", "00:1b:63:ee:fe:01");
    assert_one_hit("device_id", "bt_mac=DCA632A08392", "dc:a6:32:a0:83:92");
    /* A bare 12-hex run needs a MAC label. */
    assert_no_hit("device_id", "id DCA632A08392");
    /* Broadcast, all-zero and multicast. */
    assert_no_hit("device_id", "ff:ff:ff:ff:ff:ff");
    assert_no_hit("device_id", "00:00:00:00:00:00");
    assert_no_hit("device_id", "01:00:5e:00:00:fb");
    /* Inside IPv6 addresses or longer hex runs; time codes. */
    assert_no_hit("device_id", "2001:db8:00:1b:63:ee:fe:01");
    assert_no_hit("device_id", "fe80::0cb:a130:be6b:e7df");
    assert_no_hit("device_id", "00:1b:63:ee:fe:01:02");
    assert_no_hit("device_id", "offset 04:25:09:29");
    assert_no_hit("device_id", "at 12:34:56:12:34:56");
}

static void test_unit_ids(void **state)
{
    (void)state;
    assert_one_hit("device_id", "{\"device_id\":\"YZ511706690\"}", "YZ511706690");
    assert_one_hit("device_id", "ナビID: NV12-3F9A00BC11", "NV12-3F9A00BC11");
    assert_one_hit("device_id", "端末ID：TF048530265", "TF048530265");
    assert_one_hit("device_id", "<td>TCU ID</td><td>KT833302426</td>", "KT833302426");
    assert_one_hit("device_id", "Please re-register head unit WU282149708.", "WU282149708");
    assert_no_hit("device_id", "head unit keeps rebooting");
    assert_one_hit("device_id", "Device No.: AB-20230117", "AB-20230117");
    /* Known unit shapes without a label. */
    assert_one_hit("device_id", "unit DCM8123456789 replaced", "DCM8123456789");
    assert_one_hit("device_id", "TCU-AB12-00012345", "TCU-AB12-00012345");
    /* A free-form value needs its label; UUIDs and hashes are not unit IDs. */
    assert_no_hit("device_id", "id KT833302426");
    assert_no_hit("device_id", "device_id=27e215fd-58cd-4554-81b9-e9baee2e34b7");
    assert_no_hit("device_id", "device_id: b75a0f920adcb4de1e0659ccbca850dc354eeea0");
    assert_no_hit("device_id", "device_id: ACTIVE");
}

static void test_sql_and_table(void **state)
{
    (void)state;
    assert_one_hit("device_id",
                   "CREATE TABLE `v` (\n  `vin` varchar(20),\n  `navi_device_id` varchar(32),\n"
                   "  PRIMARY KEY (`vin`)\n);\n"
                   "INSERT INTO `v` VALUES ('ZVW30-1234567','KT833302426');\n",
                   "KT833302426");
    assert_one_hit("device_id", "INSERT INTO t (name, tcu_id) VALUES ('A B','QX12345678');",
                   "QX12345678");
    assert_no_hit("device_id", "INSERT INTO t (name, model) VALUES ('A B','QX12345678');");
}

/* dev_scan() reads SQL only in a chunk where a label literal starts: a
 * column named in either case or in Japanese is one, before or after 40
 * bytes of text without any (the vector scan's steps). */
static void test_sql_gate(void **state)
{
    (void)state;
    static const char *const cols[] = {"NAVI_NO", "Device_No", "車載器番号", "ナビID", "TCUID", NULL};
    for (const char *const *col = cols; *col; col++) {
        for (int pad = 0; pad <= 1; pad++) {
            char text[256];
            int n = snprintf(text, sizeof text, "%sINSERT INTO t (name, %s) VALUES ('A B','QX12345678');",
                             pad ? "-- stock list: all rows of 2021, as sold --\n" : "", *col);
            assert_true(n > 0 && (size_t)n < sizeof text);
            assert_one_hit("device_id", text, "QX12345678");
        }
    }
}

/* Regression (held-out set): the last field of a CRLF line keeps its '\r'. */
static void test_crlf_last_column(void **state)
{
    (void)state;
    static const char *const hdr[] = {"Name", "Head Unit ID"};
    int det = es_detector_index("device_id", strlen("device_id"));
    struct es_chunk c = es_chunk_plain("A B,NAV-C70998E032\r\nC D,HU07501901\r\n");
    c.delim = ',';
    c.header = hdr;
    c.nheader = 2;
    struct es_test_hit h[ES_TEST_MAX_HITS];
    assert_int_equal(es_detect_collect(det, &c, h, ES_TEST_MAX_HITS), 2);
    assert_string_equal(h[0].norm, "NAV-C70998E032");
    /* Near miss: the same column with a value that is no ID. */
    c.text = "A B,n/a\r\n";
    c.len = c.owned = strlen(c.text);
    assert_int_equal(es_detect_collect(det, &c, h, ES_TEST_MAX_HITS), 0);
}

static void test_mask(void **state)
{
    (void)state;
    char out[64];
    int det = es_detector_index("device_id", strlen("device_id"));
    assert_true(det >= 0);
    es_detectors[det]->mask("354354307332786", 15, out, sizeof out);
    assert_string_equal(out, "3543*******2786");
}

/* Each shape of main_sel() (MAC, Cisco MAC, IMEI with and without
 * separators, unit IDs) and the value it gives. */
static const char *const window_shapes[][2] = {
    {" mac 00:1B:63:EE:FE:01", "00:1b:63:ee:fe:01"}, {" mac 00-26-5A-CE-D4-E8", "00:26:5a:ce:d4:e8"},
    {" hw 001b.63ee.fe01", "00:1b:63:ee:fe:01"},     {" IMEI 49 015420 323751 8", "490154203237518"},
    {" IMEI 49-015420-323751-8", "490154203237518"}, {" unit TCU-A1B2-1234567", "TCU-A1B2-1234567"},
    {" unit NV12-0A1B2C3D", "NV12-0A1B2C3D"},        {" imei=490154203237518", "490154203237518"},
};

/* find_main() walks 64-byte windows of run bits: values across a window
 * boundary, and long runs that are none of the shapes. */
static void test_run_windows(void **state)
{
    (void)state;
    for (size_t pad = 48; pad < 66; pad++) {
        char line[160];
        memset(line, 'q', pad);
        /* main_sel()'s shapes near a window's end: what follows the run
         * lies in the next window. */
        for (size_t k = 0; k < sizeof window_shapes / sizeof *window_shapes; k++) {
            memcpy(line + pad, window_shapes[k][0], strlen(window_shapes[k][0]) + 1);
            assert_one_hit("device_id", line, window_shapes[k][1]);
        }
        memcpy(line + pad, " at 2021-03-04 12:30:45", sizeof " at 2021-03-04 12:30:45");
        assert_no_hit("device_id", line);
    }
    /* 13 digits, a 12-letter word: no shape of 11-20 characters fits. */
    assert_no_hit("device_id", "imei=4901542032375 imei=ABCDEFGHIJKL");
    /* The short-run shapes, each ending the text (bounds of the checks). */
    assert_one_hit("device_id", "bt_mac: 00:1B:63:EE:FE:01", "00:1b:63:ee:fe:01");
    assert_one_hit("device_id", "00-26-5A-CE-D4-E8", "00:26:5a:ce:d4:e8");
    assert_one_hit("device_id", "hw 001b.63ee.fe01", "00:1b:63:ee:fe:01");
    assert_one_hit("device_id", "IMEI 49 015420 323751 8", "490154203237518");
    assert_no_hit("device_id", "00:1B");
    assert_no_hit("device_id", "001b.63e");
    assert_no_hit("device_id", "IMEI 49 01542");
    assert_no_hit("device_id", "on 2021-03-04 12:30 TC-1 NV1-2");
    /* Labels after many 車 and ナ that start none (the literal test). */
    assert_one_hit("device_id", "車両の車検、ナビ交換。車載器ID: AB12345678", "AB12345678");
    assert_one_hit("device_id", "ナンバー ナビID: NX9988776655", "NX9988776655");
    assert_one_hit("device_id", "ナビid: NX9988776655", "NX9988776655");
    assert_one_hit("device_id", "ナビ機器ID: NX9988776655", "NX9988776655");
}

/* The same shapes near a window's end with text after them: where 80
 * bytes are left, main_sel()'s shapes come from dev_shapes_avx2() (on
 * a CPU with AVX2), so both ways of finding them see every shape. */
static void test_run_windows_long(void **state)
{
    (void)state;
    for (size_t k = 0; k < sizeof window_shapes / sizeof *window_shapes; k++)
        for (int pad = 30; pad < 140; pad++) {
            char text[400];
            int n = snprintf(text, sizeof text, "%.*s%s x. on 2021-03-04 12:30:45 at the %s", pad,
                             "qq rr ss tt uu vv ww xx yy zz qq rr ss tt uu vv ww xx yy zz qq rr ss tt uu vv ww "
                             "xx yy zz qq rr ss tt uu vv ww xx yy zz qq rr ss tt uu vv ww xx yy zz qq rr",
                             window_shapes[k][0], "gate of the west wing, then the hall and the long way home again.");
            assert_true(n > 0 && (size_t)n < sizeof text);
            assert_one_hit("device_id", text, window_shapes[k][1]);
        }
}

/* es_sql_maybe(): 0 only without the keyword INSERT (either case) in the
 * chunk, before, across and after the 32-byte steps. */
static void test_sql_maybe(void **state)
{
    (void)state;
    char text[200];
    for (size_t at = 0; at + 6 <= 120; at++) {
        memset(text, 'i', 120);   /* "ii...": many 'i' passes, no "in" */
        text[120] = '\0';
        struct es_chunk c = es_chunk_plain(text);
        assert_false(es_sql_maybe(NULL, &c));
        memcpy(text + at, at % 2 ? "InSeRt" : "insert", 6);
        c = es_chunk_plain(text);
        assert_true(es_sql_maybe(NULL, &c));
        memcpy(text + at, "insect", 6);
        c = es_chunk_plain(text);
        assert_false(es_sql_maybe(NULL, &c));
    }
    struct es_chunk c = es_chunk_plain("INSERT");
    assert_true(es_sql_maybe(NULL, &c));
    c = es_chunk_plain("INSER");
    assert_false(es_sql_maybe(NULL, &c));
    /* The statement is still read where the keyword is. */
    assert_one_hit("device_id", "INSERT INTO units (device_id) VALUES ('NX-99887766');", "NX-99887766");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sql_maybe),
        cmocka_unit_test(test_imei),
        cmocka_unit_test(test_imeisv_meid),
        cmocka_unit_test(test_iccid),
        cmocka_unit_test(test_mac),
        cmocka_unit_test(test_unit_ids),
        cmocka_unit_test(test_sql_and_table),
        cmocka_unit_test(test_sql_gate),
        cmocka_unit_test(test_crlf_last_column),
        cmocka_unit_test(test_mask),
        cmocka_unit_test(test_run_windows),
        cmocka_unit_test(test_run_windows_long),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
