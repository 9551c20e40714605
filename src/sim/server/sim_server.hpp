// sim_server.hpp — SimServer: `xtb-sim`, a simulated venue on loopback. This is the
// venue-neutral shell: HTTPS REST and WSS streams on one port (the first request's
// Upgrade header decides), sessions and their admission, timeouts, the stream hub, replay
// pacing, fault actions on connections, the /sim/ control endpoints, cert and dump files
// and the ready line. The venue's protocol — routes, security, answers, stream names, the
// user data stream — is a VenueFace (venue_face.hpp) chosen by ServerOptions::venue from
// the registry (face_registry.hpp). docs/simulator.md.
//
//   face.replay() ──due record──▶ face.exchange().on_market_event (book, matching, mark)
//        │                                 │ ExchangeListener (the face's user stream)
//        └──▶ StreamHub.publish ──▶ WS sessions (raw / combined)
//   REST session ─▶ /sim/ control, else face.on_rest ─▶ face.exchange()
//   WS session   ─▶ face.on_ws_upgrade / on_ws_text ─▶ FaceHost::subscribe ─▶ StreamHub
//
// Time: the exchange clock is the wall clock (CLOCK_REALTIME, ms) — the time clients sign
// with and see in answers and events. Replayed messages are sent with their recorded
// bytes; pacing uses the monotonic clock (ReplayFeed).
//
// Ordering guarantee: each replay record is applied to the exchange first and then sent to
// subscribers, so a REST depth snapshot is always consistent with the diffs already sent
// and those that follow.
//
// Threads: one. run() owns the event loop (src/net/uring EventLoop) and returns after
// request_stop() (signal handler safe). Allocation: the constructor; per-request paths
// write into preallocated buffers except the cold answers the face names.
#pragma once
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "net/tls/tls_context.hpp"
#include "net/uring/event_loop.hpp"
#include "sim/core/exchange.hpp"
#include "sim/core/fault_plan.hpp"
#include "sim/server/query_params.hpp"
#include "sim/server/server_options.hpp"
#include "sim/server/server_session.hpp"
#include "sim/server/stream_hub.hpp"
#include "sim/server/venue_face.hpp"

namespace xtb::sim::server {

struct ServerStats {
  std::uint64_t replayed = 0;          ///< records applied
  std::uint64_t messages_sent = 0;     ///< market messages delivered to sessions
  std::uint64_t http_requests = 0;
  std::uint64_t ws_connections = 0;
  std::uint64_t http_connections = 0;
  std::uint64_t rejected_connections = 0;  ///< no free session: closed, or answered 503 by the overflow session
  std::uint64_t reclaimed_idle = 0;        ///< idle keep-alive sessions closed to admit a new connection
  std::uint64_t replay_stalls = 0;     ///< polls the replay waited for a slow subscriber
  std::uint64_t killed_connections = 0;
};

class SimServer final : public SessionOwner, public FaceHost, public net::ConnHandler {
 public:
  /// Builds the face named opt.venue (which loads its files) and listens on
  /// 127.0.0.1:opt.port. Throws std::runtime_error with a readable reason (unknown venue,
  /// missing file, bad YAML, port in use). Cold path.
  explicit SimServer(const ServerOptions& opt);
  ~SimServer();
  SimServer(const SimServer&) = delete;
  SimServer& operator=(const SimServer&) = delete;

  /// The `ready ...` line (printed by main once listening).
  std::string ready_line() const;
  std::uint16_t port() const noexcept { return port_; }
  const std::string& cert_path() const noexcept { return cert_path_; }
  /// True when cert.pem / key.pem already in --cert-dir were reused (server_files.hpp).
  bool cert_reused() const noexcept { return cert_reused_; }

  /// Serves until request_stop(): builds the event loop and the sessions on the calling
  /// thread (the loop's owner), accepts, replays. Returns 0, or 1 when the loop cannot start.
  int run();
  /// Async-signal-safe.
  void request_stop() noexcept { stop_.store(true, std::memory_order_relaxed); }
  /// Writes {"ledger":...,"state":...,"server":...} to `path` (cold). False on I/O error.
  bool write_dump(const std::string& path) const;

  const ServerStats& stats() const noexcept { return stats_; }
  const SimExchange& exchange() const noexcept { return face_->exchange(); }

 private:
  // setup (sim_server.cpp)
  void start_tls();
  void start_listener();
  void stop_sessions();
  // loop (sim_server.cpp)
  void pump_replay(std::int64_t mono_ns);
  bool subscribers_congested(std::int64_t mono_ns);
  void tick(std::int64_t mono_ns);
  void run_fault_actions(EpochMs now);
  void kill_sessions(FaultTarget target);
  void reap_sessions();
  void serve_parked();
  static EpochMs now_ms() noexcept;
  // admission (server_admission.cpp)
  bool is_overflow(const ServerSession& s) const noexcept { return s.index() == opt_.max_sessions; }
  ServerSession* reclaim_idle_session(std::int64_t mono_ns) noexcept;
  void refuse_overloaded(ServerSession& s) noexcept;
  void log_refusals(std::int64_t mono_ns, bool refused_now) noexcept;

  // HTTP (server_http.cpp)
  void on_http_request(ServerSession& s, const net::HttpMessageParser& req) noexcept override;
  void dispatch_rest(ServerSession& s, const net::HttpMessageParser& req, bool parked) noexcept;
  bool control_request(ServerSession& s, std::string_view method, std::string_view path) noexcept;
  void control_error(ServerSession& s, std::uint16_t status, RejectCode code, std::string_view msg) noexcept;
  void control_status(ServerSession& s) noexcept;

  // WebSocket (server_ws.cpp)
  std::uint16_t on_ws_upgrade(ServerSession& s, std::string_view target) noexcept override;
  void on_ws_text(ServerSession& s, std::string_view msg) noexcept override;
  void drop_session_links(ServerSession& s) noexcept;
  // FaceHost (server_ws.cpp)
  bool subscribe(ServerSession& s, std::string_view name) noexcept override;
  void unsubscribe(ServerSession& s, std::string_view name) noexcept override;
  void publish(TopicId topic, std::string_view wrapped, std::string_view data) noexcept override {
    stats_.messages_sent += hub_.publish(topic, wrapped, data);
  }

  // ConnHandler (listener)
  void on_connect(net::ConnId, int) noexcept override {}
  void on_data(net::ConnId, const std::uint8_t*, std::size_t) noexcept override {}
  void on_close(net::ConnId, int) noexcept override {}
  void on_accept(net::ConnId listener, int fd) noexcept override;

  ServerOptions opt_;
  StreamHub hub_;
  FaultInjector faults_;
  std::unique_ptr<VenueFace> face_;
  QueryParams params_;
  std::unique_ptr<net::TlsContext> tls_;
  std::unique_ptr<net::EventLoop> loop_;
  std::vector<std::unique_ptr<ServerSession>> sessions_;
  net::ConnId listener_ = net::kInvalidConn;
  int listen_fd_ = -1;
  std::uint16_t port_ = 0;
  std::string cert_path_, key_path_;
  EpochMs start_ms_ = 0;
  std::int64_t next_tick_ns_ = 0;
  std::int64_t congested_since_ns_ = 0;
  bool replay_done_logged_ = false;
  bool cert_reused_ = false;
  std::uint64_t refusals_unlogged_ = 0;   ///< refusals since the last log line (one per second at most)
  std::int64_t refusal_logged_ns_ = 0;
  std::atomic<bool> stop_{false};
  ServerStats stats_;
};

}  // namespace xtb::sim::server
