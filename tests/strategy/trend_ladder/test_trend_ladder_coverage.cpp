// test_trend_ladder_coverage.cpp — the coverage invariant of `trend_ladder` (seed 000 §4):
// a take-profit the venue lost is repaired only once the reconciliation (open orders + a
// query by client id) confirms it, and is dropped from tracking with its counter (fix 3); a
// surplus is cancelled; a refused TP is retried; a TP is never larger than the position minus
// what already closes it; the repair rate limit.
#include <doctest/doctest.h>

#include "engine/reconciler.hpp"
#include "ladder_rig.hpp"

using namespace xtb;
using namespace xtb::strategy;
using namespace xtb::strategy::test;

namespace {

/// One reconciliation as the sequencer runs it: pause, the venue's open orders and
/// positions, resume, then the strategy's on_reconciled.
void reconcile(LadderRig& r, engine::Reconciler& rec, const std::vector<engine::VenueOrder>& open, Qty long_qty,
               std::vector<OrderCommand>& queries) {
  r.tl.begin_check();
  rec.begin(r.now);
  r.advance(1 * kMs);
  const engine::VenuePosition pos{kBtc, PositionSide::Long, long_qty, 599'999};
  OrderCommand out[16];
  const engine::ReconcileResult res =
      rec.run(open.data(), static_cast<std::uint32_t>(open.size()), &pos, 1, kNoSymbol, true, out, 16, r.now);
  rec.end();
  r.tl.on_reconciled(r.now);
  r.tl.set_paused(false);
  for (std::uint32_t i = 0; i < res.commands; ++i) queries.push_back(out[i]);
}

engine::VenueOrder venue_open(const engine::Order& o) {
  engine::VenueOrder v{};
  v.client_id = o.client_id;
  v.venue_order_id = o.venue_order_id;
  v.symbol = o.symbol;
  v.side = o.side;
  v.position_side = o.position_side;
  v.type = o.type;
  v.tif = o.tif;
  v.flags = o.flags;
  v.status = OrderStatus::Open;
  v.px = o.px;
  v.orig_qty = o.orig_qty;
  v.cum_qty = o.cum_qty;
  return v;
}

/// A reduce-only SELL LONG LIMIT placed through the engine for strategy `sid` and acknowledged
/// (another strategy's order, or one a restart recovered).
OrderCommand closing_order(LadderRig& r, Price px, Qty qty, std::uint16_t sid) {
  OrderCommand c{};
  c.kind = CommandKind::NewOrder;
  c.side = Side::Sell;
  c.position_side = PositionSide::Long;
  c.type = OrderType::Limit;
  c.tif = TimeInForce::GTC;
  c.flags = OrderCommand::kReduceOnly;
  c.symbol = kBtc;
  c.strategy_id = sid;
  c.px = px;
  c.qty = qty;
  REQUIRE(r.om.place(c, px, r.now).reject == engine::RejectReason::None);
  r.ack(c);
  return c;
}

}  // namespace

TEST_CASE("coverage: a TP the venue lost is repaired only after the reconciliation confirms it (fix 3)") {
  LadderRig r;
  engine::Reconciler rec(r.om);
  r.start();
  const OrderCommand e = r.last();
  r.ack(e);
  r.fill_at(e, 2);
  const OrderCommand tp = r.last();
  REQUIRE((tp.flags & OrderCommand::kReduceOnly) != 0);
  r.ack(tp);
  // The venue silently drops the TP: locally everything still looks covered — no repair.
  for (int i = 0; i < 5; ++i) r.tick(1 * kSec);
  CHECK(r.tl.stats().repairs == 0);
  std::vector<engine::VenueOrder> open;
  r.om.store().for_each([&](const engine::Order& o) {
    if (o.live() && !(o.client_id == tp.client_id)) open.push_back(venue_open(o));
  });
  std::vector<OrderCommand> queries;
  reconcile(r, rec, open, 2, queries);
  // Absent from the snapshot: queried, still live until the venue answers — nothing repaired.
  REQUIRE(queries.size() == 1);
  CHECK(queries[0].kind == CommandKind::QueryOrder);
  CHECK(queries[0].client_id == tp.client_id);
  CHECK(r.tl.stats().repairs == 0);
  const std::size_t before = r.count();
  r.ack(queries[0], OrderStatus::Failed, -2013);  // "no such order": the venue lost it
  CHECK(r.tl.stats().tps_dropped == 1);
  CHECK(r.tl.tps().find(tp.client_id) == nullptr);  // no longer tracked
  std::vector<OrderCommand> rep;                    // the sells sent since (entries may go out too)
  for (const OrderCommand& c : r.sent(CommandKind::NewOrder, before))
    if (c.side == Side::Sell) rep.push_back(c);
  REQUIRE(rep.size() == 1);
  CHECK(rep[0].side == Side::Sell);
  CHECK(rep[0].position_side == PositionSide::Long);
  CHECK((rep[0].flags & OrderCommand::kReduceOnly) != 0);
  CHECK(rep[0].qty == 2);
  CHECK(rep[0].px == e.px + 50);
  CHECK(r.tl.stats().repairs == 1);
  CHECK(r.covered() == r.pos());
}

TEST_CASE("coverage: a mismatch is declared only when it survives a reconciliation; one bad read stops nothing") {
  TrendLadderParams p = ladder_params();
  p.repair_max = 1;
  LadderRig r(p);
  engine::Reconciler rec(r.om);
  r.start();
  const OrderCommand e = r.last();
  r.ack(e);
  r.fill_at(e, 2);
  r.ack(r.last());
  // The venue cancels the TP (stream): a gap, repaired at once (the stream is the venue's word).
  r.venue_end(r.last());
  CHECK(r.tl.stats().repairs == 1);
  const OrderCommand rep = r.last();
  r.ack(rep);
  CHECK(r.tl.stats().tps_ended_other == 1);
  // Cancelled again: the rate limit (1 per window) holds the next repair; the gap stays.
  r.venue_end(rep);
  CHECK(r.tl.stats().repairs == 1);
  CHECK(r.tl.stats().repairs_limited >= 1);
  std::vector<engine::VenueOrder> open;
  r.om.store().for_each([&](const engine::Order& o) {
    if (o.live()) open.push_back(venue_open(o));
  });
  std::vector<OrderCommand> queries;
  reconcile(r, rec, open, 2, queries);
  CHECK(r.tl.stats().imbalances_confirmed == 1);  // the venue agrees: 2 held, 0 covered
  CHECK_FALSE(r.tl.done());
  r.tick(61 * kSec);  // the window passed: repaired
  CHECK(r.tl.stats().repairs == 2);
  CHECK(r.covered() == r.pos());
  reconcile(r, rec, open, 2, queries);
  CHECK(r.tl.stats().imbalances_confirmed == 1);  // covered now: nothing more declared
}

TEST_CASE("coverage: a surplus (the position shrank outside the ladder) is cancelled") {
  LadderRig r;
  r.start();
  const OrderCommand e = r.last();
  r.ack(e);
  r.fill_at(e, 2);
  const OrderCommand t1 = r.last();
  r.ack(t1);
  r.tick(1 * kSec);
  const OrderCommand e2 = r.last();
  REQUIRE(e2.side == Side::Buy);
  r.ack(e2);
  r.fill_at(e2, 2);
  const OrderCommand t2 = r.last();
  r.ack(t2);
  CHECK(r.pos() == 4);
  CHECK(r.covered() == 4);
  // A manual close of 2 at the venue, adopted by the engine: 4 covered for 2 held.
  r.om.adopt_position(kBtc, PositionSide::Long, 2, 599'999, r.now);
  const std::size_t n = r.count();
  r.tl.on_orders_applied(r.now, 0);
  const std::vector<OrderCommand> cancels = r.sent(CommandKind::CancelOrder, n);
  REQUIRE(cancels.size() == 1);
  CHECK(r.tl.stats().surplus_cancels == 1);
  r.tl.on_orders_applied(r.now, 0);  // the cancel in flight counts: no second one
  CHECK(r.sent(CommandKind::CancelOrder, n).size() == 1);
  const OrderCommand victim = cancels[0].client_id == t1.client_id ? t1 : t2;
  r.venue_end(victim);
  CHECK(r.pos() == 2);
  CHECK(r.covered() == 2);
  CHECK(r.tl.stats().tps_ended_other == 0);  // our own cancel
}

TEST_CASE("coverage: no TP ever exceeds the position minus what already closes it") {
  LadderRig r;
  r.start();
  const OrderCommand e = r.last();
  r.ack(e);
  // Another reduce-only SELL LONG of 1 (a manual order adopted, another strategy's) is working.
  closing_order(r, 600'100, 1, 9);
  r.fill_at(e, 2);  // 2 held, 1 covered by the other order: the TP is 1, not 2
  const OrderCommand tp = r.last();
  CHECK(tp.side == Side::Sell);
  CHECK(tp.qty == 1);
  CHECK(r.tl.stats().tp_clamped == 1);
  CHECK(r.covered() == 2);
  CHECK(r.pos() == 2);
}

TEST_CASE("coverage: a TP refused by the engine is retried; an unacknowledged one asks the venue") {
  LadderRig r;
  r.start();
  const OrderCommand e = r.last();
  r.ack(e);
  r.sink.full = true;  // the ring to the venue is full: the TP waits
  r.fill_at(e, 2);
  CHECK(r.tl.stats().sink_full >= 1);
  CHECK(r.covered() == 0);
  r.sink.full = false;
  const std::size_t n = r.count();
  r.tick(1 * kSec);
  OrderCommand tp{};
  for (const OrderCommand& c : r.sent(CommandKind::NewOrder, n))
    if (c.side == Side::Sell) tp = c;
  CHECK((tp.flags & OrderCommand::kReduceOnly) != 0);
  CHECK(tp.qty == 2);
  CHECK(r.tl.stats().repairs == 0);  // the pending TP went out, not a repair on top of it
  r.tick(1 * kSec);
  r.tick(1 * kSec);  // never acknowledged past tp_verify (2 s): a reconciliation is asked for
  CHECK(r.tl.stats().tp_verify_asked == 1);
  CHECK(r.om.take_reconcile_request());
}

TEST_CASE("coverage: after a restart the recovered position and TPs are kept — tracked again, nothing duplicated") {
  LadderRig r;
  // What the journal recovered: 2 held, and a reduce-only SELL LONG TP of this strategy (id 2).
  r.set_position(PositionSide::Long, 2, 599'999);
  const OrderCommand tp = closing_order(r, 600'049, 2, 2);
  r.tl.on_reconciled(r.now);  // the first calibration, then trading starts
  r.start();
  CHECK(r.tl.stats().tps_adopted == 1);
  CHECK(r.tl.tps().find(tp.client_id) != nullptr);
  for (const OrderCommand& c : r.sent(CommandKind::NewOrder)) CHECK(c.side == Side::Buy);  // no second TP
  CHECK(r.covered() == r.pos());
  r.fill_at(tp, 2);  // the recovered TP fills: counted as ours
  CHECK(r.tl.stats().tps_filled == 1);
  CHECK(r.pos() == 0);
}
