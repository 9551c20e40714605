#!/usr/bin/env bash
# The main job, as far as it exists today: the real BTCUSDT capture of 2024-08-08
# (../shared/data/binance-usdm/capture/btcusdt_20240808.gz, 94k messages) replayed through
# xtb's pipeline — replay source → R1 → simdjson decode → R2 → sequencer market state with
# a synchronised local order book — first deterministically on one thread, then on the
# threaded runner at 20× recorded pace, with a summary of each run.
# Installs missing dependencies and builds into build/ first.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup-deps.sh
if [ ! -f build/build.ninja ]; then
  meson setup build >/dev/null
fi
ninja -C build src/app/xtb >/dev/null

export XTB_DATA_DIR="${XTB_DATA_DIR:-$(cd .. && pwd)/shared/data}"
echo "== 1/2  deterministic replay, inline runner, as fast as possible =="
build/src/app/xtb replay --runner inline
echo
echo "== 2/2  threaded pipeline (one thread per stage), 20x recorded pace =="
build/src/app/xtb replay --config configs/replay.yaml --speed 20
