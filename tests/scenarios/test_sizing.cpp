// test_sizing.cpp — slice sizing and reduce-only scenarios, asserted from the simulated
// venue's order log: every slice is an integral number of venue steps, at most what is
// left of the side, never below the smallest placeable quantity (minQty and MIN_NOTIONAL
// at its price) unless it is the whole remainder, at most max_order_notional, and at least
// min_qty × base_lot_mult (roi/accel multipliers only raise it); nothing ever opens or
// increases a position and the venue's fill ledger closes exactly what the sides lost.
#include <algorithm>
#include <cmath>
#include <map>

#include "scenarios/scenario_fixture.hpp"

using namespace xtb;
using namespace xtb::scen;

namespace {

/// notional × 1e8 (Amount) of `q` steps at `px` ticks.
Amount notional(const SymbolRules& r, Price px, Qty q) {
  const __int128 v = static_cast<__int128>(px) * r.price.units * q * r.qty.units * 100'000'000;
  return static_cast<Amount>(v / static_cast<__int128>(std::llround(std::pow(10.0, r.price.decimals + r.qty.decimals))));
}

Qty min_place(const SymbolRules& r, Price px) {
  Qty q = r.min_qty;
  while (notional(r, px, q) < r.min_notional) ++q;
  return q;
}

struct SizeStats {
  int slices = 0, whole_remainder = 0;
  std::map<Qty, int> by_qty;
  Qty most_common() const {
    Qty best = 0;
    int n = 0;
    for (auto [q, c] : by_qty)
      if (c > n) { best = q; n = c; }
    return best;
  }
};

// The sizing rules per slice of one side (one live slice per side outside panic: the
// remaining position at creation is the position before it).
SizeStats check_sizes(const ScenarioRun& run, PositionSide ps, Qty start, Qty base_min, Amount cap) {
  const SymbolRules rules = btc_rules();
  SizeStats st;
  for (const SliceRecord& s : run.log->slices(ps)) {
    ++st.slices;
    ++st.by_qty[s.qty];
    const Qty left = run.log->position_before(ps, s.create_seq, start);
    const Qty floor_place = min_place(rules, s.px);
    CHECK_MESSAGE(s.qty <= left, s.client_id << " qty " << s.qty << " > remaining " << left);
    if (s.qty == left && left <= std::max(floor_place, base_min)) {
      ++st.whole_remainder;  // the whole remainder (exempt from MIN_NOTIONAL when reduce-only)
      continue;
    }
    CHECK_MESSAGE(s.qty >= floor_place, s.client_id << " qty " << s.qty << " below the placeable " << floor_place);
    CHECK(s.qty >= rules.min_qty);
    CHECK(notional(rules, s.px, s.qty) >= rules.min_notional);
    if (cap > 0) CHECK_MESSAGE(notional(rules, s.px, s.qty) <= cap, s.client_id << " qty " << s.qty << " over the cap");
    // base_lot_mult × min_qty is the floor of a signal slice (roi/accel ≥ 1), unless the
    // cap or the remainder forbids it.
    if (cap == 0 || notional(rules, s.px, base_min) <= cap) CHECK_MESSAGE(s.qty >= std::min(base_min, left), s.client_id);
    // A tail below the placeable minimum is never left behind.
    if (s.qty < left) CHECK_MESSAGE(left - s.qty >= floor_place, s.client_id << " leaves dust " << left - s.qty);
  }
  return st;
}

}  // namespace

TEST_CASE("sizing: base_lot_mult × min_qty slices, never above the remaining position, never below min qty/notional") {
  const ScenarioRun run = scen::run(options({btc("execution.base_lot_mult", "5")}));
  check_common(run);
  for (int i = 0; i < 2; ++i) {
    const PositionSide ps = i == 0 ? PositionSide::Long : PositionSide::Short;
    const SizeStats st = check_sizes(run, ps, run.report.sides[i].start_qty, 5, 1000 * kAmountScale);
    MESSAGE(std::string(i == 0 ? "LONG" : "SHORT") << ": slices " << st.slices << ", most common qty " << st.most_common()
                                                  << " steps, whole remainder " << st.whole_remainder);
    CHECK(st.most_common() == 5);  // 0.005 BTC = 0.001 × base_lot_mult 5 (roi/accel tiers rarely met)
    CHECK(run.report.sides[i].remaining_venue_qty == 0);
  }
}

TEST_CASE("sizing: max_order_notional caps every slice (base_lot_mult 10 → 0.010 BTC ≈ 618 USDT, cap 200 USDT)") {
  const ScenarioRun run = scen::run(options({btc("execution.base_lot_mult", "10"), btc("execution.max_order_notional", "200")}));
  check_common(run);
  for (int i = 0; i < 2; ++i) {
    const PositionSide ps = i == 0 ? PositionSide::Long : PositionSide::Short;
    const SizeStats st = check_sizes(run, ps, run.report.sides[i].start_qty, 10, 200 * kAmountScale);
    MESSAGE(std::string(i == 0 ? "LONG" : "SHORT") << ": slices " << st.slices << ", most common qty " << st.most_common()
                                                  << " steps");
    CHECK(st.most_common() == 3);  // floor(200 USDT / ~61 800) = 0.003 BTC
    CHECK(st.slices >= 16);        // 0.048 BTC in ≤ 0.003 BTC slices
  }
}

TEST_CASE("reduce-only: every venue order closes its hedge side, no position grows, the ledger closes what the sides lost") {
  const ScenarioRun run = scen::run(options());
  check_common(run);  // SELL+LONG / BUY+SHORT only, closing orders, positions never grow, ledger == log
  const BacktestReport& r = run.report;
  for (int i = 0; i < 2; ++i) {
    const PositionSide ps = i == 0 ? PositionSide::Long : PositionSide::Short;
    // Σ fills of the side in the log == start − remaining at the venue, == the ledger's sum.
    Qty filled = 0;
    for (const OrderEvent& e : run.log->orders)
      if (e.r.exec == ExecType::Trade && e.r.order.spec.position_side == ps) filled += e.r.last_qty;
    CHECK(filled == r.sides[i].start_qty - r.sides[i].remaining_venue_qty);
    CHECK(filled == r.sides[i].ledger_qty);
    // Never more working than the position: at every NEW, the side's open orders' leaves
    // plus the new order's quantity ≤ the position.
    std::map<std::string, Qty> open;
    Qty pos = r.sides[i].start_qty;
    for (const OrderEvent& e : run.log->orders) {
      const sim::SimOrder& o = e.r.order;
      if (o.spec.position_side != ps || o.spec.algo || o.parent != sim::kNilIndex) continue;
      const std::string id(o.spec.client_id.view());
      if (e.r.exec == ExecType::New) {
        Qty working = 0;
        for (auto& [k, q] : open) working += q;
        CHECK_MESSAGE(working + o.spec.qty <= pos, id << " would over-close: working " << working << " + " << o.spec.qty
                                                      << " > " << pos);
        open[id] = o.spec.qty;
      } else if (e.r.exec == ExecType::Trade) {
        pos -= e.r.last_qty;
        open[id] = o.remaining();
        if (o.remaining() == 0) open.erase(id);
      } else {
        open.erase(id);
      }
    }
    CHECK(pos == r.sides[i].remaining_venue_qty);
  }
}
