// test_run.cpp — `xtb run` end to end (suite `run`, docs/run.md "Tests"):
//   * check-config: the shipped config is OK; errors name file:line:col and the field;
//   * the main job: `xtb run` (child process) against `xtb-sim` (child process) replaying
//     the real BTCUSDT capture over loopback TLS (certificate verified); both hedge sides
//     close; the engine's final state equals the simulator's SIGTERM dump exactly; zero
//     hot-path allocations; the shutdown completes within its bound;
//   * restart: kill -9 of `xtb run` mid-close, restart with the same journal and run_id →
//     no duplicate or orphan orders, engine == simulator ledger;
//   * faults: a dropped order ack, dropped user-stream events and a killed user stream
//     while trading → reconciliation repairs it, engine == simulator ledger;
//   * SIGTERM mid-close: complete shutdown within the bound, no regular order left open
//     (protective stops stay), engine == simulator ledger.
#include <doctest/doctest.h>
#include <signal.h>

#include <filesystem>
#include <regex>
#include <set>

#include "app/run/run_config.hpp"
#include "run_harness.hpp"

using namespace xtb;
using namespace xtb::runtest;

namespace {

constexpr int kRunTimeoutMs = 100'000;

}  // namespace

TEST_CASE("check-config: the shipped config is OK; every error names file:line:col and the field") {
  const auto ok = run::load_run_config(simtest::source_path("configs/binance-reduce-only-closer.yaml"));
  CHECK_MESSAGE(ok.ok(), ok.error_text());
  CHECK(ok.config.venues.front().rest.host == "fapi.binance.com");
  CHECK(ok.config.engine.shutdown == run::ShutdownPolicy::CancelOwn);

  const std::string dir = temp_dir();
  const std::string bad = dir + "/bad.yaml";
  write_file(bad,
             "global:\n"
             "  execution:\n"
             "    order_ttl_ms: -5\n"
             "symbols:\n"
             "  BTCUSDT: {}\n"
             "venue:\n"
             "  rest_url: ftp://example.com\n"
             "  connections: 0\n"
             "engine:\n"
             "  shutdown: maybe\n"
             "  run_id: has-dash\n"
             "pipeline:\n"
             "  runner: sideways\n"
             "enigne: {}\n");
  const auto r = run::load_run_config(bad);
  CHECK_FALSE(r.ok());
  const std::string t = r.error_text();
  CHECK_MESSAGE(t.find(bad + ":3:19: global.execution.order_ttl_ms:") != std::string::npos, t);
  CHECK_MESSAGE(t.find(bad + ":7:13: venue.rest_url: scheme must be https") != std::string::npos, t);
  CHECK_MESSAGE(t.find(bad + ":8:16: venue.connections:") != std::string::npos, t);
  CHECK_MESSAGE(t.find(bad + ":10:13: engine.shutdown: must be cancel_own or leave_resting") != std::string::npos, t);
  CHECK_MESSAGE(t.find(bad + ":11:11: engine.run_id:") != std::string::npos, t);
  CHECK_MESSAGE(t.find(bad + ":13:11: pipeline.runner:") != std::string::npos, t);
  CHECK_MESSAGE(t.find(bad + ":14:1: enigne: unknown key") != std::string::npos, t);

  // --set overrides are labelled as such; the CLI prints the same and exits 1 / 0.
  const auto o = run::load_run_config(simtest::source_path("configs/binance-reduce-only-closer.yaml"),
                                      {"engine.shutdown_timeout_ms=10"});
  CHECK(o.error_text().find("<override> engine.shutdown_timeout_ms: must be an integer in [100, 60000]") !=
        std::string::npos);
  Child bad_cli, good_cli;
  REQUIRE(bad_cli.start({XTB_EXE, "check-config", bad}, dir, "bad"));
  CHECK(bad_cli.wait(20000) == 1);
  CHECK(bad_cli.out().find(bad + ":10:13: engine.shutdown:") != std::string::npos);
  REQUIRE(good_cli.start({XTB_EXE, "check-config", simtest::source_path("configs/binance-reduce-only-closer.yaml")}, dir,
                         "good"));
  CHECK(good_cli.wait(20000) == 0);
  CHECK(good_cli.out().rfind("OK ", 0) == 0);
  std::filesystem::remove_all(dir);
}

