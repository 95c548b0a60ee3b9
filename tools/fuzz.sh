#!/usr/bin/env bash
# libFuzzer targets of exposcan (tests/fuzz/fuzz_<name>.c): one per extractor
# (zip gzip tar ooxml odf pdf mail markup ole2 text binary) and one for the
# detector stage (detect), built with clang -fsanitize=fuzzer,address,undefined.
#
#   tools/fuzz.sh build                  configure and build $FUZZ_BUILD (default build-fuzz)
#   tools/fuzz.sh seeds                  (re)make the seed corpora (done by smoke/run as needed)
#   tools/fuzz.sh smoke [SECONDS [TARGET...]]  every target (or those named) for SECONDS
#                                        (default 20); exit 1 on any crash
#   tools/fuzz.sh run TARGET [SECONDS]   one target for hours (default 4 h), corpus kept between runs
#   tools/fuzz.sh repro TARGET FILE...   replay crash files through a target
#
# Running for hours, e.g. all night on 2 cores:
#   tools/fuzz.sh build && tools/fuzz.sh seeds
#   tools/fuzz.sh run pdf 28800 &  tools/fuzz.sh run ooxml 28800 &  wait
# FUZZ_JOBS=N runs N libFuzzer workers for one target (-fork=N).
#
# A crash: reproduce with `tools/fuzz.sh repro TARGET ARTIFACT`, fix it, and
# add a small synthetic reproducer as tests/regress/TARGET/<what-it-caught>
# (never a mutated torture file). Every build then replays that folder
# (meson test regress-TARGET, suites unit and fuzz; touch tests/fuzz/meson.build
# when adding a new TARGET folder), and the smoke run replays it under clang.
#
# Seeds are made at run time, never committed: samples/, tests/golden/*/input
# and ../shared/torture (sorted by type; ooxml/odf packages are unpacked
# into the part list that fuzz_package.h reads) go into $FUZZ_BUILD/fuzz-seeds/.
# New corpus units go to $FUZZ_BUILD/fuzz-corpus/TARGET, crashes to
# $FUZZ_BUILD/fuzz-artifacts/. Every crash found must become a regression test
# named after what it caught (tests/regress/ or a cmocka case) plus a fix.
set -uo pipefail
cd "$(dirname "$0")/.."
B=${FUZZ_BUILD:-build-fuzz}
TARGETS=(zip gzip tar ooxml odf pdf mail markup ole2 text binary detect)
TORTURE=${TORTURE:-../shared/torture}
# Caps of the issue: 512 MiB peak memory, 10 s per file (30 s here: the
# shared CI machine is slow and ASan costs 2-3x; a real hang still trips it).
LIBFUZZER_OPTS=(-rss_limit_mb=512 -malloc_limit_mb=512 -timeout=30 -max_len=262144
                -print_final_stats=1)

die() { echo "fuzz.sh: $*" >&2; exit 1; }

build() {
  command -v clang >/dev/null || die "clang is not installed (tools/deps.sh installs it)"
  if [ ! -f "$B/build.ninja" ]; then
    CC=clang meson setup "$B" -Dfuzz=enabled --buildtype=debugoptimized >/dev/null \
      || die "meson setup $B failed"
  fi
  local t targets=()
  for t in "${TARGETS[@]}"; do targets+=("tests/fuzz/fuzz_$t"); done
  ninja -C "$B" "${targets[@]}" >/dev/null || { ninja -C "$B" "${targets[@]}" | tail -30; die "build failed"; }
}

