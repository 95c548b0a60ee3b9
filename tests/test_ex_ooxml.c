/* OOXML extractor: xlsx cells and header context, docx paragraphs and tables, pptx slides. */
#include "tests/ex_doc_util.h"
#include "tests/zip_util.h"

#include "scanner/ooxml.h"

#define XML_HEAD "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
#define NS_MAIN "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define NS_R "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define REL_T "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
#define NS_W "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

static const char *const root_rels_xlsx =
    XML_HEAD "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"" REL_T "officeDocument\" Target=\"xl/workbook.xml\"/>"
    "</Relationships>";

static const char *const workbook =
    XML_HEAD "<workbook xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_R "\"><sheets>"
    "<sheet name=\"Customers\" sheetId=\"1\" r:id=\"rId7\"/>"
    "<sheet name=\"Notes\" sheetId=\"2\" r:id=\"rId8\"/>"
    "</sheets></workbook>";

static const char *const workbook_rels =
    XML_HEAD "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId7\" Type=\"" REL_T "worksheet\" Target=\"worksheets/sheetA.xml\"/>"
    "<Relationship Id=\"rId8\" Type=\"" REL_T "worksheet\" Target=\"/xl/worksheets/sheetB.xml\"/>"
    "<Relationship Id=\"rId9\" Type=\"" REL_T "sharedStrings\" Target=\"strings.xml\"/>"
    "</Relationships>";

/* 0 title, 1 Name, 2 Phone, 3 E-mail, 4 a name with a phonetic reading, 5 memo */
static const char *const sst =
    XML_HEAD "<sst xmlns=\"" NS_MAIN "\" count=\"6\" uniqueCount=\"6\">"
    "<si><t>Customer list 2021</t></si>"
    "<si><t>Name</t></si>"
    "<si><r><t>Pho</t></r><r><t>ne</t></r></si>"
    "<si><t>E-mail</t></si>"
    "<si><t>山田太郎</t><rPh sb=\"0\" eb=\"4\"><t>ヤマダタロウ</t></rPh></si>"
    "<si><t xml:space=\"preserve\">line one\nline two\ttab \"quoted</t></si>"
    "</sst>";

static const char *const sheet_a =
    XML_HEAD "<worksheet xmlns=\"" NS_MAIN "\"><sheetData>"
    "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>"
    "<row r=\"3\"><c r=\"A3\" t=\"s\"><v>1</v></c><c r=\"B3\" t=\"s\"><v>2</v></c>"
    "<c r=\"C3\" t=\"s\"><v>3</v></c></row>"
    "<row r=\"4\"><c r=\"A4\" t=\"s\"><v>4</v></c><c r=\"B4\"><v>9012345678</v></c>"
    "<c r=\"C4\" t=\"inlineStr\"><is><t>taro@example.com</t></is></c></row>"
    "<row r=\"7\"><c r=\"B7\"><v>8.19012345678E11</v></c><c r=\"C7\" t=\"s\"><v>5</v></c>"
    "<c r=\"D7\"><v>0.0753</v></c><c r=\"XFD7\" t=\"inlineStr\"><is><t>far right</t></is></c></row>"
    "<row r=\"8\"><c r=\"B8\" t=\"b\"><v>1</v></c><c r=\"C8\" t=\"str\"><f>A1</f><v>formula text</v></c></row>"
    "</sheetData></worksheet>";

static const char *const sheet_b =
    XML_HEAD "<worksheet xmlns=\"" NS_MAIN "\"><sheetData>"
    "<row><c><v>42</v></c><c t=\"inlineStr\"><is><t>second sheet</t></is></c></row>"
    "</sheetData></worksheet>";

static zip_t *make_xlsx(void)
{
    const char *const e[] = {"[Content_Types].xml", XML_HEAD "<Types/>", "_rels/.rels",
                             root_rels_xlsx, "xl/workbook.xml", workbook,
                             "xl/_rels/workbook.xml.rels", workbook_rels, "xl/strings.xml", sst,
                             "xl/worksheets/sheetA.xml", sheet_a, "xl/worksheets/sheetB.xml",
                             sheet_b, NULL};
    return doc_zip(e);
}

