#!/usr/bin/env python3
"""Deterministic generator of a synthetic file share for the exposcan benchmark.

Flavours:
  text   half Japanese prose (.txt/.md), the rest logs, CSV, JSON, SQL, e-mail;
  mixed  the same kinds, with about a third of the content inside .zip and .gz
         files, plus xlsx/docx (minimal valid OOXML written with zipfile);
  ooxml  only xlsx and docx (for XML throughput).

Everything is synthetic: names are built from a few syllables, phone numbers
have the 090-xxxx-xxxx shape, VINs carry a valid ISO 3779 check digit, IMEIs
and card numbers a valid Luhn digit; decoys (part numbers failing the VIN
check, 15-digit numbers failing Luhn, versions, UUIDs, order numbers) sit
next to them. The same --seed always gives the same bytes.

Output: bench/corpus/<flavour>-<size>/ and a manifest
bench/corpus/<flavour>-<size>.json with the uncompressed content byte total
(for xlsx/docx: the uncompressed XML parts), the on-disk total and counts.

Python 3 standard library only.
"""
import argparse
import gzip
import io
import json
import os
import random
import sys
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
# A fixed zip timestamp, so that archives are byte-identical between runs.
ZIP_DATE = (2021, 4, 1, 9, 0, 0)

# ---------------------------------------------------------------- values

KANJI_SURNAME_PARTS = "山田川中村木本井野沢原松森石小大高藤谷島岡橋崎田上下西東北南"
KANJI_GIVEN = ["太郎", "次郎", "一郎", "健", "翔", "陽子", "恵", "美穂", "直樹", "和也", "優", "彩",
               "真一", "裕子", "浩二", "千尋", "亮", "奈々", "拓海", "結衣"]
KANA_SYL = "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわ"
LATIN_SYL = ["ka", "ri", "to", "ne", "mo", "sa", "lu", "ven", "dor", "mi", "an", "el", "rus", "ta",
             "bel", "no", "ki", "ra", "son", "la"]
PREFS = ["東京都", "神奈川県", "大阪府", "愛知県", "埼玉県", "千葉県", "兵庫県", "福岡県", "北海道", "静岡県"]
CITY_PARTS = "北南東西中新大小高若青緑桜松竹梅花"
# Real region names issued on JP plates (the plate detector checks them).
PLATE_REGIONS = ["品川", "練馬", "足立", "横浜", "名古屋", "なにわ", "大阪", "神戸", "福岡", "札幌",
                 "相模", "多摩", "春日部", "千葉"]
PLATE_KANA = "あいうえかきくけこさすせそたちつてとなにぬねのはひふほまみむめもやゆよらりるれろわ"
# Made-up domains from the same syllables; reserved example.* domains appear as
# decoys only (a scanner rightly ignores them).
MAIL_DOMAINS = ["karimo.jp", "tonesa.co.jp", "mail.luvendor.com", "kiraso.ne.jp", "belmita.net",
                "example.jp", "example.com"]

VIN_VALUES = {c: i for i, c in enumerate("0123456789")}
VIN_VALUES.update(dict(zip("ABCDEFGH", range(1, 9))))
VIN_VALUES.update(dict(zip("JKLMN", range(1, 6))))
VIN_VALUES.update({"P": 7, "R": 9})
VIN_VALUES.update(dict(zip("STUVWXYZ", range(2, 10))))
VIN_WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2]
VIN_CHARS = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
WMIS = ["JTD", "JHM", "JN1", "JF1", "JM1", "WVW", "WBA", "1HG", "5YJ", "KMH"]


def vin_check(v):
    s = sum(VIN_VALUES[c] * w for c, w in zip(v, VIN_WEIGHTS)) % 11
    return "X" if s == 10 else str(s)


def make_vin(r, valid=True):
    body = r.choice(WMIS) + "".join(r.choice(VIN_CHARS) for _ in range(14))
    v = body[:8] + "0" + body[9:]
    c = vin_check(v)
    if not valid:   # a part number with the shape but a wrong check digit
        c = r.choice([d for d in "0123456789X" if d != c])
    return v[:8] + c + v[9:]


def luhn_digit(digits):
    total = 0
    for i, d in enumerate(reversed(digits)):
        n = int(d)
        if i % 2 == 0:   # doubled positions, counted from the check digit's left
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return str((10 - total % 10) % 10)


def digits(r, n):
    return "".join(r.choice("0123456789") for _ in range(n))


