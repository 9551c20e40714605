// encode_account.hpp — parameter writers for the reconciliation, bulk-cancel, market
// metadata, server-time and user-stream endpoints.
//
//   signed (finish_signed() afterwards):
//     GET    /fapi/v1/openOrders      [symbol]   weight 1, 40 without symbol
//     GET    /fapi/v1/openAlgoOrders  [symbol]   weight 1, 40 without symbol
//     GET    /fapi/v2|v3/positionRisk [symbol]   weight 5
//     DELETE /fapi/v1/allOpenOrders   symbol
//     DELETE /fapi/v1/algoOpenOrders  symbol
//   public, no parameters: GET /fapi/v1/exchangeInfo, GET /fapi/v1/time
//   USER_STREAM (X-MBX-APIKEY only, no signature, no parameters — one listenKey per
//   account, valid 60 min, PUT extends it; data/README.md):
//     POST | PUT | DELETE /fapi/v1/listenKey
//
// Hot path capable (no allocation) though mostly used on timers; egress thread.
#pragma once
#include "venue/binance/encode_types.hpp"

namespace xtb::binance {

/// Writes the symbol-scoped query/cancel `e` (one of OpenOrders, OpenAlgoOrders,
/// PositionRiskV2, PositionRiskV3, CancelAllOrders, CancelAllAlgoOrders). `sym` may be
/// nullptr ("all symbols", heavier) except for the two cancel-all endpoints
/// (UnknownSymbol). Any other endpoint → UnsupportedCommand.
EncodeError write_symbol_scoped(Endpoint e, const EncodeSymbol* sym, RequestBuffer& out) noexcept;

/// GET /fapi/v1/exchangeInfo — complete request, nothing to sign.
EncodeError encode_exchange_info(RequestBuffer& out) noexcept;
/// GET /fapi/v1/time — complete request, nothing to sign (feeds TimeSync).
EncodeError encode_server_time(RequestBuffer& out) noexcept;

enum class ListenKeyOp : std::uint8_t { Create, KeepAlive, Close };
/// POST/PUT/DELETE /fapi/v1/listenKey — complete request; needs_api_key() is true.
EncodeError encode_listen_key(ListenKeyOp op, RequestBuffer& out) noexcept;

}  // namespace xtb::binance
