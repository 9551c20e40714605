// tp_book.cpp — see tp_book.hpp.
#include "strategy/trend_ladder/tp_book.hpp"

#include <stdexcept>

namespace xtb::strategy {

const char* to_string(TpKind k) noexcept {
  switch (k) {
    case TpKind::Entry: return "tp";
    case TpKind::Partial: return "partial_tp";
    case TpKind::Repair: return "repair_tp";
  }
  return "?";
}

TpBook::TpBook(std::uint32_t capacity) : slots_(std::make_unique<TpSlot[]>(capacity)), cap_(capacity) {
  if (capacity == 0) throw std::invalid_argument("trend_ladder: take-profit table capacity must be ≥ 1");
}

TpSlot* TpBook::add(const ClientOrderId& id, Price px, Qty qty, TpKind kind, std::int64_t now_ns) noexcept {
  std::uint32_t i = 0;
  while (i < hi_ && slots_[i].state != TpState::Free) ++i;
  if (i == cap_) return nullptr;
  if (i == hi_) ++hi_;
  TpSlot& s = slots_[i];
  s = TpSlot{};
  s.id = id;
  s.px = px;
  s.qty = qty;
  s.kind = kind;
  s.placed_ns = now_ns;
  s.state = TpState::Live;
  ++live_;
  return &s;
}

TpSlot* TpBook::find(const ClientOrderId& id) noexcept {
  for (std::uint32_t i = 0; i < hi_; ++i)
    if (slots_[i].state != TpState::Free && slots_[i].id == id) return &slots_[i];
  return nullptr;
}

void TpBook::release(TpSlot& s) noexcept {
  if (s.state == TpState::Free) return;
  s.state = TpState::Free;
  --live_;
  while (hi_ > 0 && slots_[hi_ - 1].state == TpState::Free) --hi_;
}

Qty TpBook::canceling_leaves() const noexcept {
  Qty q = 0;
  for (std::uint32_t i = 0; i < hi_; ++i)
    if (slots_[i].state == TpState::Canceling) q += slots_[i].leaves();
  return q;
}

TpSlot* TpBook::surplus_victim(Qty surplus, bool long_side) noexcept {
  TpSlot* fit = nullptr;
  TpSlot* far = nullptr;
  for (std::uint32_t i = 0; i < hi_; ++i) {
    TpSlot& s = slots_[i];
    if (s.state != TpState::Live || s.leaves() <= 0) continue;
    if (s.leaves() <= surplus && (fit == nullptr || s.leaves() > fit->leaves())) fit = &s;
    if (far == nullptr || (long_side ? s.px > far->px : s.px < far->px)) far = &s;
  }
  return fit != nullptr ? fit : far;
}

}  // namespace xtb::strategy
