// test_run_venues.cpp — issue 14: one `xtb run` trading two venues at once (a `venues:` list):
// xtb-sim as Binance USD-M and xtb-sim as Backpack (two processes, two certificates), a
// tracking limit on each venue's BTC perpetual in one sequencer, every stage of both venues
// on ONE hot thread (layout compact). Each order must reach its own venue (each simulator's
// dump holds only its instrument's orders, with our client ids), the engine must agree with
// BOTH venues (--sim-check compares each venue's part), and nothing may allocate on the hot
// path.
#include <doctest/doctest.h>

#include <filesystem>

#include "run_harness.hpp"

using namespace xtb;
using namespace xtb::runtest;

namespace {

std::string venue_entry(const char* name, const simtest::SimProcess& sim, const char* extra) {
  const std::string url = "127.0.0.1:" + std::to_string(sim.port());
  return std::string("  - {name: ") + name + ", rest_url: https://" + url + ", ws_url: wss://" + url +
         ", ca_file: " + sim.cert() + extra + "}\n";
}

}  // namespace

TEST_CASE("xtb run with venues: Binance USD-M and Backpack in one sequencer, each order to its venue, both ledgers agree") {
  const std::string dir = temp_dir();
  const std::string capture = simtest::data_path("binance-usdm/capture/btcusdt_20240808.gz");
  write_file(dir + "/binance.yaml", "hedge_mode: true\nwallet: \"100000\"\nsymbols: [{symbol: BTCUSDT, leverage: 10}]\n");
  write_file(dir + "/backpack.yaml", "wallet: \"100000\"\n");
  simtest::SimProcess binance, backpack;
  REQUIRE_MESSAGE(binance.start({"--capture", capture, "--account", dir + "/binance.yaml", "--speed", "4", "--hold", "--quiet"}),
                  binance.log());
  REQUIRE_MESSAGE(backpack.start({"--venue", "backpack", "--capture", capture, "--account", dir + "/backpack.yaml", "--speed",
                                  "4", "--hold", "--quiet"}),
                  backpack.log());
  write_file(dir + "/two.yaml",
             "venues:\n" + venue_entry("binance_usdm", binance, ", trades: trade") + venue_entry("backpack", backpack, "") +
                 "strategies:\n"
                 "  - {kind: tracking_limit, venue: binance_usdm, symbols: [BTCUSDT], params: {qty: \"0.002\", "
                 "interval: 1, timeout: 12, price_offset: 30, side: buy, position_side: long}}\n"
                 "  - {kind: tracking_limit, venue: backpack, symbols: [BTC_USDC_PERP], params: {qty: \"0.002\", "
                 "interval: 1, timeout: 12, price_offset: 30, side: sell, position_side: auto}}\n"
                 "pipeline: {layout: compact}\n"
                 "logs: {dir: \"\"}\n");
  const ChildResult r = run_child({XTB_EXE, "run", "--config", dir + "/two.yaml", "--stop-when-done", "--duration", "60",
                                   "--no-progress", "--sim-check", "--state-out", dir + "/state.json"},
                                  dir, "two", 120'000);
  INFO(r.out);
  INFO(r.err);
  CHECK(r.rc == 0);
  CHECK(r.err.find("2 strategies on 2 symbol(s)") != std::string::npos);
  CHECK(r.err.find("compact") != std::string::npos);
  CHECK(r.out.find("binance_usdm:BTCUSDT") != std::string::npos);
  CHECK(r.out.find("backpack:BTC_USDC_PERP") != std::string::npos);
  CHECK(r.out.find("stop                 the strategy finished") != std::string::npos);
  CHECK(r.out.find("ENGINE AND VENUE AGREE") != std::string::npos);
  CHECK(zero_hot_allocations(r.out));
  binance.stop();
  backpack.stop();
  // Each venue saw its own instrument's orders, with our client ids, and no other's.
  const std::string bn = read_file(binance.dump_path()), bp = read_file(backpack.dump_path());
  const std::string state = read_file(dir + "/state.json");
  CHECK(bn.find("\"BTCUSDT\"") != std::string::npos);
  CHECK(bn.find("BTC_USDC_PERP") == std::string::npos);
  CHECK(bp.find("\"BTC_USDC_PERP\"") != std::string::npos);
  CHECK(bp.find("\"BTCUSDT\"") == std::string::npos);
  CHECK(state.find("\"symbol\":\"BTCUSDT\"") != std::string::npos);
  CHECK(state.find("\"symbol\":\"BTC_USDC_PERP\"") != std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST_CASE("venues: two venues are refused with a URL option or --sim-dump, before anything trades") {
  const std::string dir = temp_dir();
  write_file(dir + "/two.yaml",
             "venues:\n  - {name: binance_usdm, rest_url: https://127.0.0.1:1, ws_url: wss://127.0.0.1:1}\n"
             "  - {name: backpack, rest_url: https://127.0.0.1:2, ws_url: wss://127.0.0.1:2}\n"
             "strategies:\n  - {kind: tracking_limit, symbols: [BTCUSDT], params: {qty: \"0.002\", interval: 1, timeout: 5}}\n"
             "logs: {dir: \"\"}\n");
  const ChildResult r = run_child({XTB_EXE, "run", "--config", dir + "/two.yaml", "--rest-url", "https://127.0.0.1:3",
                                   "--no-progress"},
                                  dir, "url", 30'000);
  CHECK(r.rc == 2);
  CHECK(r.err.find("this config trades 2 venues") != std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST_CASE("xtb smoke --venue backpack: the tracking limit on BTC_USDC_PERP against the Backpack face, net position side") {
  const std::string dir = temp_dir();
  Child smoke;
  REQUIRE(smoke.start(smoke_args("backpack", "BTC_USDC_PERP", dir), dir, "smoke"));
  const int rc = smoke.wait(120'000);
  const std::string out = smoke.out();
  INFO(out);
  INFO(smoke.err());
  CHECK(rc == 0);
  CHECK(out.find("smoke — tracking_limit SELL BTC_USDC_PERP on backpack") != std::string::npos);
  CHECK(out.find("smoke: OK") != std::string::npos);
  int files = 0;
  for (const auto& f : std::filesystem::directory_iterator(dir + "/logs/orders")) {
    CHECK(f.path().filename().string().rfind("backpack-BTC_USDC_PERP-smk-", 0) == 0);
    ++files;
  }
  CHECK(files >= 1);
  std::filesystem::remove_all(dir);
}
