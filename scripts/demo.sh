#!/usr/bin/env bash
# The main job: xtb's reduce-only closer (seed 002) closing a hedge-mode LONG and SHORT
# against xtb-sim — the simulated Binance USD-M venue on loopback, HTTPS REST + WSS with a
# self-signed certificate that xtb verifies — replaying a real recorded capture (default:
# ../shared/data/binance-usdm/capture/btcusdt_20240808.gz, any USD-M symbol works).
#
#   1. `xtb sim-account` sizes the starting account for the capture (LONG + SHORT of
#      NOTIONAL USDT each at the first mid, isolated 10x) from the real exchangeInfo;
#   2. `xtb-sim` starts (replay held until xtb subscribes) and prints its ready line;
#   3. `xtb run` connects over TLS (--ca-file = the simulator's cert), calibrates, closes
#      both sides in reduce-only slices, and stops when both are flat or the replay ended,
#      then prints its summary (docs/run.md) with a first check against the running
#      simulator's state (GET /sim/state + /sim/ledger);
#   4. xtb-sim is stopped (SIGTERM → its ledger + state dump) and `xtb ledger-check`
#      compares the engine's final state with that dump.
# Exit 0 only when the engine and the simulator agree and xtb reported 0 hot-path
# allocations (and a complete shutdown).
#
#   ./scripts/demo.sh [--capture FILE] [--speed X] [--notional USDT] [--keep]
#
# Installs missing dependencies and builds into build/ first (XTB_BUILD_DIR overrides).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup-deps.sh
build="${XTB_BUILD_DIR:-build}"
if [ ! -f "$build/build.ninja" ]; then
  meson setup "$build" >/dev/null
fi
ninja -C "$build" src/app/xtb src/sim/server/xtb-sim >/dev/null

export XTB_DATA_DIR="${XTB_DATA_DIR:-$(cd .. && pwd)/shared/data}"
capture="$XTB_DATA_DIR/binance-usdm/capture/btcusdt_20240808.gz"
exchange_info="$XTB_DATA_DIR/binance-usdm/fixtures/http/http_futures_market_exchange_info.json"
speed=5
notional=1000
keep=0
while [ $# -gt 0 ]; do
  case "$1" in
    --capture) capture="$2"; shift 2 ;;
    --speed) speed="$2"; shift 2 ;;
    --notional) notional="$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
    *) echo "demo.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

work=$(mktemp -d /tmp/xtb-demo-XXXXXX)
sim_pid=""
cleanup() {
  if [ -n "$sim_pid" ] && kill -0 "$sim_pid" 2>/dev/null; then kill -TERM "$sim_pid" 2>/dev/null || true; wait "$sim_pid" 2>/dev/null || true; fi
  if [ "$keep" = 0 ]; then rm -rf "$work"; else echo "demo files kept in $work"; fi
}
trap cleanup EXIT

xtb="$build/src/app/xtb"
sim="$build/src/sim/server/xtb-sim"
# The closer reads the trade stream the capture recorded (aggTrade on the venue by default).
trades=aggTrade
if ! (zcat -f "$capture" 2>/dev/null | head -5000 | grep -q '@aggTrade'); then trades=trade; fi
read -r symbol span < <($xtb sim-account --capture "$capture" --exchange-info "$exchange_info" \
  --notional "$notional" --out "$work/account.yaml" --print-symbol --print-span | paste -sd' ')
# Run until both sides are flat or the replay ended; the duration is a safety net only.
duration=$(awk -v s="$span" -v x="$speed" 'BEGIN { d = s / x + 20; if (d < 30) d = 30; printf "%d", d }')
echo "== xtb-sim: $(basename "$capture") ($symbol, ${span} s recorded) at ${speed}x, LONG + SHORT of $notional USDT =="

mkfifo "$work/ready"
$sim --capture "$capture" --exchange-info "$exchange_info" --account "$work/account.yaml" --speed "$speed" --hold \
  --cert-dir "$work" --dump "$work/sim-dump.json" --quiet >"$work/ready" 2>"$work/sim.log" &
sim_pid=$!
read -r ready <"$work/ready" || { echo "xtb-sim did not start:"; cat "$work/sim.log"; exit 1; }
echo "   $ready"
rest=$(sed -n 's/.*rest=\([^ ]*\).*/\1/p' <<<"$ready")
ws=$(sed -n 's/.*ws=\([^ ]*\).*/\1/p' <<<"$ready")
cert=$(sed -n 's/.*cert=\([^ ]*\).*/\1/p' <<<"$ready")

echo "== xtb run: reduce_only_closer over loopback TLS (certificate verified against $cert) =="
set +e
$xtb run --config configs/binance-reduce-only-closer.yaml --symbol "$symbol" \
  --rest-url "$rest" --ws-url "$ws" --ca-file "$cert" \
  --set engine.run_id=demo --set engine.journal="$work/demo.journal" --set venue.trades="$trades" \
  --stop-when-flat --stop-at-replay-end --duration "$duration" --state-out "$work/engine-state.json" --sim-check
run_rc=$?
set -e

kill -TERM "$sim_pid"
wait "$sim_pid" || true
sim_pid=""
echo "== agreement: engine state vs xtb-sim's dump (written on SIGTERM) =="
set +e
$xtb ledger-check --state "$work/engine-state.json" --sim-dump "$work/sim-dump.json"
check_rc=$?
set -e
if [ "$run_rc" = 0 ] && [ "$check_rc" = 0 ]; then
  echo "demo: OK (engine and venue agree, 0 hot-path allocations)"
  exit 0
fi
echo "demo: FAILED (xtb run exit $run_rc, ledger check exit $check_rc)"
exit 1
