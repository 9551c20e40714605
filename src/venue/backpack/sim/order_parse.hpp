// order_parse.hpp — Backpack order-entry fields → the core's typed requests
// (sim/core/order_request.hpp), answering malformed fields the way the face does.
//
// POST /api/v1/order (instruction orderExecute; bpx-api-client types/src/order.rs
// ExecuteOrderPayload, ccxt@4.5.84 backpack.js createOrderRequest) — fields:
//   symbol (required; the simulated market, else INVALID_MARKET)
//   side Bid|Ask, orderType Limit|Market (required)
//   quantity (required, on the step grid), price (Limit: required, on the tick grid)
//   timeInForce GTC|IOC|FOK (default GTC; Market orders are IOC by nature)
//   postOnly true → the core's post-only (Limit GTC only: with IOC/FOK or Market refused)
//   reduceOnly true|false, clientId (uint32), selfTradePrevention
//   RejectTaker|RejectMaker|RejectBoth|Allow (accepted, not modelled: no self trades here)
// Not simulated, refused with INVALID_CLIENT_REQUEST naming them: quoteQuantity, trigger /
// stop-loss / take-profit fields, autoLend*, slippageTolerance.
// DELETE / GET /api/v1/order: symbol plus orderId (decimal) or clientId.
// Numbers may come quoted or bare ("price":"61800.5" or 61800.5); booleans bare or quoted.
// The request is answered with its state after the immediate matching (RespType::Result).
// Threads: server thread; no allocation.
#pragma once
#include "market/symbol_table.hpp"
#include "sim/core/order_request.hpp"
#include "sim/core/reject.hpp"
#include "venue/backpack/sim/request_params.hpp"

namespace xtb::sim::backpack_sim {

/// New order: ok Reject and `req` filled, or the refusal. `simulated`: the replayed market.
Reject parse_order(const RequestParams& p, const SymbolTable& symbols, SymbolId simulated,
                   SimOrderRequest& req) noexcept;

/// Cancel / query of one order of `symbol`: by orderId, else clientId; MandatoryParam
/// "orderId" when neither is given.
Reject parse_selector(const RequestParams& p, SymbolId symbol, SimCancelRequest& req) noexcept;

/// clientId text → canonical decimal text of a uint32 (false when not a uint32).
bool parse_client_id(std::string_view text, ClientOrderId& out) noexcept;

}  // namespace xtb::sim::backpack_sim
