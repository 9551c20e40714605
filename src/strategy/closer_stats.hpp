// closer_stats.hpp — per-side statistics of the reduce_only_closer (for the run summary)
// and the alert records it raises (for the notifier, off the hot path).
//
// Units: quantities in steps, prices in ticks, exit_cost in ticks·steps (exact, 128-bit),
// times in the caller's monotonic ns.
// Alerts: a fixed ring of kCapacity records written on the sequencer thread. The app
// drains it on the sequencer thread (pop()) and hands the records to its off-thread
// notifier queue; when it is not drained in time the oldest records are overwritten and
// counted in dropped() — the hot path never blocks or allocates for an alert.
// Thread: sequencer only.
#pragma once
#include <cstdint>

#include "core/types.hpp"
#include "strategy/signals.hpp"

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

enum class AlertKind : std::uint8_t {
  ExternalOpen = 0,     ///< a flat side was opened by someone else
  ExternalIncrease,     ///< a side grew (our orders only reduce)
  SoftRiskEnter, SoftRiskExit,
  PanicEnter,           ///< entered panic tier `tier` (or a more dangerous one)
  PanicExit,
  StopPlaced, StopCancelled, StopTriggered, StopRejected, StopAdopted,
  KillSwitch,           ///< the engine's kill switch halted trading
  SideClosed,           ///< nothing placeable remains on the side
  DataStale,            ///< placing paused: no book/trade update within stale_data_ms
  StopExternal,         ///< -4130: another closePosition stop already protects the side
  Fill,                 ///< a slice filled (seed 002 on_fill): value_e8 = fill qty (steps), px = fill
                        ///< price, qty_before/after = position, tier = SignalReason, mode = ExecMode
  Reconnect,            ///< the user-data stream is back after a drop (seed 002 on_reconnect); tier = −1
  kCount
};
const char* to_string(AlertKind k) noexcept;

struct Alert {
  AlertKind kind;
  PositionSide side;
  std::int8_t tier;         ///< panic tier index, −1 otherwise (Fill: the order's SignalReason)
  std::uint8_t mode;        ///< Fill: the order's ExecMode (0 maker, 1 aggressive); 0 otherwise
  SymbolId symbol;
  Qty qty_before;           ///< position size (|steps|) before / at the event
  Qty qty_after;
  Price px;                 ///< stop price, mark price, ... (ticks; 0 if n/a)
  std::int64_t value_e8;    ///< dist_to_liq ×1e8 for risk alerts, 0 otherwise
  std::int64_t t_ns;
};

class AlertLog {
 public:
  static constexpr std::uint32_t kCapacity = 256;

  void push(const Alert& a) noexcept {
    if (count_ == kCapacity) {  // overwrite the oldest
      head_ = (head_ + 1) % kCapacity;
      --count_;
      ++dropped_;
    }
    ring_[(head_ + count_) % kCapacity] = a;
    ++count_;
    ++total_;
    ++by_kind_[static_cast<int>(a.kind)];
  }
  /// Oldest record first; false when empty.
  bool pop(Alert& out) noexcept {
    if (count_ == 0) return false;
    out = ring_[head_];
    head_ = (head_ + 1) % kCapacity;
    --count_;
    return true;
  }
  std::uint32_t size() const noexcept { return count_; }
  std::uint64_t total() const noexcept { return total_; }
  std::uint64_t dropped() const noexcept { return dropped_; }
  /// Number of records of `k` raised so far (including drained/dropped ones).
  std::uint64_t count(AlertKind k) const noexcept { return by_kind_[static_cast<int>(k)]; }

 private:
  Alert ring_[kCapacity] = {};
  std::uint32_t head_ = 0, count_ = 0;
  std::uint64_t total_ = 0, dropped_ = 0;
  std::uint64_t by_kind_[static_cast<int>(AlertKind::kCount)] = {};
};

}  // namespace xtb::strategy
