// test_position_risk.cpp — the start-up positionRisk parser of `xtb run`
// (venue/binance/live/account_rest.hpp parse_position_risk): hedge sides, liquidation price on the tick
// grid or unknown when unreachable, leverage inside the venue's 1..125 or unknown (1).
#include <doctest/doctest.h>

#include <stdexcept>
#include <string>

#include "venue/binance/live/account_rest.hpp"
#include "market/symbol_table.hpp"
#include "venue/binance/venue_id.hpp"

using namespace xtb;

namespace {

struct Btc {
  SymbolTable table;
  SymbolId id = kNoSymbol;
  Btc() {
    SymbolRules r;
    r.price = {1, 1};  // tick 0.1
    r.qty = {1, 3};    // step 0.001
    r.min_qty = 1;
    r.min_price = 1;             // 0.1
    r.max_price = 40'000'000;    // 4,000,000.0
    id = table.add_symbol(xtb::binance::kVenueId, "BTCUSDT", r);
  }
};

std::string row(const char* side, const char* amt, const char* liq, const char* lev) {
  return std::string("{\"symbol\":\"BTCUSDT\",\"positionSide\":\"") + side + "\",\"positionAmt\":\"" + amt +
         "\",\"liquidationPrice\":\"" + liq + "\",\"leverage\":\"" + lev + "\",\"marginType\":\"isolated\"}";
}

}  // namespace

TEST_CASE("positionRisk: hedge sides, liquidation ticks, leverage range") {
  Btc b;
  const std::string body = "[" + row("LONG", "0.016", "55564.31", "10") + "," + row("SHORT", "-0.016", "68048.0", "125") +
                           "," + row("BOTH", "0", "0", "10") + "]";
  const PositionRisk r = binance::parse_position_risk(body, b.table, b.id);
  CHECK(r.long_side.found);
  CHECK(r.long_side.amount == 16);
  CHECK(r.long_side.liq_px == 555643);  // nearest tick
  CHECK(r.long_side.leverage == 10);
  CHECK(r.long_side.isolated);
  CHECK(r.short_side.amount == -16);
  CHECK(r.short_side.liq_px == 680480);
  CHECK(r.short_side.leverage == 125);
}

TEST_CASE("positionRisk: out-of-range leverage and unreachable liquidation are unknown, bad JSON throws") {
  Btc b;
  for (const char* lev : {"0", "126", "99999999999999999999", "10x", "", "-3"}) {
    CAPTURE(lev);
    const PositionRisk r = binance::parse_position_risk("[" + row("LONG", "1", "9999999999", lev) + "]", b.table, b.id);
    CHECK(r.long_side.leverage == 1);
    CHECK(r.long_side.liq_px == 0);  // above PRICE_FILTER maxPrice: cannot be reached
  }
  CHECK_THROWS_AS(binance::parse_position_risk("{\"code\":-2015}", b.table, b.id), std::runtime_error);
  CHECK_THROWS_AS(binance::parse_position_risk("[" + row("LONG", "abc", "1", "1") + "]", b.table, b.id), std::runtime_error);
}
