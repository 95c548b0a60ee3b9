"""Second held-out set (`gen_heldout.py --set v2`): export shapes the first set lacks.

Romanised Japanese and NZ addresses, vCard 3.0/4.0, Asia-Pacific and UK phone
formats in CSVs with varied headers, full-width digits in Japanese forms,
honorifics in Japanese mail, "Dear Ms X" letters, Korean names with 님 /
고객명 labels, nested JSON API dumps, XML attributes, and decoy-heavy
negatives. Same rules as the first set: synthetic values only, counts
recorded as each value is written.
"""
import json

import gen_heldout as g
from gen_heldout import R, pick, digits, en_name, ja_name, email_for, ja_email, vin, imei

# ---------------------------------------------------------------- values

# romanised town / ward parts: built from syllables, never a real town list
JSYL = ["saku", "ra", "mido", "ri", "kawa", "yama", "naka", "hara", "shima", "oka", "no",
        "mi", "ta", "ka", "hi", "ga", "sawa", "mori", "ha", "se", "to", "ki"]
JPREF = ["Tokyo", "Osaka", "Kanagawa", "Aichi", "Fukuoka", "Hokkaido", "Saitama", "Chiba", "Hyogo"]


def jsyl_word(n):
    w = "".join(pick(JSYL) for _ in range(n))
    return w[0].upper() + w[1:]


def ja_roman_address():
    num = "%d-%d-%d" % (R.randint(1, 9), R.randint(1, 30), R.randint(1, 25))
    town = jsyl_word(R.randint(2, 3))
    ward = jsyl_word(2) + pick(["-ku", "-shi", " City", "-cho"])
    zipc = "%03d-%04d" % (R.randint(100, 999), R.randint(0, 9999))
    bldg = pick(["", "", "%s Heights %d0%d, " % (jsyl_word(2), R.randint(1, 9), R.randint(1, 9))])
    return "%s%s %s, %s, %s %s" % (bldg, num, town, ward, pick(JPREF), zipc)


NZ_CITIES = ["Auckland", "Wellington", "Christchurch", "Hamilton", "Dunedin"]


def nz_address():
    """(street line, 'Suburb, City NNNN') - no state on the locality line."""
    st = "%d %s %s" % (R.randint(1, 400), g.latin_word(2), pick(["Street", "Road", "Avenue", "Terrace", "Crescent", "Place"]))
    return st, "%s, %s %04d" % (g.latin_word(R.randint(2, 3)), pick(NZ_CITIES), R.randint(1010, 9999))


def fullwidth(s):
    return "".join(chr(ord(c) + 0xFEE0) if "0" <= c <= "9" or c == "-" else c for c in s)


PHONES = {
    "uk": lambda: pick(["07%d%02d %06d" % (pick([4, 5, 7, 8, 9]), R.randint(0, 99), R.randint(0, 999999)),
                        "+44 7%d%02d %03d %03d" % (pick([4, 5, 7, 8, 9]), R.randint(0, 99), R.randint(0, 999), R.randint(0, 999)),
                        "0161 %03d %04d" % (R.randint(200, 999), R.randint(0, 9999)),
                        "020 %d%03d %04d" % (R.randint(3, 8), R.randint(0, 999), R.randint(0, 9999))]),
    "in": lambda: pick(["+91 %d%04d %05d", "+91-%d%04d%05d", "0%d%04d%05d"]) % (R.randint(7, 9), R.randint(0, 9999), R.randint(0, 99999)),
    "sg": lambda: pick(["+65 %d%03d %04d", "+65-%d%03d-%04d", "(+65) %d%03d%04d"]) % (pick([8, 9]), R.randint(0, 999), R.randint(0, 9999)),
    "my": lambda: pick(["+60 1%d-%03d %04d", "01%d-%03d %04d", "+601%d%03d%04d"]) % (
        pick([2, 3, 6, 7, 9]), R.randint(100, 999), R.randint(0, 9999)),
    "ph": lambda: pick(["+63 9%02d %03d %04d", "09%02d %03d %04d", "09%02d-%03d-%04d"]) % (R.randint(5, 99), R.randint(0, 999), R.randint(0, 9999)),
    "id": lambda: pick(["+62 8%02d-%04d-%04d", "08%02d %04d %04d", "+62 8%02d %04d %04d"]) % (R.randint(11, 59), R.randint(0, 9999), R.randint(0, 9999)),
    "vn": lambda: pick(["+84 9%02d %03d %03d", "09%02d %03d %03d", "09%02d.%03d.%03d"]) % (R.randint(0, 99), R.randint(0, 999), R.randint(0, 999)),
    "kr": lambda: pick(["010-%04d-%04d", "+82 10-%04d-%04d", "+82-10-%04d-%04d"]) % (R.randint(2000, 9999), R.randint(0, 9999)),
    "tw": lambda: pick(["09%02d-%03d-%03d", "+886 9%02d %03d %03d", "+886-9%02d-%03d-%03d"]) % (R.randint(10, 89), R.randint(0, 999), R.randint(0, 999)),
    "hk": lambda: pick(["+852 %d%03d %04d", "+852-%d%03d-%04d", "(852) %d%03d %04d"]) % (pick([5, 6, 9]), R.randint(0, 999), R.randint(0, 9999)),
}

