// histogram.hpp — log-linear latency histogram with bounded relative error
// (HdrHistogram's bucket layout, our own implementation: Debian ships no C/C++ HdrHistogram).
//
// Layout (Gil Tene's HdrHistogram, "significant digits" scheme):
//   * `sub_bucket_count` = 2^ceil(log2(2 * 10^digits)) linear sub-buckets per bucket;
//   * bucket 0 covers [0, sub_bucket_count) exactly (width 1);
//   * bucket b >= 1 covers [sub_bucket_half_count * 2^b, sub_bucket_count * 2^b) with
//     sub-bucket width 2^b, i.e. only its upper half is new (the lower half overlaps b-1).
// So every recorded value v lands in a cell [lo, hi] with (hi - lo + 1) <= max(1, v / 10^digits):
// any value reported back (percentile, min-of-cell, ...) is within a relative 10^-digits of a
// value that was really recorded. Values are unsigned integers in the caller's unit
// (this project uses nanoseconds); the lowest discernible value is 1.
//
// Memory: all cells are allocated once in the constructor ((bucket_count + 1) *
// sub_bucket_half_count uint64 counters: 3 digits up to 1 hour in ns = 33,792 cells = 264 KiB;
// 2 digits = 4,608 cells = 36 KiB). record()/record_n()/record_corrected() never allocate,
// never throw and run in O(1) (record_corrected in O(cells touched)).
//
// Threads: not synchronised. One thread records; others read only after a happens-before
// edge (join, a ring hand-off). To aggregate across threads, keep one histogram per thread
// and merge() them on a cold thread.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <memory>

namespace xtb {

class Histogram {
 public:
  /// One hour in nanoseconds: the default highest trackable value.
  static constexpr std::uint64_t kOneHourNs = 3'600'000'000'000ull;

  /// `significant_digits` in [1, 5] (2-3 typical: 1% / 0.1% relative error);
  /// `highest_trackable` >= 2: larger recorded values are clamped to it and counted in
  /// saturated(). Throws std::invalid_argument on a bad configuration. Cold path.
  explicit Histogram(int significant_digits = 3, std::uint64_t highest_trackable = kOneHourNs);

  Histogram(Histogram&&) noexcept = default;
  Histogram& operator=(Histogram&&) noexcept = default;
  Histogram(const Histogram&) = delete;
  Histogram& operator=(const Histogram&) = delete;

  // ------------------------------------------------------------------ recording (hot path)
  /// Records one occurrence of `value` (e.g. a latency in ns).
  void record(std::uint64_t value) noexcept { record_n(value, 1); }

  /// Records `n` occurrences of `value`.
  void record_n(std::uint64_t value, std::uint64_t n) noexcept {
    if (value > highest_) {
      value = highest_;
      saturated_ += n;
    }
    counts_[counts_index(value)] += n;
    total_ += n;
    if (value < min_) min_ = value;
    if (value > max_) max_ = value;
  }

  /// Coordinated-omission correction (HdrHistogram's recordValueWithExpectedInterval):
  /// records `value`, and when a measurement was meant to be taken every
  /// `expected_interval` but `value` > `expected_interval` stalled the loop, also records the
  /// samples the stall swallowed: value - k*expected_interval for every k >= 1 while the
  /// result is >= expected_interval. `expected_interval` == 0 means "no correction".
  /// Cost is O(cells covered by those values), not O(value / expected_interval).
  void record_corrected(std::uint64_t value, std::uint64_t expected_interval) noexcept;

  // ------------------------------------------------------------------ queries (any thread, after hand-off)
  /// Value at percentile `p` in [0, 100] (clamped), nearest-rank: the reported value v'
  /// satisfies v <= v' <= highest_equivalent(v) where v is the smallest recorded value with
  /// at least round(p/100 * count) samples (min 1) at or below it; v' is also capped at max().
  /// 0 when empty.
  std::uint64_t percentile(double p) const noexcept;
  std::uint64_t count() const noexcept { return total_; }
  /// Exact smallest / largest recorded value (after clamping); 0 when empty.
  std::uint64_t min() const noexcept { return total_ ? min_ : 0; }
  std::uint64_t max() const noexcept { return max_; }
  /// Mean over cell midpoints (relative error <= 10^-digits / 2); 0 when empty.
  double mean() const noexcept;
  /// Number of recorded values that exceeded highest_trackable() and were clamped.
  std::uint64_t saturated() const noexcept { return saturated_; }

  int significant_digits() const noexcept { return digits_; }
  std::uint64_t highest_trackable() const noexcept { return highest_; }
  /// Number of counters (memory = cell_count() * 8 bytes).
  std::size_t cell_count() const noexcept { return counts_len_; }

  /// Smallest / largest value that shares `value`'s cell (the resolution at `value`).
  std::uint64_t lowest_equivalent(std::uint64_t value) const noexcept;
  std::uint64_t highest_equivalent(std::uint64_t value) const noexcept;

  // ------------------------------------------------------------------ maintenance (cold path)
  /// Adds every sample of `other` (any configuration: samples are re-recorded at the lowest
  /// value of their cell; with identical configurations the cells match exactly). `other`'s
  /// saturated count carries over. Min and max are merged exactly.
  void merge(const Histogram& other) noexcept;
  /// Forgets all samples; keeps the allocation.
  void reset() noexcept;

  /// Writes one line "label: n=… min=… p50=… p90=… p99=… p99.9=… p99.99=… max=… unit"
  /// into `buf` (always NUL-terminated when len > 0). Returns the length snprintf reported.
  int format_summary(char* buf, std::size_t len, const char* label, const char* unit = "ns") const noexcept;
  /// format_summary() followed by a newline to `out`.
  void print_summary(std::FILE* out, const char* label, const char* unit = "ns") const noexcept;

 private:
  int bucket_index(std::uint64_t value) const noexcept {
    // Position of the highest set bit, counted so that values < sub_bucket_count land in 0.
    return leading_zero_base_ - __builtin_clzll(value | sub_bucket_mask_);
  }
  std::size_t counts_index(std::uint64_t value) const noexcept {
    const int b = bucket_index(value);
    const std::uint64_t sub = value >> b;  // in [half, count) for b > 0, [0, count) for b == 0
    return (static_cast<std::size_t>(b + 1) << half_magnitude_) + static_cast<std::size_t>(sub) -
           sub_bucket_half_count_;
  }
  /// Lowest value of counter `index`.
  std::uint64_t value_at_index(std::size_t index) const noexcept;

  int digits_;
  std::uint64_t highest_;
  int half_magnitude_ = 0;                 // log2(sub_bucket_half_count)
  std::uint64_t sub_bucket_count_ = 0;     // linear cells per bucket
  std::uint64_t sub_bucket_half_count_ = 0;
  std::uint64_t sub_bucket_mask_ = 0;      // sub_bucket_count - 1
  int leading_zero_base_ = 0;              // 64 - half_magnitude - 1
  std::size_t counts_len_ = 0;
  std::unique_ptr<std::uint64_t[]> counts_;

  std::uint64_t total_ = 0;
  std::uint64_t min_ = UINT64_MAX;
  std::uint64_t max_ = 0;
  std::uint64_t saturated_ = 0;
};

}  // namespace xtb
