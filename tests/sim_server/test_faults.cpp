// xtb-sim injected faults (fault_plan.hpp), each armed through POST /sim/fault or the
// --faults YAML file, each checked from the client's side and in the server's `fault:` log;
// plus the clean shutdown that writes the ledger + state dump.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <sstream>

#include "sim_harness.hpp"

using namespace xtb;
using namespace xtb::simtest;

namespace {

const std::string kBtcCapture = "binance-usdm/capture/btcusdt_20240808.gz";

std::size_t count_messages(const WsClient& ws, const std::string& a, const std::string& b) {
  return static_cast<std::size_t>(std::count_if(ws.messages.begin(), ws.messages.end(), [&](const std::string& m) {
    return m.find(a) != std::string::npos && m.find(b) != std::string::npos;
  }));
}

// One simulator with a bound user stream and a REST client: the usual fault scene.
struct Scene {
  SimProcess sim;
  std::unique_ptr<ClientLoop> cl;
  std::unique_ptr<RestClient> rest;
  std::unique_ptr<WsClient> user;
  std::string key;

  explicit Scene(std::vector<std::string> extra = {}) {
    std::vector<std::string> args{"--capture", data_path(kBtcCapture), "--account", source_path("configs/sim-account.yaml")};
    args.insert(args.end(), extra.begin(), extra.end());
    REQUIRE_MESSAGE(sim.start(args), sim.log());
    cl = std::make_unique<ClientLoop>(sim.cert());
    rest = std::make_unique<RestClient>(*cl, sim.port());
    key = json_field(rest->request("POST", "/fapi/v1/listenKey").body, "listenKey");
    REQUIRE(key.size() == 64);
    user = std::make_unique<WsClient>(*cl, sim.port(), "/ws/" + key);  // legacy user-stream path
    REQUIRE(user->wait_open());
  }
  void arm(const std::string& params) {
    const HttpResult r = rest->request("POST", "/sim/fault?" + params, {}, {});
    REQUIRE_MESSAGE(r.status == 200, r.body);
  }
  // A resting BUY far below the market; returns the REST result.
  HttpResult place(const std::string& cid) {
    return rest->signed_request("POST", "/fapi/v1/order",
                                "symbol=BTCUSDT&side=BUY&positionSide=LONG&type=LIMIT&timeInForce=GTC&quantity=0.002"
                                "&price=30000&newClientOrderId=" + cid);
  }
};

}  // namespace

TEST_CASE("fault kill_connections: market streams die, our client reconnects and data flows again") {
  SimProcess sim;
  REQUIRE_MESSAGE(sim.start({"--capture", data_path(kBtcCapture), "--speed", "2"}), sim.log());
  ClientLoop cl(sim.cert());
  WsClient ws(cl, sim.port(), "/ws/btcusdt@bookTicker", /*reconnect=*/true);
  REQUIRE(ws.wait_open());
  REQUIRE(cl.run_until([&] { return ws.messages.size() >= 10; }, 10000));
  RestClient rest(cl, sim.port());
  REQUIRE(rest.request("POST", "/sim/fault?type=kill_connections&target=market", {}, {}).status == 200);
  REQUIRE(cl.run_until([&] { return ws.disconnects >= 1; }, 5000));
  const std::size_t before = ws.messages.size();
  CHECK(cl.run_until([&] { return ws.opens >= 2 && ws.messages.size() >= before + 10; }, 10000));
  CHECK(sim.log().find("fault: kill_connections target=market killed=1") != std::string::npos);
  CHECK(rest.request("GET", "/fapi/v1/time", {}, {}).status == 200);  // REST untouched
}

TEST_CASE("fault delay_ack: the user-stream NEW arrives first, the ack later") {
  Scene s;
  s.arm("type=delay_ack&ms=400");
  const auto t0 = std::chrono::steady_clock::now();
  const HttpResult ack = s.place("delayed-1");
  const auto waited = std::chrono::steady_clock::now() - t0;
  REQUIRE(ack.status == 200);
  CHECK(waited >= std::chrono::milliseconds(400));  // held at least that long (never early)
  CHECK(count_messages(*s.user, "\"x\":\"NEW\"", "delayed-1") == 1);  // already there when the ack came
  CHECK(s.sim.log().find("fault: delay_ack path=/fapi/v1/order") != std::string::npos);
}

TEST_CASE("fault drop_ack: order executed, connection closed without an answer") {
  Scene s;
  s.arm("type=drop_ack");
  const HttpResult lost = s.place("dropped-1");
  CHECK(lost.failed);
  CHECK(lost.status == 0);
  const HttpResult open = s.rest->signed_request("GET", "/fapi/v1/openOrders", "symbol=BTCUSDT");
  CHECK(open.body.find("dropped-1") != std::string::npos);  // the venue's truth: it exists
  CHECK(s.cl->run_until([&] { return count_messages(*s.user, "\"x\":\"NEW\"", "dropped-1") == 1; }, 5000));
}

