// tx_buffer.hpp — one connection's outbound byte queue: a fixed, preallocated linear
// buffer [head, tail) of bytes waiting for (or in) a send.
//
// Why linear and not a ring: a send covers one contiguous span, so the kernel gets the
// whole backlog in one SEND instead of two. While a send is in flight the kernel may be
// reading [head, head + in_flight) — those bytes must not move — so compaction (moving
// the backlog to offset 0) happens only when nothing is in flight. When head reaches
// tail the buffer resets to offset 0 for free, which is the common case for request /
// response traffic.
//
// Owner thread only; no atomics.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>

namespace xtb::net {

class TxBuffer {
 public:
  TxBuffer() = default;
  /// Binds to caller-owned storage of `capacity` bytes (allocated once at loop start).
  void bind(std::uint8_t* storage, std::uint32_t capacity) noexcept {
    data_ = storage;
    cap_ = capacity;
    clear();
  }
  void clear() noexcept { head_ = tail_ = in_flight_ = 0; }

  /// Writable span at the tail with at least `min_bytes`, or an empty span when the
  /// backlog leaves less room (the caller then waits for send completion).
  std::span<std::uint8_t> reserve(std::size_t min_bytes) noexcept {
    if (cap_ - tail_ < min_bytes && in_flight_ == 0 && head_ > 0) compact();
    if (cap_ - tail_ < min_bytes) return {};
    return {data_ + tail_, cap_ - tail_};
  }
  /// Appends `n` bytes written into the last reserve() span.
  void commit(std::size_t n) noexcept { tail_ += static_cast<std::uint32_t>(n); }

  /// Bytes queued and not yet handed to the kernel.
  std::uint32_t unsent() const noexcept { return tail_ - head_ - in_flight_; }
  /// Bytes queued in total (in flight + unsent).
  std::uint32_t queued() const noexcept { return tail_ - head_; }
  bool sending() const noexcept { return in_flight_ != 0; }

  /// Marks every unsent byte as in flight and returns the span to hand to send().
  std::span<const std::uint8_t> begin_send() noexcept {
    in_flight_ = tail_ - head_;
    return {data_ + head_, in_flight_};
  }
  /// Records that the kernel accepted `sent` bytes of the in-flight span (partial sends
  /// leave the remainder queued at head for the next begin_send()).
  void complete_send(std::uint32_t sent) noexcept {
    head_ += sent;
    in_flight_ = 0;
    if (head_ == tail_) head_ = tail_ = 0;
  }
  std::uint32_t capacity() const noexcept { return cap_; }

 private:
  void compact() noexcept {
    std::memmove(data_, data_ + head_, tail_ - head_);
    tail_ -= head_;
    head_ = 0;
  }

  std::uint8_t* data_ = nullptr;
  std::uint32_t cap_ = 0;
  std::uint32_t head_ = 0;       ///< first byte not yet acknowledged by a send completion
  std::uint32_t tail_ = 0;       ///< end of queued bytes
  std::uint32_t in_flight_ = 0;  ///< bytes from head currently owned by a kernel send
};

}  // namespace xtb::net