def make_imei(r, valid=True):
    body = "35" + digits(r, 12)
    c = luhn_digit(body)
    if not valid:
        c = str((int(c) + r.randint(1, 9)) % 10)
    return body + c


def make_card(r, valid=True):
    body = r.choice(["4", "51", "52", "53", "37"])
    body += digits(r, 15 - len(body))
    c = luhn_digit(body)
    if not valid:
        c = str((int(c) + r.randint(1, 9)) % 10)
    s = body + c
    sep = r.choice([" ", "-", ""])
    return sep.join(s[i:i + 4] for i in range(0, 16, 4))


def kanji_name(r):
    return r.choice(KANJI_SURNAME_PARTS) + r.choice(KANJI_SURNAME_PARTS) + " " + r.choice(KANJI_GIVEN)


def kana_name(r):
    return "".join(r.choice(KANA_SYL) for _ in range(r.randint(2, 4))) + " " + \
        "".join(r.choice(KANA_SYL) for _ in range(r.randint(2, 3)))


def latin_name(r):
    def part(k):
        return "".join(r.choice(LATIN_SYL) for _ in range(k)).capitalize()
    return part(r.randint(2, 3)) + " " + part(r.randint(2, 3))


def email(r):
    local = "".join(r.choice(LATIN_SYL) for _ in range(r.randint(2, 3)))
    local += r.choice(["", ".", "_"]) + r.choice(LATIN_SYL) + r.choice(["", digits(r, 2)])
    return local + "@" + r.choice(MAIL_DOMAINS)


def phone(r):
    k = r.random()
    if k < 0.6:
        return r.choice(["090", "080", "070"]) + "-" + digits(r, 4) + "-" + digits(r, 4)
    if k < 0.8:
        return r.choice(["03", "06"]) + "-" + digits(r, 4) + "-" + digits(r, 4)
    return "0" + str(r.randint(11, 99)) + str(r.randint(1, 9)) + "-" + digits(r, 2) + "-" + digits(r, 4)


def postcode(r):
    return "〒" + digits(r, 3) + "-" + digits(r, 4)


def address(r):
    city = r.choice(CITY_PARTS) + r.choice(CITY_PARTS) + r.choice(["市", "区", "町"])
    return (postcode(r) + " " + r.choice(PREFS) + city + r.choice(CITY_PARTS) + "町"
            + str(r.randint(1, 5)) + "丁目" + str(r.randint(1, 30)) + "-" + str(r.randint(1, 20)))


def plate(r):
    return "%s %d %s %d-%02d" % (r.choice(PLATE_REGIONS), r.randint(300, 599), r.choice(PLATE_KANA),
                                 r.randint(1, 99), r.randint(0, 99))


def geo(r):
    return "%.6f, %.6f" % (r.uniform(31.0, 43.0), r.uniform(130.0, 145.0))


def uuid(r):
    h = "%032x" % r.getrandbits(128)
    return "%s-%s-%s-%s-%s" % (h[:8], h[8:12], h[12:16], h[16:20], h[20:])


def decoy(r):
    """A look-alike that is not personal data."""
    k = r.randrange(8)
    if k == 0:
        return make_vin(r, valid=False)
    if k == 1:
        return make_imei(r, valid=False)
    if k == 2:
        return "%d.%d.%d.%d" % (r.randint(1, 12), r.randint(0, 40), r.randint(0, 9), r.randint(0, 300))
    if k == 3:
        return uuid(r)
    if k == 4:
        return "ORD-%d-%s" % (r.randint(2015, 2024), digits(r, 6))
    if k == 5:
        return "****-****-****-" + digits(r, 4)
    if k == 6:
        return "%040x" % r.getrandbits(160)
    return "¥%d,%03d" % (r.randint(1, 999), r.randint(0, 999))


def some_value(r):
    k = r.randrange(10)
    return [kanji_name, phone, email, address, lambda q: make_vin(q), lambda q: make_imei(q),
            plate, geo, lambda q: make_card(q), kana_name][k](r)


# ---------------------------------------------------------------- prose

