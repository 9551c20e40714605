// state_dump.hpp — the exchange's state as JSON: account balances, positions (in the
// shape of GET /fapi/v2/positionRisk rows,
// https://developers.binance.com/docs/derivatives/usds-margined-futures/trade/rest-api/Position-Information-V2),
// open orders (GET /fapi/v1/openOrders rows), open algo orders (openAlgoOrders rows) and
// counters. Deterministic: symbols in id
// order, position sides BOTH/LONG/SHORT, orders by ascending orderId, integers only.
//
// The row writers are shared with the REST server (positionRisk / balance / openOrders
// answers). Threads: exchange thread, between calls. The *_json functions allocate
// (cold path); the row writers write into a caller's JsonWriter.
#pragma once
#include <string>

#include "sim/core/exchange.hpp"
#include "sim/core/json_writer.hpp"

namespace xtb::sim::binance_usdm {

/// One positionRisk row: symbol, positionSide, positionAmt, entryPrice, breakEvenPrice,
/// markPrice, unRealizedProfit, liquidationPrice, leverage, maxNotionalValue, marginType,
/// isolatedMargin, isAutoAddMargin, notional, isolatedWallet, updateTime.
void write_position_risk_row(JsonWriter& w, const sim::SimExchange& x, SymbolId s, PositionSide ps) noexcept;
/// One GET /fapi/v2/balance row for the margin asset.
void write_balance_row(JsonWriter& w, const sim::SimExchange& x, EpochMs now) noexcept;

/// {"account":{...},"positions":[positionRisk rows with amount != 0],
///  "openOrders":[order objects],"openAlgoOrders":[algo order objects],"counters":{...}}
std::string dump_state_json(const sim::SimExchange& x);

/// GET /fapi/v2/positionRisk answer for one symbol (kNoSymbol: every simulated symbol):
/// every position side of the current mode, zero positions included, as the venue does.
std::string position_risk_json(const sim::SimExchange& x, SymbolId s);

}  // namespace xtb::sim::binance_usdm
