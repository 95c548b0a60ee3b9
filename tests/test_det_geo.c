/* geo: decimal pairs, DMS, NMEA, keyed fields, table columns, and decoys. */
#include <stdio.h>
#include <stdlib.h>

#include "util.h"

#include "detectors/detector.h"

static size_t table_hits(const char *text, const char *const *header, size_t nheader,
                         struct es_test_hit *h)
{
    int det = es_detector_index("geo", 3);
    assert_true(det >= 0);
    struct es_chunk c = es_chunk_plain(text);
    c.delim = ',';
    c.header = header;
    c.nheader = nheader;
    return es_detect_collect(det, &c, h, ES_TEST_MAX_HITS);
}

static enum es_confidence conf_of(const char *text)
{
    struct es_test_hit h[ES_TEST_MAX_HITS];
    size_t n = es_test_hits("geo", text, h);
    assert_int_equal(n, 1);
    return h[0].conf;
}

static void test_decimal_pairs(void **state)
{
    (void)state;
    assert_one_hit("geo", "現在 35.847287,139.318001 付近で停車中", "35.847287,139.318001");
    assert_one_hit("geo", "at -37.728027, 145.245761.", "-37.728027,145.245761");
    assert_one_hit("geo", "35.6895N 139.6917E", "35.689500,139.691700");
    assert_one_hit("geo", "pos 33.8688 S, 151.2093 E", "-33.868800,151.209300");
    assert_int_equal(conf_of("GPS: 35.6895,139.6917"), ES_CONF_HIGH);
    assert_int_equal(conf_of("see 35.6895,139.6917 x"), ES_CONF_MEDIUM);
    /* Three decimals only count with a label. */
    assert_one_hit("geo", "位置 35.689,139.691", "35.689000,139.691000");
    assert_no_hit("geo", "ratio 35.689,139.691");
    /* Out of range, versions, prices and long lists. */
    assert_no_hit("geo", "95.12345,139.12345");
    assert_no_hit("geo", "v1.2.3.4567 12.3456.7890");
    assert_no_hit("geo", "price 1,234.5678");
    assert_no_hit("geo", "\"bbox\":[142.075195,43.12458,142.11914,43.14458]");
    assert_no_hit("geo", "\"center\":[141.438272,43.13458,11]");
    assert_no_hit("geo", "0.000000,0.000000");
    assert_no_hit("geo", "ratio 0.1234,0.5678");
    assert_no_hit("geo", "bore 80.5123 88.3456 mm");
    assert_one_hit("geo", "at 35.689512 139.691734", "35.689512,139.691734");
    assert_no_hit("geo", "scale 1.0000/2.0000");
    assert_one_hit("geo", "Singapore 1.3521,103.8198", "1.352100,103.819800");
}

static void test_keyed_fields(void **state)
{
    (void)state;
    assert_one_hit("geo", "POS imei=350451218480326 lat=34.696926 lon=136.497419 spd=80",
                   "34.696926,136.497419");
    assert_one_hit("geo", "{\"gps\":{\"lat\":42.958927,\"lng\":141.27593},\"spd\":95}",
                   "42.958927,141.275930");
    assert_one_hit("geo", "<pos lat=\"35.6895\" lon=\"139.6917\"/>", "35.689500,139.691700");
    assert_one_hit("geo", "<latitude>35.6895</latitude><longitude>139.6917</longitude>",
                   "35.689500,139.691700");
    /* Pretty-printed JSON: the pair spans lines and still counts once. */
    assert_one_hit("geo",
                   "\"last_location\": {\n  \"lat\": 35.138697,\n"
                   "  \"lon\": 136.644142,\n  \"t\": 1\n}",
                   "35.138697,136.644142");
    /* Two records: two pairs, never lat of one with lon of the other. */
    struct es_test_hit h[ES_TEST_MAX_HITS];
    size_t n = es_test_hits(
        "geo", "{\"lat\":35.1111,\"lon\":139.1111},{\"lat\":36.2222,\"lon\":140.2222}", h);
    assert_int_equal(n, 2);
    assert_string_equal(h[1].norm, "36.222200,140.222200");
    /* Longitude first is fine too. */
    assert_one_hit("geo", "lng=139.6917 lat=35.6895", "35.689500,139.691700");
    /* Trailing zeros dropped by a JSON writer; but a pair needs some precision. */
    assert_one_hit("geo", "{\"lat\":43.018982,\"lng\":141.25}", "43.018982,141.250000");
    assert_no_hit("geo", "{\"lat\":43.01,\"lng\":141.25}");
    /* A latitude alone is not a pair. */
    assert_no_hit("geo", "lat=35.6895 speed=12.5");
}

