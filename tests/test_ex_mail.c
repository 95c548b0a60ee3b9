/* E-mail: MIME decoding helpers and the mail extractor through the public API. */
#include <stdlib.h>

#include "scanner/buf.h"
#include "scanner/mime.h"
#include "smp_collect.h"
#include "util.h"

static char *decoded(int (*fn)(const char *, size_t, struct es_buf *), const char *in)
{
    static char out[512];
    struct es_buf b;
    es_buf_init(&b, sizeof out - 1);
    assert_int_equal(fn(in, strlen(in), &b), ES_OK);
    memcpy(out, b.data ? b.data : "", b.len);
    out[b.len] = '\0';
    es_buf_free(&b);
    return out;
}

static int qp_body(const char *in, size_t n, struct es_buf *b) { return es_qp_decode(in, n, 0, b); }

static void test_transfer_encodings(void **state)
{
    (void)state;
    /* base64 across line breaks, noise ignored, padding ends it */
    assert_string_equal(decoded(es_base64_decode, "dGFy\r\nby55YW1h\n ZGFA\tZ21haWwuY29t"), "taro.yamada@gmail.com");
    assert_string_equal(decoded(es_base64_decode, "YWI=Zm9v"), "ab");
    /* quoted-printable: soft line breaks join a value split by the encoder */
    assert_string_equal(decoded(qp_body, "stopped near -3=\n7.728027,145.2=\r\n45761."),
                        "stopped near -37.728027,145.245761.");
    assert_string_equal(decoded(qp_body, "caf=C3=A9 =ZZ end="), "caf\xc3\xa9 =ZZ end=");
}

static int rfc2047(const char *in, size_t n, struct es_buf *b) { return es_rfc2047_decode(in, n, b); }

static void test_encoded_words(void **state)
{
    (void)state;
    /* B and Q words; the space between two encoded words disappears */
    assert_string_equal(decoded(rfc2047, "=?UTF-8?B?5bGx55Sw?= =?UTF-8?Q?=E5=A4=AA=E9=83=8E?= <t@x.jp>"),
                        "\xe5\xb1\xb1\xe7\x94\xb0\xe5\xa4\xaa\xe9\x83\x8e <t@x.jp>");
    /* ...but not the space between plain text and a word */
    assert_string_equal(decoded(rfc2047, "Re: =?UTF-8?Q?caf=C3=A9?="), "Re: caf\xc3\xa9");
    /* ISO-2022-JP, as Japanese mail clients write display names: 山田 */
    assert_string_equal(decoded(rfc2047, "=?ISO-2022-JP?B?GyRCOzNFRBsoQg==?="), "\xe5\xb1\xb1\xe7\x94\xb0");
    /* A broken word stays as it is */
    assert_string_equal(decoded(rfc2047, "=?UTF-8?B?no end"), "=?UTF-8?B?no end");
}

static void test_params(void **state)
{
    (void)state;
    struct es_buf b;
    es_buf_init(&b, 256);
    const char *ct = "text/csv; charset=\"Shift_JIS\"; name*=UTF-8''%E9%A1%A7%E5%AE%A2.csv";
    assert_true(es_mime_param(ct, strlen(ct), "charset", &b));
    assert_string_equal(b.data, "Shift_JIS");
    b.len = 0;
    assert_true(es_mime_param(ct, strlen(ct), "name", &b));
    assert_string_equal(b.data, "\xe9\xa1\xa7\xe5\xae\xa2.csv");   /* 顧客.csv */
    b.len = 0;
    assert_false(es_mime_param(ct, strlen(ct), "boundary", &b));
    es_buf_free(&b);
}

/* Records with their partial notes, which smp_collect does not keep. */
struct with_partial {
    struct smp_recs rs;
    char partial[SMP_MAX_RECS][128];
};

static int collect_partial(void *ctx, const struct es_record *rec)
{
    struct with_partial *w = ctx;
    size_t i = w->rs.n;
    if (i < SMP_MAX_RECS)
        snprintf(w->partial[i], sizeof w->partial[i], "%s",
                 es_record_partial(rec) ? es_record_partial(rec) : "");
    return smp_collect(&w->rs, rec);
}

