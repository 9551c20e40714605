// Venue budgets in the risk gate (issue 6 "rate limits (…, venue weight)"): the weighted
// window, per-command weights, soft vs hard cap with the risk exemption, resync with the
// venue's used weight, refused queries/cancels retried by OrderManager, no allocation.
#include <doctest/doctest.h>

#include <cstdlib>
#include <cstring>
#include <string>

#include "core/alloc_guard.hpp"
#include "engine/risk.hpp"
#include "engine/weight_window.hpp"
#include "engine_fixture.hpp"
#include "venue/binance/command_costs.hpp"

using namespace xtb;
using namespace xtb::engine;
using namespace xtb::engine::test;

namespace {

constexpr std::int64_t kSec = 1'000'000'000;
constexpr std::int64_t kMin = 60 * kSec;

OrderCommand query(SymbolId s, CommandKind k, bool risk) {
  OrderCommand c;
  std::memset(&c, 0, sizeof c);
  c.kind = k;
  c.symbol = s;
  c.flags = risk ? OrderCommand::kRiskOrder : 0;
  return c;
}

RiskLimits venue_limits(std::uint32_t weight, std::uint32_t o10s, std::uint32_t o1m,
                        std::uint16_t soft = 800) {
  RiskLimits l;
  l.venue.weight_limit = weight;
  l.venue.orders_limit_10s = o10s;
  l.venue.orders_limit_1m = o1m;
  l.venue_soft_permille = soft;
  l.costs = binance::usdm_command_costs();  // realistic costs: Binance USD-M's table
  return l;
}

int count_kind(const OrderCommand* out, std::uint32_t n, CommandKind k) {
  int c = 0;
  for (std::uint32_t i = 0; i < n; ++i) c += out[i].kind == k;
  return c;
}

}  // namespace

