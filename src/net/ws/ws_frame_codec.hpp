// ws_frame_codec.hpp — WsFrameCodec: RFC 6455 §5 framing. Receive side on wslay's
// *frame* API (wslay_frame_recv) fed from caller buffers; send side writes frames
// straight into the connection's TxBuffer.
//
// Why the frame API and not wslay's event API (wslay_event_context_*): measured with
// Debian's libwslay 1.1.1 and a counting malloc (docs/net-protocols.md has the program):
//   event API, default buffering ........ 4 mallocs per received message
//   event API, no_buffering ............. 0 per data message, but 7 per ping→pong
//   wslay_event_queue_msg + send ........ 3 mallocs per sent message (it copies the
//                                         payload into a malloc'd queue entry)
// wslay_event_context_*_init takes no allocator, so those cannot be redirected to our
// preallocated memory. The frame API allocates exactly once (wslay_frame_context_init,
// at construction) and never per frame: it parses headers into a 4 KiB buffer inside its
// context, unmasks in place and hands out payload chunks. Message-level duties the event
// API would have done (reassembly, UTF-8, control frames, close handshake) live in
// WsReceiver / WsConnection, writing into buffers we own.
//
// Why our own send encoder and not wslay_frame_send: it masks one byte at a time
// through a 4 KiB bounce buffer — measured 501 ns to emit a masked 200-byte client frame
// (vs 83 ns unmasked). A frame header is 2-14 bytes of arithmetic (§5.2), and masking
// 8 bytes per XOR brings the masked frame to the cost of a copy (numbers in
// docs/net-protocols.md). Our frames are checked by wslay_frame_recv in the unit tests
// and by python3-websockets and node ws in the peer tests.
//
// Receive: set_input(bytes) then read() until NeedMore. A chunk points into wslay's
// internal buffer and is valid until the next read(). Large frames arrive as several
// chunks (≤ 4 KiB each), with `offset` giving the position inside the frame payload.
// Send: write() emits one whole frame into the TxBuffer or nothing (no room); client
// frames are masked with a fresh key from WsMaskSource (RFC 6455 §5.3).
//
// Threads: owner thread only.
#pragma once
#include <cstddef>
#include <cstdint>
#include <sys/types.h>

#include "net/uring/tx_buffer.hpp"
#include "net/ws/ws_mask.hpp"
#include "net/ws/ws_types.hpp"

struct wslay_frame_context;

namespace xtb::net {

/// A piece of one received frame's (already unmasked) payload.
struct WsFrameChunk {
  std::uint8_t opcode;          ///< raw 4-bit opcode (reserved values are possible)
  std::uint8_t rsv;             ///< RSV1..3 as (RSV1 << 2) | (RSV2 << 1) | RSV3
  bool fin;
  bool masked;
  bool frame_start;             ///< first chunk of this frame
  bool frame_end;               ///< last chunk of this frame
  std::uint64_t payload_length; ///< whole frame payload (bytes)
  std::uint64_t offset;         ///< position of `data` inside the frame payload
  const std::uint8_t* data;
  std::size_t size;
};

class WsFrameCodec {
 public:
  enum class ReadStatus : std::uint8_t {
    Chunk,          ///< `out` holds a chunk
    NeedMore,       ///< all input consumed
    ProtocolError,  ///< framing violation detected by wslay (RFC 6455 §5.2, §5.5)
  };
  /// Largest frame header: 2 + 8 (64-bit length) + 4 (mask key).
  static constexpr std::size_t kMaxHeaderBytes = 14;

  /// Allocates the wslay frame context and the mask keystream's EVP context (the only
  /// allocations; cold path). Throws std::bad_alloc.
  explicit WsFrameCodec(WsRole role);
  ~WsFrameCodec();
  WsFrameCodec(const WsFrameCodec&) = delete;
  WsFrameCodec& operator=(const WsFrameCodec&) = delete;

  /// Bytes to parse with read(); they must stay valid until read() returns NeedMore.
  void set_input(const std::uint8_t* data, std::size_t n) noexcept {
    in_ = data;
    in_left_ = n;
  }
  /// Drops unread input (after an error).
  void clear_input() noexcept { in_left_ = 0; }
  ReadStatus read(WsFrameChunk& out) noexcept;
  /// Frame-parser state reset for a new connection (re-creates the wslay context).
  void reset();

  /// Appends one frame (`fin`, `op`, payload) to `out`. Returns false — with nothing
  /// written — when the TxBuffer cannot take header + payload. Control frames must carry
  /// ≤ 125 bytes (RFC 6455 §5.5); a longer one also returns false.
  bool write(TxBuffer& out, WsOpcode op, bool fin, const std::uint8_t* payload, std::size_t n) noexcept;
  /// Exact wire size of a frame carrying `n` payload bytes in this role.
  std::size_t frame_size(std::size_t n) const noexcept;

 private:
  static ssize_t recv_cb(std::uint8_t* buf, std::size_t len, int flags, void* user);

  WsRole role_;
  wslay_frame_context* ctx_ = nullptr;
  WsMaskSource masks_;
  const std::uint8_t* in_ = nullptr;
  std::size_t in_left_ = 0;
  std::uint64_t rx_offset_ = 0;  ///< payload bytes of the current frame already returned
  bool in_frame_ = false;
};

/// Copies `n` bytes from `src` to `dst` XOR-ing them with the 4-byte `key` repeated
/// (RFC 6455 §5.3), 8 bytes per step. `dst` and `src` may be equal, not overlap otherwise.
void ws_mask_copy(std::uint8_t* dst, const std::uint8_t* src, std::size_t n, const std::uint8_t key[4]) noexcept;

}  // namespace xtb::net
