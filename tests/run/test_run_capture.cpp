// test_run_capture.cpp — issue 13 "the main job, for every capture": `xtb run` trades the
// symbols the venue holds positions in, judges "flat" on every side of every traded symbol,
// summarises each of them, and never exits 0 when it closed nothing (suite `run-capture`).
// The capture is the real cryptofeed 2021-07 recording (SUSHIUSDT, CTKUSDT, AKROUSDT,
// KEEPUSDT: none of them the config's example symbols) with its own exchangeInfo, served by
// xtb-sim as the demo serves it (scripts/demo.sh --capture …_ws.txt). Each case replays the
// 30 s recording at 3–10× (a few seconds).
#include <doctest/doctest.h>

#include <filesystem>
#include <regex>
#include <sstream>

#include "app/run/sim_account.hpp"
#include "run_harness.hpp"

using namespace xtb;
using namespace xtb::runtest;

namespace {

constexpr int kRunTimeoutMs = 60'000;
const char* const kCaptureSymbols[] = {"SUSHIUSDT", "CTKUSDT", "AKROUSDT", "KEEPUSDT"};

std::string cf_capture() { return simtest::data_path("binance-usdm/capture/cryptofeed_2021-07_ws.txt"); }
std::string cf_exchange_info() { return simtest::data_path("binance-usdm/capture/cryptofeed_2021-07_exchange_info.txt"); }

/// `xtb sim-account`'s account for the cryptofeed capture; `only` non-empty keeps that
/// symbol's lines alone (the venue then holds positions in it only).
std::string cf_account(int notional, const std::string& only = {}) {
  run::SimAccountOptions o;
  o.capture = cf_capture();
  o.exchange_info = cf_exchange_info();
  o.notional_usdt = notional;
  const std::string yaml = run::make_sim_account(o).yaml;
  if (only.empty()) return yaml;
  std::istringstream in(yaml);
  std::string out, line;
  while (std::getline(in, line)) {
    bool other = false;
    for (const char* s : kCaptureSymbols) other = other || (s != only && line.find(std::string("symbol: ") + s) != std::string::npos);
    if (!other) out += line + "\n";
  }
  return out;
}

void start_cf_sim(simtest::SimProcess& sim, const std::string& dir, const std::string& account, const std::string& speed) {
  write_file(dir + "/account.yaml", account);
  REQUIRE_MESSAGE(sim.start({"--capture", cf_capture(), "--exchange-info", cf_exchange_info(), "--account",
                             dir + "/account.yaml", "--speed", speed, "--hold", "--quiet"}),
                  sim.log());
}

/// run_args with the trade stream this capture recorded (aggTrade) and a closer that turns
/// aggressive after one maker miss (the recording is short).
std::vector<std::string> cf_run_args(const simtest::SimProcess& sim, const std::vector<std::string>& extra) {
  std::vector<std::string> a = run_args(sim, {"--set", "venue.trades=aggTrade", "--set",
                                              "global.execution.order_ttl_ms=500", "--set",
                                              "global.execution.maker_timeouts_to_escalate=1"});
  a.insert(a.end(), extra.begin(), extra.end());
  return a;
}

/// The summary block of `symbol`: from its "symbol" line to the next one (or the latency lines).
std::string block_of(const std::string& summary, const std::string& symbol) {
  const std::size_t b = summary.find("  symbol               " + symbol + "\n");
  if (b == std::string::npos) return {};
  std::size_t e = summary.find("  symbol  ", b + 10);
  if (e == std::string::npos) e = summary.find("  tick-to-order", b);
  return summary.substr(b, e == std::string::npos ? std::string::npos : e - b);
}

/// "remaining A B" of a block → {A, B} as written ("" when absent).
std::pair<std::string, std::string> remaining_of(const std::string& block) {
  std::smatch m;
  if (!std::regex_search(block, m, std::regex("\n  remaining +([^ ]+) +([^ \n]+)"))) return {};
  return {m[1].str(), m[2].str()};
}

bool zero(const std::string& q) { return std::regex_match(q, std::regex("0(\\.0*)?")); }

}  // namespace

TEST_CASE("issue 13 regression: config symbols ≠ the capture's → xtb run fails loudly (nothing to close), never exit 0") {
  const std::string dir = temp_dir();
  simtest::SimProcess sim;
  start_cf_sim(sim, dir, cf_account(10), "10");
  Child xtb;
  // The demo's flags before the fix: no --symbol, so the config's example symbols are traded.
  REQUIRE(xtb.start(cf_run_args(sim, {"--set", "engine.run_id=wrong", "--stop-when-flat", "--stop-at-replay-end",
                                      "--duration", "15"}),
                    dir, "xtb"));
  const int rc = xtb.wait(kRunTimeoutMs);
  const std::string summary = xtb.out();
  INFO(summary);
  INFO(xtb.err());
  CHECK(rc == 3);
  CHECK(summary.find("RUN FAILED           nothing to close: no traded symbol (") != std::string::npos);
  for (const char* s : kCaptureSymbols) CHECK(block_of(summary, s).empty());  // not traded: the bug's setting
  CHECK(sim.stop() == 0);
  std::filesystem::remove_all(dir);
}

