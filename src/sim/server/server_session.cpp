// server_session.cpp — see server_session.hpp.
#include "sim/server/server_session.hpp"

#include <unistd.h>

#include <cstring>

#include "core/clock.hpp"

namespace xtb::sim::server {
namespace {

constexpr std::size_t kSniffBytes = 8192;
constexpr std::size_t kWrapBytes = 256 * 1024;
constexpr std::size_t kHeldBytes = 64 * 1024;

char lower(char c) noexcept { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool icontains(std::string_view hay, std::string_view needle) noexcept {
  if (needle.size() > hay.size()) return false;
  for (std::size_t i = 0; i + needle.size() <= hay.size(); ++i) {
    std::size_t k = 0;
    while (k < needle.size() && lower(hay[i + k]) == needle[k]) ++k;
    if (k == needle.size()) return true;
  }
  return false;
}

// True when the header block has an `Upgrade:` field naming websocket (RFC 6455 §4.1).
bool is_ws_upgrade(std::string_view head) noexcept {
  std::size_t pos = 0;
  while (pos < head.size()) {
    std::size_t eol = head.find("\r\n", pos);
    if (eol == std::string_view::npos) eol = head.size();
    const std::string_view line = head.substr(pos, eol - pos);
    if (line.size() > 8 && icontains(line.substr(0, 8), "upgrade:") && icontains(line.substr(8), "websocket"))
      return true;
    pos = eol + 2;
  }
  return false;
}

net::WsConfig ws_config(const SessionConfig& c) {
  net::WsConfig w;
  w.role = net::WsRole::Server;
  w.max_message_bytes = c.max_ws_message;
  w.ping_interval_ns = c.ws_ping_interval_ns;
  w.pong_timeout_ns = c.ws_pong_timeout_ns;
  return w;
}

net::HttpServerConfig http_config(const SessionConfig& c) {
  net::HttpServerConfig h;
  h.limits.max_body_bytes = c.max_request_body;
  return h;
}

net::ConnectionConfig conn_config(std::uint16_t index, const SessionConfig& sc) {
  net::ConnectionConfig c;
  // T7: a TCP connection that never completes the TLS handshake frees its session within
  // the header timeout too (when that is shorter than the transport's default).
  if (sc.header_timeout_ns > 0 && sc.header_timeout_ns < c.handshake_timeout_ns)
    c.handshake_timeout_ns = sc.header_timeout_ns;
  c.host = "sim-client";
  c.tls = true;
  c.tag = index;
  c.reconnect = false;
  return c;
}

}  // namespace

ServerSession::ServerSession(net::EventLoop& loop, net::TlsContext& tls, std::uint16_t index, SessionOwner& owner,
                             const SessionConfig& cfg)
    : loop_(loop),
      owner_(owner),
      index_(index),
      cfg_(cfg),
      out_storage_(new std::uint8_t[cfg.out_bytes]),
      http_(http_config(cfg), out_, *this),
      ws_(ws_config(cfg), out_, *this),
      conn_(loop, &tls, conn_config(index, cfg), *this, this),
      sniff_(new std::uint8_t[kSniffBytes]),
      held_(new char[kHeldBytes]),
      subs_(new Sub[kMaxSubs]),
      wrap_buf_(new char[kWrapBytes]) {
  out_.bind(out_storage_.get(), static_cast<std::uint32_t>(cfg.out_bytes));
}

ServerSession::~ServerSession() = default;

bool ServerSession::accept(int fd, bool& fd_closed) {
  std::string error;
  mode_ = Mode::Sniff;
  if (conn_.accept(fd, &error)) {
    fd_closed = false;
    return true;
  }
  // Without a loop slot the socket was never adopted: the caller closes it. Any later
  // failure (TLS set-up) went through the transport, which closed it.
  fd_closed = error != "no free connection slot";
  if (!fd_closed) mode_ = Mode::Free;
  return false;
}

std::size_t ServerSession::backlog() const noexcept {
  const net::ConnId id = conn_.conn_id();
  return out_.queued() + (id == net::kInvalidConn ? 0 : loop_.tx_queued(id));
}

// ---- transport callbacks -------------------------------------------------------------

void ServerSession::on_open(net::ByteStream& out) noexcept {
  stream_ = &out;
  out_.clear();
  sniff_len_ = 0;
  opened_ns_ = Clock::monotonic_ns();
}

void ServerSession::on_bytes(const std::uint8_t* data, std::size_t len) noexcept {
  if (close_requested_) return;
  switch (mode_) {
    case Mode::Sniff: sniff(data, len); break;
    case Mode::Http:
      if (pending_req_ == nullptr && partial_since_ns_ == 0) partial_since_ns_ = Clock::monotonic_ns();
      http_.on_bytes(data, len);
      break;
    case Mode::Ws: ws_.on_bytes(data, len); break;
    case Mode::Free: return;
  }
  after_codec();
}

void ServerSession::sniff(const std::uint8_t* data, std::size_t len) noexcept {
  const std::size_t take = len < kSniffBytes - sniff_len_ ? len : kSniffBytes - sniff_len_;
  std::memcpy(sniff_.get() + sniff_len_, data, take);
  sniff_len_ += take;
  const std::string_view head(reinterpret_cast<const char*>(sniff_.get()), sniff_len_);
  const std::size_t end = head.find("\r\n\r\n");
  if (end == std::string_view::npos && sniff_len_ < kSniffBytes) return;  // need the whole header block
  const bool ws = end != std::string_view::npos && is_ws_upgrade(head.substr(0, end + 2));
  if (ws) {
    mode_ = Mode::Ws;
    ws_.start_server(Clock::monotonic_ns());
    ws_.on_bytes(sniff_.get(), sniff_len_);
  } else {
    mode_ = Mode::Http;  // an oversized header block is answered 431 by the parser
    partial_since_ns_ = opened_ns_;  // until dispatched, the header timeout still runs from the open
    http_.on_bytes(sniff_.get(), sniff_len_);
  }
  if (take < len) on_bytes(data + take, len - take);
}

void ServerSession::after_codec() noexcept {
  drain();
  if ((mode_ == Mode::Http && http_.should_close()) || (mode_ == Mode::Ws && ws_.should_close_transport()))
    request_close(false);
}

void ServerSession::drain() noexcept {
  if (stream_ == nullptr) return;
  while (out_.unsent() > 0) {
    const auto src = out_.begin_send();
    const auto dst = stream_->out_reserve(1);
    const std::size_t n = dst.size() < src.size() ? dst.size() : src.size();
    if (n > 0) {
      std::memcpy(dst.data(), src.data(), n);
      stream_->out_commit(n);
    }
    out_.complete_send(static_cast<std::uint32_t>(n));
    if (n == 0 || stream_ == nullptr) return;  // transport full: on_writable() resumes
  }
}

void ServerSession::on_closed(std::int32_t) noexcept {
  stream_ = nullptr;
  transport_closed_ = true;
}

void ServerSession::on_conn_state(std::uint16_t, ConnStatus status, std::int32_t) noexcept {
  if (status == ConnStatus::Disconnected) {
    stream_ = nullptr;
    transport_closed_ = true;  // also after a failed TLS handshake (no on_closed then)
  }
}

// ---- HTTP ----------------------------------------------------------------------------

void ServerSession::on_request(net::HttpServerConnection&, const net::HttpMessageParser& req) {
  pending_req_ = &req;
  partial_since_ns_ = 0;
  parked_until_ = 0;
  owner_.on_http_request(*this, req);
}

void ServerSession::on_error(net::HttpServerConnection&, net::HttpError) { request_close(false); }

void ServerSession::respond(const net::HttpResponseSpec& r) noexcept {
  parked_until_ = 0;
  pending_req_ = nullptr;  // respond() may dispatch the next pipelined request at once
  partial_since_ns_ = 0;
  idle_since_ns_ = Clock::monotonic_ns();
  if (http_.respond(r) != net::HttpError::None) {
    request_close(false);  // larger than the output buffer: cannot answer in order
    return;
  }
  after_codec();
}

void ServerSession::respond_later(const net::HttpResponseSpec& r, std::int64_t release_mono_ns) noexcept {
  std::size_t used = 0;
  auto keep = [&](std::string_view s) -> std::string_view {
    if (s.size() > kHeldBytes - used) return {};
    if (s.empty()) return {};  // data() of an empty view may be null (memcpy's nonnull contract)
    std::memcpy(held_.get() + used, s.data(), s.size());
    const std::string_view out(held_.get() + used, s.size());
    used += s.size();
    return out;
  };
  keep(r.body);
  held_body_ = r.body.size() <= kHeldBytes ? r.body.size() : 0;
  held_field_count_ = 0;
  for (std::size_t i = 0; i < r.header_count && i < 8; ++i, ++held_field_count_)
    held_fields_[i] = net::HttpField{keep(r.headers[i].name), keep(r.headers[i].value)};
  held_status_ = r.status;
  release_at_ = release_mono_ns;
}

// ---- WebSocket -----------------------------------------------------------------------

std::uint16_t ServerSession::on_upgrade_request(std::string_view target) {
  return owner_.on_ws_upgrade(*this, target);
}

void ServerSession::on_message(net::WsOpcode op, const std::uint8_t* data, std::size_t size) {
  if (op == net::WsOpcode::Text) owner_.on_ws_text(*this, std::string_view(reinterpret_cast<const char*>(data), size));
}

void ServerSession::send_text(std::string_view msg) noexcept {
  if (mode_ != Mode::Ws || close_requested_ || !ws_.is_open()) return;
  const net::WsSendStatus s = ws_.send_text(reinterpret_cast<const std::uint8_t*>(msg.data()), msg.size());
  if (s == net::WsSendStatus::WouldBlock) {
    // The venue disconnects consumers that cannot keep up; the replay pauses before this
    // happens (SimServer watches backlog()), so this is a client that stopped reading.
    request_close(true);
    return;
  }
  drain();
}

void ServerSession::send_wrapped(std::string_view name, std::string_view data) noexcept {
  if (cfg_.wrap == nullptr) return send_text(data);
  const std::size_t n = cfg_.wrap(wrap_buf_.get(), kWrapBytes, name, data);
  if (n != 0) send_text(std::string_view(wrap_buf_.get(), n));
}

void ServerSession::on_stream_message(std::uint16_t slot, std::string_view wrapped, std::string_view data) noexcept {
  const Sub& s = subs_[slot];
  if (!s.used) return;
  if (!combined_) send_text(data);
  else if (s.exact && !wrapped.empty()) send_text(wrapped);
  else send_wrapped(s.name_view(), data);
}

void ServerSession::on_user_event(std::string_view json) noexcept {
  if (user_wrap_len_ == 0) send_text(json);
  else send_wrapped(std::string_view(user_wrap_, user_wrap_len_), json);
}

int ServerSession::add_sub(std::string_view name, TopicResolution r) noexcept {
  if (name.size() > kMaxStreamName) return -1;
  for (std::size_t i = 0; i < kMaxSubs; ++i) {
    Sub& s = subs_[i];
    if (s.used) continue;
    s.used = true;
    s.topic = r.topic;
    s.exact = r.exact;
    s.name_len = static_cast<std::uint8_t>(name.size());
    std::memcpy(s.name, name.data(), name.size());
    return static_cast<int>(i);
  }
  return -1;
}

int ServerSession::find_sub(std::string_view name) const noexcept {
  for (std::size_t i = 0; i < kMaxSubs; ++i)
    if (subs_[i].used && subs_[i].name_view() == name) return static_cast<int>(i);
  return -1;
}

void ServerSession::bind_user(std::string_view wrap_as) noexcept {
  user_bound_ = true;
  user_wrap_len_ = static_cast<std::uint8_t>(wrap_as.size() < sizeof user_wrap_ ? wrap_as.size() : 0);
  if (user_wrap_len_ != 0) std::memcpy(user_wrap_, wrap_as.data(), user_wrap_len_);  // empty: data() may be null
}

// ---- server hooks --------------------------------------------------------------------

void ServerSession::tick(std::int64_t mono_ns) noexcept {
  if (mode_ == Mode::Sniff && opened_ns_ != 0 && mono_ns - opened_ns_ > cfg_.header_timeout_ns) {
    request_close(true);  // connected (TLS up) but no whole request header: do not hold a session
    return;
  }
  if (mode_ == Mode::Http && !close_requested_ && pending_req_ == nullptr && release_at_ == 0) {
    if (partial_since_ns_ != 0 && mono_ns - partial_since_ns_ > cfg_.header_timeout_ns) {
      request_close(true);  // half-sent request (slowloris)
      return;
    }
    if (partial_since_ns_ == 0 && idle_since_ns_ != 0 && mono_ns - idle_since_ns_ > cfg_.http_idle_timeout_ns) {
      request_close(false);  // keep-alive idle timeout: an orderly close, as any HTTP server
      return;
    }
  }
  if (mode_ == Mode::Ws && !close_requested_) {
    ws_.on_timer(mono_ns);
    after_codec();
  }
  if (release_at_ != 0 && mono_ns >= release_at_) {
    release_at_ = 0;
    net::HttpResponseSpec r;
    r.status = held_status_;
    r.content_type = "application/json";
    r.body = std::string_view(held_.get(), held_body_);
    r.headers = held_fields_;
    r.header_count = held_field_count_;
    respond(r);
  }
}

std::int64_t ServerSession::http_idle_since_ns() const noexcept {
  const bool idle = mode_ == Mode::Http && !closing() && pending_req_ == nullptr && parked_until_ == 0 &&
                    release_at_ == 0 && partial_since_ns_ == 0;
  return idle ? idle_since_ns_ : 0;
}

void ServerSession::request_close(bool abrupt) noexcept {
  if (mode_ == Mode::Free) return;
  close_requested_ = true;
  abrupt_ = abrupt_ || abrupt;
}

bool ServerSession::reap() noexcept {
  if (mode_ == Mode::Free) return false;
  if (close_requested_ && !transport_closed_) {
    if (!abrupt_ && mode_ == Mode::Ws && ws_.is_open()) {
      // Orderly: send our close frame first (RFC 6455 §7.1.2), then close the transport.
      ws_.close(net::ws_close::kNormal, "", Clock::monotonic_ns());
      drain();
    }
    if (abrupt_) conn_.close(net::conn_reason::kClean);  // no close_notify: the peer sees the link die
    else conn_.stop();
    transport_closed_ = true;
  }
  return transport_closed_;
}

void ServerSession::release() noexcept {
  stream_ = nullptr;
  mode_ = Mode::Free;
  out_.clear();
  http_.reset();
  ws_.reset();
  sniff_len_ = 0;
  opened_ns_ = idle_since_ns_ = partial_since_ns_ = 0;
  pending_req_ = nullptr;
  parked_until_ = release_at_ = 0;
  ws_kind_ = WsKind::None;
  combined_ = user_bound_ = false;
  user_wrap_len_ = 0;
  for (std::size_t i = 0; i < kMaxSubs; ++i) subs_[i].used = false;
  close_requested_ = abrupt_ = transport_closed_ = false;
}

}  // namespace xtb::sim::server
