#!/usr/bin/env python3
"""Write the synthetic sample files of samples/.

Python 3 standard library only, and deterministic: the same script writes the
same bytes (fixed seed, fixed timestamps in every archive). Nothing here is a
real person's data: names are built from syllables, numbers are random digits
in valid shapes with valid check digits, and the payment cards are the
issuers' published test numbers.

Usage: make_samples.py [OUT_DIR]   (default: the folder of this script)
"""

import base64
import gzip
import io
import json
import os
import random
import struct
import sys
import tarfile
import zipfile
import zlib

# One seed for everything, so regenerating changes nothing.
SEED = 20240601
# Timestamp written into every archive member (2024-06-01 09:00:00).
FIXED_DATE = (2024, 6, 1, 9, 0, 0)
FIXED_EPOCH = 1717232400

R = random.Random(SEED)

# ---------------------------------------------------------------- people --

# Syllables for Latin-script names; none of the results is meant to be a real person.
LATIN_SYL = ["ka", "ri", "to", "mo", "len", "sa", "vi", "no", "ra", "del", "mi", "ta",
             "bel", "or", "an", "te", "lu", "mar", "si", "do"]
# Single kanji that combine into plausible family and given names.
KANJI_FAMILY = ["森", "川", "田", "中", "山", "本", "小", "林", "松", "井", "村", "原",
                "石", "木", "藤", "岡", "高", "野", "西", "東"]
KANJI_GIVEN = ["花", "子", "太", "郎", "美", "咲", "健", "一", "真", "由", "翔", "陽",
               "菜", "大", "輝", "奈"]
KANA = ["は", "る", "か", "ゆ", "き", "な", "つ", "み", "さ", "と", "し", "こ"]


def latin_word(parts):
    return "".join(R.choice(LATIN_SYL) for _ in range(parts)).capitalize()


def latin_name():
    return "%s %s" % (latin_word(2), latin_word(3))


def jp_name():
    fam = R.choice(KANJI_FAMILY) + R.choice(KANJI_FAMILY)
    given = R.choice(KANJI_GIVEN) + R.choice(KANJI_GIVEN)
    return "%s %s" % (fam, given)


def digits(n):
    return "".join(R.choice("0123456789") for _ in range(n))


def luhn_digit(body):
    """The check digit that makes body + digit pass Luhn."""
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:   # these are doubled once the check digit is appended
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def jp_mobile():
    return "%s-%s-%s" % (R.choice(["090", "080", "070"]), digits(4), digits(4))


def jp_mobile_intl():
    return "+81 %s-%s-%s" % (R.choice(["90", "80"]), digits(4), digits(4))


def au_mobile():
    return "04%s %s %s" % (digits(2), digits(3), digits(3))


# Made-up mail domains (not the reserved example.* ones, which the scanner ignores).
DOMAINS = ["tsubame-post.jp", "hoshikawa-net.jp", "wattlemail.com.au", "kookaburra-isp.net.au"]


def email(name):
    local = name.split()[0].lower()
    if not local.isascii():
        local = latin_word(2).lower()
    return "%s.%s@%s" % (local, digits(2), R.choice(DOMAINS))


# ISO 3779 transliteration and weights for the VIN check digit (position 9).
VIN_VALUES = dict(zip("ABCDEFGHJKLMNPRSTUVWXYZ",
                      [1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 7, 9, 2, 3, 4, 5, 6, 7, 8, 9]))
VIN_WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2]
VIN_CHARS = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"


def vin(wmi):
    body = wmi + "".join(R.choice(VIN_CHARS) for _ in range(14 - len(wmi) + 3))
    body = body[:8] + "0" + body[9:17]
    total = sum((int(c) if c.isdigit() else VIN_VALUES[c]) * w for c, w in zip(body, VIN_WEIGHTS))
    check = total % 11
    return body[:8] + ("X" if check == 10 else str(check)) + body[9:]


def chassis():
    return "%s-%s" % (R.choice(["ZVW30", "NHP10", "ZRR80", "GRS210", "DJ5FS"]), digits(7))


