// tracking_limit_setup.cpp — see tracking_limit_setup.hpp.
#include "strategy/tracking_limit/tracking_limit_setup.hpp"

#include <charconv>
#include <set>
#include <stdexcept>

#include "core/yaml_document.hpp"
#include "market/decimal.hpp"
#include "strategy/engine_rules.hpp"

namespace xtb::strategy {
namespace {

[[noreturn]] void bad(const std::string& key, const std::string& why) {
  throw std::invalid_argument("tracking_limit: " + key + ": " + why);
}

const std::string* find(const StrategySpec& s, const char* key) {
  const auto it = s.params.find(key);
  return it == s.params.end() ? nullptr : &it->second;
}

// Seconds as a decimal ("1.5") → ns, > 0, at most 1 day.
std::int64_t seconds(const StrategySpec& s, const char* key) {
  const std::string* v = find(s, key);
  if (v == nullptr) bad(key, "required (seconds)");
  std::int64_t ns = 0;
  if (parse_decimal(*v, DecimalScale{1, 9}, Rounding::Exact, ns) != DecimalError::Ok || ns <= 0 ||
      ns > 86'400'000'000'000)
    bad(key, "must be seconds in (0, 86400] with at most 9 decimals, got '" + *v + "'");
  return ns;
}

}  // namespace

TrackingLimitParams tracking_limit_params(const StrategySpec& spec, const SymbolTable& table) {
  static const std::set<std::string> kKeys{"qty", "interval", "timeout", "price_offset", "side", "position_side", "post_only"};
  for (const auto& [k, v] : spec.params)
    if (kKeys.count(k) == 0) bad(k, "unknown parameter (known: qty, interval, timeout, price_offset, side, position_side, post_only)");
  if (spec.symbols.size() != 1) bad("symbol", "exactly one symbol is traded");
  TrackingLimitParams p;
  p.symbol = table.find(spec.venue, spec.symbols[0]);
  if (p.symbol == kNoSymbol) bad("symbol", "'" + spec.symbols[0] + "' is not in the venue's symbol list");
  const std::string* q = find(spec, "qty");
  if (q == nullptr) bad("qty", "required (base units, e.g. 0.002)");
  if (parse_qty(table.rules(p.symbol), *q, p.qty) != DecimalError::Ok || p.qty <= 0)
    bad("qty", "must be > 0 on the symbol's step grid, got '" + *q + "'");
  p.interval_ns = seconds(spec, "interval");
  p.timeout_ns = seconds(spec, "timeout");
  if (const std::string* o = find(spec, "price_offset")) {
    const auto [end, ec] = std::from_chars(o->data(), o->data() + o->size(), p.price_offset);
    if (ec != std::errc() || end != o->data() + o->size() || p.price_offset < -100'000 || p.price_offset > 100'000)
      bad("price_offset", "must be an integer number of ticks in [-100000, 100000], got '" + *o + "'");
  }
  if (const std::string* s = find(spec, "side")) {
    if (*s == "buy") p.side = Side::Buy;
    else if (*s == "sell") p.side = Side::Sell;
    else bad("side", "must be buy or sell, got '" + *s + "'");
  }
  // auto: BOTH on a net-position instrument (one-way venue), else the side the order opens
  // on a hedge-mode account (BUY → LONG, SELL → SHORT).
  const bool net = table.rules(p.symbol).net_positions;
  if (const std::string* s = find(spec, "position_side")) {
    if (*s == "both") p.position_side = PositionSide::Both;
    else if (*s == "long") p.position_side = PositionSide::Long;
    else if (*s == "short") p.position_side = PositionSide::Short;
    else if (*s == "auto") p.position_side = net ? PositionSide::Both : p.side == Side::Buy ? PositionSide::Long : PositionSide::Short;
    else bad("position_side", "must be auto, both, long or short, got '" + *s + "'");
  }
  if (net && p.position_side != PositionSide::Both)
    bad("position_side", "'" + spec.symbols[0] + "' is a net (one-way) position: use both or auto");
  if (const std::string* s = find(spec, "post_only"); s != nullptr && !yaml::parse_bool(*s, p.post_only))
    bad("post_only", "must be true or false, got '" + *s + "'");
  return p;
}

StrategySetup tracking_limit_setup(const StrategySpec& spec, const SymbolTable& table) {
  const TrackingLimitParams p = tracking_limit_params(spec, table);
  engine::SymbolRules r;
  if (!engine_rules_from(table.rules(p.symbol), p.symbol, r)) bad("symbol", "tick/step finer than 1e-8");
  StrategySetup setup;
  setup.symbols.push_back(p.symbol);
  setup.rules.push_back(r);
  setup.strategies.push_back(
      [p](const StrategyContext& ctx) -> std::unique_ptr<Strategy> { return std::make_unique<TrackingLimit>(ctx, p); });
  return setup;
}

}  // namespace xtb::strategy
