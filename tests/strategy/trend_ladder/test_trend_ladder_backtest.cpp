// test_trend_ladder_backtest.cpp — `trend_ladder` end to end: run_backtest (xtb backtest's
// engine) on the real BTCUSDT capture against the simulated Binance USD-M venue, through
// the registry (strategies: kind trend_ladder). Asserted: it traded (entries filled, TPs
// placed and filled), every TP the venue saw was a closing (reduce-only) SELL LONG, the coverage held
// when shutdown began (|position| == Σ TP leaves), nothing was dropped or declared
// imbalanced, and the engine agrees with the venue (positions, open orders, fill ledger,
// shutdown barrier). A run that traded nothing fails.
#include <doctest/doctest.h>

#include "scenarios/scenario_fixture.hpp"
#include "strategy/registry.hpp"
#include "strategy/trend_ladder/trend_ladder.hpp"

using namespace xtb;
using namespace xtb::scen;

TEST_CASE("trend_ladder on the real capture: entries fill, TPs placed and filled, coverage held, engine == venue") {
  const TempAccount acct("hedge_mode: true\nwallet: \"100000\"\nsymbols: [{symbol: BTCUSDT, leverage: 10}]\n");
  BacktestOptions o = options();
  o.account = acct.path;
  strategy::StrategySpec spec;
  spec.kind = "trend_ladder";
  spec.venue = xtb::binance::kVenueId;
  spec.symbols = {"BTCUSDT"};
  spec.params = {
      {"qty", "0.002"},  {"tp", "3"},        {"levels", "3"},    {"grid_step", "1"},      {"max_orders", "12"},
      {"min_wait", "2"}, {"base_wait", "4"}, {"max_wait", "10"}, {"requote_ticks", "30"}, {"requote_wait_confirm", "2"},
      {"env", "false"}};
  o.setup = [spec](const SymbolTable& t) { return strategy::make_strategy_setup(spec, t); };
  strategy::TrendLadderStats st{};
  o.inspect = [&](const SequencerStage& seq, const SymbolTable&) {
    const strategy::TrendLadder* tl = strategy::as_trend_ladder(seq.strategy());
    REQUIRE(tl != nullptr);
    st = tl->stats();
  };
  const ScenarioRun run = scen::run(o);
  MESSAGE(strategy::trend_ladder_summary(st));
  MESSAGE(format_report(run.report));
  CHECK(run.report.decode_errors == 0);
  CHECK(st.entries_placed > 0);
  CHECK(st.entry_fills > 0);
  CHECK(st.tps_placed > 0);
  CHECK(st.tps_filled > 0);
  CHECK(st.tp_fill_qty > 0);
  CHECK(st.coverage_checks > 0);
  CHECK(st.tps_dropped == 0);
  CHECK(st.tps_ended_other == 0);  // every TP filled, or was cancelled by the shutdown
  CHECK(st.tps_placed == st.tps_filled + st.tps_ended_at_stop);
  CHECK(st.imbalances_confirmed == 0);
  CHECK(st.gaps_seen == 0);  // every fill's TP went out with it: coverage never broke
  CHECK(st.surplus_cancels == 0);
  REQUIRE(st.end_seen);
  CHECK(st.end_position == st.end_covered);  // the invariant when shutdown began
  // What the venue saw: entries BUY LONG (never reduce-only), TPs SELL LONG reduce-only.
  int tps = 0, entries = 0;
  for (const SliceRecord& s : run.log->slices(PositionSide::Long)) {
    if (s.side == Side::Sell) {
      ++tps;
      CHECK((s.reduce_only || s.hedge_close));  // hedge mode: SELL LONG is the venue's reduce-only close
    } else {
      ++entries;
      CHECK_FALSE((s.reduce_only || s.hedge_close));
    }
  }
  CHECK(entries == static_cast<int>(st.entries_placed));
  CHECK(tps == static_cast<int>(st.tps_placed));
  CHECK(run.log->slices(PositionSide::Short).empty());
  CHECK(run.report.side_violations == 0);
  if (run.report.alloc_guard) CHECK(run.report.hot_allocations == 0);  // no allocation on the hot path
  CHECK(run.report.positions_agree);
  CHECK(run.report.orders_agree);
  CHECK(run.report.ledger_agree);
  CHECK(run.report.barrier_clean);
  CHECK(run.report.agree);
}
