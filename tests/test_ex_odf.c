/* ODF extractor: ods cells with header context, odt paragraphs and tables, odp slides. */
#include "tests/ex_doc_util.h"

#include "scanner/ooxml.h"

#define XML_HEAD "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
#define NS                                                               \
    "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "  \
    "xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" "    \
    "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" "      \
    "xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\" "    \
    "xmlns:draw=\"urn:oasis:names:tc:opendocument:xmlns:drawing:1.0\" "   \
    "xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\""

static const char *const ods_content =
    XML_HEAD "<office:document-content " NS "><office:body><office:spreadsheet>"
    "<table:table table:name=\"Kunden\">"
    "<table:table-row><table:table-cell office:value-type=\"string\"><text:p>Members</text:p>"
    "</table:table-cell></table:table-row>"
    "<table:table-row table:number-rows-repeated=\"3\"><table:table-cell "
    "table:number-columns-repeated=\"1024\"/></table:table-row>"
    "<table:table-row><table:table-cell table:number-columns-repeated=\"2\"/>"
    "<table:table-cell office:value-type=\"string\"><text:p>Name</text:p></table:table-cell>"
    "<table:table-cell office:value-type=\"string\"><text:p>Mobile</text:p></table:table-cell>"
    "</table:table-row>"
    "<table:table-row><table:table-cell table:number-columns-repeated=\"2\"/>"
    "<table:table-cell office:value-type=\"string\"><text:p>Ichiro<text:s text:c=\"2\"/>Sato</text:p>"
    "</table:table-cell><table:table-cell office:value-type=\"float\" office:value=\"9012345678\">"
    "<text:p>9.01E+09</text:p></table:table-cell>"
    "<table:table-cell table:number-columns-repeated=\"1000000\"/></table:table-row>"
    "<table:table-row table:number-rows-repeated=\"1048000\"><table:table-cell/></table:table-row>"
    "<table:table-row><table:table-cell office:value-type=\"string\"><text:p>bottom</text:p>"
    "</table:table-cell></table:table-row>"
    "</table:table></office:spreadsheet></office:body></office:document-content>";

static void test_ods(void **state)
{
    (void)state;
    doc_reset();
    doc_probe("Ichiro  Sato");
    doc_probe("9012345678");
    doc_probe("bottom");
    const char *const e[] = {"mimetype", "application/vnd.oasis.opendocument.spreadsheet",
                             "content.xml", ods_content, NULL};
    zip_t *z = doc_zip(e);
    assert_string_equal(es_ooxml_kind(z), "ods");
    struct es_xout o;
    doc_out(&o);
    assert_int_equal(es_odf_extract(&o, z, "ods"), ES_OK);
    zip_discard(z);
    assert_probe("Ichiro  Sato", "Kunden!C6", "Name");
    /* The stored value, not the rounded display. */
    assert_probe("9012345678", "Kunden!D6", "Mobile");
    assert_false(doc_has("9.01E+09"));
    /* Repeated rows are counted, not iterated. */
    assert_probe("bottom", "Kunden!A1048007", NULL);
    doc_reset();
}

static const char *const odt_content =
    XML_HEAD "<office:document-content " NS "><office:body><office:text>"
    "<text:h>Service notice</text:h>"
    "<text:p>Dear <text:span>Mr Tanaka</text:span>,<text:tab/>call<text:line-break/>03-5555-0000</text:p>"
    "<table:table table:name=\"T1\"><table:table-row><table:table-cell><text:p>Customer No</text:p>"
    "</table:table-cell><table:table-cell><text:p>Plate</text:p></table:table-cell></table:table-row>"
    "<table:table-row><table:table-cell><text:p>C-100200</text:p></table:table-cell>"
    "<table:table-cell><text:p>品川 300 さ 12-34</text:p></table:table-cell></table:table-row>"
    "</table:table><text:p>Regards</text:p>"
    "</office:text></office:body></office:document-content>";

static const char *const odt_styles =
    XML_HEAD "<office:document-styles " NS "><office:master-styles><style:master-page>"
    "<style:header><text:p>Dealer header</text:p></style:header>"
    "<style:footer><text:p>Footer line</text:p></style:footer>"
    "</style:master-page></office:master-styles></office:document-styles>";

