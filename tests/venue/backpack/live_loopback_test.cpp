// live_loopback_test.cpp — the Backpack egress stage against the fake-venue kit's Backpack
// peer (tests/support/backpack_preset.hpp; plain TCP on 127.0.0.1, keep-alive, every signed
// request's Ed25519 signature verified): a NewOrder goes out as a signed POST /api/v1/order
// with its JSON body, the id-binding frame precedes the answer on R4, the answer carries
// the request's identity; a market (re)subscribe makes egress fetch GET /api/v1/depth on the
// same connection, answered as a DepthSnapshot frame on the depth tag. And the LiveVenue's
// start-up reads over loopback REST: clock offset, markets, signed positions, then build().
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "backpack_preset.hpp"
#include "core/clock.hpp"
#include "test_util.hpp"
#include "venue/backpack/live/account_rest.hpp"
#include "venue/backpack/live/egress_stage.hpp"
#include "venue/backpack/live/live_venue.hpp"
#include "venue/backpack/live/request_shape.hpp"
#include "venue/backpack/live/stream_plan.hpp"

using namespace xtb;
using namespace xtb::backpack;
using test_support::BackpackOptions;
using test_support::BackpackPeer;
using test_support::Handler;
using test_support::PeerConfig;
using test_support::Reply;
using HttpRequest = test_support::Request;
using test_support::fixed_reply;

namespace {

// The request line: method, path and query (without '?').
void check_target(const HttpRequest& r, std::string_view method, std::string_view path, std::string_view query = {}) {
  CHECK(r.method == method);
  CHECK(r.path == path);
  CHECK(r.query == query);
}

// What the peer saw: the signed order (POST, JSON body, Ed25519 over instruction=orderExecute
// &<sorted body>&timestamp&window, verified by the kit), then the depth fetch.
void check_requests(const BackpackPeer& venue, std::string_view api_key) {
  const std::vector<HttpRequest> requests = venue.requests();
  REQUIRE(requests.size() == 2);
  const HttpRequest& order = requests[0];
  check_target(order, "POST", "/api/v1/order");
  CHECK(order.header("X-API-Key") == api_key);
  CHECK(!order.header("X-Signature").empty());
  CHECK(order.signature_ok);
  CHECK(order.header("X-Window") == "5000");
  CHECK(order.body.find("\"clientId\":1000003") != std::string::npos);
  CHECK(order.body.find("\"postOnly\":true") != std::string::npos);
  check_target(requests[1], "GET", "/api/v1/depth", "symbol=SOL_USDC_PERP");
  CHECK(venue.respond_errors() == 0);
}

}  // namespace

TEST_CASE("egress over loopback: signed order, bind frame, answer, depth snapshot") {
  std::atomic<int> answered{0};
  BackpackPeer venue(PeerConfig{}, BackpackOptions{});  // plain TCP; checks the Ed25519 signatures
  const Handler ok = [&](const HttpRequest&) { return Reply{200, {}, "{\"ok\":" + std::to_string(++answered) + "}"}; };
  venue.route("POST", "/api/v1/order", ok);
  venue.route("GET", "/api/v1/depth", ok);
  venue.fallback(ok);
  Ed25519Signer signer;
  REQUIRE(signer.set_seed_base64("nWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A=") == KeyError::Ok);
  ClientIdMap ids;
  RequestEncoder enc(signer, test::symbols(), ids);
  SpscRing<OrderCommand> commands(16);
  SpscRing<RawFrame> answers(16);
  LargeFramePool pool(4, 64 * 1024);
  std::atomic<std::uint64_t> opens{0};
  const SymbolId sol = test::symbols().find(kVenueId, "SOL_USDC_PERP");
  EgressConfig cfg;
  cfg.endpoint.host = "127.0.0.1";
  cfg.endpoint.port = venue.rest_port();
  cfg.endpoint.tls = false;
  cfg.connections = 1;
  cfg.start_ms = ClientIdMap::kEpochMs + 1'000'000;
  cfg.depth_symbols = {sol};
  cfg.depth_delay_ns = 0;
  EgressStage stage(cfg, EgressVenue{enc, ids, test::symbols()}, EgressStage::Rings{commands, answers, pool, &opens});
  OrderCommand c{};
  c.kind = CommandKind::NewOrder;
  c.symbol = sol;
  c.side = Side::Buy;
  c.type = OrderType::Limit;
  c.tif = TimeInForce::PostOnly;
  c.px = 17815;
  c.qty = 200;
  c.generation = 4;
  c.client_id.assign("xtb-run1-k0-3");
  REQUIRE(commands.try_push(c));
  std::vector<RawFrame> got;
  std::vector<std::string> bodies;
  for (int i = 0; i < 5000 && got.size() < 3; ++i) {
    stage.poll();
    if (stage.stats().sent.get() == 1 && opens.load() == 0) opens.store(1);  // "market subscribed"
    while (RawFrame* f = answers.front()) {
      got.push_back(*f);
      const std::uint8_t* p = frame_payload(*f, pool);
      bodies.emplace_back(reinterpret_cast<const char*>(p), f->len);
      if (f->is_large()) pool.release(f->large_handle);
      answers.pop();
    }
    std::this_thread::sleep_for(std::chrono::microseconds(500));
  }
  stage.request_stop();
  for (int i = 0; i < 200 && !stage.finished(); ++i) stage.poll();
  REQUIRE(got.size() == 3);
  CHECK(got[0].response.rest_kind == kRestKindBindIds);  // bind frame first
  CHECK(got[0].response.client_id.view() == "xtb-run1-k0-3");
  CHECK(got[1].conn_id == cfg.first_tag);
  CHECK(got[1].response.http_status == 200);
  CHECK(got[1].response.rest_kind == static_cast<std::uint8_t>(RestKind::OrderExecute));
  CHECK(got[1].response.generation == 4);
  CHECK(got[1].response.client_id.view() == "xtb-run1-k0-3");
  CHECK(bodies[1] == "{\"ok\":1}");
  CHECK(got[2].conn_id == cfg.depth_tag);
  CHECK(got[2].response.rest_kind == static_cast<std::uint8_t>(RestKind::DepthSnapshot));
  CHECK(got[2].response.symbol == sol);
  CHECK(bodies[2] == "{\"ok\":2}");
  check_requests(venue, signer.api_key());
  CHECK(stage.stats().depth_ok.get() == 1);
}

