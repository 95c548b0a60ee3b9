#!/usr/bin/env python3
"""Faults (issue 5, points 3 and 6): what the world does to a scan while it
runs. Each test is named; each runs in a fresh temp dir outside the tree.

  unreadable         a chmod 000 file, scanned as an unprivileged user
  shrinking-file     a file truncated while it is being read
  shrinking-mapped   a zip over 32 MiB (mapped) truncated while it is scanned
  growing-file       a file appended to while it is being read
  vanishing-dirs     directories deleted while the walk runs
  fifo-and-socket    special files in the tree and a FIFO given by name
  symlink-loop       loops with --follow-symlinks: skipped with a reason, the walk ends
  disk-full          --output /dev/full: exit 2 and a message
  closed-pipe        the report's reader goes away: exit 2, never 0
  sigint             Ctrl-C during a long scan: exit 130, a closed report that says so
  least-privilege    strace: inputs opened read-only (O_NOATIME), no file created, no exec

Usage: e2e_faults.py EXPOSCAN   (prints "N passed, N failed"; exit 1 on failure)
"""
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

SANITIZER = (b"ERROR: AddressSanitizer", b"ERROR: LeakSanitizer", b"runtime error:")
TIMEOUT = 120   # seconds before a test's process counts as hung
passed = failed = 0
EXE = None


class Fail(Exception):
    pass


def need(cond, msg):
    if not cond:
        raise Fail(msg)


def scan(args, timeout=TIMEOUT, **kw):
    """Run exposcan scan; returns CompletedProcess (bytes)."""
    try:
        p = subprocess.run([EXE, "scan"] + args, stdout=kw.pop("stdout", subprocess.PIPE),
                           stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, timeout=timeout, **kw)
    except subprocess.TimeoutExpired:
        raise Fail(f"exposcan {' '.join(args)} did not finish in {timeout} s")
    no_sanitizer(p.stderr)
    return p


def no_sanitizer(err):
    for s in SANITIZER:
        need(s not in (err or b""), f"sanitizer report: {err.decode(errors='replace')[-1500:]}")


def jsonl(out):
    """All lines of a JSONL report, each strict UTF-8 and valid JSON; (records, summary)."""
    need(out.endswith(b"\n"), "report does not end with a newline")
    recs, summary = [], None
    lines = out.split(b"\n")[:-1]
    for i, line in enumerate(lines):
        try:
            obj = json.loads(line.decode("utf-8", "strict"))
        except (UnicodeDecodeError, ValueError) as e:
            raise Fail(f"line {i + 1} is not valid JSON in UTF-8: {e}: {line[:200]!r}")
        if "summary" in obj:
            need(i == len(lines) - 1, "summary is not the last line")
            summary = obj["summary"]
        else:
            need(obj.get("status") in ("ok", "error", "skipped", "encrypted", "limit"), f"bad status in {obj}")
            need(obj["status"] == "ok" or obj.get("error"), f"status without a reason: {obj}")
            recs.append(obj)
    need(summary is not None, "no summary line")
    return recs, summary


def by_path(recs):
    out = {}
    for r in recs:
        if len(r["path"]) == 1:
            k = os.fsencode(r["path"][0])
            need(k not in out, f"two records for {r['path'][0]!r}")
            out[k] = r
    return out


def text_with_pii(lines):
    row = b"%06d,Yamada Taro,taro.yamada%d@example.jp,090-1234-%04d,Tokyo\n"
    return b"id,name,email,phone,city\n" + b"".join(row % (i, i, i % 10000) for i in range(lines))


# ---- tests ----

