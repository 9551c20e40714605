// decode_stage.hpp — the decode stage for Binance USD-M: RawFrames from R1 in, typed
// Events into R2 out, through the venue decoder (venue/binance/decode_frame.hpp).
// Stage concept (core/runner.hpp); runs on the decode thread; allocation-free.
//
// A frame becomes 0..n events, published together after the decoder returns, so the
// sequencer never sees half a message. When R2 has no room for a frame's events the
// stage stops and retries that frame on the next poll (back-pressure, never loss).
// Large frames are released to their pool once decoded.
// REST depth snapshots recorded in captures (a bare `{"lastUpdateId":..}` body) are
// decoded with the REST path for `snapshot_symbol`.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "core/frame_pool.hpp"
#include "core/runner.hpp"
#include "core/spsc_ring.hpp"
#include "venue/binance/decode_frame.hpp"

namespace xtb {

template <class Upstream>
class BinanceDecodeStage {
 public:
  BinanceDecodeStage(SpscRing<RawFrame>& in, LargeFramePool& pool, SpscRing<Event>& out,
                     binance::Decoder& decoder, const Upstream& upstream, SymbolId snapshot_symbol)
      : in_(in), pool_(pool), out_(out), sink_(out), decoder_(decoder), upstream_(upstream),
        snapshot_symbol_(snapshot_symbol) {}

  std::size_t poll() noexcept {
    const bool upstream_done = upstream_.finished();
    std::size_t handled = 0;
    while (handled < kMaxFramesPerPoll) {
      RawFrame* f = in_.front();
      if (!f) break;
      if (!decode_one(*f)) { ++backpressure_; break; }  // R2 full: retry this frame later
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
  /// Frames dropped because they decode into more events than R2 holds.
  std::uint64_t too_many_events() const noexcept { return too_many_events_; }

 private:
  static constexpr std::size_t kMaxFramesPerPoll = 64;

  // Returns false when R2 lacked room (nothing published, the frame stays in R1).
  bool decode_one(const RawFrame& f) noexcept {
    const std::uint8_t* p = frame_payload(f, pool_);
    const std::size_t cap = f.is_large() ? pool_.slot_bytes() + RawFrame::kPadding
                                         : RawFrame::kInlineCapacity + RawFrame::kPadding;
    binance::DecodeResult r;
    if (is_depth_snapshot(p, f.len)) {
      binance::RestContext rc;
      rc.kind = binance::RestKind::DepthSnapshot;
      rc.symbol = snapshot_symbol_;
      r = decoder_.decode_rest(p, f.len, cap, rc, sink_, f.rx_tsc, f.conn_id);
    } else {
      r = decoder_.decode_frame(p, f.len, cap, sink_, f.rx_tsc, f.conn_id);
    }
    if (r.status == binance::DecodeStatus::SinkFull) {
      sink_.publish(0);
      // Even an empty R2 cannot hold this frame's events: drop it (counted) rather than stall.
      if (out_.try_claim_batch(out_.capacity()) == out_.capacity()) { ++too_many_events_; return true; }
      return false;
    }
    sink_.publish(r.events);
    ++frames_;
    return true;
  }

  static bool is_depth_snapshot(const std::uint8_t* p, std::size_t n) noexcept {
    static constexpr char kPrefix[] = "{\"lastUpdateId\"";
    return n > sizeof kPrefix && std::memcmp(p, kPrefix, sizeof kPrefix - 1) == 0;
  }

  SpscRing<RawFrame>& in_;
  LargeFramePool& pool_;
  SpscRing<Event>& out_;
  binance::RingEventSink<SpscRing<Event>> sink_;
  binance::Decoder& decoder_;
  const Upstream& upstream_;
  SymbolId snapshot_symbol_;
  Doorbell bell_;
  DoneFlag done_;
  std::uint64_t frames_ = 0, backpressure_ = 0, too_many_events_ = 0;
};

}  // namespace xtb
