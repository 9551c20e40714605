// spsc_ring.hpp — bounded single-producer/single-consumer ring of preallocated slots.
//
// Disruptor-style: the producer claims slots (one or a batch), writes into them in place
// and publishes; the consumer processes everything available in one pass and releases
// the slots to the producer once per batch. Capacity is a power of two; indices are
// 64-bit sequences that never wrap in practice (2^64 events at 1e9/s = 584 years).
//
// Why a per-slot sequence: the consumer detects a published slot by reading the slot's
// own `published` word, which lives in the same cache line as the start of the payload.
// A ping-pong therefore moves one line pair producer→consumer instead of two separate
// lines (a shared tail index plus the data). The producer learns about free slots from
// the consumer's `head_` index, which it caches and re-reads only when the cache says
// the ring is full — so in steady state neither side touches the other's index line.
//
// Threads: exactly one producer thread calls the producer API, exactly one consumer
// thread calls the consumer API; any thread may read stats. Nothing here allocates after
// construction. An optional Doorbell (doorbell.hpp) wakes a consumer that sleeps in the
// blocking wait strategy; with no doorbell attached the publish path has no fence.
#pragma once
#include <atomic>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>
#include <stdexcept>
#include <type_traits>

#include "core/cacheline.hpp"
#include "core/doorbell.hpp"

namespace xtb {

template <class T>
class SpscRing {
  static_assert(std::is_trivially_copyable_v<T>, "ring slots hold POD events");

  struct alignas(kCacheLine) Slot {
    // Holds (sequence + 1) once the producer has published the slot for `sequence`.
    std::atomic<std::uint64_t> published{0};
    T value;
  };

 public:
  /// Allocates `capacity` slots (power of two, >= 2) and touches every page so the
  /// first pass over the ring does not page-fault. Throws std::invalid_argument on a
  /// bad capacity. Cold path: call at start-up.
  explicit SpscRing(std::size_t capacity)
      : capacity_(capacity), mask_(capacity - 1) {
    if (capacity < 2 || (capacity & (capacity - 1)) != 0)
      throw std::invalid_argument("SpscRing capacity must be a power of two >= 2");
    slots_ = static_cast<Slot*>(::operator new[](sizeof(Slot) * capacity, std::align_val_t{kCacheLine}));
    for (std::size_t i = 0; i < capacity; ++i) new (&slots_[i]) Slot{};
  }
  ~SpscRing() { ::operator delete[](slots_, std::align_val_t{kCacheLine}); }
  SpscRing(const SpscRing&) = delete;
  SpscRing& operator=(const SpscRing&) = delete;

  std::size_t capacity() const noexcept { return capacity_; }
  /// Bytes of slot memory (for mlock / pre-fault accounting).
  std::size_t memory_bytes() const noexcept { return sizeof(Slot) * capacity_; }
  /// Attach the consumer's doorbell; publish() then wakes a sleeping consumer.
  /// Call before the threads start.
  void attach_doorbell(Doorbell* bell) noexcept { bell_ = bell; }

  // ------------------------------------------------------------------ producer side
  /// Returns the next free slot to fill in place, or nullptr if the ring is full.
  T* try_claim() noexcept { return try_claim_batch(1) ? &slot(p_.tail).value : nullptr; }

  /// Claims up to `n` consecutive slots; returns how many (0 when full). Fill them via
  /// claimed(i), i < returned count, then publish(count).
  std::size_t try_claim_batch(std::size_t n) noexcept {
    std::size_t free = capacity_ - static_cast<std::size_t>(p_.tail - p_.cached_head);
    if (free < n) {
      // Acquire pairs with the consumer's release store of head_: once we see the new
      // head, the consumer's reads of those slots are complete and we may overwrite them.
      p_.cached_head = c_.head.load(std::memory_order_acquire);
      free = capacity_ - static_cast<std::size_t>(p_.tail - p_.cached_head);
    }
    return n < free ? n : free;
  }
  /// The i-th slot of the current claim (0-based).
  T& claimed(std::size_t i) noexcept { return slot(p_.tail + i).value; }

