// loopback_peer.hpp — the fake-venue kit's venue-neutral loopback peer for tests: one
// PeerLoop thread (peer_loop.hpp) with a WebSocket and an HTTP/1.1 listener on 127.0.0.1
// (TLS with the given leaf, or plain TCP), answering HTTP from a RouteTable and streaming
// what the test pushes. A venue preset (binance_usdm_preset.hpp, backpack_preset.hpp) fills
// the routes and the two hooks; the peer itself knows no venue.
//
//   HTTP  each request is copied (http_exchange.hpp Request), passed to the auth hook (the
//         preset's signature check: sets signed_request / signature_ok / api_key, may return
//         a refusal), logged, then: fault Silent → never answered; fault TooMany → 429 +
//         Retry-After with the preset's too_many_body (for the next n requests); the auth
//         refusal; else the route table's answer.
//   WSS   accepts any target (logged in order); the test pushes text messages to the open
//         connections whose target starts with a prefix, or that subscribed a stream (the
//         preset's message hook records WsPeer::streams and may queue replies); every
//         client message is logged; drop_ws() closes every WebSocket from the server side.
//
// Threads: controls, set-up and snapshots may be called from any thread (one mutex; the
// peer applies controls at the start of its next turn, ≤ 1 ms). Hooks and handlers run on
// the peer thread. Errors: the constructor throws std::runtime_error (PeerLoop); an answer
// the codec refuses is counted in respond_errors(). Allocation: free (test code).
#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "http_exchange.hpp"
#include "peer_loop.hpp"
#include "route_table.hpp"

namespace xtb::test_support {

enum class Fault : std::uint8_t { None, Silent, TooMany };

/// One client WebSocket message.
struct WsMessage {
  std::string target, text;
  bool signed_request = false, signature_ok = false;  ///< set by the preset's hook
};

/// The preset's signature check: fills the request's auth fields; a value refuses it.
using AuthHook = std::function<std::optional<Reply>(Request&)>;
/// The preset's WebSocket message hook (peer thread): may fill `m`'s auth fields, record
/// `s.streams` and queue replies on `s.queue`.
using WsHook = std::function<void(WsPeer& s, WsMessage& m)>;

struct PeerConfig {
  std::string cert_file, key_file;  ///< TLS leaf (TempPki); both empty: plain TCP
  std::string thread_name = "fake-peer";
};

class LoopbackPeer : private PeerHooks {
 public:
  explicit LoopbackPeer(const PeerConfig& cfg);
  ~LoopbackPeer();
  LoopbackPeer(const LoopbackPeer&) = delete;
  LoopbackPeer& operator=(const LoopbackPeer&) = delete;

  std::uint16_t ws_port() const noexcept { return loop_->ws_port(); }
  std::uint16_t rest_port() const noexcept { return loop_->http_port(); }

  // ---- set-up (presets; tests that override one answer) ----
  void set_routes(RouteTable t);
  void route(std::string_view method, std::string_view path, Handler h);
  void fallback(Handler h);
  void decorate(Decorator d);
  void authenticate(AuthHook h);
  void on_ws_message(WsHook h);
  void set_too_many_body(std::string body);

  // ---- controls ----
  /// Queues messages for every open WebSocket whose target starts with `prefix`.
  void push(const std::string& prefix, std::vector<std::string> messages);
  /// Queues messages for every open WebSocket that subscribed `stream`.
  void push_stream(const std::string& stream, std::vector<std::string> messages);
  void drop_ws();
  /// TooMany answers the next `count` requests with 429 + Retry-After: retry_after_s.
  void set_fault(Fault f, std::uint32_t count = 1, std::uint32_t retry_after_s = 1);

  // ---- snapshots ----
  std::vector<std::string> ws_targets() const;  ///< upgrade targets accepted, in order
  std::size_t open_ws(const std::string& prefix) const;
  std::size_t subscribed(const std::string& stream) const;  ///< open sessions subscribed to it
  std::size_t ws_sent() const noexcept { return loop_->ws_sent(); }
  bool ws_idle() const;  ///< nothing queued for any connection
  std::vector<WsMessage> ws_received() const;
  std::vector<Request> requests() const;
  std::size_t count(const std::string& method, const std::string& path) const;
  std::size_t respond_errors() const noexcept { return respond_errors_.load(); }

 private:
  struct Push {
    std::string key;
    bool by_stream = false;
    std::vector<std::string> messages;
  };
  struct OpenWs {
    std::string target;
    std::vector<std::string> streams;
  };
  void on_turn(PeerLoop& loop) override;
  std::uint16_t on_ws_upgrade(WsPeer& s) override;
  void on_ws_message(WsPeer& s, std::string_view text) override;
  void on_http(net::HttpServerConnection& c, const net::HttpMessageParser& req) override;
  void on_turn_end(PeerLoop& loop, bool pending) override;
  Reply fault_or_answer(Request& r);

  mutable std::mutex mu_;
  RouteTable routes_;
  AuthHook auth_;
  WsHook ws_hook_;
  std::string too_many_body_ = "{}";
  std::vector<Push> pushes_;
  bool drop_ = false, idle_ = true;
  Fault fault_ = Fault::None;
  std::uint32_t fault_count_ = 0, retry_after_s_ = 1;
  std::vector<std::string> targets_;
  std::vector<OpenWs> open_;
  std::vector<WsMessage> ws_received_;
  std::vector<Request> requests_;
  std::atomic<std::size_t> respond_errors_{0};
  std::unique_ptr<PeerLoop> loop_;  // last: its thread uses everything above
};

}  // namespace xtb::test_support
