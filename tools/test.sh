#!/usr/bin/env bash
# Run every test: a -Werror build (unit, golden at --jobs 1 and 8, end-to-end),
# the unit tests of builds without SSE2 and without AVX2, the same suites again under
# ASan+UBSan, and a short fuzz smoke run.
# Ends with one line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
tools/deps.sh || { echo "dependency install failed"; echo "0 passed, 1 failed"; exit 1; }

passed=0; failed=0
count() {  # meson test log -> add to the totals
  local log=$1/meson-logs/testlog.json
  [ -f "$log" ] || { failed=$((failed+1)); return; }
  local p f
  p=$(python3 -c 'import json,sys; r=[json.loads(l) for l in open(sys.argv[1])]; print(sum(x["result"] in ("OK","EXPECTEDFAIL","SKIP") for x in r))' "$log")
  f=$(python3 -c 'import json,sys; r=[json.loads(l) for l in open(sys.argv[1])]; print(sum(x["result"] not in ("OK","EXPECTEDFAIL","SKIP") for x in r))' "$log")
  passed=$((passed+p)); failed=$((failed+f))
}
step() {  # name, command... : a build step counts as one test
  local name=$1; shift
  if "$@"; then passed=$((passed+1)); else echo "FAILED: $name"; failed=$((failed+1)); fi
}

# 1. Release-like build with -Werror, all suites.
[ -d build-test ] || meson setup build-test -Dwerror=true --buildtype=debugoptimized >/dev/null
step "build (-Werror)" ninja -C build-test
meson test -C build-test --print-errorlogs --num-processes 2 || true
count build-test

# 1b. The scalar fallbacks of the SSE2 code (what a machine without it, or
# another architecture, runs): built and unit-tested with SSE2 taken away.
[ -d build-nosse ] || meson setup build-nosse -Dwerror=true --buildtype=debugoptimized \
  -Dc_args=-U__SSE2__ >/dev/null
step "build (no SSE2)" ninja -C build-nosse
meson test -C build-nosse --print-errorlogs --num-processes 2 --suite unit || true
count build-nosse

# 1c. The SSE2 paths that a CPU with AVX2 skips (detectors/cpu.h), unit-tested
# with the AVX2 paths turned off.
[ -d build-noavx2 ] || meson setup build-noavx2 -Dwerror=true --buildtype=debugoptimized \
  -Dc_args=-DES_NO_AVX2 >/dev/null
step "build (no AVX2)" ninja -C build-noavx2
meson test -C build-noavx2 --print-errorlogs --num-processes 2 --suite unit || true
count build-noavx2

# 2. ASan + UBSan: the same suites (the torture scan runs here too).
[ -d build-asan ] || meson setup build-asan -Dwerror=true --buildtype=debug \
  -Db_sanitize=address,undefined -Db_lundef=false >/dev/null
step "build (ASan+UBSan)" ninja -C build-asan
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
  meson test -C build-asan --print-errorlogs --num-processes 2 --suite unit --suite golden --suite e2e || true
count build-asan

# 3. Fuzz smoke run (clang, libFuzzer), when the targets exist.
if [ -x tools/fuzz.sh ]; then
  step "fuzz smoke" tools/fuzz.sh smoke
fi

echo "${passed} passed, ${failed} failed"
[ "$failed" -eq 0 ]
