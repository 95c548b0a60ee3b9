#!/usr/bin/env python3
"""Write the inputs of the golden cases mixed_tree, encodings, only_phone_email,
except_name_address and mail.

Python 3 standard library only; deterministic. All personal data is made up
(names from syllables, numbers in valid shapes). The document and archive
writers are those of samples/make_samples.py.

Usage: make_smp_inputs.py [GOLDEN_DIR]   (default: the folder of this script)
Then: python3 tests/golden/run.py --update EXE tests/golden 1 CASE...
"""

import base64
import importlib.util
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLES = os.path.join(HERE, "..", "..", "samples", "make_samples.py")

_spec = importlib.util.spec_from_file_location("make_samples", SAMPLES)
ms = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(ms)

CASES = ("mixed_tree", "encodings", "only_phone_email", "except_name_address", "mail")

JP_MEMO = ("お問い合わせ記録\n"
           "お客様: 森川 美咲 様\n"
           "メール misaki.morikawa@tsubame-post.jp\n"
           "携帯 090-3141-5926\n"
           "住所 〒154-0004 東京都世田谷区太子堂3丁目12-5\n")

# One line per detector, each with a label, so every detector has something.
ALL_DETECTORS = (
    "Name: Karito Delmosa\n"
    "Address: 42 Wattle Street, Newtown NSW 2042\n"
    "Mobile: 0432 938 153\n"
    "Email: karito.delmosa@wattlemail.com.au\n"
    "VIN: JHM2R7M16D7TWWNWF\n"
    "IMEI: 355365116514595\n"
    "Plate: 品川 300 さ 12-34\n"
    "Customer ID: C-4936536\n"
    "Card: 4111 1111 1111 1111\n"
    "Position: 35.658581,139.745433\n")


def write(root, rel, data):
    path = os.path.join(root, os.fsencode(rel) if isinstance(rel, bytes) else rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def case_mixed_tree(inp):
    t = os.path.join(inp, "tree")
    write(t, "a_customers.csv",
          "customer_id,name,phone\nC-4936536,Karito Delmosa,0432 938 153\n"
          "C-6013369,Orte Vimaren,0412 345 678\n")
    write(t, "docs/letter.docx", ms.docx(["Dear Orte Vimaren,",
                                          "We will call you on 0412 345 678.", "Kind regards,"]))
    write(t, "docs/deeper/still deeper/notes.txt.gz",
          ms.gzip_bytes(b"owner mail orte.vimaren@hoshikawa-net.jp\n"))
    write(t, "odd name ü #1 (copy).txt", "連絡先 misaki.morikawa@tsubame-post.jp\n")
    # A name that is not UTF-8 (Latin-1 "café"): reported escaped, without loss.
    with open(os.path.join(os.fsencode(t), b"caf\xe9.txt"), "wb") as f:
        f.write(b"tel 090-3141-5926\n")
    write(t, "z_archive.zip", ms.zip_bytes([("inner/readme.txt", b"nothing here\n"),
                                           ("inner/memo.txt", JP_MEMO.encode())]))
    write(t, "empty.txt", b"")
    os.symlink("a_customers.csv", os.path.join(t, "link_to_customers.csv"))
    return ["tree"]


def case_encodings(inp):
    rows = ("顧客番号,氏名,電話番号\r\nC-4936536,森川 美咲,090-3141-5926\r\n"
            "C-6013369,中井 大真,080-2718-2818\r\n")
    write(inp, "sjis.csv", rows.encode("cp932"))
    tsv = "氏名\t携帯\tメール\r\n森川 美咲\t090-3141-5926\tmisaki.morikawa@tsubame-post.jp\r\n"
    write(inp, "unicode_text.txt", b"\xff\xfe" + tsv.encode("utf-16-le"))
    write(inp, "eucjp.txt", JP_MEMO.encode("euc-jp"))
    write(inp, "iso2022jp.txt", JP_MEMO.encode("iso-2022-jp"))
    write(inp, "utf8_bom.txt", b"\xef\xbb\xbf" + JP_MEMO.encode())
    write(inp, "cp1252.txt", ("Fiche client — Réné Müller\ncourriel : rene.muller@wattlemail.com.au\n"
                              "portable : 0412 345 678\n").encode("cp1252"))
    write(inp, "utf16be_bom.txt", b"\xfe\xff" + JP_MEMO.encode("utf-16-be"))
    return ["."]


def case_only_phone_email(inp):
    write(inp, "all.txt", ALL_DETECTORS)
    return ["--only", "phone,email", "all.txt"]


def case_except_name_address(inp):
    write(inp, "all.txt", ALL_DETECTORS)
    return ["--except", "name,address,geo", "all.txt"]


def case_mail(inp):
    body = ("森川 美咲 様\n\n携帯 090-3141-5926 にお電話ください。\n"
            "車両 品川 300 さ 12-34 の点検予約を承りました。\n")
    attach = "顧客番号,氏名,電話番号\nC-6013369,中井 大真,080-2718-2818\n".encode()
    eml = ("From: Karito Delmosa <karito.delmosa@wattlemail.com.au>\r\n"
           "To: service@tsubame-post.jp\r\nSubject: =?UTF-8?B?%s?=\r\n"
           "Date: Sat, 01 Jun 2024 09:00:00 +0900\r\nMIME-Version: 1.0\r\n"
           "Content-Type: multipart/mixed; boundary=\"B1\"\r\n\r\n"
           "--B1\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
           "%s\r\n--B1\r\nContent-Type: text/csv; name=\"list.csv\"\r\n"
           "Content-Disposition: attachment; filename=\"list.csv\"\r\n"
           "Content-Transfer-Encoding: base64\r\n\r\n%s\r\n--B1--\r\n"
           % (base64.b64encode("点検予約".encode()).decode(),
              base64.encodebytes(body.encode()).decode().replace("\n", "\r\n").rstrip(),
              base64.encodebytes(attach).decode().replace("\n", "\r\n").rstrip()))
    write(inp, "inquiry.eml", eml)
    mbox = ("From orte.vimaren@hoshikawa-net.jp Sat Jun  1 09:00:00 2024\n"
            "From: Orte Vimaren <orte.vimaren@hoshikawa-net.jp>\nTo: bookings@wattlemail.com.au\n"
            "Subject: Booking\n\nPlease call me on 0412 345 678.\nRegards,\nOrte Vimaren\n\n"
            "From delsi.tano@wattlemail.com.au Sat Jun  1 10:00:00 2024\n"
            "From: Delsi Tano <delsi.tano@wattlemail.com.au>\nTo: bookings@wattlemail.com.au\n"
            "Subject: Re: Booking\nContent-Type: text/plain; charset=ISO-2022-JP\n\n"
            ).encode() + "携帯は 080-2718-2818 です。\n".encode("iso-2022-jp")
    write(inp, "bookings.mbox", mbox)
    return ["inquiry.eml", "bookings.mbox"]


def main():
    golden = sys.argv[1] if len(sys.argv) > 1 else HERE
    for case in CASES:
        d = os.path.join(golden, case)
        inp = os.path.join(d, "input")
        if os.path.isdir(inp):
            shutil.rmtree(inp)
        os.makedirs(inp)
        args = globals()["case_" + case](inp)
        with open(os.path.join(d, "args"), "w") as f:
            f.write("\n".join(args) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
