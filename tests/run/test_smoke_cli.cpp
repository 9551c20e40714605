// test_smoke_cli.cpp — `xtb smoke` as a user types it (seed 003's one-command smoke test):
// no YAML, it starts xtb-sim itself, runs the tracking limit through the live pipeline over
// loopback TLS and prints the attempts; each order's timeline is a file under logs/orders/.
#include <doctest/doctest.h>

#include <filesystem>
#include <regex>

#include "run_harness.hpp"

using namespace xtb;
using namespace xtb::runtest;

TEST_CASE("xtb smoke: tracking_limit against the xtb-sim it starts; attempts, prices, timelines; exit 0 only when done") {
  const std::string dir = temp_dir();
  Child smoke;
  REQUIRE(smoke.start({XTB_EXE, "smoke", "--venue", "binance_usdm", "--symbol", "BTCUSDT", "--mode", "tracking_limit",
                       "--qty", "0.002", "--interval", "1", "--timeout", "20", "--price-offset", "40", "--side", "sell",
                       "--sim-exe", XTB_SIM_EXE, "--capture", simtest::data_path("binance-usdm/capture/btcusdt_20240808.gz"),
                       "--speed", "4", "--log-dir", dir + "/logs"},
                      dir, "smoke"));
  const int rc = smoke.wait(120'000);
  const std::string out = smoke.out();
  INFO(out);
  INFO(smoke.err());
  CHECK(rc == 0);
  CHECK(out.find("smoke — tracking_limit SELL BTCUSDT on binance_usdm") != std::string::npos);
  std::smatch m;
  REQUIRE(std::regex_search(out, m, std::regex("final state  (filled|timed_out) · filled [0-9.]+ of 0.002 · ([0-9]+) attempt")));
  const int attempts = std::stoi(m[2]);
  CHECK(attempts >= 1);
  CHECK(out.find("smoke: OK") != std::string::npos);
  CHECK(out.find("SMOKE FAILED") == std::string::npos);
  // One timeline per order, named <venue>-<symbol>-<client id>.jsonl, starting with "placed".
  int files = 0;
  for (const auto& f : std::filesystem::directory_iterator(dir + "/logs/orders")) {
    const std::string name = f.path().filename().string();
    CHECK(name.rfind("binance_usdm-BTCUSDT-smk-", 0) == 0);
    CHECK(read_file(f.path().string()).find("\"event\":\"placed\"") != std::string::npos);
    ++files;
  }
  CHECK(files == attempts);
  std::filesystem::remove_all(dir);
}

TEST_CASE("xtb smoke: bad parameters are refused before anything starts (exit 2, the parameter named)") {
  const std::string dir = temp_dir();
  Child smoke;
  REQUIRE(smoke.start({XTB_EXE, "smoke", "--qty", "0.0005", "--interval", "1", "--timeout", "5", "--sim-exe", XTB_SIM_EXE,
                       "--capture", simtest::data_path("binance-usdm/capture/btcusdt_20240808.gz"), "--log-dir", ""},
                      dir, "bad"));
  CHECK(smoke.wait(60'000) == 2);
  CHECK(smoke.err().find("qty: must be > 0 on the symbol's step grid, got '0.0005'") != std::string::npos);
  Child mode;
  REQUIRE(mode.start({XTB_EXE, "smoke", "--mode", "grid", "--qty", "0.002", "--interval", "1", "--timeout", "5"}, dir, "mode"));
  CHECK(mode.wait(30'000) == 2);
  CHECK(mode.err().find("--mode: the smoke test runs tracking_limit") != std::string::npos);
  std::filesystem::remove_all(dir);
}
