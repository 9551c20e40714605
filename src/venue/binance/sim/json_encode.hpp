// json_encode.hpp — writes the exchange's records (reports.hpp) in exactly Binance's
// USD-M wire shape, into a caller-provided char buffer (no allocation). Each function
// returns the bytes written, or 0 when `cap` was too small.
//
// Shapes (field order and types as in the official examples,
// https://developers.binance.com/docs/derivatives/usds-margined-futures/user-data-streams and
// https://developers.binance.com/docs/derivatives/usds-margined-futures/trade/rest-api, and the venue's recorded fixtures):
//   ORDER_TRADE_UPDATE  user/order_update_*.json:
//     {"e","E","T","o":{"s","c","S","o","f","q","p","ap","sp","x","X","i","l","z","L","N",
//      "n","T","t","b","a","m","R","wt","ot","ps","cp","AP","cr","pP","si","ss","rp","V",
//      "pm","gtd"}}
//   ACCOUNT_UPDATE      user/account_update.json:
//     {"e","E","T","a":{"m":"ORDER","B":[{"a","wb","cw","bc"}],"P":[{"s","pa","ep","bep",
//      "cr","up","mt","iw","ps"}]}}
//   REST order          http/order_response.json + the New Order page (also the cancel
//                       and query answers, and each row of openOrders / batchOrders)
//   error               {"code":-5022,"msg":"..."}
//   cancel-all          {"code":200,"msg":"The operation of cancel all open order is done."}
//   markPriceUpdate     market/mark_price_stream.json (index = mark, funding rate 0)
//   ALGO_UPDATE         user/algo_update_*.json, ws/ws_futures_algo_update_*.json:
//     {"e","T","E","o":{"caid","aid","at","o","s","S","ps","f","q","X","ai","ap","aq","act",
//      "tp","p","V","wt","pm","cp","pP","R","tt","gtd"[,"rm"]}}
//   REST algo order     http/open_algo_orders.json rows (+ the New Algo Order answer's
//                       orderType / actualOrderId / triggerTime fields)
// Decimal texts: prices with max(pricePrecision, tick decimals) digits ("61800.20"),
// quantities with quantityPrecision digits ("0.010"), money with 8 digits
// ("0.01236004"); averages and entry prices with up to 8 digits, trailing zeros trimmed
// to the price precision. Zero-valued optional prices in the user stream are "0", as the
// venue sends them.
// Threads: pure functions; hot-path safe.
#pragma once
#include <cstddef>
#include <string_view>

#include "market/symbol_table.hpp"
#include "sim/core/decimal_text.hpp"
#include "sim/core/json_writer.hpp"
#include "sim/core/reports.hpp"
#include "venue/binance/sim/sim_errors.hpp"

namespace xtb::sim::binance_usdm {

/// ORDER_TRADE_UPDATE; `asset` names the commission asset (`N`).
std::size_t encode_order_trade_update(const OrderUpdateReport& r, const SymbolTable& symbols,
                                      std::string_view asset, char* buf, std::size_t cap) noexcept;
/// ACCOUNT_UPDATE (reason ORDER).
std::size_t encode_account_update(const AccountUpdateReport& r, const SymbolTable& symbols, char* buf,
                                  std::size_t cap) noexcept;
/// REST body of an accepted / canceled / queried order.
std::size_t encode_order_response(const SimOrder& o, const SymbolTable& symbols, char* buf, std::size_t cap) noexcept;
/// REST error body.
std::size_t encode_error(const Reject& e, char* buf, std::size_t cap) noexcept;
/// REST answer of DELETE /fapi/v1/allOpenOrders on success.
std::size_t encode_cancel_all_ok(char* buf, std::size_t cap) noexcept;
/// markPriceUpdate stream payload.
std::size_t encode_mark_price_update(const MarkPriceReport& r, const SymbolTable& symbols, char* buf,
                                     std::size_t cap) noexcept;

/// Writes the REST order object into an existing writer (lists: openOrders, batchOrders).
void write_order_object(JsonWriter& w, const SimOrder& o, const SymbolTable& symbols) noexcept;
/// ALGO_UPDATE.
std::size_t encode_algo_update(const AlgoUpdateReport& r, const SymbolTable& symbols, char* buf,
                               std::size_t cap) noexcept;
/// REST body of an algo order (POST / DELETE / GET /fapi/v1/algoOrder).
std::size_t encode_algo_order_response(const SimOrder& o, const SymbolTable& symbols, char* buf,
                                       std::size_t cap) noexcept;
/// The REST algo order object into an existing writer (openAlgoOrders rows).
void write_algo_order_object(JsonWriter& w, const SimOrder& o, const SymbolTable& symbols) noexcept;

}  // namespace xtb::sim::binance_usdm