TEST_CASE("xtb run vs xtb-sim over loopback TLS: both sides close, engine == ledger, 0 hot-path allocations") {
  const std::string dir = temp_dir();
  simtest::SimProcess sim;
  start_sim(sim, dir, 500, "30");
  Child xtb;
  REQUIRE(xtb.start(run_args(sim, {"--set", "engine.run_id=t1", "--set", "engine.risk_refresh_ms=2000", "--stop-when-flat", "--stop-at-replay-end", "--duration",
                                   "60", "--sim-check", "--state-out", dir + "/state.json"}),
                    dir, "xtb"));
  const int rc = xtb.wait(kRunTimeoutMs);
  const std::string summary = xtb.out();
  INFO(summary);
  INFO(xtb.err());
  CHECK(rc == 0);
  CHECK(summary.find("ENGINE AND VENUE AGREE") != std::string::npos);
  CHECK(zero_hot_allocations(summary));
  CHECK(summary.find(") complete") != std::string::npos);  // shutdown complete, within its bound
  CHECK(std::regex_search(summary, std::regex("start-up, [1-9][0-9]* re-reads")));  // positionRisk refreshed
  final_check(sim, dir + "/state.json");
  const auto [l, s] = fills_by_side(read_file(sim.dump_path()), "xtb-t1-");
  CHECK(l > 0);
  CHECK(s > 0);
  // Logs (seed 002, review rows 67/68): the daily human log ends with the verdict, and the
  // event log holds one fill line per fill of the ledger, besides signals and orders.
  const LogFiles logs = read_logs(dir + "/logs");
  CHECK(logs.human.find("run ended: ") != std::string::npos);
  CHECK(logs.human.find("client order ids xtb-t1-") != std::string::npos);
  CHECK(logs.count("\"event\":\"fill\"") == static_cast<std::size_t>(l + s));
  CHECK(logs.count("\"event\":\"place\"") >= static_cast<std::size_t>(l + s) / 4);
  CHECK(logs.count("\"event\":\"signal\"") > 0);
  CHECK(logs.count("\"event\":\"calibration\"") >= 1);
  CHECK(logs.count("\"alert\":\"side_closed\"") == 2);
  std::filesystem::remove_all(dir);
}

TEST_CASE("restart: kill -9 mid-close, restart with the same journal and run_id → no duplicates, no orphans") {
  const std::string dir = temp_dir();
  simtest::SimProcess sim;
  start_sim(sim, dir, 800, "20");
  const std::vector<std::string> common{"--set", "engine.run_id=rs", "--set", "engine.journal=" + dir + "/rs.journal"};
  Child first;
  std::vector<std::string> a1 = run_args(sim, common);
  a1.erase(std::find(a1.begin(), a1.end(), "--no-progress"));  // progress lines tell us when it trades
  REQUIRE(first.start(a1, dir, "first"));
  // Mid-close: a slice has filled on one side and the position is not flat yet.
  REQUIRE_MESSAGE(first.wait_err_re("filled [1-9]", 60000), first.err());
  first.signal(SIGKILL);
  CHECK(first.wait(10000) == 128 + SIGKILL);

  Child second;
  REQUIRE(second.start(run_args(sim, {"--set", "engine.run_id=rs", "--set", "engine.journal=" + dir + "/rs.journal",
                                      "--stop-when-flat", "--stop-at-replay-end", "--duration", "60", "--state-out",
                                      dir + "/state.json"}),
                       dir, "second"));
  const int rc = second.wait(kRunTimeoutMs);
  const std::string summary = second.out();
  INFO(summary);
  INFO(second.err());
  CHECK(rc == 0);
  CHECK(summary.find("state rebuilt from the journal") != std::string::npos);
  const run::LedgerCheck c = final_check(sim, dir + "/state.json");
  CHECK(c.orphans == 0);
  CHECK(c.open_orders_venue == c.live_orders_engine);
  // No duplicate client ids: every id of this run appears once in the engine's state.
  const std::string state = read_file(dir + "/state.json");
  // Live ids: xtb-rs-<epoch>-<seq>, one epoch per start (order_id_allocator.hpp).
  const std::regex re("\"clientOrderId\":\"(xtb-rs-[0-9a-z]+-[0-9]+)\"");
  std::set<std::string> ids;
  int n = 0;
  for (auto it = std::sregex_iterator(state.begin(), state.end(), re); it != std::sregex_iterator(); ++it, ++n)
    ids.insert((*it)[1]);
  CHECK(n > 0);
  CHECK(ids.size() == static_cast<std::size_t>(n));
  std::filesystem::remove_all(dir);
}

