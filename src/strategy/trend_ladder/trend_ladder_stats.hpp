// trend_ladder_stats.hpp — what `trend_ladder` counts (its report: `xtb backtest` / `xtb run`
// summaries print trend_ladder_summary()). Every counter only grows; `end_*` is the coverage
// the strategy saw when shutdown began (on_stop), before the engine's shutdown cancels.
// Thread: written on the sequencer; read cold after the run. summary text: cold, allocates.
#pragma once
#include <cstdint>
#include <string>

#include "core/types.hpp"

namespace xtb::strategy {

struct TrendLadderStats {
  // entries
  std::uint64_t entries_placed = 0, entries_filled = 0;                            ///< orders sent / ended FILLED
  std::uint64_t entry_fills = 0;                                                   ///< fill records (partials included)
  Qty entry_fill_qty = 0;                                                          ///< steps
  std::uint64_t entries_cancelled = 0, entries_rejected = 0, entries_refused = 0;  ///< venue / venue / engine risk
  std::uint64_t requotes = 0, requote_backoffs = 0;  ///< requote cancels sent / failures backed off
  std::uint64_t cancel_fill_races = 0;               ///< entries or TPs filled while their cancel was in flight
  // take-profits
  std::uint64_t tps_placed = 0, tps_partial = 0, tps_filled = 0;  ///< sent (partial: for a partial fill) / ended FILLED
  std::uint64_t tp_fills = 0;
  Qty tp_fill_qty = 0;
  std::uint64_t tps_ended_other = 0;    ///< cancelled/expired/rejected by the venue or someone else
  std::uint64_t tps_ended_at_stop = 0;  ///< cancelled by the engine's shutdown cancels (after on_stop)
  std::uint64_t tps_refused = 0, tp_book_full = 0, tp_clamped = 0, tp_dust = 0;
  // coverage (seed 000 §4)
  std::uint64_t coverage_checks = 0, gaps_seen = 0;  ///< checks run / checks that found a gap ≥ min qty
  std::uint64_t repairs = 0, repairs_limited = 0;    ///< repair TPs sent / gaps waiting for the rate limit
  std::uint64_t surplus_cancels = 0;
  std::uint64_t imbalances_confirmed = 0;  ///< a mismatch still there after a reconciliation
  std::uint64_t tps_dropped = 0;           ///< fix 3: neither stream nor venue shows it
  std::uint64_t tp_verify_asked = 0;       ///< unacknowledged TPs that asked for a reconciliation
  std::uint64_t tps_adopted = 0;           ///< live TPs of ours found after a restart / reconciler adoption
  // gates and plumbing
  std::uint64_t stops = 0, pauses = 0;  ///< stop price hit / pause episodes
  std::uint64_t sink_full = 0, foreign_orders = 0, lost_orders = 0;
  Qty end_position = 0, end_covered = 0;  ///< at on_stop (steps)
  bool end_seen = false;
};

/// One-paragraph summary ("trend_ladder: entries placed 12 filled 9 …").
std::string trend_ladder_summary(const TrendLadderStats& s);

}  // namespace xtb::strategy
