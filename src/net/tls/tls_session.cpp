// tls_session.cpp — see tls_session.hpp.
#include "net/tls/tls_session.hpp"

#include <arpa/inet.h>
#include <cstdio>
#include <cstring>
#include <openssl/err.h>
#include <openssl/x509v3.h>

#include "net/uring/net_log.hpp"

namespace xtb::net {

const char* to_string(TlsError e) noexcept {
  switch (e) {
    case TlsError::None: return "none";
    case TlsError::VerifyFailed: return "verify_failed";
    case TlsError::HandshakeFailed: return "handshake_failed";
    case TlsError::PeerClosed: return "peer_closed";
    case TlsError::UnexpectedEof: return "unexpected_eof";
    case TlsError::ProtocolError: return "protocol_error";
    case TlsError::HandshakeTimeout: return "handshake_timeout";
    case TlsError::InputOverflow: return "input_overflow";
    case TlsError::Config: return "config";
  }
  return "?";
}

TlsSession::TlsSession()
    : plain_(new std::uint8_t[kPlainChunk]), backlog_(new std::uint8_t[kBacklogCap]) {}

TlsSession::~TlsSession() { end(); }

void TlsSession::end() noexcept {
  if (ssl_ != nullptr) SSL_free(ssl_);  // frees the span BIO too
  ssl_ = nullptr;
  state_ = TlsState::Idle;
  backlog_len_ = 0;
  bio_ = {};
}

bool TlsSession::begin(TlsContext& ctx, CipherSink& sink, TlsHandler& handler) noexcept {
  end();
  failure_ = {};
  ctx_ = &ctx;
  handler_ = &handler;
  server_ = ctx.is_server();
  bio_.out = &sink;
  ERR_clear_error();
  ssl_ = SSL_new(ctx.native());
  BIO* bio = ssl_ != nullptr ? detail::new_span_bio(&bio_) : nullptr;
  if (bio == nullptr) {
    fail_from_openssl(TlsError::Config, "SSL_new");
    return false;
  }
  SSL_set_bio(ssl_, bio, bio);  // one BIO both ways; SSL owns it
  state_ = TlsState::Handshaking;
  return true;
}

bool TlsSession::begin_client(TlsContext& ctx, const char* host, std::uint16_t port, CipherSink& sink,
                              TlsHandler& handler) noexcept {
  if (!begin(ctx, sink, handler)) return false;
  SSL_set_connect_state(ssl_);
  in6_addr probe{};
  const bool ip_literal = inet_pton(AF_INET, host, &probe) == 1 || inet_pton(AF_INET6, host, &probe) == 1;
  if (!ip_literal) SSL_set_tlsext_host_name(ssl_, host);  // SNI carries DNS names only
  if (ctx.insecure()) {
    log(LogLevel::Warn, "TLS INSECURE: connecting to %s:%u WITHOUT certificate verification", host, port);
  } else if (ip_literal) {
    X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl_), host);
  } else {
    SSL_set1_host(ssl_, host);  // RFC 6125 name check on top of chain verification
  }
  if (ctx.session_cache_enabled()) {
    cache_key_.assign(host).append(":").append(std::to_string(port));
    SSL_set_ex_data(ssl_, TlsContext::cache_key_index(), &cache_key_);
    if (SSL_SESSION* cached = ctx.cached_session(cache_key_)) SSL_set_session(ssl_, cached);
  }
  return true;
}

bool TlsSession::begin_server(TlsContext& ctx, CipherSink& sink, TlsHandler& handler) noexcept {
  if (!begin(ctx, sink, handler)) return false;
  SSL_set_accept_state(ssl_);
  return true;
}

TlsState TlsSession::start() noexcept {
  if (state_ == TlsState::Handshaking && !server_) return drive();
  return state_;
}

TlsState TlsSession::feed(const std::uint8_t* data, std::size_t len) noexcept {
  if (state_ != TlsState::Handshaking && state_ != TlsState::Established) return state_;
  const bool from_backlog = backlog_len_ > 0;
  if (from_backlog) {  // older bytes first: append and read from the backlog
    if (backlog_len_ + len > kBacklogCap) {
      fail(TlsError::InputOverflow, "unconsumed ciphertext exceeds the 64 KiB backlog");
      return state_;
    }
    std::memcpy(backlog_.get() + backlog_len_, data, len);
    backlog_len_ += len;
    bio_.in = backlog_.get();
    bio_.in_len = backlog_len_;
  } else {
    bio_.in = data;
    bio_.in_len = len;
  }
  drive();
  stash_unconsumed(from_backlog);
  return state_;
}

TlsState TlsSession::resume() noexcept {
  if (state_ != TlsState::Handshaking && state_ != TlsState::Established) return state_;
  bio_.in = backlog_.get();
  bio_.in_len = backlog_len_;
  drive();
  stash_unconsumed(true);
  return state_;
}

void TlsSession::stash_unconsumed(bool from_backlog) noexcept {
  const std::size_t left = bio_.in_len;
  if (state_ != TlsState::Handshaking && state_ != TlsState::Established) {
    backlog_len_ = 0;
  } else if (from_backlog) {
    std::memmove(backlog_.get(), bio_.in, left);
    backlog_len_ = left;
  } else if (left > kBacklogCap) {
    fail(TlsError::InputOverflow, "unconsumed ciphertext exceeds the 64 KiB backlog");
  } else {
    std::memcpy(backlog_.get(), bio_.in, left);
    backlog_len_ = left;
  }
  bio_.in = nullptr;
  bio_.in_len = 0;
}

