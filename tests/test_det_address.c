/* address detector: JP, Latin-script and Thai home addresses; company
 * addresses, bare postcodes and cities rejected. */
#include <stdio.h>

#include "util.h"
#include "detectors/geo_tables.h"

static size_t table_hits(const char *const *header, size_t nheader, const char *row,
                         struct es_test_hit *out)
{
    int det = es_detector_index("address", 7);
    struct es_chunk c = es_chunk_plain(row);
    c.delim = ',';
    c.header = header;
    c.nheader = nheader;
    return es_detect_collect(det, &c, out, ES_TEST_MAX_HITS);
}

/* --- Japanese --- */

static void jp_postcode_chome_banchi_go(void **state)
{
    (void)state;
    assert_one_hit("address", "〒034-3830 静岡県南安藤村後藤新町1丁目23番16号",
                   "〒034-3830 静岡県南安藤村後藤新町1丁目23番16号");
}

static void jp_hyphen_numbers(void **state)
{
    (void)state;
    assert_one_hit("address", "住所：東京都港区芝公園4-2-8", "東京都港区芝公園4-2-8");
}

static void jp_building_and_room(void **state)
{
    (void)state;
    assert_one_hit("address", "〒749-5206 青森県横田市宮原8-6-12 大城パレス 201",
                   "〒749-5206 青森県横田市宮原8-6-12 大城パレス 201");
}

static void jp_room_in_numbers(void **state)
{
    (void)state;
    assert_one_hit("address", "大阪府大阪市北区梅田1-2-3-405", "大阪府大阪市北区梅田1-2-3-405");
}

static void jp_in_sentence(void **state)
{
    (void)state;
    assert_one_hit("address", "お客様の住所は神奈川県横浜市中区山下町12番地です。",
                   "神奈川県横浜市中区山下町12番地");
}

static void jp_postcode_line_then_address_line(void **state)
{
    (void)state;
    /* Split over two lines: one occurrence, on the street-level line. */
    assert_one_hit("address", "〒876-3920\n茨城県堀内村小野新町1-29-22\n中原 学 様",
                   "茨城県堀内村小野新町1-29-22");
}

static void jp_no_prefecture_needs_postcode_or_label(void **state)
{
    (void)state;
    assert_one_hit("address", "〒150-0002 渋谷区渋谷2-21-1", "〒150-0002 渋谷区渋谷2-21-1");
    assert_no_hit("address", "渋谷区渋谷2-21-1");
}

static void jp_postcode_or_city_alone(void **state)
{
    (void)state;
    assert_no_hit("address", "〒123-4567");
    assert_no_hit("address", "東京都港区");
    assert_no_hit("address", "東京都港区の店舗にて");
}

static void jp_company_footer(void **state)
{
    (void)state;
    assert_no_hit("address", "株式会社五十嵐モータース\n〒868-9102 滋賀県西秀雄町丹羽新町3丁目27番24号 中沢ビル 3F\n"
                             "TEL 024-840-7373（代表）");
    assert_no_hit("address", "本社：東京都千代田区丸の内1-1-1");
}

static void jp_no_municipality(void **state)
{
    (void)state;
    /* A prefecture followed straight by numbers is no address. */
    assert_no_hit("address", "東京都1-2-3");
}

/* --- Latin script --- */

static void au_full_line(void **state)
{
    (void)state;
    assert_one_hit("address", "Ship to 12 Smith Street, Newtown NSW 2042 please",
                   "12 Smith Street, Newtown NSW 2042");
}

static void au_unit_slash(void **state)
{
    (void)state;
    assert_one_hit("address", "Unit 5/12 Smith St, Newtown NSW 2042", "Unit 5/12 Smith St, Newtown NSW 2042");
}

static void au_two_lines(void **state)
{
    (void)state;
    struct es_test_hit h[ES_TEST_MAX_HITS];
    size_t n = es_test_hits("address", "Ali Lakin\n911 Jasmine Parade\nPort Kaylastead QLD 4944\n", h);
    assert_int_equal(n, 1);
    assert_string_equal(h[0].norm, "911 Jasmine Parade");
    assert_int_equal(h[0].conf, ES_CONF_HIGH);
}

static void us_and_uk(void **state)
{
    (void)state;
    assert_one_hit("address", "123 Main St, Springfield, IL 62704", "123 Main St, Springfield, IL 62704");
    assert_one_hit("address", "10 Downing Street, London SW1A 2AA", "10 Downing Street, London SW1A 2AA");
}

static void india_flat_and_pin(void **state)
{
    (void)state;
    assert_one_hit("address", "Flat 12, MG Road, Bengaluru, Karnataka 560001",
                   "Flat 12, MG Road, Bengaluru, Karnataka 560001");
    assert_one_hit("address", "House No. 471, Adiga Burgs, Bodhan, Tamil Nadu 364 911",
                   "House No. 471, Adiga Burgs, Bodhan, Tamil Nadu 364 911");
}