static void test_decoys(void **state)
{
    (void)state;
    assert_no_hit("geo",
                  "{\"poi_id\":\"P029028\",\"name\":\"x\",\"lat\":43.133493,\"lon\":141.434516}");
    assert_no_hit("geo", "<store id=\"S1\" lat=\"35.6895\" lon=\"139.6917\"/>");
    assert_no_hit("geo", "店舗 35.6895,139.6917");
    assert_no_hit("geo", "bounds: 35.6895,139.6917");
    /* A map's centre, as an array or as an object. */
    assert_no_hit("geo", "{\"center\": [35.6895, 139.6917], \"zoom\": 12}");
    assert_no_hit("geo", "{\"map\":{\"center\":{\"lat\":35.6895,\"lng\":139.6917}}}");
    /* A service centre in the text does not make a customer's position a map. */
    assert_one_hit("geo", "サービスセンター center 連絡: 現在 35.6895,139.6917", "35.689500,139.691700");
}

static void test_dms_and_nmea(void **state)
{
    (void)state;
    assert_one_hit("geo", "35°41'22.2\"N 139°41'30.1\"E", "35.689500,139.691694");
    assert_one_hit("geo", "N35°41'22\" E139°41'30\"", "35.689444,139.691667");
    assert_one_hit("geo", "北緯35度41分22秒 東経139度41分30秒", "35.689444,139.691667");
    /* Minutes over 59, or no hemisphere (an angle). */
    assert_no_hit("geo", "35°61'22\"N 139°41'30\"E");
    assert_no_hit("geo", "rotate 35°41'22\" 139°41'30\"");
    assert_one_hit("geo", "$GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W*6A",
                   "48.117300,11.516667");
    assert_one_hit("geo", "$GPGGA,123519,3541.3700,N,13941.5020,E,1,08,0.9,545.4,M,46.9,M,,*47",
                   "35.689500,139.691700");
    assert_no_hit("geo", "$GPRMC,123519,A,4867.038,N,01131.000,E,022.4");
    /* Regression (audit): the S of "GPS"/"DMS" was read as south. */
    assert_one_hit("geo", "GPS 35\u00b040\u203252.5\u2033N 139\u00b046\u20321.6\u2033E", "35.681250,139.767111");
    assert_one_hit("geo", "DMS 35\u00b040\u203252.5\u2033N 139\u00b046\u20321.6\u2033E", "35.681250,139.767111");
    struct es_test_hit h[ES_TEST_MAX_HITS];
    assert_int_equal(es_test_hits("geo", "POS 35\u00b040'52.5\"N 139\u00b046'1.6\"E", h), 1);
    assert_int_equal(h[0].start, 4);   /* the span starts at the digits, not at the space */
    /* Two hemispheres for one coordinate. */
    assert_no_hit("geo", "N35\u00b041'22\" S 139\u00b041'30\"E");
}

static void test_table_columns(void **state)
{
    (void)state;
    static const char *const hdr[] = {"timestamp", "imei", "lat", "lon", "speed"};
    struct es_test_hit h[ES_TEST_MAX_HITS];
    size_t n = table_hits("2023-03-18T22:35:45Z,866153342957941,35.798504,139.839769,43\n"
                          "2023-03-18T22:35:59Z,019516646814735,-33.604664,151.304994,20\n",
                          hdr, 5, h);
    assert_int_equal(n, 2);
    assert_string_equal(h[0].norm, "35.798504,139.839769");
    assert_int_equal(h[1].conf, ES_CONF_HIGH);
    /* A store list is not about people. */
    static const char *const stores[] = {"Store code", "Store", "Latitude", "Longitude"};
    n = table_hits("S001,Kocchar Motors,19.00873,72.987205\n", stores, 4, h);
    assert_int_equal(n, 0);
    /* Two numeric columns that are not lat/lon. */
    static const char *const stats[] = {"share", "growth"};
    n = table_hits("35.6895,13.6917\n", stats, 2, h);
    assert_int_equal(n, 0);
}

