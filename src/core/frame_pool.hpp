// frame_pool.hpp — preallocated pool of large message buffers for the RawFrame oversize
// path. Messages that do not fit a RawFrame's inline bytes are copied into a pool slot
// and the frame carries the slot's handle.
//
// Threads: one *acquiring* thread (the frame producer: ingest or egress) and one
// *releasing* thread (the frame consumer: decode). The free list is itself an SpscRing
// of handles flowing decode → ingest, so acquire/release are lock-free and allocation-free.
// Exhaustion is not an error by itself: try_acquire() returns kNoLarge and the producer
// applies back-pressure (spin until decode releases) or drops and counts — its choice.
#pragma once
#include <atomic>
#include <cstddef>
#include <cstdint>

#include "core/raw_frame.hpp"
#include "core/spsc_ring.hpp"

namespace xtb {

class LargeFramePool {
 public:
  /// `slots` buffers of `slot_bytes` payload each (+ RawFrame::kPadding). Cold path:
  /// allocates and pre-faults everything. Throws std::invalid_argument on zero sizes.
  LargeFramePool(std::size_t slots, std::size_t slot_bytes);
  ~LargeFramePool();
  LargeFramePool(const LargeFramePool&) = delete;
  LargeFramePool& operator=(const LargeFramePool&) = delete;

  /// Largest payload a slot holds, in bytes.
  std::size_t slot_bytes() const noexcept { return slot_bytes_; }
  std::size_t slots() const noexcept { return slots_; }

  /// Acquiring thread: a free slot's handle, or RawFrame::kNoLarge when all are in use.
  std::uint32_t try_acquire() noexcept {
    std::uint32_t* h = free_.front();
    if (!h) { exhausted_.fetch_add(1, std::memory_order_relaxed); return RawFrame::kNoLarge; }
    const std::uint32_t handle = *h;
    free_.pop();
    acquired_.fetch_add(1, std::memory_order_relaxed);
    return handle;
  }
  /// Releasing thread: give a slot back after its frame was decoded.
  void release(std::uint32_t handle) noexcept { free_.try_push(handle); }

  /// Payload buffer of a slot (slot_bytes() + kPadding bytes, 64-byte aligned).
  std::uint8_t* data(std::uint32_t handle) noexcept { return base_ + static_cast<std::size_t>(handle) * stride_; }

  /// Times a large slot was handed out (the oversize-path counter).
  std::uint64_t acquired() const noexcept { return acquired_.load(std::memory_order_relaxed); }
  /// Times try_acquire() found the pool empty.
  std::uint64_t exhausted() const noexcept { return exhausted_.load(std::memory_order_relaxed); }

 private:
  std::size_t slots_, slot_bytes_, stride_;
  std::uint8_t* base_ = nullptr;
  SpscRing<std::uint32_t> free_;
  std::atomic<std::uint64_t> acquired_{0}, exhausted_{0};
};

/// Result of copying a message into a ring slot (see store_frame_payload).
enum class FrameStore : std::uint8_t { Inline, Large, PoolExhausted, TooLarge };

/// Copies `len` bytes into `f` (inline when they fit, else a pool slot) and zeroes the
/// padding after them. Producer thread of `f`'s ring. On PoolExhausted/TooLarge the frame
/// is left without payload and the caller counts the drop or retries.
FrameStore store_frame_payload(RawFrame& f, const void* src, std::size_t len, LargeFramePool& pool) noexcept;

/// Payload pointer of a frame (inline bytes or its pool slot).
inline const std::uint8_t* frame_payload(const RawFrame& f, LargeFramePool& pool) noexcept {
  return f.is_large() ? pool.data(f.large_handle) : f.bytes;
}

}  // namespace xtb