static void singapore_block(void **state)
{
    (void)state;
    assert_one_hit("address", "Blk 123 Ang Mo Kio Avenue 3, #12-345, Singapore 560123",
                   "Blk 123 Ang Mo Kio Avenue 3, #12-345, Singapore 560123");
}

static void address_column(void **state)
{
    (void)state;
    static const char *const hdr[] = {"Postcode", "State", "City", "Address", "Mobile"};
    struct es_test_hit h[ES_TEST_MAX_HITS];
    /* Split into columns: one hit, on the street column. */
    assert_int_equal(table_hits(hdr, 5, "6426,SA,East Blake,Unit 8/584 Ivy Crest,0430107810", h), 1);
    assert_string_equal(h[0].norm, "Unit 8/584 Ivy Crest");
    assert_int_equal(h[0].conf, ES_CONF_HIGH);
    assert_int_equal(table_hits(hdr, 5, "417087,Sikkim,Bilaspur,\"Plot 325, Javas Streets\",081154", h), 1);
}

static void store_list_rejected(void **state)
{
    (void)state;
    static const char *const hdr[] = {"Store code", "Store", "Address", "Main phone"};
    struct es_test_hit h[ES_TEST_MAX_HITS];
    assert_int_equal(
        table_hits(hdr, 4, "S001,Kocchar Motors Ltd,\"No. 463, Banerjee Rue, Punch, Assam 925 088\",044-2853", h), 0);
}

static void company_letterhead_rejected(void **state)
{
    (void)state;
    assert_no_hit("address", "Hackett Car Centre Co., Ltd.\n15 Hayley Summit, South Davidville NSW 1860\n"
                             "Ph 0289803196 (main)  Fax 02-8369-9894");
    assert_no_hit("address", "Head Office: 1 Martin Place, Sydney NSW 2000");
}

static void not_streets(void **state)
{
    (void)state;
    assert_no_hit("address", "Released 2 New Features in version 3");
    assert_no_hit("address", "Sydney NSW 2000");
    assert_no_hit("address", "Postcode 2042");
    assert_no_hit("address", "ordered 4 Brake Pads");
    assert_no_hit("address", "PN-123 Main Street");   /* part of a code */
}

/* --- Thai --- */

static void thai_script(void **state)
{
    (void)state;
    assert_one_hit("address", "ที่อยู่: 392/3 ถนนนาคนิวาส อำเภอเมืองสมุทรปราการ จังหวัดอุทัยธานี 37130",
                   "392/3 ถนนนาคนิวาส อำเภอเมืองสมุทรปราการ จังหวัดอุทัยธานี 37130");
}

static void thai_company_rejected(void **state)
{
    (void)state;
    assert_no_hit("address", "บริษัท ตัวอย่าง จำกัด 99/1 ถนนสุขุมวิท เขตวัฒนา กรุงเทพมหานคร 10110");
    assert_no_hit("address", "จังหวัดเชียงใหม่ 50000");
}

static void jp_split_street_column(void **state)
{
    (void)state;
    static const char *const hdr[] = {"郵便番号", "都道府県", "市区町村", "番地", "建物名"};
    struct es_test_hit h[ES_TEST_MAX_HITS];
    assert_int_equal(table_hits(hdr, 5, "511-0789,青森県,新優子市,臼井丘9丁目10番9号,", h), 1);
    assert_string_equal(h[0].norm, "臼井丘9丁目10番9号");
    /* The same value without its label is too weak. */
    assert_no_hit("address", "臼井丘9丁目10番9号");
}

static void jp_spaces_between_parts(void **state)
{
    (void)state;
    assert_one_hit("address", "東京都 港区 芝公園 4-2-8", "東京都 港区 芝公園 4-2-8");
}

static void thai_split_street_column_and_two_lines(void **state)
{
    (void)state;
    static const char *const hdr[] = {"รหัสไปรษณีย์", "จังหวัด", "ที่อยู่"};
    struct es_test_hit h[ES_TEST_MAX_HITS];
    assert_int_equal(table_hits(hdr, 3, "50100,ตรัง,535/97 ถนนโกสุมรวมใจ", h), 1);
    assert_one_hit("address", "167/86 ถนนบางนา-ตราด\nอำเภอปากเกร็ด จังหวัดนครนายก 19420", "167/86 ถนนบางนา-ตราด");
    assert_no_hit("address", "535/97 ถนนโกสุมรวมใจ");
}

static void json_line_with_company_elsewhere(void **state)
{
    (void)state;
    /* A dump is one long line: a company word far away must not hide the
     * customer's address. */
    assert_one_hit("address",
                   "{\"dealer\":\"Hackett Motors Pty Ltd\",\"note\":\"..............................................."
                   "....................................\",\"address\":{\"line1\":\"Unit 4/36 John Meadow\"}}",
                   "Unit 4/36 John Meadow");
}