def imei():
    body = R.choice(["35", "86"]) + digits(12)   # 35: BABT, 86: TAF reporting bodies
    return body + luhn_digit(body)


def iccid():
    body = "8981" + digits(14)   # 89 telecom, 81 Japan
    return body + luhn_digit(body)


def mac():
    # First octet: unicast and globally administered (bits 0 and 1 clear), as a device's own MAC is.
    octets = [R.randrange(256) & 0xFC] + [R.randrange(256) for _ in range(5)]
    return ":".join("%02X" % o for o in octets)


def geo():
    return "%.6f,%.6f" % (35.55 + R.random() * 0.2, 139.60 + R.random() * 0.2)


def customer_id():
    return "C-%s" % digits(7)


def jp_address():
    ward = R.choice(["渋谷区神宮前", "世田谷区太子堂", "品川区大井", "中野区中央"])
    return "〒%s-%s 東京都%s%d丁目%d-%d" % (digits(3), digits(4), ward, R.randint(1, 5),
                                      R.randint(1, 30), R.randint(1, 20))


def au_address():
    street = R.choice(["Wattle Street", "Banksia Road", "Gum Tree Avenue", "Ironbark Lane"])
    town = R.choice([("Newtown", "NSW", "2042"), ("Fitzroy", "VIC", "3065"),
                     ("Paddington", "QLD", "4064")])
    return "%d %s, %s %s %s" % (R.randint(2, 180), street, town[0], town[1], town[2])


def plate():
    return "%s %d %s %s-%s" % (R.choice(["品川", "練馬", "横浜", "なにわ"]), R.choice([300, 330, 500, 530]),
                              R.choice("さすせそたちつてとなにぬねのはひふほまみむめもやゆよらりるれろ"),
                              # a four-digit serial never starts with 0 (・642 is written instead)
                              "%d%s" % (R.randint(1, 9), digits(1)), digits(2))


# Published issuer test numbers (Visa, Mastercard, JCB): Luhn-valid, never real accounts.
# Kept as groups so that a scan of samples/ does not report this script itself.
TEST_CARDS = [" ".join(g) for g in (("4111", "1111", "1111", "1111"), ("5555", "5555", "5555", "4444"),
                                    ("3530", "1113", "3330", "0000"))]


def person(jp):
    p = {"name": jp_name() if jp else latin_name(), "customer_id": customer_id()}
    p["email"] = email(latin_name() if jp else p["name"])
    p["phone"] = jp_mobile() if jp else au_mobile()
    p["address"] = jp_address() if jp else au_address()
    p["vin"] = chassis() if jp else vin(R.choice(["JTD", "JHM", "1HG"]))
    p["plate"] = plate()
    return p


PEOPLE_JP = [person(True) for _ in range(4)]
PEOPLE_AU = [person(False) for _ in range(4)]

# ----------------------------------------------------------- containers --


def zip_bytes(entries, compress=zipfile.ZIP_DEFLATED):
    """entries: [(name, bytes)] -> a zip with fixed timestamps."""
    bio = io.BytesIO()
    with zipfile.ZipFile(bio, "w") as z:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=FIXED_DATE)
            info.compress_type = zipfile.ZIP_STORED if name == "mimetype" else compress
            info.external_attr = 0o644 << 16
            z.writestr(info, data)
    return bio.getvalue()


def gzip_bytes(data):
    return gzip.compress(data, compresslevel=9, mtime=0)


def tar_gz_bytes(entries):
    bio = io.BytesIO()
    with tarfile.open(fileobj=bio, mode="w", format=tarfile.USTAR_FORMAT) as t:
        for name, data in entries:
            ti = tarfile.TarInfo(name)
            ti.size = len(data)
            ti.mtime = FIXED_EPOCH
            ti.mode = 0o644
            t.addfile(ti, io.BytesIO(data))
    return gzip_bytes(bio.getvalue())


