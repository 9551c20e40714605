// ReconcileSession and the venue weight budget: the cycle's REST queries (openOrders +
// openAlgoOrders without symbol: 40 + 40, positionRisk: 5) are booked in the RiskGate;
// a refused cycle is abandoned for the caller's retry path, a refused reconciler query
// is re-asked by OrderManager::on_timer.
#include <doctest/doctest.h>

#include <cstring>

#include "pipeline/sequencer/command_publisher.hpp"
#include "pipeline/sequencer/reconcile_session.hpp"
#include "engine_fixture.hpp"
#include "venue/binance/command_costs.hpp"
#include "venue/binance/venue_id.hpp"

using namespace xtb;
using namespace xtb::engine;
using namespace xtb::engine::test;

namespace {

constexpr std::int64_t kSec = 1'000'000'000;
constexpr std::int64_t kMin = 60 * kSec;

RiskLimits weight_limit(std::uint32_t w) {
  RiskLimits l;
  l.venue.weight_limit = w;
  l.costs = binance::usdm_command_costs();  // realistic costs: Binance USD-M's table
  return l;
}

Event end_of_list() {
  Event e;
  std::memset(&e, 0, sizeof e);
  e.h.type = EventType::OrderAck;
  e.h.symbol = kNoSymbol;
  e.order_ack.status = OrderStatus::Open;
  e.order_ack.request_kind = static_cast<std::uint8_t>(CommandKind::QueryOpenOrders);
  return e;
}

Event empty_positions() {
  Event e;
  std::memset(&e, 0, sizeof e);
  e.h.type = EventType::AccountUpdate;
  e.h.symbol = kNoSymbol;
  e.h.flags = AccountUpdate::kFirstChunk | AccountUpdate::kLastChunk;
  return e;
}

std::uint32_t drain(SpscRing<OrderCommand>& ring, OrderCommand* out) {
  std::uint32_t n = 0;
  while (OrderCommand* c = ring.front()) {
    out[n++] = *c;
    ring.pop();
  }
  return n;
}

}  // namespace

TEST_SUITE("engine") {

TEST_CASE("reconciliation books its query weight; a refused cycle sends nothing and is abandoned") {
  Engine e(Engine::small_cfg(), weight_limit(100));
  SpscRing<OrderCommand> ring(64);
  CommandPublisher pub(ring, nullptr);
  ReconcileSession s(e.m, pub, ReconcileConfig{});
  OrderCommand out[16];

  e.risk.observe_used_weight(20, kSec);  // 20 + 85 > 100: even the hard cap refuses
  CHECK(s.begin(kSec, binance::kVenueId));
  CHECK(s.active());
  CHECK(drain(ring, out) == 0);
  CHECK(s.stats().budget_deferred == 1);
  CHECK_FALSE(e.risk.calibrating());       // nothing paused for a cycle that never started
  CHECK(s.check_timeout(kSec));            // abandoned at once: the caller retries
  CHECK_FALSE(s.active());
  CHECK(e.risk.rejects(RejectReason::VenueWeightLimit) == 1);

  // A window later the budget is back: both queries go out and 85 is booked.
  const std::int64_t t = kSec + kMin + kSec;
  CHECK(s.begin(t, binance::kVenueId));
  const std::uint32_t n = drain(ring, out);
  REQUIRE(n == 2);
  CHECK(out[0].kind == CommandKind::QueryOpenOrders);
  CHECK(out[1].kind == CommandKind::QueryPositions);
  CHECK(e.risk.venue_weight_used(t) == 85);
  CHECK(s.stats().budget_deferred == 1);
}

TEST_CASE("a reconciler query refused by the budget is asked again by the timer") {
  Engine e(Engine::small_cfg(), weight_limit(100));
  SpscRing<OrderCommand> ring(64);
  CommandPublisher pub(ring, nullptr);
  ReconcileSession s(e.m, pub, ReconcileConfig{});
  OrderCommand out[16];
  // A live order of ours the venue no longer lists: the reconciler queries it.
  Order& o = e.place(Side::Buy, PositionSide::Long, 590'000, 10, kSec);
  e.m.on_ack(ack(o, CommandKind::NewOrder, OrderStatus::Open), kSec);

  REQUIRE(s.begin(2 * kSec, binance::kVenueId));
  REQUIRE(drain(ring, out) == 2);
  CHECK(s.on_event(end_of_list()) == ReconcileSession::Progress::Collecting);
  Event last = end_of_list();
  last.order_ack.used_weight_1m = 100;  // the venue says the IP's budget is spent
  CHECK(s.on_event(last, 3 * kSec) == ReconcileSession::Progress::Collecting);
  CHECK(e.risk.venue_weight_used(3 * kSec) == 100);
  CHECK(s.on_event(empty_positions(), 3 * kSec) == ReconcileSession::Progress::Ready);
  const engine::ReconcileResult r = s.finish(3 * kSec);
  CHECK(r.commands == 1);
  CHECK(drain(ring, out) == 0);              // not published
  CHECK(s.stats().budget_refused == 1);
  CHECK(o.needs_query);                      // … but remembered
  // Still no budget at the next ticks; once the window has passed, the timer asks.
  CHECK(e.m.on_timer(6 * kSec, out, 16) == 0);
  CHECK(e.m.stats().queries_deferred >= 1);
  const std::uint32_t n = e.m.on_timer(3 * kSec + kMin + kSec, out, 16);
  REQUIRE(n == 1);
  CHECK(out[0].kind == CommandKind::QueryOrder);
  CHECK(out[0].client_id == o.client_id);
}

}  // TEST_SUITE
