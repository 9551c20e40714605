// ring_adapters.hpp — one small adapter per SPSC queue under test, so the throughput and
// ping-pong drivers (ring_harness.hpp) run the same code against every queue.
//
// Each adapter moves the 64-byte Ev64 and offers:
//   push(seq)               producer: write one event (all 64 bytes), false when full;
//   push_batch(seq, n)      producer: write up to n events with the queue's batch API,
//                           returns how many (kHasBatch == false: not provided);
//   pop(f)                  consumer: hand the oldest event to f(const Ev64&), false if empty;
//   pop_all(f)              consumer: hand every available event to f (xtb, ConcurrentQueue:
//                           at most kMaxBatch per call), returns the count.
// The adapters use each queue's best non-allocating API, as its documentation recommends:
// xtb claims slots in place; boost::lockfree uses push/consume_one/consume_all;
// ReaderWriterQueue try_enqueue/try_dequeue (no batch API exists); ConcurrentQueue is used
// SPSC through one ProducerToken (try_enqueue/try_*_bulk and the *_from_producer dequeues,
// the fastest path its README names for a single known producer).
#pragma once
#include <boost/lockfree/spsc_queue.hpp>
#include <concurrentqueue/concurrentqueue.h>
#include <readerwriterqueue/readerwriterqueue.h>

#include <cstddef>
#include <cstdint>

#include "core/spsc_ring.hpp"

namespace xtb::bench {

/// The benchmark event: 64 bytes, as the issue asks (a best-bid/offer-sized message).
struct Ev64 {
  std::uint64_t seq;
  std::uint64_t body[7];
};
static_assert(sizeof(Ev64) == 64);

/// Producer side: writes every byte of the event (a real producer fills the whole message).
inline void fill(Ev64& e, std::uint64_t seq) noexcept {
  e.seq = seq;
  for (std::uint64_t k = 0; k < 7; ++k) e.body[k] = seq + k;
}

/// Largest batch any adapter moves at once (size of the on-stack staging arrays).
inline constexpr std::size_t kMaxBatch = 256;

// ------------------------------------------------------------------------------ xtb
class XtbQueue {
 public:
  static constexpr const char* kName = "xtb::SpscRing";
  static constexpr bool kHasBatch = true;
  explicit XtbQueue(std::size_t capacity) : ring_(capacity) {}

  bool push(std::uint64_t seq) noexcept {
    Ev64* slot = ring_.try_claim();
    if (!slot) return false;
    fill(*slot, seq);  // written in place: no staging copy
    ring_.publish(1);
    return true;
  }
  std::size_t push_batch(std::uint64_t seq, std::size_t n) noexcept {
    const std::size_t got = ring_.try_claim_batch(n);
    for (std::size_t i = 0; i < got; ++i) fill(ring_.claimed(i), seq + i);
    if (got) ring_.publish(got);
    return got;
  }
  /// front()/pop(): the single-event consumer API (no look-ahead at the next slot).
  template <class F>
  bool pop(F& f) noexcept {
    Ev64* e = ring_.front();
    if (!e) return false;
    f(*e);
    ring_.pop();
    return true;
  }
  /// consume(): the Disruptor-style batch consumer the pipeline stages use.
  template <class F>
  std::size_t pop_all(F& f) noexcept {
    return ring_.consume([&f](Ev64& e, std::uint64_t, bool) { f(e); }, kMaxBatch);
  }

 private:
  SpscRing<Ev64> ring_;
};

// ------------------------------------------------------------------------------ boost
class BoostQueue {
 public:
  static constexpr const char* kName = "boost::lockfree::spsc_queue";
  static constexpr bool kHasBatch = true;
  explicit BoostQueue(std::size_t capacity) : q_(capacity) {}

  bool push(std::uint64_t seq) noexcept {
    Ev64 e;
    fill(e, seq);
    return q_.push(e);
  }
  std::size_t push_batch(std::uint64_t seq, std::size_t n) noexcept {
    Ev64 staged[kMaxBatch];
    for (std::size_t i = 0; i < n; ++i) fill(staged[i], seq + i);
    return q_.push(staged, n);
  }
  template <class F>
  bool pop(F& f) noexcept {
    return q_.consume_one(f);
  }
  template <class F>
  std::size_t pop_all(F& f) noexcept {
    return q_.consume_all(f);
  }

 private:
  boost::lockfree::spsc_queue<Ev64> q_;
};

// ------------------------------------------------------------------------------ ReaderWriterQueue
class RwQueue {
 public:
  static constexpr const char* kName = "moodycamel::ReaderWriterQueue";
  static constexpr bool kHasBatch = false;
  explicit RwQueue(std::size_t capacity) : q_(capacity) {}

  bool push(std::uint64_t seq) noexcept {
    Ev64 e;
    fill(e, seq);
    return q_.try_enqueue(e);  // never allocates (enqueue() would grow)
  }
  template <class F>
  bool pop(F& f) noexcept {
    Ev64 e;
    if (!q_.try_dequeue(e)) return false;
    f(e);
    return true;
  }
  template <class F>
  std::size_t pop_all(F& f) noexcept {
    std::size_t n = 0;
    while (n < kMaxBatch && pop(f)) ++n;
    return n;
  }

 private:
  moodycamel::ReaderWriterQueue<Ev64> q_;
};

// ------------------------------------------------------------------------------ ConcurrentQueue
class CqQueue {
 public:
  static constexpr const char* kName = "moodycamel::ConcurrentQueue";
  static constexpr bool kHasBatch = true;
  // Capacity preallocated for one explicit producer and no implicit ones, so try_* never
  // allocates; the token is created here (cold) and used by the producer thread only.
  explicit CqQueue(std::size_t capacity) : q_(capacity, 1, 0), token_(q_) {}

  bool push(std::uint64_t seq) noexcept {
    Ev64 e;
    fill(e, seq);
    return q_.try_enqueue(token_, e);
  }
  std::size_t push_batch(std::uint64_t seq, std::size_t n) noexcept {
    Ev64 staged[kMaxBatch];
    for (std::size_t i = 0; i < n; ++i) fill(staged[i], seq + i);
    // All-or-nothing: on failure try a single event so a nearly full queue still moves.
    if (q_.try_enqueue_bulk(token_, staged, n)) return n;
    return q_.try_enqueue(token_, staged[0]) ? 1 : 0;
  }
  template <class F>
  bool pop(F& f) noexcept {
    Ev64 e;
    if (!q_.try_dequeue_from_producer(token_, e)) return false;
    f(e);
    return true;
  }
  template <class F>
  std::size_t pop_all(F& f) noexcept {
    Ev64 staged[kMaxBatch];
    const std::size_t n = q_.try_dequeue_bulk_from_producer(token_, staged, kMaxBatch);
    for (std::size_t i = 0; i < n; ++i) f(staged[i]);
    return n;
  }

 private:
  moodycamel::ConcurrentQueue<Ev64> q_;
  moodycamel::ProducerToken token_;
};

}  // namespace xtb::bench
