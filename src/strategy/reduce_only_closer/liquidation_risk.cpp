// liquidation_risk.cpp — dist_to_liq, panic tier selection, protective stop price.
#include "strategy/reduce_only_closer/liquidation_risk.hpp"

namespace xtb::strategy {
namespace {
__extension__ typedef __int128 i128;
}

bool dist_to_liq_e8(Price mark_px, Price liq_px, std::int64_t& out) noexcept {
  if (mark_px <= 0 || liq_px <= 0) return false;
  const Price diff = mark_px > liq_px ? mark_px - liq_px : liq_px - mark_px;
  out = static_cast<std::int64_t>(static_cast<i128>(diff) * kRatioOne / mark_px);
  return true;
}

int panic_tier(const PanicCloseParams& p, std::int64_t dist_e8) noexcept {
  if (!p.enabled) return -1;
  int best = -1;
  const int n = p.n < kMaxTiers ? p.n : kMaxTiers;
  for (int i = 0; i < n; ++i) {
    if (dist_e8 > p.tiers[i].dist_to_liq_e8) continue;
    if (best < 0 || p.tiers[i].dist_to_liq_e8 < p.tiers[best].dist_to_liq_e8) best = i;
  }
  return best;
}

Price protective_stop_px(PositionSide side, Price liq_px, std::int64_t d_e8, Price px_multiple) noexcept {
  if (liq_px <= 0 || d_e8 <= 0 || d_e8 >= kRatioOne) return 0;
  const Price m = px_multiple > 1 ? px_multiple : 1;
  const i128 num = static_cast<i128>(liq_px) * kRatioOne;
  if (side == PositionSide::Short) {
    const Price px = static_cast<Price>(num / (kRatioOne + d_e8));  // floor
    return px - px % m;
  }
  const i128 den = kRatioOne - d_e8;
  Price px = static_cast<Price>((num + den - 1) / den);  // ceil
  if (px % m != 0) px += m - px % m;
  return px;
}

}  // namespace xtb::strategy
