// Reconciliation: typed discrepancies resolved by venue truth, pause while calibrating,
// skip of changes newer than the snapshot, recovery of a dropped user-stream event.
#include <doctest/doctest.h>

#include "engine/reconciler.hpp"
#include "engine_fixture.hpp"

using namespace xtb;
using namespace xtb::engine;
using namespace xtb::engine::test;

namespace {

constexpr std::int64_t kSec = 1'000'000'000;

VenueOrder venue_view(const Order& o, OrderStatus st, Qty cum, std::uint64_t vid = 8886774) {
  VenueOrder v{};
  v.client_id = o.client_id;
  v.venue_order_id = vid;
  v.symbol = o.symbol;
  v.side = o.side;
  v.position_side = o.position_side;
  v.type = o.type;
  v.tif = o.tif;
  v.status = st;
  v.px = o.px;
  v.orig_qty = o.orig_qty;
  v.cum_qty = cum;
  return v;
}

VenueOrder foreign(const char* id, Qty qty) {
  VenueOrder v{};
  v.client_id = cid(id);
  v.venue_order_id = 4242;
  v.symbol = kBtc;
  v.side = Side::Buy;
  v.position_side = PositionSide::Long;
  v.type = OrderType::Limit;
  v.tif = TimeInForce::GTC;
  v.status = OrderStatus::Open;
  v.px = 580'000;
  v.orig_qty = qty;
  return v;
}

struct Rec {
  Engine e;
  Reconciler r{e.m};
  OrderCommand out[16];
  ReconcileResult run(const std::vector<VenueOrder>& open, const std::vector<VenuePosition>& pos,
                      std::int64_t t, bool complete = false) {
    return r.run(open.data(), static_cast<std::uint32_t>(open.size()), pos.data(),
                 static_cast<std::uint32_t>(pos.size()), kNoSymbol, complete, out, 16, t);
  }
  Order& open_order(Qty qty = 10, std::int64_t t = kSec) {
    Order& o = e.place(Side::Buy, PositionSide::Long, 600'000, qty, t);
    e.m.on_ack(ack(o, CommandKind::NewOrder, OrderStatus::Open), t);
    return o;
  }
};

}  // namespace

TEST_SUITE("engine") {

TEST_CASE("agreement produces no discrepancy; calibrating pauses orders in between") {
  Rec x;
  Order& o = x.open_order();
  x.r.begin(2 * kSec);
  CHECK(x.r.calibrating());
  OrderCommand c = new_order(kBtc, Side::Buy, PositionSide::Long, 600'000, 1);
  CHECK(x.e.m.place(c, 0, 2 * kSec).reject == RejectReason::Calibrating);
  const ReconcileResult res = x.run({venue_view(o, OrderStatus::New, 0)}, {}, 3 * kSec);
  CHECK(res.clean);
  CHECK(res.commands == 0);
  x.r.end();
  CHECK(x.e.m.place(c, 0, 4 * kSec).reject == RejectReason::None);
}

TEST_CASE("unknown order of ours is adopted; a foreign one is reported and left alone") {
  Rec x;
  x.r.begin(kSec);
  VenueOrder ours = foreign("xtb-r1-77", 5);  // this run, an earlier process (journal lost)
  VenueOrder manual = foreign("web_Zx81", 3);
  manual.venue_order_id = 4343;
  const ReconcileResult res = x.run({ours, manual}, {}, 2 * kSec);
  CHECK(res.discrepancies == 2);
  REQUIRE(x.r.stored() == 2);
  CHECK(x.r.at(0).kind == DiscrepancyKind::UnknownOwnOrder);
  CHECK(x.r.at(0).resolution == Resolution::Adopt);
  CHECK(x.r.at(1).kind == DiscrepancyKind::ForeignOrder);
  CHECK(x.r.at(1).resolution == Resolution::Ignore);
  const Order* a = x.e.m.store().find(cid("xtb-r1-77"));
  REQUIRE(a != nullptr);
  CHECK(a->status == OrderStatus::Open);
  CHECK(x.e.m.store().find_by_venue_id(4242) == a);
  CHECK(x.e.m.store().find(cid("web_Zx81")) == nullptr);
  CHECK(x.e.m.exposure(kBtc, PositionSide::Long).open_buy == 5);
  // Its later events are applied like any other order's.
  x.e.m.on_update(venue_update(*a, OrderStatus::Filled, 5, 5, 580'000, 700), EventSource::Ws, 3 * kSec);
  CHECK(a->status == OrderStatus::Filled);
}

TEST_CASE("local live order missing at the venue is queried, never assumed canceled") {
  Rec x;
  Order& o = x.open_order();
  x.r.begin(2 * kSec);
  const ReconcileResult res = x.run({}, {}, 3 * kSec);
  REQUIRE(res.commands == 1);
  CHECK(x.out[0].kind == CommandKind::QueryOrder);
  CHECK(x.out[0].client_id == o.client_id);
  CHECK(x.r.at(0).kind == DiscrepancyKind::LocalLiveMissing);
  CHECK(o.status == OrderStatus::Open);
  CHECK(o.needs_query);
  // The query answer (REST order) says it was canceled: now it is.
  x.e.m.on_update(venue_update(o, OrderStatus::Canceled, 0), EventSource::Rest, 4 * kSec);
  CHECK(o.status == OrderStatus::Canceled);
}

TEST_CASE("dropped user-stream fill is recovered within one reconciliation cycle") {
  Rec x;
  Order& o = x.open_order();
  // The venue filled 4 (trade event lost) and the position is LONG 4 @ 60000.0.
  x.r.begin(2 * kSec);
  const ReconcileResult res = x.run({venue_view(o, OrderStatus::PartiallyFilled, 4)},
                                    {{kBtc, PositionSide::Long, 4, 600'000}}, 3 * kSec, true);
  CHECK(res.discrepancies == 2);
  CHECK(x.r.count(DiscrepancyKind::StatusMismatch) == 1);
  CHECK(x.r.count(DiscrepancyKind::PositionMismatch) == 1);
  CHECK(o.status == OrderStatus::PartiallyFilled);
  CHECK(o.cum_qty == 4);
  CHECK(o.fill_qty == 0);  // no fill invented
  const Position* p = x.e.positions.get(kBtc, PositionSide::Long);
  CHECK(p->qty == 4);
  CHECK(p->external_qty == 4);
  CHECK(p->entry_px() == 600'000);
  CHECK(x.e.m.exposure(kBtc, PositionSide::Long).open_buy == 6);
  x.r.end();
  // A second cycle with the same venue view is clean.
  x.r.begin(4 * kSec);
  CHECK(x.run({venue_view(o, OrderStatus::PartiallyFilled, 4)}, {{kBtc, PositionSide::Long, 4, 600'000}},
              5 * kSec, true)
            .clean);
}

TEST_CASE("Unknown order found open at the venue is resolved to its venue status") {
  Rec x;
  Order& o = x.e.place(Side::Buy, PositionSide::Long, 600'000, 10, kSec);
  x.e.m.on_disconnect(0, kSec);
  REQUIRE(o.status == OrderStatus::Unknown);
  x.r.begin(2 * kSec);
  x.run({venue_view(o, OrderStatus::New, 0)}, {}, 3 * kSec);
  CHECK(x.r.at(0).kind == DiscrepancyKind::UnknownResolved);
  CHECK(o.status == OrderStatus::Open);
  CHECK(x.e.m.store().find_by_venue_id(8886774) == &o);
}

TEST_CASE("order we consider terminal but the venue has open → cancel at venue, callback once") {
  Rec x;
  Order& o = x.e.place(Side::Buy, PositionSide::Long, 600'000, 10, kSec);
  x.e.m.on_ack(ack(o, CommandKind::NewOrder, OrderStatus::Failed), kSec);
  REQUIRE(o.status == OrderStatus::Failed);
  x.r.begin(2 * kSec);
  const ReconcileResult res = x.run({venue_view(o, OrderStatus::New, 0)}, {}, 3 * kSec);
  REQUIRE(res.commands == 1);
  CHECK(x.out[0].kind == CommandKind::CancelOrder);
  CHECK((x.out[0].flags & OrderCommand::kRiskOrder) != 0);
  CHECK(x.r.at(0).kind == DiscrepancyKind::LocalTerminalVenueLive);
  CHECK(o.status == OrderStatus::Failed);
  CHECK(x.e.listener.terminal_count(o.client_id) == 1);
}

TEST_CASE("changes newer than the snapshot are skipped, not undone") {
  Rec x;
  Order& o = x.open_order();
  x.r.begin(2 * kSec);
  // While the REST call is in flight the order fills on the user stream.
  x.e.m.on_update(venue_update(o, OrderStatus::Filled, 10, 10, 600'000, 5), EventSource::Ws, 2 * kSec + 5);
  Order& later = x.e.place(Side::Buy, PositionSide::Long, 600'000, 1, 2 * kSec + 6,
                           OrderCommand::kRiskOrder);  // risk orders pass while calibrating
  (void)later;
  const ReconcileResult res = x.run({venue_view(o, OrderStatus::New, 0)},
                                    {{kBtc, PositionSide::Long, 0, 0}}, 3 * kSec);
  CHECK(res.commands == 0);  // neither a cancel for `o` nor a query for `later`
  CHECK(x.r.count(DiscrepancyKind::SkippedRecent) == 2);  // the order and the position
  CHECK(o.status == OrderStatus::Filled);
  CHECK(x.e.positions.get(kBtc, PositionSide::Long)->qty == 10);
}

TEST_CASE("complete position snapshot: a position missing at the venue is flat there") {
  Rec x;
  x.e.m.adopt_position(kBtc, PositionSide::Short, -7, 610'000, kSec);
  x.r.begin(2 * kSec);
  x.run({}, {}, 3 * kSec, /*complete=*/true);
  CHECK(x.r.count(DiscrepancyKind::PositionMismatch) == 1);
  CHECK(x.e.positions.get(kBtc, PositionSide::Short)->qty == 0);
  // Incomplete snapshot: nothing is assumed about absent symbols.
  x.e.m.adopt_position(kBtc, PositionSide::Short, -7, 610'000, 4 * kSec);
  x.r.begin(5 * kSec);
  CHECK(x.run({}, {}, 6 * kSec, false).clean);
}

TEST_CASE("B9: another run's orders of our prefix are never adopted (two instances on one account)") {
  Rec x;
  x.r.begin(kSec);
  VenueOrder other = foreign("xtb-r0-77", 5);  // a second instance, run r0, same prefix
  VenueOrder stop = foreign("xtb-ps.L.BTCUSDT-9", 0);
  stop.venue_order_id = 4343;
  stop.type = OrderType::StopMarket;
  stop.flags = OrderCommand::kClosePosition;
  const ReconcileResult res = x.run({other, stop}, {}, 2 * kSec);
  CHECK(res.discrepancies == 2);
  REQUIRE(x.r.stored() == 2);
  CHECK(x.r.at(0).kind == DiscrepancyKind::ForeignOrder);
  CHECK(x.r.at(0).resolution == Resolution::Ignore);
  CHECK(x.e.m.store().find(cid("xtb-r0-77")) == nullptr);
  CHECK(x.e.m.exposure(kBtc, PositionSide::Long).open_buy == 0);
  // A protective stop of our prefix carries no run id: it is still adopted (restarts keep it).
  CHECK(x.r.at(1).kind == DiscrepancyKind::UnknownOwnOrder);
  CHECK(x.r.at(1).resolution == Resolution::Adopt);
  REQUIRE(x.e.m.store().find(cid("xtb-ps.L.BTCUSDT-9")) != nullptr);
  // Neither shutdown's cancel nor the kill switch's can reach the other run's order.
  OrderCommand out[8];
  CHECK(x.e.m.cancel_all_own({true, true}, 3 * kSec, out, 8) == 0);
}

TEST_CASE("adoptions are journaled and replay to the same state") {
  Rec x;
  Order& o = x.open_order();
  x.r.begin(2 * kSec);
  x.run({venue_view(o, OrderStatus::PartiallyFilled, 4), foreign("xtb-r1-55", 2)},
        {{kBtc, PositionSide::Long, 4, 600'000}}, 3 * kSec, true);
  SymbolRulesTable rules{4};
  PositionBook positions{Engine::init_rules(rules)};
  RiskGate risk{RiskLimits{}, rules};
  OrderIdAllocator ids{"xtb", "r1"};
  OrderManager m2{Engine::small_cfg(), ids, positions, risk, nullptr, nullptr};
  for (const JournalRecord& r : x.e.sink.records) m2.replay(r);
  const Order* o2 = m2.store().find(o.client_id);
  REQUIRE(o2 != nullptr);
  CHECK(o2->status == OrderStatus::PartiallyFilled);
  CHECK(o2->cum_qty == 4);
  REQUIRE(m2.store().find(cid("xtb-r1-55")) != nullptr);
  CHECK(positions.get(kBtc, PositionSide::Long)->qty == 4);
  CHECK(positions.get(kBtc, PositionSide::Long)->open_buy_qty ==
        x.e.positions.get(kBtc, PositionSide::Long)->open_buy_qty);
}

}  // TEST_SUITE
