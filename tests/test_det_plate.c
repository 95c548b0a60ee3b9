/* plate detector: Japanese plates anywhere, other countries' plates when labelled. */
#include <stdio.h>

#include "util.h"

/* A one-line CSV chunk with a header row. */
static size_t csv_hits(const char *const *header, size_t nheader, const char *row,
                       struct es_test_hit *out)
{
    int det = es_detector_index("plate", 5);
    struct es_chunk c = es_chunk_plain(row);
    c.delim = ',';
    c.header = header;
    c.nheader = nheader;
    return es_detect_collect(det, &c, out, ES_TEST_MAX_HITS);
}

/* --- Japanese plates --- */

static void jp_spaced(void **state)
{
    (void)state;
    assert_one_hit("plate", "登録番号: 品川 300 さ 12-34", "品川300さ12-34");
}

static void jp_compact(void **state)
{
    (void)state;
    assert_one_hit("plate", "品川300さ1234", "品川300さ12-34");
}

static void jp_fullwidth_normalised(void **state)
{
    (void)state;
    /* Full-width digits and dashes arrive normalised to ASCII. */
    assert_one_hit("plate", "車両：土浦330ゆ51-42 の件", "土浦330ゆ51-42");
}

static void jp_dots(void **state)
{
    (void)state;
    assert_one_hit("plate", "練馬500あ・・・1", "練馬500あ・・・1");
    assert_one_hit("plate", "所沢 396 る ・・37", "所沢396る・・37");
    assert_one_hit("plate", "福山 355 と ・679", "福山355と・679");
}

static void jp_one_digit_hyphen(void **state)
{
    (void)state;
    assert_one_hit("plate", "横浜 33 ね 1-23", "横浜33ね1-23");
}

static void jp_long_and_kana_regions(void **state)
{
    (void)state;
    assert_one_hit("plate", "尾張小牧 501 や 45-54", "尾張小牧501や45-54");
    assert_one_hit("plate", "なにわ 342 ら 39-07", "なにわ342ら39-07");
    assert_one_hit("plate", "袖ヶ浦562つ42-97", "袖ヶ浦562つ42-97");
    assert_one_hit("plate", "富士山 325 ま 89-67", "富士山325ま89-67");
}

static void jp_rental_and_business_kana(void **state)
{
    (void)state;
    assert_one_hit("plate", "なにわ 300 わ 12-34", "なにわ300わ12-34");
    assert_one_hit("plate", "名古屋 100 を 56-78", "名古屋100を56-78");
}

static void jp_class_with_letter(void **state)
{
    (void)state;
    assert_one_hit("plate", "品川 30A す 12-34", "品川30Aす12-34");
}

static void jp_several_in_a_row(void **state)
{
    (void)state;
    assert_int_equal(es_test_count("plate", "札幌 514 な 48-73, 函館 303 せ 67-40\n仙台 323 ち ・469"), 3);
}

static void jp_unused_kana_rejected(void **state)
{
    (void)state;
    /* お し へ ん are never issued. */
    assert_no_hit("plate", "品川 300 お 12-34");
    assert_no_hit("plate", "品川 300 し 12-34");
    assert_no_hit("plate", "品川 300 へ 12-34");
    assert_no_hit("plate", "品川 300 ん 12-34");
}

static void jp_unknown_region_rejected(void **state)
{
    (void)state;
    assert_no_hit("plate", "東京 300 さ 12-34");
    assert_no_hit("plate", "渋谷 300 さ 12-34");
}

static void jp_district_not_plate(void **state)
{
    (void)state;
    /* 品川区 is a ward in an address, not a plate. */
    assert_no_hit("plate", "東京都品川区大井1-2-3");
    assert_no_hit("plate", "南品川300さ12-34");
}

static void jp_bad_serial_rejected(void **state)
{
    (void)state;
    assert_no_hit("plate", "品川 300 さ 02-34");   /* leading zero */
    assert_no_hit("plate", "品川 300 さ 12-345");  /* too long */
    assert_no_hit("plate", "品川 300 さ 123");     /* three digits need a dot */
    assert_no_hit("plate", "品川 300 さ ・・・12");  /* dots + digits != 4 */
    assert_no_hit("plate", "品川 300 さ 12345");
}