static void test_odt(void **state)
{
    (void)state;
    doc_reset();
    doc_probe("Service notice");
    doc_probe("Dear Mr Tanaka,\tcall\n03-5555-0000");
    doc_probe("C-100200");
    doc_probe("品川 300 さ 12-34");
    doc_probe("Regards");
    doc_probe("Dealer header");
    doc_probe("Footer line");
    const char *const e[] = {"mimetype", "application/vnd.oasis.opendocument.text", "content.xml",
                             odt_content, "styles.xml", odt_styles, NULL};
    zip_t *z = doc_zip(e);
    assert_string_equal(es_ooxml_kind(z), "odt");
    struct es_xout o;
    doc_out(&o);
    assert_int_equal(es_odf_extract(&o, z, "odt"), ES_OK);
    zip_discard(z);
    assert_probe("Service notice", "paragraph 1", "");
    assert_probe("Dear Mr Tanaka,\tcall\n03-5555-0000", "paragraph 2", "");
    assert_probe("C-100200", "table 1 row 2 cell 1", "Customer No");
    assert_probe("品川 300 さ 12-34", "table 1 row 2 cell 2", "Plate");
    assert_probe("Regards", "paragraph 3", "");
    assert_probe("Dealer header", "header paragraph 1", "");
    assert_probe("Footer line", "footer paragraph 2", "");
    doc_reset();
}

static void test_odp(void **state)
{
    (void)state;
    doc_reset();
    doc_probe("Launch plan");
    doc_probe("contact kana@example.jp");
    const char *const e[] = {
        "mimetype", "application/vnd.oasis.opendocument.presentation", "content.xml",
        XML_HEAD "<office:document-content " NS "><office:body><office:presentation>"
                 "<draw:page><draw:frame><draw:text-box><text:p>Launch plan</text:p></draw:text-box>"
                 "</draw:frame></draw:page><draw:page><text:p>contact kana@example.jp</text:p>"
                 "</draw:page></office:presentation></office:body></office:document-content>",
        NULL};
    zip_t *z = doc_zip(e);
    struct es_xout o;
    doc_out(&o);
    assert_int_equal(es_odf_extract(&o, z, NULL), ES_OK);
    zip_discard(z);
    assert_probe("Launch plan", "slide 1", NULL);
    assert_probe("contact kana@example.jp", "slide 2", NULL);
    doc_reset();
}

static void test_encrypted(void **state)
{
    (void)state;
    doc_reset();
    const char *const e[] = {
        "mimetype", "application/vnd.oasis.opendocument.text",
        "META-INF/manifest.xml",
        XML_HEAD "<manifest:manifest " NS "><manifest:file-entry manifest:full-path=\"content.xml\">"
                 "<manifest:encryption-data manifest:checksum=\"x\"/></manifest:file-entry>"
                 "</manifest:manifest>",
        "content.xml", "\x01\x02 encrypted bytes", NULL};
    zip_t *z = doc_zip(e);
    struct es_xout o;
    doc_out(&o);
    assert_int_equal(es_odf_extract(&o, z, "odt"), ES_ERR_ENCRYPTED);
    zip_discard(z);
    assert_int_equal(cap.nchunks, 0);
    doc_reset();
}

static void test_bid(void **state)
{
    (void)state;
    extern const struct es_extractor es_ex_odf;
    static const unsigned char head[] =
        "PK\3\4\x14\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\x08\0\0\0mimetype"
        "application/vnd.oasis.opendocument.text";
    struct es_sniff s = {.mime = "application/zip", .head = head, .head_len = sizeof head - 1,
                         .ext = "bin"};
    assert_int_equal(es_ex_odf.bid(&s), 65);
    s.mime = "application/vnd.oasis.opendocument.text";
    assert_int_equal(es_ex_odf.bid(&s), 70);
    static const unsigned char flat[] = "<?xml version=\"1.0\"?><office:document>";
    s.head = flat;
    s.head_len = sizeof flat - 1;
    s.mime = "text/xml";
    assert_int_equal(es_ex_odf.bid(&s), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ods), cmocka_unit_test(test_odt), cmocka_unit_test(test_odp),
        cmocka_unit_test(test_encrypted), cmocka_unit_test(test_bid),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
