// pricing.cpp — maker / aggressive limit prices (rules in pricing.hpp).
#include "strategy/pricing.hpp"

namespace xtb::strategy {
namespace {

Price floor_to(Price px, Price m) noexcept { return m > 1 ? px - px % m : px; }
Price ceil_to(Price px, Price m) noexcept {
  if (m <= 1) return px;
  const Price r = px % m;
  return r == 0 ? px : px + (m - r);
}

}  // namespace

Price maker_price(const ExecutionParams& e, const engine::SymbolRules& r, Side side, Price bid,
                  Price ask) noexcept {
  if (bid <= 0 || ask <= 0) return 0;
  const Price m = r.px_multiple;
  const Price n = e.maker_price_mode == MakerPriceMode::AtTouch           ? 0
                  : e.maker_price_mode == MakerPriceMode::InsideSpread1Tick ? 1
                                                                          : e.maker_n_ticks;
  const Price safety = e.maker_safety_ticks > 0 ? e.maker_safety_ticks : 1;
  if (side == Side::Sell) {
    Price px = ceil_to(ask - n, m);               // rests on the ask side of the book
    const Price floor_px = ceil_to(bid + safety, m);
    return px < floor_px ? floor_px : px;
  }
  Price px = floor_to(bid + n, m);
  const Price ceil_px = floor_to(ask - safety, m);
  if (px > ceil_px) px = ceil_px;
  return px > 0 ? px : 0;
}

Price aggressive_price(const engine::SymbolRules& r, Side side, Price bid, Price ask) noexcept {
  if (bid <= 0 || ask <= 0) return 0;
  return side == Side::Sell ? floor_to(bid, r.px_multiple) : ceil_to(ask, r.px_multiple);
}

}  // namespace xtb::strategy
