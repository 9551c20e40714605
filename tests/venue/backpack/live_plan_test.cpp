// live_plan_test.cpp — Backpack's live side, the pure parts: the stream plan and
// SUBSCRIBE bodies, every CommandKind through encode + request shape, the rate budget,
// and the client-id binding of the live decoder. No network.
#include <doctest/doctest.h>

#include <string>

#include "test_util.hpp"
#include "venue/backpack/command_costs.hpp"
#include "venue/backpack/live/live_decoder.hpp"
#include "venue/backpack/live/rate_budget.hpp"
#include "venue/backpack/live/request_shape.hpp"
#include "venue/backpack/live/stream_plan.hpp"

using namespace xtb;
using namespace xtb::backpack;

namespace {

constexpr const char* kSeedB64 = "nWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A=";
constexpr std::int64_t kStartMs = ClientIdMap::kEpochMs + 1'000'000;  // base 1000000
constexpr std::int64_t kNow = 1'750'793'021'519;

struct Fixture {
  Ed25519Signer signer;
  ClientIdMap ids;
  RequestEncoder enc{signer, test::symbols(), ids};
  Request req;
  HttpShape shape;
  char target[Request::kQueryCap + 64];
  Fixture() {
    REQUIRE(signer.set_seed_base64(kSeedB64) == KeyError::Ok);
    REQUIRE(ClientIdMap::create("xtb-run1-k0-", kStartMs, ids));
  }
  OrderCommand cmd(CommandKind k) const {
    OrderCommand c{};
    c.kind = k;
    c.symbol = test::symbols().find(kVenueId, "SOL_USDC_PERP");
    c.side = Side::Sell;
    c.type = OrderType::Limit;
    c.tif = TimeInForce::GTC;
    c.px = 17815;
    c.qty = 200;
    c.client_id.assign("xtb-run1-k0-7");
    return c;
  }
  std::string field(std::string_view name) const {
    for (std::size_t i = 0; i < shape.spec.header_count; ++i)
      if (shape.fields[i].name == name) return std::string(shape.fields[i].value);
    return "<none>";
  }
};

}  // namespace

TEST_CASE("stream plan: public streams, SUBSCRIBE bodies, connection roles") {
  const auto streams = public_streams({"SOL_USDC_PERP", "BTC_USDC_PERP"});
  REQUIRE(streams.size() == 8);
  CHECK(streams[0] == "depth.SOL_USDC_PERP");
  CHECK(streams[1] == "bookTicker.SOL_USDC_PERP");
  CHECK(streams[2] == "trade.SOL_USDC_PERP");
  CHECK(streams[3] == "markPrice.SOL_USDC_PERP");
  CHECK(streams[4] == "depth.BTC_USDC_PERP");
  char buf[512];
  const std::size_t n = write_public_subscribe({"depth.A", "trade.A"}, buf, sizeof buf);
  CHECK(std::string(buf, n) == R"({"method":"SUBSCRIBE","params":["depth.A","trade.A"]})");
  CHECK(write_public_subscribe({"depth.A"}, buf, 20) == 0);            // does not fit
  CHECK(write_public_subscribe({"depth.\"A"}, buf, sizeof buf) == 0);  // would need escaping
  CHECK(write_public_subscribe({""}, buf, sizeof buf) == 0);

  const ConnRoles roles = live_roles(2);
  CHECK(roles[LiveTags::kMarket] == ConnRole::Market);
  CHECK(roles[LiveTags::kUser] == ConnRole::UserStream);
  CHECK(roles[LiveTags::kFirstOrder] == ConnRole::OrderRest);
  CHECK(roles[LiveTags::kFirstOrder + 1] == ConnRole::OrderRest);
  CHECK(roles[LiveTags::kFirstOrder + 2] == ConnRole::Unknown);
  CHECK(roles[LiveTags::kReconcile] == ConnRole::ReconcileRest);
  CHECK(roles[LiveTags::kLocal] == ConnRole::OrderRest);
  CHECK(roles[LiveTags::kDepth] == ConnRole::Market);
  CHECK_THROWS_AS(live_roles(0), std::invalid_argument);
  CHECK_THROWS_AS(live_roles(LiveTags::kMaxOrderConns + 1), std::invalid_argument);
}

