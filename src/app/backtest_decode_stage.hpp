// backtest_decode_stage.hpp — the decode stage of a backtest: two inbound frame rings,
// R4 (the simulated venue's answers and user stream, app/sim_egress_stage.hpp) first,
// then R1 (the replayed capture, sim/replay_source.hpp); typed Events out on R2 through
// the real Binance decoder (venue/binance/decode_frame.hpp). Stage concept
// (core/runner.hpp); runs on the decode thread; allocation-free.
//
// Per frame kind:
//   HttpResponse  decode_rest() with the RestContext rebuilt from the frame's ResponseMeta
//                 (which request it answers: core/raw_frame.hpp) — the REST path of live;
//   ConnState     one EventType::ConnState event (status and reason from ConnMeta);
//   otherwise     decode_frame() (WebSocket text / capture line); a bare REST depth
//                 snapshot recorded in a capture goes through the REST path for
//                 `snapshot_symbol`, as app/decode_stage.hpp does.
// Beside every event it writes the frame's capture time into R2's RingStamps
// (app/replay_sync.hpp) and sets EventHeader::seq to the event's R2 sequence.
// Market tap: the BookTicker / Trade / DepthUpdate events decoded from R1 are also
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
#include <cstring>

#include "app/replay_sync.hpp"
#include "core/frame_pool.hpp"
#include "core/runner.hpp"
#include "core/spsc_ring.hpp"
#include "venue/binance/decode_frame.hpp"

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

template <class Source, class Egress>
class BacktestDecodeStage final : public EndOfInput {
 public:
  BacktestDecodeStage(const BacktestDecodeRings& rings, binance::Decoder& decoder, const Source& source,
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
    binance::DecodeResult r = decode(f, pool);
    if (r.status == binance::DecodeStatus::SinkFull) {
      sink_.publish(0);
      // Even an empty R2 cannot hold this frame's events: drop it (counted) rather than stall.
      if (g_.r2.try_claim_batch(g_.r2.capacity()) == g_.r2.capacity()) { ++c_.too_many_events; return true; }
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

  binance::DecodeResult decode(const RawFrame& f, LargeFramePool& pool) noexcept {
    const std::uint8_t* p = frame_payload(f, pool);
    const std::size_t cap = (f.is_large() ? pool.slot_bytes() : RawFrame::kInlineCapacity) + RawFrame::kPadding;
    if (f.kind == FrameKind::HttpResponse) {
      const ResponseMeta& m = f.response;
      binance::RestContext rc;
      rc.kind = static_cast<binance::RestKind>(m.rest_kind);
      rc.command = static_cast<CommandKind>(m.command);
      rc.http_status = m.transport_error != 0 ? 0 : m.http_status;
      rc.retry_after_s = m.retry_after_s;
      rc.used_weight_1m = m.used_weight_1m;
      rc.order_count_10s = m.order_count_10s;
      rc.generation = m.generation;
      rc.symbol = m.symbol;
      rc.client_id = m.client_id;
      return decoder_.decode_rest(p, f.len, cap, rc, sink_, f.rx_tsc, f.conn_id);
    }
    if (f.kind == FrameKind::ConnState) return conn_state(f);
    if (is_depth_snapshot(p, f.len)) {
      binance::RestContext rc;
      rc.kind = binance::RestKind::DepthSnapshot;
      rc.symbol = snapshot_symbol_;
      return decoder_.decode_rest(p, f.len, cap, rc, sink_, f.rx_tsc, f.conn_id);
    }
    return decoder_.decode_frame(p, f.len, cap, sink_, f.rx_tsc, f.conn_id);
  }

  binance::DecodeResult conn_state(const RawFrame& f) noexcept {
    binance::DecodeResult r;
    Event* e = sink_.slot(0);
    if (e == nullptr) { r.status = binance::DecodeStatus::SinkFull; return r; }
    std::memset(static_cast<void*>(e), 0, sizeof(Event));
    e->h.type = EventType::ConnState;
    e->h.venue = Venue::BinanceUsdm;
    e->h.conn_id = f.conn_id;
    e->h.symbol = kNoSymbol;
    e->h.rx_tsc = f.rx_tsc;
    e->conn_state.status = static_cast<ConnStatus>(f.conn.status);
    e->conn_state.reason = f.conn.reason;
    r.events = 1;
    return r;
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
    return t == EventType::BookTicker || t == EventType::Trade || t == EventType::DepthUpdate;
  }
  static bool is_depth_snapshot(const std::uint8_t* p, std::size_t n) noexcept {
    static constexpr char kPrefix[] = "{\"lastUpdateId\"";
    return n > sizeof kPrefix && std::memcmp(p, kPrefix, sizeof kPrefix - 1) == 0;
  }

  BacktestDecodeRings g_;
  binance::RingEventSink<SpscRing<Event>> sink_;
  binance::Decoder& decoder_;
  const Source& source_;
  const Egress* egress_ = nullptr;
  SymbolId snapshot_symbol_;
  Doorbell bell_;
  DoneFlag done_, market_done_;
  BacktestDecodeCounters c_;
};

}  // namespace xtb
