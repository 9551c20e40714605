// test_strategy_config.cpp — the YAML loader: the shipped example, global defaults with
// per-symbol overrides, ccxt symbol names, overrides from the command line, and errors
// that name the field and the file line.
#include <doctest/doctest.h>

#include <string>

#include "strategy/reduce_only_closer/closer_setup.hpp"
#include "strategy/strategy_config.hpp"
#include "venue/binance/venue_id.hpp"

using namespace xtb;
using namespace xtb::strategy;

namespace {
bool has_error(const StrategyConfigResult& r, const std::string& field, int line, const std::string& words) {
  for (const ConfigIssue& e : r.errors)
    if (e.field == field && e.line == line && e.message.find(words) != std::string::npos) return true;
  return false;
}
}  // namespace

TEST_CASE("the shipped example loads and applies symbol overrides") {
  const StrategyConfigResult r =
      load_strategy_config(std::string(XTB_SOURCE_DIR) + "/configs/binance-reduce-only-closer.yaml");
  REQUIRE_MESSAGE(r.ok(), r.error_text());
  const StrategyConfig& c = r.config;
  CHECK(c.defaults.stale_data_ms == 1500);
  CHECK(c.rate_limit.max_orders_per_sec == 5);
  CHECK(c.rate_limit.max_cancels_per_sec == 8);
  CHECK(c.defaults.execution.order_ttl_ms == 4000);
  CHECK(c.defaults.execution.maker_price_mode == MakerPriceMode::InsideSpread1Tick);
  CHECK(c.defaults.execution.max_order_notional == 500 * kAmountScale);
  CHECK(c.defaults.accel.tiers.n == 4);
  CHECK(c.defaults.accel.tiers.t[3].threshold_e8 == 1'000'000);
  CHECK(c.defaults.accel.tiers.t[3].mult == 10);
  CHECK(c.defaults.roi.tiers.t[2].threshold_e8 == 50'000'000);
  CHECK(c.defaults.risk.liq_distance_threshold_e8 == 5'000'000);
  CHECK(c.defaults.risk.panic_close.n == 3);
  CHECK(c.defaults.risk.panic_close.tiers[2].slice_ratio_e8 == 10'000'000);
  CHECK(c.defaults.risk.panic_close.ttl_percent_e8 == 50'000'000);
  CHECK(c.defaults.risk.protective_stop.dist_to_liq_e8 == 1'000'000);
  REQUIRE(c.symbols.size() == 2);
  const SymbolConfig* btc = c.find("BTCUSDT");
  REQUIRE(btc != nullptr);
  CHECK(btc->params.execution.order_ttl_ms == 3000);
  CHECK(btc->params.execution.max_order_notional == 1000 * kAmountScale);
  CHECK(btc->params.execution.repost_cooldown_ms == 100);  // inherited
  CHECK(btc->params.accel.tiers.n == 4);
  const SymbolConfig* eth = c.find("ETHUSDT");
  REQUIRE(eth != nullptr);
  CHECK(eth->params.accel.tiers.n == 2);  // the list is replaced, not merged
  CHECK(eth->params.accel.tiers.t[1].mult == 4);
  CHECK(eth->params.accel.window_ms == 2000);
  CHECK(eth->line > btc->line);
}

TEST_CASE("ccxt symbol names are normalised; duplicates are errors") {
  CHECK(normalize_symbol("BTC/USDT:USDT") == "BTCUSDT");
  CHECK(normalize_symbol("ethusdt") == "ETHUSDT");
  CHECK(normalize_symbol("BTC USDT").empty());
  const StrategyConfigResult r = parse_strategy_config_text(
      "symbols:\n"
      "  BTC/USDT:USDT:\n"
      "    execution: { order_ttl_ms: 2000 }\n"
      "  BTCUSDT: {}\n",
      "dup.yaml");
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].line == 4);
  CHECK(r.errors[0].text().find("dup.yaml:4:3: symbols.BTCUSDT: duplicates 'BTC/USDT:USDT'") == 0);
  CHECK(r.config.symbols[0].name == "BTCUSDT");
  CHECK(r.config.symbols[0].params.execution.order_ttl_ms == 2000);
}

