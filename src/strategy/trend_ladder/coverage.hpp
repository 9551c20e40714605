// coverage.hpp — the coverage invariant of `trend_ladder` (seed 000 §3 "覆盖自检" and §4's
// fixes for "持仓与止盈不平衡"): the position the ladder holds must equal the reduce-only
// take-profits working on its closing side,
//     |position| == Σ leaves of live closing-side orders (engine exposure)
// checked after every fill / cancel / acknowledgement (event-driven) and on the timer.
//   gap      = |position| − covered − pending   (pending: entry fills whose TP is on its way)
//              ≥ min qty → a repair TP, at most `repair_max` per `repair_window` (RepairLimiter)
//   surplus  = covered − cancels in flight − |position| > 0 → cancel TPs (never over-close)
// A mismatch is *declared* (counted as confirmed, alerted) only when it is still there after
// a reconciliation with the venue re-read positions and open orders — one read never stops
// anything; the check itself never halts trading.
// Units: steps, ns. Thread: sequencer only; header-only, no allocation.
#pragma once
#include <cstdint>

#include "core/types.hpp"
#include "strategy/trend_ladder/trend_ladder_params.hpp"

namespace xtb::strategy {

struct CoverageView {
  Qty position = 0;   ///< |position| on the ladder's side, steps
  Qty covered = 0;    ///< Σ leaves of live orders on the closing side (ours: TPs)
  Qty canceling = 0;  ///< Σ leaves of our TPs whose cancel is in flight
  Qty pending = 0;    ///< entry fills whose TP has not been placed yet

  Qty gap() const noexcept {
    const Qty g = position - (covered - canceling) - pending;
    return g > 0 ? g : 0;
  }
  Qty surplus() const noexcept {
    const Qty s = covered - canceling - position;
    return s > 0 ? s : 0;
  }
  /// Room for more TPs without exceeding the position (a TP never opens the other side).
  Qty room() const noexcept {
    const Qty r = position - covered;
    return r > 0 ? r : 0;
  }
};

/// At most `max` repairs within any `window` ns (the last `max` repair times, a ring).
class RepairLimiter {
 public:
  RepairLimiter(std::uint32_t max = 3, std::int64_t window_ns = 600'000'000'000) noexcept
      : max_(max < TrendLadderParams::kMaxRepairs ? max : TrendLadderParams::kMaxRepairs), window_(window_ns) {}
  bool allows(std::int64_t now_ns) const noexcept {
    if (max_ == 0) return false;
    if (n_ < max_) return true;
    return now_ns - times_[head_] >= window_;  // the oldest of the last `max`
  }
  void mark(std::int64_t now_ns) noexcept {
    if (max_ == 0) return;
    times_[head_] = now_ns;
    head_ = (head_ + 1) % max_;
    if (n_ < max_) ++n_;
  }

 private:
  std::uint32_t max_;
  std::int64_t window_;
  std::int64_t times_[TrendLadderParams::kMaxRepairs] = {};
  std::uint32_t head_ = 0, n_ = 0;
};

}  // namespace xtb::strategy
