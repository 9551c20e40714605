// test_trend_ladder.cpp — the entries of `trend_ladder` (src/strategy/trend_ladder/): rungs
// on the grid behind the touch, paced by the wait tiers; a reduce-only take-profit per entry
// fill and per partial fill (qty, price, side, position side); requotes cancel first and back
// off; stop and pause prices; a net-position venue (every order BOTH).
#include <doctest/doctest.h>

#include "ladder_rig.hpp"

using namespace xtb;
using namespace xtb::strategy;
using namespace xtb::strategy::test;

TEST_CASE("trend ladder: rungs at the touch − offset − k × grid, one new entry per wait tier") {
  TrendLadderParams p = ladder_params();
  p.levels = 3;
  p.grid_step = 10;
  LadderRig r(p);
  r.start(600'000, 600'001);
  REQUIRE(r.count() == 1);
  const OrderCommand e0 = r.last();
  CHECK(e0.kind == CommandKind::NewOrder);
  CHECK(e0.side == Side::Buy);
  CHECK(e0.position_side == PositionSide::Long);
  CHECK(e0.px == 599'999);  // bid − 1 tick
  CHECK(e0.qty == 2);
  CHECK(e0.tif == TimeInForce::PostOnly);
  CHECK((e0.flags & OrderCommand::kReduceOnly) == 0);
  CHECK(e0.strategy_id == 2);
  r.ack(e0);
  r.tick(500 * kMs);
  CHECK(r.count() == 1);  // the first tier (no TP live): min_wait = 1 s
  r.tick(500 * kMs);
  REQUIRE(r.count() == 2);
  CHECK(r.last().px == 599'989);  // rung 1: one grid step lower
  r.ack(r.last());
  r.tick(1 * kSec);
  REQUIRE(r.count() == 3);
  CHECK(r.last().px == 599'979);
  r.ack(r.last());
  r.tick(5 * kSec);
  CHECK(r.count() == 3);  // every rung holds an entry
  CHECK(r.tl.ladder().working() == 3);
  CHECK(r.tl.stats().entries_placed == 3);
}

TEST_CASE("trend ladder: the wait tiers follow the live take-profits; max_orders caps TPs + entries") {
  TrendLadderParams p = ladder_params();
  p.max_orders = 6;
  CHECK(Ladder::cool_down_ns(p, 0) == 1 * kSec);  // < 1/6 → min_wait
  CHECK(Ladder::cool_down_ns(p, 1) == 2 * kSec);  // ≥ 1/6 → base / 2
  CHECK(Ladder::cool_down_ns(p, 2) == 4 * kSec);  // ≥ 1/3 → base
  CHECK(Ladder::cool_down_ns(p, 4) == 8 * kSec);  // ≥ 2/3 → 2 × base
  p.max_wait_ns = 5 * kSec;
  CHECK(Ladder::cool_down_ns(p, 4) == 5 * kSec);  // capped
  p.max_orders = 2;
  LadderRig r(p);
  r.start();
  const OrderCommand e0 = r.last();
  r.ack(e0);
  r.fill_at(e0, 2);  // TP 1 live
  REQUIRE(r.count() == 2);
  r.tick(3 * kSec);  // 1 TP live of 2 → base (4 s): not yet
  CHECK(r.count() == 2);
  r.tick(2 * kSec);
  REQUIRE(r.count() == 3);
  const OrderCommand e1 = r.last();
  CHECK(e1.side == Side::Buy);
  r.ack(e1);
  r.fill_at(e1, 2);  // 2 TPs live = max_orders: no more entries
  r.tick(30 * kSec);
  CHECK(r.sent(CommandKind::NewOrder).size() == 4);
}

TEST_CASE("trend ladder: a reduce-only TP per entry fill, and per partial fill for its net quantity") {
  TrendLadderParams p = ladder_params();
  p.qty = 5;
  LadderRig r(p);
  r.start();
  const OrderCommand e = r.last();
  r.ack(e);
  r.fill_at(e, 2);  // partial
  REQUIRE(r.count() == 2);
  const OrderCommand t1 = r.last();
  CHECK(t1.side == Side::Sell);
  CHECK(t1.position_side == PositionSide::Long);
  CHECK((t1.flags & OrderCommand::kReduceOnly) != 0);
  CHECK(t1.qty == 2);
  CHECK(t1.px == e.px + 50);
  CHECK(t1.tif == TimeInForce::GTC);
  r.fill_at(e, 3);  // the rest
  REQUIRE(r.count() == 3);
  CHECK(r.last().qty == 3);
  CHECK(r.last().px == e.px + 50);
  CHECK((r.last().flags & OrderCommand::kReduceOnly) != 0);
  CHECK(r.pos() == 5);
  CHECK(r.covered() == 5);
  CHECK(r.tl.stats().tps_partial == 1);  // the first; the second completed the entry
  CHECK(r.tl.stats().entries_filled == 1);
  // A TP fill closes its share; the next entry need not wait a tier.
  r.ack(t1);
  r.fill_at(t1, 2);
  CHECK(r.pos() == 3);
  CHECK(r.covered() == 3);
  CHECK(r.tl.stats().tps_filled == 1);
  CHECK(r.last().kind == CommandKind::NewOrder);
  CHECK(r.last().side == Side::Buy);  // immediate re-entry
}

TEST_CASE("trend ladder: requote cancels first, replaces after the venue's CANCELED, backs off a refused cancel") {
  LadderRig r;
  r.start(600'000, 600'001);
  const OrderCommand e0 = r.last();
  r.ack(e0);
  r.book(600'004, 600'005);  // drift 4 < 5 ticks: kept
  CHECK(r.count() == 1);
  r.book(600'010, 600'011);  // drift 10: cancel
  REQUIRE(r.count() == 2);
  CHECK(r.last().kind == CommandKind::CancelOrder);
  CHECK(r.last().client_id == e0.client_id);
  r.book(600'020, 600'021);
  CHECK(r.count() == 2);  // no replacement while the cancel is unanswered
  r.venue_end(e0);
  REQUIRE(r.count() == 3);
  const OrderCommand e1 = r.last();
  CHECK(e1.kind == CommandKind::NewOrder);
  CHECK(e1.px == 600'019);
  CHECK(r.tl.stats().requotes == 1);
  r.ack(e1);
  // The venue refuses the next cancel: after requote_wait_confirm the entry backs off 2 s.
  r.book(600'040, 600'041);
  REQUIRE(r.last().kind == CommandKind::CancelOrder);
  const OrderCommand c1 = r.last();
  r.ack(c1, OrderStatus::Rejected, -2011);
  r.tick(1 * kSec);
  CHECK(r.tl.stats().requote_backoffs == 1);
  const std::size_t n = r.count();
  r.tick(1 * kSec);
  r.book(600'041, 600'042);
  CHECK(r.sent(CommandKind::CancelOrder, n).empty());  // backing off
  r.tick(1 * kSec);
  CHECK(r.sent(CommandKind::CancelOrder, n).size() == 1);  // after 2 s: again
}

TEST_CASE("trend ladder: the pause price holds new entries; the stop price cancels them for good") {
  TrendLadderParams p = ladder_params();
  p.pause_px = 600'100;
  p.stop_px = 599'900;
  LadderRig r(p);
  r.start(600'200, 600'201);  // ask ≥ pause: nothing
  CHECK(r.count() == 0);
  CHECK(r.tl.paused_by_price());
  r.book(600'000, 600'001);
  REQUIRE(r.count() == 1);
  const OrderCommand e = r.last();
  r.ack(e);
  r.fill_at(e, 1);  // partial fill, then the market falls through the stop price
  const std::size_t tp_idx = r.count();
  r.book(599'900, 599'901);
  CHECK(r.tl.stopped_by_price());
  REQUIRE(r.last().kind == CommandKind::CancelOrder);
  CHECK(r.last().client_id == e.client_id);
  CHECK(tp_idx == 2);  // the partial's TP went out before
  r.fill_at(e, 1);     // the cancel races the last fill: it still gets its TP
  CHECK(r.last().kind == CommandKind::NewOrder);
  CHECK(r.last().side == Side::Sell);
  CHECK(r.tl.stats().cancel_fill_races == 1);
  CHECK(r.covered() == r.pos());
  r.book(600'000, 600'001);
  r.tick(30 * kSec);
  CHECK(r.sent(CommandKind::NewOrder).size() == 3);  // no entry after the stop
  CHECK_FALSE(r.tl.done());                          // two TPs still work
}

TEST_CASE("trend ladder: a net-position venue — short ladder, SELL BOTH entries, reduce-only BUY BOTH TPs") {
  LadderRig r(ladder_params(LadderDirection::Short), true);
  r.start(600'000, 600'001);
  REQUIRE(r.count() == 1);
  const OrderCommand e = r.last();
  CHECK(e.side == Side::Sell);
  CHECK(e.position_side == PositionSide::Both);
  CHECK(e.px == 600'002);  // ask + 1
  r.ack(e);
  r.fill_at(e, 2);
  REQUIRE(r.count() == 2);
  const OrderCommand t = r.last();
  CHECK(t.side == Side::Buy);
  CHECK(t.position_side == PositionSide::Both);
  CHECK((t.flags & OrderCommand::kReduceOnly) != 0);
  CHECK(t.px == 600'002 - 50);
  CHECK(t.qty == 2);
  CHECK(r.positions.get(kBtc, PositionSide::Both)->qty == -2);
  CHECK(r.pos() == 2);
  CHECK(r.covered() == 2);
  CHECK(r.tl.activity(kBtc, PositionSide::Short).known);
  CHECK_FALSE(r.tl.activity(kBtc, PositionSide::Long).known);
}
