// backtest_report.hpp — what `xtb backtest` prints at the end (issue 7's summary) and the
// agreement check between the engine and the simulated venue that decides the exit code.
//
// Per side (LONG, SHORT): slices placed / filled / cancelled / rejected (post-only refusals apart),
// maker vs aggressive fills, mode switches, average exit price, its distance in bps from
// the arrival mid (the mid the sequencer had when each fill was applied, fill-weighted)
// and from the market VWAP between the closer's start and the side's last fill — positive
// = better than the benchmark (sold above / bought below) — remaining position (engine and
// venue), panic and protective-stop events. Then tick-to-order latency p50/p99/max (event
// rx TSC → command published on R3), hot-path allocations after warm-up, events/s, and
// the agreement check:
//   positions   engine PositionBook size == venue position, every simulated symbol/side;
//   orders      the engine's live orders == the venue's open orders (regular + algo), by id;
//   ledger      Σ fills per side in the venue's fill ledger == Σ fills the engine applied
//               + fills dropped on purpose by fault injection (the position still agrees:
//               the engine recovered it by reconciliation);
//   barrier     the shutdown reconciliation completed and found nothing to repair.
// Thread: cold path (after the runner returned). Allocates.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "pipeline/decode/backtest_decode_stage.hpp"
#include "app/backtest_setup.hpp"
#include "pipeline/sequencer/sequencer_stage.hpp"
#include "strategy/reduce_only_closer/closer_stats.hpp"
#include "sim/core/sim_egress_types.hpp"

namespace xtb {

struct SideReport {
  PositionSide side = PositionSide::Long;
  std::string start, remaining_engine, remaining_venue;  ///< quantities as the venue writes them
  Qty start_qty = 0, remaining_engine_qty = 0, remaining_venue_qty = 0;  ///< |steps|
  strategy::SideStats stats{};       ///< the closer's counters
  ExitStats exits{};                 ///< every reducing fill the engine applied
  double avg_exit = 0, arrival_mid = 0, vwap = 0;   ///< prices (quote units), 0 = n/a
  double vs_mid_bps = 0, vs_vwap_bps = 0;           ///< positive = better than benchmark
  Qty ledger_qty = 0, engine_fill_qty = 0, dropped_qty = 0;  ///< steps closed by fills
  bool position_agrees = false, ledger_agrees = false;
};

struct BacktestReport {
  std::string symbol, runner;
  std::vector<std::string> notes;
  std::uint64_t records = 0, events = 0, market_events = 0, decode_errors = 0;
  std::uint64_t venue_frames = 0, commands = 0, timers = 0;
  double wall_s = 0, events_per_s = 0;
  double cpu_s = 0;  ///< the run thread's CPU time over wall_s (bench: not inflated by descheduling)
  std::uint64_t lat_count = 0, lat_p50 = 0, lat_p99 = 0, lat_max = 0;  ///< ns
  bool alloc_guard = false;
  std::uint64_t hot_allocations = 0;
  SideReport sides[2];
  std::string liq_long, liq_short;
  std::int32_t leverage = 1;
  bool isolated = false;
  std::int64_t latency_ns = 0;               ///< simulated order-entry latency
  std::uint64_t alerts = 0, kill_switch = 0;
  ReconcileStats reconcile{};
  std::uint64_t drifts_adopted = 0, queries = 0, stale_generation = 0;
  std::uint64_t side_violations = 0;         ///< engine fills that pushed a LONG below 0 / SHORT above 0
  SimEgressCounters egress{};
  std::uint64_t ledger_fills = 0, engine_fills = 0;
  std::uint64_t engine_live_orders = 0, venue_open_orders = 0;
  bool positions_agree = false, orders_agree = false, ledger_agree = false;
  bool barrier_clean = false, shutdown_complete = false;
  bool agree = false;                        ///< all of the above: the exit code is 0 only then
  std::string ledger_json;                   ///< FillLedger::to_json (deterministic)
  std::uint64_t ledger_hash = 0;             ///< FNV-1a 64 of ledger_json
  std::string state_json;                    ///< the venue's state dump at the end
};

/// Everything the report reads (the pipeline after the run).
struct ReportInputs {
  const SymbolTable& symbols;
  SymbolId symbol;
  SequencerStage& seq;  // non-const: the closer's alert log has no const view
  const sim::SimExchange& exchange;  ///< the simulated venue after the run
  SimEgressCounters egress;          ///< its egress stage's counters
  std::string state_json;            ///< the venue face's state dump (OfflineVenue::state_json)
  BacktestDecodeCounters decode;
  std::uint64_t records;
  double wall_s;
  bool alloc_guard;
  std::uint64_t hot_allocations;
  LiquidationPrices liq;
  Qty start_long, start_short;  ///< |steps| at the start (venue account)
  std::int64_t latency_ns;
  std::vector<std::string> notes;
};

BacktestReport build_report(const ReportInputs& in);

// Shared with `xtb run`'s summary (app/run/run_report.hpp): the engine half of a side
// report and the common lines, so both commands print the same table the same way.

/// Engine-side fields of `s` (s.side set): closer counters, exit quality (avg exit, vs
/// arrival mid, vs window VWAP), the engine's remaining position and applied fill qty.
void fill_engine_side(SideReport& s, SequencerStage& seq, SymbolId sym, const SymbolRules& rules);
/// One summary line per strategy that reports its own counters (trend_ladder), for the
/// backtest and run summaries' notes.
std::vector<std::string> strategy_summary_notes(SequencerStage& seq);
/// Per-side table (LONG / SHORT columns); `venue_column`: "remaining eng/venue", else
/// "remaining" (engine only).
std::string format_side_table(const SideReport (&sides)[2], bool venue_column);
/// The tick-to-order and hot-path-allocation lines.
std::string format_latency_lines(std::uint64_t p50, std::uint64_t p99, std::uint64_t max, std::uint64_t count,
                                 bool alloc_guard, std::uint64_t hot_allocations, const char* guarded_threads);
/// Decimal text of `q` steps / `px` ticks ("n/a" for a price ≤ 0).
std::string report_qty_text(const SymbolRules& r, Qty q);
std::string report_price_text(const SymbolRules& r, Price px);

/// Multi-line human-readable summary.
std::string format_report(const BacktestReport& r);

/// FNV-1a 64-bit hash (ledger fingerprint in the summary).
std::uint64_t fnv1a64(const std::string& s) noexcept;

}  // namespace xtb
