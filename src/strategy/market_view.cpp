// market_view.cpp — market state updates and the sampled return window.
#include "strategy/market_view.hpp"

namespace xtb::strategy {

void ReturnWindow::configure(std::int64_t window_ns) noexcept {
  window_ns_ = window_ns > 0 ? window_ns : 1;
  interval_ns_ = window_ns_ / kSamplesPerWindow;
  if (interval_ns_ < 1) interval_ns_ = 1;
  head_ = 0;
  count_ = 0;
  last_px_ = 0;
}

void ReturnWindow::on_price(Price px, std::int64_t now_ns) noexcept {
  if (px <= 0) return;
  last_px_ = px;
  if (count_ > 0) {
    const Sample& newest = ring_[(head_ + kCapacity - 1) % kCapacity];
    if (now_ns - newest.t_ns < interval_ns_) return;  // same sampling interval
  }
  ring_[head_] = Sample{now_ns, px};
  head_ = (head_ + 1) % kCapacity;
  if (count_ < kCapacity) ++count_;
}

bool ReturnWindow::ret_e8(std::int64_t now_ns, std::int64_t& out) const noexcept {
  if (last_px_ <= 0) return false;
  const std::int64_t cutoff = now_ns - window_ns_;
  // Oldest first: the first sample at or after the cutoff is the reference.
  for (std::uint32_t i = 0; i < count_; ++i) {
    const Sample& s = ring_[(head_ + kCapacity - count_ + i) % kCapacity];
    if (s.t_ns < cutoff) continue;
    __extension__ typedef __int128 i128;
    out = static_cast<std::int64_t>(static_cast<i128>(last_px_ - s.px) * 100'000'000 / s.px);
    return true;
  }
  return false;
}

bool MarketView::apply(const Event& ev, std::int64_t now_ns) noexcept {
  switch (ev.h.type) {
    case EventType::BestBidOffer: {
      const BestBidOffer& b = ev.bbo;
      if (b.bid_px <= 0 || b.ask_px <= 0 || b.bid_px >= b.ask_px) {
        ++crossed_books;
        return false;
      }
      bid_px = b.bid_px;
      ask_px = b.ask_px;
      bid_qty = b.bid_qty;
      ask_qty = b.ask_qty;
      last_book_ns = now_ns;
      ++book_updates;
      return true;
    }
    case EventType::Trade: {
      const Trade& t = ev.trade;
      if (t.px <= 0) return false;
      // previous ← last only once a last exists (seed: prev is the trade before).
      if (last_trade_px > 0) prev_trade_px = last_trade_px;
      last_trade_px = t.px;
      last_trade_ns = now_ns;
      ++trades;
      returns.on_price(t.px, now_ns);
      return true;
    }
    case EventType::MarkPrice:
      if (ev.mark_price.mark_px > 0) {
        mark_px = ev.mark_price.mark_px;
        last_mark_ns = now_ns;
        ++marks;
      }
      return false;  // never refreshes staleness, never triggers a signal
    default:
      return false;
  }
}

}  // namespace xtb::strategy