static void test_xlsx_cells(void **state)
{
    (void)state;
    doc_reset();
    doc_probe("山田太郎");
    doc_probe("9012345678");
    doc_probe("taro@example.com");
    doc_probe("819012345678");
    doc_probe("line one line two");
    doc_probe("second sheet");
    doc_probe("far right");
    doc_probe("formula text");
    zip_t *z = make_xlsx();
    assert_string_equal(es_ooxml_kind(z), "xlsx");
    struct es_xout o;
    doc_out(&o);
    assert_int_equal(es_ooxml_extract(&o, z, NULL), ES_OK);
    zip_discard(z);
    /* Header row 3 (the one-cell title row 1 is skipped) labels the columns below. */
    assert_probe("山田太郎", "Customers!A4", "Name");
    assert_probe("9012345678", "Customers!B4", "Phone");
    assert_probe("taro@example.com", "Customers!C4", "E-mail");
    /* A number in scientific notation comes out as its digits. */
    assert_probe("819012345678", "Customers!B7", "Phone");
    /* Tabs and line breaks stay inside their field. */
    assert_probe("line one line two", "Customers!C7", "E-mail");
    assert_probe("far right", "Customers!XFD7", NULL);
    assert_probe("formula text", "Customers!C8", "E-mail");
    assert_probe("second sheet", "Notes!B1", NULL);
    assert_false(doc_has("ヤマダタロウ"));   /* phonetic reading dropped */
    assert_false(doc_has("\"quoted"));        /* quote made harmless for field counting */
    assert_true(doc_has("0.0753"));
    assert_string_equal(o.why, "");
    doc_reset();
}

static void test_xlsx_text_cap(void **state)
{
    (void)state;
    doc_reset();
    zip_t *z = make_xlsx();
    struct es_xout o;
    doc_out(&o);
    o.text_max = 20;
    es_ooxml_extract(&o, z, "xlsx");
    zip_discard(z);
    assert_true(o.over);
    assert_true(o.stop);
    assert_true(cap.all_len <= 20 + cap.nchunks);
    doc_reset();
}

static void test_xlsx_no_workbook(void **state)
{
    (void)state;
    /* Without workbook or rels, worksheet parts are still read under their file names. */
    doc_reset();
    doc_probe("second sheet");
    const char *const e[] = {"xl/worksheets/sheet9.xml", sheet_b, NULL};
    zip_t *z = doc_zip(e);
    assert_string_equal(es_ooxml_kind(z), "xlsx");
    struct es_xout o;
    doc_out(&o);
    es_ooxml_extract(&o, z, NULL);
    zip_discard(z);
    assert_probe("second sheet", "sheet9!B1", NULL);
    doc_reset();
}

static void test_xlsx_broken_sheet(void **state)
{
    (void)state;
    doc_reset();
    doc_probe("kept");
    const char *const e[] = {
        "xl/worksheets/sheet1.xml",
        XML_HEAD "<worksheet xmlns=\"" NS_MAIN "\"><sheetData><row r=\"2\"><c r=\"A2\" "
                 "t=\"inlineStr\"><is><t>kept</t></is></c></row><row r=\"3\"><c r=\"A3\"><v>1</",
        NULL};
    zip_t *z = doc_zip(e);
    struct es_xout o;
    doc_out(&o);
    es_ooxml_extract(&o, z, NULL);
    zip_discard(z);
    assert_probe("kept", "sheet1!A2", NULL);
    assert_non_null(strstr(o.why, "not well-formed"));
    doc_reset();
}

/* make_xlsx()'s package in memory, with part `part` damaged: how=0 flips
 * its CRC-32 (local and central header), how=1 sets its first deflate
 * block's type to 3, which RFC 1951 reserves. The bytes stay alive with
 * the archive (*keep, to free after zip_discard). */
