// symbol_table_test.cpp — name → id mapping and static order rules (market/symbol_table.hpp).
#include <doctest/doctest.h>

#include <atomic>
#include <string>
#include <thread>

#include "market/symbol_table.hpp"

using namespace xtb;

namespace {
constexpr Venue kV = static_cast<Venue>(7);   // any venue id: the table is venue-neutral
constexpr Venue kW = static_cast<Venue>(9);
SymbolRules btc_rules() {
  SymbolRules r;
  r.price = {1, 1};  // tickSize 0.10
  r.qty = {1, 3};    // stepSize 0.001
  r.min_price = 4020;
  r.max_price = 12463966;
  r.min_qty = 1;
  r.max_qty = 1'000'000;
  r.market_min_qty = 1;
  r.market_max_qty = 120'000;
  r.min_notional = 10 * kAmountScale;
  return r;
}
}  // namespace

TEST_CASE("symbols and assets get dense ids; lookups are exact") {
  SymbolTable t(8, 4);
  const SymbolId btc = t.add_symbol(kV, "BTCUSDT", btc_rules());
  const SymbolId eth = t.add_symbol(kV, "ETHUSDT", btc_rules());
  CHECK(btc == 0);
  CHECK(eth == 1);
  CHECK(t.find(kV, "BTCUSDT") == btc);
  CHECK(t.find(kV, "ETHUSDT") == eth);
  CHECK(t.find(kV, "btcusdt") == kNoSymbol);
  CHECK(t.find(kV, "BTCUSD") == kNoSymbol);
  CHECK(t.find(kV, "") == kNoSymbol);
  CHECK(t.name(eth) == "ETHUSDT");
  CHECK(t.rules(btc).id == btc);
  CHECK(t.try_rules(99) == nullptr);
  // Re-adding replaces the rules and keeps the id.
  SymbolRules r2 = btc_rules();
  r2.min_qty = 7;
  CHECK(t.add_symbol(kV, "BTCUSDT", r2) == btc);
  CHECK(t.rules(btc).min_qty == 7);
  CHECK(t.size() == 2);
  // Assets.
  const AssetId usdt = t.add_asset("USDT");
  CHECK(t.add_asset("USDT") == usdt);
  CHECK(t.find_asset("USDT") == usdt);
  CHECK(t.find_asset("BNFCR") == kNoAsset);
  CHECK(t.asset_name(usdt) == "USDT");
  // Too long / full.
  CHECK(t.add_symbol(kV, std::string(40, 'X'), btc_rules()) == kNoSymbol);
  for (int i = 0; i < 6; ++i) CHECK(t.add_symbol(kV, "S" + std::to_string(i), btc_rules()) != kNoSymbol);
  CHECK(t.add_symbol(kV, "ONEMORE", btc_rules()) == kNoSymbol);
}

TEST_CASE("many symbols resolve through the hash index") {
  SymbolTable t(2000, 8);
  for (int i = 0; i < 2000; ++i) REQUIRE(t.add_symbol(kV, "SYM" + std::to_string(i) + "USDT", btc_rules()) == SymbolId(i));
  for (int i = 0; i < 2000; ++i) CHECK(t.find(kV, "SYM" + std::to_string(i) + "USDT") == SymbolId(i));
  CHECK(t.find(kV, "SYM2000USDT") == kNoSymbol);
}

