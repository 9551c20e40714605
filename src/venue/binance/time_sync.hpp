// time_sync.hpp — local-clock → Binance server-time offset for the `timestamp` parameter.
//
// Protocol (authentication.md "Timing Security"): a SIGNED request is accepted only if
//     timestamp < serverTime + 1000   &&   serverTime - timestamp <= recvWindow.
// Being late costs at most recvWindow; being early by > 1 s is a hard reject (-1021
// INVALID_TIMESTAMP, error_codes.md). So the estimate is biased slightly into the past.
//
// Estimation: each GET /fapi/v1/time round trip gives local send/receive wall-clock
// times (ns) and serverTime (ms). Assuming symmetric paths, the server read its clock
// at the midpoint:  offset = (serverTime + 0.5 ms) - (send + recv) / 2.  The error is
// bounded by RTT/2, so of the last kWindow accepted samples the one with the smallest
// RTT is used (NTP-style minimum filter), and timestamps are shifted earlier by that
// sample's RTT/2 (its uncertainty).
//
// -1021 handling: on_venue_error(-1021) marks the estimate stale. The order that got
// -1021 is rejected, NOT retried (a blind retry can duplicate an order whose outcome is
// only known through the user stream); the session issues fresh /time round trips and
// egress refuses new orders while needs_resync() is true.
//
// Pure class: every time is passed in. Single-threaded (egress thread); no allocation.
#pragma once
#include <cstddef>
#include <cstdint>

#include "core/types.hpp"

namespace xtb::binance {

struct TimeSyncConfig {
  std::int64_t max_rtt_ns = 2'000'000'000;            ///< samples slower than this are discarded
  std::int64_t resync_interval_ns = 300'000'000'000;  ///< estimate older than this → resync (5 min)
};

enum class TimeSample : std::uint8_t {
  Accepted,       ///< kept in the window (may or may not be the new best)
  InvalidOrder,   ///< recv < send, or non-positive server time
  TooSlow,        ///< RTT above max_rtt_ns
};

class TimeSync {
 public:
  static constexpr std::size_t kWindow = 8;
  /// Binance's INVALID_TIMESTAMP error code (error_codes.md).
  static constexpr std::int32_t kInvalidTimestamp = -1021;

  explicit TimeSync(TimeSyncConfig cfg = {}) noexcept : cfg_(cfg) {}

  /// Feeds one /fapi/v1/time round trip. `local_send_ns` / `local_recv_ns` are local
  /// wall-clock ns since the Unix epoch taken around the request; `server_ms` is the
  /// body's serverTime. A sample after a resync request starts a fresh window.
  TimeSample on_time_sample(std::int64_t local_send_ns, std::int64_t local_recv_ns, EpochMs server_ms) noexcept;

  /// Feeds a venue error code from any SIGNED response; -1021 flags a resync.
  void on_venue_error(std::int32_t code) noexcept {
    if (code == kInvalidTimestamp) resync_requested_ = true;
  }

  /// True when no sample was accepted yet, after -1021, or when the best sample is
  /// older than resync_interval_ns at local time `now_ns`.
  bool needs_resync(std::int64_t now_ns) const noexcept;
  bool has_estimate() const noexcept { return count_ > 0; }

  /// Server-clock estimate minus the uncertainty, in ms, for a request created at local
  /// wall-clock `local_now_ns`. Meaningful only when has_estimate().
  EpochMs venue_time_ms(std::int64_t local_now_ns) const noexcept;

  std::int64_t offset_ns() const noexcept { return best_.offset_ns; }          ///< server - local
  std::int64_t uncertainty_ns() const noexcept { return best_.rtt_ns / 2; }   ///< RTT/2 of best
  std::int64_t best_rtt_ns() const noexcept { return best_.rtt_ns; }

 private:
  struct Sample {
    std::int64_t offset_ns = 0;
    std::int64_t rtt_ns = 0;
    std::int64_t taken_ns = 0;  ///< local receive time
  };
  void pick_best() noexcept;

  TimeSyncConfig cfg_;
  Sample window_[kWindow];
  std::size_t count_ = 0;  ///< valid samples in window_ (≤ kWindow)
  std::size_t next_ = 0;   ///< ring write index
  Sample best_;
  bool resync_requested_ = false;
};

}  // namespace xtb::binance
