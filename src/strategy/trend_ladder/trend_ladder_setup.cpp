// trend_ladder_setup.cpp — see trend_ladder_setup.hpp.
#include "strategy/trend_ladder/trend_ladder_setup.hpp"

#include <charconv>
#include <cstdlib>
#include <map>
#include <stdexcept>
#include <string>

#include "core/yaml_document.hpp"
#include "market/decimal.hpp"
#include "strategy/engine_rules.hpp"
#include "strategy/trend_ladder/trend_ladder.hpp"

namespace xtb::strategy {
namespace {

struct Key {
  const char* name;
  const char* env;
};

constexpr Key kKeys[] = {
    {"direction", "XTB_TL_DIRECTION"},
    {"qty", "XTB_TL_QTY"},
    {"tp", "XTB_TL_TP"},
    {"max_orders", "XTB_TL_MAX_ORDERS"},
    {"levels", "XTB_TL_LEVELS"},
    {"grid_step", "XTB_TL_GRID_STEP"},
    {"entry_offset", "XTB_TL_ENTRY_OFFSET"},
    {"base_wait", "XTB_TL_BASE_WAIT"},
    {"min_wait", "XTB_TL_MIN_WAIT"},
    {"max_wait", "XTB_TL_MAX_WAIT"},
    {"stop_price", "XTB_TL_STOP_PRICE"},
    {"pause_price", "XTB_TL_PAUSE_PRICE"},
    {"requote_ticks", "XTB_TL_REQUOTE_TICKS"},
    {"requote_abs", "XTB_TL_REQUOTE_ABS"},
    {"requote_max_per_tick", "XTB_TL_REQUOTE_MAX_PER_TICK"},
    {"requote_wait_confirm", "XTB_TL_REQUOTE_WAIT_CONFIRM"},
    {"requote_backoff", "XTB_TL_REQUOTE_BACKOFF"},
    {"requote_backoff_max", "XTB_TL_REQUOTE_BACKOFF_MAX"},
    {"repair_max", "XTB_TL_REPAIR_MAX"},
    {"repair_window", "XTB_TL_REPAIR_WINDOW"},
    {"tp_verify", "XTB_TL_TP_VERIFY"},
    {"post_only", "XTB_TL_POST_ONLY"},
    {"tp_post_only", "XTB_TL_TP_POST_ONLY"},
};

struct Value {
  std::string text, source;  ///< source: "params" or the variable's name
};

[[noreturn]] void bad(const std::string& key, const std::string& source, const std::string& why) {
  throw std::invalid_argument("trend_ladder: " + key + (source.empty() ? "" : " (" + source + ")") + ": " + why);
}

std::string known_keys() {
  std::string k;
  for (const Key& x : kKeys) k += std::string(k.empty() ? "" : ", ") + x.name;
  return k + ", env";
}

const char* env_value(const EnvLookup& env, const char* name) {
  const char* v = env ? env(name) : nullptr;
  return v != nullptr && v[0] != '\0' ? v : nullptr;
}

// Every key's effective text: the YAML's, the variable's, or a conflict (refused).
std::map<std::string, Value> gather(const StrategySpec& spec, const EnvLookup& env_in) {
  for (const auto& [k, v] : spec.params) {
    bool known = k == "env";
    for (const Key& x : kKeys) known = known || k == x.name;
    if (!known) bad(k, "params", "unknown parameter (known: " + known_keys() + ")");
  }
  bool use_env = true;
  if (const auto it = spec.params.find("env"); it != spec.params.end() && !yaml::parse_bool(it->second, use_env))
    bad("env", "params", "must be true or false, got '" + it->second + "'");
  const EnvLookup env = use_env ? env_in : EnvLookup{};
  std::map<std::string, Value> out;
  for (const Key& x : kKeys) {
    const auto y = spec.params.find(x.name);
    const char* e = env_value(env, x.env);
    if (y != spec.params.end() && e != nullptr && y->second != e)
      bad(x.name, "params",
          "'" + y->second + "' conflicts with " + x.env + "='" + e +
              "' (set one, or the same value in both; `env: false` ignores the variables)");
    if (y != spec.params.end())
      out[x.name] = Value{y->second, "params"};
    else if (e != nullptr)
      out[x.name] = Value{e, x.env};
  }
  return out;
}

class Reader {
 public:
  Reader(std::map<std::string, Value> v, const SymbolRules& r) : v_(std::move(v)), r_(r) {}

