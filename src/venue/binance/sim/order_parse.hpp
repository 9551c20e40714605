// order_parse.hpp — the Binance USD-M order-entry text (order_params.hpp) → the core's
// typed new order (sim/core/order_request.hpp), with the venue's answers for malformed
// text. Semantic checks (position mode, tick/step bounds, combinations) are the core's
// (sim/core/order_checks.hpp); they run here too, interleaved in the order the venue
// checks its parameters, so a request breaking several rules gets the answer it always
// got. The exchange then re-runs check_order on the typed request (which passes).
//
// Order: symbol (MandatoryParam / BadSymbol), type (MandatoryParam / InvalidOrderType:
// STOP, TAKE_PROFIT, TRAILING_STOP_MARKET are not simulated), side (MandatoryParam /
// InvalidSide), positionSide (InvalidPositionSide), position mode (PositionSideMismatch),
// reduceOnly / closePosition / priceProtect not "true"/"false" (InvalidParam),
// reduceOnly sent in hedge mode or with closePosition (ParamNotRequired "reduceonly"),
// newClientOrderId (ClientIdInvalid), newOrderRespType (InvalidRespType), workingType
// (InvalidWorkingType), closePosition on a non-stop type (ParamNotRequired), then by type:
// LIMIT timeInForce, quantity, price (MandatoryParam), quantity and price precision
// (BadPrecision), step / tick (QtyStep / PriceTick) and bounds; MARKET price sent
// (ParamNotRequired), quantity; stops price sent, stopPrice, closePosition with quantity
// (QtyWithClosePosition), hedge close side (BadCombo), quantity.
// Threads: pure functions of their inputs; no allocation.
#pragma once
#include <string_view>

#include "market/symbol_table.hpp"
#include "sim/core/order_request.hpp"
#include "sim/core/reject.hpp"
#include "venue/binance/sim/order_params.hpp"

namespace xtb::sim::binance_usdm {

/// Parses and checks `req` for an account of `venue` in `hedge_mode`; on success fills
/// `out` (client_id_generated when newClientOrderId was not sent).
Reject parse_new_order(const NewOrderRequest& req, const SymbolTable& symbols, Venue venue, bool hedge_mode,
                       SimOrderRequest& out) noexcept;

/// algoType (MandatoryParam / InvalidParam unless CONDITIONAL), triggerPrice
/// (MandatoryParam), then parse_new_order with triggerPrice as the stop price and
/// clientAlgoId as the client id.
Reject parse_algo_order(const AlgoOrderRequest& req, const SymbolTable& symbols, Venue venue, bool hedge_mode,
                        SimOrderRequest& out) noexcept;

/// Parses a "true"/"false" parameter (ASCII case-insensitive). Empty → `dflt`.
bool parse_bool_param(std::string_view text, bool dflt, bool& out) noexcept;

}  // namespace xtb::sim::binance_usdm