PHONE_HEADERS = ["Mobile", "Handphone", "HP No.", "Contact Number", "Phone (Mobile)", "Cell",
                 "Mobile Phone", "Tel. No.", "Contact No", "휴대폰", "連絡電話", "手機號碼", "Điện thoại"]
NAME_HEADERS = ["Customer Name", "Full Name", "Name", "Owner", "Contact Person", "고객명", "客戶姓名", "Họ tên"]
MAIL_HEADERS = ["Email", "E-mail", "Email Address", "이메일", "電子郵件"]
CID_HEADERS = ["Customer ID", "Cust ID", "Member No.", "Account No", "고객번호", "客戶編號"]

KFAM = ["김", "이", "박", "최", "정", "강", "조", "윤", "장", "임"]
KGIV = ["민", "서", "준", "지", "현", "우", "연", "하", "도", "예", "은", "수", "진", "호"]


def ko_name():
    return pick(KFAM) + pick(KGIV) + pick(KGIV)


# ---------------------------------------------------------------- customer files

def gen_ap_phone_csv(f, loc):
    region = pick(list(PHONES))
    delim = pick([",", ";", "\t"])
    hdr = [pick(CID_HEADERS), pick(NAME_HEADERS), pick(PHONE_HEADERS), pick(MAIL_HEADERS), "Created"]
    rows = [delim.join(hdr)]
    for _ in range(R.randint(4, 14)):
        given, family = en_name()
        name = ko_name() if region == "kr" and R.random() < 0.7 else "%s %s" % (given, family)
        rows.append(delim.join([f.add("customer_id", "%d" % R.randint(100000, 9999999)), f.add("name", name),
                                f.add("phone", PHONES[region]()), f.add("email", email_for(given, family)),
                                g.date()]))
    f.customer = True
    return "\r\n".join(rows) + "\r\n"


def gen_roman_ja_addr(f, loc):
    hdr = pick([["Customer No", "Name", "Address", "Phone"], ["ID", "Customer", "Mailing Address", "Tel"]])
    rows = [",".join(hdr)]
    for _ in range(R.randint(3, 10)):
        given, family = en_name()
        rows.append(",".join([f.add("customer_id", "%07d" % R.randint(1, 9999999)),
                              f.add("name", "%s %s" % (given, family)),
                              '"%s"' % f.add("address", ja_roman_address()),
                              f.add("phone", g.jp_mobile(pick(["dash", "intl"])))]))
    f.customer = True
    return "\n".join(rows) + "\n"


def gen_nz_letter(f, loc):
    given, family = en_name()
    st, lo = nz_address()
    title = pick(["Ms", "Mr", "Mrs", "Dr", "Miss"])
    lines = [g.letterhead_en(), g.date(), "",
             "%s %s %s" % (title, given, f.add("name", family)), f.add("address", st), lo, "",
             "Dear %s %s," % (title, f.add("name", family)), "",
             "Thank you for bringing your vehicle in for its %d,000 km service. Your next service is due "
             "in %d months. If we need to reach you we will call %s." % (R.randint(10, 90), R.randint(6, 12),
                                                                      f.add("phone", "021 %03d %04d" % (R.randint(100, 999), R.randint(0, 9999)))),
             "", "Kind regards,", "", "Customer Care Team"]
    f.customer = True
    return "\n".join(lines) + "\n"