static void jp_postcode_and_model_not_plate(void **state)
{
    (void)state;
    assert_no_hit("plate", "〒140-0011 品川");
    assert_no_hit("plate", "型式 ZVW30 品川工場 300台");
}

/* --- labelled plates of other countries --- */

static void au_rego_column(void **state)
{
    (void)state;
    static const char *const hdr[] = {"Name", "Rego", "First Reg"};
    struct es_test_hit h[ES_TEST_MAX_HITS];
    assert_int_equal(csv_hits(hdr, 3, "Jo Smith,9KR7ED,2016-07-11", h), 1);
    assert_string_equal(h[0].norm, "9KR7ED");
    assert_int_equal(csv_hits(hdr, 3, "Jo Smith,YNE-033,2016-07-11", h), 1);
    assert_string_equal(h[0].norm, "YNE-033");
}

static void first_reg_column_not_plate(void **state)
{
    (void)state;
    static const char *const hdr[] = {"Name", "First Reg", "Model"};
    struct es_test_hit h[ES_TEST_MAX_HITS];
    assert_int_equal(csv_hits(hdr, 3, "Jo Smith,2016A1,CX5", h), 0);
}

static void unlabelled_au_not_plate(void **state)
{
    (void)state;
    assert_no_hit("plate", "Model ABC123 ships in 2024");
}

static void inline_labels(void **state)
{
    (void)state;
    assert_one_hit("plate", "Rego: ABC123", "ABC123");
    assert_one_hit("plate", "{\"registration\":\"PKX-916\",\"model_year\":2019}", "PKX-916");
    assert_one_hit("plate", "<tr><th>Registration</th><td>1AB2CD</td></tr>", "1AB2CD");
}

static void label_on_previous_line(void **state)
{
    (void)state;
    assert_one_hit("plate", "  Registration\n  405VZC\n  Part\n  K7113", "405VZC");
}

static void india(void **state)
{
    (void)state;
    assert_one_hit("plate", "Registration: MH 12 AB 1234", "MH12AB1234");
    /* ZZ is no Indian state code. */
    assert_no_hit("plate", "Registration: ZZ 12 AB 1234");
}

static void thailand(void **state)
{
    (void)state;
    assert_one_hit("plate", "ทะเบียนรถ: 1ปบ 9180 อุดรธานี", "1ปบ9180อุดรธานี");
    assert_one_hit("plate", "ทะเบียน กข 1234 กรุงเทพมหานคร", "กข1234กรุงเทพมหานคร");
}

static void korea_china_vietnam_taiwan_indonesia(void **state)
{
    (void)state;
    assert_one_hit("plate", "차량번호: 12가 3456", "12가3456");
    assert_one_hit("plate", "车牌号: 京A12345", "京A12345");
    assert_one_hit("plate", "Plate: 51F-123.45", "51F-123.45");
    assert_one_hit("plate", "License plate: ABC-1234", "ABC-1234");
    assert_one_hit("plate", "Nomor polisi: B 1234 XYZ", "B1234XYZ");
}

static void labelled_non_plates_rejected(void **state)
{
    (void)state;
    assert_no_hit("plate", "Registration: 2021-03-04");
    assert_no_hit("plate", "Registration: completed");
    assert_no_hit("plate", "Registration date: AB1234");
    assert_no_hit("plate", "シリアルナンバー: AB1234");
    assert_no_hit("plate", "template: AB1234");
    assert_no_hit("plate", "Registration ID: R12345");
    assert_no_hit("plate", "event registration code: AB1234");
    /* Words of a neighbouring field do not spoil the label. */
    assert_one_hit("plate", "{\"phone\":\"0412 345 678\",\"registration\":\"ABC123\"}", "ABC123");
}

static void thai_with_province_needs_no_label(void **state)
{
    (void)state;
    assert_one_hit("plate", "('MP1AU17X4KL255518','7อล 9028 ร้อยเอ็ด','Innova')", "7อล9028ร้อยเอ็ด");
    /* Not a province: no plate without a label. */
    assert_no_hit("plate", "7อล 9028 สวัสดี");
}

