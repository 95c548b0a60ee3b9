/* phone detector: number plans, groupings, labels and company numbers. */
#include "util.h"

#include "detectors/detector.h"

/* Confidence of the only hit in text. */
static enum es_confidence conf_of(const char *text)
{
    struct es_test_hit h[ES_TEST_MAX_HITS];
    size_t n = es_test_hits("phone", text, h);
    if (n != 1)
        fail_msg("phone: %zu hits in \"%s\"", n, text);
    return h[0].conf;
}

static void test_jp_mobile_forms(void **state)
{
    (void)state;
    /* Every way of writing one mobile number has one norm. */
    assert_one_hit("phone", "090-1234-5678", "+819012345678");
    assert_one_hit("phone", "09012345678", "+819012345678");
    assert_one_hit("phone", "090(1234)5678", "+819012345678");
    assert_one_hit("phone", "090 1234 5678", "+819012345678");
    assert_one_hit("phone", "+81-90-1234-5678", "+819012345678");
    assert_one_hit("phone", "+819012345678", "+819012345678");
    assert_one_hit("phone", "+81 (0)90 1234 5678", "+819012345678");
    assert_one_hit("phone", "0081-90-1234-5678", "+819012345678");
    /* Full-width digits and dashes arrive normalised to ASCII. */
    assert_one_hit("phone", "携帯：090-1234-5678", "+819012345678");
    assert_int_equal(conf_of("09012345678"), ES_CONF_HIGH);
}

static void test_cjk_boundaries(void **state)
{
    (void)state;
    assert_one_hit("phone", "電話09012345678です", "+819012345678");
    assert_one_hit("phone", "お客様の携帯は080-2190-5210でした。", "+818021905210");
    assert_one_hit("phone", "TEL090-1234-5678", "+819012345678");
    assert_one_hit("phone", "Tel.03-1234-5678", "+81312345678");
}

static void test_jp_fixed(void **state)
{
    (void)state;
    /* Area codes of 1-4 digits after the 0, 10 digits in all. */
    assert_one_hit("phone", "自宅 03-1234-5678", "+81312345678");
    assert_one_hit("phone", "045-774-3866", "+81457743866");
    assert_one_hit("phone", "0258(48)5828", "+81258485828");
    assert_one_hit("phone", "0155(28)1468", "+81155281468");
    assert_int_equal(conf_of("045-774-3866"), ES_CONF_MEDIUM);
    assert_int_equal(conf_of("TEL: 045-774-3866"), ES_CONF_HIGH);
    /* The line number has four digits; 11 digits need a mobile prefix. */
    assert_no_hit("phone", "03-1234-56");
    assert_no_hit("phone", "045-7743-866");
    assert_no_hit("phone", "031-2345-678");
}

static void test_bare_needs_label(void **state)
{
    (void)state;
    /* A bare 10-digit number is only a phone number with a label. */
    assert_no_hit("phone", "0312345678");
    assert_one_hit("phone", "電話番号: 0312345678", "+81312345678");
    assert_one_hit("phone", "Phone 0312345678", "+81312345678");
    /* Column header of a table. */
    static const char *const hdr[] = {"Customer ID", "Home Phone"};
    struct es_chunk c = es_chunk_plain("K-1,0312345678\n");
    c.delim = ',';
    c.header = hdr;
    c.nheader = 2;
    struct es_test_hit h[4];
    assert_int_equal(es_detect_collect(es_detector_index("phone", 5), &c, h, 4), 1);
    assert_string_equal(h[0].norm, "+81312345678");
    assert_int_equal(h[0].conf, ES_CONF_HIGH);
    /* The first column is not a phone column. */
    c = es_chunk_plain("0312345678,x\n");
    c.delim = ',';
    c.header = hdr;
    c.nheader = 2;
    assert_int_equal(es_detect_collect(es_detector_index("phone", 5), &c, h, 4), 0);
}

