#!/usr/bin/env python3
"""Held-out evaluation set for exposcan's detectors (python3 stdlib only).

    python3 tools/heldout/gen_heldout.py [--out bench/out/heldout] [--seed 7]
    build/exposcan scan --format jsonl bench/out/heldout/corpus > /tmp/pred.jsonl
    python3 ../shared/devset/score.py --truth bench/out/heldout/truth.json --pred /tmp/pred.jsonl

Independent of ../shared/devset: its own export shapes (header wordings,
delimiters, nested camelCase JSON, XML, key:value reports, Japanese prose,
English letters, key=value logs, SQL dumps, HTML tables) and its own
negatives full of look-alikes. Every value is synthetic: names are built from
syllables / kanji parts, numbers are random with valid check digits where the
real thing has one. Counts follow ../shared/devset/LABELING.md and are
recorded as each value is written, so truth.json is exact by construction.
Deterministic for a given --seed.
"""
import argparse
import json
import os
import random
import shutil
import string

DETECTORS = ["name", "address", "phone", "email", "vin", "device_id", "plate",
             "customer_id", "payment_card", "geo"]

R = random.Random()


def pick(seq):
    return R.choice(seq)


def digits(n):
    return "".join(R.choice(string.digits) for _ in range(n))


# ---------------------------------------------------------------- check digits

def luhn_complete(body):
    """body + the Luhn check digit."""
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return body + str((10 - total % 10) % 10)


def luhn_ok(s):
    total = 0
    for i, ch in enumerate(reversed(s)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


VIN_ALPHA = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
VIN_VAL = dict(zip("ABCDEFGH", range(1, 9)))
VIN_VAL.update(dict(zip("JKLMN", range(1, 6))))
VIN_VAL.update({"P": 7, "R": 9})
VIN_VAL.update(dict(zip("STUVWXYZ", range(2, 10))))
VIN_VAL.update({str(d): d for d in range(10)})
VIN_W = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2]


def vin_check(v):
    s = sum(VIN_VAL[c] * w for c, w in zip(v, VIN_W)) % 11
    return "X" if s == 10 else str(s)


def vin():
    wmi = pick(["JTD", "JHM", "JN1", "JMB", "JF1", "JS3", "1HG", "2T1", "3VW", "5YJ",
                "KMH", "KNA", "MA3", "MAL", "MR0", "MNT", "LSV", "LFV", "WVW", "WBA",
                "SAL", "VF1", "YV1", "6T1", "7A3"])
    body = wmi + "".join(pick(VIN_ALPHA) for _ in range(5)) + "0" + pick("ABCDEFGHJKLMNPRSTVWXY") \
        + pick(VIN_ALPHA) + digits(6)
    return body[:8] + vin_check(body) + body[9:]


def bad_part17():
    """17 characters in the VIN alphabet whose check digit fails."""
    while True:
        v = "".join(pick("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(3)) + digits(14)
        if vin_check(v) != v[8]:
            return v


def chassis():
    code = pick(["NZE", "ZRE", "GRX", "NKE", "AZR", "GP", "RK", "ZC", "DBA", "NHW", "MXAA",
                 "GDH", "KDH", "RU", "CV", "BM", "FK", "DJ", "JF", "L"])
    code += str(R.randint(1, 230)) + pick(["", "", "", "G", "W", "S"])
    return code + "-" + digits(1).replace("0", "1") + digits(6)


def imei():
    return luhn_complete(pick(["35", "86", "01", "49", "99"]) + digits(12))


def iccid():
    return luhn_complete("89" + pick(["81", "61", "91", "66", "44"]) + digits(15))


def mac(sep=":"):
    b = [R.randint(0, 255) & 0xFC | 0x00 for _ in range(6)]
    b[0] &= 0xFC                      # unicast, globally administered
    if b[0] == 0:
        b[0] = 0x3C
    return sep.join("%02X" % x for x in b)


def card():
    kind = pick(["visa", "jcb", "mc"])
    if kind == "visa":
        return luhn_complete("4" + digits(14))
    if kind == "jcb":
        return luhn_complete("35" + str(R.randint(28, 89)) + digits(11))
    return luhn_complete(str(R.randint(51, 55)) + digits(13))


def group4(n):
    return " ".join(n[i:i + 4] for i in range(0, len(n), 4))


def isbn13():
    body = "978" + pick(["4", "0", "1"]) + digits(8)
    s = sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(body))
    full = body + str((10 - s % 10) % 10)
    return "%s-%s-%s-%s-%s" % (full[:3], full[3], full[4:8], full[8:12], full[12])


def uuid():
    h = "".join(pick("0123456789abcdef") for _ in range(32))
    return "%s-%s-4%s-a%s-%s" % (h[:8], h[8:12], h[13:16], h[17:20], h[20:32])


def sha():
    return "".join(pick("0123456789abcdef") for _ in range(40))


# ---------------------------------------------------------------- names

SYL = ["ka", "lo", "ri", "ve", "na", "mi", "dor", "tan", "bel", "sor", "len", "ar", "is",
       "mar", "cel", "do", "ra", "fen", "wick", "ton", "el", "ga", "bri", "ho", "lin",
       "sa", "ver", "mon", "de", "val", "ne", "tor", "quin", "bar", "ro", "li", "da"]


def latin_word(n):
    w = "".join(pick(SYL) for _ in range(n))
    return w[0].upper() + w[1:]


def en_name():
    return latin_word(R.randint(2, 3)), latin_word(R.randint(2, 3))   # given, family


FAM1 = [("山", "ヤマ"), ("中", "ナカ"), ("小", "コ"), ("大", "オオ"), ("高", "タカ"), ("石", "イシ"),
        ("松", "マツ"), ("森", "モリ"), ("北", "キタ"), ("西", "ニシ"), ("岡", "オカ"), ("藤", "フジ"),
        ("長", "ナガ"), ("今", "イマ"), ("福", "フク"), ("吉", "ヨシ"), ("原", "ハラ"), ("宮", "ミヤ")]
FAM2 = [("田", "タ"), ("村", "ムラ"), ("本", "モト"), ("野", "ノ"), ("川", "カワ"), ("井", "イ"),
        ("島", "シマ"), ("木", "キ"), ("口", "グチ"), ("崎", "サキ"), ("沢", "サワ"), ("内", "ウチ")]
GIV1 = [("健", "ケン"), ("大", "ダイ"), ("翔", "ショウ"), ("美", "ミ"), ("裕", "ユウ"), ("和", "カズ"),
        ("直", "ナオ"), ("真", "マ"), ("智", "トモ"), ("恵", "ケイ"), ("陽", "ヨウ"), ("達", "タツ"),
        ("秀", "ヒデ"), ("正", "マサ"), ("浩", "ヒロ"), ("千", "チ")]
GIV2 = [("太", "タ"), ("一", "イチ"), ("子", "コ"), ("介", "スケ"), ("樹", "キ"), ("也", "ヤ"),
        ("香", "カ"), ("人", "ト"), ("奈", "ナ"), ("彦", "ヒコ"), ("郎", "ロウ"), ("代", "ヨ")]


def ja_name():
    """(family, given, family_kana, given_kana)"""
    a, b = pick(FAM1), pick(FAM2)
    c, d = pick(GIV1), pick(GIV2)
    return a[0] + b[0], c[0] + d[0], a[1] + b[1], c[1] + d[1]


HALF = dict(zip("アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン",
                "ｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜﾝ"))
VOICED = dict(zip("ガギグゲゴザジズゼゾダヂヅデドバビブベボ", "カキクケコサシスセソタチツテトハヒフヘホ"))
SEMI = dict(zip("パピプペポ", "ハヒフヘホ"))
SMALL = dict(zip("ャュョッ", "ｬｭｮｯ"))


def halfwidth(k):
    out = []
    for ch in k:
        if ch in HALF:
            out.append(HALF[ch])
        elif ch in VOICED:
            out.append(HALF[VOICED[ch]] + "ﾞ")
        elif ch in SEMI:
            out.append(HALF[SEMI[ch]] + "ﾟ")
        elif ch in SMALL:
            out.append(SMALL[ch])
        elif ch == "ー":
            out.append("ｰ")
        elif ch == " ":
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)


