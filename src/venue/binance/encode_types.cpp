// encode_types.cpp — endpoint table and enum names (see encode_types.hpp).
//
// Weights are the documented "Request Weight" of each page under
// ../shared/venue-docs/binance/usdm/endpoints/. The algo-order rows are not in that copy;
// their costs follow developers.binance.com (New Algo Order: weight 0 on the IP limit,
// counted as an order like POST /fapi/v1/order; cancel / query: 1; open orders: 1 with a
// symbol, 40 without) — see docs/venues/binance-orders.md.
#include "venue/binance/encode_types.hpp"

#include <array>

namespace xtb::binance {

namespace {

using M = HttpMethod;
using S = Security;

constexpr std::array<EndpointSpec, static_cast<std::size_t>(Endpoint::Count)> kSpecs{{
    {M::Post, S::Signed, "/fapi/v1/order", 0, 0, 1, 1},              // NewOrder
    {M::Delete, S::Signed, "/fapi/v1/order", 1, 1, 0, 0},            // CancelOrder
    {M::Put, S::Signed, "/fapi/v1/order", 0, 0, 1, 1},               // AmendOrder
    {M::Get, S::Signed, "/fapi/v1/order", 1, 1, 0, 0},               // QueryOrder
    {M::Delete, S::Signed, "/fapi/v1/allOpenOrders", 1, 1, 0, 0},    // CancelAllOrders
    {M::Post, S::Signed, "/fapi/v1/batchOrders", 5, 5, 5, 1},        // BatchOrders
    {M::Get, S::Signed, "/fapi/v1/openOrders", 1, 40, 0, 0},         // OpenOrders
    {M::Post, S::Signed, "/fapi/v1/algoOrder", 0, 0, 1, 1},          // NewAlgoOrder
    {M::Delete, S::Signed, "/fapi/v1/algoOrder", 1, 1, 0, 0},        // CancelAlgoOrder
    {M::Get, S::Signed, "/fapi/v1/algoOrder", 1, 1, 0, 0},           // QueryAlgoOrder
    {M::Delete, S::Signed, "/fapi/v1/algoOpenOrders", 1, 1, 0, 0},   // CancelAllAlgoOrders
    {M::Get, S::Signed, "/fapi/v1/openAlgoOrders", 1, 40, 0, 0},     // OpenAlgoOrders
    {M::Get, S::Signed, "/fapi/v2/positionRisk", 5, 5, 0, 0},        // PositionRiskV2
    {M::Get, S::Signed, "/fapi/v3/positionRisk", 5, 5, 0, 0},        // PositionRiskV3
    {M::Get, S::None, "/fapi/v1/exchangeInfo", 1, 1, 0, 0},          // ExchangeInfo
    {M::Get, S::None, "/fapi/v1/time", 1, 1, 0, 0},                  // ServerTime
    {M::Post, S::ApiKey, "/fapi/v1/listenKey", 1, 1, 0, 0},          // ListenKeyCreate
    {M::Put, S::ApiKey, "/fapi/v1/listenKey", 1, 1, 0, 0},           // ListenKeyKeepAlive
    {M::Delete, S::ApiKey, "/fapi/v1/listenKey", 1, 1, 0, 0},        // ListenKeyClose
}};

constexpr std::array<std::string_view, static_cast<std::size_t>(Endpoint::Count)> kEndpointNames{{
    "NewOrder", "CancelOrder", "AmendOrder", "QueryOrder", "CancelAllOrders", "BatchOrders",
    "OpenOrders", "NewAlgoOrder", "CancelAlgoOrder", "QueryAlgoOrder", "CancelAllAlgoOrders",
    "OpenAlgoOrders", "PositionRiskV2", "PositionRiskV3", "ExchangeInfo", "ServerTime",
    "ListenKeyCreate", "ListenKeyKeepAlive", "ListenKeyClose",
}};

bool is_symbol_char(char c) noexcept { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

}  // namespace

const EndpointSpec& endpoint_spec(Endpoint e) noexcept { return kSpecs[static_cast<std::size_t>(e)]; }

std::string_view to_string(Endpoint e) noexcept {
  const auto i = static_cast<std::size_t>(e);
  return i < kEndpointNames.size() ? kEndpointNames[i] : "?";
}

std::string_view to_string(HttpMethod m) noexcept {
  switch (m) {
    case HttpMethod::Get: return "GET";
    case HttpMethod::Post: return "POST";
    case HttpMethod::Put: return "PUT";
    case HttpMethod::Delete: return "DELETE";
  }
  return "?";
}

std::string_view to_string(EncodeError e) noexcept {
  switch (e) {
    case EncodeError::Ok: return "ok";
    case EncodeError::UnknownSymbol: return "unknown symbol";
    case EncodeError::BufferOverflow: return "request buffer overflow";
    case EncodeError::DecimalOverflow: return "decimal overflow";
    case EncodeError::NoSigningKey: return "no signing key";
    case EncodeError::InvalidSide: return "invalid side";
    case EncodeError::InvalidPositionSide: return "position side does not match position mode";
    case EncodeError::ReduceOnlyWouldIncrease: return "reduce-only order would increase the position";
    case EncodeError::InvalidClosePosition: return "invalid closePosition order";
    case EncodeError::MissingPrice: return "missing price";
    case EncodeError::MissingStopPrice: return "missing trigger price";
    case EncodeError::MissingQuantity: return "missing quantity";
    case EncodeError::MissingTimeInForce: return "missing time in force";
    case EncodeError::UnsupportedTimeInForce: return "unsupported time in force";
    case EncodeError::UnsupportedOrderType: return "unsupported order type";
    case EncodeError::UnsupportedCommand: return "unsupported command";
    case EncodeError::InvalidClientOrderId: return "invalid client order id";
    case EncodeError::MissingOrderRef: return "missing order reference";
    case EncodeError::BatchEmpty: return "empty batch";
    case EncodeError::BatchTooLarge: return "batch larger than 5 orders";
    case EncodeError::BatchConditional: return "conditional order in batch";
  }
  return "?";
}

bool make_encode_symbol(std::string_view name, DecimalScale tick, DecimalScale step, EncodeSymbol& out) noexcept {
  if (name.empty() || name.size() > 20) return false;
  for (const char c : name) {
    if (!is_symbol_char(c)) return false;
  }
  const auto valid = [](DecimalScale s) { return s.units >= 1 && s.decimals <= DecimalScale::kMaxDecimals; };
  if (!valid(tick) || !valid(step)) return false;
  out = EncodeSymbol{name, tick, step};
  return true;
}

}  // namespace xtb::binance