/* Keys followed by blanks only: 緯度 35.6812 経度 139.7671, lat 35.68 lon 139.76. */
static void test_keyed_blank_separator(void **state)
{
    (void)state;
    assert_one_hit("geo", "位置情報: 緯度 35.681236, 経度 139.767125", "35.681236,139.767125");
    assert_one_hit("geo", "last fix lat 51.50722 lon -0.12750 at 10:22", "51.507220,-0.127500");
    /* Near misses: one coordinate, or too coarse to locate anyone. */
    assert_no_hit("geo", "緯度 35.681236 のみ記録");
    assert_no_hit("geo", "lat 35.6 lon 139.7");
}

/* Several coordinate column pairs in a row (trip start / end), and CRLF. */
static void test_column_pairs(void **state)
{
    (void)state;
    static const char *const hdr[] = {"trip", "start_lat", "start_lon", "end_lat", "end_lon"};
    struct es_test_hit h[ES_TEST_MAX_HITS];
    size_t n = table_hits("t1,35.681236,139.767125,35.170915,136.881537\r\n", hdr, 5, h);
    assert_int_equal(n, 2);
    assert_string_equal(h[1].norm, "35.170915,136.881537");
    static const char *const one[] = {"id", "Latitude", "Longitude"};
    n = table_hits("1,-33.868820,151.209296\r\n", one, 3, h);
    assert_int_equal(n, 1);
    /* Near miss: a latitude column without its longitude. */
    static const char *const half[] = {"start_lat", "end_lon"};
    n = table_hits("35.681236,136.881537\n", half, 2, h);
    assert_int_equal(n, 1);   /* the only lat and lon columns still pair up */
    static const char *const none[] = {"start_lat", "speed"};
    n = table_hits("35.681236,136.88\n", none, 2, h);
    assert_int_equal(n, 0);
}

/* Places: arrays of POIs (the array's key names them), a showroom after the pair. */
static void test_place_lists(void **state)
{
    (void)state;
    assert_no_hit("geo", "{\"tileset\": \"v1\", \"pois\": [\n  {\"poiId\": 1, \"lat\": 35.681236, "
                         "\"lon\": 139.767125},\n  {\"poiId\": 2, \"lat\": 35.170915, "
                         "\"lon\": 136.881537}\n]}");
    assert_no_hit("geo", "Find us: -33.8688, 151.2093 (showroom)");
    assert_no_hit("geo", "-33.868820, 151.209296 (head office)");
    /* Near miss: a vehicle's array of fixes is not a place list. */
    struct es_test_hit h[ES_TEST_MAX_HITS];
    assert_int_equal(es_test_hits("geo", "{\"track\": [{\"lat\": 35.681236, \"lon\": 139.767125}, "
                                         "{\"lat\": 35.170915, \"lon\": 136.881537}]}", h), 2);
}

static void test_mask(void **state)
{
    (void)state;
    char out[64];
    int det = es_detector_index("geo", 3);
    es_detectors[det]->mask("35.689500,139.691700", 20, out, sizeof out);
    assert_string_equal(out, "35.6*****,139.6*****");
}

/* find_pair() skips dots with fewer than 3 decimals after them, also at the
 * end of the text. */
static void test_pair_decimals(void **state)
{
    (void)state;
    /* decoy_scope()'s prefilter: a decoy word in the record, also one with
     * its ー written '-', and a record without one. */
    assert_no_hit("geo", "{\"name\": \"Main Showroom\", \"lat\": 35.689500, \"lng\": 139.691700}");
    assert_no_hit("geo", "{\"name\": \"新宿ショ-ル-ム\", \"lat\": 35.689500, \"lng\": 139.691700}");
    assert_one_hit("geo", "{\"name\": \"Taro\", \"lat\": 35.689500, \"lng\": 139.691700}",
                   "35.689500,139.691700");
    assert_one_hit("geo", "v1.5 on 2021.03.04 at 35.847287,139.318001", "35.847287,139.318001");
    assert_no_hit("geo", "at 35.84");
    assert_no_hit("geo", "at 35.");
    assert_no_hit("geo", "at 35.847,1.5");
}

