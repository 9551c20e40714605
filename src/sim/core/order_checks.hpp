// order_checks.hpp — static checks of a typed new-order request (the checks that need no
// market state): instrument, enum ranges, position-mode rules, parameter combinations,
// the tick/step bounds of the instrument filters (price bounds, quantity bounds, market
// lot size). Market-dependent checks (reduce-only against the position, minimum notional,
// mark-price band, immediate trigger, post-only/FOK, margin) run in the exchange
// (exchange.cpp) because they need the book, mark price and account.
//
// Order of check_order (the first failure is the answer; a face that parses its request
// text runs the same pieces in its venue's parameter order, so a request breaking several
// rules gets the venue's answer):
//   BadSymbol unknown instrument or one of another venue   InvalidOrderType (simulated:
//   Limit, Market, StopMarket, TakeProfitMarket)   InvalidSide   PositionSideMismatch
//   position side vs. position mode   ParamNotRequired "reduce_only" (hedge mode or with
//   close-position)   ClientIdInvalid   InvalidRespType / InvalidWorkingType (out of range)
//   ParamNotRequired "close_position" (not a stop type)   then by type:
//     Limit: InvalidTif (GTC, IOC, FOK, PostOnly), quantity bounds, price bounds;
//     Market: ParamNotRequired "price" (px given), quantity bounds (market lot size);
//     stops: ParamNotRequired "price", stop-price bounds, close-position: QtyWithClosePosition
//       (qty given), BadCombo (hedge BUY+LONG / SELL+SHORT); else quantity bounds (market).
// Bounds: QtyLessThanZero / QtyBelowMin / QtyAboveMax / QtyStep (market step);
// PriceLessThanZero / PriceBelowMin / PriceAboveMax; StopPriceLessThanZero /
// StopPriceAboveMax. Arguments (Reject::set_arg) name the request's fields as
// order_request.hpp spells them; a face maps them to its own parameter names.
// Threads: pure functions of their inputs; no allocation.
#pragma once
#include <cstddef>

#include "market/symbol_table.hpp"
#include "sim/core/reject.hpp"
#include "sim/core/sim_types.hpp"

namespace xtb::sim {

/// Checks `req` for an account of `venue` in `hedge_mode` (order above). On success
/// returns an ok Reject and fills `spec` (client_id_generated set when no id was given:
/// the exchange assigns one).
Reject check_order(const SimOrderRequest& req, const SymbolTable& symbols, Venue venue, bool hedge_mode,
                   OrderSpec& spec) noexcept;

// ---- the pieces, for a face that checks in its own parameter order ----

/// PositionSideMismatch unless the position side fits the mode (Both ⇔ one-way).
Reject check_position_mode(PositionSide ps, bool hedge_mode) noexcept;
/// Quantity bounds in steps (`market`: the market lot size filter and its step).
Reject check_qty_bounds(const SymbolRules& r, Qty q, bool market) noexcept;
/// Limit price bounds in ticks.
Reject check_price_bounds(const SymbolRules& r, Price px) noexcept;
/// Trigger price bounds in ticks.
Reject check_stop_price_bounds(const SymbolRules& r, Price px) noexcept;
/// BadCombo for a hedge-mode close-position order on the side that cannot close.
Reject check_close_side(Side side, PositionSide ps, bool hedge_mode) noexcept;

/// Formats the MIN_NOTIONAL threshold as the venue's message does ("5.0", "10.0", "5.5").
std::size_t format_min_notional(Amount v, char* buf, std::size_t cap) noexcept;

}  // namespace xtb::sim