# ---------------------------------------------------------------- places

PREFS = ["東京都", "神奈川県", "大阪府", "愛知県", "福岡県", "北海道", "埼玉県", "千葉県", "兵庫県",
         "静岡県", "宮城県", "広島県", "京都府", "新潟県", "熊本県"]
TOWN1 = ["桜", "緑", "若", "東", "西", "南", "青", "白", "松", "竹", "梅", "富士", "中央", "旭", "朝日"]
TOWN2 = ["川", "丘", "台", "浜", "原", "野", "山", "沢", "島", "見"]
MUNI = ["市", "区", "市", "町"]
BLDG = ["メゾン", "コーポ", "グラン", "パーク", "ハイツ", "レジデンス"]
BLDG2 = ["桜", "青葉", "緑風", "ひかり", "若葉", "朝日"]


def ja_address(style=None):
    pref = pick(PREFS)
    muni = pick(TOWN1) + pick(TOWN2) + pick(MUNI)
    town = pick(TOWN1) + pick(TOWN2) + pick(["", "町", ""])
    a, b, c = R.randint(1, 9), R.randint(1, 30), R.randint(1, 25)
    style = style or pick(["hyphen", "chome", "banchi"])
    if style == "hyphen":
        num = "%d-%d-%d" % (a, b, c)
    elif style == "chome":
        num = "%d丁目%d-%d" % (a, b, c)
    else:
        num = "%d丁目%d番%d号" % (a, b, c)
    bldg = ""
    if R.random() < 0.4:
        bldg = " " + pick(BLDG) + pick(BLDG2) + " " + str(R.randint(1, 9)) + "0" + str(R.randint(1, 9))
    zipc = "%03d-%04d" % (R.randint(100, 999), R.randint(0, 9999))
    return zipc, pref, muni, town, num, bldg


AU_STATES = ["NSW", "VIC", "QLD", "WA", "SA", "TAS", "ACT"]
US_STATES = ["CA", "TX", "WA", "OR", "IL", "NY", "OH", "GA", "CO", "AZ"]
SUFFIX = ["Street", "St", "Road", "Rd", "Avenue", "Ave", "Drive", "Dr", "Lane", "Court",
          "Crescent", "Place", "Way", "Terrace", "Close", "Parade", "Boulevard", "Grove"]


def en_street():
    unit = ""
    if R.random() < 0.25:
        unit = pick(["Unit %d/", "Apt %d, ", "Flat %d, ", "Suite %d, "]) % R.randint(1, 40)
    return "%s%d %s %s" % (unit, R.randint(1, 2999), latin_word(R.randint(2, 3)), pick(SUFFIX))


def en_address(region=None):
    """(street line, locality line)"""
    region = region or pick(["au", "us", "uk", "nz", "in"])
    st = en_street()
    town = latin_word(R.randint(2, 3))
    if region == "au":
        return st, "%s %s %04d" % (town, pick(AU_STATES), R.randint(2000, 7999))
    if region == "us":
        return st, "%s, %s %05d" % (town, pick(US_STATES), R.randint(10000, 99999))
    if region == "uk":
        pc = "%s%d %d%s" % (pick(["KT", "SW", "LS", "M", "B", "EH", "CF"]), R.randint(1, 19),
                             R.randint(1, 9), "".join(pick("ABDEFGHJLNPQRSTUWXYZ") for _ in range(2)))
        return st, "%s %s" % (town, pc)
    if region == "nz":
        return st, "%s, %s %04d" % (town, pick(["Auckland", "Wellington", "Christchurch"]),
                                    R.randint(1000, 9999))
    return st, "%s, %s %06d" % (town, pick(["Maharashtra", "Karnataka", "Tamil Nadu", "Kerala"]),
                                R.randint(110001, 699999))


# ---------------------------------------------------------------- phones and mail

def jp_mobile(fmt=None):
    # 0X0-0... is not issued to mobiles (it would read as 0800 / 0120 style)
    n = pick(["090", "080", "070"]) + str(R.randint(1, 9)) + digits(7)
    fmt = fmt or pick(["dash", "dash", "plain", "intl", "paren"])
    if fmt == "dash":
        return "%s-%s-%s" % (n[:3], n[3:7], n[7:])
    if fmt == "plain":
        return n
    if fmt == "paren":
        return "%s(%s)%s" % (n[:3], n[3:7], n[7:])
    return "+81-%s-%s-%s" % (n[1:3], n[3:7], n[7:])


def jp_fixed():
    area = pick(["03", "06", "045", "052", "092", "011", "022", "0276", "0466", "0857"])
    rest = 10 - len(area)
    if len(area) == 2:
        return "%s-%s-%s" % (area, digits(4).replace("0", "2", 1), digits(4))
    mid = rest - 4
    return "%s-%s-%s" % (area, str(R.randint(2, 9)) + digits(mid - 1), digits(4))


def au_mobile():
    return pick(["04%02d %03d %03d", "+61 4%02d %03d %03d"]) % (R.randint(0, 99), R.randint(0, 999),
                                                                  R.randint(0, 999))


def au_fixed():
    return "(0%d) %d%03d %04d" % (pick([2, 3, 7, 8]), R.randint(2, 9), R.randint(0, 999),
                                  R.randint(0, 9999))


def us_phone():
    a = "%d%02d" % (R.randint(2, 9), R.randint(10, 88))
    b = "%d%02d" % (R.randint(2, 9), R.randint(10, 99))
    return pick(["(%s) %s-%04d", "%s-%s-%04d", "+1 %s %s %04d"]) % (a, b, R.randint(0, 9999))


def in_mobile():
    return pick(["+91 %d%04d %05d", "%d%04d%05d"]) % (R.randint(7, 9), R.randint(0, 9999),
                                                      R.randint(0, 99999))


def sg_mobile():
    return "+65 %d%03d %04d" % (pick([8, 9]), R.randint(0, 999), R.randint(0, 9999))


def uk_mobile():
    # 071-075 and 077-079 are mobiles (076 is pagers)
    lead = "%d%02d" % (pick([1, 2, 3, 4, 5, 7, 8, 9]), R.randint(0, 99))
    return pick(["07%s %06d", "+44 7%s %06d"]) % (lead, R.randint(0, 999999))


def any_phone(region):
    return {"ja": lambda: pick([jp_mobile, jp_mobile, jp_fixed])(),
            "au": lambda: pick([au_mobile, au_fixed])(), "us": us_phone, "uk": uk_mobile,
            "nz": lambda: "021 %03d %04d" % (R.randint(100, 999), R.randint(0, 9999)),
            "in": in_mobile, "sg": sg_mobile}[region]()


MAIL_DOMAINS = ["mailora.jp", "kelnet.ne.jp", "post-vanta.com", "ozmail.example-isp.net.au",
                "quikpost.co.uk", "rediffpost.in", "lumen-mail.com", "docomo-sim.ne.jp"]


def email_for(given, family):
    g = given.lower() if given.isascii() else "user%d" % R.randint(10, 999)
    f = family.lower() if family.isascii() else "k%d" % R.randint(10, 99)
    local = pick(["%s.%s" % (g, f), "%s%s" % (g[0], f), "%s_%s%d" % (f, g, R.randint(1, 99))])
    return "%s@%s" % (local, pick(MAIL_DOMAINS))