static void sql_insert_with_create_table(void **state)
{
    (void)state;
    const char *sql = "CREATE TABLE `vehicles` (\n  `vin` varchar(20) NOT NULL,\n"
                      "  `reg_no` varchar(40) DEFAULT NULL,\n  `model` varchar(50),\n"
                      "  PRIMARY KEY (`vin`)\n);\n"
                      "INSERT INTO `vehicles` VALUES ('6T1P3MSS8PP501103','SFH25R','Hilux'),"
                      "('JTN89V651PD426061','AAF-832','Swift');\n"
                      "INSERT INTO `vehicles` VALUES ('KMHN628E576338402','949HAE','City');\n";
    struct es_test_hit h[ES_TEST_MAX_HITS];
    assert_int_equal(es_test_hits("plate", sql, h), 3);
    assert_string_equal(h[0].norm, "SFH25R");
    assert_string_equal(h[2].norm, "949HAE");
    /* The model column is no plate column. */
    assert_int_equal(es_test_count("plate", "CREATE TABLE t (`model` varchar(9));\n"
                                            "INSERT INTO t VALUES ('AB12CD');\n"), 0);
}

/* INSERTs alternating between tables (each misses the one-table cache)
 * take each table's columns from its own latest CREATE TABLE, one of them
 * redefined on the way (the CREATE TABLE keywords are searched for once
 * per chunk, latest_create()). */
static void sql_insert_alternating_tables(void **state)
{
    (void)state;
    const char *sql = "CREATE TABLE cars (`reg_no` varchar(20), `model` varchar(20));\n"
                      "CREATE TABLE notes (`memo` varchar(20), `rego` varchar(20));\n"
                      "INSERT INTO cars VALUES ('SFH25R','Hilux');\n"
                      "INSERT INTO notes VALUES ('AB12CD','AAF-832');\n"
                      "INSERT INTO cars VALUES ('949HAE','City');\n"
                      "CREATE TABLE cars (`model` varchar(20), `reg_no` varchar(20));\n"
                      "INSERT INTO notes VALUES ('XYZ789','BQ-4471');\n"
                      "INSERT INTO cars VALUES ('Corolla','1ABC234');\n";
    struct es_test_hit h[ES_TEST_MAX_HITS];
    assert_int_equal(es_test_hits("plate", sql, h), 5);
    assert_string_equal(h[0].norm, "SFH25R");
    assert_string_equal(h[1].norm, "AAF-832");
    assert_string_equal(h[2].norm, "949HAE");
    assert_string_equal(h[3].norm, "BQ-4471");
    assert_string_equal(h[4].norm, "1ABC234");
    /* More CREATE TABLEs in a chunk than are kept: each INSERT searches
     * back again, with the same answer. */
    char big[8192];
    size_t n = 0;
    for (int k = 0; k < 70; k++)
        n += (size_t)snprintf(big + n, sizeof big - n, "CREATE TABLE t%d (`memo` varchar(9));\n", k);
    n += (size_t)snprintf(big + n, sizeof big - n, "%s", sql);
    assert_int_equal(es_test_hits("plate", big, h), 5);
    assert_string_equal(h[4].norm, "1ABC234");
}

static void sql_insert_with_column_list(void **state)
{
    (void)state;
    assert_one_hit("plate", "INSERT INTO cars (id, registration) VALUES (1, 'ABC-123');", "ABC-123");
}

/* SQL keywords in any case, as dumps and migrations write them: a lower-case
 * create table names the columns of a lower-case insert into (the plate
 * scan used to look for an upper-case 'C' only). */
static void sql_lower_case_create_table(void **state)
{
    (void)state;
    const char *sql = "create table cars (`reg_no` varchar(20), `model` varchar(20));\n"
                      "insert into cars values ('SFH25R','Hilux');\n"
                      "insert into cars values ('949HAE','City');\n";
    struct es_test_hit h[ES_TEST_MAX_HITS];
    assert_int_equal(es_test_hits("plate", sql, h), 2);
    assert_string_equal(h[0].norm, "SFH25R");
    assert_string_equal(h[1].norm, "949HAE");
}

/* Mixed case (an ORM's or a hand-written migration's "Insert Into"), its
 * table from a "create Table" before it. */
static void sql_mixed_case_insert(void **state)
{
    (void)state;
    const char *sql = "create Table Cars (Model varchar(20), Rego varchar(20));\n"
                      "Insert Into Cars Values ('Hilux','SFH25R');\n"
                      "INSERT into Cars (Rego, Model) vAlUeS ('949HAE','City');\n";
    struct es_test_hit h[ES_TEST_MAX_HITS];
    assert_int_equal(es_test_hits("plate", sql, h), 2);
    assert_string_equal(h[0].norm, "SFH25R");
    assert_string_equal(h[1].norm, "949HAE");
}

