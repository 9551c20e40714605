// ws_frame_codec.cpp — glue between wslay's pull-style frame callbacks and our
// push-style (sans-IO) buffers.
//
// wslay_frame_recv() pulls bytes through recv_cb; we serve them from the span given to
// set_input() and answer 0 when it is exhausted, which wslay turns into
// WSLAY_ERR_WANT_READ with its parser state kept (it resumes mid-header or mid-payload
// on the next call). wslay_frame_send() pushes header and payload through send_cb; write()
// reserves the exact frame size in the TxBuffer first, so send_cb always accepts all
// bytes and a frame is never left half-written.
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
  const wslay_frame_callbacks cb{&send_cb, &recv_cb, &genmask_cb};
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

ssize_t WsFrameCodec::send_cb(const std::uint8_t* data, std::size_t len, int, void* user) {
  auto& self = *static_cast<WsFrameCodec*>(user);
  if (len > self.tx_cap_ - self.tx_len_) return 0;  // cannot happen: write() reserved the frame
  std::memcpy(self.tx_ + self.tx_len_, data, len);
  self.tx_len_ += len;
  return static_cast<ssize_t>(len);
}

int WsFrameCodec::genmask_cb(std::uint8_t* buf, std::size_t len, void* user) {
  if (len != 4) return -1;
  static_cast<WsFrameCodec*>(user)->masks_.next(buf);
  return 0;
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

bool WsFrameCodec::write(TxBuffer& out, WsOpcode op, bool fin, const std::uint8_t* payload,
                         std::size_t n) noexcept {
  const bool control = (static_cast<std::uint8_t>(op) & 0x8) != 0;
  if (control && (n > 125 || !fin)) return false;
  const std::size_t need = frame_size(n);
  const std::span<std::uint8_t> span = out.reserve(need);
  if (span.empty()) return false;
  tx_ = span.data();
  tx_cap_ = need;
  tx_len_ = 0;
  wslay_frame_iocb iocb{};
  iocb.fin = fin ? 1 : 0;
  iocb.opcode = static_cast<std::uint8_t>(op);
  iocb.mask = role_ == WsRole::Client ? 1 : 0;
  iocb.payload_length = n;
  iocb.data = payload;
  iocb.data_length = n;
  const ssize_t r = wslay_frame_send(ctx_, &iocb);
  tx_ = nullptr;
  // r is the payload byte count; with the span pre-reserved it is always n.
  if (r < 0 || static_cast<std::size_t>(r) != n || tx_len_ != need) return false;
  out.commit(need);
  return true;
}

}  // namespace xtb::net
