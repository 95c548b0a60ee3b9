#!/usr/bin/env python3
"""Inputs of the `limits` golden case: each limit named in the README stops
one member and says which (python3 stdlib only, deterministic)."""
import io
import os
import shutil
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "limits", "input")
FIXED = (1980, 1, 1, 0, 0, 0)


def zip_bytes(entries):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            z.writestr(zipfile.ZipInfo(name, FIXED), data)
    return buf.getvalue()


def main():
    os.makedirs(OUT, exist_ok=True)
    note = b"Contact: Reika Hoshino, mobile 080-4417-2290\n"
    # --limit depth=1: the zip inside the zip is listed, not opened.
    inner = zip_bytes([("deep.txt", note)])
    with open(os.path.join(OUT, "nested.zip"), "wb") as f:
        f.write(zip_bytes([("top.txt", note), ("inner.zip", inner)]))
    # Recursive copies (Challenge9-style bombs): the second identical inner
    # zip is reported as a copy, not scanned again.
    with open(os.path.join(OUT, "copies.zip"), "wb") as f:
        f.write(zip_bytes([("one.zip", inner), ("two.zip", inner)]))
    # --limit members=2: the third member is reported as over the limit.
    with open(os.path.join(OUT, "many.zip"), "wb") as f:
        f.write(zip_bytes([("a.txt", note), ("b.txt", note), ("c.txt", note)]))
    # --limit load-bytes=1000: a PDF larger than that is not loaded.
    shutil.copyfile(os.path.join(HERE, "pdf_documents", "input", "invoice_ja.pdf"),
                    os.path.join(OUT, "invoice.pdf"))


if __name__ == "__main__":
    main()
