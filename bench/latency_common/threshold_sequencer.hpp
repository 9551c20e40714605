// threshold_sequencer.hpp — the latency benchmark's sequencer stage: consumes ring R2
// (decoded events) and runs a one-line strategy inline — a bookTicker of `symbol` whose
// best bid is at or above `threshold` (price ticks) makes one BUY LIMIT (IOC by default)
// order of `qty` steps at that bid, LONG side (hedge mode) — through the engine's real
// pre-trade check (engine::RiskGate on the symbol's exchangeInfo rules) and client order id
// allocation (engine::OrderIdAllocator), then publishes the OrderCommand on R3 stamped like
// CommandPublisher: cause_rx_tsc = the bookTicker's ingest rx TSC, sent_tsc = publication.
// The decision time (event taken off R2) goes into OrderStamps under the id's sequence, so
// the egress probe can split tick-to-order into stages (bench_engine.hpp).
// Other events are counted: order acks (accepted / rejected / failed), decode errors.
// Thread: the sequencer thread (R2 consumer, R3 producer). No allocation after construction.
#pragma once
#include <atomic>
#include <cstdint>

#include "core/clock.hpp"
#include "core/command.hpp"
#include "core/doorbell.hpp"
#include "core/event.hpp"
#include "core/runner.hpp"
#include "core/spsc_ring.hpp"
#include "engine/order_id_allocator.hpp"
#include "engine/risk.hpp"
#include "venue/binance/venue_id.hpp"

namespace xtb::bench {

/// Per-order stamps by client-id sequence (mod kSlots), written by the sequencer before the
/// R3 publication and read by egress after consuming the command (the ring's release /
/// acquire orders them).
struct OrderStamps {
  static constexpr std::size_t kSlots = 1 << 16;
  struct Slot {
    TscTicks decided = 0;   ///< sequencer took the cause event off R2
  };
  Slot slots[kSlots];
};

struct SequencerCounters {
  std::uint64_t events = 0, book_tickers = 0, triggers = 0, orders = 0;
  std::uint64_t risk_rejects = 0, r3_full = 0, acks = 0, ack_rejects = 0, decode_errors = 0;
};

template <class Upstream>
class ThresholdSequencer {
 public:
  struct Config {
    SymbolId symbol = kNoSymbol;
    Price threshold = 900000;   ///< ticks
    Qty qty = 2;                ///< steps
    TimeInForce tif = TimeInForce::IOC;
  };

  ThresholdSequencer(const Config& cfg, SpscRing<Event>& r2, SpscRing<OrderCommand>& r3, engine::RiskGate& risk,
                     engine::OrderIdAllocator& ids, OrderStamps& stamps, const Upstream& upstream)
      : cfg_(cfg), r2_(r2), r3_(r3), risk_(risk), ids_(ids), stamps_(stamps), upstream_(upstream) {}

  std::size_t poll() noexcept {
    const bool upstream_done = upstream_.finished();
    const std::size_t n = r2_.consume([this](Event& e, std::uint64_t, bool) { on_event(e); }, 256);
    if (n == 0 && upstream_done) done_.set();
    return n;
  }
  bool finished() const noexcept { return done_.get(); }
  Doorbell* doorbell() noexcept { return &bell_; }
  /// Counters; read after the thread joined.
  const SequencerCounters& counters() const noexcept { return c_; }

 private:
  void on_event(const Event& e) noexcept {
    ++c_.events;
    switch (e.h.type) {
      case EventType::BestBidOffer:
        ++c_.book_tickers;
        if (e.h.symbol == cfg_.symbol && e.bbo.bid_px >= cfg_.threshold) decide(e);
        break;
      case EventType::OrderAck:
        ++c_.acks;
        if (e.order_ack.status == OrderStatus::Rejected || e.order_ack.status == OrderStatus::Failed) ++c_.ack_rejects;
        break;
      case EventType::DecodeError: ++c_.decode_errors; break;
      default: break;
    }
  }

  void decide(const Event& e) noexcept {
    const TscTicks decided = Clock::now();
    ++c_.triggers;
    OrderCommand c{};
    c.kind = CommandKind::NewOrder;
    c.venue = binance::kVenueId;
    c.symbol = cfg_.symbol;
    c.side = Side::Buy;
    c.position_side = PositionSide::Long;
    c.type = OrderType::Limit;
    c.tif = cfg_.tif;
    c.px = e.bbo.bid_px;
    c.qty = cfg_.qty;
    c.generation = 1;
    c.cause_rx_tsc = e.h.rx_tsc;
    if (risk_.check_new(c, engine::Exposure{}, c.px, Clock::to_monotonic_ns(decided)) != engine::RejectReason::None) {
      ++c_.risk_rejects;
      return;
    }
    OrderCommand* slot = r3_.try_claim();
    if (slot == nullptr) {
      ++c_.r3_full;  // egress behind: the trigger is dropped (counted), never queued
      return;
    }
    c.client_id = ids_.next();
    stamps_.slots[ids_.seq_of(c.client_id.view()) % OrderStamps::kSlots].decided = decided;
    c.sent_tsc = Clock::now();
    *slot = c;
    r3_.publish(1);
    ++c_.orders;
  }

  Config cfg_;
  SpscRing<Event>& r2_;
  SpscRing<OrderCommand>& r3_;
  engine::RiskGate& risk_;
  engine::OrderIdAllocator& ids_;
  OrderStamps& stamps_;
  const Upstream& upstream_;
  Doorbell bell_;
  DoneFlag done_;
  SequencerCounters c_;
};

}  // namespace xtb::bench
