// test_http_codec.cpp — HttpClientConnection / HttpServerConnection against each other
// in memory, scripted misbehaviour (timeouts, unsolicited data, EOF), deferred server
// responses with pipelining, and HttpConnectionPool bookkeeping.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/alloc_guard.hpp"
#include "net/http/http_client.hpp"
#include "net/http/http_pool.hpp"
#include "net/http/http_server.hpp"
#include "ws_test_util.hpp"

using namespace xtb::net;
using xtb::test::OwnedTx;

namespace {
const std::uint8_t* u8(const std::string& s) { return reinterpret_cast<const std::uint8_t*>(s.data()); }
constexpr std::int64_t kSec = 1'000'000'000;

struct ClientRec : HttpClientHandler {
  struct Resp {
    std::uint64_t tag;
    std::uint16_t status;
    std::string body;
    std::int64_t weight;
    std::int64_t retry_after;
    bool keep_alive;
  };
  std::vector<Resp> responses;
  std::vector<std::pair<std::uint64_t, HttpError>> errors;
  std::size_t count = 0;
  bool store = true;
  void on_response(std::uint64_t tag, const HttpMessageParser& r) override {
    ++count;
    if (store)
      responses.push_back({tag, r.status(), std::string(r.body_view()), r.rate_limits().used_weight_1m,
                           r.rate_limits().retry_after_s, r.keep_alive()});
  }
  void on_error(std::uint64_t tag, HttpError e) override { errors.emplace_back(tag, e); }
};

/// A server handler that answers with the request target as body, or defers.
struct ServerRec : HttpServerHandler {
  std::vector<std::string> targets;
  std::vector<HttpError> errors;
  bool defer = false;
  std::size_t count = 0;
  bool store = true;
  void on_request(HttpServerConnection& conn, const HttpMessageParser& req) override {
    ++count;
    if (store) targets.emplace_back(req.target());
    if (defer) return;
    const HttpField h[] = {{"X-MBX-USED-WEIGHT-1M", "10"}};
    HttpResponseSpec r;
    r.headers = h;
    r.header_count = 1;
    r.content_type = "application/json";
    r.body = req.target();
    conn.respond(r);
  }
  void on_error(HttpServerConnection&, HttpError e) override { errors.push_back(e); }
};

HttpRequestSpec get(std::string_view target) {
  HttpRequestSpec r;
  r.target = target;
  r.host = "127.0.0.1";
  return r;
}

struct Pair {
  OwnedTx ctx, stx;
  ClientRec crec;
  ServerRec srec;
  HttpClientConnection client{HttpClientConfig{}, ctx.tx, crec};
  HttpServerConnection server{HttpServerConfig{}, stx.tx, srec};
  void pump() {
    for (int i = 0; i < 100 && (ctx.tx.queued() || stx.tx.queued()); ++i) {
      ctx.drain([&](const std::uint8_t* p, std::size_t n) { server.on_bytes(p, n); });
      stx.drain([&](const std::uint8_t* p, std::size_t n) { client.on_bytes(p, n); });
    }
  }
};
}  // namespace

TEST_CASE("http codec: keep-alive request/response sequence, tags and rate headers") {
  Pair p;
  for (std::uint64_t i = 1; i <= 5; ++i) {
    const std::string target = "/fapi/v1/order?n=" + std::to_string(i);
    REQUIRE(p.client.submit(get(target), i, 0) == HttpError::None);
    CHECK(p.client.submit(get("/x"), 99, 0) == HttpError::NotReady);  // one in flight
    p.pump();
    REQUIRE(p.crec.responses.size() == i);
    CHECK(p.crec.responses.back().tag == i);
    CHECK(p.crec.responses.back().body == target);
    CHECK(p.crec.responses.back().weight == 10);
    CHECK(p.client.idle());
  }
  CHECK(p.client.responses() == 5);
  CHECK(p.server.requests() == 5);
}