JA_WORDS = ["本日", "お客様", "車両", "点検", "整備", "部品", "交換", "予定", "確認", "ご連絡",
            "納車", "見積", "保証", "対応", "作業", "完了", "報告", "担当", "店舗", "サービス",
            "オイル", "タイヤ", "バッテリー", "ブレーキ", "エンジン", "ナビ", "リコール", "キャンペーン",
            "予約", "来店", "試乗", "契約", "請求", "支払い", "入庫", "出庫", "在庫", "発注",
            "について", "に関して", "の件", "により", "のため", "として", "および", "ならびに",
            "いたします", "しました", "しております", "お願いします", "ございます", "ください",
            "今月", "来週", "前回", "次回", "定期", "法定", "一年", "六か月", "走行距離", "異音",
            "不具合", "修理", "調整", "清掃", "診断", "結果", "問題", "なし", "あり", "要交換"]
JA_PUNCT = ["、", "、", "。", "は", "を", "に", "が", "で", "の", "と", "も"]
EN_WORDS = ["service", "request", "vehicle", "update", "order", "status", "processed", "queue",
            "worker", "cache", "timeout", "retry", "session", "upload", "sync", "batch", "ok"]


def ja_sentence(r):
    out = []
    for _ in range(r.randint(6, 16)):
        out.append(r.choice(JA_WORDS))
        if r.random() < 0.5:
            out.append(r.choice(JA_PUNCT))
    return "".join(out) + "。"


class Pool:
    """Pre-generated lines sampled per file, so 1 GB takes seconds, not minutes."""

    def __init__(self, r):
        self.ja = [ja_sentence(r) + (ja_sentence(r) if r.random() < 0.5 else "") for _ in range(20000)]


# ---------------------------------------------------------------- files

def ja_doc(r, pool, size):
    out, n = [], 0
    out.append("# " + r.choice(JA_WORDS) + r.choice(JA_WORDS) + "報告書\n\n")
    while n < size:
        line = r.choice(pool.ja)
        x = r.random()
        if x < 0.03:   # a value in the prose: most lines have none
            line += "担当:" + kanji_name(r) + " 連絡先:" + phone(r) + "\n"
        elif x < 0.04:
            line += "住所:" + address(r) + "\n"
        elif x < 0.05:
            line += "車台番号 " + make_vin(r) + " 登録 " + plate(r) + "\n"
        elif x < 0.06:
            line += "部品番号 " + decoy(r) + "\n"
        else:
            line += "\n"
        out.append(line)
        n += len(line.encode())
    return "".join(out)


