#!/usr/bin/env python3
"""Write the input/ files and args of the archive golden cases (zip_*, gzip_*,
tar_*). Everything is synthetic (reserved e-mail domains such as example.com,
placeholder names and 555 numbers) and byte-for-byte deterministic (fixed
timestamps, no randomness).

Usage: make_archives.py [GOLDEN_DIR]   (default: the folder of this script)

The generated files are kept in the tree; rerun this after changing it and
regenerate expected.jsonl with run.py --update (review the diff).

Python's zipfile cannot write legacy-code-page names, overlapping entries,
bad CRCs or unsupported methods, so zips are written here by a small raw
writer (PKWARE APPNOTE 4.3) where that matters.
"""

import gzip
import io
import os
import struct
import sys
import tarfile
import zipfile
import zlib

DOS_DATE = (0 << 9) | (1 << 5) | 1   # 1980-01-01, the zip epoch
MTIME = 315532800                    # 1980-01-01T00:00:00Z

CONTACT = (b"Customer: Alice Example\n"
           b"E-mail: alice.example@example.com\n"
           b"Phone: +1 202-555-0143\n")
CONTACT2 = (b"Order 4711 shipped to Bob Sample\n"
            b"bob.sample@example.org, +1 202-555-0178\n")


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def case(root, name, files, args=None):
    """files: {relative name: bytes}; args default to the sorted file names."""
    d = os.path.join(root, name)
    for rel, data in files.items():
        write(os.path.join(d, "input", rel), data)
    write(os.path.join(d, "args"),
          ("\n".join(args or sorted(files)) + "\n").encode("utf-8"))


# --------------------------------------------------------------------- raw zip
class RawZip:
    """Entries with exact name bytes, flags and methods."""

    def __init__(self):
        self.out = io.BytesIO()
        self.central = []

    def add(self, name, data, method=8, flags=0, crc=None, comp=None, offset=None,
            central_only=False):
        """name: bytes. method 0 stored, 8 deflate, others copied as given.
        crc overrides the CRC; comp overrides the stored bytes; offset makes a
        central entry point at an earlier local header (overlap)."""
        if crc is None:
            crc = zlib.crc32(data)
        if comp is None:
            if method == 8:
                c = zlib.compressobj(9, zlib.DEFLATED, -15)
                comp = c.compress(data) + c.flush()
            else:
                comp = data
        if not central_only:
            offset = self.out.tell()
            self.out.write(struct.pack("<IHHHHHIIIHH", 0x04034b50, 20, flags, method, 0,
                                       DOS_DATE, crc, len(comp), len(data), len(name), 0))
            self.out.write(name)
            self.out.write(comp)
        self.central.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014b50, 20, 20, flags,
                                        method, 0, DOS_DATE, crc, len(comp), len(data),
                                        len(name), 0, 0, 0, 0, 0, offset) + name)
        return offset

    def bytes(self):
        cd_off = self.out.tell()
        cd = b"".join(self.central)
        self.out.write(cd)
        self.out.write(struct.pack("<IHHHHIIH", 0x06054b50, 0, 0, len(self.central),
                                   len(self.central), len(cd), cd_off, 0))
        return self.out.getvalue()


