// Conditional orders through the algo service (/fapi/v1/algoOrder, ALGO_UPDATE): the
// NEW → TRIGGERING → TRIGGERED → FINISHED sequence with the triggered MARKET order's own
// ORDER_TRADE_UPDATEs, cancels, the legacy-endpoint switch (-4120), separate client-id
// namespaces, and the wire shapes decoded back by binance::Decoder.
#include <doctest/doctest.h>
#include <simdjson.h>

#include <set>

#include "core/command.hpp"
#include "sim_test_util.hpp"
#include "venue/binance/decode_frame.hpp"
#include "venue/binance/sim/json_encode.hpp"
#include "venue/binance/sim/command_request.hpp"
#include "venue/binance/sim/sim_errors.hpp"

using namespace xtb;
using namespace xtb::sim;
using namespace xtb::sim::binance_usdm;
using namespace xtb::sim::test;

namespace {

AlgoOrderRequest close_long_stop(std::string_view trigger, std::string_view cid) {
  AlgoOrderRequest r;
  r.algo_type = "CONDITIONAL";
  r.symbol = "BTCUSDT";
  r.side = "SELL";
  r.position_side = "LONG";
  r.type = "STOP_MARKET";
  r.trigger_price = trigger;
  r.close_position = "true";
  r.working_type = "MARK_PRICE";
  r.client_algo_id = cid;
  return r;
}

std::vector<Event> decode(binance::Decoder& d, std::string_view js, const binance::RestContext* rc = nullptr) {
  std::vector<std::uint8_t> buf(js.size() + simdjson::SIMDJSON_PADDING, 0);
  std::memcpy(buf.data(), js.data(), js.size());
  std::vector<Event> slots(8);
  binance::ArrayEventSink sink(slots.data(), slots.size());
  const binance::DecodeResult r = rc ? d.decode_rest(buf.data(), js.size(), buf.size(), *rc, sink)
                                     : d.decode_frame(buf.data(), js.size(), buf.size(), sink);
  REQUIRE(r.status == binance::DecodeStatus::Ok);
  return {slots.begin(), slots.begin() + r.events};
}

std::set<std::string> keys(simdjson::dom::object o) {
  std::set<std::string> out;
  for (auto f : o) out.insert(std::string(f.key));
  return out;
}

}  // namespace

