// decode_values_test.cpp — field values of the real messages after decoding (ticks of the
// symbol's tick size, steps of its step size, ms times, mapped enums).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "decode_util.hpp"
#include "venue/backpack/errors.hpp"

using namespace xtb;
using namespace xtb::backpack;
using namespace xtb::backpack::test;

namespace {

// The n-th real message whose test/function is `fn`.
std::string sample(const char* file, const char* fn, int n = 0) {
  for (const Sample& s : load_samples(file))
    if (s.function == fn && n-- == 0) return s.json;
  FAIL("no sample ", fn);
  return {};
}
const char* kBpx = "bpx_api_client_test_messages.json";
const char* kCcxt = "ccxt_examples.json";
SymbolId sym(const char* name) { return symbols().find(kVenueId, name); }

}  // namespace

TEST_SUITE("backpack") {

TEST_CASE("bookTicker, trade, markPrice") {
  Decoder d(symbols());
  Events out;
  REQUIRE(ws(d, out, sample(kCcxt, "handleBidAsk")).events == 1);
  const Event& b = out.ev[0];
  CHECK(b.h.type == EventType::BestBidOffer);
  CHECK(b.h.venue == kVenueId);
  CHECK(b.h.symbol == sym("ETH_USDC"));
  CHECK(b.h.rx_tsc == 77);
  CHECK(b.h.conn_id == 3);
  CHECK(b.h.venue_time_ms == 1754517402450);
  CHECK(b.bbo.bid_px == 366749);
  CHECK(b.bbo.bid_qty == 20);
  CHECK(b.bbo.ask_px == 366750);
  CHECK(b.bbo.ask_qty == 4087);
  CHECK(b.bbo.update_id == 1328288557u);
  CHECK(b.bbo.txn_time_ms == 1754517402449);
  REQUIRE(ws(d, out, sample(kCcxt, "handleTrades")).events == 1);
  const Trade& t = out.ev[0].trade;
  CHECK(out.ev[0].h.symbol == sym("ETH_USDC_PERP"));
  CHECK(t.px == 387025);
  CHECK(t.qty == 8);
  CHECK(t.trade_id == 10782547u);
  CHECK(t.trade_time_ms == 1754601477744);
  CHECK_FALSE(t.buyer_is_maker);
  REQUIRE(ws(d, out, sample(kBpx, "test_mark_price_update_parse")).events == 1);
  const MarkPrice& m = out.ev[0].mark_price;
  CHECK(m.mark_px == 17336);   // 173.35998175 rounded to the 0.01 tick
  CHECK(m.index_px == 17344);  // 173.44031179
  CHECK(m.funding_rate == -396);  // -0.0000039641… × 1e8, rounded
  CHECK(m.next_funding_ms == 1747296000000);
  CHECK(out.ev[0].h.venue_time_ms == 1747291031914);
}

TEST_CASE("depth deltas surface U/u; an empty delta still yields one chunk; REST snapshots") {
  Decoder d(symbols());
  Events out;
  REQUIRE(ws(d, out, sample(kCcxt, "getCacheIndex")).events == 1);
  const Event& e = out.ev[0];
  CHECK(e.h.symbol == sym("BTC_USDC_PERP"));
  CHECK(e.h.flags == (DepthUpdate::kFirstChunk | DepthUpdate::kLastChunk));
  CHECK(e.depth.first_update_id == 1662976171u);
  CHECK(e.depth.final_update_id == 1662976171u);
  CHECK(e.depth.prev_final_id == 1662976170u);  // U - 1: BookSync's pu rule
  CHECK(e.depth.n_bids == 1);
  CHECK(e.depth.n_asks == 0);
  CHECK(e.depth.levels[0].px == 1173570);
  CHECK(e.depth.levels[0].qty == 0);  // "0.00000": delete the level
  REQUIRE(ws(d, out, sample(kCcxt, "handleOrderBook")).events == 1);
  CHECK(out.ev[0].depth.n_bids + out.ev[0].depth.n_asks == 0);
  CHECK(out.ev[0].depth.first_update_id == 1345937436u);
  for (int i = 0; i < 2; ++i) {  // lastUpdateId as a string and as an integer
    REQUIRE(record(d, out, sample(kBpx, i ? "test_order_book_depth_last_update_id_as_i64"
                                          : "test_order_book_depth_last_update_id_as_string"),
                   "ETH_USDC_PERP").events == 1);
    CHECK(out.ev[0].h.flags == (DepthUpdate::kFirstChunk | DepthUpdate::kLastChunk | DepthUpdate::kSnapshot));
    CHECK(out.ev[0].depth.first_update_id == 94978271u);
    CHECK(out.ev[0].depth.prev_final_id == 0u);
    CHECK(out.ev[0].depth.levels[0].px == 1867);  // bid first
    CHECK(out.ev[0].depth.levels[0].qty == 8320);
    CHECK(out.ev[0].depth.levels[1].px == 1870);  // then the ask
    CHECK(out.ev[0].h.venue_time_ms == 1694687965941);
  }
  const ResponseMeta m = meta(RestKind::DepthSnapshot, CommandKind::None, 200, "BTC_USDC_PERP");
  REQUIRE(rest(d, out, sample(kCcxt, "fetchOrderBook"), m).events == 1);
  CHECK(out.ev[0].depth.final_update_id == 1504999670u);
  CHECK(out.ev[0].depth.n_bids == 2);
  CHECK(out.ev[0].depth.n_asks == 2);
  CHECK(out.ev[0].depth.levels[2].px == 1183183);
  CHECK(out.ev[0].depth.levels[2].qty == 633);
}

TEST_CASE("a 30-level delta is split into 11-level chunks, bids first") {
  std::string a = "[", b = "[";
  for (int i = 0; i < 15; ++i) {
    a += (i ? "," : "") + std::string("[\"") + std::to_string(200 + i) + ".5\",\"1.25\"]";
    b += (i ? "," : "") + std::string("[\"") + std::to_string(100 - i) + ".5\",\"2\"]";
  }
  const std::string msg = "{\"stream\":\"depth.SOL_USDC_PERP\",\"data\":{\"e\":\"depth\",\"E\":1,\"T\":1,\"U\":5,\"u\":9,"
                          "\"s\":\"SOL_USDC_PERP\",\"a\":" + a + "],\"b\":" + b + "]}}";
  Decoder d(symbols());
  Events out;
  REQUIRE(ws(d, out, msg).events == 3);
  CHECK(out.ev[0].depth.n_bids == 11);
  CHECK(out.ev[1].depth.n_bids == 4);
  CHECK(out.ev[1].depth.n_asks == 7);
  CHECK(out.ev[2].depth.n_asks == 8);
  CHECK(out.ev[0].depth.levels[0].px == 10050);
  CHECK(out.ev[1].depth.levels[4].px == 20050);
  CHECK(out.ev[2].h.flags == DepthUpdate::kLastChunk);
  CHECK(out.ev[0].h.flags == DepthUpdate::kFirstChunk);
}

TEST_CASE("order updates: statuses, fills, fees, trigger orders, client ids") {
  ClientIdMap ids;
  REQUIRE(ClientIdMap::create("xtb-run1-k0-", ClientIdMap::kEpochMs + 1'000'000, ids));
  Decoder d(symbols(), &ids);
  Events out;
  REQUIRE(ws(d, out, sample(kCcxt, "parseWsOrder")).events == 1);
  const OrderUpdate& f = out.ev[0].order_update;
  CHECK(f.exec_type == ExecType::Trade);
  CHECK(f.status == OrderStatus::Filled);
  CHECK(f.venue_order_id == 5406825793u);
  CHECK(f.side == Side::Buy);
  CHECK(f.type == OrderType::Market);
  CHECK(f.tif == TimeInForce::GTC);
  CHECK(f.last_fill_px == 429916);
  CHECK(f.last_fill_qty == 10);
  CHECK(f.cum_qty == 10);
  CHECK(f.commission == 100);  // 0.000001 ETH
  CHECK(f.commission_asset == symbols().find_asset("ETH"));
  CHECK(f.trade_id == 2888471u);
  CHECK(out.ev[0].h.flags == kOrderFlagForeignId);  // no `c`: not placed by us
  REQUIRE(ws(d, out, sample(kBpx, "test_order_update", 0)).events == 1);
  CHECK(out.ev[0].order_update.status == OrderStatus::Open);
  CHECK(out.ev[0].order_update.stop_px == 17805);
  CHECK((out.ev[0].h.flags & kOrderFlagTrigger) != 0);
  REQUIRE(ws(d, out, sample(kBpx, "test_order_update", 2)).events == 1);
  CHECK(out.ev[0].order_update.exec_type == ExecType::Canceled);
  CHECK(out.ev[0].order_update.status == OrderStatus::Canceled);
  // Our own clientId maps back to the engine id.
  const std::string ours = "{\"e\":\"orderAccepted\",\"E\":1,\"s\":\"SOL_USDC_PERP\",\"c\":1000007,\"S\":\"Ask\","
                           "\"o\":\"LIMIT\",\"f\":\"IOC\",\"X\":\"New\",\"i\":\"11\",\"p\":\"178.15\",\"q\":\"2\",\"r\":true}";
  REQUIRE(ws(d, out, ours).events == 1);
  CHECK(out.ev[0].order_update.client_id.view() == "xtb-run1-k0-7");
  CHECK(out.ev[0].order_update.reduce_only);
  CHECK(out.ev[0].order_update.tif == TimeInForce::IOC);
  CHECK(out.ev[0].order_update.px == 17815);
  CHECK(out.ev[0].h.flags == 0);
}

TEST_CASE("position updates and REST positions (one-way net positions)") {
  Decoder d(symbols());
  Events out;
  REQUIRE(ws(d, out, sample(kCcxt, "handlePositions")).events == 1);
  const AccountUpdate& a = out.ev[0].account_update;
  CHECK(a.reason == static_cast<std::uint8_t>(AccountReason::PositionOpened));
  REQUIRE(a.n_positions == 1);
  CHECK(a.positions[0].symbol == sym("ETH_USDC_PERP"));
  CHECK(a.positions[0].side == PositionSide::Both);
  CHECK(a.positions[0].amount == 10);
  CHECK(a.positions[0].entry_px == 423636);
  CHECK(a.positions[0].break_even_px == 423848);  // 4238.479 rounded to the tick
  CHECK(a.positions[0].unrealized_pnl == -47300);
  const std::string row = sample(kCcxt, "parsePosition");
  const ResponseMeta m = meta(RestKind::Positions, CommandKind::QueryPositions, 200);
  REQUIRE(rest(d, out, "[" + row + "," + row + "," + row + "," + row + "]", m).events == 2);  // chunks of 3
  CHECK(out.ev[0].account_update.n_positions == 3);
  CHECK(out.ev[1].account_update.n_positions == 1);
  CHECK(out.ev[1].h.flags == AccountUpdate::kLastChunk);
  CHECK(out.ev[0].account_update.positions[0].amount == 36);
  CHECK(out.ev[0].account_update.positions[0].unrealized_pnl == -14191400);
  REQUIRE(rest(d, out, "[]", m).events == 1);  // no positions: one empty chunk
  CHECK(out.ev[0].account_update.n_positions == 0);
}

TEST_CASE("REST balances: wallet = available + locked + staked; unknown assets skipped") {
  Decoder d(symbols());
  Events out;
  const ResponseMeta m = meta(RestKind::Balances, CommandKind::None, 200);
  REQUIRE(rest(d, out, sample(kCcxt, "parseBalance"), m).events == 1);
  const AccountUpdate& a = out.ev[0].account_update;
  CHECK(a.reason == static_cast<std::uint8_t>(AccountReason::RestBalances));
  REQUIRE(a.n_balances == 1);
  CHECK(a.balances[0].asset == symbols().find_asset("USDC"));
  CHECK(a.balances[0].wallet == 120 * kAmountScale);
  CHECK(a.balances[0].cross_wallet == 120 * kAmountScale);
  const std::string three = R"({"USDC":{"available":"1.5","locked":"0.5","staked":"0"},"DOGE":{"available":"9"},)"
                            R"("ETH":{"available":"0.1","locked":"0","staked":"0.2"},"SOL":{"available":"2"}})";
  REQUIRE(rest(d, out, three, m).events == 2);  // 3 known assets, 2 per chunk
  CHECK(out.ev[0].account_update.balances[0].wallet == 2 * kAmountScale);
  CHECK(out.ev[0].account_update.balances[1].wallet == 30'000'000);
  CHECK(out.ev[1].h.flags == AccountUpdate::kLastChunk);
  CHECK(d.stats().skipped_rows.load() == 1);
}

TEST_CASE("REST orders: query rows, execute/cancel acks, cancel-all, open orders, errors") {
  Decoder d(symbols());
  Events out;
  const ResponseMeta q = meta(RestKind::OrderQuery, CommandKind::QueryOrder, 200);
  REQUIRE(rest(d, out, sample(kCcxt, "parseOrder", 1), q).events == 1);
  const OrderUpdate& u = out.ev[0].order_update;
  CHECK(out.ev[0].h.flags == (kOrderFlagRestRow | kOrderFlagForeignId));
  CHECK(u.client_id.view() == "bp:123456789");
  CHECK(u.tif == TimeInForce::PostOnly);
  CHECK(u.px == 300000);
  CHECK(u.orig_qty == 10);
  CHECK(u.status == OrderStatus::Open);
  CHECK(u.txn_time_ms == 1753626206762);
  REQUIRE(rest(d, out, sample(kCcxt, "parseOrder", 2), q).events == 1);
  CHECK(out.ev[0].order_update.status == OrderStatus::Canceled);
  CHECK(out.ev[0].order_update.stop_px == 430000);
  CHECK(out.ev[0].order_update.orig_qty == 0);  // quantity null
  const ResponseMeta ex = meta(RestKind::OrderExecute, CommandKind::NewOrder, 200);
  REQUIRE(rest(d, out, sample(kCcxt, "parseOrder", 0), ex).events == 1);
  const OrderAck& k = out.ev[0].order_ack;
  CHECK(out.ev[0].h.type == EventType::OrderAck);
  CHECK(k.status == OrderStatus::Filled);
  CHECK(k.venue_order_id == 4227701917u);
  CHECK(k.cum_qty == 10);
  CHECK(k.client_id.view() == "xtb-run1-k0-7");
  CHECK(k.generation == 9);
  CHECK(k.error_code == 0);
  const std::string o1 = sample(kCcxt, "parseOrder", 1);
  REQUIRE(rest(d, out, "[" + o1 + "," + o1 + "]", meta(RestKind::CancelAll, CommandKind::CancelAll, 200)).events == 3);
  CHECK(out.ev[0].h.type == EventType::OrderAck);
  CHECK(out.ev[2].h.type == EventType::OrderUpdate);
  const std::string other = "{\"id\":\"1\",\"symbol\":\"DOGE_USDC\",\"side\":\"Bid\",\"orderType\":\"Limit\",\"status\":\"New\"}";
  const DecodeResult r = rest(d, out, "[" + other + "," + o1 + "]", meta(RestKind::OpenOrders, CommandKind::QueryOpenOrders, 200));
  REQUIRE(r.events == 2);  // the unknown market's row is skipped and counted; then the end-of-list ack
  CHECK(d.stats().skipped_rows.load() == 1);
  CHECK(out.ev[0].h.type == EventType::OrderUpdate);
  CHECK(out.ev[1].h.type == EventType::OrderAck);  // the reconciliation counts it (an empty list has no rows)
  CHECK(out.ev[1].order_ack.request_kind == static_cast<std::uint8_t>(CommandKind::QueryOpenOrders));
  REQUIRE(rest(d, out, "[]", meta(RestKind::OpenOrders, CommandKind::QueryOpenOrders, 200)).events == 1);
  CHECK(out.ev[0].h.type == EventType::OrderAck);
  REQUIRE(rest(d, out, sample(kCcxt, "handleErrors", 0), meta(RestKind::OrderExecute, CommandKind::NewOrder, 400)).status ==
          DecodeStatus::VenueError);
  CHECK(out.ev[0].order_ack.error_code == static_cast<std::int32_t>(BackpackError::InvalidOrder));
  CHECK(out.ev[0].order_ack.status == OrderStatus::Rejected);
  CHECK(out.ev[0].order_ack.http_status == 400);
  REQUIRE(rest(d, out, "{\"code\":\"RESOURCE_NOT_FOUND\",\"message\":\"Order not found\"}",
               meta(RestKind::OrderCancel, CommandKind::CancelOrder, 404)).events == 1);
  CHECK(out.ev[0].order_ack.status == OrderStatus::Canceled);  // already gone: treat as closed
  ResponseMeta lost = meta(RestKind::OrderExecute, CommandKind::NewOrder, 0);
  lost.transport_error = 1;
  REQUIRE(rest(d, out, "", lost).events == 1);
  CHECK(out.ev[0].order_ack.status == OrderStatus::Unknown);
  CHECK(out.ev[0].order_ack.error_code == static_cast<std::int32_t>(BackpackError::NoAnswer));
  REQUIRE(rest(d, out, "<html>bad gateway</html>", meta(RestKind::OrderExecute, CommandKind::NewOrder, 502)).events == 1);
  CHECK(out.ev[0].order_ack.status == OrderStatus::Unknown);
}

TEST_CASE("error map: every code round-trips; actions") {
  for (int i = static_cast<int>(BackpackError::AccountLiquidating); i <= static_cast<int>(BackpackError::Unauthorized); ++i) {
    const auto e = static_cast<BackpackError>(i);
    REQUIRE(!wire_name(e).empty());
    CHECK(parse_error_code(wire_name(e)) == e);
  }
  CHECK(parse_error_code("SOMETHING_NEW") == BackpackError::Unknown);
  CHECK(classify_error(BackpackError::InvalidSignature, 401, false).action == ErrorAction::HaltTrading);
  CHECK(classify_error(BackpackError::None, 429, false).action == ErrorAction::BackOff);
  CHECK(classify_error(BackpackError::InsufficientMargin, 400, false).status == OrderStatus::Rejected);
  CHECK(classify_error(BackpackError::InvalidSymbol, 400, false).action == ErrorAction::ReloadRules);
  CHECK(classify_error(BackpackError::Timeout, 504, false).status == OrderStatus::Unknown);
  CHECK(local_refusal_error(LocalRefusal::RequestRateLimit) == BackpackError::TooManyRequests);
}

}  // TEST_SUITE
