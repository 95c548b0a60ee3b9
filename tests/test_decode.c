/* Unit tests: encoding detection, decoding to UTF-8 and normalisation (scanner/decode.c). */
#include "util.h"

#include <dirent.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "scanner/extract.h"

/* Output buffers in these tests: far more than any sample. */
#define OUT_MAX (64u * 1024u * 1024u)

/* Decode in[0, n) feeding `step` bytes at a time (0: all at once). */
static char *decode_steps(const char *enc, const void *in, size_t n, size_t step, size_t *outlen)
{
    struct es_decoder *d = NULL;
    assert_int_equal(es_decoder_open(&d, enc), ES_OK);
    struct es_buf out;
    es_buf_init(&out, OUT_MAX);
    const unsigned char *p = in;
    if (step == 0 || step >= n) {
        assert_int_equal(es_decoder_feed(d, p, n, 1, &out), ES_OK);
    } else {
        for (size_t i = 0; i < n; i += step) {
            size_t k = n - i < step ? n - i : step;
            assert_int_equal(es_decoder_feed(d, p + i, k, 0, &out), ES_OK);
        }
        assert_int_equal(es_decoder_feed(d, NULL, 0, 1, &out), ES_OK);
    }
    es_decoder_free(d);
    if (outlen)
        *outlen = out.len;
    if (!out.data)
        return calloc(1, 1);
    return out.data;
}

/* Decode at once, byte by byte and 3 bytes at a time; all must agree. */
static char *decode(const char *enc, const void *in, size_t n)
{
    size_t l0, l1, l3;
    char *a = decode_steps(enc, in, n, 0, &l0);
    char *b = decode_steps(enc, in, n, 1, &l1);
    char *c = decode_steps(enc, in, n, 3, &l3);
    assert_int_equal(l0, l1);
    assert_int_equal(l0, l3);
    assert_memory_equal(a, b, l0);
    assert_memory_equal(a, c, l0);
    free(b);
    free(c);
    return a;
}

#define assert_decodes(enc, bytes, expected)                        \
    do {                                                            \
        char *s_ = decode((enc), (bytes), sizeof(bytes) - 1);       \
        assert_string_equal(s_, (expected));                        \
        free(s_);                                                   \
    } while (0)

/* Strict UTF-8 validity, and the number of code points. */
static int utf8_valid(const char *s, size_t n, size_t *ncp)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, cps = 0;
    while (i < n) {
        unsigned c = p[i];
        size_t k;
        uint32_t min;
        if (c < 0x80) {
            k = 1;
            min = 0;
        } else if (c >= 0xC2 && c < 0xE0) {
            k = 2;
            min = 0x80;
        } else if (c >= 0xE0 && c < 0xF0) {
            k = 3;
            min = 0x800;
        } else if (c >= 0xF0 && c < 0xF5) {
            k = 4;
            min = 0x10000;
        } else {
            return 0;
        }
        if (i + k > n)
            return 0;
        uint32_t v = k == 1 ? c : (c & (0x7F >> k));
        for (size_t j = 1; j < k; j++) {
            if ((p[i + j] & 0xC0) != 0x80)
                return 0;
            v = (v << 6) | (p[i + j] & 0x3F);
        }
        if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
            return 0;
        i += k;
        cps++;
    }
    if (ncp)
        *ncp = cps;
    return 1;
}

static size_t cps_of(const char *s)
{
    size_t n = 0;
    assert_true(utf8_valid(s, strlen(s), &n));
    return n;
}

/* Convert UTF-8 text with iconv to build realistic samples. */
static char *to_enc(const char *enc, const char *utf8, size_t *outlen)
{
    iconv_t cd = iconv_open(enc, "UTF-8");
    assert_true(cd != (iconv_t)-1);
    size_t inleft = strlen(utf8), cap = inleft * 4 + 16, outleft = cap;
    char *out = malloc(cap), *op = out, *ip = (char *)(uintptr_t)utf8;
    assert_non_null(out);
    assert_true(iconv(cd, &ip, &inleft, &op, &outleft) != (size_t)-1);
    assert_true(iconv(cd, NULL, NULL, &op, &outleft) != (size_t)-1);
    iconv_close(cd);
    *outlen = (size_t)(op - out);
    return out;
}

