// replay_sync.hpp — what the backtest stages share to stay in lockstep on *capture time*
// (docs/backtest.md "Time and lockstep"):
//
//   RingStamps     one int64 per slot of an SpscRing, indexed by the ring sequence: the
//                  producer writes the stamp of the item it is about to publish, the
//                  consumer reads it for the item it consumes. Used for "capture ns of the
//                  frame this Event came from" (R2, decode → sequencer; the market tap,
//                  decode → egress) and "capture ns of the event that caused this command"
//                  (R3, sequencer → egress). Core's Event / OrderCommand have no field for
//                  it, and replay time must not leak into the live types.
//   TimeWatermark  the sequencer's replay time (ns of capture time it has processed up to),
//                  published for the simulated exchange so it never runs behind it.
//   EndOfInput     "will any more market input arrive?" (the backtest decode stage says so
//                  once the replay source is done and R1 is decoded).
//
// Memory ordering. RingStamps has no atomics of its own: it rides on the ring's
// publication protocol (core/spsc_ring.hpp). The producer writes stamp[seq] between
// claiming slot `seq` and publish(), so the stamp write happens-before the release store of
// the ring cursor; the consumer reads it after its acquire load of the cursor. The producer
// rewrites stamp[seq + capacity] only after claiming that slot, i.e. after it has seen (acquire)
// the consumer's release of `seq`. A stamp therefore has exactly the visibility and
// lifetime of the slot it describes. Capacity must equal the ring's.
// TimeWatermark is a single release/acquire word: a command published on R3 before the
// sequencer stores watermark W is visible to an egress that loaded W.
// Threads: one producer and one consumer per RingStamps, like its ring; TimeWatermark has
// one writer (sequencer) and any number of readers. No allocation after construction.
#pragma once
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>

namespace xtb {

class RingStamps {
 public:
  /// `capacity` = the companion ring's capacity (power of two). Cold path.
  explicit RingStamps(std::size_t capacity)
      : mask_(capacity - 1), v_(std::make_unique<std::int64_t[]>(capacity)) {
    if (capacity < 2 || (capacity & (capacity - 1)) != 0)
      throw std::invalid_argument("RingStamps capacity must be a power of two >= 2");
  }
  /// Producer: stamp of the item that will be published with sequence `seq`.
  void set(std::uint64_t seq, std::int64_t v) noexcept { v_[seq & mask_] = v; }
  /// Consumer: stamp of the consumed item with sequence `seq`.
  std::int64_t get(std::uint64_t seq) const noexcept { return v_[seq & mask_]; }
  std::size_t capacity() const noexcept { return mask_ + 1; }

 private:
  std::uint64_t mask_;
  std::unique_ptr<std::int64_t[]> v_;
};

class TimeWatermark {
 public:
  /// Writer (sequencer thread), after publishing every command caused at or before `ns`.
  void store(std::int64_t ns) noexcept { ns_.store(ns, std::memory_order_release); }
  /// Readers: the latest stored time (0 before the first store).
  std::int64_t load() const noexcept { return ns_.load(std::memory_order_acquire); }

 private:
  std::atomic<std::int64_t> ns_{0};
};

/// Implemented by the stage that turns the replayed input into events; read by its
/// consumers (the sequencer to start its shutdown, the simulated egress to know no later
/// market data can come). Live pipelines have none and stop with a shutdown request.
/// Any thread; the implementation must publish with release semantics (DoneFlag).
class EndOfInput {
 public:
  virtual bool input_ended() const noexcept = 0;

 protected:
  ~EndOfInput() = default;
};

}  // namespace xtb
