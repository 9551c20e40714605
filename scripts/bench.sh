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
#   scripts/bench.sh backpack                   # Backpack decode per stream, Ed25519 sign, encode+sign
#   scripts/bench.sh venues                     # the venues side by side in one run: Binance decode +
#                                               #   HMAC sign/encode, then Backpack's (docs/benchmarks.md)
#   scripts/bench.sh tick-to-order [--quick]    # engine-internal tick-to-order, 1k..1M msg/s
#   scripts/bench.sh wire [--quick]             # wire-to-wire vs the TCP floor and a ccxt peer
#
# Suites live in bench/<folder>/ (one meson.build each); a suite whose folder does not exist
# yet prints "not built yet". Every executable defined in the suite's folder is built and run.
# Environment: BUILD_DIR (default build-release), JOBS (ninja -j, default nproc),
# XTB_BENCH_CPUS ("A,B": the two CPUs the ring benchmark pins to; see scripts/check-host.sh).
# Latency suites (docs/latency.md): XTB_BENCH_QUICK=1 (= --quick: 1k msg/s for 2 s, no peer),
# XTB_BENCH_RATES, XTB_BENCH_SECONDS, XTB_BENCH_PEER_RATES, XTB_BENCH_LAYOUT=auto|blocking|
# pinned (auto: pinned CPUs + spinning generator on >= 10 CPUs), XTB_BENCH_LAYOUTS (the
# engine layouts run side by side, e.g. "compact:busy-spin,split:adaptive,pinned:blocking";
# default: every layout, waits chosen for the host), XTB_BENCH_ENGINE_CPUS (4),
# XTB_BENCH_GEN_CPU (2), XTB_BENCH_FLOOR_CPUS (2);
# results in $BUILD_DIR/bench-results/.
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
  [backpack]=backpack
  [evm]=evm
)
ORDER=(rings net tick-to-order wire binance decode backpack evm)

usage() {
  sed -n '2,24p' "$0" | sed 's/^# \{0,1\}//'
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
  if [ "$name" = tick-to-order ] || [ "$name" = wire ]; then
    run_latency "$name" "$BUILD_DIR/${targets[0]}" "$@"
    return
  fi
  for t in "${targets[@]}"; do
    echo "== running $t $*"
    "$BUILD_DIR/$t" "$@"
  done
}

# Host check, summarised on stdout (full text in the results folder).
host_summary() {
  local out=$1 bt
  bt=$(meson introspect "$BUILD_DIR" --buildoptions 2>/dev/null |
    /usr/bin/python3 -c 'import json,sys; print(next((o["value"] for o in json.load(sys.stdin) if o["name"]=="buildtype"), "?"))' 2>/dev/null || echo "?")
  {
    echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "uname: $(uname -srvm)"
    echo "cpus: $(nproc) ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'))"
    echo "memory: $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
    echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "build: $BUILD_DIR ($bt)"
    echo
    scripts/check-host.sh ${XTB_BENCH_HOT_CPUS:-}
  } >"$out" 2>&1
  echo "== host (full report: $out)"
  sed -n '1,6p' "$out" | sed 's/^/  /'
  grep -E 'WARN|warning\(s\) above|no warnings' "$out" | sed 's/^ *//; s/^/  /'
}

