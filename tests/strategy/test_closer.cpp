// test_closer.cpp — ReduceOnlyCloser against the real engine (OrderManager, RiskGate,
// PositionBook): signals → reduce-only slices, the state machine with TTL and cooldown,
// mode rotation, partial fills, sizing tiers, stale-data pause, external-increase alerts.
// Panic close and protective stops: test_closer_risk.cpp.
#include <doctest/doctest.h>

#include "closer_fixture.hpp"

using namespace xtb;
using namespace xtb::strategy;
using namespace xtb::strategy::test;

TEST_CASE("long signal places a reduce-only GTX SELL on the LONG side only") {
  Fixture f;
  f.set_position(PositionSide::Long, 50, 590'000);
  f.set_position(PositionSide::Short, -50, 610'000);
  f.start();
  f.long_signal(600'000, 600'002);
  REQUIRE(f.count() == 1);
  const OrderCommand& c = f.last();
  CHECK(c.kind == CommandKind::NewOrder);
  CHECK(c.side == Side::Sell);
  CHECK(c.position_side == PositionSide::Long);
  CHECK(c.type == OrderType::Limit);
  CHECK(c.tif == TimeInForce::PostOnly);
  CHECK((c.flags & OrderCommand::kReduceOnly) != 0);
  CHECK((c.flags & OrderCommand::kRiskOrder) == 0);
  CHECK(c.px == 600'001);  // inside_spread_1tick: ask − 1, still above the bid
  CHECK(c.qty == 1);       // min_qty × 1
  CHECK(c.cause_rx_tsc == 778);  // the trade that triggered it
  CHECK(f.side(PositionSide::Long).exec.state() == ExecState::Placing);
  CHECK(f.side(PositionSide::Long).stats.signals[static_cast<int>(SignalReason::LongPrimary)] == 1);
  CHECK(f.side(PositionSide::Short).exec.state() == ExecState::Idle);
}

TEST_CASE("short signal buys back the SHORT side") {
  Fixture f;
  f.set_position(PositionSide::Short, -50, 610'000);
  f.start();
  f.short_signal(599'998, 600'000);
  REQUIRE(f.count() == 1);
  CHECK(f.last().side == Side::Buy);
  CHECK(f.last().position_side == PositionSide::Short);
  CHECK(f.last().px == 599'999);  // bid + 1, below the ask
  CHECK(f.side(PositionSide::Short).stats.signals[static_cast<int>(SignalReason::ShortPrimary)] == 1);
}

TEST_CASE("nothing is placed before start(), without a position, or without a signal") {
  Fixture f;
  f.set_position(PositionSide::Long, 50, 590'000);
  f.long_signal();
  CHECK(f.count() == 0);  // not started
  f.start();
  f.market(book_event(599'990, 600'010));  // bid below the last trade: no signal
  CHECK(f.count() == 0);
  Fixture g;
  g.start();
  g.long_signal();
  CHECK(g.count() == 0);  // flat side
}

TEST_CASE("fill → IDLE; the signal throttle spaces slices") {
  Fixture f;
  f.set_position(PositionSide::Long, 50, 590'000);
  f.start();
  f.long_signal();
  REQUIRE(f.count() == 1);
  const OrderCommand c = f.last();
  f.ack(c);
  CHECK(f.side(PositionSide::Long).exec.state() == ExecState::Waiting);
  f.fill(c, 1, c.px);
  CHECK(f.side(PositionSide::Long).exec.state() == ExecState::Idle);
  CHECK(f.position(PositionSide::Long) == 49);
  f.advance(50 * kMs);
  f.long_signal();
  CHECK(f.count() == 1);  // 50 ms < min_signal_interval 200 ms
  f.advance(200 * kMs);
  f.long_signal();
  CHECK(f.count() == 2);
  const SideStats& st = f.side(PositionSide::Long).stats;
  CHECK(st.slices_placed == 2);
  CHECK(st.slices_filled == 1);
  CHECK(st.filled_qty == 1);
  CHECK(st.maker_mode_fills == 1);
  CHECK(st.avg_exit_px() == doctest::Approx(static_cast<double>(c.px)));
}

TEST_CASE("TTL → CANCELING → COOLDOWN → IDLE") {
  Fixture f;
  f.set_position(PositionSide::Long, 50, 590'000);
  f.start();
  f.long_signal();
  const OrderCommand c = f.last();
  f.ack(c);
  f.advance(999 * kMs);
  f.timer();
  CHECK(f.count() == 1);  // TTL 1000 ms not reached
  f.advance(1 * kMs);
  f.timer();
  REQUIRE(f.count() == 2);
  CHECK(f.last().kind == CommandKind::CancelOrder);
  CHECK(f.last().client_id == c.client_id);
  CHECK((f.last().flags & OrderCommand::kRiskOrder) == 0);
  CHECK(f.side(PositionSide::Long).exec.state() == ExecState::Canceling);
  CHECK(f.side(PositionSide::Long).exec.maker_timeouts() == 1);
  f.venue_end(c);
  CHECK(f.side(PositionSide::Long).exec.state() == ExecState::Cooldown);
  f.advance(50 * kMs);
  f.long_signal();
  CHECK(f.count() == 2);  // cooldown 100 ms still running
  f.advance(60 * kMs);
  f.timer();
  CHECK(f.side(PositionSide::Long).exec.state() == ExecState::Idle);
  f.advance(200 * kMs);
  f.long_signal();
  CHECK(f.count() == 3);
  CHECK(f.side(PositionSide::Long).stats.slices_cancelled == 1);
  CHECK(f.side(PositionSide::Long).stats.ttl_cancels == 1);
}

namespace {
// One maker/aggressive slice that times out and is cancelled; returns its command.
OrderCommand slice_times_out(Fixture& f) {
  f.advance(300 * kMs);
  f.long_signal();
  const OrderCommand c = f.last();
  REQUIRE(c.kind == CommandKind::NewOrder);
  f.ack(c);
  f.advance(1000 * kMs);
  f.timer();
  REQUIRE(f.last().kind == CommandKind::CancelOrder);
  f.venue_end(c);
  f.advance(100 * kMs);
  f.timer();
  return c;
}
}  // namespace

TEST_CASE("mode rotation: maker timeouts escalate, aggressive fills and timeouts de-escalate") {
  CloserParams p = test_params();
  p.execution.maker_timeouts_to_escalate = 2;
  p.execution.aggr_fills_to_deescalate = 1;
  p.execution.aggr_timeouts_to_deescalate = 2;
  Fixture f(p);
  f.set_position(PositionSide::Long, 50, 590'000);
  f.start();
  CHECK(slice_times_out(f).tif == TimeInForce::PostOnly);
  CHECK(f.side(PositionSide::Long).exec.mode() == ExecMode::MakerOnly);
  CHECK(slice_times_out(f).tif == TimeInForce::PostOnly);
  CHECK(f.side(PositionSide::Long).exec.mode() == ExecMode::AggressiveLimit);
  // AGGRESSIVE_LIMIT: GTC at the best bid.
  f.advance(300 * kMs);
  f.long_signal(600'000, 600'003);
  const OrderCommand a = f.last();
  CHECK(a.tif == TimeInForce::GTC);
  CHECK(a.px == 600'000);
  f.ack(a);
  f.fill(a, a.qty, a.px, false);  // one aggressive fill → back to maker
  CHECK(f.side(PositionSide::Long).exec.mode() == ExecMode::MakerOnly);
  // escalate again, then two aggressive timeouts de-escalate
  slice_times_out(f);
  slice_times_out(f);
  REQUIRE(f.side(PositionSide::Long).exec.mode() == ExecMode::AggressiveLimit);
  CHECK(slice_times_out(f).tif == TimeInForce::GTC);
  CHECK(f.side(PositionSide::Long).exec.aggr_timeouts() == 1);
  CHECK(slice_times_out(f).tif == TimeInForce::GTC);
  CHECK(f.side(PositionSide::Long).exec.mode() == ExecMode::MakerOnly);
  const SideStats& st = f.side(PositionSide::Long).stats;
  CHECK(st.escalations == 2);
  CHECK(st.deescalations == 2);
  CHECK(st.mode_switches == 4);
  CHECK(st.aggressive_mode_fills == 1);
}

TEST_CASE("GTX reject (-5022) counts as a maker miss and leads to COOLDOWN") {
  Fixture f;
  f.set_position(PositionSide::Long, 50, 590'000);
  f.start();
  for (int i = 0; i < 2; ++i) {
    f.advance(300 * kMs);
    f.long_signal();
    const OrderCommand c = f.last();
    REQUIRE(c.tif == TimeInForce::PostOnly);
    f.ack(c, OrderStatus::Rejected, -5022);
    CHECK(f.side(PositionSide::Long).exec.state() == ExecState::Cooldown);
  }
  CHECK(f.side(PositionSide::Long).stats.gtx_rejects == 2);
  CHECK(f.side(PositionSide::Long).stats.slices_rejected == 2);
  CHECK(f.side(PositionSide::Long).exec.mode() == ExecMode::AggressiveLimit);
  // other rejects are no maker miss
  Fixture g;
  g.set_position(PositionSide::Long, 50, 590'000);
  g.start();
  g.long_signal();
  g.ack(g.last(), OrderStatus::Rejected, -2022);
  CHECK(g.side(PositionSide::Long).exec.maker_timeouts() == 0);
}

TEST_CASE("a partial fill resets the timeout count; a TTL after a partial fill is no timeout") {
  CloserParams p = test_params();
  p.execution.base_lot_mult = 4;
  Fixture f(p);
  f.set_position(PositionSide::Long, 50, 590'000);
  f.start();
  slice_times_out(f);
  CHECK(f.side(PositionSide::Long).exec.maker_timeouts() == 1);
  f.advance(300 * kMs);
  f.long_signal();
  const OrderCommand c = f.last();
  REQUIRE(c.qty == 4);
  f.ack(c);
  f.fill(c, 1, c.px);
  CHECK(f.side(PositionSide::Long).exec.maker_timeouts() == 0);
  CHECK(f.side(PositionSide::Long).exec.state() == ExecState::Waiting);
  CHECK(f.side(PositionSide::Long).stats.partial_fills == 1);
  f.advance(1000 * kMs);
  f.timer();
  REQUIRE(f.last().kind == CommandKind::CancelOrder);
  CHECK(f.side(PositionSide::Long).exec.maker_timeouts() == 0);  // had a fill
  f.venue_end(c);
  CHECK(f.side(PositionSide::Long).exec.mode() == ExecMode::MakerOnly);
  CHECK(f.position(PositionSide::Long) == 49);
}

TEST_CASE("sizing: ROI and accel tiers multiply the base lot, capped by max_mult and notional") {
  CloserParams p = test_params();
  p.execution.base_lot_mult = 2;
  p.roi.tiers = TierList{2, {{10'000'000, 2}, {50'000'000, 3}}};     // ROI ≥ 10% → 2, ≥ 50% → 3
  p.accel.tiers = TierList{1, {{100'000, 5}}};                      // ret ≥ 0.1% → 5
  p.accel.window_ms = 2000;
  Fixture f(p);
  f.set_position(PositionSide::Long, 500, 570'000);
  f.closer.set_position_risk(kBtc, PositionSide::Long, 0, 10);  // leverage 10, liq unknown
  f.start();
  f.long_signal(600'000, 600'001);
  // ROI = (600000 − 570000)/570000 × 10 = 52.6% → 3; ret over the window: 600000/599999 − 1 < 0.1% → 1
  REQUIRE(f.count() == 1);
  CHECK(f.last().qty == 2 * 3);
  f.ack(f.last());
  f.fill(f.last(), f.last().qty, f.last().px);
  // a 0.2% rally inside the window → accel 5 → 2 × 3 × 5 = 30
  f.advance(300 * kMs);
  f.long_signal(601'200, 601'201);
  CHECK(f.last().qty == 30);
  CHECK(f.last().px == 601'200 + 1);
  f.ack(f.last());
  f.fill(f.last(), 30, f.last().px);
  // max_order_notional 1000 USDT caps at floor(1000 / 60120.1) = 0.016 BTC
  CloserParams q = p;
  q.execution.max_order_notional = 1000 * kAmountScale;
  Fixture g(q);
  g.set_position(PositionSide::Long, 500, 570'000);
  g.closer.set_position_risk(kBtc, PositionSide::Long, 0, 10);
  g.start();
  g.long_signal(600'000, 600'001);
  g.ack(g.last());
  g.fill(g.last(), g.last().qty, g.last().px);
  g.advance(300 * kMs);
  g.long_signal(601'200, 601'201);
  CHECK(g.last().qty == 16);
}

TEST_CASE("slices never exceed the position minus live reducing leaves; the tail is merged") {
  CloserParams p = test_params();
  p.execution.base_lot_mult = 3;
  Fixture f(p);
  f.set_position(PositionSide::Long, 4, 590'000);  // 0.004 BTC
  f.start();
  f.long_signal();
  // want 3, tail 1 < min_place (MIN_NOTIONAL 10 USDT needs 1 step at 60000) → 1 is placeable: no merge
  REQUIRE(f.count() == 1);
  CHECK(f.last().qty == 3);
  f.ack(f.last());
  f.fill(f.last(), 3, f.last().px);
  f.advance(300 * kMs);
  f.long_signal();
  CHECK(f.last().qty == 1);  // whole remainder
  f.ack(f.last());
  f.fill(f.last(), 1, f.last().px);
  CHECK(f.position(PositionSide::Long) == 0);
  f.advance(300 * kMs);
  f.long_signal();
  CHECK(f.count() == 2);  // flat: nothing more
}
