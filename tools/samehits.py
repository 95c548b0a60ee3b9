#!/usr/bin/env python3
"""Show that a change keeps every detector hit.

Builds the working tree (uncommitted changes included) and a reference
revision with the hit_trace option, scans the same corpora with both at
--jobs 1, and compares every hit: detector, chunk, offsets, confidence and
normalised value. Speed work must print "same" for every corpus; a change
meant to alter detection shows here exactly which hits it alters.

    python3 tools/samehits.py [--ref REV] [CORPUS ...]

REV defaults to HEAD, so the comparison is of what is not yet committed;
it must be a revision that has the hit_trace build option. Corpora default
to samples/, ../shared/devset and, when generated, the bench corpora
text-20M and mixed-20M and the held-out sets (bench/README.md). Builds and
the reference's traces are kept in build-samehits/ (git-ignored); traces
hold raw values, so they stay there and are never printed beyond the first
differing lines.
"""
import argparse
import hashlib
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORK = os.path.join(ROOT, "build-samehits")
SHOWN = 8   # differing lines printed per corpus


def run(cmd, **kw):
    subprocess.run(cmd, check=True, **kw)


def build(src, bdir):
    """A release build of src with hit tracing, in bdir; the exposcan path."""
    if not os.path.isdir(bdir):
        run(["meson", "setup", bdir, src, "--buildtype=release", "-Dhit_trace=true"],
            stdout=subprocess.DEVNULL)
    run(["ninja", "-C", bdir, "exposcan"], stdout=subprocess.DEVNULL)
    return os.path.join(bdir, "exposcan")


def reference(rev):
    """Export rev (once per commit) and build it."""
    sha = subprocess.run(["git", "-C", ROOT, "rev-parse", rev], check=True,
                         capture_output=True, text=True).stdout.strip()
    base = os.path.join(WORK, "ref-" + sha[:12])
    src = os.path.join(base, "src")
    if not os.path.isdir(src):
        os.makedirs(src)
        archive = subprocess.Popen(["git", "-C", ROOT, "archive", sha], stdout=subprocess.PIPE)
        run(["tar", "-x", "-C", src], stdin=archive.stdout)
        if archive.wait() != 0:
            sys.exit(f"git archive {rev} failed")
    if "hit_trace" not in open(os.path.join(src, "meson_options.txt")).read():
        sys.exit(f"{rev} has no hit_trace build option: pick a later revision")
    return build(src, os.path.join(base, "build")), base


def trace(exe, corpus, out):
    with open(out, "wb") as f:
        p = subprocess.run([exe, "scan", "-q", "--jobs", "1", "--format", "jsonl", corpus],
                           stdout=subprocess.DEVNULL, stderr=f)
    # 0 nothing found, 1 found; anything else (a crash, a usage error) is
    # not a trace to compare or keep.
    if p.returncode not in (0, 1):
        sys.exit(f"{exe} failed on {corpus} (exit {p.returncode}); see {out}")


def hits(path):
    with open(path, "rb") as f:
        return [l for l in f if l.startswith(b"hit ")]


def default_corpora():
    cands = [os.path.join(ROOT, "samples"), os.path.join(os.path.dirname(ROOT), "shared", "devset"),
             os.path.join(ROOT, "bench", "corpus", "text-20M"), os.path.join(ROOT, "bench", "corpus", "mixed-20M"),
             os.path.join(ROOT, "bench", "out", "heldout"), os.path.join(ROOT, "bench", "out", "heldout-v2")]
    return [c for c in cands if os.path.isdir(c)]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--ref", default="HEAD", help="reference revision (default HEAD)")
    ap.add_argument("corpus", nargs="*", help="directories or files to scan")
    a = ap.parse_args()
    corpora = [os.path.abspath(c) for c in a.corpus] or default_corpora()
    ref_exe, ref_dir = reference(a.ref)
    new_exe = build(ROOT, os.path.join(WORK, "worktree"))
    differ = 0
    for c in corpora:
        # A regenerated corpus (same path, new files) gets a new reference trace.
        stamp = max((os.stat(os.path.join(d, f)).st_mtime_ns for d, _, fs in os.walk(c) for f in fs),
                    default=os.stat(c).st_mtime_ns)
        key = hashlib.sha1(f"{c}\0{stamp}".encode()).hexdigest()[:12]
        ref_trace = os.path.join(ref_dir, "trace-" + key)
        if not os.path.exists(ref_trace):
            trace(ref_exe, c, ref_trace + ".part")
            os.replace(ref_trace + ".part", ref_trace)
        new_trace = os.path.join(WORK, "trace-new")
        trace(new_exe, c, new_trace)
        old, new = hits(ref_trace), hits(new_trace)
        if old == new:
            print(f"same  {c} ({len(old)} hits)")
            continue
        differ = 1
        print(f"DIFF  {c} ({len(old)} hits before, {len(new)} now)")
        shown = 0
        for i in range(max(len(old), len(new))):
            o = old[i] if i < len(old) else b"(none)\n"
            n = new[i] if i < len(new) else b"(none)\n"
            if o != n:
                print("  was " + o.decode("utf-8", "replace").rstrip()[:200])
                print("  now " + n.decode("utf-8", "replace").rstrip()[:200])
                shown += 1
                if shown == SHOWN:
                    break
    return differ


if __name__ == "__main__":
    sys.exit(main())
