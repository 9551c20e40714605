// test_run_layouts.cpp — issue 16: `xtb run` in every layout (pipeline.layout compact / split
// / pinned / auto, core/layout.hpp), the demo's closer against xtb-sim on the real BTCUSDT
// capture. Every layout must reach the same result: exit 0, both sides closed with fills of
// ours, engine == the simulator's ledger, 0 hot-path allocations, and the venue's final
// positions identical to the other layouts'. The three wait modes are spread over the
// layouts (compact busy-spin is the small-host production setting). No timing is asserted.
#include <doctest/doctest.h>

#include <filesystem>
#include <regex>
#include <string>
#include <vector>

#include "app/run/run_config.hpp"
#include "core/layout.hpp"
#include "run_harness.hpp"

using namespace xtb;
using namespace xtb::runtest;

namespace {

constexpr int kRunTimeoutMs = 90'000;

struct LayoutResult {
  std::string positions;  ///< the venue's final BTCUSDT positions "LONG=<amt> SHORT=<amt>"
  int long_fills = 0, short_fills = 0;
};

/// The simulator dump's open BTCUSDT positions ("LONG=0.008 SHORT=-0.008 "), in dump order.
std::string final_positions(const std::string& dump) {
  const std::regex re("\"symbol\":\"BTCUSDT\",\"positionSide\":\"(LONG|SHORT)\",\"positionAmt\":\"([^\"]+)\"");
  std::string out;
  for (auto it = std::sregex_iterator(dump.begin(), dump.end(), re); it != std::sregex_iterator(); ++it)
    out += (*it)[1].str() + "=" + (*it)[2].str() + " ";
  return out;
}

/// One `xtb run` with `layout` / `wait` against a fresh xtb-sim; CHECKs the run on its own
/// and returns what the layouts are compared on. `started` is the layout line expected on
/// stderr.
LayoutResult run_in_layout(const std::string& layout, const std::string& wait, const std::string& run_id,
                           const std::string& started) {
  CAPTURE(layout);
  CAPTURE(wait);
  const std::string dir = temp_dir();
  simtest::SimProcess sim;
  start_sim(sim, dir, 500, "30");
  const ChildResult x = run_child(run_args(sim, {"--set", "pipeline.layout=" + layout, "--set", "pipeline.wait=" + wait,
                                                  "--set", "engine.run_id=" + run_id, "--stop-when-flat",
                                                  "--stop-at-replay-end", "--duration", "60", "--sim-check",
                                                  "--state-out", dir + "/state.json"}),
                                  dir, "xtb", kRunTimeoutMs);
  const std::string& summary = x.out;
  INFO(summary);
  INFO(x.err);
  CHECK(x.rc == 0);
  CHECK(x.err.find("xtb run: " + started) != std::string::npos);  // the layout it ran in
  CHECK(summary.find("ENGINE AND VENUE AGREE") != std::string::npos);
  CHECK(zero_hot_allocations(summary));
  CHECK(summary.find("RUN FAILED") == std::string::npos);
  final_check(sim, dir + "/state.json");  // engine state == the simulator's ledger
  const std::string dump = read_file(sim.dump_path());
  LayoutResult r;
  r.positions = final_positions(dump);
  const auto [l, s] = fills_by_side(dump, "xtb-" + run_id + "-");
  r.long_fills = l;
  r.short_fills = s;
  std::filesystem::remove_all(dir);
  return r;
}

}  // namespace

TEST_CASE("every layout closes the capture's position with the same venue result (engine == ledger, 0 hot allocs)") {
  const LayoutResult compact =
      run_in_layout("compact", "busy-spin", "lcompact", "layout compact (1 hot thread), busy-spin wait");
  const LayoutResult split =
      run_in_layout("split", "adaptive", "lsplit", "layout split (2 hot threads), adaptive wait");
  const LayoutResult pinned =
      run_in_layout("pinned", "blocking", "lpinned", "layout pinned (4 hot threads), blocking wait");
  // auto: the choice by this process's affinity mask, printed at start.
  const std::string chosen = resolve_layout(LayoutKind::Auto, available_cpus()).description;
  const LayoutResult autol = run_in_layout("auto", "blocking", "lauto", chosen + ", blocking wait");
  for (const LayoutResult* r : {&compact, &split, &pinned, &autol}) {
    CHECK(r->positions == compact.positions);  // the same final venue positions in every layout
    CHECK(r->long_fills > 0);                  // both sides closed by orders of this run
    CHECK(r->short_fills > 0);
  }
  // Closed means flat: the venue's dump lists open positions only (xtb-sim state_dump.cpp),
  // and the account started LONG 0.008 / SHORT -0.008 BTCUSDT (btc_account_yaml(500)).
  CHECK_MESSAGE(compact.positions.empty(), compact.positions);
}

TEST_CASE("pipeline.layout errors in an xtb run config name file:line:col and the field") {
  const std::string dir = temp_dir();
  const std::string bad = dir + "/layout.yaml";
  write_file(bad,
             "symbols:\n"
             "  BTCUSDT: {}\n"
             "pipeline:\n"
             "  layout: sideways\n");
  const std::string t = run::load_run_config(bad).error_text();
  CHECK_MESSAGE(t.find(bad + ":4:11: pipeline.layout: 'pipeline.layout' must be compact, split, pinned or auto, got "
                             "'sideways'") != std::string::npos,
                t);
  write_file(bad,
             "symbols:\n"
             "  BTCUSDT: {}\n"
             "pipeline:\n"
             "  layout: compact\n"
             "  cpus: { ingest: 1, egress: 1 }\n");
  const std::string u = run::load_run_config(bad).error_text();
  CHECK_MESSAGE(std::regex_search(u, std::regex(bad + ":5:[0-9]+: pipeline\\.cpus\\.egress: 'pipeline\\.cpus\\.egress' has "
                                                      "no effect: layout compact runs egress on the ingest thread")),
                u);
  write_file(bad, "symbols:\n  BTCUSDT: {}\npipeline:\n  layout: split\n  wait: adaptive\n");
  const auto ok = run::load_run_config(bad);
  CHECK_MESSAGE(ok.ok(), ok.error_text());  // xtb run accepts every layout now
  CHECK(ok.config.pipeline.layout == LayoutKind::Split);
  CHECK(ok.config.pipeline.wait == WaitMode::Adaptive);
  std::filesystem::remove_all(dir);
}
