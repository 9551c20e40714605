// connection_ws.cpp — see connection_ws.hpp.
#include "net/connection_ws.hpp"

#include <cstring>

#include "core/alloc_guard.hpp"
#include "core/clock.hpp"

namespace xtb::net {

WsStream::WsStream(EventLoop& loop, const WsStreamOptions& opt, WsHandler& handler)
    : loop_(loop),
      opt_(opt),
      out_storage_(new std::uint8_t[opt.out_bytes]),
      ws_(opt.ws, ws_out_, handler) {  // WsConnection only keeps the reference here
  ws_out_.bind(out_storage_.get(), opt.out_bytes);
  timer_ = loop_.add_timer(*this);
}

WsStream::~WsStream() { loop_.release_timer(timer_); }

void WsStream::on_open(ByteStream& out) noexcept {
  stream_ = &out;
  ws_out_.clear();
  if (ws_.state() != WsState::Idle) ws_.reset();  // a reconnect: fresh handshake state
  const std::int64_t now = Clock::monotonic_ns();
  ++depth_;
  if (opt_.ws.role == WsRole::Client) {
    WsClientRequest req{opt_.host, opt_.target, nullptr, 0};
    if (ws_.start_client(req, now) != HttpError::None) {
      --depth_;
      stream_->close(conn_reason::kCodecBase + static_cast<std::int32_t>(WsError::HandshakeMalformed));
      return;
    }
  } else {
    ws_.start_server(now);
  }
  --depth_;
  loop_.arm_timer(timer_, now + opt_.tick_ns);
  drain();
}

void WsStream::on_bytes(const std::uint8_t* data, std::size_t len) noexcept {
  // The upgrade response is connection establishment: cold (AllocGuard policy, connection.hpp).
  AllocGuard::ColdSection cold(ws_.state() == WsState::Handshaking);
  ++depth_;
  ws_.on_bytes(data, len);
  --depth_;
  drain();
}

void WsStream::on_closed(std::int32_t /*reason*/) noexcept {
  loop_.cancel_timer(timer_);
  stream_ = nullptr;
  ++depth_;
  ws_.on_eof();  // an unfinished WebSocket reports PeerVanished to its handler
  --depth_;
  ws_out_.clear();
}

void WsStream::on_timer(TimerId) noexcept {
  if (stream_ == nullptr) return;
  const std::int64_t now = Clock::monotonic_ns();
  ++depth_;
  ws_.on_timer(now);
  --depth_;
  if (stream_ != nullptr) loop_.arm_timer(timer_, now + opt_.tick_ns);
  drain();
}

WsSendStatus WsStream::send(WsOpcode op, const std::uint8_t* data, std::size_t n) noexcept {
  const WsSendStatus s = ws_.send(op, data, n, 0);
  if (depth_ == 0) drain();  // inside a WsHandler callback the outer call drains
  return s;
}

WsSendStatus WsStream::close(std::uint16_t code, std::string_view reason) noexcept {
  const WsSendStatus s = ws_.close(code, reason, Clock::monotonic_ns());
  if (depth_ == 0) drain();
  return s;
}

void WsStream::drain() noexcept {
  if (stream_ == nullptr || depth_ != 0) return;
  while (ws_out_.unsent() > 0) {
    const auto src = ws_out_.begin_send();
    const auto dst = stream_->out_reserve(1);
    const std::size_t n = dst.size() < src.size() ? dst.size() : src.size();
    if (n > 0) {
      std::memcpy(dst.data(), src.data(), n);
      stream_->out_commit(n);
    }
    ws_out_.complete_send(static_cast<std::uint32_t>(n));
    if (n == 0) return;  // transport full: on_writable() resumes
  }
  if (!ws_.should_close_transport()) return;
  // Close handshake done (or failed): hand the transport a reason it can report.
  const std::int32_t reason = ws_.state() == WsState::Closed
                                  ? (ws_.peer_close_code() != 0 ? ws_.peer_close_code() : ws_close::kNormal)
                                  : conn_reason::kCodecBase + static_cast<std::int32_t>(ws_.error());
  ByteStream* s = stream_;
  stream_ = nullptr;
  s->close(reason);  // Connection calls our on_closed(); ws_ is already finished
}

}  // namespace xtb::net
