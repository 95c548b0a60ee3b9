#!/usr/bin/env python3
"""Golden end-to-end tests: arguments + expected JSONL, kept as data.

Usage: run.py [--update] EXE GOLDEN_DIR JOBS [CASE...]

Each case is a folder GOLDEN_DIR/<case>/ with
  args            one CLI argument per line (blank lines are ignored); input
                  paths are relative to the case's input/ folder
  input/          the files to scan (small and synthetic)
  expected.jsonl  the expected report
For each case, input/ is copied into a fresh temporary directory (as
libarchive's test_main.c does), `EXE scan --format jsonl --jobs JOBS <args>`
runs there, the timing fields are dropped from the summary, and the output is
compared line by line with expected.jsonl. --update rewrites expected.jsonl
from the current output instead (review the diff before committing it).
"""

import difflib
import json
import os
import shutil
import subprocess
import sys
import tempfile

# Fields that measure time and so differ between runs.
TIMING_FIELDS = ("elapsed_s", "throughput_mb_s")
# Seconds a case may take; the inputs are tiny, so this only catches hangs.
CASE_TIMEOUT = 120


def normalise(raw):
    """Return the output as a list of lines without the timing fields."""
    text = raw.decode("utf-8")  # the report must be valid UTF-8: fail loudly if not
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    out = []
    for line in lines:
        obj = json.loads(line)
        if isinstance(obj, dict) and "summary" in obj and isinstance(obj["summary"], dict):
            for key in TIMING_FIELDS:
                obj["summary"].pop(key, None)
            # Same separators as exposcan writes, so only the dropped fields differ.
            line = json.dumps(obj, ensure_ascii=False)
        out.append(line)
    return out


def read_args(case_dir):
    with open(os.path.join(case_dir, "args"), "rb") as f:
        data = f.read()
    return [os.fsdecode(a) for a in data.split(b"\n") if a.strip()]


def run_case(exe, case_dir, jobs, update):
    """Return (ok, message)."""
    args = read_args(case_dir)
    expected_path = os.path.join(case_dir, "expected.jsonl")
    with tempfile.TemporaryDirectory(prefix="exposcan-golden-") as tmp:
        work = os.path.join(tmp, "work")
        src = os.path.join(case_dir, "input")
        if os.path.isdir(src):
            shutil.copytree(src, work, symlinks=True)
        else:
            os.mkdir(work)
        cmd = [exe, "scan", "--format", "jsonl", "--jobs", str(jobs)] + args
        try:
            proc = subprocess.run(cmd, cwd=work, stdin=subprocess.DEVNULL,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  timeout=CASE_TIMEOUT)
        except subprocess.TimeoutExpired:
            return False, "timed out after %d s" % CASE_TIMEOUT
    # 0 and 1 are the normal outcomes; 2 is an error, negative a crash.
    if proc.returncode not in (0, 1):
        return False, "exit status %d\n%s" % (proc.returncode,
                                             proc.stderr.decode("utf-8", "replace"))
    try:
        got = normalise(proc.stdout)
    except (UnicodeDecodeError, ValueError) as e:
        return False, "output is not valid JSONL: %s" % e
    if update:
        with open(expected_path, "w", encoding="utf-8") as f:
            f.write("".join(line + "\n" for line in got))
        return True, "updated"
    try:
        with open(expected_path, encoding="utf-8") as f:
            want = f.read().split("\n")
        if want and want[-1] == "":
            want.pop()
    except FileNotFoundError:
        return False, "no expected.jsonl (run with --update to create it)"
    if got == want:
        return True, ""
    diff = difflib.unified_diff(want, got, "expected.jsonl", "got", lineterm="")
    return False, "\n".join(diff)


def main(argv):
    update = False
    if argv and argv[0] == "--update":
        update = True
        argv = argv[1:]
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    exe, golden, jobs = os.path.abspath(argv[0]), argv[1], argv[2]
    wanted = set(argv[3:])
    cases = sorted(d for d in os.listdir(golden)
                   if os.path.isfile(os.path.join(golden, d, "args"))
                   and (not wanted or d in wanted))
    passed = failed = 0
    for case in cases:
        ok, msg = run_case(exe, os.path.join(golden, case), jobs, update)
        if ok:
            passed += 1
            print("PASS %s%s" % (case, " (%s)" % msg if msg else ""))
        else:
            failed += 1
            print("FAIL %s (--jobs %s)\n%s" % (case, jobs, msg))
    if not cases:
        print("no golden cases found in %s" % golden)
        failed += 1
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