static void weak_suffix_alone_rejected(void **state)
{
    (void)state;
    assert_no_hit("address", "Fixed 2 Map View crashes");
    assert_no_hit("address", "Upgraded 2 Google Drive folders");
    assert_no_hit("address", "Sync 4 Main Street cameras");
    /* Noise that happens to end in a suffix abbreviation. */
    assert_no_hit("address", "29680 C LN 29188 SOFqCYb");
    assert_no_hit("address", "55652 Khb CT 99353 ASelP");
    assert_no_hit("address", "70 getValue Rd 2000 NSW");
    assert_one_hit("address", "12 SMITH ST, NEWTOWN NSW 2042", "12 SMITH ST, NEWTOWN NSW 2042");
    /* A bare street after a place cue is kept (low confidence). */
    assert_one_hit("address", "She lives at 12 Smith Street now", "12 Smith Street");
    assert_no_hit("address", "Copyright 2015 Kassulke-Johns Car Centre Pty Ltd. All rights reserved.");
    /* With its locality it is an address. */
    assert_one_hit("address", "4170 Christopher Summit, Port Grace QLD 4000", "4170 Christopher Summit, Port Grace QLD 4000");
}

/* --- masks --- */

static void masks(void **state)
{
    (void)state;
    int det = es_detector_index("address", 7);
    const struct es_detector *d = es_detectors[det];
    char out[256];
    const char *n = "〒105-0011 東京都港区芝公園4-2-8";
    d->mask(n, strlen(n), out, sizeof out);
    assert_string_equal(out, "東京都港区****");
    n = "535/97 ถนนโกสุมรวมใจ";
    d->mask(n, strlen(n), out, sizeof out);
    assert_string_equal(out, "***/** ถนน****");
    n = "392/3 ถนนนาคนิวาส อำเภอเมืองสมุทรปราการ จังหวัดอุทัยธานี 37130";
    d->mask(n, strlen(n), out, sizeof out);
    assert_string_equal(out, "**** อำเภอเมืองสมุทรปราการ จังหวัดอุทัยธานี 37130");
    n = "12 Smith Street, Newtown NSW 2042";
    d->mask(n, strlen(n), out, sizeof out);
    assert_string_equal(out, "** S**** S*****, Newtown NSW 2042");
}

/* --- romanised Japanese, NZ locality lines, vCard ADR --- */

static void jp_romanised(void **state)
{
    (void)state;
    assert_one_hit("address", "Ship to: 3-12-5 Kitano, Naka-ku, Osaka 530-0001 (home)",
                   "3-12-5 Kitano, Naka-ku, Osaka 530-0001");
    assert_one_hit("address", "Address: 7-4 Minamidai, Hanamori City, Saitama",
                   "7-4 Minamidai, Hanamori City, Saitama");
}

static void jp_romanised_near_misses(void **state)
{
    (void)state;
    /* no postcode and no label: a range and a place name */
    assert_no_hit("address", "Rounds 1-2 Tomika, Hanamori City qualifiers");
    /* a company's office in the letterhead */
    assert_no_hit("address", "Koruma Trading Co., Ltd.\n1-2-3 Tomika, Naka-ku, Osaka 530-0001\n");
}

/* has_jr_marker() at the text's edges: a " City" / " Ward" marker whose
 * space is byte 0 or 1 (its core at 1 or 2), a core at byte 0 with no room
 * for the space, and "-ku" as the last bytes. */
static void jp_romanised_marker_edges(void **state)
{
    (void)state;
    assert_no_hit("address", " City");
    assert_no_hit("address", " Ward 7-4 Minamidai");
    assert_no_hit("address", "x City");
    assert_no_hit("address", "a Ward, 1-2 Tomika");
    assert_no_hit("address", "City 7-4 Minamidai, Hanamori");
    assert_one_hit("address", "Address: 3-12-5 Kitano, Naka-ku", "3-12-5 Kitano, Naka-ku");
    assert_one_hit("address", "Address: 7-4 Minamidai, Hanamori Ward", "7-4 Minamidai, Hanamori Ward");
    assert_no_hit("address", "Ship to: 3-12-5 Kitano, Naka-ku");   /* no label, no postcode */
    assert_no_hit("address", "-ku");
}

/* jr_re runs only where a marker follows the chunk's first en gate (the
 * space after a match's number is one): the marker right after the gate,
 * markers only before the first gate (Japanese prose has none), and a gate
 * line without a marker before the address. */
static void jp_romanised_gates(void **state)
{
    (void)state;
    assert_one_hit("address", "Address: 1-2 Ab Cd-ku", "1-2 Ab Cd-ku");
    assert_one_hit("address", "Address: 1-2 Ab Cd City", "1-2 Ab Cd City");
    assert_one_hit("address",
                   "Naka-ku の天気は晴れでした。Hanamori City にも行きました。\n"
                   "Address: 7-4 Minamidai, Hanamori City, Saitama",
                   "7-4 Minamidai, Hanamori City, Saitama");
    assert_one_hit("address", "Order 12 Shipped today\nAddress: 3-12-5 Kitano, Naka-ku",
                   "3-12-5 Kitano, Naka-ku");
    assert_no_hit("address", "Hanamori City, Naka-ku: 1-2 Tomika");
}

