// decode_user_test.cpp — user-data-stream fixtures (fixtures/user, fixtures/ws) decode to
// OrderUpdate / AccountUpdate / ConnState events with the expected fields.
#include "decode_test_util.hpp"
#include "venue/binance/venue_id.hpp"

using namespace xtb;
using namespace xtb::binance;
using namespace xtb::binance::test;

namespace {
constexpr std::int64_t E8 = 100'000'000;

struct DocFixture {
  SymbolTable table{64, 16};
  Decoder dec{table, 1 << 16};
  DocFixture() { add_doc_symbols(table); }
  const OrderUpdate& order(const char* file, Decoded& d, std::uint8_t flags = 0) {
    d = decode_stream(dec, fixture(file));
    REQUIRE_MESSAGE(d.r.status == DecodeStatus::Ok, (std::string(file) + " " + to_string(d.r.status)));
    REQUIRE(d.ev.size() == 1);
    CHECK(d.ev[0].h.type == EventType::OrderUpdate);
    CHECK(d.ev[0].h.flags == flags);
    return d.ev[0].order_update;
  }
};

struct RealFixture {
  SymbolTable table;
  Decoder dec{table, 1 << 16};
  RealFixture() { add_real_symbols(table); }
};
}  // namespace

TEST_CASE_FIXTURE(DocFixture, "ORDER_TRADE_UPDATE new trailing stop") {
  Decoded d;
  const OrderUpdate& u = order("user/order_update_new.json", d);
  CHECK(d.r.kind == MsgKind::OrderTradeUpdate);
  CHECK(d.ev[0].h.symbol == table.find(xtb::binance::kVenueId, "BTCUSDT"));
  CHECK(d.ev[0].h.venue_time_ms == 1568879465651);
  CHECK(u.client_id.view() == "TEST");
  CHECK(u.venue_order_id == 8886774);
  CHECK(u.side == Side::Buy);
  CHECK(u.type == OrderType::TrailingStopMarket);
  CHECK(u.tif == TimeInForce::GTC);
  CHECK(u.exec_type == ExecType::New);
  CHECK(u.status == OrderStatus::Open);
  CHECK(u.position_side == PositionSide::Long);
  CHECK(u.working_type == WorkingType::ContractPrice);
  CHECK(u.orig_qty == E8 / 1000);
  CHECK(u.stop_px == 710304000000);
  CHECK(u.px == 0);
  CHECK(u.cum_qty == 0);
  CHECK_FALSE(u.reduce_only);
  CHECK_FALSE(u.is_maker);
  CHECK(u.commission_asset == table.find_asset("USDT"));
  CHECK(u.txn_time_ms == 1568879465651);
}