  const Value* get(const char* key) const {
    const auto it = v_.find(key);
    return it == v_.end() ? nullptr : &it->second;
  }
  /// Seconds ("1.5") → ns in [0 or >0, 7 days].
  std::int64_t seconds(const char* key, std::int64_t def_ns, bool zero_ok) const {
    const Value* v = get(key);
    if (v == nullptr) return def_ns;
    std::int64_t ns = 0;
    if (parse_decimal(v->text, DecimalScale{1, 9}, Rounding::Exact, ns) != DecimalError::Ok || ns < 0 ||
        (ns == 0 && !zero_ok) || ns > 7 * 86'400'000'000'000)
      bad(key, v->source,
          std::string("must be seconds in ") + (zero_ok ? "[0" : "(0") + ", 604800] with at most 9 decimals, got '" +
              v->text + "'");
    return ns;
  }
  /// A price or price distance on the symbol's tick grid → ticks (> 0, or ≥ 0 when zero_ok).
  Price price(const char* key, Price def, bool zero_ok) const {
    const Value* v = get(key);
    if (v == nullptr) return def;
    Price px = 0;
    if (parse_price(r_, v->text, px) != DecimalError::Ok || px < 0 || (px == 0 && !zero_ok))
      bad(key, v->source,
          std::string("must be a price ") + (zero_ok ? "≥ 0" : "> 0") + " on the symbol's tick grid, got '" + v->text +
              "'");
    return px;
  }
  std::int64_t integer(const char* key, std::int64_t def, std::int64_t lo, std::int64_t hi) const {
    const Value* v = get(key);
    if (v == nullptr) return def;
    std::int64_t n = 0;
    const auto [end, ec] = std::from_chars(v->text.data(), v->text.data() + v->text.size(), n);
    if (ec != std::errc() || end != v->text.data() + v->text.size() || n < lo || n > hi)
      bad(key, v->source,
          "must be an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) + "], got '" + v->text + "'");
    return n;
  }
  bool boolean(const char* key, bool def) const {
    const Value* v = get(key);
    bool b = def;
    if (v != nullptr && !yaml::parse_bool(v->text, b))
      bad(key, v->source, "must be true or false, got '" + v->text + "'");
    return b;
  }

