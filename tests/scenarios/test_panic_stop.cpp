// test_panic_stop.cpp — risk scenarios asserted from the simulated venue's order log:
//  * panic tier: a LONG close to its liquidation price (isolated, 20×, entry ~2 % above the
//    capture's first mid) is sliced by the tier's slice_ratio, back to back (signals are
//    throttled to one per hour here), with TTL = order_ttl_ms × ttl_percent, maker first
//    and then aggressive per the tier's maker_timeouts_to_escalate;
//  * protective stop: per open side one exchange-side STOP_MARKET closePosition
//    workingType=MARK_PRICE (SELL for LONG, BUY for SHORT) with the stable client id
//    xtb-ps.<L|S>.BTCUSDT-<seq>, at liq / (1 − d) (LONG) / liq / (1 + d) (SHORT), open
//    whenever the side trades, cancelled once the side is flat.
#include <algorithm>
#include <cmath>

#include "scenarios/scenario_fixture.hpp"

using namespace xtb;
using namespace xtb::scen;

namespace {

double pow10(int n) { return std::pow(10.0, n); }
double px_value(const SymbolRules& r, Price p) { return static_cast<double>(p * r.price.units) / pow10(r.price.decimals); }

/// Smallest quantity (steps) ≥ minQty whose notional at `px` is ≥ MIN_NOTIONAL.
Qty min_place(const SymbolRules& r, Price px) {
  for (Qty q = r.min_qty;; ++q) {
    const __int128 lhs = static_cast<__int128>(px) * r.price.units * q * r.qty.units * 100'000'000;
    const __int128 rhs = static_cast<__int128>(r.min_notional) *
                         static_cast<__int128>(std::llround(pow10(r.price.decimals + r.qty.decimals)));
    if (lhs >= rhs) return q;
  }
}

/// The protective stop of `ps`: its placement, price, flags and life against the side's
/// fills. Returns the number of stops of the side.
int check_protective_stop(const ScenarioRun& run, PositionSide ps, const std::string& liq_text, double d) {
  const SymbolRules rules = btc_rules();
  const bool is_long = ps == PositionSide::Long;
  const std::string prefix = is_long ? "xtb-ps.L.BTCUSDT-" : "xtb-ps.S.BTCUSDT-";
  std::vector<StopRecord> mine;
  for (const StopRecord& s : run.log->stops())
    if (s.ps == ps) mine.push_back(s);
  REQUIRE(!mine.empty());
  const double tick = px_value(rules, 1);
  const double liq = std::stod(liq_text);
  const double want = is_long ? std::ceil(liq / (1.0 - d) / tick - 1e-6) : std::floor(liq / (1.0 + d) / tick + 1e-6);
  for (const StopRecord& s : mine) {
    CHECK(s.type == OrderType::StopMarket);
    CHECK(s.close_position);
    CHECK(s.working == WorkingType::MarkPrice);
    CHECK(s.side == (is_long ? Side::Sell : Side::Buy));
    CHECK_MESSAGE(s.client_id.rfind(prefix, 0) == 0, s.client_id);
    CHECK(std::fabs(static_cast<double>(s.stop_px) - want) <= 1.0);
    MESSAGE(s.client_id << " stop " << px_value(rules, s.stop_px) << " (liq " << liq_text << ") open " << s.create_ms
                        << ".." << s.end_ms << " state " << static_cast<int>(s.end_state));
  }
  // Open whenever the side traded: every fill of the side happened under an open stop.
  for (const SliceRecord& sl : run.log->slices(ps)) {
    if (sl.fills == 0) continue;
    bool covered = false;
    for (const StopRecord& s : mine)
      covered |= s.create_ms <= sl.first_fill_ms && (s.end_ms < 0 || s.end_ms >= sl.first_fill_ms);
    CHECK_MESSAGE(covered, sl.client_id << " filled at " << sl.first_fill_ms << " without a protective stop");
  }
  // Cancelled once flat (and not before).
  const EpochMs flat = run.log->flat_time(ps);
  if (flat >= 0) {
    const StopRecord& last = mine.back();
    CHECK(last.end_state == sim::AlgoState::Canceled);
    CHECK(last.end_ms >= flat);
    CHECK(last.end_ms - flat <= 2 * kTimerMs);
    for (const StopRecord& s : mine) CHECK(s.end_ms >= 0);  // none left at the venue
  }
  return static_cast<int>(mine.size());
}

}  // namespace

TEST_CASE("protective stop: one STOP_MARKET closePosition MARK_PRICE per open side, stable id, cancelled once flat") {
  const ScenarioRun run = scen::run(options());
  check_common(run);
  const BacktestReport& r = run.report;
  for (int i = 0; i < 2; ++i) {
    const PositionSide ps = i == 0 ? PositionSide::Long : PositionSide::Short;
    REQUIRE(run.log->flat_time(ps) >= 0);  // the default run closes both sides
    const int n = check_protective_stop(run, ps, i == 0 ? r.liq_long : r.liq_short, 0.01);
    CHECK(r.sides[i].stats.stop_placed == static_cast<std::uint64_t>(n));
    CHECK(r.sides[i].stats.stop_cancelled >= 1);
  }
  CHECK(r.venue_open_orders == 0);
}

