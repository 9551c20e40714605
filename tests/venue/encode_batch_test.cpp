// encode_batch_test.cpp — POST /fapi/v1/batchOrders: percent-encoded JSON list, the
// same hedge/one-way rules as single orders, the 5-order limit and its weights.
#include <doctest/doctest.h>
#include <simdjson.h>

#include <string>
#include <vector>

#include "encode_test_util.hpp"
#include "venue/binance/encode_command.hpp"

using namespace xtb;
using namespace xtb::binance;
using namespace xtb::binance::test;

TEST_SUITE("binance-encode") {

TEST_CASE("batch of two hedge-mode orders: exact JSON, valid percent-encoding, signed") {
  HmacSha256Signer signer(kDocSecret);
  OrderEncoder enc(EncoderConfig{}, signer, symbols());
  OrderCommand a = new_order(kBtc, Side::Sell, PositionSide::Long, OrderType::Limit, 618002, 5, TimeInForce::PostOnly,
                             "xtb-0000000a-1-a");
  a.flags = OrderCommand::kReduceOnly;
  const OrderCommand b = new_order(kEth, Side::Buy, PositionSide::Short, OrderType::Market, 0, 40, TimeInForce::None,
                                   "xtb-0000000a-1-b");
  const OrderCommand cmds[] = {a, b};
  RequestBuffer buf;
  REQUIRE(enc.encode_batch(cmds, 1722729600000, buf) == EncodeError::Ok);
  CHECK(buf.method() == HttpMethod::Post);
  CHECK(buf.path() == "/fapi/v1/batchOrders");
  CHECK(buf.ip_weight() == 5);
  CHECK(buf.orders_10s() == 5);
  CHECK(buf.orders_1m() == 1);

  const auto [payload, signature] = split_signature(buf.params());
  CHECK(signature == reference_hmac_hex(kDocSecret, payload));  // signed as sent (encoded)
  constexpr std::string_view kKey = "batchOrders=";
  REQUIRE(payload.substr(0, kKey.size()) == kKey);
  const std::size_t amp = payload.find('&');
  const std::string_view encoded = payload.substr(kKey.size(), amp - kKey.size());
  CHECK(payload.substr(amp) == "&recvWindow=5000&timestamp=1722729600000");
  CHECK(encoded.substr(0, 33) == "%5B%7B%22symbol%22%3A%22BTCUSDT%2");
  for (const char ch : encoded) {  // nothing but unreserved chars and %XX escapes
    const bool ok = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' ||
                    ch == '.' || ch == '_' || ch == '~' || ch == '%';
    CHECK(ok);
  }
  const std::string json = pct_decode(encoded);
  CHECK(json ==
        R"([{"symbol":"BTCUSDT","side":"SELL","positionSide":"LONG","type":"LIMIT","quantity":"0.005",)"
        R"("price":"61800.2","timeInForce":"GTX","newClientOrderId":"xtb-0000000a-1-a"},)"
        R"({"symbol":"ETHUSDT","side":"BUY","positionSide":"SHORT","type":"MARKET","quantity":"0.04",)"
        R"("newClientOrderId":"xtb-0000000a-1-b"}])");

  // And it is JSON a real parser accepts.
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  REQUIRE(parser.parse(json).get(doc) == simdjson::SUCCESS);
  simdjson::dom::array arr;
  REQUIRE(doc.get_array().get(arr) == simdjson::SUCCESS);
  CHECK(arr.size() == 2);
}

TEST_CASE("one-way batch carries reduceOnly and no positionSide") {
  HmacSha256Signer signer(kDocSecret);
  EncoderConfig cfg;
  cfg.mode = PositionMode::OneWay;
  OrderEncoder enc(cfg, signer, symbols());
  OrderCommand a = new_order(kBtc, Side::Sell, PositionSide::Both, OrderType::Limit, 618002, 5, TimeInForce::IOC);
  a.flags = OrderCommand::kReduceOnly;
  RequestBuffer buf;
  REQUIRE(enc.encode_batch(std::span(&a, 1), 5, buf) == EncodeError::Ok);
  const std::string json = pct_decode(buf.params().substr(12, buf.params().find('&') - 12));
  CHECK(json ==
        R"([{"symbol":"BTCUSDT","side":"SELL","type":"LIMIT","quantity":"0.005","price":"61800.2",)"
        R"("timeInForce":"IOC","reduceOnly":"true"}])");
}

TEST_CASE("batch limits and rejections") {
  HmacSha256Signer signer(kDocSecret);
  OrderEncoder enc(EncoderConfig{}, signer, symbols());
  RequestBuffer buf;
  const OrderCommand ok = new_order(kBtc, Side::Buy, PositionSide::Long, OrderType::Limit, 610000, 1,
                                    TimeInForce::GTC, "xtb-0000000a-1-1");
  std::vector<OrderCommand> five(5, ok);
  CHECK(enc.encode_batch(five, 1, buf) == EncodeError::Ok);
  CHECK(buf.params().size() < RequestBuffer::kCapacity);
  std::vector<OrderCommand> six(6, ok);
  CHECK(enc.encode_batch(six, 1, buf) == EncodeError::BatchTooLarge);
  CHECK(enc.encode_batch(std::span<const OrderCommand>(), 1, buf) == EncodeError::BatchEmpty);

  const OrderCommand stop = close_position_stop(Side::Sell, PositionSide::Long, 550000, "xtbps-0000000a-1-1");
  const OrderCommand with_stop[] = {ok, stop};
  CHECK(enc.encode_batch(with_stop, 1, buf) == EncodeError::BatchConditional);

  OrderCommand unknown = ok;
  unknown.symbol = kUnnamed;
  const OrderCommand with_unknown[] = {ok, unknown};
  CHECK(enc.encode_batch(with_unknown, 1, buf) == EncodeError::UnknownSymbol);

  OrderCommand wrong_side = ok;
  wrong_side.position_side = PositionSide::Both;  // hedge account
  const OrderCommand with_wrong[] = {wrong_side};
  CHECK(enc.encode_batch(with_wrong, 1, buf) == EncodeError::InvalidPositionSide);

  OrderCommand cancel = ok;
  cancel.kind = CommandKind::CancelOrder;
  const OrderCommand with_cancel[] = {cancel};
  CHECK(enc.encode_batch(with_cancel, 1, buf) == EncodeError::UnsupportedCommand);
}

}  // TEST_SUITE