TEST_CASE("private SUBSCRIBE: both account streams, a signature that verifies") {
  Fixture f;
  const std::string_view streams[] = {kPrivateStreams[0], kPrivateStreams[1]};
  char buf[1024];
  const std::size_t n = f.enc.encode_private_subscribe(streams, 2, kNow, buf, sizeof buf);
  REQUIRE(n > 0);
  const std::string body(buf, n);
  const std::string head = R"({"method":"SUBSCRIBE","params":["account.orderUpdate","account.positionUpdate"],"signature":[")";
  CHECK(body.rfind(head, 0) == 0);
  const std::size_t sig_at = head.size() + Ed25519Signer::kKeyB64 + 3;
  CHECK(body.substr(head.size(), Ed25519Signer::kKeyB64) == f.signer.api_key());
  CHECK(Ed25519Signer::verify(f.signer.api_key(), "instruction=subscribe&timestamp=1750793021519&window=5000",
                              body.substr(sig_at, Ed25519Signer::kSigB64)));
}

TEST_CASE("egress shapes: every CommandKind → method, target, signed headers, body") {
  Fixture f;
  struct Want {
    CommandKind kind;
    net::HttpMethod method;
    const char* target_prefix;
    bool body;
    RestKind rest;
  };
  const Want wants[] = {
      {CommandKind::NewOrder, net::HttpMethod::Post, "/api/v1/order", true, RestKind::OrderExecute},
      {CommandKind::CancelOrder, net::HttpMethod::Delete, "/api/v1/order", true, RestKind::OrderCancel},
      {CommandKind::CancelAll, net::HttpMethod::Delete, "/api/v1/orders", true, RestKind::CancelAll},
      {CommandKind::QueryOrder, net::HttpMethod::Get, "/api/v1/order?", false, RestKind::OrderQuery},
      {CommandKind::QueryOpenOrders, net::HttpMethod::Get, "/api/v1/orders?", false, RestKind::OpenOrders},
  };
  for (const Want& w : wants) {
    CAPTURE(static_cast<int>(w.kind));
    REQUIRE(f.enc.encode(f.cmd(w.kind), kNow, f.req) == EncodeError::Ok);
    REQUIRE(shape_request(f.req, "api.backpack.exchange", f.target, sizeof f.target, f.shape));
    CHECK(f.shape.spec.method == w.method);
    CHECK(std::string(f.shape.spec.target).rfind(w.target_prefix, 0) == 0);
    CHECK(f.shape.spec.host == "api.backpack.exchange");
    CHECK(f.shape.spec.header_count == 4);  // Content-Type moved to content_type
    CHECK(f.field("X-API-Key") == f.signer.api_key());
    CHECK(f.field("X-Timestamp") == "1750793021519");
    CHECK(f.field("X-Window") == "5000");
    CHECK(Ed25519Signer::verify(f.signer.api_key(), f.req.signing_view(), f.field("X-Signature")));
    CHECK(f.shape.spec.body.empty() == !w.body);
    if (w.body) CHECK(f.shape.spec.content_type == "application/json; charset=utf-8");
    CHECK(rest_kind_for(w.kind) == w.rest);
  }
  // The new order's body names the mapped clientId (base 1000000 + 7) and the grid values.
  REQUIRE(f.enc.encode(f.cmd(CommandKind::NewOrder), kNow, f.req) == EncodeError::Ok);
  REQUIRE(shape_request(f.req, "h", f.target, sizeof f.target, f.shape));
  const std::string body(f.shape.spec.body);
  CHECK(body.find("\"clientId\":1000007") != std::string::npos);
  CHECK(body.find("\"price\":\"178.15\"") != std::string::npos);
  // Positions: GET without params, answered on the reconciliation tag.
  OrderCommand pos{};
  pos.kind = CommandKind::QueryPositions;
  pos.symbol = kNoSymbol;
  REQUIRE(f.enc.encode(pos, kNow, f.req) == EncodeError::Ok);
  REQUIRE(shape_request(f.req, "h", f.target, sizeof f.target, f.shape));
  CHECK(f.shape.spec.target == "/api/v1/position");
  CHECK(is_reconcile(CommandKind::QueryPositions));
  CHECK(is_reconcile(CommandKind::QueryOpenOrders));
  CHECK_FALSE(is_reconcile(CommandKind::NewOrder));
  // No amend endpoint, ids outside the bound head: refused before anything is sent.
  CHECK(f.enc.encode(f.cmd(CommandKind::AmendOrder), kNow, f.req) == EncodeError::Unsupported);
  OrderCommand foreign = f.cmd(CommandKind::NewOrder);
  foreign.client_id.assign("other-run-9");
  CHECK(f.enc.encode(foreign, kNow, f.req) != EncodeError::Ok);
  // A target that does not fit is refused.
  REQUIRE(f.enc.encode(f.cmd(CommandKind::QueryOrder), kNow, f.req) == EncodeError::Ok);
  CHECK_FALSE(shape_request(f.req, "h", f.target, 10, f.shape));
  // The public depth request: no signature headers.
  REQUIRE(encode_depth_request("SOL_USDC_PERP", f.req) == EncodeError::Ok);
  REQUIRE(shape_request(f.req, "h", f.target, sizeof f.target, f.shape));
  CHECK(f.shape.spec.target == "/api/v1/depth?symbol=SOL_USDC_PERP");
  CHECK(f.shape.spec.header_count == 0);
}

