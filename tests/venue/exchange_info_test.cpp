// exchange_info_test.cpp — exchangeInfo (fixture and the 2021 cryptofeed capture) → SymbolTable.
#include "decode_test_util.hpp"
#include "venue/binance/venue_id.hpp"

using namespace xtb;
using namespace xtb::binance;
using namespace xtb::binance::test;

TEST_CASE("exchangeInfo fixture fills tick/step/min-qty/min-notional/percent-price rules") {
  SymbolTable t;
  const ExchangeInfoResult r = load_exchange_info(fixture("http/http_futures_market_exchange_info.json"), t);
  REQUIRE_MESSAGE(r.ok(), r.error);
  CHECK(r.symbols == 3);
  const SymbolId btc = t.find(xtb::binance::kVenueId, "BTCUSDT");
  REQUIRE(btc != kNoSymbol);
  const SymbolRules& b = t.rules(btc);
  CHECK(b.price == DecimalScale{1, 1});   // tickSize "0.10"
  CHECK(b.qty == DecimalScale{1, 3});     // stepSize "0.001"
  CHECK(b.min_price == 4020);             // "402"
  CHECK(b.max_price == 12463966);         // "1246396.60"
  CHECK(b.min_qty == 1);
  CHECK(b.max_qty == 1'000'000);          // 1000 BTC
  CHECK(b.market_min_qty == 1);
  CHECK(b.market_max_qty == 1'000'000);
  CHECK(b.market_step == 1);
  CHECK(b.min_notional == 10 * kAmountScale);
  CHECK(b.percent_up_e8 == 110'000'000);
  CHECK(b.percent_down_e8 == 54'540'000);
  CHECK(b.price_precision == 2);
  CHECK(b.qty_precision == 3);
  CHECK(b.trading);
  CHECK(t.asset_name(b.base_asset) == "BTC");
  CHECK(t.asset_name(b.quote_asset) == "USDT");
  CHECK(t.asset_name(b.margin_asset) == "USDT");
  CHECK(t.find_asset("BUSD") != kNoAsset);  // from the top-level "assets" list
  const SymbolRules& e = t.rules(t.find(xtb::binance::kVenueId, "ETHUSDT"));
  CHECK(e.price == DecimalScale{1, 2});
  CHECK(t.find(xtb::binance::kVenueId, "BTCUSDT_220325") != kNoSymbol);
  // Reloading keeps ids.
  const ExchangeInfoResult again = load_exchange_info(fixture("http/http_futures_market_exchange_info.json"), t);
  CHECK(again.ok());
  CHECK(t.find(xtb::binance::kVenueId, "BTCUSDT") == btc);
  CHECK(t.size() == 3);
}

TEST_CASE("exchangeInfo from the cryptofeed 2021 capture (122 symbols)") {
  const std::string file = read_file(data_path("binance-usdm/capture/cryptofeed_2021-07_exchange_info.txt"));
  const std::string line = file.substr(0, file.find('\n'));
  const std::string json = line.substr(line.find(": ") + 2);  // "<url> -> <ts>: <json>"
  SymbolTable t;
  const ExchangeInfoResult r = load_exchange_info(json, t);
  REQUIRE_MESSAGE(r.ok(), r.error);
  CHECK(r.symbols == 122);
  CHECK(t.size() == 122);
  const SymbolRules& sushi = t.rules(t.find(xtb::binance::kVenueId, "SUSHIUSDT"));
  CHECK(sushi.price == DecimalScale{1, 3});  // "0.0010"
  CHECK(sushi.qty == DecimalScale{1, 0});    // "1"
  CHECK(sushi.min_price == 143);             // "0.1430"
  CHECK(sushi.min_notional == 5 * kAmountScale);
  const SymbolRules& akro = t.rules(t.find(xtb::binance::kVenueId, "AKROUSDT"));
  CHECK(akro.price == DecimalScale{1, 5});
  CHECK(t.rules(t.find(xtb::binance::kVenueId, "BTCUSDT")).price == DecimalScale{1, 2});
  // A filter subset.
  SymbolTable only;
  const ExchangeInfoResult some = load_exchange_info(json, only, {"SUSHIUSDT", "CTKUSDT"});
  CHECK(some.symbols == 2);
  CHECK(some.skipped == 120);
  CHECK(only.find(xtb::binance::kVenueId, "BTCUSDT") == kNoSymbol);
}

TEST_CASE("bad exchangeInfo bodies fail cleanly and add no symbol") {
  SymbolTable t;
  CHECK(load_exchange_info("{", t).status == DecodeStatus::BadJson);
  CHECK(load_exchange_info("[]", t).status == DecodeStatus::WrongType);
  CHECK(load_exchange_info(R"({"timezone":"UTC"})", t).status == DecodeStatus::MissingField);
  const ExchangeInfoResult bad = load_exchange_info(
      R"({"symbols":[{"symbol":"OKUSDT","filters":[{"filterType":"PRICE_FILTER","tickSize":"0.1"},{"filterType":"LOT_SIZE","stepSize":"1"}]},)"
      R"({"symbol":"BADUSDT","filters":[{"filterType":"PRICE_FILTER","tickSize":"0"},{"filterType":"LOT_SIZE","stepSize":"1"}]}]})",
      t);
  CHECK(bad.status == DecodeStatus::BadDecimal);
  CHECK(bad.error.find("BADUSDT") != std::string::npos);
  CHECK(t.size() == 0);
  const ExchangeInfoResult step = load_exchange_info(
      R"({"symbols":[{"symbol":"XUSDT","filters":[{"filterType":"PRICE_FILTER","tickSize":"0.1"},{"filterType":"LOT_SIZE","stepSize":"0.01"},{"filterType":"MARKET_LOT_SIZE","stepSize":"0.015"}]}]})",
      t);
  CHECK(step.status == DecodeStatus::BadDecimal);
}
