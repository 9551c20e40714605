// session_requests.cpp — see session_requests.hpp.
#include "venue/binance/session_requests.hpp"

#include "venue/binance/encode_signing.hpp"

namespace xtb::binance {

namespace {
constexpr std::uint16_t kPositionModeWeight = 30;  // get_fapi_v1_positionside_dual.md

bool venue_symbol(std::string_view s) noexcept {
  if (s.empty() || s.size() > 32) return false;
  for (char c : s)
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return false;
  return true;
}
}  // namespace

std::string_view SessionRequest::path() const noexcept {
  return endpoint_ == SessionEndpoint::DepthSnapshot ? std::string_view("/fapi/v1/depth")
                                                     : std::string_view("/fapi/v1/positionSide/dual");
}

RequestCost SessionRequest::cost() const noexcept {
  RequestCost c;
  c.ip_weight = weight_;
  return c;
}

bool is_valid_depth_limit(std::uint16_t limit) noexcept { return depth_weight(limit) != 0; }

std::uint16_t depth_weight(std::uint16_t limit) noexcept {
  switch (limit) {
    case 5: case 10: case 20: case 50: return 2;
    case 100: return 5;
    case 500: return 10;
    case 1000: return 20;
    default: return 0;
  }
}

EncodeError encode_depth_snapshot(std::string_view symbol, std::uint16_t limit, SessionRequest& out) noexcept {
  if (!venue_symbol(symbol)) return EncodeError::UnknownSymbol;
  if (!is_valid_depth_limit(limit)) return EncodeError::UnsupportedCommand;
  ParamWriter w = out.begin(SessionEndpoint::DepthSnapshot, depth_weight(limit));
  w.key("symbol");
  w.put(symbol);
  w.key("limit");
  w.put_uint(limit);
  return out.commit(w);
}

EncodeError encode_position_mode(const HmacSha256Signer& signer, std::int64_t recv_window_ms, EpochMs timestamp_ms,
                                 SessionRequest& out) noexcept {
  if (!signer.has_key()) return EncodeError::NoSigningKey;
  ParamWriter w = out.begin(SessionEndpoint::PositionMode, kPositionModeWeight);
  w.key("recvWindow");
  w.put_int(recv_window_ms);
  w.key("timestamp");
  w.put_int(timestamp_ms);
  if (w.overflowed()) return out.commit(w);
  // authentication.md: the MAC covers totalParams exactly as sent, signature last.
  char hex[HmacSha256Signer::kHexChars];
  signer.sign_hex(w.view(), hex);
  w.key("signature");
  w.put(std::string_view(hex, sizeof hex));
  return out.commit(w);
}

bool rest_kind_of(Endpoint e, RestKind& out) noexcept {
  switch (e) {
    case Endpoint::NewOrder:
    case Endpoint::CancelOrder:
    case Endpoint::AmendOrder:
    case Endpoint::CancelAllOrders:
    case Endpoint::CancelAllAlgoOrders: out = RestKind::Order; return true;
    case Endpoint::QueryOrder:
    case Endpoint::QueryAlgoOrder: out = RestKind::QueryOrder; return true;
    case Endpoint::BatchOrders: out = RestKind::BatchOrders; return true;
    case Endpoint::OpenOrders: out = RestKind::OpenOrders; return true;
    case Endpoint::NewAlgoOrder:
    case Endpoint::CancelAlgoOrder: out = RestKind::AlgoOrder; return true;
    case Endpoint::OpenAlgoOrders: out = RestKind::OpenAlgoOrders; return true;
    case Endpoint::PositionRiskV2:
    case Endpoint::PositionRiskV3: out = RestKind::PositionRisk; return true;
    default: return false;
  }
}

}  // namespace xtb::binance
