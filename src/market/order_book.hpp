// order_book.hpp — fixed-capacity price-level (L2) book of one instrument.
//
// Each side is a two-level sorted structure (a "chunked array", a B+-tree of height two):
// levels live in blocks of kBlockLevels PriceLevel {px ticks, qty steps}, each block
// sorted worst → best; a directory lists the blocks worst → best together with each
// block's best price and level count. Everything is preallocated at construction;
// nothing allocates afterwards.
//
// Why: Binance diff depth touches levels anywhere in a 1000+ level book (on the
// 2024-08-08 BTCUSDT capture a quarter of the level updates are more than 1,000 ticks and
// 4 % more than 50,000 ticks from the touch), so a single sorted array spends most of
// its time shifting thousands of levels per insert/delete. Here an update is a binary
// search over the directory (<= ~130 prices for 2048 levels), a binary search inside one
// block, and a shift of at most kBlockLevels levels (1 KiB). Blocks split when full and
// merge with a neighbour when two adjacent blocks hold <= kBlockLevels/2 levels together,
// which bounds the block count (see BookSide::blocks_for) and so the preallocated memory
// to about 4x capacity levels (128 KiB per side for 2048 levels).
//
// Levels carry absolute quantities (venue diff-depth semantics): set(px, 0) deletes a
// level, set(px, q) inserts or replaces it. When a side is full, a level worse than every
// stored one is dropped and a better one evicts the worst; both are counted. Because a
// later diff re-sends the absolute quantity of any level it touches, truncation only
// loses far-from-touch levels that never change again; the top of book stays exact.
// The stored set of levels is the same as with any other exact implementation of these
// rules (capacity, drop, evict), independent of the block layout.
//
// Costs: set/qty_at O(log n) with one <= 1 KiB move (set first tries the block of the
// previous update and its neighbours: diffs list levels in price order); best() O(1);
// at_depth(d) walks the directory from the top, O(d / kBlockLevels + 1).
//
// References returned by best()/at_depth() stay valid until the next set()/clear().
// Threads: owned by one thread (the sequencer, or whoever maintains the book); no
// internal synchronisation; const members do not write (safe for concurrent readers
// while nobody writes).
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
  /// Levels per block: 64 × 16 B = 1 KiB, the most one update ever shifts.
  static constexpr std::size_t kBlockLevels = 64;

  /// `is_bid` picks the ordering; room for `capacity` levels (>= 1) is preallocated
  /// (cold path).
  BookSide(bool is_bid, std::size_t capacity);

  /// Sets the absolute quantity at `px` (0 deletes).
  LevelChange set(Price px, Qty qty) noexcept;
  /// Removes every level (keeps the memory).
  void clear() noexcept;

  std::size_t size() const noexcept { return n_; }
  std::size_t capacity() const noexcept { return cap_; }
  bool empty() const noexcept { return n_ == 0; }
  bool is_bid() const noexcept { return is_bid_; }
  /// Best level (highest bid / lowest ask); precondition: !empty() (an empty side
  /// returns a zero level).
  const PriceLevel& best() const noexcept { return *best_; }
  /// Level `depth` away from the top (0 = best); precondition: depth < size().
  const PriceLevel& at_depth(std::size_t depth) const noexcept;
  /// Quantity stored at `px`, 0 when absent.
  Qty qty_at(Price px) const noexcept;
  /// Sum of quantities at prices at least as good as `limit_px` (bids >= limit, asks <= limit).
  Qty qty_through(Price limit_px) const noexcept;
  /// Copies up to `n` best levels into `out` (best first); returns how many.
  std::size_t top(PriceLevel* out, std::size_t n) const noexcept;

  /// Blocks preallocated for `capacity` levels: with every two adjacent blocks holding
  /// more than kBlockLevels/2 levels, k blocks hold more than floor(k/2)·(kBlockLevels/2)
  /// levels, so k <= 2·floor(capacity / (kBlockLevels/2 + 1)) + 1.
  static std::size_t blocks_for(std::size_t capacity) noexcept;

 private:
  // Directory position of a level and its index inside that block.
  struct Pos {
    std::size_t blk;
    std::size_t i;
  };
  template <bool Bid> LevelChange set_side(Price px, Qty qty) noexcept;
  template <bool Bid> Pos locate(Price px, std::size_t hint) const noexcept;
  template <bool Bid> Qty qty_through_side(Price limit_px) const noexcept;
  void insert_at(Pos p, Price px, Qty qty) noexcept;
  void erase_at(Pos p) noexcept;
  void split(std::size_t blk) noexcept;
  void merge(std::size_t blk) noexcept;  // appends block blk+1 to block blk
  void dir_insert(std::size_t blk, std::uint32_t id) noexcept;
  void dir_erase(std::size_t blk) noexcept;
  PriceLevel* block(std::size_t blk) noexcept { return pool_.get() + id_[blk] * kBlockLevels; }
  const PriceLevel* block(std::size_t blk) const noexcept { return pool_.get() + id_[blk] * kBlockLevels; }
  void refresh_best() noexcept;

  std::unique_ptr<PriceLevel[]> pool_;     // max_blocks_ × kBlockLevels levels
  std::unique_ptr<Price[]> top_px_;        // per directory position: best price of the block
  std::unique_ptr<std::uint32_t[]> cnt_;   // per directory position: levels in the block
  std::unique_ptr<std::uint32_t[]> id_;    // per directory position: block id in pool_
  std::unique_ptr<std::uint32_t[]> free_;  // stack of unused block ids
  std::size_t nfree_ = 0;
  std::size_t nblk_ = 0;  // directory entries (non-empty blocks)
  // Directory position of the last level set() located: a search hint only (any value
  // is safe), since venue diffs list a side's levels in price order.
  std::size_t hint_ = 0;
  std::size_t max_blocks_;
  const PriceLevel* best_;
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