/* text_max: the text-bytes limit, 0 for the default. */
static struct with_partial *scan_limited(const char *name, const char *msg, uint64_t text_max)
{
    struct es_scanner *sc = smp_scanner_limited(NULL, 1, ES_LIMIT_TEXT_BYTES, text_max);
    assert_non_null(sc);
    struct with_partial *w = calloc(1, sizeof *w);
    assert_non_null(w);
    smp_recs_init(&w->rs);
    assert_int_equal(es_scan_buffer(sc, name, msg, strlen(msg), collect_partial, w), ES_OK);
    es_scanner_free(sc);
    return w;
}

static struct with_partial *scan(const char *name, const char *msg)
{
    return scan_limited(name, msg, 0);
}

static void done(struct with_partial *w)
{
    smp_recs_free(&w->rs);
    free(w);
}

static const char MESSAGE[] =
    "Return-Path: <mia.owen51@kookaburra-isp.net.au>\n"
    "From: Mia Owen <mia.owen51@kookaburra-isp.net.au>\n"
    "To: bookings@rosecars.example\n"
    "Message-ID: <20160606bf47bd9bca.6604@mail.rosecars.example>\n"
    "Subject: =?UTF-8?Q?Service_reminder?=\n"
    "MIME-Version: 1.0\n"
    "Content-Type: multipart/mixed; boundary=\"b1\"\n"
    "\n"
    "--b1\n"
    "Content-Type: text/plain; charset=UTF-8\n"
    "Content-Transfer-Encoding: quoted-printable\n"
    "\n"
    "Hello,\n"
    "Mobile: 0416 425 =\n"
    "883\n"
    "--b1\n"
    "Content-Type: text/csv; name=\"list.csv\"\n"
    "Content-Disposition: attachment; filename=\"list.csv\"\n"
    "Content-Transfer-Encoding: base64\n"
    "\n"
    /* email,phone\nreika.hoshino@tsubame-post.jp,080-4417-2290\n */
    "ZW1haWwscGhvbmUKcmVpa2EuaG9zaGlub0B0c3ViYW1lLXBvc3QuanAsMDgwLTQ0MTctMjI5MAo=\n"
    "--b1--\n";

static void test_message_and_attachment(void **state)
{
    (void)state;
    struct with_partial *w = scan("mail.eml", MESSAGE);
    assert_int_equal(w->rs.n, 2);
    const struct smp_rec *m = &w->rs.r[0], *a = &w->rs.r[1];
    assert_string_equal(m->type, "eml");
    assert_string_equal(w->partial[0], "");
    /* From and Return-Path are two occurrences; the Message-ID is no mailbox */
    const struct smp_finding *e = smp_find(m, "email");
    assert_non_null(e);
    assert_int_equal(e->count, 2);
    assert_string_equal(e->where[0], "header Return-Path");
    /* the QP soft break joined the number; its location is in the body */
    const struct smp_finding *p = smp_find(m, "phone");
    assert_non_null(p);
    assert_string_equal(p->value[0], "0416 425 883");
    assert_string_equal(p->where[0], "body line 2");
    /* the attachment is a member, decoded from base64 */
    assert_string_equal(a->path, "mail.eml > list.csv");
    assert_string_equal(a->type, "csv");
    assert_non_null(smp_find(a, "email"));
    assert_non_null(smp_find(a, "phone"));
    done(w);
}

static void test_unterminated_multipart_is_partial(void **state)
{
    (void)state;
    static const char cut[] =
        "From: Mia Owen <mia.owen51@kookaburra-isp.net.au>\n"
        "Subject: cut\n"
        "Content-Type: multipart/mixed; boundary=\"b1\"\n"
        "\n"
        "--b1\n"
        "Content-Type: text/plain\n"
        "\n"
        "Mobile: 0416 425 883\n";
    struct with_partial *w = scan("cut.eml", cut);
    assert_int_equal(w->rs.n, 1);
    assert_int_equal(w->rs.r[0].status, ES_REC_OK);
    assert_string_equal(w->partial[0], "multipart without closing boundary");
    assert_non_null(smp_find(&w->rs.r[0], "phone"));   /* what was there is still scanned */
    done(w);
}

/* A body longer than the text limit is scanned up to the limit and said to
 * be cut, whether it is used as it is (8bit) or decoded (base64). */
