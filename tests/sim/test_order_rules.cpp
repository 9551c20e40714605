// Order-entry rules of the simulated exchange: every rejection with Binance's exact code
// (error_codes.md), the parameter rules of post_fapi_v1_order.md, and that a rejected
// order leaves no trace (no user-stream event, no order history).
#include <doctest/doctest.h>

#include "sim/core/order_checks.hpp"
#include "venue/binance/sim/order_parse.hpp"
#include "sim_test_util.hpp"
#include "venue/binance/sim/sim_errors.hpp"

using namespace xtb;
using namespace xtb::sim;
using namespace xtb::sim::binance_usdm;
using namespace xtb::sim::test;

TEST_SUITE("sim-exchange") {

TEST_CASE("parameter and enum errors") {
  SimVenue v;
  v.standard_book();
  NewOrderRequest r = limit("BUY", "0.010", "59000.0");
  r.symbol = "NOPE";
  CHECK(v.code(r) == -1121);
  r = limit("BUY", "0.010", "59000.0");
  r.symbol = {};
  CHECK(v.code(r) == -1102);
  r = limit("HOLD", "0.010", "59000.0");
  CHECK(v.code(r) == -1117);
  r = limit("BUY", "0.010", "59000.0");
  r.type = "TRAILING_STOP_MARKET";  // not simulated
  CHECK(v.code(r) == -1116);
  r = limit("BUY", "0.010", "59000.0", "DAY");
  CHECK(v.code(r) == -1115);
  r = limit("BUY", "0.010", "59000.0", {});
  const OrderResult missing_tif = new_order(*v.x, r, 2000);
  CHECK(venue_error(missing_tif.error).code == -1102);
  CHECK(venue_error(missing_tif.error).message() ==
        "Mandatory parameter 'timeInForce' was not sent, was empty/null, or malformed.");
  r = limit("BUY", "0.010", "59000.0");
  r.position_side = "UP";
  CHECK(v.code(r) == -4060);
  r = limit("BUY", "0.010", "59000.0");
  r.reduce_only = "yes";
  CHECK(v.code(r) == -1130);
  r = limit("BUY", "0.010", "59000.0", "GTC", "bad id!");
  CHECK(v.code(r) == -4015);
  r = limit("BUY", "0.010", "59000.0");
  r.new_order_resp_type = "FULL";
  CHECK(v.code(r) == -1136);
  r = limit("BUY", "0.010", "59000.0");
  r.working_type = "INDEX_PRICE";
  CHECK(v.code(r) == -4031);
  NewOrderRequest mk = market("BUY", "0.010");
  mk.price = "60000.0";
  const OrderResult price_sent = new_order(*v.x, mk, 2000);
  CHECK(venue_error(price_sent.error).code == -1106);
  CHECK(venue_error(price_sent.error).message() == "Parameter 'price' sent when not required.");
  CHECK(v.x->counters().orders_accepted == 0);
  CHECK(v.rec.orders.empty());
}

TEST_CASE("PRICE_FILTER and LOT_SIZE: precision, tick, step, bounds") {
  SimVenue v;
  v.standard_book();
  CHECK(v.code(limit("BUY", "0.010", "59000.25")) == -4014);   // 2 decimals ok (pricePrecision 2), off the 0.10 tick
  CHECK(v.code(limit("BUY", "0.010", "59000.123")) == -1111);  // beyond pricePrecision
  CHECK(v.code(limit("BUY", "0.0105", "59000.0")) == -1111);   // beyond quantityPrecision 3
  CHECK(v.code(limit("BUY", "0", "59000.0")) == -4003);
  CHECK(v.code(limit("BUY", "-0.010", "59000.0")) == -4003);
  CHECK(v.code(limit("BUY", "1000.001", "59000.0")) == -4005);  // maxQty 1000
  CHECK(v.code(limit("BUY", "0.010", "0")) == -4001);
  CHECK(v.code(limit("BUY", "0.010", "401.0")) == -4013);        // minPrice 402
  CHECK(v.code(limit("BUY", "0.010", "1246396.70")) == -4002);   // maxPrice 1246396.60
  CHECK(v.code(limit("BUY", "0.010", "abc")) == -1102);
  CHECK(v.code(limit("BUY", "0.01x", "59000.0")) == -1102);
  CHECK(v.code(limit("BUY", "0.010", "59000.0")) == 0);
}

TEST_CASE("MIN_NOTIONAL -4164 with the venue's message; reduce-only orders are exempt") {
  SimVenue v;
  v.standard_book();
  const OrderResult r = new_order(*v.x, limit("BUY", "0.001", "9000.0"), 2000);  // 9 USDT < 10
  CHECK(venue_error(r.error).code == -4164);
  CHECK(venue_error(r.error).message() ==
        "Order's notional must be no smaller than 10.0 (unless you choose reduce only).");
  CHECK(v.code(market("SELL", "0.001")) == 0);  // 60 USDT at the best bid: accepted (and filled)
  NewOrderRequest ro = limit("BUY", "0.001", "9000.0");
  ro.reduce_only = "true";
  CHECK(v.code(ro) == 0);  // short 0.001 from the market sell: reduce-only below the minimum is fine
}

TEST_CASE("position mode: -4061 both ways, -1106 reduceOnly in hedge mode, -1128 closePosition on the wrong side") {
  SimVenue one;
  one.standard_book();
  CHECK(one.code(limit("BUY", "0.010", "59000.0", "GTC", {}, "LONG")) == -4061);
  CHECK(one.code(limit("BUY", "0.010", "59000.0", "GTC", {}, "BOTH")) == 0);

  SimVenue hedge(hedge_config());
  hedge.standard_book();
  CHECK(hedge.code(limit("BUY", "0.010", "59000.0")) == -4061);
  CHECK(hedge.code(limit("BUY", "0.010", "59000.0", "GTC", {}, "BOTH")) == -4061);
  NewOrderRequest ro = limit("SELL", "0.010", "61000.0", "GTC", {}, "LONG");
  ro.reduce_only = "false";  // even "false" may not be sent in hedge mode
  const OrderResult r = new_order(*hedge.x, ro, 2000);
  CHECK(venue_error(r.error).code == -1106);
  CHECK(venue_error(r.error).message() == "Parameter 'reduceonly' sent when not required.");
  NewOrderRequest cp;
  cp.symbol = "BTCUSDT";
  cp.side = "BUY";
  cp.position_side = "LONG";
  cp.type = "STOP_MARKET";
  cp.stop_price = "65000.0";
  cp.close_position = "true";
  CHECK(hedge.code(cp) == -1128);
  cp.quantity = "0.010";
  cp.position_side = "SHORT";
  CHECK(hedge.code(cp) == -4137);
}

TEST_CASE("-2022: reduce-only with nothing to reduce; hedge close exceeding the position incl. open closes") {
  SimVenue one;
  one.standard_book();
  NewOrderRequest ro = limit("SELL", "0.010", "61000.0");
  ro.reduce_only = "true";
  const OrderResult r = new_order(*one.x, ro, 2000);
  CHECK(venue_error(r.error).code == -2022);
  CHECK(venue_error(r.error).message() == "ReduceOnly Order is rejected.");

  SimVenue hedge(hedge_config());
  hedge.standard_book();
  CHECK(hedge.code(limit("SELL", "0.010", "61000.0", "GTC", {}, "LONG")) == -2022);  // no long position
  REQUIRE(hedge.code(market("BUY", "0.500", "LONG")) == 0);                         // long 0.5
  CHECK(hedge.code(limit("SELL", "0.600", "61000.0", "GTC", {}, "LONG")) == -2022);  // exceeds
  CHECK(hedge.code(limit("SELL", "0.300", "61000.0", "GTC", "c1", "LONG")) == 0);
  CHECK(hedge.code(limit("SELL", "0.300", "61000.0", "GTC", "c2", "LONG")) == -2022);  // 0.3 + 0.3 open > 0.5
  CHECK(hedge.code(limit("SELL", "0.200", "61000.0", "GTC", "c3", "LONG")) == 0);
  CHECK(hedge.code(market("SELL", "0.100", "SHORT")) == 0);  // opening a short is not a close
}

TEST_CASE("GTX crossing is rejected -5022 synchronously and never appears anywhere") {
  SimVenue v;
  v.standard_book();
  NewOrderRequest gtx = limit("BUY", "0.010", "60000.1", "GTX", "pm-1");
  const OrderResult r = new_order(*v.x, gtx, 2000);
  CHECK(venue_error(r.error).code == -5022);
  CHECK(venue_error(r.error).message() ==
        "Due to the order could not be executed as maker, the Post Only order will be rejected.");
  CHECK(v.rec.orders.empty());
  CancelRequest q{"BTCUSDT", {}, "pm-1"};
  CHECK(venue_error(query_order(*v.x, q).error).code == -2013);
  CHECK(v.x->open_order_count() == 0);
  CHECK(v.code(limit("SELL", "0.010", "60000.0", "GTX")) == -5022);
  // A non-crossing GTX rests as maker.
  const OrderResult ok = new_order(*v.x, limit("BUY", "0.010", "60000.0", "GTX", "pm-2"), 2000);
  CHECK(ok.ok());
  CHECK(ok.order.status == SimStatus::New);
  CHECK(query_order(*v.x, CancelRequest{"BTCUSDT", {}, "pm-2"}).ok());
}

TEST_CASE("FOK -5021 when the book cannot fill it entirely; otherwise filled at once") {
  SimVenue v;
  v.standard_book();
  CHECK(v.code(limit("BUY", "1.500", "60000.1", "FOK")) == -5021);  // only 1 BTC at or below 60000.1
  CHECK(v.rec.orders.empty());
  NewOrderRequest fok = limit("BUY", "2.500", "60000.2", "FOK");
  fok.new_order_resp_type = "RESULT";
  const OrderResult r = new_order(*v.x, fok, 2000);
  REQUIRE(r.ok());
  CHECK(r.order.status == SimStatus::Filled);
  CHECK(r.order.filled == qty(2.5));
}

TEST_CASE("duplicate clientOrderId among open orders -4116; reusable once the order is closed") {
  SimVenue v;
  v.standard_book();
  CHECK(v.code(limit("BUY", "0.010", "59000.0", "GTC", "dup")) == 0);
  const OrderResult d = new_order(*v.x, limit("BUY", "0.010", "59000.0", "GTC", "dup"), 2000);
  CHECK(venue_error(d.error).code == -4116);
  CHECK(cancel_order(*v.x, CancelRequest{"BTCUSDT", {}, "dup"}, 2100).ok());
  CHECK(v.code(limit("BUY", "0.010", "59000.0", "GTC", "dup")) == 0);
}

TEST_CASE("stop orders: -2021 when they would trigger at once; closePosition rules") {
  SimVenue v;
  v.standard_book();
  v.m->trade(px(60000.0), qty(0.1), true, 1500);  // last price 60000.0
  NewOrderRequest s;
  s.symbol = "BTCUSDT";
  s.side = "BUY";
  s.type = "STOP_MARKET";
  s.quantity = "0.010";
  s.stop_price = "59000.0";  // BUY stop at/below the last price triggers immediately
  const OrderResult r = new_order(*v.x, s, 2000);
  CHECK(venue_error(r.error).code == -2021);
  CHECK(venue_error(r.error).message() == "Order would immediately trigger.");
  s.stop_price = "61000.0";
  CHECK(v.code(s) == 0);
  s.type = "TAKE_PROFIT_MARKET";  // BUY take-profit fires at or below its price
  s.stop_price = "61000.0";
  CHECK(v.code(s) == -2021);
  NewOrderRequest cp;
  cp.symbol = "BTCUSDT";
  cp.side = "SELL";
  cp.type = "STOP_MARKET";
  cp.stop_price = "59000.0";
  cp.close_position = "true";
  cp.reduce_only = "true";
  CHECK(v.code(cp) == -1106);
  cp.reduce_only = {};
  cp.quantity = "0.010";
  CHECK(v.code(cp) == -4137);
  cp.quantity = {};
  CHECK(v.code(cp) == 0);
  NewOrderRequest bad = limit("BUY", "0.010", "59000.0");
  bad.close_position = "true";
  CHECK(v.code(bad) == -1106);
}

TEST_CASE("PERCENT_PRICE against the published mark: -4016 above the cap, -4024 below the floor") {
  SimVenue v;
  v.standard_book();
  REQUIRE(v.x->mark_price(v.btc) > 0);
  CHECK(v.code(limit("BUY", "0.010", "66100.0")) == -4016);  // > 60000.1 × 1.1
  CHECK(v.code(limit("SELL", "0.010", "32700.0")) == -4024);  // < 60000.1 × 0.5454
  CHECK(v.code(limit("BUY", "0.010", "65000.0", "IOC")) == 0);
}

TEST_CASE("margin: -2019 when the initial margin exceeds the available balance") {
  ExchangeConfig cfg;
  cfg.wallet = 100 * kAmountScale;  // 100 USDT at 20x: 2000 USDT of notional
  SimVenue v(cfg);
  v.standard_book();
  const OrderResult r = new_order(*v.x, limit("BUY", "0.040", "59000.0"), 2000);  // 2360 USDT
  CHECK(venue_error(r.error).code == -2019);
  CHECK(venue_error(r.error).message() == "Margin is insufficient.");
  CHECK(v.code(limit("BUY", "0.030", "59000.0")) == 0);  // 1770 USDT → 88.5 margin
  CHECK(v.code(limit("BUY", "0.005", "59000.0")) == -2019);  // the open order's margin counts
}

TEST_CASE("cancel / query errors; batch size -4082") {
  SimVenue v;
  v.standard_book();
  CHECK(venue_error(cancel_order(*v.x, CancelRequest{"BTCUSDT", "123", {}}, 2000).error).code == -2011);
  CHECK(venue_error(cancel_order(*v.x, CancelRequest{"BTCUSDT", {}, {}}, 2000).error).code == -1102);
  CHECK(venue_error(cancel_order(*v.x, CancelRequest{"XXX", "1", {}}, 2000).error).code == -1121);
  CHECK(venue_error(query_order(*v.x, CancelRequest{"BTCUSDT", "1", {}}).error).code == -2013);
  std::vector<NewOrderRequest> six(6, limit("BUY", "0.010", "59000.0"));
  std::vector<OrderResult> out(6);
  CHECK(venue_error(new_orders(*v.x, six.data(), six.size(), 2000, out.data())).code == -4082);
  CHECK(venue_error(new_orders(*v.x, six.data(), 0, 2000, out.data())).code == -4082);
  CHECK(v.x->open_order_count() == 0);
}

TEST_CASE("order pool exhausted: -2025") {
  ExchangeConfig cfg;
  cfg.max_open_orders = 2;
  SimVenue v(cfg);
  v.standard_book();
  CHECK(v.code(limit("BUY", "0.010", "59000.0")) == 0);
  CHECK(v.code(limit("BUY", "0.010", "59000.0")) == 0);
  CHECK(v.code(limit("BUY", "0.010", "59000.0")) == -2025);
}

TEST_CASE("parse_bool_param and format_min_notional") {
  bool b = false;
  CHECK(parse_bool_param("TRUE", false, b));
  CHECK(b);
  CHECK(parse_bool_param("", true, b));
  CHECK(b);
  CHECK_FALSE(parse_bool_param("1", false, b));
  char buf[32];
  CHECK(std::string_view(buf, format_min_notional(5 * kAmountScale, buf, sizeof buf)) == "5.0");
  CHECK(std::string_view(buf, format_min_notional(550'000'000, buf, sizeof buf)) == "5.5");
  CHECK(std::string_view(buf, format_min_notional(100 * kAmountScale, buf, sizeof buf)) == "100.0");
}

}  // TEST_SUITE
