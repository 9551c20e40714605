// run_report.hpp — builds and prints the summary of `xtb run` (run_live.hpp) in the style of
// the backtest's (app/backtest_report.hpp, whose side table and latency lines it reuses):
// per side slices placed / filled / cancelled / rejected, maker vs aggressive fills, mode
// switches, average exit price vs arrival mid and vs window VWAP (bps), remaining
// position, panic / protective-stop events; tick-to-order p50/p99/max, hot-path
// allocations after warm-up, reconciliation, connection and journal counters, the
// shutdown time against its bound, and the agreement check (ledger_check.hpp).
// Thread: cold path (after the runner returned). Allocates.
#pragma once
#include <string>
#include <vector>

#include "app/run/run_live.hpp"
#include "app/run/run_setup.hpp"
#include "venue/live_venue.hpp"

namespace xtb::run {

struct RunInputs {
  const SymbolTable& symbols;
  SequencerStage& seq;      // non-const: the closer's alert log has no const view
  /// positionRisk at start-up (sizes, liquidation prices), one per seq.tracked_symbols()
  /// entry in that order: every traded symbol gets a summary block.
  const std::vector<PositionRisk>& start;
  LiveIoNumbers io;         ///< the venue's ingest / decode / egress counters
  std::vector<std::string> notes;
};

/// Fills everything the stages know; run_live adds timings, allocations and the check.
RunReport build_run_report(const RunInputs& in);

}  // namespace xtb::run
