#!/usr/bin/env python3
"""End-to-end checks of the exposcan command line, each in a fresh temp dir.

Usage: e2e_cli.py EXE [TEST...]

Exit codes, usage errors, output failures (disk full, closed pipe), path
lists, stdin, walk-order determinism, odd file names, FIFOs, unreadable
files, SIGINT and masking. Prints `N passed, N failed` and exits non-zero on
any failure. All inputs are generated here and synthetic.
"""

import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
import traceback

EXE = None
# Seconds any single run may take: the inputs are small, so this catches hangs.
TIMEOUT = 60
TIMING_FIELDS = ("elapsed_s", "throughput_mb_s")

# Planted synthetic values. Not the reserved example.com domains or 555-01xx
# numbers: the detectors rightly treat those as documentation, not people.
EMAIL = "planted.person@mailbox-demo.net"
PHONE = "090-1234-5678"
PII_TEXT = ("Customer record\nname: Pat Sample\nemail: %s\nphone: %s\n"
            "second contact: other.person@shop-sample.jp, tel 03-5555-0123\n" % (EMAIL, PHONE))

TESTS = []


def test(fn):
    TESTS.append(fn)
    return fn


class Skip(Exception):
    pass


def run(args, cwd=None, stdin=subprocess.DEVNULL, timeout=TIMEOUT, **kw):
    return subprocess.run([EXE] + args, cwd=cwd, stdin=stdin, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, timeout=timeout, **kw)


def scan_jsonl(args, cwd=None, **kw):
    """Run a jsonl scan; return (process, records, summary)."""
    p = run(["scan", "--format", "jsonl"] + args, cwd=cwd, **kw)
    records, summary = parse_jsonl(p.stdout)
    return p, records, summary


def parse_jsonl(raw):
    text = raw.decode("utf-8")  # strict: the report must be valid UTF-8
    records, summary = [], None
    lines = text.split("\n")
    assert lines[-1] == "", "report does not end with a newline"
    for line in lines[:-1]:
        obj = json.loads(line)
        assert summary is None, "a line follows the summary"
        if "summary" in obj:
            summary = obj["summary"]
        else:
            records.append(obj)
    assert summary is not None, "no summary line"
    return records, summary


def without_timing(raw):
    out = []
    for line in raw.decode("utf-8").split("\n"):
        if line.startswith('{"summary"'):
            obj = json.loads(line)
            for k in TIMING_FIELDS:
                obj["summary"].pop(k, None)
            line = json.dumps(obj, ensure_ascii=False)
        out.append(line)
    return out


def paths(records):
    return [r["path"] for r in records]


def write(path, data):
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))


def detections(records, detector):
    return sum(f["count"] for r in records for f in r["findings"] if f["detector"] == detector)


# --- commands and usage ---------------------------------------------------

@test
def help_version_detectors(tmp):
    for args in (["--help"], ["scan", "--help"], ["--version"], ["detectors"]):
        p = run(args)
        assert p.returncode == 0, (args, p.returncode, p.stderr)
        assert p.stdout.strip(), args
    ids = [line.split()[0] for line in p.stdout.decode().splitlines() if line.strip()]
    for want in ("name", "address", "phone", "email", "vin", "device_id", "plate",
                 "customer_id", "payment_card", "geo"):
        assert want in ids, "detector %s missing from 'exposcan detectors'" % want
    assert b"--fail-on" in run(["--help"]).stdout


@test
def usage_errors_exit_2(tmp):
    write(os.path.join(tmp, "f.txt"), "x\n")
    f = os.path.join(tmp, "f.txt")
    bad = [
        [],
        ["frobnicate"],
        ["scan"],
        ["scan", "--no-such-option", f],
        ["scan", "--format", "xml", f],
        ["scan", "--jobs", "many", f],
        ["scan", "--jobs", "-1", f],
        ["scan", "--fail-on", "extreme", f],
        ["scan", "--color", "sometimes", f],
        ["scan", "--max-filesize", "12Q", f],
        ["scan", "--limit", "nonsense=1", f],
        ["scan", "--limit", "depth", f],
        ["scan", "--only", "email,not_a_detector", f],
        ["scan", "--except", "bogus", f],
        ["scan", "--output", os.path.join(tmp, "no", "such", "dir", "out"), f],
        ["scan", "--files-from", os.path.join(tmp, "missing.lst")],
        ["scan", "--format"],
    ]
    for args in bad:
        p = run(args)
        assert p.returncode == 2, (args, p.returncode)
        assert p.stderr.strip(), ("no message on stderr", args)
        assert not p.stdout.strip() or args == [], ("unexpected stdout", args, p.stdout[:200])