seeds() {
  python3 - "$B/fuzz-seeds" "$TORTURE" <<'PY'
import os, sys, shutil, zipfile, hashlib
out, torture = sys.argv[1], sys.argv[2]
SEP = b"\xfa\xfb\xfc\xfd"          # fuzz_package.h FZ_PART_SEP
MAX = 128 * 1024                   # seed size cap: big seeds only slow the fuzzer
PER_TARGET = 250                   # seeds per target, smallest first
names = "zip gzip tar ooxml odf pdf mail markup ole2 text binary detect".split()
pool = {n: {} for n in names}

def add(target, data):
    if 0 < len(data) <= MAX:
        pool[target][hashlib.sha1(data).hexdigest()] = data

def package(data):
    """A zip package as the part list of fuzz_package.h, or None."""
    import io
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
        parts = []
        for i in z.infolist()[:64]:
            if i.is_dir() or i.file_size > MAX:
                continue
            parts.append(i.filename.encode("utf-8", "replace") + b"\n" + z.read(i)[:MAX // 4])
        return SEP.join(parts)
    except Exception:
        return None

def classify(path, data, hint):
    ext = os.path.splitext(path)[1].lower().lstrip(".")
    head = data[:1024]
    if data[:4] == b"PK\x03\x04":
        if b"[Content_Types].xml" in data[:8192] or ext in ("docx", "xlsx", "pptx", "xlsm", "docm"):
            p = package(data)
            if p: add("ooxml", b"\x00" + p)
        elif b"mimetype" in data[:64] or ext.startswith("od") or ext.startswith("sx"):
            p = package(data)
            if p: add("odf", b"\x00" + p)
        add("zip", data)
    elif data[:2] == b"\x1f\x8b":
        add("gzip", data)
    elif len(data) >= 512 and data[257:262] == b"ustar":
        add("tar", data)
    elif b"%PDF-" in head:
        add("pdf", data)
    elif data[:8] == bytes.fromhex("d0cf11e0a1b11ae1"):
        add("ole2", data)
    elif head.lstrip().lower().startswith((b"<?xml", b"<!doctype", b"<html")):
        add("markup", bytes([1 if head.lstrip()[:5] == b"<?xml" else 0]) + data)
    elif hint == "mail" or ext in ("eml", "mbox", "msg"):
        add("mail", data)
    elif hint == "encodings" or ext in ("txt", "csv", "tsv", "json", "log"):
        # fuzz_text: byte 0 picks decoder and name, byte 1 the piece size
        add("text", bytes([len(data) & 0xFF, 63]) + data)
        add("detect", b"\x00" + data)
    else:
        add("binary", data)

def walk(root, hint_from_dir):
    for d, dirs, files in os.walk(root):
        dirs.sort()
        for f in sorted(files):
            p = os.path.join(d, f)
            if os.path.islink(p) or not os.path.isfile(p):
                continue
            rel = os.path.relpath(p, root)
            if rel.startswith("bombs" + os.sep):
                continue                    # bombs are the torture run's; they only slow fuzzing
            try:
                with open(p, "rb") as fh:
                    data = fh.read(MAX + 1)
            except OSError:
                continue
            hint = rel.split(os.sep)[0] if hint_from_dir else ""
            classify(p, data, hint)

if os.path.isdir("samples"):
    walk("samples", False)
if os.path.isdir("tests/golden"):
    for case in sorted(os.listdir("tests/golden")):
        i = os.path.join("tests/golden", case, "input")
        if os.path.isdir(i):
            walk(i, False)
if os.path.isdir(torture):
    walk(torture, True)
# Hand-made minimal seeds so that every target starts somewhere even without ../shared.
import io, tarfile
tb = io.BytesIO()
with tarfile.open(fileobj=tb, mode="w", format=tarfile.USTAR_FORMAT) as tf:
    ti = tarfile.TarInfo("hello.txt"); body = b"Mail: a@example.jp\n"; ti.size = len(body); ti.mtime = 0
    tf.addfile(ti, io.BytesIO(body))
add("tar", tb.getvalue())
add("detect", b"\x05name,email,phone\nTaro Yamada,taro@example.jp,090-1234-5678\n")
add("text", b"\x11\x07id,name\n1,\x8e\x52\x93\x63\x91\xbe\x98\x59\n")
add("mail", b"From: a@example.com\r\nTo: b@example.jp\r\nSubject: =?UTF-8?B?5bGx55Sw?=\r\n\r\nbody\r\n")
add("markup", b"\x00<html><body><p>Yamada Taro, tel 03-1234-5678</p></body></html>")
shutil.rmtree(out, ignore_errors=True)
for t, seeds in pool.items():
    d = os.path.join(out, t)
    os.makedirs(d, exist_ok=True)
    for h, data in sorted(seeds.items(), key=lambda kv: len(kv[1]))[:PER_TARGET]:
        with open(os.path.join(d, h), "wb") as fh:
            fh.write(data)
print("seeds: " + " ".join(f"{t}={len(os.listdir(os.path.join(out, t)))}" for t in names))
PY
}

dict_for() {  # libFuzzer dictionary of a target, if any
  case $1 in ooxml|odf) echo "-dict=tests/fuzz/package.dict" ;; esac
}

# run_one TARGET SECONDS: returns libFuzzer's status; prints execs/s.
run_one() {
  local t=$1 secs=$2 exe="$B/tests/fuzz/fuzz_$1"
  [ -x "$exe" ] || die "no $exe (tools/fuzz.sh build)"
  mkdir -p "$CORPUS/$t" "$B/fuzz-artifacts" "$B/fuzz-logs"
  local log="$B/fuzz-logs/$t.log" fork=() regress=()
  # The crash reproducers of this target run first, under clang's sanitizers
  # (UBSan's float-cast-overflow, for one, exists in clang's "undefined" only).
  [ -d "tests/regress/$t" ] && regress=("tests/regress/$t")
  [ -n "${FUZZ_JOBS:-}" ] && fork=(-fork="$FUZZ_JOBS" -ignore_crashes=0)
  # shellcheck disable=SC2046
  # A smaller quarantine than ASan's 256 MiB: freed memory held back for
  # use-after-free checks would otherwise count against the 512 MiB RSS cap.
  ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1:quarantine_size_mb=64} \
  UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1} \
    "$exe" "${LIBFUZZER_OPTS[@]}" $(dict_for "$t") "${fork[@]}" -max_total_time="$secs" \
      -artifact_prefix="$B/fuzz-artifacts/$t-" "$CORPUS/$t" "$B/fuzz-seeds/$t" \
      "${regress[@]}" >"$log" 2>&1
  local rc=$?
  local runs
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  printf '%-8s rc=%d runs=%s execs/s=%s corpus=%s\n' "$t" "$rc" "${runs:-?}" \
    "$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)" \
    "$(ls "$CORPUS/$t" | wc -l)"
  if [ $rc -ne 0 ]; then
    echo "---- $t: last lines of $log" >&2
    grep -E "ERROR|SUMMARY|runtime error|invariant|Test unit written" "$log" | head -20 >&2
    tail -5 "$log" >&2
  fi
  return $rc
}

