// server_session.hpp — one accepted TLS connection of the simulated venue, speaking either
// HTTP/1.1 (REST) or WebSocket (streams) on the same port: the first request's headers
// decide (RFC 6455 §4.1: an upgrade is a GET with `Upgrade: websocket`).
//
//   socket ─▶ Connection (TLS server) ─on_bytes─▶ ServerSession ─┬▶ HttpServerConnection ─▶ owner.on_http_request
//                                                               └▶ WsConnection (server)  ─▶ owner.on_ws_text
//   HTTP answers / WS frames ─▶ out_ (TxBuffer) ─drain─▶ Connection.out_reserve/out_commit ─▶ TLS ─▶ socket
//
// Transport and codecs are the project's own (src/net): Connection, HttpServerConnection,
// WsConnection. This class only glues them, keeps the session's stream subscriptions and
// user-stream binding, and holds REST answers the owner defers (delayed-ack fault, depth
// snapshot waiting for the replayed book to sync).
//
// Life cycle: Free → accept(fd) → Active → (peer/TLS closed, close requested) → Closing →
// the owner's reap() → Free. Closing is never done inside a codec or hub callback: a
// session that must close only sets a flag and the server closes it after the current
// poll or publish, so hub and listener lists are never modified while they are iterated.
//
// Threads: server thread. Allocation: constructor only (buffers, codecs).
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "net/connection.hpp"
#include "net/http/http_server.hpp"
#include "net/ws/ws_connection.hpp"
#include "sim/server/stream_hub.hpp"
#include "sim/server/user_sink.hpp"

namespace xtb::sim::server {

class ServerSession;

/// The server logic behind sessions (SimServer).
class SessionOwner {
 public:
  virtual void on_http_request(ServerSession& s, const net::HttpMessageParser& req) noexcept = 0;
  /// 101 accepts the upgrade for `target`; 400/404 refuse it.
  virtual std::uint16_t on_ws_upgrade(ServerSession& s, std::string_view target) noexcept = 0;
  virtual void on_ws_text(ServerSession& s, std::string_view msg) noexcept = 0;

