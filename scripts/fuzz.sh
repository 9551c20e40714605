#!/usr/bin/env bash
# Builds every libFuzzer target under fuzz/ with clang (ASan + UBSan, coverage for our
# own code) in build-fuzz/ (or $FUZZ_BUILD) and runs each for N seconds (default 60).
#
#   ./scripts/fuzz.sh          # 60 s per target
#   ./scripts/fuzz.sh 10       # smoke run (scripts/test.sh uses this)
#
# Build dir: build-fuzz/, or $FUZZ_BUILD (scripts/test.sh passes build-asan, its
# ASan + UBSan build of the test suites, configured with -Dfuzz=true: one build for both).
# Seeds: fuzz/<area>/corpus/<target>/ (read-only); new inputs go to
# $B/corpus/<target>/, crashes to $B/artifacts/. Exit status is non-zero
# when any target crashes, leaks or times out. Needs clang-14 and libclang-rt-14-dev.
# Note: wslay and http-parser are Debian's shared libraries, so they are exercised but not
# coverage-instrumented; our wrappers around them are.
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=${1:-60}
JOBS=${JOBS:-2}
CXX_BIN=${CXX_FUZZ:-clang++-14}
CC_BIN=${CC_FUZZ:-clang-14}
command -v "$CXX_BIN" >/dev/null || { echo "fuzz.sh: $CXX_BIN not found" >&2; exit 2; }
B=${FUZZ_BUILD:-build-fuzz}

if [ ! -f "$B/build.ninja" ]; then
  CXX="$CXX_BIN" CC="$CC_BIN" meson setup "$B" \
    -Dfuzz=true -Dtests=false -Dbench=false -Dalloc_guard=false \
    -Dbuildtype=debugoptimized -Db_sanitize=address,undefined -Db_lundef=false \
    -Dcpp_args=-fsanitize=fuzzer-no-link >/dev/null
fi

# Regenerate first when a meson.build changed (new targets), so introspection lists them.
ninja -C "$B" build.ninja >/dev/null
# Every executable meson defines under fuzz/ is a libFuzzer target.
mapfile -t targets < <(meson introspect "$B" --targets | /usr/bin/python3 -c '
import json, sys
for t in json.load(sys.stdin):
    if t["type"] == "executable" and t["defined_in"].split("/fuzz/", 1)[-1] != t["defined_in"]:
        print(t["filename"][0])')
[ ${#targets[@]} -gt 0 ] || { echo "fuzz.sh: no fuzz targets defined" >&2; exit 2; }
ninja -C "$B" -j"$JOBS" "${targets[@]#"$PWD/$B/"}"

mkdir -p "$B/artifacts"
# Make UBSan findings fatal (its default is to report and continue).
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
status=0
for exe in "${targets[@]}"; do
  name=$(basename "$exe")
  seeds=$(find fuzz -type d -path "*/corpus/$name" | head -n1)
  work=$B/corpus/$name
  mkdir -p "$work"
  echo "== $name: ${SECS}s =="
  if ! "$exe" "$work" ${seeds:+"$seeds"} -max_total_time="$SECS" -max_len=16384 -timeout=10 \
        -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix=$B/artifacts/"$name"- \
        >$B/"$name".log 2>&1; then
    echo "FAILED: $name (see $B/$name.log and $B/artifacts/)"
    tail -n 30 $B/"$name".log
    status=1
  else
    grep -E '^stat::number_of_executed_units|^stat::new_units_added' $B/"$name".log | tr '\n' ' '
    echo
  fi
done
exit $status
