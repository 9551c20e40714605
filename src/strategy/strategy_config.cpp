// strategy_config.cpp — YAML → CloserParams with field/line-precise validation.
#include "strategy/strategy_config.hpp"

#include <yaml-cpp/yaml.h>

#include <cctype>
#include <charconv>
#include <initializer_list>
#include <set>

#include "core/yaml_document.hpp"
#include "market/decimal.hpp"

namespace xtb::strategy {
namespace {

using Keys = std::initializer_list<std::string_view>;
constexpr std::int64_t kMaxMs = 3'600'000;  // one hour: longer timings are typos

std::string join(std::string_view a, std::string_view b) {
  return a.empty() ? std::string(b) : std::string(a) + "." + std::string(b);
}

std::string ratio_text(std::int64_t e8) {
  char buf[48];
  const std::size_t n = format_decimal(e8, kAmountDecimalScale, buf, sizeof buf);
  std::string s(buf, n);
  while (s.size() > 1 && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

class Reader {
 public:
  Reader(std::string_view file, std::set<std::string> overridden, std::vector<ConfigIssue>& out)
      : file_(file), overridden_(std::move(overridden)), out_(out) {}

  void error(const YAML::Node& at, const std::string& field, const std::string& msg) {
    ConfigIssue e;
    e.file = file_;
    e.field = field;
    e.message = msg;
    const YAML::Mark m = at.IsDefined() ? at.Mark() : YAML::Mark::null_mark();
    e.from_override = overridden_.count(field) != 0;
    if (!e.from_override && !m.is_null()) {
      e.line = m.line + 1;
      e.column = m.column + 1;
    }
    out_.push_back(std::move(e));
  }

  /// The value of `key` in map `m`; undefined when absent. A null value (`key:` / `key: ~`)
  /// is an error at the key's own line (its value's mark is the next token), and undefined.
  YAML::Node value(const YAML::Node& m, std::string_view key, const std::string& field) {
    const YAML::Node v = m[std::string(key)];
    if (!v.IsDefined() || !v.IsNull()) return v;
    const YAML::Node k = yaml::key_node(m, key);
    error(k.IsDefined() ? k : m, join(field, key), "must not be null (remove the key to use the default)");
    return YAML::Node(YAML::NodeType::Undefined);
  }

  /// True when `n` is a map (or absent: false without error).
  bool map(const YAML::Node& n, const std::string& field) {
    if (!n.IsDefined() || n.IsNull()) return false;
    if (!n.IsMap()) {
      error(n, field, "must be a map" + yaml::got(n));
      return false;
    }
    return true;
  }

  void keys(const YAML::Node& n, const std::string& field, Keys allowed, Keys foreign = {}) {
    for (const auto& kv : n) {
      const std::string k = kv.first.IsScalar() ? kv.first.Scalar() : std::string("(complex key)");
      bool ok = false;
      for (std::string_view a : allowed) ok |= k == a;
      for (std::string_view a : foreign) ok |= k == a;
      if (!ok) {
        std::string list;
        for (std::string_view a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
        error(kv.first, join(field, k), "unknown key (expected one of: " + list + ")");
      }
    }
  }

  void integer(const YAML::Node& m, std::string_view key, const std::string& field, std::int64_t& out,
               std::int64_t lo, std::int64_t hi) {
    const YAML::Node v = value(m, key, field);
    if (!v.IsDefined()) return;
    const std::string f = join(field, key);
    std::int64_t x = 0;
    const std::string s = v.IsScalar() ? v.Scalar() : std::string();
    const auto r = std::from_chars(s.data(), s.data() + s.size(), x);
    if (!v.IsScalar() || s.empty() || r.ec != std::errc() || r.ptr != s.data() + s.size() || x < lo || x > hi) {
      error(v, f, "must be an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]" + yaml::got(v));
      return;
    }
    out = x;
  }

  template <class U>
  void unsigned_int(const YAML::Node& m, std::string_view key, const std::string& field, U& out, std::int64_t hi) {
    std::int64_t x = static_cast<std::int64_t>(out);
    integer(m, key, field, x, 0, hi);
    out = static_cast<U>(x);
  }

  /// Exact decimal, ×1e8, inside [lo, hi] (open ends when the flags say so).
  void ratio(const YAML::Node& m, std::string_view key, const std::string& field, std::int64_t& out,
             std::int64_t lo, std::int64_t hi, bool lo_open = false, bool hi_open = false) {
    const YAML::Node v = value(m, key, field);
    if (!v.IsDefined()) return;
    const std::string f = join(field, key);
    const std::string s = v.IsScalar() ? v.Scalar() : std::string();
    std::int64_t x = 0;
    const DecimalError de = parse_decimal(s, kAmountDecimalScale, Rounding::Exact, x);
    const std::string range = std::string(lo_open ? "(" : "[") + ratio_text(lo) + ", " + ratio_text(hi) + (hi_open ? ")" : "]");
    if (!v.IsScalar() || de != DecimalError::Ok) {
      error(v, f, "must be a decimal number (at most 8 decimals) in " + range + yaml::got(v));
      return;
    }
    if (x < lo || x > hi || (lo_open && x == lo) || (hi_open && x == hi)) {
      error(v, f, "must be in " + range + ", got " + yaml::printable(s));
      return;
    }
    out = x;
  }

  void boolean(const YAML::Node& m, std::string_view key, const std::string& field, bool& out) {
    const YAML::Node v = value(m, key, field);
    if (!v.IsDefined()) return;
    if (!v.IsScalar() || !yaml::parse_bool(v.Scalar(), out))
      error(v, join(field, key), "must be true or false" + yaml::got(v));
  }

  void maker_mode(const YAML::Node& m, const std::string& field, MakerPriceMode& out) {
    const YAML::Node v = value(m, "maker_price_mode", field);
    if (!v.IsDefined()) return;
    const std::string s = v.IsScalar() ? v.Scalar() : std::string();
    if (s == "at_touch") out = MakerPriceMode::AtTouch;
    else if (s == "inside_spread_1tick") out = MakerPriceMode::InsideSpread1Tick;
    else if (s == "custom_ticks") out = MakerPriceMode::CustomTicks;
    else error(v, join(field, "maker_price_mode"), "must be at_touch, inside_spread_1tick or custom_ticks" + yaml::got(v));
  }

  /// A `tiers:` list of {<threshold_key>, mult}. Replaces `out` when present and valid.
  void mult_tiers(const YAML::Node& m, const std::string& field, const char* threshold_key, TierList& out,
                  std::int64_t lo, std::int64_t hi) {
    const YAML::Node v = value(m, "tiers", field);
    if (!v.IsDefined()) return;
    const std::string f = join(field, "tiers");
    if (!sequence(v, f)) return;
    TierList t;
    for (std::size_t i = 0; i < v.size(); ++i) {
      const std::string fi = f + "[" + std::to_string(i) + "]";
      if (!v[i].IsMap()) {
        error(v[i], fi, "must be a map {" + std::string(threshold_key) + ", mult}");
        continue;
      }
      keys(v[i], fi, {threshold_key, "mult"});
      MultTier& tier = t.t[i];
      tier.threshold_e8 = lo - 1;
      tier.mult = 0;
      require(v[i], threshold_key, fi);
      require(v[i], "mult", fi);
      ratio(v[i], threshold_key, fi, tier.threshold_e8, lo, hi);
      integer(v[i], "mult", fi, tier.mult, 1, 1000);
    }
    t.n = static_cast<std::uint8_t>(v.size());
    out = t;
  }

  void panic_tiers(const YAML::Node& m, const std::string& field, PanicCloseParams& out) {
    const YAML::Node v = value(m, "tiers", field);
    if (!v.IsDefined()) return;
    const std::string f = join(field, "tiers");
    if (!sequence(v, f)) return;
    PanicCloseParams p = out;
    for (std::size_t i = 0; i < v.size(); ++i) {
      const std::string fi = f + "[" + std::to_string(i) + "]";
      if (!v[i].IsMap()) {
        error(v[i], fi, "must be a map {dist_to_liq, slice_ratio, maker_timeouts_to_escalate}");
        continue;
      }
      keys(v[i], fi, {"dist_to_liq", "slice_ratio", "maker_timeouts_to_escalate"});
      PanicTier& t = p.tiers[i];
      t = PanicTier{};
      require(v[i], "dist_to_liq", fi);
      require(v[i], "slice_ratio", fi);
      ratio(v[i], "dist_to_liq", fi, t.dist_to_liq_e8, 0, kRatioOne, true, true);
      ratio(v[i], "slice_ratio", fi, t.slice_ratio_e8, 0, kRatioOne, true, false);
      unsigned_int(v[i], "maker_timeouts_to_escalate", fi, t.maker_timeouts_to_escalate, 1000);
    }
    p.n = static_cast<std::uint8_t>(v.size());
    out = p;
  }

 private:
  bool sequence(const YAML::Node& v, const std::string& f) {
    if (!v.IsSequence()) {
      error(v, f, "must be a list" + yaml::got(v));
      return false;
    }
    if (v.size() > static_cast<std::size_t>(kMaxTiers)) {
      error(v, f, "at most " + std::to_string(kMaxTiers) + " tiers");
      return false;
    }
    return true;
  }
  void require(const YAML::Node& m, const char* key, const std::string& field) {
    if (!m[key].IsDefined()) error(m, join(field, key), "is required");
  }

  std::string file_;
  std::set<std::string> overridden_;
  std::vector<ConfigIssue>& out_;
};

void read_execution(Reader& r, const YAML::Node& n, const std::string& f, ExecutionParams& e) {
  if (!r.map(n, f)) return;
  r.keys(n, f, {"order_ttl_ms", "repost_cooldown_ms", "min_signal_interval_ms", "base_lot_mult", "maker_price_mode",
                "maker_n_ticks", "maker_safety_ticks", "max_mult", "max_order_notional",
                "maker_timeouts_to_escalate", "aggr_fills_to_deescalate", "aggr_timeouts_to_deescalate"});
  r.integer(n, "order_ttl_ms", f, e.order_ttl_ms, 1, kMaxMs);
  r.integer(n, "repost_cooldown_ms", f, e.repost_cooldown_ms, 0, kMaxMs);
  r.integer(n, "min_signal_interval_ms", f, e.min_signal_interval_ms, 0, kMaxMs);
  r.integer(n, "base_lot_mult", f, e.base_lot_mult, 1, 1'000'000);
  r.maker_mode(n, f, e.maker_price_mode);
  std::int64_t v = e.maker_n_ticks;
  r.integer(n, "maker_n_ticks", f, v, 0, 10'000);
  e.maker_n_ticks = static_cast<std::int32_t>(v);
  v = e.maker_safety_ticks;
  r.integer(n, "maker_safety_ticks", f, v, 1, 10'000);
  e.maker_safety_ticks = static_cast<std::int32_t>(v);
  r.integer(n, "max_mult", f, e.max_mult, 1, 1'000'000);
  r.ratio(n, "max_order_notional", f, e.max_order_notional, 0, INT64_MAX / 2);
  r.unsigned_int(n, "maker_timeouts_to_escalate", f, e.maker_timeouts_to_escalate, 1000);
  r.unsigned_int(n, "aggr_fills_to_deescalate", f, e.aggr_fills_to_deescalate, 1000);
  r.unsigned_int(n, "aggr_timeouts_to_deescalate", f, e.aggr_timeouts_to_deescalate, 1000);
}

void read_accel(Reader& r, const YAML::Node& n, const std::string& f, AccelParams& a) {
  if (!r.map(n, f)) return;
  r.keys(n, f, {"window_ms", "tiers"});
  r.integer(n, "window_ms", f, a.window_ms, 1, kMaxMs);
  r.mult_tiers(n, f, "ret", a.tiers, 1, kRatioOne);
}

void read_roi(Reader& r, const YAML::Node& n, const std::string& f, RoiParams& p) {
  if (!r.map(n, f)) return;
  r.keys(n, f, {"tiers"});
  r.mult_tiers(n, f, "roi", p.tiers, -1000 * kRatioOne, 1000 * kRatioOne);
}

void read_risk(Reader& r, const YAML::Node& n, const std::string& f, RiskParams& p) {
  if (!r.map(n, f)) return;
  r.keys(n, f, {"liq_distance_threshold", "panic_close", "protective_stop"});
  r.ratio(n, "liq_distance_threshold", f, p.liq_distance_threshold_e8, 0, kRatioOne, false, true);
  const std::string fp = join(f, "panic_close");
  if (r.map(n["panic_close"], fp)) {
    const YAML::Node pc = n["panic_close"];
    r.keys(pc, fp, {"enabled", "ttl_percent", "tiers"});
    r.boolean(pc, "enabled", fp, p.panic_close.enabled);
    r.ratio(pc, "ttl_percent", fp, p.panic_close.ttl_percent_e8, 0, 10 * kRatioOne, true, false);
    r.panic_tiers(pc, fp, p.panic_close);
  }
  const std::string fs = join(f, "protective_stop");
  if (r.map(n["protective_stop"], fs)) {
    const YAML::Node ps = n["protective_stop"];
    r.keys(ps, fs, {"enabled", "dist_to_liq", "liq_improve_threshold", "loosen_cooldown_ms", "retry_ms"});
    ProtectiveStopParams& s = p.protective_stop;
    r.boolean(ps, "enabled", fs, s.enabled);
    r.ratio(ps, "dist_to_liq", fs, s.dist_to_liq_e8, 0, kRatioOne, true, true);
    r.ratio(ps, "liq_improve_threshold", fs, s.liq_improve_threshold_e8, 0, kRatioOne);
    r.integer(ps, "loosen_cooldown_ms", fs, s.loosen_cooldown_ms, 0, kMaxMs);
    r.integer(ps, "retry_ms", fs, s.retry_ms, 1, kMaxMs);
  }
}

/// The sections a symbol may override (and global sets).
void read_sections(Reader& r, const YAML::Node& n, const std::string& f, CloserParams& p) {
  read_execution(r, n["execution"], join(f, "execution"), p.execution);
  read_accel(r, n["accel"], join(f, "accel"), p.accel);
  read_roi(r, n["roi"], join(f, "roi"), p.roi);
  read_risk(r, n["risk"], join(f, "risk"), p.risk);
}

void read_global(Reader& r, const YAML::Node& g, StrategyConfig& c) {
  if (!r.map(g, "global")) return;
  // testnet / proxy / telegram: seed 002 keys read by the run loader (app/run/run_config.cpp:
  // testnet URLs, proxy refused, telegram → notify:), review B8.
  r.keys(g, "global", {"ws", "rate_limit", "execution", "accel", "roi", "risk"}, {"testnet", "proxy", "telegram"});
  if (r.map(g["ws"], "global.ws")) {
    // ws.reconnect (seed 002's backoff) is the run loader's: it sets the market/user stream
    // reconnect backoff (app/run/run_config.cpp).
    r.keys(g["ws"], "global.ws", {"stale_data_ms"}, {"reconnect"});
    r.integer(g["ws"], "stale_data_ms", "global.ws", c.defaults.stale_data_ms, 1, kMaxMs);
  }
  if (r.map(g["rate_limit"], "global.rate_limit")) {
    const YAML::Node rl = g["rate_limit"];
    r.keys(rl, "global.rate_limit", {"max_orders_per_sec", "max_cancels_per_sec", "venue_weight_per_min",
                                     "venue_orders_per_10s", "venue_orders_per_min", "venue_soft_fraction"});
    RateLimitParams& p = c.rate_limit;
    r.unsigned_int(rl, "max_orders_per_sec", "global.rate_limit", p.max_orders_per_sec, 100'000);
    r.unsigned_int(rl, "max_cancels_per_sec", "global.rate_limit", p.max_cancels_per_sec, 100'000);
    r.unsigned_int(rl, "venue_weight_per_min", "global.rate_limit", p.venue_weight_per_min, 1'000'000);
    r.unsigned_int(rl, "venue_orders_per_10s", "global.rate_limit", p.venue_orders_per_10s, 1'000'000);
    r.unsigned_int(rl, "venue_orders_per_min", "global.rate_limit", p.venue_orders_per_min, 1'000'000);
    r.ratio(rl, "venue_soft_fraction", "global.rate_limit", p.venue_soft_fraction_e8, 0, kRatioOne, true, false);
  }
  read_sections(r, g, "global", c.defaults);
}

void read_symbols(Reader& r, const YAML::Node& root, StrategyConfig& c) {
  const YAML::Node s = root["symbols"];
  if (!s.IsDefined() || s.IsNull() || (s.IsMap() && s.size() == 0)) {
    r.error(s.IsDefined() ? s : root, "symbols", "at least one symbol is required");
    return;
  }
  if (!r.map(s, "symbols")) return;
  for (const auto& kv : s) {
    SymbolConfig sc;
    sc.written = kv.first.Scalar();
    sc.name = normalize_symbol(sc.written);
    sc.line = kv.first.Mark().is_null() ? 0 : kv.first.Mark().line + 1;
    sc.params = c.defaults;
    const std::string f = "symbols." + sc.written;
    if (sc.name.empty()) r.error(kv.first, f, "is not a symbol name");
    for (const SymbolConfig& other : c.symbols)
      if (other.name == sc.name) r.error(kv.first, f, "duplicates '" + other.written + "' (both are " + sc.name + ")");
    if (r.map(kv.second, f)) {
      r.keys(kv.second, f, {"execution", "accel", "roi", "risk"});
      read_sections(r, kv.second, f, sc.params);
    }
    c.symbols.push_back(std::move(sc));
  }
}

void parse_root(const YAML::Node& root, std::string_view file, std::set<std::string> overridden,
                StrategyConfigResult& res) {
  res.config.file = std::string(file);
  Reader r(file, std::move(overridden), res.errors);
  if (!root.IsMap()) {
    r.error(root, "(document)", "must be a map with 'global:' and 'symbols:'" + yaml::got(root));
    return;
  }
  read_global(r, root["global"], res.config);
  read_symbols(r, root, res.config);
}

}  // namespace

const SymbolConfig* StrategyConfig::find(std::string_view name) const noexcept {
  for (const SymbolConfig& s : symbols)
    if (s.name == name) return &s;
  return nullptr;
}

std::string StrategyConfigResult::error_text() const { return format_issues(errors); }

std::string normalize_symbol(std::string_view written) {
  std::string_view base = written;
  const std::size_t colon = base.find(':');
  if (colon != std::string_view::npos) base = base.substr(0, colon);  // ccxt settle suffix
  std::string out;
  for (char ch : base) {
    if (ch == '/') continue;
    const unsigned char u = static_cast<unsigned char>(ch);
    if (!std::isalnum(u) && ch != '_') return {};
    out.push_back(static_cast<char>(std::toupper(u)));
  }
  return out;
}

StrategyConfigResult parse_strategy_config(const YAML::Node& root, std::string_view file) {
  StrategyConfigResult res;
  parse_root(root, file, {}, res);
  return res;
}

StrategyConfigResult parse_strategy_config(const ConfigDocument& doc) {
  StrategyConfigResult res;
  res.config.file = doc.file;
  res.errors = doc.errors;
  if (doc.has_root) parse_root(doc.root, doc.file, doc.overridden, res);
  return res;
}

StrategyConfigResult parse_strategy_config_text(std::string_view yaml, std::string_view file,
                                                const std::vector<std::string>& overrides) {
  return parse_strategy_config(prepare_config_text(yaml, file, overrides));
}

StrategyConfigResult load_strategy_config(const std::string& path, const std::vector<std::string>& overrides) {
  return parse_strategy_config(prepare_config_file(path, overrides));
}

}  // namespace xtb::strategy