/* A table dropped and created again between two INSERTs into it: the
 * second takes the new columns (plate's one-table cache kept the old ones,
 * took 'AB12CD' of the model column and missed the plate). */
static void sql_table_redefined_between_inserts(void **state)
{
    (void)state;
    const char *sql = "CREATE TABLE cars (`reg_no` varchar(20), `model` varchar(20));\n"
                      "INSERT INTO cars VALUES ('SFH25R','Hilux');\n"
                      "DROP TABLE cars;\n"
                      "CREATE TABLE cars (`model` varchar(20), `reg_no` varchar(20));\n"
                      "INSERT INTO cars VALUES ('AB12CD','949HAE');\n";
    struct es_test_hit h[ES_TEST_MAX_HITS];
    assert_int_equal(es_test_hits("plate", sql, h), 2);
    assert_string_equal(h[0].norm, "SFH25R");
    assert_string_equal(h[1].norm, "949HAE");
}

static void tab_table_without_declared_header(void **state)
{
    (void)state;
    /* An HTML table arrives as tab-separated lines. */
    struct es_test_hit h[ES_TEST_MAX_HITS];
    size_t n = es_test_hits("plate", "Customer No\tName\tRegistration\n"
                                     "1000120526\tAngus Rees\t4DS1DL\n"
                                     "1000120541\tEliza Erdman\tDCW-391\n", h);
    assert_int_equal(n, 2);
    assert_string_equal(h[1].norm, "DCW-391");
    assert_no_hit("plate", "Customer No\tName\tModel\n1000120526\tAngus Rees\t4DS1DL\n");
    /* Lines without tabs before, between and after the tab-separated ones. */
    n = es_test_hits("plate", "Service list\nno tabs here\nCustomer No\tName\tRegistration\n"
                              "1000120526\tAngus Rees\t4DS1DL\nplain line 4DS1DL\n"
                              "1000120541\tEliza Erdman\tDCW-391\nend\n", h);
    assert_int_equal(n, 2);
}

static void mask_keeps_region_and_class(void **state)
{
    (void)state;
    int det = es_detector_index("plate", 5);
    const struct es_detector *d = es_detectors[det];
    char out[64];
    const char *n = "品川300さ12-34";
    d->mask(n, strlen(n), out, sizeof out);
    assert_string_equal(out, "品川 300 さ **-**");
    n = "1ปบ9180อุดรธานี";
    d->mask(n, strlen(n), out, sizeof out);
    assert_string_equal(out, "1ปบ****อุดรธานี");
    n = "MH12AB1234";
    d->mask(n, strlen(n), out, sizeof out);
    assert_string_equal(out, "MH********");
}

/* Normalisation writes ー as '-': the label ナンバー arrives as ナンバ-. */
static void label_after_normalisation(void **state)
{
    (void)state;
    static const char *const hdr[] = {"ナンバ-", "Name"};
    struct es_test_hit h[ES_TEST_MAX_HITS];
    assert_int_equal(csv_hits(hdr, 2, "ABC-123,A B\n", h), 1);
    /* Near miss: a serial number column (シリアルナンバ-) is no plate. */
    static const char *const serial[] = {"シリアルナンバ-", "Name"};
    assert_int_equal(csv_hits(serial, 2, "ABC-123,A B\n", h), 0);
}

/* The digit windows of jp_find() and the chunk-wide label prefilter:
 * plates across a 64-byte window boundary, labels on a line after many
 * lines without one, and a label cut off at the line end. */
