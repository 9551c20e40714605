// ws_frame_codec.cpp — glue between wslay's pull-style frame parser and our push-style
// (sans-IO) buffers, plus the frame encoder.
//
// wslay_frame_recv() pulls bytes through recv_cb; we serve them from the span given to
// set_input() and answer 0 when it is exhausted, which wslay turns into
// WSLAY_ERR_WANT_READ with its parser state kept (it resumes mid-header or mid-payload
// on the next call). wslay's send and genmask callbacks are never used (we encode).
#include "net/ws/ws_frame_codec.hpp"

#include <wslay/wslay.h>

#include <cstring>
#include <new>

namespace xtb::net {

namespace {
wslay_frame_context* make_context(const wslay_frame_callbacks& cb, void* user) {
  wslay_frame_context* ctx = nullptr;
  if (wslay_frame_context_init(&ctx, &cb, user) != 0) throw std::bad_alloc();
  return ctx;
}
}  // namespace

WsFrameCodec::WsFrameCodec(WsRole role) : role_(role) { reset(); }

WsFrameCodec::~WsFrameCodec() { wslay_frame_context_free(ctx_); }

void WsFrameCodec::reset() {
  if (ctx_ != nullptr) wslay_frame_context_free(ctx_);
  ctx_ = nullptr;
  // Only the receive callback: wslay_frame_send (the user of the others) is not called.
  const wslay_frame_callbacks cb{nullptr, &recv_cb, nullptr};
  ctx_ = make_context(cb, this);
  in_left_ = 0;
  rx_offset_ = 0;
  in_frame_ = false;
}

ssize_t WsFrameCodec::recv_cb(std::uint8_t* buf, std::size_t len, int, void* user) {
  auto& self = *static_cast<WsFrameCodec*>(user);
  const std::size_t n = len < self.in_left_ ? len : self.in_left_;
  if (n == 0) return 0;  // → WSLAY_ERR_WANT_READ
  std::memcpy(buf, self.in_, n);
  self.in_ += n;
  self.in_left_ -= n;
  return static_cast<ssize_t>(n);
}

WsFrameCodec::ReadStatus WsFrameCodec::read(WsFrameChunk& out) noexcept {
  wslay_frame_iocb iocb{};
  const ssize_t r = wslay_frame_recv(ctx_, &iocb);
  if (r == WSLAY_ERR_WANT_READ) return ReadStatus::NeedMore;
  if (r < 0) return ReadStatus::ProtocolError;  // WSLAY_ERR_PROTO (others cannot occur)
  out.opcode = iocb.opcode;
  out.rsv = iocb.rsv;
  out.fin = iocb.fin != 0;
  out.masked = iocb.mask != 0;
  out.payload_length = iocb.payload_length;
  out.data = iocb.data;
  out.size = iocb.data_length;
  out.frame_start = !in_frame_;
  out.offset = rx_offset_;
  rx_offset_ += iocb.data_length;
  out.frame_end = rx_offset_ == iocb.payload_length;
  in_frame_ = !out.frame_end;
  if (out.frame_end) rx_offset_ = 0;
  return ReadStatus::Chunk;
}

std::size_t WsFrameCodec::frame_size(std::size_t n) const noexcept {
  std::size_t header = 2;
  if (n >= 65536)
    header += 8;
  else if (n >= 126)
    header += 2;
  if (role_ == WsRole::Client) header += 4;
  return header + n;
}

void ws_mask_copy(std::uint8_t* dst, const std::uint8_t* src, std::size_t n, const std::uint8_t key[4]) noexcept {
  std::uint8_t key8[8];
  std::memcpy(key8, key, 4);
  std::memcpy(key8 + 4, key, 4);
  std::uint64_t k;
  std::memcpy(&k, key8, 8);  // byte i of the word ↔ key[i % 4], any endianness
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    std::uint64_t w;
    std::memcpy(&w, src + i, 8);
    w ^= k;
    std::memcpy(dst + i, &w, 8);
  }
  for (; i < n; ++i) dst[i] = static_cast<std::uint8_t>(src[i] ^ key[i % 4]);
}

bool WsFrameCodec::write(TxBuffer& out, WsOpcode op, bool fin, const std::uint8_t* payload,
                         std::size_t n) noexcept {
  const auto opcode = static_cast<std::uint8_t>(op);
  if ((opcode & 0x8) != 0 && (n > 125 || !fin)) return false;  // §5.5 control frames
  const std::size_t need = frame_size(n);
  const std::span<std::uint8_t> span = out.reserve(need);
  if (span.empty()) return false;
  std::uint8_t* p = span.data();
  const bool masked = role_ == WsRole::Client;
  // §5.2 base header: FIN, RSV1-3 = 0, opcode; MASK bit, 7-bit length or 126/127 marker.
  *p++ = static_cast<std::uint8_t>((fin ? 0x80 : 0x00) | opcode);
  const std::uint8_t mask_bit = masked ? 0x80 : 0x00;
  if (n < 126) {
    *p++ = static_cast<std::uint8_t>(mask_bit | n);
  } else if (n < 65536) {
    *p++ = static_cast<std::uint8_t>(mask_bit | 126);
    *p++ = static_cast<std::uint8_t>(n >> 8);
    *p++ = static_cast<std::uint8_t>(n);
  } else {
    *p++ = static_cast<std::uint8_t>(mask_bit | 127);
    for (int shift = 56; shift >= 0; shift -= 8) *p++ = static_cast<std::uint8_t>(static_cast<std::uint64_t>(n) >> shift);
  }
  if (masked) {
    std::uint8_t key[4];
    masks_.next(key);
    std::memcpy(p, key, 4);
    p += 4;
    ws_mask_copy(p, payload, n, key);
  } else if (n != 0) {
    std::memcpy(p, payload, n);
  }
  out.commit(need);
  return true;
}

}  // namespace xtb::net
