// xtb-sim under the reliability probe's hostile clients (issue 12): idle keep-alive and
// half-sent requests cannot lock other clients out (D8: T8, T9, T10), a full server
// answers HTTP 503 / -1008 and logs refusals once per second, and the protocol answers of
// D18 (R12, R16, W4, W5) seen from a real client over TLS.
#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <climits>
#include <memory>
#include <string>

#include "venue/binance/signer.hpp"
#include "sim_harness.hpp"

using namespace xtb;
using namespace xtb::simtest;

namespace {

const std::string kBtcCapture = "binance-usdm/capture/btcusdt_20240808.gz";
const std::string kHalfHeader = "GET /fapi/v1/time HTTP/1.1\r\nHost: 127.0.0.1\r\n";  // no blank line

std::vector<std::string> args(std::vector<std::string> extra) {
  std::vector<std::string> a{"--capture", data_path(kBtcCapture), "--quiet"};
  a.insert(a.end(), extra.begin(), extra.end());
  return a;
}

std::size_t count(const std::string& hay, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t p = hay.find(needle); p != std::string::npos; p = hay.find(needle, p + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("D8/T9: idle keep-alive clients holding every session cannot lock a new client out") {
  SimProcess sim;
  REQUIRE_MESSAGE(sim.start(args({"--max-connections", "2", "--idle-timeout-ms", "60000"})), sim.log());
  ClientLoop cl(sim.cert());
  RestClient a(cl, sim.port()), b(cl, sim.port());
  REQUIRE(a.request("GET", "/fapi/v1/time", {}, {}).status == 200);
  REQUIRE(b.request("GET", "/fapi/v1/time", {}, {}).status == 200);
  cl.run_for(1200);  // both idle for more than the 1 s reclaim minimum
  RestClient c(cl, sim.port());
  const HttpResult r = c.request("GET", "/fapi/v1/time", {}, {});
  CHECK(r.status == 200);
  CHECK(json_field(r.body, "serverTime").size() == 13);
  // The longest-idle one (a) was closed in an orderly way to make room; b still works.
  CHECK(cl.run_until([&] { return !a.connected(); }, 3000));
  CHECK(b.connected());
  CHECK(b.request("GET", "/fapi/v1/time", {}, {}).status == 200);
}

TEST_CASE("D8/T8/T10: half-sent requests hold every session: 503 -1008, refusals logged once, freed by the header timeout") {
  SimProcess sim;
  REQUIRE_MESSAGE(sim.start(args({"--max-connections", "2", "--header-timeout-ms", "1500"})), sim.log());
  ClientLoop cl(sim.cert());
  RawClient h1(cl, sim.port(), kHalfHeader), h2(cl, sim.port(), kHalfHeader);
  cl.run_for(300);  // both TLS sessions open, headers half sent: not idle, not reclaimable
  std::vector<std::unique_ptr<RestClient>> refused;
  for (int i = 0; i < 5; ++i) {
    refused.push_back(std::make_unique<RestClient>(cl, sim.port()));
    const HttpResult r = refused.back()->request("GET", "/fapi/v1/time", {}, {}, 3000);
    if (i == 0) {  // the overflow session answers (later ones may find it still closing)
      CHECK(r.status == 503);
      CHECK(json_field(r.body, "code") == "-1008");
      CHECK(r.body.find("Server is currently overloaded") != std::string::npos);
    } else {
      CHECK(r.status != 200);
    }
  }
  CHECK(sim.wait_log("connection(s) refused, all 2 sessions busy", 3000));
  CHECK(count(sim.log(), "connection(s) refused") <= 3);  // one line per second, not one per refusal (5)
  // The header timeout frees both sessions; a normal client is served again.
  CHECK(h1.exchange(4000).empty());
  CHECK(h2.exchange(2000).empty());
  CHECK(h1.closed);
  CHECK(h2.closed);
  RestClient ok(cl, sim.port());
  CHECK(ok.request("GET", "/fapi/v1/time", {}, {}).status == 200);
}

TEST_CASE("D8/T7: a TCP connection that never sends a ClientHello is dropped after the header timeout") {
  SimProcess sim;
  REQUIRE_MESSAGE(sim.start(args({"--header-timeout-ms", "800"})), sim.log());
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(sim.port());
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
  const auto t0 = std::chrono::steady_clock::now();
  pollfd p{fd, POLLIN, 0};
  char b = 0;
  const bool closed = ::poll(&p, 1, 5000) == 1 && ::recv(fd, &b, 1, 0) <= 0;
  const auto waited = std::chrono::steady_clock::now() - t0;
  ::close(fd);
  CHECK(closed);
  CHECK(waited >= std::chrono::milliseconds(700));
  CHECK(waited < std::chrono::milliseconds(3000));  // not the transport's 10 s default
}

TEST_CASE("D8/T9: a keep-alive connection idle past --idle-timeout-ms is closed by the server") {
  SimProcess sim;
  REQUIRE_MESSAGE(sim.start(args({"--idle-timeout-ms", "500"})), sim.log());
  ClientLoop cl(sim.cert());
  RestClient a(cl, sim.port());
  REQUIRE(a.request("GET", "/fapi/v1/time", {}, {}).status == 200);
  cl.run_for(200);
  CHECK(a.connected());  // not before the timeout
  CHECK(cl.run_until([&] { return !a.connected(); }, 3000));
  RestClient b(cl, sim.port());
  CHECK(b.request("GET", "/fapi/v1/time", {}, {}).status == 200);
}

TEST_CASE("D18/R12/R16/W4/W5: duplicate parameter, INT64_MIN timestamp and SUBSCRIBE limits over TLS") {
  SimProcess sim;
  REQUIRE_MESSAGE(sim.start(args({})), sim.log());
  ClientLoop cl(sim.cert());
  RestClient rest(cl, sim.port());
  // R16
  HttpResult r = rest.request("GET", "/fapi/v1/depth?symbol=BTCUSDT&symbol=ETHUSDT", {}, {});
  CHECK(r.status == 400);
  CHECK(json_field(r.body, "code") == "-1101");
  CHECK(r.body.find("Duplicate values for a parameter detected.") != std::string::npos);
  // R12: signed with the right secret, timestamp INT64_MIN, recvWindow=1
  const std::string q = "symbol=BTCUSDT&side=BUY&positionSide=LONG&type=LIMIT&timeInForce=GTC&quantity=0.002"
                        "&price=60000&recvWindow=1&timestamp=" + std::to_string(INT64_MIN);
  char hex[64];
  binance::HmacSha256Signer(kApiSecret).sign_hex(q, hex);
  r = rest.request("POST", "/fapi/v1/order?" + q + "&signature=" + std::string(hex, 64));
  CHECK(r.status == 400);
  CHECK(json_field(r.body, "code") == "-1021");
  // W4 / W5
  WsClient ws(cl, sim.port(), "/ws");
  REQUIRE(ws.wait_open());
  auto reply = [&](const std::string& msg) {
    ws.messages.clear();
    REQUIRE(ws.send(msg));
    REQUIRE(cl.run_until([&] { return !ws.messages.empty(); }, 5000));
    return ws.messages.front();
  };
  std::string names;
  for (int i = 0; i < 201; ++i) names += (i ? ",\"s" : "\"s") + std::to_string(i) + "usdt@bookTicker\"";
  std::string m = reply(R"({"method":"SUBSCRIBE","params":[)" + names + R"(],"id":7})");
  CHECK(m.find("\"code\":2") != std::string::npos);
  CHECK(m.find("too many streams") != std::string::npos);
  CHECK(reply(R"({"method":"LIST_SUBSCRIPTIONS","id":8})") == R"({"result":[],"id":8})");  // nothing kept
  m = reply(R"({"method":"SUBSCRIBE","params":[1,2],"id":9})");
  CHECK(m.find("\"code\":1") != std::string::npos);
  names = names.substr(0, names.rfind(','));  // 200 names: Binance's per-connection limit
  CHECK(reply(R"({"method":"SUBSCRIBE","params":[)" + names + R"(],"id":10})") == R"({"result":null,"id":10})");
  m = reply(R"({"method":"LIST_SUBSCRIPTIONS","id":11})");
  CHECK(count(m, "@bookTicker") == 200);
}