 private:
  std::map<std::string, Value> v_;
  const SymbolRules& r_;
};

SymbolId find_symbol(const StrategySpec& spec, const SymbolTable& table, const EnvLookup& env) {
  bool use_env = true;  // gather() refused a bad `env` already
  if (const auto it = spec.params.find("env"); it != spec.params.end()) yaml::parse_bool(it->second, use_env);
  const char* e = use_env ? env_value(env, "XTB_SYMBOL") : nullptr;
  if (spec.symbols.size() > 1) bad("symbols", "", "exactly one symbol is traded");
  if (spec.symbols.empty() && e == nullptr) bad("symbols", "", "required (one symbol, or XTB_SYMBOL)");
  if (!spec.symbols.empty() && e != nullptr && spec.symbols[0] != e)
    bad("symbols", "", "'" + spec.symbols[0] + "' conflicts with XTB_SYMBOL='" + e + "'");
  const std::string name = spec.symbols.empty() ? std::string(e) : spec.symbols[0];
  const SymbolId s = table.find(spec.venue, name);
  if (s == kNoSymbol)
    bad("symbols", spec.symbols.empty() ? "XTB_SYMBOL" : "", "'" + name + "' is not in the venue's symbol list");
  return s;
}

void read_core(const Reader& r, const SymbolRules& rules, TrendLadderParams& p) {
  if (const Value* d = r.get("direction")) {
    if (d->text == "long")
      p.direction = LadderDirection::Long;
    else if (d->text == "short")
      p.direction = LadderDirection::Short;
    else
      bad("direction", d->source, "must be long or short, got '" + d->text + "'");
  }
  const Value* q = r.get("qty");
  if (q == nullptr) bad("qty", "", "required (base units per entry, e.g. 0.002; or XTB_TL_QTY)");
  if (parse_qty(rules, q->text, p.qty) != DecimalError::Ok || p.qty <= 0)
    bad("qty", q->source, "must be > 0 on the symbol's step grid, got '" + q->text + "'");
  if (r.get("tp") == nullptr) bad("tp", "", "required (take-profit price distance, e.g. 5; or XTB_TL_TP)");
  p.tp_offset = r.price("tp", 0, false);
  p.max_orders = static_cast<std::uint32_t>(r.integer("max_orders", p.max_orders, 1, TrendLadderParams::kMaxOrders));
  p.levels = static_cast<std::uint32_t>(r.integer("levels", p.levels, 1, TrendLadderParams::kMaxLevels));
  p.grid_step = r.price("grid_step", 0, true);
  if (p.levels > 1 && p.grid_step == 0) bad("grid_step", "", "required (> 0) when levels > 1");
  p.entry_offset = r.integer("entry_offset", p.entry_offset, 0, 1'000'000);
  p.stop_px = r.price("stop_price", 0, true);
  p.pause_px = r.price("pause_price", 0, true);
}

void read_timing(const Reader& r, TrendLadderParams& p) {
  p.base_wait_ns = r.seconds("base_wait", p.base_wait_ns, true);
  p.min_wait_ns = r.seconds("min_wait", p.min_wait_ns, true);
  p.max_wait_ns = r.seconds("max_wait", p.max_wait_ns, true);
  if (p.max_wait_ns > 0 && p.max_wait_ns < p.min_wait_ns) bad("max_wait", "", "must be ≥ min_wait (or 0: no cap)");
  p.requote_ticks = r.integer("requote_ticks", p.requote_ticks, 0, 1'000'000);
  p.requote_abs = r.price("requote_abs", 0, true);
  p.max_requotes_per_tick =
      static_cast<std::uint32_t>(r.integer("requote_max_per_tick", p.max_requotes_per_tick, 1, 100));
  p.requote_confirm_ns = r.seconds("requote_wait_confirm", p.requote_confirm_ns, false);
  p.requote_backoff_ns = r.seconds("requote_backoff", p.requote_backoff_ns, false);
  p.requote_backoff_max_ns = r.seconds("requote_backoff_max", p.requote_backoff_max_ns, false);
  if (p.requote_backoff_max_ns < p.requote_backoff_ns) bad("requote_backoff_max", "", "must be ≥ requote_backoff");
  p.repair_max = static_cast<std::uint32_t>(r.integer("repair_max", p.repair_max, 1, TrendLadderParams::kMaxRepairs));
  p.repair_window_ns = r.seconds("repair_window", p.repair_window_ns, false);
  p.tp_verify_ns = r.seconds("tp_verify", p.tp_verify_ns, false);
  p.post_only = r.boolean("post_only", p.post_only);
  p.tp_post_only = r.boolean("tp_post_only", p.tp_post_only);
}

}  // namespace

TrendLadderParams trend_ladder_params(const StrategySpec& spec, const SymbolTable& table, const EnvLookup& env) {
  std::map<std::string, Value> values = gather(spec, env);
  TrendLadderParams p;
  p.symbol = find_symbol(spec, table, env);
  const SymbolRules& rules = table.rules(p.symbol);
  const Reader r(std::move(values), rules);
  read_core(r, rules, p);
  read_timing(r, p);
  return p;
}

StrategySetup trend_ladder_setup(const StrategySpec& spec, const SymbolTable& table) {
  const TrendLadderParams p = trend_ladder_params(spec, table, [](const char* n) { return std::getenv(n); });
  engine::SymbolRules r;
  if (!engine_rules_from(table.rules(p.symbol), p.symbol, r)) bad("symbols", "", "tick/step finer than 1e-8");
  StrategySetup setup;
  setup.symbols.push_back(p.symbol);
  setup.rules.push_back(r);
  setup.strategies.push_back(
      [p](const StrategyContext& ctx) -> std::unique_ptr<Strategy> { return std::make_unique<TrendLadder>(ctx, p); });
  return setup;
}

}  // namespace xtb::strategy
