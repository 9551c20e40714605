// order_book.cpp — see order_book.hpp.
#include "market/order_book.hpp"

#include <cstring>

namespace xtb {

BookSide::BookSide(bool is_bid, std::size_t capacity)
    : levels_(new PriceLevel[capacity < 1 ? 1 : capacity]), cap_(capacity < 1 ? 1 : capacity), is_bid_(is_bid) {}

std::size_t BookSide::lower_bound(Price px) const noexcept {
  const std::int64_t k = key(px);
  // Most updates land within a few levels of the top (the end of the array): probe
  // there linearly before falling back to binary search.
  constexpr std::size_t kLinearProbe = 8;
  std::size_t i = n_;
  for (std::size_t steps = 0; i > 0 && steps < kLinearProbe; --i, ++steps)
    if (key(levels_[i - 1].px) < k) return i;
  std::size_t lo = 0, hi = i;  // answer lies in [lo, hi]
  while (lo < hi) {
    const std::size_t mid = lo + (hi - lo) / 2;
    if (key(levels_[mid].px) < k) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

LevelChange BookSide::set(Price px, Qty qty) noexcept {
  if (qty < 0) return LevelChange::Invalid;
  const std::size_t i = lower_bound(px);
  const bool found = i < n_ && levels_[i].px == px;
  if (qty == 0) {
    if (!found) return LevelChange::Absent;
    std::memmove(&levels_[i], &levels_[i + 1], (n_ - i - 1) * sizeof(PriceLevel));
    --n_;
    return LevelChange::Deleted;
  }
  if (found) {
    levels_[i].qty = qty;
    return LevelChange::Updated;
  }
  if (n_ < cap_) {
    std::memmove(&levels_[i + 1], &levels_[i], (n_ - i) * sizeof(PriceLevel));
    levels_[i] = PriceLevel{px, qty};
    ++n_;
    return LevelChange::Inserted;
  }
  // Full: index 0 holds the worst level. A level worse than it is not stored; otherwise
  // the worst is evicted and the new level goes just below position i.
  if (i == 0) return LevelChange::Dropped;
  std::memmove(&levels_[0], &levels_[1], (i - 1) * sizeof(PriceLevel));
  levels_[i - 1] = PriceLevel{px, qty};
  return LevelChange::Evicted;
}

Qty BookSide::qty_at(Price px) const noexcept {
  const std::size_t i = lower_bound(px);
  return (i < n_ && levels_[i].px == px) ? levels_[i].qty : 0;
}

Qty BookSide::qty_through(Price limit_px) const noexcept {
  Qty sum = 0;
  for (std::size_t i = n_; i > 0 && key(levels_[i - 1].px) >= key(limit_px); --i) sum += levels_[i - 1].qty;
  return sum;
}

std::size_t BookSide::top(PriceLevel* out, std::size_t n) const noexcept {
  const std::size_t m = n < n_ ? n : n_;
  for (std::size_t d = 0; d < m; ++d) out[d] = levels_[n_ - 1 - d];
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
