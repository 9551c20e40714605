// run_verdict.hpp — did `xtb run --stop-when-flat` do its job? (issue 13: the demo printed
// OK after trading a symbol the venue held nothing in.) With --stop-when-flat the job is to
// close every position the traded symbols held at start-up; the run fails (a RUN FAILED
// line, exit 3) when:
//   * no traded side held a position at start-up ("nothing to close": the wrong symbol was
//     traded — the venue's positions are elsewhere; pass --symbol);
//   * it stopped for any reason other than "every traded side flat" or an operator's signal
//     with a side still open (the replay ran out, --duration, a failure): the side and what
//     is left are named;
//   * a side that held a position has none left but no fill of ours closed it.
// Independently of --stop-when-flat, a run stopped because xtb-sim's replay ran out says so
// and fails: there was no more market to trade against. Cold path (after the run).
#pragma once
#include <string>
#include <vector>

#include "app/run/run_live.hpp"

namespace xtb::run {

/// The stop reason `xtb run` reports when every side of every traded symbol is flat.
inline constexpr const char* kAllFlatReason = "every traded side flat";
/// The stop reason when xtb-sim's replay is done (--stop-at-replay-end).
inline constexpr const char* kReplayEndedReason = "replay ended";

/// Why the run failed its closing job (empty: it did it, or had no such job). Reads the
/// per-symbol blocks and the stop reason of `r`.
std::vector<std::string> closing_problems(const RunReport& r, bool stop_when_flat);

}  // namespace xtb::run
