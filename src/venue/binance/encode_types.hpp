// encode_types.hpp — vocabulary of the Binance USD-M request encoders: endpoints and
// their HTTP shape, per-symbol encoding rules, encoder configuration, typed errors and
// the preallocated RequestBuffer every encoder writes into.
//
// Protocol facts (paths, methods, security types, request weights) come from the
// official docs copied in ../shared/venue-docs/binance/usdm/ (authentication.md,
// endpoints/*.md) and, for the algo (conditional) order service introduced by the
// 2025-12-09 migration, from developers.binance.com "New Algo Order", "Cancel Algo
// Order", "Current All Algo Open Orders" (see docs/venues/binance-orders.md).
#pragma once
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "venue/binance/encode_decimal.hpp"
#include "venue/binance/encode_writer.hpp"

namespace xtb::binance {

enum class HttpMethod : std::uint8_t { Get, Post, Put, Delete };

/// Endpoint security type (authentication.md "Endpoint Security Type").
enum class Security : std::uint8_t {
  None,    ///< public (exchangeInfo, time)
  ApiKey,  ///< USER_STREAM: X-MBX-APIKEY header, no signature (listenKey)
  Signed,  ///< TRADE / USER_DATA: X-MBX-APIKEY + timestamp + recvWindow + signature
};

/// Every request the encoders can produce.
enum class Endpoint : std::uint8_t {
  NewOrder,            ///< POST   /fapi/v1/order
  CancelOrder,         ///< DELETE /fapi/v1/order
  AmendOrder,          ///< PUT    /fapi/v1/order
  QueryOrder,          ///< GET    /fapi/v1/order
  CancelAllOrders,     ///< DELETE /fapi/v1/allOpenOrders
  BatchOrders,         ///< POST   /fapi/v1/batchOrders
  OpenOrders,          ///< GET    /fapi/v1/openOrders
  NewAlgoOrder,        ///< POST   /fapi/v1/algoOrder   (conditional orders since 2025-12-09)
  CancelAlgoOrder,     ///< DELETE /fapi/v1/algoOrder
  QueryAlgoOrder,      ///< GET    /fapi/v1/algoOrder
  CancelAllAlgoOrders, ///< DELETE /fapi/v1/algoOpenOrders
  OpenAlgoOrders,      ///< GET    /fapi/v1/openAlgoOrders
  PositionRiskV2,      ///< GET    /fapi/v2/positionRisk
  PositionRiskV3,      ///< GET    /fapi/v3/positionRisk
  ExchangeInfo,        ///< GET    /fapi/v1/exchangeInfo
  ServerTime,          ///< GET    /fapi/v1/time
  ListenKeyCreate,     ///< POST   /fapi/v1/listenKey
  ListenKeyKeepAlive,  ///< PUT    /fapi/v1/listenKey
  ListenKeyClose,      ///< DELETE /fapi/v1/listenKey
  Count
};

/// Static HTTP shape and documented cost of one endpoint.
struct EndpointSpec {
  HttpMethod method;
  Security security;
  std::string_view path;
  std::uint16_t ip_weight;          ///< X-MBX-USED-WEIGHT-1M cost (symbol given)
  std::uint16_t ip_weight_all;      ///< cost when the optional symbol is omitted
  std::uint8_t orders_10s;          ///< X-MBX-ORDER-COUNT-10S cost
  std::uint8_t orders_1m;           ///< X-MBX-ORDER-COUNT-1M cost
};

/// Spec table lookup; `e` must be < Endpoint::Count. Any thread.
const EndpointSpec& endpoint_spec(Endpoint e) noexcept;
std::string_view to_string(HttpMethod m) noexcept;
std::string_view to_string(Endpoint e) noexcept;

/// Account position mode (GET /fapi/v1/positionSide/dual). Decides positionSide vs
/// reduceOnly (post_fapi_v1_order.md): Hedge → positionSide LONG/SHORT always sent,
/// reduceOnly never; OneWay → positionSide never sent (venue default BOTH), reduceOnly
/// sent when the command asks for it. closePosition never travels with reduceOnly.
enum class PositionMode : std::uint8_t { OneWay, Hedge };

/// Which position-risk endpoint reconciliation uses. V3 returns only symbols with a
/// position or open orders (get_fapi_v3_positionrisk.md); V2 returns every symbol.
enum class PositionRiskVersion : std::uint8_t { V2, V3 };

/// Per-symbol encoding rules: the venue symbol name and the grids that Price ticks and
/// Qty steps are counts of — the same DecimalScale values as market/symbol_table.hpp's
/// SymbolRules::price / ::qty, so the table owner builds one per symbol as
/// `{table.name(id), rules.price, rules.qty}`. `name` must outlive the encoder.
struct EncodeSymbol {
  std::string_view name;  ///< e.g. "BTCUSDT"; empty = unknown id
  DecimalScale tick;      ///< PRICE_FILTER.tickSize grid
  DecimalScale step;      ///< LOT_SIZE.stepSize grid
};

/// Validates and builds an EncodeSymbol: false when `name` is not 1..20 chars of
/// [A-Z0-9] (it is written into requests unescaped) or a grid is invalid
/// (units < 1 or decimals > 18). Cold path.
bool make_encode_symbol(std::string_view name, DecimalScale tick, DecimalScale step, EncodeSymbol& out) noexcept;

/// Table lookup by dense SymbolId; nullptr when out of range or without a name.
inline const EncodeSymbol* find_symbol(const EncodeSymbol* table, std::size_t size, std::uint32_t id) noexcept {
  return (id < size && !table[id].name.empty()) ? &table[id] : nullptr;
}

struct EncoderConfig {
  PositionMode mode = PositionMode::Hedge;
  std::int64_t recv_window_ms = 5000;  ///< 1..60000; docs recommend ≤ 5000
  PositionRiskVersion position_risk = PositionRiskVersion::V3;
};

/// Why a command could not be encoded. Nothing is sent when an encoder returns
/// anything but Ok; the egress stage reports it back as a local reject.
enum class EncodeError : std::uint8_t {
  Ok = 0,
  UnknownSymbol,          ///< symbol id outside the table or without a name
  BufferOverflow,         ///< request does not fit RequestBuffer::kCapacity
  DecimalOverflow,        ///< ticks × tickSize mantissa overflows int64
  NoSigningKey,           ///< signer has no secret loaded
  InvalidSide,            ///< Side::None
  InvalidPositionSide,    ///< hedge mode needs LONG/SHORT; one-way mode needs BOTH
  ReduceOnlyWouldIncrease,///< hedge mode: reduce-only flag on BUY LONG / SELL SHORT
  InvalidClosePosition,   ///< closePosition on a non STOP_MARKET/TAKE_PROFIT_MARKET order, or on the wrong side in hedge mode
  MissingPrice,           ///< LIMIT/STOP/TAKE_PROFIT without a positive price
  MissingStopPrice,       ///< conditional order without a positive trigger price
  MissingQuantity,        ///< quantity ≤ 0 where one is required
  MissingTimeInForce,     ///< LIMIT without TIF
  UnsupportedTimeInForce, ///< GTD (needs goodTillDate, which OrderCommand does not carry)
  UnsupportedOrderType,   ///< TRAILING_STOP_MARKET (needs callbackRate), LIQUIDATION, None
  UnsupportedCommand,     ///< command kind with no Binance request
  InvalidClientOrderId,   ///< id not matching ^[\.A-Z\:/a-z0-9_-]{1,36}$
  MissingOrderRef,        ///< cancel/amend/query without venue id and client id
  BatchEmpty,
  BatchTooLarge,          ///< more than 5 orders (post_fapi_v1_batchorders.md)
  BatchConditional,       ///< conditional / closePosition orders must use the algo endpoint
};
std::string_view to_string(EncodeError e) noexcept;

/// One encoded HTTP request: method + path (static) + parameter text. For GET and
/// DELETE the parameters are the query string; for POST and PUT they are an
/// application/x-www-form-urlencoded body (authentication.md allows either; the body
/// keeps the request line short). Signed requests end with `&signature=<64 hex>`.
/// Preallocated and reused: one per in-flight request slot; owned by the egress thread.
class RequestBuffer {
 public:
  static constexpr std::size_t kCapacity = 4096;  ///< bytes; a 5-order batch needs ~2 KiB

