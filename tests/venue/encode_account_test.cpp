// encode_account_test.cpp — reconciliation queries, bulk cancels, public metadata, server
// time and listenKey requests: method, path, security, params and rate-limit cost.
#include <doctest/doctest.h>

#include <string>

#include "encode_test_util.hpp"
#include "venue/binance/encode_command.hpp"

using namespace xtb;
using namespace xtb::binance;
using namespace xtb::binance::test;

namespace {

OrderCommand query(CommandKind kind, SymbolId sym) {
  OrderCommand c{};
  c.kind = kind;
  c.symbol = sym;
  return c;
}

std::string unsigned_part(const RequestBuffer& b) { return std::string(split_signature(b.params()).first); }

}  // namespace

TEST_SUITE("binance-encode") {

TEST_CASE("open orders, positions and cancel-all through OrderEncoder") {
  HmacSha256Signer signer(kDocSecret);
  OrderEncoder enc(EncoderConfig{}, signer, symbols());
  RequestBuffer buf;

  REQUIRE(enc.encode(query(CommandKind::QueryOpenOrders, kBtc), 1000, buf) == EncodeError::Ok);
  CHECK(buf.method() == HttpMethod::Get);
  CHECK(buf.path() == "/fapi/v1/openOrders");
  CHECK(unsigned_part(buf) == "symbol=BTCUSDT&recvWindow=5000&timestamp=1000");
  CHECK(buf.ip_weight() == 1);
  REQUIRE(enc.encode(query(CommandKind::QueryOpenOrders, kNoSymbol), 1000, buf) == EncodeError::Ok);
  CHECK(unsigned_part(buf) == "recvWindow=5000&timestamp=1000");
  CHECK(buf.ip_weight() == 40);  // all symbols: "Careful when accessing this with no symbol"

  REQUIRE(enc.encode(query(CommandKind::QueryPositions, kBtc), 1000, buf) == EncodeError::Ok);
  CHECK(buf.path() == "/fapi/v3/positionRisk");
  CHECK(buf.ip_weight() == 5);
  EncoderConfig v2;
  v2.position_risk = PositionRiskVersion::V2;
  OrderEncoder enc_v2(v2, signer, symbols());
  REQUIRE(enc_v2.encode(query(CommandKind::QueryPositions, kNoSymbol), 1000, buf) == EncodeError::Ok);
  CHECK(buf.path() == "/fapi/v2/positionRisk");
  CHECK(unsigned_part(buf) == "recvWindow=5000&timestamp=1000");

  REQUIRE(enc.encode(query(CommandKind::CancelAll, kEth), 1000, buf) == EncodeError::Ok);
  CHECK(buf.method() == HttpMethod::Delete);
  CHECK(buf.path() == "/fapi/v1/allOpenOrders");
  CHECK(unsigned_part(buf) == "symbol=ETHUSDT&recvWindow=5000&timestamp=1000");
  CHECK(enc.encode(query(CommandKind::CancelAll, kNoSymbol), 1000, buf) == EncodeError::UnknownSymbol);
  CHECK(enc.encode(query(CommandKind::QueryOpenOrders, kUnnamed), 1000, buf) == EncodeError::UnknownSymbol);
}

TEST_CASE("algo order reconciliation and bulk cancel (2025-12 algo service)") {
  HmacSha256Signer signer(kDocSecret);
  OrderEncoder enc(EncoderConfig{}, signer, symbols());
  RequestBuffer buf;
  REQUIRE(enc.encode_open_algo_orders(kBtc, 2000, buf) == EncodeError::Ok);
  CHECK(buf.method() == HttpMethod::Get);
  CHECK(buf.path() == "/fapi/v1/openAlgoOrders");
  CHECK(unsigned_part(buf) == "symbol=BTCUSDT&recvWindow=5000&timestamp=2000");
  CHECK(split_signature(buf.params()).second == reference_hmac_hex(kDocSecret, split_signature(buf.params()).first));
  REQUIRE(enc.encode_open_algo_orders(kNoSymbol, 2000, buf) == EncodeError::Ok);
  CHECK(buf.ip_weight() == 40);
  REQUIRE(enc.encode_cancel_all_algo(kBtc, 2000, buf) == EncodeError::Ok);
  CHECK(buf.method() == HttpMethod::Delete);
  CHECK(buf.path() == "/fapi/v1/algoOpenOrders");
  CHECK(enc.encode_cancel_all_algo(kNoSymbol, 2000, buf) == EncodeError::UnknownSymbol);
}

TEST_CASE("public and user-stream requests carry no signature") {
  RequestBuffer buf;
  REQUIRE(encode_exchange_info(buf) == EncodeError::Ok);
  CHECK(buf.method() == HttpMethod::Get);
  CHECK(buf.path() == "/fapi/v1/exchangeInfo");
  CHECK(buf.params().empty());
  CHECK_FALSE(buf.needs_api_key());
  REQUIRE(encode_server_time(buf) == EncodeError::Ok);
  CHECK(buf.path() == "/fapi/v1/time");
  CHECK_FALSE(buf.needs_api_key());
  CHECK(buf.ip_weight() == 1);

  const std::pair<ListenKeyOp, HttpMethod> ops[] = {
      {ListenKeyOp::Create, HttpMethod::Post}, {ListenKeyOp::KeepAlive, HttpMethod::Put},
      {ListenKeyOp::Close, HttpMethod::Delete}};
  for (const auto& [op, method] : ops) {
    REQUIRE(encode_listen_key(op, buf) == EncodeError::Ok);
    CHECK(buf.method() == method);
    CHECK(buf.path() == "/fapi/v1/listenKey");
    CHECK(buf.needs_api_key());
    CHECK(buf.spec().security == Security::ApiKey);
    CHECK(buf.params().empty());
  }
  CHECK(write_symbol_scoped(Endpoint::NewOrder, nullptr, buf) == EncodeError::UnsupportedCommand);
}

TEST_CASE("request cost for the rate limiter") {
  HmacSha256Signer signer(kDocSecret);
  OrderEncoder enc(EncoderConfig{}, signer, symbols());
  RequestBuffer buf;
  const OrderCommand c = new_order(kBtc, Side::Buy, PositionSide::Long, OrderType::Limit, 610000, 2,
                                   TimeInForce::GTC, "xtb-0000000a-1-5");
  REQUIRE(enc.encode(c, 1, buf) == EncodeError::Ok);
  RequestCost cost = cost_of(buf, false);
  CHECK(cost.ip_weight == 0);  // "0 on IP rate limit(x-mbx-used-weight-1m)"
  CHECK(cost.orders_10s == 1);
  CHECK(cost.orders_1m == 1);
  CHECK(cost.places_order);
  CHECK_FALSE(cost.risk);
  OrderCommand cancel = c;
  cancel.kind = CommandKind::CancelOrder;
  REQUIRE(enc.encode(cancel, 1, buf) == EncodeError::Ok);
  cost = cost_of(buf, true);
  CHECK(cost.ip_weight == 1);
  CHECK(cost.orders_10s == 0);
  CHECK_FALSE(cost.places_order);
  CHECK(cost.risk);
  for (int e = 0; e < static_cast<int>(Endpoint::Count); ++e) {
    const auto ep = static_cast<Endpoint>(e);
    CHECK(endpoint_spec(ep).path.substr(0, 6) == "/fapi/");
    CHECK(to_string(ep) != "?");
  }
}

}  // TEST_SUITE