@test
def good_options_accepted(tmp):
    write(os.path.join(tmp, "f.txt"), "nothing to see\n")
    p = run(["scan", "--quiet", "--color", "never", "--max-filesize", "10M",
             "--limit", "depth=4", "--limit", "members=100", "--only", "email,phone",
             "--except", "phone", "--follow-symlinks", "--one-file-system", "--jobs", "2",
             "--fail-on", "high", "--exclude", "*.bak", os.path.join(tmp, "f.txt")])
    assert p.returncode == 0, (p.returncode, p.stderr)
    assert b"Summary" in p.stdout


# --- exit status ------------------------------------------------------------

@test
def exit_codes_fail_on(tmp):
    clean = os.path.join(tmp, "clean.txt")
    pii = os.path.join(tmp, "pii.txt")
    write(clean, "The quick brown fox jumps over the lazy dog.\n")
    write(pii, PII_TEXT)
    p = run(["scan", clean])
    assert p.returncode == 0, (p.returncode, p.stderr)
    p, recs, _ = scan_jsonl(["--fail-on", "low", pii])
    assert detections(recs, "email") >= 1, "planted e-mail not found: %r" % recs
    assert recs[0]["risk"] != "none"
    assert p.returncode == 1, p.returncode
    p = run(["scan", "--fail-on", "none", pii])
    assert p.returncode == 0, p.returncode
    # Exit 1 exactly when some record's risk is at or above the level.
    order = ["none", "low", "medium", "high"]
    top = max(order.index(r["risk"]) for r in recs)
    for level in ("low", "medium", "high"):
        p = run(["scan", "--fail-on", level, pii])
        want = 1 if top >= order.index(level) else 0
        assert p.returncode == want, (level, p.returncode, want)


@test
def output_disk_full_exit_2(tmp):
    write(os.path.join(tmp, "f.txt"), PII_TEXT)
    for fmt in ("text", "jsonl", "json"):
        p = run(["scan", "--format", fmt, "--output", "/dev/full", tmp])
        assert p.returncode == 2, (fmt, p.returncode)
        assert b"No space" in p.stderr or b"space" in p.stderr.lower(), p.stderr
        with open("/dev/full", "wb") as full:
            p = subprocess.run([EXE, "scan", "--format", fmt, tmp], stdout=full,
                               stderr=subprocess.PIPE, timeout=TIMEOUT)
        assert p.returncode == 2, ("stdout /dev/full", fmt, p.returncode)
        assert p.stderr.strip()
    with open("/dev/full", "wb") as full:
        for args in (["--help"], ["--version"], ["detectors"]):
            p = subprocess.run([EXE] + args, stdout=full, stderr=subprocess.PIPE, timeout=TIMEOUT)
            assert p.returncode == 2, (args, p.returncode)


@test
def closed_pipe_exit_2(tmp):
    for i in range(50):
        write(os.path.join(tmp, "d", "f%02d.txt" % i), PII_TEXT)
    r, w = os.pipe()
    os.close(r)
    try:
        p = subprocess.run([EXE, "scan", "--format", "jsonl", tmp], stdout=w,
                           stderr=subprocess.PIPE, timeout=TIMEOUT)
    finally:
        os.close(w)
    assert p.returncode == 2, ("closed pipe must not be a success", p.returncode)
    assert p.stderr.strip(), "no message"


