// sorted_array_book.hpp — benchmark peer: the order-book side xtb used before the chunked
// layout (market/order_book.hpp), kept here so `scripts/bench.sh decode` can show the
// before/after on the same data in one run. One sorted array per side, best level at the
// end, linear probe near the top then binary search, memmove on insert/delete; same
// capacity, drop and evict rules as xtb::BookSide (it returns the same LevelChange for
// every update). Not used outside the benchmark.
#pragma once
#include <cstddef>
#include <cstring>
#include <memory>

#include "market/order_book.hpp"

namespace xtb::bench {

class SortedArraySide {
 public:
  SortedArraySide(bool is_bid, std::size_t capacity)
      : levels_(new PriceLevel[capacity < 1 ? 1 : capacity]), cap_(capacity < 1 ? 1 : capacity), is_bid_(is_bid) {}

  void clear() noexcept { n_ = 0; }
  std::size_t size() const noexcept { return n_; }
  const PriceLevel& best() const noexcept { return levels_[n_ - 1]; }
  const PriceLevel& at_depth(std::size_t depth) const noexcept { return levels_[n_ - 1 - depth]; }

  LevelChange set(Price px, Qty qty) noexcept {
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
    if (i == 0) return LevelChange::Dropped;
    std::memmove(&levels_[0], &levels_[1], (i - 1) * sizeof(PriceLevel));
    levels_[i - 1] = PriceLevel{px, qty};
    return LevelChange::Evicted;
  }

 private:
  std::int64_t key(Price px) const noexcept { return is_bid_ ? px : -px; }
  std::size_t lower_bound(Price px) const noexcept {
    const std::int64_t k = key(px);
    constexpr std::size_t kLinearProbe = 8;
    std::size_t i = n_;
    for (std::size_t steps = 0; i > 0 && steps < kLinearProbe; --i, ++steps)
      if (key(levels_[i - 1].px) < k) return i;
    std::size_t lo = 0, hi = i;
    while (lo < hi) {
      const std::size_t mid = lo + (hi - lo) / 2;
      if (key(levels_[mid].px) < k) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  std::unique_ptr<PriceLevel[]> levels_;
  std::size_t n_ = 0;
  std::size_t cap_;
  bool is_bid_;
};

}  // namespace xtb::bench
