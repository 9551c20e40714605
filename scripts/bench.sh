#!/usr/bin/env bash
# bench.sh — builds the benchmark binaries (release, -Dbench=true) and runs one suite.
#
#   scripts/bench.sh rings                      # ring benchmark vs peers (~20-40 s)
#   scripts/bench.sh rings -- --long            # arguments after -- go to the binary
#   scripts/bench.sh rings -- --cpus=2,4 --benchmark_out=rings.json
#   scripts/bench.sh build rings                # build only (e.g. before scripts/bundle.sh)
#   scripts/bench.sh list                       # suites and whether they exist yet
#   scripts/bench.sh all                        # every suite that exists
#   scripts/bench.sh decode                     # Binance decode vs raw simdjson, book, replay events/s
#
# Suites live in bench/<folder>/ (one meson.build each); a suite whose folder does not exist
# yet prints "not built yet". Every executable defined in the suite's folder is built and run.
# Environment: BUILD_DIR (default build-release), JOBS (ninja -j, default nproc),
# XTB_BENCH_CPUS ("A,B": the two CPUs the ring benchmark pins to; see scripts/check-host.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_DIR=${BUILD_DIR:-build-release}
JOBS=${JOBS:-$(nproc)}

# suite name -> folder under bench/
declare -A SUITES=(
  [rings]=rings
  [net]=net
  [tick-to-order]=tick_to_order
  [wire]=wire
  [binance]=binance
  [decode]=decode
)
ORDER=(rings net tick-to-order wire binance decode)

usage() {
  sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'
  exit "${1:-0}"
}

suite_exists() { [ -f "bench/${SUITES[$1]}/meson.build" ]; }

configure() {
  if [ ! -f "$BUILD_DIR/build.ninja" ]; then
    echo "== configuring $BUILD_DIR (release, -Dbench=true)"
    meson setup "$BUILD_DIR" --buildtype=release -Db_ndebug=true -Dbench=true -Dtests=false >/dev/null
  fi
  local bt
  bt=$(meson introspect "$BUILD_DIR" --buildoptions 2>/dev/null |
    /usr/bin/python3 -c 'import json,sys; print(next((o["value"] for o in json.load(sys.stdin) if o["name"]=="buildtype"), "?"))' 2>/dev/null || echo "?")
  [ "$bt" != "release" ] && echo "note: $BUILD_DIR has buildtype '$bt', not release: numbers may be slower"
  return 0
}

# Executables (paths relative to BUILD_DIR) defined in bench/<folder>/meson.build.
suite_targets() {
  meson introspect "$BUILD_DIR" --targets | /usr/bin/python3 -c '
import json, os, sys
folder = os.path.join("bench", sys.argv[1]) + os.sep
build = os.path.abspath(sys.argv[2])
for t in json.load(sys.stdin):
    if t["type"] == "executable" and folder in t["defined_in"]:
        for f in t["filename"]:
            print(os.path.relpath(f, build))
' "$1" "$BUILD_DIR"
}

BUILD_ONLY=0

run_suite() {
  local name=$1; shift
  local folder=${SUITES[$name]:-}
  if [ -z "$folder" ]; then
    echo "unknown suite '$name' (known: ${ORDER[*]})" >&2
    return 2
  fi
  if ! suite_exists "$name"; then
    echo "suite $name: not built yet (bench/$folder/meson.build does not exist)"
    return 3
  fi
  configure
  local targets
  mapfile -t targets < <(suite_targets "$folder")
  if [ "${#targets[@]}" -eq 0 ]; then
    echo "suite $name: not built yet (no executable defined in bench/$folder/; was $BUILD_DIR configured with -Dbench=false?)"
    return 3
  fi
  echo "== building ${targets[*]}"
  ninja -C "$BUILD_DIR" -j"$JOBS" "${targets[@]}" >/dev/null
  if [ "$BUILD_ONLY" = 1 ]; then
    printf '%s\n' "${targets[@]/#/$BUILD_DIR/}"
    return 0
  fi
  for t in "${targets[@]}"; do
    echo "== running $t $*"
    "$BUILD_DIR/$t" "$@"
  done
}

[ $# -ge 1 ] || usage 2
cmd=$1; shift
if [ "${1:-}" = "--" ]; then shift; fi

case "$cmd" in
  -h|--help|help) usage 0 ;;
  build)
    [ $# -ge 1 ] || usage 2
    BUILD_ONLY=1
    run_suite "$1"
    ;;
  list)
    for s in "${ORDER[@]}"; do
      if suite_exists "$s"; then echo "$s: bench/${SUITES[$s]}/"; else echo "$s: not built yet"; fi
    done
    ;;
  all)
    rc=0
    for s in "${ORDER[@]}"; do
      if suite_exists "$s"; then run_suite "$s" "$@" || rc=$?; else echo "suite $s: not built yet"; fi
    done
    exit "$rc"
    ;;
  *) run_suite "$cmd" "$@" ;;
esac
