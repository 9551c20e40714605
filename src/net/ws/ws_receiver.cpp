// ws_receiver.cpp — WsReceiver: frame chunks → messages / control frames / errors.
#include "net/ws/ws_receiver.hpp"

#include <cstring>

namespace xtb::net {

namespace {
constexpr std::uint8_t kOpCont = 0x0, kOpText = 0x1, kOpBinary = 0x2;
constexpr std::uint8_t kOpClose = 0x8, kOpPing = 0x9, kOpPong = 0xA;
}  // namespace

WsReceiver::WsReceiver(WsRole role, std::size_t max_message_bytes)
    : role_(role), max_(max_message_bytes), msg_(std::make_unique<std::uint8_t[]>(max_message_bytes + 1)) {}

void WsReceiver::reset() noexcept {
  msg_len_ = 0;
  msg_op_ = 0;
  in_frame_ = false;
  utf8_.reset();
  ctrl_len_ = 0;
}

WsRxEvent WsReceiver::error(WsError e, std::uint16_t code) noexcept {
  WsRxEvent ev;
  ev.kind = WsRxEvent::Kind::Error;
  ev.error = e;
  ev.close_code = code;
  return ev;
}

WsRxEvent WsReceiver::on_chunk(const WsFrameChunk& c) noexcept {
  if (c.frame_start) {
    const WsRxEvent ev = start_frame(c);
    if (ev.kind == WsRxEvent::Kind::Error) return ev;
  }
  in_frame_ = !c.frame_end;
  return (c.opcode & 0x8) != 0 ? control_chunk(c) : data_chunk(c);
}

WsRxEvent WsReceiver::start_frame(const WsFrameChunk& c) noexcept {
  if (c.rsv != 0) return error(WsError::ProtocolViolation, ws_close::kProtocolError);
  const bool must_be_masked = role_ == WsRole::Server;
  if (c.masked != must_be_masked) return error(WsError::ProtocolViolation, ws_close::kProtocolError);
  switch (c.opcode) {
    case kOpCont:
      if (msg_op_ == 0) return error(WsError::ProtocolViolation, ws_close::kProtocolError);
      break;
    case kOpText:
    case kOpBinary:
      if (msg_op_ != 0) return error(WsError::ProtocolViolation, ws_close::kProtocolError);
      msg_op_ = c.opcode;
      msg_len_ = 0;
      utf8_.reset();
      break;
    case kOpClose:
    case kOpPing:
    case kOpPong:
      ctrl_len_ = 0;
      return {};
    default:
      return error(WsError::ProtocolViolation, ws_close::kProtocolError);
  }
  // Checked on the frame's first chunk, before any byte is copied: a 2^62-byte length
  // claim fails here instead of after we buffered max_ bytes. (wslay surfaces a header
  // together with the first payload byte; a zero-length frame with its header.)
  if (c.payload_length > max_ - msg_len_) return error(WsError::MessageTooBig, ws_close::kMessageTooBig);
  return {};
}

WsRxEvent WsReceiver::control_chunk(const WsFrameChunk& c) noexcept {
  if (c.size > sizeof(ctrl_) - ctrl_len_) return error(WsError::ProtocolViolation, ws_close::kProtocolError);
  if (c.size != 0) std::memcpy(ctrl_ + ctrl_len_, c.data, c.size);
  ctrl_len_ += c.size;
  if (!c.frame_end) return {};
  if (c.opcode == kOpClose) return close_event();
  WsRxEvent ev;
  ev.kind = c.opcode == kOpPing ? WsRxEvent::Kind::Ping : WsRxEvent::Kind::Pong;
  ev.data = ctrl_;
  ev.size = ctrl_len_;
  return ev;
}

WsRxEvent WsReceiver::data_chunk(const WsFrameChunk& c) noexcept {
  if (msg_op_ == kOpText && !utf8_.feed(c.data, c.size))
    return error(WsError::InvalidUtf8, ws_close::kInvalidPayload);
  // Whole message in this one chunk (and nothing buffered): hand it out in place.
  const bool in_place = c.frame_start && c.frame_end && c.fin && msg_len_ == 0;
  if (!in_place && c.size != 0) {
    std::memcpy(msg_.get() + msg_len_, c.data, c.size);
    msg_len_ += c.size;
  }
  if (!(c.frame_end && c.fin)) return {};
  if (msg_op_ == kOpText && !utf8_.complete()) return error(WsError::InvalidUtf8, ws_close::kInvalidPayload);
  WsRxEvent ev;
  ev.kind = WsRxEvent::Kind::Message;
  ev.opcode = static_cast<WsOpcode>(msg_op_);
  ev.data = in_place ? c.data : msg_.get();
  ev.size = in_place ? c.size : msg_len_;
  msg_op_ = 0;
  msg_len_ = 0;
  return ev;
}

WsRxEvent WsReceiver::close_event() noexcept {
  WsRxEvent ev;
  ev.kind = WsRxEvent::Kind::Close;
  if (ctrl_len_ == 0) {
    ev.close_code = ws_close::kNoStatus;
    return ev;
  }
  if (ctrl_len_ == 1) return error(WsError::ProtocolViolation, ws_close::kProtocolError);
  const auto code = static_cast<std::uint16_t>((ctrl_[0] << 8) | ctrl_[1]);
  if (!ws_close::is_sendable(code)) return error(WsError::ProtocolViolation, ws_close::kProtocolError);
  if (!is_valid_utf8(ctrl_ + 2, ctrl_len_ - 2)) return error(WsError::InvalidUtf8, ws_close::kInvalidPayload);
  ev.close_code = code;
  ev.data = ctrl_ + 2;
  ev.size = ctrl_len_ - 2;
  return ev;
}

}  // namespace xtb::net
