// rules_refresh.hpp — what changed in the venue's trading rules since start-up, for the
// traded symbols (seed 002: calibration re-reads the markets; review row 48).
//
// `xtb run` re-reads exchangeInfo after a calibration (at most once a minute) and compares
// each traded symbol's rules with the ones it trades with:
//   - filters (min/max qty, min notional, price bounds, trading status) changed → a
//     RulesUpdate per symbol for the sequencer, which applies it on its next timer tick;
//   - the tick or step grid changed → `grid_change` says which: every price and quantity
//     in the engine is counted in those units, so the run stops and a restart adopts them
//     (systemd's Restart=on-failure, deploy/systemd);
//   - a traded symbol missing from the new exchangeInfo → `grid_change` too (delisted).
// Thread: cold (main thread). Allocates.
#pragma once
#include <string>
#include <vector>

#include "pipeline/sequencer/sequencer_stage.hpp"
#include "market/symbol_table.hpp"

namespace xtb::run {

struct RulesDiff {
  std::vector<RulesUpdate> updates;   ///< engine rules to apply (filters changed)
  std::vector<std::string> changes;   ///< one line per changed symbol, for the log
  std::string grid_change;            ///< non-empty: tick/step changed or symbol gone — restart
};

/// Compares `fresh` (a new exchangeInfo read) with `current` for the `traded` ids of `current`.
RulesDiff diff_rules(const SymbolTable& current, const SymbolTable& fresh, const std::vector<SymbolId>& traded);

}  // namespace xtb::run