/* A customer list as Japanese shops export it. */
static const char *const jp_csv =
    "顧客番号,氏名,フリガナ,住所,電話番号,メールアドレス\r\n"
    "C-10023,山田 太郎,ヤマダ タロウ,東京都千代田区丸の内１丁目２番３号,03-1234-5678,yamada@example.jp\r\n"
    "C-10024,佐藤 花子,サトウ ハナコ,大阪府大阪市北区梅田２丁目,06-9876-5432,hanako@example.jp\r\n"
    "C-10025,鈴木 一郎,スズキ イチロウ,北海道札幌市中央区北一条西,011-222-3333,suzuki@example.jp\r\n"
    "備考：ご来店ありがとうございました。次回の点検は来年の春です。\r\n";

/* ---- Decoding ---- */

static void test_utf8_plain_and_bom(void **state)
{
    (void)state;
    assert_decodes("utf-8", "hello, world\n", "hello, world\n");
    assert_decodes("utf-8", "\xEF\xBB\xBF" "abc", "abc");
    assert_decodes("utf-8-bom", "\xEF\xBB\xBF" "\xE5\xB1\xB1\xE7\x94\xB0", "山田");
    /* Only the first U+FEFF is a BOM. */
    assert_decodes("utf-8", "a\xEF\xBB\xBF" "b", "a\xEF\xBB\xBF" "b");
    /* 4-byte sequences pass. */
    assert_decodes("utf-8", "\xF0\x9F\x98\x80!", "\xF0\x9F\x98\x80!");
}

