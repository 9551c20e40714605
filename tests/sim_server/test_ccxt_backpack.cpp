// The independent check of xtb-sim --venue backpack: ccxt's `backpack` (REST) and
// `pro.backpack` (WebSocket) classes — ccxt 4.5.84 pinned by tests/sim_server/ccxt/
// package-lock.json, installed by tests/sim_server/ccxt/setup.sh — drive the simulator as
// they would drive Backpack Exchange (ccxt/check_backpack.mjs): loadMarkets, fetchOrderBook,
// watchOrderBook, watchTrades, watchOrders, post-only and IOC orders, cancel, open orders,
// positions, balance, a bad signature and an expired window refused. TLS verified against
// the simulator's certificate (NODE_EXTRA_CA_CERTS). Skips, saying why, when node or
// node_modules is missing; fails when any check fails.
#include <doctest/doctest.h>

#include "sim_harness.hpp"

using namespace xtb::simtest;

TEST_CASE("ccxt backpack scenario against xtb-sim --venue backpack") {
  std::string why;
  if (!ccxt_available(why)) {
    MESSAGE(why);
    return;
  }
  SimProcess sim;
  REQUIRE_MESSAGE(sim.start({"--venue", "backpack", "--capture", data_path("binance-usdm/capture/btcusdt_20240808.gz"),
                             "--speed", "1", "--quiet"}),
                  sim.log());
  const CcxtRun r = run_ccxt_script("check_backpack.mjs", sim);
  MESSAGE(r.out);
  CHECK(r.passed);
  CHECK(sim.stop() == 0);
}
