// market_state.cpp — see market_state.hpp. The event handling mirrors
// MarketStateStage::on_event (pipeline/sequencer/market_state_stage.hpp) so replay and backtest agree.
#include "pipeline/sequencer/market_state.hpp"

#include <stdexcept>

namespace xtb {

MarketState::MarketState(const std::vector<SymbolId>& symbols, std::size_t table_size, std::size_t book_levels)
    : slot_(table_size, -1) {
  sym_.reserve(symbols.size());
  for (SymbolId s : symbols) {
    if (s >= table_size) throw std::invalid_argument("MarketState: symbol id beyond the table");
    if (slot_[s] >= 0) continue;
    PerSymbol p;
    p.book = std::make_unique<OrderBook>(s, book_levels);
    p.sync = std::make_unique<BookSync>(*p.book);
    slot_[s] = static_cast<std::int32_t>(sym_.size());
    sym_.push_back(std::move(p));
  }
}

bool MarketState::apply(const Event& e) noexcept {
  const EventType t = e.h.type;
  if (t != EventType::BestBidOffer && t != EventType::Trade && t != EventType::DepthUpdate &&
      t != EventType::MarkPrice)
    return false;
  if (!tracked(e.h.symbol)) {
    ++unknown_symbol_;
    return false;
  }
  PerSymbol& p = sym_[slot_[e.h.symbol]];
  switch (t) {
    case EventType::BestBidOffer: on_book_ticker(e, p); break;
    case EventType::Trade:
      ++p.m.trades;
      p.m.prev_trade_px = p.m.last_trade_px;
      p.m.last_trade_px = e.trade.px;
      p.m.traded_qty += e.trade.qty;
      p.trade_cost += static_cast<TradeCost>(e.trade.px) * e.trade.qty;
      break;
    case EventType::DepthUpdate:
      if ((e.h.flags & DepthUpdate::kFirstChunk) && !(e.h.flags & DepthUpdate::kSnapshot)) ++p.m.depth_messages;
      p.sync->on_depth(e);
      break;
    default:  // MarkPrice
      ++mark_prices_;
      p.mark_px = e.mark_price.mark_px;
      break;
  }
  return true;
}

void MarketState::on_book_ticker(const Event& e, PerSymbol& p) noexcept {
  SymbolMarket& m = p.m;
  ++m.book_tickers;
  m.bid_px = e.bbo.bid_px; m.bid_qty = e.bbo.bid_qty;
  m.ask_px = e.bbo.ask_px; m.ask_qty = e.bbo.ask_qty;
  // Same cross-check as MarketStateStage: when the diff-maintained book describes the same
  // moment (equal update id), its best prices must equal the ticker's.
  PriceLevel bb, ba;
  if (!p.sync->book_valid() || p.book->last_update_id() != e.bbo.update_id) return;
  if (!p.book->best_bid(bb) || !p.book->best_ask(ba)) return;
  ++m.ticker_checks;
  if (bb.px != m.bid_px || ba.px != m.ask_px) ++m.ticker_mismatch;
}

}  // namespace xtb