static void nz_locality_line(void **state)
{
    (void)state;
    assert_one_hit("address", "Ms Lira Vendor\n27 Tamaki Street\nPapanui, Christchurch 8053\n",
                   "27 Tamaki Street");
    /* the next line is not "Place, Place NNNN" */
    assert_no_hit("address", "Ms Lira Vendor\n27 Tamaki Street\nsee page, vol 8053\n");
    assert_no_hit("address", "Ms Lira Vendor\n27 Tamaki Street\nBuild 12, Version 8053\n");
}

static void vcard_adr_property(void **state)
{
    (void)state;
    assert_one_hit("address", "ADR;TYPE=home:;;51 Sorel Terrace;Kelby;Dunedin;9016;New Zealand",
                   "51 Sorel Terrace");
    /* a word that starts with "adr" is no ADR property */
    assert_no_hit("address", "Adrian:;;51 Sorel Terrace;Kelby");
}

/* The gate before en_re (a space after a house or unit number): the
 * longest lead-ups to it, prefixes glued to the number, and lines where the
 * match starts far from the chunk start. */
static void en_gate_shapes(void **state)
{
    (void)state;
    assert_one_hit("address", "Apartment 1234A / 12345A-12345A Smith Street, Newtown NSW 2042",
                   "Apartment 1234A / 12345A-12345A Smith Street, Newtown NSW 2042");
    assert_one_hit("address", "Survey No. 12345A-1234, Smith Road, Bengaluru, Karnataka 560001",
                   "Survey No. 12345A-1234, Smith Road, Bengaluru, Karnataka 560001");
    assert_one_hit("address", "No.12 Smith Road, Bengaluru, Karnataka 560001",
                   "No.12 Smith Road, Bengaluru, Karnataka 560001");
    assert_one_hit("address", "Apartment5 12 Smith Street, Newtown NSW 2042",
                   "Apartment5 12 Smith Street, Newtown NSW 2042");
    assert_one_hit("address", "Apt.5 12 Smith Street, Newtown NSW 2042", "Apt.5 12 Smith Street, Newtown NSW 2042");
    assert_one_hit("address", "Unit 5,   12 Smith Street, Newtown NSW 2042",
                   "Unit 5, 12 Smith Street, Newtown NSW 2042");
    /* the look-behind: a number after '#' or a bare '.' starts no street */
    assert_no_hit("address", "#12 Smith Street, Newtown NSW 2042");
    assert_no_hit("address", "10:00:00.12 Smith Street, Newtown NSW 2042");
    /* two on one long line, after a log time stamp */
    char line[512];
    memset(line, 'x', 300);
    const char *rest = " 2024-01-01T10:00:00.123Z INFO sent to 12 Smith Street, Newtown NSW 2042 and to 4 Main "
                       "Street, Newtown NSW 2042";
    memcpy(line + 300, rest, strlen(rest) + 1);
    int det = es_detector_index("address", 7);
    struct es_chunk c = es_chunk_plain(line);
    struct es_test_hit h[ES_TEST_MAX_HITS];
    assert_int_equal(es_detect_collect(det, &c, h, ES_TEST_MAX_HITS), 2);
    assert_string_equal(h[0].norm, "12 Smith Street, Newtown NSW 2042");
    assert_string_equal(h[1].norm, "4 Main Street, Newtown NSW 2042");
}

/* Where jp_re starts its search (a bound from the first number mark of
 * the line): a head of 41 units is the most a match takes, with numerals
 * or a space before the numbers; lines without a mark are passed over. */
static void jp_search_start_bounds(void **state)
{
    (void)state;
    char line[512], want[512];
    char i32[32 * 3 + 1], i33[33 * 3 + 1], i36[36 * 3 + 1];
    for (size_t k = 0; k < 36; k++) {
        if (k < 32)
            memcpy(i32 + 3 * k, "い", 3);
        if (k < 33)
            memcpy(i33 + 3 * k, "い", 3);
        memcpy(i36 + 3 * k, "い", 3);
    }
    i32[32 * 3] = i33[33 * 3] = i36[36 * 3] = '\0';
    /* 〒 and 33 + 8 head characters: the postcode is part of it */
    snprintf(line, sizeof line, "〒105-0011%s東京都港区芝公園4-2-8", i33);
    assert_one_hit("address", line, line);
    /* one more: the head starts after the postcode, the hit at the prefecture */
    snprintf(line, sizeof line, "〒105-0011い%s東京都港区芝公園4-2-8", i33);
    assert_one_hit("address", line, "東京都港区芝公園4-2-8");
    snprintf(line, sizeof line, "〒105-0011 %s東京都港区芝公園十四の2", i33);
    assert_one_hit("address", line, line);
    snprintf(line, sizeof line, "〒105-0011 %s東京都港区芝公園4-2-8", i32);
    assert_one_hit("address", line, line);
    /* no prefecture: a label, then 36 + 5 head characters or one more */
    snprintf(line, sizeof line, "住所：%s港区芝公園 十一の2", i36);
    snprintf(want, sizeof want, "%s港区芝公園 十一の2", i36);
    assert_one_hit("address", line, want);
    snprintf(line, sizeof line, "住所：い%s港区芝公園4-2-8", i36);
    snprintf(want, sizeof want, "%s港区芝公園4-2-8", i36);
    assert_one_hit("address", line, want);
    /* a later mark when the first one starts no match */
    assert_one_hit("address", "住所：一の11111111111111111111東京都港区芝公園4-2-8", "東京都港区芝公園4-2-8");
    /* lines without numbers between candidates */
    struct es_test_hit h[ES_TEST_MAX_HITS];
    int det = es_detector_index("address", 7);
    struct es_chunk c = es_chunk_plain("東京都港区芝公園4-2-8\n本日は晴れです。\n\nまた明日。\n大阪府大阪市北区梅田1-2-3\n");
    assert_int_equal(es_detect_collect(det, &c, h, ES_TEST_MAX_HITS), 2);
    assert_string_equal(h[0].norm, "東京都港区芝公園4-2-8");
    assert_string_equal(h[1].norm, "大阪府大阪市北区梅田1-2-3");
}

