// decode_rest_rows.hpp — field readers for the rows of Binance USD-M REST responses
// (internal to the decoders). Each reader stashes the text of the fields we use while
// walking one JSON object; conversion to ticks/steps happens afterwards (the symbol, and
// with it the grid, may come after the numbers).
//
// Row shapes (../shared/venue-docs/binance/usdm/endpoints/):
//   order     post_fapi_v1_order.md, get_fapi_v1_openorders.md: symbol, clientOrderId,
//             orderId, side, positionSide, type, timeInForce, origQty, price, avgPrice,
//             stopPrice, executedQty, status, reduceOnly, closePosition, workingType,
//             updateTime; an error row is {"code","msg"}.
//   algo      openAlgoOrders / algoOrder: algoId, clientAlgoId, algoStatus, triggerPrice,
//             quantity, orderType|type, ... (Binance 2025-12 conditional-order migration).
//   position  get_fapi_v3_positionrisk.md, get_fapi_v2_account.md: symbol, positionSide,
//             positionAmt, entryPrice, breakEvenPrice, markPrice, liquidationPrice,
//             unRealizedProfit|unrealizedProfit, leverage, marginType|isolated, updateTime.
//   balance   get_fapi_v3_balance.md, account "assets": asset, balance|walletBalance,
//             crossWalletBalance.
// Threads: decode thread. No allocation.
#pragma once
#include "venue/binance/decode_user.hpp"

namespace xtb::binance::detail {

struct OrderRow {
  OrderText text;
  std::string_view algo_status, trigger_px, algo_executed;
  bool algo = false;      ///< the row carried algoId / clientAlgoId
  bool has_code = false;  ///< the row is {"code":..,"msg":..}
  std::int64_t code = 0;
};
DecodeStatus read_order_row(od::object& o, OrderRow& row) noexcept;
/// Algo row → OrderUpdate (see convert_algo).
DecodeStatus convert_algo_row(Ctx& c, const OrderRow& row, OrderUpdate& out, const SymbolRules*& rules) noexcept;

struct PositionRiskText {
  PositionText pos;
  std::string_view mark_px, liquidation_px, leverage, margin_type;
  bool isolated = false;
  std::int64_t update_ms = 0;
};
DecodeStatus read_position_risk_row(od::object& o, PositionRiskText& t) noexcept;

struct BalanceText {
  std::string_view asset, wallet, cross;
};
DecodeStatus read_balance_row(od::object& o, BalanceText& t) noexcept;
/// Balance row into the writer's next slot; unknown asset → skipped (counted), Ok.
DecodeStatus convert_balance(Ctx& c, const BalanceText& t, AccountWriter& w) noexcept;

}  // namespace xtb::binance::detail
