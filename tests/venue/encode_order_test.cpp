// encode_order_test.cpp — exact request text for single orders: the official signing
// example, hedge vs one-way, every TIF, conditional orders via the algo endpoint,
// cancel / amend / query, and the typed rejections.
#include <doctest/doctest.h>

#include <string>

#include "encode_test_util.hpp"
#include "venue/binance/encode_command.hpp"
#include "venue/binance/encode_order.hpp"

using namespace xtb;
using namespace xtb::binance;
using namespace xtb::binance::test;

namespace {

std::string params_of(const OrderCommand& c, PositionMode mode, EncodeError expect = EncodeError::Ok) {
  RequestBuffer buf;
  const EncodeError e = write_new_order(c, symbols()[c.symbol], mode, buf);
  CHECK(e == expect);
  return e == EncodeError::Ok ? std::string(buf.params()) : std::string();
}

}  // namespace

TEST_SUITE("binance-encode") {

TEST_CASE("official signing example is reproduced byte for byte by the encoder") {
  HmacSha256Signer signer(kDocSecret);
  EncoderConfig cfg;
  cfg.mode = PositionMode::OneWay;
  cfg.recv_window_ms = 5000;
  OrderEncoder enc(cfg, signer, symbols());
  const OrderCommand c = new_order(kBtcIntegerGrid, Side::Buy, PositionSide::Both, OrderType::Limit, 9000, 1,
                                   TimeInForce::GTC);
  RequestBuffer buf;
  REQUIRE(enc.encode(c, kDocTimestamp, buf) == EncodeError::Ok);
  CHECK(buf.method() == HttpMethod::Post);
  CHECK(buf.path() == "/fapi/v1/order");
  CHECK(buf.params_in_body());
  CHECK(buf.needs_api_key());
  CHECK(buf.params() == std::string(kDocPayload) + "&signature=" + std::string(kDocSignature));
}

TEST_CASE("hedge mode: positionSide always sent, reduceOnly never") {
  OrderCommand c = new_order(kBtc, Side::Sell, PositionSide::Long, OrderType::Limit, 618002, 5, TimeInForce::PostOnly,
                             "xtb-0000000a-1-2");
  c.flags = OrderCommand::kReduceOnly;  // SELL LONG reduces: allowed, but not sent
  CHECK(params_of(c, PositionMode::Hedge) ==
        "symbol=BTCUSDT&side=SELL&positionSide=LONG&type=LIMIT&quantity=0.005&price=61800.2&timeInForce=GTX"
        "&newClientOrderId=xtb-0000000a-1-2");
  c.flags = 0;  // opening order in hedge mode: same text
  CHECK(params_of(c, PositionMode::Hedge).find("reduceOnly") == std::string::npos);
  OrderCommand s = new_order(kBtc, Side::Buy, PositionSide::Short, OrderType::Market, 0, 12, TimeInForce::None);
  s.flags = OrderCommand::kReduceOnly;
  CHECK(params_of(s, PositionMode::Hedge) == "symbol=BTCUSDT&side=BUY&positionSide=SHORT&type=MARKET&quantity=0.012");
}

TEST_CASE("one-way mode: positionSide never sent, reduceOnly when asked") {
  OrderCommand c = new_order(kBtc, Side::Sell, PositionSide::Both, OrderType::Limit, 618002, 5, TimeInForce::GTC,
                             "xtb-0000000a-1-3");
  c.flags = OrderCommand::kReduceOnly;
  CHECK(params_of(c, PositionMode::OneWay) ==
        "symbol=BTCUSDT&side=SELL&type=LIMIT&quantity=0.005&price=61800.2&timeInForce=GTC&reduceOnly=true"
        "&newClientOrderId=xtb-0000000a-1-3");
  c.flags = 0;
  CHECK(params_of(c, PositionMode::OneWay) ==
        "symbol=BTCUSDT&side=SELL&type=LIMIT&quantity=0.005&price=61800.2&timeInForce=GTC"
        "&newClientOrderId=xtb-0000000a-1-3");
}

TEST_CASE("every supported time in force is written; GTD and a missing TIF are rejected") {
  const std::pair<TimeInForce, const char*> cases[] = {
      {TimeInForce::GTC, "GTC"}, {TimeInForce::IOC, "IOC"}, {TimeInForce::FOK, "FOK"}, {TimeInForce::PostOnly, "GTX"}};
  for (const auto& [tif, text] : cases) {
    const OrderCommand c = new_order(kEth, Side::Buy, PositionSide::Long, OrderType::Limit, 265001, 1000, tif);
    CHECK(params_of(c, PositionMode::Hedge) ==
          std::string("symbol=ETHUSDT&side=BUY&positionSide=LONG&type=LIMIT&quantity=1&price=2650.01&timeInForce=") +
              text);
  }
  params_of(new_order(kEth, Side::Buy, PositionSide::Long, OrderType::Limit, 1, 1, TimeInForce::GTD),
            PositionMode::Hedge, EncodeError::UnsupportedTimeInForce);
  params_of(new_order(kEth, Side::Buy, PositionSide::Long, OrderType::Limit, 1, 1, TimeInForce::None),
            PositionMode::Hedge, EncodeError::MissingTimeInForce);
  // A TIF on a MARKET order is not a venue parameter: it is dropped.
  CHECK(params_of(new_order(kEth, Side::Buy, PositionSide::Long, OrderType::Market, 0, 1, TimeInForce::PostOnly),
                  PositionMode::Hedge) == "symbol=ETHUSDT&side=BUY&positionSide=LONG&type=MARKET&quantity=0.001");
}

TEST_CASE("side / position-side / reduce-only violations are typed errors") {
  using PS = PositionSide;
  params_of(new_order(kBtc, Side::Buy, PS::Both, OrderType::Limit, 1, 1, TimeInForce::GTC), PositionMode::Hedge,
            EncodeError::InvalidPositionSide);
  params_of(new_order(kBtc, Side::Buy, PS::Long, OrderType::Limit, 1, 1, TimeInForce::GTC), PositionMode::OneWay,
            EncodeError::InvalidPositionSide);
  params_of(new_order(kBtc, Side::None, PS::Long, OrderType::Limit, 1, 1, TimeInForce::GTC), PositionMode::Hedge,
            EncodeError::InvalidSide);
  OrderCommand inc = new_order(kBtc, Side::Buy, PS::Long, OrderType::Limit, 1, 1, TimeInForce::GTC);
  inc.flags = OrderCommand::kReduceOnly;
  params_of(inc, PositionMode::Hedge, EncodeError::ReduceOnlyWouldIncrease);
  params_of(new_order(kBtc, Side::Buy, PS::Long, OrderType::Limit, 0, 1, TimeInForce::GTC), PositionMode::Hedge,
            EncodeError::MissingPrice);
  params_of(new_order(kBtc, Side::Buy, PS::Long, OrderType::Market, 0, 0, TimeInForce::None), PositionMode::Hedge,
            EncodeError::MissingQuantity);
  params_of(new_order(kBtc, Side::Buy, PS::Long, OrderType::Limit, 1, 1, TimeInForce::GTC, "bad id!"),
            PositionMode::Hedge, EncodeError::InvalidClientOrderId);
  params_of(new_order(kBtc, Side::Buy, PS::Long, OrderType::TrailingStopMarket, 0, 1, TimeInForce::None),
            PositionMode::Hedge, EncodeError::UnsupportedOrderType);
  params_of(new_order(kBtc, Side::Buy, PS::Long, OrderType::Limit, INT64_MAX / 2, 1, TimeInForce::GTC),
            PositionMode::Hedge, EncodeError::Ok);  // fits: tick units = 1
  const EncodeSymbol coarse{"BTCUSDT", {5, 0}, {1, 3}};
  RequestBuffer buf;
  CHECK(write_new_order(new_order(kBtc, Side::Buy, PS::Long, OrderType::Limit, INT64_MAX / 2, 1, TimeInForce::GTC),
                        coarse, PositionMode::Hedge, buf) == EncodeError::DecimalOverflow);
}

TEST_CASE("STOP_MARKET closePosition protective stop goes to the algo endpoint") {
  OrderCommand c = close_position_stop(Side::Sell, PositionSide::Long, 550000, "xtbps-0000000a-1-7");
  c.flags |= OrderCommand::kReduceOnly;  // must still never be sent with closePosition
  RequestBuffer buf;
  REQUIRE(write_new_order(c, symbols()[kBtc], PositionMode::Hedge, buf) == EncodeError::Ok);
  CHECK(buf.endpoint() == Endpoint::NewAlgoOrder);
  CHECK(buf.method() == HttpMethod::Post);
  CHECK(buf.path() == "/fapi/v1/algoOrder");
  CHECK(buf.params() ==
        "algoType=CONDITIONAL&symbol=BTCUSDT&side=SELL&positionSide=LONG&type=STOP_MARKET&triggerPrice=55000"
        "&workingType=MARK_PRICE&closePosition=true&clientAlgoId=xtbps-0000000a-1-7");

  OrderCommand one_way = close_position_stop(Side::Buy, PositionSide::Both, 700001, "xtbps-0000000a-1-8");
  one_way.flags |= OrderCommand::kReduceOnly;
  REQUIRE(write_new_order(one_way, symbols()[kBtc], PositionMode::OneWay, buf) == EncodeError::Ok);
  CHECK(buf.params() ==
        "algoType=CONDITIONAL&symbol=BTCUSDT&side=BUY&type=STOP_MARKET&triggerPrice=70000.1"
        "&workingType=MARK_PRICE&closePosition=true&clientAlgoId=xtbps-0000000a-1-8");
}

TEST_CASE("closePosition misuse is rejected") {
  RequestBuffer buf;
  // Hedge mode: BUY on LONG (and SELL on SHORT) cannot close the position.
  CHECK(write_new_order(close_position_stop(Side::Buy, PositionSide::Long, 1, "a"), symbols()[kBtc],
                        PositionMode::Hedge, buf) == EncodeError::InvalidClosePosition);
  CHECK(write_new_order(close_position_stop(Side::Sell, PositionSide::Short, 1, "a"), symbols()[kBtc],
                        PositionMode::Hedge, buf) == EncodeError::InvalidClosePosition);
  OrderCommand limit = new_order(kBtc, Side::Sell, PositionSide::Long, OrderType::Limit, 1, 1, TimeInForce::GTC);
  limit.flags = OrderCommand::kClosePosition;
  CHECK(write_new_order(limit, symbols()[kBtc], PositionMode::Hedge, buf) == EncodeError::InvalidClosePosition);
  OrderCommand no_trigger = close_position_stop(Side::Sell, PositionSide::Long, 0, "a");
  CHECK(write_new_order(no_trigger, symbols()[kBtc], PositionMode::Hedge, buf) == EncodeError::MissingStopPrice);
}

TEST_CASE("conditional orders with a quantity and a limit leg") {
  OrderCommand tp = new_order(kBtc, Side::Sell, PositionSide::Both, OrderType::TakeProfit, 650000, 20,
                              TimeInForce::GTC, "xtb-0000000a-1-9");
  tp.stop_px = 649000;
  tp.flags = OrderCommand::kReduceOnly;
  RequestBuffer buf;
  REQUIRE(write_new_order(tp, symbols()[kBtc], PositionMode::OneWay, buf) == EncodeError::Ok);
  CHECK(buf.params() ==
        "algoType=CONDITIONAL&symbol=BTCUSDT&side=SELL&type=TAKE_PROFIT&quantity=0.02&price=65000&triggerPrice=64900"
        "&timeInForce=GTC&reduceOnly=true&clientAlgoId=xtb-0000000a-1-9");
  OrderCommand sm = new_order(kBtc, Side::Buy, PositionSide::Short, OrderType::StopMarket, 0, 3, TimeInForce::None);
  sm.stop_px = 600005;
  sm.working_type = WorkingType::ContractPrice;
  REQUIRE(write_new_order(sm, symbols()[kBtc], PositionMode::Hedge, buf) == EncodeError::Ok);
  CHECK(buf.params() ==
        "algoType=CONDITIONAL&symbol=BTCUSDT&side=BUY&positionSide=SHORT&type=STOP_MARKET&quantity=0.003"
        "&triggerPrice=60000.5&workingType=CONTRACT_PRICE");
}

TEST_CASE("cancel, amend and query pick the order endpoint or the algo endpoint") {
  RequestBuffer buf;
  OrderCommand c = new_order(kBtc, Side::Buy, PositionSide::Long, OrderType::Limit, 610000, 2, TimeInForce::PostOnly,
                             "xtb-0000000a-1-4");
  c.kind = CommandKind::CancelOrder;
  REQUIRE(write_cancel_order(c, symbols()[kBtc], buf) == EncodeError::Ok);
  CHECK(buf.method() == HttpMethod::Delete);
  CHECK(buf.path() == "/fapi/v1/order");
  CHECK_FALSE(buf.params_in_body());
  CHECK(buf.params() == "symbol=BTCUSDT&origClientOrderId=xtb-0000000a-1-4");
  c.venue_order_id = 283194212;  // venue id wins when known
  REQUIRE(write_cancel_order(c, symbols()[kBtc], buf) == EncodeError::Ok);
  CHECK(buf.params() == "symbol=BTCUSDT&orderId=283194212");

  REQUIRE(write_query_order(c, symbols()[kBtc], buf) == EncodeError::Ok);
  CHECK(buf.method() == HttpMethod::Get);
  CHECK(buf.params() == "symbol=BTCUSDT&orderId=283194212");

  c.px = 609995;
  c.qty = 3;
  REQUIRE(write_amend_order(c, symbols()[kBtc], buf) == EncodeError::Ok);
  CHECK(buf.method() == HttpMethod::Put);
  CHECK(buf.params_in_body());
  CHECK(buf.params() == "symbol=BTCUSDT&side=BUY&orderId=283194212&quantity=0.003&price=60999.5");

  OrderCommand stop = close_position_stop(Side::Sell, PositionSide::Long, 550000, "xtbps-0000000a-1-7");
  REQUIRE(write_cancel_order(stop, symbols()[kBtc], buf) == EncodeError::Ok);
  CHECK(buf.path() == "/fapi/v1/algoOrder");
  CHECK(buf.method() == HttpMethod::Delete);
  CHECK(buf.params() == "clientAlgoId=xtbps-0000000a-1-7");
  stop.venue_order_id = 2148719;
  REQUIRE(write_query_order(stop, symbols()[kBtc], buf) == EncodeError::Ok);
  CHECK(buf.method() == HttpMethod::Get);
  CHECK(buf.params() == "algoId=2148719");

  OrderCommand anon = new_order(kBtc, Side::Buy, PositionSide::Long, OrderType::Limit, 1, 1, TimeInForce::GTC);
  CHECK(write_cancel_order(anon, symbols()[kBtc], buf) == EncodeError::MissingOrderRef);
  CHECK(write_amend_order(stop, symbols()[kBtc], buf) == EncodeError::UnsupportedOrderType);
}

TEST_CASE("OrderEncoder signs every command and validates the symbol") {
  HmacSha256Signer signer(kDocSecret);
  OrderEncoder enc(EncoderConfig{}, signer, symbols());  // hedge, recvWindow 5000, positionRisk v3
  RequestBuffer buf;
  OrderCommand c = new_order(kBtc, Side::Buy, PositionSide::Long, OrderType::Limit, 610000, 2, TimeInForce::PostOnly,
                             "xtb-0000000a-1-5");
  REQUIRE(enc.encode(c, 1722729600123, buf) == EncodeError::Ok);
  const auto [payload, signature] = split_signature(buf.params());
  CHECK(payload ==
        "symbol=BTCUSDT&side=BUY&positionSide=LONG&type=LIMIT&quantity=0.002&price=61000&timeInForce=GTX"
        "&newClientOrderId=xtb-0000000a-1-5&recvWindow=5000&timestamp=1722729600123");
  CHECK(signature == reference_hmac_hex(kDocSecret, payload));

  c.symbol = kUnnamed;
  CHECK(enc.encode(c, 1, buf) == EncodeError::UnknownSymbol);
  c.symbol = 99;
  CHECK(enc.encode(c, 1, buf) == EncodeError::UnknownSymbol);
  c.symbol = kBtc;
  c.kind = CommandKind::None;
  CHECK(enc.encode(c, 1, buf) == EncodeError::UnsupportedCommand);

  HmacSha256Signer keyless;
  OrderEncoder no_key(EncoderConfig{}, keyless, symbols());
  c.kind = CommandKind::NewOrder;
  CHECK(no_key.encode(c, 1, buf) == EncodeError::NoSigningKey);

  EncoderConfig wide;
  wide.recv_window_ms = 600'000;  // clamped to the venue maximum
  OrderEncoder clamped(wide, signer, symbols());
  REQUIRE(clamped.encode(c, 7, buf) == EncodeError::Ok);
  CHECK(buf.params().find("&recvWindow=60000&timestamp=7&signature=") != std::string_view::npos);
}

}  // TEST_SUITE
