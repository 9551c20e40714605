// closer_stats.hpp — per-side statistics of the reduce_only_closer (for the run summary).
// Its alerts are neutral records (telemetry/alert.hpp).
//
// Units: quantities in steps, prices in ticks, exit_cost in ticks·steps (exact, 128-bit),
// times in the caller's monotonic ns.
// Thread: sequencer only.
#pragma once
#include <cstdint>

#include "core/types.hpp"
#include "strategy/signals.hpp"
#include "telemetry/alert.hpp"

namespace xtb::strategy {

__extension__ typedef __int128 ExitCost;  ///< Σ px·qty of exit fills, ticks·steps

struct SideStats {
  // slices (reduce-only limit orders)
  std::uint64_t slices_placed = 0;     ///< accepted by the engine and sent
  std::uint64_t slices_filled = 0;     ///< ended FILLED
  std::uint64_t slices_cancelled = 0;  ///< ended CANCELED (TTL) or EXPIRED
  std::uint64_t slices_rejected = 0;   ///< venue rejects (incl. GTX -5022) and FAILED
  std::uint64_t gtx_rejects = 0;       ///< of which post-only rejects (-5022)
  std::uint64_t risk_refused = 0;      ///< the engine refused to send (risk gate, store)
  std::uint64_t ttl_cancels = 0;       ///< TTL cancels sent
  std::uint64_t partial_fills = 0;     ///< fills that left the slice working
  // fills
  std::uint64_t fills = 0;
  std::uint64_t maker_mode_fills = 0;      ///< fills of MAKER_ONLY slices
  std::uint64_t aggressive_mode_fills = 0; ///< fills of AGGRESSIVE_LIMIT slices
  std::uint64_t venue_maker_fills = 0;     ///< fills the venue flagged maker (`m`)
  Qty filled_qty = 0;
  ExitCost exit_cost = 0;
  // mode rotation
  std::uint64_t mode_switches = 0, escalations = 0, deescalations = 0;
  // signals
  std::uint64_t signals[static_cast<int>(SignalReason::kCount)] = {};
  std::uint64_t dust_skips = 0;        ///< remaining below min qty: nothing placeable
  std::uint64_t too_small_skips = 0;   ///< max_order_notional below one minimal slice
  std::uint64_t stale_skips = 0;       ///< placing paused: data stale
  // risk
  std::uint64_t soft_risk_events = 0;  ///< entries into dist_to_liq ≤ liq_distance_threshold
  std::uint64_t panic_events = 0;      ///< entries into a (more dangerous) panic tier
  std::uint64_t panic_slices = 0;
  std::uint64_t stop_placed = 0, stop_cancelled = 0, stop_triggered = 0, stop_rejected = 0;
  std::uint64_t stop_replaced = 0, stop_adopted = 0;
  std::uint64_t stop_external = 0;       ///< -4130 answers: another closePosition stop protects the side
  Qty stop_filled_qty = 0;               ///< closed by a triggered protective stop
  std::uint64_t external_increases = 0;  ///< position opened/increased by someone else

  /// Notional-weighted average exit price in ticks (0 when nothing filled).
  double avg_exit_px() const noexcept {
    return filled_qty > 0 ? static_cast<double>(exit_cost) / static_cast<double>(filled_qty) : 0.0;
  }
};

}  // namespace xtb::strategy