def ja_email(fk, gk):
    roma = {"ヤマ": "yama", "ナカ": "naka", "コ": "ko", "オオ": "oo", "タカ": "taka", "イシ": "ishi",
            "マツ": "matsu", "モリ": "mori", "キタ": "kita", "ニシ": "nishi", "オカ": "oka"}
    head = roma.get(fk[:2], "kn")
    return "%s%d@%s" % (head, R.randint(10, 9999), pick(MAIL_DOMAINS))


# ---------------------------------------------------------------- plates

PLATE_REGIONS = ["品川", "練馬", "足立", "横浜", "名古屋", "なにわ", "札幌", "福岡", "湘南", "多摩",
                 "八王子", "世田谷", "川崎", "千葉", "大宮", "所沢", "宇都宮", "水戸", "静岡",
                 "浜松", "京都", "神戸", "姫路", "広島", "仙台", "新潟", "金沢", "熊本", "沖縄"]
PLATE_KANA = "あいうえかきくけこさすせそたちつてとなにぬねのはひふほまみむめもやゆよらりるれろわ"


def jp_plate():
    reg, cls, kana = pick(PLATE_REGIONS), pick(["300", "500", "330", "530", "580", "800", "31A"]), pick(PLATE_KANA)
    # four positions: 12-34, or leading blanks printed as dots (・123, ・・12, ・・・1)
    serial = pick(["%d%d-%02d" % (R.randint(1, 9), R.randint(0, 9), R.randint(0, 99)),
                   "・%d%02d" % (R.randint(1, 9), R.randint(0, 99)),
                   "・・%d%d" % (R.randint(1, 9), R.randint(0, 9)), "・・・%d" % R.randint(1, 9)])
    return pick(["%s %s %s %s", "%s%s%s%s", "%s %s%s %s"]) % (reg, cls, kana, serial)


def foreign_plate(region):
    up = string.ascii_uppercase
    if region == "au":
        return pick(["%s%s%s-%03d", "%s%s%s %03d"]) % (pick(up), pick(up), pick(up), R.randint(0, 999))
    if region == "in":
        return "%s %02d %s%s %04d" % (pick(["MH", "KA", "TN", "DL", "KL"]), R.randint(1, 50),
                                      pick(up), pick(up), R.randint(1, 9999))
    if region == "uk":
        return "%s%s%02d %s%s%s" % (pick(up), pick(up), R.randint(10, 73), pick(up), pick(up), pick(up))
    return "%s%s%s %d%s%s" % (pick(up), pick(up), pick(up), R.randint(1, 9), pick(up), pick(up))


# ---------------------------------------------------------------- geo

def coord(region):
    box = {"ja": (33.0, 43.0, 130.0, 145.0), "au": (-38.0, -27.0, 140.0, 153.0),
           "us": (33.0, 47.0, -122.0, -80.0), "uk": (50.5, 55.5, -3.5, 0.5),
           "nz": (-46.0, -36.5, 168.0, 178.0), "in": (10.0, 28.0, 72.0, 88.0),
           "sg": (1.28, 1.44, 103.7, 103.95)}[region]
    return round(R.uniform(box[0], box[1]), 6), round(R.uniform(box[2], box[3]), 6)


# ---------------------------------------------------------------- decoys

def company_ja():
    return "株式会社" + pick(["カロナ", "ミルテ", "ソラリス", "ベルナ", "オルカ"]) + pick(["自動車", "モータース", "商事"])


def company_en():
    return latin_word(2) + " " + pick(["Motors Pty Ltd", "Automotive Ltd", "Cars Inc.", "Motor Group LLC"])


def letterhead_ja():
    z, p, m, t, n, _ = ja_address("hyphen")
    return ("%s 本社\n〒%s %s%s%s%s\nTEL %s（代表） FAX %s\nフリーダイヤル 0120-%03d-%03d\n"
            % (company_ja(), z, p, m, t, n, jp_fixed(), jp_fixed(), R.randint(100, 999), R.randint(0, 999)))


def letterhead_en():
    st, loc = en_address("au")
    return ("%s\nHead Office: %s, %s\nPhone (main): %s  Fax: %s  Toll-free: 1800 %03d %03d\n"
            % (company_en(), st, loc, au_fixed(), au_fixed(), R.randint(100, 999), R.randint(0, 999)))


def version():
    return "%d.%d.%d" % (R.randint(1, 12), R.randint(0, 30), R.randint(0, 99))


def ts():
    return "2024-%02d-%02dT%02d:%02d:%02dZ" % (R.randint(1, 12), R.randint(1, 28), R.randint(0, 23),
                                              R.randint(0, 59), R.randint(0, 59))


def date():
    return "2024-%02d-%02d" % (R.randint(1, 12), R.randint(1, 28))


def part_no():
    return pick(["%05d-%s" % (R.randint(10000, 99999), "".join(pick("ABCDEFGHJKLMNPRSTUVWXYZ0123456789") for _ in range(5))),
                 "%s-%s" % (pick(["6AA", "5BA", "3BA", "DAA"]), pick(["MXPA10", "ZVW50", "NRE210"]))])


def order_no2():
    f = pick(["ORD-2024-%06d", "SO-%07d", "INV%08d", "PO-%06d"])
    return f % R.randint(1, 999999)


def ticket_no():
    return "TKT%02d-%06d" % (R.randint(10, 99), R.randint(1, 999999))


def luhn_fail(n):
    while True:
        s = str(R.randint(1, 9)) + digits(n - 1)
        if not luhn_ok(s):
            return s


def price():
    return pick(["￥%s" % format(R.randint(1000, 999999), ","), "$%d.%02d" % (R.randint(10, 9999), R.randint(0, 99)),
                 "A$%s.00" % format(R.randint(100, 99999), ",")])


# ---------------------------------------------------------------- files

class File:
    """A file being written: its text and the counts of what went into it."""

    def __init__(self, path, label=None):
        self.path = path
        self.counts = {}
        self.values = []
        self.customer = False
        self.label = label

    def add(self, det, value, n=1):
        self.counts[det] = self.counts.get(det, 0) + n
        if value is not None:
            self.values.append([det, value])
        return value


def region_of(loc):
    return loc


CSV_HEADERS = {
    # one entry per column kind: wordings seen in real exports
    "cid": ["Cust. No.", "Customer #", "customer_code", "会員ID", "顧客CD", "お客様コード", "Member No", "Client ID", "Account Number"],
    "name": ["Full Name", "Customer Name", "氏名（漢字）", "お客様氏名", "Name", "Contact Name", "契約者氏名"],
    "kana": ["氏名（カナ）", "フリガナ", "ﾌﾘｶﾞﾅ", "Name (Kana)"],
    "family": ["Last Name", "Surname", "姓"],
    "given": ["First Name", "Given Name", "名"],
    "phone": ["Mobile No.", "Tel", "電話番号", "携帯番号", "Phone Number", "Contact Tel", "携帯電話"],
    "email": ["E-Mail Address", "Email", "メールアドレス", "e_mail", "Mail"],
    "address": ["Address", "住所", "Home Address", "Street Address", "ご住所"],
    "vin": ["VIN", "Chassis No", "車台番号", "Frame No.", "VIN Number"],
    "plate": ["Registration", "Rego", "登録番号", "ナンバー", "Plate No.", "License Plate"],
    "device": ["IMEI", "Navi Device ID", "端末ID", "TCU Serial", "Head Unit ID"],
    "geo": None,
    "dob": ["DOB", "生年月日", "Birth Date"],
    "memo": ["Memo", "備考", "Notes"],
}


