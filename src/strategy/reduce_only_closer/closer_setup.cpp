// closer_setup.cpp — configured symbols → engine rules and closer symbols.
#include "strategy/reduce_only_closer/closer_setup.hpp"

#include <stdexcept>

#include "strategy/engine_rules.hpp"

namespace xtb::strategy {
namespace {

ConfigIssue issue(const StrategyConfig& cfg, const SymbolConfig& s, std::string msg) {
  ConfigIssue e;
  e.file = cfg.file;
  e.line = s.line;
  e.column = s.line > 0 ? 3 : 0;
  e.field = "symbols." + s.written;
  e.message = std::move(msg);
  return e;
}

}  // namespace

std::vector<ConfigIssue> install_engine_rules(const StrategyConfig& cfg, const SymbolTable& table, Venue venue,
                                              engine::SymbolRulesTable& rules) {
  std::vector<ConfigIssue> errors;
  for (const SymbolConfig& s : cfg.symbols) {
    const SymbolId id = table.find(venue, s.name);
    engine::SymbolRules r;
    if (id == kNoSymbol) errors.push_back(issue(cfg, s, "'" + s.name + "' is not in the venue's exchangeInfo"));
    else if (id >= rules.size()) errors.push_back(issue(cfg, s, "symbol id beyond the engine rules table"));
    else if (!engine_rules_from(table.rules(id), id, r)) errors.push_back(issue(cfg, s, "tick/step finer than 1e-8"));
    else rules.set(r);
  }
  return errors;
}

std::vector<ConfigIssue> add_configured_symbols(ReduceOnlyCloser& closer, const StrategyConfig& cfg,
                                                const SymbolTable& table, Venue venue) {
  std::vector<ConfigIssue> errors;
  for (const SymbolConfig& s : cfg.symbols) {
    const SymbolId id = table.find(venue, s.name);
    if (id == kNoSymbol) {
      errors.push_back(issue(cfg, s, "'" + s.name + "' is not in the venue's exchangeInfo"));
      continue;
    }
    try {
      closer.add_symbol(id, s.name, s.params);
    } catch (const std::invalid_argument& e) {
      errors.push_back(issue(cfg, s, e.what()));
    }
  }
  return errors;
}

void apply_rate_limits(const RateLimitParams& rl, engine::RiskLimits& limits) noexcept {
  limits.max_orders_per_window = rl.max_orders_per_sec;
  limits.max_cancels_per_window = rl.max_cancels_per_sec;
  limits.rate_window_ns = 1'000'000'000;
  limits.venue.weight_limit = rl.venue_weight_per_min;
  limits.venue.weight_window_ns = 60'000'000'000;
  limits.venue.orders_limit_10s = rl.venue_orders_per_10s;
  limits.venue.orders_limit_1m = rl.venue_orders_per_min;
  limits.venue_soft_permille = static_cast<std::uint16_t>(rl.venue_soft_fraction_e8 / 100'000);
}

}  // namespace xtb::strategy

namespace xtb::strategy {
namespace {

std::string join(const std::vector<ConfigIssue>& issues) {
  std::string s;
  for (const ConfigIssue& i : issues) s += (s.empty() ? "" : "\n") + i.text();
  return s;
}

}  // namespace

StrategySetup closer_setup(const StrategyConfig& cfg, const SymbolTable& table, Venue venue,
                           const CloserOptions& opt) {
  engine::SymbolRulesTable rules(static_cast<std::uint32_t>(table.size()));
  if (const std::vector<ConfigIssue> errors = install_engine_rules(cfg, table, venue, rules); !errors.empty())
    throw std::runtime_error(join(errors));
  StrategySetup setup;
  for (const SymbolConfig& s : cfg.symbols) {
    const SymbolId id = table.find(venue, s.name);
    setup.symbols.push_back(id);
    setup.rules.push_back(*rules.get(id));
  }
  const RateLimitParams rl = cfg.rate_limit;
  setup.limits = [rl](engine::RiskLimits& l) { apply_rate_limits(rl, l); };
  setup.strategies.push_back([cfg, &table, venue, opt](const StrategyContext& ctx) -> std::unique_ptr<Strategy> {
    CloserOptions o = opt;
    o.max_symbols = static_cast<std::uint32_t>(cfg.symbols.size() > 16 ? cfg.symbols.size() : 16);
    o.venue = venue;
    auto closer = std::make_unique<ReduceOnlyCloser>(ctx, o);
    if (const std::vector<ConfigIssue> errors = add_configured_symbols(*closer, cfg, table, venue); !errors.empty())
      throw std::runtime_error(join(errors));
    return closer;
  });
  return setup;
}

}  // namespace xtb::strategy
