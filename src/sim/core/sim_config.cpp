// sim_config.cpp — YAML loader of the exchange configuration (see sim_config.hpp).
// Cold path: yaml-cpp, std::string, exceptions are fine here.
#include "sim/core/sim_config.hpp"

#include <yaml-cpp/yaml.h>

#include "core/yaml_document.hpp"
#include "market/decimal.hpp"

namespace xtb::sim {
namespace {

std::int64_t parse_e8(const YAML::Node& n, const char* key) {
  const std::string s = n.as<std::string>();
  std::int64_t v = 0;
  if (parse_decimal(s, kAmountDecimalScale, Rounding::Exact, v) != DecimalError::Ok)
    throw ConfigError(std::string("'") + key + "': not a decimal with at most 8 digits: '" + s + "'");
  return v;
}

int parse_margin_type(const YAML::Node& n) {
  const std::string s = n.as<std::string>();
  if (s == "CROSSED" || s == "CROSS" || s == "cross") return 0;
  if (s == "ISOLATED" || s == "isolated") return 1;
  throw ConfigError("'margin_type': expected CROSSED or ISOLATED, got '" + s + "'");
}

std::vector<BracketSpec> parse_brackets(const YAML::Node& n) {
  std::vector<BracketSpec> out;
  for (const auto& b : n) {
    BracketSpec s;
    s.notional_floor = parse_e8(b["floor"], "brackets.floor");
    s.mmr_e8 = parse_e8(b["mmr"], "brackets.mmr");
    s.max_leverage = b["max_leverage"].as<std::uint16_t>();
    out.push_back(s);
  }
  BracketTable check;
  if (!check.build(out.data(), out.size()))
    throw ConfigError("'brackets': floors must start at 0 and increase, rates must not decrease");
  return out;
}

PositionSide parse_side(const YAML::Node& n) {
  const std::string s = n.as<std::string>();
  if (s == "LONG") return PositionSide::Long;
  if (s == "SHORT") return PositionSide::Short;
  if (s == "BOTH") return PositionSide::Both;
  throw ConfigError("'positions.side': expected BOTH, LONG or SHORT, got '" + s + "'");
}

template <class T>
void opt(const YAML::Node& root, const char* key, T& out) {
  if (root[key]) out = root[key].as<T>();
}

ExchangeConfig from_node(const YAML::Node& root) {
  ExchangeConfig c;
  opt(root, "asset", c.asset);
  if (root["wallet"]) c.wallet = parse_e8(root["wallet"], "wallet");
  opt(root, "hedge_mode", c.hedge_mode);
  opt(root, "leverage", c.default_leverage);
  if (root["margin_type"]) c.default_isolated = parse_margin_type(root["margin_type"]) == 1;
  if (root["maker_fee"]) c.maker_fee_e8 = parse_e8(root["maker_fee"], "maker_fee");
  if (root["taker_fee"]) c.taker_fee_e8 = parse_e8(root["taker_fee"], "taker_fee");
  if (root["brackets"]) c.brackets = parse_brackets(root["brackets"]);
  for (const auto& s : root["symbols"]) {
    SymbolAccountConfig sc;
    sc.symbol = s["symbol"].as<std::string>();
    opt(s, "leverage", sc.leverage);
    if (s["leverage"] && (sc.leverage < 1 || sc.leverage > kMaxLeverage))  // D6: never 0
      throw ConfigError("symbols." + sc.symbol + ".leverage: must be 1..125, got " + std::to_string(sc.leverage));
    if (s["margin_type"]) sc.isolated = parse_margin_type(s["margin_type"]);
    if (s["brackets"]) sc.brackets = parse_brackets(s["brackets"]);
    c.symbols.push_back(std::move(sc));
  }
  for (const auto& p : root["positions"]) {
    InitialPosition ip;
    ip.symbol = p["symbol"].as<std::string>();
    if (p["side"]) ip.side = parse_side(p["side"]);
    ip.amount = p["amount"].as<std::string>();
    ip.entry_price = p["entry_price"].as<std::string>();
    c.positions.push_back(std::move(ip));
  }
  opt(root, "first_order_id", c.first_order_id);
  opt(root, "first_trade_id", c.first_trade_id);
  opt(root, "max_open_orders", c.max_open_orders);
  opt(root, "check_margin", c.check_margin);
  opt(root, "mark_tau_ms", c.mark_tau_ms);
  opt(root, "mark_interval_ms", c.mark_interval_ms);
  opt(root, "stop_expire_then_new", c.stop_expire_then_new);
  opt(root, "conditional_on_order_endpoint", c.conditional_on_order_endpoint);
  if (c.default_leverage < 1 || c.default_leverage > kMaxLeverage)  // D6: 0 divided by in initial_margin
    throw ConfigError("'leverage': must be 1..125, got " + std::to_string(c.default_leverage));
  if (c.wallet < 0)  // D15/S4: a negative starting balance is not an account
    throw ConfigError("'wallet': must be >= 0, got '" + root["wallet"].as<std::string>() + "'");
  if (c.mark_interval_ms < 1 || c.mark_tau_ms < 0) throw ConfigError("'mark_interval_ms' must be >= 1");
  return c;
}

}  // namespace

ExchangeConfig parse_exchange_config(const std::string& yaml_text) {
  try {
    return from_node(yaml::parse_yaml_text_or_throw(yaml_text));  // strict: duplicate keys, ... (D14)
  } catch (const yaml::YamlDocumentError& e) {
    throw ConfigError(std::string("account YAML: ") + e.what());
  } catch (const YAML::Exception& e) {
    throw ConfigError(std::string("account YAML: ") + e.what());
  }
}

ExchangeConfig load_exchange_config(const std::string& path) {
  try {
    return from_node(yaml::load_yaml_file_or_throw(path));  // strict, errno on read errors (D14/D16)
  } catch (const yaml::YamlDocumentError& e) {
    throw ConfigError("account file '" + path + "': " + e.what());
  } catch (const YAML::Exception& e) {
    throw ConfigError("account file '" + path + "': " + e.what());
  }
}

}  // namespace xtb::sim
