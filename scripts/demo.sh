#!/usr/bin/env bash
# The main job, as far as it exists today: xtb's reduce-only closer (seed 002) trading a
# hedge-mode LONG and SHORT of BTCUSDT against the simulated Binance USD-M venue, on the
# real capture of 2024-08-08 (../shared/data/binance-usdm/capture/btcusdt_20240808.gz).
#
# The whole pipeline runs: replay → R1 → simdjson decode → R2 → sequencer (order-state
# machine, risk, positions, strategy inline) → R3 → simulated egress, whose answers go back
# as real Binance JSON (REST bodies, user-stream events) on R4 → decode. Deterministic
# (inline runner). The summary ends with whether the engine and the venue agree.
# Then a plain market-data replay on the threaded runner shows the pipeline's threads.
#
#   ./scripts/demo.sh [--capture FILE] [--speed X] [any other `xtb backtest` option]
#
# Installs missing dependencies and builds into build/ first.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup-deps.sh
if [ ! -f build/build.ninja ]; then
  meson setup build >/dev/null
fi
ninja -C build src/app/xtb >/dev/null

export XTB_DATA_DIR="${XTB_DATA_DIR:-$(cd .. && pwd)/shared/data}"
echo "== 1/2  reduce_only_closer vs the simulated venue, real BTCUSDT data (xtb backtest) =="
set +e
build/src/app/xtb backtest --config configs/binance-reduce-only-closer.yaml "$@"
rc=$?
set -e
echo
echo "== 2/2  market data through the threaded pipeline (one thread per stage), 20x recorded pace =="
build/src/app/xtb replay --config configs/replay.yaml --speed 20
exit $rc
