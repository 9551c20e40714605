// encode_test.cpp — request encoders (exact bodies, queries, signing strings, headers,
// signatures that verify) and the client-id mapping.
#include <doctest/doctest.h>

#include <string>

#include "test_util.hpp"
#include "venue/backpack/command_costs.hpp"
#include "venue/backpack/encode_request.hpp"

using namespace xtb;
using namespace xtb::backpack;

namespace {

constexpr const char* kSeedB64 = "nWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A=";
constexpr std::int64_t kStartMs = 1'767'225'600'000 + 1'000'000;  // base 1000000
constexpr std::int64_t kNow = 1'750'793'021'519;

struct Fixture {
  Ed25519Signer signer;
  ClientIdMap ids;
  RequestEncoder enc{signer, test::symbols(), ids};
  Request req;
  Fixture() {
    REQUIRE(signer.set_seed_base64(kSeedB64) == KeyError::Ok);
    REQUIRE(ClientIdMap::create("xtb-run1-k0-", kStartMs, ids));
  }
  OrderCommand order(const char* sym, Side side, OrderType type, Price px, Qty qty, TimeInForce tif) {
    OrderCommand c{};
    c.kind = CommandKind::NewOrder;
    c.symbol = test::symbols().find(kVenueId, sym);
    c.side = side;
    c.type = type;
    c.px = px;
    c.qty = qty;
    c.tif = tif;
    c.client_id.assign("xtb-run1-k0-7");
    return c;
  }
  // The signature in the headers verifies the signed string with the API key.
  void check_signed() {
    const std::string_view h = req.headers_view();
    const auto at = h.find("X-Signature: ");
    REQUIRE(at != std::string_view::npos);
    const std::string_view sig = h.substr(at + 13, Ed25519Signer::kSigB64);
    CHECK(Ed25519Signer::verify(signer.api_key(), req.signing_view(), sig));
    CHECK(h.find("X-API-Key: " + std::string(signer.api_key()) + "\r\n") != std::string_view::npos);
    CHECK(h.find("X-Timestamp: 1750793021519\r\n") != std::string_view::npos);
    CHECK(h.find("X-Window: 5000\r\n") != std::string_view::npos);
  }
};

}  // namespace

