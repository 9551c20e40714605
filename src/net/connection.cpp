// connection.cpp — see connection.hpp.
#include "net/connection.hpp"

#include <cstdio>
#include <cstring>

#include "core/alloc_guard.hpp"
#include "core/clock.hpp"
#include "net/uring/net_log.hpp"

namespace xtb::net {

namespace conn_reason {

std::int32_t from_tls(const TlsFailure& f) noexcept {
  if (f.kind == TlsError::VerifyFailed) return kVerifyBase + static_cast<std::int32_t>(f.verify_code);
  return kTlsBase + static_cast<std::int32_t>(f.kind);
}

const char* describe(std::int32_t reason) noexcept {
  if (reason == kClean) return "closed by us";
  if (reason > 0 && reason < 1000) return "socket error (errno)";
  if (reason >= 1000 && reason < 5000) return "websocket close code";
  if (reason == kPeerEof) return "peer closed the TCP connection";
  if (reason >= kTlsBase && reason < kVerifyBase) return to_string(static_cast<TlsError>(reason - kTlsBase));
  if (reason >= kVerifyBase && reason < kCodecBase) return "certificate verification failed";
  if (reason >= kCodecBase) return "codec protocol error";
  return "unknown";
}

}  // namespace conn_reason

bool ByteStream::write(const void* data, std::size_t len) noexcept {
  auto span = out_reserve(len);
  if (span.size() < len) return false;
  std::memcpy(span.data(), data, len);
  out_commit(len);
  return true;
}

Connection::Connection(EventLoop& loop, TlsContext* tls_ctx, ConnectionConfig cfg, StreamCodec& codec,
                       ConnObserver* observer)
    : loop_(loop),
      tls_ctx_(tls_ctx),
      cfg_(std::move(cfg)),
      codec_(codec),
      observer_(observer),
      backoff_(cfg_.backoff, cfg_.backoff_seed) {
  timer_ = loop_.add_timer(*this);
  if (cfg_.tls) {
    plain_storage_.reset(new std::uint8_t[cfg_.plain_out_size]);
    plain_out_.bind(plain_storage_.get(), cfg_.plain_out_size);
  }
  std::snprintf(peer_text_, sizeof peer_text_, "%s:%u", cfg_.host.c_str(), cfg_.port);
}

Connection::~Connection() {
  if (conn_ != kInvalidConn) loop_.close(conn_);
  loop_.release_timer(timer_);
}

bool Connection::start(std::string* error) {
  AllocGuard::ColdSection cold;
  const char* problem = nullptr;
  if (cfg_.tls && tls_ctx_ == nullptr) problem = "tls requested but no TlsContext given";
  else if (timer_ == kInvalidTimer) problem = "event loop has no free timer slot";
  else if (resolve((cfg_.connect_address.empty() ? cfg_.host : cfg_.connect_address).c_str(), cfg_.port, &peer_) < 0)
    problem = "cannot resolve host";
  if (problem != nullptr) {
    if (error) *error = std::string(problem) + " (" + peer_text_ + ")";
    log(LogLevel::Error, "connection %s: %s", peer_text_, problem);
    return false;
  }
  server_ = false;
  backoff_.reset();
  connect_now();
  return true;
}

bool Connection::accept(int fd, std::string* error) {
  AllocGuard::ColdSection cold;
  server_ = true;
  establishing_ = true;
  const char* problem = nullptr;
  if (cfg_.tls && tls_ctx_ == nullptr) problem = "tls requested but no TlsContext given";
  else if ((conn_ = loop_.adopt(fd, *this)) == kInvalidConn) problem = "no free connection slot";
  if (problem != nullptr) {
    if (error) *error = problem;
    return false;
  }
  if (!cfg_.tls) {
    transport_ready();
    return true;
  }
  phase_ = Phase::Handshaking;
  if (!tls_.begin_server(*tls_ctx_, *this, *this)) {
    disconnect(conn_reason::from_tls(tls_.failure()), true);
    if (error) *error = tls_.failure().detail;
    return false;
  }
  loop_.arm_timer(timer_, Clock::monotonic_ns() + cfg_.handshake_timeout_ns);
  return true;
}

void Connection::stop() noexcept {
  AllocGuard::ColdSection cold;
  const bool was_open = phase_ == Phase::Open;
  loop_.cancel_timer(timer_);
  if (conn_ != kInvalidConn) {
    if (tls_.state() == TlsState::Established) tls_.close_notify();  // queued, sent before the close
    loop_.close_after_send(conn_);
    conn_ = kInvalidConn;
  }
  tls_.end();
  phase_ = Phase::Stopped;
  establishing_ = false;
  last_reason_ = conn_reason::kClean;
  if (was_open) {
    AllocGuard::HotSection hot;
    codec_.on_closed(conn_reason::kClean);
    notify(ConnStatus::Disconnected, conn_reason::kClean);
  }
}

void Connection::connect_now() noexcept {
  AllocGuard::ColdSection cold;
  phase_ = Phase::Connecting;
  establishing_ = true;
  {
    AllocGuard::HotSection hot;
    notify(ConnStatus::Connecting, 0);
  }
  conn_ = loop_.connect(peer_, *this, cfg_.connect_timeout_ns);
  if (conn_ == kInvalidConn) disconnect(loop_.last_error(), false);
}

void Connection::on_connect(ConnId id, int err) noexcept {
  if (id != conn_) return;
  AllocGuard::ColdSection cold;
  if (err != 0) {
    conn_ = kInvalidConn;  // the loop already released it
    disconnect(err, false);
    return;
  }
  if (!cfg_.tls) {
    transport_ready();
    return;
  }
  phase_ = Phase::Handshaking;
  if (!tls_.begin_client(*tls_ctx_, cfg_.host.c_str(), cfg_.port, *this, *this)) {
    disconnect(conn_reason::from_tls(tls_.failure()), true);
    return;
  }
  loop_.arm_timer(timer_, Clock::monotonic_ns() + cfg_.handshake_timeout_ns);
  tls_.start();
  check_tls();
}

void Connection::transport_ready() noexcept {
  loop_.cancel_timer(timer_);
  phase_ = Phase::Open;
  if (!cfg_.tls) establishing_ = false;  // TLS: until the first plaintext (session tickets)
  opened_at_ns_ = Clock::monotonic_ns();
  if (cfg_.tls) {
    log(LogLevel::Info, "connection %s: open (%s, %s, alpn=%.*s%s)", peer_text_, server_ ? "server" : "client",
        tls_.version(), static_cast<int>(tls_.alpn().size()), tls_.alpn().data(), tls_.resumed() ? ", resumed" : "");
  } else {
    log(LogLevel::Info, "connection %s: open (tcp %s)", peer_text_, server_ ? "server" : "client");
  }
  {
    AllocGuard::HotSection hot;
    notify(ConnStatus::Connected, 0);
  }
  codec_.on_open(*this);  // still cold: the codec's handshake (WebSocket upgrade request)
}

void Connection::check_tls() noexcept {
  if (conn_ == kInvalidConn) return;  // a callback already disconnected
  const TlsState st = tls_.state();
  if (st == TlsState::Failed || (st == TlsState::Closed && tls_.failure().kind == TlsError::PeerClosed))
    disconnect(conn_reason::from_tls(tls_.failure()), true);
}

void Connection::on_data(ConnId id, const std::uint8_t* data, std::size_t len) noexcept {
  if (id != conn_) return;
  AllocGuard::ColdSection cold(establishing_);
  if (!cfg_.tls) {
    codec_.on_bytes(data, len);
    return;
  }
  tls_.feed(data, len);
  check_tls();
}

void Connection::on_close(ConnId id, int err) noexcept {
  if (id != conn_) return;
  AllocGuard::ColdSection cold;
  conn_ = kInvalidConn;  // already released by the loop
  std::int32_t reason = err;
  if (err == 0) {
    reason = conn_reason::kPeerEof;
    if (cfg_.tls) {
      tls_.on_transport_eof();
      if (tls_.state() == TlsState::Failed) reason = conn_reason::from_tls(tls_.failure());
    }
  }
  disconnect(reason, false);
}

void Connection::on_tx_space(ConnId id) noexcept {
  if (id != conn_) return;
  AllocGuard::ColdSection cold(establishing_);
  if (cfg_.tls) {
    pump_plain_out();
    tls_.resume();
    check_tls();
  }
  if (codec_wants_room_ && phase_ == Phase::Open) {
    codec_wants_room_ = false;
    AllocGuard::HotSection hot;
    codec_.on_writable();
  }
}

void Connection::on_timer(TimerId) noexcept {
  AllocGuard::ColdSection cold;  // handshake deadline or the end of a backoff: both cold
  if (phase_ == Phase::Handshaking) {
    tls_.fail(TlsError::HandshakeTimeout, "TLS handshake did not complete in time");
    disconnect(conn_reason::from_tls(tls_.failure()), true);
  } else if (phase_ == Phase::Backoff) {
    connect_now();
  }
}

void Connection::disconnect(std::int32_t reason, bool close_socket) noexcept {
  AllocGuard::ColdSection cold;  // teardown and reconnect scheduling
  const bool was_open = phase_ == Phase::Open;
  establishing_ = false;
  loop_.cancel_timer(timer_);
  // Queued bytes (a TLS alert, a WebSocket close frame) still go out before the close.
  if (close_socket && conn_ != kInvalidConn) loop_.close_after_send(conn_);
  conn_ = kInvalidConn;
  tls_.end();  // keeps failure() for the owner to read
  plain_out_.clear();
  codec_wants_room_ = false;
  last_reason_ = reason;
  {
    AllocGuard::HotSection hot;  // the codec fails in-flight requests: steady-state logic
    if (was_open) codec_.on_closed(reason);
    notify(ConnStatus::Disconnected, reason);
  }
  const TlsFailure& f = tls_.failure();
  log(was_open ? LogLevel::Info : LogLevel::Warn, "connection %s: disconnected, reason %d (%s)%s%s", peer_text_,
      reason, conn_reason::describe(reason), f ? ": " : "", f ? f.detail : "");
  if (server_ || !cfg_.reconnect) {
    phase_ = Phase::Stopped;
    return;
  }
  const std::int64_t now = Clock::monotonic_ns();
  if (was_open && now - opened_at_ns_ >= backoff_.config().stable_after_ns) backoff_.reset();
  const std::int64_t delay = backoff_.next_delay_ns();
  phase_ = Phase::Backoff;
  loop_.arm_timer(timer_, now + delay);
  log(LogLevel::Info, "connection %s: reconnect attempt %u in %lld ms", peer_text_, backoff_.attempts(),
      static_cast<long long>(delay / 1'000'000));
}

void Connection::notify(ConnStatus status, std::int32_t reason) noexcept {
  if (observer_ != nullptr) observer_->on_conn_state(cfg_.tag, status, reason);
}

std::size_t Connection::write_cipher(const std::uint8_t* data, std::size_t len) noexcept {
  auto span = loop_.tx_reserve(conn_, 1);
  if (span.empty()) return 0;
  const std::size_t n = len < span.size() ? len : span.size();
  std::memcpy(span.data(), data, n);
  loop_.tx_commit(conn_, n);
  return n;
}

void Connection::on_tls_ready() noexcept { transport_ready(); }

void Connection::on_plaintext(const std::uint8_t* data, std::size_t len) noexcept {
  establishing_ = false;  // the peer speaks the protocol: established
  AllocGuard::HotSection hot;
  codec_.on_bytes(data, len);
}

std::span<std::uint8_t> Connection::out_reserve(std::size_t min_bytes) noexcept {
  if (phase_ != Phase::Open) return {};
  auto span = cfg_.tls ? plain_out_.reserve(min_bytes) : loop_.tx_reserve(conn_, min_bytes);
  if (span.empty()) codec_wants_room_ = true;
  return span;
}

void Connection::out_commit(std::size_t n) noexcept {
  if (phase_ != Phase::Open || n == 0) return;
  if (!cfg_.tls) {
    loop_.tx_commit(conn_, n);
    return;
  }
  plain_out_.commit(n);
  pump_plain_out();
  check_tls();
}

void Connection::pump_plain_out() noexcept {
  // Encrypt staged plaintext until the tx queue is full (TLS write returns 0); the
  // rest waits for on_tx_space. One record per SSL_write chunk (partial-write mode).
  while (plain_out_.unsent() > 0 && tls_.state() == TlsState::Established) {
    const auto span = plain_out_.begin_send();
    const std::size_t n = tls_.write(span.data(), span.size());
    plain_out_.complete_send(static_cast<std::uint32_t>(n));
    if (n == 0) break;
  }
}

void Connection::close(std::int32_t reason) noexcept {
  if (conn_ == kInvalidConn) return;  // already down (a reconnect may be scheduled)
  disconnect(reason, true);
}

}  // namespace xtb::net
