// state_dump.hpp — the Backpack face's state as JSON for GET /sim/state and the exit dump,
// in the shape the USD-M face writes (venue/binance/sim/state_dump.hpp) so the same
// checks read both (app/run/ledger_check.cpp: positions by symbol + positionSide +
// positionAmt, open orders by clientOrderId + status + executedQty):
//   {"account":{"asset","walletBalance","crossWalletBalance","availableBalance",
//               "dualSidePosition":false},
//    "positions":[{"symbol","positionSide":"BOTH","positionAmt","entryPrice","breakEvenPrice",
//                  "markPrice","unRealizedProfit","liquidationPrice","netQuantity"}]  (non-zero only),
//    "openOrders":[{"orderId","clientOrderId","symbol","side":"BUY"|"SELL","positionSide":"BOTH",
//                   "type":"LIMIT"|"MARKET","timeInForce":"GTC"|"IOC"|"FOK"|"GTX","status":
//                   "NEW"|"PARTIALLY_FILLED","price","origQty","executedQty","reduceOnly"}],
//    "openAlgoOrders":[], "counters":{...}}
// clientOrderId is Backpack's numeric clientId as text ("" when none was sent). Status words
// are the neutral (USD-M) ones the ledger check compares; deterministic order (ascending ids).
// Threads: exchange thread, between calls. Allocates (cold path).
#pragma once
#include <string>

#include "sim/core/exchange.hpp"

namespace xtb::sim::backpack_sim {

std::string dump_state_json(const SimExchange& x);

}  // namespace xtb::sim::backpack_sim
