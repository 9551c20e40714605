// order_checks.hpp — static validation of a new-order request (the checks that need no
// market state): parameter presence and combinations, enum values, decimal precision and
// the PRICE_FILTER / LOT_SIZE / MARKET_LOT_SIZE filters, position-mode rules.
// Market-dependent checks (reduce-only against the position, MIN_NOTIONAL of market
// orders, PERCENT_PRICE, immediate trigger, GTX/FOK, margin) run in the exchange
// (exchange.cpp) because they need the book, mark price and account.
//
// Codes (error_codes.md; post_fapi_v1_order.md for the parameter rules):
//   -1102 mandatory parameter missing/malformed   -1106 parameter sent when not required
//   -1111 more decimals than pricePrecision / quantityPrecision
//   -1115/-1116/-1117 invalid timeInForce / type / side   -1121 unknown symbol
//   -1128 closePosition on the side that cannot close (hedge BUY+LONG / SELL+SHORT;
//         the docs name no code for it — the simulator's choice)
//   -1130 reduceOnly / closePosition / priceProtect not "true"/"false"
//   -1136 newOrderRespType   -4001/-4002/-4013/-4014 price ≤ 0 / > max / < min / off tick
//   -4003/-4004/-4005/-4023 quantity ≤ 0 / < min / > max / off step
//   -4006/-4007 stopPrice ≤ 0 / > max   -4015 client id   -4031 workingType
//   -4060 positionSide text   -4061 positionSide vs. position mode
//   -4137 quantity with closePosition=true
// Order types LIMIT, MARKET, STOP_MARKET, TAKE_PROFIT_MARKET are simulated; STOP,
// TAKE_PROFIT and TRAILING_STOP_MARKET are answered -1116 (not modelled).
// Threads: pure function of its inputs; no allocation.
#pragma once
#include "market/symbol_table.hpp"
#include "sim/exchange/sim_errors.hpp"
#include "sim/exchange/sim_types.hpp"

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
