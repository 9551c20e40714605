// matcher.cpp — see matcher.hpp.
#include "sim/core/matcher.hpp"

namespace xtb::sim {
namespace {

Side opposite(Side s) noexcept { return s == Side::Buy ? Side::Sell : Side::Buy; }

// True when a level at `level_px` is within the limit of an order of `side`.
bool within(Side side, Price level_px, Price limit_px) noexcept {
  return side == Side::Buy ? level_px <= limit_px : level_px >= limit_px;
}

}  // namespace

std::size_t walk_book(const MarketView& v, Side side, Price limit_px, bool market, Qty want, LevelFill* out,
                      std::size_t cap) noexcept {
  LevelWalker w = v.walk(opposite(side));
  std::size_t n = 0;
  PriceLevel l{};
  while (want > 0 && n < cap && w.next(l)) {
    if (!market && !within(side, l.px, limit_px)) break;
    if (l.qty <= 0) continue;
    const Qty q = l.qty < want ? l.qty : want;
    out[n++] = LevelFill{l.px, q};
    want -= q;
  }
  return n;
}

Qty available_to_take(const MarketView& v, Side side, Price limit_px, bool market, Qty want) noexcept {
  LevelWalker w = v.walk(opposite(side));
  Qty got = 0;
  PriceLevel l{};
  while (got < want && w.next(l)) {
    if (!market && !within(side, l.px, limit_px)) break;
    if (l.qty > 0) got += l.qty;
  }
  return got < want ? got : want;
}

bool would_cross(const MarketView& v, Side side, Price px) noexcept {
  PriceLevel best{};
  if (!v.best(opposite(side), best)) return false;
  return within(side, best.px, px);
}

Price opposite_best(const MarketView& v, Side side) noexcept {
  PriceLevel best{};
  return v.best(opposite(side), best) ? best.px : 0;
}

}  // namespace xtb::sim
