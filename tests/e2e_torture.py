#!/usr/bin/env python3
"""Torture run (issue 5, points 2 and 4): scan all of ../shared/torture and
what its make_bombs.py generates (in a temp dir outside the repository), and
check for every top-level input:

  * no crash: exit status 0 or 1, no sanitizer report on stderr;
  * no hang: at most MAX_SECONDS of wall time per top-level file;
  * bounded memory: peak RSS (wait4 ru_maxrss) under MAX_RSS_MIB;
  * output integrity: every line is strict UTF-8 and valid JSON, the last one
    the summary, whose counts match the records;
  * every record has a known status and, when not ok, a reason;
  * nothing lost: each top-level file has exactly one record, each entry of a
    walked tree (lstat semantics: links, FIFOs, sockets included) too, member
    paths are unique unless the container really holds duplicate names, and
    every regular member Python's zipfile/tarfile lists in a container that
    exposcan read without error has its record;
  * the generated bombs end by a limit or an error, never by the timeout.

Files are scanned in batches (--files-from, --jobs 1, two processes at a
time); a batch that is slow or fails is re-run file by file to name the file.

Usage: e2e_torture.py EXPOSCAN   (prints "N passed, N failed"; exit 1 on failure)
"""
import concurrent.futures
import io
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
TORTURE = os.environ.get("ES_TORTURE") or os.path.normpath(os.path.join(HERE, "..", "..", "shared", "torture"))
MAX_SECONDS = 10.0            # per top-level file (issue 5)
MAX_RSS_MIB = 512             # peak RSS per process (issue 5)
HARD_TIMEOUT = 120.0          # kill a process after this: a hang must not stall CI
BATCH = 40                    # files per process
STATUSES = {"ok", "error", "skipped", "encrypted", "limit"}
SANITIZER = (b"ERROR: AddressSanitizer", b"ERROR: LeakSanitizer", b"runtime error:",
             b"ERROR: UndefinedBehaviorSanitizer")

passed = failed = 0
problems = []


def check(ok, name, detail=""):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        problems.append(f"{name}: {detail}")
        print(f"FAIL {name}: {detail}", flush=True)
    return ok


# Peak RSS comes from wait4() in a small wrapper process: Linux keeps the
# pre-exec peak of a process in its ru_maxrss, so measured from this (large)
# Python process every child would look as big as we are. The wrapper adds
# its own ~10 MiB at most. It reports "maxrss_kib status" on the fd named
# by its first argument.
WRAPPER = """
import os, sys
fd = int(sys.argv[1])
pid = os.fork()
if pid == 0:
    os.close(fd)
    os.execv(sys.argv[2], sys.argv[2:])
_, st, ru = os.wait4(pid, 0)
os.write(fd, b"%d %d" % (ru.ru_maxrss, os.waitstatus_to_exitcode(st)))
"""