# CDF plot of a suite's .cdf files (gnuplot; installed on demand where apt-get can).
plot_cdf() {
  local suite=$1 dir=$2
  if ! command -v gnuplot >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "== installing gnuplot-nox for the CDF plot"
    apt-get install -y -qq gnuplot-nox >/dev/null 2>&1 || true
  fi
  if ! command -v gnuplot >/dev/null 2>&1; then
    echo "== plot skipped: gnuplot is not installed (apt-get install gnuplot-nox)"
    return 0
  fi
  local files=("$dir/$suite"-*.cdf) plots="" f t
  [ -e "${files[0]}" ] || { echo "== plot skipped: no .cdf files"; return 0; }
  for f in "${files[@]}"; do
    t=$(basename "$f" .cdf)
    t=${t#"$suite"-}
    plots+="${plots:+, }'$f' using 2:(\$3 > 0 ? \$3 : 1/0) with lines lw 2 title '${t%-*} at ${t##*-} msg/s'"
  done
  gnuplot <<GNUPLOT || echo "== plot failed (gnuplot error above)"
set terminal pngcairo size 1100,700 noenhanced
set output '$dir/$suite-cdf.png'
set title "xtb $suite latency by percentile (open loop; $(nproc) CPUs; $(date -u +%Y-%m-%d))"
set logscale x
set logscale y
set xlabel 'percentile'
set ylabel 'latency (us)'
set xtics ("0%%" 1, "90%%" 10, "99%%" 100, "99.9%%" 1000, "99.99%%" 10000, "99.999%%" 100000, "max" 1000000)
set grid
set key top left
plot $plots
GNUPLOT
  [ -f "$dir/$suite-cdf.png" ] && echo "== plot: $dir/$suite-cdf.png"
  return 0
}

# Latency suites: host check, the runs (tables), results + plot in $BUILD_DIR/bench-results.
run_latency() {
  local suite=$1 bin=$2
  shift 2
  local quick=${XTB_BENCH_QUICK:-0} args=() a
  for a in "$@"; do
    if [ "$a" = --quick ]; then quick=1; else args+=("$a"); fi
  done
  local results="$BUILD_DIR/bench-results"
  mkdir -p "$results"
  rm -f "$results/$suite"-*.cdf "$results/$suite-cdf.png"
  host_summary "$results/host.txt"
  local opts=(--out "$results")
  if [ "$quick" = 1 ]; then
    opts+=(--rates 1000 --seconds 2 --warmup 0.5 --no-peer --floor-iters 2000)
  else
    [ -n "${XTB_BENCH_RATES:-}" ] && opts+=(--rates "$XTB_BENCH_RATES")
    [ -n "${XTB_BENCH_SECONDS:-}" ] && opts+=(--seconds "$XTB_BENCH_SECONDS")
  fi
  local layout=${XTB_BENCH_LAYOUT:-auto}
  if [ "$layout" = auto ]; then
    if [ "$(nproc)" -ge 10 ]; then layout=pinned; else layout=blocking; fi
  fi
  local layouts
  if [ "$layout" = pinned ]; then
    # One core per stage (2-5), the generator's market and order threads (6, 7) and the TCP
    # floor's two ends (8, 9) on others; CPUs 0-1 stay with the kernel, the node peer and
    # everything else. compact runs on CPU 2, split on 2 and 4.
    opts+=(--spin --engine-cpus "${XTB_BENCH_ENGINE_CPUS:-2,3,4,5}" --gen-cpu "${XTB_BENCH_GEN_CPU:-6,7}"
      --floor-cpus "${XTB_BENCH_FLOOR_CPUS:-8,9}")
    layouts=compact:busy-spin,split:busy-spin,pinned:busy-spin
  else
    # Small hosts: more spinning threads than cores only starve each other (and the generator).
    layouts=compact:busy-spin,compact:adaptive,compact:blocking,split:adaptive,split:blocking,pinned:blocking
  fi
  opts+=(--layouts "${XTB_BENCH_LAYOUTS:-$layouts}")
  if [ "$suite" = wire ] && [ "$quick" != 1 ]; then
    if command -v node >/dev/null 2>&1 && [ -d tests/sim_server/ccxt/node_modules/ccxt ]; then
      opts+=(--peer-cmd "node $PWD/bench/wire/ccxt_peer/peer.mjs")
      [ -n "${XTB_BENCH_PEER_RATES:-}" ] && opts+=(--peer-rates "$XTB_BENCH_PEER_RATES")
    else
      echo "== ccxt peer skipped: needs node and tests/sim_server/ccxt/node_modules (tests/sim_server/ccxt/setup.sh)"
    fi
  fi
  echo "== layout: $layout; $bin ${opts[*]} ${args[*]:-}"
  local rc=0
  "$bin" "${opts[@]}" "${args[@]}" 2>"$results/$suite.log" | tee "$results/$suite.txt" || rc=$?
  [ "$rc" = 0 ] || echo "== $suite exited with status $rc (stage logs: $results/$suite.log)"
  plot_cdf "$suite" "$results"
  echo "== results: $results/ ($suite.txt, $suite.csv, $suite-*.cdf, host.txt, $suite.log)"
  return "$rc"
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
  venues)
    run_suite decode --benchmark_filter='BM_Decode/' "$@"
    run_suite binance --benchmark_filter='BM_SignOnly|BM_EncodeSignLimit' "$@"
    run_suite backpack "$@"
    ;;
  *) run_suite "$cmd" "$@" ;;
esac