TEST_CASE("fault rest_error / rest_timeout: 503 once, a request never answered, then normal service") {
  Scene s;
  s.arm("type=rest_error&status=503&path=/fapi/v1/time");
  const HttpResult e = s.rest->request("GET", "/fapi/v1/time", {}, {});
  CHECK(e.status == 503);
  CHECK(json_field(e.body, "code") == "-1001");
  CHECK(s.rest->request("GET", "/fapi/v1/time", {}, {}).status == 200);
  s.arm("type=rest_error&status=503&process=true&path=/fapi/v1/order");
  const HttpResult unknown = s.place("unknown-1");
  CHECK(unknown.status == 503);
  CHECK(unknown.body.find("Unknown error") != std::string::npos);
  CHECK(s.rest->signed_request("GET", "/fapi/v1/openOrders", "symbol=BTCUSDT").body.find("unknown-1") !=
        std::string::npos);  // "execution status unknown": it was executed
  s.arm("type=rest_timeout&path=/fapi/v1/ping");
  CHECK(s.rest->request("GET", "/fapi/v1/ping", {}, {}, 700).failed);
  CHECK(s.rest->request("GET", "/fapi/v1/ping", {}, {}).status == 200);  // new connection, served
  CHECK(s.sim.log().find("fault: rest_timeout") != std::string::npos);
}

TEST_CASE("faults on user-stream events: duplicate, drop, reorder") {
  Scene s;
  s.arm("type=duplicate_event");
  REQUIRE(s.place("dup-1").status == 200);
  CHECK(s.cl->run_until([&] { return count_messages(*s.user, "\"x\":\"NEW\"", "dup-1") == 2; }, 5000));
  s.arm("type=drop_event");
  REQUIRE(s.place("drop-1").status == 200);
  REQUIRE(s.place("after-drop").status == 200);
  CHECK(s.cl->run_until([&] { return count_messages(*s.user, "\"x\":\"NEW\"", "after-drop") == 1; }, 5000));
  CHECK(count_messages(*s.user, "\"x\":\"NEW\"", "drop-1") == 0);
  s.user->messages.clear();
  s.arm("type=reorder_events");
  REQUIRE(s.place("first").status == 200);
  REQUIRE(s.place("second").status == 200);
  REQUIRE(s.cl->run_until([&] { return s.user->messages.size() >= 2; }, 5000));
  CHECK(s.user->messages[0].find("second") != std::string::npos);
  CHECK(s.user->messages[1].find("first") != std::string::npos);
  const std::string log = s.sim.log();
  for (const char* f : {"fault: duplicate_event", "fault: drop_event", "fault: reorder_events"})
    CHECK_MESSAGE(log.find(f) != std::string::npos, f);
}

TEST_CASE("fault expire_listen_key from a YAML plan: listenKeyExpired, stream closed, key gone") {
  const std::string plan = "/tmp/xtb-simtest-faults-" + std::to_string(::getpid()) + ".yaml";
  {
    std::ofstream f(plan);
    f << "faults:\n  - {type: expire_listen_key, at: 1.5}\n";
  }
  Scene s({"--faults", plan});
  CHECK(s.cl->run_until([&] { return count_messages(*s.user, "\"e\":\"listenKeyExpired\"", s.key) == 1; }, 10000));
  CHECK(s.cl->run_until([&] { return s.user->disconnects >= 1; }, 5000));
  CHECK(s.rest->request("PUT", "/fapi/v1/listenKey").body.find("-1125") != std::string::npos);
  CHECK(s.sim.log().find("fault: expire_listen_key") != std::string::npos);
  std::remove(plan.c_str());
}

TEST_CASE("SIGTERM: clean exit with the fill ledger and state dump") {
  Scene s({"--speed", "1"});
  REQUIRE(s.rest->request("GET", "/fapi/v1/depth?symbol=BTCUSDT&limit=5", {}, {}).status == 200);  // book synced
  // A marketable SELL closing part of the LONG: one taker fill in the ledger.
  const HttpResult fill = s.rest->signed_request(
      "POST", "/fapi/v1/order", "symbol=BTCUSDT&side=SELL&positionSide=LONG&type=MARKET&quantity=0.004");
  REQUIRE_MESSAGE(fill.status == 200, fill.body);
  REQUIRE(s.place("resting-at-exit").status == 200);
  CHECK(s.sim.stop() == 0);
  std::ifstream in(s.sim.dump_path());
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string dump = ss.str();
  REQUIRE_FALSE(dump.empty());
  CHECK(dump.rfind("{\"ledger\":{\"fills\":[{", 0) == 0);
  CHECK(dump.find("\"side\":\"SELL\",\"positionSide\":\"LONG\",\"maker\":false") != std::string::npos);
  CHECK(dump.find("resting-at-exit") != std::string::npos);
  CHECK(dump.find("\"positionAmt\":\"0.006\"") != std::string::npos);
  CHECK(dump.find("\"server\":{") != std::string::npos);
}
