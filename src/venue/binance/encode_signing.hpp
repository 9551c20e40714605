// encode_signing.hpp — the tail of every SIGNED request:
//     ...&recvWindow=<ms>&timestamp=<ms>&signature=<hex HMAC-SHA256 of everything before>
// (authentication.md "SIGNED Endpoint Security" / "Timing Security": totalParams is what
// is sent, the signature must be the last parameter, recvWindow defaults to 5000 and is
// at most 60000).
#pragma once
#include <cstdint>

#include "core/types.hpp"
#include "venue/binance/encode_types.hpp"
#include "venue/binance/signer.hpp"

namespace xtb::binance {

/// Largest recvWindow the venue accepts (ms).
inline constexpr std::int64_t kMaxRecvWindowMs = 60'000;

/// Appends recvWindow, timestamp and signature to the committed params of `out` and
/// commits again. `timestamp_ms` is venue time (TimeSync::venue_time_ms). Errors:
/// NoSigningKey, BufferOverflow. Hot path; egress thread; no allocation.
EncodeError finish_signed(RequestBuffer& out, const HmacSha256Signer& signer, std::int64_t recv_window_ms,
                          EpochMs timestamp_ms) noexcept;

}  // namespace xtb::binance