/* decoy_scope()'s walk back to the record's start skips to the bytes it
 * acts on ({ } < and line breaks), 16 at a time: a decoy word far before
 * the pair, nested objects in between, and a markup element. */
static void test_scope_walk(void **state)
{
    (void)state;
    for (size_t pad = 0; pad < 40; pad += 3) {
        char rec[400];
        int n = snprintf(rec, sizeof rec,
                         "{\"kind\": \"store\", \"note\": \"%.*s\", \"meta\": {\"a\": {\"b\": 1}}, "
                         "\"lat\": 35.689500, \"lng\": 139.691700}",
                         (int)pad, "........................................");
        assert_true(n > 0 && (size_t)n < sizeof rec);
        assert_no_hit("geo", rec);
        snprintf(rec, sizeof rec,
                 "{\"kind\": \"person\", \"note\": \"%.*s\", \"meta\": {\"owner\": {\"b\": 1}}, "
                 "\"lat\": 35.689500, \"lng\": 139.691700}",
                 (int)pad, "........................................");
        assert_one_hit("geo", rec, "35.689500,139.691700");
    }
    /* An element's scope starts at its own '<'. */
    assert_no_hit("geo", "<shop name=\"x\" lat=\"35.689500\" lon=\"139.691700\"/>");
    assert_one_hit("geo", "<shop name=\"x\"><pos lat=\"35.689500\" lon=\"139.691700\"/></shop>",
                   "35.689500,139.691700");
}

/* Pairs whose gap or decimals the quick test before each PAIR try leaves
 * to the pattern (long runs), and ones it turns away for it. */
static void test_pair_tail(void **state)
{
    (void)state;
    assert_one_hit("geo", "GPS: 35.6895          139.6917", "35.689500,139.691700");
    assert_one_hit("geo", "GPS: 35.6895 \t , \t 139.6917", "35.689500,139.691700");
    assert_one_hit("geo", "GPS: 35.6895\xC2\xB0 N / 139.6917 E", "35.689500,139.691700");
    assert_one_hit("geo", "GPS: 35.6895,+139.6917", "35.689500,139.691700");
    assert_one_hit("geo", "GPS: 35.68951234567890123456789012345678901,139.6917", "35.689512,139.691700");
    assert_one_hit("geo", "12:34:56.789 INFO 35.6895,139.6917", "35.689500,139.691700");
    assert_no_hit("geo", "GPS: 35.6895,1390.6917");
    assert_no_hit("geo", "GPS: 35.6895,139.69");
    assert_no_hit("geo", "GPS: 35.6895;139.6917");
}

/* The normal form "%.6f,%.6f", written without printf where the rounding
 * is sure: carries, a negative value that rounds to 0, and ties or near
 * ties (x.xxxxxx5), which are left to printf. */
static void test_norm_decimals(void **state)
{
    (void)state;
    assert_one_hit("geo", "GPS: 35.9999996,139.9999999", "36.000000,140.000000");
    assert_one_hit("geo", "GPS: 35.1234564,139.1234561", "35.123456,139.123456");
    assert_one_hit("geo", "GPS: -0.0000004,139.6917", "-0.000000,139.691700");
    assert_one_hit("geo", "GPS: 35.1234565,139.7654325", "35.123457,139.765433");
    assert_one_hit("geo", "GPS: 35.0078125,139.0078125", "35.007812,139.007812");
    assert_one_hit("geo", "GPS: -33.8688, -151.2093", "-33.868800,-151.209300");
    assert_one_hit("geo", "35\xC2\xB0" "41'22.2\"N 139\xC2\xB0" "41'30.1\"E", "35.689500,139.691694");
}

