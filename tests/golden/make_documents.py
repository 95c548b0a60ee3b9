#!/usr/bin/env python3
"""Write the inputs of the document golden cases (xlsx_*, docx_*, pptx_*, odf_*, html_*).

Python 3 standard library only. Every person, number and address here is
invented for the tests; VINs get a valid check digit, phone numbers use
ranges that exist so that validating detectors accept them. Zip entries get a
fixed timestamp so the files are byte-for-byte reproducible:

    python3 tests/golden/make_documents.py tests/golden

The generated files are small and committed; rerun after changing this script.
"""

import os
import sys
import zipfile

FIXED_TIME = (1980, 1, 1, 0, 0, 0)
XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
NS_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
NS_P = "http://schemas.openxmlformats.org/presentationml/2006/main"
CT = "application/vnd.openxmlformats-officedocument."


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def write_zip(path, entries, stored_first=False):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with zipfile.ZipFile(path, "w") as z:
        for i, (name, data) in enumerate(entries):
            info = zipfile.ZipInfo(name, FIXED_TIME)
            info.compress_type = zipfile.ZIP_STORED if (stored_first and i == 0) else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, data.encode("utf-8") if isinstance(data, str) else data)


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data.encode("utf-8") if isinstance(data, str) else data)


def vin(prefix16):
    """Complete a 16-character VIN stem (check digit at position 9) with ISO 3779 rules."""
    values = {c: v for v, cs in enumerate(["0", "1AJ", "2BKS", "3CLT", "4DMU", "5ENV", "6FW",
                                            "7GPX", "8HY", "9RZ"]) for c in cs}
    weights = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2]
    v = prefix16[:8] + "0" + prefix16[8:]
    total = sum(values[c] * w for c, w in zip(v, weights))
    check = total % 11
    return v[:8] + ("X" if check == 10 else str(check)) + v[9:]