TEST_CASE("errors name the field and the line, and all of them are reported") {
  const StrategyConfigResult r = parse_strategy_config_text(
      "global:\n"                                          // 1
      "  execution:\n"                                     // 2
      "    order_ttl_ms: -5\n"                             // 3
      "    maker_price_mode: best\n"                       // 4
      "    max_order_notional: 12.123456789\n"             // 5
      "    ttl: 3\n"                                       // 6
      "  accel:\n"                                         // 7
      "    tiers:\n"                                       // 8
      "      - { ret: 0.001, mult: 0 }\n"                  // 9
      "      - { ret: 0.002 }\n"                           // 10
      "  risk:\n"                                          // 11
      "    liq_distance_threshold: 1.5\n"                  // 12
      "    panic_close:\n"                                 // 13
      "      enabled: maybe\n"                             // 14
      "      tiers: [ { dist_to_liq: 0, slice_ratio: 0.1 } ]\n"  // 15
      "symbols:\n"                                         // 16
      "  ETHUSDT:\n"                                       // 17
      "    execution: { base_lot_mult: x }\n"              // 18
      "    strategy: {}\n",                                // 19
      "bad.yaml");
  CHECK_FALSE(r.ok());
  CHECK(has_error(r, "global.execution.order_ttl_ms", 3, "integer in [1, 3600000]"));
  CHECK(has_error(r, "global.execution.maker_price_mode", 4, "at_touch"));
  CHECK(has_error(r, "global.execution.max_order_notional", 5, "at most 8 decimals"));
  CHECK(has_error(r, "global.execution.ttl", 6, "unknown key"));
  CHECK(has_error(r, "global.accel.tiers[0].mult", 9, "integer in [1, 1000]"));
  CHECK(has_error(r, "global.accel.tiers[1].mult", 10, "is required"));
  CHECK(has_error(r, "global.risk.liq_distance_threshold", 12, "must be in [0, 1)"));
  CHECK(has_error(r, "global.risk.panic_close.enabled", 14, "true or false"));
  CHECK(has_error(r, "global.risk.panic_close.tiers[0].dist_to_liq", 15, "must be in (0, 1)"));
  CHECK(has_error(r, "symbols.ETHUSDT.execution.base_lot_mult", 18, "integer"));
  CHECK(has_error(r, "symbols.ETHUSDT.strategy", 19, "unknown key"));
  CHECK(r.errors.size() == 11);
  CHECK(r.error_text().find("bad.yaml:3:19: global.execution.order_ttl_ms: must be an integer") != std::string::npos);
}

TEST_CASE("YAML syntax errors, a missing file, a missing symbols section") {
  StrategyConfigResult r = parse_strategy_config_text("global:\n  execution: {order_ttl_ms: 1\n", "syntax.yaml");
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].field == "(yaml)");
  CHECK(r.errors[0].line >= 2);
  r = load_strategy_config("/nonexistent/closer.yaml");
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].message == "cannot be read: No such file or directory");  // errno's reason (D16/C27)
  r = parse_strategy_config_text("global:\n  ws: { stale_data_ms: 100 }\n", "nosym.yaml");
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].field == "symbols");
}

TEST_CASE("sections owned by other loaders are left alone") {
  // testnet / proxy / telegram belong to the run loader (run_config.cpp), which gives each
  // an effect or refuses it (tests/app "B8: ..."); pipeline: is the pipeline loader's.
  const StrategyConfigResult r = parse_strategy_config_text(
      "pipeline: { runner: inline }\n"
      "global:\n"
      "  testnet: false\n"
      "  telegram: { enabled: false }\n"
      "  ws: { stale_data_ms: 900 }\n"
      "symbols: { BTCUSDT: }\n",
      "mixed.yaml");
  REQUIRE_MESSAGE(r.ok(), r.error_text());
  CHECK(r.config.defaults.stale_data_ms == 900);
  CHECK(r.config.symbols.size() == 1);
}

