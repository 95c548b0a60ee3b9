#!/usr/bin/env python3
"""Synthetic PDFs for the pdf_documents golden case (python3 stdlib only).

    python3 tests/golden/make_pdf.py        # writes tests/golden/pdf_documents/input/

- invoice_ja.pdf:  Type0 font, ToUnicode CMap, Flate content (from samples/make_samples.py)
- letter_en.pdf:   two pages, a simple font with literal strings, TJ arrays with word gaps,
                   an object stream holding the page objects
- truncated.pdf:   invoice_ja.pdf cut inside its content stream
- encrypted.pdf:   a trailer with /Encrypt
All values are synthetic.
"""
import importlib.util
import os
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "pdf_documents", "input")


def load_samples():
    path = os.path.join(HERE, "..", "..", "samples", "make_samples.py")
    spec = importlib.util.spec_from_file_location("make_samples", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def assemble(objs, trailer_extra=b""):
    out = bytearray(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objs) + 1, trailer_extra, xref)
    return bytes(out)


def stream(data, extra=b""):
    z = zlib.compress(data, 9)
    return b"<< /Length %d /Filter /FlateDecode %s>>\nstream\n" % (len(z), extra) + z + b"\nendstream"


def letter_en():
    page1 = (b"BT /F1 11 Tf 50 780 Td (Dear Mr Callum Ashford,) Tj 0 -14 Td "
             b"[(Your) -250 (vehicle) -250 (VIN) -250 (JTDKB20U887000123) -250 (is) -250 (booked.)] TJ "
             b"0 -14 Td (Mobile: 0412 345 678) Tj ET")
    page2 = (b"BT /F1 11 Tf 50 780 Td (Customer No: C-0048213) Tj 0 -14 Td "
             b"(E-mail: callum.ashford@kookaburra-isp.net.au) Tj ET")
    # Objects 3 and 4 (the pages) live in object stream 9.
    p3 = b"<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 7 0 R >> >> /Contents 5 0 R >>"
    p4 = b"<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 7 0 R >> >> /Contents 6 0 R >>"
    first = b"3 0 4 %d " % len(p3)
    objstm = first + p3 + p4
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>",
        b"null",   # placeholders: the real 3 and 4 are in the object stream
        b"null",
        stream(page1),
        stream(page2),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Producer (make_pdf.py) >>",
        stream(objstm, b"/Type /ObjStm /N 2 /First %d " % len(first)),
    ]
    return assemble(objs)


def encrypted():
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>",
        stream(b"\x8f\x12\x00\x99 scrambled"),
        b"<< /Filter /Standard /V 2 /R 3 /Length 128 /P -4 /O <00> /U <00> >>",
    ]
    return assemble(objs, b"/Encrypt 5 0 R ")


def main():
    samples = load_samples()
    os.makedirs(OUT, exist_ok=True)
    invoice = samples.pdf(["請求書", "お客様: 森本 美咲 様", "携帯: 090-3456-7812",
                           "住所: 〒150-0041 東京都渋谷区神南1-2-3", "車台番号: GRS210-6012423"])
    # The literal "null" placeholders above must not shadow the object stream's
    # objects: exposcan lets objects from a stream fill only unset numbers,
    # so drop them from the file body.
    letter = letter_en().replace(b"3 0 obj\nnull\nendobj\n", b"").replace(b"4 0 obj\nnull\nendobj\n", b"")
    files = {
        "invoice_ja.pdf": invoice,
        "letter_en.pdf": letter,
        "truncated.pdf": invoice[: invoice.index(b"stream\n") + 40],
        "encrypted.pdf": encrypted(),
    }
    for name, data in files.items():
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
