/* Markup extractor: HTML text and data attributes, XML labels and attribute pairs, hostile XML. */
#include <time.h>

#include "tests/ex_doc_util.h"

static const char html[] =
    "<!DOCTYPE html>\n"
    "<html><head><title>Shop</title>\n"
    "<meta name=\"author\" content=\"Keiko Mori\">\n"
    "<script>var secret = 'script@example.com';</script>\n"
    "<style>.x{color:red}</style></head>\n"
    "<body><p>Tel:\n   03-1234-5678</p>\n"
    "<a href=\"mailto:info@example.jp\">write</a>\n"
    "<table><tr><th>Name</th><th>Phone</th><th>Mail</th></tr>\n"
    "<tr><td>Ken</td><td>090-2222-3333</td><td></td></tr>\n"
    "<tr><td><div>Ann</div><p>Lee</p></td><td></td><td><a href=\"mailto:sub@example.jp\">x</a></td></tr></table>\n"
    "<div data-lat=\"35.6812\" data-lon=\"139.7671\">map</div>\n"
    "<img src=\"a.png\" alt=\"photo of Ken\">\n"
    "<input value=\"C-778899\" type=\"text\">\n"
    "</body></html>\n";

static void test_html(void **state)
{
    (void)state;
    doc_reset();
    doc_probe("Tel: 03-1234-5678");
    doc_probe("href=\"mailto:info@example.jp\"");
    doc_probe("Ken\t090-2222-3333");
    doc_probe("090-2222-3333");
    doc_probe("mailto:sub@example.jp");
    doc_probe("data-lat=\"35.6812\" data-lon=\"139.7671\"");
    doc_probe("alt=\"photo of Ken\"");
    doc_probe("value=\"C-778899\"");
    doc_probe("content=\"Keiko Mori\"");
    struct es_xout o;
    doc_out(&o);
    assert_int_equal(es_markup_extract(&o, html, sizeof html - 1, 1), ES_OK);
    assert_probe("Tel: 03-1234-5678", "line 7", NULL);
    assert_probe("href=\"mailto:info@example.jp\"", "line 8", NULL);
    /* Table rows are TSV lines; the th row labels the columns. */
    assert_probe("Ken\t090-2222-3333", "line 10", "Name");
    assert_probe("090-2222-3333", "line 10", "Phone");
    assert_probe("mailto:sub@example.jp", "line 11", "Mail");
    assert_probe("data-lat=\"35.6812\" data-lon=\"139.7671\"", "line 12", NULL);
    assert_probe("alt=\"photo of Ken\"", "line 13", NULL);
    assert_probe("value=\"C-778899\"", "line 14", NULL);
    assert_true(doc_has("Ann Lee\t\thref='mailto:sub@example.jp' x"));
    assert_probe("content=\"Keiko Mori\"", "line 3", NULL);
    assert_false(doc_has("script@example.com"));
    assert_false(doc_has("color:red"));
    assert_false(doc_has("a.png"));
    doc_reset();
}

static const char xml[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<customers xmlns=\"urn:x\">\n"
    "  <customer>\n"
    "    <customer_id>123456</customer_id>\n"
    "    <pos lat=\"35.1\" lon=\"139.2\"/>\n"
    "    <note><![CDATA[call 03-9999-0000]]></note>\n"
    "  </customer>\n"
    "</customers>\n";

static void test_xml(void **state)
{
    (void)state;
    doc_reset();
    doc_probe("123456");
    doc_probe("lat=\"35.1\" lon=\"139.2\"");
    doc_probe("call 03-9999-0000");
    struct es_xout o;
    doc_out(&o);
    assert_int_equal(es_markup_extract(&o, xml, sizeof xml - 1, 0), ES_OK);
    assert_probe("123456", "line 4", "customer_id");
    assert_probe("lat=\"35.1\" lon=\"139.2\"", "line 5", "pos");
    assert_probe("call 03-9999-0000", "line 6", "note");
    assert_false(doc_has("urn:x"));   /* namespace declarations are not data */
    assert_string_equal(o.why, "");
    doc_reset();
}

/* Regression: billion laughs must not expand (no XML_PARSE_NOENT). */
static void test_xml_entity_bomb(void **state)
{
    (void)state;
    static const char bomb[] =
        "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n"
        "<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
        "<!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">\n"
        "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n"
        "<!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">\n"
        "<!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">\n"
        "<!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">\n"
        "<!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">\n"
        "<!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">\n"
        "<!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">\n"
        "<!ENTITY ext SYSTEM \"file:///etc/passwd\">\n"
        "]>\n<lolz>&lol9;&ext;<v>after</v></lolz>\n";
    doc_reset();
    struct es_xout o;
    doc_out(&o);
    clock_t t0 = clock();
    es_markup_extract(&o, bomb, sizeof bomb - 1, 0);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    assert_true(secs < 5.0);
    assert_true(cap.all_len < 4096);
    assert_false(doc_has("lollollol"));
    assert_false(doc_has("root:"));
    doc_reset();
}

static void test_bid(void **state)
{
    (void)state;
    extern const struct es_extractor es_ex_markup;
    static const unsigned char h1[] = "\xEF\xBB\xBF  <!DOCTYPE HTML><html>";
    struct es_sniff s = {.mime = "text/plain", .head = h1, .head_len = sizeof h1 - 1, .ext = "txt"};
    assert_int_equal(es_ex_markup.bid(&s), 45);
    static const unsigned char x1[] = "<?xml version=\"1.0\"?><a/>";
    s.head = x1;
    s.head_len = sizeof x1 - 1;
    assert_int_equal(es_ex_markup.bid(&s), 42);
    static const unsigned char t1[] = "just text, no tags";
    s.head = t1;
    s.head_len = sizeof t1 - 1;
    assert_int_equal(es_ex_markup.bid(&s), 0);
    s.mime = "application/xml";
    assert_int_equal(es_ex_markup.bid(&s), 42);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_html), cmocka_unit_test(test_xml),
        cmocka_unit_test(test_xml_entity_bomb), cmocka_unit_test(test_bid),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
