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
#   XTB_SKIP_SHAPE=1 ./scripts/test.sh  # skip the code-shape checks (scripts/check-shape.sh)
#   XTB_COVERAGE=1 ./scripts/test.sh    # build/ with -Db_coverage=true, then a gcovr line-
#                                       # coverage report of src/engine, src/venue (CI sets it)
#   XTB_BUILD_DIR=DIR ./scripts/test.sh # the plain gcc build in DIR instead of build/
# The code-shape checks (files <= 600 lines, functions <= 80, no include cycle between
# src/ folders; docs/code-shape.md) run after the gcc build; a violation fails the run
# like a failed test. Without XTB_COVERAGE=1 an instrumented build dir is switched back.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup-deps.sh

JOBS=${JOBS:-$(nproc)}
B=${XTB_BUILD_DIR:-build}
coverage=false
[ "${XTB_COVERAGE:-0}" = "1" ] && coverage=true
if [ ! -f "$B/build.ninja" ]; then
  meson setup "$B" -Dwerror=true -Dalloc_guard=true -Db_coverage=$coverage >/dev/null
elif [ "$(meson introspect "$B" --buildoptions |
          /usr/bin/python3 -c 'import json,sys; print(str(next(o["value"] for o in json.load(sys.stdin) if o["name"] == "b_coverage")).lower())')" != "$coverage" ]; then
  echo "test.sh: $B: b_coverage -> $coverage (XTB_COVERAGE=${XTB_COVERAGE:-0}); everything recompiles once"
  meson configure "$B" -Db_coverage=$coverage >/dev/null
fi
ninja -C "$B" -j"$JOBS"

shape_failed=0
if [ "${XTB_SKIP_SHAPE:-0}" != "1" ]; then
  ./scripts/check-shape.sh --self-test >"$B/shape-self-test.txt" 2>&1 ||
    { cat "$B/shape-self-test.txt"; echo "test.sh: the code-shape self-test failed" >&2; shape_failed=1; }
  ./scripts/check-shape.sh "$B" || { echo "test.sh: the code-shape checks failed" >&2; shape_failed=1; }
fi

echo "== unit and integration tests =="
# Counts from earlier runs would inflate the coverage report.
if [ "$coverage" = true ]; then find "$B" -name '*.gcda' -delete; fi
meson test -C "$B" --print-errorlogs --num-processes 1 --timeout-multiplier 3 | tee "$B/test-summary.txt" || true
if [ "$coverage" = true ]; then
  echo "== line coverage (gcovr): gate >= 80 % per folder =="
  ./scripts/check-shape.sh --coverage "$B" || { echo "test.sh: the coverage gate failed" >&2; shape_failed=1; }
fi

if [ "${XTB_SKIP_TSAN:-0}" != "1" ]; then
  echo "== ThreadSanitizer: lock-free core =="
  if [ ! -f build-tsan/build.ninja ]; then
    meson setup build-tsan -Db_sanitize=thread -Dalloc_guard=false -Dbench=false -Dwerror=true >/dev/null
  fi
  ninja -C build-tsan -j"$JOBS" tests/core/test_core tests/market/market_test
  # Fewer events under TSan (it is ~10x slower); ordering/no-loss are still checked.
  XTB_RING_EVENTS=2000000 TSAN_OPTIONS="halt_on_error=1" build-tsan/tests/core/test_core
  # The symbol table grows on one thread while another resolves names (lock-free readers).
  TSAN_OPTIONS="halt_on_error=1" build-tsan/tests/market/market_test -tc="*grows while another thread*"
fi

summaries=("$B/test-summary.txt")
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
ok=0; fail=$((fuzz_failed + shape_failed))
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
