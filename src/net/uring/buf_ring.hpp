// buf_ring.hpp — a registered provided-buffer ring for io_uring multishot recv.
//
// The kernel picks a free buffer from this ring for every receive completion and tells
// us its id in the CQE (IORING_CQE_F_BUFFER, id in flags >> IORING_CQE_BUFFER_SHIFT).
// We hand the bytes to the connection's handler and give the buffer back right after
// (recycle), so the ring never runs dry unless one poll() batch holds more completions
// than there are buffers (the recv then ends with ENOBUFS and is re-armed).
//
// liburing 2.3 has io_uring_register_buf_ring but not io_uring_setup_buf_ring (2.4), so
// the ring memory is mmap'ed here: the kernel requires a page-aligned array of
// `count` struct io_uring_buf (16 bytes each) whose first entry's `resv` field doubles
// as the tail index (io_uring_buf_ring::tail). Buffers live in one mmap'ed block.
//
// Owner thread only. recycle() publishes the tail with a store-release
// (io_uring_buf_ring_advance), which orders our writes of the entry before the kernel's
// read of the new tail.
#pragma once
#include <cstdint>
#include <liburing.h>

namespace xtb::net {

class ProvidedBufferRing {
 public:
  ProvidedBufferRing() = default;
  ~ProvidedBufferRing() { destroy(); }
  ProvidedBufferRing(const ProvidedBufferRing&) = delete;
  ProvidedBufferRing& operator=(const ProvidedBufferRing&) = delete;

  /// Maps and registers `count` (power of two, <= 32768) buffers of `size` bytes as
  /// buffer group `group` of `ring`, all initially available. Returns 0 or -errno
  /// (-EINVAL on kernels before 5.19, which lack IORING_REGISTER_PBUF_RING).
  int init(io_uring* ring, std::uint16_t group, std::uint32_t count, std::uint32_t size) noexcept;
  /// Unregisters and unmaps; safe to call twice. Must run before the ring is torn down.
  void destroy() noexcept;

  std::uint16_t group() const noexcept { return group_; }
  std::uint32_t buffer_size() const noexcept { return size_; }
  /// Start of buffer `bid` (valid for bid < count).
  std::uint8_t* buffer(std::uint16_t bid) const noexcept {
    return base_ + static_cast<std::size_t>(bid) * size_;
  }
  /// Returns buffer `bid` to the kernel.
  void recycle(std::uint16_t bid) noexcept {
    io_uring_buf_ring_add(br_, buffer(bid), size_, bid, mask_, 0);
    io_uring_buf_ring_advance(br_, 1);
  }

 private:
  io_uring* ring_ = nullptr;
  io_uring_buf_ring* br_ = nullptr;
  std::uint8_t* base_ = nullptr;
  std::size_t ring_bytes_ = 0;
  std::size_t buf_bytes_ = 0;
  std::uint32_t size_ = 0;
  int mask_ = 0;
  std::uint16_t group_ = 0;
  bool registered_ = false;
};

}  // namespace xtb::net
