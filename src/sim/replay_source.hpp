// replay_source.hpp — the ingest stage of a replay: publishes a loaded Capture's
// records into ring R1 as RawFrames, at recorded pace × speed or as fast as the ring
// accepts them. Stage concept (core/runner.hpp); runs on the ingest thread.
//
// rx_tsc is stamped at publish time, so tick-to-order measured downstream is the
// pipeline's own latency, not the recording's. Oversize records use the LargeFramePool;
// when the pool is empty the source waits (back-pressure) rather than drop — replay must
// never lose data. A capture holding a record larger than a pool slot is refused at
// construction (D11/K4: it used to be dropped with only a counter nobody printed);
// too_large() stays as a guard and is reported by the summaries.
// Pacing (speed > 0) follows CapturePacer: a time jump of more than `max_gap_ns` is
// counted in time_jumps() and not waited for (D9/K5).
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/clock.hpp"
#include "core/frame_pool.hpp"
#include "core/raw_frame.hpp"
#include "core/runner.hpp"
#include "core/spsc_ring.hpp"
#include "sim/capture.hpp"
#include "sim/capture_pacer.hpp"

namespace xtb {

class ReplaySource {
 public:
  struct Options {
    double speed = 0.0;          ///< 0 = as fast as possible; 1 = recorded pace; 10 = 10×
    std::size_t max_batch = 32;  ///< frames published per poll at most
    std::uint16_t conn_id = 0;   ///< stamped on every frame
    std::size_t first = 0;       ///< first record index to replay
    std::size_t count = SIZE_MAX;///< records to replay from `first`
    std::int64_t max_gap_ns = CapturePacer::kDefaultMaxGapNs;  ///< longer jumps are not waited for
  };

  ReplaySource(const Capture& cap, SpscRing<RawFrame>& out, LargeFramePool& pool, Options opt)
      : cap_(cap), out_(out), pool_(pool), opt_(opt), next_(opt.first),
        end_(opt.count > cap.size() - (opt.first < cap.size() ? opt.first : cap.size())
                 ? cap.size() : opt.first + opt.count),
        pacer_(opt.max_gap_ns) {
    check_record_sizes();
  }

  std::size_t poll() noexcept {
    if (next_ >= end_) { done_.set(); return 0; }
    if (opt_.speed > 0 && !paced_ready()) return 0;
    std::size_t want = end_ - next_;
    if (want > opt_.max_batch) want = opt_.max_batch;
    const std::size_t got = out_.try_claim_batch(want);
    std::size_t filled = 0;
    for (; filled < got && next_ < end_; ++next_) {
      if (opt_.speed > 0 && filled > 0 && !paced_ready()) break;
      RawFrame& f = out_.claimed(filled);
      const std::string_view js = cap_.json(next_);
      const FrameStore st = store_frame_payload(f, js.data(), js.size(), pool_);
      if (st == FrameStore::PoolExhausted) break;         // retry this record next poll
      if (st == FrameStore::TooLarge) { ++too_large_; continue; }
      f.conn_id = opt_.conn_id;
      f.kind = FrameKind::ReplayLine;
      f.flags = 0;
      f.capture_ns = cap_[next_].recv_ns;
      f.rx_tsc = Clock::now();
      ++filled;
    }
    out_.publish(filled);
    published_ += filled;
    if (next_ >= end_) done_.set();
    return filled;
  }
  /// Safe from any thread: true once every record has been published.
  bool finished() const noexcept { return done_.get(); }
  Doorbell* doorbell() noexcept { return nullptr; }

  std::uint64_t published() const noexcept { return published_; }
  std::uint64_t too_large() const noexcept { return too_large_; }
  /// Paced replays: forward/backward steps longer than max_gap_ns that were not waited for.
  std::uint64_t time_jumps() const noexcept { return pacer_.jumps(); }

 private:
  // Cold (constructor): every record must fit a large-frame slot.
  void check_record_sizes() const {
    if (cap_.size() == 0 || cap_.max_record_bytes() <= pool_.slot_bytes()) return;
    const std::size_t i = cap_.largest_record();
    if (i < next_ || i >= end_) return;
    throw CaptureError("capture record " + std::to_string(i + 1) + " is " + std::to_string(cap_.max_record_bytes()) +
                       " bytes, larger than a frame slot (" + std::to_string(pool_.slot_bytes()) +
                       " bytes): it cannot be replayed");
  }

  bool paced_ready() noexcept {
    const std::int64_t now = Clock::monotonic_ns();
    if (start_ns_ == 0) start_ns_ = now;
    if (due_for_ != next_) {  // once per record: the pacer counts jumps
      due_for_ = next_;
      due_offset_ = pacer_.next(cap_[next_].recv_ns);
    }
    const double due = static_cast<double>(due_offset_) / opt_.speed;
    return static_cast<double>(now - start_ns_) >= due;
  }

  const Capture& cap_;
  SpscRing<RawFrame>& out_;
  LargeFramePool& pool_;
  Options opt_;
  std::size_t next_, end_;
  std::uint64_t published_ = 0, too_large_ = 0;
  std::int64_t start_ns_ = 0, due_offset_ = 0;
  std::size_t due_for_ = SIZE_MAX;
  CapturePacer pacer_;
  DoneFlag done_;
};

}  // namespace xtb