# Traditional PKWARE encryption (APPNOTE 6.1): three keys stepped with CRC-32.
CRC_TABLE = []
for _n in range(256):
    _c = _n
    for _ in range(8):
        _c = (_c >> 1) ^ 0xEDB88320 if _c & 1 else _c >> 1
    CRC_TABLE.append(_c)


def zipcrypto(data, password, crc):
    keys = [0x12345678, 0x23456789, 0x34567890]

    def update(b):
        keys[0] = CRC_TABLE[(keys[0] ^ b) & 0xFF] ^ (keys[0] >> 8)
        keys[1] = ((keys[1] + (keys[0] & 0xFF)) * 134775813 + 1) & 0xFFFFFFFF
        keys[2] = CRC_TABLE[(keys[2] ^ (keys[1] >> 24)) & 0xFF] ^ (keys[2] >> 8)

    def stream_byte():
        t = (keys[2] | 2) & 0xFFFF
        return ((t * (t ^ 1)) >> 8) & 0xFF

    for b in password:
        update(b)
    # 12-byte header; its last byte is the CRC's high byte (the password check).
    header = bytes(R.randrange(256) for _ in range(11)) + bytes([crc >> 24])
    out = bytearray()
    for b in header + data:
        out.append(b ^ stream_byte())
        update(b)
    return bytes(out)


def zip_with_encrypted(entries):
    """entries: [(name, bytes, password or None)], stored (no compression),
    written by hand because zipfile cannot encrypt."""
    local = bytearray()
    central = bytearray()
    dos_time = (FIXED_DATE[3] << 11) | (FIXED_DATE[4] << 5) | (FIXED_DATE[5] // 2)
    dos_date = ((FIXED_DATE[0] - 1980) << 9) | (FIXED_DATE[1] << 5) | FIXED_DATE[2]
    for name, data, password in entries:
        crc = zlib.crc32(data)
        flags = 1 if password else 0
        body = zipcrypto(data, password, crc) if password else data
        nb = name.encode()
        off = len(local)
        local += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, flags, 0, dos_time, dos_date,
                             crc, len(body), len(data), len(nb), 0) + nb + body
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, flags, 0, dos_time,
                               dos_date, crc, len(body), len(data), len(nb), 0, 0, 0, 0,
                               0o644 << 16, off) + nb
    eocd = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(central),
                       len(local), 0)
    return bytes(local + central + eocd)


# ------------------------------------------------------------- documents --

def xml_escape(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


CT_HEAD = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
           '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
           '<Default Extension="xml" ContentType="application/xml"/>')
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def rels(items):
    body = "".join('<Relationship Id="rId%d" Type="%s/%s" Target="%s"/>' % (i + 1, OFFICE_REL, t, tgt)
                   for i, (t, tgt) in enumerate(items))
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="%s">%s</Relationships>' % (REL_NS, body)).encode()


def col_letter(i):
    return "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[i]


def xlsx(rows):
    strings = []
    index = {}

    def sst(s):
        if s not in index:
            index[s] = len(strings)
            strings.append(s)
        return index[s]

    sheet_rows = []
    for r, row in enumerate(rows, 1):
        cells = "".join('<c r="%s%d" t="s"><v>%d</v></c>' % (col_letter(c), r, sst(v))
                        for c, v in enumerate(row))
        sheet_rows.append('<row r="%d">%s</row>' % (r, cells))
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    sheet = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             '<worksheet xmlns="%s"><sheetData>%s</sheetData></worksheet>' % (ns, "".join(sheet_rows)))
    shared = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              '<sst xmlns="%s" count="%d" uniqueCount="%d">%s</sst>'
              % (ns, len(strings), len(strings),
                 "".join("<si><t>%s</t></si>" % xml_escape(s) for s in strings)))
    workbook = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<workbook xmlns="%s" xmlns:r="%s"><sheets><sheet name="Customers" sheetId="1" '
                'r:id="rId1"/></sheets></workbook>' % (ns, OFFICE_REL))
    ct = CT_HEAD + (
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        '</Types>')
    return zip_bytes([
        ("[Content_Types].xml", ct.encode()),
        ("_rels/.rels", rels([("officeDocument", "xl/workbook.xml")])),
        ("xl/workbook.xml", workbook.encode()),
        ("xl/_rels/workbook.xml.rels", rels([("worksheet", "worksheets/sheet1.xml"),
                                             ("sharedStrings", "sharedStrings.xml")])),
        ("xl/worksheets/sheet1.xml", sheet.encode()),
        ("xl/sharedStrings.xml", shared.encode()),
    ])