@test
def output_file(tmp):
    write(os.path.join(tmp, "in", "a.txt"), PII_TEXT)
    out = os.path.join(tmp, "report.jsonl")
    p = run(["scan", "--format", "jsonl", "--fail-on", "none", "--output", out,
             os.path.join(tmp, "in")])
    assert p.returncode == 0, (p.returncode, p.stderr)
    assert p.stdout == b"", p.stdout[:200]
    with open(out, "rb") as f:
        recs, summary = parse_jsonl(f.read())
    assert len(recs) == 1 and summary["files"] == 1, (recs, summary)


@test
def report_inside_scanned_tree(tmp):
    # The report being written into the scanned tree, by --output or by a
    # shell redirection, is listed as skipped, never scanned: it holds what
    # the scan found (and would be reported as a file full of PII).
    d = os.path.join(tmp, "share")
    write(os.path.join(d, "a.txt"), PII_TEXT)
    out = os.path.join(d, "report.jsonl")
    write(out, PII_TEXT)   # a previous report left in place
    p = run(["scan", "--format", "jsonl", "--fail-on", "none", "--output", out, d])
    assert p.returncode == 0, (p.returncode, p.stderr)
    with open(out, "rb") as f:
        recs, summary = parse_jsonl(f.read())
    by_path = {r["path"][0]: r for r in recs}
    rep = by_path[out]
    assert rep["status"] == "skipped" and "report" in rep["error"], rep
    assert by_path[os.path.join(d, "a.txt")]["status"] == "ok"
    with open(out, "wb") as f:
        subprocess.run([EXE, "scan", "--format", "jsonl", "--fail-on", "none", d], stdout=f, check=True)
    with open(out, "rb") as f:
        recs, _ = parse_jsonl(f.read())
    assert {r["path"][0]: r["status"] for r in recs}[out] == "skipped", recs


# --- formats ---------------------------------------------------------------

@test
def jsonl_contract(tmp):
    write(os.path.join(tmp, "a.txt"), PII_TEXT)
    write(os.path.join(tmp, "b.txt"), "clean\n")
    p, recs, s = scan_jsonl([tmp])
    keys = ["path", "type", "encoding", "status", "error", "partial", "risk", "bytes", "findings"]
    for r in recs:
        got = list(r.keys())
        assert got == [k for k in keys if k in r], ("key order", got)
        for k in ("path", "type", "status", "risk", "bytes", "findings"):
            assert k in r, (k, r)
        assert isinstance(r["path"], list) and all(isinstance(e, str) for e in r["path"])
        assert ("error" in r) == (r["status"] != "ok"), r
        for f in r["findings"]:
            assert list(f.keys()) == ["detector", "count", "distinct", "confidence", "examples"], f
            for ex in f["examples"]:
                assert list(ex.keys()) == ["where", "value"], ex
    for k in ("files", "members", "bytes", "risk", "status", "detectors", "elapsed_s",
              "throughput_mb_s", "interrupted"):
        assert k in s, ("summary lacks", k)
    assert s["interrupted"] is False
    assert s["files"] == 2, s
    assert set(s["risk"]) == {"none", "low", "medium", "high"}
    assert set(s["status"]) == {"ok", "error", "skipped", "encrypted", "limit"}
    for d in s["detectors"].values():
        assert set(d) == {"count", "distinct", "files"}, d
    assert sum(s["risk"].values()) == len(recs), (s["risk"], len(recs))


@test
def json_document(tmp):
    for i in range(5):
        write(os.path.join(tmp, "d", "f%d.txt" % i), PII_TEXT if i % 2 else "clean\n")
    d = os.path.join(tmp, "d")
    _, recs, _ = scan_jsonl(["--fail-on", "none", d])
    p = run(["scan", "--format", "json", "--fail-on", "none", d])
    assert p.returncode == 0, p.stderr
    doc = json.loads(p.stdout.decode("utf-8"))
    assert list(doc.keys()) == ["records", "summary"], list(doc.keys())
    assert [r["path"] for r in doc["records"]] == paths(recs)
    # An empty scan is still one valid document.
    empty = os.path.join(tmp, "empty")
    os.mkdir(empty)
    p = run(["scan", "--format", "json", empty])
    doc = json.loads(p.stdout.decode("utf-8"))
    assert doc["records"] == [], doc


