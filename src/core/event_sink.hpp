// event_sink.hpp — where a venue decoder writes the events of one message: slot i of the
// current frame, handed out in order, published by the caller only after the decoder
// returns (so the sequencer never sees half a message).
//
// EventSink is the decoder-facing interface (one virtual call per slot, not per field);
// ArrayEventSink serves tests and benchmarks, RingEventSink claims SpscRing<Event> slots
// lazily for the decode stages. Thread: the one decode thread that owns the sink.
// Allocation: none.
#pragma once
#include <cstddef>

#include "core/event.hpp"

namespace xtb {

class EventSink {
 public:
  /// Slot `i` of the current frame, or nullptr when no room is left. Decoders ask for
  /// i = 0, 1, 2, ... in order and may ask again for an index already handed out (to patch
  /// chunk headers); the same slot must be returned. A new frame starts again at 0.
  virtual Event* slot(std::size_t i) noexcept = 0;

 protected:
  ~EventSink() = default;
};

/// EventSink over a caller-owned array (tests, replay tools, benchmarks).
class ArrayEventSink final : public EventSink {
 public:
  ArrayEventSink(Event* events, std::size_t capacity) noexcept : ev_(events), cap_(capacity) {}
  Event* slot(std::size_t i) noexcept override { return i < cap_ ? &ev_[i] : nullptr; }
  Event& operator[](std::size_t i) noexcept { return ev_[i]; }
  std::size_t capacity() const noexcept { return cap_; }

 private:
  Event* ev_;
  std::size_t cap_;
};

/// EventSink over an SpscRing<Event> producer (core/spsc_ring.hpp): claims lazily; the
/// decode stage then calls publish(events) once the decoder returned.
template <class Ring>
class RingEventSink final : public EventSink {
 public:
  explicit RingEventSink(Ring& ring) noexcept : ring_(ring) {}
  Event* slot(std::size_t i) noexcept override {
    if (i >= claimed_) {
      claimed_ = ring_.try_claim_batch(i + 1);
      if (i >= claimed_) return nullptr;
    }
    return &ring_.claimed(i);
  }
  /// Publishes `n` slots of the frame just decoded and starts the next frame.
  void publish(std::size_t n) noexcept {
    if (n) ring_.publish(n);
    claimed_ = 0;
  }

 private:
  Ring& ring_;
  std::size_t claimed_ = 0;
};

}  // namespace xtb
