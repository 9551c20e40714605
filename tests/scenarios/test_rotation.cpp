// test_rotation.cpp — mode rotation scenarios (seed 002: MAKER_ONLY ↔ AGGRESSIVE_LIMIT),
// asserted from the simulated venue's order log: the TIF of every slice the venue
// accepted (GTX = MAKER_ONLY, GTC = AGGRESSIVE_LIMIT) must be what the rotation rules
// prescribe given the venue's outcome of the side's previous slices (check_rotation),
// and aggressive slices are priced at the touch (a GTC SELL at the best bid / BUY at the
// best ask takes liquidity at its own limit price in the call that created it).
#include "scenarios/scenario_fixture.hpp"

using namespace xtb;
using namespace xtb::scen;

namespace {

constexpr PositionSide kSides[] = {PositionSide::Long, PositionSide::Short};

// Every GTC slice was priced at the touch: its first fill is a taker fill at its own limit
// price in the call that created it (a SELL below the best bid would fill at the bid,
// above it would rest).
void check_aggressive_at_touch(const std::vector<SliceRecord>& slices, int& n_aggr) {
  for (const SliceRecord& s : slices) {
    if (s.tif != TimeInForce::GTC) continue;
    ++n_aggr;
    CHECK_MESSAGE(s.first_fill_taker, s.client_id);
    CHECK_MESSAGE(s.first_fill_px == s.px, s.client_id);
  }
}

void report_rotation(const char* what, const RotationResult& m) {
  MESSAGE(std::string(what) << ": slices " << m.slices << " esc " << m.escalations << " de-esc fills " << m.deesc_by_fills
               << " de-esc timeouts " << m.deesc_by_timeouts << " partial resets " << m.partial_resets
               << " mismatches " << m.mismatches << " " << m.first_mismatch);
}

}  // namespace

TEST_CASE("escalation and de-escalation by fills: maker slices that time out escalate, an aggressive fill de-escalates") {
  // Maker price ≥ best bid + 300 ticks (SELL) / ≤ best ask − 300 ticks (BUY): maker slices
  // mostly time out, so the rotation runs many times in 5.7 minutes.
  const ScenarioRun run = scen::run(options({btc("execution.maker_safety_ticks", "300")}));
  check_common(run);
  int esc = 0, deesc = 0, aggr = 0;
  for (PositionSide ps : kSides) {
    const auto slices = run.log->slices(ps);
    const RotationResult m = check_rotation(slices, Rotation{2, 1, 2});
    report_rotation(ps == PositionSide::Long ? "LONG" : "SHORT", m);
    CHECK(m.mismatches == 0);
    esc += m.escalations;
    deesc += m.deesc_by_fills;
    check_aggressive_at_touch(slices, aggr);
    // The closer's own counters agree with what the venue shows.
    const SideReport& sr = run.report.sides[ps == PositionSide::Long ? 0 : 1];
    CHECK(sr.stats.escalations == static_cast<std::uint64_t>(m.escalations));
    CHECK(sr.stats.deescalations == static_cast<std::uint64_t>(m.deesc_by_fills + m.deesc_by_timeouts));
  }
  CHECK(esc >= 4);
  CHECK(deesc >= 4);
  CHECK(aggr >= 4);
}

TEST_CASE("rotation thresholds come from the config: 3 maker misses to escalate, 2 aggressive fills to de-escalate") {
  const ScenarioRun run = scen::run(options({btc("execution.maker_safety_ticks", "300"),
                                             btc("execution.maker_timeouts_to_escalate", "3"),
                                             btc("execution.aggr_fills_to_deescalate", "2")}));
  check_common(run);
  int esc = 0, deesc = 0, aggr = 0;
  for (PositionSide ps : kSides) {
    const auto slices = run.log->slices(ps);
    const RotationResult m = check_rotation(slices, Rotation{3, 2, 2});
    report_rotation(ps == PositionSide::Long ? "LONG" : "SHORT", m);
    CHECK(m.mismatches == 0);
    esc += m.escalations;
    deesc += m.deesc_by_fills;
    check_aggressive_at_touch(slices, aggr);
    // The same slices do not fit the default thresholds (the check can tell them apart).
    if (m.escalations > 0) CHECK(check_rotation(slices, Rotation{2, 1, 2}).mismatches > 0);
  }
  CHECK(esc >= 2);
  CHECK(deesc >= 2);
}