static void test_sql_column(void **state)
{
    (void)state;
    /* A bare value is labelled by its column in the INSERT statement. */
    assert_one_hit("phone",
                   "INSERT INTO `c` (`id`, `tel`) VALUES ('K1', '0408911012');", "+61408911012");
    assert_no_hit("phone", "INSERT INTO `c` (`id`, `ref`) VALUES ('K1', '0408911012');");
    /* Columns named by an earlier CREATE TABLE. */
    assert_one_hit("phone",
                   "CREATE TABLE c (\n  id varchar(9),\n  mobile varchar(20)\n);\n"
                   "INSERT INTO c VALUES ('K1','0408911012');",
                   "+61408911012");
}

static void test_json_key(void **state)
{
    (void)state;
    assert_one_hit("phone", "{\"mobilePhone\": \"0412345678\"}", "+81412345678");
    assert_one_hit("phone", "\"mobile\": \"+61411343075\",", "+61411343075");
}

static void test_toll_free(void **state)
{
    (void)state;
    assert_no_hit("phone", "0120-123-456");
    assert_no_hit("phone", "0800-274-4001");
    assert_no_hit("phone", "0570-563-883");
    assert_no_hit("phone", "TEL 0120123456");
    assert_no_hit("phone", "1800 802 7807");
    assert_no_hit("phone", "1800 586 381");
    assert_no_hit("phone", "1300 655 506");
    assert_no_hit("phone", "1-800-555-0199");
    assert_no_hit("phone", "1588-1234");
}

static void test_company_numbers(void **state)
{
    (void)state;
    assert_no_hit("phone", "代表 099(724)6789");
    assert_no_hit("phone", "Main 022-22112094");
    assert_no_hit("phone", "FAX: 03-1234-5679");
    assert_no_hit("phone", "TEL/FAX 03-1234-5678");
    assert_no_hit("phone", "本社 TEL 03-1234-5678");
    assert_no_hit("phone", "03-1234-5678（代表）");
    assert_no_hit("phone", "ファックス 03-1234-5678");
    assert_no_hit("phone", "お問い合わせ: 03-5555-1234");
    /* A company letterhead: TEL followed by FAX on one line. */
    assert_no_hit("phone", "TEL 03-1234-5678 FAX 03-1234-5679");
    static const char *const hdr[] = {"Store", "Main phone"};
    struct es_chunk c = es_chunk_plain("Kocchar Motors,044-28537210\n");
    c.delim = ',';
    c.header = hdr;
    c.nheader = 2;
    struct es_test_hit h[4];
    assert_int_equal(es_detect_collect(es_detector_index("phone", 5), &c, h, 4), 0);
    /* A staff member's direct line is a person's number. */
    assert_one_hit("phone", "直通 082-347-0775", "+81823470775");
}

static void test_labels_per_number(void **state)
{
    (void)state;
    /* The FAX label belongs to the second number only when a value
     * separates them; a mobile after a fax stays reported. */
    assert_int_equal(es_test_count("phone", "FAX 03-1234-5679, 携帯 090-1234-5678"), 1);
    assert_int_equal(es_test_count("phone", "090-1234-5678 / 080-2190-5210"), 2);
}

static void test_au_nz_uk(void **state)
{
    (void)state;
    assert_one_hit("phone", "0415 200 555", "+61415200555");
    assert_one_hit("phone", "+61 420 749 602", "+61420749602");
    assert_one_hit("phone", "+61 2 9815 0595", "+61298150595");
    assert_one_hit("phone", "(0412) 049 069", "+61412049069");
    assert_one_hit("phone", "+64 21 123 4567", "+64211234567");
    assert_one_hit("phone", "+44 (0)20 7946 0958", "+442079460958");
    assert_one_hit("phone", "07700 900123", "+447700900123");
    /* AU mobiles have 10 digits with the 0. */
    assert_no_hit("phone", "0415 200 55");
}

