// ladder.cpp — see ladder.hpp.
#include "strategy/trend_ladder/ladder.hpp"

namespace xtb::strategy {

EntrySlot* Ladder::find(const ClientOrderId& id) noexcept {
  for (std::uint32_t k = 0; k < levels_; ++k)
    if (slots_[k].state != EntryState::Empty && slots_[k].id == id) return &slots_[k];
  return nullptr;
}

std::uint32_t Ladder::working() const noexcept {
  std::uint32_t n = 0;
  for (std::uint32_t k = 0; k < levels_; ++k)
    n += slots_[k].state == EntryState::Working || slots_[k].state == EntryState::Canceling ? 1 : 0;
  return n;
}

Qty Ladder::pending_tp() const noexcept {
  Qty q = 0;
  for (std::uint32_t k = 0; k < levels_; ++k) q += slots_[k].tp_pending;
  return q;
}

Price Ladder::rung_px(const TrendLadderParams& p, Price px_multiple, Price bid, Price ask, std::uint32_t k) noexcept {
  if (bid <= 0 || ask <= 0 || bid >= ask) return 0;
  const Price m = px_multiple > 1 ? px_multiple : 1;
  const Price away = p.entry_offset + static_cast<Price>(k) * p.grid_step;
  if (p.direction == LadderDirection::Long) {
    const Price px = bid - away;
    return px > 0 ? px / m * m : 0;
  }
  const Price px = ask + away;
  return (px + m - 1) / m * m;
}

std::int64_t Ladder::cool_down_ns(const TrendLadderParams& p, std::uint32_t live_tps) noexcept {
  // ratio = live / max_orders, compared in integers: live × 6 against max × {1, 2, 4}.
  const std::uint64_t l6 = static_cast<std::uint64_t>(live_tps) * 6;
  const std::uint64_t m = p.max_orders > 0 ? p.max_orders : 1;
  std::int64_t wait = p.min_wait_ns;
  if (l6 >= 4 * m)
    wait = 2 * p.base_wait_ns;
  else if (l6 >= 2 * m)
    wait = p.base_wait_ns;
  else if (l6 >= m)
    wait = p.base_wait_ns / 2;
  if (wait < p.min_wait_ns) wait = p.min_wait_ns;
  if (p.max_wait_ns > 0 && wait > p.max_wait_ns) wait = p.max_wait_ns;
  return wait;
}

}  // namespace xtb::strategy
