// notify_test_symbols.hpp — the symbol table the notify tests format prices and
// quantities with: BTCUSDT and ETHUSDT from the real exchangeInfo fixture (built once).
#pragma once
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "market/symbol_table.hpp"
#include "venue/binance/exchange_info.hpp"

namespace xtb::notify::test {

inline const SymbolTable& table() {
  static SymbolTable t = [] {
    SymbolTable s;
    std::ifstream f(std::string(XTB_DATA_DIR) + "/binance-usdm/fixtures/http/http_futures_market_exchange_info.json");
    std::stringstream ss;
    ss << f.rdbuf();
    const auto r = binance::load_exchange_info(ss.str(), s, {"BTCUSDT", "ETHUSDT"});
    REQUIRE(r.ok());
    return s;
  }();
  return t;
}

}  // namespace xtb::notify::test