def log_doc(r, pool, size):
    out, n = [], 0
    t = r.randint(0, 86400 * 300)
    while n < size:
        t += r.randint(0, 5)
        d, s = divmod(t, 86400)
        ts = "2023-%02d-%02dT%02d:%02d:%02d.%03dZ" % (1 + d // 28 % 12, 1 + d % 28, s // 3600,
                                                       s // 60 % 60, s % 60, r.randrange(1000))
        lvl = r.choice(["INFO", "INFO", "INFO", "DEBUG", "WARN", "ERROR"])
        msg = " ".join(r.choice(EN_WORDS) for _ in range(r.randint(3, 8)))
        x = r.random()
        if x < 0.02:
            msg += " imei=%s pos=%s" % (make_imei(r), geo(r).replace(", ", ","))
        elif x < 0.03:
            msg += " user=%s" % email(r)
        elif x < 0.08:
            msg += " ref=%s" % decoy(r)
        line = "%s %s [%s] req=%s %s\n" % (ts, lvl, r.choice(["api", "sync", "tcu", "batch"]),
                                          uuid(r)[:8], msg)
        out.append(line)
        n += len(line)
    return "".join(out)


def csv_doc(r, pool, size):
    out, n = [], 0
    if r.random() < 0.6:   # a customer export
        out.append("顧客ID,氏名,フリガナ,電話番号,メール,住所,車台番号,登録番号,備考\n")
        while n < size:
            line = "C%07d,%s,%s,%s,%s,%s,%s,%s,%s\n" % (
                r.randrange(10 ** 7), kanji_name(r), kana_name(r), phone(r), email(r),
                address(r), make_vin(r), plate(r), r.choice(pool.ja)[:30])
            out.append(line)
            n += len(line.encode())
    else:                  # a parts / price list: decoys only
        out.append("part_no,description,qty,price,updated\n")
        while n < size:
            line = "%s,%s,%d,%d,2023-%02d-%02d\n" % (decoy(r), r.choice(JA_WORDS), r.randint(1, 99),
                                                     r.randint(100, 99999), r.randint(1, 12),
                                                     r.randint(1, 28))
            out.append(line)
            n += len(line.encode())
    return "".join(out)


def json_doc(r, pool, size):
    out, n = [], 0
    lines = r.random() < 0.5
    if not lines:
        out.append('{"records": [\n')
    first = True
    while n < size:
        rec = {"id": uuid(r), "updated": "2023-%02d-%02d" % (r.randint(1, 12), r.randint(1, 28)),
               "status": r.choice(["open", "closed", "pending"]), "note": r.choice(pool.ja)[:40]}
        if r.random() < 0.3:
            rec.update({"name": kanji_name(r), "tel": phone(r), "mail": email(r), "vin": make_vin(r)})
        if r.random() < 0.2:
            rec.update({"imei": make_imei(r), "lat": round(r.uniform(31, 43), 6),
                        "lon": round(r.uniform(130, 145), 6)})
        if r.random() < 0.2:
            rec["part"] = decoy(r)
        s = json.dumps(rec, ensure_ascii=False)
        line = s + "\n" if lines else ("" if first else ",\n") + "  " + s
        first = False
        out.append(line)
        n += len(line.encode())
    if not lines:
        out.append("\n]}\n")
    return "".join(out)


def sql_doc(r, pool, size):
    out, n = ["CREATE TABLE customers (id INT, name TEXT, kana TEXT, tel TEXT, email TEXT, "
              "address TEXT, vin TEXT, card TEXT);\n"], 0
    while n < size:
        rows = []
        for _ in range(r.randint(5, 20)):
            card = make_card(r) if r.random() < 0.1 else decoy(r)
            rows.append("(%d, '%s', '%s', '%s', '%s', '%s', '%s', '%s')" % (
                r.randrange(10 ** 6), kanji_name(r), kana_name(r), phone(r), email(r), address(r),
                make_vin(r), card))
        line = "INSERT INTO customers VALUES\n" + ",\n".join(rows) + ";\n"
        out.append(line)
        n += len(line.encode())
    return "".join(out)


def eml_doc(r, pool, size):
    out, n = [], 0
    sender, to = email(r), email(r)
    out.append("From: %s <%s>\nTo: <%s>\nSubject: =?UTF-8?B?5Lu25ZCN?=\n"
               "Date: Mon, 3 Apr 2023 10:%02d:00 +0900\nMessage-ID: <%s@example.jp>\n"
               "MIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\n"
               "Content-Transfer-Encoding: 8bit\n\n" % (latin_name(r), sender, to, r.randrange(60),
                                                        uuid(r)))
    out.append(kanji_name(r) + " 様\n\n")
    while n < size:
        line = r.choice(pool.ja) + "\n"
        if r.random() < 0.05:
            line += "TEL " + phone(r) + " / " + email(r) + "\n"
        out.append(line)
        n += len(line.encode())
    out.append("\n--\n" + kanji_name(r) + "\n" + address(r) + "\nTEL " + phone(r) + "\n")
    return "".join(out)


def xml_escape(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


CT_HEAD = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
           '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
           '<Default Extension="xml" ContentType="application/xml"/>')
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def write_zip(parts):
    """parts: list of (name, bytes). Returns the zip bytes (deflated, fixed dates)."""
    bio = io.BytesIO()
    with zipfile.ZipFile(bio, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts:
            zi = zipfile.ZipInfo(name, ZIP_DATE)
            zi.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(zi, data)
    return bio.getvalue()


def xlsx_parts(r, pool, size):
    """Minimal valid SpreadsheetML: one sheet, shared strings, a customer list."""
    strings, index = [], {}

    def sidx(s):
        if s not in index:
            index[s] = len(strings)
            strings.append(s)
        return index[s]

    rows, n = [], 0
    header = ["氏名", "フリガナ", "電話番号", "メール", "住所", "車台番号", "登録番号", "メモ"]
    cols = "ABCDEFGHI"
    rownum = 0
    while n < size:
        rownum += 1
        if rownum == 1:
            vals = header
        else:
            vals = [kanji_name(r), kana_name(r), phone(r), email(r), address(r), make_vin(r),
                    plate(r), r.choice(pool.ja)[:30]]
        cells = "".join('<c r="%s%d" t="s"><v>%d</v></c>' % (cols[i], rownum, sidx(v))
                        for i, v in enumerate(vals))
        cells += '<c r="I%d"><v>%d</v></c>' % (rownum, r.randint(1000, 999999))
        row = '<row r="%d">%s</row>' % (rownum, cells)
        rows.append(row)
        n += len(row.encode()) + sum(len(v.encode()) + 16 for v in vals)
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    sheet = (XML_DECL + '<worksheet xmlns="%s"><sheetData>' % ns + "".join(rows)
             + "</sheetData></worksheet>")
    sst = (XML_DECL + '<sst xmlns="%s" count="%d" uniqueCount="%d">' % (ns, len(strings), len(strings))
           + "".join("<si><t>%s</t></si>" % xml_escape(s) for s in strings) + "</sst>")
    ct = (CT_HEAD + '<Override PartName="/xl/workbook.xml" ContentType="application/'
          'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
          '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
          'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
          '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
          'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    rels = (XML_DECL + '<Relationships xmlns="%s"><Relationship Id="rId1" Type="%s/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>' % (REL_NS, DOC_REL))
    wb = (XML_DECL + '<workbook xmlns="%s" xmlns:r="%s"><sheets><sheet name="顧客一覧" sheetId="1" '
          'r:id="rId1"/></sheets></workbook>' % (ns, DOC_REL))
    wbrels = (XML_DECL + '<Relationships xmlns="%s"><Relationship Id="rId1" Type="%s/worksheet" '
              'Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="%s/sharedStrings" '
              'Target="sharedStrings.xml"/></Relationships>' % (REL_NS, DOC_REL, DOC_REL))
    return [("[Content_Types].xml", ct), ("_rels/.rels", rels), ("xl/workbook.xml", wb),
            ("xl/_rels/workbook.xml.rels", wbrels), ("xl/worksheets/sheet1.xml", sheet),
            ("xl/sharedStrings.xml", sst)]


def docx_parts(r, pool, size):
    """Minimal valid WordprocessingML: one document.xml of paragraphs."""
    paras, n = [], 0
    while n < size:
        text = r.choice(pool.ja)
        if r.random() < 0.1:
            text += " " + kanji_name(r) + " 様 " + phone(r) + " " + address(r)
        p = '<w:p><w:r><w:t xml:space="preserve">%s</w:t></w:r></w:p>' % xml_escape(text)
        paras.append(p)
        n += len(p.encode())
    ns = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    doc = XML_DECL + '<w:document xmlns:w="%s"><w:body>' % ns + "".join(paras) + "</w:body></w:document>"
    ct = (CT_HEAD + '<Override PartName="/word/document.xml" ContentType="application/'
          'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
    rels = (XML_DECL + '<Relationships xmlns="%s"><Relationship Id="rId1" Type="%s/officeDocument" '
            'Target="word/document.xml"/></Relationships>' % (REL_NS, DOC_REL))
    return [("[Content_Types].xml", ct), ("_rels/.rels", rels), ("word/document.xml", doc)]


# kind: (generator, extensions, share of the non-OOXML content)
KINDS = {
    "ja":   (ja_doc, [".txt", ".txt", ".md"], 0.50),
    "log":  (log_doc, [".log"], 0.12),
    "csv":  (csv_doc, [".csv"], 0.12),
    "json": (json_doc, [".json", ".jsonl"], 0.10),
    "sql":  (sql_doc, [".sql"], 0.08),
    "eml":  (eml_doc, [".eml"], 0.08),
}
DIRS = ["顧客データ", "サービス", "営業", "logs", "export", "backup", "メール", "資料", "経理", "IT"]


def pick_kind(r):
    x, acc = r.random(), 0.0
    for k, (_, _, share) in KINDS.items():
        acc += share
        if x < acc:
            return k
    return "ja"


def file_size(r):
    # Mostly small files, some large ones: about 20 KB to 6 MB, median near 100 KB.
    return int(min(6e6, max(2e3, r.lognormvariate(11.5, 1.2))))


def parse_size(s):
    mult = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
    s = s.strip().upper()
    if s and s[-1] in mult:
        return int(float(s[:-1]) * mult[s[-1]])
    return int(s)


def size_label(n):
    if n >= 1 << 30 and n % (1 << 30) == 0:
        return "%dG" % (n >> 30)
    return "%dM" % (n >> 20)


class Out:
    def __init__(self, root):
        self.root = root
        self.content = 0     # uncompressed bytes of every leaf (OOXML: its XML parts)
        self.disk = 0
        self.files = 0
        self.by_type = {}

    def put(self, rel, data, content, kind):
        path = os.path.join(self.root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)
        self.disk += len(data)
        self.content += content
        self.files += 1
        t = self.by_type.setdefault(kind, [0, 0])
        t[0] += 1
        t[1] += content


def ooxml(r, pool, kind, size):
    parts = xlsx_parts(r, pool, size) if kind == "xlsx" else docx_parts(r, pool, size)
    parts = [(name, data.encode()) for name, data in parts]
    return write_zip(parts), sum(len(d) for _, d in parts)


def generate(flavour, total, seed, root):
    r = random.Random("%s:%s" % (seed, flavour))
    pool = Pool(random.Random("%s:pool" % seed))
    out = Out(root)
    i = 0
    while out.content < total:
        i += 1
        fr = random.Random("%s:%s:%d" % (seed, flavour, i))
        d = "店舗%02d/%s" % (r.randrange(12), r.choice(DIRS))
        x = r.random()
        if flavour == "ooxml" or (flavour == "mixed" and x < 0.08):
            kind = "xlsx" if fr.random() < 0.5 else "docx"
            data, content = ooxml(fr, pool, kind, file_size(fr) // 2)
            out.put("%s/file%05d.%s" % (d, i, kind), data, content, kind)
        elif flavour == "mixed" and x < 0.17:      # a zip of several members
            members, content = [], 0
            for j in range(fr.randint(2, 12)):
                if fr.random() < 0.15:
                    kind = "xlsx" if fr.random() < 0.5 else "docx"
                    data, c = ooxml(fr, pool, kind, file_size(fr) // 3)
                    members.append(("doc%02d.%s" % (j, kind), data))
                else:
                    kind = pick_kind(fr)
                    gen, exts, _ = KINDS[kind]
                    data = gen(fr, pool, file_size(fr) // 3).encode()
                    c = len(data)
                    members.append(("dir%d/part%02d%s" % (j % 3, j, fr.choice(exts)), data))
                content += c
            z = write_zip(members)
            out.put("%s/archive%05d.zip" % (d, i), z, content, "zip")
        elif flavour == "mixed" and x < 0.28:      # a single gzipped file
            kind = fr.choice(["log", "log", "csv", "sql", "json"])
            gen, exts, _ = KINDS[kind]
            data = gen(fr, pool, file_size(fr)).encode()
            out.put("%s/file%05d%s.gz" % (d, i, exts[0]), gzip.compress(data, 6, mtime=0),
                    len(data), "gz")
        else:
            kind = pick_kind(fr)
            gen, exts, _ = KINDS[kind]
            data = gen(fr, pool, file_size(fr)).encode()
            out.put("%s/file%05d%s" % (d, i, fr.choice(exts)), data, len(data), kind)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--flavour", choices=["text", "mixed", "ooxml", "all"], default="all")
    ap.add_argument("--size", default="1G", help="uncompressed content per corpus (e.g. 20M, 200M, 1G)")
    ap.add_argument("--ooxml-size", default=None,
                    help="content of the ooxml corpus (default: a tenth of --size)")
    ap.add_argument("--seed", default="exposcan-bench-1")
    ap.add_argument("--out", default=os.path.join(HERE, "corpus"))
    ap.add_argument("--force", action="store_true", help="regenerate even if present")
    a = ap.parse_args()
    total = parse_size(a.size)
    flavours = ["text", "mixed", "ooxml"] if a.flavour == "all" else [a.flavour]
    for fl in flavours:
        n = total
        if fl == "ooxml":
            n = parse_size(a.ooxml_size) if a.ooxml_size else total // 10
        name = "%s-%s" % (fl, size_label(n))
        root = os.path.join(a.out, name)
        manifest = root + ".json"
        if os.path.exists(manifest) and not a.force:
            print("%s: present" % name)
            continue
        if os.path.exists(root):
            import shutil
            shutil.rmtree(root)
        o = generate(fl, n, a.seed, root)
        m = {"flavour": fl, "seed": a.seed, "target_bytes": n, "content_bytes": o.content,
             "disk_bytes": o.disk, "files": o.files,
             "by_type": {k: {"files": v[0], "content_bytes": v[1]} for k, v in sorted(o.by_type.items())}}
        with open(manifest, "w") as f:
            json.dump(m, f, indent=1, ensure_ascii=False)
            f.write("\n")
        print("%s: %d files, %.1f MB content, %.1f MB on disk" % (name, o.files, o.content / 1e6,
                                                                 o.disk / 1e6))


if __name__ == "__main__":
    sys.exit(main())
