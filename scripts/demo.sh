#!/usr/bin/env bash
# The main job: xtb's reduce-only closer (seed 002) closing a hedge-mode LONG and SHORT
# against xtb-sim — the simulated Binance USD-M venue on loopback, HTTPS REST + WSS with a
# self-signed certificate that xtb verifies — replaying a real recorded capture (default:
# ../shared/data/binance-usdm/capture/btcusdt_20240808.gz; any USD-M capture works, hftbacktest
# or cryptofeed — e.g. cryptofeed_2021-07_ws.txt, four symbols, with its own exchangeInfo
# found beside it).
#
#   1. `xtb sim-account` sizes the starting account for the capture (LONG + SHORT of
#      NOTIONAL USDT each at the first mid of every captured symbol, isolated 10x) from the
#      exchangeInfo, and names the symbols: those are the ones `xtb run` trades (--symbol
#      each), whatever the config's example symbol is;
#   2. `xtb-sim` starts (replay held until xtb subscribes) and prints its ready line;
#   3. `xtb run` connects over TLS (--ca-file = the simulator's cert), calibrates, closes
#      every side of every symbol in reduce-only slices, and stops when all are flat or the
#      replay ended (a failure: the positions were not closed),
#      then prints its summary (docs/run.md) with a first check against the running
#      simulator's state (GET /sim/state + /sim/ledger);
#   4. xtb-sim is stopped (SIGTERM → its ledger + state dump) and `xtb ledger-check`
#      compares the engine's final state with that dump.
# Exit 0 ("demo: OK") only when every position the demo set out to close is closed (every
# side flat, by fills of ours: xtb run's closing verdict, docs/run.md), the engine and the
# simulator agree, and xtb reported 0 hot-path allocations (and a complete shutdown).
#
#   ./scripts/demo.sh [--venue binance_usdm|backpack] [--capture FILE] [--exchange-info FILE] [--speed X]
#                     [--notional USDT] [--keep]
#
# --venue backpack: the same job on Backpack's one-way (net) positions — xtb-sim's Backpack
# face replays the capture as BTC_USDC_PERP (docs/simulator.md), the account holds one net
# LONG of NOTIONAL at the first mid, configs/backpack-reduce-only-closer.yaml closes it in
# reduce-only SELL slices; the agreement check is xtb run's own against the running
# simulator (--sim-check: Backpack's numeric client ids are mapped back by the venue).
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
exchange_info_given=""
speed=5
notional=1000
keep=0
venue=binance_usdm
while [ $# -gt 0 ]; do
  case "$1" in
    --capture) capture="$2"; shift 2 ;;
    --exchange-info) exchange_info_given="$2"; shift 2 ;;
    --speed) speed="$2"; shift 2 ;;
    --notional) notional="$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    --venue) venue="$2"; shift 2 ;;
    -h|--help) sed -n '2,36p' "$0"; exit 0 ;;
    *) echo "demo.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

# A cryptofeed recording (`<name>_ws.txt`) comes with its own exchangeInfo
# (`<name>_exchange_info.txt`): its symbols may be delisted since, so today's exchangeInfo
# would not know them. (The closer reads bookTicker and trades, no depth snapshots.)
case "$capture" in
  *_ws.txt)
    base="${capture%_ws.txt}"
    if [ -f "${base}_exchange_info.txt" ]; then exchange_info="${base}_exchange_info.txt"; fi
    ;;
esac
if [ -n "$exchange_info_given" ]; then exchange_info="$exchange_info_given"; fi

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
# (No pipefail in that probe: grep -q and head stop reading early, and the SIGPIPE of the
# writer before them must not read as "no aggTrade" — it did, and an aggTrade capture was
# then traded without trades: no signal, nothing placed.)
trades=trade
if (set +o pipefail; zcat -f "$capture" 2>/dev/null | head -5000 | grep -q '@aggTrade'); then trades=aggTrade; fi
read -r symbols span < <($xtb sim-account --capture "$capture" --exchange-info "$exchange_info" \
  --notional "$notional" --out "$work/account.yaml" --print-symbol --print-span | paste -sd' ')