TEST_CASE("de-escalation by aggressive timeouts: consecutive aggressive TTLs without fill return to MAKER_ONLY") {
  // Aggressive fills never de-escalate here (0 disables the rule); with 200 ms order-entry
  // latency a GTC slice priced at the touch the strategy saw can miss a market that moved
  // away, rest and time out.
  BacktestOptions o = options({btc("execution.maker_safety_ticks", "300"), btc("execution.maker_timeouts_to_escalate", "1"),
                               btc("execution.aggr_fills_to_deescalate", "0"),
                               btc("execution.aggr_timeouts_to_deescalate", "2")});
  o.latency_us = 200'000;
  const ScenarioRun run = scen::run(o);
  check_common(run);
  int deesc = 0;
  for (PositionSide ps : kSides) {
    const RotationResult m = check_rotation(run.log->slices(ps), Rotation{1, 0, 2});
    report_rotation(ps == PositionSide::Long ? "LONG" : "SHORT", m);
    CHECK(m.mismatches == 0);
    CHECK(m.deesc_by_fills == 0);
    deesc += m.deesc_by_timeouts;
  }
  CHECK(deesc >= 1);
}

TEST_CASE("the shipped configuration: every slice's TIF follows the rotation rules, aggressive slices at the touch") {
  const ScenarioRun run = scen::run(options());
  check_common(run);
  int aggr = 0, esc = 0;
  for (PositionSide ps : kSides) {
    const auto slices = run.log->slices(ps);
    const RotationResult m = check_rotation(slices, Rotation{2, 1, 2});
    report_rotation(ps == PositionSide::Long ? "LONG" : "SHORT", m);
    CHECK(m.mismatches == 0);
    esc += m.escalations;
    check_aggressive_at_touch(slices, aggr);
  }
  CHECK(esc >= 1);
  CHECK(aggr >= 1);
}

TEST_CASE("partial fill resets the maker timeout count: miss, partial fill then TTL, miss does not escalate") {
  // A large position (300 000 USDT a side, ~4.9 BTC) in 0.1 BTC maker slices: some rest at
  // the touch, fill partly and time out. Maker price at the shipped safety (1 tick).
  BacktestOptions o = options({btc("execution.base_lot_mult", "100"), btc("execution.max_order_notional", "0"),
                               btc("execution.max_mult", "10000")});
  o.notional_usdt = 300'000;
  o.wallet_usdt = 1'000'000;
  const ScenarioRun run = scen::run(o);
  check_common(run);
  int resets = 0, partial_ttl = 0, wrong_rule_mismatches = 0;
  for (PositionSide ps : kSides) {
    const auto slices = run.log->slices(ps);
    const RotationResult m = check_rotation(slices, Rotation{2, 1, 2});
    report_rotation(ps == PositionSide::Long ? "LONG" : "SHORT", m);
    CHECK(m.mismatches == 0);
    resets += m.partial_resets;
    for (const SliceRecord& s : slices)
      partial_ttl += s.tif == TimeInForce::PostOnly && s.filled > 0 && s.filled < s.qty && s.end_exec == ExecType::Canceled;
    // Counting a partially filled timeout as a miss would predict an escalation the venue
    // never saw: the log tells the two rules apart.
    Rotation wrong{2, 1, 2};
    wrong.partial_is_miss = true;
    wrong_rule_mismatches += check_rotation(slices, wrong).mismatches;
  }
  MESSAGE("maker slices partly filled then cancelled " << partial_ttl << ", of which reset a miss " << resets);
  CHECK(partial_ttl >= 1);
  CHECK(resets >= 1);
  CHECK(wrong_rule_mismatches >= 1);
}
