// test_sim_egress.cpp — SimEgressStage alone: commands in on R3 (with cause stamps),
// market events in on the tap, frames out on R4, which the tests decode with the real
// Binance decoder exactly as the backtest decode stage does. Covers the REST answers
// (order, GTX -5022, algo stop, cancel, reconciliation lists, positionRisk), the user
// stream ordering, the lockstep rule (a command waits for later market data; resting
// orders fill as the sequencer's watermark advances) and the dropped-event fault.
#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <vector>

#include "venue/binance/sim/sim_egress_stage.hpp"
#include "backtest_fixture.hpp"
#include "core/frame_pool.hpp"
#include "venue/binance/decode_frame.hpp"
#include "venue/binance/decode_rest.hpp"
#include "venue/binance/venue_id.hpp"

using namespace xtb;
using namespace xtb::bt_test;

namespace {

struct Frame {
  RawFrame hdr;  // header fields only (payload not kept)
  std::vector<Event> events;
  binance::DecodeStatus status;
};

struct Rig {
  SymbolTable symbols;
  SymbolId btc = kNoSymbol;
  SpscRing<OrderCommand> r3{16};
  RingStamps r3_stamps{16};
  SpscRing<Event> tap{64};
  RingStamps tap_stamps{64};
  SpscRing<RawFrame> r4{64};
  LargeFramePool r4_pool{4, 256 * 1024};
  TimeWatermark wm;
  ManualEnd end;
  std::unique_ptr<binance::Decoder> decoder;
  std::unique_ptr<SimEgressStage> eg;
  std::uint64_t next_id = 1;

  explicit Rig(SimEgressOptions opt = {}) {
    Clock::calibrate();
    load_symbols(symbols);
    btc = symbols.find(xtb::binance::kVenueId, "BTCUSDT");
    sim::ExchangeConfig cfg;
    cfg.hedge_mode = true;
    cfg.positions.push_back({"BTCUSDT", PositionSide::Long, "0.050", "61500.0"});
    cfg.positions.push_back({"BTCUSDT", PositionSide::Short, "-0.050", "62000.0"});
    cfg.max_fills = 1024;
    decoder = std::make_unique<binance::Decoder>(symbols, 1 << 20);
    eg = std::make_unique<SimEgressStage>(symbols, cfg, std::vector<SymbolId>{btc},
                                          SimEgressRings{r3, &r3_stamps, tap, &tap_stamps, &end, &wm, r4, r4_pool}, opt);
  }
  void market(Event e, std::int64_t t) { push(tap, tap_stamps, e, t); }
  OrderCommand order(Side side, PositionSide ps, TimeInForce tif, Price px, Qty qty) {
    OrderCommand c{};
    c.kind = CommandKind::NewOrder;
    c.venue = binance::kVenueId;
    c.side = side;
    c.position_side = ps;
    c.type = OrderType::Limit;
    c.tif = tif;
    c.flags = OrderCommand::kReduceOnly;
    c.symbol = btc;
    c.px = px;
    c.qty = qty;
    c.generation = 1;
    c.client_id.assign("xtb-t1-" + std::to_string(next_id++));
    return c;
  }
  void send(const OrderCommand& c, std::int64_t t) {
    OrderCommand* s = r3.try_claim();
    REQUIRE(s != nullptr);
    r3_stamps.set(r3.producer_sequence(), t);
    *s = c;
    r3.publish(1);
  }
  std::uint64_t mark_frames = 0;
  /// Decoded R4 frames, without the derived markPriceUpdate frames of the market conn.
  std::vector<Frame> frames() {
    std::vector<Frame> out;
    while (RawFrame* f = r4.front()) {
      if (f->conn_id == kMarketConn) {
        ++mark_frames;
        r4.pop();
        continue;
      }
      Frame fr;
      fr.hdr = *f;
      Event ev[16];
      binance::ArrayEventSink sink(ev, 16);
      const std::uint8_t* p = frame_payload(*f, r4_pool);
      const std::size_t cap = (f->is_large() ? r4_pool.slot_bytes() : RawFrame::kInlineCapacity) + RawFrame::kPadding;
      binance::DecodeResult r;
      if (f->kind == FrameKind::HttpResponse) {
        binance::RestContext rc;
        rc.kind = static_cast<binance::RestKind>(f->response.rest_kind);
        rc.command = static_cast<CommandKind>(f->response.command);
        rc.http_status = f->response.http_status;
        rc.generation = f->response.generation;
        rc.symbol = f->response.symbol;
        rc.client_id = f->response.client_id;
        r = decoder->decode_rest(p, f->len, cap, rc, sink, f->rx_tsc, f->conn_id);
      } else {
        r = decoder->decode_frame(p, f->len, cap, sink, f->rx_tsc, f->conn_id);
      }
      fr.status = r.status;
      for (std::uint32_t i = 0; i < r.events; ++i) fr.events.push_back(ev[i]);
      if (f->is_large()) r4_pool.release(f->large_handle);
      r4.pop();
      out.push_back(std::move(fr));
    }
    return out;
  }
};

}  // namespace

