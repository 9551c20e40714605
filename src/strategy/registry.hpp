// registry.hpp — strategy kinds by name (issue 14: "a name → factory registry"): one line
// per strategy in registry.cpp. A StrategySpec names the kind, the symbol(s) and flat
// `key=value` parameters — what `xtb smoke --mode NAME --qty … --interval …` (seed 003's
// "CLI direct") and a config's strategy entry both give — and the kind's builder turns it
// into the sequencer's StrategySetup (strategy/strategy.hpp).
//
// Errors: unknown kind, unknown or missing parameter, bad value, unknown symbol → a
// std::invalid_argument whose message names the parameter. Thread: cold path. Allocates.
#pragma once
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "market/symbol_table.hpp"
#include "strategy/strategy.hpp"

namespace xtb::strategy {

struct StrategySpec {
  std::string kind;                           ///< "tracking_limit"
  Venue venue = Venue::None;                  ///< the venue it trades (its symbols are this venue's)
  std::vector<std::string> symbols;           ///< venue symbol names ("BTCUSDT")
  std::map<std::string, std::string> params;  ///< "qty" → "0.002", "interval" → "1.5" (s)
};

struct StrategyKind {
  std::string_view name;
  std::string_view summary;
  std::string_view params;  ///< "qty (base units), interval (s), ..."
  StrategySetup (*build)(const StrategySpec& spec, const SymbolTable& table);
};

/// Every registered kind, in registration order.
const std::vector<StrategyKind>& strategy_kinds();
/// The kind named `name`, or nullptr.
const StrategyKind* find_strategy_kind(std::string_view name);
/// find_strategy_kind(spec.kind)->build(spec, table); throws std::invalid_argument for an
/// unknown kind (listing the known ones) or bad parameters.
StrategySetup make_strategy_setup(const StrategySpec& spec, const SymbolTable& table);
/// Several strategies in one sequencer: the union of their symbols (each once, its rules
/// from the first setup that has it), their factories in order (strategy ids 0, 1, …) and
/// their engine limits applied in order.
StrategySetup merge_setups(std::vector<StrategySetup> setups);

}  // namespace xtb::strategy
