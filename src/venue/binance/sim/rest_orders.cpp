// rest_orders.cpp — order-entry and order-query endpoints of the simulated venue
// (rest_api.hpp). Parameters are collected as the texts the client sent
// (order_params.hpp) and go through order_entry.hpp: parsed into the core's typed
// requests (malformed text answered there), then checked and executed by the core.
//
// batchOrders (post_fapi_v1_batchorders.md): `batchOrders` is a JSON list (max 5) of
// order objects with the /fapi/v1/order parameter names; the answer is a list in the same
// order holding each order object or its {"code","msg"}. DELETE batchOrders
// (delete_fapi_v1_batchorders.md): `orderIdList` (JSON list of integers) or
// `origClientOrderIdList` (JSON list of strings), max 10.
#include <simdjson.h>

#include <cstring>

#include "venue/binance/sim/json_encode.hpp"
#include "venue/binance/sim/order_entry.hpp"
#include "venue/binance/sim/rest_api.hpp"

namespace xtb::sim::binance_usdm {
namespace {

constexpr std::size_t kMaxBatch = 16;  // above the venue's limits: order_entry answers -4082

// The parameters /fapi/v1/order and /fapi/v1/algoOrder share (same names, same texts).
template <class Request>
void shared_order_params(Request& r, const QueryParams& p) {
  r.symbol = p.get("symbol");
  r.side = p.get("side");
  r.position_side = p.get("positionSide");
  r.type = p.get("type");
  r.time_in_force = p.get("timeInForce");
  r.quantity = p.get("quantity");
  r.price = p.get("price");
  r.reduce_only = p.get("reduceOnly");
  r.close_position = p.get("closePosition");
  r.working_type = p.get("workingType");
  r.price_protect = p.get("priceProtect");
}

NewOrderRequest order_request(const QueryParams& p) {
  NewOrderRequest r;
  shared_order_params(r, p);
  r.stop_price = p.get("stopPrice");
  r.new_client_order_id = p.get("newClientOrderId");
  r.new_order_resp_type = p.get("newOrderRespType");
  return r;
}

CancelRequest cancel_request(const QueryParams& p) {
  return CancelRequest{p.get("symbol"), p.get("orderId"), p.get("origClientOrderId")};
}

AlgoOrderRequest algo_request(const QueryParams& p) {
  AlgoOrderRequest r;
  shared_order_params(r, p);
  r.algo_type = p.get("algoType");
  r.trigger_price = p.get("triggerPrice");
  r.client_algo_id = p.get("clientAlgoId");
  return r;
}

// Text of a JSON value into `s`: strings unquoted, numbers/booleans as their raw token.
// False on malformed JSON (the value's type cannot be read or the string is broken);
// simdjson's throwing conversions are never used: a client's bad list must not abort.
bool value_text(simdjson::ondemand::value v, std::string_view& s) {
  simdjson::ondemand::json_type type;
  if (v.type().get(type)) return false;
  if (type == simdjson::ondemand::json_type::string) return !v.get_string().get(s);
  s = v.raw_json_token();
  while (!s.empty() && (s.back() == ' ' || s.back() == '\n' || s.back() == '\r' || s.back() == '\t')) s.remove_suffix(1);
  return true;
}

void set_field(NewOrderRequest& r, std::string_view k, std::string_view v) {
  if (k == "symbol") r.symbol = v;
  else if (k == "side") r.side = v;
  else if (k == "positionSide") r.position_side = v;
  else if (k == "type") r.type = v;
  else if (k == "timeInForce") r.time_in_force = v;
  else if (k == "quantity") r.quantity = v;
  else if (k == "price") r.price = v;
  else if (k == "reduceOnly") r.reduce_only = v;
  else if (k == "closePosition") r.close_position = v;
  else if (k == "workingType") r.working_type = v;
  else if (k == "stopPrice") r.stop_price = v;
  else if (k == "newClientOrderId") r.new_client_order_id = v;
  else if (k == "newOrderRespType") r.new_order_resp_type = v;
  else if (k == "priceProtect") r.price_protect = v;
}

void write_result(JsonWriter& w, const OrderResult& r, const SymbolTable& symbols) {
  if (r.ok()) {
    write_order_object(w, r.order, symbols);
    return;
  }
  w.begin_object();
  const VenueError v = venue_error(r.error);
  w.kv_i64("code", v.code);
  w.kv("msg", v.message());
  w.end_object();
}

}  // namespace

RestAnswer RestApi::new_order(const RestCall& c) {
  // priceMatch (OPPONENT / QUEUE_*) is not simulated: refuse it rather than ignore it.
  const std::string_view pm = c.p.get("priceMatch");
  if (!pm.empty() && pm != "NONE") return error(400, -1130, "Data sent for parameter 'priceMatch' is not valid.");
  return order_answer(binance_usdm::new_order(x_, order_request(c.p), c.now), false);
}

RestAnswer RestApi::cancel_order(const RestCall& c) {
  return order_answer(binance_usdm::cancel_order(x_, cancel_request(c.p), c.now), false);
}

RestAnswer RestApi::query_order(const RestCall& c) {
  return order_answer(binance_usdm::query_order(x_, cancel_request(c.p)), false);
}

RestAnswer RestApi::query_open_order(const RestCall& c) {
  OrderResult r = binance_usdm::query_order(x_, cancel_request(c.p));
  if (r.ok() && is_terminal(r.order.status)) r.error.set(err::kNoSuchOrder);  // get_fapi_v1_openorder.md
  return order_answer(r, false);
}

RestAnswer RestApi::open_orders(const RestCall& c) { return open_order_list(c, false); }

RestAnswer RestApi::cancel_all(const RestCall& c) { return cancel_all_of(c, false); }

RestAnswer RestApi::batch_new(const RestCall& c) {
  simdjson::ondemand::document doc;
  simdjson::ondemand::array list;
  if (!json_list(c.p.get("batchOrders"), doc, list))
    return error(400, -1130, "Data sent for parameter 'batchOrders' is not valid.");
  NewOrderRequest reqs[kMaxBatch];
  std::size_t n = 0;
  for (auto elem : list) {
    simdjson::ondemand::object obj;
    if (n == kMaxBatch) return error(400, err::kBatchSize.number, err::kBatchSize.msg);
    if (elem.get_object().get(obj)) return error(400, -1130, "Data sent for parameter 'batchOrders' is not valid.");
    for (auto field : obj) {
      std::string_view key;
      simdjson::ondemand::value v;
      std::string_view text;
      if (field.unescaped_key().get(key) || field.value().get(v) || !value_text(v, text))
        return error(400, -1130, "Data sent for parameter 'batchOrders' is not valid.");
      if (key == "priceMatch" && text != "NONE")  // not simulated (see new_order)
        return error(400, -1130, "Data sent for parameter 'priceMatch' is not valid.");
      set_field(reqs[n], key, text);
    }
    ++n;
  }
  OrderResult out[kMaxBatch];
  const Reject r = binance_usdm::new_orders(x_, reqs, n, c.now, out);  // n == 0 or above the limit: -4082
  return batch_answer(r, out, n);
}

RestAnswer RestApi::batch_cancel(const RestCall& c) {
  const bool by_id = c.p.has("orderIdList");
  const std::string_view name = by_id ? "orderIdList" : "origClientOrderIdList";
  if (!by_id && !c.p.has(name))
    return error(400, -1102, "Param 'orderIdList' or 'origClientOrderIdList' must be sent, but both were empty/null!");
  simdjson::ondemand::document doc;
  simdjson::ondemand::array list;
  if (!json_list(c.p.get(name), doc, list)) return error(400, -1130, "Data sent for parameter 'orderIdList' is not valid.");
  CancelRequest reqs[kMaxBatch];
  std::size_t n = 0;
  for (auto elem : list) {
    simdjson::ondemand::value v;
    if (n == kMaxBatch) return error(400, err::kBatchSize.number, err::kBatchSize.msg);
    std::string_view text;
    if (elem.get(v) || !value_text(v, text))
      return error(400, -1130, "Data sent for parameter 'orderIdList' is not valid.");
    reqs[n].symbol = c.p.get("symbol");
    (by_id ? reqs[n].order_id : reqs[n].orig_client_order_id) = text;
    ++n;
  }
  OrderResult out[kMaxBatch];
  return batch_answer(binance_usdm::cancel_orders(x_, reqs, n, c.now, out), out, n);
}

RestAnswer RestApi::new_algo(const RestCall& c) {
  return order_answer(binance_usdm::new_algo_order(x_, algo_request(c.p), c.now), true);
}

RestAnswer RestApi::cancel_algo(const RestCall& c) {
  const AlgoCancelRequest req{c.p.get("algoId"), c.p.get("clientAlgoId")};
  return order_answer(binance_usdm::cancel_algo_order(x_, req, c.now), true);
}

RestAnswer RestApi::query_algo(const RestCall& c) {
  const AlgoCancelRequest req{c.p.get("algoId"), c.p.get("clientAlgoId")};
  return order_answer(binance_usdm::query_algo_order(x_, req), true);
}

RestAnswer RestApi::open_algo(const RestCall& c) { return open_order_list(c, true); }

RestAnswer RestApi::cancel_all_algo(const RestCall& c) { return cancel_all_of(c, true); }

RestAnswer RestApi::open_order_list(const RestCall& c, bool algo) {
  SymbolId s = kNoSymbol;
  if (c.p.has("symbol")) {
    RestAnswer err;
    if ((s = simulated(c.p.get("symbol"), err)) == kNoSymbol) return err;
  }
  const std::size_t n = x_.open_orders(s, rows_.data(), rows_.size(), algo);
  JsonWriter w(scratch_.get(), kScratchBytes);
  w.begin_array();
  for (std::size_t i = 0; i < n; ++i) {
    if (algo) write_algo_order_object(w, *rows_[i], x_.symbols());
    else write_order_object(w, *rows_[i], x_.symbols());
  }
  w.end_array();
  return ok(w.finish());
}

RestAnswer RestApi::cancel_all_of(const RestCall& c, bool algo) {
  RestAnswer err;
  const SymbolId symbol = simulated(c.p.get("symbol"), err);
  if (symbol == kNoSymbol) return err;
  const Reject r = algo ? x_.cancel_all_algo(symbol, c.now) : x_.cancel_all(symbol, c.now);
  if (!r.ok()) return error(400, r);
  return ok(encode_cancel_all_ok(scratch_.get(), kScratchBytes));
}

RestAnswer RestApi::batch_answer(const Reject& r, const OrderResult* out, std::size_t n) {
  if (!r.ok()) return error(400, r);
  JsonWriter w(scratch_.get(), kScratchBytes);
  w.begin_array();
  for (std::size_t i = 0; i < n; ++i) write_result(w, out[i], x_.symbols());
  w.end_array();
  return ok(w.finish());
}

}  // namespace xtb::sim::binance_usdm
