// order_store.hpp — fixed-capacity order table with two open-addressing indexes.
//
// Storage: `capacity` Order slots allocated once in the constructor. Two hash indexes map
// a client order id and a venue order id to a slot; both use linear probing over a
// power-of-two table at least twice the slot count, with tombstones for deletions.
// When tombstones + used entries pass 3/4 of an index it is rebuilt in place from the
// slots (O(index size), no allocation; happens once per ~capacity/4 recycled orders).
//
// Recycling: a terminal order stays findable (late duplicates still hit it and are
// recognised as such) until its slot is needed. `retire()` queues a terminal slot in a
// FIFO; `create()` takes a never-used slot first, then the oldest retired one. When every
// slot holds a live order, `create()` fails with StoreError::Full — the caller turns that
// into a risk reject (RejectReason::StoreFull), never a crash.
//
// Thread: sequencer only. No allocation after construction; no exceptions after it.
#pragma once
#include <cstdint>
#include <memory>

#include "engine/order.hpp"

namespace xtb::engine {

enum class StoreError : std::uint8_t { None = 0, Full, Duplicate, BadId };

struct StoreStats {
  std::uint64_t created = 0;
  std::uint64_t recycled = 0;
  std::uint64_t full_rejects = 0;
  std::uint64_t duplicate_rejects = 0;
  std::uint64_t rehashes = 0;
};

class OrderStore {
 public:
  static constexpr std::uint32_t kNone = 0xFFFF'FFFFu;

  /// Allocates `capacity` slots (≥ 1) and the two indexes. Cold path; throws
  /// std::invalid_argument for capacity 0 or > 2^30.
  explicit OrderStore(std::uint32_t capacity);
  OrderStore(const OrderStore&) = delete;
  OrderStore& operator=(const OrderStore&) = delete;

  struct CreateResult {
    Order* order;      ///< zeroed slot with client_id set, or nullptr on error
    StoreError error;
  };
  /// Claims a slot for `id` (must be non-empty and not present). The returned record is
  /// zeroed except client_id; the caller initialises it (OrderStateMachine::init) and must
  /// keep client_id unchanged.
  CreateResult create(const ClientOrderId& id) noexcept;

  /// True when create() would find a slot (a never-used one or a retired one).
  bool can_create() const noexcept { return high_water_ < capacity_ || retired_count_ > 0; }

  Order* find(const ClientOrderId& id) noexcept;
  const Order* find(const ClientOrderId& id) const noexcept;
  Order* find_by_venue_id(std::uint64_t venue_order_id) noexcept;

  /// Indexes `o` under `venue_order_id` (call once the venue has assigned it). A no-op
  /// when already indexed under that id.
  void bind_venue_id(Order& o, std::uint64_t venue_order_id) noexcept;

  /// Queues a terminal order's slot for reuse (idempotent; ignored if not terminal).
  void retire(Order& o) noexcept;

  /// Drops every order (cold: journal rebuild / cycle reset).
  void clear() noexcept;

  std::uint32_t capacity() const noexcept { return capacity_; }
  std::uint32_t size() const noexcept { return used_; }  ///< slots holding an order
  std::uint32_t live_count() const noexcept;             ///< O(capacity)
  const StoreStats& stats() const noexcept { return stats_; }

  /// Calls f(Order&) for every stored order (live and retired), slot order.
  template <class F>
  void for_each(F&& f) noexcept {
    for (std::uint32_t i = 0; i < high_water_; ++i)
      if (in_use_[i]) f(slots_[i]);
  }
  template <class F>
  void for_each(F&& f) const noexcept {
    for (std::uint32_t i = 0; i < high_water_; ++i)
      if (in_use_[i]) f(static_cast<const Order&>(slots_[i]));
  }

 private:
  struct Index {
    std::unique_ptr<std::uint32_t[]> entries;  // slot number, kEmpty or kTomb
    std::uint32_t mask = 0;
    std::uint32_t used = 0;                    // live entries
    std::uint32_t tombs = 0;
  };
  static constexpr std::uint32_t kEmpty = 0xFFFF'FFFFu, kTomb = 0xFFFF'FFFEu;

  std::uint32_t probe_client(const ClientOrderId& id) const noexcept;
  std::uint32_t probe_venue(std::uint64_t vid) const noexcept;
  void insert_client(std::uint32_t slot) noexcept;
  void insert_venue(std::uint32_t slot) noexcept;
  void erase_slot(std::uint32_t slot) noexcept;
  void maybe_rehash() noexcept;
  std::uint32_t take_slot() noexcept;

  std::uint32_t capacity_;
  std::uint32_t used_ = 0;
  std::uint32_t high_water_ = 0;  // slots [0, high_water_) have been handed out once
  std::unique_ptr<Order[]> slots_;
  std::unique_ptr<bool[]> in_use_;
  std::unique_ptr<std::uint32_t[]> retired_;  // FIFO ring of retired slot numbers
  std::uint32_t retired_head_ = 0, retired_count_ = 0;
  Index by_client_;
  Index by_venue_;
  StoreStats stats_;
};

/// FNV-1a 64 over the id's bytes, finished with a murmur mix (ids share long prefixes).
std::uint64_t hash_client_id(const ClientOrderId& id) noexcept;

}  // namespace xtb::engine
