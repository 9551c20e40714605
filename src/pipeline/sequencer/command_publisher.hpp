// command_publisher.hpp — CommandPublisher: the sequencer's single writer of ring R3
// (OrderCommand, sequencer → egress). It is the strategy's OrderSink
// (strategy/order_sink.hpp: two-phase claim/commit) and also takes the commands the engine
// makes itself (OrderManager::on_timer queries, reconciliation, cancel-all).
//
// On every publication it
//   * stamps OrderCommand::sent_tsc (Clock::now()) and, when the command has a cause
//     (cause_rx_tsc != 0), records tick-to-order latency = sent − cause_rx_tsc in ns into
//     a histogram (design §1: measured on every order, not only in benchmarks);
//   * fills a zero cause_rx_tsc with the rx TSC of the event being processed
//     (set_context), so engine-made commands are attributed to their trigger too;
//   * writes the command's cause time (the sequencer's time when it was made, capture ns in
//     a backtest) into the optional RingStamps of R3 (pipeline/replay_sync.hpp), which the
//     simulated exchange uses to apply it at the right moment of the replay.
// Engine-made commands that find R3 full wait in a fixed FIFO (flushed first on the next
// poll, order kept); while it is not empty claim() returns nullptr so a strategy command
// can never overtake them. A full FIFO drops the command and counts it (the engine's
// timers and reconciliation re-issue queries and cancels).
// Thread: the sequencer (R3's producer). No allocation after construction.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>

#include "pipeline/replay_sync.hpp"
#include "core/clock.hpp"
#include "core/command.hpp"
#include "core/spsc_ring.hpp"
#include "strategy/order_sink.hpp"
#include "telemetry/histogram.hpp"
#include "telemetry/trade_event.hpp"