static void test_asia(void **state)
{
    (void)state;
    assert_one_hit("phone", "+66 89 353 0404", "+66893530404");
    assert_one_hit("phone", "+91 96189 45373", "+919618945373");
    assert_one_hit("phone", "098608 03231", "+919860803231");
    assert_one_hit("phone", "Mobile: 98765 43210", "+919876543210");
    assert_one_hit("phone", "+65 9123 4567", "+6591234567");
    assert_one_hit("phone", "+852 2123 4567", "+85221234567");
    assert_one_hit("phone", "+60 12-345 6789", "+60123456789");
    assert_one_hit("phone", "+62 812-3456-7890", "+6281234567890");
    assert_one_hit("phone", "+63 917 123 4567", "+639171234567");
    assert_one_hit("phone", "+82 10-1234-5678", "+821012345678");
    assert_one_hit("phone", "010-1234-5678", "+821012345678");
    assert_one_hit("phone", "+86 138 1234 5678", "+8613812345678");
    assert_one_hit("phone", "138-1234-5678", "+8613812345678");
    assert_one_hit("phone", "+886 912 345 678", "+886912345678");
    assert_one_hit("phone", "+84 91 234 5678", "+84912345678");
    /* A country outside the plans: kept whole, medium confidence. */
    assert_one_hit("phone", "Kontakt +49 30 1234567", "+49301234567");
    assert_int_equal(conf_of("+49 30 1234567"), ES_CONF_MEDIUM);
    assert_no_hit("phone", "+49 301234");   /* too short to trust without a plan */
    assert_one_hit("phone", "Ph: 9876543210", "+919876543210");
    assert_one_hit("phone", "โทรศัพท์ 022546227", "+6422546227");
}

static void test_sg_hk_need_label(void **state)
{
    (void)state;
    /* Eight digits fit dates and amounts: a label is required. */
    assert_no_hit("phone", "9123 4567");
    assert_one_hit("phone", "HP: 9123 4567", "+6591234567");
}

static void test_nanp(void **state)
{
    (void)state;
    assert_one_hit("phone", "(212) 736-5000", "+12127365000");
    assert_one_hit("phone", "+1 415 555 2671", "+14155552671");
    assert_one_hit("phone", "1-212-736-5000", "+12127365000");
    assert_no_hit("phone", "123-456-7890");   /* area code cannot start with 1 */
    assert_no_hit("phone", "212-555-0123");   /* 555-01XX is fictional */
    assert_no_hit("phone", "2127365000");      /* bare, no label */
}

static void test_dates_versions(void **state)
{
    (void)state;
    assert_no_hit("phone", "2021-03-04");
    assert_no_hit("phone", "2021/03/04 12:30");
    assert_no_hit("phone", "04-03-2021 10:30");
    assert_no_hit("phone", "2021 03 04");
    assert_no_hit("phone", "version 1.2.3.4");
    assert_no_hit("phone", "8.5.244.9788");
    assert_no_hit("phone", "22.113.37.179");
    assert_no_hit("phone", "192.168.100.200");
    assert_no_hit("phone", "978-4-7936-3073-6");
}

static void test_ids(void **state)
{
    (void)state;
    assert_no_hit("phone", "ORD-2019-223807");
    assert_no_hit("phone", "PO78038665 and SO-2743108");
    assert_no_hit("phone", "202310693299");
    assert_no_hit("phone", "20210506141308");
    assert_no_hit("phone", "1590563139358");
    assert_no_hit("phone", "uuid 0d305d1b-1870-4403-9951-161f085dc9fc");
    assert_no_hit("phone", "12345678-1234-4567-8901-123456789012");
    assert_no_hit("phone", "09012345678@docomo.ne.jp");
    /* Inside a longer digit run: never a slice of it. */
    assert_no_hit("phone", "359148090123456789");
    assert_no_hit("phone", "4111 1111 1111 1111");
    assert_no_hit("phone", "注文番号 03-1234-5678");
}

static void test_owned(void **state)
{
    (void)state;
    struct es_chunk c = es_chunk_plain("ab 090-1234-5678");
    c.owned = 2;
    struct es_test_hit h[4];
    assert_int_equal(es_detect_collect(es_detector_index("phone", 5), &c, h, 4), 0);
}

static size_t table_count(const char *text, const char *const *hdr, size_t nh)
{
    int det = es_detector_index("phone", strlen("phone"));
    struct es_chunk c = es_chunk_plain(text);
    c.delim = ',';
    c.header = hdr;
    c.nheader = nh;
    struct es_test_hit h[ES_TEST_MAX_HITS];
    return es_detect_collect(det, &c, h, ES_TEST_MAX_HITS);
}

