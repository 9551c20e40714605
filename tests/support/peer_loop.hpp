// peer_loop.hpp — one server thread of the fake-venue kit: an EventLoop (net/uring) with a
// WebSocket listener and/or an HTTP/1.1 listener on ephemeral 127.0.0.1 ports, TLS from a
// PEM leaf (net/tls; the kit's TempPki makes one) or plain TCP, the accepted sessions, and
// the turn loop that drives them:
//
//   every turn: hooks.on_turn() → flush each WebSocket's queue → poll (0 when something is
//   still queued, else hooks.idle_wait_ns()) → reap dead sessions → hooks.on_turn_end().
//
// What a peer answers is the owner's business (PeerHooks): LoopbackPeer (loopback_peer.hpp)
// adds the route table, faults and logs of the tests; the latency bench's load generator
// (bench/latency_common) its open-loop schedule. Venue presets never see a PeerLoop.
//
// Shapes: WsPeer::queue holds whole text messages (sent in order, as fast as the
// connection drains); `streams` is what a venue preset recorded as subscribed.
// Threads: the constructor starts the thread and returns once it listens; ports are
// readable from any thread after that. Everything else (hooks, sessions, flush_ws, drop_ws)
// runs on the loop thread only. stop() (or the destructor) closes every connection and
// joins, from the control thread.
// Errors: the constructor throws std::runtime_error when the loop, the TLS context or a
// listening socket cannot be made; a failed CPU pin is only reported (pin_error()).
// Allocation: free (test and bench peers are not the system under test).
#pragma once
#include <atomic>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "net/connection.hpp"
#include "net/http/http_server.hpp"
#include "net/http_server_session.hpp"
#include "net/ws_server_session.hpp"

namespace xtb::net {
class TlsContext;
}

namespace xtb::test_support {

class PeerLoop;

/// One accepted WebSocket connection. Loop thread only.
struct WsPeer final : net::WsServerSession {
  PeerLoop* loop = nullptr;
  std::deque<std::string> queue;     ///< text messages waiting to go out, in order
  std::vector<std::string> streams;  ///< subscribed streams (recorded by a venue preset)
  std::uint64_t user = 0;            ///< free for the loop's owner (flags, a mode)

  std::uint16_t on_upgrade_request(std::string_view t) override;
  void on_message(net::WsOpcode op, const std::uint8_t* d, std::size_t n) override;
  /// One text message now (WouldBlock: the stream's buffer is full, nothing sent).
  net::WsSendStatus send(std::string_view text) noexcept;
  /// Sends queued messages while the connection takes them; counts them in `sent`.
  /// True when some are left.
  bool flush(std::atomic<std::size_t>* sent = nullptr);
};

/// What the owner of a PeerLoop does; all calls come on the loop thread.
class PeerHooks {
 public:
  /// Start of every turn (apply controls, send what is due). `loop` is the calling loop
  /// (usable before its constructor has returned to the owner).
  virtual void on_turn(PeerLoop& /*loop*/) {}
  /// A WebSocket upgrade to `s.target`; the status to answer (101 accepts).
  virtual std::uint16_t on_ws_upgrade(WsPeer&) { return 101; }
  /// A text or binary message from a client.
  virtual void on_ws_message(WsPeer&, std::string_view) {}
  /// One complete HTTP request; answer through `c.respond` (or never: a silent peer).
  virtual void on_http(net::HttpServerConnection& c, const net::HttpMessageParser& req) = 0;
  /// Poll timeout of a turn with nothing queued, ns (0: spin).
  virtual std::int64_t idle_wait_ns() { return 1'000'000; }
  /// End of a turn; `pending`: some WebSocket still has queued messages.
  virtual void on_turn_end(PeerLoop& /*loop*/, bool /*pending*/) {}

 protected:
  ~PeerHooks() = default;
};

struct PeerLoopConfig {
  std::string cert_file, key_file;  ///< TLS leaf for localhost / 127.0.0.1; both empty: plain TCP
  bool websocket = true;            ///< open the WebSocket listener (ws_port)
  bool http = true;                 ///< open the HTTP listener (http_port)
  std::string thread_name = "fake-peer";
  int cpu = -1;                  ///< pin the thread (-1: no)
  std::uint32_t max_conns = 64;  ///< connection + listener slots
  std::uint32_t max_timers = 128;
  std::uint32_t tx_buf_size = 0;         ///< per-connection outbound bytes (0: the loop's default)
  std::uint32_t ws_out_bytes = 1 << 20;  ///< WebSocket frame queue per session, bytes
  int backlog = 64;
};

class PeerLoop {
 public:
  PeerLoop(const PeerLoopConfig& cfg, PeerHooks& hooks);
  ~PeerLoop();
  PeerLoop(const PeerLoop&) = delete;
  PeerLoop& operator=(const PeerLoop&) = delete;

  std::uint16_t ws_port() const noexcept { return ws_port_; }
  std::uint16_t http_port() const noexcept { return http_port_; }
  const std::string& pin_error() const noexcept { return pin_error_; }
  /// WebSocket messages sent from the sessions' queues so far (any thread).
  std::size_t ws_sent() const noexcept { return ws_sent_.load(); }
  /// Closes every connection and joins the thread (idempotent).
  void stop();

  // ---- loop thread ----
  std::vector<std::unique_ptr<WsPeer>>& ws_sessions() noexcept { return ws_; }
  /// flush() of every open session (counted in ws_sent()); true when something is still queued.
  bool flush_ws();
  /// Server-side close of every WebSocket connection (TLS close_notify + FIN).
  void drop_ws();
  /// Called by the HTTP sessions (net::HttpServerSession's Owner contract).
  void handle(net::HttpServerConnection& c, const net::HttpMessageParser& req) { hooks_.on_http(c, req); }
  PeerHooks& hooks() noexcept { return hooks_; }

 private:
  struct Acceptor final : net::ConnHandler {
    PeerLoop* owner = nullptr;
    bool websocket = false;
    void on_connect(net::ConnId, int) noexcept override {}
    void on_data(net::ConnId, const std::uint8_t*, std::size_t) noexcept override {}
    void on_close(net::ConnId, int) noexcept override {}
    void on_accept(net::ConnId, int fd) noexcept override { owner->accept(fd, websocket); }
  };
  using HttpSession = net::HttpServerSession<PeerLoop>;

  bool open(std::string& err);
  bool open_listener(Acceptor& a, bool websocket, std::uint16_t& port, std::string& err);
  void accept(int fd, bool websocket);
  void run();

  PeerLoopConfig cfg_;
  PeerHooks& hooks_;
  std::unique_ptr<net::EventLoop> loop_;
  std::unique_ptr<net::TlsContext> tls_;
  Acceptor ws_acceptor_, http_acceptor_;
  std::vector<std::unique_ptr<WsPeer>> ws_;
  std::vector<std::unique_ptr<HttpSession>> http_;
  std::uint16_t ws_port_ = 0, http_port_ = 0;
  std::string pin_error_;
  std::atomic<std::size_t> ws_sent_{0};
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace xtb::test_support