def row_values(f, loc, cols):
    """One customer row; returns the list of cell strings, counting values."""
    given, family = en_name()
    jf, jg, jfk, jgk = ja_name()
    ja = loc == "ja"
    cells = []
    for kind, header in cols:
        if kind == "cid":
            v = pick(["C%07d", "%010d", "M-%06d", "K%08d", "CU-24-%05d"]) % R.randint(1, 9999999)
            cells.append(f.add("customer_id", v))
        elif kind == "name":
            v = ("%s %s" % (jf, jg) if R.random() < 0.7 else jf + jg) if ja else "%s %s" % (given, family)
            cells.append(f.add("name", v))
        elif kind == "kana":
            v = "%s %s" % (jfk, jgk)
            if "ﾌ" in header:
                v = halfwidth(v)
            cells.append(f.add("name", v))
        elif kind == "family":
            cells.append(f.add("name", jf if ja else family))   # one count for the split name
        elif kind == "given":
            cells.append(jg if ja else given)
        elif kind == "phone":
            cells.append(f.add("phone", any_phone(loc)))
        elif kind == "email":
            cells.append(f.add("email", ja_email(jfk, jgk) if ja else email_for(given, family)))
        elif kind == "address":
            if ja:
                z, p, m, t, n, b = ja_address()
                if R.random() < 0.5:
                    v = "〒%s %s%s%s%s%s" % (z, p, m, t, n, b)
                else:
                    v = "%s%s%s%s%s" % (p, m, t, n, b)
            else:
                st, lo = en_address(loc if loc in ("au", "us", "uk", "nz", "in") else "au")
                v = "%s, %s" % (st, lo)
            cells.append(f.add("address", v))
        elif kind == "vin":
            cells.append(f.add("vin", chassis() if ja and R.random() < 0.5 else vin()))
        elif kind == "plate":
            cells.append(f.add("plate", jp_plate() if ja else foreign_plate(loc)))
        elif kind == "device":
            v = imei() if header in ("IMEI",) else pick(["NAV-%s" % "".join(pick("0123456789ABCDEF") for _ in range(10)),
                                                          imei(), "HU%08d" % R.randint(1, 99999999)])
            cells.append(f.add("device_id", v))
        elif kind == "dob":
            cells.append("19%02d-%02d-%02d" % (R.randint(40, 99), R.randint(1, 12), R.randint(1, 28)))
        elif kind == "memo":
            cells.append(pick(["", "DM不可", "follow up", "点検済", "VIP"]))
    f.customer = True
    return cells


def csv_quote(v, delim):
    if delim in v or '"' in v:
        return '"' + v.replace('"', '""') + '"'
    return v


def gen_csv(f, loc):
    kinds = ["cid", "name", "phone", "email", "address", "vin", "plate", "dob", "memo"]
    if loc == "ja":
        kinds.insert(2, "kana")
    if R.random() < 0.3:
        kinds[kinds.index("name")] = "family"
        kinds.insert(kinds.index("family") + 1, "given")
    if R.random() < 0.3:
        kinds.append("device")
    R.shuffle(kinds)
    kinds = [k for k in kinds if R.random() < 0.85 or k in ("name", "family", "given")]
    cols = []
    for k in kinds:
        opts = CSV_HEADERS[k]
        if loc != "ja":
            opts = [h for h in opts if h.isascii()] or opts
        cols.append((k, pick(opts)))
    delim = pick([",", ",", ";", "\t", "|"])
    lines = [delim.join(csv_quote(h, delim) for _, h in cols)]
    for _ in range(R.randint(4, 25)):
        lines.append(delim.join(csv_quote(v, delim) for v in row_values(f, loc, cols)))
    return "\r\n".join(lines) + "\r\n"


def gen_json(f, loc):
    ja = loc == "ja"
    recs = []
    for _ in range(R.randint(3, 12)):
        given, family = en_name()
        jf, jg, jfk, jgk = ja_name()
        lat, lon = coord(loc if loc != "th" else "ja")
        rec = {
            "customerId": f.add("customer_id", "%09d" % R.randint(1, 999999999)),
            "profile": {
                "fullName": f.add("name", "%s %s" % (jf, jg) if ja else "%s %s" % (given, family)),
                "birthYear": R.randint(1950, 2002),
                "contact": {
                    "mobileNo": f.add("phone", any_phone(loc)),
                    "emailAddress": f.add("email", ja_email(jfk, jgk) if ja else email_for(given, family)),
                },
            },
            "vehicle": {
                "vin": f.add("vin", vin()),
                "registration": f.add("plate", jp_plate() if ja else foreign_plate(loc)),
                "modelYear": R.randint(2010, 2024),
                "telematics": {
                    "imei": f.add("device_id", imei()),
                    "firmware": version(),
                    "lastPosition": {"lat": lat, "lng": lon, "recordedAt": ts()},
                },
            },
            "updatedAt": ts(),
        }
        f.add("geo", None)
        recs.append(rec)
    f.customer = True
    doc = {"exportedAt": ts(), "schemaVersion": version(), "data": {"customers": recs}}
    return json.dumps(doc, ensure_ascii=False, indent=pick([2, None]))


def gen_xml(f, loc):
    ja = loc == "ja"
    out = ['<?xml version="1.0" encoding="UTF-8"?>', '<CustomerExport generated="%s">' % ts()]
    for _ in range(R.randint(3, 10)):
        given, family = en_name()
        jf, jg, jfk, jgk = ja_name()
        out.append('  <Customer id="%s">' % f.add("customer_id", "%08d" % R.randint(1, 99999999)))
        if ja:
            out.append("    <Name>%s %s</Name>" % (f.add("name", jf), jg))
            out.append("    <NameKana>%s %s</NameKana>" % (f.add("name", jfk), jgk))
        else:
            out.append("    <GivenName>%s</GivenName><FamilyName>%s</FamilyName>" % (given, f.add("name", family)))
        out.append("    <Tel>%s</Tel>" % f.add("phone", any_phone(loc)))
        if ja:
            z, p, m, t, n, b = ja_address()
            out.append("    <Address><Zip>%s</Zip><Line>%s</Line></Address>" % (z, f.add("address", p + m + t + n + b)))
        else:
            st, lo = en_address(loc if loc in ("au", "us", "uk", "nz", "in") else "au")
            out.append("    <Address>%s, %s</Address>" % (f.add("address", st), lo))
        out.append("    <Vehicle><VIN>%s</VIN><Plate>%s</Plate></Vehicle>"
                   % (f.add("vin", vin()), f.add("plate", jp_plate() if ja else foreign_plate(loc))))
        out.append("  </Customer>")
    out.append("</CustomerExport>")
    f.customer = True
    return "\n".join(out) + "\n"


