// capture_pacer.hpp — the paced timeline of a replay: how long after the first record
// each record is due (capture ns, before the speed divide), with long jumps bounded.
//
// Records are due at their recorded spacing, except (D9/K5):
//   * a step forward or backward of more than `max_gap_ns` (default 1 h) is a *time jump*:
//     counted in jumps(), given no wait, and the timeline continues from the new stamp —
//     a recorder that was offline for a day, or a damaged stamp, never turns into a sleep
//     of that length;
//   * a small step backward (out-of-order receive stamps) is due at once; the timeline
//     keeps its high-water mark so the next record waits only its own spacing.
// Used by ReplaySource (xtb replay / backtest) and xtb-sim's MarketReplay. No allocation.
#pragma once
#include <cstdint>

namespace xtb {

class CapturePacer {
 public:
  static constexpr std::int64_t kDefaultMaxGapNs = 3'600'000'000'000;  // 1 h

  explicit CapturePacer(std::int64_t max_gap_ns = kDefaultMaxGapNs) noexcept
      : max_gap_(max_gap_ns > 0 ? max_gap_ns : kDefaultMaxGapNs) {}

  /// Offset (capture ns after the first record) at which the record stamped `rec_ns` is
  /// due. Call once per record, in replay order.
  std::int64_t next(std::int64_t rec_ns) noexcept {
    if (!started_) {
      started_ = true;
      hwm_ = rec_ns;
      return 0;
    }
    // Both stamps are plausible (Capture::load keeps 2000..2100), so no overflow here;
    // the guard keeps it defined for any input anyway.
    std::int64_t d = 0;
    if (__builtin_sub_overflow(rec_ns, hwm_, &d) || d > max_gap_ || d < -max_gap_) {
      ++jumps_;
      hwm_ = rec_ns;
      return offset_;
    }
    if (d > 0) {
      offset_ += d;
      hwm_ = rec_ns;
    }
    return offset_;
  }
  std::uint64_t jumps() const noexcept { return jumps_; }
  std::int64_t max_gap_ns() const noexcept { return max_gap_; }

 private:
  std::int64_t max_gap_;
  std::int64_t hwm_ = 0;
  std::int64_t offset_ = 0;
  std::uint64_t jumps_ = 0;
  bool started_ = false;
};

}  // namespace xtb
