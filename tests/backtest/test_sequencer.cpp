// test_sequencer.cpp — the SequencerStage driven by scripted R2 events (no decoder, no
// venue): calibration before trading, routing of order events by connection role,
// reconnect → pause + reconciliation, tick-to-order latency and cause stamps on R3, and
// the shutdown barrier. Also the CommandPublisher's FIFO when R3 is full.
#include <doctest/doctest.h>

#include "pipeline/sequencer/command_publisher.hpp"
#include "pipeline/sequencer/sequencer_stage.hpp"
#include "backtest_fixture.hpp"
#include "strategy/reduce_only_closer/closer_setup.hpp"
#include "strategy/strategy_config.hpp"
#include "venue/binance/venue_id.hpp"

using namespace xtb;
using namespace xtb::bt_test;

namespace {

constexpr const char* kYaml = R"(
global:
  execution: { order_ttl_ms: 5000, min_signal_interval_ms: 0, repost_cooldown_ms: 0 }
  risk:
    protective_stop: { enabled: false }
symbols:
  BTCUSDT:
    execution: { max_order_notional: 1000 }
)";

struct Rig {
  SymbolTable symbols;
  strategy::StrategyConfig strategy;
  SpscRing<Event> r2{256};
  RingStamps r2_stamps{256};
  SpscRing<OrderCommand> r3{256};
  RingStamps r3_stamps{256};
  TimeWatermark watermark;
  ManualEnd end;
  std::unique_ptr<SequencerStage> seq;
  SymbolId btc = kNoSymbol;

  explicit Rig(TradeEventSink events = {}) {
    Clock::calibrate();
    load_symbols(symbols);
    btc = symbols.find(xtb::binance::kVenueId, "BTCUSDT");
    auto r = strategy::parse_strategy_config_text(kYaml, "test.yaml");
    REQUIRE_MESSAGE(r.ok(), r.error_text());
    strategy = r.config;
    SequencerConfig c;
    c.run_id = "t1";
    c.roles = roles();
    c.venue = binance::kVenueId;
    c.trade_events = events;
    seq = std::make_unique<SequencerStage>(symbols, strategy::closer_setup(strategy, symbols, xtb::binance::kVenueId), c, r2, &r2_stamps, r3,
                                           &r3_stamps, &end, &watermark);
  }
  std::vector<std::pair<OrderCommand, std::int64_t>> step(Event e, std::int64_t t) {
    push(r2, r2_stamps, e, t);
    seq->poll();
    return drain(r3, r3_stamps);
  }
  // Answers a reconciliation (two order lists, the positions) at time t.
  std::vector<std::pair<OrderCommand, std::int64_t>> answer_reconcile(Qty lq, Qty sq, std::int64_t t) {
    push(r2, r2_stamps, list_end(), t);
    push(r2, r2_stamps, list_end(), t);
    push(r2, r2_stamps, position_risk(btc, lq, sq, 615'000, 620'000), t);
    seq->poll();
    return drain(r3, r3_stamps);
  }
};

bool is_query_pair(const std::vector<std::pair<OrderCommand, std::int64_t>>& v) {
  return v.size() == 2 && v[0].first.kind == CommandKind::QueryOpenOrders &&
         v[1].first.kind == CommandKind::QueryPositions && (v[0].first.flags & OrderCommand::kRiskOrder) &&
         v[0].first.symbol == kNoSymbol;
}

}  // namespace

