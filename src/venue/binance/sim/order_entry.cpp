// order_entry.cpp — see order_entry.hpp.
#include "venue/binance/sim/order_entry.hpp"

#include <charconv>

#include "venue/binance/sim/order_parse.hpp"

namespace xtb::sim::binance_usdm {
namespace {

bool parse_id(std::string_view text, std::uint64_t& id) noexcept {
  const auto r = std::from_chars(text.data(), text.data() + text.size(), id);
  return r.ec == std::errc{} && r.ptr == text.data() + text.size();
}

// The ids of a cancel / query: an id (decimal) or a client id; UnknownOrder for a client
// id that no order can have.
Reject parse_ids(std::string_view id_text, std::string_view client_text, const char* id_name, bool& by_id,
                 std::uint64_t& id, ClientOrderId& client) noexcept {
  Reject e;
  if (!id_text.empty()) {
    by_id = true;
    if (!parse_id(id_text, id)) e.set_arg(RejectCode::MandatoryParam, id_name);
  } else if (client_text.size() > ClientOrderId::kMax) {
    e.set(RejectCode::UnknownOrder);
  } else if (!client_text.empty()) {
    client.assign(client_text);
  } else {
    e.set(-1102, "Param 'orderId' or 'origClientOrderId' must be sent, but both were empty/null!");
  }
  return e;
}

Reject parse_cancel(const SimExchange& x, const CancelRequest& req, SimCancelRequest& out) noexcept {
  Reject e;
  out = SimCancelRequest{};
  if (req.symbol.empty()) {
    e.set_arg(RejectCode::MandatoryParam, "symbol");
    return e;
  }
  out.symbol = x.symbols().find(x.account().venue(), req.symbol);
  if (out.symbol == kNoSymbol || x.market(out.symbol) == nullptr) {
    e.set(RejectCode::BadSymbol);
    return e;
  }
  return parse_ids(req.order_id, req.orig_client_order_id, "orderId", out.by_id, out.order_id, out.client_id);
}

Reject parse_algo_cancel(const AlgoCancelRequest& req, SimAlgoCancelRequest& out) noexcept {
  out = SimAlgoCancelRequest{};
  if (req.algo_id.empty() && req.client_algo_id.empty()) return algo_ids_missing();
  return parse_ids(req.algo_id, req.client_algo_id, "algoId", out.by_id, out.algo_id, out.client_id);
}

}  // namespace

Reject algo_ids_missing() noexcept {
  Reject e;
  e.set(-1102, "Param 'algoId' or 'clientAlgoId' must be sent, but both were empty/null!");
  return e;
}

OrderResult new_order(SimExchange& x, const NewOrderRequest& req, EpochMs now) noexcept {
  SimOrderRequest q;
  const Reject e = parse_new_order(req, x.symbols(), x.account().venue(), x.account().hedge_mode(), q);
  return e.ok() ? x.new_order(q, now) : x.refuse(e);
}

Reject new_orders(SimExchange& x, const NewOrderRequest* reqs, std::size_t n, EpochMs now, OrderResult* out) noexcept {
  Reject e;
  if (n == 0 || n > x.config().max_batch_orders) {
    e.set(RejectCode::BatchSize);
    return e;
  }
  for (std::size_t i = 0; i < n; ++i) out[i] = new_order(x, reqs[i], now);
  return e;
}

OrderResult cancel_order(SimExchange& x, const CancelRequest& req, EpochMs now) noexcept {
  SimCancelRequest q;
  OrderResult res;
  res.error = parse_cancel(x, req, q);
  return res.error.ok() ? x.cancel_order(q, now) : res;
}

Reject cancel_orders(SimExchange& x, const CancelRequest* reqs, std::size_t n, EpochMs now, OrderResult* out) noexcept {
  Reject e;
  if (n == 0 || n > x.config().max_batch_cancels) {
    e.set(RejectCode::BatchSize);
    return e;
  }
  for (std::size_t i = 0; i < n; ++i) out[i] = cancel_order(x, reqs[i], now);
  return e;
}

OrderResult query_order(const SimExchange& x, const CancelRequest& req) noexcept {
  SimCancelRequest q;
  OrderResult res;
  res.error = parse_cancel(x, req, q);
  if (res.error.code == RejectCode::UnknownOrder) res.error.set(RejectCode::NoSuchOrder);
  return res.error.ok() ? x.query_order(q) : res;
}

OrderResult new_algo_order(SimExchange& x, const AlgoOrderRequest& req, EpochMs now) noexcept {
  SimOrderRequest q;
  const Reject e = parse_algo_order(req, x.symbols(), x.account().venue(), x.account().hedge_mode(), q);
  return e.ok() ? x.new_algo_order(q, now) : x.refuse(e);
}

OrderResult cancel_algo_order(SimExchange& x, const AlgoCancelRequest& req, EpochMs now) noexcept {
  SimAlgoCancelRequest q;
  OrderResult res;
  res.error = parse_algo_cancel(req, q);
  return res.error.ok() ? x.cancel_algo_order(q, now) : res;
}

OrderResult query_algo_order(const SimExchange& x, const AlgoCancelRequest& req) noexcept {
  SimAlgoCancelRequest q;
  OrderResult res;
  res.error = parse_algo_cancel(req, q);
  if (res.error.code == RejectCode::UnknownOrder) res.error.set(RejectCode::NoSuchOrder);
  return res.error.ok() ? x.query_algo_order(q) : res;
}

}  // namespace xtb::sim::binance_usdm
