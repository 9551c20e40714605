// test_run_verdict.cpp — issue 13 in isolation: "flat" is every side of every tracked
// symbol (SequencerProgress::all_flat), and the run's closing verdict (run_verdict.hpp)
// fails a run that closed nothing, one the replay ended under, and one stopped with a side
// open; a run that closed every side it started with by its own fills passes. No processes.
#include <doctest/doctest.h>

#include "app/run/run_verdict.hpp"
#include "pipeline/sequencer/sequencer_stage.hpp"

using namespace xtb;
using namespace xtb::run;

namespace {

SymbolReport block(const std::string& name, Qty start_long, Qty left_long, std::uint64_t fills_long, Qty start_short,
                   Qty left_short, std::uint64_t fills_short) {
  SymbolReport b;
  b.name = name;
  b.sides[0].side = PositionSide::Long;
  b.sides[1].side = PositionSide::Short;
  const Qty start[2] = {start_long, start_short}, left[2] = {left_long, left_short};
  const std::uint64_t fills[2] = {fills_long, fills_short};
  for (int i = 0; i < 2; ++i) {
    b.sides[i].start_qty = start[i];
    b.sides[i].start = std::to_string(start[i]);
    b.sides[i].remaining_engine_qty = left[i];
    b.sides[i].remaining_engine = std::to_string(left[i]);
    b.sides[i].exits.fills = fills[i];
  }
  return b;
}

RunReport report(std::string stop, std::vector<SymbolReport> symbols) {
  RunReport r;
  r.stop_reason = std::move(stop);
  r.symbols = std::move(symbols);
  return r;
}

}  // namespace

TEST_CASE("SequencerProgress: flat means every side of every tracked symbol, not only the first symbol's") {
  SequencerProgress p(3);
  REQUIRE(p.symbols() == 3);
  CHECK(p.all_flat());
  p.side(2, 1).remaining.store(5);  // the third symbol's SHORT
  CHECK_FALSE(p.all_flat());
  p.side(0, 0).remaining.store(0);
  p.side(0, 1).remaining.store(0);
  CHECK_FALSE(p.all_flat());  // the first symbol flat does not make the run flat (the bug)
  p.side(2, 1).remaining.store(0);
  CHECK(p.all_flat());
  p.side(1, 0).remaining.store(1);
  CHECK_FALSE(p.all_flat());
  const SequencerProgress none;
  CHECK(none.symbols() == 0);
  CHECK(none.all_flat());
}

TEST_CASE("closing verdict: every side closed by our fills and stopped flat → no problem") {
  const RunReport r = report(kAllFlatReason, {block("SUSHIUSDT", 6, 0, 3, 6, 0, 2), block("CTKUSDT", 9, 0, 1, 9, 0, 1)});
  CHECK(closing_problems(r, true).empty());
  CHECK(closing_problems(r, false).empty());
}

TEST_CASE("closing verdict: no traded symbol held a position (config symbol ≠ the venue's) → nothing to close") {
  const RunReport r = report(kAllFlatReason, {block("BTCUSDT", 0, 0, 0, 0, 0, 0), block("ETHUSDT", 0, 0, 0, 0, 0, 0)});
  const auto p = closing_problems(r, true);
  REQUIRE(p.size() == 1);
  CHECK(p[0].find("nothing to close: no traded symbol (BTCUSDT, ETHUSDT) held a position at start-up") == 0);
  const RunReport empty = report(kAllFlatReason, {});
  REQUIRE(closing_problems(empty, true).size() == 1);
  CHECK(closing_problems(empty, true)[0].find("(none)") != std::string::npos);
}

TEST_CASE("closing verdict: the replay ran out → a failure naming every open side, with or without --stop-when-flat") {
  const RunReport r = report(kReplayEndedReason, {block("SUSHIUSDT", 6, 0, 2, 6, 3, 1), block("KEEPUSDT", 40, 40, 0, 40, 0, 1)});
  for (const bool swf : {true, false}) {
    const auto p = closing_problems(r, swf);
    REQUIRE(p.size() == 1);
    CHECK(p[0] == "the replay ran out before every traded side was flat: SUSHIUSDT SHORT 3 of 6 left, KEEPUSDT LONG 40 of 40 left");
  }
  const RunReport flat = report(kReplayEndedReason, {block("SUSHIUSDT", 6, 0, 2, 6, 0, 1)});
  REQUIRE(closing_problems(flat, false).size() == 1);
  CHECK(closing_problems(flat, false)[0] == "the replay ran out (xtb-sim has no more market data)");
}

TEST_CASE("closing verdict: --duration with a side open fails; an operator's SIGTERM does not; a side closed by others does") {
  const RunReport dur = report("duration reached", {block("SUSHIUSDT", 6, 2, 2, 6, 0, 1)});
  REQUIRE(closing_problems(dur, true).size() == 1);
  CHECK(closing_problems(dur, true)[0] == "stopped (duration reached) before every traded side was flat: SUSHIUSDT LONG 2 of 6 left");
  CHECK(closing_problems(dur, false).empty());  // without --stop-when-flat closing was not the job
  CHECK(closing_problems(report("SIGTERM", {block("SUSHIUSDT", 6, 2, 2, 6, 0, 1)}), true).empty());
  const RunReport others = report(kAllFlatReason, {block("SUSHIUSDT", 6, 0, 0, 6, 0, 1)});
  REQUIRE(closing_problems(others, true).size() == 1);
  CHECK(closing_problems(others, true)[0] == "SUSHIUSDT LONG held 6 at start-up and no fill of ours closed it");
}
