/* email detector: addresses of persons; role boxes, example domains, asset
 * names, version pins and Message-IDs are not reported. */
#include "util.h"

#include "detectors/detector.h"

static void test_plain(void **state)
{
    (void)state;
    assert_one_hit("email", "contact me at taro.yamada@gmail.com today", "taro.yamada@gmail.com");
    assert_one_hit("email", "Hayley.Towne@Hotmail.com", "hayley.towne@hotmail.com");
    assert_one_hit("email", "user+tag@mail.co.jp,", "user+tag@mail.co.jp");
    assert_one_hit("email", "\"r-tanushri@mukhopadhyaymotors.co\"", "r-tanushri@mukhopadhyaymotors.co");
    assert_one_hit("email", "9ki9ka9jz_i9dg3p@gmail.com", "9ki9ka9jz_i9dg3p@gmail.com");
}

static void test_sentence_end(void **state)
{
    (void)state;
    assert_one_hit("email", "Write to ann.lee@yahoo.com.", "ann.lee@yahoo.com");
    assert_one_hit("email", "(ann.lee@yahoo.com.au)", "ann.lee@yahoo.com.au");
}

static void test_cjk_neighbours(void **state)
{
    (void)state;
    /* Japanese text directly before and after the address. */
    assert_one_hit("email", "メールはtanaka@docomo.ne.jpまでお願いします。", "tanaka@docomo.ne.jp");
    assert_one_hit("email", "連絡先：suzuki.k@ezweb.ne.jp。", "suzuki.k@ezweb.ne.jp");
}

static void test_carrier_dots(void **state)
{
    (void)state;
    /* Legacy Japanese carrier mailboxes may hold consecutive dots. */
    assert_one_hit("email", "taro..yamada@docomo.ne.jp", "taro..yamada@docomo.ne.jp");
}

static void test_mailto(void **state)
{
    (void)state;
    assert_one_hit("email", "<a href=\"mailto:Mika.Sato@outlook.jp\">Mika</a>", "mika.sato@outlook.jp");
    assert_one_hit("email", "mailto:kim@naver.com?subject=hi", "kim@naver.com");
}

static void test_idn(void **state)
{
    (void)state;
    assert_one_hit("email", "hanako@例え.jp", "hanako@例え.jp");
    assert_one_hit("email", "jurgen@müller.de", "jurgen@müller.de");
    assert_one_hit("email", "user@xn--r8jz45g.xn--zckzah", "user@xn--r8jz45g.xn--zckzah");
}

static void test_display_name(void **state)
{
    (void)state;
    assert_one_hit("email", "From: \"Taro\" <taro@softbank.ne.jp>", "taro@softbank.ne.jp");
    assert_one_hit("email", "Return-Path: <mina.k@icloud.com>", "mina.k@icloud.com");
}

static void test_many(void **state)
{
    (void)state;
    assert_int_equal(es_test_count("email", "a1@gmail.com, b2@gmail.com; a1@gmail.com"), 3);
}

static void test_assets(void **state)
{
    (void)state;
    assert_no_hit("email", "<img src=\"logo@2x.png\">");
    assert_no_hit("email", "icon@3x.webp and banner@1.5x.jpg");
    assert_no_hit("email", "background: url(hero@2x.retina.css)");
}

static void test_versions(void **state)
{
    (void)state;
    assert_no_hit("email", "npm install lodash@4.17.21");
    assert_no_hit("email", "pkg:npm/left-pad@1.3.0");
    assert_no_hit("email", "\"@babel/core@7.22.5\"");
    assert_no_hit("email", "requests@2.31.0 and foo@v1.2");
}

static void test_message_id(void **state)
{
    (void)state;
    assert_no_hit("email", "Message-ID: <20180620.52aaef8be4.79435@mail.fukumoto-motors.co.jp>");
    assert_no_hit("email", "In-Reply-To: <abc123@mail.rosecars.com>");
    assert_no_hit("email", "References: <a1@mx.hamillcars.co> <b2@mx.hamillcars.co>");
    /* The local part of an ID may start after characters mailboxes lack. */
    assert_no_hit("email", "Message-Id: <CAF=abc123@mail.gmail.com>");
    /* A bracketed mailbox in an ordinary header is still a mailbox. */
    assert_one_hit("email", "To: Bob <bob.lee@gmail.com>", "bob.lee@gmail.com");
    /* The chunk label carries the header name (e-mail extractor). */
    struct es_chunk c = es_chunk_plain("<x9f2.77@mail.nakai-motors.co.jp>");
    c.label = "Message-ID";
    struct es_test_hit h[4];
    assert_int_equal(es_detect_collect(es_detector_index("email", 5), &c, h, 4), 0);
}

