// test_bp_rest.cpp — xtb-sim --venue backpack over REST, driven by OUR Backpack client's
// pieces (bp_sim.hpp): markets and depth answers, the Ed25519 security (signature ok, bad
// signature, wrong key, expired window, missing headers refused with Backpack's error
// bodies), a crossing post-only refused, an IOC fill, cancel, open orders, positions after
// a fill, and our decoder reading every answer.
#include <doctest/doctest.h>

#include "bp_sim.hpp"

// OrderCommand{.kind = .., .symbol = ..}: the members not named are zero, as intended.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#include "core/clock.hpp"
#include "venue/backpack/errors.hpp"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <utility>
#include <vector>

using namespace xtb;
using namespace xtb::simtest;
using namespace xtb::simtest::bp;

TEST_SUITE("sim-backpack") {
  TEST_CASE("backpack face: markets, market, depth, status, time, unknown path") {
    BpSim b;
    const SymbolRules& r = b.table.rules(b.btc);
    CHECK(r.price.decimals == 1);  // tick 0.1
    CHECK(r.qty.decimals == 5);    // step 0.00001
    CHECK(r.net_positions);
    const HttpResult one = b.rest->request("GET", "/api/v1/market?symbol=BTC_USDC_PERP", "", "");
    CHECK(one.status == 200);
    CHECK(one.body.find("\"symbol\":\"BTC_USDC_PERP\"") != std::string::npos);
    const HttpResult depth = b.rest->request("GET", "/api/v1/depth?symbol=BTC_USDC_PERP&limit=5", "", "");
    REQUIRE(depth.status == 200);
    CHECK(depth.body.find("\"lastUpdateId\":\"") != std::string::npos);  // a string, as the venue sends it
    CHECK(json_int(depth.body, "lastUpdateId") > 0);
    CHECK(json_int(depth.body, "timestamp") > 1'600'000'000'000'000LL);  // microseconds
    const Decoded d = b.decode_rest(depth, backpack::RestKind::DepthSnapshot);
    REQUIRE(d.result.ok());
    REQUIRE(d.events.size() == 1);
    CHECK(d.events[0].depth.n_bids == 5);
    CHECK(d.events[0].depth.n_asks == 5);
    CHECK((d.events[0].h.flags & DepthUpdate::kSnapshot) != 0);
    Price bid = 0, ask = 0;
    CHECK(b.top(bid, ask));
    CHECK(bid > 500'000);  // > 50000.0 in ticks of 0.1
    const HttpResult bad = b.rest->request("GET", "/api/v1/depth?symbol=ETH_USDC_PERP", "", "");
    CHECK(bad.status == 400);
    CHECK(bad.body.find("\"code\":\"INVALID_MARKET\"") != std::string::npos);
    CHECK(b.rest->request("GET", "/api/v1/status", "", "").body == R"({"message":null,"status":"Ok"})");
    const HttpResult t = b.rest->request("GET", "/api/v1/time", "", "");
    CHECK(std::llabs(std::atoll(t.body.c_str()) - BpSim::now_ms()) < 5000);
    const HttpResult nf = b.rest->request("GET", "/api/v1/nothing", "", "");
    CHECK(nf.status == 404);
    CHECK(nf.body.find("RESOURCE_NOT_FOUND") != std::string::npos);
  }

  TEST_CASE("backpack face: Ed25519 security — ok, bad signature, wrong key, expired window, missing headers") {
    BpSim b;
    backpack::Request req;
    REQUIRE(b.enc->encode_balance_query(BpSim::now_ms(), req) == backpack::EncodeError::Ok);
    const HttpResult ok = b.send(req);
    CHECK(ok.status == 200);
    CHECK(ok.body.find("\"USDC\":{\"available\":\"10000") != std::string::npos);
    const Decoded bal = b.decode_rest(ok, backpack::RestKind::Balances);
    CHECK(bal.result.ok());
    CHECK(!bal.events.empty());

    // The same request with one signature character changed.
    backpack::Request tampered = req;
    std::string_view h = tampered.headers_view();
    const std::size_t at = h.find("X-Signature: ") + 13;
    tampered.headers[at] = tampered.headers[at] == 'A' ? 'B' : 'A';
    const HttpResult bad = b.send(tampered);
    CHECK(bad.status == 401);
    CHECK(bad.body == R"({"code":"INVALID_SIGNATURE","message":"Invalid signature"})");

    backpack::Ed25519Signer other;
    REQUIRE(other.set_seed_base64(kOtherSeedB64) == backpack::KeyError::Ok);
    backpack::RequestEncoder other_enc(other, b.table, b.ids);
    REQUIRE(other_enc.encode_balance_query(BpSim::now_ms(), req) == backpack::EncodeError::Ok);
    const HttpResult wrong = b.send(req);
    CHECK(wrong.status == 401);
    CHECK(wrong.body.find("\"code\":\"UNAUTHORIZED\"") != std::string::npos);

    REQUIRE(b.enc->encode_balance_query(BpSim::now_ms() - 10'000, req) == backpack::EncodeError::Ok);
    const HttpResult old = b.send(req);
    CHECK(old.status == 401);
    CHECK(old.body == R"({"code":"INVALID_CLIENT_REQUEST","message":"Request has expired"})");
    const Decoded od = b.decode_rest(old, backpack::RestKind::Balances);
    REQUIRE(od.events.size() == 1);
    CHECK(od.events[0].order_ack.error_code ==
          static_cast<std::int32_t>(backpack::BackpackError::InvalidClientRequest));

    const HttpResult none = b.rest->request("GET", "/api/v1/capital", "", "");
    CHECK(none.status == 401);
    CHECK(none.body.find("Missing X-API-Key header") != std::string::npos);
  }

  TEST_CASE("backpack face: post-only refused when crossing, rests otherwise; open orders; cancel") {
    BpSim b;
    const auto [bid, ask] = b.quote();
    const HttpResult cross = b.limit(Side::Buy, ask + 50, 100, TimeInForce::PostOnly, "xtb-bp-1");
    CHECK(cross.status == 400);
    CHECK(cross.body == R"({"code":"INVALID_ORDER","message":"Order would immediately match and take"})");
    CHECK(b.ack_status(cross) == OrderStatus::Rejected);  // our decoder reads the answer

    const HttpResult rest = b.limit(Side::Buy, bid - 5000, 100, TimeInForce::PostOnly, "xtb-bp-2");
    REQUIRE(rest.status == 200);
    CHECK(rest.body.find("\"status\":\"New\"") != std::string::npos);
    CHECK(rest.body.find("\"postOnly\":true") != std::string::npos);
    CHECK(b.ack_status(rest) == OrderStatus::Open);  // our decoder reads the answer

    const OrderCommand list{.kind = CommandKind::QueryOpenOrders, .symbol = b.btc};
    const HttpResult open = b.command(list);
    REQUIRE(open.status == 200);
    const Decoded od = b.decode_rest(open, backpack::RestKind::OpenOrders, CommandKind::QueryOpenOrders);
    REQUIRE(od.result.ok());
    std::vector<OrderUpdate> rows;  // the rows; the decoder ends the list with an end-of-list ack
    for (const Event& e : od.events)
      if (e.h.type == EventType::OrderUpdate) rows.push_back(e.order_update);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].client_id.view() == "xtb-bp-2");  // our uint32 clientId mapped back
    CHECK(rows[0].px == bid - 5000);

    OrderCommand cancel{.kind = CommandKind::CancelOrder, .symbol = b.btc};
    cancel.client_id.assign("xtb-bp-2");
    const HttpResult c = b.command(cancel);
    REQUIRE(c.status == 200);
    CHECK(c.body.find("\"status\":\"Cancelled\"") != std::string::npos);
    const HttpResult again = b.command(cancel);
    CHECK(again.status == 404);
    CHECK(again.body.find("RESOURCE_NOT_FOUND") != std::string::npos);
    CHECK(b.command(list).body == "[]");
  }

  TEST_CASE("backpack face: IOC fill, then the net position; cancel-all; state dump") {
    BpSim b;
    const auto [bid, ask] = b.quote();
    const HttpResult ioc = b.limit(Side::Buy, ask + 200, 150, TimeInForce::IOC, "xtb-bp-3");
    REQUIRE(ioc.status == 200);
    CHECK(ioc.body.find("\"status\":\"Filled\"") != std::string::npos);
    CHECK(ioc.body.find("\"executedQuantity\":\"0.00150\"") != std::string::npos);
    CHECK(b.ack_status(ioc) == OrderStatus::Filled);  // our decoder reads the answer

    const OrderCommand pos{.kind = CommandKind::QueryPositions};
    const HttpResult p = b.command(pos);
    REQUIRE(p.status == 200);
    CHECK(p.body.find("\"netQuantity\":\"0.00150\"") != std::string::npos);
    const Decoded pd = b.decode_rest(p, backpack::RestKind::Positions, CommandKind::QueryPositions);
    REQUIRE(pd.events.size() == 1);
    CHECK(pd.events[0].account_update.positions[0].amount == 150);
    CHECK(pd.events[0].account_update.positions[0].side == PositionSide::Both);

    // An IOC that cannot fill expires; a reduce-only sell larger than the position is refused.
    const HttpResult miss = b.limit(Side::Buy, bid - 3000, 100, TimeInForce::IOC, "xtb-bp-4");
    CHECK(miss.body.find("\"status\":\"Expired\"") != std::string::npos);
    for (const char* id : {"xtb-bp-5", "xtb-bp-6"})
      REQUIRE(b.limit(Side::Sell, ask + 9000, 100, TimeInForce::GTC, id).status == 200);
    const OrderCommand all{.kind = CommandKind::CancelAll, .symbol = b.btc};
    const HttpResult ca = b.command(all);
    REQUIRE(ca.status == 200);
    const Decoded cad = b.decode_rest(ca, backpack::RestKind::CancelAll, CommandKind::CancelAll);
    CHECK(cad.result.ok());
    CHECK(ca.body.find("\"status\":\"Cancelled\"") != std::string::npos);

    const HttpResult st = b.rest->request("GET", "/sim/state", "", "");
    REQUIRE(st.status == 200);
    CHECK(st.body.find("\"positionSide\":\"BOTH\",\"positionAmt\":\"0.00150\"") != std::string::npos);
    CHECK(st.body.find("\"openOrders\":[]") != std::string::npos);
    CHECK(st.body.find("\"asset\":\"USDC\"") != std::string::npos);
    const HttpResult fills = b.rest->request("GET", "/sim/ledger", "", "");
    CHECK(fills.body.find("BTC_USDC_PERP") != std::string::npos);
    CHECK(b.sim.stop() == 0);
  }

}  // TEST_SUITE

TEST_SUITE("sim-backpack") {
  // Numbers for docs/simulator.md (both ends on this machine's cores; printed, not asserted).
  TEST_CASE("backpack face: REST round trips (keep-alive), measured") {
    BpSim b;
    const auto [bid, ask] = b.quote();
    (void)ask;
    std::vector<double> time_us, order_us;
    for (int i = 0; i < 200; ++i) {
      const std::int64_t t0 = Clock::monotonic_ns();
      REQUIRE(b.rest->request("GET", "/api/v1/time", "", "").status == 200);
      const std::int64_t t1 = Clock::monotonic_ns();
      const std::string id = "xtb-bp-" + std::to_string(100 + i);  // our client-id form: head + sequence
      REQUIRE(b.limit(Side::Buy, bid - 5000, 100, TimeInForce::PostOnly, id.c_str()).status == 200);
      const std::int64_t t2 = Clock::monotonic_ns();
      OrderCommand cancel{.kind = CommandKind::CancelOrder, .symbol = b.btc};
      cancel.client_id.assign(id);
      REQUIRE(b.command(cancel).status == 200);
      time_us.push_back(static_cast<double>(t1 - t0) / 1000.0);
      order_us.push_back(static_cast<double>(t2 - t1) / 1000.0);
    }
    std::sort(time_us.begin(), time_us.end());
    std::sort(order_us.begin(), order_us.end());
    MESSAGE("GET /api/v1/time p50 " << time_us[100]
                                    << " us; signed POST /api/v1/order (client encode + Ed25519 sign, "
                                       "server verify + checks) p50 "
                                    << order_us[100] << " us, p99 " << order_us[198] << " us");
  }

}  // TEST_SUITE

TEST_CASE("backpack face: an account asking for hedge mode or another margin asset is refused at start-up") {
  for (const auto& [yaml, words] : std::vector<std::pair<std::string, std::string>>{
           {"hedge_mode: true\n", "hedge_mode: true"}, {"asset: BTC\n", "margined in USDC"}}) {
    const std::string path = std::filesystem::temp_directory_path() / ("bp-bad-account-" + std::to_string(::getpid()) + ".yaml");
    std::ofstream(path) << yaml;
    SimProcess sim;
    CHECK_FALSE(sim.start({"--venue", "backpack", "--capture", data_path("binance-usdm/capture/btcusdt_20240808.gz"),
                           "--account", path, "--quiet"}));
    CHECK_MESSAGE(sim.log().find(words) != std::string::npos, sim.log());
    std::filesystem::remove(path);
  }
}
