// tp_book.hpp — the take-profits `trend_ladder` tracks (seed 000 `_tp_cois`): one record per
// reduce-only TP it placed, until the engine reports its end or it is dropped (seed 000
// fix 3: a TP that neither the stream nor the venue's reconciliation shows is dropped from
// tracking, counted, never left to inflate the coverage or the pacing).
//
// Shapes: a fixed table of `capacity` records, allocated once at construction; a full table
// refuses add() (the caller counts it and the coverage repair retries later).
// Units: ticks, steps, ns. Thread: sequencer only; no allocation after construction.
#pragma once
#include <cstdint>
#include <memory>

#include "core/types.hpp"

namespace xtb::strategy {

/// Why a TP was placed: an entry's fill (whole or partial), or a coverage repair.
enum class TpKind : std::uint8_t { Entry = 0, Partial, Repair };
enum class TpState : std::uint8_t { Free = 0, Live, Canceling };
const char* to_string(TpKind k) noexcept;

struct TpSlot {
  ClientOrderId id{};
  Price px = 0;
  Qty qty = 0, filled = 0;  ///< steps ordered / filled
  std::int64_t placed_ns = 0, cancel_ns = 0;
  TpState state = TpState::Free;
  TpKind kind = TpKind::Entry;
  bool acked = false;         ///< the venue acknowledged it (stream or answer)
  bool verify_asked = false;  ///< unacknowledged past tp_verify: a reconciliation was asked for
  bool raced = false;         ///< filled while its (surplus) cancel was in flight
  Qty leaves() const noexcept { return qty > filled ? qty - filled : 0; }
};

class TpBook {
 public:
  /// Cold path: allocates `capacity` (≥ 1) records.
  explicit TpBook(std::uint32_t capacity);

  /// Tracks a TP just placed; nullptr when the table is full.
  TpSlot* add(const ClientOrderId& id, Price px, Qty qty, TpKind kind, std::int64_t now_ns) noexcept;
  TpSlot* find(const ClientOrderId& id) noexcept;
  /// Stops tracking `s` (ended or dropped).
  void release(TpSlot& s) noexcept;

  std::uint32_t capacity() const noexcept { return cap_; }
  std::uint32_t live() const noexcept { return live_; }  ///< tracked TPs (Live + Canceling)
  /// Σ leaves of TPs whose cancel is in flight (they are expected to go).
  Qty canceling_leaves() const noexcept;
  /// The Live TP to cancel against a surplus of `surplus` steps: the largest whose leaves fit
  /// in it, else the one farthest from the market (`long_side`: highest price). nullptr if none.
  TpSlot* surplus_victim(Qty surplus, bool long_side) noexcept;

  template <class F>
  void for_each(F&& f) noexcept {
    for (std::uint32_t i = 0; i < hi_; ++i)
      if (slots_[i].state != TpState::Free) f(slots_[i]);
  }

 private:
  std::unique_ptr<TpSlot[]> slots_;
  std::uint32_t cap_;
  std::uint32_t hi_ = 0;  ///< slots [0, hi_) have been used
  std::uint32_t live_ = 0;
};

}  // namespace xtb::strategy