def run(exe, args, stdin=None):
    """Run exe; returns (status, seconds, rss_mib, stdout, stderr). status is
    the exit code, or -signal; 'timeout' when killed after HARD_TIMEOUT."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        rfd, wfd = os.pipe()
        t0 = time.monotonic()
        p = subprocess.Popen([sys.executable, "-c", WRAPPER, str(wfd), exe] + args,
                             stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
                             stdout=out, stderr=err, start_new_session=True, pass_fds=(wfd,))
        os.close(wfd)
        if stdin is not None:
            try:
                p.stdin.write(stdin)
                p.stdin.close()
            except BrokenPipeError:
                pass
        try:
            p.wait(timeout=HARD_TIMEOUT)
            timed_out = False
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()
            timed_out = True
        secs = time.monotonic() - t0
        with os.fdopen(rfd, "rb") as r:
            report = r.read().split()
        rss_kib, status = (int(report[0]), int(report[1])) if len(report) == 2 else (0, p.returncode)
        if timed_out:
            status = "timeout"
        out.seek(0)
        err.seek(0)
        return status, secs, rss_kib / 1024.0, out.read(), err.read()


def parse(stdout, label):
    """Records and summary of a JSONL report; None after a failed check."""
    recs = []
    summary = None
    lines = stdout.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    else:
        check(False, "jsonl-newline", f"{label}: output does not end with a newline")
        return None
    for i, line in enumerate(lines):
        try:
            obj = json.loads(line.decode("utf-8", "strict"))
        except (UnicodeDecodeError, ValueError) as e:
            check(False, "jsonl-valid", f"{label}: line {i + 1}: {e}: {line[:200]!r}")
            return None
        if "summary" in obj:
            if i != len(lines) - 1:
                check(False, "jsonl-summary-last", f"{label}: summary on line {i + 1} of {len(lines)}")
                return None
            summary = obj["summary"]
        else:
            recs.append(obj)
    if summary is None:
        check(False, "jsonl-summary", f"{label}: no summary line")
        return None
    return recs, summary


def path_bytes(rec):
    return tuple(os.fsencode(e) for e in rec["path"])


def check_records(recs, summary, label):
    ok = True
    for r in recs:
        p = r.get("path")
        if not isinstance(p, list) or not p or not all(isinstance(e, str) for e in p):
            ok = check(False, "record-path", f"{label}: bad path in {r}")
            continue
        st = r.get("status")
        if st not in STATUSES:
            ok = check(False, "record-status", f"{label}: {p}: status {st!r}")
        elif st != "ok" and not (isinstance(r.get("error"), str) and r["error"].strip()):
            ok = check(False, "record-reason", f"{label}: {p}: status {st} without a reason")
        if not isinstance(r.get("type"), str):
            ok = check(False, "record-type", f"{label}: {p}: no type")
    tops = sum(1 for r in recs if len(r["path"]) == 1)
    if summary.get("files") != tops or summary.get("members") != len(recs) - tops:
        ok = check(False, "summary-counts", f"{label}: summary files={summary.get('files')} "
                   f"members={summary.get('members')}, records {tops}+{len(recs) - tops}")
    if sum(summary.get("status", {}).values()) != len(recs):
        ok = check(False, "summary-status", f"{label}: status counts {summary.get('status')} vs {len(recs)} records")
    if summary.get("interrupted") is not False:
        ok = check(False, "summary-interrupted", f"{label}: interrupted={summary.get('interrupted')}")
    return ok


def container_names(top, rec_by_path):
    """Names Python lists in a top-level zip/tar: (names, counts), or None."""
    try:
        if zipfile.is_zipfile(os.fsdecode(top)):
            with zipfile.ZipFile(os.fsdecode(top)) as z:
                names = []
                for i in z.infolist():
                    raw = i.orig_filename.encode("utf-8" if i.flag_bits & 0x800 else "cp437", "surrogateescape")
                    names.append((raw, not i.filename.endswith("/")))
                return names
        if tarfile.is_tarfile(os.fsdecode(top)) and not top.endswith((b".gz", b".tgz", b".bz2", b".xz", b".Z")):
            with tarfile.open(os.fsdecode(top), "r:") as t:
                return [(os.fsencode(m.name), m.isfile()) for m in t.getmembers()]
    except Exception:
        return None
    return None


def check_members(top, recs, label):
    """Duplicates and completeness of the first member level of top."""
    ok = True
    paths = [path_bytes(r) for r in recs]
    seen = {}
    for p in paths:
        seen[p] = seen.get(p, 0) + 1
    listed = container_names(top, None)
    listed_count = {}
    for n, _ in listed or []:
        listed_count[n] = listed_count.get(n, 0) + 1
    for p, k in seen.items():
        if k == 1:
            continue
        # A container may really hold two members of one name (torture has such zips).
        if len(p) == 2 and listed is not None and listed_count.get(p[1], 0) >= k:
            continue
        if len(p) > 2:
            continue   # nested duplicates: not checkable from here; counted below by level 1 only
        ok = check(False, "member-unique", f"{label}: {k} records for {[os.fsdecode(e) for e in p]}")
    topr = [r for r in recs if len(r["path"]) == 1]
    if listed is None or not topr or topr[0]["status"] != "ok" or topr[0].get("partial"):
        return ok
    if topr[0].get("type") not in ("zip", "tar"):
        return ok   # documents (xlsx, odt) read their parts as text, not as members
    have = {p[1] for p in paths if len(p) == 2}
    # Names are reported as stored, or decoded to UTF-8 when the zip's legacy
    # encoding is known or guessed (CP437, Shift_JIS, GBK, KOI8-R).
    def present(raw):
        if raw in have:
            return True
        for enc in ("cp437", "cp932", "gbk", "koi8_r", "cp866", "latin-1"):
            try:
                if raw.decode(enc).encode("utf-8") in have:
                    return True
            except UnicodeDecodeError:
                pass
        return False
    missing = [n for n, regular in listed if regular and not present(n)]
    if missing and len(listed) <= 10000:
        ok = check(False, "member-complete", f"{label}: {len(missing)} of {len(listed)} members without a "
                   f"record, e.g. {missing[:3]}")
    return ok


def sanitizer_report(stderr):
    return next((s.decode() for s in SANITIZER if s in stderr), None)


def scan_files(exe, files, extra=()):
    """Scan files (bytes paths) in one process; returns the raw result."""
    listing = b"".join(f + b"\0" for f in files)
    return run(exe, ["scan", "--format", "jsonl", "-q", "--jobs", "1", *extra, "--files-from", "-"], listing)


def judge(exe, files, result, timing):
    """Check one process's result for files; False when something failed."""
    status, secs, rss, out, err = result
    label = os.fsdecode(files[0]) + (f" (+{len(files) - 1} more)" if len(files) > 1 else "")
    ok = True
    san = sanitizer_report(err)
    if san:
        ok = check(False, "sanitizer", f"{label}: {san}\n{err.decode(errors='replace')[-2000:]}")
    if status not in (0, 1):
        ok = check(False, "exit-status", f"{label}: status {status}; stderr: {err.decode(errors='replace')[-500:]}")
    if rss >= MAX_RSS_MIB:
        ok = check(False, "peak-rss", f"{label}: {rss:.0f} MiB")
    if status == "timeout":
        return False
    parsed = parse(out, label)
    if parsed is None:
        return False
    recs, summary = parsed
    ok = check_records(recs, summary, label) and ok
    by_top = {}
    for r in recs:
        by_top.setdefault(os.fsencode(r["path"][0]), []).append(r)
    for f in files:
        n = sum(1 for r in by_top.get(f, []) if len(r["path"]) == 1)
        if n != 1:
            ok = check(False, "one-record-per-file", f"{os.fsdecode(f)}: {n} top-level records")
            continue
        ok = check_members(f, by_top[f], os.fsdecode(f)) and ok
    if len(files) == 1:
        timing.append((secs, rss, os.fsdecode(files[0])))
    if ok:   # one pass per input that met every check
        global passed
        passed += len(files)
    return ok


