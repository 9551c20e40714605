// Account rules: hedge mode with a long and a short at once, realized PnL and fees,
// one-way flips, reduce-only clipping and sweeping, the liquidation-price formula
// against hand-computed values, the mark-price rule, stop triggers (MARK_PRICE
// closePosition and CONTRACT_PRICE), account settings and the YAML account file.
#include <doctest/doctest.h>

#include "sim/core/sim_config.hpp"
#include "sim_test_util.hpp"
#include "venue/binance/sim/sim_errors.hpp"
#include "venue/binance/venue_id.hpp"

using namespace xtb;
using namespace xtb::sim;
using namespace xtb::sim::binance_usdm;
using namespace xtb::sim::test;

namespace {
constexpr Amount kUsdt = kAmountScale;

ExchangeConfig single_bracket(ExchangeConfig c) {
  c.brackets = {BracketSpec{0, 400'000, 125}};  // MMR 0.4 %, cum 0
  return c;
}
}  // namespace

TEST_SUITE("sim-exchange") {

TEST_CASE("hedge mode: LONG and SHORT positions at once, closes realize PnL on their side only") {
  SimVenue v(hedge_config());
  v.standard_book();
  REQUIRE(v.code(market("BUY", "1.000", "LONG")) == 0);    // 1 @ 60000.1
  REQUIRE(v.code(market("SELL", "0.500", "SHORT")) == 0);  // 0.5 @ 60000.0
  const Account& a = v.x->account();
  CHECK(a.position(v.btc, PositionSide::Long).amount == qty(1));
  CHECK(a.position(v.btc, PositionSide::Short).amount == -qty(0.5));
  CHECK(a.position(v.btc, PositionSide::Both).amount == 0);
  CHECK(a.entry_price_e8(v.btc, PositionSide::Long) == 6'000'010 * kUsdt / 100);
  CHECK(a.entry_price_e8(v.btc, PositionSide::Short) == 60'000 * kUsdt);
  REQUIRE(v.code(market("SELL", "0.400", "LONG")) == 0);  // close 0.4 of the long at 60000.0
  const FillRecord& close = v.x->ledger().rows().back();
  CHECK(close.realized_pnl == -4'000'000);  // (60000.0 − 60000.1) × 0.4 = −0.04
  CHECK(a.position(v.btc, PositionSide::Long).amount == qty(0.6));
  CHECK(a.position(v.btc, PositionSide::Short).amount == -qty(0.5));
  CHECK(a.entry_price_e8(v.btc, PositionSide::Long) == 6'000'010 * kUsdt / 100);  // unchanged by a close
  const AccountUpdateReport& au = v.rec.accounts.back();
  REQUIRE(au.n_positions == 1);
  CHECK(au.positions[0].side == PositionSide::Long);
  CHECK(au.positions[0].amount == qty(0.6));
  CHECK(au.positions[0].cum_realized == -4'000'000);
  // Fees: three taker fills at 0.05 %.
  Amount fees = 0;
  for (const FillRecord& f : v.x->ledger().rows()) fees += f.fee;
  CHECK(fees == 3'000'005'000 + 1'500'000'000 + 1'200'000'000);
  CHECK(a.wallet() == 10'000 * kUsdt - 4'000'000 - fees);
}

TEST_CASE("one-way mode: a larger opposite fill closes and flips the position") {
  SimVenue v;
  v.standard_book();
  REQUIRE(v.code(market("BUY", "0.300")) == 0);   // long 0.3 @ 60000.1
  REQUIRE(v.code(market("SELL", "0.500")) == 0);  // close 0.3, open short 0.2 @ 60000.0
  const Account& a = v.x->account();
  CHECK(a.position(v.btc, PositionSide::Both).amount == -qty(0.2));
  CHECK(a.entry_price_e8(v.btc, PositionSide::Both) == 60'000 * kUsdt);
  CHECK(v.x->ledger().rows().back().realized_pnl == -3'000'000);  // −0.1 × 0.3
}

TEST_CASE("reduce-only: fills clipped to the position, the rest EXPIRED; resting reduce-only swept at zero") {
  SimVenue v;
  v.standard_book();
  REQUIRE(v.code(market("BUY", "0.300")) == 0);
  v.rec.clear();
  NewOrderRequest ro = limit("SELL", "0.500", "59999.8", "IOC", "ro-ioc");
  ro.reduce_only = "true";
  REQUIRE(v.code(ro) == 0);
  CHECK(v.rec.exec_trace() == "NEW,TRADE,EXPIRED");
  CHECK(v.rec.orders[1].last_qty == qty(0.3));
  CHECK(v.x->account().position(v.btc, PositionSide::Both).amount == 0);

  REQUIRE(v.code(market("BUY", "0.300")) == 0);
  NewOrderRequest rest = limit("SELL", "0.300", "61000.0", "GTC", "ro-rest");
  rest.reduce_only = "true";
  REQUIRE(v.code(rest) == 0);
  v.rec.clear();
  REQUIRE(v.code(market("SELL", "0.300")) == 0);  // an ordinary order closes the position
  CHECK(v.rec.exec_trace() == "NEW,TRADE,EXPIRED");
  CHECK(v.rec.orders[2].order.spec.client_id.view() == "ro-rest");
  CHECK(v.x->open_order_count() == 0);
}

TEST_CASE("liquidation price: Binance's formula against hand-computed values") {
  SymbolTable t;
  load_real_symbols(t);
  NullListener nl;
  auto make = [&](ExchangeConfig c, const char* side, const char* amount, const char* entry) {
    c.positions = {InitialPosition{"BTCUSDT", std::string(side) == "BOTH" ? PositionSide::Both
                                                 : std::string(side) == "LONG" ? PositionSide::Long
                                                                               : PositionSide::Short,
                                   amount, entry}};
    return c;
  };
  const SymbolId btc = t.find(xtb::binance::kVenueId, "BTCUSDT");
  SUBCASE("isolated long 1 BTC @ 60000, 10x, MMR 0.4 %: (6000 − 60000) / (0.004 − 1)") {
    ExchangeConfig c = single_bracket(make({}, "BOTH", "1.000", "60000"));
    c.symbols = {SymbolAccountConfig{"BTCUSDT", 10, 1, {}}};
    SimExchange x(t, c, nl, {btc});
    CHECK(x.account().position(btc, PositionSide::Both).isolated_wallet == 6000 * kUsdt);
    CHECK(x.account().liquidation_price_e8(btc, PositionSide::Both) == 5421686746988);  // 54216.86746988
  }
  SUBCASE("same with the default BTCUSDT brackets: 60k notional is band 2 (MMR 0.5 %, cum 50)") {
    ExchangeConfig c = make({}, "BOTH", "1.000", "60000");
    c.symbols = {SymbolAccountConfig{"BTCUSDT", 10, 1, {}}};
    SimExchange x(t, c, nl, {btc});
    CHECK(x.account().brackets(btc)[1].cum == 50 * kUsdt);
    CHECK(x.account().liquidation_price_e8(btc, PositionSide::Both) == 5422110552764);  // (6050 − 60000) / −0.995
  }
  SUBCASE("isolated short 1 BTC @ 60000, 10x: (6000 + 60000) / (0.004 + 1)") {
    ExchangeConfig c = single_bracket(make({}, "BOTH", "-1.000", "60000"));
    c.symbols = {SymbolAccountConfig{"BTCUSDT", 10, 1, {}}};
    SimExchange x(t, c, nl, {btc});
    CHECK(x.account().liquidation_price_e8(btc, PositionSide::Both) == 6573705179283);
  }
  SUBCASE("cross long with a 10000 USDT wallet: (10000 − 60000) / (0.004 − 1)") {
    SimExchange x(t, single_bracket(make({}, "BOTH", "1.000", "60000")), nl, {btc});
    CHECK(x.account().liquidation_price_e8(btc, PositionSide::Both) == 5020080321285);
  }
  SUBCASE("cross hedge: long 1 @ 60000 and short 0.5 @ 61000 share one price") {
    ExchangeConfig c = single_bracket(hedge_config());
    c.positions = {InitialPosition{"BTCUSDT", PositionSide::Long, "1.000", "60000"},
                   InitialPosition{"BTCUSDT", PositionSide::Short, "-0.500", "61000"}};
    SimExchange x(t, c, nl, {btc});
    // (10000 − 60000 + 30500) / (1 × (0.004 − 1) + 0.5 × (0.004 + 1))
    CHECK(x.account().liquidation_price_e8(btc, PositionSide::Long) == 3947368421053);
    CHECK(x.account().liquidation_price_e8(btc, PositionSide::Short) == 3947368421053);
  }
  SUBCASE("a long with more margin than notional cannot be liquidated: 0") {
    ExchangeConfig c = single_bracket(make({}, "BOTH", "0.100", "60000"));
    SimExchange x(t, c, nl, {btc});
    CHECK(x.account().liquidation_price_e8(btc, PositionSide::Both) == 0);
  }
}

TEST_CASE("mark price: 1 s EMA of the mid, published once per second") {
  SimVenue v;
  v.m->ticker(px(59999.9), qty(1), px(60000.1), qty(1), 1000);  // mid 60000.0
  REQUIRE(v.rec.marks.size() == 1);
  CHECK(v.rec.marks[0].mark_px == px(60000.0));
  CHECK(v.rec.marks[0].next_funding_ms == 8 * 3600 * 1000);
  v.m->ticker(px(60009.9), qty(1), px(60010.1), qty(1), 1500);  // mid 60010.0, Δt 500 ms
  CHECK(v.rec.marks.size() == 1);                               // next publication at 2000
  v.x->advance_time(1999);
  CHECK(v.rec.marks.size() == 1);
  v.x->advance_time(2000);
  REQUIRE(v.rec.marks.size() == 2);
  CHECK(v.rec.marks[1].mark_px == px(60003.3));  // 60000 + 10 × 500 / (500 + 1000)
  CHECK(v.x->mark_price(v.btc) == px(60003.3));
}

TEST_CASE("closePosition STOP_MARKET on MARK_PRICE: EXPIRED, NEW as MARKET, fills the whole side") {
  SimVenue v(hedge_config());
  v.standard_book(1000);
  REQUIRE(v.code(market("BUY", "1.000", "LONG"), 1100) == 0);
  NewOrderRequest sl;
  sl.symbol = "BTCUSDT";
  sl.side = "SELL";
  sl.position_side = "LONG";
  sl.type = "STOP_MARKET";
  sl.stop_price = "59990.0";
  sl.close_position = "true";
  sl.working_type = "MARK_PRICE";
  sl.new_client_order_id = "xtbps-stop";
  REQUIRE(v.code(sl, 1200) == 0);
  v.rec.clear();
  v.m->ticker(px(59980.0), qty(2), px(59980.2), qty(2), 1500);  // mid 59980.1
  v.x->advance_time(2000);
  REQUIRE(!v.rec.marks.empty());
  CHECK(v.rec.marks.back().mark_px > px(59990.0));  // smoothed: not there yet
  CHECK(v.rec.orders.empty());
  v.m->ticker(px(59980.0), qty(2), px(59980.2), qty(2), 2500);
  v.x->advance_time(3000);
  CHECK(v.rec.marks.back().mark_px <= px(59990.0));
  CHECK(v.rec.exec_trace() == "EXPIRED,NEW,TRADE");
  REQUIRE(v.rec.orders.size() == 3);
  CHECK(v.rec.orders[0].order.cur_type == OrderType::StopMarket);
  CHECK(v.rec.orders[1].order.cur_type == OrderType::Market);
  CHECK(v.rec.orders[1].order.spec.type == OrderType::StopMarket);  // origType
  CHECK(v.rec.orders[2].order.status == SimStatus::Filled);
  CHECK(v.rec.orders[2].last_qty == qty(1));
  CHECK(v.rec.orders[2].last_px == px(59980.0));
  CHECK(v.rec.orders[2].order.order_id == v.rec.orders[0].order.order_id);
  CHECK(v.x->account().position(v.btc, PositionSide::Long).amount == 0);
  CHECK(v.x->counters().stops_triggered == 1);
}

TEST_CASE("STOP_MARKET on CONTRACT_PRICE triggers on a trade; closePosition without position expires") {
  SimVenue v;
  v.standard_book();
  NewOrderRequest s;
  s.symbol = "BTCUSDT";
  s.side = "BUY";
  s.type = "STOP_MARKET";
  s.quantity = "0.100";
  s.stop_price = "60005.0";
  REQUIRE(v.code(s) == 0);
  NewOrderRequest cp;
  cp.symbol = "BTCUSDT";
  cp.side = "SELL";
  cp.type = "TAKE_PROFIT_MARKET";
  cp.stop_price = "60005.0";
  cp.close_position = "true";
  REQUIRE(v.code(cp) == 0);  // SELL take-profit fires at >= 60005; no position at that time...
  v.rec.clear();
  v.m->trade(px(60005.0), qty(0.01), false, 2500);
  // Both fire on the same trade, oldest first: the buy stop fills, then the close-all
  // finds the long it just opened and closes it.
  CHECK(v.rec.exec_trace() == "EXPIRED,NEW,TRADE,EXPIRED,NEW,TRADE");
  CHECK(v.x->account().position(v.btc, PositionSide::Both).amount == 0);
  NewOrderRequest cp2 = cp;
  cp2.stop_price = "60006.0";  // 60005.0 would fire at once on the last price (-2021)
  REQUIRE(v.code(cp2) == 0);
  v.rec.clear();
  v.m->trade(px(60006.0), qty(0.01), false, 2600);
  CHECK(v.rec.exec_trace() == "EXPIRED");  // nothing to close
}

TEST_CASE("account settings: leverage, margin type, position mode with the venue's codes") {
  SimVenue v;
  v.standard_book();
  Reject r = v.x->set_leverage("BTCUSDT", 0);
  CHECK(venue_error(r).code == -4028);
  CHECK(venue_error(r).message() == "Leverage 0 is not valid");
  CHECK(venue_error(v.x->set_leverage("BTCUSDT", 126)).code == -4028);
  CHECK(v.x->set_leverage("BTCUSDT", 50).ok());
  CHECK(v.x->account().symbol(v.btc).leverage == 50);
  CHECK(venue_error(v.x->set_margin_type("BTCUSDT", false)).code == -4046);
  CHECK(venue_error(v.x->set_position_mode(false)).code == -4059);
  REQUIRE(v.code(limit("BUY", "0.010", "59000.0", "GTC", "o1")) == 0);
  CHECK(venue_error(v.x->set_margin_type("BTCUSDT", true)).code == -4047);
  CHECK(venue_error(v.x->set_position_mode(true)).code == -4067);
  REQUIRE(v.x->cancel_all(v.btc, 2100).ok());
  REQUIRE(v.code(market("BUY", "0.010")) == 0);
  CHECK(venue_error(v.x->set_margin_type("BTCUSDT", true)).code == -4048);
  CHECK(venue_error(v.x->set_position_mode(true)).code == -4068);
  REQUIRE(v.code(market("SELL", "0.010")) == 0);
  CHECK(v.x->set_margin_type("BTCUSDT", true).ok());
  CHECK(v.x->set_position_mode(true).ok());
  CHECK(v.x->account().hedge_mode());
}

TEST_CASE("YAML account file") {
  SymbolTable t;
  load_real_symbols(t);
  const ExchangeConfig c = parse_exchange_config(R"(
asset: USDT
wallet: "2500.5"
hedge_mode: true
leverage: 5
maker_fee: "0.0001"
taker_fee: "0.0004"
symbols:
  - {symbol: BTCUSDT, leverage: 10, margin_type: ISOLATED}
positions:
  - {symbol: BTCUSDT, side: LONG, amount: "0.010", entry_price: "61800.2"}
)");
  CHECK(c.wallet == 250'050'000'000);
  CHECK(c.hedge_mode);
  CHECK(c.maker_fee_e8 == 10'000);
  CHECK(c.taker_fee_e8 == 40'000);
  NullListener nl;
  SimExchange x(t, c, nl, {t.find(xtb::binance::kVenueId, "BTCUSDT")});
  const SymbolId btc = t.find(xtb::binance::kVenueId, "BTCUSDT");
  CHECK(x.account().symbol(btc).leverage == 10);
  CHECK(x.account().symbol(btc).isolated);
  CHECK(x.account().symbol(t.find(xtb::binance::kVenueId, "ETHUSDT")).leverage == 5);
  CHECK(x.account().position(btc, PositionSide::Long).amount == 10);
  CHECK(x.account().entry_price_e8(btc, PositionSide::Long) == 6'180'020'000'000);
  CHECK(x.account().position(btc, PositionSide::Long).isolated_wallet == 6'180'020'000);  // 618.002 / 10 = 61.8002

  CHECK_THROWS_AS(parse_exchange_config("wallet: [1"), ConfigError);
  CHECK_THROWS_AS(parse_exchange_config("wallet: \"1.123456789\""), ConfigError);
  CHECK_THROWS_AS(parse_exchange_config("margin_type: HALF"), ConfigError);
  ExchangeConfig bad = c;
  bad.positions[0].side = PositionSide::Both;  // BOTH in hedge mode
  CHECK_THROWS_AS(SimExchange(t, bad, nl, {btc}), ConfigError);
  bad = c;
  bad.positions[0].amount = "0.0101";
  CHECK_THROWS_AS(SimExchange(t, bad, nl, {btc}), ConfigError);
}

TEST_CASE("D6/X9: leverage 0 is refused where accounts are loaded, never divided by") {
  CHECK_THROWS_WITH_AS(parse_exchange_config("leverage: 0"), doctest::Contains("'leverage': must be 1..125, got 0"),
                       ConfigError);
  CHECK_THROWS_WITH_AS(parse_exchange_config("leverage: 126"), doctest::Contains("must be 1..125, got 126"), ConfigError);
  CHECK_THROWS_WITH_AS(parse_exchange_config("symbols: [{symbol: BTCUSDT, leverage: 0}]"),
                       doctest::Contains("symbols.BTCUSDT.leverage: must be 1..125, got 0"), ConfigError);
  CHECK(parse_exchange_config("leverage: 125").default_leverage == 125);
  // The in-process path (xtb backtest --leverage 0 builds an ExchangeConfig directly).
  SymbolTable t;
  load_real_symbols(t);
  NullListener nl;
  ExchangeConfig c = hedge_config();
  c.default_leverage = 0;
  CHECK_THROWS_WITH_AS(SimExchange(t, c, nl, {t.find(xtb::binance::kVenueId, "BTCUSDT")}), doctest::Contains("leverage must be 1..125, got 0"),
                       ConfigError);
}

TEST_CASE("D15/S4: a negative wallet in the account file is refused") {
  CHECK_THROWS_WITH_AS(parse_exchange_config("wallet: \"-1\""), doctest::Contains("'wallet': must be >= 0, got '-1'"),
                       ConfigError);
  CHECK(parse_exchange_config("wallet: \"0\"").wallet == 0);
  ExchangeConfig c = hedge_config();
  c.wallet = -1;
  SymbolTable t;
  load_real_symbols(t);
  NullListener nl;
  CHECK_THROWS_WITH_AS(SimExchange(t, c, nl, {t.find(xtb::binance::kVenueId, "BTCUSDT")}), doctest::Contains("wallet must be >= 0"), ConfigError);
}

}  // TEST_SUITE