TEST_CASE("B8: keys without an effect are refused at their line, not silently ignored") {
  const StrategyConfigResult r = parse_strategy_config_text(
      "global:\n"
      "  ws: { stale_data_ms: 900, reconnect: { initial_delay_ms: 1000 } }\n"
      "  risk: { levels: { panic_close: 2 } }\n"
      "symbols: { BTCUSDT: }\n",
      "seed.yaml");
  // ws.reconnect belongs to the run loader (it sets the stream reconnect backoff, see
  // tests/app/test_config_diagnostics.cpp); risk.levels has no effect anywhere.
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].text().rfind("seed.yaml:3:11: global.risk.levels: unknown key", 0) == 0);
}

TEST_CASE("command-line overrides are validated and reported as <override>") {
  const std::string yaml = "global:\n  execution: { order_ttl_ms: 4000 }\nsymbols: { BTCUSDT: {} }\n";
  StrategyConfigResult r = parse_strategy_config_text(
      yaml, "o.yaml", {"global.execution.order_ttl_ms=2500", "symbols.BTCUSDT.risk.liq_distance_threshold=0.07"});
  REQUIRE_MESSAGE(r.ok(), r.error_text());
  CHECK(r.config.defaults.execution.order_ttl_ms == 2500);
  CHECK(r.config.symbols[0].params.execution.order_ttl_ms == 2500);
  CHECK(r.config.symbols[0].params.risk.liq_distance_threshold_e8 == 7'000'000);
  r = parse_strategy_config_text(yaml, "o.yaml", {"global.execution.order_ttl_ms=fast", "nokeyvalue"});
  REQUIRE(r.errors.size() == 2);
  CHECK(r.errors[0].field == "(override)");
  CHECK(r.errors[1].text() == "o.yaml: <override> global.execution.order_ttl_ms: must be an integer in [1, 3600000], got 'fast'");
}

TEST_CASE("an override through a scalar is an error, not an exception (fuzz_strategy_config regression)") {
  // "global.execution.order_ttl_ms.x=1" walks into the scalar 4000: yaml-cpp throws
  // BadSubscript, which used to escape parse_strategy_config_text (std::terminate).
  const std::string yaml = "global:\n  execution: { order_ttl_ms: 4000 }\nsymbols: { BTCUSDT: 5 }\n";
  StrategyConfigResult r = parse_strategy_config_text(yaml, "o.yaml", {"global.execution.order_ttl_ms.x=1"});
  REQUIRE_FALSE(r.ok());
  CHECK(r.errors[0].field == "(override)");
  CHECK(r.errors[0].message.find("global.execution.order_ttl_ms.x=1") != std::string::npos);
  r = parse_strategy_config_text(yaml, "o.yaml", {"symbols.BTCUSDT.execution.order_ttl_ms=3000"});
  CHECK_FALSE(r.ok());
}

