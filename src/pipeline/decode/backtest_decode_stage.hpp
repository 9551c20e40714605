// backtest_decode_stage.hpp — the decode stage of a backtest: two inbound frame rings,
// R4 (the simulated venue's answers and user stream, the venue's sim/sim_egress_stage.hpp)
// first, then R1 (the replayed capture, sim/replay_source.hpp); typed Events out on R2
// through the venue's real decoder (VenueDecoder, pipeline/decode/venue_decoder.hpp). Stage concept
// (core/stage.hpp); runs on the decode thread; allocation-free.
//
// Per frame (pipeline/decode/frame_decode.hpp): venue answers with their ResponseMeta
// (the REST path of live), ConnState frames as ConnState events, capture records through
// decode_record (recorded REST depth snapshots for `snapshot_symbol`).
// Beside every event it writes the frame's capture time into R2's RingStamps
// (pipeline/replay_sync.hpp) and sets EventHeader::seq to the event's R2 sequence.
// Market tap: the best bid/offer / Trade / DepthUpdate events decoded from R1 are also
// copied (with their stamps) onto a second Event ring for the simulated exchange, so it
// replays exactly the same decoded market data without decoding the capture twice. A
// frame is published to R2 and the tap together or not at all: when either ring lacks
// room the frame stays in its input ring and is retried (back-pressure, never loss).
// R4 is served first so the venue's answers are never queued behind market data.
//
// finished(): the replay source is done, R1 and R4 are drained and the egress (R4's
// producer) is finished. input_ended() (EndOfInput): the source is done and all of R1 is
// decoded and published — the sequencer's signal that no more market data will come.
#pragma once
#include <cstddef>
#include <cstdint>

#include "pipeline/replay_sync.hpp"
#include "core/frame_pool.hpp"
#include "core/runner.hpp"
#include "core/spsc_ring.hpp"
#include "pipeline/decode/frame_decode.hpp"

namespace xtb {

/// Rings and pools the backtest decode stage reads and writes (all outlive it).
struct BacktestDecodeRings {
  SpscRing<RawFrame>& r1;        ///< replayed capture (consumer)
  LargeFramePool& r1_pool;
  SpscRing<RawFrame>& r4;        ///< simulated venue → decode (consumer)
  LargeFramePool& r4_pool;
  SpscRing<Event>& r2;           ///< → sequencer (producer)
  RingStamps& r2_stamps;
  SpscRing<Event>* tap = nullptr;        ///< → simulated exchange (producer), optional
  RingStamps* tap_stamps = nullptr;
};

struct BacktestDecodeCounters {
  std::uint64_t market_frames = 0, venue_frames = 0, events = 0, tap_events = 0;
  std::uint64_t backpressure = 0;      ///< polls stopped because R2 or the tap was full
  std::uint64_t too_many_events = 0;   ///< frames dropped: more events than R2 holds
};

template <VenueDecoder Decoder, class Source, class Egress>
class BacktestDecodeStage final : public EndOfInput {
 public:
  BacktestDecodeStage(const BacktestDecodeRings& rings, Decoder& decoder, const Source& source,
                      SymbolId snapshot_symbol)
      : g_(rings), sink_(rings.r2), decoder_(decoder), source_(source), snapshot_symbol_(snapshot_symbol) {}

  /// Cold path, before the run: the stage producing R4 (its finished() ends this stage).
  void set_egress(const Egress* egress) noexcept { egress_ = egress; }

  std::size_t poll() noexcept {
    // Upstream flags first (DoneFlag protocol): whatever they published before is drained below.
    const bool source_done = source_.finished();
    const bool egress_done = egress_ == nullptr || egress_->finished();
    std::size_t handled = 0;
    bool stalled = false;
    handled += drain(g_.r4, g_.r4_pool, false, stalled);
    if (!stalled) handled += drain(g_.r1, g_.r1_pool, true, stalled);
    if (source_done && g_.r1.empty_approx()) market_done_.set();
    if (source_done && egress_done && g_.r1.empty_approx() && g_.r4.empty_approx()) done_.set();
    return handled;
  }
  bool finished() const noexcept { return done_.get(); }
  Doorbell* doorbell() noexcept { return &bell_; }
  bool input_ended() const noexcept override { return market_done_.get(); }

  const BacktestDecodeCounters& counters() const noexcept { return c_; }

 private:
  static constexpr std::size_t kMaxFramesPerPoll = 64;

  std::size_t drain(SpscRing<RawFrame>& in, LargeFramePool& pool, bool market, bool& stalled) noexcept {
    std::size_t n = 0;
    while (n < kMaxFramesPerPoll) {
      RawFrame* f = in.front();
      if (f == nullptr) break;
      if (!decode_one(*f, pool, market)) {
        ++c_.backpressure;
        stalled = true;
        break;
      }
      if (f->is_large()) pool.release(f->large_handle);
      in.pop();
      ++n;
      ++(market ? c_.market_frames : c_.venue_frames);
    }
    return n;
  }

  // False when R2 or the tap lacked room (nothing published; the frame stays queued).
  bool decode_one(const RawFrame& f, LargeFramePool& pool, bool market) noexcept {
    const std::uint64_t seq0 = g_.r2.producer_sequence();
    const FrameDecode r = decode_raw_frame(decoder_, f, pool, sink_, FrameSource::Capture, snapshot_symbol_);
    if (r.status == DecodeStatus::SinkFull) {
      sink_.publish(0);
      // Even an empty R2 cannot hold this frame's events: drop it (counted) rather than stall.
      if (frame_exceeds_ring(g_.r2)) { ++c_.too_many_events; return true; }
      return false;
    }
    if (market && g_.tap != nullptr && !copy_to_tap(r.events, f.capture_ns)) {
      sink_.publish(0);
      return false;
    }
    for (std::uint32_t i = 0; i < r.events; ++i) {
      Event& e = g_.r2.claimed(i);
      e.h.seq = seq0 + i;
      g_.r2_stamps.set(seq0 + i, f.capture_ns);
    }
    sink_.publish(r.events);
    c_.events += r.events;
    return true;
  }

  // Copies the frame's market events (claimed R2 slots 0..n) to the tap.
  bool copy_to_tap(std::uint32_t n, std::int64_t capture_ns) noexcept {
    std::size_t m = 0;
    for (std::uint32_t i = 0; i < n; ++i) m += is_tapped(g_.r2.claimed(i).h.type) ? 1 : 0;
    if (m == 0) return true;
    if (g_.tap->try_claim_batch(m) < m) return false;
    const std::uint64_t seq0 = g_.tap->producer_sequence();
    std::size_t k = 0;
    for (std::uint32_t i = 0; i < n; ++i) {
      const Event& e = g_.r2.claimed(i);
      if (!is_tapped(e.h.type)) continue;
      g_.tap->claimed(k) = e;
      if (g_.tap_stamps != nullptr) g_.tap_stamps->set(seq0 + k, capture_ns);
      ++k;
    }
    g_.tap->publish(m);
    c_.tap_events += m;
    return true;
  }

  static bool is_tapped(EventType t) noexcept {
    return t == EventType::BestBidOffer || t == EventType::Trade || t == EventType::DepthUpdate;
  }
  BacktestDecodeRings g_;
  RingEventSink<SpscRing<Event>> sink_;
  Decoder& decoder_;
  const Source& source_;
  const Egress* egress_ = nullptr;
  SymbolId snapshot_symbol_;
  Doorbell bell_;
  DoneFlag done_, market_done_;
  BacktestDecodeCounters c_;
};

}  // namespace xtb
