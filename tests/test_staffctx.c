/*
 * Staff context and the risk verdict: employee directories and memo
 * signatures with an extension are reported but rated "low"; customer
 * records beside them keep "high" / "medium".
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "exposcan/exposcan.h"
#include "scanner/scanner_private.h"
#include "scanner/staffctx.h"
#include "smp_collect.h"

static struct es_chunk chunk(const char *text)
{
    struct es_chunk c;
    memset(&c, 0, sizeof c);
    c.text = text;
    c.len = c.owned = strlen(text);
    c.line = c.col = 1;
    return c;
}

static void test_staff_table(void **state)
{
    (void)state;
    struct es_chunk c = chunk("E00012,Kalor Dravenko,Parts,412,0412 345 678\n");
    static const char *const staff[] = {"Employee ID", "Name", "Department", "Ext.", "Mobile"};
    c.delim = ',';
    c.header = staff;
    c.nheader = 5;
    assert_true(es_staff_table(&c));
    static const char *const ja[] = {"社員番号", "氏名", "所属", "内線", "携帯"};
    c.header = ja;
    assert_true(es_staff_table(&c));
    /* Near misses: a customer list that names the sales rep's extension, and
     * a table without any organisation column. */
    static const char *const cust[] = {"顧客番号", "氏名", "携帯", "担当", "担当内線"};
    c.header = cust;
    assert_false(es_staff_table(&c));
    static const char *const plain[] = {"Name", "Mobile", "Email"};
    c.header = plain;
    c.nheader = 3;
    assert_false(es_staff_table(&c));
    c.delim = 0;   /* not a table at all */
    c.header = staff;
    assert_false(es_staff_table(&c));
}

/* es_staff_marker_lines() with c's line index. */
static size_t marker_lines(const struct es_chunk *c, uint64_t *lines, size_t max)
{
    static struct es_line_index ix;
    es_line_index_build(&ix, c->text, c->len);
    return es_staff_marker_lines(c, &ix, lines, max);
}

static void test_marker_lines(void **state)
{
    (void)state;
    uint64_t lines[8];
    struct es_chunk c = chunk("以上\n総務部 山田 太郎\n内線 2687 / yamada@corp.example.jp\n"
                              "Questions: Kim (ext 2984, kim@corp.example)\nExt.: 12\n");
    size_t n = marker_lines(&c, lines, 8);
    assert_int_equal(n, 3);
    assert_int_equal(lines[0], 2);
    assert_int_equal(lines[1], 3);
    assert_int_equal(lines[2], 4);
    /* Near misses: words that contain "ext", and a marker without a number. */
    c = chunk("next 1234\ntext 12\nexternal 5\nextension cord\n内線表\n");
    assert_int_equal(marker_lines(&c, lines, 8), 0);
    /* Line numbers across many short lines (several per 16-byte block),
     * a marker at the very end, and one marker per line however many. */
    static const char tail[] = "EXT 5, ext 6\n内線1";
    char many[128];
    for (int i = 0; i < 40; i++)
        memcpy(many + 2 * i, "x\n", 2);
    memcpy(many + 80, tail, sizeof tail);
    c = chunk(many);
    assert_int_equal(marker_lines(&c, lines, 8), 2);
    assert_int_equal(lines[0], 40);
    assert_int_equal(lines[1], 41);
    /* Lines past the index's first blocks: 300 lines of 3 bytes, where
     * "内線1\n" (8 bytes) takes the place of lines 200 to 202 but for
     * the last line break. */
    static char longer[3 * 300 + sizeof tail];
    for (int i = 0; i < 300; i++)
        memcpy(longer + 3 * i, i == 100 ? "ex\n" : "xy\n", 3);
    memcpy(longer + 900, tail, sizeof tail);
    memcpy(longer + 3 * 200, "内線1\n", strlen("内線1\n"));
    c = chunk(longer);
    assert_int_equal(marker_lines(&c, lines, 8), 3);
    assert_int_equal(lines[0], 200);
    assert_int_equal(lines[1], 299);
    assert_int_equal(lines[2], 300);
}

static enum es_risk risk_of(const char *name, const char *text)
{
    struct es_scanner *sc = smp_scanner(NULL, 1);
    assert_non_null(sc);
    struct smp_recs rs;
    smp_recs_init(&rs);
    assert_int_equal(es_scan_buffer(sc, name, text, strlen(text), smp_collect, &rs), ES_OK);
    assert_int_equal(rs.n, 1);
    assert_true(rs.r[0].nf > 0);   /* the values are reported either way */
    enum es_risk r = rs.r[0].risk;
    smp_recs_free(&rs);
    es_scanner_free(sc);
    return r;
}

static void test_verdict(void **state)
{
    (void)state;
    /* A staff directory: personal data, but no customer's. */
    assert_int_equal(risk_of("staff.csv", "Employee ID,Name,Department,Ext.,Mobile,Email\n"
                                          "E00012,Kalor Dravenko,Parts,412,0412 345 678,kalor.d@corp-mail.com.au\n"
                                          "E00013,Mirena Belsor,Service,413,0413 222 333,mirena.b@corp-mail.com.au\n"),
                     ES_RISK_LOW);
    /* A memo signed with a name, an extension and a mailbox. */
    assert_int_equal(risk_of("memo.txt", "社内連絡\n\n来週の棚卸しについてお知らせします。\n\n以上\n\n"
                                         "総務部 山田 太郎\n内線 2687\nMail: yamada.t@corp-mail.co.jp\n"),
                     ES_RISK_LOW);
    /* Near misses: the same shapes about customers stay customer data. */
    assert_int_equal(risk_of("cust.csv", "顧客番号,氏名,携帯,担当,担当内線\n"
                                         "C0012345,山田 太郎,090-1234-5678,佐藤 花子,412\n"),
                     ES_RISK_HIGH);
    assert_int_equal(risk_of("call.txt", "Spoke to Mr Kalor Dravenko about VIN 1HGCM82633A004352, "
                                         "work 0412 345 678 ext. 12.\n"),
                     ES_RISK_HIGH);
    assert_int_equal(risk_of("one.log", "2024-05-01 sync ok mobile=090-1234-5678\n"), ES_RISK_MEDIUM);
    /* A customer's number quoted above the signature is the customer's. */
    assert_int_equal(risk_of("reply.txt", "折り返しは 090-1234-5678 までお願いします。\n"
                                          "サービス課 佐藤 花子\n内線 412\n"),
                     ES_RISK_MEDIUM);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_staff_table),
        cmocka_unit_test(test_marker_lines),
        cmocka_unit_test(test_verdict),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