TEST_CASE("--symbol S trades S only (the config's symbols dropped) and closes both its sides with fills of ours") {
  const std::string dir = temp_dir();
  simtest::SimProcess sim;
  start_cf_sim(sim, dir, cf_account(10, "SUSHIUSDT"), "3");
  Child xtb;
  REQUIRE(xtb.start(cf_run_args(sim, {"--symbol", "sushiusdt", "--set", "engine.run_id=sushi", "--stop-when-flat",
                                      "--stop-at-replay-end", "--duration", "20", "--state-out", dir + "/state.json"}),
                    dir, "xtb"));
  const int rc = xtb.wait(kRunTimeoutMs);
  const std::string summary = xtb.out();
  INFO(summary);
  INFO(xtb.err());
  CHECK(rc == 0);
  CHECK(summary.find("run summary — SUSHIUSDT on ") != std::string::npos);  // SUSHIUSDT alone
  CHECK(std::regex_search(summary, std::regex("note: --symbol given: the config's [A-Z, ]*BTCUSDT[A-Z, ]* not traded")));
  CHECK(summary.find("stop                 every traded side flat;") != std::string::npos);
  CHECK(summary.find("RUN FAILED") == std::string::npos);
  const auto [l, s] = remaining_of(block_of(summary, "SUSHIUSDT"));
  CHECK(zero(l));
  CHECK(zero(s));
  final_check(sim, dir + "/state.json");  // engine == the simulator's ledger
  const std::string dump = read_file(sim.dump_path());
  CHECK(std::regex_search(dump, std::regex("\"clientOrderId\":\"xtb-sushi-[^\"]*\",\"symbol\":\"SUSHIUSDT\",\"side\":\"SELL\"")));
  CHECK(std::regex_search(dump, std::regex("\"clientOrderId\":\"xtb-sushi-[^\"]*\",\"symbol\":\"SUSHIUSDT\",\"side\":\"BUY\"")));
  std::filesystem::remove_all(dir);
}

TEST_CASE("demo path on the cryptofeed capture: every captured symbol traded and summarised; exit 0 only when all flat") {
  const std::string dir = temp_dir();
  simtest::SimProcess sim;
  start_cf_sim(sim, dir, cf_account(10), "5");
  std::vector<std::string> extra{"--set", "engine.run_id=cf", "--stop-when-flat", "--stop-at-replay-end", "--duration",
                                 "20", "--state-out", dir + "/state.json"};
  for (const char* s : kCaptureSymbols) extra.insert(extra.end(), {"--symbol", s});  // as demo.sh does
  std::vector<std::string> args = cf_run_args(sim, extra);
  args.erase(std::find(args.begin(), args.end(), "--no-progress"));  // the progress line is checked too
  Child xtb;
  REQUIRE(xtb.start(args, dir, "xtb"));
  const int rc = xtb.wait(kRunTimeoutMs);
  const std::string summary = xtb.out();
  INFO(summary);
  CHECK(summary.find("run summary — SUSHIUSDT, CTKUSDT, AKROUSDT, KEEPUSDT on ") != std::string::npos);
  int open_sides = 0;
  for (const char* s : kCaptureSymbols) {
    INFO(s);
    const std::string block = block_of(summary, s);
    REQUIRE_FALSE(block.empty());  // a block per traded symbol
    CHECK(std::regex_search(block, std::regex("start +hedge LONG [1-9][0-9]* / SHORT [1-9][0-9]*")));
    CHECK(xtb.err().find(std::string("| ") + s + " LONG ") != std::string::npos);  // and on the progress line
    const auto [l, sh] = remaining_of(block);
    REQUIRE_FALSE(l.empty());
    for (const auto& [side, left] : {std::pair<std::string, std::string>{"LONG", l}, {"SHORT", sh}}) {
      if (zero(left)) continue;
      ++open_sides;  // every open side is named in the failure line
      CHECK(summary.find(std::string(s) + " " + side + " " + left + " of ") != std::string::npos);
    }
  }
  CHECK(std::regex_search(summary, std::regex("slices placed +[1-9]")));  // it traded the capture's symbols
  if (open_sides == 0) {
    CHECK(rc == 0);
    CHECK(summary.find("stop                 every traded side flat;") != std::string::npos);
  } else {  // the recording is 30 s of sparse trades: the run says the replay ran out, exit 3
    CHECK(rc == 3);
    CHECK(summary.find("RUN FAILED           the replay ran out before every traded side was flat: ") !=
          std::string::npos);
  }
  final_check(sim, dir + "/state.json");  // engine == ledger whatever the outcome
  std::filesystem::remove_all(dir);
}
