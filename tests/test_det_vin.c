/* vin: 17-character VINs with check digits, labels and JP frame numbers. */
#include "util.h"

#include "detectors/detector.h"

static enum es_confidence conf_of(const char *text)
{
    struct es_test_hit h[ES_TEST_MAX_HITS];
    size_t n = es_test_hits("vin", text, h);
    assert_int_equal(n, 1);
    return h[0].conf;
}

static void test_na_vin_check_digit(void **state)
{
    (void)state;
    assert_one_hit("vin", "VIN 1M8GDM9AXKP042788 sold", "1M8GDM9AXKP042788");
    /* North America: the check digit is enforced even with a label. */
    assert_no_hit("vin", "VIN: 1M8GDM9A1KP042788");
    assert_int_equal(conf_of("car 5YJ3E1EA6KF123456"), ES_CONF_HIGH);
}

static void test_unlabelled_needs_check_digit(void **state)
{
    (void)state;
    assert_one_hit("vin", "registered JTDKB20UX93512345 today", "JTDKB20UX93512345");
    assert_int_equal(conf_of("registered JTDKB20UX93512345 today"), ES_CONF_MEDIUM);
    /* A 17-character part number failing the check digit. */
    assert_no_hit("vin", "part JTDKB20U193512345 qty 2");
}

static void test_labelled_non_na_without_check(void **state)
{
    (void)state;
    assert_one_hit("vin", "車台番号: JTDKB20U193512345", "JTDKB20U193512345");
    assert_one_hit("vin", "{\"vin\": \"JTDKB20U193512345\"}", "JTDKB20U193512345");
    assert_one_hit("vin", "Chassis No JTDKB20U193512345", "JTDKB20U193512345");
}

static void test_alphabet_and_boundaries(void **state)
{
    (void)state;
    /* I, O and Q never occur in a VIN. */
    assert_no_hit("vin", "code JTDKB20UO93512345");
    /* Part of a longer token. */
    assert_no_hit("vin", "id XJTDKB20UX93512345");
    assert_no_hit("vin", "id JTDKB20UX935123456");
    /* Digits only or letters only are not VINs. */
    assert_no_hit("vin", "VIN 11111111111111111");
    /* Between CJK characters the boundary still holds. */
    assert_one_hit("vin", "車両JTDKB20UX93512345です", "JTDKB20UX93512345");
}

static void test_frame_numbers(void **state)
{
    (void)state;
    assert_one_hit("vin", "車台番号 ZVW30-1234567", "ZVW30-1234567");
    assert_one_hit("vin", "frame NHP10-6123456 ok", "NHP10-6123456");
    assert_one_hit("vin", "GRS210-0012345", "GRS210-0012345");
    assert_one_hit("vin", "LA650S-123456,", "LA650S-123456");
    assert_int_equal(conf_of("車台番号：MXPA10-1234567"), ES_CONF_HIGH);
    assert_int_equal(conf_of("MXPA10-1234567"), ES_CONF_MEDIUM);
}

static void test_frame_decoys(void **state)
{
    (void)state;
    /* OEM part numbers, model codes alone, type designations. */
    assert_no_hit("vin", "品番 90915-YZZD2");
    assert_no_hit("vin", "型式 ZVW30");
    assert_no_hit("vin", "型式 6AA-MXPA10");
    assert_no_hit("vin", "D8211-58TZ9");
    /* Ticket-like references without a digit in the prefix. */
    assert_no_hit("vin", "INV-162245 REQ-73883");
    /* Frame-number ranges in parts catalogues. */
    assert_no_hit("vin", "ZVW30-1000001～ZVW30-1299999");
    assert_no_hit("vin", "ZVW30-1000001~ZVW30-1299999");
    assert_no_hit("vin", "ZVW30-1000001 〜 ZVW30-1299999");
    assert_no_hit("vin", "ZVW30-1000001 to ZVW30-1299999");
    assert_no_hit("vin", "ZVW30-1000001-ZVW30-1299999");
    /* Serial too long or too short. */
    assert_no_hit("vin", "ZVW30-12345678 ZVW30-12345");
}

static void test_mask(void **state)
{
    (void)state;
    char out[64];
    int det = es_detector_index("vin", 3);
    assert_true(det >= 0);
    es_detectors[det]->mask("JTDKB20UX93512345", 17, out, sizeof out);
    assert_string_equal(out, "JTD**********2345");
    es_detectors[det]->mask("ZVW30-1234567", 13, out, sizeof out);
    assert_string_equal(out, "ZVW30-****567");
}

