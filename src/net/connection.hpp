// connection.hpp — the connection pump: one TCP socket on an EventLoop, optional TLS
// (TlsSession), and a protocol codec on top (WebSocket, HTTP/1.1, or a test echo), with
// reconnect (exponential backoff + jitter) and state callbacks for ConnState events.
//
//   socket ──recv──▶ EventLoop ─on_data─▶ [TlsSession.feed] ─plaintext─▶ StreamCodec.on_bytes
//   codec ─out_reserve/out_commit─▶ [plaintext staging ─TlsSession.write─▶] tx queue ─send─▶
//
// A codec sees only ByteStream (write plaintext, close) and is told on_open when the
// transport is usable (TCP connected, TLS handshake done), on_closed when it is gone.
// This is the Aeron-like split: transport here, framing in src/net/ws|http, logic above.
//
// Reason codes (ConnState::reason in core/event.hpp), one int32 space:
//   0            clean: we closed (stop())
//   1..999       errno (ECONNREFUSED, ETIMEDOUT, ECONNRESET, EHOSTUNREACH, ENOBUFS...)
//   1000..4999   WebSocket close code passed by the codec (RFC 6455 §7.4)
//   5000         peer closed TCP without a protocol-level close
//   5100 + e     TLS failure, e = TlsError (tls_error.hpp)
//   5200 + v     certificate verification failed, v = X509_V_ERR_* (e.g. 5210 expired)
//   6000 + n     codec-defined protocol error n
//
// Threading: everything on the EventLoop's owner thread. Allocation: start()/accept()
// (cold) resolve and allocate; the data path (on_data, out_commit) does not.
// Establishment and teardown are cold even on a hot (alloc-guard armed) thread: from
// connect until the peer's first plaintext byte (TCP connect, TLS handshake, TLS 1.3
// session tickets, the codec's on_open — e.g. the WebSocket upgrade request) every loop
// callback of this connection runs in an AllocGuard::ColdSection, as do stop(),
// disconnect() (socket close, TLS session end, backoff scheduling) and start(). The
// codec's on_bytes / on_closed and the observer's state callbacks run hot (HotSection):
// what a codec does with data and with a lost transport is steady state. Policy:
// docs/live-pipeline.md "Allocation policy".
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "core/event.hpp"
#include "net/connection_backoff.hpp"
#include "net/tls/tls_session.hpp"
#include "net/uring/event_loop.hpp"

namespace xtb::net {

namespace conn_reason {
inline constexpr std::int32_t kClean = 0;
inline constexpr std::int32_t kPeerEof = 5000;
inline constexpr std::int32_t kTlsBase = 5100;
inline constexpr std::int32_t kVerifyBase = 5200;
inline constexpr std::int32_t kCodecBase = 6000;
/// Reason for a TLS failure (verification failures map to kVerifyBase + X509 code).
std::int32_t from_tls(const TlsFailure& f) noexcept;
/// Short description of a reason code for logs ("ECONNREFUSED", "tls verify_failed"...).
const char* describe(std::int32_t reason) noexcept;
}  // namespace conn_reason

/// What a protocol codec sees of its transport. Owner thread only.
class ByteStream {
 public:
  /// Room for at least `min_bytes` of plaintext, or empty when the transport is not open
  /// or its queues are full (StreamCodec::on_writable follows when room returns).
  virtual std::span<std::uint8_t> out_reserve(std::size_t min_bytes) noexcept = 0;
  /// Queues `n` bytes written into the last out_reserve() span (encrypted first when
  /// TLS is on). They reach the kernel at the end of the current EventLoop::poll(), or
  /// at Connection::flush() when written outside a callback.
  virtual void out_commit(std::size_t n) noexcept = 0;
  /// Closes the transport with `reason` (see conn_reason); reconnect rules apply.
  virtual void close(std::int32_t reason) noexcept = 0;
  /// out_reserve + memcpy + out_commit; false when there was no room (nothing queued).
  bool write(const void* data, std::size_t len) noexcept;

 protected:
  ~ByteStream() = default;
};

/// A protocol on top of a Connection. Calls come from the EventLoop's owner thread.
class StreamCodec {
 public:
  /// Transport ready (TCP connected and TLS established): send a handshake/request.
  virtual void on_open(ByteStream& out) noexcept = 0;
  /// Received plaintext; valid only during the call.
  virtual void on_bytes(const std::uint8_t* data, std::size_t len) noexcept = 0;
  /// An out_reserve() had failed and room is available again.
  virtual void on_writable() noexcept {}
  /// Transport gone with `reason`; reset per-session state (a reconnect may follow).
  virtual void on_closed(std::int32_t /*reason*/) noexcept {}