def torture_files():
    out = []
    for d, dirs, files in os.walk(os.fsencode(TORTURE)):
        dirs.sort()
        for f in sorted(files):
            p = os.path.join(d, f)
            if f in (b"MANIFEST.tsv", b"README.md", b"make_bombs.py"):
                continue
            out.append(p)
    return out


def batches(files):
    # Big and bomb files alone: their time must be measured one by one.
    alone = [f for f in files if b"/bombs/" in f or os.lstat(f).st_size > 4 * 1024 * 1024]
    rest = [f for f in files if f not in set(alone)]
    groups = [[f] for f in alone]
    groups += [rest[i:i + BATCH] for i in range(0, len(rest), BATCH)]
    return groups


def scan_groups(exe, groups):
    timing = []
    batch_rss = []

    def work(g):
        res = scan_files(exe, g)
        return g, res

    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as ex:
        results = list(ex.map(work, groups))
    retry = []
    for g, res in results:
        status, secs, rss, _, _ = res
        batch_rss.append(rss)
        if len(g) > 1 and (status not in (0, 1) or secs > MAX_SECONDS):
            retry.extend(g)   # name the file: one process each
            continue
        if len(g) == 1 and secs > MAX_SECONDS:
            retry.extend(g)   # confirm once: the machine may just have been busy
            continue
        judge(exe, g, res, timing)
    for f in retry:
        res = scan_files(exe, [f])
        if check(res[1] <= MAX_SECONDS, "per-file-time", f"{os.fsdecode(f)}: {res[1]:.1f} s (limit {MAX_SECONDS} s)"):
            pass
        judge(exe, [f], res, timing)
    return timing, batch_rss


