// markets_test.cpp — GET /api/v1/markets bodies (the real market objects of
// shared/data/backpack/) → SymbolRules.
#include <doctest/doctest.h>

#include <string>

#include "test_util.hpp"
#include "venue/backpack/markets.hpp"

using namespace xtb;
using namespace xtb::backpack;
using namespace xtb::backpack::test;

namespace {

// The three bpx-api-client market literals as one /api/v1/markets array.
std::string bpx_markets() {
  std::string body = "[";
  for (const Sample& s : load_samples("bpx_api_client_test_messages.json"))
    if (s.function.starts_with("test_market_")) body += (body.size() > 1 ? "," : "") + s.json;
  return body + "]";
}

}  // namespace

TEST_SUITE("backpack") {

TEST_CASE("markets: perps only by default; SOL_USDC_PERP rules from its filters") {
  SymbolTable t(16, 16);
  const MarketsResult r = load_markets(bpx_markets(), t);
  CHECK(r.status == DecodeStatus::Ok);
  CHECK(r.loaded == 1);
  CHECK(r.skipped_type == 2);  // WEN_USDC, SPCX.US_USDC (SPOT)
  CHECK(r.skipped_bad == 0);
  const SymbolId id = t.find(kVenueId, "SOL_USDC_PERP");
  REQUIRE(id != kNoSymbol);
  CHECK(t.find(Venue::None, "SOL_USDC_PERP") == kNoSymbol);  // keyed by venue
  const SymbolRules& s = t.rules(id);
  CHECK(s.venue == kVenueId);
  CHECK(s.price == DecimalScale{1, 2});
  CHECK(s.qty == DecimalScale{1, 2});
  CHECK(s.min_price == 1);
  CHECK(s.max_price == 100000);  // "1000" at tick 0.01
  CHECK(s.min_qty == 1);
  CHECK(s.max_qty == 0);         // null: no bound
  CHECK(s.market_min_qty == 1);
  CHECK(s.trading);
  CHECK(s.price_precision == 2);
  CHECK(t.asset_name(s.base_asset) == "SOL");
  CHECK(t.asset_name(s.quote_asset) == "USDC");
  CHECK(s.margin_asset == s.quote_asset);
}

TEST_CASE("markets: all types; order book state decides trading; ccxt's list; one object") {
  SymbolTable t(16, 16);
  MarketsResult r = load_markets(bpx_markets(), t, false);
  CHECK(r.loaded == 3);
  CHECK_FALSE(t.rules(t.find(kVenueId, "WEN_USDC")).trading);       // Closed
  CHECK_FALSE(t.rules(t.find(kVenueId, "SPCX.US_USDC")).trading);   // PostOnly
  CHECK(t.rules(t.find(kVenueId, "WEN_USDC")).price == DecimalScale{1, 4});
  for (const Sample& s : load_samples("ccxt_examples.json")) {
    if (s.function != "parseMarket") continue;
    SymbolTable u(16, 16);
    r = load_markets(s.json, u);
    CHECK(r.loaded == 1);
    CHECK(r.skipped_type == 1);
    CHECK(u.rules(u.find(kVenueId, "SOL_USDC_PERP")).max_price == 100000);
  }
  SymbolRules one;
  std::string name;
  REQUIRE(parse_market_rules(R"({"symbol":"BTC_USDC_PERP","marketType":"PERP","orderBookState":"Open",
      "filters":{"price":{"tickSize":"0.1","minPrice":"0.1","maxPrice":null},
                 "quantity":{"stepSize":"0.00001","minQuantity":"0.00001","maxQuantity":"1000"}}})", one, name));
  CHECK(name == "BTC_USDC_PERP");
  CHECK(one.qty == DecimalScale{1, 5});
  CHECK(one.max_qty == 100000000);
}

TEST_CASE("markets: bad bodies and bad markets are counted, never thrown") {
  SymbolTable t(16, 16);
  CHECK(load_markets("not json", t).status == DecodeStatus::BadJson);
  CHECK(load_markets("42", t).status == DecodeStatus::WrongType);
  const MarketsResult r = load_markets(R"([{"symbol":"X_PERP","marketType":"PERP","filters":{"price":{"tickSize":"0"},
      "quantity":{"stepSize":"1"}}},{"symbol":"Y_PERP"}])", t);
  CHECK(r.loaded == 0);
  CHECK(r.skipped_bad == 2);
  CHECK(t.size() == 0);
}

}  // TEST_SUITE
