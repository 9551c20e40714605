// ws_feed.hpp — WsFeed: one logical WebSocket subscription (a market-data connection or
// the user-data stream) kept alive on the ingest thread's EventLoop.
//
//   EventLoop ─ Connection (TCP+TLS, reconnect with backoff+jitter) ─ WsStream (RFC 6455)
//            └─ FeedSink::on_feed_message / on_feed_state   (the ingest stage publishes)
//
// Reconnects: the Connection pump reconnects by itself with exponential backoff and
// jitter (net/connection_backoff.hpp); every transition of the active leg is reported as
// on_feed_state (Connecting / Connected / Disconnected with the pump's reason code).
//
// Binance's 24 h cut: net::WsConfig::rotate_after_ns (default here 23 h 30 min) fires
// WsHandler::on_rotate_due on the active leg. The feed then opens a second connection
// ("leg") to the same target — make before break — and retires the old leg as soon as
// the new one delivered its first message. Until then both deliver: the overlap may
// duplicate a few messages, never lose one; downstream drops duplicates by venue ids
// (BookSync: depth `u`; bookTicker `u`; aggTrade `a`). If the old leg drops before the
// new one is up, the rotation is cancelled and the old leg's own reconnect takes over.
// The retiring leg's intentional close is not reported as Disconnected.
//
// Threads: the EventLoop's owner thread. Allocation: construction and retarget() (cold:
// both legs' WsStream/Connection objects, the reassembly buffers); none per message.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "net/client/live_endpoint.hpp"
#include "core/event.hpp"
#include "net/connection.hpp"
#include "net/connection_ws.hpp"

namespace xtb::live {

class WsFeed;

/// Receives what a feed produces (the ingest stage).
class FeedSink {
 public:
  /// One complete text/binary message; `data` valid only during the call. `rx_tsc` is the
  /// TSC taken when the message completed.
  virtual void on_feed_message(WsFeed& feed, net::WsOpcode op, const std::uint8_t* data, std::size_t len,
                               TscTicks rx_tsc) noexcept = 0;
  /// The feed's state changed (reason: net/connection.hpp reason codes).
  virtual void on_feed_state(WsFeed& feed, ConnStatus status, std::int32_t reason) noexcept = 0;

 protected:
  ~FeedSink() = default;
};

/// Binance ends every stream connection after 24 h: rotate 30 min before.
inline constexpr std::int64_t kDefaultRotateAfterNs = (23LL * 60 + 30) * 60 * 1'000'000'000;

inline net::WsConfig default_feed_ws() noexcept {
  net::WsConfig c;
  c.rotate_after_ns = kDefaultRotateAfterNs;
  return c;
}

struct WsFeedConfig {
  std::uint16_t tag = 0;                   ///< RawFrame::conn_id of everything it produces
  std::string target;                      ///< request target ("/stream?streams=...")
  net::WsConfig ws = default_feed_ws();    ///< limits, ping/pong, rotate_after_ns (23 h 30 min)
  net::BackoffConfig backoff;
  std::uint32_t ws_out_bytes = 64 * 1024;  ///< outbound frame queue (pongs, close)
  std::uint32_t plain_out_bytes = 64 * 1024;
  std::int64_t connect_timeout_ns = 5'000'000'000;
  std::int64_t handshake_timeout_ns = 10'000'000'000;
};

struct WsFeedStats {
  std::uint64_t messages = 0;
  std::uint64_t connects = 0;        ///< WebSocket handshakes completed (all legs)
  std::uint64_t disconnects = 0;     ///< unintended drops of the active leg
  std::uint64_t rotations = 0;       ///< make-before-break switches completed
  std::uint64_t rotations_cancelled = 0;
};

class WsFeed {
 public:
  /// Builds both legs (cold). `tls` may be null for plain TCP; it must outlive the feed.
  WsFeed(net::EventLoop& loop, net::TlsContext* tls, const LiveEndpoint& ep, const WsFeedConfig& cfg,
         FeedSink& sink);
  ~WsFeed();
  WsFeed(const WsFeed&) = delete;
  WsFeed& operator=(const WsFeed&) = delete;

  /// Starts connecting the active leg. False (+error) when the host cannot be resolved.
  bool start(std::string* error = nullptr);
  /// Stops both legs (no reconnect); reports Disconnected(0) if the feed was open.
  void stop() noexcept;
  /// Stops, rebuilds both legs for `target` (cold: allocates) and starts again.
  bool retarget(const std::string& target, std::string* error = nullptr);
  /// Applies what loop callbacks deferred (leg stops, rotation start). Call from the
  /// owner's poll(), outside loop callbacks.
  void service() noexcept;

  std::uint16_t tag() const noexcept { return cfg_.tag; }
  const std::string& target() const noexcept { return cfg_.target; }
  bool started() const noexcept { return started_; }
  /// The active leg's WebSocket is open.
  bool open() const noexcept;
  const WsFeedStats& stats() const noexcept { return stats_; }

 private:
  struct Leg;
  void build_legs();
  void on_leg_open(int leg) noexcept;
  void on_leg_message(int leg, net::WsOpcode op, const std::uint8_t* data, std::size_t len) noexcept;
  void on_leg_rotate_due(int leg) noexcept;
  void on_leg_state(int leg, ConnStatus status, std::int32_t reason) noexcept;
  bool start_leg(int leg, std::string* error) noexcept;

  net::EventLoop& loop_;
  net::TlsContext* tls_;
  LiveEndpoint ep_;
  WsFeedConfig cfg_;
  FeedSink& sink_;
  std::unique_ptr<Leg> legs_[2];
  int active_ = 0;
  int standby_ = -1;          ///< leg opened for a rotation, or -1
  bool started_ = false;
  bool rotate_wanted_ = false;///< on_rotate_due seen; service() starts the standby
  WsFeedStats stats_{};
};

}  // namespace xtb::live