TEST_CASE("panic tier: a LONG near liquidation is sliced by slice_ratio with TTL × ttl_percent, without waiting for signals") {
  const SymbolRules rules = btc_rules();
  // Isolated 20×: liq ≈ entry × (1 − 1/20) / (1 − mmr 0.004) ≈ 0.954 × entry. Entry 63100
  // puts the liquidation near 60180, i.e. dist_to_liq ≈ 2.6 % at the first mid (~61790):
  // inside the 0.03 tier (slice_ratio 0.05), outside the 0.02 one.
  const TempAccount acct(
      "hedge_mode: true\nwallet: \"100000\"\n"
      "symbols: [{symbol: BTCUSDT, leverage: 20, margin_type: ISOLATED}]\n"
      "positions: [{symbol: BTCUSDT, side: LONG, amount: \"0.500\", entry_price: \"63100\"}]\n");
  // The soft zone (liq_distance_threshold) below the panic tiers, as in seed 002's defaults:
  // entering it switches the side to AGGRESSIVE_LIMIT (review row 31), which would hide the
  // panic tier's own maker-first rotation asserted below.
  BacktestOptions o = options({btc("execution.min_signal_interval_ms", "3600000"), btc("risk.liq_distance_threshold", "0.01")});
  o.account = acct.path;
  const ScenarioRun run = scen::run(o);
  check_common(run);
  const BacktestReport& r = run.report;
  const SideReport& lr = r.sides[0];
  REQUIRE(!run.log->marks.empty());
  const double mark0 = px_value(rules, run.log->marks.front().mark);
  const double dist0 = (mark0 - std::stod(r.liq_long)) / mark0;
  MESSAGE("liq " << r.liq_long << " first mark " << mark0 << " dist_to_liq " << dist0 << " panic events "
                 << lr.stats.panic_events << " panic slices " << lr.stats.panic_slices << " placed "
                 << lr.stats.slices_placed << " remaining " << lr.remaining_venue);
  REQUIRE(dist0 <= 0.03);
  REQUIRE(dist0 > 0.02);
  CHECK(lr.stats.panic_events >= 1);

  const EpochMs panic_ttl = kTtlMs / 2;  // order_ttl_ms 3000 × ttl_percent 0.5
  const auto slices = run.log->slices(PositionSide::Long);
  int sized = 0, ttl_cancels = 0;
  EpochMs max_gap = 0;
  for (std::size_t i = 0; i < slices.size(); ++i) {
    const SliceRecord& s = slices[i];
    // Size: max(|position| × 0.05 rounded down to the step, the smallest placeable qty),
    // the whole remainder when that or the tail is not placeable.
    const Qty pos = run.log->position_before(PositionSide::Long, s.create_seq, lr.start_qty);
    const Qty floor_place = min_place(rules, s.px);
    Qty want = std::max<Qty>(pos * 5 / 100, floor_place);
    if (pos <= floor_place || pos - want < floor_place) want = pos;
    CHECK_MESSAGE(s.qty == want, s.client_id << " qty " << s.qty << " position " << pos << " want " << want);
    sized += s.qty == want;
    // TTL = order_ttl_ms × ttl_percent.
    if (s.end_exec == ExecType::Canceled && i + 1 < slices.size()) {
      ++ttl_cancels;
      CHECK(s.end_ms - s.create_ms >= panic_ttl);
      CHECK(s.end_ms - s.create_ms <= panic_ttl + 2 * kTimerMs);
    }
    // Back to back: the next panic slice follows the previous one's end after the cooldown
    // (100 ms) and a timer tick, not after a signal (throttled to one per hour here). The
    // bound leaves room for the sequencer's timer running on event time.
    if (i + 1 < slices.size() && s.end_ms >= 0) {
      const EpochMs gap = slices[i + 1].create_ms - s.end_ms;
      max_gap = std::max(max_gap, gap);
      CHECK_MESSAGE(gap <= 1000, slices[i + 1].client_id << " placed " << gap << " ms after the previous slice ended");
    }
  }
  MESSAGE("LONG slices " << slices.size() << ", sized by slice_ratio " << sized << ", TTL cancels " << ttl_cancels
                        << ", longest pause between slices " << max_gap << " ms");
  CHECK(slices.size() >= 5);
  // Every panic slice the closer sent is at the venue, but for post-only rejects (-5022
  // orders never exist as venue records).
  CHECK(lr.stats.panic_slices == slices.size() + lr.stats.gtx_rejects);
  CHECK(lr.stats.signals[static_cast<int>(strategy::SignalReason::Panic)] == lr.stats.panic_slices);
  CHECK(lr.stats.signals[static_cast<int>(strategy::SignalReason::LongPrimary)] == 0);
  CHECK(lr.stats.signals[static_cast<int>(strategy::SignalReason::LongBidImprove)] == 0);
  // Tier rotation: maker first, 2 maker misses → aggressive (the tier's maker_timeouts_to_escalate).
  const RotationResult m = check_rotation(slices, Rotation{2, 1, 2});
  MESSAGE("panic rotation: esc " << m.escalations << " de-esc " << m.deesc_by_fills << " mismatches " << m.mismatches << " "
                                 << m.first_mismatch);
  CHECK(m.mismatches == 0);
  check_protective_stop(run, PositionSide::Long, r.liq_long, 0.01);
}
