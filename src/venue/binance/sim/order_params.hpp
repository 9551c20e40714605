// order_params.hpp — the Binance USD-M order-entry parameters as the client sent them
// (text): POST /fapi/v1/order (and each batchOrders element), POST /fapi/v1/algoOrder,
// DELETE/GET /fapi/v1/order and /fapi/v1/algoOrder. An empty view means "not sent".
// Spellings: https://developers.binance.com/docs/derivatives/usds-margined-futures/trade/rest-api
// (side BUY/SELL, positionSide BOTH/LONG/SHORT, type LIMIT/MARKET/STOP_MARKET/
// TAKE_PROFIT_MARKET, timeInForce GTC/IOC/FOK/GTX, booleans "true"/"false", ...).
//
// order_parse.hpp turns them into the core's typed requests (sim/core/order_request.hpp)
// with the venue's error answers; order_entry.hpp parses and calls the exchange.
// Threads: plain views into the caller's request; no allocation.
#pragma once
#include <string_view>

namespace xtb::sim::binance_usdm {

/// A new order (and each element of a batch).
struct NewOrderRequest {
  std::string_view symbol;               ///< "BTCUSDT" (mandatory)
  std::string_view side;                 ///< BUY | SELL (mandatory)
  std::string_view position_side;        ///< BOTH | LONG | SHORT; hedge mode needs LONG/SHORT
  std::string_view type;                 ///< LIMIT | MARKET | STOP_MARKET | TAKE_PROFIT_MARKET
  std::string_view time_in_force;        ///< GTC | IOC | FOK | GTX (LIMIT: mandatory)
  std::string_view quantity;             ///< decimal; not with closePosition=true
  std::string_view price;                ///< decimal (LIMIT)
  std::string_view reduce_only;          ///< "true" | "false"; not in hedge mode / with closePosition
  std::string_view close_position;       ///< "true" | "false" (STOP_MARKET / TAKE_PROFIT_MARKET)
  std::string_view working_type;         ///< MARK_PRICE | CONTRACT_PRICE (default CONTRACT_PRICE)
  std::string_view stop_price;           ///< decimal (STOP_MARKET / TAKE_PROFIT_MARKET)
  std::string_view new_client_order_id;  ///< ^[\.A-Z\:/a-z0-9_-]{1,36}$; generated when absent
  std::string_view new_order_resp_type;  ///< ACK (default) | RESULT
  std::string_view price_protect;        ///< "TRUE" | "FALSE" (accepted, echoed, not modelled)
};

/// A conditional order (algoType=CONDITIONAL) for the conditional-order service, the
/// USD-M venue's route since the 2025-12-09 migration (the plain order entry then refuses
/// STOP_MARKET / TAKE_PROFIT_MARKET: UseConditionalService). Same texts as
/// NewOrderRequest, with triggerPrice and clientAlgoId.
struct AlgoOrderRequest {
  std::string_view algo_type;        ///< "CONDITIONAL" (mandatory)
  std::string_view symbol, side, position_side, type, time_in_force, quantity, price;
  std::string_view trigger_price;    ///< decimal (mandatory)
  std::string_view working_type, close_position, reduce_only, price_protect;
  std::string_view client_algo_id;   ///< same rule as newClientOrderId; generated when absent
};

/// Cancel / query of a conditional order: algoId or clientAlgoId (no symbol).
struct AlgoCancelRequest {
  std::string_view algo_id;
  std::string_view client_algo_id;
};

/// Cancel / query of an order: either order_id or orig_client_order_id must be sent.
struct CancelRequest {
  std::string_view symbol;
  std::string_view order_id;              ///< decimal integer text
  std::string_view orig_client_order_id;
};

}  // namespace xtb::sim::binance_usdm