static void windows_and_label_lines(void **state)
{
    (void)state;
    for (size_t pad = 52; pad < 66; pad++) {
        char line[160];
        memset(line, 'x', pad);
        memcpy(line + pad, " 品川 300 さ 12-34", sizeof " 品川 300 さ 12-34");
        assert_one_hit("plate", line, "品川300さ12-34");
    }
    char text[2048];
    size_t o = 0;
    for (int i = 0; i < 30; i++) {
        memcpy(text + o, "nothing to see on this line 12\n", 31);
        o += 31;
    }
    memcpy(text + o, "Rego: ABC123\nre\nRego: XYZ789", sizeof "Rego: ABC123\nre\nRego: XYZ789");
    struct es_test_hit h[ES_TEST_MAX_HITS];
    assert_int_equal(es_test_hits("plate", text, h), 2);
    assert_no_hit("plate", "no\nre\nRe");
    /* jp_next(): plates on later lines, lines without digits between, and
     * no plate across a line break. */
    char many[1024];
    size_t m = 0;
    for (int i = 0; i < 20; i++) {
        memcpy(many + m, "品川ナンバーの車です\n", sizeof "品川ナンバーの車です\n" - 1);
        m += sizeof "品川ナンバーの車です\n" - 1;
    }
    memcpy(many + m, "品川\n300さ12-34\n横浜 33 ね 1-23", sizeof "品川\n300さ12-34\n横浜 33 ね 1-23");
    assert_one_hit("plate", many, "横浜33ね1-23");
    /* Inline labels after many 車 and ナ that start none. */
    assert_one_hit("plate", "車検の車両 ナビ 車両番号: ABC123", "ABC123");
    assert_one_hit("plate", "vehicle: car, Vehicle No: ABC123", "ABC123");
    assert_one_hit("plate", "VEH.NUMBER ABC123", "ABC123");
}

/* jp_next()'s byte masks: the byte before the class (a region's last byte,
 * or a space after one) at every offset around a 64-byte window edge; an
 * ASCII letter there starts no plate. */
static void jp_class_at_window_edges(void **state)
{
    (void)state;
    for (size_t pad = 40; pad < 80; pad++) {
        char line[200];
        memset(line, 'x', pad);
        memcpy(line + pad, " 品川300さ12-34", sizeof " 品川300さ12-34");
        assert_one_hit("plate", line, "品川300さ12-34");
        memcpy(line + pad, "。横浜 33 ね 1-23", sizeof "。横浜 33 ね 1-23");
        assert_one_hit("plate", line, "横浜33ね1-23");
        memcpy(line + pad, " 品川x300さ12-34", sizeof " 品川x300さ12-34");
        assert_no_hit("plate", line);
    }
    /* Digits after kanji that end no region name come first on the line. */
    assert_one_hit("plate", "価格300円、在庫12台 品川300さ12-34", "品川300さ12-34");
    assert_one_hit("plate", "車両 品川ナンバー 12 台 尾張小牧 501 や 45-54", "尾張小牧501や45-54");
    assert_no_hit("plate", "会議室 300 さ 12-34");
}

/* Tabular rows split from masks of quotes and delimiters: quoted commas,
 * rows longer than a 64-byte block, fields after the plate column. */
static void csv_rows_from_masks(void **state)
{
    (void)state;
    static const char *const hdr[] = {"Name", "Notes", "Rego", "Model"};
    struct es_test_hit h[ES_TEST_MAX_HITS];
    assert_int_equal(csv_hits(hdr, 4, "\"Smith, Jo\",\"a, b, c\",9KR7ED,\"CX5, red\"", h), 1);
    assert_string_equal(h[0].norm, "9KR7ED");
    for (size_t pad = 50; pad < 140; pad += 7) {
        char row[256];
        size_t o = 0;
        memcpy(row + o, "Jo,\"", 4);
        o += 4;
        for (size_t i = 0; i < pad; i++)
            row[o++] = i % 9 == 0 ? ',' : 'n';
        memcpy(row + o, "\",YNE-033,AB12CD", sizeof "\",YNE-033,AB12CD");
        assert_int_equal(csv_hits(hdr, 4, row, h), 1);
        assert_string_equal(h[0].norm, "YNE-033");
    }
    /* The plate column last, with the line end closing it. */
    static const char *const last[] = {"Name", "Notes", "Rego"};
    assert_int_equal(csv_hits(last, 3, "Jo,\"x,y\",1AB2CD", h), 1);
    assert_string_equal(h[0].norm, "1AB2CD");
    assert_int_equal(csv_hits(last, 3, "Jo,\"x,y,1AB2CD\"", h), 0);
}

/* Label literals compared as 8-byte words, in either case, and with fewer
 * than 8 bytes left in the chunk. */
