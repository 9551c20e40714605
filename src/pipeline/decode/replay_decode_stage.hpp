// replay_decode_stage.hpp — the decode stage of `xtb replay`: RawFrames of a capture from
// the frame ring in, typed Events into the event ring out, through any venue's decoder
// (VenueDecoder, pipeline/decode/venue_decoder.hpp). Stage concept (core/stage.hpp); runs on the
// decode thread; allocation-free.
//
// A frame becomes 0..n events, published together after the decoder returns, so the
// sequencer never sees half a message. When the event ring has no room for a frame's
// events the stage stops and retries that frame on the next poll (back-pressure, never
// loss). Large frames are released to their pool once decoded. Recorded REST depth
// snapshots are decoded for `snapshot_symbol` (decode_record).
#pragma once
#include <cstddef>
#include <cstdint>

#include "core/frame_pool.hpp"
#include "core/runner.hpp"
#include "core/spsc_ring.hpp"
#include "pipeline/decode/frame_decode.hpp"

namespace xtb {

template <VenueDecoder Decoder, class Upstream>
class ReplayDecodeStage {
 public:
  ReplayDecodeStage(SpscRing<RawFrame>& frames, LargeFramePool& pool, SpscRing<Event>& events,
                    Decoder& decoder, const Upstream& upstream, SymbolId snapshot_symbol)
      : in_(frames), pool_(pool), out_(events), sink_(events), decoder_(decoder), upstream_(upstream),
        snapshot_symbol_(snapshot_symbol) {}

  std::size_t poll() noexcept {
    const bool upstream_done = upstream_.finished();
    std::size_t handled = 0;
    while (handled < kMaxFramesPerPoll) {
      RawFrame* f = in_.front();
      if (!f) break;
      if (!decode_one(*f)) { ++backpressure_; break; }  // event ring full: retry this frame later
      if (f->is_large()) pool_.release(f->large_handle);
      in_.pop();
      ++handled;
    }
    if (upstream_done && in_.empty_approx()) done_.set();
    return handled;
  }
  bool finished() const noexcept { return done_.get(); }
  Doorbell* doorbell() noexcept { return &bell_; }

  std::uint64_t frames() const noexcept { return frames_; }
  std::uint64_t backpressure() const noexcept { return backpressure_; }
  /// Frames dropped because they decode into more events than the event ring holds.
  std::uint64_t too_many_events() const noexcept { return too_many_events_; }

 private:
  static constexpr std::size_t kMaxFramesPerPoll = 64;

  // Returns false when the event ring lacked room (nothing published, the frame stays queued).
  bool decode_one(const RawFrame& f) noexcept {
    const FrameDecode r = decode_raw_frame(decoder_, f, pool_, sink_, FrameSource::Capture, snapshot_symbol_);
    if (r.status == DecodeStatus::SinkFull) {
      sink_.publish(0);
      if (frame_exceeds_ring(out_)) { ++too_many_events_; return true; }
      return false;
    }
    sink_.publish(r.events);
    ++frames_;
    return true;
  }

  SpscRing<RawFrame>& in_;
  LargeFramePool& pool_;
  SpscRing<Event>& out_;
  RingEventSink<SpscRing<Event>> sink_;
  Decoder& decoder_;
  const Upstream& upstream_;
  SymbolId snapshot_symbol_;
  Doorbell bell_;
  DoneFlag done_;
  std::uint64_t frames_ = 0, backpressure_ = 0, too_many_events_ = 0;
};

}  // namespace xtb