static zip_t *damaged_xlsx(const char *part, int how, unsigned char **keep)
{
    const char *const e[] = {"[Content_Types].xml", XML_HEAD "<Types/>", "_rels/.rels",
                             root_rels_xlsx, "xl/workbook.xml", workbook,
                             "xl/_rels/workbook.xml.rels", workbook_rels, "xl/strings.xml", sst,
                             "xl/worksheets/sheetA.xml", sheet_a, "xl/worksheets/sheetB.xml",
                             sheet_b, NULL};
    struct test_zip_entry ze[sizeof e / sizeof *e / 2];
    size_t ne = 0;
    for (size_t i = 0; e[i]; i += 2)
        ze[ne++] = (struct test_zip_entry){e[i], e[i + 1], strlen(e[i + 1]), ZIP_CM_DEFLATE};
    size_t zlen;
    unsigned char *z = test_zip_make(ze, ne, &zlen);
    /* The part's local header (name at +30) and central record (name at +46). */
    size_t nlen = strlen(part), loc = SIZE_MAX, cen = SIZE_MAX;
    for (size_t i = 0; i + 46 + nlen <= zlen; i++) {
        if (loc == SIZE_MAX && memcmp(z + i, "PK\3\4", 4) == 0 && z[i + 26] == nlen &&
            memcmp(z + i + 30, part, nlen) == 0)
            loc = i;
        if (memcmp(z + i, "PK\1\2", 4) == 0 && z[i + 28] == nlen && memcmp(z + i + 46, part, nlen) == 0)
            cen = i;
    }
    assert_true(loc != SIZE_MAX && cen != SIZE_MAX);
    assert_int_equal(z[loc + 8], ZIP_CM_DEFLATE);
    if (how == 0) {
        z[loc + 14] ^= 1;
        z[cen + 16] ^= 1;
    } else {
        z[loc + 30 + nlen + (z[loc + 28] | z[loc + 29] << 8)] |= 6;
    }
    *keep = z;
    return test_zip_open(z, zlen);
}

/* A sheet part whose data is damaged: the reason names the part and what
 * is wrong with its data (not an XML error), the text read before a CRC
 * check still counts, and the other sheet is extracted. */
static void test_xlsx_damaged_part(void **state)
{
    (void)state;
    for (int how = 0; how < 2; how++) {
        doc_reset();
        doc_probe("taro@example.com");
        doc_probe("second sheet");
        unsigned char *keep;
        zip_t *z = damaged_xlsx("xl/worksheets/sheetA.xml", how, &keep);
        struct es_xout o;
        doc_out(&o);
        assert_int_equal(es_ooxml_extract(&o, z, NULL), ES_OK);
        zip_discard(z);
        free(keep);
        assert_probe("second sheet", "Notes!B1", NULL);
        if (how == 0) {
            assert_string_equal(o.why, "xl/worksheets/sheetA.xml: CRC mismatch");
            assert_probe("taro@example.com", "Customers!C4", "E-mail");
        } else {
            assert_string_equal(o.why, "xl/worksheets/sheetA.xml: corrupt compressed data");
            assert_false(doc_has("taro@example.com"));
        }
    }
    doc_reset();
}

/* Regression (POI poc-shared-strings.xlsx): one long shared string in every
 * cell must not multiply the text scanned. */
static void test_xlsx_repeated_long_string(void **state)
{
    (void)state;
    doc_reset();
    static char sst_long[8192], sheet[65536];
    char big[4097];
    memset(big, 'x', 4096);
    big[4096] = '\0';
    snprintf(sst_long, sizeof sst_long, XML_HEAD "<sst xmlns=\"" NS_MAIN "\"><si><t>%s</t></si></sst>", big);
    size_t n = (size_t)snprintf(sheet, sizeof sheet, XML_HEAD "<worksheet xmlns=\"" NS_MAIN "\"><sheetData>");
    for (int r = 1; r <= 200; r++)
        n += (size_t)snprintf(sheet + n, sizeof sheet - n, "<row r=\"%d\"><c r=\"A%d\" t=\"s\"><v>0</v></c></row>", r, r);
    snprintf(sheet + n, sizeof sheet - n, "</sheetData></worksheet>");
    const char *const e[] = {"xl/worksheets/sheet1.xml", sheet, "xl/sharedStrings.xml", sst_long, NULL};
    zip_t *z = doc_zip(e);
    struct es_xout o;
    doc_out(&o);
    es_ooxml_extract(&o, z, "xlsx");
    zip_discard(z);
    /* The first reference in full, the 199 others cut to 1 KiB. */
    assert_true(cap.all_len >= 4096 + 199 * 1024);
    assert_true(cap.all_len < 4096 + 199 * 1024 + 200 * 4);
    doc_reset();
}

