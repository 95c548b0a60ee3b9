#!/usr/bin/env python3
"""Write the synthetic OLE2 (Compound File Binary) inputs of the ole2_* golden cases.

Python 3 standard library only; the output is deterministic. The compound
files are written by hand (MS-CFB: header, FAT, directory, mini FAT, mini
stream) so that the tests do not depend on an Office suite. All personal data
in them is made up.

Usage: make_ole2.py [GOLDEN_DIR]   (default: the folder of this script)
"""

import io
import os
import struct
import sys
import zipfile

FREESECT = 0xFFFFFFFF
ENDOFCHAIN = 0xFFFFFFFE
FATSECT = 0xFFFFFFFD
DIFSECT = 0xFFFFFFFC
NOSTREAM = 0xFFFFFFFF
MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
MINI = 64
CUTOFF = 4096


def stream(name, data):
    return ("stream", name, data)


def storage(name, children):
    return ("storage", name, children)


def build_cfb(children, shift=9):
    """Return (file bytes, info); info["chains"][path] is the sector chain of
    each regular stream and the directory ("<dir>"), info["ssz"] the sector size."""
    ssz = 1 << shift
    entries = [{"type": 5, "name": "Root Entry", "kids": [], "data": b"", "path": ""}]

    def add(nodes, parent, prefix):
        for kind, name, payload in nodes:
            e = {"type": 2 if kind == "stream" else 1, "name": name, "kids": [],
                 "data": payload if kind == "stream" else b"", "path": prefix + name}
            entries.append(e)
            entries[parent]["kids"].append(len(entries) - 1)
            if kind == "storage":
                add(payload, len(entries) - 1, prefix + name + "/")

    add(children, 0, "")
    for e in entries:
        e.update(left=NOSTREAM, right=NOSTREAM, child=NOSTREAM, start=ENDOFCHAIN, size=0)

    # Siblings form a binary search tree ordered by (length, upper-case name).
    def tree(ids):
        if not ids:
            return NOSTREAM
        mid = len(ids) // 2
        entries[ids[mid]]["left"] = tree(ids[:mid])
        entries[ids[mid]]["right"] = tree(ids[mid + 1:])
        return ids[mid]

    for e in entries:
        if e["kids"]:
            e["child"] = tree(sorted(e["kids"], key=lambda i: (len(entries[i]["name"]),
                                                              entries[i]["name"].upper())))

    # Small streams go to the mini stream, 64-byte mini sectors in a row.
    mini = bytearray()
    minifat = []
    big = []
    for e in entries[1:]:
        if e["type"] != 2 or not e["data"]:
            continue
        e["size"] = len(e["data"])
        if len(e["data"]) < CUTOFF:
            first = len(mini) // MINI
            n = (len(e["data"]) + MINI - 1) // MINI
            e["start"] = first
            minifat += [first + k + 1 for k in range(n - 1)] + [ENDOFCHAIN]
            mini += e["data"] + b"\0" * (n * MINI - len(e["data"]))
        else:
            big.append(e)

    def nsec(nbytes):
        return (nbytes + ssz - 1) // ssz

    ndir = nsec(len(entries) * 128)
    nminifat = nsec(len(minifat) * 4)
    nmini = nsec(len(mini))
    others = ndir + nminifat + nmini + sum(nsec(len(e["data"])) for e in big)
    per = ssz // 4

    def ndifat_for(n):
        return 0 if n <= 109 else (n - 109 + per - 2) // (per - 1)

    nfat = 1
    while nfat * per < others + nfat + ndifat_for(nfat):
        nfat += 1
    ndifat = ndifat_for(nfat)
    fat = [FREESECT] * (nfat * per)
    for i in range(nfat):
        fat[i] = FATSECT
    for i in range(nfat, nfat + ndifat):
        fat[i] = DIFSECT
    chains = {}
    nxt = nfat + ndifat
    sectors = {}

    def alloc(key, data):
        nonlocal nxt
        n = nsec(len(data))
        chain = list(range(nxt, nxt + n))
        for a, b in zip(chain, chain[1:] + [ENDOFCHAIN]):
            fat[a] = b
        for k, s in enumerate(chain):
            sectors[s] = data[k * ssz:(k + 1) * ssz]
        chains[key] = chain
        nxt += n
        return chain[0] if chain else ENDOFCHAIN

    entries[0]["size"] = len(mini)
    direntries = bytearray()
    # Directory first (its start is needed in the header), then mini FAT,
    # mini stream and the big streams; the directory bytes are filled last.
    dir_start = nxt
    chains["<dir>"] = list(range(nxt, nxt + ndir))
    for a, b in zip(chains["<dir>"], chains["<dir>"][1:] + [ENDOFCHAIN]):
        fat[a] = b
    nxt += ndir
    minifat_bytes = b"".join(struct.pack("<I", v) for v in minifat)
    minifat_bytes += b"\xff" * ((-len(minifat_bytes)) % ssz)
    minifat_start = alloc("<minifat>", minifat_bytes) if minifat else ENDOFCHAIN
    entries[0]["start"] = alloc("<mini>", bytes(mini)) if mini else ENDOFCHAIN
    for e in big:
        e["start"] = alloc(e["path"], e["data"])

    for e in entries:
        name = e["name"].encode("utf-16-le")
        assert len(name) <= 62
        direntries += name + b"\0" * (64 - len(name))
        direntries += struct.pack("<HBBIII", len(name) + 2, e["type"], 1, e["left"], e["right"],
                                  e["child"])
        direntries += b"\0" * 16 + b"\0" * 4 + b"\0" * 16
        start = e["start"] if e["type"] != 1 else 0
        direntries += struct.pack("<IQ", start, e["size"])
    while len(direntries) % ssz:
        direntries += b"\0" * 64 + struct.pack("<HBBIII", 0, 0, 0, NOSTREAM, NOSTREAM, NOSTREAM)
        direntries += b"\0" * 48
    for k, s in enumerate(chains["<dir>"]):
        sectors[s] = bytes(direntries[k * ssz:(k + 1) * ssz])

    fat_bytes = b"".join(struct.pack("<I", v) for v in fat)
    for i in range(nfat):
        sectors[i] = fat_bytes[i * ssz:(i + 1) * ssz]
    # FAT sectors past the header's 109 are listed in chained DIFAT sectors.
    rest = list(range(109, nfat))
    for k in range(ndifat):
        part = rest[k * (per - 1):(k + 1) * (per - 1)]
        part += [FREESECT] * (per - 1 - len(part))
        link = nfat + k + 1 if k + 1 < ndifat else ENDOFCHAIN
        sectors[nfat + k] = b"".join(struct.pack("<I", v) for v in part + [link])

    hdr = bytearray(MAGIC + b"\0" * 16)
    hdr += struct.pack("<HHHHH", 0x3E, 3 if shift == 9 else 4, 0xFFFE, shift, 6)
    hdr += b"\0" * 6
    hdr += struct.pack("<IIIIIIIII", 0 if shift == 9 else ndir, nfat, dir_start, 0, CUTOFF,
                       minifat_start, nminifat, nfat if ndifat else ENDOFCHAIN, ndifat)
    difat = list(range(min(nfat, 109))) + [FREESECT] * (109 - min(nfat, 109))
    hdr += b"".join(struct.pack("<I", v) for v in difat)
    assert len(hdr) == 512
    out = bytearray(hdr + b"\0" * (ssz - 512))
    for s in range(nxt):
        data = sectors.get(s, b"")
        out += data + b"\0" * (ssz - len(data))
    return bytes(out), {"chains": chains, "ssz": ssz, "fat_sectors": list(range(nfat))}