/* Stretches between bytes jp_re never holds (',', ':', '(' ...) whose
 * matches cannot be reported are passed over: what vouches for a match
 * may stand in another stretch (a label before it, the vCard property,
 * the column header). */
static void jp_stretches(void **state)
{
    (void)state;
    assert_one_hit("address", "住所:港区芝公園4-2-8", "港区芝公園4-2-8");
    assert_one_hit("address", "住所: (港区芝公園4-2-8)", "港区芝公園4-2-8");
    assert_one_hit("address", "ADR;TYPE=home:;;芝公園4-2-8;港区;東京都", "芝公園4-2-8");
    assert_one_hit("address", "お名前:山田,電話:090-1234-5678,郵便:〒105-0011 港区芝公園4-2-8",
                   "〒105-0011 港区芝公園4-2-8");
    static const char *const hdr[] = {"氏名", "住所", "ナンバー", "電話"};
    struct es_test_hit h[ES_TEST_MAX_HITS];
    assert_int_equal(table_hits(hdr, 4, "鈴木,港区芝公園4-2-8,品川 300 あ 12-34,03-1234-5678", h), 1);
    assert_string_equal(h[0].norm, "港区芝公園4-2-8");
    /* The column decides: the address in the plate column is not taken.
     * (What stands in the address column here, a plate, is taken as an
     * address today, "あ 12-34"; that is questionable, so not pinned.) */
    size_t n = table_hits(hdr, 4, "鈴木,品川 300 あ 12-34,港区芝公園4-2-8,03-1234-5678", h);
    for (size_t i = 0; i < n; i++)
        assert_string_not_equal(h[i].norm, "港区芝公園4-2-8");
    /* a quoted delimiter does not end a field */
    assert_int_equal(table_hits(hdr, 4, "\"鈴木,一郎\",港区芝公園4-2-8,品川 300 あ 12-34,03-1234-5678", h), 1);
    assert_string_equal(h[0].norm, "港区芝公園4-2-8");
    /* a field past the 64th: its own header decides (住所 for field 66
     * only) */
    const char *wide[70];
    for (size_t i = 0; i < 70; i++)
        wide[i] = i == 66 ? "住所" : "メモ";
    for (size_t at = 65; at <= 67; at++) {
        char row[512];
        size_t o = 0;
        for (size_t i = 0; i < 70; i++) {
            row[o++] = ',';
            if (i == at) {
                memcpy(row + o, "港区芝公園4-2-8", strlen("港区芝公園4-2-8"));
                o += strlen("港区芝公園4-2-8");
            }
        }
        row[o] = '\0';
        /* the address is in field `at` (after `at` commas) */
        n = table_hits(wide, 70, row + 1, h);
        assert_int_equal(n, at == 66 ? 1 : 0);
        if (n)
            assert_string_equal(h[0].norm, "港区芝公園4-2-8");
    }
}

/* Company words on the address's own line: a line of up to 256 bytes is
 * looked at whole first (no word of the lists on it: the windows near the
 * address are not searched), a longer one only near the address; either
 * way only a word in the windows counts. */
static void company_word_on_own_line(void **state)
{
    (void)state;
    char line[1024];
    static const char addr[] = "12 Smith Street, Newtown NSW 2042";
    assert_one_hit("address", addr, addr);
    assert_no_hit("address", "Acme Pty Ltd, 12 Smith Street, Newtown NSW 2042");
    /* inside a word: no company word, though the line holds its letters */
    assert_one_hit("address", "Seen by Coltdale: 12 Smith Street, Newtown NSW 2042", addr);
    for (size_t pad = 60; pad <= 400; pad += 20) {
        /* "Ltd" pad bytes before the address: in the 80-byte window or not */
        memcpy(line, "Ltd. ", 5);
        memset(line + 5, 'x', pad);
        line[5 + pad] = ' ';
        memcpy(line + 6 + pad, addr, sizeof addr);
        if (pad + 6 <= 80)
            assert_no_hit("address", line);
        else
            assert_one_hit("address", line, addr);
        /* and right before it, on lines short and long */
        memset(line, 'x', pad);
        memcpy(line + pad, " Ltd ", 5);
        memcpy(line + pad + 5, addr, sizeof addr);
        assert_no_hit("address", line);
    }
}