TEST_CASE("http codec: Connection: close, timeout, unsolicited bytes, EOF before/after response") {
  SUBCASE("request with keep_alive=false ends both sides") {
    Pair p;
    HttpRequestSpec r = get("/bye");
    r.keep_alive = false;
    REQUIRE(p.client.submit(r, 1, 0) == HttpError::None);
    p.pump();
    REQUIRE(p.crec.responses.size() == 1);
    CHECK_FALSE(p.crec.responses[0].keep_alive);
    CHECK(p.client.state() == HttpClientConnection::State::Closed);
    CHECK(p.server.should_close());
    CHECK(p.client.submit(get("/again"), 2, 0) == HttpError::NotReady);
  }
  SUBCASE("timeout fails the in-flight request exactly once") {
    Pair p;
    REQUIRE(p.client.submit(get("/slow"), 7, 100) == HttpError::None);
    p.client.on_timer(100 + 10 * kSec - 1);
    CHECK(p.crec.errors.empty());
    p.client.on_timer(100 + 10 * kSec);
    p.client.on_timer(100 + 20 * kSec);
    REQUIRE(p.crec.errors.size() == 1);
    CHECK(p.crec.errors[0] == std::make_pair(std::uint64_t{7}, HttpError::Timeout));
  }
  SUBCASE("bytes with no request in flight (server 408 on idle keep-alive)") {
    Pair p;
    const std::string r408 = "HTTP/1.1 408 Request Timeout\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    p.client.on_bytes(u8(r408), r408.size());
    REQUIRE(p.crec.errors.size() == 1);
    CHECK(p.crec.errors[0] == std::make_pair(std::uint64_t{0}, HttpError::Unsolicited));
  }
  SUBCASE("EOF while waiting, EOF-delimited body, clean idle EOF") {
    Pair p;
    REQUIRE(p.client.submit(get("/a"), 1, 0) == HttpError::None);
    p.client.on_eof();
    REQUIRE(p.crec.errors.size() == 1);
    CHECK(p.crec.errors[0].second == HttpError::UnexpectedEof);

    Pair q;
    REQUIRE(q.client.submit(get("/b"), 2, 0) == HttpError::None);
    const std::string resp = "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nbody-until-eof";
    q.client.on_bytes(u8(resp), resp.size());
    CHECK(q.crec.responses.empty());
    q.client.on_eof();
    REQUIRE(q.crec.responses.size() == 1);
    CHECK(q.crec.responses[0].body == "body-until-eof");

    Pair idle;
    idle.client.on_eof();
    CHECK(idle.crec.errors.empty());
    CHECK(idle.client.state() == HttpClientConnection::State::Closed);
  }
  SUBCASE("malformed response") {
    Pair p;
    REQUIRE(p.client.submit(get("/m"), 3, 0) == HttpError::None);
    const std::string junk = "HTTP/1.1 abc\r\n\r\n";
    p.client.on_bytes(u8(junk), junk.size());
    REQUIRE(p.crec.errors.size() == 1);
    CHECK(p.crec.errors[0] == std::make_pair(std::uint64_t{3}, HttpError::Malformed));
  }
}

TEST_CASE("http codec: server defers responses; pipelined requests answered in order") {
  OwnedTx stx;
  ServerRec srec;
  srec.defer = true;
  HttpServerConnection server(HttpServerConfig{}, stx.tx, srec);
  const std::string pipelined = "GET /one HTTP/1.1\r\nHost: h\r\n\r\nGET /two HTTP/1.1\r\nHost: h\r\n\r\n"
                                "HEAD /three HTTP/1.1\r\nHost: h\r\n\r\n";
  server.on_bytes(u8(pipelined), pipelined.size());
  REQUIRE(srec.targets.size() == 1);  // the others wait in the stash
  CHECK(server.awaiting_response());
  HttpResponseSpec r;
  r.body = "first";
  REQUIRE(server.respond(r) == HttpError::None);
  REQUIRE(srec.targets.size() == 2);
  r.body = "second";
  REQUIRE(server.respond(r) == HttpError::None);
  REQUIRE(srec.targets.size() == 3);
  r.body = "third";
  REQUIRE(server.respond(r) == HttpError::None);
  CHECK(server.respond(r) == HttpError::NotReady);
  const std::string out = stx.take();
  CHECK(out.find("first") < out.find("second"));
  CHECK(out.find("third") == std::string::npos);  // HEAD: headers only
  const std::string head_tail = "Content-Length: 5\r\n\r\n";  // HEAD keeps the length, drops the body
  CHECK(out.compare(out.size() - head_tail.size(), head_tail.size(), head_tail) == 0);
}