static void test_utf8_invalid(void **state)
{
    (void)state;
    assert_decodes("utf-8", "a\xC3(b", "a\xEF\xBF\xBD(b");
    assert_decodes("utf-8", "\xFF\xFE", "\xEF\xBF\xBD\xEF\xBF\xBD");
    /* Overlong and surrogate forms: one U+FFFD per maximal subpart (here per byte). */
    assert_decodes("utf-8", "\xE0\x80\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
    assert_decodes("utf-8", "\xED\xA0\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
    assert_decodes("utf-8", "\xC0\xAF", "\xEF\xBF\xBD\xEF\xBF\xBD");
    /* A truncated 4-byte sequence is one U+FFFD, also at the very end. */
    assert_decodes("utf-8", "x\xF0\x9F\x98y", "x\xEF\xBF\xBDy");
    assert_decodes("utf-8", "x\xF0\x9F\x98", "x\xEF\xBF\xBD");
    assert_decodes("utf-8", "\xF4\x90\x80\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
}

static void test_utf8_nul_and_long_ascii(void **state)
{
    (void)state;
    assert_decodes("utf-8", "a\0b", "a b");
    /* Longer than the fast path's words and the 64 KiB block, with a
     * multibyte character right across a block edge. */
    size_t n = 200000;
    char *in = malloc(n);
    assert_non_null(in);
    for (size_t i = 0; i < n; i++)
        in[i] = (char)('a' + i % 26);
    memcpy(in + 65535, "\xEF\xBC\x91", 3);   /* U+FF11 FULLWIDTH DIGIT ONE */
    in[100001] = '\0';
    size_t len;
    char *out = decode_steps("utf-8", in, n, 0, &len);
    assert_int_equal(len, n - 2);
    assert_int_equal(out[65535], '1');
    assert_int_equal(out[65536], in[65538]);
    assert_int_equal(out[100001 - 2], ' ');
    char *out2 = decode_steps("utf-8", in, n, 4093, &len);
    assert_int_equal(len, n - 2);
    assert_memory_equal(out, out2, len);
    free(out);
    free(out2);
    free(in);
}

static void test_cp932(void **state)
{
    (void)state;
    /* 山田 ① ～ (0x8160 is U+FF5E in CP932, normalised to '~') ＼ */
    assert_decodes("shift_jis", "\x8E\x52\x93\x63\x87\x40\x81\x60", "山田①~");
    assert_decodes("cp932", "\x87\x54\x87\x8A", "Ⅰ㈱");
    /* Half-width katakana stay, except the prolonged sound mark. */
    assert_decodes("sjis", "\xCA\xCF\xC0\xDE \xD7\xB0\xD2\xDD", "ﾊﾏﾀﾞ ﾗ-ﾒﾝ");
    /* Full-width digits and minus (0x817C) are normalised. */
    assert_decodes("shift_jis", "\x82\x4F\x82\x58\x81\x7C\x82\x50", "09-1");
    /* A lead byte followed by ASCII: the ASCII byte survives. */
    assert_decodes("shift_jis", "\x82" "A", "\xEF\xBF\xBD" "A");
    /* A lead byte cut off at the end. */
    assert_decodes("shift_jis", "ab\x93", "ab\xEF\xBF\xBD");
}

static void test_eucjp(void **state)
{
    (void)state;
    /* 山田 あ ｶ (SS2) ① (eucJP-ms) */
    assert_decodes("euc-jp", "\xBB\xB3\xC5\xC4 \xA4\xA2 \x8E\xB6", "山田 あ ｶ");
    assert_decodes("EUC-JP", "\xAD\xA1", "①");
    /* 0x8F: JIS X 0212 (3 bytes): U+4E02 */
    assert_decodes("euc-jp", "\x8F\xB0\xA1", "丂");
    /* Full-width ０ (0xA3B0) and ー (0xA1BC) */
    assert_decodes("euc-jp", "\xA3\xB0\xA1\xBC", "0-");
}

static void test_iso2022jp(void **state)
{
    (void)state;
    assert_decodes("iso-2022-jp", "\x1B$B;3ED\x1B(B san", "山田 san");
    /* JIS X 0201 Roman and katakana designations. */
    assert_decodes("ISO-2022-JP", "\x1B(J~\x1B(I12\x1B(B", "‾ｱｲ");
    /* JIS X 0213 (ISO-2022-JP-3) and JIS X 0212 (ISO-2022-JP-2) in one stream. */
    assert_decodes("iso-2022-jp", "\x1B$(Q$\"\x1B(B ok \x1B$(D0!\x1B(B!", "あ ok 丂!");
    /* An escape split across calls is covered by decode()'s byte-by-byte run. */
    assert_decodes("csISO2022JP", "\x1B$B!<!]\x1B(B", "--");
}

static void test_utf16(void **state)
{
    (void)state;
    assert_decodes("utf-16le", "\xFF\xFE" "A\0B\0", "AB");
    assert_decodes("utf-16le", "A\0B\0", "AB");
    assert_decodes("utf-16be", "\xFE\xFF\0A\0B", "AB");
    assert_decodes("utf-16be", "\x5C\x71\x75\x30", "山田");
    /* Surrogate pair, then a lone low surrogate, then a cut-off unit. */
    assert_decodes("utf-16le", "\x3D\xD8\x00\xDE" "\x00\xDE" "x\0" "y",
                   "\xF0\x9F\x98\x80\xEF\xBF\xBDx\xEF\xBF\xBD");
    /* A lone high surrogate at the end. */
    assert_decodes("utf-16le", "a\0\x3D\xD8", "a\xEF\xBF\xBD");
    /* NUL code units become spaces; full-width digits normalised. */
    assert_decodes("utf-16le", "a\0\0\0\x11\xFF", "a 1");
}

static void test_windows1252(void **state)
{
    (void)state;
    assert_decodes("windows-1252", "\x80 10, M\xFCller \x93q\x94", "€ 10, Müller “q”");
    assert_decodes("latin1", "caf\xE9", "café");
    /* Dashes normalised: en dash 0x96, em dash 0x97. */
    assert_decodes("cp1252", "a\x96" "b\x97" "c", "a-b-c");
    /* 0x81 is unassigned. */
    assert_decodes("windows-1252", "\x81", "\xEF\xBF\xBD");
}

static void test_open_unknown(void **state)
{
    (void)state;
    struct es_decoder *d = (struct es_decoder *)1;
    assert_int_equal(es_decoder_open(&d, "koi8-r-nonsense"), ES_ERR_UNSUPPORTED);
    assert_null(d);
    es_decoder_free(NULL);
}

static void test_output_cap(void **state)
{
    (void)state;
    struct es_decoder *d;
    assert_int_equal(es_decoder_open(&d, "utf-8"), ES_OK);
    struct es_buf out;
    es_buf_init(&out, 100);
    char in[1000];
    memset(in, 'x', sizeof in);
    assert_int_equal(es_decoder_feed(d, (const unsigned char *)in, sizeof in, 1, &out),
                     ES_ERR_LIMIT);
    assert_true(out.len <= 100);
    es_buf_free(&out);
    es_decoder_free(d);
}

/* ---- Normalisation ---- */

/* Text of ASCII and three-byte characters takes a vector path 16 or 32
 * bytes at a time (decoding and es_normalize()): a character that changes,
 * or a sequence that is not plain, must be seen at every offset within such
 * text, and characters near the vector path's own exclusions (E2 80 9C,
 * EF BD B6) kept as they are. */
static void test_utf8_cjk_runs(void **state)
{
    (void)state;
    static const char *const base[] = {"漢", "字", "か", "な", "カ", "ナ", "훈", "〜", "→",
                                       "ab", "“", "ｶ", "。", "\n", "7"};
    static const struct {
        const char *in, *out;
    } odd[] = {{"ー", "-"}, {"\u3000", " "}, {"１", "1"}, {"‐", "-"}, {"−", "-"},
               {"Ａ", "A"}, {"\xED\xA0\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"},
               {"\xE0\x80\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"}, {"x", "x"}, {"\xC3\xA9", "\xC3\xA9"},
               /* back to back: the vector loop normalises these itself */
               {"ーー", "--"}, {"ー１\u3000", "-1 "}, {"“ー”", "“-”"}};
    char in[512], want[512];
    for (size_t o = 0; o < sizeof odd / sizeof *odd; o++)
        for (size_t at = 0; at < 24; at++) {
            size_t ni = 0, nw = 0;
            for (size_t k = 0; k < 40; k++) {
                if (k == at) {
                    size_t a = strlen(odd[o].in), b = strlen(odd[o].out);
                    memcpy(in + ni, odd[o].in, a);
                    memcpy(want + nw, odd[o].out, b);
                    ni += a;
                    nw += b;
                }
                const char *c = base[(k * 7 + at) % (sizeof base / sizeof *base)];
                size_t cl = strlen(c);
                memcpy(in + ni, c, cl);
                memcpy(want + nw, c, cl);
                ni += cl;
                nw += cl;
            }
            want[nw] = '\0';
            /* Exactly ni bytes, so that a sanitizer sees a read past them
             * (the vector steps load up to 34 bytes). */
            char *exact = malloc(ni);
            assert_non_null(exact);
            memcpy(exact, in, ni);
            char *got = decode("utf-8", exact, ni);
            assert_string_equal(got, want);
            free(got);
            /* es_normalize() in place takes the same vector path; there an
             * invalid byte with no room for U+FFFD before the unread bytes
             * (nothing shrank before it here) becomes '?'. */
            char want_in_place[512];
            size_t np = 0;
            for (size_t k = 0; k < nw; k++) {
                if (k + 3 <= nw && memcmp(want + k, "\xEF\xBF\xBD", 3) == 0) {
                    want_in_place[np++] = '?';
                    k += 2;
                } else {
                    want_in_place[np++] = want[k];
                }
            }
            size_t m = es_normalize(exact, ni);
            assert_int_equal(m, np);
            assert_memory_equal(exact, want_in_place, np);
            free(exact);
        }
}

static void test_normalize_maps(void **state)
{
    (void)state;
    const char *in = "ＴＥＬ：０９０－１２３４‐５６７８　ラーメン ﾗｰﾒﾝ ｶﾞ x−y–z—w―v‒u‑t";
    char buf[256];
    size_t n = strlen(in);
    memcpy(buf, in, n + 1);
    size_t m = es_normalize(buf, n);
    buf[m] = '\0';
    assert_string_equal(buf, "TEL:090-1234-5678 ラ-メン ﾗ-ﾒﾝ ｶﾞ x-y-z-w-v-u-t");
    /* One code point for one code point. */
    assert_int_equal(cps_of(in), cps_of(buf));
    /* What must not change: the wave dash, half-width katakana, other CJK. */
    const char *keep = "〜ｱｲｳ漢字かな①Ⅱ￥＿";
    n = strlen(keep);
    memcpy(buf, keep, n + 1);
    m = es_normalize(buf, n);
    buf[m] = '\0';
    assert_string_equal(buf, "〜ｱｲｳ漢字かな①Ⅱ￥_");
}

static void test_normalize_invalid(void **state)
{
    (void)state;
    char a[] = "ab\xFF" "cd";
    size_t m = es_normalize(a, 5);
    assert_int_equal(m, 5);
    assert_memory_equal(a, "ab?cd", 5);
    /* After a shrink there is room for U+FFFD. */
    char b[] = "\xEF\xBC\x8D\xFF" "z";   /* － then a stray byte */
    m = es_normalize(b, 5);
    assert_int_equal(m, 5);
    assert_memory_equal(b, "-\xEF\xBF\xBDz", 5);
    char c[] = "x\0y";
    m = es_normalize(c, 3);
    assert_memory_equal(c, "x y", 3);
    /* A cut sequence at the end. */
    char e[] = "ok\xE3\x81";
    m = es_normalize(e, 4);
    assert_int_equal(m, 3);
    assert_memory_equal(e, "ok?", 3);
}

static void test_feed_split_every_way(void **state)
{
    (void)state;
    /* The same text in each encoding, split at every position in two. */
    const char *encs[] = {"CP932", "EUC-JP-MS", "ISO-2022-JP", "UTF-16LE", "UTF-16BE", "UTF-8"};
    const char *names[] = {"shift_jis", "euc-jp", "iso-2022-jp", "utf-16le", "utf-16be", "utf-8"};
    const char *text = "山田　太郎 ０３－１２３４ ｶﾀｶﾅ ①～";
    /* ISO-2022-JP has neither half-width kana nor ① nor U+FF0D (it uses U+2212). */
    const char *text_jis = "山田　太郎 ０３−１２３４";
    for (size_t e = 0; e < sizeof encs / sizeof encs[0]; e++) {
        size_t n;
        int jis = strcmp(names[e], "iso-2022-jp") == 0;
        char *in = to_enc(encs[e], jis ? text_jis : text, &n);
        size_t wl;
        char *whole = decode_steps(names[e], in, n, 0, &wl);
        assert_string_equal(whole, jis ? "山田 太郎 03-1234" : "山田 太郎 03-1234 ｶﾀｶﾅ ①~");
        for (size_t cut = 1; cut < n; cut++) {
            struct es_decoder *d;
            struct es_buf out;
            es_buf_init(&out, OUT_MAX);
            assert_int_equal(es_decoder_open(&d, names[e]), ES_OK);
            assert_int_equal(es_decoder_feed(d, (unsigned char *)in, cut, 0, &out), ES_OK);
            assert_int_equal(es_decoder_feed(d, (unsigned char *)in + cut, n - cut, 1, &out),
                             ES_OK);
            assert_int_equal(out.len, wl);
            assert_memory_equal(out.data, whole, wl);
            es_buf_free(&out);
            es_decoder_free(d);
        }
        free(whole);
        free(in);
    }
}

/* ---- Detection ---- */

static const char *detect_as(const char *iconv_name, const char *text, size_t cut)
{
    size_t n;
    char *s = to_enc(iconv_name, text, &n);
    if (cut && cut < n)
        n = cut;
    static char name[32];
    snprintf(name, sizeof name, "%s", es_detect_encoding((unsigned char *)s, n, NULL));
    free(s);
    return name;
}

static void test_detect_japanese(void **state)
{
    (void)state;
    assert_string_equal(detect_as("CP932", jp_csv, 0), "shift_jis");
    assert_string_equal(detect_as("EUC-JP-MS", jp_csv, 0), "euc-jp");
    assert_string_equal(detect_as("ISO-2022-JP", jp_csv, 0), "iso-2022-jp");
    assert_string_equal(detect_as("UTF-8", jp_csv, 0), "utf-8");
    /* A sample cut mid-character at each of several points. */
    for (size_t cut = 101; cut < 120; cut++) {
        assert_string_equal(detect_as("CP932", jp_csv, cut), "shift_jis");
        assert_string_equal(detect_as("EUC-JP-MS", jp_csv, cut), "euc-jp");
        assert_string_equal(detect_as("UTF-8", jp_csv, cut), "utf-8");
        assert_string_equal(detect_as("UTF-16LE", jp_csv, cut), "utf-16le");
    }
    /* Half-width katakana only (legacy host exports): Shift_JIS. */
    assert_string_equal(detect_as("CP932", "ﾔﾏﾀﾞ ﾀﾛｳ,ｻﾄｳ ﾊﾅｺ,ｽｽﾞｷ ｲﾁﾛｳ\n", 0), "shift_jis");
    /* Addresses with a few kana in EUC-JP. */
    assert_string_equal(detect_as("EUC-JP", "東京都千代田区丸の内,大阪府大阪市北区梅田,北海道札幌市中央区\n", 0),
                        "euc-jp");
    /* Korean (EUC-KR) and Russian (KOI8-R) are not taken for Japanese. */
    assert_string_equal(detect_as("EUC-KR", "고객 이름은 김철수이고 주소는 서울특별시 강남구입니다.\n", 0),
                        "windows-1252");
    /* EBCDIC (IBM037) is not Shift_JIS. */
    const char *line = "Customer John Smith lives in Springfield.\n";
    char ebc[600];
    size_t el = 0, ll = strlen(line);
    for (int k = 0; k < 10; k++, el += ll)
        memcpy(ebc + el, line, ll);
    ebc[el] = '\0';
    assert_string_equal(detect_as("IBM037", ebc, 0), "windows-1252");
    assert_string_equal(detect_as("KOI8-R", "Клиент Иван Петров, Москва, улица Ленина\n", 0),
                        "windows-1252");
}

static void test_detect_utf16(void **state)
{
    (void)state;
    assert_string_equal(detect_as("UTF-16LE", jp_csv, 0), "utf-16le");
    assert_string_equal(detect_as("UTF-16BE", jp_csv, 0), "utf-16be");
    assert_string_equal(detect_as("UTF-16LE", "name\temail\r\nJohn Smith\tj@example.com\r\n", 0),
                        "utf-16le");
    assert_string_equal(detect_as("UTF-16BE", "name\temail\r\nJohn Smith\tj@example.com\r\n", 0),
                        "utf-16be");
    /* With a BOM (what Excel's "Unicode text" writes). */
    size_t n;
    char *s = to_enc("UTF-16", "顧客\t電話\r\n", &n);   /* glibc writes a BOM */
    assert_string_equal(es_detect_encoding((unsigned char *)s, n, NULL),
                        (unsigned char)s[0] == 0xFF ? "utf-16le" : "utf-16be");
    free(s);
    /* Binary-looking NUL patterns are not UTF-16. */
    const unsigned char bin[] = {0, 0, 0, 1, 0, 0, 0, 2, 0x7F, 'E', 'L', 'F', 0, 0, 0, 0};
    assert_string_not_equal(es_detect_encoding(bin, sizeof bin, NULL), "utf-16le");
    assert_string_not_equal(es_detect_encoding(bin, sizeof bin, NULL), "utf-16be");
}

static void test_detect_western(void **state)
{
    (void)state;
    const char *ascii = "id,name,email\n1,John Smith,john@example.com\n";
    assert_string_equal(es_detect_encoding((const unsigned char *)ascii, strlen(ascii), NULL),
                        "utf-8");
    assert_string_equal(es_detect_encoding((const unsigned char *)"\xEF\xBB\xBFx", 4, NULL),
                        "utf-8-bom");
    assert_string_equal(es_detect_encoding((const unsigned char *)"", 0, NULL), "utf-8");
    const char *de = "Kunde: Jürgen Müller, Zürich; Straße 5; Preis 10 €; “Zitat”\n";
    assert_string_equal(detect_as("CP1252", de, 0), "windows-1252");
    const char *fr = "Mme Hélène Dupré, 12 rue de la Paix, Orléans — déjà payé, garçon\n";
    assert_string_equal(detect_as("CP1252", fr, 0), "windows-1252");
    assert_string_equal(detect_as("CP1252", "don’t – it’s “fine”\n", 0), "windows-1252");
    /* UTF-8 with a single stray Latin-1 byte is still UTF-8. */
    char mixed[1024];
    snprintf(mixed, sizeof mixed, "%s caf\xE9", jp_csv);
    assert_string_equal(es_detect_encoding((const unsigned char *)mixed, strlen(mixed), NULL),
                        "utf-8");
}

/* Detection reads plain UTF-8 (ASCII, kana, kanji) with the normaliser's
 * vector scan and what ends it byte by byte: faults after a long valid
 * stretch, at every offset across a vector step, still count, and what
 * the scan stops at without a fault (NUL, ー, full-width forms, two- and
 * four-byte characters, a character cut by the sample's end) does not. */
static void test_detect_long_plain(void **state)
{
    (void)state;
    const char *jp = "お客様の住所と電話番号を確認しました。";   /* 19 characters, no ー */
    const char *latin1 = "caf\xE9 cr\xE8me br\xFBl\xE9" "e, na\xEFve fa\xE7" "ade, \xE0 la r\xE9sum\xE9\n";
    for (size_t pad = 0; pad < 70; pad++) {
        char buf[1024];
        size_t o = 0;
        for (size_t i = 0; i < pad; i++)
            buf[o++] = 'x';
        o += (size_t)snprintf(buf + o, sizeof buf - o, "%s%s", jp, latin1);
        /* 19 good sequences against 10 faults: not UTF-8 (bad * 8 > good). */
        assert_string_not_equal(es_detect_encoding((const unsigned char *)buf, o, NULL), "utf-8");
        o -= strlen(latin1);
        o += (size_t)snprintf(buf + o, sizeof buf - o, "ラーメン\xEF\xBC\xA1 caf\xC3\xA9 \xF0\x9F\x98\x80");
        buf[o++] = '\0';
        buf[o++] = 'y';
        memcpy(buf + o, "\xE6\x97", 2);   /* 日 cut by the end */
        o += 2;
        assert_string_equal(es_detect_encoding((const unsigned char *)buf, o, NULL), "utf-8");
    }
}

static void test_detect_hint(void **state)
{
    (void)state;
    const unsigned char *a = (const unsigned char *)"plain text";
    assert_string_equal(es_detect_encoding(a, 10, "ISO-2022-JP"), "iso-2022-jp");
    assert_string_equal(es_detect_encoding(a, 10, "Shift_JIS"), "shift_jis");
    assert_string_equal(es_detect_encoding(a, 10, "x-sjis"), "shift_jis");
    assert_string_equal(es_detect_encoding(a, 10, "Windows-31J"), "shift_jis");
    assert_string_equal(es_detect_encoding(a, 10, "\"euc-jp\""), "euc-jp");
    assert_string_equal(es_detect_encoding(a, 10, "ISO-8859-1"), "windows-1252");
    assert_string_equal(es_detect_encoding(a, 10, "utf8"), "utf-8");
    /* Unknown labels fall back to detection. */
    assert_string_equal(es_detect_encoding(a, 10, "x-unknown-charset"), "utf-8");
    /* us-ascii is weak: Latin-1 bytes are not ASCII. */
    assert_string_equal(es_detect_encoding((const unsigned char *)"caf\xE9 cr\xE8me", 10, "us-ascii"),
                        "windows-1252");
    /* A BOM beats the label. */
    assert_string_equal(es_detect_encoding((const unsigned char *)"\xFF\xFEh\0", 4, "iso-8859-1"),
                        "utf-16le");
    /* "utf-16" without endianness: the bytes decide. */
    assert_string_equal(es_detect_encoding((const unsigned char *)"\0h\0i\0!\0\n", 8, "utf-16"),
                        "utf-16be");
    assert_string_equal(es_encoding_canonical("UTF-16"), "utf-16le");
    assert_string_equal(es_encoding_canonical("US-ASCII"), "utf-8");
    assert_string_equal(es_encoding_canonical("MS_Kanji"), "shift_jis");
    assert_null(es_encoding_canonical("ebcdic-cp-us"));
    assert_null(es_encoding_canonical(NULL));
}

/* ---- Hostile and odd input ---- */

/* Every file of ../shared/torture/encodings: detect, decode at once and in
 * odd-sized pieces; the output is valid UTF-8 and the same both ways. */
static size_t torture_dir(const char *dir)
{
    size_t files = 0;
    DIR *dp = opendir(dir);
    if (!dp)
        return 0;
    struct dirent *de;
    while ((de = readdir(dp)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        struct stat st;
        if (stat(path, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode)) {
            files += torture_dir(path);
            continue;
        }
        if (!S_ISREG(st.st_mode) || st.st_size > 4 * 1024 * 1024)
            continue;
        FILE *f = fopen(path, "rb");
        assert_non_null(f);
        size_t n = (size_t)st.st_size;
        unsigned char *buf = malloc(n + 1);
        assert_non_null(buf);
        assert_int_equal(fread(buf, 1, n, f), n);
        fclose(f);
        const char *enc = es_detect_encoding(buf, n, NULL);
        assert_non_null(es_encoding_canonical(enc));
        /* Every canonical decoder must cope with any bytes. */
        const char *all[] = {enc, "shift_jis", "iso-2022-jp", "utf-16be"};
        for (size_t k = 0; k < sizeof all / sizeof all[0]; k++) {
            size_t l1, l2;
            char *a = decode_steps(all[k], buf, n, 0, &l1);
            char *b = decode_steps(all[k], buf, n, 7, &l2);
            if (!utf8_valid(a, l1, NULL))
                fail_msg("%s as %s: invalid UTF-8", path, all[k]);
            if (l1 != l2 || memcmp(a, b, l1) != 0)
                fail_msg("%s as %s: piecewise decoding differs", path, all[k]);
            assert_null(memchr(a, '\0', l1));
            free(a);
            free(b);
        }
        free(buf);
        files++;
    }
    closedir(dp);
    return files;
}

static void test_torture_encodings(void **state)
{
    (void)state;
    size_t n = torture_dir(ES_TEST_SRCDIR "/../../shared/torture/encodings");
    if (n == 0)
        skip();
    assert_true(n > 10);
}

/* Random bytes in every encoding: no crash, valid output, same piecewise. */
static void test_random_bytes(void **state)
{
    (void)state;
    const char *all[] = {"utf-8", "shift_jis", "euc-jp", "iso-2022-jp", "utf-16le",
                         "utf-16be", "windows-1252"};
    unsigned char buf[5000];
    uint32_t x = 12345;   /* fixed seed: reproducible */
    for (size_t i = 0; i < sizeof buf; i++) {
        x = x * 1103515245u + 12345u;
        buf[i] = (unsigned char)(x >> 16);
        if (i % 97 == 0)
            buf[i] = 0x1B;   /* plenty of escapes for ISO-2022-JP */
    }
    for (size_t k = 0; k < sizeof all / sizeof all[0]; k++) {
        size_t l1, l2;
        char *a = decode_steps(all[k], buf, sizeof buf, 0, &l1);
        char *b = decode_steps(all[k], buf, sizeof buf, 5, &l2);
        assert_true(utf8_valid(a, l1, NULL));
        assert_int_equal(l1, l2);
        assert_memory_equal(a, b, l1);
        free(a);
        free(b);
    }
    assert_non_null(es_detect_encoding(buf, sizeof buf, NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8_plain_and_bom),
        cmocka_unit_test(test_utf8_invalid),
        cmocka_unit_test(test_utf8_nul_and_long_ascii),
        cmocka_unit_test(test_utf8_cjk_runs),
        cmocka_unit_test(test_cp932),
        cmocka_unit_test(test_eucjp),
        cmocka_unit_test(test_iso2022jp),
        cmocka_unit_test(test_utf16),
        cmocka_unit_test(test_windows1252),
        cmocka_unit_test(test_open_unknown),
        cmocka_unit_test(test_output_cap),
        cmocka_unit_test(test_normalize_maps),
        cmocka_unit_test(test_normalize_invalid),
        cmocka_unit_test(test_feed_split_every_way),
        cmocka_unit_test(test_detect_japanese),
        cmocka_unit_test(test_detect_utf16),
        cmocka_unit_test(test_detect_western),
        cmocka_unit_test(test_detect_long_plain),
        cmocka_unit_test(test_detect_hint),
        cmocka_unit_test(test_torture_encodings),
        cmocka_unit_test(test_random_bytes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