/* A store list's numbers belong to the stores; a customer list with a
 * dealer column is still about customers. */
static void test_place_tables(void **state)
{
    (void)state;
    static const char *const stores[] = {"store_name", "address", "phone", "latitude"};
    assert_int_equal(table_count("Kelmont Branch,12 Main St,(02) 9123 4567,-33.8\n", stores, 4), 0);
    static const char *const ja[] = {"店舗名", "電話番号"};
    assert_int_equal(table_count("桜台店,03-1234-5678\n", ja, 2), 0);
    static const char *const cust[] = {"Customer Name", "Dealer", "Mobile"};
    assert_int_equal(table_count("Kalor Dravenko,Kelmont Motors,0412 345 678\n", cust, 3), 1);
}

/* Normalisation writes ー as '-': フリーダイヤル arrives as フリ-ダイヤル. */
static void test_normalised_choon(void **state)
{
    (void)state;
    assert_no_hit("phone", "フリ-ダイヤル 03-1234-5678");
    assert_no_hit("phone", "カスタマ-センタ- 06-6123-4567");
    assert_one_hit("phone", "携帯 090-1234-5678", "+819012345678");
    /* Kana labels among other kana words (E3 first bytes): ケータイ as ケ-タイ. */
    assert_one_hit("phone", "お客様のケ-タイ 0312345678", "+81312345678");
    assert_no_hit("phone", "ケ-タイ・フリ-ダイヤル 0312345678");
}

static void test_mask(void **state)
{
    (void)state;
    const struct es_detector *d = es_detectors[es_detector_index("phone", 5)];
    char out[64];
    const char *n = "+819012345678";
    d->mask(n, strlen(n), out, sizeof out);
    assert_string_equal(out, "+81-90-****-5678");
    n = "+81312345678";
    d->mask(n, strlen(n), out, sizeof out);
    assert_string_equal(out, "+81-31-***-5678");
}

/* es_digit_bits() and the prefilter built on it: runs and the separators
 * joining them are followed across the 64-byte windows. */
static void test_digit_windows(void **state)
{
    (void)state;
    static const char t[] = "a1-23\xef\xbc\x90 9";   /* 1, 2, 3, 9 are digits; U+FF10 bytes are not */
    assert_true(es_digit_bits(t, sizeof t - 1, 0) == ((uint64_t)0x1A | (uint64_t)1 << 9));
    assert_true(es_digit_bits(t, sizeof t - 1, 2) == ((uint64_t)0x6 | (uint64_t)1 << 7));
    char big[150];
    for (size_t i = 0; i < sizeof big; i++)
        big[i] = i % 5 == 0 ? 'x' : (char)('0' + i % 10);
    for (size_t at = 0; at < 80; at++) {
        uint64_t want = 0;
        for (size_t k = 0; k < 64 && at + k < sizeof big; k++)
            if ((at + k) % 5 != 0)
                want |= (uint64_t)1 << k;
        assert_true(es_digit_bits(big, sizeof big, at) == want);
    }
    /* A number whose groups and separators straddle the window boundary. */
    for (size_t pad = 50; pad < 70; pad++) {
        char line[128];
        memset(line, 'z', pad);
        memcpy(line + pad, " tel 090 - 1234-5678 ok", 24);
        assert_one_hit("phone", line, "+819012345678");
        /* A lead "(+" and separators of up to four characters belong to the run. */
        memcpy(line + pad, " tel (+81) 90-1234-5678 ok", 27);
        assert_one_hit("phone", line, "+819012345678");
        /* Five separators in a row break the run ("1234-5678" alone is no number). */
        memcpy(line + pad, " tel 090  -  1234-5678 ok", 26);
        assert_no_hit("phone", line);
    }
    /* A run of more than CHAIN_MAX digits (a table) is left to PCRE2, and
     * the number after it is still found. */
    char table[400];
    size_t o = 0;
    for (int i = 0; i < 40; i++) {
        memcpy(table + o, "12 ", 3);
        o += 3;
    }
    memcpy(table + o, "x tel 090-1234-5678", sizeof "x tel 090-1234-5678");
    assert_one_hit("phone", table, "+819012345678");
    /* Within CHAIN_MAX digits but more than MAX_GROUPS groups: a table too. */
    for (size_t groups = 31; groups <= 34; groups++) {
        o = 0;
        for (size_t i = 0; i < groups; i++) {
            memcpy(table + o, "7 ", 2);
            o += 2;
        }
        memcpy(table + o, "x tel 090-1234-5678", sizeof "x tel 090-1234-5678");
        assert_one_hit("phone", table, "+819012345678");
    }
}

