// market_view.cpp — see market_view.hpp.
#include "sim/core/market_view.hpp"

namespace xtb::sim {
namespace {

// True when `a` is a better price than `b` on a book side (bids: higher, asks: lower).
bool better(bool bid, Price a, Price b) noexcept { return bid ? a > b : a < b; }

}  // namespace

bool LevelWalker::next(PriceLevel& out) noexcept {
  if (has_top_) {
    has_top_ = false;
    out = top_;
    if (out.qty > 0) return true;
  }
  while (side_ && depth_ < side_->size()) {
    const PriceLevel& l = side_->at_depth(depth_++);
    // Levels at or better than the ticker's price are hidden by the fresher ticker.
    if (top_.px != 0 && !better(bid_, top_.px, l.px)) continue;
    out = l;
    return true;
  }
  return false;
}

MarketView::MarketView(SymbolId symbol, std::size_t book_levels) : book_(symbol, book_levels), sync_(book_) {}

MarketChange MarketView::on_event(const Event& e) noexcept {
  switch (e.h.type) {
    case EventType::BestBidOffer:
      ticker_ = e.bbo;
      has_ticker_ = true;
      return MarketChange::Ticker;
    case EventType::Trade:
      last_trade_px_ = e.trade.px;
      return MarketChange::Trade;
    case EventType::DepthUpdate: {
      const SyncAction a = sync_.on_depth(e);
      const bool done = (e.h.flags & DepthUpdate::kLastChunk) != 0;
      if (done && (a == SyncAction::Applied || a == SyncAction::SnapshotApplied)) return MarketChange::Depth;
      return MarketChange::None;
    }
    default: return MarketChange::None;
  }
}

bool MarketView::ticker_newer() const noexcept {
  if (!has_ticker_) return false;
  return !sync_.book_valid() || ticker_.update_id > book_.last_update_id();
}

bool MarketView::ticker_level(Side book_side, PriceLevel& out) const noexcept {
  if (!has_ticker_) return false;
  out = book_side == Side::Buy ? PriceLevel{ticker_.bid_px, ticker_.bid_qty} : PriceLevel{ticker_.ask_px, ticker_.ask_qty};
  return out.px != 0 || out.qty != 0;
}

bool MarketView::best(Side book_side, PriceLevel& out) const noexcept {
  if (ticker_newer()) return ticker_level(book_side, out) && out.qty > 0;
  if (!sync_.book_valid()) return false;
  return book_side == Side::Buy ? book_.best_bid(out) : book_.best_ask(out);
}

Qty MarketView::level_qty(Side book_side, Price px) const noexcept {
  const bool bid = book_side == Side::Buy;
  const BookSide& side = bid ? book_.bids() : book_.asks();
  PriceLevel t{};
  if (ticker_newer() && ticker_level(book_side, t)) {
    if (px == t.px) return t.qty;
    if (better(bid, px, t.px)) return 0;
  }
  return sync_.book_valid() ? side.qty_at(px) : 0;
}

LevelWalker MarketView::walk(Side book_side) const noexcept {
  LevelWalker w;
  w.bid_ = book_side == Side::Buy;
  if (sync_.book_valid()) w.side_ = w.bid_ ? &book_.bids() : &book_.asks();
  PriceLevel t{};
  if (ticker_newer() && ticker_level(book_side, t)) {
    w.top_ = t;
    w.has_top_ = true;
  }
  return w;
}

Price MarketView::mid_x2() const noexcept {
  PriceLevel b{}, a{};
  if (!best(Side::Buy, b) || !best(Side::Sell, a)) return 0;
  return b.px + a.px;
}

}  // namespace xtb::sim