  /// Publishes `n` claimed slots in order.
  void publish(std::size_t n = 1) noexcept {
    for (std::size_t i = 0; i < n; ++i) {
      const std::uint64_t seq = p_.tail + i;
      // Release: the payload writes above become visible before the consumer can observe
      // the sequence (it loads `published` with acquire).
      slot(seq).published.store(seq + 1, std::memory_order_release);
    }
    p_.tail += n;
    if (bell_) bell_->notify();
  }

  /// Copies `v` into the ring; false when full (caller decides: spin, drop+count, ...).
  bool try_push(const T& v) noexcept {
    T* s = try_claim();
    if (!s) return false;
    *s = v;
    publish(1);
    return true;
  }

  /// Sequence that the next claimed slot will get (number of events ever published).
  std::uint64_t producer_sequence() const noexcept { return p_.tail; }

  // ------------------------------------------------------------------ consumer side
  /// Calls `handler(T& event, uint64_t sequence, bool end_of_batch)` for every published
  /// event, up to `max_batch`, then releases all of them to the producer with a single
  /// store. Returns the number handled (0 if empty). The handler must not throw.
  template <class Handler>
  std::size_t consume(Handler&& handler, std::size_t max_batch = SIZE_MAX) noexcept {
    std::uint64_t seq = c_.head_local;
    Slot* s = &slot(seq);
    // Acquire pairs with publish()'s release store: the payload is visible once we see it.
    if (s->published.load(std::memory_order_acquire) != seq + 1) return 0;
    const std::size_t limit = max_batch < capacity_ ? max_batch : capacity_;
    std::size_t n = 0;
    for (;;) {
      Slot* next = &slot(seq + 1);
      const bool more = n + 1 < limit && next->published.load(std::memory_order_acquire) == seq + 2;
      handler(s->value, seq, !more);
      ++n;
      ++seq;
      if (!more) break;
      s = next;
    }
    c_.head_local = seq;
    // Release: our reads of the consumed slots happen-before the producer reuses them.
    c_.head.store(seq, std::memory_order_release);
    return n;
  }

  /// Single-event consumer API: the oldest published event or nullptr; pop() releases it.
  T* front() noexcept {
    Slot& s = slot(c_.head_local);
    return s.published.load(std::memory_order_acquire) == c_.head_local + 1 ? &s.value : nullptr;
  }
  void pop() noexcept {
    ++c_.head_local;
    c_.head.store(c_.head_local, std::memory_order_release);
  }

  /// Events published and not yet consumed, as seen from any thread (approximate).
  std::size_t size_approx() const noexcept {
    const std::uint64_t head = c_.head.load(std::memory_order_relaxed);
    std::uint64_t tail = head;
    while (tail - head < capacity_ && slot_const(tail).published.load(std::memory_order_relaxed) == tail + 1) ++tail;
    return static_cast<std::size_t>(tail - head);
  }
  bool empty_approx() const noexcept {
    const std::uint64_t head = c_.head.load(std::memory_order_relaxed);
    return slot_const(head).published.load(std::memory_order_acquire) != head + 1;
  }

 private:
  Slot& slot(std::uint64_t seq) noexcept { return slots_[seq & mask_]; }
  const Slot& slot_const(std::uint64_t seq) const noexcept { return slots_[seq & mask_]; }

  // Read-only after construction: shared by both threads without contention.
  const std::size_t capacity_;
  const std::uint64_t mask_;
  Slot* slots_ = nullptr;
  Doorbell* bell_ = nullptr;

  // Producer-owned line(s): written only by the producer thread.
  struct alignas(kFalseSharingRange) Producer {
    std::uint64_t tail = 0;         // next sequence to claim
    std::uint64_t cached_head = 0;  // last head_ seen; refreshed only when apparently full
  } p_;
  // Consumer-owned line(s): head is the one word the producer reads (rarely).
  struct alignas(kFalseSharingRange) Consumer {
    std::atomic<std::uint64_t> head{0};  // first sequence not yet consumed (published)
    std::uint64_t head_local = 0;        // consumer's private copy
  } c_;
};

}  // namespace xtb