TEST_CASE("live venue over loopback REST: clock offset, markets, signed positions, build") {
  BackpackOptions opts;
  opts.clock_offset_ms = 1000;  // the fake's clock runs 1000 ms ahead
  BackpackPeer peer(PeerConfig{}, opts);
  peer.route(
      "GET", "/api/v1/markets",
      fixed_reply(R"([{"symbol":"BTC_USDC_PERP","baseSymbol":"BTC","quoteSymbol":"USDC","marketType":"PERP",)"
                  R"("orderBookState":"Open","filters":{"price":{"tickSize":"0.1","minPrice":"0.1","maxPrice":null},)"
                  R"("quantity":{"stepSize":"0.00001","minQuantity":"0.00001","maxQuantity":"1000"}}},)"
                  R"({"symbol":"SOL_USDC","baseSymbol":"SOL","quoteSymbol":"USDC","marketType":"SPOT",)"
                  R"("orderBookState":"Open","filters":{"price":{"tickSize":"0.01","minPrice":"0.01","maxPrice":null},)"
                  R"("quantity":{"stepSize":"0.01","minQuantity":"0.01","maxQuantity":null}}}])"));
  peer.route("GET", "/api/v1/position",
             fixed_reply(R"([{"symbol":"BTC_USDC_PERP","netQuantity":"0.50000","estLiquidationPrice":"41000.04"}])"));
  peer.fallback(fixed_reply("{}"));
  VenueConfig cfg;
  cfg.name = "backpack";
  cfg.rest_url = "http://127.0.0.1:" + std::to_string(peer.rest_port());
  cfg.ws_url = "ws://127.0.0.1:" + std::to_string(peer.ws_port());
  cfg.rest.host = cfg.ws.host = "127.0.0.1";
  cfg.rest.port = peer.rest_port();
  cfg.ws.port = peer.ws_port();
  cfg.rest.tls = cfg.ws.tls = false;
  ::unsetenv(kApiSecretEnv);
  ::unsetenv(kApiKeyEnv);
  SpscRing<RawFrame> market(64), answers(64);
  LargeFramePool market_pool(2, 64 * 1024), answer_pool(2, 64 * 1024);
  SpscRing<Event> events(1024);
  SpscRing<OrderCommand> commands(64);
  std::string log;
  BackpackLiveVenue venue(cfg, [&](const std::string& line) { log += line + "\n"; });
  CHECK(log.find("RFC 8032 test key") != std::string::npos);  // loopback: the default test key
  SymbolTable table(16, 8);
  const std::string line = venue.load_symbols(table);
  CHECK(line.find("markets: 1 perpetuals") != std::string::npos);
  const std::size_t at = line.find("clock offset ");
  REQUIRE(at != std::string::npos);
  const long offset = std::stol(line.substr(at + 13));
  CHECK(offset > 500);  // the fake's clock runs 1000 ms ahead
  CHECK(offset < 1500);
  const SymbolId btc = table.find(kVenueId, "BTC_USDC_PERP");
  REQUIRE(btc != kNoSymbol);
  CHECK(table.find(kVenueId, "SOL_USDC") == kNoSymbol);  // spot: not loaded

  const std::vector<PositionRisk> risk = venue.fetch_positions(table, {btc});
  REQUIRE(risk.size() == 1);
  CHECK(risk[0].long_side.found);
  CHECK(risk[0].long_side.amount == 50000);
  CHECK(risk[0].long_side.liq_px == 410000);
  const std::vector<HttpRequest> seen = peer.requests();
  REQUIRE(seen.size() == 3);
  const HttpRequest& pos = seen[2];
  check_target(pos, "GET", "/api/v1/position");
  const std::string key = pos.header("X-API-Key"), ts = pos.header("X-Timestamp");
  CHECK(pos.header("X-Window") == "5000");
  CHECK(Ed25519Signer::verify(key, "instruction=positionQuery&timestamp=" + ts + "&window=5000",
                              pos.header("X-Signature")));
  CHECK(pos.signature_ok);  // the kit's check agrees

  venue.build(LiveRings{market, market_pool, answers, answer_pool, events, commands}, table, {btc}, 1'000'000);
  const ConnRoles roles = venue.roles();
  CHECK(roles[LiveTags::kMarket] == ConnRole::Market);
  CHECK(roles[LiveTags::kUser] == ConnRole::UserStream);
  CHECK(roles[LiveTags::kFirstOrder] == ConnRole::OrderRest);
  CHECK(roles[LiveTags::kFirstOrder + 1] == ConnRole::OrderRest);
  CHECK(roles[LiveTags::kReconcile] == ConnRole::ReconcileRest);
  CHECK(venue.numbers().egress_sent == 0);
  CHECK(venue.io_failure().empty());
  CHECK(venue.command_costs().orders(CommandKind::NewOrder) == 1);
}