TEST_CASE_FIXTURE(DocFixture, "ORDER_TRADE_UPDATE fills: trade, partial") {
  Decoded d;
  const OrderUpdate& t = order("user/order_update_trade.json", d);
  CHECK(t.exec_type == ExecType::Trade);
  CHECK(t.status == OrderStatus::PartiallyFilled);
  CHECK(t.last_fill_qty == E8 / 1000);
  CHECK(t.last_fill_px == 710050000000);
  CHECK(t.avg_px == 710050000000);
  CHECK(t.commission == 1'000'000);     // 0.01 USDT
  CHECK(t.realized_pnl == 1'234'000'000);  // 12.34
  CHECK(t.trade_id == 12345678);
  CHECK(t.is_maker);
  Decoded d2;
  const OrderUpdate& p = order("user/order_update_trade_partial.json", d2);
  CHECK(p.orig_qty == 2 * E8 / 1000);
  CHECK(p.cum_qty == E8 / 1000);
}

TEST_CASE_FIXTURE(DocFixture, "ORDER_TRADE_UPDATE venue-initiated orders carry flags") {
  Decoded d;
  const OrderUpdate& c = order("user/order_update_calculated.json", d, kOrderFlagLiquidation);
  CHECK(c.exec_type == ExecType::Calculated);
  CHECK(c.status == OrderStatus::Filled);
  CHECK(c.side == Side::Sell);
  CHECK(c.tif == TimeInForce::IOC);
  CHECK(c.reduce_only);
  CHECK(c.avg_px == 991012000000);
  CHECK(c.realized_pnl == -567'000'000);
  const OrderUpdate& p = order("user/order_update_calculated_pending.json", d, kOrderFlagLiquidation);
  CHECK(p.status == OrderStatus::Open);
  CHECK(p.commission_asset == kNoAsset);  // no "N" field
  CHECK(p.last_fill_qty == 0);
  const OrderUpdate& a = order("user/order_update_adl.json", d, kOrderFlagAdl);
  CHECK(a.status == OrderStatus::Open);  // NEW_ADL
  CHECK(a.position_side == PositionSide::Short);
  CHECK(a.last_fill_qty == 5 * E8 / 1000);
  CHECK(a.commission == 10'500'000);
  const OrderUpdate& i = order("user/order_update_insurance.json", d, kOrderFlagLiquidation);
  CHECK(i.status == OrderStatus::Open);  // NEW_INSURANCE
  CHECK(i.realized_pnl == -800'000'000);
  const OrderUpdate& s = order("user/order_update_settlement.json", d, kOrderFlagSettlement);
  CHECK(s.exec_type == ExecType::Trade);
  CHECK(s.status == OrderStatus::Filled);
  CHECK(s.cum_qty == E8 / 100);
  const OrderUpdate& v = order("user/order_update_delivery.json", d, kOrderFlagSettlement);
  CHECK(d.ev[0].h.symbol == table.find(xtb::binance::kVenueId, "BTCUSD_240329"));
  CHECK(v.last_fill_px == 70000 * E8);
  CHECK(v.commission_asset == kNoAsset);
}

TEST_CASE_FIXTURE(RealFixture, "wrapped ORDER_TRADE_UPDATE with nulls, on real tick/step grids") {
  struct Case { const char* file; ExecType x; OrderStatus s; PositionSide ps; std::uint8_t flags; Price px; Qty qty; };
  const Case cases[] = {
      {"ws/ws_futures_order_update_adl.json", ExecType::Calculated, OrderStatus::Filled, PositionSide::Short, kOrderFlagAdl, 0, 1000},
      {"ws/ws_futures_order_update_adl_filled.json", ExecType::Trade, OrderStatus::Filled, PositionSide::Short, kOrderFlagAdl, 0, 1000},
      {"ws/ws_futures_order_update_liquidation.json", ExecType::Calculated, OrderStatus::Filled, PositionSide::Long, kOrderFlagLiquidation, 0, 100},
      {"ws/ws_futures_order_update_liquidation_zero_qty.json", ExecType::Calculated, OrderStatus::Filled, PositionSide::Long, kOrderFlagLiquidation, 0, 0},
      {"ws/ws_futures_order_update_new_limit_if_touched_price_match.json", ExecType::New, OrderStatus::Open, PositionSide::Long, 0, 250525, 1000},
      {"ws/ws_futures_order_update_new_price_match.json", ExecType::New, OrderStatus::Open, PositionSide::Long, 0, 249550, 1000},
      {"ws/ws_futures_order_update_new_reduce_only_qty.json", ExecType::New, OrderStatus::Open, PositionSide::Both, 0, 250000, 1000},
      {"ws/ws_futures_order_update_new_stop_limit_price_match.json", ExecType::New, OrderStatus::Open, PositionSide::Short, 0, 240575, 1000},
      {"ws/ws_futures_order_update_settlement.json", ExecType::Calculated, OrderStatus::Filled, PositionSide::Short, kOrderFlagSettlement, 0, 50},
      {"ws/ws_futures_order_update_trade_reduce_only_qty.json", ExecType::Trade, OrderStatus::Filled, PositionSide::Both, 0, 250000, 1000},
  };
  for (const Case& c : cases) {
    CAPTURE(c.file);
    const Decoded d = decode_stream(dec, fixture(c.file));
    REQUIRE(d.r.status == DecodeStatus::Ok);
    REQUIRE(d.ev.size() == 1);
    const OrderUpdate& u = d.ev[0].order_update;
    CHECK(u.exec_type == c.x);
    CHECK(u.status == c.s);
    CHECK(u.position_side == c.ps);
    CHECK(d.ev[0].h.flags == c.flags);
    CHECK(u.px == c.px);
    CHECK(u.orig_qty == c.qty);
  }
  const Decoded liq = decode_stream(dec, fixture("ws/ws_futures_order_update_liquidation.json"));
  CHECK(liq.ev.at(0).order_update.avg_px == 500000);          // 50000.00 on the 0.10 grid
  CHECK(liq.ev.at(0).order_update.venue_order_id == 9876543210);
  CHECK(liq.ev.at(0).order_update.realized_pnl == -100 * E8);
  const Decoded stop = decode_stream(dec, fixture("ws/ws_futures_order_update_new_stop_limit_price_match.json"));
  CHECK(stop.ev.at(0).order_update.stop_px == 240000);
  CHECK(stop.ev.at(0).order_update.type == OrderType::Stop);
  CHECK(stop.ev.at(0).order_update.commission_asset == kNoAsset);  // "N": null
  const Decoded ro = decode_stream(dec, fixture("ws/ws_futures_order_update_trade_reduce_only_qty.json"));
  CHECK(ro.ev.at(0).order_update.reduce_only);
  CHECK(ro.ev.at(0).order_update.trade_id == 9988776655);
  CHECK(ro.ev.at(0).order_update.client_id.view() == "O-12345-test-reduce-only-trade");
}

TEST_CASE_FIXTURE(DocFixture, "ACCOUNT_UPDATE: balances and positions per side") {
  const Decoded d = decode_stream(dec, fixture("user/account_update.json"));
  REQUIRE(d.r.status == DecodeStatus::Ok);
  CHECK(d.r.kind == MsgKind::AccountUpdate);
  REQUIRE(d.ev.size() == 1);
  const AccountUpdate& a = d.ev[0].account_update;
  CHECK(d.ev[0].h.flags == (AccountUpdate::kFirstChunk | AccountUpdate::kLastChunk));
  CHECK(a.reason == static_cast<std::uint8_t>(AccountReason::Order));
  CHECK(a.txn_time_ms == 1564745798939);
  REQUIRE(a.n_balances == 1);
  CHECK(a.balances[0].asset == table.find_asset("USDT"));
  CHECK(a.balances[0].wallet == 12262412345678);
  CHECK(a.balances[0].cross_wallet == 10012345678);
  CHECK(a.balances[0].change == 5012345678);
  REQUIRE(a.n_positions == 3);
  CHECK(a.positions[0].side == PositionSide::Both);
  CHECK(a.positions[0].amount == 0);
  CHECK(a.positions[1].side == PositionSide::Long);
  CHECK(a.positions[1].symbol == table.find(xtb::binance::kVenueId, "BTCUSDT"));
  CHECK(a.positions[1].amount == 20 * E8);
  CHECK(a.positions[1].entry_px == 656360000000);
  CHECK(a.positions[1].break_even_px == 656355900000);
  CHECK(a.positions[1].unrealized_pnl == 285021200000);
  CHECK(a.positions[2].side == PositionSide::Short);
  CHECK(a.positions[2].amount == -10 * E8);
  CHECK(a.positions[2].unrealized_pnl == -142315600000);
}

TEST_CASE_FIXTURE(DocFixture, "ACCOUNT_UPDATE with an unregistered asset skips the row (counted)") {
  Decoded d = decode_stream(dec, fixture("user/account_update_bnfcr.json"));
  REQUIRE(d.r.status == DecodeStatus::Ok);
  CHECK(d.ev.at(0).account_update.n_balances == 0);
  CHECK(dec.stats().skipped_unknown_asset.load() == 1);
  table.add_asset("BNFCR");
  d = decode_stream(dec, fixture("user/account_update_bnfcr.json"));
  REQUIRE(d.ev.at(0).account_update.n_balances == 1);
  CHECK(d.ev[0].account_update.balances[0].wallet == 500128983031);
}

TEST_CASE_FIXTURE(DocFixture, "ACCOUNT_UPDATE with many rows is chunked") {
  std::string msg = R"({"e":"ACCOUNT_UPDATE","E":9,"T":8,"a":{"m":"FUNDING_FEE","B":[)";
  for (int i = 0; i < 3; ++i) msg += (i ? "," : "") + std::string(R"({"a":"USDT","wb":"1","cw":"1","bc":"0"})");
  msg += R"(],"P":[)";
  for (int i = 0; i < 7; ++i) msg += (i ? "," : "") + std::string(R"({"s":"ETHUSDT","pa":")") + std::to_string(i) + R"(","ep":"1","bep":"1","cr":"0","up":"0","mt":"cross","iw":"0","ps":"BOTH"})";
  msg += R"(,{"s":"NOPEUSDT","pa":"1","ep":"1","bep":"1","up":"0","ps":"BOTH"}]}})";
  const Decoded d = decode_stream(dec, msg);
  REQUIRE(d.r.status == DecodeStatus::Ok);
  REQUIRE(d.ev.size() == 3);  // 7 positions / 3 per chunk
  CHECK(d.ev[0].account_update.n_positions == 3);
  CHECK(d.ev[0].account_update.n_balances == 2);
  CHECK(d.ev[1].account_update.n_balances == 1);
  CHECK(d.ev[2].account_update.n_positions == 1);
  CHECK(d.ev[2].account_update.positions[0].amount == 6 * E8);
  CHECK(d.ev[0].h.flags == AccountUpdate::kFirstChunk);
  CHECK(d.ev[2].h.flags == AccountUpdate::kLastChunk);
  for (const Event& e : d.ev) CHECK(e.account_update.reason == static_cast<std::uint8_t>(AccountReason::FundingFee));
  CHECK(dec.stats().skipped_unknown_symbol.load() == 1);
}

TEST_CASE_FIXTURE(DocFixture, "TRADE_LITE → fill-only OrderUpdate") {
  Decoded d;
  const OrderUpdate& u = order("user/trade_lite.json", d, kOrderFlagFillOnly);
  CHECK(d.r.kind == MsgKind::TradeLite);
  CHECK(u.status == OrderStatus::Unknown);
  CHECK(u.exec_type == ExecType::Trade);
  CHECK(u.last_fill_qty == E8 / 1000);
  CHECK(u.last_fill_px == 710050000000);
  CHECK(u.trade_id == 12345678);
  CHECK(u.is_maker);
  const OrderUpdate& w = order("ws/ws_futures_trade_lite.json", d, kOrderFlagFillOnly);
  CHECK(w.venue_order_id == 8389765739703625592ull);
  CHECK(w.client_id.view() == "O-20240930-081155-001-000-29");
  CHECK(w.last_fill_px == 263190000000);
}

TEST_CASE_FIXTURE(DocFixture, "ALGO_UPDATE lifecycle") {
  Decoded d;
  const OrderUpdate& n = order("user/algo_update_new.json", d, kOrderFlagAlgo);
  CHECK(d.r.kind == MsgKind::AlgoUpdate);
  CHECK(n.client_id.view() == "Q5xaq5EGKgXXa0fD7fs0Ip");
  CHECK(n.venue_order_id == 2148719);
  CHECK(n.type == OrderType::TakeProfit);
  CHECK(n.status == OrderStatus::Open);
  CHECK(n.exec_type == ExecType::New);
  CHECK(n.stop_px == 750 * E8);
  CHECK(n.px == 750 * E8);
  CHECK(n.orig_qty == E8 / 100);
  CHECK(n.position_side == PositionSide::Both);
  const OrderUpdate& c = order("user/algo_update_canceled.json", d, kOrderFlagAlgo);
  CHECK(c.status == OrderStatus::Canceled);
  CHECK(c.exec_type == ExecType::Canceled);
  const OrderUpdate& tg = order("ws/ws_futures_algo_update_triggering.json", d, kOrderFlagAlgo | kOrderFlagTriggered);
  CHECK(tg.status == OrderStatus::Open);
  CHECK(tg.type == OrderType::StopMarket);
  CHECK(tg.stop_px == 13855000);
  order("ws/ws_futures_algo_update_triggered.json", d, kOrderFlagAlgo | kOrderFlagTriggered);
  const OrderUpdate& f = order("ws/ws_futures_algo_update_finished.json", d, kOrderFlagAlgo);
  CHECK(f.status == OrderStatus::Filled);
  CHECK(f.cum_qty == 38 * E8);
  CHECK(f.avg_px == 13856000);
  CHECK(f.venue_order_id == 1000000033225453ull);
  const OrderUpdate& fc = order("ws/ws_futures_algo_update_finished_canceled.json", d, kOrderFlagAlgo);
  CHECK(fc.status == OrderStatus::Canceled);
  CHECK(fc.cum_qty == 0);
}

TEST_CASE_FIXTURE(DocFixture, "listenKeyExpired and MARGIN_CALL") {
  Decoded d = decode_stream(dec, R"({"e":"listenKeyExpired","E":1576653824250,"listenKey":"WsCMN0a4KHUPTQuX6IUnqEZfB1inxmv1qR4kbf1LuEjur5VdbzqvyxqG9TSjVVxv"})");
  REQUIRE(d.r.status == DecodeStatus::Ok);
  CHECK(d.ev.at(0).h.type == EventType::ConnState);
  CHECK(d.ev.at(0).conn_state.status == ConnStatus::StreamExpired);
  CHECK(d.ev.at(0).h.venue_time_ms == 1576653824250);
  // Example of the USD-M User Data Streams "Event: Margin Call" page.
  d = decode_stream(dec, R"({"e":"MARGIN_CALL","E":1587727187525,"cw":"3.16812045","p":[{"s":"ETHUSDT","ps":"LONG","pa":"1.327","mt":"CROSSED","iw":"0","mp":"187.17127","up":"-1.166074","mm":"1.614445"}]})");
  REQUIRE(d.r.status == DecodeStatus::Ok);
  CHECK(d.r.kind == MsgKind::MarginCall);
  const AccountUpdate& a = d.ev.at(0).account_update;
  CHECK(a.reason == static_cast<std::uint8_t>(AccountReason::MarginCall));
  REQUIRE(a.n_positions == 1);
  CHECK(a.positions[0].symbol == table.find(xtb::binance::kVenueId, "ETHUSDT"));
  CHECK(a.positions[0].side == PositionSide::Long);
  CHECK(a.positions[0].amount == 132700000);
  CHECK(a.positions[0].unrealized_pnl == -116607400);
}