def docx(paragraphs):
    ns = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    body = "".join('<w:p><w:r><w:t xml:space="preserve">%s</w:t></w:r></w:p>' % xml_escape(p)
                   for p in paragraphs)
    doc = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<w:document xmlns:w="%s"><w:body>%s</w:body></w:document>' % (ns, body))
    ct = CT_HEAD + ('<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
                    'officedocument.wordprocessingml.document.main+xml"/></Types>')
    return zip_bytes([
        ("[Content_Types].xml", ct.encode()),
        ("_rels/.rels", rels([("officeDocument", "word/document.xml")])),
        ("word/document.xml", doc.encode()),
    ])


def pptx(slides):
    p_ns = "http://schemas.openxmlformats.org/presentationml/2006/main"
    a_ns = "http://schemas.openxmlformats.org/drawingml/2006/main"
    parts = []
    ids = "".join('<p:sldId id="%d" r:id="rId%d"/>' % (256 + i, i + 1) for i in range(len(slides)))
    pres = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<p:presentation xmlns:p="%s" xmlns:r="%s"><p:sldIdLst>%s</p:sldIdLst></p:presentation>'
            % (p_ns, OFFICE_REL, ids))
    ct = CT_HEAD + ('<Override PartName="/ppt/presentation.xml" ContentType="application/vnd.openxmlformats-'
                    'officedocument.presentationml.presentation.main+xml"/>')
    for i, lines in enumerate(slides, 1):
        paras = "".join("<a:p><a:r><a:t>%s</a:t></a:r></a:p>" % xml_escape(t) for t in lines)
        slide = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                 '<p:sld xmlns:p="%s" xmlns:a="%s"><p:cSld><p:spTree><p:sp><p:txBody>%s'
                 '</p:txBody></p:sp></p:spTree></p:cSld></p:sld>' % (p_ns, a_ns, paras))
        parts.append(("ppt/slides/slide%d.xml" % i, slide.encode()))
        ct += ('<Override PartName="/ppt/slides/slide%d.xml" ContentType="application/vnd.openxmlformats-'
               'officedocument.presentationml.slide+xml"/>' % i)
    ct += "</Types>"
    return zip_bytes([
        ("[Content_Types].xml", ct.encode()),
        ("_rels/.rels", rels([("officeDocument", "ppt/presentation.xml")])),
        ("ppt/presentation.xml", pres.encode()),
        ("ppt/_rels/presentation.xml.rels",
         rels([("slide", "slides/slide%d.xml" % i) for i in range(1, len(slides) + 1)])),
    ] + parts)


ODF_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"')


def odf(mimetype, body):
    content = ('<?xml version="1.0" encoding="UTF-8"?>\n'
               '<office:document-content %s office:version="1.2"><office:body>%s</office:body>'
               '</office:document-content>' % (ODF_NS, body))
    manifest = ('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
                'manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
                'manifest:media-type="%s"/><manifest:file-entry manifest:full-path="content.xml" '
                'manifest:media-type="text/xml"/></manifest:manifest>' % mimetype)
    return zip_bytes([("mimetype", mimetype.encode()),
                      ("META-INF/manifest.xml", manifest.encode()),
                      ("content.xml", content.encode())])


def ods(rows):
    trs = "".join("<table:table-row>%s</table:table-row>" % "".join(
        "<table:table-cell office:value-type=\"string\"><text:p>%s</text:p></table:table-cell>"
        % xml_escape(v) for v in row) for row in rows)
    return odf("application/vnd.oasis.opendocument.spreadsheet",
               '<office:spreadsheet><table:table table:name="Roster">%s</table:table>'
               '</office:spreadsheet>' % trs)


