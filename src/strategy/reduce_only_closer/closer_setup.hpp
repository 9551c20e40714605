// closer_setup.hpp — start-up glue between a loaded StrategyConfig, the venue symbol table
// (exchangeInfo) and the engine: installs each configured symbol's engine risk rules,
// adds the symbols to a ReduceOnlyCloser, and maps `rate_limit:` onto the RiskGate limits.
// Errors name the config field and line ("symbols.XYZUSDT" at the key's line), like the
// loader's. Thread: cold path (start-up). Allocates.
#pragma once
#include <vector>

#include "engine/risk.hpp"
#include "market/symbol_table.hpp"
#include "strategy/reduce_only_closer/reduce_only_closer.hpp"
#include "strategy/strategy_config.hpp"

namespace xtb::strategy {

/// Writes engine rules (engine_rules.hpp) for every configured symbol of `venue` into
/// `rules`. A symbol missing from `table`, with an id beyond `rules`, or with a grid finer than
/// 1e-8 is an error (and skipped).
std::vector<ConfigIssue> install_engine_rules(const StrategyConfig& cfg, const SymbolTable& table, Venue venue,
                                              engine::SymbolRulesTable& rules);

/// add_symbol() for every configured symbol found in `table` (call install_engine_rules
/// first). Returns the problems (unknown symbol, ids/prefix too long), one per symbol.
std::vector<ConfigIssue> add_configured_symbols(ReduceOnlyCloser& closer, const StrategyConfig& cfg,
                                                const SymbolTable& table, Venue venue);

/// The sequencer's set-up for one reduce_only_closer over `cfg`'s symbols of `venue` found
/// in `table` (strategy/strategy.hpp). Throws std::runtime_error listing every problem (a symbol not
/// in the table, a grid finer than 1e-8, an id or stop prefix too long) at its config line.
StrategySetup closer_setup(const StrategyConfig& cfg, const SymbolTable& table, Venue venue,
                           const CloserOptions& opt = {});

/// `rate_limit:` → engine::RiskLimits orders/cancels per 1 s window (0 = no limit) and the
/// venue budgets (RiskLimits::venue, venue_soft_permille).
void apply_rate_limits(const RateLimitParams& rl, engine::RiskLimits& limits) noexcept;

}  // namespace xtb::strategy
