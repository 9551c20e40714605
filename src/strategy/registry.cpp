// registry.cpp — the strategy kinds (see registry.hpp). Adding a strategy: its folder under
// src/strategy/<name>/ and one line in kinds() below.
#include "strategy/registry.hpp"

#include <algorithm>
#include <stdexcept>

#include "strategy/reduce_only_closer/closer_setup.hpp"
#include "strategy/tracking_limit/tracking_limit_setup.hpp"
#include "strategy/trend_ladder/trend_ladder_setup.hpp"

namespace xtb::strategy {
namespace {

// reduce_only_closer from its YAML (`config=FILE`: global: / symbols:, seed 002); `symbols`
// narrows it to those of its symbols.
StrategySetup closer_from_spec(const StrategySpec& spec, const SymbolTable& table) {
  for (const auto& [k, v] : spec.params)
    if (k != "config") throw std::invalid_argument("reduce_only_closer: " + k + ": unknown parameter (known: config)");
  const auto it = spec.params.find("config");
  if (it == spec.params.end()) throw std::invalid_argument("reduce_only_closer: config: required (the strategy YAML)");
  StrategyConfigResult r = load_strategy_config(it->second);
  if (!r.ok()) throw std::invalid_argument("reduce_only_closer: config:\n" + r.error_text());
  if (!spec.symbols.empty()) {
    for (const std::string& s : spec.symbols)
      if (std::none_of(r.config.symbols.begin(), r.config.symbols.end(), [&](const SymbolConfig& c) { return c.name == s; }))
        throw std::invalid_argument("reduce_only_closer: symbol " + s + " is not in " + it->second);
    std::erase_if(r.config.symbols, [&](const SymbolConfig& c) {
      return std::find(spec.symbols.begin(), spec.symbols.end(), c.name) == spec.symbols.end();
    });
  }
  return closer_setup(r.config, table, spec.venue);
}

const std::vector<StrategyKind>& kinds() {
  static const std::vector<StrategyKind> k{
      {"reduce_only_closer", "closes hedge LONG/SHORT positions in reduce-only slices (seed 002)", "config", closer_from_spec},
      {"tracking_limit", "one limit order that follows the touch until filled or timed out (seed 003)",
       "qty, interval, timeout, price_offset, side, position_side, post_only", tracking_limit_setup},
      {"trend_ladder", "fixed-direction laddered entries, a reduce-only take-profit per fill, coverage kept (seed 000)",
       "qty, tp, direction, max_orders, levels, grid_step, waits, stop/pause, requote_*, repair_*, XTB_TL_* env",
       trend_ladder_setup},
  };
  return k;
}

}  // namespace

const std::vector<StrategyKind>& strategy_kinds() { return kinds(); }

const StrategyKind* find_strategy_kind(std::string_view name) {
  for (const StrategyKind& k : kinds())
    if (k.name == name) return &k;
  return nullptr;
}

StrategySetup make_strategy_setup(const StrategySpec& spec, const SymbolTable& table) {
  const StrategyKind* k = find_strategy_kind(spec.kind);
  if (k == nullptr) {
    std::string known;
    for (const StrategyKind& x : kinds()) known += (known.empty() ? "" : ", ") + std::string(x.name);
    throw std::invalid_argument("unknown strategy '" + spec.kind + "' (known: " + known + ")");
  }
  if (spec.venue == Venue::None) throw std::invalid_argument("strategy '" + spec.kind + "': no venue (set its `venue:`)");
  return k->build(spec, table);
}

StrategySetup merge_setups(std::vector<StrategySetup> setups) {
  StrategySetup out;
  std::vector<std::function<void(engine::RiskLimits&)>> limits;
  for (StrategySetup& s : setups) {
    for (std::size_t i = 0; i < s.symbols.size(); ++i)
      if (std::find(out.symbols.begin(), out.symbols.end(), s.symbols[i]) == out.symbols.end()) {
        out.symbols.push_back(s.symbols[i]);
        out.rules.push_back(s.rules[i]);
      }
    for (StrategyFactory& f : s.strategies) out.strategies.push_back(std::move(f));
    if (s.limits) limits.push_back(std::move(s.limits));
  }
  if (!limits.empty())
    out.limits = [limits](engine::RiskLimits& l) {
      for (const auto& f : limits) f(l);
    };
  return out;
}

}  // namespace xtb::strategy