TEST_SUITE("backpack") {

TEST_CASE("order execute: post-only reduce-only limit bid") {
  Fixture f;
  OrderCommand c = f.order("SOL_USDC_PERP", Side::Buy, OrderType::Limit, 14100, 1200, TimeInForce::PostOnly);
  c.flags = OrderCommand::kReduceOnly;
  REQUIRE(f.enc.encode(c, kNow, f.req) == EncodeError::Ok);
  CHECK(f.req.method == Method::Post);
  CHECK(f.req.path == "/api/v1/order");
  CHECK(f.req.signing_view() ==
        "instruction=orderExecute&clientId=1000007&orderType=Limit&postOnly=true&price=141.00&quantity=12.00"
        "&reduceOnly=true&side=Bid&symbol=SOL_USDC_PERP&timeInForce=GTC&timestamp=1750793021519&window=5000");
  CHECK(f.req.body_view() ==
        "{\"clientId\":1000007,\"orderType\":\"Limit\",\"postOnly\":true,\"price\":\"141.00\",\"quantity\":\"12.00\","
        "\"reduceOnly\":true,\"side\":\"Bid\",\"symbol\":\"SOL_USDC_PERP\",\"timeInForce\":\"GTC\"}");
  CHECK(f.req.headers_view().find("Content-Type: application/json") != std::string_view::npos);
  f.check_signed();
}

TEST_CASE("order execute: IOC and FOK limit asks, market order without price or time in force") {
  Fixture f;
  OrderCommand c = f.order("BTC_USDC_PERP", Side::Sell, OrderType::Limit, 1174276, 16, TimeInForce::IOC);
  REQUIRE(f.enc.encode(c, kNow, f.req) == EncodeError::Ok);
  CHECK(f.req.signing_view() ==
        "instruction=orderExecute&clientId=1000007&orderType=Limit&price=117427.6&quantity=0.00016&side=Ask"
        "&symbol=BTC_USDC_PERP&timeInForce=IOC&timestamp=1750793021519&window=5000");
  c.tif = TimeInForce::FOK;
  REQUIRE(f.enc.encode(c, kNow, f.req) == EncodeError::Ok);
  CHECK(f.req.body_view().find("\"timeInForce\":\"FOK\"") != std::string_view::npos);
  c = f.order("ETH_USDC_PERP", Side::Buy, OrderType::Market, 0, 10, TimeInForce::None);
  REQUIRE(f.enc.encode(c, kNow, f.req) == EncodeError::Ok);
  CHECK(f.req.body_view() ==
        "{\"clientId\":1000007,\"orderType\":\"Market\",\"quantity\":\"0.0010\",\"side\":\"Bid\",\"symbol\":\"ETH_USDC_PERP\"}");
  f.check_signed();
}

TEST_CASE("order execute refusals: unknown symbol, foreign client id, bad qty, amend, stop orders, no key") {
  Fixture f;
  OrderCommand c = f.order("SOL_USDC_PERP", Side::Buy, OrderType::Limit, 14100, 1200, TimeInForce::GTC);
  OrderCommand x = c;
  x.symbol = 999;
  CHECK(f.enc.encode(x, kNow, f.req) == EncodeError::UnknownSymbol);
  x = c;
  x.client_id.assign("other-run-k0-7");
  CHECK(f.enc.encode(x, kNow, f.req) == EncodeError::BadClientId);
  x = c;
  x.qty = 0;
  CHECK(f.enc.encode(x, kNow, f.req) == EncodeError::BadOrder);
  x = c;
  x.kind = CommandKind::AmendOrder;
  CHECK(f.enc.encode(x, kNow, f.req) == EncodeError::Unsupported);
  x = c;
  x.type = OrderType::StopMarket;
  CHECK(f.enc.encode(x, kNow, f.req) == EncodeError::Unsupported);
  RequestEncoder wide(f.signer, test::symbols(), f.ids, 90'000);  // above the documented max
  REQUIRE(wide.encode(c, kNow, f.req) == EncodeError::Ok);
  CHECK(f.req.signing_view().ends_with("&timestamp=1750793021519&window=60000"));
  Ed25519Signer none;
  RequestEncoder bare(none, test::symbols(), f.ids);
  CHECK(bare.encode(c, kNow, f.req) == EncodeError::NoKey);
}

TEST_CASE("cancel by order id / by client id, cancel all, open orders, query by client id, positions") {
  Fixture f;
  OrderCommand c = f.order("SOL_USDC_PERP", Side::Buy, OrderType::Limit, 0, 0, TimeInForce::None);
  c.kind = CommandKind::CancelOrder;
  c.venue_order_id = 28;
  REQUIRE(f.enc.encode(c, kNow, f.req) == EncodeError::Ok);
  CHECK(f.req.method == Method::Delete);
  CHECK(f.req.signing_view() == "instruction=orderCancel&orderId=28&symbol=SOL_USDC_PERP&timestamp=1750793021519&window=5000");
  CHECK(f.req.body_view() == "{\"orderId\":\"28\",\"symbol\":\"SOL_USDC_PERP\"}");
  f.check_signed();
  c.venue_order_id = 0;
  REQUIRE(f.enc.encode(c, kNow, f.req) == EncodeError::Ok);
  CHECK(f.req.body_view() == "{\"clientId\":1000007,\"symbol\":\"SOL_USDC_PERP\"}");
  c.kind = CommandKind::CancelAll;
  REQUIRE(f.enc.encode(c, kNow, f.req) == EncodeError::Ok);
  CHECK(f.req.path == "/api/v1/orders");
  CHECK(f.req.signing_view() == "instruction=orderCancelAll&symbol=SOL_USDC_PERP&timestamp=1750793021519&window=5000");
  c.kind = CommandKind::QueryOrder;
  REQUIRE(f.enc.encode(c, kNow, f.req) == EncodeError::Ok);
  CHECK(f.req.method == Method::Get);
  CHECK(f.req.query_view() == "clientId=1000007&symbol=SOL_USDC_PERP");
  CHECK(f.req.body_len == 0);
  CHECK(f.req.signing_view() == "instruction=orderQuery&clientId=1000007&symbol=SOL_USDC_PERP&timestamp=1750793021519&window=5000");
  f.check_signed();
  c.kind = CommandKind::QueryOpenOrders;
  c.symbol = kNoSymbol;
  REQUIRE(f.enc.encode(c, kNow, f.req) == EncodeError::Ok);
  CHECK(f.req.query_view() == "marketType=PERP");
  CHECK(f.req.signing_view() == "instruction=orderQueryAll&marketType=PERP&timestamp=1750793021519&window=5000");
  c.kind = CommandKind::QueryPositions;
  REQUIRE(f.enc.encode(c, kNow, f.req) == EncodeError::Ok);
  CHECK(f.req.path == "/api/v1/position");
  CHECK(f.req.signing_view() == "instruction=positionQuery&timestamp=1750793021519&window=5000");
  f.check_signed();
  REQUIRE(f.enc.encode_balance_query(kNow, f.req) == EncodeError::Ok);
  CHECK(f.req.path == "/api/v1/capital");
  CHECK(f.req.signing_view() == "instruction=balanceQuery&timestamp=1750793021519&window=5000");
  f.check_signed();
  REQUIRE(encode_depth_request("SOL_USDC_PERP", f.req) == EncodeError::Ok);
  CHECK(f.req.query_view() == "symbol=SOL_USDC_PERP");
  CHECK(f.req.headers_len == 0);
}

TEST_CASE("private WS subscribe carries [key, signature, timestamp, window]") {
  Fixture f;
  const std::string_view streams[] = {"account.orderUpdate", "account.positionUpdate"};
  char out[512];
  const std::size_t n = f.enc.encode_private_subscribe(streams, 2, kNow, out, sizeof out);
  REQUIRE(n > 0);
  const std::string msg(out, n);
  CHECK(msg.starts_with("{\"method\":\"SUBSCRIBE\",\"params\":[\"account.orderUpdate\",\"account.positionUpdate\"],"
                        "\"signature\":[\"11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\",\""));
  CHECK(msg.ends_with("\",\"1750793021519\",\"5000\"]}"));
  const std::string_view sig = std::string_view(msg).substr(msg.find("=\",\"") + 4, Ed25519Signer::kSigB64);
  CHECK(Ed25519Signer::verify(f.signer.api_key(), "instruction=subscribe&timestamp=1750793021519&window=5000", sig));
}

TEST_CASE("client id map: round trip, range, restarts never collide, observe, foreign ids") {
  ClientIdMap a;
  REQUIRE(ClientIdMap::create("xtb-run1-k0-", kStartMs, a));
  CHECK(a.base() == 1'000'000u);
  ClientOrderId id;
  id.assign("xtb-run1-k0-42");
  std::uint32_t v = 0;
  REQUIRE(a.to_venue(id, v));
  CHECK(v == 1'000'042u);
  ClientOrderId back;
  CHECK(a.from_venue(v, back));
  CHECK(back.view() == "xtb-run1-k0-42");
  for (const char* bad : {"xtb-run1-k0-0", "xtb-run1-k0-042", "xtb-run1-k0-", "xtb-run1-k0-x1", "xtb-run1-k1-5",
                          "xtb-run1-k0-67108864"})
    CHECK_FALSE(a.to_venue([&] { ClientOrderId b; b.assign(bad); return b; }(), v));
  // A restart 10 minutes later with a new epoch: its ids start past every id the first
  // start could issue in those 10 minutes at <= 1 id/ms.
  ClientIdMap b;
  REQUIRE(ClientIdMap::create("xtb-run1-k1-", kStartMs + 600'000, b));
  id.assign("xtb-run1-k1-1");
  REQUIRE(b.to_venue(id, v));
  CHECK(v == 1'600'001u);
  CHECK_FALSE(b.from_venue(1'000'042u, back));  // the first start's id is foreign to it
  CHECK(back.view() == "bp:1000042");
  // observe: an earlier start's live order ahead of our base pushes the base past it.
  b.observe(1'600'500u);
  CHECK(b.base() == 1'600'500u);
  REQUIRE(b.to_venue(id, v));
  CHECK(v == 1'600'501u);
  b.observe(5u);  // behind us: no change
  CHECK(b.base() == 1'600'500u);
  // Wrap-around: the id space is mod 2^32.
  ClientIdMap w;
  REQUIRE(ClientIdMap::create("h-", ClientIdMap::kEpochMs + 0xFFFF'FFFFll, w));
  id.assign("h-2");
  REQUIRE(w.to_venue(id, v));
  CHECK(v == 1u);
  CHECK(w.from_venue(1u, back));
  CHECK(back.view() == "h-2");
}

TEST_CASE("command costs: one unit per request, orders counted; conservative defaults") {
  constexpr engine::CommandCosts c = command_costs();
  CHECK(c.weight(CommandKind::NewOrder, true) == 1);
  CHECK(c.orders(CommandKind::NewOrder) == 1);
  CHECK(c.orders(CommandKind::CancelOrder) == 0);
  CHECK(c.weight(CommandKind::QueryOpenOrders, false) == 1);
  constexpr engine::VenueRateLimits l = default_limits();
  CHECK(l.weight_limit == 1200);
  CHECK(l.orders_limit_10s == 200);
}

}  // TEST_SUITE