namespace xtb {

struct PublisherCounters {
  std::uint64_t published = 0;        ///< commands put on R3
  std::uint64_t queued = 0;           ///< engine-made commands that waited in the FIFO
  std::uint64_t dropped = 0;          ///< FIFO full: command lost (counted, re-issued later)
  std::uint64_t claim_refused = 0;    ///< strategy claim() while R3 full or FIFO busy
  std::uint64_t by_kind[8] = {};      ///< published per CommandKind (index = enum value)
};

class CommandPublisher final : public strategy::OrderSink {
 public:
  /// `stamps` may be null (live: no replay time). `fifo_capacity` ≥ 1. Cold path.
  CommandPublisher(SpscRing<OrderCommand>& ring, RingStamps* stamps, std::size_t fifo_capacity = 256)
      : ring_(ring), stamps_(stamps), fifo_(std::make_unique<Pending[]>(fifo_capacity ? fifo_capacity : 1)),
        fifo_cap_(fifo_capacity ? fifo_capacity : 1), latency_(3, 60'000'000'000ull) {}

  /// Latency is recorded only while on (the sequencer turns it on when trading starts, after
  /// the initial calibration: start-up commands pay first-touch page faults of every buffer
  /// on the path and are not the steady state). Default on.
  void set_recording(bool on) noexcept { recording_ = on; }

  /// Structured event log: every order placed / cancel sent is emitted to `sink` as a
  /// Place / Cancel TradeEvent when it is published (same thread). Default: none.
  void set_events(TradeEventSink sink) noexcept { events_ = sink; }

  /// Time (sequencer ns) and rx TSC of the event being processed; every command published
  /// until the next call is attributed to them.
  void set_context(std::int64_t now_ns, TscTicks cause_rx_tsc) noexcept {
    now_ns_ = now_ns;
    cause_ = cause_rx_tsc;
  }

  // strategy::OrderSink
  OrderCommand* claim() noexcept override {
    if (fifo_n_ != 0 || !slot_available()) {
      ++counters_.claim_refused;
      return nullptr;
    }
    return &ring_.claimed(0);
  }
  void commit() noexcept override {
    if (claimed_ == 0) return;
    finish(ring_.claimed(0), now_ns_);
  }

  /// Publishes an engine-made command now, or queues it when R3 is full. False when the
  /// FIFO is full as well (dropped, counted).
  bool publish(const OrderCommand& c) noexcept {
    if (fifo_n_ == 0 && slot_available()) {
      ring_.claimed(0) = c;
      finish(ring_.claimed(0), now_ns_);
      return true;
    }
    if (fifo_n_ == fifo_cap_) {
      ++counters_.dropped;
      return false;
    }
    Pending& p = fifo_[(fifo_head_ + fifo_n_) % fifo_cap_];
    p.cmd = c;
    p.now_ns = now_ns_;
    if (p.cmd.cause_rx_tsc == 0) p.cmd.cause_rx_tsc = cause_;
    ++fifo_n_;
    ++counters_.queued;
    return true;
  }

  /// Moves queued commands to R3 while it has room; returns how many.
  std::size_t flush() noexcept {
    std::size_t n = 0;
    while (fifo_n_ != 0 && slot_available()) {
      const Pending& p = fifo_[fifo_head_];
      ring_.claimed(0) = p.cmd;
      finish(ring_.claimed(0), p.now_ns);
      fifo_head_ = (fifo_head_ + 1) % fifo_cap_;
      --fifo_n_;
      ++n;
    }
    return n;
  }

  /// Commands that can be published right now without queueing (0 while the FIFO is busy).
  std::uint32_t room(std::uint32_t want) noexcept {
    if (fifo_n_ != 0) return 0;
    return static_cast<std::uint32_t>(ring_.try_claim_batch(want));
  }
  std::size_t pending() const noexcept { return fifo_n_; }
  const Histogram& latency_ns() const noexcept { return latency_; }
  const PublisherCounters& counters() const noexcept { return counters_; }

 private:
  struct Pending {
    OrderCommand cmd;
    std::int64_t now_ns;
  };

  // A claimed, unpublished slot. A strategy claim() the engine then refused leaves one
  // behind: it is simply reused (the strategy refills its slot after every claim()).
  bool slot_available() noexcept {
    if (claimed_ == 0) claimed_ = ring_.try_claim_batch(1);
    return claimed_ != 0;
  }

  // Stamps and publishes the claimed slot 0 (holding `c`).
  void finish(OrderCommand& c, std::int64_t cause_time_ns) noexcept {
    if (c.cause_rx_tsc == 0) c.cause_rx_tsc = cause_;
    if (stamps_ != nullptr) stamps_->set(ring_.producer_sequence(), cause_time_ns);
    c.sent_tsc = Clock::now();
    if (recording_ && c.cause_rx_tsc != 0 && c.sent_tsc >= c.cause_rx_tsc)
      latency_.record(static_cast<std::uint64_t>(Clock::to_ns(c.sent_tsc - c.cause_rx_tsc)));
    const auto k = static_cast<std::size_t>(c.kind);
    if (k < 8) ++counters_.by_kind[k];
    ++counters_.published;
    ring_.publish(1);
    claimed_ = 0;
    if (events_.enabled() && (c.kind == CommandKind::NewOrder || c.kind == CommandKind::CancelOrder))
      emit(c, cause_time_ns);
  }

  void emit(const OrderCommand& c, std::int64_t t_ns) const noexcept {
    TradeEvent e;
    e.t_ns = t_ns;
    e.kind = c.kind == CommandKind::NewOrder ? TradeEventKind::Place : TradeEventKind::Cancel;
    e.side = c.side;
    e.position_side = c.position_side;
    e.tif = c.tif;
    e.flags = c.flags;
    e.symbol = c.symbol;
    e.code = static_cast<std::int32_t>(c.type);
    e.px = c.px;
    e.stop_px = c.stop_px;
    e.qty = c.qty;
    e.id = c.client_id;
    events_.emit(e);
  }

  SpscRing<OrderCommand>& ring_;
  RingStamps* stamps_;
  std::unique_ptr<Pending[]> fifo_;
  std::size_t fifo_cap_, fifo_head_ = 0, fifo_n_ = 0;
  std::size_t claimed_ = 0;
  std::int64_t now_ns_ = 0;
  TscTicks cause_ = 0;
  bool recording_ = true;
  TradeEventSink events_;
  Histogram latency_;
  PublisherCounters counters_;
};

}  // namespace xtb
