// market_state.hpp — MarketState: the sequencer's market view, as a plain class that any
// stage can own (MarketStateStage, pipeline/sequencer/market_state_stage.hpp, wraps it for the replay). Per tracked symbol: the local L2 book kept in sync from
// diff depth (Binance snapshot + diff procedure, market/book_sync.hpp), best bid/ask
// from bookTicker with the book-vs-ticker cross-check, last/previous trade, and the
// cumulative trade notional Σ px·qty (ticks·steps, exact) so a caller can take the market
// VWAP between any two moments from two snapshots (backtest report).
//
// Only the symbols given at construction are tracked (a full exchangeInfo has hundreds;
// a 2048-level book per symbol would cost ~64 KiB each); events of other symbols are
// counted in unknown_symbol_events and ignored.
// Units: Price ticks, Qty steps (core/types.hpp). Thread: the owning (sequencer) thread;
// allocation only in the constructor.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "core/event.hpp"
#include "market/order_book.hpp"
#include "market/book_sync.hpp"

namespace xtb {

/// Per-symbol market view kept by the sequencer.
struct SymbolMarket {
  Price bid_px = 0, ask_px = 0;      ///< from the latest bookTicker (ticks)
  Qty bid_qty = 0, ask_qty = 0;      ///< steps
  Price last_trade_px = 0, prev_trade_px = 0;
  std::uint64_t book_tickers = 0, trades = 0, depth_messages = 0;
  Qty traded_qty = 0;                ///< sum of trade quantities (steps)
  std::uint64_t ticker_checks = 0;   ///< bookTicker vs synced book comparisons made
  std::uint64_t ticker_mismatch = 0; ///< … where the book's best price differed from the ticker's
};

__extension__ typedef __int128 TradeCost;  ///< Σ px·qty in ticks·steps

class MarketState {
 public:
  /// Tracks `symbols` (ids < `table_size`), each with `book_levels` levels per side.
  /// Throws std::invalid_argument for an id beyond the table. Cold path.
  MarketState(const std::vector<SymbolId>& symbols, std::size_t table_size, std::size_t book_levels);

  /// Applies a best bid/offer / Trade / DepthUpdate / MarkPrice event. Returns false when the
  /// event is of another type or of an untracked symbol (counted).
  bool apply(const Event& e) noexcept;

  bool tracked(SymbolId s) const noexcept { return s < slot_.size() && slot_[s] >= 0; }
  /// Per-symbol views; precondition: tracked(s).
  const SymbolMarket& market(SymbolId s) const noexcept { return sym_[slot_[s]].m; }
  const OrderBook& book(SymbolId s) const noexcept { return *sym_[slot_[s]].book; }
  const BookSync& sync(SymbolId s) const noexcept { return *sym_[slot_[s]].sync; }
  /// Σ px·qty of all trades seen (ticks·steps); with market().traded_qty gives the VWAP.
  TradeCost trade_cost(SymbolId s) const noexcept { return sym_[slot_[s]].trade_cost; }
  /// Latest mark price (ticks), 0 before the first MarkPrice event.
  Price mark_px(SymbolId s) const noexcept { return sym_[slot_[s]].mark_px; }
  /// bid + ask from the latest bookTicker (= 2 × mid, in ticks), 0 until both are known.
  Price mid_x2(SymbolId s) const noexcept {
    const SymbolMarket& m = market(s);
    return m.bid_px > 0 && m.ask_px > 0 ? m.bid_px + m.ask_px : 0;
  }

  std::uint64_t unknown_symbol_events() const noexcept { return unknown_symbol_; }
  std::uint64_t mark_prices() const noexcept { return mark_prices_; }

 private:
  struct PerSymbol {
    SymbolMarket m{};
    std::unique_ptr<OrderBook> book;
    std::unique_ptr<BookSync> sync;
    TradeCost trade_cost = 0;
    Price mark_px = 0;
  };
  void on_book_ticker(const Event& e, PerSymbol& p) noexcept;

  std::vector<std::int32_t> slot_;  // SymbolId → index in sym_, −1 untracked
  std::vector<PerSymbol> sym_;
  std::uint64_t unknown_symbol_ = 0, mark_prices_ = 0;
};

}  // namespace xtb