static void label_literal_words(void **state)
{
    (void)state;
    assert_one_hit("plate", "REGISTRATION: 1AB2CD", "1AB2CD");
    assert_one_hit("plate", "Vehicle Number: 1AB2CD", "1AB2CD");
    assert_one_hit("plate", "vEhIcLe nO. 1AB2CD", "1AB2CD");
    assert_one_hit("plate", "車両番号: 1AB2CD", "1AB2CD");
    assert_one_hit("plate", "Nomor Polisi B 1234 XYZ", "B1234XYZ");
    assert_int_equal(es_test_count("plate", "Rego"), 0);
    assert_int_equal(es_test_count("plate", "x reg"), 0);
    /* "Rego" on its own line, the value below: the label sits in the
     * chunk's last 8 bytes but one line. */
    assert_one_hit("plate", "Rego\n1AB2CD", "1AB2CD");
}

/* Lines passed over without a label, tab or INSERT among them: what
 * follows them is still read (an indented lower-case INSERT, a label
 * alone on its line, a blank line, the value). */
static void quiet_lines_then_values(void **state)
{
    (void)state;
    struct es_test_hit h[ES_TEST_MAX_HITS];
    size_t n = es_test_hits("plate", "some prose line\nanother one here\n"
                                     "  insert into cars (id, registration) values (1, 'ABC-123');\n"
                                     "more prose\nRegistration\n\nXYZ-789\nplain\n", h);
    assert_int_equal(n, 2);
    assert_string_equal(h[0].norm, "ABC-123");
    assert_string_equal(h[1].norm, "XYZ-789");
}

/* Region names tried by bytes 1-2 (jp_try()): at the text's start, names
 * of 2 to 4 characters, with and without spaces, and names that share a
 * first character (福山, 福島). */
static void jp_region_names_by_key(void **state)
{
    (void)state;
    struct es_test_hit h[ES_TEST_MAX_HITS];
    size_t n = es_test_hits("plate", "品川300さ12-34\n尾張小牧 500 あ 1-23 と 苫小牧302ち・・・1\n"
                                     "八王子 3 わ 12-34\n福山 59 ゆ 1234 福島 1 す 12 34\n", h);
    assert_int_equal(n, 5);
    assert_string_equal(h[0].norm, "品川300さ12-34");
    assert_string_equal(h[1].norm, "尾張小牧500あ1-23");
    assert_string_equal(h[2].norm, "苫小牧302ち・・・1");
    assert_string_equal(h[3].norm, "八王子3わ12-34");
    assert_string_equal(h[4].norm, "福山59ゆ12-34");
}

/* --- jp_try()'s pattern fallback ---
 * plate_init() keeps jp_split off, and jp_try() runs the jp pattern with its
 * region group itself, when a region name is shorter than 3 bytes or holds
 * an ASCII byte. The real list (es_geo_plate_regions: kanji and kana names
 * of 3 bytes or more) never does, so det_plate.c is built once more here
 * with a list that holds a romanised name, its hits coming back through
 * fallback_hit() instead of the scanner's sink. */
struct fb_hit {
    size_t s, e;
    char norm[64];
};
static struct fb_hit fb_hits[8];
static size_t fb_n;

static void fallback_hit(const struct es_scan_ctx *sc, size_t start, size_t end, enum es_confidence conf,
                         const char *norm, size_t norm_len)
{
    (void)sc;
    (void)conf;
    if (fb_n < sizeof fb_hits / sizeof fb_hits[0] && norm_len < sizeof fb_hits[0].norm) {
        fb_hits[fb_n].s = start;
        fb_hits[fb_n].e = end;
        memcpy(fb_hits[fb_n].norm, norm, norm_len);
        fb_hits[fb_n].norm[norm_len] = '\0';
    }
    fb_n++;
}

#define es_geo_plate_regions es_test_fallback_regions
#define es_det_plate es_test_plate_fallback
#define es_hit fallback_hit
#include "../detectors/det_plate.c"
#undef es_hit
#undef es_det_plate
#undef es_geo_plate_regions

const char *const es_test_fallback_regions[] = {"尾張小牧", "品川", "つくば", "Kobe", NULL};