def odt(paragraphs):
    return odf("application/vnd.oasis.opendocument.text",
               "<office:text>%s</office:text>" % "".join("<text:p>%s</text:p>" % xml_escape(p)
                                                         for p in paragraphs))


def pdf(lines):
    """A one-page PDF: every line in a Type0 font whose ToUnicode CMap maps
    two-byte codes to the characters used, content stream Flate-compressed."""
    chars = sorted(set("".join(lines)))
    code = {ch: i + 1 for i, ch in enumerate(chars)}   # code 0 left unused
    ops = ["BT", "/F1 11 Tf", "14 TL", "50 780 Td"]
    for ln in lines:
        ops.append("<%s> Tj T*" % "".join("%04X" % code[ch] for ch in ln))
    ops.append("ET")
    content = zlib.compress("\n".join(ops).encode(), 9)
    bfchar = "\n".join("<%04X> <%s>" % (code[ch], ch.encode("utf-16-be").hex().upper())
                       for ch in chars)
    cmap = ("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
            "/CMapName /Sample-UCS def\n/CMapType 2 def\n"
            "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
            "%d beginbfchar\n%s\nendbfchar\nendcmap\nCMapName currentdict /CMap defineresource pop\n"
            "end\nend\n" % (len(chars), bfchar)).encode()
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /SampleGothic /Encoding /Identity-H "
        b"/DescendantFonts [6 0 R] /ToUnicode 7 0 R >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SampleGothic "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> >>",
        b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"endstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


# Compound File Binary (MS-CFB, version 3): 512-byte sectors.
CFB_FREE, CFB_END, CFB_FAT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
CFB_NOSTREAM = 0xFFFFFFFF
# Streams below this size would live in the mini stream; ours are padded past it.
CFB_MINI_CUTOFF = 4096


def cfb(stream_name, data):
    """A compound file holding one stream in regular sectors (no mini stream)."""
    if len(data) < CFB_MINI_CUTOFF:
        data += b"\0" * (CFB_MINI_CUTOFF - len(data))
    nsec = (len(data) + 511) // 512
    data += b"\0" * (nsec * 512 - len(data))
    # Sector 0: FAT; sector 1: directory; sectors 2..: the stream.
    fat = [CFB_FAT, CFB_END] + [3 + i for i in range(nsec - 1)] + [CFB_END]
    fat += [CFB_FREE] * (128 - len(fat))

    def dirent(name, typ, child, start, size):
        n = name.encode("utf-16-le") + b"\0\0"
        return (n.ljust(64, b"\0") + struct.pack("<HBBIII", len(n), typ, 1, CFB_NOSTREAM,
                                                 CFB_NOSTREAM, child)
                + b"\0" * 16 + struct.pack("<I", 0) + b"\0" * 16 + struct.pack("<IQ", start, size))

    dirs = (dirent("Root Entry", 5, 1, CFB_END, 0) + dirent(stream_name, 2, CFB_NOSTREAM, 2, len(data)))
    # Two unused entries fill the directory sector (four 128-byte entries).
    dirs += (b"\0" * 64 + struct.pack("<HBBIII", 0, 0, 0, CFB_NOSTREAM, CFB_NOSTREAM, CFB_NOSTREAM)
             + b"\0" * 48) * 2
    header = (bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 16
              + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
              + struct.pack("<IIIIIIIII", 0, 1, 1, 0, CFB_MINI_CUTOFF, CFB_END, 0, CFB_END, 0)
              + struct.pack("<I", 0) + struct.pack("<I", CFB_FREE) * 108)
    return header + struct.pack("<128I", *fat) + dirs + data


def biff(rtype, payload):
    return struct.pack("<HH", rtype, len(payload)) + payload