TEST_CASE("notional and order checks use the grids exactly") {
  const SymbolRules r = btc_rules();
  Amount n = 0;
  CHECK(notional_amount(r, 618002, 2, n));  // 61800.2 × 0.002
  CHECK(n == 12'360'040'000);               // 123.6004 USDT
  CHECK(check_order(r, 618002, 2, false) == RuleViolation::None);
  CHECK(check_order(r, 618002, 0, false) == RuleViolation::NonPositiveQty);
  CHECK(check_order(r, 618002, 1'000'001, false) == RuleViolation::QtyAboveMax);
  CHECK(check_order(r, 4019, 10, false) == RuleViolation::PriceBelowMin);
  CHECK(check_order(r, 12463967, 1, false) == RuleViolation::PriceAboveMax);
  CHECK(check_order(r, 0, 1, false) == RuleViolation::NonPositivePrice);
  CHECK(check_order(r, 50000, 1, false) == RuleViolation::NotionalBelowMin);  // 5000.0 × 0.001 = 5 USDT
  CHECK(check_order(r, 0, 200'000, true) == RuleViolation::QtyAboveMax);      // MARKET_LOT_SIZE
  CHECK(check_order(r, 0, 1, true, 50000) == RuleViolation::NotionalBelowMin);  // 5 USDT at 5000.0
  CHECK(check_order(r, 0, 1, true, 618002) == RuleViolation::None);         // 61.8 USDT
  CHECK(check_order(r, 0, 1, true) == RuleViolation::None);                   // no reference price
  SymbolRules halted = r;
  halted.trading = false;
  CHECK(check_order(halted, 618002, 2, false) == RuleViolation::NotTrading);
  SymbolRules stepped = r;
  stepped.market_step = 10;
  CHECK(check_order(stepped, 0, 15, true) == RuleViolation::QtyOffMarketStep);
  CHECK(std::string(to_string(RuleViolation::NotionalBelowMin)) == "notional<min-notional");
}

TEST_CASE("PERCENT_PRICE bands are checked against the mark price") {
  SymbolRules r = btc_rules();
  r.percent_up_e8 = 110'000'000;   // 1.1000
  r.percent_down_e8 = 54'540'000;  // 0.5454
  const Price mark = 600000;       // 60000.0
  CHECK(check_percent_price(r, Side::Buy, 660000, mark) == RuleViolation::None);  // exactly 1.1 × mark
  CHECK(check_percent_price(r, Side::Buy, 660001, mark) == RuleViolation::PriceAboveBand);
  CHECK(check_percent_price(r, Side::Sell, 327240, mark) == RuleViolation::None);  // 0.5454 × mark
  CHECK(check_percent_price(r, Side::Sell, 327239, mark) == RuleViolation::PriceBelowBand);
  CHECK(check_percent_price(r, Side::Sell, 999999, mark) == RuleViolation::None);
  CHECK(check_percent_price(r, Side::Buy, 999999, 0) == RuleViolation::None);  // no mark yet
}

TEST_CASE("price/qty helpers parse and format with the symbol grid") {
  const SymbolRules r = btc_rules();
  Price px = 0;
  Qty q = 0;
  CHECK(parse_price(r, "61800.20", px) == DecimalError::Ok);
  CHECK(px == 618002);
  CHECK(parse_price(r, "61800.25", px) == DecimalError::TooPrecise);
  CHECK(parse_qty(r, "2.507", q) == DecimalError::Ok);
  CHECK(q == 2507);
  char buf[32];
  CHECK(std::string(buf, format_price(r, 618002, buf, sizeof buf)) == "61800.2");
  CHECK(std::string(buf, format_qty(r, 2507, buf, sizeof buf)) == "2.507");
}

TEST_CASE("an instrument is (venue, symbol): the same name on two venues is two ids") {
  SymbolTable t(8, 4);
  const SymbolId a = t.add_symbol(kV, "BTCUSDT", btc_rules());
  const SymbolId b = t.add_symbol(kW, "BTCUSDT", btc_rules());
  REQUIRE(a != kNoSymbol);
  REQUIRE(b != kNoSymbol);
  CHECK(a != b);
  CHECK(t.find(kV, "BTCUSDT") == a);
  CHECK(t.find(kW, "BTCUSDT") == b);
  CHECK(t.find(Venue::None, "BTCUSDT") == kNoSymbol);
  CHECK(t.venue(a) == kV);
  CHECK(t.venue(b) == kW);
  CHECK(t.rules(a).venue == kV);
  CHECK(t.rules(b).venue == kW);
  CHECK(t.rules(b).id == b);
  CHECK(t.name(b) == "BTCUSDT");
  CHECK(t.venue(kNoSymbol) == Venue::None);
  // Replacing the rules of a known instrument keeps its id and venue.
  SymbolRules r2 = btc_rules();
  r2.min_qty = 5;
  CHECK(t.add_symbol(kW, "BTCUSDT", r2) == b);
  CHECK(t.rules(b).min_qty == 5);
  CHECK(t.rules(a).min_qty == 1);
  CHECK(t.size() == 2);
}

TEST_CASE("the table grows while another thread resolves names (one writer, lock-free readers)") {
  constexpr int kN = 3000;
  SymbolTable t(kN, 4);
  std::atomic<bool> done{false}, started{false};
  std::atomic<std::uint64_t> seen{0}, bad{0};
  std::thread reader([&] {
    started.store(true, std::memory_order_release);
    for (bool last = false; !last;) {
      last = done.load(std::memory_order_acquire);  // one more pass after the writer finished
      const std::size_t n = t.size();
      if (n == 0) continue;
      const auto i = static_cast<SymbolId>(n - 1);
      // Every published id resolves to itself, with its rules and venue complete.
      const std::string name(t.name(i));
      const SymbolId f = t.find(kV, name);
      const SymbolRules* r = t.try_rules(i);
      if (f != i || r == nullptr || r->id != i || r->venue != kV || r->min_qty != static_cast<Qty>(i) + 1) ++bad;
      ++seen;
    }
  });
  while (!started.load(std::memory_order_acquire)) std::this_thread::yield();
  for (int i = 0; i < kN; ++i) {
    SymbolRules r = btc_rules();
    r.min_qty = i + 1;
    REQUIRE(t.add_symbol(kV, "G" + std::to_string(i), r) == static_cast<SymbolId>(i));
  }
  done.store(true, std::memory_order_release);
  reader.join();
  CHECK(seen.load() > 0);
  CHECK(bad.load() == 0);
  CHECK(t.size() == static_cast<std::size_t>(kN));
}