 protected:
  ~SessionOwner() = default;
};

/// Frames one message of a combined stream (`name` + payload) into `out` the venue's way;
/// returns its length, 0 when it does not fit in `cap`. The face gives it
/// (VenueFace::stream_wrap).
using StreamWrap = std::size_t (*)(char* out, std::size_t cap, std::string_view name, std::string_view data) noexcept;

struct SessionConfig {
  StreamWrap wrap = nullptr;                ///< combined-stream framing; null: payloads go raw
  std::size_t out_bytes = 1u << 20;         ///< answers / frames waiting for the transport
  std::size_t max_request_body = 64 * 1024;
  std::size_t max_ws_message = 64 * 1024;   ///< client → server (control messages)
  std::int64_t ws_ping_interval_ns = 180'000'000'000;  ///< the USD-M venue pings every 3 min
  std::int64_t ws_pong_timeout_ns = 600'000'000'000;   ///< and drops after 10 min
  /// D8 (T8): a request's header block must arrive within this after the connection
  /// opened (first request) or after its first byte (later requests): slowloris bound.
  std::int64_t header_timeout_ns = 10'000'000'000;
  /// D8 (T9): an HTTP keep-alive connection idle this long after its last answer is closed.
  std::int64_t http_idle_timeout_ns = 30'000'000'000;
};

class ServerSession final : public net::StreamCodec,
                            public net::ConnObserver,
                            public net::WsHandler,
                            public net::HttpServerHandler,
                            public StreamSink,
                            public UserStreamSink {
 public:
  enum class Mode : std::uint8_t { Free, Sniff, Http, Ws };
  enum class WsKind : std::uint8_t { None, Market, User };
  static constexpr std::size_t kMaxSubs = 256;
  static constexpr std::size_t kMaxStreamName = 96;

  struct Sub {
    TopicId topic = kNoTopic;
    bool used = false;
    bool exact = false;
    std::uint8_t name_len = 0;
    char name[kMaxStreamName];
    std::string_view name_view() const noexcept { return {name, name_len}; }
  };

  ServerSession(net::EventLoop& loop, net::TlsContext& tls, std::uint16_t index, SessionOwner& owner,
                const SessionConfig& cfg);
  ~ServerSession();
  ServerSession(const ServerSession&) = delete;
  ServerSession& operator=(const ServerSession&) = delete;

  /// Takes an accepted socket. False when the transport refused it (`fd_closed` tells
  /// whether the socket was already closed by the transport).
  bool accept(int fd, bool& fd_closed);

  // ---- state ----
  Mode mode() const noexcept { return mode_; }
  bool is_free() const noexcept { return mode_ == Mode::Free; }
  bool closing() const noexcept { return close_requested_ || transport_closed_; }
  std::uint16_t index() const noexcept { return index_; }
  /// Queued output bytes (session buffer + socket queue): back-pressure signal.
  std::size_t backlog() const noexcept;
  std::uint64_t requests() const noexcept { return http_.requests(); }
  /// HTTP keep-alive between requests (nothing pending, parked, held or half-received):
  /// monotonic time it became idle, else 0. The server reclaims the longest-idle one when
  /// every session is taken (D8).
  std::int64_t http_idle_since_ns() const noexcept;

  // ---- HTTP ----
  /// Answers the pending request now.
  void respond(const net::HttpResponseSpec& r) noexcept;
  /// Keeps a copy of `r` and answers at `release_mono_ns` (delayed-ack fault).
  void respond_later(const net::HttpResponseSpec& r, std::int64_t release_mono_ns) noexcept;
  /// The pending request waits (e.g. for a synced book); the owner re-dispatches it with
  /// parked_request() until `deadline_mono_ns`.
  void park(std::int64_t deadline_mono_ns) noexcept { parked_until_ = deadline_mono_ns; }
  bool parked() const noexcept { return parked_until_ != 0; }
  std::int64_t parked_until() const noexcept { return parked_until_; }
  void unpark() noexcept { parked_until_ = 0; }
  const net::HttpMessageParser* parked_request() const noexcept { return parked_until_ ? pending_req_ : nullptr; }

  // ---- WebSocket ----
  void set_ws_kind(WsKind k, bool combined) noexcept { ws_kind_ = k; combined_ = combined; }
  WsKind ws_kind() const noexcept { return ws_kind_; }
  bool combined() const noexcept { return combined_; }
  /// Sends one text message; a full queue closes the session (slow consumer).
  void send_text(std::string_view msg) noexcept;
  /// Adds a subscription slot (kMaxSubs per connection); -1 when full.
  int add_sub(std::string_view name, TopicResolution r) noexcept;
  /// Slot of `name`, -1 when not subscribed.
  int find_sub(std::string_view name) const noexcept;
  void remove_sub(int slot) noexcept { subs_[slot].used = false; }
  const Sub& sub(std::size_t slot) const noexcept { return subs_[slot]; }
  /// User stream binding; `wrap_as` non-empty wraps events as a combined stream of that name.
  void bind_user(std::string_view wrap_as) noexcept;
  bool user_bound() const noexcept { return user_bound_; }

  // ---- server hooks ----
  /// Periodic: WS keep-alive timers, release of delayed answers, the header timeout (a
  /// connection that has not sent a whole request header in time) and the HTTP keep-alive
  /// idle timeout (SessionConfig).
  void tick(std::int64_t mono_ns) noexcept;
  /// Asks for the connection to be closed by the next reap(); `abrupt` skips the
  /// WebSocket close handshake (kill fault: the client sees the TCP/TLS connection die).
  void request_close(bool abrupt) noexcept;
  /// Closes a session that asked for it and returns true when the session just ended
  /// (the caller then drops its subscriptions / user binding and calls release()).
  bool reap() noexcept;
  /// Back to Free (after the owner unsubscribed everything).
  void release() noexcept;

  // StreamSink / UserStreamSink
  void on_stream_message(std::uint16_t slot, std::string_view wrapped, std::string_view data) noexcept override;
  void on_user_event(std::string_view json) noexcept override;
  void on_user_stream_closed() noexcept override { request_close(false); }

 private:
  // StreamCodec
  void on_open(net::ByteStream& out) noexcept override;
  void on_bytes(const std::uint8_t* data, std::size_t len) noexcept override;
  void on_writable() noexcept override { drain(); }
  void on_closed(std::int32_t reason) noexcept override;
  // ConnObserver
  void on_conn_state(std::uint16_t tag, ConnStatus status, std::int32_t reason) noexcept override;
  // WsHandler
  void on_open() override {}
  void on_message(net::WsOpcode op, const std::uint8_t* data, std::size_t size) override;
  void on_close(std::uint16_t, std::string_view) override {}
  void on_error(net::WsError, std::uint16_t) override {}
  std::uint16_t on_upgrade_request(std::string_view target) override;
  // HttpServerHandler
  void on_request(net::HttpServerConnection& c, const net::HttpMessageParser& req) override;
  void on_error(net::HttpServerConnection& c, net::HttpError e) override;

  void sniff(const std::uint8_t* data, std::size_t len) noexcept;
  void drain() noexcept;
  void after_codec() noexcept;
  void send_wrapped(std::string_view name, std::string_view data) noexcept;

  net::EventLoop& loop_;
  SessionOwner& owner_;
  std::uint16_t index_;
  SessionConfig cfg_;
  std::unique_ptr<std::uint8_t[]> out_storage_;
  net::TxBuffer out_;
  net::HttpServerConnection http_;
  net::WsConnection ws_;
  net::Connection conn_;
  net::ByteStream* stream_ = nullptr;
  Mode mode_ = Mode::Free;
  std::unique_ptr<std::uint8_t[]> sniff_;
  std::size_t sniff_len_ = 0;
  std::int64_t opened_ns_ = 0;    ///< transport open (monotonic): first-request timeout
  std::int64_t idle_since_ns_ = 0;    ///< HTTP: last answer sent (keep-alive idle timeout)
  std::int64_t partial_since_ns_ = 0; ///< HTTP: first byte of a request not yet dispatched (0 = none)
  // HTTP
  const net::HttpMessageParser* pending_req_ = nullptr;
  std::int64_t parked_until_ = 0;
  std::int64_t release_at_ = 0;   ///< delayed answer due (0 = none)
  std::unique_ptr<char[]> held_;  ///< delayed answer: body, then header names/values
  std::size_t held_body_ = 0;
  net::HttpField held_fields_[8];
  std::size_t held_field_count_ = 0;
  std::uint16_t held_status_ = 0;
  // WS
  WsKind ws_kind_ = WsKind::None;
  bool combined_ = false;
  bool user_bound_ = false;
  char user_wrap_[80] = {};
  std::uint8_t user_wrap_len_ = 0;
  std::unique_ptr<Sub[]> subs_;
  std::unique_ptr<char[]> wrap_buf_;
  // closing
  bool close_requested_ = false;
  bool abrupt_ = false;
  bool transport_closed_ = false;
};

}  // namespace xtb::sim::server
