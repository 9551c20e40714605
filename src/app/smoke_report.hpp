// smoke_report.hpp — what `xtb smoke` prints and checks (app/smoke_cmd.hpp): the tracking
// limit's attempts copied out of the sequencer after the run, the verdict against seed
// 003's limits (requote period ≤ interval + 300 ms, exit ≤ 5 s), the text report, and one
// timeline file per order: `<dir>/orders/<venue>-<symbol>-<client id>.jsonl` (placed,
// cancel_sent, ended lines; UTC times, decimal prices).
// Thread: main (cold). Allocates.
#pragma once
#include <string>
#include <vector>

#include "app/run/run_live.hpp"
#include "strategy/tracking_limit/tracking_limit.hpp"

namespace xtb {

struct SmokeResult {
  bool captured = false;             ///< the run got as far as building the strategy
  std::string symbol;
  SymbolRules rules{};
  strategy::TrackingLimitParams params{};
  std::vector<strategy::TrackingAttempt> attempts;
  strategy::TrackingState state = strategy::TrackingState::Waiting;
  Qty filled = 0;
  std::int64_t started_ns = 0, ended_ns = 0;
  std::int64_t wall_minus_mono_ns = 0;  ///< add to an attempt's times for unix ns
};

struct SmokeVerdict {
  bool ok = false;
  std::vector<std::string> problems;
  std::int64_t worst_requote_late_ns = 0;  ///< max over requotes of (cancel − placed − (kept+1)·interval)
  std::size_t requotes = 0;
};

/// Copies the tracking limit's record out of the stopped sequencer.
SmokeResult capture_smoke(const SequencerStage& seq, const SymbolTable& symbols);
SmokeVerdict judge_smoke(const SmokeResult& s, const run::RunReport& r);
std::string format_smoke(const SmokeResult& s, const run::RunReport& r, const SmokeVerdict& v, const std::string& venue);
/// Writes the per-order timelines; returns the files written.
std::vector<std::string> write_order_timelines(const SmokeResult& s, const std::string& dir, const std::string& venue);

}  // namespace xtb
