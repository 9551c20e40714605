// rate_window.hpp — exact sliding-window event limiter ("at most N per window").
//
// Keeps the timestamps of the last `limit` accepted events in a ring (allocated once).
// An event at `now` is accepted when fewer than `limit` accepted events lie in
// (now − window, now], i.e. when the oldest of the last `limit` is at least `window_ns`
// old. O(1) per call, exact (no bucket rounding), no allocation after construction.
// Used for orders/s and cancels/s (seed 002 "max_orders_per_sec / max_cancels_per_sec,
// 滑动窗口计数") and for the kill switch's faults-per-window.
// Thread: single owner (the sequencer).
#pragma once
#include <cstdint>
#include <memory>

namespace xtb::engine {

class SlidingWindowLimiter {
 public:
  /// `limit` 0 means unlimited (every call accepted, nothing stored).
  SlidingWindowLimiter(std::uint32_t limit, std::int64_t window_ns)
      : limit_(limit), window_ns_(window_ns),
        ring_(limit != 0 ? std::make_unique<std::int64_t[]>(limit) : nullptr) {}

  /// Records an event at `now_ns` if the window has room; returns false otherwise
  /// (nothing recorded). Times must be non-decreasing.
  bool try_acquire(std::int64_t now_ns) noexcept {
    if (limit_ == 0) return true;
    if (size_ < limit_) {
      ring_[(head_ + size_) % limit_] = now_ns;
      ++size_;
      return true;
    }
    if (now_ns - ring_[head_] < window_ns_) return false;
    ring_[head_] = now_ns;  // overwrite the oldest; it is now the newest
    head_ = (head_ + 1) % limit_;
    return true;
  }

  /// Events accepted in (now − window, now]. O(limit); for telemetry and tests.
  std::uint32_t count(std::int64_t now_ns) const noexcept {
    std::uint32_t n = 0;
    for (std::uint32_t i = 0; i < size_; ++i)
      if (now_ns - ring_[(head_ + i) % limit_] < window_ns_) ++n;
    return n;
  }

  void reset() noexcept { head_ = size_ = 0; }
  std::uint32_t limit() const noexcept { return limit_; }
  std::int64_t window_ns() const noexcept { return window_ns_; }

 private:
  std::uint32_t limit_;
  std::int64_t window_ns_;
  std::unique_ptr<std::int64_t[]> ring_;
  std::uint32_t head_ = 0, size_ = 0;
};

}  // namespace xtb::engine