@test
def text_report(tmp):
    write(os.path.join(tmp, "a.txt"), PII_TEXT)
    write(os.path.join(tmp, "b.txt"), "clean\n")
    p = run(["scan", "--fail-on", "none", tmp])
    out = p.stdout.decode("utf-8")
    assert p.returncode == 0
    assert "a.txt" in out and "Summary" in out, out
    assert "b.txt" not in out, "clean files are only counted"
    assert "\033[" not in out, "no colour when stdout is not a terminal"
    p = run(["scan", "--verbose", "--color", "always", "--fail-on", "none", tmp])
    out = p.stdout.decode("utf-8")
    assert "b.txt" in out and "\033[" in out


# --- inputs ----------------------------------------------------------------

@test
def files_from_nul_and_newline(tmp):
    names = [b"plain.txt", b"with space.txt", b"new\nline.txt", b"tab\tname.txt"]
    for n in names:
        write(os.path.join(os.fsencode(tmp), n), PII_TEXT.encode())
    write(os.path.join(os.fsencode(tmp), b"unlisted.txt"), PII_TEXT.encode())
    lst = os.path.join(tmp, "list0")
    write(lst, b"\0".join(os.path.join(os.fsencode(tmp), n) for n in names) + b"\0")
    p, recs, _ = scan_jsonl(["--files-from", lst])
    got = [os.fsencode(r["path"][0]) for r in recs]
    assert got == [os.path.join(os.fsencode(tmp), n) for n in names], got
    # Newline-separated (CRLF tolerated), from standard input.
    plain = [n for n in names if b"\n" not in n]
    data = b"\r\n".join(os.path.join(os.fsencode(tmp), n) for n in plain) + b"\r\n"
    p = subprocess.run([EXE, "scan", "--format", "jsonl", "--files-from", "-"], input=data,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=TIMEOUT)
    recs, _ = parse_jsonl(p.stdout)
    got = [os.fsencode(r["path"][0]) for r in recs]
    assert got == [os.path.join(os.fsencode(tmp), n) for n in plain], got
    # stdin cannot be both the list and a path.
    p = run(["scan", "--files-from", "-", "-"])
    assert p.returncode == 2


@test
def exclude_globs(tmp):
    d = os.path.join(tmp, "tree")
    write(os.path.join(d, "keep.txt"), PII_TEXT)
    write(os.path.join(d, "drop.log"), PII_TEXT)
    write(os.path.join(d, "cache", "inner.txt"), PII_TEXT)
    write(os.path.join(d, "sub", "also.log"), PII_TEXT)
    _, recs, _ = scan_jsonl(["--exclude", "*.log", "--exclude", "cache", d])
    got = sorted(r["path"][0] for r in recs)
    assert got == [os.path.join(d, "keep.txt")], got