def gen_vcard4(f, loc):
    out = []
    for _ in range(R.randint(2, 6)):
        ver = pick(["3.0", "4.0"])
        ja = R.random() < 0.4
        given, family = en_name()
        out += ["BEGIN:VCARD", "VERSION:%s" % ver]
        if ja:
            jf, jg, jfk, jgk = ja_name()
            out += ["N:%s;%s;;;" % (f.add("name", jf), jg), "FN:%s %s" % (f.add("name", jf), jg)]
            mail = ja_email(jfk, jgk)
            z, p, m, t, n, b = g.ja_address("hyphen")
            adr = ";;%s;%s;%s;%s;Japan" % (t + n + b, m, p, z)
            tel = g.jp_mobile(pick(["dash", "intl"]))
        else:
            out += ["N:%s;%s;;%s;" % (f.add("name", family), given, pick(["Mr.", "Ms.", ""])),
                    "FN:%s %s" % (given, f.add("name", family))]
            mail = email_for(given, family)
            st, lo = nz_address()
            town, rest = lo.split(", ")
            city, pc = rest.rsplit(" ", 1)
            adr = ";;%s;%s;%s;%s;New Zealand" % (st, town, city, pc)
            tel = "+64 21 %03d %04d" % (R.randint(100, 999), R.randint(0, 9999))
        if ver == "4.0":
            out += ["TEL;TYPE=cell;VALUE=uri:tel:%s" % f.add("phone", tel.replace(" ", "-")),
                    "EMAIL;TYPE=home:%s" % f.add("email", mail), "ADR;TYPE=home:%s" % adr]
        else:
            out += ["TEL;TYPE=CELL:%s" % f.add("phone", tel), "EMAIL:%s" % f.add("email", mail),
                    "ADR;TYPE=HOME:%s" % adr]
        f.add("address", None)
        out.append("END:VCARD")
    f.customer = True
    return "\r\n".join(out) + "\r\n"


def gen_ja_form_fullwidth(f, loc):
    out = []
    for _ in range(R.randint(1, 3)):
        jf, jg, jfk, jgk = ja_name()
        z, p, m, t, n, b = g.ja_address()
        out += ["■お問い合わせフォーム受付", "お名前：%s　%s" % (f.add("name", jf), jg),
                "フリガナ：%s　%s" % (f.add("name", jfk), jgk),
                "郵便番号：〒%s" % fullwidth(z), "ご住所：%s" % f.add("address", fullwidth(p + m + t + n + b)),
                "電話番号：%s" % f.add("phone", fullwidth(g.jp_mobile("dash"))),
                "メールアドレス：%s" % f.add("email", ja_email(jfk, jgk)),
                "お問い合わせ内容：次回の点検日を教えてください。", ""]
    f.customer = True
    return "\n".join(out)


def gen_ja_mail_honorific(f, loc):
    jf, jg, jfk, jgk = ja_name()
    sf, sg, sfk, sgk = ja_name()
    lines = ["From: %s%s <%s>" % (f.add("name", jf), jg, f.add("email", ja_email(jfk, jgk))),
             "To: reserve@%s" % pick(g.MAIL_DOMAINS), "Subject: Re: 車検のご案内", "",
             "%s様" % f.add("name", jf), "", "いつも大変お世話になっております。",
             "先日お電話いただいた件ですが、%sさんのご都合に合わせて日程を調整いたします。" % f.add("name", jf),
             "ご連絡先は%sでよろしいでしょうか。" % f.add("phone", g.jp_mobile("dash")), "",
             "担当：%s%s" % (f.add("name", sf), sg)]
    f.customer = True
    return "\n".join(lines) + "\n"


def gen_ko_notes(f, loc):
    out = ["상담 기록", ""]
    for _ in range(R.randint(2, 6)):
        n1, n2 = ko_name(), ko_name()
        out += ["고객명: %s" % f.add("name", n1),
                "연락처: %s" % f.add("phone", PHONES["kr"]()),
                "%s 님께서 차량 점검 일정을 문의하셨습니다. 담당자 %s 님이 회신 예정." % (f.add("name", n1), f.add("name", n2)), ""]
    f.customer = True
    return "\n".join(out)


def gen_api_dump(f, loc):
    items = []
    for _ in range(R.randint(2, 8)):
        given, family = en_name()
        items.append({"id": "veh_%s" % "".join(pick("abcdef0123456789") for _ in range(12)),
                      "vin": f.add("vin", vin()),
                      "owner": {"fullName": f.add("name", "%s %s" % (given, family)),
                                "contact": {"email": f.add("email", email_for(given, family)),
                                            "phone": {"type": "mobile", "number": f.add("phone", PHONES[pick(["sg", "my", "hk", "ph"])]())}}},
                      "device": {"imei": f.add("device_id", imei()), "fw": g.version()},
                      "createdAt": g.ts()})
    f.customer = True
    return json.dumps({"meta": {"page": 1, "requestId": g.uuid()}, "items": items}, indent=2) + "\n"


def gen_xml_attrs(f, loc):
    out = ['<?xml version="1.0"?>', "<customers>"]
    for _ in range(R.randint(3, 9)):
        given, family = en_name()
        out.append('  <customer id="%s" name="%s" email="%s" phone="%s"/>' % (
            f.add("customer_id", "%08d" % R.randint(1, 99999999)), f.add("name", "%s %s" % (given, family)),
            f.add("email", email_for(given, family)), f.add("phone", PHONES[pick(["uk", "in", "tw", "vn", "id"])]())))
    out.append("</customers>")
    f.customer = True
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- negatives

