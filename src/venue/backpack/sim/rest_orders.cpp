// rest_orders.cpp — BackpackFace's order-entry handlers (backpack_face.hpp).
// Sources: https://docs.backpack.exchange/#tag/Order (execute_order, cancel_order,
// get_order, get_open_orders, cancel_open_orders; copies of the query pages in
// ../shared/venue-docs/backpack/endpoints/private/), ccxt@4.5.84 js/src/backpack.js
// createOrder / cancelOrder / fetchOpenOrder / fetchOpenOrders / cancelAllOrders.
//   POST   /api/v1/order   orderExecute   body → order object after the immediate matching
//                                         (an IOC that filled: "Filled"; one that could not:
//                                         "Expired"); refusals sim_errors.hpp
//   DELETE /api/v1/order   orderCancel    {symbol, orderId|clientId} → the order, "Cancelled";
//                                         unknown or closed: 404 RESOURCE_NOT_FOUND
//   GET    /api/v1/order   orderQuery     ?symbol&orderId|clientId → the open order; a closed
//                                         or unknown one: 404 RESOURCE_NOT_FOUND (the endpoint
//                                         returns resting orders only)
//   GET    /api/v1/orders  orderQueryAll  ?symbol (optional; marketType accepted) → open orders
//   DELETE /api/v1/orders  orderCancelAll {symbol} → the cancelled orders
// User events (account.orderUpdate / positionUpdate) go out before the answer, in causal
// order, as the exchange emits them (user_events.cpp).
#include "venue/backpack/sim/backpack_face.hpp"
#include "venue/backpack/sim/json_encode.hpp"
#include "venue/backpack/sim/order_parse.hpp"

namespace xtb::sim::backpack_sim {
namespace {

constexpr std::size_t kMaxListed = 4096;

}  // namespace

void BackpackFace::send_order(server::ServerSession& s, const OrderResult& res) noexcept {
  if (!res.ok()) return send_error(s, res.error);
  JsonWriter w = writer();
  write_order(w, res.order, symbols_);
  send_writer(s, w);
}

bool BackpackFace::order_selector(server::ServerSession& s, const Call& c, SimCancelRequest& req) noexcept {
  const SymbolId id = symbol_param(s, c, true);
  if (id == kNoSymbol) return false;
  const Reject why = parse_selector(c.p, id, req);
  if (why.ok()) return true;
  send_error(s, why);
  return false;
}

void BackpackFace::h_order_execute(server::ServerSession& s, const Call& c) {
  SimOrderRequest req;
  const Reject why = parse_order(c.p, symbols_, sym_, req);
  if (!why.ok()) return send_order(s, exchange_->refuse(why));
  send_order(s, exchange_->new_order(req, c.now));
}

void BackpackFace::h_order_cancel(server::ServerSession& s, const Call& c) {
  SimCancelRequest req;
  if (order_selector(s, c, req)) send_order(s, exchange_->cancel_order(req, c.now));
}

void BackpackFace::h_order_query(server::ServerSession& s, const Call& c) {
  SimCancelRequest req;
  if (!order_selector(s, c, req)) return;
  OrderResult res = exchange_->query_order(req);
  if (res.ok() && is_terminal(res.order.status)) res.error.set(RejectCode::NoSuchOrder);
  send_order(s, res);
}

void BackpackFace::h_open_orders(server::ServerSession& s, const Call& c) {
  SymbolId id = kNoSymbol;
  if (c.p.has("symbol") && (id = symbol_param(s, c, true)) == kNoSymbol) return;
  const SimOrder* orders[kMaxListed];
  const std::size_t n = exchange_->open_orders(id, orders, kMaxListed);
  JsonWriter w = writer();
  w.begin_array();
  for (std::size_t i = 0; i < n; ++i) write_order(w, *orders[i], symbols_);
  w.end_array();
  send_writer(s, w);
}

void BackpackFace::h_cancel_all(server::ServerSession& s, const Call& c) {
  const SymbolId id = symbol_param(s, c, true);
  if (id == kNoSymbol) return;
  const SimOrder* orders[kMaxListed];
  const std::size_t n = exchange_->open_orders(id, orders, kMaxListed);
  JsonWriter w = writer();  // the answer lists them as cancelled (written before they go)
  w.begin_array();
  for (std::size_t i = 0; i < n; ++i) {
    SimOrder o = *orders[i];
    o.status = SimStatus::Canceled;
    o.update_ms = c.now;
    write_order(w, o, symbols_);
  }
  w.end_array();
  if (const Reject why = exchange_->cancel_all(id, c.now); !why.ok()) return send_error(s, why);
  send_writer(s, w);
}

}  // namespace xtb::sim::backpack_sim
