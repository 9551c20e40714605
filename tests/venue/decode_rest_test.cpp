// decode_rest_test.cpp — REST response fixtures (fixtures/http) and error bodies.
#include "decode_test_util.hpp"
#include "venue/binance/errors.hpp"
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
};
}  // namespace

TEST_CASE_FIXTURE(DocFixture, "order ack: accepted order") {
  RestContext rc = rest_ctx(RestKind::Order);
  rc.command = CommandKind::NewOrder;
  rc.used_weight_1m = 12;
  rc.order_count_10s = 3;
  rc.generation = 99;
  const Decoded d = decode_rest(dec, fixture("http/order_response.json"), rc);
  REQUIRE(d.r.status == DecodeStatus::Ok);
  CHECK(d.r.kind == MsgKind::RestOrder);
  REQUIRE(d.ev.size() == 1);
  const OrderAck& a = d.ev[0].order_ack;
  CHECK(d.ev[0].h.type == EventType::OrderAck);
  CHECK(d.ev[0].h.symbol == table.find(xtb::binance::kVenueId, "BTCUSDT"));
  CHECK(d.ev[0].h.venue_time_ms == 1625474304765);
  CHECK(a.client_id.view() == "testOrder123");
  CHECK(a.venue_order_id == 12345678);
  CHECK(a.status == OrderStatus::Open);
  CHECK(a.error_code == 0);
  CHECK(a.request_kind == static_cast<std::uint8_t>(CommandKind::NewOrder));
  CHECK(a.http_status == 200);
  CHECK(a.used_weight_1m == 12);
  CHECK(a.order_count_10s == 3);
  CHECK(a.generation == 99);
  CHECK(a.cum_qty == 0);
}

