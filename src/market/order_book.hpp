// order_book.hpp — fixed-capacity price-level (L2) book of one instrument.
//
// Each side is a sorted array of PriceLevel {px ticks, qty steps}, preallocated at
// construction; nothing allocates afterwards. The array is ordered so that the BEST level
// sits at the END: venue diffs mostly touch the top of the book, so inserts/deletes there
// move only a few elements, and best() is a single load. Bids are stored ascending by
// price, asks descending; internally both use the key `bid ? px : -px` ascending.
//
// Levels carry absolute quantities (venue diff-depth semantics): set(px, 0) deletes a
// level, set(px, q) inserts or replaces it. When a side is full, a level worse than every
// stored one is dropped and a better one evicts the worst; both are counted. Because a
// later diff re-sends the absolute quantity of any level it touches, truncation only
// loses far-from-touch levels that never change again; the top of book stays exact.
//
// Threads: owned by one thread (the sequencer, or whoever maintains the book); no
// internal synchronisation.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>

#include "core/event.hpp"
#include "core/types.hpp"

namespace xtb {

/// Outcome of one level update.
enum class LevelChange : std::uint8_t {
  Inserted,  ///< new price level
  Updated,   ///< existing level got a new quantity
  Deleted,   ///< qty 0 removed an existing level
  Absent,    ///< qty 0 for a level that is not stored (no-op)
  Evicted,   ///< inserted into a full side by dropping the worst level
  Dropped,   ///< side full and the level is worse than all stored ones (not stored)
  Invalid,   ///< negative quantity (not stored)
};

class BookSide {
 public:
  /// `is_bid` picks the ordering; `capacity` levels are preallocated (cold path).
  BookSide(bool is_bid, std::size_t capacity);

  /// Sets the absolute quantity at `px` (0 deletes).
  LevelChange set(Price px, Qty qty) noexcept;
  /// Removes every level (keeps the memory).
  void clear() noexcept { n_ = 0; }

  std::size_t size() const noexcept { return n_; }
  std::size_t capacity() const noexcept { return cap_; }
  bool empty() const noexcept { return n_ == 0; }
  bool is_bid() const noexcept { return is_bid_; }
  /// Best level (highest bid / lowest ask); precondition: !empty().
  const PriceLevel& best() const noexcept { return levels_[n_ - 1]; }
  /// Level `depth` away from the top (0 = best); precondition: depth < size().
  const PriceLevel& at_depth(std::size_t depth) const noexcept { return levels_[n_ - 1 - depth]; }
  /// Quantity stored at `px`, 0 when absent.
  Qty qty_at(Price px) const noexcept;
  /// Sum of quantities at prices at least as good as `limit_px` (bids >= limit, asks <= limit).
  Qty qty_through(Price limit_px) const noexcept;
  /// Copies up to `n` best levels into `out` (best first); returns how many.
  std::size_t top(PriceLevel* out, std::size_t n) const noexcept;

 private:
  std::int64_t key(Price px) const noexcept { return is_bid_ ? px : -px; }
  /// First index whose key is >= key(px) (levels_ sorted ascending by key).
  std::size_t lower_bound(Price px) const noexcept;

  std::unique_ptr<PriceLevel[]> levels_;
  std::size_t n_ = 0;
  std::size_t cap_;
  bool is_bid_;
};

/// Counters of one book (monotonic, read by the owner thread or after it stops).
struct BookStats {
  std::uint64_t levels_applied = 0;  ///< set() calls
  std::uint64_t dropped = 0;         ///< LevelChange::Dropped
  std::uint64_t evicted = 0;         ///< LevelChange::Evicted
  std::uint64_t invalid = 0;         ///< LevelChange::Invalid
};

class OrderBook {
 public:
  /// Book of `symbol` holding at most `max_levels_per_side` levels per side (cold path).
  OrderBook(SymbolId symbol, std::size_t max_levels_per_side);

  SymbolId symbol() const noexcept { return symbol_; }
  /// Applies one absolute level update (Side::Buy = bids, Side::Sell = asks).
  LevelChange apply(Side side, Price px, Qty qty) noexcept;
  /// Applies the levels of one DepthUpdate chunk (core/event.hpp layout: bids then asks).
  void apply_chunk(const DepthUpdate& d) noexcept;
  /// Empties both sides and resets the update id (e.g. before a snapshot).
  void clear() noexcept;

  BookSide& bids() noexcept { return bids_; }
  BookSide& asks() noexcept { return asks_; }
  const BookSide& bids() const noexcept { return bids_; }
  const BookSide& asks() const noexcept { return asks_; }

  /// True and the level when the side is non-empty.
  bool best_bid(PriceLevel& out) const noexcept;
  bool best_ask(PriceLevel& out) const noexcept;
  /// True when both sides are non-empty and best bid >= best ask (an inconsistent book).
  bool crossed() const noexcept;
  /// Best ask − best bid in ticks; 0 when a side is empty.
  Price spread() const noexcept;

  /// Venue update id of the last applied change (Binance `u` / snapshot lastUpdateId).
  std::uint64_t last_update_id() const noexcept { return last_update_id_; }
  void set_last_update_id(std::uint64_t id) noexcept { last_update_id_ = id; }
  const BookStats& stats() const noexcept { return stats_; }

 private:
  void count(LevelChange c) noexcept;

  SymbolId symbol_;
  BookSide bids_;
  BookSide asks_;
  std::uint64_t last_update_id_ = 0;
  BookStats stats_;
};

}  // namespace xtb
