// live_decode_stage.hpp — the live decode stage for Binance USD-M: two inbound frame rings
// (R1 from ingest, R4 from egress — two SPSC rings, never a shared queue) into one event
// ring R2, through the venue decoder (venue/binance/decode_frame.hpp).
//
//   WsText / WsBinary / ReplayLine → Decoder::decode_frame (stream messages)
//   HttpResponse                   → Decoder::decode_rest with a RestContext built from the
//                                    frame's ResponseMeta (rest kind, command, HTTP status,
//                                    Retry-After, weight/order-count headers, generation,
//                                    symbol, client id) — egress's in-flight table;
//                                    transport errors and local refusals carry Binance error
//                                    bodies (-1007 → Unknown, -1001 → Failed, ...)
//   ConnState                      → one ConnState event {status, reason}, conn_id =
//                                    the frame's, venue BinanceUsdm, no symbol
//
// Same contract as the replay stage (app/decode_stage.hpp): a frame's events are published
// together after the decoder returns; when R2 has no room the frame stays in its ring and
// is retried on the next poll (back-pressure, never loss); a frame with more events than
// R2 can ever hold is dropped and counted. Large frames go back to their own pool. R4 is
// served first each poll: order answers are rarer and more urgent than market data.
//
// Stage concept (core/runner.hpp); decode thread; allocation-free. `finished()` once both
// upstream stages finished and both rings are drained.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "core/frame_pool.hpp"
#include "core/runner.hpp"
#include "core/spsc_ring.hpp"
#include "venue/binance/decode_frame.hpp"

namespace xtb {

template <class MarketUpstream, class ResponseUpstream>
class LiveDecodeStage {
 public:
  struct Input {
    SpscRing<RawFrame>& ring;
    LargeFramePool& pool;
  };

  LiveDecodeStage(Input market, Input responses, SpscRing<Event>& out, binance::Decoder& decoder,
                  const MarketUpstream& market_up, const ResponseUpstream& response_up)
      : r1_(market), r4_(responses), out_(out), sink_(out), decoder_(decoder), up1_(market_up),
        up4_(response_up) {}

  std::size_t poll() noexcept {
    // Read the upstream flags FIRST (DoneFlag's protocol, core/runner.hpp).
    const bool done = up1_.finished() && up4_.finished();
    const std::size_t n = drain(r4_) + drain(r1_);
    if (done && r1_.ring.empty_approx() && r4_.ring.empty_approx()) done_.set();
    return n;
  }
  bool finished() const noexcept { return done_.get(); }
  /// Attach to BOTH rings: r1.attach_doorbell(stage.doorbell()); r4.attach_doorbell(...).
  Doorbell* doorbell() noexcept { return &bell_; }

  std::uint64_t frames() const noexcept { return frames_; }
  std::uint64_t conn_states() const noexcept { return conn_states_; }
  std::uint64_t responses() const noexcept { return responses_; }
  std::uint64_t backpressure() const noexcept { return backpressure_; }
  std::uint64_t too_many_events() const noexcept { return too_many_events_; }

 private:
  static constexpr std::size_t kMaxFramesPerPoll = 64;

  std::size_t drain(Input& in) noexcept {
    std::size_t handled = 0;
    while (handled < kMaxFramesPerPoll) {
      RawFrame* f = in.ring.front();
      if (!f) break;
      if (!decode_one(*f, in.pool)) { ++backpressure_; break; }  // R2 full: retry later
      if (f->is_large()) in.pool.release(f->large_handle);
      in.ring.pop();
      ++handled;
    }
    return handled;
  }

  // Returns false when R2 lacked room (nothing published; the frame stays in its ring).
  bool decode_one(const RawFrame& f, LargeFramePool& pool) noexcept {
    if (f.kind == FrameKind::ConnState) return publish_conn_state(f);
    const std::uint8_t* p = frame_payload(f, pool);
    const std::size_t cap = (f.is_large() ? pool.slot_bytes() : RawFrame::kInlineCapacity) + RawFrame::kPadding;
    binance::DecodeResult r;
    if (f.kind == FrameKind::HttpResponse) {
      const binance::RestContext rc = rest_context(f.response);
      r = decoder_.decode_rest(p, f.len, cap, rc, sink_, f.rx_tsc, f.conn_id);
      ++responses_;
    } else {
      r = decoder_.decode_frame(p, f.len, cap, sink_, f.rx_tsc, f.conn_id);
    }
    if (r.status == binance::DecodeStatus::SinkFull) {
      sink_.publish(0);
      if (out_.try_claim_batch(out_.capacity()) == out_.capacity()) { ++too_many_events_; return true; }
      return false;
    }
    sink_.publish(r.events);
    ++frames_;
    return true;
  }

  static binance::RestContext rest_context(const ResponseMeta& m) noexcept {
    binance::RestContext rc;
    rc.kind = static_cast<binance::RestKind>(m.rest_kind);
    rc.command = static_cast<CommandKind>(m.command);
    rc.http_status = m.http_status;
    rc.retry_after_s = m.retry_after_s;
    rc.used_weight_1m = m.used_weight_1m;
    rc.order_count_10s = m.order_count_10s;
    rc.generation = m.generation;
    rc.symbol = m.symbol;
    rc.client_id = m.client_id;
    return rc;
  }

  bool publish_conn_state(const RawFrame& f) noexcept {
    Event* e = out_.try_claim();
    if (!e) return false;
    std::memset(e, 0, sizeof(Event));
    e->h.type = EventType::ConnState;
    e->h.venue = Venue::BinanceUsdm;
    e->h.conn_id = f.conn_id;
    e->h.symbol = kNoSymbol;
    e->h.rx_tsc = f.rx_tsc;
    e->h.seq = out_.producer_sequence();
    e->conn_state.status = static_cast<ConnStatus>(f.conn.status);
    e->conn_state.reason = f.conn.reason;
    out_.publish(1);
    ++conn_states_;
    ++frames_;
    return true;
  }

  Input r1_, r4_;
  SpscRing<Event>& out_;
  binance::RingEventSink<SpscRing<Event>> sink_;
  binance::Decoder& decoder_;
  const MarketUpstream& up1_;
  const ResponseUpstream& up4_;
  Doorbell bell_;
  DoneFlag done_;
  std::uint64_t frames_ = 0, conn_states_ = 0, responses_ = 0, backpressure_ = 0, too_many_events_ = 0;
};

}  // namespace xtb
