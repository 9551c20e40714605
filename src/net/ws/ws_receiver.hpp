// ws_receiver.hpp — WsReceiver: turns frame chunks (WsFrameCodec) into complete
// messages and control frames, enforcing RFC 6455's receive-side rules.
//
// Rules checked (each failure is an event carrying the close code to send):
//   §5.2   RSV1-3 must be 0 (we negotiate no extension)                → 1002
//   §5.1   server→client frames unmasked, client→server frames masked  → 1002
//   §5.2   reserved opcodes 0x3-0x7, 0xB-0xF                           → 1002
//   §5.4   continuation without a started message, or a new data frame
//          while a fragmented message is open                          → 1002
//   §5.5.1 close payload of 1 byte or an unassignable status code      → 1002
//   §8.1   text messages and close reasons must be UTF-8               → 1007
//   §7.4.1 message above WsConfig::max_message_bytes                   → 1009
// (Control frames > 125 bytes or fragmented, and non-minimal lengths, are rejected by
// wslay itself: WsFrameCodec::ReadStatus::ProtocolError.)
//
// Reassembly: fragments are copied into one buffer of max_message_bytes allocated at
// construction; control frames interleaved between fragments (§5.4) are buffered in a
// separate 125-byte area. A message that arrives as a single frame inside a single chunk
// (the common case: < 4 KiB) is handed out in place, without a copy. UTF-8 is checked
// per chunk, so invalid text fails before the message completes (§8.1 fail-fast).
//
// Threads: owner thread only. No allocation after construction.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>

#include "net/ws/utf8.hpp"
#include "net/ws/ws_frame_codec.hpp"
#include "net/ws/ws_types.hpp"

namespace xtb::net {

struct WsRxEvent {
  enum class Kind : std::uint8_t { None, Message, Ping, Pong, Close, Error };
  Kind kind = Kind::None;
  WsOpcode opcode = WsOpcode::Continuation;  ///< Message: Text or Binary
  const std::uint8_t* data = nullptr;        ///< message / ping / pong payload, close reason
  std::size_t size = 0;
  std::uint16_t close_code = 0;  ///< Close: received code (1005 if none); Error: code to send
  WsError error = WsError::None; ///< Error only
};

class WsReceiver {
 public:
  WsReceiver(WsRole role, std::size_t max_message_bytes);

  /// Consumes one chunk. Returns a non-None event when a message or control frame is
  /// complete, or an Error. Event data stays valid until the next on_chunk()/reset().
  WsRxEvent on_chunk(const WsFrameChunk& c) noexcept;
  /// True while a data frame or a fragmented message is partly received.
  bool mid_message() const noexcept { return msg_op_ != 0 || in_frame_; }
  void reset() noexcept;

 private:
  WsRxEvent start_frame(const WsFrameChunk& c) noexcept;
  WsRxEvent control_chunk(const WsFrameChunk& c) noexcept;
  WsRxEvent data_chunk(const WsFrameChunk& c) noexcept;
  WsRxEvent close_event() noexcept;
  static WsRxEvent error(WsError e, std::uint16_t code) noexcept;

  WsRole role_;
  std::size_t max_;
  std::unique_ptr<std::uint8_t[]> msg_;
  std::size_t msg_len_ = 0;
  std::uint8_t msg_op_ = 0;  ///< opcode of the open data message, 0 when none
  bool in_frame_ = false;
  Utf8Validator utf8_;
  std::uint8_t ctrl_[125];
  std::size_t ctrl_len_ = 0;
};

}  // namespace xtb::net
