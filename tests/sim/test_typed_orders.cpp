// Typed order entry (sim/core/order_request.hpp): the core's semantic checks over typed
// fields with the USD-M face's answers for them, the face's text parsing giving the same
// answers as the typed path, the venue's order of checks for requests that break several
// rules, and the face-side answers for cancels / queries that never reach the core.
#include <doctest/doctest.h>

#include <string>

#include "sim/core/order_checks.hpp"
#include "sim_test_util.hpp"
#include "venue/binance/sim/order_parse.hpp"
#include "venue/binance/sim/sim_errors.hpp"

using namespace xtb;
using namespace xtb::sim;
using namespace xtb::sim::binance_usdm;
using namespace xtb::sim::test;

namespace {

SimOrderRequest typed_limit(SymbolId s, Side side, Qty q, Price p, TimeInForce tif = TimeInForce::GTC) {
  SimOrderRequest r;
  r.symbol = s;
  r.side = side;
  r.type = OrderType::Limit;
  r.tif = tif;
  r.qty = q;
  r.px = p;
  r.client_id_generated = true;
  return r;
}

std::string answer(const OrderResult& r) {
  const VenueError e = venue_error(r.error);
  return std::to_string(e.code) + " " + std::string(e.message());
}

}  // namespace

TEST_SUITE("sim-exchange") {

TEST_CASE("typed requests: semantic checks answer with the venue's codes") {
  SimVenue v;
  v.standard_book();
  SimOrderRequest r = typed_limit(v.btc, Side::Buy, qty(0.01), px(59000.0), TimeInForce::PostOnly);
  const OrderResult ok = v.x->new_order(r, 2000);
  REQUIRE(ok.ok());
  CHECK(ok.order.spec.tif == TimeInForce::PostOnly);
  CHECK(ok.order.spec.client_id_generated);
  CHECK_FALSE(ok.order.spec.client_id.empty());  // assigned by the exchange
  CHECK(answer(v.x->new_order(typed_limit(v.btc, Side::Buy, 0, px(59000.0)), 2000)) == "-4003 Quantity less than zero.");
  CHECK(answer(v.x->new_order(typed_limit(v.btc, Side::Buy, qty(0.01), 0), 2000)) == "-4001 Price less than 0.");
  CHECK(venue_error(v.x->new_order(typed_limit(v.btc, Side::Buy, qty(0.01), px(59000.0), TimeInForce::GTD), 2000).error)
            .code == -1115);
  CHECK(venue_error(v.x->new_order(typed_limit(v.btc, Side::None, qty(0.01), px(59000.0)), 2000).error).code == -1117);
  CHECK(venue_error(v.x->new_order(typed_limit(kNoSymbol, Side::Buy, qty(0.01), px(59000.0)), 2000).error).code ==
        -1121);
  SimOrderRequest close = typed_limit(v.btc, Side::Sell, 0, px(61000.0));
  close.close_position = true;
  CHECK(answer(v.x->new_order(close, 2000)) == "-1106 Parameter 'closePosition' sent when not required.");
  SimOrderRequest mk = typed_limit(v.btc, Side::Buy, qty(0.01), px(60000.0));
  mk.type = OrderType::Market;
  CHECK(answer(v.x->new_order(mk, 2000)) == "-1106 Parameter 'price' sent when not required.");
  // The client order id is opaque to the core: its alphabet is the face's to check (the
  // Binance face answers -4015 for "no spaces": test_order_rules.cpp).
  SimOrderRequest any_id = typed_limit(v.btc, Side::Buy, qty(0.01), px(59000.0));
  any_id.client_id_generated = false;
  any_id.client_id.assign("no spaces");
  CHECK(v.x->new_order(any_id, 2000).error.ok());
}

TEST_CASE("typed requests: reduce-only in hedge mode is the venue's lower-case reduceonly") {
  SimVenue v(hedge_config());
  v.standard_book();
  SimOrderRequest r = typed_limit(v.btc, Side::Sell, qty(0.01), px(61000.0));
  r.position_side = PositionSide::Long;
  r.reduce_only = true;
  CHECK(answer(v.x->new_order(r, 2000)) == "-1106 Parameter 'reduceonly' sent when not required.");
  r.reduce_only = false;
  r.position_side = PositionSide::Both;
  CHECK(venue_error(v.x->new_order(r, 2000).error).code == -4061);
}

TEST_CASE("text and typed requests get the same answers") {
  SimVenue v;
  v.standard_book();
  const SymbolTable& t = v.symbols;
  SimOrderRequest parsed;
  REQUIRE(parse_new_order(limit("BUY", "0.010", "59000.0", "GTX", "same-1"), t, v.x->account().venue(), false, parsed)
              .ok());
  CHECK(parsed.qty == qty(0.01));
  CHECK(parsed.px == px(59000.0));
  CHECK(parsed.tif == TimeInForce::PostOnly);
  CHECK(parsed.client_id.view() == "same-1");
  CHECK_FALSE(parsed.client_id_generated);
  // Bounds come from the core for both paths.
  CHECK(answer(new_order(*v.x, limit("BUY", "0.000", "59000.0"), 2000)) ==
        answer(v.x->new_order(typed_limit(v.btc, Side::Buy, 0, px(59000.0)), 2000)));
  CHECK(answer(new_order(*v.x, limit("BUY", "0.010", "0.0"), 2000)) ==
        answer(v.x->new_order(typed_limit(v.btc, Side::Buy, qty(0.01), 0), 2000)));
  // Text-only answers: precision, tick, malformed.
  CHECK(venue_error(new_order(*v.x, limit("BUY", "0.0101", "59000.0"), 2000).error).code == -1111);
  CHECK(venue_error(new_order(*v.x, limit("BUY", "0.010", "59000.001"), 2000).error).code == -1111);
  CHECK(venue_error(new_order(*v.x, limit("BUY", "0.010", "59000.05"), 2000).error).code == -4014);
  CHECK(answer(new_order(*v.x, limit("BUY", "abc", "59000.0"), 2000)) ==
        "-1102 Mandatory parameter 'quantity' was not sent, was empty/null, or malformed.");
  // Several broken rules: the venue's parameter order (position mode before workingType).
  NewOrderRequest two = limit("BUY", "0.010", "59000.0", "GTC", {}, "LONG");
  two.working_type = "NOPE";
  CHECK(venue_error(new_order(*v.x, two, 2000).error).code == -4061);
  two.position_side = {};
  CHECK(venue_error(new_order(*v.x, two, 2000).error).code == -4031);
  // Malformed text counts as a rejected order, as the exchange's own refusals do.
  const std::uint64_t before = v.x->counters().orders_rejected;
  (void)new_order(*v.x, limit("BUY", "0.010", "59000.0", "NOPE"), 2000);
  CHECK(v.x->counters().orders_rejected == before + 1);
}

TEST_CASE("cancel / query: typed by id, and the face's answers for ids no order has") {
  SimVenue v;
  v.standard_book();
  const OrderResult placed = new_order(*v.x, limit("BUY", "0.010", "59000.0", "GTC", "c-1"), 2000);
  REQUIRE(placed.ok());
  SimCancelRequest q;
  q.symbol = v.btc;
  q.by_id = true;
  q.order_id = placed.order.order_id;
  CHECK(v.x->query_order(q).ok());
  CHECK(v.x->cancel_order(q, 2100).ok());
  CHECK(v.x->query_order(q).order.status == SimStatus::Canceled);  // from the history
  const std::string long_id(40, 'a');
  CHECK(venue_error(cancel_order(*v.x, CancelRequest{"BTCUSDT", {}, long_id}, 2200).error).code == -2011);
  CHECK(venue_error(query_order(*v.x, CancelRequest{"BTCUSDT", {}, long_id}).error).code == -2013);
  CHECK(answer(cancel_order(*v.x, CancelRequest{"BTCUSDT", "12x", {}}, 2200)) ==
        "-1102 Mandatory parameter 'orderId' was not sent, was empty/null, or malformed.");
  CHECK(answer(cancel_algo_order(*v.x, AlgoCancelRequest{}, 2200)) ==
        "-1102 Param 'algoId' or 'clientAlgoId' must be sent, but both were empty/null!");
  CHECK(venue_error(query_algo_order(*v.x, AlgoCancelRequest{{}, long_id}).error).code == -2013);
  SimCancelRequest other = q;
  other.symbol = kNoSymbol;
  CHECK(venue_error(v.x->cancel_order(other, 2200).error).code == -1121);
}

}  // TEST_SUITE