@test
def stdin_dash(tmp):
    p = subprocess.run([EXE, "scan", "--format", "jsonl", "--fail-on", "none", "-"],
                       input=PII_TEXT.encode(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=TIMEOUT)
    assert p.returncode == 0, (p.returncode, p.stderr)
    recs, s = parse_jsonl(p.stdout)
    assert len(recs) == 1, recs
    assert recs[0]["status"] == "ok", recs[0]
    assert recs[0]["bytes"] == len(PII_TEXT.encode()), recs[0]
    assert detections(recs, "email") >= 1, recs


@test
def jobs_1_and_8_identical(tmp):
    d = os.path.join(tmp, "tree")
    for i in range(12):
        for j in range(4):
            body = PII_TEXT if (i + j) % 3 == 0 else "nothing %d %d\n" % (i, j)
            write(os.path.join(d, "dir%02d" % i, "sub%d" % (j % 2), "f%d.txt" % j), body)
    outs = []
    for jobs in ("1", "8", "8"):
        p = run(["scan", "--format", "jsonl", "--jobs", jobs, d])
        assert p.returncode in (0, 1), p.stderr
        outs.append(without_timing(p.stdout))
    assert outs[0] == outs[1] == outs[2], "jsonl differs between --jobs 1 and --jobs 8"
    recs, _ = parse_jsonl(run(["scan", "--format", "jsonl", d]).stdout)
    assert len(recs) == 48, len(recs)


@test
def distinct_estimated_past_limit(tmp):
    # 4000 distinct e-mail addresses in 40 files: counted exactly by default;
    # past --limit distinct=1000 estimated (HyperLogLog, about 1%), marked so,
    # and the same at any --jobs.
    d = os.path.join(tmp, "tree")
    for i in range(40):
        rows = "".join("顧客%d,user%05d.k@tsubame-post.jp\n" % (i * 100 + k, i * 100 + k) for k in range(100))
        write(os.path.join(d, "f%02d.csv" % i), "氏名,メール\n" + rows)
    _, recs, summary = scan_jsonl([d])
    email = summary["detectors"]["email"]
    assert email["distinct"] == 4000 and "distinct_exact" not in email, email
    outs = []
    for jobs in ("1", "2"):
        p, recs, summary = scan_jsonl(["--jobs", jobs, "--limit", "distinct=1000", d])
        email = summary["detectors"]["email"]
        assert email["distinct_exact"] is False, email
        assert 3880 <= email["distinct"] <= 4120, email
        # Each file's 100 values stay exact.
        for r in recs:
            for f in r["findings"]:
                assert "distinct_exact" not in f, f
        outs.append(without_timing(p.stdout))
    assert outs[0] == outs[1], "estimates differ between --jobs 1 and 2"
    _, recs, _ = scan_jsonl(["--limit", "distinct=50", os.path.join(d, "f00.csv")])
    f = [f for f in recs[0]["findings"] if f["detector"] == "email"][0]
    assert f["distinct_exact"] is False and 90 <= f["distinct"] <= 110, f


@test
def non_utf8_name_round_trips(tmp):
    btmp = os.fsencode(tmp)
    names = [b"latin1-\xe9t\xe9.txt", b"bad-\xff\xfe.txt", b"ctl-\x01\x1b[31m.txt",
             b"trunc-\xe3\x81.txt", "日本語.txt".encode("utf-8"), b"quote\"back\\slash.txt",
             b"ls\xe2\x80\xa8sep.txt"]
    for n in names:
        write(os.path.join(btmp, n), b"hello\n")
    for fmt in ("jsonl", "json"):
        p = run(["scan", "--format", fmt, tmp])
        raw = p.stdout
        raw.decode("utf-8")  # valid UTF-8 whatever the names
        assert b"\x1b" not in raw and b"\x01" not in raw, "control bytes leaked"
        assert b"\xe2\x80\xa8" not in raw, "U+2028 must be escaped"
        if fmt == "jsonl":
            recs, _ = parse_jsonl(raw)
        else:
            recs = json.loads(raw.decode("utf-8"))["records"]
        got = sorted(os.fsencode(r["path"][0]) for r in recs)
        assert got == sorted(os.path.join(btmp, n) for n in names), got
    # The text report shows escapes, never raw control bytes.
    p = run(["scan", "--verbose", tmp])
    assert b"\x1b" not in p.stdout and b"\x01" not in p.stdout
    p.stdout.decode("utf-8")


@test
def fifo_skipped_no_hang(tmp):
    write(os.path.join(tmp, "a.txt"), "hello\n")
    fifo = os.path.join(tmp, "pipe")
    os.mkfifo(fifo)
    # Named on the command line and met in a walk: both skipped, nobody blocks.
    for args in ([tmp], [fifo]):
        p, recs, _ = scan_jsonl(args, timeout=20)
        r = [r for r in recs if r["path"][0] == fifo]
        assert len(r) == 1, recs
        assert r[0]["status"] == "skipped", r[0]
        assert r[0].get("error"), r[0]


@test
def missing_path_is_error_record(tmp):
    missing = os.path.join(tmp, "does-not-exist.txt")
    write(os.path.join(tmp, "ok.txt"), "hello\n")
    p, recs, s = scan_jsonl([missing, os.path.join(tmp, "ok.txt")])
    # A typo in a gate's path must not pass as "nothing found".
    assert p.returncode == 2, p.returncode
    assert b"no such file" in p.stderr, p.stderr
    r = [r for r in recs if r["path"][0] == missing]
    assert len(r) == 1 and r[0]["status"] == "error" and r[0].get("error"), recs
    assert s["status"]["error"] >= 1 and s["status"]["ok"] == 1, s


@test
def unreadable_file_error(tmp):
    os.chmod(tmp, 0o755)
    secret = os.path.join(tmp, "secret.txt")
    write(secret, PII_TEXT)
    write(os.path.join(tmp, "open.txt"), "hello\n")
    os.chmod(secret, 0)
    cmd = [EXE, "scan", "--format", "jsonl", tmp]
    if os.geteuid() == 0:
        # Root reads anything; run the scan as nobody instead, when we can.
        setpriv = shutil.which("setpriv")
        if not setpriv:
            raise Skip("running as root and setpriv is missing")
        cmd = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", "--"] + cmd
        probe = subprocess.run(cmd[:5] + ["cat", secret], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, timeout=TIMEOUT)
        if probe.returncode == 0:
            raise Skip("the unprivileged user can still read a mode-000 file")
        exe_probe = subprocess.run(cmd[:5] + [EXE, "--version"], stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL, timeout=TIMEOUT)
        if exe_probe.returncode != 0:
            raise Skip("the unprivileged user cannot run %s" % EXE)
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=TIMEOUT)
    recs, s = parse_jsonl(p.stdout)
    r = {r["path"][0]: r for r in recs}
    assert r[secret]["status"] == "error", r[secret]
    assert r[secret].get("error"), r[secret]
    assert r[os.path.join(tmp, "open.txt")]["status"] == "ok", "the scan goes on"


