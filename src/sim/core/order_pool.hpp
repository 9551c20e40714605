// order_pool.hpp — preallocated storage of the exchange's open orders, with O(1) look-up
// by venue order id and by (symbol, clientOrderId), plus a ring of recently closed orders
// for queries (the venue's order query answers closed orders too).
//
// Pool: `capacity` SimOrder slots and a free list, allocated once. Index tables: open
// addressing with linear probing, power-of-two size ≥ 2 × capacity (load ≤ 50 %),
// backward-shift deletion (no tombstones, so probe lengths never degrade over a long
// replay). The venue requires the client order id to be unique among a symbol's OPEN
// orders (its order-entry rules), which is exactly what the client index holds. Algo orders
// (clientAlgoId) live in their own namespace of that index: the two services check
// uniqueness separately, and an order placed by a trigger carries its algo order's id.
// Venue order ids and algo ids come from disjoint ranges (sim_config.hpp), so one id
// index serves both.
//
// History: the last `history` terminal orders, copied in order of completion; look-up
// scans newest first (REST query path, not the matching hot path).
// Threads: exchange thread; no allocation after construction.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "sim/core/sim_types.hpp"

namespace xtb::sim {

/// Open-addressing table of pool indices keyed by a caller-supplied 64-bit hash.
class HashIndex {
 public:
  explicit HashIndex(std::size_t min_entries);

  /// Pool index whose entry satisfies `eq(index)` among those with hash `h`, or kNilIndex.
  template <class Eq>
  std::uint32_t find(std::uint64_t h, Eq&& eq) const noexcept {
    for (std::size_t i = h & mask_;; i = (i + 1) & mask_) {
      const std::uint32_t v = slots_[i];
      if (v == kNilIndex) return kNilIndex;
      if (eq(v)) return v;
    }
  }
  /// Inserts `v` under hash `h` (precondition: room left — the pool bounds the count).
  void insert(std::uint64_t h, std::uint32_t v) noexcept;
  /// Removes `v` (stored under hash `h`); `hash_of(index)` recomputes other entries'
  /// hashes for the backward shift.
  template <class HashOf>
  void erase(std::uint64_t h, std::uint32_t v, HashOf&& hash_of) noexcept {
    std::size_t i = h & mask_;
    while (slots_[i] != v) {
      if (slots_[i] == kNilIndex) return;
      i = (i + 1) & mask_;
    }
    for (std::size_t j = (i + 1) & mask_;; j = (j + 1) & mask_) {
      const std::uint32_t w = slots_[j];
      if (w == kNilIndex) break;
      const std::size_t home = hash_of(w) & mask_;
      // Move w back into the hole at i unless its home lies cyclically in (i, j].
      const bool stays = i <= j ? (home > i && home <= j) : (home > i || home <= j);
      if (!stays) {
        slots_[i] = w;
        i = j;
      }
    }
    slots_[i] = kNilIndex;
  }

 private:
  std::vector<std::uint32_t> slots_;
  std::size_t mask_;
};

class OrderPool {
 public:
  OrderPool(std::size_t capacity, std::size_t history);

  /// A free slot (contents reset), or kNilIndex when the pool is full.
  std::uint32_t acquire() noexcept;
  /// Indexes an acquired slot by its order id and (symbol, client id). The caller checked
  /// find_by_client() first.
  void index(std::uint32_t idx) noexcept;
  /// Unindexes the slot, copies it into the history ring, frees it.
  void retire(std::uint32_t idx) noexcept;

  SimOrder& operator[](std::uint32_t idx) noexcept { return slots_[idx]; }
  const SimOrder& operator[](std::uint32_t idx) const noexcept { return slots_[idx]; }

  std::uint32_t find_by_id(std::uint64_t order_id) const noexcept;
  /// Open order by (symbol, client id) in the regular (`algo` false) or algo namespace.
  std::uint32_t find_by_client(SymbolId symbol, std::string_view client_id, bool algo = false) const noexcept;
  /// Closed order by id / client id (newest first), nullptr when not kept. `symbol`
  /// kNoSymbol matches any symbol (the algo endpoints take no symbol).
  const SimOrder* history_by_id(SymbolId symbol, std::uint64_t order_id) const noexcept;
  const SimOrder* history_by_client(SymbolId symbol, std::string_view client_id, bool algo = false) const noexcept;

  std::size_t in_use() const noexcept { return in_use_; }
  std::size_t capacity() const noexcept { return slots_.size(); }

 private:
  static std::uint64_t id_hash(std::uint64_t id) noexcept;
  static std::uint64_t client_hash(SymbolId s, std::string_view cid, bool algo) noexcept;

  std::vector<SimOrder> slots_;
  std::vector<std::uint32_t> free_;
  HashIndex by_id_, by_client_;
  std::vector<SimOrder> history_;
  std::size_t hist_next_ = 0, hist_len_ = 0;
  std::size_t in_use_ = 0;
};

}  // namespace xtb::sim
