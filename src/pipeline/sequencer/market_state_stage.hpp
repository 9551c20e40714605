// market_state_stage.hpp — the replay's sequencer-side consumer of R2: a MarketState
// (pipeline/sequencer/market_state.hpp: synced local books, best bid/ask, trades) plus pipeline
// statistics. The full sequencer (pipeline/sequencer/sequencer_stage.hpp) owns the same MarketState
// beside the order manager and the strategy.
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
#include "pipeline/sequencer/market_state.hpp"
#include "market/order_book.hpp"
#include "telemetry/histogram.hpp"
#include "market/book_sync.hpp"

namespace xtb {

struct MarketStateCounters {
  std::uint64_t events = 0, decode_errors = 0, unknown_symbol_events = 0, other = 0;
};

template <class Upstream>
class MarketStateStage {
 public:
  /// Tracks symbol ids 0..symbols-1, `book_levels` per side.
  MarketStateStage(SpscRing<Event>& in, const Upstream& upstream, std::size_t symbols, std::size_t book_levels)
      : in_(in), upstream_(upstream), state_(all_ids(symbols), symbols, book_levels), latency_(3, 10'000'000'000ull) {}

  std::size_t poll() noexcept {
    const bool upstream_done = upstream_.finished();
    const std::size_t n = in_.consume([this](Event& e, std::uint64_t, bool) { on_event(e); });
    if (upstream_done && in_.empty_approx()) done_.set();
    return n;
  }
  bool finished() const noexcept { return done_.get(); }
  Doorbell* doorbell() noexcept { return &bell_; }

  const SymbolMarket& market(SymbolId s) const { return state_.market(s); }
  const OrderBook& book(SymbolId s) const { return state_.book(s); }
  const BookSync& sync(SymbolId s) const { return state_.sync(s); }
  const MarketStateCounters& counters() const {
    counters_.unknown_symbol_events = state_.unknown_symbol_events();
    return counters_;
  }
  const Histogram& latency_ns() const { return latency_; }

 private:
  static std::vector<SymbolId> all_ids(std::size_t n) {
    std::vector<SymbolId> ids(n);
    for (std::size_t i = 0; i < n; ++i) ids[i] = static_cast<SymbolId>(i);
    return ids;
  }

  void on_event(const Event& e) noexcept {
    ++counters_.events;
    latency_.record(static_cast<std::uint64_t>(Clock::to_ns(Clock::now() - e.h.rx_tsc)));
    if (e.h.type == EventType::DecodeError) { ++counters_.decode_errors; return; }
    if (!state_.apply(e)) ++counters_.other;
  }

  SpscRing<Event>& in_;
  const Upstream& upstream_;
  MarketState state_;
  mutable MarketStateCounters counters_;
  Histogram latency_;
  Doorbell bell_;
  DoneFlag done_;
};

}  // namespace xtb
