// requote_backoff.hpp — the backoff of one entry's requotes (seed 000 "重引价…带退避",
// trend_ladder.py `requote_skip_backoff_secs` / `_max_secs`): after a requote cancel that
// was refused or stayed unanswered, the entry is not requoted again before
//   until = now + min(max, base × 2^min(failures, 4))      (failures counted before this one)
// so the waits are base, 2·base, 4·base, 8·base, 16·base, capped at max. A requote that
// completes (the venue confirmed the cancel) resets it.
// Units: ns of the sequencer clock. Thread: sequencer only; header-only, no allocation.
#pragma once
#include <cstdint>

namespace xtb::strategy {

class RequoteBackoff {
 public:
  /// True while requotes of this entry wait.
  bool blocked(std::int64_t now_ns) const noexcept { return now_ns < until_ns_; }
  /// A requote attempt failed at `now_ns`: the next one waits (see the header).
  void fail(std::int64_t now_ns, std::int64_t base_ns, std::int64_t max_ns) noexcept {
    const std::uint32_t shift = failures_ < 4 ? failures_ : 4;
    std::int64_t wait = base_ns << shift;
    if (wait > max_ns) wait = max_ns;
    until_ns_ = now_ns + wait;
    ++failures_;
  }
  void reset() noexcept {
    until_ns_ = 0;
    failures_ = 0;
  }
  std::uint32_t failures() const noexcept { return failures_; }
  std::int64_t until_ns() const noexcept { return until_ns_; }

 private:
  std::int64_t until_ns_ = 0;
  std::uint32_t failures_ = 0;
};

}  // namespace xtb::strategy
