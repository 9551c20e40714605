// weight_window.hpp — weighted sliding-window budget ("at most `limit` units of weight in
// any window of `window_ns`"), used by RiskGate for the venue's request-weight and
// order-count limits (Binance USD-M REQUEST_WEIGHT per minute, ORDERS per 10 s and per
// minute: ../shared/venue-docs/binance/usdm/rate_limits.md "LIMITS").
//
// Model: conservatively bucketed. Time is cut into buckets of window_ns / kBuckets; the
// ring holds kBuckets + 1 of them (the current, partly elapsed one and kBuckets before
// it), so weight recorded at t is counted until between t + window and t + window +
// one bucket. The sum over the ring therefore never under-counts the weight in
// (now − window, now] — and because any fixed window [k·W, (k+1)·W) that contains `now`
// lies inside (now − W, now], it never under-counts a venue counter that resets on
// aligned window boundaries either (Binance's X-MBX-USED-WEIGHT-1M resets each minute).
// Why bucketed and not exact: an exact window must remember every accepted request
// (up to `limit` entries: 6000 for a 6000-weight limit) and its eviction loop is
// O(entries) in the worst case; the bucketed ring is a fixed 61-slot array whatever the
// limit (no allocation at all, also none in configure()), each call does at most
// kBuckets + 1 slot steps (amortised one), and the price is a budget held back by at
// most one bucket (1 s of a 1-minute window) — the safe direction.
//
// Resynchronisation: observe(used, now) raises the sum to the venue's reported usage
// when the venue knows of more than we do (other processes on the IP, requests sent by
// the session layer that never pass the gate, …). The difference is booked at `now`, so
// it expires one full window later — never before the venue's own counter resets.
//
// Units: weight (venue units), ns (any monotonic clock; calls must use one clock; a time
// earlier than the latest seen is booked into the latest bucket). limit 0 = no limit.
// Thread: single owner (the sequencer). No allocation, no exceptions.
#pragma once
#include <cstdint>

namespace xtb::engine {

class WeightWindow {
 public:
  static constexpr std::uint32_t kBuckets = 60;        ///< resolution: window / 60
  static constexpr std::uint32_t kSlots = kBuckets + 1;

  WeightWindow(std::uint32_t limit, std::int64_t window_ns) noexcept { configure(limit, window_ns); }

  /// Sets limit and window and forgets all recorded weight. Cold path (no allocation).
  /// window_ns ≤ 0 is taken as 1 s; windows shorter than kBuckets ns use 1 ns buckets.
  void configure(std::uint32_t limit, std::int64_t window_ns) noexcept {
    limit_ = limit;
    window_ns_ = window_ns > 0 ? window_ns : 1'000'000'000;
    bucket_ns_ = window_ns_ / kBuckets > 0 ? window_ns_ / kBuckets : 1;
    reset();
  }
  void reset() noexcept {
    for (std::uint32_t& c : counts_) c = 0;
    total_ = 0;
    head_ = 0;
    started_ = false;
  }

  /// Units booked in the window ending at `now_ns` (conservative, see above). O(kSlots).
  std::uint32_t used(std::int64_t now_ns) const noexcept {
    if (!started_) return 0;
    const std::int64_t b = bucket_of(now_ns);
    if (b <= head_) return total_;
    const std::int64_t steps = b - head_;
    if (steps >= kSlots) return 0;
    std::uint32_t expired = 0;
    for (std::int64_t i = 1; i <= steps; ++i) expired += counts_[slot(head_ + i)];
    return total_ - expired;
  }

  /// The share of the limit open to a caller: limit × permille / 1000 (permille ≥ 1000
  /// means the whole limit).
  std::uint32_t cap(std::uint32_t permille) const noexcept {
    if (permille >= 1000) return limit_;
    return static_cast<std::uint32_t>(static_cast<std::uint64_t>(limit_) * permille / 1000);
  }

  /// True when `weight` more units at `now_ns` stay within cap(permille). Always true
  /// when the limit is 0 (off). Records nothing.
  bool fits(std::int64_t now_ns, std::uint32_t weight, std::uint32_t permille) noexcept {
    if (limit_ == 0) return true;
    advance(now_ns);
    return static_cast<std::uint64_t>(total_) + weight <= cap(permille);
  }

  /// Books `weight` units at `now_ns` (no check; call fits() first). No-op when off.
  void add(std::int64_t now_ns, std::uint32_t weight) noexcept {
    if (limit_ == 0 || weight == 0) return;
    advance(now_ns);
    counts_[slot(head_)] += weight;
    total_ += weight;
  }

  /// The venue reports `used` units in its current window: raise the local sum to it
  /// (never lower it: requests in flight are in our sum and not yet in the venue's).
  void observe(std::uint32_t used, std::int64_t now_ns) noexcept {
    if (limit_ == 0) return;
    advance(now_ns);
    if (used <= total_) return;
    counts_[slot(head_)] += used - total_;
    total_ = used;
  }

  std::uint32_t limit() const noexcept { return limit_; }
  std::int64_t window_ns() const noexcept { return window_ns_; }

 private:
  std::int64_t bucket_of(std::int64_t t) const noexcept {
    const std::int64_t q = t / bucket_ns_;
    return (t % bucket_ns_ != 0 && t < 0) ? q - 1 : q;  // floor division
  }
  static std::uint32_t slot(std::int64_t bucket) noexcept {
    const std::int64_t m = bucket % static_cast<std::int64_t>(kSlots);
    return static_cast<std::uint32_t>(m < 0 ? m + kSlots : m);
  }
  /// Moves the head to now's bucket, dropping the buckets that left the ring.
  void advance(std::int64_t now_ns) noexcept {
    const std::int64_t b = bucket_of(now_ns);
    if (!started_) {
      started_ = true;
      head_ = b;
      return;
    }
    if (b <= head_) return;  // same bucket (or a clock step back: book into the newest)
    if (b - head_ >= kSlots) {
      for (std::uint32_t& c : counts_) c = 0;
      total_ = 0;
    } else {
      for (std::int64_t i = head_ + 1; i <= b; ++i) {
        std::uint32_t& c = counts_[slot(i)];
        total_ -= c;
        c = 0;
      }
    }
    head_ = b;
  }

  std::uint32_t limit_ = 0;
  std::int64_t window_ns_ = 1;
  std::int64_t bucket_ns_ = 1;
  std::int64_t head_ = 0;   ///< bucket id of the newest bucket
  std::uint32_t total_ = 0; ///< Σ counts_
  bool started_ = false;
  std::uint32_t counts_[kSlots] = {};
};

}  // namespace xtb::engine