/* Labels found at every offset of the window before a number and in long
 * column headers (last_word(): 64-byte blocks of first-byte masks, the last
 * block first); the verdict of one column does not carry over to another. */
static void test_label_windows(void **state)
{
    (void)state;
    /* The number at 60: the window is text[12, 60). */
    for (size_t pad = 11; pad <= 54; pad++) {
        char line[128];
        memset(line, 'z', pad);
        memcpy(line + pad, " Tel", 4);
        memset(line + pad + 4, ' ', 60 - (pad + 4));
        memcpy(line + 60, "0312345678", 11);
        assert_one_hit("phone", line, "+81312345678");
        /* A mobile needs no label, but a fax label makes it a company's. */
        memcpy(line + 60, "09012345678", 12);
        assert_one_hit("phone", line, "+819012345678");
        memcpy(line + pad, " Fax", 4);
        assert_no_hit("phone", line);
    }
    /* Headers longer than a block: the label at either end. */
    char h1[400], h2[400];
    memset(h1, 'q', 300);
    memcpy(h1 + 300, " Mobile", 8);
    memcpy(h2, "Mobile ", 7);
    memset(h2 + 7, 'q', 300);
    h2[307] = '\0';
    const char *hdr[] = {"id", h1};
    assert_int_equal(table_count("K-1,0312345678\n", hdr, 2), 1);
    hdr[1] = h2;
    assert_int_equal(table_count("K-1,0312345678\n", hdr, 2), 1);
    /* A company word after the label in a long header wins. */
    memcpy(h2 + 200, " fax ", 5);
    assert_int_equal(table_count("K-1,0312345678\n", hdr, 2), 0);
    /* Two-letter labels (no three bytes to index) and two-letter headers. */
    assert_one_hit("phone", "hp: 0312345678", "+81312345678");
    assert_one_hit("phone", "Ph 0312345678", "+81312345678");
    static const char *const hp[] = {"id", "HP"};
    assert_int_equal(table_count("K-1,0312345678\n", hp, 2), 1);
    /* Fax and mobile columns in one row: only the mobile is reported. */
    static const char *const fm[] = {"Fax", "Mobile"};
    assert_int_equal(table_count("03-1234-5679,090-1234-5678\n", fm, 2), 1);
    static const char *const mf[] = {"Mobile", "Fax"};
    assert_int_equal(table_count("090-1234-5678,03-1234-5679\n", mf, 2), 1);
    /* Column counts go on along a line and start over on the next one; a
     * quoted delimiter separates no fields. */
    assert_int_equal(table_count("090-1234-5678,090-1111-2222\n\"a,b\",090-2222-3333\n"
                                 "090-4444-5555,x\n\"x\",\"y\"\n090-6666-7777\n",
                                 mf, 2),
                     3);
}

/* The INSERT looked for before an unlabelled number is read as a column
 * value: at every offset of the vector pass, in upper or lower case. */
static void test_sql_gate(void **state)
{
    (void)state;
    for (size_t pad = 0; pad < 40; pad++) {
        char sql[256];
        memset(sql, ' ', pad);
        static const char up[] = "INSERT INTO c (id, tel) VALUES ('K1', '0408911012');";
        static const char lo[] = "insert into c (id, tel) values ('K1', '0408911012');";
        memcpy(sql + pad, up, sizeof up);
        assert_one_hit("phone", sql, "+61408911012");
        memcpy(sql + pad, lo, sizeof lo);
        assert_one_hit("phone", sql, "+61408911012");
    }
}

/* SQL keywords in any case, as the other detectors read them: lower case,
 * mixed case (an ORM's "Insert Into"; phone used to look for "INSERT" or
 * "insert" only), and a table created again between two INSERTs into it
 * (the second takes the new columns). */
