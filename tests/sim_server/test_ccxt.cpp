// The independent check: ccxt (npm, version pinned by tests/sim_server/ccxt/package-lock.json,
// installed by tests/sim_server/ccxt/setup.sh) drives xtb-sim as it would drive Binance
// USD-M — loadMarkets, fetchOrderBook, create/cancel limit and GTX orders, fetchPositions
// in hedge mode, watchOrderBook and watchOrders (ccxt.pro) — with TLS verified against the
// simulator's self-signed certificate (NODE_EXTRA_CA_CERTS). Skips, saying why, when node or
// node_modules is missing.
#include <doctest/doctest.h>

#include <sys/wait.h>

#include <cstdio>
#include <filesystem>

#include "sim_harness.hpp"

using namespace xtb::simtest;

TEST_CASE("ccxt scenario against xtb-sim") {
  const std::string dir = source_path("tests/sim_server/ccxt");
  if (!std::filesystem::exists(dir + "/node_modules/ccxt/package.json")) {
    MESSAGE("SKIPPED: ccxt not installed — run tests/sim_server/ccxt/setup.sh (npm ci) to enable this check");
    return;
  }
  if (std::system("node --version > /dev/null 2>&1") != 0) {
    MESSAGE("SKIPPED: node is not on PATH");
    return;
  }
  SimProcess sim;
  REQUIRE_MESSAGE(sim.start({"--capture", data_path("binance-usdm/capture/btcusdt_20240808.gz"), "--speed", "1",
                             "--account", source_path("configs/sim-account.yaml")}),
                  sim.log());
  const std::string cmd = "cd '" + dir + "' && NODE_EXTRA_CA_CERTS='" + sim.cert() + "' timeout 120 node check.mjs " +
                          std::to_string(sim.port()) + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  REQUIRE(p != nullptr);
  std::string out;
  char buf[512];
  while (std::fgets(buf, sizeof buf, p) != nullptr) out += buf;
  const int status = pclose(p);
  MESSAGE(out);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  CHECK(out.find(" 0 failed") != std::string::npos);
  CHECK(out.find("FAIL") == std::string::npos);
}
