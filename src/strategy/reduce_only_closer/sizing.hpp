// sizing.hpp — how big one reduce-only slice is (seed 002 "倍数系统", Step 8).
//
//   final_mult = min(base_lot_mult × roi_mult × accel_mult, max_mult)
//   want       = min_qty × final_mult                 (signal slices)
//   want       = max(|position| × slice_ratio, min_qty) (panic slices; no mult, no cap)
//
// roi_mult: highest `mult` of the ROI tiers with roi ≥ threshold, roi on initial margin:
//   LONG  roi = (ref − entry) / entry × leverage,   SHORT roi = (entry − ref) / entry × leverage
//   (= unrealized PnL / (entry × |qty| / leverage); ref = mark price, else last trade).
// accel_mult: highest `mult` of the accel tiers met by the windowed return: LONG needs
//   ret ≥ threshold (selling into a rally), SHORT needs ret ≤ −threshold (buying back into
//   a drop). No return known / no tier met → 1.
//
// finalize_slice() turns `want` into a placeable quantity; with
//   placeable = remaining (position minus live reducing leaves) rounded down to the venue
//               step multiple,
//   min_place = the smallest grid quantity ≥ min_qty whose notional ≥ MIN_NOTIONAL at px,
// the rule is (first match wins):
//   1. placeable < min_qty                → Dust: nothing can be placed (side is done);
//   2. placeable ≤ min_place              → the whole remainder in one slice (a
//      reduce-only close of the remainder is exempt from MIN_NOTIONAL, Binance -4164
//      "unless you choose reduce only");
//   3. want is rounded down to the step multiple and capped by max_order_notional
//      (cap 0 = none); below min_place it is raised to min_place (Bumped) — if the cap
//      forbids even min_place → TooSmall (configuration: cap < one minimal slice);
//   4. never above placeable;
//   5. a tail placeable − q below min_place is merged into this slice when the merged
//      notional stays within the cap (MergedTail); otherwise the slice shrinks so that a
//      placeable tail of at least min_place remains — so no unplaceable dust is left.
// Units: quantities in steps, prices in ticks, notionals Amount (quote ×1e8), ratios ×1e8.
// Thread: any (pure functions). No allocation.
#pragma once
#include <cstdint>

#include "core/types.hpp"
#include "engine/symbol_rules.hpp"
#include "strategy/reduce_only_closer/closer_params.hpp"

namespace xtb::strategy {

/// Highest mult of the tiers whose threshold `value_e8` reaches (value ≥ threshold; with
/// `mirror`, −value ≥ threshold). At least 1.
std::int64_t tier_mult(const TierList& tiers, std::int64_t value_e8, bool mirror) noexcept;

/// accel_mult for `side`; `have_ret` false (no return in the window) → 1.
std::int64_t accel_mult(const AccelParams& p, PositionSide side, bool have_ret, std::int64_t ret_e8) noexcept;

/// Initial-margin ROI of a side, ×1e8. False when entry ≤ 0, ref ≤ 0 or leverage ≤ 0.
bool initial_margin_roi_e8(PositionSide side, Price entry_px, Price ref_px, std::int32_t leverage,
                           std::int64_t& out) noexcept;

/// roi_mult; `have_roi` false → 1.
std::int64_t roi_mult(const RoiParams& p, bool have_roi, std::int64_t roi_e8) noexcept;

/// min(base × roi × accel, max_mult), each factor at least 1, saturating.
std::int64_t final_mult(std::int64_t base, std::int64_t roi, std::int64_t accel, std::int64_t max_mult) noexcept;

/// Smallest qty (steps, ≥ 0) whose notional at `px` is ≥ `amount` (round_up), or the
/// largest whose notional is ≤ `amount` (!round_up). Exact with engine::notional().
/// Returns 0 / INT64_MAX when px, tick or step is ≤ 0 (no constraint can be computed).
Qty qty_for_notional(const engine::SymbolRules& r, Price px, Amount amount, bool round_up) noexcept;

enum class SliceOutcome : std::uint8_t { Ok = 0, Dust, TooSmall };

struct SliceDecision {
  Qty qty = 0;                 ///< steps to place (0 unless Ok)
  SliceOutcome outcome = SliceOutcome::Dust;
  bool whole_remainder = false;///< rule 2 (or rule 4/5 reached the whole remainder)
  bool bumped = false;         ///< rule 3: raised to min_place
  bool capped = false;         ///< rule 3: reduced by max_order_notional
  bool merged_tail = false;    ///< rule 5: tail merged in
};

/// Applies rules 1–5 above. `cap` = max_order_notional (0 = none).
SliceDecision finalize_slice(const engine::SymbolRules& r, Qty want, Price px, Qty remaining,
                             Amount cap) noexcept;

/// Signal slice: want = min_qty × final_mult, capped by execution.max_order_notional.
SliceDecision size_signal_slice(const engine::SymbolRules& r, const ExecutionParams& e,
                                std::int64_t mult, Price px, Qty remaining) noexcept;

/// Panic slice: want = max(|position| × slice_ratio, min_qty), no cap (seed: panic slices
/// are not limited by max_mult / max_order_notional).
SliceDecision size_panic_slice(const engine::SymbolRules& r, std::int64_t slice_ratio_e8,
                               Qty abs_position, Price px, Qty remaining) noexcept;

}  // namespace xtb::strategy
