// session_requests.hpp — REST requests of the session layer that OrderEncoder's endpoint
// table does not cover, and the mapping of encoded requests to response kinds.
//
//   GET /fapi/v1/depth?symbol=<S>&limit=<n>      public; weight by limit: 5/10/20/50 → 2,
//        100 → 5, 500 → 10, 1000 → 20 (endpoints/public/get_fapi_v1_depth.md). The answer
//        seeds BookSync (book_sync.hpp) and travels to decode as RestKind::DepthSnapshot.
//   GET /fapi/v1/positionSide/dual               SIGNED, weight 30
//        (endpoints/private/get_fapi_v1_positionside_dual.md): {"dualSidePosition":true}
//        = hedge mode. Checked at start-up against EncoderConfig::mode, because a mode
//        mismatch makes every order fail with -4061.
// Server time, exchangeInfo and listenKey requests use encode_account.hpp.
//
// Threads: egress thread (or start-up). No allocation.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "venue/binance/decode_rest.hpp"
#include "venue/binance/encode_types.hpp"
#include "venue/binance/rate_limit.hpp"
#include "venue/binance/signer.hpp"

namespace xtb::binance {

/// What a SessionRequest asks for.
enum class SessionEndpoint : std::uint8_t { DepthSnapshot, PositionMode };

/// One encoded session request: static method + path and the parameter text (query
/// string; both endpoints are GETs). Preallocated, reused; egress thread.
class SessionRequest {
 public:
  static constexpr std::size_t kCapacity = 512;

  SessionEndpoint endpoint() const noexcept { return endpoint_; }
  HttpMethod method() const noexcept { return HttpMethod::Get; }
  std::string_view path() const noexcept;
  std::string_view params() const noexcept { return {data_, len_}; }
  bool params_in_body() const noexcept { return false; }
  bool needs_api_key() const noexcept { return endpoint_ == SessionEndpoint::PositionMode; }
  /// REQUEST_WEIGHT cost (no order-count cost).
  RequestCost cost() const noexcept;

  // ---- encoder side ----
  ParamWriter begin(SessionEndpoint e, std::uint16_t weight) noexcept {
    endpoint_ = e;
    weight_ = weight;
    len_ = 0;
    return ParamWriter(data_, kCapacity, 0);
  }
  EncodeError commit(const ParamWriter& w) noexcept {
    if (w.overflowed()) {
      len_ = 0;
      return EncodeError::BufferOverflow;
    }
    len_ = static_cast<std::uint32_t>(w.size());
    return EncodeError::Ok;
  }

 private:
  char data_[kCapacity];
  std::uint32_t len_ = 0;
  std::uint16_t weight_ = 0;
  SessionEndpoint endpoint_ = SessionEndpoint::DepthSnapshot;
};

/// Valid depth limits (get_fapi_v1_depth.md): 5, 10, 20, 50, 100, 500, 1000.
bool is_valid_depth_limit(std::uint16_t limit) noexcept;
/// Request weight of a depth snapshot of `limit` levels (0 for an invalid limit).
std::uint16_t depth_weight(std::uint16_t limit) noexcept;

/// GET /fapi/v1/depth. `symbol` is the venue name ("BTCUSDT", [A-Z0-9], as in
/// EncodeSymbol::name). Errors: UnknownSymbol (empty or invalid name),
/// UnsupportedCommand (limit not in the documented set).
EncodeError encode_depth_snapshot(std::string_view symbol, std::uint16_t limit, SessionRequest& out) noexcept;

/// GET /fapi/v1/positionSide/dual, signed with recvWindow/timestamp (venue time, ms).
/// Errors: NoSigningKey, BufferOverflow.
EncodeError encode_position_mode(const HmacSha256Signer& signer, std::int64_t recv_window_ms, EpochMs timestamp_ms,
                                 SessionRequest& out) noexcept;

/// Response kind of an order-entry endpoint, for ResponseMeta::rest_kind; false for
/// endpoints whose answers are consumed by the session itself (time, exchangeInfo,
/// listenKey).
bool rest_kind_of(Endpoint e, RestKind& out) noexcept;

}  // namespace xtb::binance
