// market_state_stage.hpp — the sequencer-side consumer of R2 for market data: keeps each
// symbol's local order book in sync (Binance snapshot + diff procedure, BookSync), the
// best bid/ask from bookTicker, last trade, and pipeline statistics. It is the part of the
// sequencer that replay and backtests share with live trading; order handling plugs in
// beside it (src/engine/).
//
// Stage concept (core/runner.hpp); runs on the sequencer thread; allocation-free after
// construction. Latency: for every event, now − rx_tsc of its frame (ingest stamp →
// sequencer) is recorded in a histogram (ns).
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "core/clock.hpp"
#include "core/runner.hpp"
#include "core/spsc_ring.hpp"
#include "market/order_book.hpp"
#include "telemetry/histogram.hpp"
#include "venue/binance/book_sync.hpp"

namespace xtb {

/// Per-symbol market view kept by the sequencer.
struct SymbolMarket {
  Price bid_px = 0, ask_px = 0;      ///< from the latest bookTicker (ticks)
  Qty bid_qty = 0, ask_qty = 0;      ///< steps
  Price last_trade_px = 0, prev_trade_px = 0;
  std::uint64_t book_tickers = 0, trades = 0, depth_messages = 0;
  Qty traded_qty = 0;                ///< sum of trade quantities (steps)
  std::uint64_t ticker_checks = 0;   ///< bookTicker vs synced book comparisons made
  std::uint64_t ticker_mismatch = 0; ///< … where the book's best price was worse than the ticker's
};

struct MarketStateCounters {
  std::uint64_t events = 0, decode_errors = 0, unknown_symbol_events = 0, other = 0;
};

template <class Upstream>
class MarketStateStage {
 public:
  /// `symbols`: number of symbol ids to track (ids 0..symbols-1), `book_levels` per side.
  MarketStateStage(SpscRing<Event>& in, const Upstream& upstream, std::size_t symbols, std::size_t book_levels)
      : in_(in), upstream_(upstream), latency_(3, 10'000'000'000ull) {
    for (std::size_t s = 0; s < symbols; ++s) {
      books_.push_back(std::make_unique<OrderBook>(static_cast<SymbolId>(s), book_levels));
      syncs_.push_back(std::make_unique<binance::BookSync>(*books_.back()));
    }
    markets_.resize(symbols);
  }

  std::size_t poll() noexcept {
    const bool upstream_done = upstream_.finished();
    const std::size_t n = in_.consume([this](Event& e, std::uint64_t, bool) { on_event(e); });
    if (upstream_done && in_.empty_approx()) done_.set();
    return n;
  }
  bool finished() const noexcept { return done_.get(); }
  Doorbell* doorbell() noexcept { return &bell_; }

  const SymbolMarket& market(SymbolId s) const { return markets_[s]; }
  const OrderBook& book(SymbolId s) const { return *books_[s]; }
  const binance::BookSync& sync(SymbolId s) const { return *syncs_[s]; }
  const MarketStateCounters& counters() const { return counters_; }
  const Histogram& latency_ns() const { return latency_; }

 private:
  void on_event(const Event& e) noexcept {
    ++counters_.events;
    latency_.record(static_cast<std::uint64_t>(Clock::to_ns(Clock::now() - e.h.rx_tsc)));
    if (e.h.type == EventType::DecodeError) { ++counters_.decode_errors; return; }
    if (e.h.symbol >= markets_.size()) { ++counters_.unknown_symbol_events; return; }
    SymbolMarket& m = markets_[e.h.symbol];
    switch (e.h.type) {
      case EventType::BookTicker: on_book_ticker(e, m); break;
      case EventType::Trade:
        ++m.trades;
        m.prev_trade_px = m.last_trade_px;
        m.last_trade_px = e.trade.px;
        m.traded_qty += e.trade.qty;
        break;
      case EventType::DepthUpdate:
        if ((e.h.flags & DepthUpdate::kFirstChunk) && !(e.h.flags & DepthUpdate::kSnapshot)) ++m.depth_messages;
        syncs_[e.h.symbol]->on_depth(e);
        break;
      default: ++counters_.other; break;
    }
  }

  void on_book_ticker(const Event& e, SymbolMarket& m) noexcept {
    ++m.book_tickers;
    m.bid_px = e.book_ticker.bid_px; m.bid_qty = e.book_ticker.bid_qty;
    m.ask_px = e.book_ticker.ask_px; m.ask_qty = e.book_ticker.ask_qty;
    // Cross-check the diff-maintained book against the ticker when both describe the same
    // moment (book update id at or past the ticker's): the book's best bid may not be
    // below the ticker's and its best ask not above it.
    const auto& sync = *syncs_[e.h.symbol];
    const OrderBook& b = *books_[e.h.symbol];
    PriceLevel bb, ba;
    if (!sync.book_valid() || b.last_update_id() != e.book_ticker.update_id) return;
    if (!b.best_bid(bb) || !b.best_ask(ba)) return;
    ++m.ticker_checks;
    if (bb.px != m.bid_px || ba.px != m.ask_px) ++m.ticker_mismatch;
  }

  SpscRing<Event>& in_;
  const Upstream& upstream_;
  std::vector<std::unique_ptr<OrderBook>> books_;
  std::vector<std::unique_ptr<binance::BookSync>> syncs_;
  std::vector<SymbolMarket> markets_;
  MarketStateCounters counters_;
  Histogram latency_;
  Doorbell bell_;
  DoneFlag done_;
};

}  // namespace xtb
