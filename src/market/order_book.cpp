// order_book.cpp — see order_book.hpp.
//
// Layout invariants of a BookSide (checked by the differential tests against a sorted
// array and a std::map model):
//   * directory positions 0..nblk_-1 hold non-empty blocks, worst → best; inside a block
//     levels are sorted worst → best; top_px_[b] is the px of block b's last level;
//   * every two adjacent blocks hold more than kBlockLevels/2 levels together (restored
//     after each erase by merging), which bounds the block count (blocks_for);
//   * best_ points at the last level of the last block (or at kNoLevel when empty).
#include "market/order_book.hpp"

#include <cstring>

namespace xtb {
namespace {

constexpr PriceLevel kNoLevel{0, 0};
constexpr std::size_t kHalfBlock = BookSide::kBlockLevels / 2;

// Bids are ordered by ascending price, asks by descending price: "worse" comes first.
template <bool Bid>
constexpr bool worse(Price a, Price b) noexcept {
  return Bid ? a < b : a > b;
}

// First index of [0, n) whose element does not satisfy `before` (which holds on a prefix).
// Branch-free: the loop runs ceil(log2 n) times whatever the data, and the compiler turns
// the conditional add into a cmov, so random positions cost no mispredictions.
template <class T, class Pred>
inline std::size_t partition_point(const T* a, std::size_t n, Pred before) noexcept {
  if (n == 0) return 0;
  std::size_t base = 0, len = n;
  while (len > 1) {
    const std::size_t half = len / 2;
    base += before(a[base + half - 1]) ? half : 0;  // answer in [base, base + len]
    len -= half;
  }
  return base + (before(a[base]) ? 1 : 0);
}

}  // namespace

std::size_t BookSide::blocks_for(std::size_t capacity) noexcept {
  return 2 * (capacity / (kHalfBlock + 1)) + 1;
}

BookSide::BookSide(bool is_bid, std::size_t capacity)
    : max_blocks_(blocks_for(capacity < 1 ? 1 : capacity)),
      best_(&kNoLevel),
      cap_(capacity < 1 ? 1 : capacity),
      is_bid_(is_bid) {
  pool_ = std::make_unique<PriceLevel[]>(max_blocks_ * kBlockLevels);
  top_px_ = std::make_unique<Price[]>(max_blocks_);
  cnt_ = std::make_unique<std::uint32_t[]>(max_blocks_);
  id_ = std::make_unique<std::uint32_t[]>(max_blocks_);
  free_ = std::make_unique<std::uint32_t[]>(max_blocks_);
  clear();
}

void BookSide::clear() noexcept {
  n_ = 0;
  nblk_ = 0;
  // Lowest ids on top of the stack: a small book uses the start of the pool.
  nfree_ = max_blocks_;
  for (std::size_t k = 0; k < max_blocks_; ++k) free_[k] = static_cast<std::uint32_t>(max_blocks_ - 1 - k);
  best_ = &kNoLevel;
}

void BookSide::refresh_best() noexcept {
  best_ = nblk_ ? block(nblk_ - 1) + (cnt_[nblk_ - 1] - 1) : &kNoLevel;
}

template <bool Bid>
[[gnu::always_inline]] inline BookSide::Pos BookSide::locate(Price px, std::size_t hint) const noexcept {
  if (nblk_ == 0) return {0, 0};
  // The block of px is the first whose best price is not worse than px (or the top block).
  // Venue diffs list a side's levels in price order, so the previous update's block or
  // its neighbour usually holds the next one: check those before the binary search.
  const Price* const top = top_px_.get();
  auto holds = [&](std::size_t b) {
    return (b + 1 == nblk_ || !worse<Bid>(top[b], px)) && (b == 0 || worse<Bid>(top[b - 1], px));
  };
  std::size_t b = hint < nblk_ ? hint : nblk_ - 1;
  if (!holds(b)) {
    if (b + 1 < nblk_ && holds(b + 1)) ++b;
    else if (b > 0 && holds(b - 1)) --b;
    else b = partition_point(top, nblk_, [px](Price t) { return worse<Bid>(t, px); });
  }
  if (b == nblk_) b = nblk_ - 1;  // better than every level: the end of the top block
  const std::size_t i =
      partition_point(block(b), cnt_[b], [px](const PriceLevel& l) { return worse<Bid>(l.px, px); });
  return {b, i};
}

template <bool Bid>
LevelChange BookSide::set_side(Price px, Qty qty) noexcept {
  if (qty < 0) return LevelChange::Invalid;
  const Pos p = locate<Bid>(px, hint_);
  hint_ = p.blk;
  const bool found = nblk_ != 0 && p.i < cnt_[p.blk] && block(p.blk)[p.i].px == px;
  if (qty == 0) {
    if (!found) return LevelChange::Absent;
    erase_at(p);
    return LevelChange::Deleted;
  }
  if (found) {
    block(p.blk)[p.i].qty = qty;
    return LevelChange::Updated;
  }
  if (n_ < cap_) {
    insert_at(p, px, qty);
    return LevelChange::Inserted;
  }
  // Full: a level worse than the worst stored one is not stored; otherwise the worst
  // (first level of the first block) makes room.
  if (p.blk == 0 && p.i == 0) return LevelChange::Dropped;
  erase_at(Pos{0, 0});
  insert_at(locate<Bid>(px, 0), px, qty);  // the erase may have merged blocks: search again
  return LevelChange::Evicted;
}

LevelChange BookSide::set(Price px, Qty qty) noexcept {
  return is_bid_ ? set_side<true>(px, qty) : set_side<false>(px, qty);
}

void BookSide::dir_insert(std::size_t blk, std::uint32_t id) noexcept {
  const std::size_t tail = nblk_ - blk;
  std::memmove(&top_px_[blk + 1], &top_px_[blk], tail * sizeof(Price));
  std::memmove(&cnt_[blk + 1], &cnt_[blk], tail * sizeof(std::uint32_t));
  std::memmove(&id_[blk + 1], &id_[blk], tail * sizeof(std::uint32_t));
  id_[blk] = id;
  cnt_[blk] = 0;
  ++nblk_;
}

void BookSide::dir_erase(std::size_t blk) noexcept {
  const std::size_t tail = nblk_ - blk - 1;
  std::memmove(&top_px_[blk], &top_px_[blk + 1], tail * sizeof(Price));
  std::memmove(&cnt_[blk], &cnt_[blk + 1], tail * sizeof(std::uint32_t));
  std::memmove(&id_[blk], &id_[blk + 1], tail * sizeof(std::uint32_t));
  --nblk_;
}

void BookSide::split(std::size_t blk) noexcept {
  // blocks_for() guarantees a free block here (see the bound in order_book.hpp).
  dir_insert(blk + 1, free_[--nfree_]);
  const PriceLevel* from = block(blk);
  std::memcpy(block(blk + 1), from + kHalfBlock, (cnt_[blk] - kHalfBlock) * sizeof(PriceLevel));
  cnt_[blk + 1] = static_cast<std::uint32_t>(cnt_[blk] - kHalfBlock);
  top_px_[blk + 1] = top_px_[blk];
  cnt_[blk] = kHalfBlock;
  top_px_[blk] = from[kHalfBlock - 1].px;
}

void BookSide::merge(std::size_t blk) noexcept {
  std::memcpy(block(blk) + cnt_[blk], block(blk + 1), cnt_[blk + 1] * sizeof(PriceLevel));
  cnt_[blk] += cnt_[blk + 1];
  top_px_[blk] = top_px_[blk + 1];
  free_[nfree_++] = id_[blk + 1];
  dir_erase(blk + 1);
}

void BookSide::insert_at(Pos p, Price px, Qty qty) noexcept {
  if (nblk_ == 0) {
    dir_insert(0, free_[--nfree_]);
    p = Pos{0, 0};
  }
  if (cnt_[p.blk] == kBlockLevels) {
    split(p.blk);
    if (p.i > kHalfBlock) {
      p.i -= kHalfBlock;
      ++p.blk;
    }
  }
  PriceLevel* lv = block(p.blk);
  const std::size_t c = cnt_[p.blk];
  std::memmove(lv + p.i + 1, lv + p.i, (c - p.i) * sizeof(PriceLevel));
  lv[p.i] = PriceLevel{px, qty};
  cnt_[p.blk] = static_cast<std::uint32_t>(c + 1);
  if (p.i == c) top_px_[p.blk] = px;
  ++n_;
  refresh_best();
}

void BookSide::erase_at(Pos p) noexcept {
  PriceLevel* lv = block(p.blk);
  const std::size_t c = cnt_[p.blk] - 1;
  std::memmove(lv + p.i, lv + p.i + 1, (c - p.i) * sizeof(PriceLevel));
  cnt_[p.blk] = static_cast<std::uint32_t>(c);
  --n_;
  if (c == 0) {
    free_[nfree_++] = id_[p.blk];
    dir_erase(p.blk);
    // The blocks either side of the removed one are now adjacent.
    if (p.blk > 0 && p.blk < nblk_ && cnt_[p.blk - 1] + cnt_[p.blk] <= kHalfBlock) merge(p.blk - 1);
  } else {
    if (p.i == c) top_px_[p.blk] = lv[c - 1].px;
    // One merge restores the pair invariant (order_book.hpp): merging with either
    // neighbour only grows the sums of the other pairs.
    if (p.blk + 1 < nblk_ && c + cnt_[p.blk + 1] <= kHalfBlock) merge(p.blk);
    else if (p.blk > 0 && cnt_[p.blk - 1] + c <= kHalfBlock) merge(p.blk - 1);
  }
  refresh_best();
}

const PriceLevel& BookSide::at_depth(std::size_t depth) const noexcept {
  for (std::size_t b = nblk_; b > 0;) {
    const std::size_t c = cnt_[--b];
    if (depth < c) return block(b)[c - 1 - depth];
    depth -= c;
  }
  return kNoLevel;  // precondition violated (depth >= size())
}

Qty BookSide::qty_at(Price px) const noexcept {
  const Pos p = is_bid_ ? locate<true>(px, hint_) : locate<false>(px, hint_);
  if (nblk_ == 0 || p.i >= cnt_[p.blk]) return 0;
  const PriceLevel& l = block(p.blk)[p.i];
  return l.px == px ? l.qty : 0;
}

template <bool Bid>
Qty BookSide::qty_through_side(Price limit_px) const noexcept {
  Qty sum = 0;
  for (std::size_t b = nblk_; b > 0;) {
    --b;
    const PriceLevel* lv = block(b);
    for (std::size_t i = cnt_[b]; i > 0; --i) {
      if (worse<Bid>(lv[i - 1].px, limit_px)) return sum;
      sum += lv[i - 1].qty;
    }
  }
  return sum;
}

Qty BookSide::qty_through(Price limit_px) const noexcept {
  return is_bid_ ? qty_through_side<true>(limit_px) : qty_through_side<false>(limit_px);
}

std::size_t BookSide::top(PriceLevel* out, std::size_t n) const noexcept {
  std::size_t m = 0;
  for (std::size_t b = nblk_; b > 0 && m < n;) {
    --b;
    const PriceLevel* lv = block(b);
    for (std::size_t i = cnt_[b]; i > 0 && m < n; --i) out[m++] = lv[i - 1];
  }
  return m;
}

OrderBook::OrderBook(SymbolId symbol, std::size_t max_levels_per_side)
    : symbol_(symbol), bids_(true, max_levels_per_side), asks_(false, max_levels_per_side) {}

void OrderBook::count(LevelChange c) noexcept {
  ++stats_.levels_applied;
  if (c == LevelChange::Dropped) ++stats_.dropped;
  else if (c == LevelChange::Evicted) ++stats_.evicted;
  else if (c == LevelChange::Invalid) ++stats_.invalid;
}

LevelChange OrderBook::apply(Side side, Price px, Qty qty) noexcept {
  const LevelChange c = side == Side::Buy ? bids_.set(px, qty) : asks_.set(px, qty);
  count(c);
  return c;
}

void OrderBook::apply_chunk(const DepthUpdate& d) noexcept {
  const int nb = d.n_bids, na = d.n_asks;
  for (int i = 0; i < nb && i < DepthUpdate::kMaxLevels; ++i) count(bids_.set(d.levels[i].px, d.levels[i].qty));
  for (int i = nb; i < nb + na && i < DepthUpdate::kMaxLevels; ++i) count(asks_.set(d.levels[i].px, d.levels[i].qty));
}

void OrderBook::clear() noexcept {
  bids_.clear();
  asks_.clear();
  last_update_id_ = 0;
}

bool OrderBook::best_bid(PriceLevel& out) const noexcept {
  if (bids_.empty()) return false;
  out = bids_.best();
  return true;
}

bool OrderBook::best_ask(PriceLevel& out) const noexcept {
  if (asks_.empty()) return false;
  out = asks_.best();
  return true;
}

bool OrderBook::crossed() const noexcept {
  return !bids_.empty() && !asks_.empty() && bids_.best().px >= asks_.best().px;
}

Price OrderBook::spread() const noexcept {
  return (bids_.empty() || asks_.empty()) ? 0 : asks_.best().px - bids_.best().px;
}

}  // namespace xtb
