// liquidation_risk.hpp — distance to liquidation and what it triggers (seed 002 Step 9).
//
//   dist_to_liq = |mark − liq| / mark                        (×1e8, mark and liq in ticks)
//   soft:  dist_to_liq ≤ risk.liq_distance_threshold  → signal slices at least AGGRESSIVE_LIMIT
//   panic: dist_to_liq ≤ some panic_close tier's dist_to_liq → the most dangerous such tier
//          (smallest threshold) drives forced slicing (panic_tier()).
//   protective stop: STOP_MARKET closePosition triggered by the mark price where
//          dist_to_liq would equal protective_stop.dist_to_liq (d):
//            LONG  (liq below): stop = liq / (1 − d), rounded UP to the price grid
//            SHORT (liq above): stop = liq / (1 + d), rounded DOWN
//          (rounding toward the mark makes the stop trigger no later than intended).
//          A LONG stop at or above the mark (SHORT: at or below) would trigger at once
//          (Binance -2021 "Order would immediately trigger"): stop_would_trigger().
// The liquidation price is the venue's (positionRisk `liquidationPrice`); 0 = unknown,
// in which case nothing here applies.
// Thread: any (pure functions). No allocation.
#pragma once
#include <cstdint>

#include "core/types.hpp"
#include "strategy/reduce_only_closer/closer_params.hpp"

namespace xtb::strategy {

/// dist_to_liq ×1e8; false when mark ≤ 0 or liq ≤ 0.
bool dist_to_liq_e8(Price mark_px, Price liq_px, std::int64_t& out) noexcept;

/// Index of the panic tier that applies at `dist_e8` (the matching tier with the smallest
/// threshold), or −1 when none applies or panic_close is disabled.
int panic_tier(const PanicCloseParams& p, std::int64_t dist_e8) noexcept;

/// Protective stop price (ticks) for `side` from `liq_px`, or 0 when liq ≤ 0 or d is not
/// in (0, 1). `px_multiple` = venue price increment in ticks (≥ 1).
Price protective_stop_px(PositionSide side, Price liq_px, std::int64_t d_e8, Price px_multiple) noexcept;

/// True when a stop at `stop_px` would trigger immediately at mark `mark_px`.
constexpr bool stop_would_trigger(PositionSide side, Price stop_px, Price mark_px) noexcept {
  if (mark_px <= 0) return false;
  return side == PositionSide::Short ? stop_px <= mark_px : stop_px >= mark_px;
}

}  // namespace xtb::strategy