def set_fat(data, info, sector, value):
    """Return data with FAT entry `sector` set to value."""
    ssz = info["ssz"]
    per = ssz // 4
    fs = info["fat_sectors"][sector // per]
    off = ssz + fs * ssz + 4 * (sector % per)
    return data[:off] + struct.pack("<I", value) + data[off + 4:]


# ---- Word 97 ----

def word_document(pieces, encrypted=False):
    """WordDocument and 1Table streams whose piece table holds pieces, each
    (text, compressed): compressed pieces are CP1252, others UTF-16LE."""
    fib = bytearray(32)
    flags = 0x0200 | (0x0100 if encrypted else 0)   # fWhichTblStm (1Table), fEncrypted
    struct.pack_into("<HHHHHH", fib, 0, 0xA5EC, 0x00C1, 0, 0x0411, 0, flags)
    fib += struct.pack("<H", 14) + b"\0" * 28          # csw, FibRgW97
    total = sum(len(t) for t, _ in pieces)
    rglw = [0] * 22
    rglw[3] = total                                    # ccpText
    fib += struct.pack("<H", 22) + b"".join(struct.pack("<I", v) for v in rglw)
    ncb = 93                                           # FibRgFcLcb97 pairs
    fib += struct.pack("<H", ncb)
    fc_at = len(fib)
    fib += b"\0" * (ncb * 8) + struct.pack("<H", 0)    # cswNew
    body = bytearray(fib + b"\0" * (1024 - len(fib)))
    cps, pcds, cp = [0], [], 0
    for text, compressed in pieces:
        off = len(body)
        if compressed:
            body += text.encode("cp1252")
            fc = (off * 2) | 0x40000000
        else:
            body += text.encode("utf-16-le")
            fc = off
        cp += len(text)
        cps.append(cp)
        pcds.append(struct.pack("<HIH", 0, fc, 0))
    body += b"\0" * (4200 - len(body)) if len(body) < 4200 else b""   # a regular-sector stream
    plc = b"".join(struct.pack("<I", v) for v in cps) + b"".join(pcds)
    clx = b"\x02" + struct.pack("<I", len(plc)) + plc
    table = clx + b"\0" * 64
    struct.pack_into("<II", body, fc_at + 33 * 8, 0, len(clx))   # fcClx, lcbClx
    return bytes(body), table


def summary_info(author, last_author):
    """A SummaryInformation property set (MS-OLEPS): code page 932, and the
    author names as CP932 strings (VT_LPSTR)."""
    fmtid = bytes.fromhex("E0859FF2F94F6810AB9108002B27B3D9")
    props = [(1, struct.pack("<HHh", 0x0002, 0, 932) + b"\0\0")]
    for pid, text in ((4, author), (8, last_author)):
        raw = text.encode("cp932") + b"\0"
        raw += b"\0" * ((-len(raw)) % 4)
        props.append((pid, struct.pack("<HHI", 0x001E, 0, len(raw)) + raw))
    table, values = b"", b""
    at = 8 + 8 * len(props)
    for pid, value in props:
        table += struct.pack("<II", pid, at + len(values))
        values += value
    section = struct.pack("<II", 8 + len(table) + len(values), len(props)) + table + values
    return (struct.pack("<HHI", 0xFFFE, 0, 0x00020006) + b"\0" * 16 +
            struct.pack("<I", 1) + fmtid + struct.pack("<I", 48) + section)


def letter_doc(encrypted=False):
    pieces = [("ご契約者: 山田 太郎 様\r携帯電話: 090-1234-5678\r", False),
              ("E-mail: taro.yamada@gmail.com\rThank you for your order.\r", True)]
    wd, table = word_document(pieces, encrypted)
    return build_cfb([stream("WordDocument", wd), stream("1Table", table),
                      stream("\x05SummaryInformation", summary_info("山本 健一", "Office Clerk")),
                      stream("\x01CompObj", b"\x01\xfe\0\0" + b"Microsoft Word 97-2003\0")])


# ---- Excel BIFF8 ----

def biff(rtype, payload):
    return struct.pack("<HH", rtype, len(payload)) + payload


def xls_string(s):
    if all(ord(ch) < 0x80 for ch in s):
        return struct.pack("<HB", len(s), 0) + s.encode("latin-1")
    return struct.pack("<HB", len(s), 1) + s.encode("utf-16-le")


def workbook(strings, cells, filepass=False):
    """Globals (BOF, FILEPASS, BOUNDSHEET, SST split by a CONTINUE inside a
    UTF-16 string, EOF) and one worksheet of LABELSST/LABEL/NUMBER cells."""
    def bof(dt):
        return biff(0x0809, struct.pack("<HHHHII", 0x0600, dt, 0x0DBB, 0x07CC, 0, 0))

    # The SST with its last string cut after 2 characters: the CONTINUE
    # record starts with the string's flags byte again (MS-XLS 2.5.293).
    head = struct.pack("<II", len(strings), len(strings))
    body = b"".join(xls_string(t) for t in strings[:-1])
    last = strings[-1]
    first_part = xls_string(last)[:3 + 2 * 2]
    rest = b"\x01" + last[2:].encode("utf-16-le")
    sst = biff(0x00FC, head + body + first_part) + biff(0x003C, rest)
    name = "顧客一覧"
    sheet_name = struct.pack("<BB", len(name), 1) + name.encode("utf-16-le")

    def globals_(pos):
        out = bof(0x0005)
        if filepass:
            out += biff(0x002F, struct.pack("<HHH", 1, 1, 1) + b"\x5a" * 48)   # FILEPASS, RC4
        out += biff(0x0085, struct.pack("<IBB", pos, 0, 0) + sheet_name)      # BOUNDSHEET
        return out + sst + biff(0x000A, b"")

    sheet = bof(0x0010)
    for row, col, value in cells:
        if isinstance(value, int):      # an index into the SST
            sheet += biff(0x00FD, struct.pack("<HHHI", row, col, 15, value))
        elif isinstance(value, float):
            sheet += biff(0x0203, struct.pack("<HHHd", row, col, 15, value))
        else:
            sheet += biff(0x0204, struct.pack("<HHH", row, col, 15) + xls_string(value))
    sheet += biff(0x000A, b"")
    pos = len(globals_(0))
    return globals_(pos) + sheet + b"\0" * 16


def customers_xls(filepass=False):
    strings = ["お客様氏名", "電話番号", "メールアドレス", "鈴木 花子 様", "080-2345-6789",
               "hanako.suzuki@docomo.ne.jp", "お客様番号"]
    cells = [(0, 0, 0), (0, 1, 1), (0, 2, 2), (0, 3, 6),
             (1, 0, 3), (1, 1, 4), (1, 2, 5), (1, 3, 100234.0),
             (2, 0, "佐藤 一郎"), (2, 1, "03-3456-7890"), (2, 2, "ichiro.sato@outlook.jp"),
             (2, 3, 100235.0)]
    return build_cfb([stream("Workbook", workbook(strings, cells, filepass)),
                      stream("\x05SummaryInformation", summary_info("営業部 佐藤", "Sales Desk"))])


# ---- PowerPoint 97 ----

def ppt_record(ver, instance, rtype, payload):
    return struct.pack("<HHI", ver | (instance << 4), rtype, len(payload)) + payload


def slides_ppt():
    """A DocumentContainer holding a SlideListWithText with text atoms."""
    atoms = (ppt_record(0, 0, 0x0F9F, struct.pack("<I", 1)) +                  # TextHeaderAtom
             ppt_record(0, 0, 0x0FA0, "担当者: 高橋 美咲\r電話 070-2222-3333".encode("utf-16-le")) +
             ppt_record(0, 0, 0x0FA8, b"Mail: misaki.takahashi@yahoo.co.jp\rThank you"))
    slwt = ppt_record(0xF, 0, 0x0FF0, atoms)
    doc = ppt_record(0xF, 0, 0x03E8, ppt_record(1, 0, 0x03E9, b"\0" * 40) + slwt)
    current_user = struct.pack("<IIIHHBBH", 20, 0x0, 0, 0, 0x03F4, 3, 0, 0) + b"user"
    return build_cfb([stream("PowerPoint Document", doc + b"\0" * 32),
                      stream("Current User", current_user)])


# ---- Outlook .msg ----

def msg_props(entries, header=32):
    """__properties_version1.0: header, then (tag, flags, 8-byte value) entries."""
    out = b"\0" * header
    for tag, value in entries:
        out += struct.pack("<IIQ", tag, 6, value)
    return out


def prop(pid, text, utf16=True):
    if utf16:
        return stream("__substg1.0_%04X001F" % pid, text.encode("utf-16-le") + b"\0\0")
    return stream("__substg1.0_%04X001E" % pid, text.encode("cp932") + b"\0")


def mail_msg():
    attachment = ("Customer list\nSato Ichiro, tel 03-3456-7890, ichiro.sato@outlook.jp\n").encode()
    return build_cfb([
        stream("__properties_version1.0", msg_props([(0x3FFD0003, 932)])),
        prop(0x001A, "IPM.Note"),
        prop(0x0037, "Order confirmation"),
        prop(0x0C1A, "Taro Yamada"),
        prop(0x0C1F, "taro.yamada@gmail.com"),
        prop(0x0E04, "鈴木 花子", utf16=False),
        prop(0x1000, "Dear customer,\r\nplease call me back at 090-1234-5678.\r\nBest regards\r\n"),
        storage("__recip_version1.0_#00000000", [
            stream("__properties_version1.0", msg_props([], 8)),
            prop(0x3001, "Hanako Suzuki"),
            prop(0x39FE, "hanako.suzuki@docomo.ne.jp"),
        ]),
        storage("__attach_version1.0_#00000000", [
            stream("__properties_version1.0", msg_props([], 8)),
            prop(0x3707, "customers.txt"),
            prop(0x3704, "CUSTOM~1.TXT"),
            stream("__substg1.0_37010102", attachment),
        ]),
        storage("__nameid_version1.0", [stream("__substg1.0_00020102", b"\0" * 16)]),
    ])


# ---- a generic compound file with an embedded package ----

def package_ole():
    zbuf = io.BytesIO()
    with zipfile.ZipFile(zbuf, "w", zipfile.ZIP_STORED) as z:
        info = zipfile.ZipInfo("memo.txt", date_time=(2024, 1, 1, 0, 0, 0))
        z.writestr(info, "memo: contact jiro.tanaka@yahoo.co.jp\n")
    contents = (b"\x00\x01\x02\x03" + "担当: 田中 次郎 / TEL 045-123-4567".encode("utf-16-le") +
                b"\x00\x00\x07\x08" + b"fax 045-123-4568 (8-bit run)" + b"\x00\x01" * 8)
    return build_cfb([
        stream("Contents", contents),
        storage("ObjectPool", [storage("_1234", [stream("Package", zbuf.getvalue())])]),
    ], shift=12)


# ---- encrypted OOXML: an agile-encryption container as Office writes it ----

def encrypted_xlsx():
    info = struct.pack("<HHI", 4, 4, 0x40) + (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
        b'<encryption xmlns="http://schemas.microsoft.com/office/2006/encryption">'
        b'<keyData saltSize="16" blockSize="16" keyBits="256" hashSize="64" '
        b'cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512"/>'
        b'</encryption>')
    # The package itself: its size, then ciphertext (here a fixed pseudo-random pattern).
    body = bytearray()
    x = 0x12345678
    for _ in range(5000):
        x = (x * 1103515245 + 12345) & 0x7FFFFFFF
        body.append((x >> 16) & 0xFF)
    return build_cfb([
        stream("EncryptionInfo", info),
        stream("EncryptedPackage", struct.pack("<Q", 4321) + bytes(body)),
        storage("\x06DataSpaces", [stream("Version", b"\0" * 76)]),
    ])


def damaged():
    """(name, bytes) of broken compound files: each must get a clear status."""
    doc, info = letter_doc()
    wd = info["chains"]["WordDocument"]
    loop = set_fat(doc, info, wd[1], wd[0])                       # the chain loops
    d = info["chains"]["<dir>"][0]
    outside = set_fat(doc, info, d, 0x00FFFFF0)                   # directory runs out of the file
    xls, _ = customers_xls()
    return [("loop.doc", loop), ("outside.doc", outside), ("truncated.xls", xls[:1100]),
            ("header-only.doc", doc[:512])]


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    docs = os.path.join(root, "ole2_documents", "input")
    write(os.path.join(docs, "letter.doc"), letter_doc()[0])
    write(os.path.join(docs, "customers.xls"), customers_xls()[0])
    write(os.path.join(docs, "order.msg"), mail_msg()[0])
    write(os.path.join(docs, "package.ole"), package_ole()[0])
    write(os.path.join(docs, "slides.ppt"), slides_ppt()[0])
    enc = os.path.join(root, "ole2_encrypted", "input")
    write(os.path.join(enc, "report.xlsx"), encrypted_xlsx()[0])
    write(os.path.join(enc, "secret.doc"), letter_doc(encrypted=True)[0])
    write(os.path.join(enc, "ledger.xls"), customers_xls(filepass=True)[0])
    bad = os.path.join(root, "ole2_damaged", "input")
    for name, data in damaged():
        write(os.path.join(bad, name), data)


if __name__ == "__main__":
    main()