/* Hits of the rebuilt plate detector in text, into fb_hits. */
static size_t fallback_scan(const char *text)
{
    void *shared = NULL;
    assert_int_equal(es_test_plate_fallback.init(&shared), ES_OK);
    /* The path under test: the pattern, not the region index. */
    assert_false(((const struct plate_shared *)shared)->jp_split);
    pcre2_match_data *md = pcre2_match_data_create(32, NULL);
    pcre2_match_context *mctx = pcre2_match_context_create(NULL);
    assert_non_null(md);
    assert_non_null(mctx);
    struct es_chunk_facts facts;
    es_chunk_facts_reset(&facts);
    struct es_scan_ctx sc = {.shared = shared, .md = md, .mctx = mctx, .facts = &facts};
    struct es_chunk c = es_chunk_plain(text);
    fb_n = 0;
    es_test_plate_fallback.scan(&sc, &c);
    pcre2_match_context_free(mctx);
    pcre2_match_data_free(md);
    es_test_plate_fallback.fini(shared);
    return fb_n;
}

static void jp_region_pattern_fallback(void **state)
{
    (void)state;
    const char *text = "車両: 品川 300 さ 12-34、尾張小牧500あ1234 と Kobe 330 ね 1-23。";
    assert_int_equal(fallback_scan(text), 3);
    assert_string_equal(fb_hits[0].norm, "品川300さ12-34");
    assert_int_equal(fb_hits[0].s, (size_t)(strstr(text, "品川") - text));
    assert_int_equal(fb_hits[0].e, (size_t)(strstr(text, "、") - text));
    assert_string_equal(fb_hits[1].norm, "尾張小牧500あ12-34");
    assert_string_equal(fb_hits[2].norm, "Kobe330ね1-23");
    assert_int_equal(fb_hits[2].s, (size_t)(strstr(text, "Kobe") - text));
    /* Not a listed region, a longer place name, and a kana never issued. */
    assert_int_equal(fallback_scan("Osaka 330 ね 12-34"), 0);
    assert_int_equal(fallback_scan("南品川300さ12-34"), 0);
    assert_int_equal(fallback_scan("品川300お12-34"), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(jp_spaced),
        cmocka_unit_test(jp_compact),
        cmocka_unit_test(jp_fullwidth_normalised),
        cmocka_unit_test(jp_dots),
        cmocka_unit_test(jp_one_digit_hyphen),
        cmocka_unit_test(jp_long_and_kana_regions),
        cmocka_unit_test(jp_rental_and_business_kana),
        cmocka_unit_test(jp_class_with_letter),
        cmocka_unit_test(jp_several_in_a_row),
        cmocka_unit_test(jp_unused_kana_rejected),
        cmocka_unit_test(jp_unknown_region_rejected),
        cmocka_unit_test(jp_district_not_plate),
        cmocka_unit_test(jp_bad_serial_rejected),
        cmocka_unit_test(jp_postcode_and_model_not_plate),
        cmocka_unit_test(au_rego_column),
        cmocka_unit_test(first_reg_column_not_plate),
        cmocka_unit_test(unlabelled_au_not_plate),
        cmocka_unit_test(inline_labels),
        cmocka_unit_test(label_on_previous_line),
        cmocka_unit_test(india),
        cmocka_unit_test(thailand),
        cmocka_unit_test(korea_china_vietnam_taiwan_indonesia),
        cmocka_unit_test(labelled_non_plates_rejected),
        cmocka_unit_test(label_after_normalisation),
        cmocka_unit_test(thai_with_province_needs_no_label),
        cmocka_unit_test(sql_insert_with_create_table),
        cmocka_unit_test(sql_insert_alternating_tables),
        cmocka_unit_test(sql_insert_with_column_list),
        cmocka_unit_test(sql_lower_case_create_table),
        cmocka_unit_test(sql_mixed_case_insert),
        cmocka_unit_test(sql_table_redefined_between_inserts),
        cmocka_unit_test(tab_table_without_declared_header),
        cmocka_unit_test(mask_keeps_region_and_class),
        cmocka_unit_test(windows_and_label_lines),
        cmocka_unit_test(jp_class_at_window_edges),
        cmocka_unit_test(csv_rows_from_masks),
        cmocka_unit_test(label_literal_words),
        cmocka_unit_test(quiet_lines_then_values),
        cmocka_unit_test(jp_region_names_by_key),
        cmocka_unit_test(jp_region_pattern_fallback),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
