// Wire shapes: the JSON encoders write ORDER_TRADE_UPDATE, ACCOUNT_UPDATE, the REST order
// answer, error bodies and markPriceUpdate with the same keys and JSON types as the
// Binance fixtures, and xtb's own Binance decoder reads every field back unchanged.
#include <doctest/doctest.h>
#include <simdjson.h>

#include <map>
#include <set>
#include <string>

#include "sim/core/fixed_math.hpp"
#include "sim_test_util.hpp"
#include "venue/binance/decode_frame.hpp"
#include "venue/binance/sim/json_encode.hpp"
#include "venue/binance/sim/state_dump.hpp"

using namespace xtb;
using namespace xtb::sim;
using namespace xtb::sim::binance_usdm;
using namespace xtb::sim::test;

namespace {

// JSON type of every member of an object (one level), by key.
std::map<std::string, simdjson::dom::element_type> member_types(simdjson::dom::object o) {
  std::map<std::string, simdjson::dom::element_type> out;
  for (auto field : o) out[std::string(field.key)] = field.value.type();
  return out;
}

// Keys and types of `ours` must match the fixture's, except the listed extra keys (newer
// fields the fixture predates) and keys whose fixture value is null.
void check_shape(simdjson::dom::object ours, simdjson::dom::object fixture, std::set<std::string> extra) {
  const auto a = member_types(ours);
  const auto b = member_types(fixture);
  for (const auto& [key, t] : b) {
    const auto& k = key;  // clang-14: a lambda (CAPTURE) cannot capture a structured binding
    CAPTURE(k);
    REQUIRE(a.count(k) == 1);
    const bool int_like = (t == simdjson::dom::element_type::INT64 || t == simdjson::dom::element_type::UINT64);
    const bool ours_int = (a.at(k) == simdjson::dom::element_type::INT64 || a.at(k) == simdjson::dom::element_type::UINT64);
    if (t != simdjson::dom::element_type::NULL_VALUE) CHECK((a.at(k) == t || (int_like && ours_int)));
  }
  for (const auto& [key, t] : a) {
    const auto& k = key;
    CAPTURE(k);
    CHECK((b.count(k) == 1 || extra.count(k) == 1));
  }
}

struct Decoded {
  binance::DecodeResult r;
  std::vector<Event> ev;
};

Decoded decode_stream(binance::Decoder& d, std::string_view json) {
  std::vector<std::uint8_t> buf(json.size() + simdjson::SIMDJSON_PADDING, 0);
  std::memcpy(buf.data(), json.data(), json.size());
  std::vector<Event> slots(16);
  binance::ArrayEventSink sink(slots.data(), slots.size());
  Decoded out;
  out.r = d.decode_frame(buf.data(), json.size(), buf.size(), sink);
  out.ev.assign(slots.begin(), slots.begin() + out.r.events);
  return out;
}

Decoded decode_rest(binance::Decoder& d, std::string_view json, std::uint16_t http = 200) {
  std::vector<std::uint8_t> buf(json.size() + simdjson::SIMDJSON_PADDING, 0);
  std::memcpy(buf.data(), json.data(), json.size());
  std::vector<Event> slots(16);
  binance::ArrayEventSink sink(slots.data(), slots.size());
  binance::RestContext rc;
  rc.kind = binance::RestKind::Order;
  rc.command = CommandKind::NewOrder;
  rc.http_status = http;
  Decoded out;
  out.r = d.decode_rest(buf.data(), json.size(), buf.size(), rc, sink);
  out.ev.assign(slots.begin(), slots.begin() + out.r.events);
  return out;
}

OrderStatus engine_status(SimStatus s) {
  switch (s) {
    case SimStatus::New: return OrderStatus::Open;
    case SimStatus::PartiallyFilled: return OrderStatus::PartiallyFilled;
    case SimStatus::Filled: return OrderStatus::Filled;
    case SimStatus::Canceled: return OrderStatus::Canceled;
    case SimStatus::Expired: return OrderStatus::Expired;
  }
  return OrderStatus::Unknown;
}

ExchangeConfig big_wallet() {
  ExchangeConfig c;
  c.wallet = 1'000'000 * kAmountScale;
  return c;
}

// Runs a scenario producing every execution type: NEW, TRADE (partial and full),
// CANCELED, EXPIRED, plus stop orders (stopPrice, workingType, closePosition).
void scenario(SimVenue& v) {
  v.standard_book();
  REQUIRE(v.code(limit("BUY", "1.500", "60000.1", "GTC", "rt-partial")) == 0);  // NEW, TRADE partial
  REQUIRE(v.code(limit("SELL", "0.250", "61000.0", "GTC", "rt-cancel")) == 0);
  REQUIRE(cancel_order(*v.x, CancelRequest{"BTCUSDT", {}, "rt-cancel"}, 2100).ok());  // CANCELED
  REQUIRE(v.code(limit("SELL", "3.500", "59999.9", "IOC", "rt-ioc"), 2200) == 0);  // TRADE×2, EXPIRED
  NewOrderRequest sl;
  sl.symbol = "BTCUSDT";
  sl.side = "SELL";
  sl.type = "STOP_MARKET";
  sl.stop_price = "59000.0";
  sl.close_position = "true";
  sl.working_type = "MARK_PRICE";
  sl.new_client_order_id = "rt-stop";
  REQUIRE(v.code(sl, 2300) == 0);
  v.m->trade(px(59999.0), qty(0.5), true, 2400);  // fills the rest of rt-partial as maker (FILLED)
}

}  // namespace