TEST_SUITE("engine") {

TEST_CASE("command costs: Binance USD-M's table follows its endpoint pages; the default is free") {
  const CommandCosts c = binance::usdm_command_costs();
  CHECK(c.weight(CommandKind::NewOrder, true) == 0);        // New-Order: 0 on the IP limit
  CHECK(c.weight(CommandKind::AmendOrder, true) == 0);      // Modify-Order
  CHECK(c.weight(CommandKind::CancelOrder, true) == 1);     // Cancel-Order
  CHECK(c.weight(CommandKind::QueryOrder, true) == 1);      // Query-Order
  CHECK(c.weight(CommandKind::CancelAll, true) == 1);       // Cancel-All-Open-Orders
  CHECK(c.weight(CommandKind::QueryOpenOrders, true) == 2); // openOrders + algo, 1 each
  CHECK(c.weight(CommandKind::QueryOpenOrders, false) == 80);  // 40 each without symbol
  CHECK(c.weight(CommandKind::QueryPositions, false) == 5); // positionRisk
  CHECK(c.weight(CommandKind::None, false) == 0);
  CHECK(c.orders(CommandKind::NewOrder) == 1);
  CHECK(c.orders(CommandKind::AmendOrder) == 1);
  CHECK(c.orders(CommandKind::CancelOrder) == 0);
  CHECK(c.orders(CommandKind::QueryOrder) == 0);
  const CommandCosts free{};
  CHECK(free.weight(CommandKind::QueryOpenOrders, false) == 0);
  CHECK(free.orders(CommandKind::NewOrder) == 0);
  CHECK(free.weight(static_cast<CommandKind>(200), true) == 0);  // out of range: no cost, no read past the table
  constexpr VenueRateLimits d = binance::usdm_documented_limits();
  CHECK(d.weight_limit == 2400);
  CHECK(d.orders_limit_10s == 300);
  CHECK(d.orders_limit_1m == 1200);
  CHECK(std::string(to_string(RejectReason::VenueWeightLimit)) == "venue_weight_limit");
  CHECK(std::string(to_string(RejectReason::VenueOrderLimit)) == "venue_order_limit");
}

TEST_CASE("weight window: caps, sliding by buckets, never under-counts") {
  WeightWindow w(100, kMin);  // buckets of 1 s
  CHECK(w.cap(800) == 80);
  CHECK(w.cap(1000) == 100);
  CHECK(w.fits(0, 80, 800));
  w.add(0, 80);
  CHECK_FALSE(w.fits(kSec / 2, 1, 800));  // soft cap reached
  CHECK(w.fits(kSec / 2, 20, 1000));      // hard cap still has 20
  CHECK_FALSE(w.fits(kSec / 2, 21, 1000));
  w.add(30 * kSec, 10);
  CHECK(w.used(30 * kSec) == 90);
  // Still counted one full window later (up to one bucket more: conservative).
  CHECK(w.used(kMin) == 90);
  CHECK(w.used(kMin + kSec / 2) == 90);
  // Gone once its bucket leaves the ring; the later booking stays.
  CHECK(w.used(kMin + kSec) == 10);
  CHECK(w.fits(kMin + kSec, 70, 800));
  CHECK(w.used(30 * kSec + kMin + kSec) == 0);
  // A jump of more than a window clears everything.
  w.add(10 * kMin, 50);
  CHECK(w.used(10 * kMin) == 50);
  CHECK(w.used(20 * kMin) == 0);
  // Off: everything fits, nothing booked.
  WeightWindow off(0, kMin);
  CHECK(off.fits(0, 1'000'000, 800));
  off.add(0, 5);
  CHECK(off.used(0) == 0);
}

TEST_CASE("weight window: exhaustive check against an exact sliding sum") {
  // Random bookings; the bucketed sum must be ≥ the exact sum over (now − W, now] and
  // ≤ the exact sum over (now − W − bucket, now].
  WeightWindow w(1'000'000, 60'000);  // bucket 1000 ns
  std::int64_t times[4000];
  std::uint32_t weights[4000];
  int n = 0;
  std::uint32_t seed = 12345;
  std::int64_t t = 0;
  for (int i = 0; i < 4000; ++i) {
    seed = seed * 1664525u + 1013904223u;
    t += (seed >> 8) % 700;
    const std::uint32_t wt = (seed >> 20) % 41;
    w.add(t, wt);
    times[n] = t;
    weights[n++] = wt;
    std::uint64_t exact = 0, loose = 0;
    for (int j = 0; j < n; ++j) {
      if (t - times[j] < 60'000) exact += weights[j];
      if (t - times[j] < 61'000) loose += weights[j];
    }
    REQUIRE(w.used(t) >= exact);
    REQUIRE(w.used(t) <= loose);
  }
}

TEST_CASE("new orders: venue order counts, soft cap for normal, hard cap for risk orders") {
  SymbolRulesTable t{4};
  RiskGate g(venue_limits(0, 10, 1000), Engine::init_rules(t));
  const OrderCommand normal = new_order(kBtc, Side::Buy, PositionSide::Long, 600'000, 10);
  const OrderCommand risk =
      new_order(kBtc, Side::Sell, PositionSide::Long, 600'000, 10, OrderCommand::kRiskOrder);
  for (int i = 0; i < 8; ++i) REQUIRE(g.check_new(normal, {}, 0, kSec) == RejectReason::None);
  CHECK(g.check_new(normal, {}, 0, kSec) == RejectReason::VenueOrderLimit);  // 8 = 80 % of 10
  CHECK(g.check_new(risk, {}, 0, kSec) == RejectReason::None);   // the last 20 % are theirs
  CHECK(g.check_new(risk, {}, 0, kSec) == RejectReason::None);
  CHECK(g.check_new(risk, {}, 0, kSec) == RejectReason::VenueOrderLimit);  // hard cap: all
  CHECK(g.rejects(RejectReason::VenueOrderLimit) == 2);
  CHECK(g.venue_orders_10s(kSec) == 10);
  // 10 s later (plus one bucket) the short window has room again.
  CHECK(g.check_new(normal, {}, 0, 11 * kSec + kSec / 2) == RejectReason::None);
  CHECK(g.venue_orders_1m(11 * kSec + kSec / 2) == 11);
}

TEST_CASE("a venue refusal does not consume the local orders/s budget") {
  SymbolRulesTable t{4};
  RiskLimits l = venue_limits(0, 2, 0, 500);  // soft: 1 order per 10 s
  l.max_orders_per_window = 2;
  RiskGate g(l, Engine::init_rules(t));
  const OrderCommand normal = new_order(kBtc, Side::Buy, PositionSide::Long, 600'000, 10);
  CHECK(g.check_new(normal, {}, 0, kSec) == RejectReason::None);
  CHECK(g.check_new(normal, {}, 0, kSec) == RejectReason::VenueOrderLimit);
  // With the venue limit raised, the local window still has one slot left.
  g.set_venue_limits(VenueRateLimits{0, kMin, 100, 100}, 800);
  CHECK(g.check_new(normal, {}, 0, kSec) == RejectReason::None);
  CHECK(g.check_new(normal, {}, 0, kSec) == RejectReason::OrderRateLimit);
}

TEST_CASE("request weight: cancels and queries, soft vs hard, risk exemption from soft only") {
  SymbolRulesTable t{4};
  RiskLimits l = venue_limits(100, 0, 0);  // soft 80
  l.max_cancels_per_window = 1000;
  RiskGate g(l, Engine::init_rules(t));
  // Reconciliation-sized query without symbol: 80 → the whole soft share.
  CHECK(g.check_request(query(kNoSymbol, CommandKind::QueryOpenOrders, false), kSec) == RejectReason::None);
  CHECK(g.venue_weight_used(kSec) == 80);
  CHECK(g.check_request(query(kBtc, CommandKind::QueryOrder, false), kSec) == RejectReason::VenueWeightLimit);
  OrderCommand cancel = query(kBtc, CommandKind::CancelOrder, false);
  CHECK(g.check_cancel(cancel, kSec) == RejectReason::VenueWeightLimit);
  // New orders cost no IP weight: they still pass.
  CHECK(g.check_new(new_order(kBtc, Side::Buy, PositionSide::Long, 600'000, 10), {}, 0, kSec) ==
        RejectReason::None);
  // Risk-flagged: up to the hard cap (20 more), then refused like everything else.
  cancel.flags = OrderCommand::kRiskOrder;
  for (int i = 0; i < 15; ++i) REQUIRE(g.check_cancel(cancel, kSec) == RejectReason::None);
  CHECK(g.check_request(query(kNoSymbol, CommandKind::QueryPositions, true), kSec) == RejectReason::None);
  CHECK(g.venue_weight_used(kSec) == 100);
  CHECK(g.check_cancel(cancel, kSec) == RejectReason::VenueWeightLimit);
  CHECK(g.check_weight(1, true, kSec) == RejectReason::VenueWeightLimit);
  CHECK(g.rejects(RejectReason::VenueWeightLimit) == 4);
  // A minute and a bucket later the window is empty again.
  CHECK(g.check_cancel(cancel, kMin + 2 * kSec) == RejectReason::None);
  CHECK(g.venue_weight_used(kMin + 2 * kSec) == 1);
}

TEST_CASE("observe_used_weight: the venue's count raises the local one, never lowers it") {
  SymbolRulesTable t{4};
  RiskGate g(venue_limits(100, 0, 0), Engine::init_rules(t));
  const OrderCommand q = query(kBtc, CommandKind::QueryOrder, false);
  for (int i = 0; i < 10; ++i) REQUIRE(g.check_request(q, kSec) == RejectReason::None);
  g.observe_used_weight(5, 2 * kSec);  // older view (our requests in flight): ignored
  CHECK(g.venue_weight_used(2 * kSec) == 10);
  g.observe_used_weight(75, 3 * kSec);  // other users of the IP: the venue knows better
  CHECK(g.venue_weight_used(3 * kSec) == 75);
  CHECK(g.check_request(q, 3 * kSec) == RejectReason::None);  // 76
  for (int i = 0; i < 4; ++i) REQUIRE(g.check_request(q, 3 * kSec) == RejectReason::None);
  CHECK(g.check_request(q, 3 * kSec) == RejectReason::VenueWeightLimit);  // 80 = soft cap
  g.observe_used_weight(0, 3 * kSec);  // 0 = header absent
  CHECK(g.venue_weight_used(3 * kSec) == 80);
  // The top-up expires a full window after it was observed, not earlier.
  CHECK(g.venue_weight_used(3 * kSec + kMin) == 70);
  CHECK(g.venue_weight_used(4 * kSec + kMin) == 0);
  // Order count: same, from X-MBX-ORDER-COUNT-10S.
  RiskGate o(venue_limits(0, 10, 0), t);
  o.observe_order_count_10s(9, kSec);
  const OrderCommand normal = new_order(kBtc, Side::Buy, PositionSide::Long, 600'000, 10);
  CHECK(o.check_new(normal, {}, 0, kSec) == RejectReason::VenueOrderLimit);
  // Off: nothing happens.
  RiskGate off(RiskLimits{}, t);
  off.observe_used_weight(1'000'000, kSec);
  CHECK(off.venue_weight_used(kSec) == 0);
  CHECK(off.check_request(q, kSec) == RejectReason::None);
}

TEST_CASE("OrderManager feeds the ack's X-MBX-USED-WEIGHT-1M to the gate") {
  Engine e(Engine::small_cfg(), venue_limits(2400, 0, 0));
  Order& o = e.place(Side::Buy, PositionSide::Long, 600'000, 10, kSec);
  OrderAck a = ack(o, CommandKind::NewOrder, OrderStatus::Open);
  a.used_weight_1m = 1920;  // 80 % of 2400: the soft share is used up
  a.generation = 99;  // even a stale-generation reply tells the truth about the IP's usage
  e.m.on_ack(a, 2 * kSec);
  CHECK(e.risk.venue_weight_used(2 * kSec) == 1920);
  OrderCommand c = query(kBtc, CommandKind::CancelOrder, false);
  CHECK(e.risk.check_cancel(c, 2 * kSec) == RejectReason::VenueWeightLimit);
  c.flags = OrderCommand::kRiskOrder;
  CHECK(e.risk.check_cancel(c, 2 * kSec) == RejectReason::None);
}

TEST_CASE("a query refused by the venue budget is retried by the timer, not lost") {
  Engine e(Engine::small_cfg(), venue_limits(10, 0, 0));
  Order& o = e.place(Side::Buy, PositionSide::Long, 600'000, 10, kSec);
  e.m.on_disconnect(104, 2 * kSec);
  REQUIRE(o.status == OrderStatus::Unknown);
  // Someone else used the whole IP budget (venue header on another reply).
  e.risk.observe_used_weight(10, 7 * kSec);
  OrderCommand out[8];
  CHECK(e.m.on_timer(8 * kSec, out, 8) == 0);  // risk query, but over the hard cap
  CHECK(e.m.stats().queries_deferred == 1);
  CHECK(e.m.stats().queries_issued == 0);
  CHECK(o.last_query_ns == 0);
  CHECK(e.m.on_timer(9 * kSec, out, 8) == 0);  // still no budget: deferred again
  CHECK(e.m.stats().queries_deferred == 2);
  // A window later the budget is back: the very next tick queries it.
  const std::uint32_t n = e.m.on_timer(7 * kSec + kMin + kSec, out, 8);
  REQUIRE(n == 1);
  CHECK(out[0].kind == CommandKind::QueryOrder);
  CHECK(out[0].client_id == o.client_id);
  CHECK(e.m.stats().queries_issued == 1);
  CHECK(e.risk.venue_weight_used(7 * kSec + kMin + kSec) == 1);
}

TEST_CASE("a kill-switch cancel refused by the venue budget stays pending and is retried") {
  RiskLimits lim = venue_limits(10, 0, 0);
  lim.kill_faults = 1;
  Engine e(Engine::small_cfg(), lim);
  Order& a = e.place(Side::Buy, PositionSide::Long, 590'000, 10, kSec);
  Order& b = e.place(Side::Buy, PositionSide::Long, 580'000, 10, kSec);
  e.m.on_ack(ack(a, CommandKind::NewOrder, OrderStatus::Open), kSec);
  e.m.on_ack(ack(b, CommandKind::NewOrder, OrderStatus::Open), kSec);
  e.risk.observe_used_weight(9, 2 * kSec);  // room for one cancel (weight 1) only
  e.m.on_disconnect(104, 2 * kSec);         // one fault trips the switch
  REQUIRE(e.risk.kill_tripped());
  OrderCommand out[8];
  std::uint32_t n = e.m.on_timer(3 * kSec, out, 8);
  REQUIRE(count_kind(out, n, CommandKind::CancelOrder) == 1);
  CHECK(e.m.cancel_all_deferred());
  CHECK(e.m.stats().cancels_deferred == 1);
  const Order& left = out[0].client_id == a.client_id ? b : a;
  CHECK_FALSE(left.cancel_requested);
  CHECK(left.live());
  // Still no budget: nothing lost, nothing sent.
  n = e.m.on_timer(4 * kSec, out, 8);
  CHECK(count_kind(out, n, CommandKind::CancelOrder) == 0);
  // Budget back: the pending kill-switch cancel goes out.
  n = e.m.on_timer(2 * kSec + kMin + kSec, out, 8);
  REQUIRE(count_kind(out, n, CommandKind::CancelOrder) == 1);
  CHECK(out[0].client_id == left.client_id);
  CHECK(left.cancel_requested);
  CHECK_FALSE(e.m.cancel_all_deferred());
  n = e.m.on_timer(2 * kSec + kMin + 2 * kSec, out, 8);
  CHECK(count_kind(out, n, CommandKind::CancelOrder) == 0);
}

TEST_CASE("a strategy cancel refused by the venue budget leaves the order cancellable") {
  Engine e(Engine::small_cfg(), venue_limits(10, 0, 0));
  Order& o = e.place(Side::Buy, PositionSide::Long, 590'000, 10, kSec);
  e.m.on_ack(ack(o, CommandKind::NewOrder, OrderStatus::Open), kSec);
  e.risk.observe_used_weight(8, kSec);  // soft cap 8 reached
  OrderCommand out;
  CHECK(e.m.request_cancel(o.client_id, false, 2 * kSec, out) == RejectReason::VenueWeightLimit);
  CHECK_FALSE(o.cancel_requested);
  CHECK(e.m.stats().cancels_issued == 0);
  // A risk cancel may use the rest of the budget; so may the retry of the same order.
  CHECK(e.m.request_cancel(o.client_id, true, 2 * kSec, out) == RejectReason::None);
  CHECK(o.cancel_requested);
  CHECK(out.kind == CommandKind::CancelOrder);
}

TEST_CASE("venue budget checks allocate nothing") {
  SymbolRulesTable t{4};
  RiskGate g(venue_limits(2400, 300, 1200), Engine::init_rules(t));
  const OrderCommand normal = new_order(kBtc, Side::Buy, PositionSide::Long, 600'000, 10);
  const OrderCommand q = query(kBtc, CommandKind::QueryOrder, true);
  OrderCommand c = query(kBtc, CommandKind::CancelOrder, false);
  std::uint64_t passed = 0;
  const std::uint64_t before = AllocGuard::armed_allocations();
  {
    AllocGuard::Armed armed;
    for (int i = 0; i < 20'000; ++i) {
      const std::int64_t now = i * 10'000'000LL;  // 100 per second
      passed += g.check_new(normal, {}, 0, now) == RejectReason::None;
      passed += g.check_request(q, now) == RejectReason::None;
      passed += g.check_cancel(c, now) == RejectReason::None;
      g.observe_used_weight(static_cast<std::uint32_t>(i % 500), now);
    }
    g.set_venue_limits(binance::usdm_documented_limits(), 800);
  }
  if (AllocGuard::enabled()) CHECK(AllocGuard::armed_allocations() == before);
  CHECK(passed > 0);
  CHECK(g.rejects(RejectReason::VenueOrderLimit) > 0);  // 100/s > 80 % of 300 per 10 s
}

}  // TEST_SUITE
