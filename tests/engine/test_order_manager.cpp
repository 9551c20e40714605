// OrderManager: place/ack/update flows, journal-before-send, generation token, UNKNOWN
// resolution by query, store exhaustion, cancel-all scope, kill switch, no allocation.
#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>

#include "core/alloc_guard.hpp"
#include "engine/journal.hpp"
#include "engine_fixture.hpp"

using namespace xtb;
using namespace xtb::engine;
using namespace xtb::engine::test;

namespace {
constexpr std::int64_t kSec = 1'000'000'000;

int count_kind(const OrderCommand* out, std::uint32_t n, CommandKind k) {
  int c = 0;
  for (std::uint32_t i = 0; i < n; ++i) c += out[i].kind == k;
  return c;
}
}  // namespace

TEST_SUITE("engine") {

TEST_CASE("place: id assigned, intent journaled before the order is Submitting") {
  Engine e;
  OrderCommand c = new_order(kBtc, Side::Buy, PositionSide::Long, 600'000, 10);
  const PlaceResult r = e.m.place(c, 0, 1000);
  REQUIRE(r.reject == RejectReason::None);
  CHECK(c.client_id.view() == "xtb-r1-1");
  CHECK(c.generation == 1);
  CHECK(r.order->status == OrderStatus::Submitting);
  REQUIRE(e.sink.records.size() == 1);
  CHECK(e.sink.records[0].h.type == RecordType::Intent);
  OrderCommand journaled;
  REQUIRE(payload_as(e.sink.records[0], journaled));
  CHECK(journaled.client_id == c.client_id);
  // Live order leaves count as open exposure for later risk checks.
  CHECK(e.m.exposure(kBtc, PositionSide::Long).open_buy == 10);
}

TEST_CASE("full lifecycle through acks and user-stream updates updates positions") {
  Engine e;
  Order& o = e.place(Side::Buy, PositionSide::Long, 600'000, 10);
  e.m.on_ack(ack(o, CommandKind::NewOrder, OrderStatus::Open), 2000);
  CHECK(o.status == OrderStatus::Open);
  CHECK(e.m.store().find_by_venue_id(8886774) == &o);
  // The fixture order_update_trade_partial.json carries fee n=0.01 USDT and rp=12.34.
  e.m.on_update(venue_update(o, OrderStatus::PartiallyFilled, 4, 4, 600'000, 1, 1'000'000, 1'234'000'000),
                EventSource::Ws, 3000);
  CHECK(e.m.exposure(kBtc, PositionSide::Long).position == 4);
  CHECK(e.m.exposure(kBtc, PositionSide::Long).open_buy == 6);
  e.m.on_update(venue_update(o, OrderStatus::Filled, 10, 6, 601'000, 2), EventSource::Ws, 4000);
  const Position* p = e.positions.get(kBtc, PositionSide::Long);
  CHECK(p->qty == 10);
  CHECK(p->fees == 1'000'000);
  CHECK(p->venue_realized_pnl == 1'234'000'000);
  CHECK(p->open_buy_qty == 0);
  CHECK(e.listener.fills.size() == 2);
  CHECK(e.listener.terminal_count(o.client_id) == 1);
  CHECK(o.retired);
  // Duplicates of everything after the fact change nothing.
  e.m.on_update(venue_update(o, OrderStatus::Filled, 10, 6, 601'000, 2), EventSource::Ws, 5000);
  e.m.on_ack(ack(o, CommandKind::CancelOrder, OrderStatus::Canceled), 5000);
  CHECK(p->qty == 10);
  CHECK(e.listener.terminal_count(o.client_id) == 1);
}

TEST_CASE("on_event dispatches R2 events by type") {
  Engine e;
  Order& o = e.place(Side::Buy, PositionSide::Both, 600'000, 10);
  Event ev{};
  ev.h.type = EventType::OrderAck;
  ev.order_ack = ack(o, CommandKind::NewOrder, OrderStatus::Open);
  CHECK(e.m.on_event(ev, EventSource::Rest, 2000));
  CHECK(o.status == OrderStatus::Open);
  ev = Event{};
  ev.h.type = EventType::OrderUpdate;
  ev.order_update = venue_update(o, OrderStatus::Filled, 10, 10, 600'000, 3);
  CHECK(e.m.on_event(ev, EventSource::Ws, 3000));
  CHECK(o.status == OrderStatus::Filled);
  ev = Event{};
  ev.h.type = EventType::AccountUpdate;
  ev.account_update.n_positions = 1;
  ev.account_update.positions[0] = {kBtc, PositionSide::Both, {}, 10, 600'000, 0, 0};
  CHECK(e.m.on_event(ev, EventSource::Ws, 4000));
  CHECK(e.positions.get(kBtc, PositionSide::Both)->venue_qty == 10);
  ev = Event{};
  ev.h.type = EventType::BestBidOffer;
  CHECK_FALSE(e.m.on_event(ev, EventSource::Ws, 5000));
}

TEST_CASE("generation token: replies of another generation are dropped and counted") {
  Engine e;
  Order& o = e.place(Side::Buy, PositionSide::Long, 600'000, 10);
  e.m.on_ack(ack(o, CommandKind::NewOrder, OrderStatus::Open, 0, /*generation=*/7), 2000);
  CHECK(o.status == OrderStatus::Submitting);
  CHECK(e.m.stats().stale_generation == 1);
  e.m.begin_generation(2, 3000);
  // The old cycle's order: its late updates are dropped too.
  e.m.on_update(venue_update(o, OrderStatus::Filled, 10, 10, 600'000, 9), EventSource::Ws, 4000);
  CHECK(o.status == OrderStatus::Submitting);
  CHECK(e.positions.get(kBtc, PositionSide::Long)->qty == 0);
  CHECK(e.m.stats().stale_generation == 2);
  Order& n = e.place(Side::Buy, PositionSide::Long, 600'000, 10, 5000);
  CHECK(n.generation == 2);
  e.m.on_ack(ack(n, CommandKind::NewOrder, OrderStatus::Open, 0, 2), 6000);
  CHECK(n.status == OrderStatus::Open);
}

TEST_CASE("UNKNOWN after disconnect is resolved by query, never by resubmission") {
  Engine e;
  Order& o = e.place(Side::Buy, PositionSide::Long, 600'000, 10, 1 * kSec);
  e.m.on_disconnect(104, 2 * kSec);
  CHECK(o.status == OrderStatus::Unknown);
  OrderCommand out[8];
  // Before the venue's recvWindow has surely passed: no query yet.
  CHECK(e.m.on_timer(3 * kSec, out, 8) == 0);
  std::uint32_t n = e.m.on_timer(8 * kSec, out, 8);
  REQUIRE(n == 1);
  CHECK(out[0].kind == CommandKind::QueryOrder);
  CHECK(out[0].client_id == o.client_id);
  CHECK((out[0].flags & OrderCommand::kRiskOrder) != 0);
  // Re-queried only after query_interval.
  CHECK(e.m.on_timer(8 * kSec + 1, out, 8) == 0);
  n = e.m.on_timer(11 * kSec, out, 8);
  CHECK(count_kind(out, n, CommandKind::QueryOrder) == 1);
  CHECK(count_kind(out, n, CommandKind::NewOrder) == 0);
  // The venue has no such order (-2013): it never reached the book.
  e.m.on_ack(ack(o, CommandKind::QueryOrder, OrderStatus::Failed, -2013), 12 * kSec);
  CHECK(o.status == OrderStatus::Failed);
  CHECK(e.listener.terminal_count(o.client_id) == 1);
  CHECK(e.m.on_timer(20 * kSec, out, 8) == 0);
}

TEST_CASE("submit timeout turns Submitting into Unknown; the venue's answer resolves it") {
  Engine e;
  Order& o = e.place(Side::Buy, PositionSide::Long, 600'000, 10, 1 * kSec);
  OrderCommand out[8];
  e.m.on_timer(5 * kSec, out, 8);
  CHECK(o.status == OrderStatus::Submitting);
  e.m.on_timer(11 * kSec, out, 8);
  CHECK(o.status == OrderStatus::Unknown);
  e.m.on_update(venue_update(o, OrderStatus::Open, 0), EventSource::Rest, 12 * kSec);
  CHECK(o.status == OrderStatus::Open);
  CHECK(e.m.machine().stats().unknown_resolved == 1);
}

TEST_CASE("store exhaustion is a StoreFull risk reject; terminal orders free slots") {
  OrderManagerConfig cfg;
  cfg.capacity = 3;
  Engine e(cfg);
  Order* o[3];
  for (int i = 0; i < 3; ++i) o[i] = &e.place(Side::Buy, PositionSide::Long, 600'000, 1);
  OrderCommand c = new_order(kBtc, Side::Buy, PositionSide::Long, 600'000, 1);
  CHECK(e.m.place(c, 0, 2000).reject == RejectReason::StoreFull);
  CHECK(e.risk.rejects(RejectReason::StoreFull) == 1);
  e.m.on_ack(ack(*o[1], CommandKind::NewOrder, OrderStatus::Rejected, -5022), 3000);
  OrderCommand c2 = new_order(kBtc, Side::Buy, PositionSide::Long, 600'000, 1);
  CHECK(e.m.place(c2, 0, 4000).reject == RejectReason::None);
}

TEST_CASE("duplicate client id from a strategy is rejected") {
  Engine e;
  OrderCommand a = new_order(kBtc, Side::Buy, PositionSide::Long, 600'000, 1);
  a.client_id = cid("xtb-r1-manual");
  CHECK(e.m.place(a, 0, 1000).reject == RejectReason::None);
  OrderCommand b = new_order(kBtc, Side::Buy, PositionSide::Long, 600'000, 1);
  b.client_id = cid("xtb-r1-manual");
  CHECK(e.m.place(b, 0, 1000).reject == RejectReason::DuplicateClientId);
}

TEST_CASE("cancel request, cancel reject → query, and unknown-id updates") {
  Engine e;
  Order& o = e.place(Side::Buy, PositionSide::Long, 600'000, 10, kSec);
  e.m.on_ack(ack(o, CommandKind::NewOrder, OrderStatus::Open), kSec);
  OrderCommand c{};
  CHECK(e.m.request_cancel(o.client_id, false, 2 * kSec, c) == RejectReason::None);
  CHECK(c.kind == CommandKind::CancelOrder);
  CHECK(c.venue_order_id == 8886774);
  CHECK(o.cancel_requested);
  e.m.on_ack(ack(o, CommandKind::CancelOrder, OrderStatus::Rejected, -2011), 3 * kSec);
  OrderCommand out[4];
  const std::uint32_t n = e.m.on_timer(4 * kSec, out, 4);
  REQUIRE(n == 1);
  CHECK(out[0].kind == CommandKind::QueryOrder);
  CHECK(e.m.request_cancel(cid("xtb-r1-404"), false, 5 * kSec, c) == RejectReason::BadOrder);
  // Updates for ids we do not hold.
  OrderUpdate u = venue_update(o, OrderStatus::Open, 0);
  u.client_id = cid("xtb-r1-55");  // this run, not held (an earlier process of it)
  u.venue_order_id = 1;
  e.m.on_update(u, EventSource::Ws, 6 * kSec);
  CHECK(e.m.stats().unknown_own_orders == 1);
  CHECK(e.m.take_reconcile_request());
  CHECK_FALSE(e.m.take_reconcile_request());
  // B9: another run of our prefix (a second instance on the account) is not ours.
  u.client_id = cid("xtb-r0-55");
  e.m.on_update(u, EventSource::Ws, 6 * kSec);
  CHECK(e.m.stats().unknown_own_orders == 1);
  CHECK(e.m.stats().foreign_orders == 1);
  CHECK_FALSE(e.m.take_reconcile_request());
  u.client_id = cid("xtb-ps.L.BTCUSDT-3");  // a protective stop of our prefix is
  u.close_position = true;
  e.m.on_update(u, EventSource::Ws, 6 * kSec);
  CHECK(e.m.stats().unknown_own_orders == 2);
  CHECK(e.m.take_reconcile_request());
  u.close_position = false;
  u.client_id = cid("web_Zx81");
  u.venue_order_id = 2;
  e.m.on_update(u, EventSource::Ws, 6 * kSec);
  CHECK(e.m.stats().foreign_orders == 2);  // the other run's and the manual one
}

TEST_CASE("cancel_all_own: this run only, protective stops stay") {
  Engine e;
  Order& a = e.place(Side::Buy, PositionSide::Long, 600'000, 10);
  Order& stop = e.place(Side::Sell, PositionSide::Long, 500'000, 0, 1000, OrderCommand::kClosePosition);
  VenueOrder old{};
  old.client_id = cid("xtb-r0-9");  // previous run, adopted by reconciliation
  old.symbol = kBtc;
  old.side = Side::Buy;
  old.position_side = PositionSide::Long;
  old.type = OrderType::Limit;
  old.status = OrderStatus::Open;
  old.px = 590'000;
  old.orig_qty = 5;
  REQUIRE(e.m.adopt_order(old, 1500) != nullptr);
  OrderCommand out[8];
  std::uint32_t n = e.m.cancel_all_own({true, true}, 2000, out, 8);
  REQUIRE(n == 1);
  CHECK(out[0].client_id == a.client_id);
  n = e.m.cancel_all_own({false, true}, 2000, out, 8);  // a has a cancel outstanding
  REQUIRE(n == 1);
  CHECK(out[0].client_id.view() == "xtb-r0-9");
  n = e.m.cancel_all_own({false, false}, 2000, out, 8);
  REQUIRE(n == 1);
  CHECK(out[0].client_id == stop.client_id);
}

TEST_CASE("kill switch: N venue rejects → HALTED, cancel all, listener alerted") {
  RiskLimits lim;
  lim.kill_faults = 3;
  lim.kill_window_ns = 60 * kSec;
  Engine e(Engine::small_cfg(), lim);
  Order& resting = e.place(Side::Buy, PositionSide::Long, 590'000, 10, kSec);
  e.m.on_ack(ack(resting, CommandKind::NewOrder, OrderStatus::Open), kSec);
  for (int i = 0; i < 3; ++i) {
    Order& o = e.place(Side::Buy, PositionSide::Long, 600'000, 1, 2 * kSec);
    e.m.on_ack(ack(o, CommandKind::NewOrder, OrderStatus::Rejected, -5022), 2 * kSec + i);
  }
  CHECK(e.risk.kill_tripped());
  CHECK(e.risk.state() == TradingState::Halted);
  CHECK(e.listener.kills == 1);
  OrderCommand out[8];
  const std::uint32_t n = e.m.on_timer(3 * kSec, out, 8);
  REQUIRE(count_kind(out, n, CommandKind::CancelOrder) == 1);
  CHECK(out[0].client_id == resting.client_id);
  OrderCommand c = new_order(kBtc, Side::Buy, PositionSide::Long, 600'000, 1);
  CHECK(e.m.place(c, 0, 4 * kSec).reject == RejectReason::Halted);
}

TEST_CASE("B9: the kill switch cancels this run's orders only, never another run's") {
  RiskLimits lim;
  lim.kill_faults = 1;
  lim.kill_window_ns = 60 * kSec;
  Engine e(Engine::small_cfg(), lim);
  Order& mine = e.place(Side::Buy, PositionSide::Long, 590'000, 10, kSec);
  e.m.on_ack(ack(mine, CommandKind::NewOrder, OrderStatus::Open), kSec);
  VenueOrder other{};
  other.client_id = cid("xtb-r0-9");  // same prefix, another run (held here only if adopted by hand)
  other.symbol = kBtc;
  other.side = Side::Buy;
  other.position_side = PositionSide::Long;
  other.type = OrderType::Limit;
  other.status = OrderStatus::Open;
  other.px = 580'000;
  other.orig_qty = 5;
  REQUIRE(e.m.adopt_order(other, kSec) != nullptr);
  Order& bad = e.place(Side::Buy, PositionSide::Long, 600'000, 1, 2 * kSec);
  e.m.on_ack(ack(bad, CommandKind::NewOrder, OrderStatus::Rejected, -5022), 2 * kSec);
  REQUIRE(e.risk.kill_tripped());
  OrderCommand out[8];
  const std::uint32_t n = e.m.on_timer(3 * kSec, out, 8);
  REQUIRE(count_kind(out, n, CommandKind::CancelOrder) == 1);
  CHECK(out[0].client_id == mine.client_id);
}

TEST_CASE("journal failure requests a reconciliation") {
  Engine e;
  e.sink.fail = true;
  e.place(Side::Buy, PositionSide::Long, 600'000, 1);
  CHECK(e.m.stats().journal_failures == 1);
  CHECK(e.m.take_reconcile_request());
}

// A listener that does not allocate (the recording one pushes into vectors).
struct CountingListener final : OrderListener {
  int fills = 0, terminals = 0;
  void on_order_fill(const Order&, const Fill&) noexcept override { ++fills; }
  void on_order_terminal(const Order&) noexcept override { ++terminals; }
};

TEST_CASE("steady-state order flow allocates nothing (journal writer attached)") {
  SymbolRulesTable rules{4};
  Engine::init_rules(rules);
  PositionBook positions{rules};
  RiskGate risk{RiskLimits{}, rules};
  OrderIdAllocator ids{"xtb", "alloc"};
  CountingListener listener;
  const std::string path = (std::filesystem::temp_directory_path() /
                            ("xtb_engine_alloc_" + std::to_string(::getpid()) + ".journal"))
                               .string();
  std::remove(path.c_str());
  JournalWriterConfig jc;
  jc.path = path;
  jc.queue_capacity = 1 << 16;
  JournalWriter writer(jc);
  OrderManagerConfig cfg;
  cfg.capacity = 256;
  OrderManager m(cfg, ids, positions, risk, &writer, &listener);
  OrderCommand out[16];
  auto cycle = [&](int i) {
    OrderCommand c = new_order(kBtc, i % 2 ? Side::Buy : Side::Sell, PositionSide::Both, 600'000, 2);
    const PlaceResult r = m.place(c, 0, i * 1000);
    Order& o = *r.order;
    m.on_ack(ack(o, CommandKind::NewOrder, OrderStatus::Open), i * 1000 + 1);
    m.on_update(venue_update(o, OrderStatus::PartiallyFilled, 1, 1, 600'000, 2 * i + 1),
                EventSource::Ws, i * 1000 + 2);
    m.on_update(venue_update(o, OrderStatus::Filled, 2, 1, 600'001, 2 * i + 2), EventSource::Ws,
                i * 1000 + 3);
    m.on_timer(i * 1000 + 4, out, 16);
  };
  for (int i = 1; i <= 300; ++i) cycle(i);  // warm-up: fills the store, recycles slots
  const std::uint64_t before = AllocGuard::armed_allocations();
  {
    AllocGuard::Armed armed;
    for (int i = 301; i <= 1300; ++i) cycle(i);
  }
  if (AllocGuard::enabled()) {
    CHECK(AllocGuard::armed_allocations() == before);
    // The guard itself sees an allocation made while armed (the check above can fail).
    {
      AllocGuard::Armed armed;
      void* volatile p = std::malloc(64);
      std::free(p);
    }
    CHECK(AllocGuard::armed_allocations() == before + 1);
  }
  CHECK(listener.terminals == 1300);
  CHECK(writer.dropped() == 0);
  writer.flush();
  std::remove(path.c_str());
}

}  // TEST_SUITE