/* init refuses a word list that does not fit its fast structures; the
 * shipped lists fit. */
static void init_with_shipped_lists(void **state)
{
    (void)state;
    const struct es_detector *d = es_detectors[es_detector_index("address", 7)];
    void *shared = NULL;
    assert_int_equal(d->init(&shared), ES_OK);
    assert_non_null(shared);
    d->fini(shared);
}

/* The number marks (a digit or numeral before -, 丁, 番 or の) are looked
 * for sixteen bytes at a time: each kind at every offset within a block.
 * (So is the first kana / kanji lead byte that lets scan_jp() run at all:
 * here after pad ASCII bytes.) */
static void jp_marks_at_every_offset(void **state)
{
    (void)state;
    static const char *const addrs[] = {"東京都港区芝公園四丁目2番8号", "東京都港区芝公園十の2",
                                        "東京都港区芝公園4-2-8", "東京都港区芝公園4番地"};
    char line[256];
    for (size_t a = 0; a < sizeof addrs / sizeof *addrs; a++)
        for (size_t pad = 0; pad < 20; pad++) {
            memset(line, 'x', pad);
            line[pad] = ',';
            memcpy(line + pad + 1, addrs[a], strlen(addrs[a]) + 1);
            assert_one_hit("address", line, addrs[a]);
        }
}

/* A stretch's ends are found sixteen bytes at a time: letters (no stop,
 * though jp_re takes none before the numbers) on either side of the
 * address, at lengths around a block; the label may stand up to 24 bytes
 * before the match. */
static void jp_stretch_ends(void **state)
{
    (void)state;
    static const size_t lens[] = {0, 15, 16, 17, 33};
    char line[256], pad[40];
    for (size_t i = 0; i < sizeof lens / sizeof *lens; i++) {
        memset(pad, 'a', lens[i]);
        pad[lens[i]] = '\0';
        snprintf(line, sizeof line, "住所:%s東京都港区芝公園4-2-8%s,x", pad, pad);
        assert_one_hit("address", line, "東京都港区芝公園4-2-8");
    }
    assert_one_hit("address", "住所:aaaaaaaaaaaaaaaaa港区芝公園4-2-8", "港区芝公園4-2-8");
    assert_no_hit("address", "住所:aaaaaaaaaaaaaaaaaa港区芝公園4-2-8");
}

/* Many lines in one chunk: the label and prefecture look-ups move along
 * the chunk (one keyword index per chunk) and must answer each line as
 * on its own. */
static void jp_label_windows_many_lines(void **state)
{
    (void)state;
    static char text[8192];
    char want[ES_TEST_MAX_HITS][96];
    size_t o = 0, nwant = 0;
    for (int k = 0; k < 36; k++) {
        char pad[24];
        size_t np = k % 6 == 0 ? 16 : k % 6 == 1 ? 18 : 17;
        memset(pad, 'a', np);
        pad[np] = '\0';
        int n;
        switch (k % 6) {
        case 0:
        case 1:
            n = snprintf(text + o, sizeof text - o, "住所:%s港区芝公園4-2-%d\n", pad, k + 1);
            break;
        case 2:
            n = snprintf(text + o, sizeof text - o, "東京都港区芝公園4-2-%d\n", k + 1);
            break;
        case 3:
            n = snprintf(text + o, sizeof text - o, "港区芝公園4-2-%d\n", k + 1);
            break;
        case 4:
            n = snprintf(text + o, sizeof text - o, "港区芝公園4-2-%d 県\n", k + 1);
            break;
        default:
            n = snprintf(text + o, sizeof text - o, "住所:%s港区芝公園4-2-%d,住所\n", pad, k + 1);
            break;
        }
        o += (size_t)n;
        if (k % 6 == 0 || k % 6 == 5)
            snprintf(want[nwant++], sizeof want[0], "港区芝公園4-2-%d", k + 1);
        else if (k % 6 == 2)
            snprintf(want[nwant++], sizeof want[0], "東京都港区芝公園4-2-%d", k + 1);
    }
    struct es_test_hit h[ES_TEST_MAX_HITS];
    size_t n = es_test_hits("address", text, h);
    assert_int_equal(n, nwant);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(h[i].norm, want[i]);
}

/* Lines with marks but no jp_line keyword, between and after the lines
 * that hold one, are passed over (kwi_first()): the addresses on the
 * keyword lines are still found, in order, and nothing else. */