static const char *const document =
    XML_HEAD "<w:document xmlns:w=\"" NS_W "\"><w:body>"
    "<w:p><w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"720\"/></w:tabs></w:pPr>"
    "<w:r><w:t>Dear customer</w:t></w:r></w:p>"
    "<w:p><w:r><w:t xml:space=\"preserve\">Call </w:t></w:r><w:r><w:t>03-12</w:t></w:r>"
    "<w:r><w:t>34-5678</w:t></w:r><w:r><w:tab/><w:t>now</w:t><w:br/><w:t>next line</w:t></w:r></w:p>"
    "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Name</w:t></w:r></w:p></w:tc>"
    "<w:tc><w:p><w:r><w:t>Tel</w:t></w:r></w:p></w:tc></w:tr>"
    "<w:tr><w:tc><w:p><w:r><w:t>Hanako</w:t></w:r></w:p><w:p><w:r><w:t>Suzuki</w:t></w:r></w:p></w:tc>"
    "<w:tc><w:p><w:r><w:t>090-1111-2222</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
    "<w:p><w:r><w:t>After the table</w:t></w:r></w:p>"
    "<w:p/>"
    "</w:body></w:document>";

static void test_docx(void **state)
{
    (void)state;
    doc_reset();
    doc_probe("Dear customer");
    doc_probe("Call 03-1234-5678\tnow\nnext line");
    doc_probe("Hanako Suzuki");
    doc_probe("090-1111-2222");
    doc_probe("After the table");
    doc_probe("Head office");
    doc_probe("a footnote");
    doc_probe("reviewer note");
    const char *const e[] = {
        "word/document.xml", document,
        "word/header1.xml",
        XML_HEAD "<w:hdr xmlns:w=\"" NS_W "\"><w:p><w:r><w:t>Head office</w:t></w:r></w:p></w:hdr>",
        "word/footnotes.xml",
        XML_HEAD "<w:footnotes xmlns:w=\"" NS_W "\"><w:footnote><w:p><w:r><w:t>a footnote</w:t>"
                 "</w:r></w:p></w:footnote></w:footnotes>",
        "word/comments.xml",
        XML_HEAD "<w:comments xmlns:w=\"" NS_W "\"><w:comment w:author=\"X\"><w:p><w:r>"
                 "<w:t>reviewer note</w:t></w:r></w:p></w:comment></w:comments>",
        NULL};
    zip_t *z = doc_zip(e);
    assert_string_equal(es_ooxml_kind(z), "docx");
    struct es_xout o;
    doc_out(&o);
    assert_int_equal(es_ooxml_extract(&o, z, NULL), ES_OK);
    zip_discard(z);
    assert_probe("Dear customer", "paragraph 1", "");
    assert_probe("Call 03-1234-5678\tnow\nnext line", "paragraph 2", "");
    assert_probe("Hanako Suzuki", "table 1 row 2 cell 1", "Name");
    assert_probe("090-1111-2222", "table 1 row 2 cell 2", "Tel");
    assert_probe("After the table", "paragraph 3", "");
    assert_probe("Head office", "header1 paragraph 1", "");
    assert_probe("a footnote", "footnotes paragraph 1", "");
    assert_probe("reviewer note", "comments paragraph 1", "");
    doc_reset();
}