def gen_kv_report(f, loc):
    ja = loc == "ja"
    given, family = en_name()
    jf, jg, jfk, jgk = ja_name()
    if ja:
        z, p, m, t, n, b = ja_address()
        lines = ["点検受付票", "受付日: %s" % date(), "受付番号: %s" % ticket_no(), "",
                 "お客様番号: %s" % f.add("customer_id", "%08d" % R.randint(1, 99999999)),
                 "氏名: %s %s 様" % (f.add("name", jf), jg),
                 "フリガナ: %s %s" % (f.add("name", jfk), jgk),
                 "ご住所: 〒%s %s" % (z, f.add("address", p + m + t + n + b)),
                 "携帯電話: %s" % f.add("phone", jp_mobile()),
                 "メール: %s" % f.add("email", ja_email(jfk, jgk)),
                 "車台番号: %s" % f.add("vin", chassis()),
                 "登録番号: %s" % f.add("plate", jp_plate()),
                 "走行距離: %s km" % format(R.randint(1000, 150000), ","),
                 "作業内容: 12ヶ月点検、オイル交換（部品番号 %s）" % part_no(),
                 "担当: サービス課"]
    else:
        st, lo = en_address(loc if loc in ("au", "us", "uk", "nz", "in") else "au")
        lines = ["SERVICE RECEPTION SHEET", "Date: %s" % date(), "RO Number: %s" % order_no2(), "",
                 "Customer No: %s" % f.add("customer_id", "%07d" % R.randint(1, 9999999)),
                 "Customer: %s %s" % (given, f.add("name", family)),
                 "Address: %s" % f.add("address", st), "         %s" % lo,
                 "Mobile: %s" % f.add("phone", any_phone(loc)),
                 "Email: %s" % f.add("email", email_for(given, family)),
                 "VIN: %s" % f.add("vin", vin()),
                 "Rego: %s" % f.add("plate", foreign_plate(loc)),
                 "Odometer: %d km" % R.randint(1000, 150000),
                 "Work: logbook service, part %s, total %s" % (part_no(), price())]
    f.customer = True
    return "\n".join(lines) + "\n"


def gen_ja_prose(f, loc):
    jf, jg, jfk, jgk = ja_name()
    sf, sg, _, _ = ja_name()
    body = [
        "件名：ナビゲーションの不具合について（%s）" % ticket_no(),
        "",
        "%s %s様より、%sに電話で問い合わせがありました。" % (f.add("name", jf), jg, date()),
        "ご連絡先は %s です。" % f.add("phone", jp_mobile()),
        "お車は %s（車台番号 %s）で、ナビの地図更新（Ver.%s）後に起動しないとのことです。"
        % (f.add("plate", jp_plate()), f.add("vin", chassis()), version()),
        "端末ID: %s" % f.add("device_id", imei()),
        "",
        "前回入庫時の位置情報: 緯度 %.6f, 経度 %.6f" % coord("ja"),
        "",
        "対応者：%s %s" % (f.add("name", sf), sg),
    ]
    f.add("geo", None)
    f.customer = True
    return "\n".join(body) + "\n"


def gen_en_letter(f, loc):
    given, family = en_name()
    sgiv, sfam = en_name()
    st, lo = en_address(loc if loc in ("au", "us", "uk", "nz", "in") else "au")
    title = pick(["Mr", "Ms", "Mrs", "Dr"])
    lines = [letterhead_en(), date(), "",
             "%s %s %s" % (title, given, f.add("name", family)),
             f.add("address", st), lo, "",
             "Dear %s %s %s," % (title, given, f.add("name", family)),
             "",
             "Our records show that your vehicle (VIN %s, registration %s) is affected by "
             "safety recall %s. Please call us to book a free inspection; the repair takes "
             "about %d hours." % (f.add("vin", vin()), f.add("plate", foreign_plate(loc)),
                                  pick(["R24-%03d", "SR%04d"]) % R.randint(1, 999), R.randint(1, 4)),
             "",
             "If your contact number has changed from %s, please let us know." % f.add("phone", any_phone(loc)),
             "",
             "Yours sincerely,",
             "",
             "%s %s" % (sgiv, f.add("name", sfam)),
             "Service Manager"]
    f.customer = True
    return "\n".join(lines) + "\n"


def gen_log(f, loc):
    out = []
    for _ in range(R.randint(20, 60)):
        r = R.random()
        if r < 0.25:
            lat, lon = coord(loc if loc != "th" else "ja")
            out.append("%s INFO telemetry imei=%s lat=%.6f lon=%.6f speed=%d fw=%s"
                       % (ts(), f.add("device_id", imei()), lat, lon, R.randint(0, 120), version()))
            f.add("geo", None)
        elif r < 0.3:
            out.append("%s WARN sync failed vin=%s customer_id=%s retry=%d"
                       % (ts(), f.add("vin", vin()), f.add("customer_id", "%08d" % R.randint(1, 99999999)), R.randint(1, 5)))
        else:
            out.append("%s DEBUG req=%s build=%s status=%d latency_ms=%d host=10.%d.%d.%d"
                       % (ts(), uuid(), "%d.%d.%d.%d" % (R.randint(1, 9), R.randint(0, 20), R.randint(0, 300), R.randint(0, 9999)),
                          pick([200, 200, 304, 500]), R.randint(1, 900), R.randint(0, 255), R.randint(0, 255), R.randint(1, 254)))
    f.customer = True
    return "\n".join(out) + "\n"


