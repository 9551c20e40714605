// test_closer_risk.cpp — ReduceOnlyCloser risk behaviour against the real engine: soft
// liquidation threshold, panic_close tiers, stale-data pause, protective stop life cycle
// (place, replace, cancel when flat, trigger, re-adoption after a restart), external
// increase alerts, kill switch, pause, back-pressure and over-close protection.
#include <doctest/doctest.h>

#include "closer_fixture.hpp"

using namespace xtb;
using namespace xtb::strategy;
using namespace xtb::strategy::test;

namespace {

// Market at 600000 (60000.0): a book and two trades, so the view is ready and fresh.
void warm(Fixture& f) {
  f.market(book_event(599'999, 600'001));
  f.market(trade_event(600'000));
  f.market(trade_event(600'000));
}

CloserParams risk_params() {
  CloserParams p = test_params();
  p.risk.liq_distance_threshold_e8 = 5'000'000;  // 5%
  p.risk.panic_close.enabled = true;
  p.risk.panic_close.ttl_percent_e8 = 50'000'000;  // TTL 500 ms
  p.risk.panic_close.n = 3;
  p.risk.panic_close.tiers[0] = {4'000'000, 2'000'000, 2};   // ≤ 4%: 2% slices
  p.risk.panic_close.tiers[1] = {3'000'000, 5'000'000, 2};   // ≤ 3%: 5%
  p.risk.panic_close.tiers[2] = {2'000'000, 10'000'000, 1};  // ≤ 2%: 10%, escalate after 1
  return p;
}

}  // namespace

TEST_CASE("soft threshold forces AGGRESSIVE_LIMIT for signal slices") {
  Fixture f(risk_params());
  f.set_position(PositionSide::Long, 1000, 600'000);
  f.closer.set_position_risk(kBtc, PositionSide::Long, 571'000, 10);  // dist 4.83%
  f.start();
  f.market(mark_event(600'000));
  f.long_signal(600'000, 600'003);
  REQUIRE(f.count() == 1);
  CHECK(f.last().tif == TimeInForce::GTC);
  CHECK(f.last().px == 600'000);  // best bid
  CHECK(f.side(PositionSide::Long).soft_risk);
  CHECK(f.side(PositionSide::Long).panic_tier == -1);
  // Seed 002 switches the side's mode (review row 31): counted as an escalation, and it stays
  // after the zone is left until the de-escalation rules bring it back.
  CHECK(f.side(PositionSide::Long).exec.mode() == ExecMode::AggressiveLimit);
  CHECK(f.side(PositionSide::Long).stats.escalations == 1);
  CHECK(f.drain_alerts(AlertKind::SoftRiskEnter) == 1);
  f.closer.set_position_risk(kBtc, PositionSide::Long, 500'000, 10);  // dist 16.7%: out of the zone
  f.timer();
  CHECK_FALSE(f.side(PositionSide::Long).soft_risk);
  CHECK(f.side(PositionSide::Long).exec.mode() == ExecMode::AggressiveLimit);
  CHECK(f.drain_alerts(AlertKind::SoftRiskExit) == 1);
}

TEST_CASE("row 12: a side that reaches zero cancels its working slice at once, not at its TTL") {
  Fixture f(risk_params());
  f.set_position(PositionSide::Long, 1000, 600'000);
  f.start();
  f.long_signal(600'000, 600'003);
  REQUIRE(f.count() == 1);
  const OrderCommand slice = f.last();
  f.ack(slice);
  f.set_position(PositionSide::Long, 0, 600'000);  // closed by someone else (a stop, by hand)
  f.timer();
  REQUIRE(f.count() == 2);
  CHECK(f.last().kind == CommandKind::CancelOrder);
  CHECK(f.last().client_id == slice.client_id);
  CHECK(f.side(PositionSide::Long).stats.ttl_cancels == 0);  // not a timeout
  CHECK(f.side(PositionSide::Long).exec.maker_timeouts() == 0);
  f.timer();
  CHECK(f.count() == 2);  // sent once
}

// The panic tests put the soft zone inside the panic tiers (seed 002's own order: soft 1.5 %,
// panic tiers above it), so the side's rotation, not soft risk, sets the first slice's mode.
CloserParams panic_params() {
  CloserParams p = risk_params();
  p.risk.liq_distance_threshold_e8 = 1'000'000;  // 1%
  return p;
}

TEST_CASE("panic_close tiers bypass signals and throttle, slice by slice_ratio, short TTL, risk flag") {
  Fixture f(panic_params());
  f.set_position(PositionSide::Long, 1000, 600'000);
  f.start();
  warm(f);
  f.market(mark_event(600'000));
  f.closer.set_position_risk(kBtc, PositionSide::Long, 579'000, 10);  // dist 3.5% → tier 0
  f.timer();
  REQUIRE(f.count() == 1);
  OrderCommand c = f.last();
  CHECK(c.qty == 20);  // 2% of 1000
  CHECK((c.flags & OrderCommand::kRiskOrder) != 0);
  CHECK((c.flags & OrderCommand::kReduceOnly) != 0);
  CHECK(c.tif == TimeInForce::PostOnly);  // panic starts in the side's mode (maker)
  CHECK(f.side(PositionSide::Long).panic_tier == 0);
  CHECK(f.side(PositionSide::Long).stats.panic_events == 1);
  f.ack(c);
  f.advance(499 * kMs);
  f.timer();
  CHECK(f.count() == 1);
  f.advance(1 * kMs);  // panic TTL = 1000 ms × 0.5
  f.timer();
  REQUIRE(f.last().kind == CommandKind::CancelOrder);
  CHECK((f.last().flags & OrderCommand::kRiskOrder) != 0);
  f.venue_end(c);
  // a more dangerous tier (2.33% → tier 1): counted again, bigger slices, no signal needed
  f.closer.set_position_risk(kBtc, PositionSide::Long, 586'000, 10);
  f.advance(100 * kMs);
  f.timer();
  REQUIRE(f.last().kind == CommandKind::NewOrder);
  c = f.last();
  CHECK(c.qty == 50);  // 5% of 1000
  CHECK(f.side(PositionSide::Long).panic_tier == 1);
  CHECK(f.side(PositionSide::Long).stats.panic_events == 2);
  // fills → IDLE, next panic slice right away on the next tick (no throttle)
  f.ack(c);
  f.fill(c, c.qty, c.px);
  f.timer();
  REQUIRE(f.last().kind == CommandKind::NewOrder);
  CHECK(f.last().qty == 47);  // 5% of 950
  CHECK(f.side(PositionSide::Long).stats.panic_slices == 3);
  std::vector<int> entered;
  CHECK(f.drain_alerts(AlertKind::PanicEnter, &entered) == 2);
  CHECK(entered == std::vector<int>{0, 1});  // the tier entered, not the one left
  // back above every tier: panic ends
  f.closer.set_position_risk(kBtc, PositionSide::Long, 500'000, 10);
  f.timer();
  CHECK(f.side(PositionSide::Long).panic_tier == -1);
  std::vector<int> left;
  CHECK(f.drain_alerts(AlertKind::PanicExit, &left) == 1);
  CHECK(left == std::vector<int>{1});  // the tier left
}

TEST_CASE("panic tier's maker_timeouts_to_escalate replaces the execution one") {
  Fixture f(panic_params());
  f.set_position(PositionSide::Short, -1000, 600'000);
  f.start();
  warm(f);
  f.market(mark_event(600'000));
  f.closer.set_position_risk(kBtc, PositionSide::Short, 610'000, 10);  // dist 1.67% → tier 2
  f.timer();
  const OrderCommand c = f.last();
  REQUIRE(c.side == Side::Buy);
  CHECK(c.qty == 100);
  CHECK(c.tif == TimeInForce::PostOnly);
  f.ack(c);
  f.advance(500 * kMs);
  f.timer();
  f.venue_end(c);
  CHECK(f.side(PositionSide::Short).exec.mode() == ExecMode::AggressiveLimit);  // after 1 miss
  f.advance(100 * kMs);
  warm(f);
  REQUIRE(f.last().kind == CommandKind::NewOrder);
  CHECK(f.last().tif == TimeInForce::GTC);
  CHECK(f.last().px == 600'001);  // best ask
}

TEST_CASE("stale book/trade data pauses placing; mark price does not refresh it") {
  Fixture f(risk_params());
  f.set_position(PositionSide::Long, 1000, 600'000);
  f.start();
  warm(f);
  f.advance(1600 * kMs);  // stale_data_ms 1500
  f.market(mark_event(600'000));
  f.closer.set_position_risk(kBtc, PositionSide::Long, 579'000, 10);
  f.timer();
  CHECK(f.count() == 0);
  CHECK(f.side(PositionSide::Long).panic_tier == 0);
  CHECK(f.side(PositionSide::Long).stats.stale_skips >= 1);
  CHECK(f.drain_alerts(AlertKind::DataStale) == 1);
  f.market(book_event(599'999, 600'001));  // fresh again
  CHECK(f.count() == 1);
}

TEST_CASE("protective stop: placed per side, tightened at once, cancelled when flat") {
  CloserParams p = test_params();
  p.risk.protective_stop.enabled = true;
  p.risk.protective_stop.dist_to_liq_e8 = 1'000'000;  // 1%
  p.risk.panic_close.enabled = false;
  p.risk.liq_distance_threshold_e8 = 0;
  Fixture f(p);
  f.set_position(PositionSide::Long, 50, 600'000);
  f.set_position(PositionSide::Short, -50, 600'000);
  f.start();
  warm(f);
  f.closer.set_position_risk(kBtc, PositionSide::Long, 500'000, 10);
  f.closer.set_position_risk(kBtc, PositionSide::Short, 700'000, 10);
  f.timer();
  REQUIRE(f.count() == 2);
  const OrderCommand l = f.sink.cmds[0], s = f.sink.cmds[1];
  CHECK(l.type == OrderType::StopMarket);
  CHECK(l.flags == (OrderCommand::kClosePosition | OrderCommand::kRiskOrder));
  CHECK(l.working_type == WorkingType::MarkPrice);
  CHECK(l.qty == 0);
  CHECK(l.side == Side::Sell);
  CHECK(l.position_side == PositionSide::Long);
  CHECK(l.stop_px == 505'051);  // ceil(500000 / 0.99)
  CHECK(l.client_id.view() == "xtb-ps.L.BTCUSDT-1");
  CHECK(s.side == Side::Buy);
  CHECK(s.stop_px == 693'069);  // floor(700000 / 1.01)
  CHECK(s.client_id.view() == "xtb-ps.S.BTCUSDT-1");
  f.ack(l);
  f.ack(s);
  CHECK(f.side(PositionSide::Long).stop.state() == StopState::Active);
  // liquidation price rises (LONG): tighter stop → cancel first, then the new one
  f.closer.set_position_risk(kBtc, PositionSide::Long, 510'000, 10);
  f.timer();
  REQUIRE(f.last().kind == CommandKind::CancelOrder);
  CHECK(f.last().client_id == l.client_id);
  f.timer();
  CHECK(f.last().kind == CommandKind::CancelOrder);  // nothing new until the venue confirms
  f.venue_end(l);
  REQUIRE(f.last().kind == CommandKind::NewOrder);
  CHECK(f.last().client_id.view() == "xtb-ps.L.BTCUSDT-2");
  CHECK(f.last().stop_px == 515'152);
  const OrderCommand l2 = f.last();
  f.ack(l2);
  // small loosening (< 0.5%) is ignored
  f.closer.set_position_risk(kBtc, PositionSide::Long, 509'000, 10);
  f.advance(5000 * kMs);
  warm(f);
  CHECK(f.last().client_id == l2.client_id);
  // the SHORT side goes flat → its stop is cancelled and not replaced
  f.set_position(PositionSide::Short, 0, 0);
  f.timer();
  REQUIRE(f.last().kind == CommandKind::CancelOrder);
  CHECK(f.last().client_id == s.client_id);
  f.venue_end(s);
  f.timer();
  CHECK(f.last().kind == CommandKind::CancelOrder);
  CHECK(f.side(PositionSide::Short).stop.state() == StopState::None);
  const SideStats& st = f.side(PositionSide::Long).stats;
  CHECK(st.stop_placed == 2);
  CHECK(st.stop_replaced == 1);
  CHECK(st.stop_cancelled == 1);
  CHECK(f.side(PositionSide::Short).stats.stop_cancelled == 1);
}

TEST_CASE("protective stop: big loosening after the cooldown, trigger, would-trigger guard") {
  CloserParams p = test_params();
  p.risk.protective_stop.enabled = true;
  p.risk.protective_stop.loosen_cooldown_ms = 3000;
  p.risk.panic_close.enabled = false;
  Fixture f(p);
  f.set_position(PositionSide::Long, 50, 600'000);
  f.start();
  warm(f);
  f.market(mark_event(600'000));
  f.closer.set_position_risk(kBtc, PositionSide::Long, 594'500, 10);  // stop 600505 ≥ mark
  f.timer();
  CHECK(f.count() == 0);
  CHECK(f.side(PositionSide::Long).stop.would_trigger() >= 1);
  f.closer.set_position_risk(kBtc, PositionSide::Long, 540'000, 10);
  f.timer();
  REQUIRE(f.count() == 1);
  const OrderCommand a = f.last();
  f.ack(a);
  f.closer.set_position_risk(kBtc, PositionSide::Long, 530'000, 10);  // looser by 1.9%
  f.advance(1000 * kMs);
  warm(f);
  CHECK(f.count() == 1);  // cooldown 3 s since placement
  f.advance(2000 * kMs);
  warm(f);
  REQUIRE(f.last().kind == CommandKind::CancelOrder);
  f.venue_end(a);
  const OrderCommand b = f.last();
  CHECK(b.stop_px == 535'354);  // ceil(530000 / 0.99)
  f.ack(b);
  f.stop_fill(b, 50, 535'000);  // triggered: the venue closed the side
  CHECK(f.side(PositionSide::Long).stats.stop_triggered == 1);
  CHECK(f.side(PositionSide::Long).stats.stop_filled_qty == 50);
  CHECK(f.position(PositionSide::Long) == 0);
  CHECK(f.drain_alerts(AlertKind::StopTriggered) == 1);
}

TEST_CASE("protective stop is re-adopted after a restart and keeps its sequence") {
  CloserParams p = test_params();
  p.risk.protective_stop.enabled = true;
  p.risk.panic_close.enabled = false;
  Fixture f(p, 7);
  f.set_position(PositionSide::Long, 50, 600'000);
  f.start();
  warm(f);
  f.closer.set_position_risk(kBtc, PositionSide::Long, 500'000, 10);
  f.timer();
  REQUIRE(f.count() == 1);
  CHECK(f.last().client_id.view() == "xtb-ps.L.BTCUSDT-7");
  // A new process: the reconciler adopts the venue's open stop into the store.
  Fixture g(p);
  g.set_position(PositionSide::Long, 50, 600'000);
  engine::VenueOrder v{};
  v.client_id = f.last().client_id;
  v.venue_order_id = 99;
  v.symbol = kBtc;
  v.side = Side::Sell;
  v.position_side = PositionSide::Long;
  v.type = OrderType::StopMarket;
  v.flags = OrderCommand::kClosePosition;
  v.status = OrderStatus::Open;
  v.stop_px = 505'051;
  REQUIRE(g.om.adopt_order(v, g.now) != nullptr);
  g.closer.on_reconciled(g.now);
  CHECK(g.side(PositionSide::Long).stop.state() == StopState::Active);
  CHECK(g.side(PositionSide::Long).stats.stop_adopted == 1);
  g.start();
  warm(g);
  g.closer.set_position_risk(kBtc, PositionSide::Long, 500'000, 10);
  g.timer();
  CHECK(g.count() == 0);  // the adopted stop is the right one: nothing placed
  g.closer.set_position_risk(kBtc, PositionSide::Long, 520'000, 10);
  g.timer();
  REQUIRE(g.last().kind == CommandKind::CancelOrder);
  g.venue_end(g.last());
  CHECK(g.last().client_id.view() == "xtb-ps.L.BTCUSDT-8");
}

TEST_CASE("position opened or increased by someone else is alerted") {
  Fixture f;
  f.set_position(PositionSide::Long, 50, 600'000);
  f.start();
  f.timer();
  CHECK(f.drain_alerts(AlertKind::ExternalIncrease) == 0);
  f.set_position(PositionSide::Long, 80, 600'000);
  f.set_position(PositionSide::Short, -10, 600'000);
  f.timer();
  CHECK(f.side(PositionSide::Long).stats.external_increases == 1);
  CHECK(f.side(PositionSide::Short).stats.external_increases == 1);
  CHECK(f.closer.alerts().count(AlertKind::ExternalIncrease) == 1);
  CHECK(f.closer.alerts().count(AlertKind::ExternalOpen) == 1);
  f.timer();
  CHECK(f.closer.alerts().count(AlertKind::ExternalIncrease) == 1);  // once per change
}

TEST_CASE("never over-close: live reducing orders of others count against the position") {
  CloserParams p = test_params();
  p.execution.base_lot_mult = 10;
  Fixture f(p);
  f.set_position(PositionSide::Long, 12, 600'000);
  OrderCommand manual{};
  manual.kind = CommandKind::NewOrder;
  manual.symbol = kBtc;
  manual.side = Side::Sell;
  manual.position_side = PositionSide::Long;
  manual.type = OrderType::Limit;
  manual.tif = TimeInForce::GTC;
  manual.px = 610'000;
  manual.qty = 9;
  REQUIRE(f.om.place(manual, 0, f.now).reject == engine::RejectReason::None);
  f.start();
  f.long_signal();
  REQUIRE(f.count() == 1);
  CHECK(f.last().qty == 3);  // 12 − 9 live
}

TEST_CASE("kill switch, pause and a full command ring stop placing") {
  Fixture f;
  f.set_position(PositionSide::Long, 50, 600'000);
  f.start();
  f.closer.set_paused(true);
  f.long_signal();
  CHECK(f.count() == 0);
  f.closer.set_paused(false);
  f.sink.full = true;
  f.advance(300 * kMs);
  f.long_signal();
  CHECK(f.count() == 0);
  CHECK(f.closer.counters().sink_full >= 1);
  CHECK(f.side(PositionSide::Long).exec.state() == ExecState::Idle);
  f.sink.full = false;
  f.closer.on_kill_switch();
  f.advance(300 * kMs);
  f.long_signal();
  CHECK(f.count() == 0);
  CHECK(f.closer.halted());
  CHECK(f.drain_alerts(AlertKind::KillSwitch) == 1);
}

TEST_CASE("a side with less than min qty left raises one SideClosed alert") {
  Fixture f;
  f.rules.get(kBtc)->min_qty = 5;  // e.g. a coarser venue minimum
  f.set_position(PositionSide::Long, 3, 600'000);
  f.start();
  f.long_signal();
  f.advance(300 * kMs);
  f.long_signal();
  CHECK(f.count() == 0);
  CHECK(f.side(PositionSide::Long).stats.dust_skips == 1);
  CHECK(f.drain_alerts(AlertKind::SideClosed) == 1);
}
