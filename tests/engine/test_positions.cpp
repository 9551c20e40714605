// Positions: hedge (LONG/SHORT) and one-way (BOTH) accounting, PnL, fees, venue drift.
#include <doctest/doctest.h>

#include "engine/positions.hpp"
#include "engine_fixture.hpp"

using namespace xtb;
using namespace xtb::engine;
using namespace xtb::engine::test;

namespace {

Fill fill(Side side, PositionSide ps, Qty qty, Price px, Amount fee = 0, SymbolId s = kBtc) {
  Fill f{};
  f.symbol = s;
  f.side = side;
  f.position_side = ps;
  f.qty = qty;
  f.px = px;
  f.fee = fee;
  return f;
}

struct Book {
  SymbolRulesTable rules{4};
  PositionBook book{Engine::init_rules(rules)};
};

}  // namespace

TEST_SUITE("engine") {

TEST_CASE("hedge LONG: open, add, partial close, close — entry, PnL, fees") {
  Book b;
  // Buy 0.010 BTC @ 60000.0 and 0.010 @ 61000.0 → entry 60500.0.
  b.book.apply_fill(fill(Side::Buy, PositionSide::Long, 10, 600'000, 240'000), 1);
  b.book.apply_fill(fill(Side::Buy, PositionSide::Long, 10, 610'000, 244'000), 2);
  const Position* p = b.book.get(kBtc, PositionSide::Long);
  REQUIRE(p != nullptr);
  CHECK(p->qty == 20);
  CHECK(p->entry_px() == 605'000);
  // Sell 0.005 @ 62000.0: realized (62000 − 60500) × 0.005 = 7.5 USDT.
  b.book.apply_fill(fill(Side::Sell, PositionSide::Long, 5, 620'000, 124'000), 3);
  CHECK(p->qty == 15);
  CHECK(p->entry_px() == 605'000);
  CHECK(b.book.realized_pnl(*p) == 750'000'000);
  // Close the rest @ 60000.0: (60000 − 60500) × 0.015 = −7.5 → total 0.
  b.book.apply_fill(fill(Side::Sell, PositionSide::Long, 15, 600'000), 4);
  CHECK(p->qty == 0);
  CHECK(p->entry_px() == 0);
  CHECK((p->cost == 0));
  CHECK(b.book.realized_pnl(*p) == 0);
  CHECK(p->fees == 608'000);
  CHECK(p->fills == 4);
  // The SHORT side of the same symbol is untouched.
  CHECK(b.book.get(kBtc, PositionSide::Short)->qty == 0);
}

TEST_CASE("hedge SHORT: sell opens negative, buy reduces, profit when price falls") {
  Book b;
  b.book.apply_fill(fill(Side::Sell, PositionSide::Short, 10, 650'000), 1);
  b.book.apply_fill(fill(Side::Buy, PositionSide::Short, 4, 640'000), 2);
  const Position* p = b.book.get(kBtc, PositionSide::Short);
  CHECK(p->qty == -6);
  CHECK(p->entry_px() == 650'000);
  // (65000 − 64000) × 0.004 = 4 USDT
  CHECK(b.book.realized_pnl(*p) == 4 * kAmountScale);
  CHECK(p->side_violations == 0);
  // Buying more than the short on the SHORT side is impossible at the venue: counted.
  b.book.apply_fill(fill(Side::Buy, PositionSide::Short, 8, 640'000), 3);
  CHECK(p->side_violations == 1);
}

TEST_CASE("one-way BOTH: crossing zero realizes the closed part and reopens the rest") {
  Book b;
  b.book.apply_fill(fill(Side::Buy, PositionSide::Both, 10, 600'000), 1);
  b.book.apply_fill(fill(Side::Sell, PositionSide::Both, 25, 610'000), 2);
  const Position* p = b.book.get(kBtc, PositionSide::Both);
  CHECK(p->qty == -15);
  CHECK(p->entry_px() == 610'000);
  CHECK(b.book.realized_pnl(*p) == 10 * kAmountScale);  // 1000 × 0.010
  b.book.apply_fill(fill(Side::Buy, PositionSide::Both, 15, 600'000), 3);
  CHECK(p->qty == 0);
  CHECK(b.book.realized_pnl(*p) == 25 * kAmountScale);  // + 1000 × 0.015
}

TEST_CASE("average entry is exact over uneven splits (cost basis, not rounded entry)") {
  Book b;
  b.book.apply_fill(fill(Side::Buy, PositionSide::Both, 3, 100'001), 1);
  b.book.apply_fill(fill(Side::Buy, PositionSide::Both, 7, 100'004), 2);
  for (int i = 0; i < 10; ++i) b.book.apply_fill(fill(Side::Sell, PositionSide::Both, 1, 100'010), 3 + i);
  const Position* p = b.book.get(kBtc, PositionSide::Both);
  // Σ sells 10 × 100010 − Σ cost (3×100001 + 7×100004) = 1000100 − 1000031 = 69 tick·steps.
  CHECK((p->realized_ts == 69));
  CHECK(b.book.realized_pnl(*p) == 69 * 10'000'000LL * 100'000 / kAmountScale);
}

TEST_CASE("fill for an unknown symbol is refused and counted") {
  Book b;
  CHECK_FALSE(b.book.apply_fill(fill(Side::Buy, PositionSide::Both, 1, 1, 0, 99), 1));
  CHECK(b.book.stats().unknown_symbol == 1);
}

TEST_CASE("ACCOUNT_UPDATE before or after the fill's ORDER_TRADE_UPDATE is not a drift") {
  Book b;
  // Venue reports 20 first, our fill arrives 1 ms later.
  b.book.on_venue_position(kBtc, PositionSide::Long, 20, 656'360, 1'000'000);
  b.book.apply_fill(fill(Side::Buy, PositionSide::Long, 20, 656'360), 2'000'000);
  PositionDrift d[4];
  CHECK(b.book.reconcile_drift(10'000'000'000, 3'000'000'000, d, 4) == 0);
  // Now our fill first, the venue report later.
  b.book.apply_fill(fill(Side::Buy, PositionSide::Long, 5, 656'000), 11'000'000'000);
  CHECK(b.book.reconcile_drift(11'500'000'000, 3'000'000'000, d, 4) == 0);  // not settled yet
  b.book.on_venue_position(kBtc, PositionSide::Long, 25, 656'288, 11'600'000'000);
  CHECK(b.book.reconcile_drift(30'000'000'000, 3'000'000'000, d, 4) == 0);
}

TEST_CASE("external open/increase/reduce are adopted after the settle time") {
  Book b;
  // The fixture account_update.json: LONG pa 20 @ 6563.6, SHORT pa -10 @ 6563.8 (tick 0.1).
  b.book.on_venue_position(kBtc, PositionSide::Long, 20'000, 65'636, 1'000);
  b.book.on_venue_position(kBtc, PositionSide::Short, -10'000, 65'638, 1'000);
  PositionDrift d[4];
  CHECK(b.book.reconcile_drift(2'000, 3'000'000'000, d, 4) == 0);  // may still be our fill
  const std::uint32_t n = b.book.reconcile_drift(3'000'001'000, 3'000'000'000, d, 4);
  REQUIRE(n == 2);
  CHECK(d[0].kind == DriftKind::ExternalOpen);
  CHECK(d[0].side == PositionSide::Long);
  CHECK(d[1].kind == DriftKind::ExternalOpen);
  const Position* l = b.book.get(kBtc, PositionSide::Long);
  CHECK(l->qty == 20'000);
  CHECK(l->external_qty == 20'000);
  CHECK(l->fill_qty == 0);  // no fill invented
  CHECK(l->entry_px() == 65'636);
  CHECK(b.book.stats().external_open_alerts == 2);
  // Someone adds 5 to the long by hand.
  b.book.on_venue_position(kBtc, PositionSide::Long, 25'000, 65'640, 4'000'000'000);
  CHECK(b.book.reconcile_drift(8'000'000'000, 3'000'000'000, d, 4) == 1);
  CHECK(d[0].kind == DriftKind::ExternalIncrease);
  CHECK(b.book.stats().external_open_alerts == 3);
  // ... and closes part of it.
  b.book.on_venue_position(kBtc, PositionSide::Long, 1'000, 65'640, 9'000'000'000);
  CHECK(b.book.reconcile_drift(13'000'000'000, 3'000'000'000, d, 4) == 1);
  CHECK(d[0].kind == DriftKind::ExternalReduce);
  CHECK(l->qty == 1'000);
  CHECK(classify_drift(5, 0) == DriftKind::ExternalClose);
  CHECK(classify_drift(5, -2) == DriftKind::ExternalFlip);
}

TEST_CASE("open-order exposure bookkeeping") {
  Book b;
  b.book.add_open_exposure(kBtc, PositionSide::Long, Side::Buy, 7);
  b.book.add_open_exposure(kBtc, PositionSide::Long, Side::Sell, 3);
  b.book.add_open_exposure(kBtc, PositionSide::Long, Side::Buy, -2);
  const Position* p = b.book.get(kBtc, PositionSide::Long);
  CHECK(p->open_buy_qty == 5);
  CHECK(p->open_sell_qty == 3);
}

}  // TEST_SUITE

TEST_CASE("a book sized for a large symbol table scans only the slots written, and finds high ids") {
  SymbolRulesTable rules{4096};
  SymbolRules r = btc_rules();
  r.symbol = 4000;
  rules.set(r);
  PositionBook book{rules};
  std::size_t seen = 0;
  book.for_each([&](const Position&) { ++seen; });
  CHECK(seen == 0);
  REQUIRE(book.apply_fill(fill(Side::Buy, PositionSide::Long, 3, 600'000, 0, 4000), 1));
  SymbolId found = kNoSymbol;
  book.for_each([&](const Position& p) { found = p.symbol; ++seen; });
  CHECK(seen == 1);
  CHECK(found == 4000);
  CHECK(book.get(4000, PositionSide::Long)->qty == 3);
  // A venue size that disagrees at the high id is still found by the drift scan.
  book.adopt_venue(4000, PositionSide::Short, -2, 600'000, 2);
  CHECK(book.get(4000, PositionSide::Short)->qty == -2);
}