TEST_CASE("header lines: split, malformed, too many; local refusal statuses") {
  net::HttpField out[2];
  std::string_view ctype;
  CHECK(split_header_lines("A: 1\r\nContent-Type: x/y\r\nB: 2\r\n", out, 2, ctype) == 2);
  CHECK(ctype == "x/y");
  CHECK(out[1].name == "B");
  CHECK(out[1].value == "2");
  CHECK(split_header_lines("A: 1\r\nB: 2\r\nC: 3\r\n", out, 2, ctype) == -1);
  CHECK(split_header_lines("A: 1", out, 2, ctype) == -1);
  CHECK(split_header_lines("no colon\r\n", out, 2, ctype) == -1);
  CHECK(split_header_lines("", out, 2, ctype) == 0);
  CHECK(local_refusal_http(LocalRefusal::RequestRateLimit) == 429);
  CHECK(local_refusal_http(LocalRefusal::OrderCountLimit) == 429);
  CHECK(local_refusal_http(LocalRefusal::EncodeFailed) == 400);
  CHECK(local_refusal_http(LocalRefusal::NoConnection) == 0);
}

TEST_CASE("rate budget: request units per minute, orders per 10 s / minute, 429 back-off") {
  constexpr std::int64_t s = 1'000'000'000;
  RateBudget b(engine::VenueRateLimits{10, 60 * s, 3, 5}, command_costs());
  OrderCommand order{};
  order.kind = CommandKind::NewOrder;
  order.symbol = 0;
  std::int64_t t = 1000 * s;
  for (int i = 0; i < 3; ++i) {
    REQUIRE(b.check(t, order) == Admission::Ok);
    b.on_sent(t, order);
  }
  CHECK(b.check(t, order) == Admission::OrderLimited10s);
  CHECK(b.orders_10s(t) == 3);
  t += 11 * s;  // the 10 s window moved on; the minute still counts 3
  for (int i = 0; i < 2; ++i) {
    REQUIRE(b.check(t, order) == Admission::Ok);
    b.on_sent(t, order);
  }
  CHECK(b.check(t, order) == Admission::OrderLimited1m);
  OrderCommand query{};
  query.kind = CommandKind::QueryOrder;
  query.symbol = 0;
  for (int i = 0; i < 5; ++i) b.on_sent(t, query);
  CHECK(b.units_1m(t) == 10);
  CHECK(b.check(t, query) == Admission::RequestLimited);
  t += 61 * s;  // everything aged out
  CHECK(b.check(t, order) == Admission::Ok);
  b.on_answer(t, 429, 3);  // Retry-After: 3
  CHECK(b.check(t + 2 * s, query) == Admission::BackingOff);
  CHECK(b.check(t + 3 * s, query) == Admission::Ok);
  t += 10 * s;
  b.on_answer(t, 429, -1);  // no Retry-After: 1 s, then 2 s
  CHECK(b.check(t + s / 2, query) == Admission::BackingOff);
  CHECK(b.check(t + s, query) == Admission::Ok);
  b.on_answer(t + s, 429, -1);
  CHECK(b.check(t + 2 * s, query) == Admission::BackingOff);
  CHECK(b.check(t + 3 * s, query) == Admission::Ok);
  b.on_answer(t + 3 * s, 200, -1);  // an answer that is not a 429 resets the doubling
  b.on_answer(t + 4 * s, 429, -1);
  CHECK(b.check(t + 5 * s, query) == Admission::Ok);
}

