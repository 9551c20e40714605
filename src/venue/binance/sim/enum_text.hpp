// enum_text.hpp — the Binance USD-M spelling of the core's enums, as the face sends them
// in REST answers and user-stream records (side BUY/SELL, positionSide BOTH/LONG/SHORT,
// type LIMIT/MARKET/STOP_MARKET/..., timeInForce GTC/IOC/FOK/GTX — GTX is the core's
// post-only —, workingType, order status, execution type, algo status).
// Threads: pure functions returning string literals; no allocation.
#pragma once
#include "core/types.hpp"
#include "sim/core/sim_types.hpp"

namespace xtb::sim::binance_usdm {

const char* to_text(Side s) noexcept;
const char* to_text(PositionSide s) noexcept;
const char* to_text(OrderType t) noexcept;
const char* to_text(TimeInForce t) noexcept;
const char* to_text(WorkingType t) noexcept;
const char* to_text(SimStatus s) noexcept;
const char* to_text(ExecType e) noexcept;
const char* to_text(AlgoState s) noexcept;

}  // namespace xtb::sim::binance_usdm