TlsState TlsSession::drive() noexcept {
  if (state_ == TlsState::Handshaking && handshake_step() != TlsState::Established) return state_;
  if (state_ == TlsState::Established) read_records();
  return state_;
}

TlsState TlsSession::handshake_step() noexcept {
  ERR_clear_error();
  const int rc = SSL_do_handshake(ssl_);
  if (rc == 1) {
    state_ = TlsState::Established;
    handler_->on_tls_ready();  // may write, or end() the session
    return state_;
  }
  const int err = SSL_get_error(ssl_, rc);
  if (err != SSL_ERROR_WANT_READ && err != SSL_ERROR_WANT_WRITE) fail_handshake();
  return state_;
}

TlsState TlsSession::read_records() noexcept {
  while (state_ == TlsState::Established) {
    ERR_clear_error();
    std::size_t got = 0;
    const int rc = SSL_read_ex(ssl_, plain_.get(), kPlainChunk, &got);
    if (rc == 1) {
      handler_->on_plaintext(plain_.get(), got);  // may write, close or end() the session
      continue;
    }
    switch (SSL_get_error(ssl_, rc)) {
      case SSL_ERROR_WANT_READ:   // input exhausted (or a non-data record was processed)
        if (bio_.in_len == 0) return state_;
        continue;
      case SSL_ERROR_WANT_WRITE:  // sink full (e.g. a KeyUpdate reply): resume() later
        return state_;
      case SSL_ERROR_ZERO_RETURN:
        state_ = TlsState::Closed;
        failure_.kind = TlsError::PeerClosed;
        std::snprintf(failure_.detail, sizeof failure_.detail, "peer sent close_notify");
        return state_;
      default:
        fail_from_openssl(TlsError::ProtocolError, "TLS record error");
        return state_;
    }
  }
  return state_;
}

std::size_t TlsSession::write(const std::uint8_t* data, std::size_t len) noexcept {
  if (state_ != TlsState::Established || len == 0) return 0;
  ERR_clear_error();
  std::size_t written = 0;
  const int rc = SSL_write_ex(ssl_, data, len, &written);
  if (rc == 1) return written;
  const int err = SSL_get_error(ssl_, rc);
  if (err != SSL_ERROR_WANT_WRITE && err != SSL_ERROR_WANT_READ) fail_from_openssl(TlsError::ProtocolError, "SSL_write");
  return 0;
}

void TlsSession::close_notify() noexcept {
  if (state_ != TlsState::Established && state_ != TlsState::Closed) return;
  ERR_clear_error();
  SSL_shutdown(ssl_);  // queues close_notify into the sink; we do not wait for the reply
  state_ = TlsState::Closed;
}

void TlsSession::on_transport_eof() noexcept {
  if (state_ == TlsState::Handshaking) {
    fail(TlsError::HandshakeFailed, "connection closed by the peer during the TLS handshake");
  } else if (state_ == TlsState::Established) {
    fail(TlsError::UnexpectedEof, "TCP closed without TLS close_notify (possible truncation)");
  }
}

void TlsSession::fail(TlsError kind, const char* detail) noexcept {
  state_ = TlsState::Failed;
  failure_.kind = kind;
  std::snprintf(failure_.detail, sizeof failure_.detail, "%s", detail);
}

void TlsSession::fail_from_openssl(TlsError kind, const char* what) noexcept {
  state_ = TlsState::Failed;
  failure_.kind = kind;
  failure_.ssl_code = ERR_peek_error();
  char reason[200] = "no OpenSSL error queued";
  if (failure_.ssl_code != 0) ERR_error_string_n(failure_.ssl_code, reason, sizeof reason);
  std::snprintf(failure_.detail, sizeof failure_.detail, "%s: %s", what, reason);
  ERR_clear_error();
}

void TlsSession::fail_handshake() noexcept {
  const long verify = server_ ? X509_V_OK : SSL_get_verify_result(ssl_);
  if (verify == X509_V_OK) {
    fail_from_openssl(TlsError::HandshakeFailed, "TLS handshake failed");
  } else {
    state_ = TlsState::Failed;
    failure_.kind = TlsError::VerifyFailed;
    failure_.verify_code = verify;
    failure_.ssl_code = ERR_peek_error();
    std::snprintf(failure_.detail, sizeof failure_.detail, "certificate verify failed: %s (X509_V_ERR %ld)",
                  X509_verify_cert_error_string(verify), verify);
    ERR_clear_error();
  }
  log(LogLevel::Warn, "tls: %s", failure_.detail);
}

bool TlsSession::resumed() const noexcept { return ssl_ != nullptr && SSL_session_reused(ssl_) == 1; }

std::string_view TlsSession::alpn() const noexcept {
  if (ssl_ == nullptr) return {};
  const unsigned char* p = nullptr;
  unsigned int n = 0;
  SSL_get0_alpn_selected(ssl_, &p, &n);
  return {reinterpret_cast<const char*>(p), n};
}

const char* TlsSession::version() const noexcept {
  return ssl_ != nullptr && state_ != TlsState::Handshaking ? SSL_get_version(ssl_) : "";
}

}  // namespace xtb::net