TEST_CASE("client-id binding: heads, and the live decoder's bind frame") {
  std::string_view head;
  ClientOrderId id;
  id.assign("xtb-run1-k0-17");
  REQUIRE(client_id_head(id, head));
  CHECK(head == "xtb-run1-k0-");
  id.assign("xtb-run1-k0-07");
  CHECK_FALSE(client_id_head(id, head));  // leading zero: not a canonical sequence
  id.assign("xtb-run1-k0-");
  CHECK_FALSE(client_id_head(id, head));  // no sequence
  id.assign("12345");
  CHECK_FALSE(client_id_head(id, head));  // no head

  LiveDecoder d(test::symbols(), kStartMs);
  test::Events out;
  const std::string ours = "{\"e\":\"orderAccepted\",\"E\":1,\"s\":\"SOL_USDC_PERP\",\"c\":1000007,\"S\":\"Ask\","
                           "\"o\":\"LIMIT\",\"f\":\"IOC\",\"X\":\"New\",\"i\":\"11\",\"p\":\"178.15\",\"q\":\"2\",\"r\":true}";
  const test::Frame msg(ours);
  REQUIRE(d.decode_frame(msg.data(), msg.len, msg.cap(), out.sink).events == 1);
  CHECK(out.ev[0].order_update.client_id.view() == "bp:1000007");  // unbound: foreign
  CHECK((out.ev[0].h.flags & kOrderFlagForeignId) != 0);
  ResponseMeta meta{};
  meta.rest_kind = kRestKindBindIds;
  meta.symbol = kNoSymbol;
  meta.client_id.assign("xtb-run1-k0-1");
  const test::Frame empty("");
  const DecodeResult r = d.decode_response(empty.data(), 0, empty.cap(), meta, out.sink);
  CHECK(r.status == DecodeStatus::Ok);
  CHECK(r.events == 0);
  REQUIRE(d.bound());
  REQUIRE(d.decode_frame(msg.data(), msg.len, msg.cap(), out.sink).events == 1);
  CHECK(out.ev[0].order_update.client_id.view() == "xtb-run1-k0-7");
  CHECK(out.ev[0].h.flags == 0);
  // Egress binds the same way from the same start: the two maps agree.
  ClientIdMap egress;
  id.assign("xtb-run1-k0-1");
  REQUIRE(bind_client_ids(id, kStartMs, egress));
  id.assign("xtb-run1-k0-7");
  std::uint32_t venue_id = 0;
  REQUIRE(egress.to_venue(id, venue_id));
  CHECK(venue_id == 1000007u);
}

TEST_CASE("depth gap watch: a broken U/u chain asks egress for snapshots, duplicates do not") {
  std::atomic<std::uint64_t> requests{0};
  LiveDecoder d(test::symbols(), kStartMs, &requests);
  test::Events out;
  const auto depth = [&](int first, int last) {
    const std::string m = "{\"stream\":\"depth.SOL_USDC_PERP\",\"data\":{\"e\":\"depth\",\"E\":1,\"s\":\"SOL_USDC_PERP\","
                          "\"U\":" + std::to_string(first) + ",\"u\":" + std::to_string(last) +
                          ",\"a\":[[\"178.15\",\"1.00\"]],\"b\":[],\"T\":1}}";
    const test::Frame f(m);
    REQUIRE(d.decode_frame(f.data(), f.len, f.cap(), out.sink).events >= 1);
  };
  depth(100, 105);  // first seen: no reference yet
  depth(106, 110);  // continuous
  CHECK(requests.load() == 0);
  depth(108, 110);  // duplicate / replay: not a gap
  CHECK(requests.load() == 0);
  depth(115, 120);  // 111..114 missing
  CHECK(requests.load() == 1);
  CHECK(d.depth_gaps() == 1);
  depth(121, 121);
  CHECK(requests.load() == 1);
  // Without a watch the decoder only decodes.
  LiveDecoder plain(test::symbols(), kStartMs);
  const std::string m = "{\"e\":\"depth\",\"E\":1,\"s\":\"SOL_USDC_PERP\",\"U\":1,\"u\":2,\"a\":[],\"b\":[],\"T\":1}";
  const test::Frame f(m);
  CHECK(plain.decode_frame(f.data(), f.len, f.cap(), out.sink).ok());
}