def t_unreadable(tmp):
    secret = os.path.join(tmp, "secret.txt")
    with open(secret, "wb") as f:
        f.write(text_with_pii(10))
    os.chmod(secret, 0)
    os.chmod(tmp, 0o755)
    cmd = []
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if not setpriv:
            return "SKIP: running as root and setpriv(1) is not installed"
        # nobody must be able to reach the binary and its libraries.
        probe = subprocess.run([setpriv, "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                                EXE, "--version"], capture_output=True)
        if probe.returncode != 0:
            return f"SKIP: exposcan cannot run as nobody: {probe.stderr[-200:]!r}"
        cmd = [setpriv, "--reuid=nobody", "--regid=nogroup", "--clear-groups"]
    p = subprocess.run(cmd + [EXE, "scan", "--format", "jsonl", "-q", tmp], capture_output=True, timeout=TIMEOUT)
    no_sanitizer(p.stderr)
    need(p.returncode in (0, 1), f"exit {p.returncode}: {p.stderr[-300:]!r}")
    recs, summary = jsonl(p.stdout)
    r = by_path(recs).get(os.fsencode(secret))
    need(r is not None, f"no record for the unreadable file: {recs}")
    need(r["status"] == "error", f"status {r['status']}, expected error")
    need("ermission" in r["error"] or "denied" in r["error"], f"reason does not say why: {r['error']!r}")
    need(summary["status"]["error"] >= 1, "summary does not count the error")


def changing_file(tmp, change, check=None):
    """Scan a big file while change(path) runs in a thread; several timings."""
    data = text_with_pii(100000)   # ~6 MB: a read of a tenth of a second or more
    for delay in (0.0, 0.05, 0.2):
        path = os.path.join(tmp, f"changing-{delay}.csv")
        with open(path, "wb") as f:
            f.write(data)
        stop = threading.Event()
        p = subprocess.Popen([EXE, "scan", "--format", "jsonl", "-q", "--jobs", "1", path],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)

        def when_open():
            # Change the file only once the scanner has it open, so that
            # "the size at open" is known: len(data).
            t0 = time.monotonic()
            while not stop.is_set() and time.monotonic() - t0 < 10:
                try:
                    if any(os.readlink(f"/proc/{p.pid}/fd/{fd}") == path for fd in os.listdir(f"/proc/{p.pid}/fd")):
                        break
                except OSError:
                    pass
                time.sleep(0.001)
            change(path, delay, stop)
        th = threading.Thread(target=when_open)
        th.start()
        try:
            out, err = p.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            p.kill()
            raise Fail(f"hung on a changing file (delay {delay})")
        finally:
            stop.set()
            th.join()
        no_sanitizer(err)
        need(p.returncode in (0, 1), f"delay {delay}: exit {p.returncode}: {err[-300:]!r}")
        recs, _ = jsonl(out)
        r = by_path(recs).get(os.fsencode(path))
        need(r is not None, f"delay {delay}: no record")
        need(r["status"] in ("ok", "error"), f"delay {delay}: status {r['status']}")
        if check:
            check(r, len(data), delay)
        os.unlink(path)


def t_shrinking(tmp):
    def shrink(path, delay, stop):
        time.sleep(delay)
        with open(path, "r+b") as f:
            f.truncate(1000)
    changing_file(tmp, shrink)


def t_shrinking_mapped(tmp):
    """Regression (mapped-file-sigbus): a zip larger than ES_MAP_THRESHOLD is
    mapped; truncated while mapped, touching a lost page raised SIGBUS and the
    whole scan died. Now the zip's record says why, the rest of the tree is
    reported, and no member read after the loss passes as fine."""
    import zipfile
    src = os.path.join(tmp, "orig.zip")
    with zipfile.ZipFile(src, "w", zipfile.ZIP_STORED) as z:
        for i in range(8):   # 8 x ~6 MB, stored: the file is well over 32 MiB
            z.writestr(f"part{i}.csv", text_with_pii(100000))
    need(os.path.getsize(src) > 40 << 20, "the zip is not big enough to be mapped")
    tree = os.path.join(tmp, "tree")
    os.makedirs(tree)
    other = os.path.join(tree, "zz-other.csv")   # walked after share.zip
    with open(other, "wb") as f:
        f.write(text_with_pii(10))
    path = os.path.join(tree, "share.zip")
    lost = 0
    # Under ASan (tools/test.sh) nothing is set: with its default
    # handle_sigbus=1 ASan installs its SIGBUS handler at start and lets ours
    # replace it; ASan's then gets the faults outside file mappings. With
    # handle_sigbus=2 ASan keeps SIGBUS to itself, the mapping is unprotected
    # and this test fails, as the scan would.
    for attempt in range(3):
        shutil.copyfile(src, path)
        p = subprocess.Popen([EXE, "scan", "--format", "jsonl", "-q", "--jobs", "1", tree],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        state = {}

        def truncate_when_mapped():
            # Truncate right after exposcan has mapped the zip: its mapping
            # shows in /proc/PID/maps (a fixed sleep would often truncate
            # before the mapping, or after the scan).
            t0 = time.monotonic()
            while time.monotonic() - t0 < 30 and p.poll() is None:
                try:
                    with open(f"/proc/{p.pid}/maps") as m:
                        if path in m.read():
                            break
                except OSError:
                    return
                time.sleep(0.0005)
            else:
                return
            with open(path, "r+b") as f:
                f.truncate(4096)
            state["truncated"] = True
        th = threading.Thread(target=truncate_when_mapped)
        th.start()
        try:
            out, err = p.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            p.kill()
            raise Fail(f"attempt {attempt}: hung on a zip truncated while mapped")
        finally:
            th.join()
        no_sanitizer(err)
        need(p.returncode >= 0, f"attempt {attempt}: killed by signal {-p.returncode} "
             f"(truncated: {state.get('truncated', False)}); stderr {err[-300:]!r}")
        need(p.returncode in (0, 1), f"attempt {attempt}: exit {p.returncode}: {err[-300:]!r}")
        recs, summary = jsonl(out)
        seen = by_path(recs)
        r = seen.get(os.fsencode(path))
        need(r is not None, f"attempt {attempt}: no record for the zip")
        o = seen.get(os.fsencode(other))
        need(o is not None and o["status"] == "ok" and o.get("findings"),
             f"attempt {attempt}: the file after the zip was not scanned: {o}")
        need(summary["files"] == 2, f"attempt {attempt}: summary files {summary['files']}")
        if r["status"] == "ok":   # the scan won the race
            continue
        need(r["status"] == "error" and "shrank while being read" in r["error"],
             f"attempt {attempt}: zip record {r}")
        lost += 1
        # Members read before the loss stand; one being read when it happened
        # says so; nothing read from the lost pages passes as fine or as a
        # broken zip.
        for m in recs:
            if len(m["path"]) > 1:
                need(m["status"] == "ok" or "shrank while being read" in m.get("error", ""),
                     f"attempt {attempt}: member {m}")
    # Truncated within a millisecond or so of the mapping, a scan of 48 MB
    # cannot win every time: if it did, this test would test nothing.
    need(lost > 0, "the scan won the race 3 times out of 3; truncate sooner")
    return f"{lost} of 3 scans lost the race"


def t_growing(tmp):
    def grow(path, delay, stop):
        time.sleep(delay)
        chunk = text_with_pii(20000)
        grown = 0
        # Up to ~200 MB, or until the scan is over: a reader that chases a
        # growing file forever would show as the scan outliving the writer.
        with open(path, "ab") as f:
            while not stop.is_set() and grown < 200 * 1024 * 1024:
                f.write(chunk)
                f.flush()
                grown += len(chunk)
    def as_opened(r, size, delay):
        # Regression (growing-file chase): the file is read as it was when
        # opened; reading on to EOF chased the writer for minutes.
        need(r["bytes"] <= size, f"delay {delay}: read {r['bytes']} bytes of a file of {size} at open")
    changing_file(tmp, grow, as_opened)


def t_sparse(tmp):
    """Regression (sparse-8GiB-read): holes are skipped, not read as zeros;
    values on both sides of a 64 GiB hole are found at their offsets."""
    path = os.path.join(tmp, "disk.img")
    with open(path, "wb") as f:
        f.write(b"\0\0\0Yamada Taro 090-1234-5678\n")
        f.truncate(64 << 30)
        f.seek(0, 2)
        f.write(b"\0\0 Suzuki Jiro 080-9876-5432\n")
    t0 = time.monotonic()
    p = scan(["--format", "jsonl", "-q", "--show-data", path], timeout=60)
    secs = time.monotonic() - t0
    need(p.returncode in (0, 1), f"exit {p.returncode}: {p.stderr[-300:]!r}")
    need(secs < 10, f"{secs:.1f} s for a sparse file (holes read instead of skipped?)")
    r = by_path(jsonl(p.stdout)[0])[os.fsencode(path)]
    need(r["status"] == "ok", f"status {r}")
    where = {e["value"]: e["where"] for f in r["findings"] if f["detector"] == "phone" for e in f["examples"]}
    need(where.get("090-1234-5678") == "offset 0x3", f"first value: {where}")
    need(where.get("080-9876-5432") == "offset 0x%X" % ((64 << 30) + 2), f"value after the hole: {where}")


def t_vanishing(tmp):
    root = os.path.join(tmp, "tree")
    names = []
    for i in range(300):
        d = os.path.join(root, f"d{i:03d}", "sub")
        os.makedirs(d)
        for k in range(10):
            p = os.path.join(d, f"f{k}.txt")
            with open(p, "wb") as f:
                f.write(b"Yamada Taro taro%d@example.jp\n" % k * 200)
            names.append(os.fsencode(p))
    known = set(names)
    p = subprocess.Popen([EXE, "scan", "--format", "jsonl", "-q", "--jobs", "2", root],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(0.05)
    for i in reversed(range(0, 300, 2)):   # from the end: the walk has not got there yet
        shutil.rmtree(os.path.join(root, f"d{i:03d}"), ignore_errors=True)
    try:
        out, err = p.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        p.kill()
        raise Fail("hung while directories vanished")
    no_sanitizer(err)
    need(p.returncode in (0, 1), f"exit {p.returncode}: {err[-300:]!r}")
    recs, summary = jsonl(out)
    seen = by_path(recs)
    for k, r in seen.items():
        if k in known:
            need(r["status"] in ("ok", "error"), f"{k!r}: status {r['status']}")
        else:
            # A directory that vanished may get an error record of its own.
            need(r["status"] == "error" and k.startswith(os.fsencode(root)),
                 f"record for a path that was never a file: {k!r} {r}")
    kept = [n for n in names if os.path.exists(n)]
    for n in kept:
        need(n in seen, f"a file that never went away has no record: {n!r}")
    need(summary["files"] == len(seen), "summary files differ from records")


def t_fifo_socket(tmp):
    fifo = os.path.join(tmp, "fifo")
    os.mkfifo(fifo)
    sockp = os.path.join(tmp, "sock")
    s = socket.socket(socket.AF_UNIX)
    s.bind(sockp)
    with open(os.path.join(tmp, "plain.txt"), "wb") as f:
        f.write(b"taro@example.jp\n")
    try:
        # The tree, and the FIFO named on the command line (nobody writes to it:
        # opening it for reading must not block).
        for args in ([tmp], [fifo, sockp]):
            p = scan(["--format", "jsonl", "-q"] + args, timeout=30)
            need(p.returncode in (0, 1), f"exit {p.returncode}: {p.stderr[-300:]!r}")
            seen = by_path(jsonl(p.stdout)[0])
            for sp in (fifo, sockp):
                r = seen.get(os.fsencode(sp))
                need(r is not None, f"{args}: no record for {sp}")
                need(r["status"] == "skipped" and r.get("error"), f"{sp}: {r}")
    finally:
        s.close()


def t_symlink_loop(tmp):
    root = os.path.join(tmp, "t")
    os.makedirs(os.path.join(root, "loopdir"))
    with open(os.path.join(root, "file.txt"), "wb") as f:
        f.write(b"taro@example.jp\n")
    os.symlink("b", os.path.join(root, "a"))
    os.symlink("a", os.path.join(root, "b"))
    os.symlink("selfloop", os.path.join(root, "selfloop"))
    os.symlink("..", os.path.join(root, "loopdir", "parent"))
    os.symlink(".", os.path.join(root, "loopdir", "self"))
    p = scan(["--format", "jsonl", "-q", "--follow-symlinks", root], timeout=60)
    need(p.returncode in (0, 1), f"exit {p.returncode}: {p.stderr[-300:]!r}")
    recs, _ = jsonl(p.stdout)
    seen = by_path(recs)
    real = [k for k in seen if k.endswith(b"/file.txt")]
    need(len(real) == 1, f"file.txt reported {len(real)} times: {real}")
    for name in ("loopdir/parent", "loopdir/self"):
        r = seen.get(os.fsencode(os.path.join(root, name)))
        need(r is not None, f"no record for {name}")
        need(r["status"] == "skipped" and "loop" in r["error"].lower(), f"{name}: {r}")
    for name in ("a", "b", "selfloop"):
        r = seen.get(os.fsencode(os.path.join(root, name)))
        need(r is not None, f"no record for {name}")
        need(r["status"] in ("skipped", "error") and r.get("error"), f"{name}: {r}")


def t_disk_full(tmp):
    if not os.path.exists("/dev/full"):
        return "SKIP: no /dev/full"
    with open(os.path.join(tmp, "a.txt"), "wb") as f:
        f.write(text_with_pii(100))
    for fmt in ("jsonl", "text", "json"):
        p = scan(["--format", fmt, "-q", "--output", "/dev/full", tmp])
        need(p.returncode == 2, f"{fmt}: exit {p.returncode}, expected 2")
        need(p.stderr.strip(), f"{fmt}: no message on stderr")


def t_closed_pipe(tmp):
    for i in range(20):
        with open(os.path.join(tmp, f"f{i}.txt"), "wb") as f:
            f.write(text_with_pii(50))
    for fmt in ("jsonl", "text"):
        r, w = os.pipe()
        os.close(r)   # nobody will ever read the report
        try:
            p = scan(["--format", fmt, "-q", "-v", tmp], stdout=w)
        finally:
            os.close(w)
        need(p.returncode == 2, f"{fmt}: exit {p.returncode}, expected 2 (never a silent success)")
        need(p.stderr.strip(), f"{fmt}: no message on stderr")


def t_sigint(tmp):
    # Many files, each with PII (24 x 13 MB). SIGINT goes out once the first
    # records are written, so the scan is under way (its handler installed)
    # with most files still to do, however fast the build is (a fixed sleep
    # stopped working once a scan of 12 such files took under a second).
    nfiles = 24
    data = text_with_pii(200000)
    for i in range(nfiles):
        with open(os.path.join(tmp, f"big{i:02d}.csv"), "wb") as f:
            f.write(data)
    out_path = os.path.join(tmp, "..", os.path.basename(tmp) + "-report.jsonl")
    with open(out_path, "wb") as out:
        p = subprocess.Popen([EXE, "scan", "--format", "jsonl", "-q", "--jobs", "2", tmp],
                             stdout=out, stderr=subprocess.PIPE)
        deadline = time.time() + TIMEOUT
        while p.poll() is None and os.path.getsize(out_path) == 0 and time.time() < deadline:
            time.sleep(0.005)
        need(p.poll() is None, "the scan ended before SIGINT could be sent; make it longer")
        p.send_signal(signal.SIGINT)
        try:
            _, err = p.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            p.kill()
            raise Fail("did not stop within 60 s of SIGINT")
    no_sanitizer(err)
    with open(out_path, "rb") as f:
        report = f.read()
    os.unlink(out_path)
    need(p.returncode == 130, f"exit {p.returncode}, expected 130; stderr {err[-300:]!r}")
    recs, summary = jsonl(report)
    need(summary.get("interrupted") is True, f"summary does not say interrupted: {summary}")
    need(summary["files"] < nfiles or any(r["status"] == "limit" for r in recs),
         "every file was scanned in full, nothing shows the interrupt")


def t_least_privilege(tmp):
    strace = shutil.which("strace")
    if not strace:
        return "SKIP: strace is not installed (apt-get install strace)"
    data = os.path.join(tmp, "data")
    os.makedirs(os.path.join(data, "sub"))
    with open(os.path.join(data, "a.csv"), "wb") as f:
        f.write(text_with_pii(100))
    with open(os.path.join(data, "sub", "run.sh"), "wb") as f:
        f.write(b"#!/bin/sh\necho pwned > /tmp/pwned\n")
    os.chmod(os.path.join(data, "sub", "run.sh"), 0o755)
    import zipfile
    with zipfile.ZipFile(os.path.join(data, "b.zip"), "w") as z:
        z.writestr("../../evil.txt", b"taro@example.jp\n")
        z.writestr("inner/c.txt", b"Yamada Taro 090-1234-5678\n")
    report = os.path.join(tmp, "report.jsonl")
    log = os.path.join(tmp, "strace.log")
    before = sorted(os.listdir(data))
    env = dict(os.environ)
    # LeakSanitizer cannot run under ptrace; the leak check is not this test's.
    env["ASAN_OPTIONS"] = (env.get("ASAN_OPTIONS", "") + ":detect_leaks=0").lstrip(":")
    p = subprocess.run([strace, "-f", "-qq", "-o", log, "-e",
                        "trace=open,openat,openat2,creat,execve,execveat,unlink,unlinkat,rename,"
                        "renameat,renameat2,mkdir,mkdirat,link,linkat,symlink,symlinkat,truncate,memfd_create",
                        EXE, "scan", "--format", "jsonl", "-q", "--jobs", "2", "--output", report, data],
                       capture_output=True, timeout=TIMEOUT, env=env)
    if p.returncode not in (0, 1) and b"ptrace" in p.stderr:
        return f"SKIP: strace cannot trace here: {p.stderr[-200:]!r}"
    need(p.returncode in (0, 1), f"exit {p.returncode}: {p.stderr[-300:]!r}")
    jsonl(open(report, "rb").read())
    need(sorted(os.listdir(data)) == before, "the scanned directory changed")
    with open(log, "r", errors="replace") as f:
        calls = f.read().splitlines()
    execs = [c for c in calls if re.search(r"\bexecve(at)?\(", c) and "resumed" not in c]
    need(len(execs) == 1, f"exec after start: {execs[1:3]}")
    bad = []
    noatime_missing = []
    for c in calls:
        m = re.search(r'\b(open|openat|openat2|creat)\((?:[^,]*, )?"([^"]*)", ([A-Z_|]+|\{[^}]*\})', c)
        if m:
            path, flags = m.group(2), m.group(3)
            writes = re.search(r"O_WRONLY|O_RDWR|O_CREAT|O_TRUNC|O_APPEND", flags) or m.group(1) == "creat"
            if writes and path != report:
                bad.append(c)
            if path.startswith(data) and not writes and "O_DIRECTORY" not in flags and "= -1" not in c \
                    and "O_NOATIME" not in flags:
                noatime_missing.append(c)
            continue
        if re.search(r"\b(unlink|unlinkat|rename|renameat2?|mkdir|mkdirat|link|linkat|symlink|symlinkat|"
                     r"truncate|memfd_create)\(", c) and "resumed" not in c:
            bad.append(c)
    need(not bad, f"writes besides the report: {bad[:3]}")
    # As root (or as the files' owner) O_NOATIME is always allowed.
    need(not noatime_missing, f"inputs opened without O_NOATIME: {noatime_missing[:3]}")
    need(not os.path.exists("/tmp/pwned"), "a scanned script was executed")


TESTS = [
    ("unreadable", t_unreadable),
    ("shrinking-file", t_shrinking),
    ("shrinking-mapped", t_shrinking_mapped),
    ("growing-file", t_growing),
    ("sparse-file", t_sparse),
    ("vanishing-dirs", t_vanishing),
    ("fifo-and-socket", t_fifo_socket),
    ("symlink-loop", t_symlink_loop),
    ("disk-full", t_disk_full),
    ("closed-pipe", t_closed_pipe),
    ("sigint", t_sigint),
    ("least-privilege", t_least_privilege),
]


def main():
    global EXE, passed, failed
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    EXE = os.path.abspath(sys.argv[1])
    only = set(sys.argv[2:])
    for name, fn in TESTS:
        if only and name not in only:
            continue
        tmp = tempfile.mkdtemp(prefix=f"exposcan-{name}-")
        t0 = time.monotonic()
        try:
            note = fn(tmp)
            passed += 1
            print(f"ok   {name} ({time.monotonic() - t0:.1f} s){' ' + note if note else ''}", flush=True)
        except Fail as e:
            failed += 1
            print(f"FAIL {name}: {e}", flush=True)
        except Exception as e:   # a broken test is a failure too, never a pass
            failed += 1
            print(f"FAIL {name}: {type(e).__name__}: {e}", flush=True)
        finally:
            for d, dirs, fs in os.walk(tmp):
                for n in dirs + fs:
                    try:
                        if not os.path.islink(os.path.join(d, n)):
                            os.chmod(os.path.join(d, n), 0o700)
                    except OSError:
                        pass
            shutil.rmtree(tmp, ignore_errors=True)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
