// order_entry.hpp — Binance USD-M order entry on the exchange core: each function parses
// the venue's request text (order_params.hpp; order_parse.hpp for new orders) into the
// core's typed request (sim/core/order_request.hpp) and calls sim::SimExchange, so the
// REST handlers (rest_orders.cpp) and tests share one path. A request refused while
// parsing is answered with the venue's reason and, for new orders, counted as rejected
// (SimExchange::refuse), as the exchange counts its own refusals.
//
// Cancels / queries (parameter rules of DELETE/GET /fapi/v1/order and algoOrder):
// symbol missing → MandatoryParam "symbol", unknown or not simulated → BadSymbol (order
// endpoints only); orderId / algoId not an unsigned integer → MandatoryParam; neither id
// sent → -1102 "Param '…' or '…' must be sent, but both were empty/null!"; a client id
// longer than any stored one → UnknownOrder (cancel) / NoSuchOrder (query).
// Batches: 0 or more than the configured maximum elements → BatchSize, nothing done.
// Threads: the thread that drives the exchange; no allocation.
#pragma once
#include <cstddef>

#include "sim/core/exchange.hpp"
#include "venue/binance/sim/order_params.hpp"

namespace xtb::sim::binance_usdm {

OrderResult new_order(SimExchange& x, const NewOrderRequest& req, EpochMs now) noexcept;
Reject new_orders(SimExchange& x, const NewOrderRequest* reqs, std::size_t n, EpochMs now, OrderResult* out) noexcept;
OrderResult cancel_order(SimExchange& x, const CancelRequest& req, EpochMs now) noexcept;
Reject cancel_orders(SimExchange& x, const CancelRequest* reqs, std::size_t n, EpochMs now, OrderResult* out) noexcept;
OrderResult query_order(const SimExchange& x, const CancelRequest& req) noexcept;

OrderResult new_algo_order(SimExchange& x, const AlgoOrderRequest& req, EpochMs now) noexcept;
OrderResult cancel_algo_order(SimExchange& x, const AlgoCancelRequest& req, EpochMs now) noexcept;
OrderResult query_algo_order(const SimExchange& x, const AlgoCancelRequest& req) noexcept;

/// The -1102 answer when neither algoId nor clientAlgoId was sent.
Reject algo_ids_missing() noexcept;

}  // namespace xtb::sim::binance_usdm
