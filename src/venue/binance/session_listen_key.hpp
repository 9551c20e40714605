// session_listen_key.hpp — the user-data stream's listenKey life cycle, as a pure state
// machine (time passed in, ns of any monotonic clock; no I/O).
//
// Protocol (../shared/data/README.md "Protocol facts"; Binance USD-M "User Data Streams"):
//   POST   /fapi/v1/listenKey → {"listenKey":"<key>"}; an account has one key: POSTing
//          again while it is valid returns the same key and extends it.
//   PUT    /fapi/v1/listenKey → keeps it valid for another 60 min ({} or the key echoed);
//          error -1125 ("This listenKey does not exist.") means it is gone: create anew.
//   DELETE /fapi/v1/listenKey → closes the stream (shutdown).
//   The stream sends {"e":"listenKeyExpired",...} when the key lapsed; the connection then
//   stops delivering events and a new key (new POST, new connection) is needed.
// Policy: PUT every `keepalive_interval_ns` (30 min: half the validity), re-POST after
// listenKeyExpired / -1125 / a PUT the venue refused, retry a failed request after
// `retry_delay_ns`, DELETE once at shutdown. One request at a time.
//
// Threads: owned by the egress thread's session scheduler. No allocation.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "venue/binance/encode_account.hpp"

namespace xtb::binance {

struct ListenKeyConfig {
  std::int64_t keepalive_interval_ns = 30LL * 60 * 1'000'000'000;  ///< PUT cadence (key valid 60 min)
  std::int64_t retry_delay_ns = 5'000'000'000;                     ///< after a failed request
};

/// Largest listenKey we keep (Binance keys are 64 alphanumerics).
inline constexpr std::size_t kMaxListenKey = 96;

/// Binance error code for an unknown / expired listenKey (error_codes.md).
inline constexpr std::int32_t kInvalidListenKey = -1125;

class ListenKeySession {
 public:
  enum class Outcome : std::uint8_t {
    None,      ///< nothing changed for the user stream
    NewKey,    ///< a (different) key is active: (re)connect the user stream with key()
    KeyLost,   ///< the key is gone; a new POST follows: the user stream is dead meanwhile
    Closed,    ///< DELETE answered (or given up): the stream is closed for good
  };
  struct Action {
    bool send = false;
    ListenKeyOp op = ListenKeyOp::Create;
  };
  struct Stats {
    std::uint64_t creates = 0, keepalives = 0, closes = 0;  ///< requests sent
    std::uint64_t new_keys = 0, expirations = 0, failures = 0;
  };

  explicit ListenKeySession(const ListenKeyConfig& cfg = {}) noexcept : cfg_(cfg) {}

  /// The request to send at `now_ns`, if any (nothing while one is in flight).
  Action next(std::int64_t now_ns) const noexcept;
  /// Records that the request of next() was handed to the transport.
  void on_sent(ListenKeyOp op, std::int64_t now_ns) noexcept;
  /// A response arrived. `error_code` is the body's {"code":..} (0 if none); `key` the
  /// body's listenKey ("" if none). HTTP >= 400 or a negative code is a failure.
  Outcome on_response(ListenKeyOp op, std::uint16_t http_status, std::int32_t error_code, std::string_view key,
                      std::int64_t now_ns) noexcept;
  /// The request failed without an answer (timeout, disconnect, could not be sent).
  Outcome on_transport_error(ListenKeyOp op, std::int64_t now_ns) noexcept;
  /// The user stream reported listenKeyExpired: drop the key, POST a new one now.
  Outcome on_expired(std::int64_t now_ns) noexcept;
  /// Verify the key now (PUT) — e.g. after the user stream reconnected.
  void keepalive_now() noexcept { next_keepalive_ns_ = INT64_MIN; }
  /// Shutdown: DELETE the key (if any) and then stay Closed.
  void request_close() noexcept { closing_ = true; }

  bool has_key() const noexcept { return key_len_ != 0; }
  std::string_view key() const noexcept { return {key_, key_len_}; }
  /// Incremented whenever key() changes (0: never had one).
  std::uint32_t key_version() const noexcept { return version_; }
  bool in_flight() const noexcept { return in_flight_; }
  bool closed() const noexcept { return closed_; }
  const Stats& stats() const noexcept { return stats_; }

 private:
  Outcome failed(ListenKeyOp op, bool key_gone, std::int64_t now_ns) noexcept;
  bool store_key(std::string_view key) noexcept;

  ListenKeyConfig cfg_;
  char key_[kMaxListenKey] = {};
  std::size_t key_len_ = 0;
  std::uint32_t version_ = 0;
  bool in_flight_ = false;
  bool closing_ = false;
  bool closed_ = false;
  std::int64_t retry_at_ns_ = INT64_MIN;        ///< no request before this (after a failure)
  std::int64_t next_keepalive_ns_ = INT64_MAX;  ///< PUT due at this time
  Stats stats_{};
};

/// True when a user-stream message is a listenKeyExpired event: a substring test for
/// `"listenKeyExpired"` (event names are unique, the event is small and rare, and this
/// runs on the ingest thread without a JSON parser). Any thread; no allocation.
bool is_listen_key_expired(const std::uint8_t* data, std::size_t len) noexcept;

/// True for a non-empty key of ASCII alphanumerics no longer than kMaxListenKey.
bool is_valid_listen_key(std::string_view key) noexcept;

}  // namespace xtb::binance
