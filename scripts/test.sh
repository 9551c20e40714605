#!/usr/bin/env bash
# Builds xtb into build/ and runs every test: the doctest suites (unit + integration on
# loopback), then a ThreadSanitizer build of the lock-free core's tests, then the same
# unit + integration suites built with clang under AddressSanitizer + UndefinedBehavior-
# Sanitizer (build-asan/), whose build also holds the libFuzzer targets for a short fuzz
# smoke run. Installs missing dependencies first.
#
#   ./scripts/test.sh                   # everything
#   XTB_SKIP_TSAN=1 ./scripts/test.sh   # skip the TSan step (local iteration)
#   XTB_SKIP_ASAN=1 ./scripts/test.sh   # skip the ASan/UBSan suites and the fuzz smoke
#   XTB_SKIP_FUZZ=1 ./scripts/test.sh   # skip only the fuzz smoke
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup-deps.sh

JOBS=${JOBS:-$(nproc)}
if [ ! -f build/build.ninja ]; then
  meson setup build -Dwerror=true -Dalloc_guard=true >/dev/null
fi
ninja -C build -j"$JOBS"
echo "== unit and integration tests =="
meson test -C build --print-errorlogs --num-processes 1 --timeout-multiplier 3 | tee build/test-summary.txt || true

if [ "${XTB_SKIP_TSAN:-0}" != "1" ]; then
  echo "== ThreadSanitizer: lock-free core =="
  if [ ! -f build-tsan/build.ninja ]; then
    meson setup build-tsan -Db_sanitize=thread -Dalloc_guard=false -Dbench=false -Dwerror=true >/dev/null
  fi
  ninja -C build-tsan -j"$JOBS" tests/core/test_core
  # Fewer events under TSan (it is ~10x slower); ordering/no-loss are still checked.
  XTB_RING_EVENTS=2000000 TSAN_OPTIONS="halt_on_error=1" build-tsan/tests/core/test_core
fi

summaries=(build/test-summary.txt)
fuzz_failed=0
if [ "${XTB_SKIP_ASAN:-0}" != "1" ]; then
  echo "== AddressSanitizer + UndefinedBehaviorSanitizer: unit and integration suites =="
  # clang-14 (setup-deps installs it); alloc_guard off: ASan owns malloc. -Dfuzz=true puts
  # the libFuzzer targets in the same build, so CI compiles the sanitizer tree once.
  if [ ! -f build-asan/build.ninja ]; then
    CXX=clang++-14 CC=clang-14 meson setup build-asan -Dfuzz=true -Dtests=true -Dbench=false \
      -Dalloc_guard=false -Dbuildtype=debugoptimized -Db_sanitize=address,undefined -Db_lundef=false \
      -Dcpp_args=-fsanitize=fuzzer-no-link >/dev/null
  fi
  ninja -C build-asan -j"$JOBS"
  # Any ASan/UBSan report fails the test that triggered it (halt + non-zero exit).
  # bench-smoke is a benchmark's smoke run: timing under ASan says nothing, so it is left out.
  ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:detect_stack_use_after_return=0} \
  UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1} \
    meson test -C build-asan --print-errorlogs --num-processes 1 --timeout-multiplier 6 --no-suite bench-smoke \
    | tee build-asan/test-summary.txt || true
  summaries+=(build-asan/test-summary.txt)
  if [ "${XTB_SKIP_FUZZ:-0}" != "1" ] && [ -x scripts/fuzz.sh ]; then
    echo "== fuzz smoke run (libFuzzer, ASan + UBSan) =="
    FUZZ_BUILD=build-asan ./scripts/fuzz.sh 10 || { echo "test.sh: the fuzz smoke run failed" >&2; fuzz_failed=1; }
  fi
fi

# One plain closing line for CI readers: the plain suites and the ASan/UBSan suites.
ok=0; fail=$fuzz_failed
for f in "${summaries[@]}"; do
  # A summary without meson's "Ok:" line means the test run itself broke: a failure.
  grep -Eq '^Ok: +[0-9]+' "$f" || { echo "test.sh: no test summary in $f" >&2; fail=$((fail + 1)); continue; }
  o=$(grep -Eo '^Ok: +[0-9]+' "$f" | grep -Eo '[0-9]+' || echo 0)
  x=$(grep -Eo '^Fail: +[0-9]+' "$f" | grep -Eo '[0-9]+' || echo 0)
  t=$(grep -Eo '^Timeout: +[0-9]+' "$f" | grep -Eo '[0-9]+' || echo 0)
  ok=$((ok + o)); fail=$((fail + x + t))
done
echo "${ok} passed, ${fail} failed"
[ "$fail" = "0" ]
