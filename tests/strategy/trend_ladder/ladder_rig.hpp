// ladder_rig.hpp — a TrendLadder on the closer fixture's EngineRig (tests/strategy/
// closer_fixture.hpp: the real OrderManager / RiskGate / PositionBook and the venue's
// answers), with the test parameters, book/timer helpers and the invariant every test
// re-checks: the take-profits never exceed the position (no TP can open the other side).
// Symbol 0 "BTCUSDT": tick 0.10 (600000 ticks = 60000.0), step 0.001 (2 steps = 0.002).
// Thread: test thread only.
#pragma once
#include <doctest/doctest.h>

#include "closer_fixture.hpp"
#include "strategy/trend_ladder/trend_ladder.hpp"

namespace xtb::strategy::test {

inline constexpr std::int64_t kSec = 1'000 * kMs;

/// Long ladder: qty 2 steps, TP 50 ticks (5.0), one rung, 1 s pacing, requote at 5 ticks.
inline TrendLadderParams ladder_params(LadderDirection d = LadderDirection::Long) {
  TrendLadderParams p;
  p.symbol = kBtc;
  p.direction = d;
  p.qty = 2;
  p.tp_offset = 50;
  p.max_orders = 10;
  p.levels = 1;
  p.entry_offset = 1;
  p.base_wait_ns = 4 * kSec;
  p.min_wait_ns = 1 * kSec;
  p.max_wait_ns = 10 * kSec;
  p.requote_ticks = 5;
  p.requote_confirm_ns = 1 * kSec;
  p.requote_backoff_ns = 2 * kSec;
  p.requote_backoff_max_ns = 8 * kSec;
  p.repair_max = 3;
  p.repair_window_ns = 60 * kSec;
  p.tp_verify_ns = 2 * kSec;
  return p;
}

struct LadderRig : EngineRig {
  TrendLadder tl;
  explicit LadderRig(const TrendLadderParams& p = ladder_params(), bool net = false)
      : EngineRig(&tl), tl(context(net), p) {
    driven = &tl;
  }
  StrategyContext context(bool net) {
    rules.get(kBtc)->net_positions = net;
    return StrategyContext{om, rules, sink, 2, binance::kVenueId};
  }
  void book(Price bid, Price ask) {
    tl.on_market(book_event(bid, ask), now);
    check_invariant();
  }
  void tick(std::int64_t dt) {
    advance(dt);
    OrderCommand out[16];
    om.on_timer(now, out, 16);
    tl.on_timer(now, 0);
    check_invariant();
  }
  void start(Price bid = 600'000, Price ask = 600'001) {
    tl.on_market(book_event(bid, ask), now);
    tl.on_start(now);
    check_invariant();
  }
  /// The ladder's side of the position (|steps|), and Σ leaves of live closing orders.
  Qty pos() const { return tl.coverage().position; }
  Qty covered() const { return tl.coverage().covered; }
  /// No take-profit may ever exceed the position (they would open the opposite side).
  void check_invariant() const { CHECK(covered() <= pos()); }
  /// Commands of `kind` sent since index `from`.
  std::vector<OrderCommand> sent(CommandKind kind, std::size_t from = 0) const {
    std::vector<OrderCommand> out;
    for (std::size_t i = from; i < sink.cmds.size(); ++i)
      if (sink.cmds[i].kind == kind) out.push_back(sink.cmds[i]);
    return out;
  }
  /// Fills `c` for `qty` at its price, then re-checks the invariant.
  void fill_at(const OrderCommand& c, Qty qty) {
    fill(c, qty, c.px);
    check_invariant();
  }
};

}  // namespace xtb::strategy::test