/* Held-out regression: business numbers in the frame-number shape. */
static void test_ticket_numbers(void **state)
{
    (void)state;
    assert_no_hit("vin", "受付番号: TKT12-000123");
    assert_no_hit("vin", "件名：ナビの不具合（TKT12-000123）");
    assert_no_hit("vin", "Ticket AB1-123456 closed");
    assert_no_hit("vin", "{\"case_no\": \"CASE12-004512\"}");
    assert_no_hit("vin", "RO12-1234567 invoiced");
    /* Near misses the other way: labelled or plain frame numbers stay. */
    assert_one_hit("vin", "受付番号 TKT12-000123 車台番号 ZVW30-1234567", "ZVW30-1234567");
    assert_one_hit("vin", "お車は ZRE178-5315368 です", "ZRE178-5315368");
}

/* es_alnum_bits(): the window of letter-or-digit bits the run finder
 * (es_re_find_runs_sel()) walks on a CPU without AVX2. */
static void test_alnum_bits(void **state)
{
    (void)state;
    static const char t[] = "ab-9 Z\xe3\x81\x82x";   /* a, b, 9, Z, x are in; '-', ' ', UTF-8 out */
    size_t len = sizeof t - 1;
    assert_true(es_alnum_bits(t, len, 0) == 0x22Bu);   /* bits 0, 1, 3, 5, 9 */
    /* Past len nothing is set; a window may start anywhere. */
    assert_true(es_alnum_bits(t, len, 3) == ((uint64_t)1 | (uint64_t)1 << 2 | (uint64_t)1 << 6));
    assert_true(es_alnum_bits(t, len, len) == 0);
    /* A long window: vector and byte paths agree on every boundary. */
    char big[100];
    for (size_t i = 0; i < sizeof big; i++)
        big[i] = i % 3 == 0 ? '_' : (char)('0' + i % 10);
    for (size_t at = 0; at < 40; at++) {
        uint64_t m = es_alnum_bits(big, sizeof big, at), want = 0;
        for (size_t k = 0; k < 64 && at + k < sizeof big; k++)
            if ((at + k) % 3 != 0)
                want |= (uint64_t)1 << k;
        assert_true(m == want);
    }
    /* A 17-character run straddling the 64-byte window boundary is still a VIN. */
    char line[128];
    memset(line, ' ', sizeof line);
    memcpy(line + 55, "VIN 1M8GDM9AXKP042788", 21);
    line[sizeof line - 1] = '\0';
    assert_one_hit("vin", line, "1M8GDM9AXKP042788");
}

/* The run finder with the chunk's kept classes (sc->runs, as es_detect_run()
 * sets it for every detector of a chunk) and without (facts-less contexts):
 * sel() gets the classes a bytewise look finds, and both find what a
 * bytewise walk over the run starts finds, from every start offset. */
static int runs_bad;   /* a sel() saw classes other than the bytes' */
static int runs_alnum(unsigned char ch)
{
    return (ch >= '0' && ch <= '9') || ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'z');
}

static uint64_t runs_sel_check(const char *text, size_t len, size_t at, const struct es_run_win *w, uint64_t starts)
{
    if (w->a != es_alnum_bits(text, len, at) || w->a_next != es_alnum_bits(text, len, at + 64) ||
        w->digit != es_digit_bits(text, len, at) || w->digit_next != es_digit_bits(text, len, at + 64) ||
        w->upper != es_upper_bits(text, len, at))
        runs_bad = 1;
    return starts & (w->upper | w->digit);
}