static void jp_keyword_lines_among_plain_ones(void **state)
{
    (void)state;
    static char text[8192];
    size_t o = 0;
    for (int k = 0; k < 120; k++) {
        int n;
        if (k == 40)
            n = snprintf(text + o, sizeof text - o, "東京都港区芝公園4-2-8\n");
        else if (k == 80)
            n = snprintf(text + o, sizeof text - o, "住所:港区芝公園4-2-9\n");
        else
            n = snprintf(text + o, sizeof text - o, "港区芝公園%d-2-3\n", k + 1);
        o += (size_t)n;
    }
    struct es_test_hit h[ES_TEST_MAX_HITS];
    size_t n = es_test_hits("address", text, h);
    assert_int_equal(n, 2);
    assert_string_equal(h[0].norm, "東京都港区芝公園4-2-8");
    assert_string_equal(h[1].norm, "港区芝公園4-2-9");
}

/* A letterhead's company line rules out the addresses on the three lines
 * below it, each of them, not only the first. */
static void letterhead_over_address_lines(void **state)
{
    (void)state;
    assert_one_hit("address",
                   "Acme Pty Ltd\n12 Smith Street, Newtown NSW 2042\n14 Smith Street, Newtown NSW 2042\n"
                   "16 Smith Street, Newtown NSW 2042\n18 Smith Street, Newtown NSW 2042\n",
                   "18 Smith Street, Newtown NSW 2042");
    struct es_test_hit h[ES_TEST_MAX_HITS];
    size_t n = es_test_hits("address",
                            "Acme Pty Ltd\n12 Smith Street, Newtown NSW 2042\nBill to\n"
                            "14 Smith Street, Newtown NSW 2042\n16 Smith Street, Newtown NSW 2042\n",
                            h);
    assert_int_equal(n, 2);
    assert_string_equal(h[0].norm, "14 Smith Street, Newtown NSW 2042");
    assert_string_equal(h[1].norm, "16 Smith Street, Newtown NSW 2042");
}

/* The column of a Japanese address found through quoted fields that hold
 * delimiters and doubled quotes, over more than sixteen bytes at a time. */
static void jp_column_after_quoted_fields(void **state)
{
    (void)state;
    static const char *const hdr[] = {"氏名", "備考", "住所"};
    struct es_test_hit h[ES_TEST_MAX_HITS];
    assert_int_equal(table_hits(hdr, 3, "山田 太郎,\"a,b,\"\"c\"\",d,e,f,g,h,i,j,k,l,m\",港区芝公園4-2-8", h), 1);
    assert_string_equal(h[0].norm, "港区芝公園4-2-8");
    assert_int_equal(table_hits(hdr, 3, "山田 太郎,\"a,b,\"\"c\"\",d,e,f,g,h,i,j,k,l,港区芝公園4-2-8,m\",x", h), 0);
    assert_int_equal(table_hits(hdr, 3, "山田 太郎,abcdefghijklmnopqrstuvwxyz,港区芝公園4-2-8", h), 1);
    assert_int_equal(table_hits(hdr, 3, "山田 太郎,港区芝公園4-2-8,abcdefghijklmnopqrstuvwxyz", h), 0);
}

/* The value is the address with its white space collapsed and SQL / JSON
 * escapes dropped. */
static void value_whitespace_and_escapes(void **state)
{
    (void)state;
    assert_one_hit("address", "Address: 12   O\\'Connell Street,\tNewtown NSW 2042",
                   "12 O'Connell Street");
    assert_one_hit("address", "住所:東京都港区芝公園4-2-8 パレス芝 201", "東京都港区芝公園4-2-8 パレス芝 201");
}

/* scan_jp() looks for a prefecture only where 道, 都, 府 or 県 ends a name
 * of three or four kanji (pref_end_near()): the table must keep to that. */
static void prefecture_names_shape(void **state)
{
    (void)state;
    static const char *const suffixes[] = {"道", "都", "府", "県"};
    size_t n = 0;
    for (const char *const *p = es_geo_prefectures; *p; p++, n++) {
        size_t len = strlen(*p);
        assert_true(len == 9 || len == 12);
        int ok = 0;
        for (size_t k = 0; k < 4; k++)
            ok |= memcmp(*p + len - 3, suffixes[k], 3) == 0;
        assert_true(ok);
    }
    assert_int_equal(n, 47);
    /* Prefectures of both lengths, at the start of the head and after
     * other characters. */
    assert_one_hit("address", "神奈川県横浜市中区山下町12番地", "神奈川県横浜市中区山下町12番地");
    assert_one_hit("address", "お届け先は和歌山県和歌山市小松原通1-2です", "和歌山県和歌山市小松原通1-2");
    assert_one_hit("address", "宛先 北海道札幌市中央区北1条西2-3", "北海道札幌市中央区北1条西2-3");
}

/* Digits and numerals without a mark ahead of the address, over several
 * blocks of sixteen bytes, at every offset: the mark scan's blocks with a
 * digit or numeral reuse the marks of the block after them. */
static void jp_marks_after_decoys(void **state)
{
    (void)state;
    static const char *const addrs[] = {"東京都港区芝公園四丁目2番8号", "東京都港区芝公園4-2-8"};
    char line[512];
    for (size_t a = 0; a < sizeof addrs / sizeof *addrs; a++)
        for (size_t pad = 0; pad < 40; pad++) {
            memset(line, 'x', pad);
            snprintf(line + pad, sizeof line - pad, "1a2b3c4d5e6f7g8h9i0j一二三,%s,%s", addrs[a],
                     "yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy");
            assert_one_hit("address", line, addrs[a]);
        }
}