def content_types(overrides):
    body = "".join('<Override PartName="/%s" ContentType="%s"/>' % (p, t) for p, t in overrides)
    return (XML_HEAD + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>' + body + "</Types>")


def rels(items):
    body = "".join('<Relationship Id="%s" Type="%s/%s" Target="%s"/>' % (i, NS_R, t, tg)
                   for i, t, tg in items)
    return XML_HEAD + '<Relationships xmlns="%s">%s</Relationships>' % (NS_PKG, body)


# ---- xlsx ----

def col_name(i):
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def xlsx(path, sheets):
    """sheets: [(name, rows)], rows: {row_number: [cell, ...]}; a cell is None, int/float
    (a number), ("s", text) (shared string) or ("i", text) (inline string)."""
    strings, index = [], {}
    parts = []
    for n, (name, rows) in enumerate(sheets, 1):
        xml_rows = []
        for r in sorted(rows):
            cells = []
            for c, v in enumerate(rows[r]):
                ref = "%s%d" % (col_name(c), r)
                if v is None:
                    continue
                if isinstance(v, (int, float)):
                    cells.append('<c r="%s"><v>%s</v></c>' % (ref, repr(v) if isinstance(v, float) else v))
                elif v[0] == "s":
                    if v[1] not in index:
                        index[v[1]] = len(strings)
                        strings.append(v[1])
                    cells.append('<c r="%s" t="s"><v>%d</v></c>' % (ref, index[v[1]]))
                else:
                    cells.append('<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (ref, esc(v[1])))
            xml_rows.append('<row r="%d">%s</row>' % (r, "".join(cells)))
        parts.append(("xl/worksheets/sheet%d.xml" % n,
                      XML_HEAD + '<worksheet xmlns="%s"><sheetViews><sheetView workbookViewId="0">'
                      '<pane ySplit="3" topLeftCell="A4" state="frozen"/></sheetView></sheetViews>'
                      '<sheetData>%s</sheetData></worksheet>' % (NS_MAIN, "".join(xml_rows))))
    sst = (XML_HEAD + '<sst xmlns="%s" count="%d" uniqueCount="%d">%s</sst>'
           % (NS_MAIN, len(strings), len(strings), "".join("<si><t>%s</t></si>" % esc(s) for s in strings)))
    wb = (XML_HEAD + '<workbook xmlns="%s" xmlns:r="%s"><sheets>%s</sheets></workbook>'
          % (NS_MAIN, NS_R, "".join('<sheet name="%s" sheetId="%d" r:id="rId%d"/>' % (esc(nm), i, i)
                                    for i, (nm, _) in enumerate(sheets, 1))))
    wb_rels = rels([("rId%d" % i, "worksheet", "worksheets/sheet%d.xml" % i) for i in range(1, len(sheets) + 1)]
                   + [("rId100", "sharedStrings", "sharedStrings.xml")])
    entries = [("[Content_Types].xml", content_types(
                   [("xl/workbook.xml", CT + "spreadsheetml.sheet.main+xml")] +
                   [(p, CT + "spreadsheetml.worksheet+xml") for p, _ in parts])),
               ("_rels/.rels", rels([("rId1", "officeDocument", "xl/workbook.xml")])),
               ("xl/workbook.xml", wb), ("xl/_rels/workbook.xml.rels", wb_rels),
               ("xl/sharedStrings.xml", sst)] + parts
    write_zip(path, entries)


def make_xlsx(root):
    case = os.path.join(root, "xlsx_customers")
    s = lambda t: ("s", t)
    i = lambda t: ("i", t)
    customers = {
        1: [s("顧客一覧 2021年度")],
        3: [s("顧客番号"), s("氏名"), s("電話番号"), s("メールアドレス"), s("車台番号"), s("備考")],
        4: [s("C-204411"), s("山田 太郎"), 9012345678, i("taro.yamada@mailbox-demo.jp"),
            i(vin("JTDKB20U09327651")), None],
        5: [s("C-204412"), s("佐藤 花子"), 819012345679.0, i("hanako.sato@mailbox-demo.jp"),
            i(vin("JHMCM56557C40445")), s("電話は夕方")],
        6: [s("C-204413"), s("Emily Carter"), i("+61 412 555 019"), i("emily.carter@mailbox-demo.net"),
            None, s("prefers e-mail")],
    }
    summary = {1: [s("Region"), s("Units")], 2: [s("Kanto"), 120], 3: [s("Kansai"), 98]}
    xlsx(os.path.join(case, "input", "customers.xlsx"), [("顧客", customers), ("Summary", summary)])
    # The same workbook under a name that says nothing: chosen by content.
    xlsx(os.path.join(case, "input", "export.dat"), [("List", {
        1: [s("Name"), s("Mobile"), s("Email")],
        2: [s("Grace Wilson"), i("0412 555 203"), i("grace.wilson@mailbox-demo.net")]})])
    write(os.path.join(case, "args"), "customers.xlsx\nexport.dat\n")


# ---- docx ----

def w_p(*runs):
    out = []
    for r in runs:
        if r == "\t":
            out.append("<w:r><w:tab/></w:r>")
        elif r == "\n":
            out.append("<w:r><w:br/></w:r>")
        else:
            out.append('<w:r><w:t xml:space="preserve">%s</w:t></w:r>' % esc(r))
    return "<w:p>%s</w:p>" % "".join(out)


def w_tbl(rows):
    return "<w:tbl>%s</w:tbl>" % "".join(
        "<w:tr>%s</w:tr>" % "".join("<w:tc>%s</w:tc>" % w_p(c) for c in row) for row in rows)


def make_docx(root):
    case = os.path.join(root, "docx_letter")
    body = "".join([
        w_p("リコールのお知らせ"),
        w_p("〒150-0002 東京都渋谷区渋谷2丁目21番1号 ヒカリエ荘 405号室"),
        w_p("鈴木 一郎 様"),
        w_p("お客様のお車（車台番号 ", vin("JTDBR32E62003114"), "）が対象となりました。"),
        w_p("ご連絡先:", "\t", "03-5555-0123", "\n", "メール: ichiro.suzuki@mailbox-demo.jp"),
        w_tbl([["項目", "内容"], ["お客様番号", "M-00012345"], ["登録番号", "品川 300 さ 12-34"],
               ["携帯電話", "080-1234-5678"]]),
        w_p("敬具"),
    ])
    doc = XML_HEAD + '<w:document xmlns:w="%s"><w:body>%s</w:body></w:document>' % (NS_W, body)
    header = XML_HEAD + '<w:hdr xmlns:w="%s">%s</w:hdr>' % (NS_W, w_p("Sample Motors 渋谷店 お客様相談室"))
    foot = (XML_HEAD + '<w:footnotes xmlns:w="%s"><w:footnote w:id="1">%s</w:footnote></w:footnotes>'
            % (NS_W, w_p("担当: 高橋 美咲 (misaki.takahashi@mailbox-demo.jp)")))
    comments = (XML_HEAD + '<w:comments xmlns:w="%s"><w:comment w:id="0" w:author="Reviewer">%s'
                '</w:comment></w:comments>' % (NS_W, w_p("Customer asked to call 090-8765-4321")))
    entries = [("[Content_Types].xml", content_types([("word/document.xml", CT + "wordprocessingml.document.main+xml")])),
               ("_rels/.rels", rels([("rId1", "officeDocument", "word/document.xml")])),
               ("word/document.xml", doc), ("word/header1.xml", header),
               ("word/footnotes.xml", foot), ("word/comments.xml", comments)]
    write_zip(os.path.join(case, "input", "letter.docx"), entries)
    write(os.path.join(case, "args"), "letter.docx\n")

    # Hostile documents: each must get a record with a clear status.
    case = os.path.join(root, "docx_hostile")
    write_zip(os.path.join(case, "input", "whole.docx"), entries)
    with open(os.path.join(case, "input", "whole.docx"), "rb") as f:
        data = f.read()
    write(os.path.join(case, "input", "truncated.docx"), data[: len(data) // 2])
    laughs = ('<?xml version="1.0"?>\n<!DOCTYPE w:document [\n<!ENTITY a "aaaaaaaaaa">\n'
              + "".join('<!ENTITY %s "%s">\n' % (chr(98 + k), ("&%s;" % chr(97 + k)) * 10) for k in range(9))
              + ']>\n<w:document xmlns:w="%s"><w:body><w:p><w:r><w:t>&j;</w:t></w:r></w:p>'
              '%s</w:body></w:document>' % (NS_W, w_p("after the bomb: bomb.victim@mailbox-demo.jp")))
    write_zip(os.path.join(case, "input", "laughs.docx"),
              [("[Content_Types].xml", content_types([])), ("word/document.xml", laughs)])
    write_zip(os.path.join(case, "input", "notxml.docx"),
              [("[Content_Types].xml", content_types([])), ("word/document.xml", "\x00\x01 not xml <<<")])
    os.remove(os.path.join(case, "input", "whole.docx"))
    write(os.path.join(case, "args"), "laughs.docx\nnotxml.docx\ntruncated.docx\n")


# ---- pptx ----

def make_pptx(root):
    case = os.path.join(root, "pptx_slides")

    def sld(tag, paras):
        body = "".join("<a:p>%s</a:p>" % "".join("<a:r><a:t>%s</a:t></a:r>" % esc(t) for t in p) for p in paras)
        return (XML_HEAD + '<p:%s xmlns:a="%s" xmlns:p="%s"><p:cSld><p:spTree><p:sp><p:txBody>%s'
                '</p:txBody></p:sp></p:spTree></p:cSld></p:%s>' % (tag, NS_A, NS_P, body, tag))

    entries = [("[Content_Types].xml", content_types([("ppt/presentation.xml", CT + "presentationml.presentation.main+xml")])),
               ("_rels/.rels", rels([("rId1", "officeDocument", "ppt/presentation.xml")])),
               ("ppt/presentation.xml", XML_HEAD + '<p:presentation xmlns:p="%s"/>' % NS_P),
               ("ppt/slides/slide1.xml", sld("sld", [["Service campaign 2021"], ["Contact: ", "jack.brown@mailbox-demo.net"]])),
               ("ppt/slides/slide2.xml", sld("sld", [["No personal data here"]])),
               ("ppt/notesSlides/notesSlide1.xml", sld("notes", [["Call Olivia Green on 0412 555 877"]])),
               ("ppt/notesSlides/_rels/notesSlide1.xml.rels", rels([("rId1", "slide", "../slides/slide2.xml")]))]
    write_zip(os.path.join(case, "input", "deck.pptx"), entries)
    write(os.path.join(case, "args"), "deck.pptx\n")


# ---- ODF ----

ODF_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
          'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
          'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" office:version="1.2"')


def odf(path, kind, body, styles=None, manifest_extra=""):
    mime = "application/vnd.oasis.opendocument." + kind
    content = XML_HEAD + "<office:document-content %s><office:body>%s</office:body></office:document-content>" % (ODF_NS, body)
    manifest = (XML_HEAD + '<manifest:manifest %s><manifest:file-entry manifest:full-path="/" manifest:media-type="%s"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">%s'
                '</manifest:file-entry></manifest:manifest>' % (ODF_NS, mime, manifest_extra))
    entries = [("mimetype", mime), ("content.xml", content), ("META-INF/manifest.xml", manifest)]
    if styles:
        entries.append(("styles.xml", XML_HEAD + "<office:document-styles %s>%s</office:document-styles>" % (ODF_NS, styles)))
    write_zip(path, entries, stored_first=True)


def cell(v):
    if v is None:
        return "<table:table-cell/>"
    if isinstance(v, int):
        return ('<table:table-cell office:value-type="float" office:value="%d"><text:p>%.2E</text:p>'
                "</table:table-cell>" % (v, v))
    return '<table:table-cell office:value-type="string"><text:p>%s</text:p></table:table-cell>' % esc(v)


def make_odf(root):
    case = os.path.join(root, "odf_documents")
    inp = os.path.join(case, "input")
    rows = [["Member list"], None, ["Member No", "Name", "Phone", "E-mail"],
            ["K-7001", "Liam Walker", 61412555301, "liam.walker@mailbox-demo.net"],
            ["K-7002", "小林 さくら", 819098765432, "sakura.kobayashi@mailbox-demo.jp"]]
    xml_rows = "".join(
        '<table:table-row table:number-rows-repeated="2"><table:table-cell/></table:table-row>' if r is None else
        "<table:table-row>%s<table:table-cell table:number-columns-repeated=\"16380\"/></table:table-row>"
        % "".join(cell(v) for v in r) for r in rows)
    odf(os.path.join(inp, "members.ods"), "spreadsheet",
        '<office:spreadsheet><table:table table:name="Members">%s</table:table></office:spreadsheet>' % xml_rows)
    odf(os.path.join(inp, "memo.odt"), "text",
        "<office:text><text:h>Memo</text:h><text:p>Please call <text:span>Noah Scott</text:span> on"
        "<text:s/>0412 555 644.</text:p><table:table><table:table-row>%s</table:table-row>"
        "<table:table-row>%s</table:table-row></table:table></office:text>"
        % (cell("Customer") + cell("E-mail"), cell("Ava King") + cell("ava.king@mailbox-demo.net")),
        styles='<office:master-styles><style:master-page><style:footer><text:p>Dealer line 03-5555-0188'
               '</text:p></style:footer></style:master-page></office:master-styles>')
    odf(os.path.join(inp, "talk.odp"), "presentation",
        "<office:presentation><draw:page><text:p>Welcome</text:p></draw:page><draw:page>"
        "<text:p>Questions: mia.young@mailbox-demo.net</text:p></draw:page></office:presentation>")
    odf(os.path.join(inp, "secret.odt"), "text", "<office:text><text:p>x</text:p></office:text>",
        manifest_extra='<manifest:encryption-data manifest:checksum-type="SHA1" manifest:checksum="AAAA"/>')
    write(os.path.join(case, "args"), "members.ods\nmemo.odt\nsecret.odt\ntalk.odp\n")


# ---- HTML and XML ----

def make_markup(root):
    case = os.path.join(root, "html_pages")
    inp = os.path.join(case, "input")
    write(os.path.join(inp, "page.html"),
          "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Dealer admin</title>\n"
          "<script>var demo = 'script.only@mailbox-demo.net';</script></head>\n"
          "<body><h1>Search results</h1>\n<table>\n"
          "<tr><th>Customer No</th><th>Name</th><th>Mobile</th><th>E-mail</th></tr>\n"
          "<tr><td>C-300101</td><td>Chloe Hall</td><td>0412 555 720</td><td>chloe.hall@mailbox-demo.net</td></tr>\n"
          "<tr><td>C-300102</td><td>Ethan Lee</td><td>0412 555 721</td><td></td></tr>\n"
          "</table>\n<p>Questions? <a href=\"mailto:support@mailbox-demo.net\">Write to us</a></p>\n"
          "<div class=\"pin\" data-lat=\"35.658581\" data-lon=\"139.745433\">Shop</div>\n"
          "</body></html>\n")
    # A page without any extension: chosen by its content.
    write(os.path.join(inp, "saved_page"),
          "<html><body><p>Owner: Lucas Allen, tel 0412 555 905</p></body></html>\n")
    write(os.path.join(inp, "export.xml"),
          '<?xml version="1.0" encoding="UTF-8"?>\n<customers>\n  <customer>\n'
          "    <customer_id>C-400201</customer_id>\n    <name>Harper Young</name>\n"
          "    <email>harper.young@mailbox-demo.net</email>\n"
          '    <pos lat="-33.868820" lon="151.209296"/>\n  </customer>\n</customers>\n')
    write(os.path.join(inp, "laughs.xml"),
          '<?xml version="1.0"?>\n<!DOCTYPE r [\n<!ENTITY a "aaaaaaaaaa">\n'
          + "".join('<!ENTITY %s "%s">\n' % (chr(98 + k), ("&%s;" % chr(97 + k)) * 10) for k in range(9))
          + "]>\n<r><v>&j;</v><email>victim@mailbox-demo.net</email></r>\n")
    write(os.path.join(case, "args"), "export.xml\nlaughs.xml\npage.html\nsaved_page\n")


def main(argv):
    root = argv[1] if len(argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    make_xlsx(root)
    make_docx(root)
    make_pptx(root)
    make_odf(root)
    make_markup(root)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
