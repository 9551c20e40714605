#!/usr/bin/env bash
# Builds xtb into build/ and runs every test: the doctest suites (unit + integration on
# loopback), then a ThreadSanitizer build of the lock-free core's tests, then a short
# fuzz smoke run when clang's libFuzzer is available. Installs missing dependencies first.
#
#   ./scripts/test.sh            # everything
#   XTB_SKIP_TSAN=1 ./scripts/test.sh   # skip the sanitizer step (local iteration)
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup-deps.sh

JOBS=${JOBS:-$(nproc)}
if [ ! -f build/build.ninja ]; then
  meson setup build -Dwerror=true -Dalloc_guard=true >/dev/null
fi
ninja -C build -j"$JOBS"
echo "== unit and integration tests =="
meson test -C build --print-errorlogs --num-processes 1 --timeout-multiplier 3 | tee build/test-summary.txt

if [ "${XTB_SKIP_TSAN:-0}" != "1" ]; then
  echo "== ThreadSanitizer: lock-free core =="
  if [ ! -f build-tsan/build.ninja ]; then
    meson setup build-tsan -Db_sanitize=thread -Dalloc_guard=false -Dbench=false -Dwerror=true >/dev/null
  fi
  ninja -C build-tsan -j"$JOBS" tests/core/test_core
  # Fewer events under TSan (it is ~10x slower); ordering/no-loss are still checked.
  XTB_RING_EVENTS=2000000 TSAN_OPTIONS="halt_on_error=1" build-tsan/tests/core/test_core
fi

if [ "${XTB_SKIP_FUZZ:-0}" != "1" ] && [ -x scripts/fuzz.sh ] && command -v clang++-14 >/dev/null; then
  echo "== fuzz smoke run =="
  ./scripts/fuzz.sh 10
fi

# One plain closing line for CI readers.
ok=$(grep -Eo '^Ok: +[0-9]+' build/test-summary.txt | grep -Eo '[0-9]+' || echo 0)
fail=$(grep -Eo '^Fail: +[0-9]+' build/test-summary.txt | grep -Eo '[0-9]+' || echo 0)
echo "${ok} passed, ${fail} failed"
[ "$fail" = "0" ]