@test
def max_filesize_skips(tmp):
    write(os.path.join(tmp, "small.txt"), "hello\n")
    write(os.path.join(tmp, "big.txt"), "x" * 5000 + "\n")
    _, recs, _ = scan_jsonl(["--max-filesize", "1K", tmp])
    r = {os.path.basename(r["path"][0]): r for r in recs}
    assert r["big.txt"]["status"] == "skipped", r["big.txt"]
    assert r["small.txt"]["status"] == "ok", r["small.txt"]


@test
def only_and_except(tmp):
    write(os.path.join(tmp, "a.txt"), PII_TEXT)
    _, recs, _ = scan_jsonl(["--only", "email", tmp])
    dets = {f["detector"] for r in recs for f in r["findings"]}
    assert dets == {"email"}, dets
    _, recs, _ = scan_jsonl(["--except", "email", tmp])
    dets = {f["detector"] for r in recs for f in r["findings"]}
    assert "email" not in dets, dets


# --- signals -----------------------------------------------------------------

@test
def sigint_partial_summary_130(tmp):
    # About 2 GB to scan from 40 MB on disk: one text file with planted values,
    # hard-linked 50 times (each link is a file of its own for the walker), so
    # the scan is still running when the signal arrives.
    d = os.path.join(tmp, "big")
    os.mkdir(d)
    first = os.path.join(d, "log00.txt")
    block = ("".join("line %d of a long synthetic log, nothing here\n" % i for i in range(2000))
             + PII_TEXT).encode()
    with open(first, "wb") as f:
        for _ in range(40 * 1000 * 1000 // len(block)):
            f.write(block)
    for i in range(1, 50):
        os.link(first, os.path.join(d, "log%02d.txt" % i))
    out = os.path.join(tmp, "out.jsonl")
    proc = subprocess.Popen([EXE, "scan", "--format", "jsonl", "--output", out, "--jobs", "2",
                             d], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(0.5)
    assert proc.poll() is None, "the scan finished before the signal; cannot test"
    t0 = time.monotonic()
    proc.send_signal(signal.SIGINT)
    try:
        _, err = proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        raise AssertionError("no exit within 30 s of SIGINT")
    assert proc.returncode == 130, (proc.returncode, err)
    assert time.monotonic() - t0 < 10, "took too long to stop"
    with open(out, "rb") as f:
        recs, s = parse_jsonl(f.read())
    assert s["interrupted"] is True, s
    assert len(recs) < 50, "interrupted, yet every file has a record"
    assert b"interrupted" in err, err


@test
def sigint_between_files_130(tmp):
    """Many medium files: the scan stops between files and says so."""
    d = os.path.join(tmp, "many")
    os.mkdir(d)
    first = os.path.join(d, "f0000.txt")
    block = ("".join("entry %d of a synthetic log\n" % i for i in range(1000)) + PII_TEXT).encode()
    with open(first, "wb") as f:
        for _ in range(500 * 1000 // len(block) + 1):
            f.write(block)
    for i in range(1, 2000):   # ~1 GB to scan from 0.5 MB on disk
        os.link(first, os.path.join(d, "f%04d.txt" % i))
    out = os.path.join(tmp, "out.jsonl")
    proc = subprocess.Popen([EXE, "scan", "--format", "jsonl", "--output", out, "--jobs", "2", d],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(0.5)
    assert proc.poll() is None, "the scan finished before the signal; cannot test"
    proc.send_signal(signal.SIGINT)
    try:
        _, err = proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        raise AssertionError("no exit within 30 s of SIGINT")
    assert proc.returncode == 130, (proc.returncode, err)
    with open(out, "rb") as f:
        recs, s = parse_jsonl(f.read())
    assert s["interrupted"] is True, s
    assert len(recs) < 2000, "interrupted, yet every file has a record"


# --- masking (issue 5 item 5) --------------------------------------------------

@test
def no_raw_values_without_show_data(tmp):
    d = os.path.join(tmp, "in")
    write(os.path.join(d, "people.txt"), PII_TEXT)
    write(os.path.join(d, "people.csv"), "name,email,phone\nPat Example,%s,%s\n" % (EMAIL, PHONE))
    raw_values = [EMAIL.encode(), PHONE.encode(), b"09012345678", b"1234-5678",
                  b"other.person@shop-sample.jp", b"03-5555-0123", b"Pat Sample"]
    _, recs, _ = scan_jsonl([d])
    assert detections(recs, "email") >= 2, "planted e-mails not detected"
    assert detections(recs, "phone") >= 1, "planted phone not detected"
    for fmt in ("text", "jsonl", "json"):
        for extra in ([], ["--verbose"]):
            p = run(["scan", "--format", fmt] + extra + [d])
            blob = p.stdout + p.stderr
            for v in raw_values:
                assert v not in blob, ("raw value %r in %s output" % (v, fmt))
    # And the check can fail: with --show-data the value is there.
    p = run(["scan", "--format", "jsonl", "--show-data", d])
    assert EMAIL.encode() in p.stdout, "--show-data did not show the e-mail"


def main(argv):
    global EXE
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    EXE = os.path.abspath(argv[0])
    wanted = set(argv[1:])
    passed = failed = skipped = 0
    for fn in TESTS:
        if wanted and fn.__name__ not in wanted:
            continue
        tmp = tempfile.mkdtemp(prefix="exposcan-e2e-")
        t0 = time.monotonic()
        try:
            fn(tmp)
            passed += 1
            print("PASS %s (%.1f s)" % (fn.__name__, time.monotonic() - t0))
        except Skip as e:
            skipped += 1
            print("SKIP %s: %s" % (fn.__name__, e))
        except Exception:
            failed += 1
            print("FAIL %s" % fn.__name__)
            traceback.print_exc(file=sys.stdout)
        finally:
            for root, dirs, _ in os.walk(tmp):
                for x in dirs:
                    try:
                        os.chmod(os.path.join(root, x), stat.S_IRWXU)
                    except OSError:
                        pass
            shutil.rmtree(tmp, ignore_errors=True)
        sys.stdout.flush()
    print("%d passed, %d failed, %d skipped" % (passed, failed, skipped))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