# Run until both sides are flat or the replay ended; the duration is a safety net only.
duration=$(awk -v s="$span" -v x="$speed" 'BEGIN { d = s / x + 20; if (d < 30) d = 30; printf "%d", d }')
if [ -z "${symbols:-}" ] || [ -z "${span:-}" ]; then echo "demo: FAILED (xtb sim-account named no symbol)"; exit 1; fi
symbol_args=()
IFS=',' read -r -a symbol_list <<<"$symbols"
for s in "${symbol_list[@]}"; do symbol_args+=(--symbol "$s"); done
config=configs/binance-reduce-only-closer.yaml
sim_args=(--exchange-info "$exchange_info")
run_args=(--set venue.trades="$trades")
case "$venue" in
  binance_usdm)
    echo "== xtb-sim: $(basename "$capture") ($symbols, ${span} s recorded) at ${speed}x, LONG + SHORT of $notional USDT each ==" ;;
  backpack)
    # One net LONG (the LONG leg sim-account sized) on the capture's first symbol as
    # Backpack lists it: <BASE>USDT → <BASE>_USDC_PERP (the face's mapping).
    base="${symbol_list[0]%USDT}"
    [ "$base" != "${symbol_list[0]}" ] || { echo "demo: FAILED (--venue backpack needs a <BASE>USDT capture, got ${symbol_list[0]})"; exit 1; }
    bp_symbol="${base}_USDC_PERP"
    long_line=$(grep -m1 "side: LONG" "$work/account.yaml")
    amount=$(sed -n 's/.*amount: "\([^"]*\)".*/\1/p' <<<"$long_line")
    entry=$(sed -n 's/.*entry_price: "\([^"]*\)".*/\1/p' <<<"$long_line")
    printf 'wallet: "10000"\nleverage: 10\nmargin_type: ISOLATED\npositions:\n  - {symbol: %s, side: BOTH, amount: "%s", entry_price: "%s"}\n' \
      "$bp_symbol" "$amount" "$entry" >"$work/account.yaml"
    symbols="$bp_symbol"
    symbol_list=("$bp_symbol")
    symbol_args=(--symbol "$bp_symbol")
    config=configs/backpack-reduce-only-closer.yaml
    sim_args=(--venue backpack)
    run_args=()
    echo "== xtb-sim --venue backpack: $(basename "$capture") as $bp_symbol (${span} s recorded) at ${speed}x, net LONG $amount ==" ;;
  *) echo "demo.sh: --venue must be binance_usdm or backpack, got '$venue'" >&2; exit 2 ;;
esac

mkfifo "$work/ready"
$sim "${sim_args[@]}" --capture "$capture" --account "$work/account.yaml" --speed "$speed" --hold \
  --cert-dir "$work" --dump "$work/sim-dump.json" --quiet >"$work/ready" 2>"$work/sim.log" &
sim_pid=$!
read -r ready <"$work/ready" || { echo "xtb-sim did not start:"; cat "$work/sim.log"; exit 1; }
echo "   $ready"
rest=$(sed -n 's/.*rest=\([^ ]*\).*/\1/p' <<<"$ready")
ws=$(sed -n 's/.*ws=\([^ ]*\).*/\1/p' <<<"$ready")
cert=$(sed -n 's/.*cert=\([^ ]*\).*/\1/p' <<<"$ready")

echo "== xtb run: reduce_only_closer over loopback TLS (certificate verified against $cert) =="
set +e
$xtb run --config "$config" "${symbol_args[@]}" \
  --rest-url "$rest" --ws-url "$ws" --ca-file "$cert" \
  --set engine.run_id=demo --set engine.journal="$work/demo.journal" ${run_args[@]+"${run_args[@]}"} \
  --stop-when-flat --stop-at-replay-end --duration "$duration" --state-out "$work/engine-state.json" --sim-check \
  | tee "$work/summary.txt"
run_rc=${PIPESTATUS[0]}
set -e

kill -TERM "$sim_pid"
wait "$sim_pid" || true
sim_pid=""
check_rc=0
if [ "$venue" = binance_usdm ]; then
  echo "== agreement: engine state vs xtb-sim's dump (written on SIGTERM) =="
  set +e
  $xtb ledger-check --state "$work/engine-state.json" --sim-dump "$work/sim-dump.json"
  check_rc=$?
  set -e
fi
# xtb run exits 0 only with every side it started with closed by its fills (--stop-when-flat
# makes that its job), 0 hot-path allocations and a complete shutdown; the stop line and the
# summary's symbol list say so here too, so that an OK never stands for nothing done.
stop_line=$(grep -m1 '^  stop ' "$work/summary.txt" || true)
summary_head=$(grep -m1 '^run summary — ' "$work/summary.txt" || true)
traded_ok=1
for s in "${symbol_list[@]}"; do
  case "$summary_head" in *"$s"*) ;; *) traded_ok=0 ;; esac
done
case "$stop_line" in *"every traded side flat"*) ;; *) traded_ok=0 ;; esac
if [ "$run_rc" = 0 ] && [ "$check_rc" = 0 ] && [ "$traded_ok" = 1 ]; then
  echo "demo: OK ($venue $symbols: every side closed by our fills, engine and venue agree, 0 hot-path allocations)"
  exit 0
fi
echo "demo: FAILED (xtb run exit $run_rc, ledger check exit $check_rc, ${stop_line#  }; symbols $symbols)"
exit 1