TEST_SUITE("sim-exchange") {

TEST_CASE("ORDER_TRADE_UPDATE: fixture shape, and every field round-trips through binance::Decoder") {
  SimVenue v(big_wallet());
  scenario(v);
  binance::Decoder dec(v.symbols);
  simdjson::dom::parser fp;
  const simdjson::dom::element fx = fp.load(data_path("binance-usdm/fixtures/user/order_update_trade.json"));
  std::set<std::string> seen_exec;
  char buf[2048];
  REQUIRE(v.rec.orders.size() >= 8);
  for (const OrderUpdateReport& r : v.rec.orders) {
    const std::size_t n = encode_order_trade_update(r, v.symbols, "USDT", buf, sizeof buf);
    REQUIRE(n > 0);
    const std::string_view js(buf, n);
    CAPTURE(js);
    simdjson::dom::parser op;
    const simdjson::dom::element ours = op.parse(js.data(), js.size());
    check_shape(ours.get_object(), fx.get_object(), {});
    check_shape(ours["o"].get_object(), fx["o"].get_object(), {"pm", "gtd"});
    const Decoded d = decode_stream(dec, js);
    REQUIRE(d.r.status == binance::DecodeStatus::Ok);
    REQUIRE(d.ev.size() == 1);
    REQUIRE(d.ev[0].h.type == EventType::OrderUpdate);
    CHECK(d.ev[0].h.symbol == v.btc);
    CHECK(d.ev[0].h.venue_time_ms == r.event_ms);
    const OrderUpdate& u = d.ev[0].order_update;
    const SimOrder& o = r.order;
    CHECK(u.client_id.view() == o.spec.client_id.view());
    CHECK(u.venue_order_id == o.order_id);
    CHECK(u.side == o.spec.side);
    CHECK(u.position_side == o.spec.position_side);
    CHECK(u.type == o.cur_type);
    CHECK(u.tif == o.spec.tif);
    CHECK(u.exec_type == r.exec);
    CHECK(u.status == engine_status(o.status));
    CHECK(u.reduce_only == (o.spec.reduce_only || o.spec.close_position));
    CHECK(u.close_position == o.spec.close_position);
    CHECK(u.working_type == o.spec.working_type);
    CHECK(u.is_maker == r.maker);
    CHECK(u.px == o.spec.px);
    CHECK(u.stop_px == o.spec.stop_px);
    CHECK(u.last_fill_px == r.last_px);
    CHECK(u.orig_qty == o.spec.qty);
    CHECK(u.last_fill_qty == r.last_qty);
    CHECK(u.cum_qty == o.filled);
    CHECK(u.commission == r.commission);
    CHECK(u.realized_pnl == r.realized_pnl);
    CHECK(u.trade_id == r.trade_id);
    CHECK(u.txn_time_ms == r.txn_ms);
    CHECK(u.commission_asset == v.symbols.find_asset("USDT"));
    if (o.filled > 0) CHECK(u.avg_px == price_e8_to_ticks(v.symbols.rules(v.btc), average_price_e8(v.symbols.rules(v.btc), o.cum_quote, o.filled)));
    seen_exec.insert(to_text(r.exec));
  }
  CHECK(seen_exec == std::set<std::string>{"NEW", "TRADE", "CANCELED", "EXPIRED"});
}

TEST_CASE("ACCOUNT_UPDATE: fixture shape and round trip") {
  SimVenue v(big_wallet());
  scenario(v);
  binance::Decoder dec(v.symbols);
  simdjson::dom::parser fp;
  const simdjson::dom::element fx = fp.load(data_path("binance-usdm/fixtures/user/account_update.json"));
  REQUIRE(!v.rec.accounts.empty());
  char buf[2048];
  for (const AccountUpdateReport& a : v.rec.accounts) {
    const std::size_t n = encode_account_update(a, v.symbols, buf, sizeof buf);
    REQUIRE(n > 0);
    const std::string_view js(buf, n);
    CAPTURE(js);
    simdjson::dom::parser op;
    const simdjson::dom::element ours = op.parse(js.data(), js.size());
    check_shape(ours.get_object(), fx.get_object(), {});
    check_shape(ours["a"].get_object(), fx["a"].get_object(), {});
    check_shape(ours["a"]["B"].at(0).get_object(), fx["a"]["B"].at(0).get_object(), {});
    check_shape(ours["a"]["P"].at(0).get_object(), fx["a"]["P"].at(0).get_object(), {});
    const Decoded d = decode_stream(dec, js);
    REQUIRE(d.r.status == binance::DecodeStatus::Ok);
    REQUIRE(d.ev.size() == 1);
    const AccountUpdate& u = d.ev[0].account_update;
    CHECK(u.reason == static_cast<std::uint8_t>(binance::AccountReason::Order));
    CHECK(u.txn_time_ms == a.txn_ms);
    REQUIRE(u.n_balances == 1);
    CHECK(u.balances[0].asset == a.asset);
    CHECK(u.balances[0].wallet == a.wallet);
    CHECK(u.balances[0].cross_wallet == a.cross_wallet);
    REQUIRE(u.n_positions == 1);
    const PositionReport& p = a.positions[0];
    CHECK(u.positions[0].symbol == p.symbol);
    CHECK(u.positions[0].side == p.side);
    CHECK(u.positions[0].amount == p.amount);
    CHECK(u.positions[0].unrealized_pnl == p.unrealized);
    CHECK(u.positions[0].entry_px == price_e8_to_ticks(v.symbols.rules(v.btc), p.entry_e8));
  }
}

TEST_CASE("REST order answer, error body, cancel-all answer: shape and decoder round trip") {
  SimVenue v;
  v.standard_book();
  NewOrderRequest r = limit("BUY", "1.500", "60000.1", "GTC", "rest-rt");
  r.new_order_resp_type = "RESULT";
  const OrderResult res = new_order(*v.x, r, 2000);
  REQUIRE(res.ok());
  char buf[2048];
  const std::size_t n = encode_order_response(res.order, v.symbols, buf, sizeof buf);
  REQUIRE(n > 0);
  const std::string_view js(buf, n);
  CAPTURE(js);
  simdjson::dom::parser fp, op;
  const simdjson::dom::element fx = fp.load(data_path("binance-usdm/fixtures/http/order_response.json"));
  check_shape(op.parse(js.data(), js.size()).get_object(), fx.get_object(), {"cumQty"});
  binance::Decoder dec(v.symbols);
  const Decoded d = decode_rest(dec, js);
  REQUIRE(d.r.status == binance::DecodeStatus::Ok);
  REQUIRE(d.ev.size() == 1);
  const OrderAck& a = d.ev[0].order_ack;
  CHECK(a.client_id.view() == "rest-rt");
  CHECK(a.venue_order_id == res.order.order_id);
  CHECK(a.status == OrderStatus::PartiallyFilled);
  CHECK(a.cum_qty == qty(1));
  CHECK(a.avg_px == px(60000.1));
  CHECK(a.error_code == 0);

  const OrderResult rej = new_order(*v.x, limit("BUY", "0.010", "60000.1", "GTX"), 2100);
  const std::size_t en = encode_error(rej.error, buf, sizeof buf);
  REQUIRE(en > 0);
  CHECK(std::string_view(buf, en) ==
        R"({"code":-5022,"msg":"Due to the order could not be executed as maker, the Post Only order will be rejected."})");
  const Decoded e = decode_rest(dec, std::string_view(buf, en), 400);
  REQUIRE(e.r.status == binance::DecodeStatus::VenueError);
  CHECK(e.ev[0].order_ack.error_code == -5022);
  CHECK(e.ev[0].order_ack.status == OrderStatus::Rejected);

  const std::size_t cn = encode_cancel_all_ok(buf, sizeof buf);
  CHECK(std::string_view(buf, cn) == R"({"code":200,"msg":"The operation of cancel all open order is done."})");
  CHECK(encode_order_response(res.order, v.symbols, buf, 64) == 0);  // too small: nothing, not half
}

TEST_CASE("markPriceUpdate: fixture shape and round trip") {
  SimVenue v;
  v.standard_book();
  REQUIRE(!v.rec.marks.empty());
  char buf[512];
  const std::size_t n = encode_mark_price_update(v.rec.marks.back(), v.symbols, buf, sizeof buf);
  REQUIRE(n > 0);
  const std::string_view js(buf, n);
  simdjson::dom::parser fp, op;
  const simdjson::dom::element fx = fp.load(data_path("binance-usdm/fixtures/market/mark_price_stream.json"));
  auto ours = op.parse(js.data(), js.size()).get_object();
  const auto a = member_types(ours.value());
  for (const char* k : {"e", "E", "s", "p", "i", "P", "r", "T"}) CHECK(a.count(k) == 1);
  (void)fx;
  binance::Decoder dec(v.symbols);
  const Decoded d = decode_stream(dec, js);
  REQUIRE(d.r.status == binance::DecodeStatus::Ok);
  REQUIRE(d.ev.size() == 1);
  CHECK(d.ev[0].mark_price.mark_px == v.rec.marks.back().mark_px);
}

TEST_CASE("positionRisk rows decode back into the position") {
  SimVenue v(hedge_config());
  v.standard_book();
  REQUIRE(v.code(market("BUY", "0.300", "LONG")) == 0);
  const std::string js = position_risk_json(*v.x, v.btc);
  CAPTURE(js);
  binance::Decoder dec(v.symbols);
  std::vector<std::uint8_t> buf(js.size() + simdjson::SIMDJSON_PADDING, 0);
  std::memcpy(buf.data(), js.data(), js.size());
  std::vector<Event> slots(8);
  binance::ArrayEventSink sink(slots.data(), slots.size());
  binance::RestContext rc;
  rc.kind = binance::RestKind::PositionRisk;
  const auto r = dec.decode_rest(buf.data(), js.size(), buf.size(), rc, sink);
  REQUIRE(r.status == binance::DecodeStatus::Ok);
  REQUIRE(r.events == 1);
  const AccountUpdate& u = slots[0].account_update;
  REQUIRE(u.n_positions == 2);  // LONG and SHORT rows, as the venue lists both sides
  CHECK(u.positions[0].side == PositionSide::Long);
  CHECK(u.positions[0].amount == qty(0.3));
  CHECK(u.positions[0].entry_px == px(60000.1));
  CHECK(u.positions[1].side == PositionSide::Short);
  CHECK(u.positions[1].amount == 0);
}

TEST_CASE("JsonWriter: escaping, nesting, overflow") {
  char buf[64];
  JsonWriter w(buf, sizeof buf);
  w.begin_object();
  w.kv("a", "x\"y\\z\n");
  w.key("b");
  w.begin_array();
  w.i64(-5);
  w.u64(7);
  w.boolean(true);
  w.null();
  w.end_array();
  w.end_object();
  CHECK(std::string_view(buf, w.finish()) == R"({"a":"x\"y\\z\n","b":[-5,7,true,null]})");
  JsonWriter small(buf, 8);
  small.begin_object();
  small.kv("long-key", "value");
  small.end_object();
  CHECK(small.finish() == 0);
  JsonWriter open(buf, sizeof buf);
  open.begin_object();
  CHECK(open.finish() == 0);  // unbalanced
}

}  // TEST_SUITE
