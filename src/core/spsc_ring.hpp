// spsc_ring.hpp — bounded single-producer/single-consumer ring of preallocated slots.
//
// Disruptor-style: the producer claims slots (one or a batch), writes into them in place
// and publishes; the consumer processes everything available in one pass and releases
// the slots to the producer once per batch. Capacity is a power of two; indices are
// 64-bit sequences that never wrap in practice (2^64 events at 1e9/s = 584 years).
//
// Publication is a producer *cursor* (Disruptor's `Sequence`): the producer fills slots
// in place, then publishes a whole batch with one release store of the cursor on its own
// cache-line block. The consumer caches the cursor and reloads it only when it has
// consumed everything it knew about; symmetrically the producer caches the consumer's
// `head` and reloads it only when the ring looks full. In steady state each side touches
// the other's line once per batch, and a slot is exactly its payload rounded up to whole
// cache lines (a 64-byte event moves one line, a 256-byte Event four).
// (An earlier version put a `published` word in every slot; measured on the ring
// benchmark it moved two lines per 64-byte event and capped throughput at ~0.6x of this
// design, for no round-trip gain — docs/benchmarks.md.)
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

  // One slot = T rounded up to whole cache lines, so neighbouring slots never share one.
  struct alignas(kCacheLine) Slot {
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
    for (std::size_t i = 0; i < capacity; ++i) new (&slots_[i]) Slot{};  // also pre-faults
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

  /// Publishes `n` claimed slots (all at once, in order).
  void publish(std::size_t n = 1) noexcept {
    p_.tail += n;
    // Release: the payload writes into the claimed slots become visible before the
    // consumer can observe the new cursor (it loads `cursor` with acquire).
    p_.cursor.store(p_.tail, std::memory_order_release);
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
    // "Everything available": re-read the cursor once per batch unless what we already
    // know fills the batch. Acquire pairs with publish()'s release store: payloads up to
    // the cursor are visible.
    if (c_.cached_cursor - seq < max_batch) {
      c_.cached_cursor = p_.cursor.load(std::memory_order_acquire);
      if (c_.cached_cursor == seq) return 0;
    }
    std::size_t n = static_cast<std::size_t>(c_.cached_cursor - seq);
    if (n > max_batch) n = max_batch;
    const std::uint64_t end = seq + n;
    for (; seq != end; ++seq) handler(slot(seq).value, seq, seq + 1 == end);
    c_.head_local = end;
    // Release: our reads of the consumed slots happen-before the producer reuses them.
    c_.head.store(end, std::memory_order_release);
    return n;
  }

  /// Single-event consumer API: the oldest published event or nullptr; pop() releases it.
  T* front() noexcept {
    if (c_.cached_cursor == c_.head_local) {
      c_.cached_cursor = p_.cursor.load(std::memory_order_acquire);
      if (c_.cached_cursor == c_.head_local) return nullptr;
    }
    return &slot(c_.head_local).value;
  }
  void pop() noexcept {
    ++c_.head_local;
    c_.head.store(c_.head_local, std::memory_order_release);
  }
  /// Sequence of the event front() returns (consumer thread).
  std::uint64_t consumer_sequence() const noexcept { return c_.head_local; }

  /// Events published and not yet consumed, as seen from any thread (approximate).
  std::size_t size_approx() const noexcept {
    const std::uint64_t head = c_.head.load(std::memory_order_acquire);
    const std::uint64_t tail = p_.cursor.load(std::memory_order_acquire);
    return static_cast<std::size_t>(tail - head);
  }
  /// True when nothing is published-and-unconsumed. From the consumer thread it is exact
  /// for everything published before the call (acquire on the cursor).
  bool empty_approx() const noexcept { return size_approx() == 0; }

 private:
  Slot& slot(std::uint64_t seq) noexcept { return slots_[seq & mask_]; }

  // Read-only after construction: shared by both threads without contention.
  const std::size_t capacity_;
  const std::uint64_t mask_;
  Slot* slots_ = nullptr;
  Doorbell* bell_ = nullptr;

  // Producer-owned block: `cursor` is the one word the consumer reads (once per batch).
  struct alignas(kFalseSharingRange) Producer {
    std::atomic<std::uint64_t> cursor{0};  // published sequences are [0, cursor)
    std::uint64_t tail = 0;                // next sequence to claim (== cursor after publish)
    std::uint64_t cached_head = 0;         // last head seen; refreshed only when apparently full
  } p_;
  // Consumer-owned block: `head` is the one word the producer reads (rarely).
  struct alignas(kFalseSharingRange) Consumer {
    std::atomic<std::uint64_t> head{0};    // first sequence not yet consumed (released)
    std::uint64_t head_local = 0;          // consumer's private copy
    std::uint64_t cached_cursor = 0;       // last cursor seen; refreshed when caught up
  } c_;
};

}  // namespace xtb
