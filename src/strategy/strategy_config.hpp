// strategy_config.hpp — loads the reduce_only_closer part of an xtb YAML config (seed 002
// "配置系统架构"): `global:` defaults and `symbols:` overrides of every execution / accel /
// roi / risk field, validated at start-up. configs/binance-reduce-only-closer.yaml is the
// annotated example; docs/strategies/reduce_only_closer.md lists every field.
//
//   global:
//     ws:          { stale_data_ms }                      (reconnect: read by the app)
//     rate_limit:  { max_orders_per_sec, max_cancels_per_sec, venue_weight_per_min,
//                    venue_orders_per_10s, venue_orders_per_min, venue_soft_fraction }
//     execution:   { order_ttl_ms, repost_cooldown_ms, min_signal_interval_ms, base_lot_mult,
//                    maker_price_mode, maker_n_ticks, maker_safety_ticks, max_mult,
//                    max_order_notional, maker_timeouts_to_escalate,
//                    aggr_fills_to_deescalate, aggr_timeouts_to_deescalate }
//     accel:       { window_ms, tiers: [{ret, mult}] }
//     roi:         { tiers: [{roi, mult}] }
//     risk:        { liq_distance_threshold,
//                    panic_close: { enabled, ttl_percent, tiers: [{dist_to_liq, slice_ratio,
//                                   maker_timeouts_to_escalate}] },
//                    protective_stop: { enabled, dist_to_liq, liq_improve_threshold,
//                                       loosen_cooldown_ms, retry_ms } }
//   symbols:
//     BTCUSDT:     { execution: {...}, accel: {...}, roi: {...}, risk: {...} }   # any subset
//
// Overrides: a symbol inherits every global value and replaces the fields it names; a
// `tiers` list replaces the whole list. Symbol keys may be written the ccxt way
// ("BTC/USDT:USDT") and are normalised to the venue name ("BTCUSDT").
// Other top-level sections (pipeline:, venue:, ...) and global.testnet / proxy / telegram /
// ws.reconnect belong to other loaders and are not checked here; any other unknown key is an
// error (a typo must not silently fall back to a default).
// Errors: every problem is reported (not only the first), each naming the file, line and
// column (yaml-cpp Mark, 1-based) and the full field path, e.g.
//   "closer.yaml:12:21: global.execution.order_ttl_ms: must be an integer in [1, 3600000], got '-5'".
// Values set by `overrides` ("global.execution.order_ttl_ms=3000", e.g. from CLI flags) are
// reported as "<override>" instead of a line. A key whose value is null (`order_ttl_ms:` or
// `~`) is an error at the key's line (remove the key to get the default); a null section
// (`execution:`) is an empty one. A wrong kind is named: "must be an integer ..., got a sequence".
// Ratios are read as exact decimals (at most 8 fractional digits) — never through double.
// Thread: cold path (start-up). Allocates; throws nothing (errors are returned).
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "strategy/reduce_only_closer/closer_params.hpp"
#include "strategy/config_document.hpp"
#include "core/config_issue.hpp"

namespace YAML { class Node; }

namespace xtb::strategy {

struct SymbolConfig {
  std::string name;       ///< venue name ("BTCUSDT")
  std::string written;    ///< as written in the file ("BTC/USDT:USDT")
  int line = 0;           ///< 1-based line of the key, 0 if unknown
  CloserParams params;    ///< global defaults with this symbol's overrides applied
};

struct StrategyConfig {
  std::string file;
  CloserParams defaults;       ///< `global:` (built-in defaults where absent)
  RateLimitParams rate_limit;
  std::vector<SymbolConfig> symbols;

  /// The symbol's params, or nullptr when the symbol is not configured.
  const SymbolConfig* find(std::string_view name) const noexcept;
};

struct StrategyConfigResult {
  StrategyConfig config;
  std::vector<ConfigIssue> errors;
  bool ok() const noexcept { return errors.empty(); }
  /// The errors, one per line (at most kMaxListedIssues, then "... and N more errors").
  std::string error_text() const;
};

/// "BTC/USDT:USDT" → "BTCUSDT", "btcusdt" → "BTCUSDT"; other names upper-cased.
std::string normalize_symbol(std::string_view written);

/// Parses the YAML document `root` (already loaded); `file` labels the messages.
StrategyConfigResult parse_strategy_config(const YAML::Node& root, std::string_view file);

/// Parses a checked document (config_document.hpp); its errors come first in the result.
StrategyConfigResult parse_strategy_config(const ConfigDocument& doc);

/// Parses YAML text (checked as by prepare_config_text). `overrides` are "dotted.path=value"
/// assignments applied before validation (e.g. "symbols.BTCUSDT.execution.order_ttl_ms=3000").
StrategyConfigResult parse_strategy_config_text(std::string_view yaml, std::string_view file,
                                                const std::vector<std::string>& overrides = {});

/// Reads and parses `path` (file read / YAML syntax / structure errors are ConfigIssues too).
StrategyConfigResult load_strategy_config(const std::string& path,
                                          const std::vector<std::string>& overrides = {});

}  // namespace xtb::strategy