def std_zip(entries, method=zipfile.ZIP_DEFLATED):
    """entries: [(name, bytes)] through Python's zipfile (names ending in '/'
    are directories)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as z:
        for name, data in entries:
            zi = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_STORED if name.endswith("/") else method
            z.writestr(zi, data)
    return buf.getvalue()


def zip_cases(root):
    # Stored and deflated members, a directory entry (no record), a dotted
    # extension that does not decide the type.
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data, m in [("export/", b"", zipfile.ZIP_STORED),
                              ("export/customers.txt", CONTACT, zipfile.ZIP_DEFLATED),
                              ("export/orders.txt", CONTACT2, zipfile.ZIP_STORED)]:
            zi = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            zi.compress_type = m
            z.writestr(zi, data)
    case(root, "zip_basic", {"export.dat": buf.getvalue()})

    # Names: UTF-8 with the flag, CP932 without it (Japanese Windows), CP437
    # without it (old DOS tools); each must come out as the stored name in UTF-8.
    rz = RawZip()
    rz.add("顧客一覧.txt".encode("utf-8"), CONTACT, flags=0x0800)
    rz.add("お客様リスト.txt".encode("cp932"), CONTACT2)
    rz.add("Résumé.txt".encode("cp437"), b"no personal data here\n")
    case(root, "zip_names", {"names.zip": rz.bytes()})

    # Encrypted (ZipCrypto flag) and unsupported-method members next to a
    # readable one; overlapping entries (two directory entries, one local
    # header); a bad CRC.
    rz = RawZip()
    rz.add(b"readable.txt", CONTACT)
    rz.add(b"secret.txt", b"\x00" * 12 + b"ciphertext", method=0, flags=1)
    rz.add(b"ppmd.txt", b"opaque", method=98)
    off = rz.add(b"kernel.txt", CONTACT2)
    rz.add(b"copy-of-kernel.txt", CONTACT2, offset=off, central_only=True)
    rz.add(b"badcrc.txt", CONTACT, crc=0x12345678)
    case(root, "zip_hostile", {"hostile.zip": rz.bytes()})

    # A word document whose first entry is not [Content_Types].xml, so
    # libmagic calls it a plain zip: the zip extractor re-types it by its
    # entry names and hands it to the OOXML extractor.
    doc = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
           b'<w:body><w:p><w:r><w:t>Customer: Alice Example, alice.example@example.com</w:t>'
           b'</w:r></w:p></w:body></w:document>')
    types = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
             b'<Default Extension="xml" ContentType="application/xml"/>'
             b'<Override PartName="/word/document.xml" ContentType="application/'
             b'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
    case(root, "zip_office", {"letter.bin": std_zip([("readme.txt", b"letter\n"),
                                                      ("word/document.xml", doc),
                                                      ("[Content_Types].xml", types)])})

    # A zip inside a zip: one more path element per level.
    inner = std_zip([("inner/contact.txt", CONTACT)])
    case(root, "zip_nested", {"outer.zip": std_zip([("inner.zip", inner),
                                                    ("readme.txt", b"see inner.zip\n")],
                                                   zipfile.ZIP_STORED)})


# ------------------------------------------------------------------------ gzip
def gz(data, fname=None):
    buf = io.BytesIO()
    with gzip.GzipFile(filename=fname or "", mode="wb", fileobj=buf, mtime=0) as g:
        g.write(data)
    return buf.getvalue()


def tar_bytes(build, fmt=tarfile.GNU_FORMAT):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=fmt) as t:
        build(t)
    return buf.getvalue()


def add_file(t, name, data):
    ti = tarfile.TarInfo(name)
    ti.size = len(data)
    ti.mtime = MTIME
    ti.uname = ti.gname = "user"
    t.addfile(ti, io.BytesIO(data))


def add_special(t, name, kind, target=""):
    ti = tarfile.TarInfo(name)
    ti.type = kind
    ti.linkname = target
    ti.mtime = MTIME
    ti.uname = ti.gname = "user"
    t.addfile(ti)


def gzip_cases(root):
    # FNAME absent: the member is named after the file without .gz; the
    # second file carries FNAME and is two concatenated gzip members.
    case(root, "gzip_text", {
        "contacts.txt.gz": gz(CONTACT),
        "orders.gz": gz(CONTACT2[:20], "orders-2024.txt") + gz(CONTACT2[20:]),
    })

    # .tar.gz / .tgz is one level: the tar members follow the .tgz directly.
    def build(t):
        add_file(t, "backup/customers.txt", CONTACT)
        add_file(t, "backup/orders.txt", CONTACT2)
    case(root, "gzip_tgz", {"backup.tgz": gz(tar_bytes(build))})


# ------------------------------------------------------------------------- tar
def v7_header(name, data):
    """An old (pre-POSIX) header: no magic, checksum over the block."""
    h = bytearray(512)
    h[0:len(name)] = name
    h[100:108] = b"0000644\0"
    h[108:116] = b"0001750\0"
    h[116:124] = b"0001750\0"
    h[124:136] = b"%011o\0" % len(data)
    h[136:148] = b"%011o\0" % MTIME
    h[148:156] = b" " * 8
    h[156] = ord("0")
    h[148:156] = b"%06o\0 " % sum(h)
    pad = (512 - len(data) % 512) % 512
    return bytes(h) + data + b"\0" * pad


def tar_cases(root):
    long_dir = "customers/" + "/".join("level%02d" % i for i in range(12))

    def ustar(t):
        add_file(t, "plain.txt", CONTACT)
        # > 100 bytes: split into ustar prefix + name
        add_file(t, long_dir + "/deep.txt", CONTACT2)
        add_special(t, "docs/", tarfile.DIRTYPE)
        add_special(t, "link-to-plain", tarfile.SYMTYPE, "plain.txt")
        add_special(t, "hard-to-plain", tarfile.LNKTYPE, "plain.txt")
        add_special(t, "queue", tarfile.FIFOTYPE)

    def gnu(t):
        add_file(t, "gnu/" + "x" * 120 + "/contact.txt", CONTACT)   # ././@LongLink

    def pax(t):
        add_file(t, "pax/" + "y" * 150 + "/顧客.txt", CONTACT2)    # pax path=

    case(root, "tar_formats", {
        "ustar.tar": tar_bytes(ustar, tarfile.USTAR_FORMAT),
        "gnu.tar": tar_bytes(gnu, tarfile.GNU_FORMAT),
        "pax.tar": tar_bytes(pax, tarfile.PAX_FORMAT),
        "v7.tar": v7_header(b"old/contact.txt", CONTACT) + b"\0" * 1024,
    })

    # Truncated inside the second member's data: the first member is kept,
    # the second says what happened.
    def two(t):
        add_file(t, "first.txt", CONTACT)
        add_file(t, "second.txt", CONTACT2 * 40)
    full = tar_bytes(two, tarfile.USTAR_FORMAT)
    case(root, "tar_truncated", {"cut.tar": full[:512 * 3 + 700]})


def main(argv):
    root = argv[0] if argv else os.path.dirname(os.path.abspath(__file__))
    zip_cases(root)
    gzip_cases(root)
    tar_cases(root)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