  Endpoint endpoint() const noexcept { return endpoint_; }
  const EndpointSpec& spec() const noexcept { return endpoint_spec(endpoint_); }
  HttpMethod method() const noexcept { return spec().method; }
  std::string_view path() const noexcept { return spec().path; }
  std::string_view params() const noexcept { return {data_, len_}; }
  /// True for POST/PUT: send params() as the body with
  /// Content-Type: application/x-www-form-urlencoded; false: append "?"+params() to path.
  bool params_in_body() const noexcept {
    return method() == HttpMethod::Post || method() == HttpMethod::Put;
  }
  /// True when the request must carry the X-MBX-APIKEY header.
  bool needs_api_key() const noexcept { return spec().security != Security::None; }
  std::uint16_t ip_weight() const noexcept { return ip_weight_; }
  std::uint8_t orders_10s() const noexcept { return orders_10s_; }
  std::uint8_t orders_1m() const noexcept { return orders_1m_; }

  /// Encoder side: resets the buffer for `e` and returns a writer over it.
  ParamWriter begin(Endpoint e) noexcept {
    endpoint_ = e;
    const EndpointSpec& s = endpoint_spec(e);
    ip_weight_ = s.ip_weight;
    orders_10s_ = s.orders_10s;
    orders_1m_ = s.orders_1m;
    len_ = 0;
    return ParamWriter(data_, kCapacity, 0);
  }
  /// Encoder side: records the writer's length; Ok or BufferOverflow.
  EncodeError commit(const ParamWriter& w) noexcept {
    if (w.overflowed()) {
      len_ = 0;
      return EncodeError::BufferOverflow;
    }
    len_ = static_cast<std::uint32_t>(w.size());
    return EncodeError::Ok;
  }
  /// Encoder side: a writer continuing after the committed params.
  ParamWriter resume() noexcept { return ParamWriter(data_, kCapacity, len_); }
  /// Encoder side: optional-symbol endpoints cost more without a symbol.
  void use_all_symbols_weight() noexcept { ip_weight_ = spec().ip_weight_all; }

 private:
  char data_[kCapacity];
  std::uint32_t len_ = 0;
  Endpoint endpoint_ = Endpoint::ServerTime;
  std::uint16_t ip_weight_ = 0;
  std::uint8_t orders_10s_ = 0;
  std::uint8_t orders_1m_ = 0;
};

}  // namespace xtb::binance