TEST_CASE("sequencer: calibrates first, then trades; order events routed by connection role; shutdown barrier") {
  Rig g;
  SequencerStage& s = *g.seq;
  CHECK(s.phase() == SequencerStage::Phase::WaitingForData);

  // The first event fixes the clock and starts the calibration: no order before it ends.
  auto cmds = g.step(book(g.btc, 618'000, 618'001), 1 * kSec);
  REQUIRE(is_query_pair(cmds));
  CHECK(cmds[0].second == 1 * kSec);  // cause time stamped beside R3
  CHECK(s.phase() == SequencerStage::Phase::Calibrating);
  CHECK(g.step(trade(g.btc, 617'990), 1 * kSec + 10 * kMs).empty());
  CHECK(g.watermark.load() == 1 * kSec + 10 * kMs);

  cmds = g.answer_reconcile(50, 50, 1 * kSec + 20 * kMs);
  CHECK(cmds.empty());
  CHECK(s.phase() == SequencerStage::Phase::Running);
  CHECK(s.positions().get(g.btc, PositionSide::Long)->qty == 50);    // venue sizes adopted
  CHECK(s.positions().get(g.btc, PositionSide::Short)->qty == -50);
  CHECK(s.reconcile().stats().completed == 1);
  CHECK(s.reconcile().stats().last_discrepancies == 2);

  // An up-tick the bid supports (long_primary): a reduce-only SELL of the LONG side.
  const Event up = trade(g.btc, 618'000);
  cmds = g.step(up, 1 * kSec + 100 * kMs);
  REQUIRE(cmds.size() == 1);
  const OrderCommand slice = cmds[0].first;
  CHECK(slice.kind == CommandKind::NewOrder);
  CHECK(slice.side == Side::Sell);
  CHECK(slice.position_side == PositionSide::Long);
  CHECK((slice.flags & OrderCommand::kReduceOnly) != 0);
  CHECK(slice.tif == TimeInForce::PostOnly);
  CHECK(slice.px == 618'001);  // maker price, one tick off the bid
  CHECK(slice.qty >= 1);
  CHECK(slice.cause_rx_tsc == up.h.rx_tsc);
  CHECK(slice.sent_tsc >= slice.cause_rx_tsc);
  CHECK(cmds[0].second == 1 * kSec + 100 * kMs);
  CHECK(s.publisher().latency_ns().count() == 1);

  // REST ack on the order connection, fill on the user stream.
  Event ack = base(EventType::OrderAck, g.btc, kOrderConn);
  ack.order_ack.client_id = slice.client_id;
  ack.order_ack.venue_order_id = 11;
  ack.order_ack.status = OrderStatus::Open;
  ack.order_ack.request_kind = static_cast<std::uint8_t>(CommandKind::NewOrder);
  ack.order_ack.http_status = 200;
  ack.order_ack.generation = slice.generation;
  g.step(ack, 1 * kSec + 101 * kMs);
  Event fill = base(EventType::OrderUpdate, g.btc, kUserConn);
  OrderUpdate& u = fill.order_update;
  u.client_id = slice.client_id;
  u.venue_order_id = 11;
  u.side = Side::Sell;
  u.position_side = PositionSide::Long;
  u.type = OrderType::Limit;
  u.tif = TimeInForce::PostOnly;
  u.exec_type = ExecType::Trade;
  u.status = OrderStatus::Filled;
  u.is_maker = true;
  u.px = u.last_fill_px = u.avg_px = slice.px;
  u.orig_qty = u.last_fill_qty = u.cum_qty = slice.qty;
  u.trade_id = 77;
  g.step(fill, 1 * kSec + 300 * kMs);
  CHECK(s.positions().get(g.btc, PositionSide::Long)->qty == 50 - slice.qty);
  CHECK(strategy::as_closer(s.strategy())->side(g.btc, PositionSide::Long)->stats.slices_filled == 1);
  const ExitStats* x = s.exits(g.btc, PositionSide::Long);
  REQUIRE(x != nullptr);
  CHECK(x->fills == 1);
  CHECK(x->venue_maker_fills == 1);
  CHECK(x->qty == slice.qty);
  CHECK(x->qty_with_mid == slice.qty);
  CHECK(x->mid_x2_cost == static_cast<TradeCost>(618'000 + 618'001) * slice.qty);

  // The same fill arriving on the REST connection again (duplicate) changes nothing;
  // on an unknown connection it is not applied at all.
  g.step(fill, 1 * kSec + 310 * kMs);
  CHECK(s.positions().get(g.btc, PositionSide::Long)->qty == 50 - slice.qty);
  Event stray = fill;
  stray.h.conn_id = 9;
  g.step(stray, 1 * kSec + 320 * kMs);
  CHECK(s.counters().unknown_conn == 1);

  // User stream lost → placing paused; back → recalibration, then trading resumes.
  g.step(conn_state(kUserConn, ConnStatus::Disconnected), 2 * kSec);
  CHECK(s.strategy().paused());
  cmds = g.step(conn_state(kUserConn, ConnStatus::Connected), 2 * kSec + 10 * kMs);
  REQUIRE(is_query_pair(cmds));
  CHECK(s.strategy().paused());
  g.answer_reconcile(50 - slice.qty, 50, 2 * kSec + 20 * kMs);
  CHECK_FALSE(s.strategy().paused());
  CHECK(s.reconcile().stats().completed == 2);
  CHECK(s.reconcile().stats().last_discrepancies == 0);

  // Timers run on event time: 100 ms steps of capture time.
  const std::uint64_t timers = s.counters().timers;
  g.step(book(g.btc, 618'000, 618'001), 3 * kSec);
  CHECK(s.counters().timers == timers + 1);

  // End of input: stop, cancel this run's orders, barrier reconciliation(s).
  g.end.ended = true;
  s.poll();
  CHECK(s.phase() == SequencerStage::Phase::Draining);
  int rounds = 0;
  for (cmds = drain(g.r3, g.r3_stamps); !cmds.empty() && rounds < 4; cmds = drain(g.r3, g.r3_stamps), ++rounds) {
    CHECK_FALSE(s.finished());
    bool queried = false;
    for (const auto& [c, t] : cmds) {
      if (c.kind == CommandKind::CancelOrder) {  // only this run's slices; answered CANCELED
        CHECK(c.client_id.view().substr(0, 7) == "xtb-t1-");
        Event a = base(EventType::OrderAck, g.btc, kOrderConn);
        a.order_ack.client_id = c.client_id;
        a.order_ack.status = OrderStatus::Canceled;
        a.order_ack.request_kind = static_cast<std::uint8_t>(CommandKind::CancelOrder);
        a.order_ack.http_status = 200;
        a.order_ack.generation = c.generation;
        push(g.r2, g.r2_stamps, a, 3 * kSec);
      }
      queried |= c.kind == CommandKind::QueryPositions;
    }
    if (queried) {
      g.answer_reconcile(50 - slice.qty, 50, 3 * kSec);
      continue;
    }
    s.poll();
  }
  CHECK(rounds >= 1);
  s.poll();
  CHECK(s.finished());
  CHECK_FALSE(s.shutdown_incomplete());
  CHECK(s.phase() == SequencerStage::Phase::Done);
  CHECK(s.orders().store().live_count() == 0);
}

TEST_CASE("sequencer: a failed calibration is retried and trading waits for it") {
  Rig g;
  REQUIRE(is_query_pair(g.step(book(g.btc, 618'000, 618'001), 1 * kSec)));
  Event err = list_end();
  err.order_ack.status = OrderStatus::Rejected;
  err.order_ack.error_code = -1003;  // rate limited
  err.order_ack.http_status = 429;
  CHECK(g.step(err, 1 * kSec + 1 * kMs).empty());
  CHECK(g.seq->reconcile().stats().failed == 1);
  CHECK(g.seq->phase() == SequencerStage::Phase::Calibrating);
  CHECK(g.step(trade(g.btc, 618'000), 1 * kSec + 500 * kMs).empty());  // retry after 1 s
  REQUIRE(is_query_pair(g.step(trade(g.btc, 618'000), 2 * kSec + 2 * kMs)));
  g.answer_reconcile(10, 10, 2 * kSec + 3 * kMs);
  CHECK(g.seq->phase() == SequencerStage::Phase::Running);
}

TEST_CASE("B3: sequencer: a user-stream drop holds placing until the stream is back and a cycle begun after that completed") {
  Rig g;
  SequencerStage& s = *g.seq;
  REQUIRE(is_query_pair(g.step(book(g.btc, 618'000, 618'001), 1 * kSec)));
  g.step(trade(g.btc, 617'990), 1 * kSec + 10 * kMs);
  g.answer_reconcile(50, 50, 1 * kSec + 20 * kMs);
  REQUIRE(s.phase() == SequencerStage::Phase::Running);
  g.step(conn_state(kUserConn, ConnStatus::Disconnected), 2 * kSec);
  CHECK(s.strategy().paused());
  // The periodic cycle (every 60 s) begins and completes while the stream is still down.
  REQUIRE(is_query_pair(g.step(book(g.btc, 618'000, 618'001), 61 * kSec + 500 * kMs)));
  CHECK(g.answer_reconcile(50, 50, 61 * kSec + 600 * kMs).empty());
  CHECK(s.strategy().paused());  // the bug: un-paused here, trading without account events
  CHECK(g.step(trade(g.btc, 618'000), 61 * kSec + 700 * kMs).empty());  // a signal: nothing placed
  // Back while the next periodic cycle is in flight: that cycle does not count, another
  // one follows at once.
  REQUIRE(is_query_pair(g.step(book(g.btc, 618'000, 618'001), 121 * kSec + 500 * kMs)));
  CHECK(g.step(conn_state(kUserConn, ConnStatus::Connected), 121 * kSec + 550 * kMs).empty());
  auto cmds = g.answer_reconcile(50, 50, 121 * kSec + 600 * kMs);
  CHECK(s.strategy().paused());
  if (cmds.empty()) cmds = g.step(book(g.btc, 618'000, 618'001), 121 * kSec + 650 * kMs);
  REQUIRE(is_query_pair(cmds));
  CHECK(g.answer_reconcile(50, 50, 121 * kSec + 700 * kMs).empty());
  CHECK_FALSE(s.strategy().paused());
  CHECK(s.reconcile().stats().completed == 4);
  g.step(trade(g.btc, 617'990), 122 * kSec);
  cmds = g.step(trade(g.btc, 618'000), 122 * kSec + 100 * kMs);
  REQUIRE(cmds.size() == 1);
  CHECK(cmds[0].first.kind == CommandKind::NewOrder);
}

TEST_CASE("row 47: a market-data reconnect holds placing, raises a Reconnect alert and recalibrates; events logged") {
  std::vector<TradeEvent> log;
  TradeEventSink sink{[](void* ctx, const TradeEvent& e) noexcept {
                        static_cast<std::vector<TradeEvent>*>(ctx)->push_back(e);  // test only: allocates
                        return true;
                      },
                      &log};
  Rig g(sink);
  SequencerStage& s = *g.seq;
  // The market stream's first connect is not a reconnect: no alert, no extra calibration.
  REQUIRE(is_query_pair(g.step(book(g.btc, 618'000, 618'001), 1 * kSec)));
  CHECK(g.step(conn_state(kMarketConn, ConnStatus::Connected), 1 * kSec + 5 * kMs).empty());
  g.step(trade(g.btc, 617'990), 1 * kSec + 10 * kMs);
  g.answer_reconcile(50, 50, 1 * kSec + 20 * kMs);
  REQUIRE(s.phase() == SequencerStage::Phase::Running);
  CHECK(s.reconcile().stats().completed == 1);
  CHECK(s.progress().calibrations.load() == 1);
  // Drop: placing is held even though book and trades keep arriving (a stale local view).
  g.step(conn_state(kMarketConn, ConnStatus::Disconnected), 2 * kSec);
  CHECK(s.strategy().paused());
  CHECK(s.counters().market_disconnects == 1);
  g.step(trade(g.btc, 617'990), 2 * kSec + 10 * kMs);
  CHECK(g.step(trade(g.btc, 618'000), 2 * kSec + 100 * kMs).empty());
  // Back: a Reconnect alert for the market stream, and a calibration at once.
  auto cmds = g.step(conn_state(kMarketConn, ConnStatus::Connected), 3 * kSec);
  REQUIRE(is_query_pair(cmds));
  CHECK(s.counters().market_reconnects == 1);
  CHECK(s.strategy().alerts().count(AlertKind::Reconnect) == 1);
  CHECK(s.strategy().paused());
  CHECK(g.answer_reconcile(50, 50, 3 * kSec + 10 * kMs).empty());
  CHECK_FALSE(s.strategy().paused());
  CHECK(s.progress().calibrations.load() == 2);
  g.step(trade(g.btc, 617'990), 4 * kSec);
  cmds = g.step(trade(g.btc, 618'000), 4 * kSec + 100 * kMs);
  REQUIRE(cmds.size() == 1);
  CHECK(cmds[0].first.kind == CommandKind::NewOrder);
  s.poll();  // alerts are forwarded at the end of a poll
  // The event log saw: 2 calibrations, the reconnect alert (market), a signal and its order.
  int calibrations = 0, reconnects = 0, signals = 0, places = 0;
  for (const TradeEvent& e : log) {
    calibrations += e.kind == TradeEventKind::Calibration;
    if (e.kind == TradeEventKind::Alert && e.alert == static_cast<std::uint8_t>(AlertKind::Reconnect)) {
      ++reconnects;
      CHECK(e.mode == 1);
    }
    signals += e.kind == TradeEventKind::Signal;
    if (e.kind == TradeEventKind::Place) {
      ++places;
      CHECK(e.id == cmds[0].first.client_id);
      CHECK(e.qty == cmds[0].first.qty);
      CHECK(e.px == cmds[0].first.px);
    }
  }
  CHECK(calibrations == 2);
  CHECK(reconnects == 1);
  CHECK(signals >= 1);
  CHECK(places == 1);
}

TEST_CASE("sequencer: input that ends before any event finishes at once, sending nothing") {
  Rig g;
  g.end.ended = true;
  g.seq->poll();
  CHECK(g.seq->finished());
  CHECK_FALSE(g.seq->shutdown_incomplete());
  CHECK(drain(g.r3, g.r3_stamps).empty());
}

TEST_CASE("command publisher: engine commands wait in order when R3 is full; strategy claims wait behind them") {
  Clock::calibrate();
  SpscRing<OrderCommand> r3(2);
  RingStamps stamps(2);
  CommandPublisher pub(r3, &stamps, 4);
  OrderCommand c{};
  c.kind = CommandKind::QueryOrder;
  pub.set_context(5 * kSec, Clock::now());
  for (std::uint64_t i = 1; i <= 3; ++i) {
    c.venue_order_id = i;
    CHECK(pub.publish(c));
  }
  CHECK(pub.counters().published == 2);
  CHECK(pub.pending() == 1);
  CHECK(pub.claim() == nullptr);  // a strategy command may not overtake the queued one
  std::vector<std::uint64_t> seen;
  r3.consume([&](OrderCommand& k, std::uint64_t seq, bool) {
    seen.push_back(k.venue_order_id);
    CHECK(stamps.get(seq) == 5 * kSec);
    CHECK(k.cause_rx_tsc != 0);  // attributed to the event being processed
  });
  pub.set_context(6 * kSec, 0);
  CHECK(pub.flush() == 1);
  r3.consume([&](OrderCommand& k, std::uint64_t seq, bool) {
    seen.push_back(k.venue_order_id);
    CHECK(stamps.get(seq) == 5 * kSec);  // the time it was made, not flushed
  });
  CHECK(seen == std::vector<std::uint64_t>{1, 2, 3});
  CHECK(pub.latency_ns().count() == 3);
  // A claim the engine refused leaves its slot to the next publication.
  OrderCommand* slot = pub.claim();
  REQUIRE(slot != nullptr);
  c.venue_order_id = 4;
  CHECK(pub.publish(c));
  CHECK(pub.counters().published == 4);
  for (int i = 0; i < 6; ++i) pub.publish(c);  // 1 more fits R3, 4 wait in the FIFO, 1 is dropped
  CHECK(pub.counters().dropped == 1);
}