TEST_CASE_FIXTURE(DocFixture, "error bodies map to typed reasons and an OrderAck") {
  struct Case { const char* body; std::uint16_t http; std::int32_t code; OrderStatus status; ErrorReason reason; ErrorAction action; };
  const Case cases[] = {
      {R"({"code":-1021,"msg":"Timestamp for this request is outside of the recvWindow."})", 400, -1021, OrderStatus::Rejected, ErrorReason::InvalidTimestamp, ErrorAction::ResyncTime},
      {R"({"code":-1022,"msg":"Signature for this request is not valid."})", 400, -1022, OrderStatus::Rejected, ErrorReason::InvalidSignature, ErrorAction::HaltTrading},
      {R"({"code":-2022,"msg":"ReduceOnly Order is rejected."})", 400, -2022, OrderStatus::Rejected, ErrorReason::ReduceOnlyRejected, ErrorAction::Reject},
      {R"({"code":-4061,"msg":"Order's position side does not match user's setting."})", 400, -4061, OrderStatus::Rejected, ErrorReason::PositionSideMismatch, ErrorAction::Reject},
      {R"({"code":-5022,"msg":"Due to the order could not be executed as maker, the Post Only order will be rejected."})", 400, -5022, OrderStatus::Rejected, ErrorReason::PostOnlyRejected, ErrorAction::Reject},
      {R"({"code":-4164,"msg":"Order's notional must be no smaller than 5.0"})", 400, -4164, OrderStatus::Rejected, ErrorReason::MinNotional, ErrorAction::Reject},
      {R"({"code":-1003,"msg":"Too many requests."})", 429, -1003, OrderStatus::Rejected, ErrorReason::TooManyRequests, ErrorAction::BackOff},
      {R"({"code":-1125,"msg":"This listenKey does not exist."})", 400, -1125, OrderStatus::Rejected, ErrorReason::InvalidListenKey, ErrorAction::RenewListenKey},
      {R"({"code":-1007,"msg":"Timeout waiting for response from backend server."})", 408, -1007, OrderStatus::Unknown, ErrorReason::UnknownExecution, ErrorAction::QueryOrder},
      {R"({"code":-2011,"msg":"Unknown order sent."})", 400, -2011, OrderStatus::Rejected, ErrorReason::CancelRejected, ErrorAction::TreatAsClosed},
      {R"({"code":-1102,"msg":"Mandatory parameter 'x' was not sent."})", 400, -1102, OrderStatus::Rejected, ErrorReason::BadRequest, ErrorAction::Reject},
  };
  for (const Case& c : cases) {
    CAPTURE(c.code);
    RestContext rc = rest_ctx(RestKind::Order, c.http, table.find(xtb::binance::kVenueId, "BTCUSDT"));
    rc.client_id.assign("xtb-run1-42");
    rc.retry_after_s = c.http == 429 ? 7 : 0;
    const Decoded d = decode_rest(dec, c.body, rc);
    CHECK(d.r.status == DecodeStatus::VenueError);
    CHECK(d.r.ok());
    CHECK(d.r.kind == MsgKind::RestError);
    REQUIRE(d.ev.size() == 1);
    const OrderAck& a = d.ev[0].order_ack;
    CHECK(a.error_code == c.code);
    CHECK(a.status == c.status);
    CHECK(a.client_id.view() == "xtb-run1-42");
    CHECK(a.http_status == c.http);
    CHECK(a.retry_after_s == rc.retry_after_s);
    const ErrorInfo info = classify_error(c.code, c.http);
    CHECK(info.reason == c.reason);
    CHECK(info.action == c.action);
  }
}

TEST_CASE_FIXTURE(DocFixture, "HTTP errors without a usable body still answer the request") {
  for (std::string_view body : {std::string_view(""), std::string_view("<html>502 Bad Gateway</html>"), std::string_view("{\"code\":")}) {
    RestContext rc = rest_ctx(RestKind::Order, 503);
    const Decoded d = decode_rest(dec, body, rc);
    CHECK(d.r.status == DecodeStatus::VenueError);
    REQUIRE(d.ev.size() == 1);
    CHECK(d.ev[0].order_ack.status == OrderStatus::Unknown);  // 5xx: execution unknown
  }
  const Decoded ban = decode_rest(dec, "", rest_ctx(RestKind::PositionRisk, 418));
  REQUIRE(ban.ev.size() == 1);
  CHECK(classify_error(0, 418).action == ErrorAction::HaltTrading);
  CHECK(classify_error(200, 200).reason == ErrorReason::None);  // {"code":200} of cancel-all
  CHECK(classify_error(-99999, 400).reason == ErrorReason::Unknown);
  CHECK(std::string(to_string(ErrorReason::PostOnlyRejected)) == "post-only-rejected");
  CHECK(std::string(to_string(ErrorAction::ResyncTime)) == "resync-time");
}

TEST_CASE_FIXTURE(DocFixture, "query answered -2013: no such order → Failed (not a failed query); cancel stays Rejected") {
  const char* body = R"({"code":-2013,"msg":"Order does not exist."})";
  RestContext rc = rest_ctx(RestKind::QueryOrder, 400, table.find(xtb::binance::kVenueId, "BTCUSDT"));
  rc.command = CommandKind::QueryOrder;
  Decoded d = decode_rest(dec, body, rc);
  REQUIRE(d.ev.size() == 1);
  CHECK(d.ev[0].order_ack.error_code == -2013);
  CHECK(d.ev[0].order_ack.status == OrderStatus::Failed);  // engine: on_query_not_found
  rc = rest_ctx(RestKind::Order, 400, table.find(xtb::binance::kVenueId, "BTCUSDT"));
  rc.command = CommandKind::CancelOrder;
  d = decode_rest(dec, body, rc);
  REQUIRE(d.ev.size() == 1);
  CHECK(d.ev[0].order_ack.status == OrderStatus::Rejected);  // cancel rejected: ask the venue
}

TEST_CASE_FIXTURE(DocFixture, "bare success answers: cancel-all and algo-order cancel") {
  RestContext rc = rest_ctx(RestKind::Order, 200, table.find(xtb::binance::kVenueId, "BTCUSDT"));
  rc.command = CommandKind::CancelAll;
  Decoded d = decode_rest(dec, R"({"code": 200, "msg": "The operation of cancel all open order is done."})", rc);
  REQUIRE(d.r.status == DecodeStatus::Ok);
  REQUIRE(d.ev.size() == 1);
  CHECK(d.ev[0].order_ack.status == OrderStatus::Canceled);
  CHECK(d.ev[0].order_ack.error_code == 0);
  CHECK(d.ev[0].h.symbol == table.find(xtb::binance::kVenueId, "BTCUSDT"));
  rc.kind = RestKind::AlgoOrder;
  rc.command = CommandKind::CancelOrder;
  d = decode_rest(dec, R"({"algoId":2146760,"clientAlgoId":"6B2I9XVcJpCjqPAJ4YoFX7","code":"200","msg":"success"})", rc);
  REQUIRE(d.r.status == DecodeStatus::Ok);
  REQUIRE(d.ev.size() == 1);
  CHECK(d.ev[0].h.flags == kOrderFlagAlgo);
  CHECK(d.ev[0].order_ack.venue_order_id == 2146760);
  CHECK(d.ev[0].order_ack.client_id.view() == "6B2I9XVcJpCjqPAJ4YoFX7");
  CHECK(d.ev[0].order_ack.status == OrderStatus::Canceled);
  rc.command = CommandKind::NewOrder;  // a new conditional order answer
  d = decode_rest(dec, R"({"algoId":7,"clientAlgoId":"stop-1","algoType":"CONDITIONAL","orderType":"STOP_MARKET","symbol":"BTCUSDT","side":"SELL","positionSide":"LONG","timeInForce":"GTC","quantity":"0","algoStatus":"NEW","triggerPrice":"45000.00","workingType":"MARK_PRICE","closePosition":true})", rc);
  REQUIRE(d.r.status == DecodeStatus::Ok);
  CHECK(d.ev.at(0).order_ack.status == OrderStatus::Open);
  CHECK(d.ev.at(0).order_ack.venue_order_id == 7);
}

TEST_CASE_FIXTURE(DocFixture, "batch orders: one ack per row, error rows keep their code") {
  const char* body = R"([{"clientOrderId":"testOrder","cumQty":"0","cumQuote":"0","executedQty":"0","orderId":22542179,"avgPrice":"0.00000","origQty":"10","price":"0","reduceOnly":false,"side":"BUY","positionSide":"SHORT","status":"NEW","stopPrice":"9300","symbol":"BTCUSDT","timeInForce":"GTC","type":"TRAILING_STOP_MARKET","origType":"TRAILING_STOP_MARKET","activatePrice":"9020","priceRate":"0.3","updateTime":1566818724722,"workingType":"CONTRACT_PRICE","priceProtect":false},{"code":-2022,"msg":"ReduceOnly Order is rejected."}])";
  const Decoded d = decode_rest(dec, body, rest_ctx(RestKind::BatchOrders));
  REQUIRE(d.r.status == DecodeStatus::Ok);
  REQUIRE(d.ev.size() == 2);
  CHECK(d.ev[0].order_ack.venue_order_id == 22542179);
  CHECK(d.ev[0].order_ack.status == OrderStatus::Open);
  CHECK(d.ev[1].order_ack.error_code == -2022);
  CHECK(d.ev[1].order_ack.status == OrderStatus::Rejected);
}

TEST_CASE_FIXTURE(DocFixture, "open orders and open algo orders: rows then an end marker") {
  Decoded d = decode_rest(dec, fixture("http/http_futures_account_orders.json"), rest_ctx(RestKind::OpenOrders));
  REQUIRE(d.r.status == DecodeStatus::Ok);
  REQUIRE(d.ev.size() == 2);
  const OrderUpdate& u = d.ev[0].order_update;
  CHECK(d.ev[0].h.flags == kOrderFlagRestRow);
  CHECK(u.client_id.view() == "abc");
  CHECK(u.venue_order_id == 1917641);
  CHECK(u.type == OrderType::TrailingStopMarket);
  CHECK(u.side == Side::Buy);
  CHECK(u.position_side == PositionSide::Short);
  CHECK(u.status == OrderStatus::Open);
  CHECK(u.exec_type == ExecType::None);
  CHECK(u.orig_qty == 40 * E8 / 100);
  CHECK(u.stop_px == 9300 * E8);
  CHECK(u.txn_time_ms == 1579276756075);
  CHECK(d.ev[1].h.type == EventType::OrderAck);
  CHECK(d.ev[1].order_ack.status == OrderStatus::Open);
  d = decode_rest(dec, "[]", rest_ctx(RestKind::OpenOrders));
  REQUIRE(d.ev.size() == 1);  // an empty list still ends
  d = decode_rest(dec, fixture("http/open_algo_orders.json"), rest_ctx(RestKind::OpenAlgoOrders));
  REQUIRE(d.r.status == DecodeStatus::Ok);
  REQUIRE(d.ev.size() == 2);
  const OrderUpdate& a = d.ev[0].order_update;
  CHECK(d.ev[0].h.flags == (kOrderFlagRestRow | kOrderFlagAlgo));
  CHECK(a.client_id.view() == "test-algo-order-1");
  CHECK(a.venue_order_id == 123456789);
  CHECK(a.type == OrderType::StopMarket);
  CHECK(a.stop_px == 45000 * E8);
  CHECK(a.working_type == WorkingType::MarkPrice);
  CHECK(a.status == OrderStatus::Open);
  CHECK(a.orig_qty == E8 / 1000);
}

TEST_CASE_FIXTURE(DocFixture, "query order → OrderUpdate") {
  const Decoded d = decode_rest(dec, fixture("http/order_response.json"), rest_ctx(RestKind::QueryOrder));
  REQUIRE(d.r.status == DecodeStatus::Ok);
  REQUIRE(d.ev.size() == 1);
  CHECK(d.ev[0].order_update.px == 50000 * E8);
  CHECK(d.ev[0].order_update.client_id.view() == "testOrder123");
}

TEST_CASE_FIXTURE(DocFixture, "position risk: one-way and hedge") {
  Decoded d = decode_rest(dec, fixture("http/position_risk.json"), rest_ctx(RestKind::PositionRisk));
  REQUIRE(d.r.status == DecodeStatus::Ok);
  CHECK(d.r.kind == MsgKind::RestPositionRisk);
  REQUIRE(d.ev.size() == 1);
  const AccountUpdate& a = d.ev[0].account_update;
  CHECK(a.reason == static_cast<std::uint8_t>(AccountReason::RestPositionRisk));
  REQUIRE(a.n_positions == 1);
  CHECK(a.positions[0].side == PositionSide::Both);
  CHECK(a.positions[0].amount == E8 / 1000);
  CHECK(a.positions[0].entry_px == 50000 * E8);
  CHECK(a.positions[0].break_even_px == 50100 * E8);
  CHECK(a.positions[0].unrealized_pnl == E8);
  d = decode_rest(dec, fixture("http/http_futures_account_positions_hedge.json"), rest_ctx(RestKind::PositionRisk));
  REQUIRE(d.r.status == DecodeStatus::Ok);
  const AccountUpdate& h = d.ev.at(0).account_update;
  REQUIRE(h.n_positions == 2);
  CHECK(h.positions[0].side == PositionSide::Long);
  CHECK(h.positions[0].amount == 20 * E8);
  CHECK(h.positions[0].entry_px == 656366500000);
  CHECK(h.positions[1].side == PositionSide::Short);
  CHECK(h.positions[1].amount == -10 * E8);
  CHECK(h.positions[1].unrealized_pnl == -115646711780);
  d = decode_rest(dec, fixture("http/http_futures_account_positions_one_way.json"), rest_ctx(RestKind::PositionRisk));
  REQUIRE(d.ev.at(0).account_update.n_positions == 1);
  CHECK(d.ev[0].account_update.positions[0].amount == 0);
}

TEST_CASE_FIXTURE(DocFixture, "balance and account") {
  Decoded d = decode_rest(dec, fixture("http/balance.json"), rest_ctx(RestKind::Balance));
  REQUIRE(d.r.status == DecodeStatus::Ok);
  const AccountUpdate& b = d.ev.at(0).account_update;
  CHECK(b.reason == static_cast<std::uint8_t>(AccountReason::RestBalance));
  REQUIRE(b.n_balances == 1);
  CHECK(b.balances[0].asset == table.find_asset("USDT"));
  CHECK(b.balances[0].wallet == 12212345678);
  CHECK(b.balances[0].cross_wallet == 12212345678);
  d = decode_rest(dec, fixture("http/account_info_v2.json"), rest_ctx(RestKind::Account));
  REQUIRE(d.r.status == DecodeStatus::Ok);
  const AccountUpdate& a = d.ev.at(0).account_update;
  CHECK(a.reason == static_cast<std::uint8_t>(AccountReason::RestAccount));
  REQUIRE(a.n_balances == 1);
  CHECK(a.balances[0].wallet == 2372469206);
  REQUIRE(a.n_positions == 1);
  CHECK(a.positions[0].symbol == table.find(xtb::binance::kVenueId, "BTCUSDT"));
  // An error body where a list was expected.
  d = decode_rest(dec, R"({"code":-1021,"msg":"Timestamp for this request was 1000ms ahead of the server's time."})",
                  rest_ctx(RestKind::Balance, 400));
  CHECK(d.r.status == DecodeStatus::VenueError);
  CHECK(d.ev.at(0).order_ack.error_code == -1021);
}

TEST_CASE_FIXTURE(DocFixture, "server time, position mode, commission rate") {
  EpochMs t = 0;
  Padded p(R"({"serverTime":1499827319559})");
  CHECK(dec.decode_server_time(p.data(), p.len, p.capacity(), t) == DecodeStatus::Ok);
  CHECK(t == 1499827319559);
  Padded bad(R"({"time":1})");
  CHECK(dec.decode_server_time(bad.data(), bad.len, bad.capacity(), t) == DecodeStatus::MissingField);
  bool hedge = false;
  Padded dual(fixture("http/http_futures_account_position_side_dual.json"));
  CHECK(dec.decode_position_mode(dual.data(), dual.len, dual.capacity(), hedge) == DecodeStatus::Ok);
  CHECK(hedge);
  SymbolId s = kNoSymbol;
  std::int64_t maker = 0, taker = 0;
  Padded fee(fixture("http/http_futures_wallet_commission_rate_btcusdt.json"));
  CHECK(dec.decode_commission_rate(fee.data(), fee.len, fee.capacity(), s, maker, taker) == DecodeStatus::Ok);
  CHECK(s == table.find(xtb::binance::kVenueId, "BTCUSDT"));
  CHECK(maker == 20000);
  CHECK(taker == 50000);
  Padded q(fixture("http/http_futures_wallet_commission_rate_btcusdt_quarterly.json"));
  CHECK(dec.decode_commission_rate(q.data(), q.len, q.capacity(), s, maker, taker) == DecodeStatus::UnknownSymbol);
}
