// encode_order.hpp — unsigned parameter writers for the order endpoints.
//
// Each writer resets `out` to its endpoint, writes the parameters and commits; the
// caller then appends recvWindow/timestamp/signature with finish_signed()
// (encode_signing.hpp). OrderEncoder (encode_command.hpp) wires both steps for an
// OrderCommand; these are separate so tests can pin the exact parameter text.
//
// Routing: LIMIT/MARKET → /fapi/v1/order; conditional types (STOP, STOP_MARKET,
// TAKE_PROFIT, TAKE_PROFIT_MARKET) → /fapi/v1/algoOrder, the only endpoint that accepts
// them since the 2025-12-09 migration (seed 002; -4120 otherwise). Cancels and queries
// follow the order's type the same way (the sequencer keeps `type` on the command).
//
// Hot path; egress thread; no allocation. On error `out` holds no usable request.
#pragma once
#include <cstddef>
#include <span>

#include "core/command.hpp"
#include "venue/binance/encode_types.hpp"

namespace xtb::binance {

/// POST /fapi/v1/order (LIMIT, MARKET) or POST /fapi/v1/algoOrder (conditional).
EncodeError write_new_order(const OrderCommand& c, const EncodeSymbol& sym, PositionMode mode,
                            RequestBuffer& out) noexcept;

/// DELETE /fapi/v1/order (symbol + orderId | origClientOrderId) or, for conditional
/// types, DELETE /fapi/v1/algoOrder (algoId | clientAlgoId; that endpoint takes no symbol).
EncodeError write_cancel_order(const OrderCommand& c, const EncodeSymbol& sym, RequestBuffer& out) noexcept;

/// PUT /fapi/v1/order: symbol, side, orderId | origClientOrderId, quantity, price.
/// The venue only amends LIMIT orders (put_fapi_v1_order.md).
EncodeError write_amend_order(const OrderCommand& c, const EncodeSymbol& sym, RequestBuffer& out) noexcept;

/// GET /fapi/v1/order (symbol + ref) or GET /fapi/v1/algoOrder (algo ref).
EncodeError write_query_order(const OrderCommand& c, const EncodeSymbol& sym, RequestBuffer& out) noexcept;

/// POST /fapi/v1/batchOrders with batchOrders=<percent-encoded JSON array> of 1..5
/// LIMIT/MARKET orders (post_fapi_v1_batchorders.md: max 5; closePosition is not a batch
/// parameter, conditional types go through the algo endpoint one by one). `symbols` is
/// the dense SymbolId table.
EncodeError write_batch_orders(std::span<const OrderCommand> orders, std::span<const EncodeSymbol> symbols,
                               PositionMode mode, RequestBuffer& out) noexcept;

/// Max orders per batchOrders request.
inline constexpr std::size_t kMaxBatchOrders = 5;

}  // namespace xtb::binance
