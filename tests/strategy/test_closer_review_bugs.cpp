// test_closer_review_bugs.cpp — regression tests for the closer bugs of the conformance
// review against seed 002 (shared/reviews/closer-conformance.md, "(c) Bugs"): B1 stop ids
// across restarts, B2 -4130, B3 the disconnect hold, B5 side_closed at exactly zero, B7
// what a running reconciliation holds. Real engine + closer (closer_fixture.hpp).
#include <doctest/doctest.h>

#include "closer_fixture.hpp"
#include "venue/binance/venue_id.hpp"

using namespace xtb;
using namespace xtb::strategy;
using namespace xtb::strategy::test;

namespace {

void warm(Fixture& f) {
  f.market(book_event(599'999, 600'001));
  f.market(trade_event(600'000));
  f.market(trade_event(600'000));
  f.market(mark_event(600'000));
}

CloserParams stop_params() {
  CloserParams p = test_params();
  p.risk.protective_stop.enabled = true;
  p.risk.protective_stop.retry_ms = 1000;
  p.risk.panic_close.enabled = false;
  p.risk.liq_distance_threshold_e8 = 0;
  return p;
}

std::size_t stops_sent(const Fixture& f) {
  std::size_t n = 0;
  for (const OrderCommand& c : f.sink.cmds) n += c.kind == CommandKind::NewOrder && c.type == OrderType::StopMarket;
  return n;
}

/// A second process's closer over the same (journal-recovered) order store.
struct Restarted {
  ReduceOnlyCloser c;
  explicit Restarted(Fixture& f, const CloserParams& p)
      : c(StrategyContext{f.om, f.rules, f.sink}, CloserOptions{4, {}, 1, binance::kVenueId}) {
    c.add_symbol(kBtc, "BTCUSDT", p);
  }
  void tick(Fixture& f) {
    c.on_market(book_event(599'999, 600'001), f.now);
    c.on_market(mark_event(600'000), f.now);
    OrderCommand out[16];
    f.om.on_timer(f.now, out, 16);
    c.on_timer(f.now);
  }
};

/// First process: stop "-1" placed, the side goes flat, the stop is cancelled (terminal,
/// still in the store as after a journal recovery).
void first_process_leaves_terminal_stop(Fixture& f) {
  f.set_position(PositionSide::Long, 1000, 600'000);
  f.closer.set_position_risk(kBtc, PositionSide::Long, 540'000, 10);
  f.start();
  warm(f);
  f.timer();
  REQUIRE(stops_sent(f) == 1);
  const OrderCommand stop = f.last();
  REQUIRE(stop.client_id.view() == "xtb-ps.L.BTCUSDT-1");
  f.ack(stop);
  f.set_position(PositionSide::Long, 0, 600'000);
  f.timer();
  REQUIRE(f.last().kind == CommandKind::CancelOrder);
  f.venue_end(stop);
  REQUIRE(f.order(stop) != nullptr);
  REQUIRE(f.order(stop)->terminal());
}

}  // namespace

TEST_CASE("B1: after a journal restart the stop id skips every stop of the side in the store, terminal ones too") {
  const CloserParams p = stop_params();
  Fixture f(p);
  first_process_leaves_terminal_stop(f);
  const std::size_t before = f.count();
  Restarted r(f, p);
  f.set_position(PositionSide::Long, 800, 600'000);
  r.c.set_position_risk(kBtc, PositionSide::Long, 540'000, 10);
  r.c.on_reconciled(f.now);  // after journal recovery / the first calibration
  CHECK(r.c.side(kBtc, PositionSide::Long)->stop.next_seq() == 2);
  r.c.start(f.now);
  for (int i = 0; i < 5; ++i) {
    f.advance(1100 * kMs);
    r.tick(f);
  }
  REQUIRE(f.count() == before + 1);  // one stop, placed at once, never a retry
  CHECK(f.last().type == OrderType::StopMarket);
  CHECK(f.last().client_id.view() == "xtb-ps.L.BTCUSDT-2");
  CHECK(r.c.side(kBtc, PositionSide::Long)->stats.stop_placed == 1);
  CHECK(r.c.side(kBtc, PositionSide::Long)->stats.stop_rejected == 0);
  CHECK(r.c.alerts().count(AlertKind::StopRejected) == 0);
}

TEST_CASE("B1: a stop id the engine refuses as a duplicate is skipped, not retried forever") {
  const CloserParams p = stop_params();
  Fixture f(p);
  first_process_leaves_terminal_stop(f);
  const std::size_t before = f.count();
  Restarted r(f, p);  // no on_reconciled: the old id is unknown to the new closer
  f.set_position(PositionSide::Long, 800, 600'000);
  r.c.set_position_risk(kBtc, PositionSide::Long, 540'000, 10);
  r.c.start(f.now);
  for (int i = 0; i < 10; ++i) {
    f.advance(1100 * kMs);
    r.tick(f);
  }
  const CloserSide& sd = *r.c.side(kBtc, PositionSide::Long);
  CHECK(sd.stats.stop_rejected == 1);  // "-1" refused once (DuplicateClientId) …
  CHECK(r.c.alerts().count(AlertKind::StopRejected) == 1);
  CHECK(sd.stats.stop_placed == 1);  // … then "-2" went out
  REQUIRE(f.count() == before + 1);
  CHECK(f.last().client_id.view() == "xtb-ps.L.BTCUSDT-2");
  CHECK(sd.stop.state() == StopState::Placing);
}

TEST_CASE("B1: live ids: the stop sequence starts at the start time, so a start without a journal never reuses ids") {
  const CloserParams p = stop_params();
  constexpr std::uint64_t kStart = 1'767'225'600'000;  // 2026-01-01T00:00:00Z in unix ms
  CHECK(ProtectiveStop::seq_from_unix_ms(kStart) == 31'536'000);  // s since 2025-01-01
  CHECK(ProtectiveStop::seq_from_unix_ms(0) == 1);
  std::string ids[2];
  for (int run = 0; run < 2; ++run) {
    Fixture f(p, 1, kStart + static_cast<std::uint64_t>(run) * 60'000);  // the restart a minute later
    f.set_position(PositionSide::Long, 1000, 600'000);
    f.closer.set_position_risk(kBtc, PositionSide::Long, 540'000, 10);
    f.start();
    warm(f);
    f.timer();
    REQUIRE(stops_sent(f) == 1);
    ids[run] = std::string(f.last().client_id.view());
    CHECK(ids[run].size() <= 36);
  }
  CHECK(ids[0] == "xtb-ps.L.BTCUSDT-31536000");
  CHECK(ids[1] == "xtb-ps.L.BTCUSDT-31536060");
}

TEST_CASE("B2: -4130 on a protective stop = already protected, alert once, no retry loop") {
  Fixture f(stop_params());
  f.set_position(PositionSide::Long, 1000, 600'000);
  f.closer.set_position_risk(kBtc, PositionSide::Long, 540'000, 10);
  f.start();
  warm(f);
  f.timer();
  REQUIRE(stops_sent(f) == 1);
  f.ack(f.last(), OrderStatus::Rejected, kStopExistsCode);
  const CloserSide& sd = f.side(PositionSide::Long);
  CHECK(sd.stop.external());
  CHECK(sd.stats.stop_external == 1);
  CHECK(sd.stats.stop_rejected == 0);
  for (int i = 0; i < 20; ++i) {  // 20 × retry_ms: nothing, not even one retry
    f.advance(1000 * kMs);
    f.timer();
  }
  CHECK(stops_sent(f) == 1);
  // A reconciliation allows one re-check; the foreign stop is still there.
  f.closer.on_reconciled(f.now);
  f.timer();
  REQUIRE(stops_sent(f) == 2);
  f.ack(f.last(), OrderStatus::Rejected, kStopExistsCode);
  CHECK(sd.stats.stop_external == 2);
  for (int i = 0; i < 20; ++i) {
    f.advance(1000 * kMs);
    f.timer();
  }
  CHECK(stops_sent(f) == 2);
  CHECK(f.closer.alerts().count(AlertKind::StopExternal) == 1);  // once per episode
  CHECK(f.closer.alerts().count(AlertKind::StopRejected) == 0);
  // The foreign stop is gone: the next re-check places ours, which ends the episode.
  f.closer.on_reconciled(f.now);
  f.timer();
  REQUIRE(stops_sent(f) == 3);
  f.ack(f.last());
  CHECK(sd.stop.state() == StopState::Active);
  CHECK_FALSE(sd.stop.external());
  CHECK(sd.stats.stop_placed == 3);
}

TEST_CASE("B3: the disconnect hold lasts until the user stream is back and a calibration begun after that completed") {
  Fixture f(stop_params());
  f.set_position(PositionSide::Long, 1000, 600'000);
  f.start();
  warm(f);
  f.closer.on_link_down(3);
  f.closer.set_position_risk(kBtc, PositionSide::Long, 540'000, 10);
  // A periodic cycle completes while the stream is down: still held (the bug un-paused here).
  f.closer.begin_check();
  f.closer.on_reconciled(f.now);
  f.closer.set_paused(false);
  CHECK(f.closer.paused());
  CHECK(f.closer.link_held());
  CHECK_FALSE(f.closer.needs_calibration());  // nothing to calibrate against yet
  f.advance(300 * kMs);
  f.long_signal();
  f.timer();
  CHECK(f.count() == 0);  // no slice and no protective stop
  // A cycle that began before the stream came back does not count either.
  f.closer.begin_check();
  f.closer.on_link_up(3, false);
  CHECK(f.closer.needs_calibration());
  f.closer.on_reconciled(f.now);
  f.closer.set_paused(false);
  CHECK(f.closer.link_held());
  CHECK(f.closer.needs_calibration());
  f.advance(300 * kMs);
  f.long_signal();
  f.timer();
  CHECK(f.count() == 0);
  // Calibrated after the reconnect: trading resumes.
  f.closer.begin_check();
  f.closer.on_reconciled(f.now);
  f.closer.set_paused(false);
  CHECK_FALSE(f.closer.paused());
  CHECK_FALSE(f.closer.needs_calibration());
  f.advance(300 * kMs);
  f.long_signal();
  REQUIRE(f.count() == 2);
  CHECK(f.sink.cmds[0].type == OrderType::StopMarket);
  CHECK(f.sink.cmds[1].type == OrderType::Limit);
}

TEST_CASE("B5: a side closed to exactly zero raises one side_closed alert") {
  Fixture f;
  f.set_position(PositionSide::Long, 1, 600'000);
  f.start();
  f.long_signal(600'000, 600'001);
  REQUIRE(f.count() == 1);
  const OrderCommand c = f.last();
  f.ack(c);
  f.fill(c, c.qty, c.px);
  CHECK(f.position(PositionSide::Long) == 0);
  for (int i = 0; i < 3; ++i) {
    f.advance(500 * kMs);
    f.long_signal(600'000, 600'001);
    f.timer();
  }
  CHECK(f.closer.alerts().count(AlertKind::SideClosed) == 1);
  Alert a{};
  int closed = 0;
  while (f.closer.alerts().pop(a)) {
    if (a.kind != AlertKind::SideClosed) continue;
    ++closed;
    CHECK(a.side == PositionSide::Long);  // the SHORT side was never open: no alert
    CHECK(a.qty_before == 1);
    CHECK(a.qty_after == 0);
  }
  CHECK(closed == 1);
  // Opened again (someone else) and closed again: a new episode, a new alert.
  f.set_position(PositionSide::Long, 1, 600'000);
  f.timer();
  f.set_position(PositionSide::Long, 0, 600'000);
  f.timer();
  CHECK(f.closer.alerts().count(AlertKind::SideClosed) == 2);
}

TEST_CASE("B7: a running reconciliation holds signal slices only; panic slices and stops go on, a link hold stops all") {
  CloserParams p = stop_params();
  p.risk.panic_close.enabled = true;
  p.risk.panic_close.ttl_percent_e8 = 50'000'000;
  p.risk.panic_close.n = 1;
  p.risk.panic_close.tiers[0] = {4'000'000, 2'000'000, 2};  // ≤ 4%: 2% slices
  Fixture f(p);
  f.set_position(PositionSide::Long, 1000, 600'000);
  f.set_position(PositionSide::Short, -1000, 600'000);
  f.start();
  warm(f);
  f.closer.begin_check();  // a periodic reconciliation is in flight
  f.closer.set_position_risk(kBtc, PositionSide::Long, 579'000, 10);   // dist 3.5%: panic
  f.closer.set_position_risk(kBtc, PositionSide::Short, 900'000, 10);  // far: signals only
  f.timer();
  REQUIRE(f.count() == 3);  // LONG stop, LONG panic slice, SHORT stop
  CHECK(f.sink.cmds[0].type == OrderType::StopMarket);
  CHECK(f.sink.cmds[1].type == OrderType::Limit);
  CHECK((f.sink.cmds[1].flags & OrderCommand::kRiskOrder) != 0);
  CHECK(f.sink.cmds[2].type == OrderType::StopMarket);
  CHECK(f.sink.cmds[2].position_side == PositionSide::Short);
  f.short_signal();
  CHECK(f.count() == 3);  // the SHORT signal slice waits for the cycle
  f.closer.on_reconciled(f.now);
  f.closer.set_paused(false);
  f.advance(300 * kMs);
  f.short_signal();
  REQUIRE(f.count() == 4);
  CHECK(f.last().position_side == PositionSide::Short);
  CHECK((f.last().flags & OrderCommand::kRiskOrder) == 0);
  // The user stream drops: the panic side gets nothing new either (its slice filled).
  f.closer.on_link_down(3);
  f.ack(f.sink.cmds[1]);
  f.fill(f.sink.cmds[1], f.sink.cmds[1].qty, f.sink.cmds[1].px);
  CHECK(f.side(PositionSide::Long).exec.state() == ExecState::Idle);
  f.advance(100 * kMs);
  f.timer();
  CHECK(f.count() == 4);
}