TEST_SUITE("sim-exchange") {

TEST_CASE("algo closePosition stop: ALGO_UPDATE sequence, the triggered order, wire round trip") {
  SimVenue v(hedge_config());
  v.standard_book(1000);
  REQUIRE(v.code(market("BUY", "1.000", "LONG"), 1100) == 0);
  const OrderResult placed = new_algo_order(*v.x, close_long_stop("59990.0", "xtbps-1"), 1200);
  REQUIRE(placed.ok());
  CHECK(placed.order.spec.algo);
  CHECK(placed.order.order_id == v.x->config().first_algo_id);
  binance::Decoder dec(v.symbols);
  char buf[2048];
  {  // REST answer → OrderAck with the algo id
    const std::size_t n = encode_algo_order_response(placed.order, v.symbols, buf, sizeof buf);
    REQUIRE(n > 0);
    binance::RestContext rc;
    rc.kind = binance::RestKind::AlgoOrder;
    const auto ev = decode(dec, std::string_view(buf, n), &rc);
    REQUIRE(ev.size() == 1);
    CHECK(ev[0].order_ack.client_id.view() == "xtbps-1");
    CHECK(ev[0].order_ack.venue_order_id == placed.order.order_id);
    CHECK(ev[0].order_ack.status == OrderStatus::Open);
    CHECK((ev[0].h.flags & binance::kOrderFlagAlgo) != 0);
  }
  const std::size_t orders_before = v.rec.orders.size();
  CHECK(v.rec.algo_trace() == "NEW");
  CHECK(v.x->open_orders(v.btc, nullptr, 0) == 0);
  const SimOrder* open[4];
  CHECK(v.x->open_orders(v.btc, open, 4, true) == 1);
  v.m->ticker(px(59980.0), qty(2), px(59980.2), qty(2), 1500);
  v.x->advance_time(2000);
  v.m->ticker(px(59980.0), qty(2), px(59980.2), qty(2), 2500);
  v.x->advance_time(3000);  // mark 59986.8 <= 59990: fires
  CHECK(v.rec.algo_trace() == "NEW,TRIGGERING,TRIGGERED,FINISHED");
  REQUIRE(v.rec.orders.size() == orders_before + 2);
  const OrderUpdateReport& child_new = v.rec.orders[orders_before];
  const OrderUpdateReport& child_fill = v.rec.orders[orders_before + 1];
  CHECK(child_new.exec == ExecType::New);
  CHECK(child_new.order.cur_type == OrderType::Market);
  CHECK(child_new.order.spec.client_id.view() == "xtbps-1");
  CHECK(child_new.order.order_id < v.x->config().first_algo_id);  // a regular orderId
  CHECK(child_fill.order.status == SimStatus::Filled);
  CHECK(child_fill.last_qty == qty(1));
  const AlgoUpdateReport& triggered = v.rec.algos[2];
  CHECK(triggered.order.actual_order_id == child_new.order.order_id);
  CHECK(triggered.order.trigger_ms == 3000);
  const AlgoUpdateReport& finished = v.rec.algos[3];
  CHECK(finished.order.filled == qty(1));
  CHECK(v.x->account().position(v.btc, PositionSide::Long).amount == 0);
  CHECK(query_algo_order(*v.x, AlgoCancelRequest{{}, "xtbps-1"}).order.algo_state == AlgoState::Finished);

  simdjson::dom::parser fp;
  const simdjson::dom::element fx = fp.load(data_path("binance-usdm/fixtures/ws/ws_futures_algo_update_triggered.json"));
  const std::set<std::string> fixture_keys = keys(fx["data"]["o"].get_object());
  const OrderStatus expect_status[] = {OrderStatus::Open, OrderStatus::Open, OrderStatus::Open, OrderStatus::Filled};
  for (std::size_t i = 0; i < v.rec.algos.size(); ++i) {
    const std::size_t n = encode_algo_update(v.rec.algos[i], v.symbols, buf, sizeof buf);
    REQUIRE(n > 0);
    const std::string_view js(buf, n);
    CAPTURE(js);
    simdjson::dom::parser op;
    CHECK(keys(op.parse(js.data(), js.size())["o"].get_object()) == fixture_keys);
    const auto ev = decode(dec, js);
    REQUIRE(ev.size() == 1);
    const OrderUpdate& u = ev[0].order_update;
    CHECK((ev[0].h.flags & binance::kOrderFlagAlgo) != 0);
    CHECK(((ev[0].h.flags & binance::kOrderFlagTriggered) != 0) == (i == 1 || i == 2));
    CHECK(u.client_id.view() == "xtbps-1");
    CHECK(u.venue_order_id == placed.order.order_id);
    CHECK(u.status == expect_status[i]);
    CHECK(u.stop_px == px(59990.0));
    CHECK(u.close_position);
    CHECK(u.working_type == WorkingType::MarkPrice);
  }
}

TEST_CASE("algo orders: cancel, cancel-all, query, validation, -4120 on the legacy endpoint") {
  ExchangeConfig cfg;
  cfg.conditional_on_order_endpoint = false;
  SimVenue v(cfg);
  v.standard_book();
  NewOrderRequest legacy;
  legacy.symbol = "BTCUSDT";
  legacy.side = "BUY";
  legacy.type = "STOP_MARKET";
  legacy.quantity = "0.010";
  legacy.stop_price = "61000.0";
  const OrderResult r = new_order(*v.x, legacy, 2000);
  CHECK(venue_error(r.error).code == -4120);
  CHECK(venue_error(r.error).message() ==
        "Order type not supported for this endpoint. Please use the Algo Order API endpoints instead.");

  AlgoOrderRequest a;
  a.algo_type = "CONDITIONAL";
  a.symbol = "BTCUSDT";
  a.side = "BUY";
  a.type = "STOP_MARKET";
  a.quantity = "0.010";
  a.trigger_price = "61000.0";
  a.client_algo_id = "same";
  REQUIRE(new_algo_order(*v.x, a, 2000).ok());
  CHECK(v.code(limit("BUY", "0.010", "59000.0", "GTC", "same")) == 0);  // separate namespaces
  CHECK(venue_error(new_algo_order(*v.x, a, 2000).error).code == -4116);
  AlgoOrderRequest bad = a;
  bad.algo_type = {};
  CHECK(venue_error(new_algo_order(*v.x, bad, 2000).error).code == -1102);
  bad.algo_type = "VP";
  CHECK(venue_error(new_algo_order(*v.x, bad, 2000).error).code == -1130);
  bad = a;
  bad.trigger_price = {};
  CHECK(venue_error(new_algo_order(*v.x, bad, 2000).error).code == -1102);
  bad = a;
  bad.type = "LIMIT";
  bad.price = "59000.0";
  bad.time_in_force = "GTC";
  CHECK(venue_error(new_algo_order(*v.x, bad, 2000).error).code == -1116);
  bad = a;
  bad.trigger_price = "59000.0";  // BUY stop below the market would fire at once (mark)
  bad.working_type = "MARK_PRICE";
  bad.client_algo_id = "x2";
  CHECK(venue_error(new_algo_order(*v.x, bad, 2000).error).code == -2021);

  CHECK(v.x->cancel_all(v.btc, 2100).ok());  // regular orders only
  const SimOrder* open[4];
  CHECK(v.x->open_orders(v.btc, open, 4, true) == 1);
  v.rec.clear();
  const OrderResult c = cancel_algo_order(*v.x, AlgoCancelRequest{{}, "same"}, 2200);
  REQUIRE(c.ok());
  CHECK(c.order.algo_state == AlgoState::Canceled);
  CHECK(v.rec.algo_trace() == "CANCELED");
  CHECK(v.rec.orders.empty());
  CHECK(venue_error(cancel_algo_order(*v.x, AlgoCancelRequest{{}, "same"}, 2300).error).code == -2011);
  CHECK(query_algo_order(*v.x, AlgoCancelRequest{std::to_string(c.order.order_id), {}}).order.algo_state ==
        AlgoState::Canceled);
  CHECK(venue_error(query_algo_order(*v.x, AlgoCancelRequest{"42", {}}).error).code == -2013);
  CHECK(venue_error(cancel_algo_order(*v.x, AlgoCancelRequest{}, 2300).error).code == -1102);

  a.client_algo_id = "tp";
  a.type = "TAKE_PROFIT_MARKET";
  a.trigger_price = "59000.0";
  REQUIRE(new_algo_order(*v.x, a, 2400).ok());
  CHECK(v.x->cancel_all_algo(v.btc, 2500).ok());
  CHECK(v.x->open_orders(v.btc, open, 4, true) == 0);
}

TEST_CASE("algo closePosition with nothing to close expires with a reason") {
  SimVenue v(hedge_config());
  v.standard_book(1000);
  AlgoOrderRequest r = close_long_stop("60005.0", "none");
  r.working_type = "CONTRACT_PRICE";
  r.type = "TAKE_PROFIT_MARKET";  // SELL take-profit fires at >= 60005
  REQUIRE(new_algo_order(*v.x, r, 1100).ok());
  v.m->trade(px(60005.0), qty(0.01), false, 1200);
  CHECK(v.rec.algo_trace() == "NEW,TRIGGERING,EXPIRED");
  REQUIRE(v.rec.algos.back().reason != nullptr);
  CHECK(std::string_view(v.rec.algos.back().reason) == "ReduceOnly Order is rejected.");
  CHECK(v.rec.orders.empty());
}

TEST_CASE("command_order maps engine commands onto typed order and algo requests") {
  SimVenue v(hedge_config());
  v.standard_book();
  OrderCommand c{};
  c.kind = CommandKind::NewOrder;
  c.symbol = v.btc;
  c.side = Side::Buy;
  c.position_side = PositionSide::Long;
  c.type = OrderType::Limit;
  c.tif = TimeInForce::PostOnly;
  c.px = px(59990.0);
  c.qty = qty(0.02);
  c.stop_px = px(1.0);  // not a stop type: not sent
  c.client_id.assign("xtb-0000abcd-1-1");
  SimOrderRequest q;
  REQUIRE(command_order(c, v.symbols, true, q));
  CHECK(q.px == px(59990.0));
  CHECK(q.qty == qty(0.02));
  CHECK(q.stop_px == 0);
  CHECK(q.tif == TimeInForce::PostOnly);
  CHECK(q.position_side == PositionSide::Long);
  CHECK_FALSE(q.reduce_only);
  CHECK_FALSE(q.client_id_generated);
  const OrderResult placed = v.x->new_order(q, 2000);
  REQUIRE(placed.ok());
  c.kind = CommandKind::CancelOrder;
  c.venue_order_id = placed.order.order_id;
  SimCancelRequest cancel;
  REQUIRE(command_cancel(c, v.symbols, cancel));
  CHECK(cancel.by_id);
  CHECK(v.x->cancel_order(cancel, 2100).ok());
  REQUIRE(v.code(market("BUY", "0.100", "LONG")) == 0);
  OrderCommand s{};
  s.kind = CommandKind::NewOrder;
  s.symbol = v.btc;
  s.side = Side::Sell;
  s.position_side = PositionSide::Long;
  s.type = OrderType::StopMarket;
  s.stop_px = px(59000.0);
  s.qty = qty(0.1);  // close-position: not sent
  s.working_type = WorkingType::MarkPrice;
  s.flags = OrderCommand::kClosePosition;
  s.client_id.assign("xtbps-0000abcd-1-2");
  REQUIRE(command_order(s, v.symbols, true, q));
  CHECK(q.qty == 0);
  CHECK(q.close_position);
  CHECK(q.working_type == WorkingType::MarkPrice);
  const OrderResult algo = v.x->new_algo_order(q, 2200);
  REQUIRE(algo.ok());
  CHECK(algo.order.spec.close_position);
  s.kind = CommandKind::CancelOrder;
  s.venue_order_id = 0;
  SimAlgoCancelRequest ac;
  REQUIRE(command_algo_cancel(s, ac));
  CHECK(v.x->cancel_algo_order(ac, 2300).ok());
  s.client_id = ClientOrderId{};
  CHECK_FALSE(command_algo_cancel(s, ac));
  // One-way mode: position side Both, reduce-only sent; unsupported types have no form.
  OrderCommand o = c;
  o.kind = CommandKind::NewOrder;
  o.flags = OrderCommand::kReduceOnly;
  REQUIRE(command_order(o, v.symbols, false, q));
  CHECK(q.position_side == PositionSide::Both);
  CHECK(q.reduce_only);
  o.type = OrderType::TrailingStopMarket;
  CHECK_FALSE(command_order(o, v.symbols, false, q));
}

}  // TEST_SUITE
