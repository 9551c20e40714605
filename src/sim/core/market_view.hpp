// market_view.hpp — the simulator's picture of one symbol's replayed market: a local L2
// book kept in sync from diff depth (BookSync over OrderBook, market/book_sync.hpp: the
// same procedure the sequencer uses), the latest best bid/offer, and the last trade.
//
// Composite book rule (documented in docs/simulator-exchange.md): bookTicker messages
// arrive ~10× more often than depth diffs and share their update-id sequence (`u`). When
// the latest ticker is newer than the depth book (ticker u > book u, or the book is not
// synced yet), the ticker's best level replaces the book's top on that side: levels the
// book holds at prices better than or equal to the ticker's are hidden, and the ticker's
// quantity is used at its price. Otherwise the depth book is used as is. Before any
// snapshot only the ticker level exists.
//
// Our own orders never enter this book and our fills never change it (the replay is
// the market; see matcher.hpp).
// Threads: owned by the exchange thread; no allocation after construction.
#pragma once
#include <cstddef>
#include <cstdint>

#include "core/event.hpp"
#include "market/book_sync.hpp"
#include "market/order_book.hpp"

namespace xtb::sim {

/// What a market event changed.
enum class MarketChange : std::uint8_t {
  None,    ///< ignored (other type, continuation chunk, stale or buffered depth)
  Ticker,  ///< bookTicker applied
  Depth,   ///< a complete depth message (or snapshot) was applied
  Trade,   ///< a public trade
};

class MarketView;

/// Iterates one side of the composite book best level first. Valid until the view changes.
class LevelWalker {
 public:
  /// Next level (px ticks, qty steps); false at the end.
  bool next(PriceLevel& out) noexcept;

 private:
  friend class MarketView;
  const BookSide* side_ = nullptr;  // nullptr: no depth levels
  PriceLevel top_{};                // ticker level
  bool has_top_ = false;
  bool bid_ = true;
  std::size_t depth_ = 0;
};

class MarketView {
 public:
  /// `book_levels` levels per side are preallocated (cold path).
  MarketView(SymbolId symbol, std::size_t book_levels);

  /// Feeds one decoded market event of this symbol (best bid/offer, Trade, DepthUpdate chunk).
  MarketChange on_event(const Event& e) noexcept;

  /// Best price of a book side (Side::Buy = bids, Side::Sell = asks); false when empty.
  bool best(Side book_side, PriceLevel& out) const noexcept;
  /// Replayed quantity resting at `px` on a book side (composite rule above).
  Qty level_qty(Side book_side, Price px) const noexcept;
  /// Walker over a book side, best first.
  LevelWalker walk(Side book_side) const noexcept;

  /// bid + ask in ticks (twice the mid); 0 when a side is missing.
  Price mid_x2() const noexcept;
  Price last_trade_px() const noexcept { return last_trade_px_; }
  bool depth_synced() const noexcept { return sync_.book_valid(); }
  const OrderBook& book() const noexcept { return book_; }
  /// True when the ticker is the freshest source of the top of book.
  bool ticker_newer() const noexcept;

 private:
  bool ticker_level(Side book_side, PriceLevel& out) const noexcept;

  OrderBook book_;
  BookSync sync_;
  BestBidOffer ticker_{};
  bool has_ticker_ = false;
  Price last_trade_px_ = 0;
};

}  // namespace xtb::sim