/* Runs of 3 or more that start with A-Z or a digit. */
static int runs_gate3(const char *t, size_t len, size_t p, size_t run)
{
    (void)len;
    unsigned char ch = (unsigned char)t[p];
    return run >= 3 && ((ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9'));
}

static int runs_gate_all(const char *t, size_t len, size_t p, size_t run)
{
    (void)t, (void)len, (void)p, (void)run;
    return 1;
}

static uint64_t runs_sel_all(const char *text, size_t len, size_t at, const struct es_run_win *w, uint64_t starts)
{
    (void)text, (void)len, (void)at, (void)w;
    return starts;
}

static void test_runs_kept_classes(void **state)
{
    (void)state;
    char err[128];
    pcre2_code *re = es_re_compile("[A-Z0-9][A-Za-z0-9]*", PCRE2_ANCHORED, err, sizeof err);
    pcre2_code *slow = es_re_compile("(?:a|aa)+b", PCRE2_ANCHORED, err, sizeof err);
    pcre2_match_data *md = pcre2_match_data_create(8, NULL);
    pcre2_match_context *mctx = pcre2_match_context_create(NULL);
    assert_true(re && slow && md && mctx);
    pcre2_set_match_limit(mctx, 1000);
    static struct es_run_bits rb;   /* zero: nothing allocated */
    struct es_scan_ctx bare = {.md = md, .mctx = mctx}, kept = bare;
    kept.runs = &rb;
    /* Words, numbers, upper case, UTF-8 (あ) and separators, pseudo-random. */
    static const char *const parts[] = {"a", "Z", "7", "Q", " ", "-", "\xe3\x81\x82", "\n", "x9", "AB12"};
    char text[700];
    size_t len = 0;
    uint32_t r = 12345;
    while (len + 4 < sizeof text) {
        r = r * 1103515245u + 12345u;
        const char *pt = parts[(r >> 16) % (sizeof parts / sizeof parts[0])];
        size_t n = strlen(pt);
        memcpy(text + len, pt, n);
        len += n;
    }
    for (int round = 0; round < 2; round++) {
        size_t n = round ? len - 37 : len;   /* a last window cut short at another offset */
        for (size_t start = 0; start <= n; start++) {
            /* What a bytewise walk finds: the first run start at or after
             * start that the gate takes (the pattern matches the whole run). */
            size_t want = n, wend = n;
            for (size_t p = start; p < n; p++) {
                if (!runs_alnum((unsigned char)text[p]) || (p > 0 && runs_alnum((unsigned char)text[p - 1])))
                    continue;
                size_t e = p;
                while (e < n && runs_alnum((unsigned char)text[e]))
                    e++;
                if (runs_gate3(text, n, p, e - p)) {
                    want = p, wend = e;
                    break;
                }
            }
            es_run_bits_reset(&rb, text, n);
            size_t ms = 0, me = 0, ks = 0, ke = 0;
            int got = es_re_find_runs_sel(&bare, re, text, n, start, runs_sel_check, ES_RUN_UPPER, runs_gate3, &ms,
                                          &me);
            int got_kept = es_re_find_runs_sel(&kept, re, text, n, start, runs_sel_check, ES_RUN_UPPER, runs_gate3,
                                               &ks, &ke);
            assert_true(rb.done);   /* the kept classes were used */
            assert_int_equal(got, want < n);
            assert_int_equal(got_kept, want < n);
            if (want < n) {
                assert_int_equal(ms, want), assert_int_equal(me, wend);
                assert_int_equal(ks, want), assert_int_equal(ke, wend);
            }
        }
    }
    assert_false(runs_bad);
    /* Another text than the kept one (or no text kept) is classified afresh. */
    es_run_bits_reset(&rb, text, len);
    char other[80];
    memset(other, ' ', sizeof other);
    memcpy(other + 70, "XY7", 3);
    size_t ms, me;
    assert_true(es_re_find_runs_sel(&kept, re, other, sizeof other, 0, runs_sel_check, ES_RUN_UPPER, runs_gate3, &ms,
                                    &me));
    assert_int_equal(ms, 70);
    assert_false(rb.done);
    /* A match limit gives up on the line; the walk goes on from the next
     * line, wherever in its window that starts. */
    for (size_t pad = 0; pad < 70; pad++) {
        char lim[200];
        memset(lim, 'a', sizeof lim);
        size_t nl = 40 + pad;
        lim[nl] = '\n';
        memcpy(lim + nl + 1, "c aab", 5);
        size_t n = nl + 6;
        es_run_bits_reset(&rb, lim, n);
        size_t ks, ke;
        assert_true(es_re_find_runs_sel(&kept, slow, lim, n, 0, runs_sel_all, 0, runs_gate_all, &ks, &ke));
        assert_int_equal(ks, nl + 3);
        assert_int_equal(ke, nl + 6);
        assert_true(es_re_find_runs_sel(&bare, slow, lim, n, 0, runs_sel_all, 0, runs_gate_all, &ms, &me));
        assert_int_equal(ms, nl + 3);
    }
    es_run_bits_free(&rb);
    pcre2_match_context_free(mctx);
    pcre2_match_data_free(md);
    pcre2_code_free(slow);
    pcre2_code_free(re);
}

/* es_kwset_init_words(): es_kwset_has() answers as es_ctx_has_word() on
 * labels with and without a word, "vin" inside "kevin", ー as '-', and for
 * word lists the prefilter cannot take (a two-byte word, a leading ー). */
static void test_words_gate(void **state)
{
    (void)state;
    static const char *const words[] = {"vin", "frame no", "車台番号", "シャーシ番号", NULL};
    static const char *const short_word[] = {"vin", "po", NULL};
    static const char *const choon[] = {"\xe3\x83\xbc\xe3\x83\xab", NULL};   /* ール */
    static const char *const choon2[] = {"a\xe3\x83\xbc" "b", NULL};   /* aーb */
    static const char *const *const lists[] = {words, short_word, choon, choon2};
    static const char *const texts[] = {
        "VIN", "my Vin:", "Frame No.", "車台番号：", "シャ-シ番号", "シャーシ番号", "kevin",
        "frame", "車台", "no label here at all, just words", "", "v", "vi", "a-b", "ab", "-ル", "po:",
        "x_po", "pot", "aーb"};
    struct es_kwset *ks = malloc(sizeof *ks);
    assert_non_null(ks);
    for (size_t l = 0; l < sizeof lists / sizeof lists[0]; l++) {
        es_kwset_init_words(ks, lists[l]);
        for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
            size_t n = strlen(texts[i]);
            assert_int_equal(es_kwset_has(ks, texts[i], n), es_ctx_has_word(texts[i], n, lists[l]));
        }
    }
    es_kwset_init_words(ks, words);
    assert_true(es_kwset_has(ks, "my Vin:", 7));
    assert_false(es_kwset_has(ks, "kevin", 5));
    free(ks);
}

/* vin_sel() cuts run starts per 64-byte window: VINs and frame numbers at
 * every offset across a window boundary, and the shapes it drops. */
static void test_run_windows(void **state)
{
    (void)state;
    for (size_t pad = 40; pad < 70; pad++) {
        char line[200];
        memset(line, 'q', pad);
        memcpy(line + pad, " VIN JTDKB20UX93512345 ok", sizeof " VIN JTDKB20UX93512345 ok");
        assert_one_hit("vin", line, "JTDKB20UX93512345");
        memcpy(line + pad, " 車台番号 ZVW30-1234567", sizeof " 車台番号 ZVW30-1234567");
        assert_one_hit("vin", line, "ZVW30-1234567");
        memcpy(line + pad, " frame zvw30-1234567", sizeof " frame zvw30-1234567");
        assert_no_hit("vin", line);
    }
    /* A run of 18 is no VIN; one of 17 at the very end of the text is. */
    assert_no_hit("vin", "VIN JTDKB20UX935123456");
    assert_one_hit("vin", "VIN JTDKB20UX93512345", "JTDKB20UX93512345");
}

/* The column of a value in a table, counted along the line from the
 * previous value (16 bytes per step): quoted delimiters do not count, and a
 * new line starts the count again. JTDBR32E720012345 fails its check digit,
 * so only its "vin" column makes it a hit. */
static void test_table_column(void **state)
{
    (void)state;
    static const char *const header[] = {"note", "model", "vin"};
    int det = es_detector_index("vin", strlen("vin"));
    assert_true(det >= 0);
    struct es_test_hit h[ES_TEST_MAX_HITS];
    const char *text = "\"a long note, with commas, in quotes\",Corolla,JTDBR32E720012345\n"
                       "\"this note, too, is longer than sixteen bytes\",JTDBR32E720012345,x\n"
                       "short,Yaris,JTDBR32E720012345\n";
    struct es_chunk c = es_chunk_plain(text);
    c.delim = ',';
    c.header = header;
    c.nheader = 3;
    size_t n = es_detect_collect(det, &c, h, ES_TEST_MAX_HITS);
    assert_int_equal(n, 2);
    assert_int_equal(h[0].start, (size_t)(strstr(text, "Corolla,") - text) + 8);
    assert_int_equal(h[1].start, (size_t)(strstr(text, "Yaris,") - text) + 6);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table_column),
        cmocka_unit_test(test_run_windows),
        cmocka_unit_test(test_na_vin_check_digit),
        cmocka_unit_test(test_unlabelled_needs_check_digit),
        cmocka_unit_test(test_labelled_non_na_without_check),
        cmocka_unit_test(test_alphabet_and_boundaries),
        cmocka_unit_test(test_frame_numbers),
        cmocka_unit_test(test_frame_decoys),
        cmocka_unit_test(test_mask),
        cmocka_unit_test(test_ticket_numbers),
        cmocka_unit_test(test_alnum_bits),
        cmocka_unit_test(test_runs_kept_classes),
        cmocka_unit_test(test_words_gate),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