static void test_sql_keyword_case(void **state)
{
    (void)state;
    assert_one_hit("phone",
                   "create table c (id varchar(9), tel varchar(20));\n"
                   "insert into c values ('K1', '0408911012');",
                   "+61408911012");
    assert_one_hit("phone", "Insert Into c (id, tel) Values ('K1', '0408911012');", "+61408911012");
    assert_one_hit("phone",
                   "Create Table c (id varchar(9), tel varchar(20));\n"
                   "Insert into c Values ('K1', '0408911012');",
                   "+61408911012");
    assert_no_hit("phone", "Insert Into c (id, ref) Values ('K1', '0408911012');");
}

static void test_sql_table_redefined(void **state)
{
    (void)state;
    struct es_test_hit h[ES_TEST_MAX_HITS];
    const char *sql = "CREATE TABLE c (id varchar(9), tel varchar(20));\n"
                      "Insert Into c VALUES ('K1', '0408911012');\n"
                      "DROP TABLE c;\n"
                      "CREATE TABLE c (tel varchar(20), id varchar(9));\n"
                      "Insert Into c VALUES ('0408911013', 'K2');\n"
                      "Insert Into c VALUES ('K3', '0408911014');\n";
    assert_int_equal(es_test_hits("phone", sql, h), 2);
    assert_string_equal(h[0].norm, "+61408911012");
    assert_string_equal(h[1].norm, "+61408911013");
}

/* Runs shaped like dates (4-2-2 digits from 19 or 20) are passed over
 * before the span search; the number after one is still found. */
static void test_date_runs(void **state)
{
    (void)state;
    assert_no_hit("phone", "Tel 2021-03-04");
    assert_no_hit("phone", "Tel (1999) 12.31");
    assert_no_hit("phone", "TEL 2021 - 03 - 04");
    assert_one_hit("phone", "2021-03-04 tel 090-1234-5678", "+819012345678");
    assert_one_hit("phone", "tel 2021-03-04, 090-1234-5678", "+819012345678");
}

/* With the chunk's digit classes kept (es_run_bits_get()), the prefilter's
 * windows start at multiples of 64: a search resumed after a number in
 * the same window sees only the digits from there on (it returned the
 * number before again, a loop, when the first window was not masked). */
static void test_kept_digit_windows(void **state)
{
    (void)state;
    for (size_t pad = 0; pad < 70; pad++) {
        char line[160];
        memset(line, 'z', pad);
        memcpy(line + pad, " tel 090-1234-5678 and 080-2190-5210 end", 41);
        struct es_test_hit h[ES_TEST_MAX_HITS];
        size_t n = es_test_hits("phone", line, h);
        assert_int_equal(n, 2);
        assert_string_equal(h[0].norm, "+819012345678");
        assert_string_equal(h[1].norm, "+818021905210");
        assert_true(h[0].start == pad + 5 && h[1].start == pad + 23);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_jp_mobile_forms), cmocka_unit_test(test_cjk_boundaries),
        cmocka_unit_test(test_jp_fixed),        cmocka_unit_test(test_bare_needs_label),
        cmocka_unit_test(test_json_key),        cmocka_unit_test(test_sql_column),        cmocka_unit_test(test_toll_free),
        cmocka_unit_test(test_company_numbers), cmocka_unit_test(test_labels_per_number),
        cmocka_unit_test(test_au_nz_uk),        cmocka_unit_test(test_asia),
        cmocka_unit_test(test_sg_hk_need_label), cmocka_unit_test(test_nanp),
        cmocka_unit_test(test_dates_versions),  cmocka_unit_test(test_ids),
        cmocka_unit_test(test_owned),           cmocka_unit_test(test_place_tables),
        cmocka_unit_test(test_normalised_choon),
        cmocka_unit_test(test_mask),
        cmocka_unit_test(test_digit_windows),
        cmocka_unit_test(test_label_windows),
        cmocka_unit_test(test_sql_gate),
        cmocka_unit_test(test_sql_keyword_case),
        cmocka_unit_test(test_sql_table_redefined),
        cmocka_unit_test(test_date_runs),
        cmocka_unit_test(test_kept_digit_windows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