/* Keyed values are looked for only on lines with a decimal point (and in
 * short gaps between them): pairs on their own lines, far apart, and keys
 * with whole numbers that never form a pair. */
static void test_keyed_lines(void **state)
{
    (void)state;
    char text[1024];
    size_t o = 0;
    const char *filler = "no decimals on this line at all, only words and 12 numbers\n";
    o += (size_t)snprintf(text + o, sizeof text - o, "lat: 35.6895\nlon: 139.6917\n");
    for (int i = 0; i < 6; i++)
        o += (size_t)snprintf(text + o, sizeof text - o, "%s", filler);
    o += (size_t)snprintf(text + o, sizeof text - o, "{\"lat\": 34.7025,\n \"lng\": 135.4959}\n");
    for (int i = 0; i < 6; i++)
        o += (size_t)snprintf(text + o, sizeof text - o, "%s", filler);
    snprintf(text + o, sizeof text - o, "lat: 35\nlon: 139\nlatitude 1.5 words\n");
    struct es_test_hit h[ES_TEST_MAX_HITS];
    assert_int_equal(es_test_hits("geo", text, h), 2);
    assert_string_equal(h[0].norm, "35.689500,139.691700");
    assert_string_equal(h[1].norm, "34.702500,135.495900");
}

/* A hostile single line: ~2.8 MB of labelled coordinate pairs and no line
 * break. Each pair asks for its key and context on the line, so a look-back
 * to the line start per candidate (as es_ctx_key() once did) is quadratic in
 * the line: minutes here, past meson's timeout, the only time bound. Every
 * pair is still found, and exactly once. */
struct long_line_count {
    size_t n, bad;
    size_t last_start;
};

static void long_line_hit(void *ctx, size_t det, const struct es_chunk *c, size_t start, size_t end,
                          enum es_confidence conf, const char *norm, size_t norm_len)
{
    (void)det;
    (void)c;
    (void)end;
    struct long_line_count *k = ctx;
    static const char want[] = "35.689500,139.691700";
    if (conf != ES_CONF_HIGH || norm_len != sizeof want - 1 || memcmp(norm, want, norm_len) != 0 ||
        (k->n && start <= k->last_start))
        k->bad++;
    k->last_start = start;
    k->n++;
}

static void test_long_line(void **state)
{
    (void)state;
    static const char unit[] = "GPS: 35.6895,139.6917; ";
    const size_t units = 120000;   /* x 23 bytes: ~2.8 MB */
    size_t ul = sizeof unit - 1, len = units * ul;
    char *text = malloc(len + 1);
    assert_non_null(text);
    for (size_t i = 0; i < units; i++)
        memcpy(text + i * ul, unit, ul);
    text[len] = '\0';
    int det = es_detector_index("geo", 3);
    assert_true(det >= 0);
    struct es_detect_shared *s = NULL;
    struct es_detect_worker *w = NULL;
    assert_int_equal(es_detect_shared_new(&s, NULL, 0), ES_OK);
    assert_int_equal(es_detect_worker_new(s, &w), ES_OK);
    struct long_line_count k = {0, 0, 0};
    struct es_hit_sink sink = {.hit = long_line_hit, .ctx = &k};
    struct es_chunk c = es_chunk_plain(text);
    es_detect_run(w, 1u << det, &c, &sink);
    es_detect_worker_free(w);
    es_detect_shared_free(s);
    free(text);
    assert_int_equal(k.bad, 0);
    assert_int_equal(k.n, units);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scope_walk),
        cmocka_unit_test(test_decimal_pairs),
        cmocka_unit_test(test_keyed_fields),
        cmocka_unit_test(test_decoys),
        cmocka_unit_test(test_dms_and_nmea),
        cmocka_unit_test(test_table_columns),
        cmocka_unit_test(test_keyed_blank_separator),
        cmocka_unit_test(test_column_pairs),
        cmocka_unit_test(test_place_lists),
        cmocka_unit_test(test_mask),
        cmocka_unit_test(test_pair_decimals),
        cmocka_unit_test(test_pair_tail),
        cmocka_unit_test(test_norm_decimals),
        cmocka_unit_test(test_keyed_lines),
        cmocka_unit_test(test_long_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
