// order_checks.hpp — static validation of a new-order request (the checks that need no
// market state): parameter presence and combinations, enum values, decimal precision and
// the PRICE_FILTER / LOT_SIZE / MARKET_LOT_SIZE filters, position-mode rules.
// Market-dependent checks (reduce-only against the position, MIN_NOTIONAL of market
// orders, PERCENT_PRICE, immediate trigger, GTX/FOK, margin) run in the exchange
// (exchange.cpp) because they need the book, mark price and account.
//
// Reasons (RejectCode, reject.hpp; the USD-M order-entry parameter rules):
//   MandatoryParam missing/malformed   ParamNotRequired parameter sent when not required
//   BadPrecision more decimals than the price / quantity precision
//   InvalidTif / InvalidOrderType / InvalidSide   BadSymbol unknown instrument
//   BadCombo closePosition on the side that cannot close (hedge BUY+LONG / SELL+SHORT;
//            the docs name no code for it — the simulator's choice)
//   InvalidParam reduceOnly / closePosition / priceProtect not "true"/"false"
//   InvalidRespType   PriceLessThanZero / PriceAboveMax / PriceBelowMin / PriceTick (tick size)
//   QtyLessThanZero / QtyBelowMin / QtyAboveMax / QtyStep (step size)
//   StopPriceLessThanZero / StopPriceAboveMax   ClientIdInvalid   InvalidWorkingType
//   InvalidPositionSide text   PositionSideMismatch position side vs. position mode
//   QtyWithClosePosition quantity with closePosition=true
// Order types LIMIT, MARKET, STOP_MARKET, TAKE_PROFIT_MARKET are simulated; STOP,
// TAKE_PROFIT and TRAILING_STOP_MARKET are refused InvalidOrderType (not modelled).
// Threads: pure function of its inputs; no allocation.
#pragma once
#include "market/symbol_table.hpp"
#include "sim/core/reject.hpp"
#include "sim/core/sim_types.hpp"

namespace xtb::sim {

/// Parses and statically validates `req` for an account in `hedge_mode`. On success
/// returns an ok Reject and fills `spec` (client_id left empty when not sent:
/// spec.client_id_generated is then true and the exchange assigns one).
Reject check_new_order(const NewOrderRequest& req, const SymbolTable& symbols, bool hedge_mode,
                       OrderSpec& spec) noexcept;

/// Parses a "true"/"false" parameter (ASCII case-insensitive). Empty → `dflt`.
bool parse_bool_param(std::string_view text, bool dflt, bool& out) noexcept;

/// Formats the MIN_NOTIONAL threshold as the venue's message does ("5.0", "10.0", "5.5").
std::size_t format_min_notional(Amount v, char* buf, std::size_t cap) noexcept;

}  // namespace xtb::sim