TEST_CASE("sim egress: GTX crossing → -5022 REST error only; resting GTX → NEW on the user stream, then the ack") {
  Rig g;
  g.end.ended = true;  // no more market data will come: commands never wait
  g.market(book(g.btc, 618'000, 618'001), 1 * kSec);
  const OrderCommand crossing = g.order(Side::Sell, PositionSide::Long, TimeInForce::PostOnly, 618'000, 1);
  g.send(crossing, 1 * kSec);
  g.eg->poll();
  auto fr = g.frames();
  REQUIRE(fr.size() == 1);
  CHECK(fr[0].hdr.kind == FrameKind::HttpResponse);
  CHECK(fr[0].hdr.conn_id == kOrderConn);
  CHECK(fr[0].hdr.response.http_status == 400);
  CHECK(fr[0].hdr.capture_ns == 1 * kSec);
  REQUIRE(fr[0].events.size() == 1);
  const OrderAck& rej = fr[0].events[0].order_ack;
  CHECK(rej.error_code == -5022);
  CHECK(rej.status == OrderStatus::Rejected);
  CHECK(rej.client_id == crossing.client_id);  // from ResponseMeta: error bodies carry no id
  CHECK(rej.request_kind == static_cast<std::uint8_t>(CommandKind::NewOrder));
  CHECK(g.eg->counters().gtx_rejects == 1);

  const OrderCommand maker = g.order(Side::Sell, PositionSide::Long, TimeInForce::PostOnly, 618'001, 2);
  g.send(maker, 1 * kSec + 5 * kMs);
  g.eg->poll();
  fr = g.frames();
  REQUIRE(fr.size() == 2);
  CHECK(fr[0].hdr.kind == FrameKind::WsText);  // user stream first, inside the call ...
  CHECK(fr[0].hdr.conn_id == kUserConn);
  REQUIRE(fr[0].events.size() == 1);
  CHECK(fr[0].events[0].h.type == EventType::OrderUpdate);
  CHECK(fr[0].events[0].order_update.exec_type == ExecType::New);
  CHECK(fr[0].events[0].order_update.client_id == maker.client_id);
  CHECK(fr[0].events[0].order_update.position_side == PositionSide::Long);
  CHECK(fr[1].hdr.kind == FrameKind::HttpResponse);  // ... then the REST answer
  REQUIRE(fr[1].events.size() == 1);
  CHECK(fr[1].events[0].order_ack.status == OrderStatus::Open);
  CHECK(fr[1].events[0].order_ack.venue_order_id != 0);
  CHECK(fr[1].events[0].order_ack.generation == 1);
}

TEST_CASE("sim egress lockstep: a command waits for later market data; the watermark lets resting orders fill") {
  Rig g;
  g.market(book(g.btc, 618'000, 618'001), 1 * kSec);
  g.send(g.order(Side::Sell, PositionSide::Long, TimeInForce::PostOnly, 618'001, 2), 2 * kSec);
  g.eg->poll();
  CHECK(g.frames().empty());  // records stamped ≤ 2 s may still come: wait
  CHECK(g.eg->counters().waits == 1);
  CHECK(g.eg->counters().market_events == 1);
  Event through = trade(g.btc, 618'003, 5);  // a buyer lifts through our ask
  through.trade.buyer_is_maker = false;
  g.market(through, 3 * kSec);
  g.eg->poll();
  auto fr = g.frames();
  REQUIRE(fr.size() == 2);  // NEW + ack, at the command's time; the 3 s trade not yet seen
  CHECK(fr[1].hdr.capture_ns == 2 * kSec);
  CHECK(g.eg->exchange_time_ns() == 2 * kSec);
  CHECK(g.eg->counters().market_events == 1);
  g.wm.store(3 * kSec);  // the sequencer has processed the trade: the venue follows
  g.eg->poll();
  fr = g.frames();
  CHECK(g.eg->counters().market_events == 2);
  REQUIRE(fr.size() == 2);
  CHECK(fr[0].hdr.capture_ns == 3 * kSec);
  REQUIRE(fr[0].events.size() == 1);
  const OrderUpdate& u = fr[0].events[0].order_update;
  CHECK(u.exec_type == ExecType::Trade);
  CHECK(u.status == OrderStatus::Filled);
  CHECK(u.is_maker);
  CHECK(u.last_fill_px == 618'001);
  REQUIRE(fr[1].events.size() == 1);
  CHECK(fr[1].events[0].h.type == EventType::AccountUpdate);
  CHECK(fr[1].events[0].account_update.positions[0].amount == 48);
}

TEST_CASE("sim egress: reconciliation answers — two order lists and positionRisk on the reconcile connection") {
  Rig g;
  g.end.ended = true;
  g.market(book(g.btc, 618'000, 618'001), 1 * kSec);
  const OrderCommand resting = g.order(Side::Buy, PositionSide::Short, TimeInForce::GTC, 617'000, 3);
  g.send(resting, 1 * kSec);
  OrderCommand q{};
  q.kind = CommandKind::QueryOpenOrders;
  q.symbol = kNoSymbol;
  q.generation = 1;
  g.send(q, 1 * kSec);
  q.kind = CommandKind::QueryPositions;
  g.send(q, 1 * kSec);
  g.eg->poll();
  auto fr = g.frames();
  REQUIRE(fr.size() == 5);  // NEW, ack, openOrders, openAlgoOrders, positionRisk
  CHECK(fr[2].hdr.conn_id == kReconcileConn);
  CHECK(fr[2].hdr.response.rest_kind == static_cast<std::uint8_t>(binance::RestKind::OpenOrders));
  REQUIRE(fr[2].events.size() == 2);  // one row + end-of-list marker
  CHECK(fr[2].events[0].order_update.client_id == resting.client_id);
  CHECK(fr[2].events[0].order_update.orig_qty == 3);
  CHECK(fr[2].events[1].h.type == EventType::OrderAck);
  CHECK(fr[2].events[1].order_ack.request_kind == static_cast<std::uint8_t>(CommandKind::QueryOpenOrders));
  CHECK(fr[3].hdr.response.rest_kind == static_cast<std::uint8_t>(binance::RestKind::OpenAlgoOrders));
  REQUIRE(fr[3].events.size() == 1);
  CHECK(fr[3].events[0].h.type == EventType::OrderAck);
  REQUIRE(fr[4].events.size() == 1);
  const AccountUpdate& a = fr[4].events[0].account_update;
  CHECK((fr[4].events[0].h.flags & AccountUpdate::kLastChunk) != 0);
  REQUIRE(a.n_positions == 2);
  CHECK(a.positions[0].side == PositionSide::Long);
  CHECK(a.positions[0].amount == 50);
  CHECK(a.positions[1].side == PositionSide::Short);
  CHECK(a.positions[1].amount == -50);
}

TEST_CASE("sim egress: protective stops go through the algo endpoint; cancels by algo id") {
  Rig g;
  g.end.ended = true;
  g.market(book(g.btc, 618'000, 618'001), 1 * kSec);
  OrderCommand stop{};
  stop.kind = CommandKind::NewOrder;
  stop.side = Side::Sell;
  stop.position_side = PositionSide::Long;
  stop.type = OrderType::StopMarket;
  stop.working_type = WorkingType::MarkPrice;
  stop.flags = OrderCommand::kClosePosition | OrderCommand::kRiskOrder;
  stop.symbol = g.btc;
  stop.stop_px = 550'000;
  stop.generation = 1;
  stop.client_id.assign("xtb-ps.L.BTCUSDT-1");
  g.send(stop, 1 * kSec);
  g.eg->poll();
  auto fr = g.frames();
  REQUIRE(fr.size() == 2);  // ALGO_UPDATE NEW, then the REST answer
  REQUIRE(fr[1].events.size() == 1);
  CHECK(fr[1].hdr.response.rest_kind == static_cast<std::uint8_t>(binance::RestKind::AlgoOrder));
  const OrderAck& ack = fr[1].events[0].order_ack;
  CHECK(ack.status == OrderStatus::Open);
  CHECK(ack.client_id == stop.client_id);
  CHECK((fr[1].events[0].h.flags & binance::kOrderFlagAlgo) != 0);
  REQUIRE(fr[0].events.size() == 1);
  CHECK((fr[0].events[0].h.flags & binance::kOrderFlagAlgo) != 0);

  OrderCommand cancel = stop;
  cancel.kind = CommandKind::CancelOrder;
  cancel.venue_order_id = ack.venue_order_id;
  g.send(cancel, 1 * kSec + kMs);
  g.eg->poll();
  fr = g.frames();
  REQUIRE(fr.size() == 2);
  REQUIRE(fr[1].events.size() == 1);
  CHECK(fr[1].events[0].order_ack.status == OrderStatus::Canceled);
  CHECK(g.eg->exchange().open_orders(kNoSymbol, nullptr, 0, true) == 0);
}

TEST_CASE("sim egress fault injection: the N-th TRADE user event is dropped, its ACCOUNT_UPDATE is not") {
  SimEgressOptions opt;
  opt.drop_trade_update = 1;
  Rig g(opt);
  g.end.ended = true;
  g.market(book(g.btc, 618'000, 618'001), 1 * kSec);
  g.send(g.order(Side::Sell, PositionSide::Long, TimeInForce::GTC, 618'000, 1), 1 * kSec);  // marketable
  g.eg->poll();
  const auto fr = g.frames();
  bool trade_seen = false, account_seen = false;
  for (const Frame& f : fr)
    for (const Event& e : f.events) {
      trade_seen |= e.h.type == EventType::OrderUpdate && e.order_update.exec_type == ExecType::Trade;
      if (e.h.type == EventType::AccountUpdate) {
        account_seen = true;
        CHECK(e.account_update.positions[0].amount == 49);
      }
    }
  CHECK_FALSE(trade_seen);
  CHECK(account_seen);
  CHECK(g.eg->counters().dropped_injected == 1);
  CHECK(g.eg->counters().dropped_qty[static_cast<int>(PositionSide::Long)] == 1);
  CHECK(g.eg->exchange().ledger().size() == 1);  // the venue did fill it
}