/* The street number's gate (digits, then a space) at every offset of the
 * 16-byte blocks, after spaces and digits that are no gate. */
static void en_gate_every_offset(void **state)
{
    (void)state;
    char line[256];
    for (size_t pad = 0; pad < 40; pad++) {
        memset(line, 'x', pad);
        snprintf(line + pad, sizeof line - pad, " a1b 2c x9x 12 Smith Street, Newtown NSW 2042");
        assert_one_hit("address", line, "12 Smith Street, Newtown NSW 2042");
        snprintf(line + pad, sizeof line - pad, " 7a 12B Smith Street, Newtown NSW 2042 and more text");
        assert_one_hit("address", line, "12B Smith Street, Newtown NSW 2042");
    }
}

/* The line below an address closes a company block ("(main)", FAX); it
 * is looked at once for the address above it and for those below it. */
static void company_line_below_in_a_list(void **state)
{
    (void)state;
    struct es_test_hit h[ES_TEST_MAX_HITS];
    size_t n = es_test_hits("address",
                            "12 Smith Street, Newtown NSW 2042\n14 Smith Street, Newtown NSW 2042\n"
                            "Ph 02 9999 0000 (main)\n16 Smith Street, Newtown NSW 2042\n"
                            "18 Smith Street, Newtown NSW 2042\n",
                            h);
    assert_int_equal(n, 3);
    assert_string_equal(h[0].norm, "12 Smith Street, Newtown NSW 2042");
    assert_string_equal(h[1].norm, "16 Smith Street, Newtown NSW 2042");
    assert_string_equal(h[2].norm, "18 Smith Street, Newtown NSW 2042");
    /* A customer's line above stops the look upwards before a company
     * line; the same line is a line below for the address above it. */
    n = es_test_hits("address",
                     "Acme Pty Ltd\n12 Smith Street, Newtown NSW 2042\nDear Ms Roe\n"
                     "14 Smith Street, Newtown NSW 2042\n",
                     h);
    assert_int_equal(n, 1);
    assert_string_equal(h[0].norm, "14 Smith Street, Newtown NSW 2042");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(jp_postcode_chome_banchi_go),
        cmocka_unit_test(jp_hyphen_numbers),
        cmocka_unit_test(jp_building_and_room),
        cmocka_unit_test(jp_room_in_numbers),
        cmocka_unit_test(jp_in_sentence),
        cmocka_unit_test(jp_postcode_line_then_address_line),
        cmocka_unit_test(jp_no_prefecture_needs_postcode_or_label),
        cmocka_unit_test(jp_postcode_or_city_alone),
        cmocka_unit_test(jp_company_footer),
        cmocka_unit_test(jp_no_municipality),
        cmocka_unit_test(au_full_line),
        cmocka_unit_test(au_unit_slash),
        cmocka_unit_test(au_two_lines),
        cmocka_unit_test(us_and_uk),
        cmocka_unit_test(india_flat_and_pin),
        cmocka_unit_test(singapore_block),
        cmocka_unit_test(address_column),
        cmocka_unit_test(store_list_rejected),
        cmocka_unit_test(company_letterhead_rejected),
        cmocka_unit_test(not_streets),
        cmocka_unit_test(thai_script),
        cmocka_unit_test(thai_company_rejected),
        cmocka_unit_test(jp_split_street_column),
        cmocka_unit_test(jp_spaces_between_parts),
        cmocka_unit_test(thai_split_street_column_and_two_lines),
        cmocka_unit_test(json_line_with_company_elsewhere),
        cmocka_unit_test(weak_suffix_alone_rejected),
        cmocka_unit_test(masks),
        cmocka_unit_test(jp_romanised),
        cmocka_unit_test(jp_romanised_near_misses),
        cmocka_unit_test(jp_romanised_marker_edges),
        cmocka_unit_test(jp_romanised_gates),
        cmocka_unit_test(nz_locality_line),
        cmocka_unit_test(vcard_adr_property),
        cmocka_unit_test(en_gate_shapes),
        cmocka_unit_test(jp_search_start_bounds),
        cmocka_unit_test(jp_stretches),
        cmocka_unit_test(init_with_shipped_lists),
        cmocka_unit_test(company_word_on_own_line),
        cmocka_unit_test(jp_marks_at_every_offset),
        cmocka_unit_test(jp_stretch_ends),
        cmocka_unit_test(jp_label_windows_many_lines),
        cmocka_unit_test(jp_keyword_lines_among_plain_ones),
        cmocka_unit_test(letterhead_over_address_lines),
        cmocka_unit_test(jp_column_after_quoted_fields),
        cmocka_unit_test(value_whitespace_and_escapes),
        cmocka_unit_test(prefecture_names_shape),
        cmocka_unit_test(jp_marks_after_decoys),
        cmocka_unit_test(en_gate_every_offset),
        cmocka_unit_test(company_line_below_in_a_list),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