TEST_CASE("faults while trading: dropped ack, dropped user events, killed user stream → engine == ledger") {
  const std::string dir = temp_dir();
  simtest::SimProcess sim;
  start_sim(sim, dir, 1500, "20");
  Child xtb;
  std::vector<std::string> a = run_args(sim, {"--set", "engine.run_id=f1", "--set", "engine.reconcile_interval_ms=2000",
                                              "--stop-when-flat", "--stop-at-replay-end", "--duration", "60",
                                              "--state-out", dir + "/state.json"});
  a.erase(std::find(a.begin(), a.end(), "--no-progress"));
  REQUIRE(xtb.start(a, dir, "xtb"));
  REQUIRE_MESSAGE(xtb.wait_err_re("placed [1-9]", 60000), xtb.err());
  {
    simtest::ClientLoop cl(sim.cert());
    simtest::RestClient rest(cl, sim.port());
    for (const char* f : {"type=drop_ack&count=1&path=/fapi/v1/order", "type=drop_event&count=2",
                          "type=kill_connections&target=user"}) {
      const simtest::HttpResult r = rest.request("POST", std::string("/sim/fault?") + f, {}, {});
      CHECK_MESSAGE(r.status == 200, r.body);
    }
  }
  const int rc = xtb.wait(kRunTimeoutMs);
  INFO(xtb.out());
  INFO(xtb.err());
  // Exit 0 includes 0 hot-path allocations: the reconnects the faults force allocate on
  // the ingest/egress threads (new sockets, TLS sessions), but inside cold sections
  // (docs/live-pipeline.md "Allocation policy"), reported apart on the same line. At 20×
  // the replay may run out before both sides are flat: that alone is exit 3 (issue 13).
  CHECK(ok_unless_replay_ran_out(rc, xtb.out()));
  CHECK(zero_hot_allocations(xtb.out()));
  CHECK(xtb.out().find(") complete") != std::string::npos);
  CHECK(xtb.out().find("reconnects 0") == std::string::npos);
  CHECK(sim.wait_log("fault: kill_connections", 1000));
  final_check(sim, dir + "/state.json");
  CHECK(count(sim.log(), "fault: ") >= 2);
  std::filesystem::remove_all(dir);
}

TEST_CASE("SIGTERM mid-close: bounded shutdown cancels this run's slices, protective stops stay, engine == ledger") {
  const std::string dir = temp_dir();
  simtest::SimProcess sim;
  start_sim(sim, dir, 1500, "10");
  Child xtb;
  std::vector<std::string> a = run_args(sim, {"--set", "engine.run_id=st", "--state-out", dir + "/state.json"});
  a.erase(std::find(a.begin(), a.end(), "--no-progress"));
  REQUIRE(xtb.start(a, dir, "xtb"));
  REQUIRE_MESSAGE(xtb.wait_err_re("filled [1-9]", 60000), xtb.err());
  xtb.signal(SIGTERM);
  const int rc = xtb.wait(20000);
  const std::string summary = xtb.out();
  INFO(summary);
  INFO(xtb.err());
  CHECK(rc == 0);
  CHECK(summary.find("stop                 SIGTERM") != std::string::npos);
  CHECK(summary.find("(bound 5000 ms) complete") != std::string::npos);
  const run::LedgerCheck c = final_check(sim, dir + "/state.json");
  // What stays open on the venue are the protective stops (algo orders), at most one per side.
  const std::string dump = read_file(sim.dump_path());
  CHECK(dump.find("\"openOrders\":[]") != std::string::npos);
  CHECK(c.open_orders_venue <= 2);
  std::filesystem::remove_all(dir);
}
