// tls_session.hpp — one TLS connection (client or server) as a sans-IO state machine:
// ciphertext in (feed) → plaintext out (TlsHandler::on_plaintext); plaintext in (write)
// → ciphertext out (CipherSink). The socket is never touched here: the event loop
// receives and sends, OpenSSL only transforms bytes (span_bio.hpp explains the BIO).
//
// Life cycle per connection attempt (a session object is reused across reconnects):
//   begin_client()/begin_server()  cold: SSL_new, SNI, host check, cached session
//   start()                        client: ClientHello goes to the sink
//   feed() ...                     handshake; then on_tls_ready(); then plaintext
//   write() ...                    application bytes, returns how many were taken
//   close_notify() / on_transport_eof() / end()
//
// Backpressure: when the sink refuses bytes, write() returns less than asked (call again
// after the sink has room) and a handshake/read that needs to write pauses; call
// resume() when the sink has room. Ciphertext that SSL has not consumed when feed()
// returns is kept in a fixed backlog (kBacklogCap) because the caller's span (a provided
// receive buffer) is recycled right after.
//
// Errors: state() becomes Failed and failure() says why (tls_error.hpp): certificate
// verification (with the X509 reason), handshake failure (with the OpenSSL reason, e.g.
// "tlsv1 alert unknown ca" on the server side), peer close (close_notify → Closed),
// truncation (TCP EOF without close_notify).
//
// Threading: the owner thread of the connection. Allocation: buffers in the constructor;
// OpenSSL allocates in begin_*() (SSL_new) and during the handshake, not per record.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "net/tls/span_bio.hpp"
#include "net/tls/tls_context.hpp"
#include "net/tls/tls_error.hpp"

namespace xtb::net {

/// Receives the decrypted stream of one TlsSession. Called from feed()/resume().
class TlsHandler {
 public:
  /// The handshake completed (once per begin_*()). write() is allowed from here on.
  virtual void on_tls_ready() noexcept = 0;
  /// Decrypted application bytes; valid only during the call.
  virtual void on_plaintext(const std::uint8_t* data, std::size_t len) noexcept = 0;

 protected:
  ~TlsHandler() = default;
};

enum class TlsState : std::uint8_t {
  Idle,         ///< no SSL object (before begin_*() or after end())
  Handshaking,
  Established,
  Closed,       ///< close_notify sent or received; no more application data
  Failed,       ///< see failure()
};

class TlsSession {
 public:
  static constexpr std::size_t kPlainChunk = 16 * 1024;  ///< max plaintext per record (RFC 8446 §5.1)
  static constexpr std::size_t kBacklogCap = 64 * 1024;  ///< unconsumed ciphertext we can hold

  TlsSession();
  ~TlsSession();
  TlsSession(const TlsSession&) = delete;
  TlsSession& operator=(const TlsSession&) = delete;

  /// Prepares a client handshake to `host` (DNS name: SNI + certificate name check; IP
  /// literal: certificate IP check, no SNI per RFC 6066 §3). `port` keys the session
  /// cache. false (failure() set, kind Config) if OpenSSL cannot allocate.
  bool begin_client(TlsContext& ctx, const char* host, std::uint16_t port, CipherSink& sink,
                    TlsHandler& handler) noexcept;
  /// Prepares the server side of a handshake on an accepted connection.
  bool begin_server(TlsContext& ctx, CipherSink& sink, TlsHandler& handler) noexcept;
  /// Releases the SSL object (connection gone). State becomes Idle.
  void end() noexcept;

  /// Client: writes the ClientHello to the sink. Server: no-op. Returns state().
  TlsState start() noexcept;
  /// Consumes received ciphertext: advances the handshake, delivers plaintext.
  TlsState feed(const std::uint8_t* data, std::size_t len) noexcept;
  /// Retries work paused by a full sink (or unconsumed backlog). Returns state().
  TlsState resume() noexcept;
  /// Encrypts up to `len` plaintext bytes into the sink; returns bytes taken (fewer when
  /// the sink is full; 0 and state() Failed on a fatal error; 0 if not Established).
  std::size_t write(const std::uint8_t* data, std::size_t len) noexcept;
  /// Sends close_notify (best effort) and moves to Closed.
  void close_notify() noexcept;
  /// The TCP stream ended: Closed if the peer's close_notify was seen, otherwise Failed
  /// (UnexpectedEof after the handshake, HandshakeFailed during it).
  void on_transport_eof() noexcept;
  /// Marks the session Failed with `kind` and a detail text (e.g. HandshakeTimeout
  /// decided by the connection's timer).
  void fail(TlsError kind, const char* detail) noexcept;

  TlsState state() const noexcept { return state_; }
  const TlsFailure& failure() const noexcept { return failure_; }
  /// True when the handshake resumed a cached session (abbreviated handshake).
  bool resumed() const noexcept;
  /// ALPN protocol the server selected ("" if none).
  std::string_view alpn() const noexcept;
  /// Negotiated protocol version ("TLSv1.3"), "" before the handshake.
  const char* version() const noexcept;
  bool is_server() const noexcept { return server_; }

 private:
  bool begin(TlsContext& ctx, CipherSink& sink, TlsHandler& handler) noexcept;
  TlsState drive() noexcept;
  TlsState handshake_step() noexcept;
  TlsState read_records() noexcept;
  void stash_unconsumed(bool from_backlog) noexcept;
  void fail_handshake() noexcept;
  void fail_from_openssl(TlsError kind, const char* what) noexcept;

  SSL* ssl_ = nullptr;
  TlsContext* ctx_ = nullptr;
  TlsHandler* handler_ = nullptr;
  detail::SpanBioState bio_;
  TlsState state_ = TlsState::Idle;
  bool server_ = false;
  TlsFailure failure_;
  std::unique_ptr<std::uint8_t[]> plain_;    ///< kPlainChunk, SSL_read target
  std::unique_ptr<std::uint8_t[]> backlog_;  ///< kBacklogCap
  std::size_t backlog_len_ = 0;
  std::string cache_key_;                    ///< "host:port" (client session cache)
};

}  // namespace xtb::net
