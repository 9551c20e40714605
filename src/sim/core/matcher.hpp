// matcher.hpp — how an incoming (taker) order of ours meets the replayed book.
//
// Rules (docs/simulator-exchange.md):
//   * A marketable order walks the opposite side of the composite book (market_view.hpp)
//     best level first, taking min(level quantity, what is left) at each level's price,
//     until filled, the limit price is passed (LIMIT) or the book ends. Each level walked
//     is one fill (one TRADE report) at that level's price.
//   * The replayed book is not changed by our fills: the recording is the market, and
//     what other participants did next is already in it. Two of our orders sent one after
//     the other can therefore both take the same replayed liquidity (a documented
//     optimism of the simulator for aggressive strategies).
//   * GTX (post-only) would take liquidity when the opposite best is at or through its
//     price → rejected -5022 (no order record). FOK that cannot fill entirely → -5021.
// Threads: pure functions over a MarketView; no allocation.
#pragma once
#include <cstddef>

#include "sim/core/market_view.hpp"

namespace xtb::sim {

struct LevelFill {
  Price px;  ///< ticks
  Qty qty;   ///< steps
};

/// Walks the book side opposite to `side` for up to `want` steps, within `limit_px`
/// (ignored when `market`). Writes at most `cap` fills into `out`; returns how many.
std::size_t walk_book(const MarketView& v, Side side, Price limit_px, bool market, Qty want,
                      LevelFill* out, std::size_t cap) noexcept;

/// Quantity the opposite side offers within `limit_px` (market: all), capped at `want`.
Qty available_to_take(const MarketView& v, Side side, Price limit_px, bool market, Qty want) noexcept;

/// True when a limit order of `side` at `px` would execute on arrival (opposite best at
/// or through the price).
bool would_cross(const MarketView& v, Side side, Price px) noexcept;

/// Opposite best price (market orders' MIN_NOTIONAL reference); 0 when that side is empty.
Price opposite_best(const MarketView& v, Side side) noexcept;

}  // namespace xtb::sim
