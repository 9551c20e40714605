// order_sink.hpp — where a strategy writes the OrderCommands it has registered with the
// engine: ring R3 (sequencer → egress) in production, a vector in tests.
//
// Protocol (two-phase, so a command the engine refuses never reaches egress and a full
// ring never leaves an order registered but unsent):
//   OrderCommand* c = sink.claim();     // nullptr: no room now → do not call the engine
//   ... fill *c, OrderManager::place(*c, ...) / request_cancel(..., *c)
//   if accepted: sink.commit();         // publish exactly the claimed slot
//   else: nothing (the next claim() returns the same slot again)
// Thread: the producer side of R3, i.e. the sequencer thread. No allocation.
#pragma once
#include <cstddef>

#include "core/command.hpp"

namespace xtb::strategy {

class OrderSink {
 public:
  /// A writable slot for one command, or nullptr when the consumer is behind.
  virtual OrderCommand* claim() noexcept = 0;
  /// Publishes the slot returned by the last claim().
  virtual void commit() noexcept = 0;

 protected:
  ~OrderSink() = default;
};

/// OrderSink over an SpscRing<OrderCommand> (core/spsc_ring.hpp). `stamp` (may be null)
/// returns the TSC written into OrderCommand::sent_tsc just before publishing — the send
/// side of the tick-to-order latency (design §1: every order carries its cause's rx time).
template <class Ring>
class RingOrderSink final : public OrderSink {
 public:
  using Stamp = TscTicks (*)() noexcept;
  explicit RingOrderSink(Ring& ring, Stamp stamp = nullptr) noexcept : ring_(ring), stamp_(stamp) {}

  OrderCommand* claim() noexcept override {
    if (claimed_ == 0) claimed_ = ring_.try_claim_batch(1);
    return claimed_ != 0 ? &ring_.claimed(0) : nullptr;
  }
  void commit() noexcept override {
    if (claimed_ == 0) return;
    if (stamp_ != nullptr) ring_.claimed(0).sent_tsc = stamp_();
    ring_.publish(1);
    claimed_ = 0;
  }

 private:
  Ring& ring_;
  Stamp stamp_;
  std::size_t claimed_ = 0;
};

}  // namespace xtb::strategy
