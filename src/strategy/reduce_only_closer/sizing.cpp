// sizing.cpp — multipliers and slice quantities (rules in sizing.hpp).
#include "strategy/reduce_only_closer/sizing.hpp"

#include <climits>

namespace xtb::strategy {
namespace {

__extension__ typedef __int128 i128;

Qty round_down(Qty q, Qty m) noexcept { return m > 1 ? q - q % m : q; }
Qty round_up(Qty q, Qty m) noexcept {
  if (m <= 1) return q;
  const Qty r = q % m;
  return r == 0 ? q : q + (m - r);
}
Qty multiple_of(const engine::SymbolRules& r) noexcept { return r.qty_multiple > 1 ? r.qty_multiple : 1; }

std::int64_t sat_mul(std::int64_t a, std::int64_t b) noexcept {
  const i128 v = static_cast<i128>(a) * b;
  return v > INT64_MAX ? INT64_MAX : static_cast<std::int64_t>(v);
}

/// Smallest normal slice: ≥ min_qty, on the grid, notional ≥ MIN_NOTIONAL at px.
Qty min_place_qty(const engine::SymbolRules& r, Price px) noexcept {
  Qty q = r.min_qty > 0 ? r.min_qty : 1;
  if (r.min_notional > 0) {
    const Qty by_notional = qty_for_notional(r, px, r.min_notional, true);
    if (by_notional > q) q = by_notional;
  }
  return round_up(q, multiple_of(r));
}

}  // namespace

std::int64_t tier_mult(const TierList& tiers, std::int64_t value_e8, bool mirror) noexcept {
  std::int64_t best = 1;
  const int n = tiers.n < kMaxTiers ? tiers.n : kMaxTiers;
  for (int i = 0; i < n; ++i) {
    const MultTier& t = tiers.t[i];
    const bool met = mirror ? -value_e8 >= t.threshold_e8 : value_e8 >= t.threshold_e8;
    if (met && t.mult > best) best = t.mult;
  }
  return best;
}

std::int64_t accel_mult(const AccelParams& p, PositionSide side, bool have_ret, std::int64_t ret_e8) noexcept {
  if (!have_ret) return 1;
  return tier_mult(p.tiers, ret_e8, side == PositionSide::Short);
}

bool initial_margin_roi_e8(PositionSide side, Price entry_px, Price ref_px, std::int32_t leverage,
                           std::int64_t& out) noexcept {
  if (entry_px <= 0 || ref_px <= 0 || leverage <= 0) return false;
  const Price move = side == PositionSide::Short ? entry_px - ref_px : ref_px - entry_px;
  out = static_cast<std::int64_t>(static_cast<i128>(move) * leverage * kRatioOne / entry_px);
  return true;
}

std::int64_t roi_mult(const RoiParams& p, bool have_roi, std::int64_t roi_e8) noexcept {
  return have_roi ? tier_mult(p.tiers, roi_e8, false) : 1;
}

std::int64_t final_mult(std::int64_t base, std::int64_t roi, std::int64_t accel, std::int64_t max_mult) noexcept {
  const std::int64_t b = base < 1 ? 1 : base, r = roi < 1 ? 1 : roi, a = accel < 1 ? 1 : accel;
  const std::int64_t m = sat_mul(sat_mul(b, r), a);
  const std::int64_t cap = max_mult < 1 ? 1 : max_mult;
  return m < cap ? m : cap;
}

Qty qty_for_notional(const engine::SymbolRules& r, Price px, Amount amount, bool round_up) noexcept {
  const i128 unit = static_cast<i128>(px) * r.tick_size * r.step_size;  // notional(1 step) × 1e8
  if (px <= 0 || r.tick_size <= 0 || r.step_size <= 0) return round_up ? 0 : INT64_MAX;
  if (amount <= 0) return 0;
  // engine::notional(q) = floor(unit·q / 1e8), so
  //   notional(q) ≥ A  ⇔ unit·q ≥ A·1e8          → q = ceil(A·1e8 / unit)
  //   notional(q) ≤ A  ⇔ unit·q ≤ (A+1)·1e8 − 1  → q = floor(((A+1)·1e8 − 1) / unit)
  const i128 q = round_up ? (static_cast<i128>(amount) * kAmountScale + unit - 1) / unit
                          : ((static_cast<i128>(amount) + 1) * kAmountScale - 1) / unit;
  return q > INT64_MAX ? INT64_MAX : static_cast<Qty>(q);
}

SliceDecision finalize_slice(const engine::SymbolRules& r, Qty want, Price px, Qty remaining,
                             Amount cap) noexcept {
  SliceDecision d;
  const Qty m = multiple_of(r);
  const Qty placeable = round_down(remaining, m);
  const Qty min_qty = r.min_qty > 0 ? r.min_qty : 1;
  if (placeable < min_qty) return d;  // 1. Dust
  d.outcome = SliceOutcome::Ok;
  const Qty min_place = min_place_qty(r, px);
  if (placeable <= min_place) {       // 2. close the remainder in one go
    d.qty = placeable;
    d.whole_remainder = true;
    return d;
  }
  Qty q = round_down(want > 0 ? want : 0, m);  // 3. grid, cap, minimum
  const Qty cap_q = cap > 0 ? round_down(qty_for_notional(r, px, cap, false), m) : INT64_MAX;
  if (q > cap_q) {
    q = cap_q;
    d.capped = true;
  }
  if (q < min_place) {
    if (cap_q < min_place) {
      d.outcome = SliceOutcome::TooSmall;
      return d;
    }
    q = min_place;
    d.bumped = true;
  }
  if (q >= placeable) {               // 4. never above the remainder
    d.qty = placeable;
    d.whole_remainder = true;
    return d;
  }
  const Qty tail = placeable - q;     // 5. no unplaceable tail
  if (tail < min_place) {
    if (cap_q >= placeable) {
      q = placeable;
      d.merged_tail = true;
      d.whole_remainder = true;
    } else {
      q = placeable - min_place >= min_place ? placeable - min_place : min_place;
    }
  }
  d.qty = q;
  return d;
}

SliceDecision size_signal_slice(const engine::SymbolRules& r, const ExecutionParams& e,
                                std::int64_t mult, Price px, Qty remaining) noexcept {
  const Qty min_qty = r.min_qty > 0 ? r.min_qty : 1;
  return finalize_slice(r, sat_mul(min_qty, mult < 1 ? 1 : mult), px, remaining, e.max_order_notional);
}

SliceDecision size_panic_slice(const engine::SymbolRules& r, std::int64_t slice_ratio_e8,
                               Qty abs_position, Price px, Qty remaining) noexcept {
  const Qty min_qty = r.min_qty > 0 ? r.min_qty : 1;
  Qty want = static_cast<Qty>(static_cast<i128>(abs_position) * slice_ratio_e8 / kRatioOne);
  if (want < min_qty) want = min_qty;
  return finalize_slice(r, want, px, remaining, 0);
}

}  // namespace xtb::strategy
