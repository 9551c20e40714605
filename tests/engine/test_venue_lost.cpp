// D5 (reliability probe, issue 12): after a venue restart the venue no longer knows some of
// our live orders. Once a full open-orders snapshot lacks an order AND a query by client id
// answers "no such order" (-2013), the engine closes it locally as EXPIRED (counted, the
// terminal callback fires so the side trades again) and the next reconciliation is clean —
// instead of querying it forever. One of the two signals alone changes nothing.
#include <doctest/doctest.h>

#include "engine/reconciler.hpp"
#include "engine_fixture.hpp"

using namespace xtb;
using namespace xtb::engine;
using namespace xtb::engine::test;

namespace {

constexpr std::int64_t kSec = 1'000'000'000;

struct Restarted {
  Engine e;
  Reconciler r{e.m};
  OrderCommand out[16];
  ReconcileResult snapshot(const std::vector<VenueOrder>& open, std::int64_t t) {
    r.begin(t);
    const ReconcileResult res =
        r.run(open.data(), static_cast<std::uint32_t>(open.size()), nullptr, 0, kNoSymbol, false, out, 16, t + 1);
    r.end();
    return res;
  }
  Order& open_order(std::int64_t t = kSec) {
    Order& o = e.place(Side::Sell, PositionSide::Long, 600'000, 10, t);
    e.m.on_ack(ack(o, CommandKind::NewOrder, OrderStatus::Open), t);
    return o;
  }
  void query_not_found(const Order& o, std::int64_t t) {
    e.m.on_ack(ack(o, CommandKind::QueryOrder, OrderStatus::Failed, -2013), t);
  }
};

VenueOrder listed(const Order& o) {
  VenueOrder v{};
  v.client_id = o.client_id;
  v.venue_order_id = 777;
  v.symbol = o.symbol;
  v.side = o.side;
  v.position_side = o.position_side;
  v.type = o.type;
  v.tif = o.tif;
  v.status = OrderStatus::Open;
  v.px = o.px;
  v.orig_qty = o.orig_qty;
  return v;
}

}  // namespace

TEST_SUITE("engine") {

TEST_CASE("D5: an order absent from the venue's snapshot and unknown to its query is closed as EXPIRED") {
  Restarted v;
  Order& o = v.open_order();
  // The venue restarted: its open orders are empty → the reconciler queries our order.
  ReconcileResult res = v.snapshot({}, 2 * kSec);
  REQUIRE(res.commands == 1);
  CHECK(v.out[0].kind == CommandKind::QueryOrder);
  CHECK(o.absent_at_venue);
  CHECK(o.status == OrderStatus::Open);
  // The query answers -2013: venue truth twice → closed locally, once, with a counter.
  v.query_not_found(o, 3 * kSec);
  CHECK(o.status == OrderStatus::Expired);
  CHECK(o.last_error == -2013);
  CHECK_FALSE(o.needs_query);
  CHECK(v.e.m.machine().stats().venue_lost == 1);
  CHECK(v.e.listener.terminal_count(o.client_id) == 1);  // the closer learns: the side trades again
  CHECK(v.e.m.exposure(kBtc, PositionSide::Long).open_sell == 0);
  // The next cycle (venue still empty) has nothing to resolve: reconciliation is clean.
  res = v.snapshot({}, 4 * kSec);
  CHECK(res.clean);
  CHECK(res.commands == 0);
  // A repeated answer changes nothing, and the callback does not fire again.
  v.query_not_found(o, 5 * kSec);
  CHECK(v.e.listener.terminal_count(o.client_id) == 1);
  CHECK(v.e.m.machine().stats().venue_lost == 1);
}

TEST_CASE("D5: a query's 'no such order' alone (the snapshot listed it) keeps the order live") {
  Restarted v;
  Order& o = v.open_order();
  CHECK(v.snapshot({listed(o)}, 2 * kSec).clean);
  CHECK_FALSE(o.absent_at_venue);
  v.query_not_found(o, 3 * kSec);
  CHECK(o.status == OrderStatus::Open);
  CHECK(o.needs_query);
  CHECK(v.e.m.machine().stats().venue_lost == 0);
  CHECK(v.e.m.machine().stats().query_not_found_live == 1);
  // The next snapshot lacks it: now the (repeated) query closes it.
  CHECK(v.snapshot({}, 4 * kSec).commands == 1);
  v.query_not_found(o, 5 * kSec);
  CHECK(o.status == OrderStatus::Expired);
}

TEST_CASE("D5: a venue update after the snapshot clears the doubt; a later fill still corrects EXPIRED") {
  Restarted v;
  Order& o = v.open_order();
  v.snapshot({}, 2 * kSec);
  REQUIRE(o.absent_at_venue);
  // The venue reports the order (it was there after all): the query's -2013 no longer closes it.
  v.e.m.on_update(venue_update(o, OrderStatus::Open, 0), EventSource::Ws, 3 * kSec);
  CHECK_FALSE(o.absent_at_venue);
  v.query_not_found(o, 4 * kSec);
  CHECK(o.status == OrderStatus::Open);
  // Closed as lost, then the venue's fill record arrives: FILLED wins (the one exit from EXPIRED).
  v.snapshot({}, 5 * kSec);
  v.query_not_found(o, 6 * kSec);
  REQUIRE(o.status == OrderStatus::Expired);
  v.e.m.on_update(venue_update(o, OrderStatus::Filled, 10, 10, 600'000, 9001), EventSource::Ws, 7 * kSec);
  CHECK(o.status == OrderStatus::Filled);
  CHECK(o.fill_qty == 10);
  CHECK(v.e.listener.terminal_count(o.client_id) == 1);
}

TEST_CASE("D5: an order still being submitted is FAILED by 'no such order' as before (no snapshot needed)") {
  Restarted v;
  Order& o = v.e.place(Side::Sell, PositionSide::Long, 600'000, 10, kSec);
  REQUIRE(o.status == OrderStatus::Submitting);
  v.query_not_found(o, 2 * kSec);
  CHECK(o.status == OrderStatus::Failed);
  CHECK(v.e.m.machine().stats().venue_lost == 0);
}

}  // TEST_SUITE
