// The independent check: ccxt (npm, version pinned by tests/sim_server/ccxt/package-lock.json,
// installed by tests/sim_server/ccxt/setup.sh) drives xtb-sim as it would drive Binance
// USD-M — loadMarkets, fetchOrderBook, create/cancel limit and GTX orders, fetchPositions
// in hedge mode, watchOrderBook and watchOrders (ccxt.pro) — with TLS verified against the
// simulator's self-signed certificate (NODE_EXTRA_CA_CERTS). Skips, saying why, when node or
// node_modules is missing.
#include <doctest/doctest.h>

#include "sim_harness.hpp"

using namespace xtb::simtest;

TEST_CASE("ccxt scenario against xtb-sim") {
  std::string why;
  if (!ccxt_available(why)) {
    MESSAGE(why);
    return;
  }
  SimProcess sim;
  REQUIRE_MESSAGE(sim.start({"--capture", data_path("binance-usdm/capture/btcusdt_20240808.gz"), "--speed", "1",
                             "--account", source_path("configs/sim-account.yaml")}),
                  sim.log());
  const CcxtRun r = run_ccxt_script("check.mjs", sim);
  MESSAGE(r.out);
  CHECK(r.passed);
}
