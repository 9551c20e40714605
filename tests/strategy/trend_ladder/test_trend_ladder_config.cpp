// test_trend_ladder_config.cpp — `trend_ladder`'s parameters from a strategies: entry and
// from seed 000's XTB_TL_* / XTB_SYMBOL variables (trend_ladder_setup.hpp): units, defaults,
// the registry line, and every refusal naming its key and source.
#include <doctest/doctest.h>

#include <map>
#include <stdexcept>
#include <string>

#include "strategy/registry.hpp"
#include "strategy/trend_ladder/trend_ladder_setup.hpp"
#include "venue/binance/venue_id.hpp"

using namespace xtb;
using namespace xtb::strategy;

namespace {

struct Env {
  std::map<std::string, std::string> vars;
  EnvLookup lookup() const {
    return [this](const char* n) -> const char* {
      const auto it = vars.find(n);
      return it == vars.end() ? nullptr : it->second.c_str();
    };
  }
};

SymbolTable table() {
  SymbolTable t;
  SymbolRules r;
  r.price = DecimalScale{1, 1};  // tick 0.1
  r.qty = DecimalScale{1, 3};    // step 0.001
  r.min_qty = 1;
  r.min_notional = 5 * kAmountScale;
  t.add_symbol(binance::kVenueId, "BTCUSDT", r);
  return t;
}

StrategySpec spec(std::map<std::string, std::string> params) {
  StrategySpec s;
  s.kind = "trend_ladder";
  s.venue = binance::kVenueId;
  s.symbols = {"BTCUSDT"};
  s.params = std::move(params);
  return s;
}

std::string error_of(const StrategySpec& s, const Env& env = {}) {
  try {
    trend_ladder_params(s, table(), env.lookup());
  } catch (const std::invalid_argument& e) { return e.what(); }
  return "";
}

}  // namespace

TEST_CASE("trend_ladder config: YAML params in engine units, the seed's defaults") {
  const SymbolTable t = table();
  const TrendLadderParams p = trend_ladder_params(spec({{"qty", "0.002"},
                                                        {"tp", "5"},
                                                        {"direction", "short"},
                                                        {"levels", "3"},
                                                        {"grid_step", "2.5"},
                                                        {"base_wait", "1.5"},
                                                        {"stop_price", "70000"},
                                                        {"requote_abs", "1.2"},
                                                        {"post_only", "false"}}),
                                                  t, Env{}.lookup());
  CHECK(p.symbol == t.find(binance::kVenueId, "BTCUSDT"));
  CHECK(p.qty == 2);
  CHECK(p.tp_offset == 50);
  CHECK(p.direction == LadderDirection::Short);
  CHECK(p.levels == 3);
  CHECK(p.grid_step == 25);
  CHECK(p.base_wait_ns == 1'500'000'000);
  CHECK(p.stop_px == 700'000);
  CHECK(p.requote_abs == 12);
  CHECK_FALSE(p.post_only);
  CHECK(p.max_orders == 40);  // defaults: seed 000's TrendLadderParams
  CHECK(p.min_wait_ns == 60'000'000'000);
  CHECK(p.requote_ticks == 5);
  CHECK(p.repair_max == 3);
  REQUIRE(find_strategy_kind("trend_ladder") != nullptr);
  CHECK(make_strategy_setup(spec({{"qty", "0.002"}, {"tp", "5"}, {"env", "false"}}), t).strategies.size() == 1);
}

TEST_CASE("trend_ladder config: the XTB_TL_* variables, and a conflict with the YAML is an error") {
  Env env;
  env.vars = {{"XTB_TL_QTY", "0.003"},
              {"XTB_TL_TP", "7"},
              {"XTB_TL_MAX_ORDERS", "12"},
              {"XTB_TL_REQUOTE_TICKS", "9"},
              {"XTB_SYMBOL", "BTCUSDT"}};
  StrategySpec s = spec({});
  s.symbols.clear();  // the symbol from XTB_SYMBOL
  const TrendLadderParams p = trend_ladder_params(s, table(), env.lookup());
  CHECK(p.qty == 3);
  CHECK(p.tp_offset == 70);
  CHECK(p.max_orders == 12);
  CHECK(p.requote_ticks == 9);
  // The same value in both is fine; a different one names both sources.
  CHECK(trend_ladder_params(spec({{"qty", "0.003"}}), table(), env.lookup()).qty == 3);
  const std::string e = error_of(spec({{"qty", "0.002"}}), env);
  CHECK(e.find("qty") != std::string::npos);
  CHECK(e.find("XTB_TL_QTY='0.003'") != std::string::npos);
  // env: false ignores the variables.
  CHECK(trend_ladder_params(spec({{"qty", "0.002"}, {"tp", "1"}, {"env", "false"}}), table(), env.lookup()).qty == 2);
  Env other;
  other.vars = {{"XTB_SYMBOL", "ETHUSDT"}};
  CHECK(error_of(spec({{"qty", "0.002"}, {"tp", "1"}}), other).find("conflicts with XTB_SYMBOL") != std::string::npos);
  // A bad value from a variable names the variable.
  Env badenv;
  badenv.vars = {{"XTB_TL_MAX_ORDERS", "0"}};
  CHECK(error_of(spec({{"qty", "0.002"}, {"tp", "1"}}), badenv).find("max_orders (XTB_TL_MAX_ORDERS)") !=
        std::string::npos);
}

TEST_CASE("trend_ladder config: unknown keys and bad values are refused with the key named") {
  const std::map<std::string, std::string> ok{{"qty", "0.002"}, {"tp", "5"}};
  auto with = [&](const std::string& k, const std::string& v) {
    auto m = ok;
    m[k] = v;
    return error_of(spec(m));
  };
  CHECK(with("qtty", "1").find("qtty (params): unknown parameter (known: direction, qty, tp") != std::string::npos);
  CHECK(with("qty", "0.0005").find("qty (params): must be > 0 on the symbol's step grid") != std::string::npos);
  CHECK(with("qty", "-1").find("qty") != std::string::npos);
  CHECK(with("tp", "0").find("tp (params): must be a price > 0") != std::string::npos);
  CHECK(with("direction", "up").find("direction (params): must be long or short") != std::string::npos);
  CHECK(with("levels", "17").find("levels (params): must be an integer in [1, 16]") != std::string::npos);
  CHECK(with("levels", "2").find("grid_step: required (> 0) when levels > 1") != std::string::npos);
  CHECK(with("base_wait", "abc").find("base_wait (params): must be seconds") != std::string::npos);
  CHECK(with("requote_wait_confirm", "0").find("requote_wait_confirm") != std::string::npos);
  CHECK(with("min_wait", "1000").find("max_wait: must be ≥ min_wait") != std::string::npos);
  CHECK(with("post_only", "maybe").find("post_only (params): must be true or false") != std::string::npos);
  CHECK(with("repair_max", "65").find("repair_max") != std::string::npos);
  CHECK(error_of(spec({{"tp", "5"}})).find("qty: required") != std::string::npos);
  CHECK(error_of(spec({{"qty", "0.002"}})).find("tp: required") != std::string::npos);
  StrategySpec two = spec(ok);
  two.symbols = {"BTCUSDT", "ETHUSDT"};
  CHECK(error_of(two).find("exactly one symbol") != std::string::npos);
  StrategySpec unknown = spec(ok);
  unknown.symbols = {"DOGEUSDT"};
  CHECK(error_of(unknown).find("'DOGEUSDT' is not in the venue's symbol list") != std::string::npos);
}