CORPUS="$B/fuzz-corpus"   # kept between long runs
cmd=${1:-smoke}
case $cmd in
  build) build ;;
  seeds) seeds ;;
  smoke)
    secs=${2:-20}
    [ $# -gt 2 ] && TARGETS=("${@:3}")
    # A fresh corpus each time: the smoke run takes the same time on every run.
    CORPUS="$B/fuzz-smoke-corpus"
    rm -rf "$CORPUS"
    build
    seeds
    fail=0
    for t in "${TARGETS[@]}"; do run_one "$t" "$secs" || fail=$((fail+1)); done
    echo "fuzz smoke: $(( ${#TARGETS[@]} - fail )) passed, $fail failed"
    [ $fail -eq 0 ]
    ;;
  run)
    [ $# -ge 2 ] || die "usage: tools/fuzz.sh run TARGET [SECONDS]"
    build
    [ -d "$B/fuzz-seeds/$2" ] || seeds
    run_one "$2" "${3:-14400}"
    ;;
  repro)
    [ $# -ge 3 ] || die "usage: tools/fuzz.sh repro TARGET FILE..."
    build
    t=$2; shift 2
    "$B/tests/fuzz/fuzz_$t" -rss_limit_mb=512 -malloc_limit_mb=512 "$@"
    ;;
  *) die "unknown command '$cmd' (build, seeds, smoke, run, repro)" ;;
esac
