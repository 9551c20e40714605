// test_smoke_cli.cpp — `xtb smoke` as a user types it (seed 003's one-command smoke test):
// no YAML, it starts xtb-sim itself, runs the tracking limit through the live pipeline over
// loopback TLS and prints the attempts; each order's timeline is a file under logs/orders/.
#include <doctest/doctest.h>

#include <filesystem>
#include <regex>

#include "app/run/run_config.hpp"
#include "run_harness.hpp"

using namespace xtb;
using namespace xtb::runtest;

TEST_CASE("xtb smoke: tracking_limit against the xtb-sim it starts; attempts, prices, timelines; exit 0 only when done") {
  const std::string dir = temp_dir();
  Child smoke;
  REQUIRE(smoke.start(smoke_args("binance_usdm", "BTCUSDT", dir), dir, "smoke"));
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

TEST_CASE("xtb run with a strategies: list: two tracking limits in one sequencer, each order's events routed to its owner") {
  const std::string dir = temp_dir();
  write_file(dir + "/account.yaml", "hedge_mode: true\nwallet: \"100000\"\nsymbols: [{symbol: BTCUSDT, leverage: 10}]\n");
  simtest::SimProcess sim;
  REQUIRE_MESSAGE(sim.start({"--capture", simtest::data_path("binance-usdm/capture/btcusdt_20240808.gz"), "--account",
                             dir + "/account.yaml", "--speed", "4", "--hold", "--quiet"}),
                  sim.log());
  // Each strategy ends only when it sees its own order's end: a misrouted callback leaves one
  // of them waiting, and the run then stops on --duration instead (a failure below).
  write_file(dir + "/two.yaml",
             "strategies:\n"
             "  - {kind: tracking_limit, symbols: [BTCUSDT], params: {qty: \"0.002\", interval: 1, timeout: 12, "
             "price_offset: 30, side: buy, position_side: long}}\n"
             "  - {kind: tracking_limit, symbols: [BTCUSDT], params: {qty: \"0.003\", interval: 1, timeout: 12, "
             "price_offset: 30, side: sell, position_side: short}}\n"
             "venue: {trades: trade}\n"
             "logs: {dir: \"\"}\n");
  const std::string url = "127.0.0.1:" + std::to_string(sim.port());
  const ChildResult r = run_child({XTB_EXE, "run", "--config", dir + "/two.yaml", "--rest-url", "https://" + url,
                                   "--ws-url", "wss://" + url, "--ca-file", sim.cert(), "--stop-when-done", "--duration",
                                   "60", "--no-progress", "--sim-check"},
                                  dir, "two", 90'000);
  INFO(r.out);
  INFO(r.err);
  CHECK(r.rc == 0);
  CHECK(r.err.find("2 strategies on 1 symbol(s)") != std::string::npos);
  CHECK(r.out.find("stop                 the strategy finished") != std::string::npos);
  CHECK(r.out.find("ENGINE AND VENUE AGREE") != std::string::npos);
  CHECK(zero_hot_allocations(r.out));
  sim.stop();
  // The venue saw both strategies' orders: BUY/LONG and SELL/SHORT, nothing else.
  const std::string dump = read_file(sim.dump_path());
  CHECK(dump.find("\"side\":\"BUY\",\"positionSide\":\"SHORT\"") == std::string::npos);
  CHECK(dump.find("\"side\":\"SELL\",\"positionSide\":\"LONG\"") == std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST_CASE("strategies: config errors name the entry and line") {
  const std::string dir = temp_dir();
  write_file(dir + "/bad.yaml", "strategies:\n  - {kind: grid, symbols: [BTCUSDT]}\n  - {kind: tracking_limit, sym: x}\n");
  const std::string t = xtb::run::load_run_config(dir + "/bad.yaml").error_text();
  CHECK_MESSAGE(t.find("bad.yaml:2:12: strategies[0].kind: unknown strategy, got 'grid'") != std::string::npos, t);
  CHECK_MESSAGE(t.find("strategies[1].sym: unknown key") != std::string::npos, t);
  CHECK_MESSAGE(t.find("bad.yaml:3:5: strategies[1].symbols: required") != std::string::npos, t);
  std::filesystem::remove_all(dir);
}