def xls(rows):
    """BIFF8 workbook: globals (BOF, BOUNDSHEET, SST, EOF) and one sheet of LABELSST cells."""
    strings = []
    for row in rows:
        for v in row:
            if v not in strings:
                strings.append(v)

    def xlstr(s):   # unformatted unicode string: char count, flags 1 (UTF-16LE)
        return struct.pack("<HB", len(s), 1) + s.encode("utf-16-le")

    bof_globals = biff(0x0809, struct.pack("<HHHHII", 0x0600, 0x0005, 0, 0, 0, 0))
    sst = biff(0x00FC, struct.pack("<II", len(strings), len(strings)) + b"".join(xlstr(s) for s in strings))
    eof = biff(0x000A, b"")
    name = "Customers"

    def boundsheet(off):
        return biff(0x0085, struct.pack("<IBB", off, 0, 0) + struct.pack("<BB", len(name), 0)
                    + name.encode("latin-1"))

    globals_len = len(bof_globals) + len(boundsheet(0)) + len(sst) + len(eof)
    sheet = biff(0x0809, struct.pack("<HHHHII", 0x0600, 0x0010, 0, 0, 0, 0))
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            sheet += biff(0x00FD, struct.pack("<HHHI", r, c, 0x0F, strings.index(v)))
    sheet += eof
    return cfb("Workbook", bof_globals + boundsheet(globals_len) + sst + eof + sheet)


# --------------------------------------------------------------- samples --

