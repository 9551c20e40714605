// record_channel.hpp — RecordChannel<T>: the hand-off of fixed-size records (trivially
// copyable T) from one hot thread (the sequencer) to one cold thread (a notifier, a log
// writer) that must never make the hot thread block, allocate or make a syscall.
//
// Shape: a bounded SpscRing<T> (core/spsc_ring.hpp) of `capacity` slots (power of two,
// allocated and pre-faulted at construction) plus a Doorbell (core/doorbell.hpp) on which
// the consumer sleeps when the ring is empty.
//
// Threads:
//   producer — exactly one thread calls try_push();
//   consumer — exactly one thread calls consume()/pop() and wait();
//   any      — wake(), pushed(), dropped(), size_approx().
// Memory ordering: the ring publishes each record with a release store of its cursor and
// the consumer reads it with acquire (see SpscRing), so a consumed record is complete.
// The counters are relaxed atomics written only by the producer (statistics, no ordering).
//
// Wake-up: by default try_push() does NOT ring the doorbell — ringing costs a futex
// syscall when the consumer sleeps, and the sequencer makes no syscalls after warm-up.
// The consumer instead sleeps with a bounded timeout (e.g. 20 ms), negligible next to a
// chat API's ~1 message/s or a log file's flush interval. Construct with
// `wake_on_push = true` to ring on every push (producers that are not latency-critical).
// Lost wake-ups are impossible (Doorbell protocol: prepare_wait, re-check, wait).
#pragma once
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "core/doorbell.hpp"
#include "core/spsc_ring.hpp"

namespace xtb {

template <class T>
class RecordChannel {
  static_assert(std::is_trivially_copyable_v<T>, "records are copied through the ring");

 public:
  static constexpr std::size_t kDefaultCapacity = 1024;

  /// `capacity`: power of two >= 2 (throws std::invalid_argument otherwise). Cold path.
  explicit RecordChannel(std::size_t capacity = kDefaultCapacity, bool wake_on_push = false)
      : ring_(capacity), wake_on_push_(wake_on_push) {}
  RecordChannel(const RecordChannel&) = delete;
  RecordChannel& operator=(const RecordChannel&) = delete;

  // ---------------------------------------------------------------- producer (one hot thread)
  /// Copies `a` into the ring. Never blocks, never allocates, no syscall unless
  /// wake_on_push. Full ring → the record is dropped, counted in dropped(), false.
  bool try_push(const T& a) noexcept {
    if (!ring_.try_push(a)) {
      dropped_.store(dropped_.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
      return false;
    }
    pushed_.store(pushed_.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
    if (wake_on_push_) bell_.notify();
    return true;
  }

  // ---------------------------------------------------------------- consumer (one cold thread)
  /// Calls `f(const T&)` for up to `max` published records, oldest first;
  /// returns how many. `f` must not throw.
  template <class F>
  std::size_t consume(F&& f, std::size_t max = SIZE_MAX) noexcept {
    return ring_.consume([&](T& a, std::uint64_t, bool) { f(a); }, max);
  }
  /// Oldest record into `out`; false when empty.
  bool pop(T& out) noexcept {
    T* p = ring_.front();
    if (!p) return false;
    out = *p;
    ring_.pop();
    return true;
  }
  /// Sleeps until wake()/a ringing push or `timeout_ns`, unless the ring is non-empty or
  /// `has_other_work()` is true after announcing the sleep (closes the lost-wake-up window
  /// for work that arrives through other queues that call wake()).
  template <class Pred>
  void wait(std::int64_t timeout_ns, Pred&& has_other_work) noexcept {
    const std::uint32_t key = bell_.prepare_wait();
    if (!ring_.empty_approx() || has_other_work()) {
      bell_.cancel_wait();
      return;
    }
    bell_.wait(key, timeout_ns);
  }
  void wait(std::int64_t timeout_ns) noexcept { wait(timeout_ns, [] { return false; }); }

  // ---------------------------------------------------------------- any thread
  /// Wakes a sleeping consumer (cold path: one futex syscall when it sleeps).
  void wake() noexcept { bell_.notify(); }
  /// Records accepted / dropped because the ring was full (since construction).
  std::uint64_t pushed() const noexcept { return pushed_.load(std::memory_order_relaxed); }
  std::uint64_t dropped() const noexcept { return dropped_.load(std::memory_order_relaxed); }
  /// Published and not yet consumed (approximate from other threads).
  std::size_t size_approx() const noexcept { return ring_.size_approx(); }
  std::size_t capacity() const noexcept { return ring_.capacity(); }

 private:
  SpscRing<T> ring_;
  Doorbell bell_;
  const bool wake_on_push_;
  alignas(kFalseSharingRange) std::atomic<std::uint64_t> pushed_{0};
  std::atomic<std::uint64_t> dropped_{0};
};

}  // namespace xtb