def gen_sql(f, loc):
    ja = loc == "ja"
    table = pick(["members", "crm_contacts", "owner_master"])
    cols = [("member_no", "VARCHAR(16)"), ("full_name", "VARCHAR(64)"), ("tel_mobile", "VARCHAR(20)"),
            ("mail_addr", "VARCHAR(128)"), ("vin_code", "CHAR(17)"), ("reg_no", "VARCHAR(16)"),
            ("created_at", "DATETIME")]
    out = ["-- dump %s" % ts(), "CREATE TABLE `%s` (" % table]
    out += ["  `%s` %s," % c for c in cols]
    out += ["  PRIMARY KEY (`member_no`)", ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;", ""]
    for _ in range(R.randint(4, 20)):
        given, family = en_name()
        jf, jg, jfk, jgk = ja_name()
        vals = [f.add("customer_id", "M%07d" % R.randint(1, 9999999)),
                f.add("name", "%s %s" % (jf, jg) if ja else "%s %s" % (given, family)),
                f.add("phone", any_phone(loc)),
                f.add("email", ja_email(jfk, jgk) if ja else email_for(given, family)),
                f.add("vin", vin()),
                f.add("plate", jp_plate() if ja else foreign_plate(loc)),
                "%s 10:00:00" % date()]
        out.append("INSERT INTO `%s` VALUES (%s);" % (table, ",".join("'%s'" % v.replace("'", "''") for v in vals)))
    f.customer = True
    return "\n".join(out) + "\n"


def gen_html(f, loc):
    ja = loc == "ja"
    heads = ["会員ID", "お名前", "電話", "ナンバー"] if ja else ["Member ID", "Name", "Phone", "Registration"]
    out = ["<html><head><meta charset='utf-8'><title>export</title></head><body>", "<table>",
           "<tr>" + "".join("<th>%s</th>" % h for h in heads) + "</tr>"]
    for _ in range(R.randint(3, 12)):
        given, family = en_name()
        jf, jg, _, _ = ja_name()
        cells = [f.add("customer_id", "%07d" % R.randint(1, 9999999)),
                 f.add("name", "%s %s" % (jf, jg) if ja else "%s %s" % (given, family)),
                 f.add("phone", any_phone(loc)),
                 f.add("plate", jp_plate() if ja else foreign_plate(loc))]
        out.append("<tr>" + "".join("<td>%s</td>" % c for c in cells) + "</tr>")
    out.append("</table></body></html>")
    f.customer = True
    return "\n".join(out) + "\n"


def gen_payments(f, loc):
    out = ["txn_ref,card_holder,card_number,amount,approved_at"]
    for _ in range(R.randint(3, 10)):
        given, family = en_name()
        out.append("%s,%s %s,%s,%s,%s" % (order_no2(), given, f.add("name", family),
                                         f.add("payment_card", pick([card(), group4(card())])),
                                         price().replace(",", ""), ts()))
    f.customer = True
    return "\n".join(out) + "\n"


def gen_device_registry(f, loc):
    heads = pick([["Owner", "IMEI", "ICCID", "Bluetooth MAC", "Installed"],
                  ["所有者", "IMEI番号", "SIM ICCID", "BT MACアドレス", "取付日"]])
    out = [",".join(heads)]
    for _ in range(R.randint(4, 15)):
        given, family = en_name()
        jf, jg, _, _ = ja_name()
        owner = "%s %s" % (jf, jg) if heads[0] == "所有者" else "%s %s" % (given, family)
        out.append(",".join([f.add("name", owner), f.add("device_id", imei()), f.add("device_id", iccid()),
                             f.add("device_id", mac(pick([":", "-"]))), date()]))
    f.customer = True
    return "\n".join(out) + "\n"


def gen_trips(f, loc):
    region = loc if loc != "th" else "ja"
    out = ["trip_id,vin,start_time,start_lat,start_lon,end_lat,end_lon,distance_km"]
    for _ in range(R.randint(5, 20)):
        a, b = coord(region)
        c, d = coord(region)
        out.append("%s,%s,%s,%.6f,%.6f,%.6f,%.6f,%.1f" % (uuid()[:8], f.add("vin", vin()), ts(), a, b, c, d,
                                                          R.uniform(1, 300)))
        f.add("geo", None, 2)
    f.customer = True
    return "\n".join(out) + "\n"


def gen_jsonl_events(f, loc):
    """Telematics events, one JSON object a line, the driver nested."""
    region = loc if loc != "th" else "ja"
    out = []
    for _ in range(R.randint(5, 20)):
        given, family = en_name()
        jf, jg, jfk, jgk = ja_name()
        lat, lon = coord(region)
        ev = {"ts": ts(), "event": pick(["ignition_on", "harsh_brake", "geofence_exit"]),
              "unit": {"imei": f.add("device_id", imei()), "fw": version()},
              "driver": {"name": f.add("name", "%s %s" % (jf, jg) if loc == "ja" else "%s %s" % (given, family)),
                         "phone": f.add("phone", any_phone(loc))},
              "gps": {"lat": lat, "lon": lon, "hdop": round(R.uniform(0.5, 3), 1)}}
        f.add("geo", None)
        out.append(json.dumps(ev, ensure_ascii=False))
    f.customer = True
    return "\n".join(out) + "\n"


def gen_md_table(f, loc):
    ja = loc == "ja"
    heads = ["お名前", "電話番号", "メール", "車台番号"] if ja else ["Customer", "Phone", "E-mail", "VIN"]
    out = ["## " + ("来店予約一覧" if ja else "Service bookings %s" % date()), "",
           "| " + " | ".join(heads) + " |", "|" + "---|" * len(heads)]
    for _ in range(R.randint(3, 12)):
        given, family = en_name()
        jf, jg, jfk, jgk = ja_name()
        out.append("| %s | %s | %s | %s |" % (
            f.add("name", "%s %s" % (jf, jg) if ja else "%s %s" % (given, family)), f.add("phone", any_phone(loc)),
            f.add("email", ja_email(jfk, jgk) if ja else email_for(given, family)),
            f.add("vin", chassis() if ja else vin())))
    f.customer = True
    return "\n".join(out) + "\n"


def gen_vcard(f, loc):
    out = []
    for _ in range(R.randint(2, 8)):
        given, family = en_name()
        st, lo = en_address(loc if loc in ("au", "us", "uk", "nz", "in") else "au")
        out += ["BEGIN:VCARD", "VERSION:3.0",
                "N:%s;%s;;;" % (f.add("name", family), given), "FN:%s %s" % (given, f.add("name", family)),
                "TEL;TYPE=CELL:%s" % f.add("phone", any_phone(loc if loc != "ja" else "au")),
                "EMAIL;TYPE=HOME:%s" % f.add("email", email_for(given, family)),
                "ADR;TYPE=HOME:;;%s;%s" % (f.add("address", st), lo.replace(",", "")), "END:VCARD"]
    f.customer = True
    return "\r\n".join(out) + "\r\n"


def gen_yaml(f, loc):
    ja = loc == "ja"
    given, family = en_name()
    jf, jg, jfk, jgk = ja_name()
    lines = ["# exported %s" % ts(), "customer:",
             "  member_no: %s" % f.add("customer_id", "%08d" % R.randint(1, 99999999)),
             "  name: %s" % f.add("name", "%s %s" % (jf, jg) if ja else "%s %s" % (given, family)),
             "  mobile: \"%s\"" % f.add("phone", any_phone(loc)),
             "  email: %s" % f.add("email", ja_email(jfk, jgk) if ja else email_for(given, family)),
             "vehicle:", "  vin: %s" % f.add("vin", vin()),
             "  plate: \"%s\"" % f.add("plate", jp_plate() if ja else foreign_plate(loc)),
             "  model_year: %d" % R.randint(2010, 2024), "  warranty_until: %s" % date()]
    f.customer = True
    return "\n".join(lines) + "\n"


def gen_ja_mail(f, loc):
    jf, jg, jfk, jgk = ja_name()
    sf, sg, sfk, sgk = ja_name()
    z, p, m, t, n, b = ja_address()
    lines = ["From: %s %s <%s>" % (f.add("name", jf), jg, f.add("email", ja_email(jfk, jgk))),
             "To: service@%s" % pick(MAIL_DOMAINS), "Subject: 点検予約の変更について", "Date: %s" % ts(), "",
             "%s %s 様" % (f.add("name", jf), jg), "", "いつもお世話になっております。",
             "ご予約の日時を%sに変更いたしました。お車（%s）はそのままお持ちください。" % (date(), f.add("plate", jp_plate())),
             "ご登録のご住所（〒%s %s）宛に案内状をお送りします。" % (z, f.add("address", p + m + t + n + b)), "",
             "よろしくお願いいたします。", "", "サービス課 %s %s" % (f.add("name", sf), sg),
             "内線 %d / %s" % (R.randint(200, 899), f.add("email", ja_email(sfk, sgk)))]
    f.customer = True
    return "\n".join(lines) + "\n"


def gen_customer_with_ext(f, loc):
    """A customer list that also names the salesperson's extension: still customer data."""
    ja = loc == "ja"
    heads = ["顧客番号", "氏名", "携帯", "担当", "担当内線"] if ja else ["Customer ID", "Name", "Mobile", "Sales Rep", "Rep Ext"]
    out = [",".join(heads)]
    reps = [ja_name() if ja else en_name() for _ in range(3)]
    for _ in range(R.randint(4, 15)):
        given, family = en_name()
        jf, jg, _, _ = ja_name()
        rep = pick(reps)
        rep_name = "%s %s" % (rep[0], rep[1])
        out.append(",".join([f.add("customer_id", "%07d" % R.randint(1, 9999999)),
                             f.add("name", "%s %s" % (jf, jg) if ja else "%s %s" % (given, family)),
                             f.add("phone", any_phone(loc)), f.add("name", rep_name), str(R.randint(200, 899))]))
    f.customer = True
    return "\n".join(out) + "\n"


def gen_en_note_ext(f, loc):
    """A customer's work number with an extension, next to the car: still a customer."""
    given, family = en_name()
    st, lo = en_address(loc if loc in ("au", "us", "uk", "nz", "in") else "au")
    lines = ["Call log %s" % date(), "",
             "Spoke to %s %s about the recall on VIN %s. Best reached at work on %s ext. %d."
             % (given, f.add("name", family), f.add("vin", vin()), f.add("phone", any_phone(loc if loc != "ja" else "au")),
                R.randint(10, 99)),
             "Follow-up booked for %s." % date()]
    f.customer = True
    return "\n".join(lines) + "\n"


def gen_invoice_company(f, loc):
    """A supplier's invoice to the dealer: company data only."""
    st, lo = en_address("au")
    lat, lon = coord("au")
    lines = [company_en(), "ABN %02d %03d %03d %03d" % (R.randint(10, 99), R.randint(0, 999), R.randint(0, 999), R.randint(0, 999)),
             "%s, %s" % (st, lo), "Accounts: %s (main)  Customer Service: 1300 %03d %03d" % (au_fixed(), R.randint(100, 999), R.randint(0, 999)),
             "Find us: %.4f, %.4f (showroom)" % (lat, lon), "",
             "TAX INVOICE %s   Date %s   Your order %s" % (order_no2(), date(), order_no2()), ""]
    for _ in range(R.randint(3, 10)):
        lines.append("%-14s %-28s x%d  %s  S/N %s" % (part_no(), pick(["Floor mats", "Roof racks", "Tow bar kit"]),
                                                   R.randint(1, 4), price(), luhn_fail(15)))
    lines += ["", "Pay to BSB %03d-%03d Account %08d" % (R.randint(0, 999), R.randint(0, 999), R.randint(0, 99999999)),
              "EAN %s  tracking %s" % (digits(13), "1Z%s" % "".join(pick(string.ascii_uppercase + string.digits) for _ in range(16)))]
    return "\n".join(lines) + "\n"


def gen_license_keys(f, loc):
    out = ["# licence inventory %s" % date()]
    for _ in range(R.randint(5, 15)):
        out.append("%s\tkey=%s\tseats=%d\tserial=%s\tasset=%s" % (
            pick(["DMS", "Navi Studio", "Parts DB"]), "-".join("".join(pick(string.ascii_uppercase + string.digits) for _ in range(5)) for _ in range(5)),
            R.randint(1, 50), "SN%s" % digits(10), uuid()))
    return "\n".join(out) + "\n"


def gen_ticket_export(f, loc):
    """A helpdesk export: ticket, case and work-order numbers, no people."""
    out = ["ticket_id,case_no,work_order,opened,category,status,sla_hours"]
    for _ in range(R.randint(8, 25)):
        out.append("%s,CASE%d-%06d,WO%d-%06d,%s,%s,%s,%d" % (
            ticket_no(), R.randint(1, 30), R.randint(1, 999999), R.randint(1, 9), R.randint(1, 999999), ts(),
            pick(["navi", "bluetooth", "map update", "warranty"]), pick(["open", "closed", "pending"]),
            R.randint(4, 72)))
    return "\n".join(out) + "\n"


# ---- staff-only files (personal data of employees, no customers)

def gen_staff_list(f, loc):
    ja = loc == "ja"
    if ja:
        out = ["社員番号\t氏名\t部署\t内線\t携帯\tメール"]
    else:
        out = ["Employee ID\tName\tDepartment\tExt.\tMobile\tEmail"]
    for _ in range(R.randint(6, 25)):
        given, family = en_name()
        jf, jg, jfk, jgk = ja_name()
        dept = pick(["総務部", "営業部", "サービス課", "経理課"]) if ja else pick(["Sales", "Service", "Finance", "Parts"])
        out.append("\t".join([
            "E%05d" % R.randint(1, 99999),
            f.add("name", "%s %s" % (jf, jg) if ja else "%s %s" % (given, family)),
            dept, str(R.randint(200, 899)),
            f.add("phone", jp_mobile("dash") if ja else any_phone(loc)),
            f.add("email", ja_email(jfk, jgk) if ja else email_for(given, family)),
        ]))
    return "\n".join(out) + "\n"


def gen_staff_memo(f, loc):
    ja = loc == "ja"
    if ja:
        a, b, c, d = ja_name()
        x, y, _, _ = ja_name()
        lines = ["社内連絡", "", "各位", "", "来週の棚卸しについて、%s付で倉庫の鍵の受け渡し方法が変わります。" % date(),
                 "不明点は総務部までお問い合わせください。", "",
                 "出席: %s %s、%s %s" % (f.add("name", a), b, f.add("name", x), y), "", "以上", "",
                 "総務部 %s %s" % (f.add("name", a), b), "内線 %d" % R.randint(200, 899),
                 "Mail: %s" % f.add("email", ja_email(c, d))]
    else:
        g, fa = en_name()
        g2, f2 = en_name()
        lines = ["INTERNAL MEMO", "", "To: All staff", "Re: workshop roster from %s" % date(), "",
                 "The workshop will close at 3pm on Friday for the stocktake (build %s of the DMS "
                 "goes live that night)." % version(), "",
                 "Attendees: %s %s, %s %s" % (g, f.add("name", fa), g2, f.add("name", f2)), "",
                 "Regards,", "%s %s" % (g, f.add("name", fa)), "Office Manager, ext. %d" % R.randint(200, 899),
                 f.add("email", email_for(g, fa))]
    return "\n".join(lines) + "\n"


# ---- negatives

def gen_release_notes(f, loc):
    out = ["# Release notes %s" % version(), ""]
    for _ in range(R.randint(8, 20)):
        out.append("- %s (build %s, commit %s): %s" % (
            version(), "%d%02d%02d.%d" % (2024, R.randint(1, 12), R.randint(1, 28), R.randint(1, 9)),
            sha()[:pick([7, 12, 40])], pick(["fixed map tile cache", "navi boot time", "bluetooth pairing",
                                             "OTA package %s" % luhn_fail(15)])))
    out.append("")
    out.append("Package id %s, image checksum %s" % (uuid(), sha()))
    out.append("Firmware: %s.%s.%s.%s  (ECU %s)" % (R.randint(1, 9), R.randint(0, 99), R.randint(0, 999),
                                                   R.randint(0, 9999), part_no()))
    return "\n".join(out) + "\n"


def gen_parts_catalogue(f, loc):
    out = ["part_no,description,applicable_frames,price,qty"]
    for _ in range(R.randint(10, 30)):
        code = pick(["ZVW50", "NRE210", "MXPA10", "GRS210"])
        out.append("%s,%s,%s-%07d～%s-%07d,%s,%d" % (
            pick([part_no(), bad_part17()]), pick(["Oil filter", "Wiper blade", "Brake pad set", "Spark plug"]),
            code, R.randint(1000001, 1099999), code, R.randint(1100000, 1999999),
            price().replace(",", ""), R.randint(1, 50)))
    return "\n".join(out) + "\n"


def gen_orders(f, loc):
    out = ["order_no;ordered_at;sku;qty;unit_price;tracking"]
    for _ in range(R.randint(10, 30)):
        out.append("%s;%s;%s;%d;%s;%s" % (order_no2(), ts(), part_no(), R.randint(1, 9),
                                         price().replace(",", ""), luhn_fail(16)))
    return "\n".join(out) + "\n"


def gen_bibliography(f, loc):
    out = ["Reading list (%s)" % date(), ""]
    for _ in range(R.randint(5, 12)):
        out.append("* %s %s, %s, ISBN %s, %s" % (latin_word(2), pick(["Handbook", "Guide", "Manual"]),
                                              pick(["2nd ed.", "3rd ed."]), isbn13(), price()))
    return "\n".join(out) + "\n"


def gen_letterhead(f, loc):
    if loc == "ja":
        body = [letterhead_ja(), "", "お客様各位", "", "年末年始の営業時間についてお知らせいたします。",
                "12月29日から1月3日までは休業とさせていただきます。", "", "お問い合わせ: 0570-%03d-%03d（ナビダイヤル）"
                % (R.randint(0, 999), R.randint(0, 999)), "info@%s" % pick(MAIL_DOMAINS), "", "以上"]
    else:
        body = [letterhead_en(), "", "Dear valued customer,", "",
                "Our service department will be closed over the public holiday. Bookings can be "
                "made online or by calling our call centre on 1300 %03d %03d." % (R.randint(100, 999), R.randint(0, 999)),
                "", "support@%s | noreply@%s" % (pick(MAIL_DOMAINS), pick(MAIL_DOMAINS)), "",
                "ABN %02d %03d %03d %03d" % (R.randint(10, 99), R.randint(0, 999), R.randint(0, 999), R.randint(0, 999))]
    return "\n".join(body) + "\n"


def gen_poi(f, loc):
    region = loc if loc != "th" else "ja"
    pois = []
    for _ in range(R.randint(5, 15)):
        lat, lon = coord(region)
        pois.append({"poiId": R.randint(1000, 99999), "name": latin_word(2) + " " + pick(["Station", "Park", "Mall"]),
                     "category": pick(["fuel", "parking", "ev_charger"]), "lat": lat, "lon": lon})
    lat, lon = coord(region)
    doc = {"tileset": "v%s" % version(), "center": [lat, lon], "zoom": 12,
           "bounds": [round(lon - 0.1, 4), round(lat - 0.1, 4), round(lon + 0.1, 4), round(lat + 0.1, 4)],
           "pois": pois}
    return json.dumps(doc, indent=2)


def gen_store_locator(f, loc):
    region = loc if loc != "th" else "ja"
    out = ["store_name,address,phone,latitude,longitude,open_hours"]
    for _ in range(R.randint(4, 12)):
        lat, lon = coord(region)
        if region == "ja":
            z, p, m, t, n, _ = ja_address("hyphen")
            addr, ph = "〒%s %s%s%s%s" % (z, p, m, t, n), jp_fixed()
        else:
            st, lo = en_address(region if region in ("au", "us", "uk", "nz", "in") else "au")
            addr, ph = '"%s, %s"' % (st, lo), any_phone(region)
        out.append("%s %s,%s,%s,%.6f,%.6f,9:00-18:00" % (latin_word(2), pick(["Store", "Branch", "Showroom"]),
                                                        addr, ph, lat, lon))
    return "\n".join(out) + "\n"


def gen_config(f, loc):
    out = ["[server]", "host = 10.%d.%d.%d" % (R.randint(0, 255), R.randint(0, 255), R.randint(1, 254)),
           "port = %d" % R.randint(1024, 65535), "build = %s" % luhn_fail(15),
           "api_key = %s" % sha()[:32], "instance_id = %s" % uuid(), "version = %s" % version(),
           "[limits]", "max_bytes = %d" % R.randint(10 ** 6, 10 ** 9), "timeout_ms = %d" % R.randint(100, 90000),
           "[schedule]", "nightly = %s" % ts(), "retention_days = %d" % R.randint(7, 365)]
    return "\n".join(out) + "\n"


def gen_stats_xlsx_like(f, loc):
    out = ["month\tunits_sold\trevenue\tavg_price\tgrowth"]
    for m in range(1, 13):
        out.append("2024-%02d\t%d\t%d\t%.2f\t%.4f" % (m, R.randint(10, 900), R.randint(10 ** 6, 10 ** 8),
                                                      R.uniform(1000, 90000), R.uniform(-0.2, 0.3)))
    return "\n".join(out) + "\n"


def gen_masked(f, loc):
    out = ["Payment summary", ""]
    for _ in range(R.randint(4, 10)):
        c = card()
        out.append("%s  card **** **** **** %s  ref %s  %s" % (date(), c[-4:], luhn_fail(16), price()))
        out.append("%s  card %s******%s  auth %06d" % (date(), c[:6], c[-4:], R.randint(0, 999999)))
    return "\n".join(out) + "\n"


CUSTOMER_GENS = [("csv", gen_csv, 40), ("json", gen_json, 14), ("xml", gen_xml, 12),
                 ("txt", gen_kv_report, 16), ("txt", gen_ja_prose, 12), ("txt", gen_en_letter, 12),
                 ("log", gen_log, 10), ("sql", gen_sql, 8), ("html", gen_html, 8), ("csv", gen_payments, 4),
                 ("csv", gen_device_registry, 6), ("csv", gen_trips, 6),
                 # second batch, written after the first round of fixes (see README.md)
                 ("jsonl", gen_jsonl_events, 6), ("md", gen_md_table, 6), ("vcf", gen_vcard, 5),
                 ("yaml", gen_yaml, 6), ("txt", gen_ja_mail, 6), ("csv", gen_customer_with_ext, 6),
                 ("txt", gen_en_note_ext, 5)]
STAFF_GENS = [("tsv", gen_staff_list, 6), ("txt", gen_staff_memo, 6)]
NONE_GENS = [("md", gen_release_notes, 8), ("csv", gen_parts_catalogue, 8), ("csv", gen_orders, 8),
             ("txt", gen_bibliography, 5), ("txt", gen_letterhead, 10), ("json", gen_poi, 6),
             ("csv", gen_store_locator, 6), ("ini", gen_config, 5), ("tsv", gen_stats_xlsx_like, 4),
             ("txt", gen_masked, 4), ("txt", gen_invoice_company, 6), ("tsv", gen_license_keys, 4),
             ("csv", gen_ticket_export, 5)]
LOCALES = ["ja", "ja", "ja", "au", "us", "uk", "nz", "in"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--out", default=None, help="default bench/out/heldout (v1) or bench/out/heldout-v2")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--set", choices=["v1", "v2"], default="v1",
                    help="v2: the second held-out set with new export shapes (gen_v2.py)")
    args = ap.parse_args()
    if args.set == "v2":
        import gen_v2   # imported late: v1 output must not depend on it
        gen_v2.run(os.path.abspath(args.out or os.path.join(here, "..", "..", "bench", "out", "heldout-v2")),
                   args.seed)
        return
    args.out = args.out or os.path.join(here, "..", "..", "bench", "out", "heldout")
    R.seed(args.seed)
    out = os.path.abspath(args.out)
    corpus = os.path.join(out, "corpus")
    if os.path.isdir(corpus):
        shutil.rmtree(corpus)
    os.makedirs(corpus)
    files, values = [], []
    for group, gens, label in (("customers", CUSTOMER_GENS, "customer-data"),
                               ("staff", STAFF_GENS, "personal-data"), ("misc", NONE_GENS, "none")):
        for ext, gen, n in gens:
            for i in range(n):
                loc = "ja" if gen in (gen_ja_prose, gen_ja_mail) else pick(LOCALES)
                rel = "%s/%s/%s_%03d.%s" % (group, loc, gen.__name__[4:], i, ext)
                f = File(rel)
                text = gen(f, loc)
                counts = {k: v for k, v in f.counts.items() if v}
                if label == "customer-data" and not counts:
                    label_here = "none"
                else:
                    label_here = label if counts or label == "none" else "none"
                enc = "utf-8"
                if ext == "csv" and loc == "ja" and R.random() < 0.3:
                    enc = "cp932"
                path = os.path.join(corpus, rel)
                os.makedirs(os.path.dirname(path), exist_ok=True)
                with open(path, "wb") as fh:
                    fh.write(text.encode(enc))
                values.append({"path": [rel], "values": f.values})
                files.append({"path": [rel], "type": ext, "label": label_here, "counts": counts,
                              "locale": loc, "template": gen.__name__, "encoding": enc})
    truth = {"format": "exposcan-truth/1", "profile": "heldout", "root": "corpus",
             "note": "generated by tools/heldout/gen_heldout.py --seed %d" % args.seed,
             "detectors": DETECTORS, "files": files}
    with open(os.path.join(out, "truth.json"), "w", encoding="utf-8") as fh:
        json.dump(truth, fh, ensure_ascii=False, indent=1)
    with open(os.path.join(out, "values.jsonl"), "w", encoding="utf-8") as fh:
        for v in values:
            fh.write(json.dumps(v, ensure_ascii=False) + "\n")
    print("%d files in %s" % (len(files), corpus))


if __name__ == "__main__":
    main()
