// ladder.hpp — the entry side of `trend_ladder`: one slot per rung, each holding at most one
// entry order, the rung prices and the entry pacing (seed 000 §3 "固定方向分批进场").
//
//   rung k price  long:  bid − entry_offset − k × grid_step   (rounded down to the venue grid)
//                 short: ask + entry_offset + k × grid_step   (rounded up)
//   pacing        cool_down(live TPs) from the wait tiers of TrendLadderParams.
// A slot moves Empty → Working (placed) → [Canceling (requote / stop)] → Ended (terminal,
// until the take-profit of its last fills went out) → Empty. Fills while Canceling are a
// cancel racing a fill (`raced`): they still get their take-profit.
// Units: ticks, steps, ns. Thread: sequencer only; fixed arrays, no allocation.
#pragma once
#include <cstdint>

#include "core/types.hpp"
#include "strategy/trend_ladder/requote_backoff.hpp"
#include "strategy/trend_ladder/trend_ladder_params.hpp"

namespace xtb::strategy {

enum class EntryState : std::uint8_t { Empty = 0, Working, Canceling, Ended };

struct EntrySlot {
  ClientOrderId id{};
  Price px = 0;             ///< limit price, ticks
  Qty qty = 0, filled = 0;  ///< steps ordered / filled so far
  Qty tp_pending = 0;       ///< filled steps whose take-profit is not out yet
  std::int64_t placed_ns = 0, cancel_ns = 0;
  std::int64_t tp_retry_ns = 0;  ///< a refused take-profit is retried from then
  EntryState state = EntryState::Empty;
  bool requote = false;  ///< cancelled to be replaced at its rung
  bool raced = false;    ///< a fill arrived while its cancel was in flight
  bool acked = false;    ///< the venue acknowledged it (open)
  RequoteBackoff backoff;
};

class Ladder {
 public:
  /// `levels` ≤ TrendLadderParams::kMaxLevels (the constructor of TrendLadder checks).
  explicit Ladder(std::uint32_t levels = 1) noexcept : levels_(levels) {}

  std::uint32_t levels() const noexcept { return levels_; }
  EntrySlot& at(std::uint32_t k) noexcept { return slots_[k]; }
  const EntrySlot& at(std::uint32_t k) const noexcept { return slots_[k]; }
  /// The slot holding entry `id` (Working, Canceling or Ended), or nullptr.
  EntrySlot* find(const ClientOrderId& id) noexcept;
  /// Entries at the venue or on their way (Working + Canceling).
  std::uint32_t working() const noexcept;
  /// Σ tp_pending of every slot.
  Qty pending_tp() const noexcept;

  /// Price of rung `k` for the touch (bid, ask), on a grid of `px_multiple` ticks; 0 when
  /// the touch is unknown or the price would be ≤ 0.
  static Price rung_px(const TrendLadderParams& p, Price px_multiple, Price bid, Price ask, std::uint32_t k) noexcept;
  /// Time between two entries with `live_tps` take-profits working (the wait tiers).
  static std::int64_t cool_down_ns(const TrendLadderParams& p, std::uint32_t live_tps) noexcept;

 private:
  std::uint32_t levels_;
  EntrySlot slots_[TrendLadderParams::kMaxLevels];
};

}  // namespace xtb::strategy