static void test_body_over_text_limit(void **state)
{
    (void)state;
    static const char plain[] =
        "From: Mia Owen <mia.owen51@kookaburra-isp.net.au>\n"
        "Subject: cut\n"
        "MIME-Version: 1.0\n"
        "Content-Type: text/plain; charset=UTF-8\n"
        "\n"
        "Mobile: 0416 425 883\n"
        "second line, past the limit: reika.hoshino@tsubame-post.jp\n";
    static const char b64[] =
        "From: Mia Owen <mia.owen51@kookaburra-isp.net.au>\n"
        "Subject: cut\n"
        "MIME-Version: 1.0\n"
        "Content-Type: text/plain; charset=UTF-8\n"
        "Content-Transfer-Encoding: base64\n"
        "\n"
        /* Mobile: 0416 425 883\nsecond line, past the limit: reika.hoshino@tsubame-post.jp\n */
        "TW9iaWxlOiAwNDE2IDQyNSA4ODMKc2Vjb25kIGxpbmUsIHBhc3QgdGhlIGxpbWl0OiByZWlrYS5ob3NoaW5vQHRzdWJhbWUtcG9zdC5qcAo=\n";
    const char *msgs[] = {plain, b64};
    for (size_t i = 0; i < 2; i++) {
        struct with_partial *w = scan_limited("cut.eml", msgs[i], 24);
        assert_int_equal(w->rs.n, 1);
        assert_string_equal(w->partial[0], "a body part exceeds the text limit; it was cut");
        const struct smp_finding *p = smp_find(&w->rs.r[0], "phone");
        assert_non_null(p);
        assert_string_equal(p->where[0], "body line 1");
        /* the header's address is found; the body's, past the limit, is not */
        const struct smp_finding *e = smp_find(&w->rs.r[0], "email");
        assert_non_null(e);
        assert_int_equal(e->count, 1);
        done(w);
    }
}

/* An attachment without a transfer encoding is a member of its own too
 * (scanned where it is in the message, not copied). */
static void test_plain_attachment(void **state)
{
    (void)state;
    static const char msg[] =
        "From: Mia Owen <mia.owen51@kookaburra-isp.net.au>\n"
        "Subject: list\n"
        "MIME-Version: 1.0\n"
        "Content-Type: multipart/mixed; boundary=\"b1\"\n"
        "\n"
        "--b1\n"
        "Content-Type: text/plain\n"
        "\n"
        "See the list.\n"
        "--b1\n"
        "Content-Type: text/csv; name=\"list.csv\"\n"
        "Content-Disposition: attachment; filename=\"list.csv\"\n"
        "\n"
        "email,phone\n"
        "reika.hoshino@tsubame-post.jp,080-4417-2290\n"
        "--b1--\n";
    struct with_partial *w = scan("plain.eml", msg);
    assert_int_equal(w->rs.n, 2);
    const struct smp_rec *a = &w->rs.r[1];
    assert_string_equal(a->path, "plain.eml > list.csv");
    assert_string_equal(a->type, "csv");
    assert_string_equal(smp_find(a, "email")->value[0], "reika.hoshino@tsubame-post.jp");
    assert_string_equal(smp_find(a, "phone")->value[0], "080-4417-2290");
    done(w);
}

static void test_mbox_messages_are_members(void **state)
{
    (void)state;
    static const char mbox[] =
        "From mia.owen51@kookaburra-isp.net.au Sat Jun  1 09:00:00 2024\n"
        "From: Mia Owen <mia.owen51@kookaburra-isp.net.au>\n"
        "Subject: one\n"
        "\n"
        "first\n"
        "\n"
        "From reika.hoshino@tsubame-post.jp Sat Jun  1 10:00:00 2024\n"
        "From: Reika Hoshino <reika.hoshino@tsubame-post.jp>\n"
        "Subject: two\n"
        "\n"
        "second\n";
    struct with_partial *w = scan("box.mbox", mbox);
    assert_int_equal(w->rs.n, 3);
    assert_string_equal(w->rs.r[0].type, "mbox");
    assert_string_equal(w->rs.r[1].path, "box.mbox > message-1.eml");
    assert_string_equal(w->rs.r[2].path, "box.mbox > message-2.eml");
    assert_string_equal(smp_find(&w->rs.r[2], "email")->value[0], "reika.hoshino@tsubame-post.jp");
    done(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_transfer_encodings),
        cmocka_unit_test(test_encoded_words),
        cmocka_unit_test(test_params),
        cmocka_unit_test(test_message_and_attachment),
        cmocka_unit_test(test_unterminated_multipart_is_partial),
        cmocka_unit_test(test_body_over_text_limit),
        cmocka_unit_test(test_plain_attachment),
        cmocka_unit_test(test_mbox_messages_are_members),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
