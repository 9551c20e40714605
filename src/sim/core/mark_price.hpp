// mark_price.hpp — the simulator's mark price, derived from the replay because no long
// recording of markPrice@1s exists (../shared/data/README.md).
//
// Rule (docs/simulator-exchange.md):
//   * sample: the composite mid (best bid + best ask) / 2 after every book change;
//   * smoothing: exponential moving average in time, ema += (mid − ema) × Δt / (Δt + τ)
//     with Δt the ms since the previous sample and τ = mark_tau_ms (1 s); the first sample
//     sets the EMA; τ = 0 means "no smoothing";
//   * publication: at the first sample or call at or after each multiple of
//     mark_interval_ms (1 s), the EMA rounded half away from zero to the tick becomes the
//     published mark — what markPriceUpdate@1s reports, what MARK_PRICE stops trigger on,
//     and what unrealized PnL, brackets and PERCENT_PRICE checks use.
// Integer arithmetic only (EMA kept in 1/10'000 tick), so replays are bit-identical.
// Threads: exchange thread; no allocation.
#pragma once
#include <cstdint>

#include "core/types.hpp"

namespace xtb::sim {

class MarkPriceModel {
 public:
  static constexpr std::int64_t kScale = 10'000;  ///< EMA units per tick

  MarkPriceModel(EpochMs tau_ms = 1000, EpochMs interval_ms = 1000) noexcept
      : tau_(tau_ms), interval_(interval_ms > 0 ? interval_ms : 1) {}

  /// Adds a mid sample given as bid + ask ticks (twice the mid) at time `now`.
  void on_mid(Price mid_x2, EpochMs now) noexcept;
  /// True when a publication is due at `now`; `mark` receives the new published price.
  bool publish_due(EpochMs now, Price& mark) noexcept;

  bool has_sample() const noexcept { return has_; }
  /// Last published mark (ticks); 0 before the first publication.
  Price published() const noexcept { return published_; }
  /// Current EMA rounded to the tick (not yet published).
  Price current() const noexcept;

 private:
  EpochMs tau_, interval_;
  std::int64_t ema_ = 0;        // ticks × kScale
  EpochMs last_ms_ = 0, next_pub_ms_ = 0;
  Price published_ = 0;
  bool has_ = false;
};

}  // namespace xtb::sim
