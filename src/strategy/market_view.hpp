// market_view.hpp — what the closer knows about one symbol's market (seed 002
// "MarketState"): best bid/ask from bookTicker, last and previous trade price from the
// trade stream (aggTrade live; raw `trade` in recorded captures — both are Trade events),
// mark price from markPrice@1s, freshness, and the windowed trade-price return used by
// the accel tiers.
//
// Freshness: only bookTicker and trades refresh it. The mark price arrives every second
// whatever the book does, so it must not make a frozen book look alive (seed: markPrice
// "不参与 stale 判定").
//
// Return window (seed "ret_window = p_now / p_window_ago − 1"): the last trade price is
// sampled at most once per window/kSamplesPerWindow into a fixed ring; the reference
// price is the oldest sample still inside the window, so ret covers between
// window − window/kSamplesPerWindow and window. Fixed memory whatever the trade rate.
//
// Units: prices in ticks, times in the caller's monotonic ns, ret in ×1e8.
// Thread: sequencer only. No allocation.
#pragma once
#include <cstdint>

#include "core/event.hpp"

namespace xtb::strategy {

class ReturnWindow {
 public:
  static constexpr int kSamplesPerWindow = 32;
  static constexpr int kCapacity = 64;  ///< ≥ kSamplesPerWindow + 1 (power of two)

  /// `window_ns` > 0.
  void configure(std::int64_t window_ns) noexcept;
  /// Records the trade price `px` (ticks, > 0) seen at `now_ns`.
  void on_price(Price px, std::int64_t now_ns) noexcept;
  /// Return last/reference − 1 over the window ending at `now_ns`, ×1e8 (truncated
  /// toward zero). False when no trade was sampled inside the window.
  bool ret_e8(std::int64_t now_ns, std::int64_t& out) const noexcept;
  std::int64_t window_ns() const noexcept { return window_ns_; }

 private:
  struct Sample { std::int64_t t_ns; Price px; };
  std::int64_t window_ns_ = 2'000'000'000;
  std::int64_t interval_ns_ = 2'000'000'000 / kSamplesPerWindow;
  Sample ring_[kCapacity] = {};
  std::uint32_t head_ = 0;   ///< next write index
  std::uint32_t count_ = 0;
  Price last_px_ = 0;
};

struct MarketView {
  Price bid_px = 0, ask_px = 0;    ///< best bid/ask (ticks); 0 until the first bookTicker
  Qty bid_qty = 0, ask_qty = 0;
  Price last_trade_px = 0;         ///< latest trade
  Price prev_trade_px = 0;         ///< the trade before it (0 until two trades were seen)
  Price mark_px = 0;               ///< latest markPrice (0 until seen)
  std::int64_t last_book_ns = 0;   ///< local time of the latest bookTicker
  std::int64_t last_trade_ns = 0;  ///< local time of the latest trade
  std::int64_t last_mark_ns = 0;
  std::uint64_t book_updates = 0, trades = 0, marks = 0, crossed_books = 0;
  ReturnWindow returns;

  /// Applies a best bid/offer / Trade/MarkPrice event. Returns true when the event changed
  /// something a signal looks at (book or trade), false for mark price and other types.
  /// A crossed or empty book (bid ≥ ask, or a side ≤ 0) is counted and ignored.
  bool apply(const Event& ev, std::int64_t now_ns) noexcept;

  /// Both sides of the book and two trades known: the signal conditions can be evaluated.
  bool ready() const noexcept {
    return bid_px > 0 && ask_px > 0 && last_trade_px > 0 && prev_trade_px > 0;
  }
  /// True when neither the book nor the trade stream updated within `stale_ns`
  /// (also before the first update).
  bool stale(std::int64_t now_ns, std::int64_t stale_ns) const noexcept {
    const std::int64_t last = last_book_ns > last_trade_ns ? last_book_ns : last_trade_ns;
    return last == 0 || now_ns - last > stale_ns;
  }
  /// Mark price if known, else the last trade price (ROI and liquidation distance).
  Price reference_px() const noexcept { return mark_px > 0 ? mark_px : last_trade_px; }
};

}  // namespace xtb::strategy