 protected:
  ~StreamCodec() = default;
};

/// Connection state changes, for the owner to publish as ConnState events.
class ConnObserver {
 public:
  virtual void on_conn_state(std::uint16_t tag, ConnStatus status, std::int32_t reason) noexcept = 0;

 protected:
  ~ConnObserver() = default;
};

struct ConnectionConfig {
  std::string host;                          ///< DNS name or IP literal (SNI, cert check)
  std::uint16_t port = 0;
  std::string connect_address;               ///< address to dial instead of resolving host
                                             ///< (pinned venue IP, loopback simulator); "" = host
  bool tls = true;
  std::uint16_t tag = 0;                     ///< EventHeader::conn_id used in callbacks
  std::int64_t connect_timeout_ns = 5'000'000'000;
  std::int64_t handshake_timeout_ns = 10'000'000'000;
  bool reconnect = true;                     ///< client only; accepted connections never do
  BackoffConfig backoff;
  std::uint64_t backoff_seed = 0x5EED;
  std::uint32_t plain_out_size = 256 * 1024; ///< TLS plaintext staging, bytes
};

class Connection final : public ByteStream, ConnHandler, TimerHandler, CipherSink, TlsHandler {
 public:
  enum class Phase : std::uint8_t { Stopped, Connecting, Handshaking, Open, Backoff };

  /// `tls_ctx` may be null when cfg.tls is false. Registers one loop timer. Cold path.
  Connection(EventLoop& loop, TlsContext* tls_ctx, ConnectionConfig cfg, StreamCodec& codec,
             ConnObserver* observer = nullptr);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  /// Client: resolves host (blocking getaddrinfo, cold) and starts connecting.
  bool start(std::string* error = nullptr);
  /// Server: takes an accepted socket (from ConnHandler::on_accept); TLS server
  /// handshake when cfg.tls. Never reconnects.
  bool accept(int fd, std::string* error = nullptr);
  /// Closes now without reconnecting; reports Disconnected(kClean) if it was connected.
  void stop() noexcept;
  /// Hands queued bytes to the kernel now (for writes made outside loop callbacks).
  void flush() noexcept { loop_.flush(); }

  Phase phase() const noexcept { return phase_; }
  bool is_open() const noexcept { return phase_ == Phase::Open; }
  ConnId conn_id() const noexcept { return conn_; }
  const TlsSession& tls() const noexcept { return tls_; }
  const Backoff& backoff() const noexcept { return backoff_; }
  std::int32_t last_reason() const noexcept { return last_reason_; }
  const ConnectionConfig& config() const noexcept { return cfg_; }

  // ByteStream
  std::span<std::uint8_t> out_reserve(std::size_t min_bytes) noexcept override;
  void out_commit(std::size_t n) noexcept override;
  void close(std::int32_t reason) noexcept override;

 private:
  void connect_now() noexcept;
  void transport_ready() noexcept;
  void disconnect(std::int32_t reason, bool close_socket) noexcept;
  void pump_plain_out() noexcept;
  void check_tls() noexcept;
  void notify(ConnStatus status, std::int32_t reason) noexcept;

  // ConnHandler
  void on_connect(ConnId id, int err) noexcept override;
  void on_data(ConnId id, const std::uint8_t* data, std::size_t len) noexcept override;
  void on_close(ConnId id, int err) noexcept override;
  void on_tx_space(ConnId id) noexcept override;
  // TimerHandler
  void on_timer(TimerId id) noexcept override;
  // CipherSink
  std::size_t write_cipher(const std::uint8_t* data, std::size_t len) noexcept override;
  // TlsHandler
  void on_tls_ready() noexcept override;
  void on_plaintext(const std::uint8_t* data, std::size_t len) noexcept override;

  EventLoop& loop_;
  TlsContext* tls_ctx_;
  ConnectionConfig cfg_;
  StreamCodec& codec_;
  ConnObserver* observer_;
  Endpoint peer_;
  ConnId conn_ = kInvalidConn;
  TimerId timer_ = kInvalidTimer;   ///< connect backoff or handshake deadline
  Phase phase_ = Phase::Stopped;
  bool server_ = false;
  bool codec_wants_room_ = false;
  bool establishing_ = false;       ///< connect .. first plaintext from the peer: cold
  std::int32_t last_reason_ = conn_reason::kClean;
  std::int64_t opened_at_ns_ = 0;
  Backoff backoff_;
  TlsSession tls_;
  std::unique_ptr<std::uint8_t[]> plain_storage_;
  TxBuffer plain_out_;              ///< plaintext waiting for TLS (only when cfg.tls)
  char peer_text_[64] = {};         ///< "host:port" for logs
};

}  // namespace xtb::net