static void test_pptx(void **state)
{
    (void)state;
    doc_reset();
    doc_probe("Quarterly review");
    doc_probe("ask jiro@example.jp");
    doc_probe("Second slide");
    const char *const a = "xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" "
                          "xmlns:p=\"http://schemas.openxmlformats.org/presentationml/2006/main\"";
    char s1[512], s2[512], n1[512];
    snprintf(s1, sizeof s1, XML_HEAD "<p:sld %s><p:txBody><a:p><a:r><a:t>Quarterly </a:t></a:r>"
             "<a:r><a:t>review</a:t></a:r></a:p></p:txBody></p:sld>", a);
    snprintf(s2, sizeof s2, XML_HEAD "<p:sld %s><a:p><a:r><a:t>Second slide</a:t></a:r></a:p></p:sld>", a);
    snprintf(n1, sizeof n1, XML_HEAD "<p:notes %s><a:p><a:r><a:t>ask jiro@example.jp</a:t></a:r>"
             "</a:p></p:notes>", a);
    const char *const e[] = {
        "ppt/presentation.xml", XML_HEAD "<p:presentation xmlns:p=\"x\"/>",
        "ppt/slides/slide1.xml", s1, "ppt/slides/slide2.xml", s2,
        "ppt/notesSlides/notesSlide7.xml", n1,
        "ppt/notesSlides/_rels/notesSlide7.xml.rels",
        XML_HEAD "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                 "<Relationship Id=\"rId2\" Type=\"" REL_T "slide\" Target=\"../slides/slide2.xml\"/>"
                 "</Relationships>",
        NULL};
    zip_t *z = doc_zip(e);
    struct es_xout o;
    doc_out(&o);
    assert_int_equal(es_ooxml_extract(&o, z, NULL), ES_OK);
    zip_discard(z);
    assert_probe("Quarterly review", "slide 1", NULL);
    assert_probe("Second slide", "slide 2", NULL);
    assert_probe("ask jiro@example.jp", "slide 2 notes", NULL);
    doc_reset();
}

static void test_bid(void **state)
{
    (void)state;
    extern const struct es_extractor es_ex_ooxml;
    static const unsigned char ole[] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
    struct es_sniff s = {.mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                         .head = ole, .head_len = sizeof ole, .ext = "xlsx"};
    /* An encrypted "xlsx" is an OLE2 file: not ours whatever its name and MIME. */
    assert_int_equal(es_ex_ooxml.bid(&s), 0);
    static const unsigned char pk[] = "PK\3\4....[Content_Types].xml....xl/workbook.xml";
    s.head = pk;
    s.head_len = sizeof pk - 1;
    assert_int_equal(es_ex_ooxml.bid(&s), 70);
    s.mime = "application/zip";
    assert_int_equal(es_ex_ooxml.bid(&s), 60);
    static const unsigned char plain[] = "PK\3\4 something else";
    s.head = plain;
    s.head_len = sizeof plain - 1;
    s.ext = "zip";
    assert_int_equal(es_ex_ooxml.bid(&s), 0);
}

static void test_cells_and_numbers(void **state)
{
    (void)state;
    char b[64];
    es_xcol_name(0, b, sizeof b);
    assert_string_equal(b, "A");
    es_xcol_name(25, b, sizeof b);
    assert_string_equal(b, "Z");
    es_xcol_name(26, b, sizeof b);
    assert_string_equal(b, "AA");
    es_xcol_name(16383, b, sizeof b);
    assert_string_equal(b, "XFD");
    uint32_t row;
    assert_int_equal(es_xcell_ref("C7", &row), 2);
    assert_int_equal(row, 7);
    assert_int_equal(es_xcell_ref("$AB$12", &row), 27);
    assert_int_equal(row, 12);
    assert_int_equal(es_xcell_ref("7", &row), -1);
    es_xnumber("8.19012345678E11", 16, b, sizeof b);
    assert_string_equal(b, "819012345678");
    es_xnumber("9012345678", 10, b, sizeof b);
    assert_string_equal(b, "9012345678");
    es_xnumber("0.0753", 6, b, sizeof b);
    assert_string_equal(b, "0.0753");
    es_xnumber("1E+20", 5, b, sizeof b);
    assert_string_equal(b, "1E+20");
    es_xnumber("junk", 4, b, sizeof b);
    assert_string_equal(b, "junk");
    assert_true(es_xis_number("1,234.5", 7));
    assert_false(es_xis_number("Tel", 3));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_xlsx_cells),       cmocka_unit_test(test_xlsx_text_cap),
        cmocka_unit_test(test_xlsx_no_workbook), cmocka_unit_test(test_xlsx_broken_sheet),
        cmocka_unit_test(test_xlsx_repeated_long_string), cmocka_unit_test(test_xlsx_damaged_part),
        cmocka_unit_test(test_docx),             cmocka_unit_test(test_pptx),
        cmocka_unit_test(test_bid),              cmocka_unit_test(test_cells_and_numbers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