TEST_CASE("http codec: server answers malformed / oversized requests and closes") {
  OwnedTx stx;
  ServerRec srec;
  HttpServerConfig cfg;
  cfg.limits.max_body_bytes = 4;
  HttpServerConnection server(cfg, stx.tx, srec);
  const std::string big = "POST /x HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\n12345";
  server.on_bytes(u8(big), big.size());
  REQUIRE(srec.errors.size() == 1);
  CHECK(srec.errors[0] == HttpError::BodyTooLarge);
  CHECK(server.should_close());
  CHECK(stx.take().rfind("HTTP/1.1 413 ", 0) == 0);

  OwnedTx stx2;
  ServerRec srec2;
  HttpServerConnection bad(HttpServerConfig{}, stx2.tx, srec2);
  const std::string junk = "GARBAGE\r\n\r\n";
  bad.on_bytes(u8(junk), junk.size());
  CHECK(srec2.errors.size() == 1);
  CHECK(stx2.take().rfind("HTTP/1.1 400 Bad Request\r\n", 0) == 0);
}

TEST_CASE("http codec: steady-state request/response allocates nothing") {
  if (!xtb::AllocGuard::enabled()) return;
  Pair p;
  p.crec.store = false;
  p.srec.store = false;
  REQUIRE(p.client.submit(get("/warm"), 0, 0) == HttpError::None);
  p.pump();
  const std::uint64_t before = xtb::AllocGuard::armed_allocations();
  {
    xtb::AllocGuard::Armed armed;
    for (std::uint64_t i = 1; i <= 1000; ++i) {
      p.client.submit(get("/fapi/v1/order?symbol=BTCUSDT"), i, static_cast<std::int64_t>(i));
      p.pump();
      p.client.on_timer(static_cast<std::int64_t>(i));
    }
  }
  CHECK(xtb::AllocGuard::armed_allocations() - before == 0);
  CHECK(p.crec.count == 1001);
}

TEST_CASE("http pool: LIFO reuse, connect, exhaustion, expiry reasons") {
  HttpPoolConfig cfg;
  cfg.max_connections = 2;
  HttpConnectionPool pool(cfg);
  auto a = pool.acquire(0);
  CHECK(a.kind == HttpConnectionPool::AcquireKind::Connect);
  pool.on_connected(a.slot, 1);
  auto b = pool.acquire(2);
  CHECK(b.kind == HttpConnectionPool::AcquireKind::Connect);
  CHECK(b.slot != a.slot);
  CHECK(pool.acquire(3).kind == HttpConnectionPool::AcquireKind::Exhausted);
  pool.on_connect_failed(b.slot);
  CHECK(pool.stats().connect_failures == 1);
  pool.release(a.slot, true, 10);
  auto c = pool.acquire(11);
  CHECK(c.kind == HttpConnectionPool::AcquireKind::Reuse);
  CHECK(c.slot == a.slot);
  pool.release(c.slot, true, 12);
  // Second connection, released later → it is the most recently used one.
  auto d = pool.acquire(13);
  CHECK(d.kind == HttpConnectionPool::AcquireKind::Reuse);
  auto e = pool.acquire(14);
  CHECK(e.kind == HttpConnectionPool::AcquireKind::Connect);
  pool.on_connected(e.slot, 15);
  pool.release(d.slot, true, 20);
  pool.release(e.slot, true, 30);
  CHECK(pool.acquire(31).slot == e.slot);
  pool.release(e.slot, false, 32);  // Connection: close → slot free
  CHECK(pool.state(e.slot) == HttpConnectionPool::SlotState::Free);
  CHECK(pool.count(HttpConnectionPool::SlotState::Idle) == 1);

  HttpConnectionPool::Expired out[4];
  CHECK(pool.expire(20 + cfg.idle_timeout_ns - 1, out, 4) == 0);
  REQUIRE(pool.expire(20 + cfg.idle_timeout_ns, out, 4) == 1);
  CHECK(out[0].slot == d.slot);
  CHECK(out[0].reason == HttpConnectionPool::ExpireReason::IdleTimeout);

  auto f = pool.acquire(100);
  auto g = pool.acquire(100);
  pool.on_connected(g.slot, 100);
  REQUIRE(pool.expire(100 + cfg.request_timeout_ns, out, 4) == 2);
  CHECK(out[0].reason == (f.slot < g.slot ? HttpConnectionPool::ExpireReason::ConnectTimeout
                                          : HttpConnectionPool::ExpireReason::RequestTimeout));
  CHECK(pool.count(HttpConnectionPool::SlotState::Free) == 2);
  CHECK(pool.stats().request_timeouts == 1);
  CHECK(pool.stats().reused == 3);
}