TEST_CASE("start-up glue: engine rules from the symbol table, unknown symbols named with their line") {
  const StrategyConfigResult r = parse_strategy_config_text(
      "global:\n  rate_limit: { max_orders_per_sec: 7, max_cancels_per_sec: 9 }\n"
      "symbols:\n  BTCUSDT: {}\n  XRP/USDT:USDT: {}\n",
      "glue.yaml");
  REQUIRE_MESSAGE(r.ok(), r.error_text());
  SymbolTable table;
  SymbolRules btc;
  btc.price = {1, 1};  // tick 0.1
  btc.qty = {1, 3};    // step 0.001
  btc.min_qty = 1;
  btc.min_notional = 100 * kAmountScale;
  const SymbolId id = table.add_symbol(xtb::binance::kVenueId, "BTCUSDT", btc);
  engine::SymbolRulesTable rules(4);
  const std::vector<ConfigIssue> errors = install_engine_rules(r.config, table, xtb::binance::kVenueId, rules);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].text() == "glue.yaml:5:3: symbols.XRP/USDT:USDT: 'XRPUSDT' is not in the venue's exchangeInfo");
  const engine::SymbolRules* er = rules.get(id);
  REQUIRE(er != nullptr);
  CHECK(er->tick_size == 10'000'000);
  CHECK(er->step_size == 100'000);
  CHECK(er->min_notional == 100 * kAmountScale);
  engine::RiskLimits limits;
  apply_rate_limits(r.config.rate_limit, limits);
  CHECK(limits.max_orders_per_window == 7);
  CHECK(limits.max_cancels_per_window == 9);
  CHECK(limits.rate_window_ns == 1'000'000'000);
}

TEST_CASE("rate_limit: venue budgets map onto the risk gate; bad values are named") {
  const StrategyConfigResult r = parse_strategy_config_text(
      "global:\n  rate_limit:\n    venue_weight_per_min: 6000\n    venue_orders_per_10s: 50\n"
      "    venue_orders_per_min: 0\n    venue_soft_fraction: 0.75\nsymbols:\n  BTCUSDT: {}\n",
      "venue.yaml");
  REQUIRE_MESSAGE(r.ok(), r.error_text());
  engine::RiskLimits limits;
  apply_rate_limits(r.config.rate_limit, limits);
  CHECK(limits.venue.weight_limit == 6000);
  CHECK(limits.venue.weight_window_ns == 60'000'000'000);
  CHECK(limits.venue.orders_limit_10s == 50);
  CHECK(limits.venue.orders_limit_1m == 0);  // 0 = not tracked
  CHECK(limits.venue_soft_permille == 750);
  // Defaults: the documented Binance USD-M budgets, 80 % for normal orders.
  engine::RiskLimits d;
  apply_rate_limits(strategy::RateLimitParams{}, d);
  CHECK(d.venue.weight_limit == 2400);
  CHECK(d.venue.orders_limit_10s == 300);
  CHECK(d.venue.orders_limit_1m == 1200);
  CHECK(d.venue_soft_permille == 800);

  const StrategyConfigResult bad = parse_strategy_config_text(
      "global:\n  rate_limit:\n    venue_soft_fraction: 1.5\n    venue_weight_per_min: -1\n"
      "symbols:\n  BTCUSDT: {}\n",
      "bad.yaml");
  CHECK_FALSE(bad.ok());
  CHECK(has_error(bad, "global.rate_limit.venue_soft_fraction", 3, "(0, 1]"));
  CHECK(has_error(bad, "global.rate_limit.venue_weight_per_min", 4, "integer"));
}

TEST_CASE("booleans: the seed's spellings (True, yes, on, 1) load; anything else is an error at its line") {
  for (const char* t : {"true", "True", "TRUE", "yes", "on", "1", "y"}) {
    const auto r = parse_strategy_config_text(
        std::string("global:\n  risk:\n    panic_close: { enabled: ") + t + " }\nsymbols:\n  BTCUSDT: {}\n", "b.yaml");
    CAPTURE(t);
    REQUIRE_MESSAGE(r.ok(), r.error_text());
    CHECK(r.config.symbols[0].params.risk.panic_close.enabled);
  }
  for (const char* f : {"false", "False", "no", "off", "0", "n"}) {
    const auto r = parse_strategy_config_text(
        std::string("global:\n  risk:\n    protective_stop: { enabled: ") + f + " }\nsymbols:\n  BTCUSDT: {}\n", "b.yaml");
    CAPTURE(f);
    REQUIRE_MESSAGE(r.ok(), r.error_text());
    CHECK_FALSE(r.config.symbols[0].params.risk.protective_stop.enabled);
  }
  const auto bad = parse_strategy_config_text("global:\n  risk:\n    panic_close: { enabled: maybe }\nsymbols:\n  BTCUSDT: {}\n",
                                              "b.yaml");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error_text().find("b.yaml:3:") != std::string::npos);
  CHECK(bad.error_text().find("must be true or false, got 'maybe'") != std::string::npos);
}

TEST_CASE("defaults of omitted keys are seed 002's, but for two safety choices (docs/strategies/reduce_only_closer.md)") {
  const auto r = parse_strategy_config_text("symbols:\n  BTCUSDT: {}\n", "d.yaml");
  REQUIRE_MESSAGE(r.ok(), r.error_text());
  const CloserParams& p = r.config.symbols[0].params;
  CHECK(p.execution.order_ttl_ms == 800);
  CHECK(p.execution.max_mult == 50);
  CHECK(p.execution.max_order_notional == 200 * kAmountScale);
  CHECK(p.accel.tiers.n == 0);
  CHECK(p.roi.tiers.n == 0);
  CHECK(p.risk.liq_distance_threshold_e8 == 5'000'000);  // seed 0.015: safety
  CHECK(p.risk.panic_close.enabled);                     // seed false: safety
}
