#!/usr/bin/env python3
"""Write the input/ files of the golden cases (all synthetic: invented names,
mailboxes and placeholder numbers; no real person). Reserved example.com
domains and 555-01xx numbers are avoided on purpose: the detectors treat them
as documentation, so they would test nothing.

Usage: make_inputs.py [GOLDEN_DIR]   (default: the folder of this script)

The generated files are kept in the tree; rerun this after changing it and
regenerate expected.jsonl with run.py --update.
"""

import os
import sys


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def csv_header(root):
    """A customer export with a header row, as a CRM or shop would write it."""
    rows = [
        "customer_id,name,email,phone,city",
        "C-100231,Alice Example,alice.example@mailbox-demo.net,090-1234-5678,Springfield",
        "C-100232,Bob Sample,bob.sample@shop-sample.jp,080-2345-6789,Shelbyville",
        "C-100233,Carol Test,carol.test@mailbox-demo.net,070-3456-7890,Springfield",
        "C-100234,Dan Demo,dan.demo@shop-sample.jp,03-5555-0123,Capital City",
    ]
    write(os.path.join(root, "csv_header", "input", "customers.csv"),
          ("\r\n".join(rows) + "\r\n").encode("utf-8"))


def sjis_text(root):
    """A Japanese memo in Shift_JIS, as older Japanese Windows tools save it."""
    text = (
        "顧客対応メモ\r\n"
        "氏名：山田 太郎 様\r\n"
        "電話：090-1234-5678\r\n"
        "メール：taro.yamada@mailbox-demo.jp\r\n"
        "住所：東京都千代田区千代田1-1\r\n"
        "備考：折り返し連絡を希望。\r\n"
    )
    write(os.path.join(root, "sjis_text", "input", "memo_sjis.txt"), text.encode("shift_jis"))


def tree_exclude(root):
    """A small tree: walk order, --exclude and --only."""
    base = os.path.join(root, "tree_exclude", "input", "share")
    write(os.path.join(base, "a_notes.txt"),
          b"Contact: erin.sample@mailbox-demo.net for access.\n")
    write(os.path.join(base, "b_clean.txt"), b"Nothing personal in this file.\n")
    write(os.path.join(base, "debug.log"), b"user=frank.test@shop-sample.jp login ok\n")
    write(os.path.join(base, "sub", "c_list.txt"),
          b"grace.k@mailbox-demo.net\nheidi.m@shop-sample.jp\ngrace.k@mailbox-demo.net\n")


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    csv_header(root)
    sjis_text(root)
    tree_exclude(root)


if __name__ == "__main__":
    main()
