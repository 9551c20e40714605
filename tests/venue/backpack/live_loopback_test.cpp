// live_loopback_test.cpp — the Backpack egress stage against a tiny local HTTP/1.1 server
// (plain TCP on 127.0.0.1, keep-alive): a NewOrder goes out as a signed POST /api/v1/order
// with its JSON body, the id-binding frame precedes the answer on R4, the answer carries
// the request's identity; a market (re)subscribe makes egress fetch GET /api/v1/depth on the
// same connection, answered as a DepthSnapshot frame on the depth tag. And the LiveVenue's
// start-up reads over loopback REST: clock offset, markets, signed positions, then build().
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "test_util.hpp"
#include "core/clock.hpp"
#include "venue/backpack/live/account_rest.hpp"
#include "venue/backpack/live/egress_stage.hpp"
#include "venue/backpack/live/live_venue.hpp"
#include "venue/backpack/live/stream_plan.hpp"
#include "venue/backpack/live/request_shape.hpp"

using namespace xtb;
using namespace xtb::backpack;

namespace {

/// A loopback HTTP/1.1 peer: accepts connections one after another (until destroyed) and
/// answers every request with answer(request) as a 200 JSON body; records the requests.
struct FakeVenue {
  using Answer = std::function<std::string(const std::string& request)>;
  int listener = -1;
  std::uint16_t port = 0;
  Answer answer;
  std::atomic<bool> stop{false};
  std::mutex mu;
  std::vector<std::string> requests;
  std::thread thread;

  explicit FakeVenue(Answer a) : answer(std::move(a)) {
    listener = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    socklen_t len = sizeof addr;
    REQUIRE(::getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
    port = ntohs(addr.sin_port);
    REQUIRE(::listen(listener, 8) == 0);
    timeval tv{0, 100'000};
    ::setsockopt(listener, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    thread = std::thread([this] {
      while (!stop.load()) {
        const int c = ::accept(listener, nullptr, nullptr);
        if (c >= 0) serve(c);
      }
    });
  }
  ~FakeVenue() {
    stop.store(true);
    thread.join();
    ::close(listener);
  }
  std::vector<std::string> seen() {
    std::lock_guard<std::mutex> g(mu);
    return requests;
  }
  void serve(int c) {
    timeval tv{0, 100'000};
    ::setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    std::string buf;
    char tmp[4096];
    while (!stop.load()) {
      const std::size_t head_end = buf.find("\r\n\r\n");
      if (head_end != std::string::npos) {
        std::size_t body = 0;
        if (const std::size_t cl = buf.find("Content-Length: "); cl != std::string::npos && cl < head_end)
          body = std::stoul(buf.substr(cl + 16));
        if (buf.size() >= head_end + 4 + body) {
          const std::string req = buf.substr(0, head_end + 4 + body);
          buf.erase(0, head_end + 4 + body);
          {
            std::lock_guard<std::mutex> g(mu);
            requests.push_back(req);
          }
          const std::string b = answer(req);
          const std::string r = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
                                std::to_string(b.size()) + "\r\n\r\n" + b;
          if (::send(c, r.data(), r.size(), MSG_NOSIGNAL) < 0) break;
          continue;
        }
      }
      const ssize_t got = ::recv(c, tmp, sizeof tmp, 0);
      if (got == 0 || (got < 0 && errno != EAGAIN && errno != EWOULDBLOCK)) break;
      if (got > 0) buf.append(tmp, static_cast<std::size_t>(got));
    }
    ::close(c);
  }
};

std::string header(const std::string& req, const std::string& name) {
  const std::size_t at = req.find(name + ": ");
  if (at == std::string::npos) return {};
  const std::size_t from = at + name.size() + 2;
  return req.substr(from, req.find("\r\n", from) - from);
}

}  // namespace

TEST_CASE("egress over loopback: signed order, bind frame, answer, depth snapshot") {
  std::atomic<int> answered{0};
  FakeVenue venue([&](const std::string&) { return "{\"ok\":" + std::to_string(++answered) + "}"; });
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
  cfg.endpoint.port = venue.port;
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
  const std::vector<std::string> requests = venue.seen();
  REQUIRE(requests.size() == 2);
  const std::string& order = requests[0];
  CHECK(order.rfind("POST /api/v1/order HTTP/1.1\r\n", 0) == 0);
  CHECK(order.find("X-API-Key: " + std::string(signer.api_key()) + "\r\n") != std::string::npos);
  CHECK(order.find("X-Signature: ") != std::string::npos);
  CHECK(order.find("X-Window: 5000\r\n") != std::string::npos);
  CHECK(order.find("\"clientId\":1000003") != std::string::npos);
  CHECK(order.find("\"postOnly\":true") != std::string::npos);
  CHECK(requests[1].rfind("GET /api/v1/depth?symbol=SOL_USDC_PERP HTTP/1.1\r\n", 0) == 0);
  CHECK(stage.stats().depth_ok.get() == 1);
}

TEST_CASE("live venue over loopback REST: clock offset, markets, signed positions, build") {
  FakeVenue peer([](const std::string& req) -> std::string {
    if (req.rfind("GET /api/v1/time ", 0) == 0) return std::to_string(Clock::wall_ns() / 1'000'000 + 1000);
    if (req.rfind("GET /api/v1/markets ", 0) == 0)
      return R"([{"symbol":"BTC_USDC_PERP","baseSymbol":"BTC","quoteSymbol":"USDC","marketType":"PERP",)"
             R"("orderBookState":"Open","filters":{"price":{"tickSize":"0.1","minPrice":"0.1","maxPrice":null},)"
             R"("quantity":{"stepSize":"0.00001","minQuantity":"0.00001","maxQuantity":"1000"}}},)"
             R"({"symbol":"SOL_USDC","baseSymbol":"SOL","quoteSymbol":"USDC","marketType":"SPOT",)"
             R"("orderBookState":"Open","filters":{"price":{"tickSize":"0.01","minPrice":"0.01","maxPrice":null},)"
             R"("quantity":{"stepSize":"0.01","minQuantity":"0.01","maxQuantity":null}}}])";
    if (req.rfind("GET /api/v1/position ", 0) == 0)
      return R"([{"symbol":"BTC_USDC_PERP","netQuantity":"0.50000","estLiquidationPrice":"41000.04"}])";
    return "{}";
  });
  VenueConfig cfg;
  cfg.name = "backpack";
  cfg.rest_url = "http://127.0.0.1:" + std::to_string(peer.port);
  cfg.ws_url = "ws://127.0.0.1:" + std::to_string(peer.port);
  cfg.rest.host = cfg.ws.host = "127.0.0.1";
  cfg.rest.port = cfg.ws.port = peer.port;
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
  const std::vector<std::string> seen = peer.seen();
  REQUIRE(seen.size() == 3);
  const std::string& pos = seen[2];
  CHECK(pos.rfind("GET /api/v1/position HTTP/1.1\r\n", 0) == 0);
  const std::string key = header(pos, "X-API-Key"), ts = header(pos, "X-Timestamp");
  CHECK(header(pos, "X-Window") == "5000");
  CHECK(Ed25519Signer::verify(key, "instruction=positionQuery&timestamp=" + ts + "&window=5000",
                              header(pos, "X-Signature")));

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