def bombs(exe, gen):
    """The generated bombs: each file alone; the tree as one walk."""
    timing = []
    items = sorted(os.listdir(gen))
    files = [os.path.join(os.fsencode(gen), os.fsencode(i)) for i in items
             if i not in ("BOMBS.tsv", "tree")]
    expect_stop = {b"gzip_10g_zeros.gz", b"nested_42.zip", b"nested_depth50.zip", b"overlap_full.zip"}
    for f in files:
        res = scan_files(exe, [f])
        check(res[1] <= MAX_SECONDS, "per-file-time", f"{os.fsdecode(f)}: {res[1]:.1f} s")
        if not judge(exe, [f], res, timing):
            continue
        recs = parse(res[3], os.fsdecode(f))[0]
        if os.path.basename(f) in expect_stop:
            stops = [r for r in recs if r["status"] in ("limit", "error") or r.get("partial")]
            check(bool(stops), "bomb-stopped", f"{os.fsdecode(f)}: no record says a limit or an error stopped it")
    tree = os.path.join(gen, "tree")
    if os.path.isdir(tree):
        check_tree(exe, tree, timing)
    return timing


def expected_entries(root):
    """Every non-directory entry under root as walked without following links."""
    exp = []
    for d, dirs, files in os.walk(os.fsencode(root), followlinks=False):
        for n in dirs:
            if os.path.islink(os.path.join(d, n)):
                exp.append(os.path.join(d, n))
        for n in files:
            exp.append(os.path.join(d, n))
    return exp


def check_tree(exe, tree, timing):
    res = run(exe, ["scan", "--format", "jsonl", "-q", "--jobs", "2", tree])
    status, secs, rss, out, err = res
    label = "tree walk"
    check(not sanitizer_report(err), "sanitizer", f"{label}: {sanitizer_report(err)}")
    check(status in (0, 1), "exit-status", f"{label}: {status}: {err[-300:]!r}")
    check(secs <= MAX_SECONDS * 2, "per-file-time", f"{label}: {secs:.1f} s for the whole tree")
    check(rss < MAX_RSS_MIB, "peak-rss", f"{label}: {rss:.0f} MiB")
    timing.append((secs, rss, label + " (" + tree + ")"))
    parsed = parse(out, label)
    if parsed is None:
        return
    recs, summary = parsed
    check_records(recs, summary, label)
    got = {}
    for r in recs:
        got[path_bytes(r)[0]] = got.get(path_bytes(r)[0], 0) + (len(r["path"]) == 1)
    exp = expected_entries(tree)
    for e in exp:
        n = got.get(e, 0)
        check(n == 1, "walk-one-record", f"{os.fsdecode(e)!r}: {n} records")
    extra = set(got) - set(exp)
    check(not extra, "walk-no-extra", f"records for paths not in the tree: {sorted(extra)[:5]}")
    kinds = {}
    for r in recs:
        if len(r["path"]) == 1:
            kinds[os.fsencode(r["path"][0])] = r
    for e in exp:
        st = os.lstat(e)
        r = kinds.get(e)
        if r is None:
            continue
        if stat.S_ISLNK(st.st_mode) or stat.S_ISFIFO(st.st_mode) or stat.S_ISSOCK(st.st_mode):
            check(r["status"] == "skipped", "walk-special-skipped", f"{os.fsdecode(e)!r}: {r['status']}")


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    exe = os.path.abspath(sys.argv[1])
    if not os.path.isdir(TORTURE):
        print(f"SKIP: no torture corpus at {TORTURE}")
        print("0 passed, 0 failed")
        return 0
    t0 = time.monotonic()
    files = torture_files()
    timing, batch_rss = scan_groups(exe, batches(files))
    gen = tempfile.mkdtemp(prefix="exposcan-bombs-")
    try:
        r = subprocess.run([sys.executable, os.path.join(TORTURE, "make_bombs.py"), gen],
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if check(r.returncode == 0, "make-bombs", r.stderr.decode(errors="replace")[-500:]):
            timing += bombs(exe, gen)
    finally:
        for d, dirs, fs in os.walk(gen):
            for n in dirs + fs:
                p = os.path.join(d, n)
                if not os.path.islink(p):
                    try:
                        os.chmod(p, 0o700)
                    except OSError:
                        pass
        shutil.rmtree(gen, ignore_errors=True)
    timing.sort(reverse=True)
    print(f"torture: {len(files)} corpus files in {sum(len(g) for g in batches(files))} inputs, "
          f"{time.monotonic() - t0:.0f} s in all; peak RSS {max([t[1] for t in timing] + batch_rss):.0f} MiB")
    print("slowest inputs (s, peak RSS MiB):")
    for secs, rss, name in timing[:10]:
        print(f"  {secs:6.2f} {rss:6.0f}  {name}")
    if problems:
        print(f"{len(problems)} problems:")
        for p in problems[:50]:
            print("  " + p.splitlines()[0][:300])
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
