// ws_connection.cpp — WsConnection state machine:
//   Idle → Handshaking → Open → (Closing) → Closed,   any → Failed on error.
#include "net/ws/ws_connection.hpp"

#include <cstring>

namespace xtb::net {

namespace {
HttpParserLimits handshake_limits(WsRole role) noexcept {
  HttpParserLimits l;
  // Client: a refusal body (Binance answers 400/403/429 with a short JSON) for logs.
  // Server: a GET upgrade has no body; the target may list ~200 combined streams.
  l.max_body_bytes = role == WsRole::Client ? 4096 : 0;
  l.max_target_bytes = 8192;
  return l;
}
}  // namespace

WsConnection::WsConnection(const WsConfig& cfg, TxBuffer& out, WsHandler& handler)
    : cfg_(cfg),
      out_(out),
      handler_(handler),
      frames_(cfg.role),
      receiver_(cfg.role, cfg.max_message_bytes),
      parser_(cfg.role == WsRole::Client ? HttpMessageParser::Kind::Response : HttpMessageParser::Kind::Request,
              handshake_limits(cfg.role)) {}

void WsConnection::reset() {
  frames_.reset();
  receiver_.reset();
  parser_.reset();
  state_ = WsState::Idle;
  error_ = WsError::None;
  handshake_status_ = peer_close_code_ = 0;
  close_sent_ = ping_outstanding_ = rotate_notified_ = false;
  stats_ = WsStats{};
}

HttpError WsConnection::start_client(const WsClientRequest& req, std::int64_t now_ns) noexcept {
  if (cfg_.role != WsRole::Client || state_ != WsState::Idle) return HttpError::NotReady;
  ws_make_key(key_);
  const HttpError e = ws_encode_client_request(req, std::string_view(key_, kWsKeyChars), out_);
  if (e != HttpError::None) return e;
  state_ = WsState::Handshaking;
  now_ns_ = started_ns_ = now_ns;
  return HttpError::None;
}

void WsConnection::start_server(std::int64_t now_ns) noexcept {
  if (cfg_.role != WsRole::Server || state_ != WsState::Idle) return;
  state_ = WsState::Handshaking;
  now_ns_ = started_ns_ = now_ns;
}

void WsConnection::on_bytes(const std::uint8_t* data, std::size_t n) noexcept {
  if (state_ == WsState::Handshaking) on_handshake_bytes(data, n);
  if (n != 0 && (state_ == WsState::Open || state_ == WsState::Closing)) process_frames(data, n);
}

void WsConnection::on_handshake_bytes(const std::uint8_t*& data, std::size_t& n) noexcept {
  const HttpParseResult r = parser_.feed(data, n);
  data += r.consumed;
  n -= r.consumed;
  if (r.status == HttpParseStatus::NeedMore) return;
  if (r.status == HttpParseStatus::Error) return fail(WsError::HandshakeMalformed, 0);
  if (cfg_.role == WsRole::Client)
    finish_client_handshake();
  else
    finish_server_handshake();
}

void WsConnection::finish_client_handshake() noexcept {
  handshake_status_ = parser_.status();
  const WsError e = ws_check_server_response(parser_, std::string_view(key_, kWsKeyChars));
  if (e != WsError::None) return fail(e, 0);
  open();
}

void WsConnection::finish_server_handshake() noexcept {
  char accept[kWsAcceptChars];
  std::uint16_t reject = 0;
  WsError e = ws_check_client_request(parser_, accept, &reject);
  if (e == WsError::None) {
    reject = handler_.on_upgrade_request(parser_.target());
    if (reject != 101) e = WsError::HandshakeRejected;
  }
  if (e != WsError::None) {
    ws_encode_server_reject(reject, out_);
    return fail(e, 0);
  }
  if (ws_encode_server_accept(std::string_view(accept, kWsAcceptChars), out_) != HttpError::None)
    return fail(WsError::OutputFull, 0);
  open();
}

void WsConnection::open() noexcept {
  state_ = WsState::Open;
  opened_ns_ = last_ping_ns_ = now_ns_;
  handler_.on_open();
}

void WsConnection::process_frames(const std::uint8_t* data, std::size_t n) noexcept {
  frames_.set_input(data, n);
  WsFrameChunk chunk;
  while (state_ == WsState::Open || state_ == WsState::Closing) {
    const WsFrameCodec::ReadStatus st = frames_.read(chunk);
    if (st == WsFrameCodec::ReadStatus::NeedMore) break;
    if (st == WsFrameCodec::ReadStatus::ProtocolError) {
      fail(WsError::ProtocolViolation, ws_close::kProtocolError);
      break;
    }
    dispatch(receiver_.on_chunk(chunk));
  }
  frames_.clear_input();
}

void WsConnection::dispatch(const WsRxEvent& ev) noexcept {
  switch (ev.kind) {
    case WsRxEvent::Kind::None:
      return;
    case WsRxEvent::Kind::Message:
      ++stats_.messages_rx;
      stats_.bytes_rx += ev.size;
      handler_.on_message(ev.opcode, ev.data, ev.size);
      return;
    case WsRxEvent::Kind::Ping:
      ++stats_.pings_rx;
      // §5.5.2: answer with the same payload. After our close no more frames (§5.5.1).
      if (state_ == WsState::Open && !frames_.write(out_, WsOpcode::Pong, true, ev.data, ev.size))
        fail(WsError::OutputFull, 0);
      return;
    case WsRxEvent::Kind::Pong:
      return on_pong_frame(ev);
    case WsRxEvent::Kind::Close:
      return on_peer_close(ev);
    case WsRxEvent::Kind::Error:
      return fail(ev.error, ev.close_code);
  }
}

void WsConnection::on_pong_frame(const WsRxEvent& ev) noexcept {
  ++stats_.pongs_rx;
  if (ping_outstanding_ && ev.size == sizeof(ping_payload_) &&
      std::memcmp(ev.data, ping_payload_, sizeof(ping_payload_)) == 0)
    ping_outstanding_ = false;
  else
    ++stats_.unmatched_pongs;  // §5.5.3: unsolicited pongs are allowed, not an error
  handler_.on_pong(ev.data, ev.size);
}

void WsConnection::on_peer_close(const WsRxEvent& ev) noexcept {
  peer_close_code_ = ev.close_code;
  if (state_ == WsState::Open) {
    // Peer-initiated: echo its code (§5.5.1); 1005 means "no code" → empty close frame.
    write_close(ev.close_code == ws_close::kNoStatus ? 0 : ev.close_code, {});
  }
  state_ = WsState::Closed;
  handler_.on_close(ev.close_code, std::string_view(reinterpret_cast<const char*>(ev.data), ev.size));
}

void WsConnection::on_eof() noexcept {
  if (state_ == WsState::Handshaking && cfg_.role == WsRole::Client) {
    // A refusal whose body runs until EOF completes only now.
    const HttpParseResult r = parser_.feed_eof();
    if (r.status == HttpParseStatus::Complete) return finish_client_handshake();
  }
  if (state_ == WsState::Handshaking || state_ == WsState::Open || state_ == WsState::Closing)
    fail(WsError::PeerVanished, 0);
}

void WsConnection::on_timer(std::int64_t now_ns) noexcept {
  now_ns_ = now_ns;
  switch (state_) {
    case WsState::Handshaking:
      if (now_ns - started_ns_ >= cfg_.handshake_timeout_ns) fail(WsError::HandshakeTimeout, 0);
      return;
    case WsState::Open:
      if (ping_outstanding_) {
        if (now_ns - last_ping_ns_ >= cfg_.pong_timeout_ns) return fail(WsError::PongTimeout, 0);
      } else if (cfg_.ping_interval_ns > 0 && now_ns - last_ping_ns_ >= cfg_.ping_interval_ns) {
        send_keepalive_ping(now_ns);
      }
      if (cfg_.rotate_after_ns > 0 && !rotate_notified_ && now_ns - opened_ns_ >= cfg_.rotate_after_ns) {
        rotate_notified_ = true;
        handler_.on_rotate_due();
      }
      return;
    case WsState::Closing:
      if (now_ns - close_sent_ns_ >= cfg_.close_timeout_ns) fail(WsError::CloseTimeout, 0);
      return;
    default:
      return;
  }
}

void WsConnection::send_keepalive_ping(std::int64_t now_ns) noexcept {
  ++ping_seq_;
  for (int i = 0; i < 8; ++i) ping_payload_[i] = static_cast<std::uint8_t>(ping_seq_ >> (56 - 8 * i));
  // A full TxBuffer means the peer stopped reading: retry on the next timer; the pong
  // timeout is armed only once a ping is really queued.
  if (!frames_.write(out_, WsOpcode::Ping, true, ping_payload_, sizeof(ping_payload_))) return;
  last_ping_ns_ = now_ns;
  ping_outstanding_ = true;
  ++stats_.pings_tx;
}

WsSendStatus WsConnection::send(WsOpcode op, const std::uint8_t* data, std::size_t n,
                                std::size_t max_frame_payload) noexcept {
  if (state_ != WsState::Open) return WsSendStatus::NotOpen;
  if (op != WsOpcode::Text && op != WsOpcode::Binary) return WsSendStatus::InvalidArgument;
  const bool single = max_frame_payload == 0 || n <= max_frame_payload;
  const std::size_t full = single ? 0 : n / max_frame_payload, rest = single ? 0 : n % max_frame_payload;
  const std::size_t total = single ? frames_.frame_size(n)
                                   : full * frames_.frame_size(max_frame_payload) + (rest ? frames_.frame_size(rest) : 0);
  if (total > out_.capacity()) return WsSendStatus::InvalidArgument;  // could never be queued
  if (single) {
    if (!frames_.write(out_, op, true, data, n)) return WsSendStatus::WouldBlock;
  } else {
    // Reserve the whole fragmented message first so it is queued entirely or not at all.
    if (out_.reserve(total).empty()) return WsSendStatus::WouldBlock;
    std::size_t off = 0;
    WsOpcode frame_op = op;
    while (off < n) {
      const std::size_t piece = n - off < max_frame_payload ? n - off : max_frame_payload;
      frames_.write(out_, frame_op, off + piece == n, data + off, piece);
      frame_op = WsOpcode::Continuation;
      off += piece;
    }
  }
  ++stats_.messages_tx;
  return WsSendStatus::Ok;
}

WsSendStatus WsConnection::send_ping(const std::uint8_t* data, std::size_t n) noexcept {
  if (state_ != WsState::Open) return WsSendStatus::NotOpen;
  if (n > 125) return WsSendStatus::InvalidArgument;
  if (!frames_.write(out_, WsOpcode::Ping, true, data, n)) return WsSendStatus::WouldBlock;
  ++stats_.pings_tx;
  return WsSendStatus::Ok;
}

WsSendStatus WsConnection::close(std::uint16_t code, std::string_view reason, std::int64_t now_ns) noexcept {
  if (state_ != WsState::Open) return WsSendStatus::NotOpen;
  if (!ws_close::is_sendable(code) || reason.size() > 123) return WsSendStatus::InvalidArgument;
  if (!write_close(code, reason)) return WsSendStatus::WouldBlock;
  state_ = WsState::Closing;
  now_ns_ = close_sent_ns_ = now_ns;
  return WsSendStatus::Ok;
}

bool WsConnection::write_close(std::uint16_t code, std::string_view reason) noexcept {
  std::uint8_t payload[125];
  std::size_t len = 0;
  if (code != 0) {
    payload[0] = static_cast<std::uint8_t>(code >> 8);
    payload[1] = static_cast<std::uint8_t>(code & 0xFF);
    len = reason.size() > 123 ? 123 : reason.size();
    if (len != 0) std::memcpy(payload + 2, reason.data(), len);
    len += 2;
  }
  if (!frames_.write(out_, WsOpcode::Close, true, payload, len)) return false;
  close_sent_ = true;
  return true;
}

void WsConnection::fail(WsError e, std::uint16_t code) noexcept {
  if (state_ == WsState::Failed || state_ == WsState::Closed) return;
  const bool handshake_done = state_ == WsState::Open || state_ == WsState::Closing;
  std::uint16_t sent = ws_close::kAbnormal;
  if (code != 0 && handshake_done && !close_sent_) {
    const char* why = to_string(e);
    if (write_close(code, std::string_view(why, std::strlen(why)))) sent = code;
  }
  state_ = WsState::Failed;
  error_ = e;
  frames_.clear_input();
  handler_.on_error(e, sent);
}

const char* to_string(WsError e) noexcept {
  switch (e) {
    case WsError::None: return "none";
    case WsError::HandshakeMalformed: return "handshake_malformed";
    case WsError::HandshakeRejected: return "handshake_rejected";
    case WsError::HandshakeInvalid: return "handshake_invalid";
    case WsError::HandshakeTimeout: return "handshake_timeout";
    case WsError::ProtocolViolation: return "protocol_violation";
    case WsError::InvalidUtf8: return "invalid_utf8";
    case WsError::MessageTooBig: return "message_too_big";
    case WsError::PongTimeout: return "pong_timeout";
    case WsError::CloseTimeout: return "close_timeout";
    case WsError::PeerVanished: return "peer_vanished";
    case WsError::OutputFull: return "output_full";
  }
  return "unknown";
}

}  // namespace xtb::net
