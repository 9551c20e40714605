// live_decode_stage.hpp — the live decode stage: two inbound frame rings (market frames
// from ingest, venue answers from egress — two SPSC rings, never a shared queue) into one
// event ring, through any venue's decoder (VenueDecoder, pipeline/decode/venue_decoder.hpp):
//
//   WsText / WsBinary / ReplayLine → decoder.decode_frame (stream messages)
//   HttpResponse                   → decoder.decode_response with the frame's ResponseMeta
//                                    (egress's in-flight record: request kind, command,
//                                    HTTP status, rate headers, generation, symbol, client
//                                    id; transport errors and local refusals included)
//   ConnState                      → one ConnState event {status, reason}, conn_id = the
//                                    frame's, venue = the decoder's, no symbol
//
// Same contract as the replay stage (replay_decode_stage.hpp): a frame's events are
// published together after the decoder returns; when the event ring has no room the frame
// stays in its ring and is retried on the next poll (back-pressure, never loss); a frame
// with more events than the ring can ever hold is dropped and counted. Large frames go back
// to their own pool. Answers are served first each poll: they are rarer and more urgent
// than market data.
//
// Stage concept (core/stage.hpp); decode thread; allocation-free. `finished()` once both
// upstream stages finished and both rings are drained.
#pragma once
#include <cstddef>
#include <cstdint>

#include "core/frame_pool.hpp"
#include "core/runner.hpp"
#include "core/spsc_ring.hpp"
#include "pipeline/decode/frame_decode.hpp"

namespace xtb {

template <VenueDecoder Decoder, class MarketUpstream, class ResponseUpstream>
class LiveDecodeStage {
 public:
  struct Input {
    SpscRing<RawFrame>& ring;
    LargeFramePool& pool;
  };

  LiveDecodeStage(Input market, Input responses, SpscRing<Event>& out, Decoder& decoder,
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
      if (!decode_one(*f, in.pool)) { ++backpressure_; break; }  // event ring full: retry later
      if (f->is_large()) in.pool.release(f->large_handle);
      in.ring.pop();
      ++handled;
    }
    return handled;
  }

  // Returns false when the event ring lacked room (nothing published; the frame stays queued).
  bool decode_one(const RawFrame& f, LargeFramePool& pool) noexcept {
    const FrameDecode r = decode_raw_frame(decoder_, f, pool, sink_, FrameSource::Live);
    if (r.status == DecodeStatus::SinkFull) {
      sink_.publish(0);
      if (frame_exceeds_ring(out_)) { ++too_many_events_; return true; }
      return false;
    }
    sink_.publish(r.events);
    if (r.conn_state) ++conn_states_;
    if (f.kind == FrameKind::HttpResponse) ++responses_;
    ++frames_;
    return true;
  }

  Input r1_, r4_;
  SpscRing<Event>& out_;
  RingEventSink<SpscRing<Event>> sink_;
  Decoder& decoder_;
  const MarketUpstream& up1_;
  const ResponseUpstream& up4_;
  Doorbell bell_;
  DoneFlag done_;
  std::uint64_t frames_ = 0, conn_states_ = 0, responses_ = 0, backpressure_ = 0, too_many_events_ = 0;
};

}  // namespace xtb