def gen_letterhead_ja2(f, loc):
    z, p, m, t, n, _ = g.ja_address("hyphen")
    return ("%s\n〒%s %s%s%s%s\n代表 %s　FAX %s\nフリーダイヤル 0120-%03d-%03d（受付 9:00～18:00）\n"
            "ナビダイヤル 0570-%03d-%03d\n\n新型車発表会のご案内\n日時：%s\n"
            % (g.company_ja(), z, p, m, t, n, g.jp_fixed(), g.jp_fixed(), R.randint(100, 999), R.randint(0, 999),
               R.randint(0, 999), R.randint(0, 999), g.date()))


def gen_store_list2(f, loc):
    rows = ["Store,Address,Phone,Hours"]
    for _ in range(R.randint(4, 10)):
        st, lo = nz_address()
        rows.append('%s Branch,"%s, %s",%s,9:00-17:30' % (g.latin_word(2), st, lo, "09 %03d %04d" % (R.randint(200, 999), R.randint(0, 9999))))
    return "\n".join(rows) + "\n"


def gen_version_table(f, loc):
    rows = ["| Component | Version | Build | Released |", "|---|---|---|---|"]
    for _ in range(R.randint(6, 14)):
        rows.append("| %s | %s | %s | %s |" % (g.latin_word(2), g.version(),
                                               "%d.%d.%05d.%d" % (R.randint(1, 20), R.randint(0, 9), R.randint(0, 99999), R.randint(0, 9)),
                                               g.date()))
    return "\n".join(rows) + "\n"


def gen_parts_uuid(f, loc):
    rows = ["part_no\tuuid\torder_no\tqty\tunit_price"]
    for _ in range(R.randint(6, 16)):
        rows.append("%s\t%s\t%s\t%d\t%s" % (g.bad_part17(), g.uuid(), g.order_no2(), R.randint(1, 50), g.price()))
    return "\n".join(rows) + "\n"


CUSTOMER_GENS = [("csv", gen_ap_phone_csv, 30), ("csv", gen_roman_ja_addr, 10), ("txt", gen_nz_letter, 10),
                 ("vcf", gen_vcard4, 10), ("txt", gen_ja_form_fullwidth, 10), ("txt", gen_ja_mail_honorific, 10),
                 ("txt", gen_ko_notes, 8), ("json", gen_api_dump, 10), ("xml", gen_xml_attrs, 10)]
NONE_GENS = [("txt", gen_letterhead_ja2, 10), ("csv", gen_store_list2, 8), ("md", gen_version_table, 8),
             ("tsv", gen_parts_uuid, 8)]


def run(out, seed):
    """Write corpus/, truth.json and values.jsonl under out."""
    import os
    import shutil
    R.seed(seed)
    corpus = os.path.join(out, "corpus")
    if os.path.isdir(corpus):
        shutil.rmtree(corpus)
    os.makedirs(corpus)
    files, values = [], []
    for group, gens, label in (("customers", CUSTOMER_GENS, "customer-data"), ("misc", NONE_GENS, "none")):
        for ext, gen, n in gens:
            for i in range(n):
                loc = "v2"
                rel = "%s/%s/%s_%03d.%s" % (group, loc, gen.__name__[4:], i, ext)
                f = g.File(rel)
                text = gen(f, loc)
                counts = {k: v for k, v in f.counts.items() if v}
                path = os.path.join(corpus, rel)
                os.makedirs(os.path.dirname(path), exist_ok=True)
                with open(path, "wb") as fh:
                    fh.write(text.encode("utf-8"))
                values.append({"path": [rel], "values": f.values})
                files.append({"path": [rel], "type": ext, "label": label if counts else "none",
                              "counts": counts, "locale": loc, "template": gen.__name__, "encoding": "utf-8"})
    truth = {"format": "exposcan-truth/1", "profile": "heldout-v2", "root": "corpus",
             "note": "generated by tools/heldout/gen_heldout.py --set v2 --seed %d" % seed,
             "detectors": g.DETECTORS, "files": files}
    with open(os.path.join(out, "truth.json"), "w", encoding="utf-8") as fh:
        json.dump(truth, fh, ensure_ascii=False, indent=1)
    with open(os.path.join(out, "values.jsonl"), "w", encoding="utf-8") as fh:
        for v in values:
            fh.write(json.dumps(v, ensure_ascii=False) + "\n")
    print("%d files in %s" % (len(files), corpus))
