#!/usr/bin/env python3
"""exposcan benchmark: exposcan and its peers on the same corpus, in one run.

    python3 bench/run.py                 # ~1 GB corpora, medians of 5 runs
    python3 bench/run.py --quick         # one run of each
    python3 bench/run.py --size 200M --quick

Builds exposcan (release) if needed, generates the corpora if missing
(bench/gen_corpus.py), warms the page cache, then times, per corpus:

  exposcan scan --jobs 2 --format jsonl      all detectors
  rg -c, once per pattern                    per-detector counts (-z on mixed)
  rg -c, one combined pattern                any pattern per line (-z on mixed)
  ugrep -c, combined pattern                 (-z on mixed)
  yara -p 2, a rule of the same 8 patterns

Wall time, CPU seconds (user+sys, from wait4's rusage of the child) and peak
RSS (ru_maxrss) are medians over the runs; MB/s counts uncompressed content
(the generator's manifest). Results go to stdout and bench/out/results.md.
Benchmarks are measurements, never pass/fail tests: the targets of issue 6
are printed next to the numbers.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import json
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
PAT_DIR = os.path.join(HERE, "patterns")
OUT_DIR = os.path.join(HERE, "out")
PEERS = {"rg": "ripgrep", "ugrep": "ugrep", "yara": "yara"}

# Targets of issue 6 (ratios are exposcan MB/s over the peer's MB/s).
T_RG_TEXT, T_UG_TEXT, T_RG_MIXED, T_UG_MIXED = 2.0, 4.0, 2.0, 3.0
T_MB_PER_CPU = 100.0
T_CORES = 1.8
T_RSS_MIB = 128.0
T_ONELINE_MS = 50.0
ONELINE_RUNS = 20   # issue 6: median of 20 start-ups


def load_patterns():
    pats = []
    with open(os.path.join(PAT_DIR, "peers.tsv"), encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            name, pat = line.split("\t", 1)
            pats.append((name, pat))
    return pats


def run_once(argv, cwd=None):
    """Run argv with its output in bench/out/last.out; return (wall s, cpu s,
    maxrss MiB, exit code). Not /dev/null: grep-like tools (ugrep) notice
    /dev/null and stop at the first match."""
    with open(os.path.join(OUT_DIR, "last.out"), "wb") as out:
        t0 = time.perf_counter()
        p = subprocess.Popen(argv, stdout=out, stderr=subprocess.DEVNULL, cwd=cwd)
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024.0, p.returncode


def measure(cmds, runs, ok_codes=(0, 1)):
    """cmds: a list of argvs run one after another as one measurement (ripgrep
    once per pattern). Returns medians of (wall, cpu) sums and of max RSS."""
    walls, cpus, rsss = [], [], []
    for _ in range(runs):
        w = c = r = 0.0
        for argv in cmds:
            wall, cpu, rss, rc = run_once(argv)
            if rc not in ok_codes:
                raise SystemExit("failed (exit %d): %s" % (rc, " ".join(argv)))
            w, c, r = w + wall, c + cpu, max(r, rss)
        walls.append(w)
        cpus.append(c)
        rsss.append(r)
    return statistics.median(walls), statistics.median(cpus), statistics.median(rsss)


def warm(path):
    """Read every file once so that every tool sees a warm page cache."""
    buf = bytearray(1 << 20)
    for d, _, files in os.walk(path):
        for fn in files:
            with open(os.path.join(d, fn), "rb", buffering=0) as f:
                while f.readinto(buf):
                    pass


def ensure_build(build_dir):
    exe = os.path.join(build_dir, "exposcan")
    if not os.path.isdir(build_dir):
        subprocess.check_call(["meson", "setup", build_dir, "--buildtype=release"], cwd=ROOT)
    subprocess.check_call(["ninja", "-C", build_dir, "exposcan"], cwd=ROOT,
                          stdout=subprocess.DEVNULL)
    return exe


def check_peers():
    missing = [p for p in PEERS if not shutil.which(p)]
    if missing:
        print("missing peers: %s; install them with:\n  sudo apt-get install %s\n"
              "(continuing without them)" % (", ".join(missing),
                                              " ".join(PEERS[m] for m in missing)), file=sys.stderr)
    return [p for p in PEERS if p not in missing]


def size_label(n):
    if n >= 1 << 30 and n % (1 << 30) == 0:
        return "%dG" % (n >> 30)
    return "%dM" % (n >> 20)


def parse_size(s):
    mult = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
    s = s.strip().upper()
    return int(float(s[:-1]) * mult[s[-1]]) if s[-1] in mult else int(s)


def corpus(name, size, corpus_dir, seed):
    root = os.path.join(corpus_dir, name)
    if not os.path.exists(root + ".json"):
        fl = name.split("-")[0]
        argv = [sys.executable, os.path.join(HERE, "gen_corpus.py"), "--flavour", fl,
                "--out", corpus_dir, "--seed", seed]
        argv += ["--ooxml-size", size] if fl == "ooxml" else ["--size", size]
        subprocess.check_call(argv)
    with open(root + ".json") as f:
        return root, json.load(f)


def fmt_table(rows):
    """rows: (corpus, tool, MB, wall, cpu, rss, exposcan row or None)."""
    head = ("| corpus | tool | MB/s | wall s | CPU s | cores | MB per CPU-s | peak RSS MiB "
            "| exposcan ÷ tool (wall) | exposcan ÷ tool (CPU) |")
    out = [head, "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|"]
    for c, tool, mb, wall, cpu, rss, x in rows:
        if x is None:
            rw = rc = "—"
        else:
            rw = "%.2f×" % (wall / x[1])
            rc = "%.2f×" % (cpu / x[2])
        out.append("| %s | %s | %.1f | %.2f | %.2f | %.2f | %.1f | %.1f | %s | %s |" % (
            c, tool, mb / wall, wall, cpu, cpu / wall, mb / cpu, rss, rw, rc))
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser(description="exposcan vs ripgrep, ugrep and yara")
    ap.add_argument("--quick", action="store_true", help="one run per measurement (default: 5)")
    ap.add_argument("--runs", type=int, default=None, help="runs per measurement (median)")
    ap.add_argument("--size", default="1G", help="content per corpus (text, mixed); e.g. 200M")
    ap.add_argument("--ooxml-size", default=None, help="content of the xlsx/docx corpus "
                    "(default: a tenth of --size)")
    ap.add_argument("--jobs", type=int, default=2, help="exposcan --jobs and peers' threads")
    ap.add_argument("--build-dir", default=os.path.join(ROOT, "build-bench"))
    ap.add_argument("--corpus-dir", default=os.path.join(HERE, "corpus"))
    ap.add_argument("--seed", default="exposcan-bench-1")
    ap.add_argument("--skip", default="", help="comma-separated: rg,rg-any,ugrep,yara,text,mixed,"
                    "ooxml,oneline")
    ap.add_argument("--yara-runs", type=int, default=None,
                    help="runs for yara, which is ~30x slower (default: same as --runs)")
    a = ap.parse_args()
    runs = a.runs or (1 if a.quick else 5)
    yara_runs = a.yara_runs or runs
    skip = set(filter(None, a.skip.split(",")))
    jobs = str(a.jobs)

    exe = ensure_build(os.path.abspath(a.build_dir))
    peers = check_peers()
    pats = load_patterns()
    any_pat = "|".join("(?:%s)" % p for _, p in pats)
    yar = os.path.join(PAT_DIR, "patterns.yar")
    size = parse_size(a.size)
    osize = parse_size(a.ooxml_size) if a.ooxml_size else size // 10
    os.makedirs(OUT_DIR, exist_ok=True)

    rows, notes, checks = [], [], []
    xs = {}   # exposcan measurements per corpus

    for fl in ("text", "mixed"):
        if fl in skip:
            continue
        root, man = corpus("%s-%s" % (fl, size_label(size)), size_label(size), a.corpus_dir, a.seed)
        mb = man["content_bytes"] / 1e6
        name = os.path.basename(root)
        print("== %s: %d files, %.1f MB content, %.1f MB on disk; %d run(s)" % (
            name, man["files"], mb, man["disk_bytes"] / 1e6, runs), flush=True)
        warm(root)
        z = ["-z"] if fl == "mixed" else []
        x = measure([[exe, "scan", "--jobs", jobs, "--format", "jsonl", "-q", root]], runs)
        xs[fl] = (mb, x)
        xmbs = mb / x[0]
        rows.append((name, "exposcan scan --jobs %s (all detectors)" % jobs, mb, *x, None))
        xr = (mb, x[0], x[1])
        print("  exposcan: %.1f MB/s" % xmbs, flush=True)
        res = {}
        rg = ["rg", "-c", "--no-ignore", "--hidden", "--no-messages", "-j", jobs] + z
        if "rg" in peers and "rg" not in skip:
            res["rg"] = measure([rg + ["-e", p, root] for _, p in pats], runs)
            rows.append((name, "rg -c%s once per pattern (8 runs)" % (" -z" if z else ""),
                         mb, *res["rg"], xr))
        if "rg" in peers and "rg-any" not in skip:
            res["rg-any"] = measure([rg + ["-e", any_pat, root]], runs)
            rows.append((name, "rg -c%s any pattern per line" % (" -z" if z else ""),
                         mb, *res["rg-any"], xr))
        if "ugrep" in peers and "ugrep" not in skip:
            res["ugrep"] = measure([["ugrep", "-r", "-c", "-J", jobs] + z + ["-e", any_pat, root]],
                                   runs)
            rows.append((name, "ugrep -c%s (8 patterns)" % (" -z" if z else ""),
                         mb, *res["ugrep"], xr))
        if "yara" in peers and "yara" not in skip:
            res["yara"] = measure([["yara", "-w", "-p", jobs, "-r", yar, root]], yara_runs)
            rows.append((name, "yara -p %s (8 strings)" % jobs, mb, *res["yara"], xr))
        for k, (w, c, r) in res.items():
            print("  %s: %.1f MB/s" % (k, mb / w), flush=True)
        tr, tu = (T_RG_TEXT, T_UG_TEXT) if fl == "text" else (T_RG_MIXED, T_UG_MIXED)
        for key, label, target in (("rg", "rg-per-pattern", tr), ("ugrep", "ugrep", tu)):
            if key in res:
                v, vc = res[key][0] / x[0], res[key][1] / x[1]
                checks.append((fl, "≥ %.0f× %s%s" % (target, label, " -z" if z else ""),
                               "%.2f× (by CPU s: %.2f×)" % (v, vc), v >= target))
        checks.append((fl, "≥ %.0f MB content per CPU-second" % T_MB_PER_CPU, "%.1f" % (mb / x[1]),
                       mb / x[1] >= T_MB_PER_CPU))
        checks.append((fl, "≥ %.1f cores busy at --jobs %s" % (T_CORES, jobs), "%.2f" % (x[1] / x[0]),
                       x[1] / x[0] >= T_CORES))
        checks.append((fl, "peak RSS ≤ %.0f MiB" % T_RSS_MIB, "%.1f MiB" % x[2], x[2] <= T_RSS_MIB))

    if "ooxml" not in skip:
        root, man = corpus("ooxml-%s" % size_label(osize), size_label(osize), a.corpus_dir, a.seed)
        warm(root)
        name = os.path.basename(root)
        for kind in ("xlsx", "docx"):
            lst = os.path.join(OUT_DIR, "%s.%s.list" % (name, kind))
            with open(lst, "w", encoding="utf-8") as f:
                for d, _, files in sorted(os.walk(root)):
                    for fn in sorted(files):
                        if fn.endswith("." + kind):
                            f.write(os.path.join(d, fn) + "\n")
            mb = man["by_type"][kind]["content_bytes"] / 1e6
            x = measure([[exe, "scan", "--jobs", jobs, "--format", "jsonl", "-q", "--files-from", lst]],
                        runs)
            rows.append(("%s (%s only, %.1f MB XML)" % (name, kind, mb),
                         "exposcan scan --jobs %s" % jobs, mb, *x, None))
            print("  exposcan %s: %.1f MB/s of XML" % (kind, mb / x[0]), flush=True)

    oneline_ms = None
    if "oneline" not in skip:
        one = os.path.join(OUT_DIR, "oneline.txt")
        with open(one, "w", encoding="utf-8") as f:
            f.write("連絡先 山田 太郎 090-1234-5678 taro.yamada@karimo.jp\n")
        ts = [run_once([exe, "scan", "--format", "jsonl", one])[0] for _ in range(ONELINE_RUNS)]
        oneline_ms = statistics.median(ts) * 1000
        checks.append(("one-line file", "start-up + scan < %.0f ms (median of %d)" % (
            T_ONELINE_MS, ONELINE_RUNS), "%.1f ms" % oneline_ms, oneline_ms < T_ONELINE_MS))

    lines = []
    lines.append("# exposcan benchmark\n")
    lines.append("Command: `python3 bench/run.py %s`  " % " ".join(sys.argv[1:]))
    lines.append("Runs per measurement: %d (medians; yara: %d). Host: %d CPUs, load average "
                 "%.1f at the end (a shared machine makes absolute numbers noisy; ratios from the "
                 "same run are what matter). MB/s = MB (10^6 bytes) of uncompressed content "
                 "per wall second; cores = CPU s / wall s; the CPU ratio compares MB per "
                 "CPU-second, which a loaded machine distorts less than wall time.\n" % (runs, yara_runs, os.cpu_count(), os.getloadavg()[0]))
    lines.append(fmt_table(rows))
    lines.append("")
    for fl, (mb, x) in xs.items():
        lines.append("exposcan on %s: %.1f MB per CPU-second, %.2f cores busy (CPU s / wall s)." % (
            fl, mb / x[1], x[1] / x[0]))
    if oneline_ms is not None:
        lines.append("One-line file, start-up included: median %.1f ms of %d runs." % (
            oneline_ms, ONELINE_RUNS))
    lines.append("\n## Targets (issue 6)\n")
    lines.append("| corpus | target | measured | met |")
    lines.append("|---|---|--:|---|")
    for c, t, v, ok in checks:
        lines.append("| %s | %s | %s | %s |" % (c, t, v, "yes" if ok else "**no**"))
    text = "\n".join(lines) + "\n"
    with open(os.path.join(OUT_DIR, "results.md"), "w", encoding="utf-8") as f:
        f.write(text)
    print()
    print(text)


if __name__ == "__main__":
    main()