def sample_files():
    jp, au = PEOPLE_JP, PEOPLE_AU
    files = {}

    # CSV, UTF-8: an English export with a customer_id column and card numbers.
    rows = ["customer_id,name,email,phone,address,card_number"]
    for p, card in zip(au, TEST_CARDS + [TEST_CARDS[0]]):
        rows.append('%s,%s,%s,%s,"%s",%s' % (p["customer_id"], p["name"], p["email"], p["phone"],
                                            p["address"], card))
    files["customers.csv"] = ("\n".join(rows) + "\n").encode()

    # CSV, Shift_JIS (CP932) with a Japanese header row.
    rows = ["顧客番号,氏名,電話番号,メールアドレス,住所,車台番号,登録番号"]
    for p in jp:
        rows.append(",".join([p["customer_id"], p["name"], p["phone"], p["email"], p["address"],
                              p["vin"], p["plate"]]))
    files["customers_sjis.csv"] = ("\r\n".join(rows) + "\r\n").encode("cp932")

    # UTF-16LE tab-separated "Unicode text", as Excel saves it (BOM, CRLF).
    rows = ["Name\tMobile\tEmail\tStreet address"]
    for p in au:
        rows.append("\t".join([p["name"], p["phone"], p["email"], p["address"]]))
    files["contacts_unicode.txt"] = b"\xff\xfe" + ("\r\n".join(rows) + "\r\n").encode("utf-16-le")

    # JSON: orders with nested customer objects.
    orders = []
    for i, p in enumerate(jp[:2] + au[:2]):
        orders.append({"order": "ORD-%05d" % (1000 + i),
                       "customer": {"customer_id": p["customer_id"], "name": p["name"],
                                    "email": p["email"], "phone": p["phone"]},
                       "vehicle": {"vin": p["vin"], "plate": p["plate"]}})
    files["orders.json"] = (json.dumps({"orders": orders}, ensure_ascii=False, indent=2) + "\n").encode()

    # Log with key=value pairs: telematics uplinks.
    log = []
    for i, p in enumerate(jp + au):
        lat, lon = geo().split(",")
        log.append("2024-06-01T09:%02d:%02dZ level=info event=uplink vin=%s imei=%s lat=%s lon=%s "
                   "mac=%s" % (i, i * 7 % 60, p["vin"], imei(), lat, lon, mac()))
    files["telematics.log"] = ("\n".join(log) + "\n").encode()

    # SQL dump.
    sql = ["-- synthetic dump", "CREATE TABLE customers (id INTEGER, customer_no TEXT, full_name TEXT, "
           "email TEXT, phone TEXT, vin TEXT);"]
    for i, p in enumerate(au):
        sql.append("INSERT INTO customers (id, customer_no, full_name, email, phone, vin) VALUES "
                   "(%d, '%s', '%s', '%s', '%s', '%s');" % (i + 1, p["customer_id"], p["name"],
                                                          p["email"], p["phone"], p["vin"]))
    files["crm_dump.sql"] = ("\n".join(sql) + "\n").encode()

    # E-mail with a base64 body and an attachment.
    a, b = jp[0], jp[1]
    body = ("%s 様\n\nいつもご利用ありがとうございます。\nご登録の携帯電話 %s と\n"
            "ご住所 %s を確認いたしました。\n車両 %s（%s）の点検予約を承りました。\n"
            % (a["name"], a["phone"], a["address"], a["plate"], a["vin"]))
    attach = ("顧客番号,氏名,電話番号\n%s,%s,%s\n" % (b["customer_id"], b["name"], b["phone"])).encode()
    eml = ("From: %s <%s>\r\nTo: service@tsubame-post.jp\r\nSubject: =?UTF-8?B?%s?=\r\n"
           "Date: Sat, 01 Jun 2024 09:00:00 +0900\r\nMessage-ID: <sample-1@tsubame-post.jp>\r\n"
           "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"SAMPLE-BOUNDARY\"\r\n\r\n"
           "--SAMPLE-BOUNDARY\r\nContent-Type: text/plain; charset=UTF-8\r\n"
           "Content-Transfer-Encoding: base64\r\n\r\n%s\r\n"
           "--SAMPLE-BOUNDARY\r\nContent-Type: text/csv; name=\"customer.csv\"\r\n"
           "Content-Disposition: attachment; filename=\"customer.csv\"\r\n"
           "Content-Transfer-Encoding: base64\r\n\r\n%s\r\n--SAMPLE-BOUNDARY--\r\n"
           % ("Karito Delmosa", "karito.delmosa" + "@" + DOMAINS[2],
              base64.b64encode("点検予約".encode()).decode(),
              base64.encodebytes(body.encode()).decode().replace("\n", "\r\n").rstrip(),
              base64.encodebytes(attach).decode().replace("\n", "\r\n").rstrip()))
    files["inquiry.eml"] = eml.encode()

    # mbox with two plain messages.
    msgs = []
    for i, p in enumerate(au[:2]):
        msgs.append("From %s Sat Jun  1 09:0%d:00 2024\nFrom: %s <%s>\nTo: bookings@wattlemail.com.au\n"
                    "Subject: Service booking\nDate: Sat, 01 Jun 2024 09:0%d:00 +1000\n\n"
                    "Hi, please call me on %s.\nThe car is at %s.\nRegards,\n%s\n"
                    % (p["email"], i, p["name"], p["email"], i, p["phone"], p["address"], p["name"]))
    files["bookings.mbox"] = "\n".join(msgs).encode()

    # HTML table.
    trs = "".join("<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>\n"
                  % (p["name"], p["phone"], p["email"], p["plate"]) for p in jp)
    files["service_history.html"] = (
        "<!DOCTYPE html>\n<html lang=\"ja\"><head><meta charset=\"utf-8\"><title>整備履歴</title></head>\n"
        "<body><h1>整備履歴</h1>\n<table>\n<tr><th>氏名</th><th>電話番号</th><th>メール</th>"
        "<th>登録番号</th></tr>\n%s</table></body></html>\n" % trs).encode()

    # XML: fleet records with a nested position.
    items = []
    for p in au[:3]:
        lat, lon = geo().split(",")
        items.append("  <vehicle>\n    <vin>%s</vin>\n    <owner>%s</owner>\n    <iccid>%s</iccid>\n"
                     "    <position lat=\"%s\" lon=\"%s\"/>\n  </vehicle>\n"
                     % (p["vin"], xml_escape(p["name"]), iccid(), lat, lon))
    files["fleet.xml"] = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<fleet>\n%s</fleet>\n"
                          % "".join(items)).encode()

    # Office Open XML.
    files["customers.xlsx"] = xlsx([["Customer ID", "Name", "Email", "Mobile"]]
                                   + [[p["customer_id"], p["name"], p["email"], p["phone"]] for p in au])
    files["letter.docx"] = docx(["Dear %s," % au[2]["name"],
                                 "Your vehicle %s is ready for collection." % au[2]["vin"],
                                 "We will call you on %s or write to %s." % (au[2]["phone"], au[2]["address"]),
                                 "Kind regards,", "Service team"])
    files["briefing.pptx"] = pptx([["Escalation review"],
                                   ["Customer: %s" % jp[2]["name"], "Phone: %s" % jp_mobile_intl(),
                                    "Email: %s" % jp[2]["email"]]])

    # OpenDocument.
    files["roster.ods"] = ods([["氏名", "電話番号", "メール"]]
                              + [[p["name"], p["phone"], p["email"]] for p in jp[:3]])
    files["memo.odt"] = odt(["お客様 %s 様より入電。" % jp[3]["name"],
                             "連絡先: %s" % jp[3]["phone"], "住所: %s" % jp[3]["address"]])

    # PDF with Japanese text through a ToUnicode CMap.
    files["invoice.pdf"] = pdf(["請求書", "お客様: %s 様" % jp[1]["name"], "ご住所: %s" % jp[1]["address"],
                                "電話: %s" % jp[1]["phone"], "車台番号: %s" % jp[1]["vin"],
                                "お支払いカード: %s" % TEST_CARDS[2]])

    # Archives: a zip holding a zip, a tar.gz, a gzip'd log.
    inner = zip_bytes([("contacts.csv", files["customers.csv"])])
    files["bundle.zip"] = zip_bytes([("readme.txt", b"Quarterly export.\n"),
                                     ("2024/inner.zip", inner),
                                     ("2024/orders.json", files["orders.json"])])
    files["exports.tar.gz"] = tar_gz_bytes([("exports/fleet.xml", files["fleet.xml"]),
                                            ("exports/notes.txt",
                                             ("Owner %s, mobile %s\n" % (au[3]["name"], au[3]["phone"])).encode())])
    files["uplink.log.gz"] = gzip_bytes(files["telematics.log"])

    # Binary with UTF-16LE (and 8-bit) strings between noise.
    blob = bytearray(b"SDB\x00\x01\x00\x00\x00")
    for p in jp[:2]:
        blob += bytes(R.randrange(256) for _ in range(96))
        blob += b"\x00\x00" + ("owner=%s;tel=%s" % (p["name"], p["phone"])).encode("utf-16-le") + b"\x00\x00"
        blob += bytes(R.randrange(256) for _ in range(64))
        blob += b"\x00" + ("imei=%s" % imei()).encode() + b"\x00"
    files["device_store.bin"] = bytes(blob)

    # Legacy Excel 97-2003 (BIFF8 in a compound file).
    files["legacy.xls"] = xls([["顧客番号", "氏名", "電話番号"]]
                              + [[p["customer_id"], p["name"], p["phone"]] for p in jp[:2]])

    # A zip with one encrypted member (password "sample") beside a plain one.
    files["protected.zip"] = zip_with_encrypted([
        ("readme.txt", b"The customer list is encrypted.\n", None),
        ("customers.csv", files["customers.csv"], b"sample")])

    # Clean: decoys only, nothing here is personal data.
    files["clean_release_notes.txt"] = (
        "Release 2.14.3 (build 20240601.1742)\n"
        "Support: support@example.com, docs at https://docs.example.org/v2/\n"
        "Fixed order ORD-20240115-0042 totals; invoice INV-2024-000981 reprinted.\n"
        "Server 192.168.10.24 port 8443; checksum 9f86d081884c7d65.\n"
        "Part number 90915-YZZD2, ISBN 978-4-00-310101-8, SKU 49012345" "67894.\n"
        "Version pin pkg@1.2.3, icon@2x.png and icons.\n").encode()
    return files


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    os.makedirs(out, exist_ok=True)
    for name, data in sorted(sample_files().items()):
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
