// session_schedule.hpp — what the Binance session must ask the REST API next, as a pure
// scheduler (time passed in, ns of any monotonic clock; no I/O). The egress stage asks
// next() whenever it has a free connection, sends the request, and reports the outcome.
//
// Tasks, highest priority first:
//   1. ServerTime    GET /fapi/v1/time — `initial_time_samples` back to back at start-up
//                    (TimeSync keeps the minimum-RTT sample), then one every
//                    `time_sync_interval_ns`, and at once whenever TimeSync asks for a
//                    resync (-1021, estimate too old). Orders wait for the first sample.
//   2. PositionMode  GET /fapi/v1/positionSide/dual once at start-up: the account's
//                    hedge/one-way setting must equal EncoderConfig::mode, otherwise every
//                    order fails with -4061; orders are refused locally until it matches.
//   3. ListenKey     POST / PUT every 30 min / re-POST / DELETE (session_listen_key.hpp).
//   4. DepthSnapshot GET /fapi/v1/depth for symbols whose BookSync wants a snapshot;
//                    one at a time, retried `depth_max_attempts` times.
// Failed requests are retried after `retry_delay_ns`. At most one request per task kind
// is in flight.
//
// Threads: egress thread. Allocation: the depth table in the constructor only.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/types.hpp"
#include "venue/binance/encode_types.hpp"
#include "venue/binance/session_listen_key.hpp"

namespace xtb::binance {

struct SessionConfig {
  std::int64_t time_sync_interval_ns = 60'000'000'000;  ///< one /time sample per minute
  std::uint32_t initial_time_samples = 3;               ///< back-to-back samples at start-up
  std::int64_t retry_delay_ns = 1'000'000'000;          ///< after a failed time/mode/depth request
  bool check_position_mode = true;                      ///< GET positionSide/dual at start-up
  PositionMode expected_mode = PositionMode::Hedge;     ///< EncoderConfig::mode
  bool user_stream = true;                              ///< manage a listenKey
  ListenKeyConfig listen_key;
  std::uint16_t depth_limit = 1000;                     ///< levels per snapshot (weight 20)
  std::uint32_t depth_max_attempts = 5;                 ///< then give up (counted)
  std::size_t max_depth_requests = 256;                 ///< distinct symbols pending at once
};

enum class SessionTaskKind : std::uint8_t { None, ServerTime, PositionMode, ListenKey, DepthSnapshot };
const char* to_string(SessionTaskKind k) noexcept;

struct SessionTask {
  SessionTaskKind kind = SessionTaskKind::None;
  ListenKeyOp listen_key_op = ListenKeyOp::Create;  ///< kind == ListenKey
  SymbolId symbol = kNoSymbol;                      ///< kind == DepthSnapshot
};

/// State of the start-up position-mode check.
enum class ModeCheck : std::uint8_t { Pending, Matches, Mismatch, Skipped };

struct SessionStats {
  std::uint64_t time_requests = 0, time_failures = 0;
  std::uint64_t mode_requests = 0, mode_failures = 0;
  std::uint64_t depth_requests = 0, depth_failures = 0, depth_given_up = 0, depth_dropped = 0;
};

class SessionScheduler {
 public:
  explicit SessionScheduler(const SessionConfig& cfg = {});

  /// The task to send at `now_ns`; `time_needs_resync` is TimeSync::needs_resync().
  SessionTask next(std::int64_t now_ns, bool time_needs_resync) const noexcept;
  /// The task returned by next() was handed to the transport.
  void on_sent(const SessionTask& t, std::int64_t now_ns) noexcept;
  /// A task could not be sent at all (encode error, no key): retry later.
  void on_not_sent(const SessionTask& t, std::int64_t now_ns) noexcept;

  /// Outcome of a /time request (ok = the sample was accepted by TimeSync).
  void on_time_result(bool ok, std::int64_t now_ns) noexcept;
  /// Outcome of the position-mode check; `venue_hedge` is dualSidePosition.
  void on_position_mode_result(bool ok, bool venue_hedge, std::int64_t now_ns) noexcept;
  /// Outcome of a depth snapshot for `symbol` (ok = a 2xx body went to decode).
  void on_depth_result(SymbolId symbol, bool ok, std::int64_t now_ns) noexcept;
  /// Asks for a depth snapshot of `symbol` (no-op when one is already pending). False
  /// when the table is full (counted in depth_dropped).
  bool request_depth(SymbolId symbol, std::int64_t now_ns) noexcept;

  ListenKeySession& listen_key() noexcept { return listen_key_; }
  const ListenKeySession& listen_key() const noexcept { return listen_key_; }

  ModeCheck mode_check() const noexcept { return mode_; }
  /// May new orders be sent? Position mode verified (or check disabled). TimeSync's
  /// own estimate is checked by the caller.
  bool mode_ok() const noexcept { return mode_ == ModeCheck::Matches || mode_ == ModeCheck::Skipped; }
  /// Depth requests waiting or in flight.
  std::size_t pending_depth() const noexcept { return depth_.size(); }
  const SessionStats& stats() const noexcept { return stats_; }
  const SessionConfig& config() const noexcept { return cfg_; }

 private:
  struct DepthEntry {
    SymbolId symbol;
    std::uint32_t attempts;
    std::int64_t not_before_ns;
  };
  bool time_due(std::int64_t now_ns, bool needs_resync) const noexcept;
  std::size_t find_depth(SymbolId s) const noexcept;

  SessionConfig cfg_;
  ListenKeySession listen_key_;
  ModeCheck mode_;
  std::vector<DepthEntry> depth_;  ///< reserved to max_depth_requests; never grows past it
  std::uint32_t time_samples_ = 0;
  bool time_in_flight_ = false, mode_in_flight_ = false, depth_in_flight_ = false;
  std::int64_t time_next_ns_ = INT64_MIN;   ///< next periodic sample
  std::int64_t time_retry_ns_ = INT64_MIN;  ///< no sample before this (after a failure)
  std::int64_t mode_next_ns_ = INT64_MIN;
  SessionStats stats_{};
};

}  // namespace xtb::binance