static void test_roles(void **state)
{
    (void)state;
    assert_no_hit("email", "info@hamillcars.co");
    assert_no_hit("email", "Support@Shimizu-Motors.co.jp");
    assert_no_hit("email", "customer-center@hackettmotors.co");
    assert_no_hit("email", "noreply@rosecars.com no-reply@x.jp noreply-jp@x.jp");
    assert_no_hit("email", "sales@a.com admin@a.com webmaster@a.com postmaster@a.com");
    assert_no_hit("email", "contact@a.com help@a.com office@a.com service@a.com");
    /* A person whose name starts like a role is still a person. */
    assert_one_hit("email", "infanta.rose@gmail.com", "infanta.rose@gmail.com");
    assert_one_hit("email", "salesh.kumar@gmail.com", "salesh.kumar@gmail.com");
    /* The word index: the first and last words of a list, any case. */
    assert_no_hit("email", "INFO@a.com ServiceDesk@a.com");
    /* Role prefixes by first byte: the first and last of the list, two
     * sharing a first byte (bounce, bounces), any case, each suffix byte;
     * a letter after the prefix is no prefix match, nor is a local part
     * that a '+' tag leaves empty. */
    assert_no_hit("email", "NoReply_2@a.com customer-center.jp@a.com Bounces-7@a.com bounce.x@a.com");
    assert_no_hit("email", "do_not_reply9@a.com SUPPORT-jp@a.com info.tokyo@a.com");
    assert_one_hit("email", "bouncer@gmail.com", "bouncer@gmail.com");
    assert_one_hit("email", "supportive.k@gmail.com", "supportive.k@gmail.com");
    assert_one_hit("email", "+tag@gmail.com", "+tag@gmail.com");
    assert_no_hit("email", "a@b.PNG a@b.bin a@b.LOCAL");
    assert_one_hit("email", "zed@b.com", "zed@b.com");
}

static void test_example_domains(void **state)
{
    (void)state;
    assert_no_hit("email", "alice@example.com bob@example.org user@example.net");
    assert_no_hit("email", "taro@example.co.jp and x@mail.example.com");
    assert_no_hit("email", "dev@foo.test qa@bar.example nobody@host.invalid me@box.localhost");
    /* Only the reserved label counts: examples.com is an ordinary domain. */
    assert_one_hit("email", "jo@examples.com", "jo@examples.com");
    /* "example" before a registered name, or only before suffix labels. */
    assert_one_hit("email", "a jo@example.company.com b", "jo@example.company.com");
    assert_no_hit("email", "c ko@mail.example.com.au d");
    assert_no_hit("email", "i z@mail.example.co.jp.net j");
    /* A label may not end in '-'; a scale label is the first one whole. */
    assert_no_hit("email", "e x@a-.b.com f");
    assert_one_hit("email", "g y@1.5x.com h", "y@1.5x.com");
}

static void test_not_addresses(void **state)
{
    (void)state;
    assert_no_hit("email", "follow @tanaka on social media");
    assert_no_hit("email", "user@localhost");
    assert_no_hit("email", "a@b.c");                 /* one-letter TLD */
    assert_no_hit("email", "x@-bad.com");            /* label starts with '-' */
    assert_no_hit("email", "a@b.com123");            /* TLD runs into digits */
    assert_no_hit("email", "git@github.com:org/repo.git");
    assert_no_hit("email", "https://user:secret@host.com/path");   /* URL userinfo */
    assert_no_hit("email", "see report@final.pdf and notes@v2.docx");
}

static void test_owned(void **state)
{
    (void)state;
    /* A match starting after `owned` belongs to the next chunk. */
    struct es_chunk c = es_chunk_plain("xx a@gmail.com");
    c.owned = 2;
    struct es_test_hit h[4];
    assert_int_equal(es_detect_collect(es_detector_index("email", 5), &c, h, 4), 0);
}

static void test_mask(void **state)
{
    (void)state;
    int det = es_detector_index("email", 5);
    const struct es_detector *d = es_detectors[det];
    char out[64];
    const char *n = "taro@gmail.com";
    size_t len = d->mask(n, strlen(n), out, sizeof out);
    assert_string_equal(out, "t***@gmail.com");
    assert_int_equal(len, strlen("t***@gmail.com"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain),          cmocka_unit_test(test_sentence_end),
        cmocka_unit_test(test_cjk_neighbours), cmocka_unit_test(test_carrier_dots),
        cmocka_unit_test(test_mailto),         cmocka_unit_test(test_idn),
        cmocka_unit_test(test_display_name),   cmocka_unit_test(test_many),
        cmocka_unit_test(test_assets),         cmocka_unit_test(test_versions),
        cmocka_unit_test(test_message_id),     cmocka_unit_test(test_roles),
        cmocka_unit_test(test_example_domains), cmocka_unit_test(test_not_addresses),
        cmocka_unit_test(test_owned),          cmocka_unit_test(test_mask),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
