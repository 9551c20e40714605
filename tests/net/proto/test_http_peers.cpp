// test_http_peers.cpp — our HTTP/1.1 client (with the keep-alive pool) against Python's
// http.server, and our HTTP server against Python's http.client (peers/http_peer.py),
// over plain loopback TCP.
#include <doctest/doctest.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "harness.hpp"
#include "net/http/http_client.hpp"
#include "net/http/http_pool.hpp"
#include "net/http/http_server.hpp"

using namespace xtb::net;
using namespace xtb::test;

namespace {
struct Resp {
  std::uint64_t tag;
  std::uint16_t status;
  std::string body;
  HttpRateLimitHeaders rate;
  bool keep_alive;
  bool chunked;
};

struct Rec : HttpClientHandler {
  std::vector<Resp> responses;
  std::vector<std::pair<std::uint64_t, HttpError>> errors;
  void on_response(std::uint64_t tag, const HttpMessageParser& r) override {
    responses.push_back({tag, r.status(), std::string(r.body_view()), r.rate_limits(), r.keep_alive(), r.chunked()});
  }
  void on_error(std::uint64_t tag, HttpError e) override { errors.emplace_back(tag, e); }
};

struct PythonHttpServer {
  PeerProcess proc;
  std::uint16_t port = 0;
  PythonHttpServer() {
    REQUIRE(proc.start({system_python(), peer_script("http_peer.py"), "server"}));
    std::string rest;
    REQUIRE(proc.expect_line("PORT ", rest, 10000));
    port = static_cast<std::uint16_t>(std::stoi(rest));
  }
};

/// One client connection to the python server.
struct Conn {
  std::unique_ptr<Loopback> sock;
  Rec rec;
  std::unique_ptr<HttpClientConnection> http;
  std::string host;
  Conn(std::uint16_t port, HttpClientConfig cfg = {}) {
    sock = Loopback::connect(port);
    REQUIRE(sock != nullptr);
    http = std::make_unique<HttpClientConnection>(cfg, sock->tx(), rec);
    host = "127.0.0.1:" + std::to_string(port);
  }
  /// GET/POST and wait for the response or an error.
  bool request(HttpMethod m, const std::string& target, std::uint64_t tag, std::string_view body = {},
               const HttpField* headers = nullptr, std::size_t nh = 0) {
    HttpRequestSpec r;
    r.method = m;
    r.target = target;
    r.host = host;
    r.headers = headers;
    r.header_count = nh;
    r.body = body;
    if (!body.empty()) r.content_type = "application/x-www-form-urlencoded";
    const std::size_t before = rec.responses.size() + rec.errors.size();
    if (http->submit(r, tag, 0) != HttpError::None) return false;
    return pump_until(*sock, *http, [&] { return rec.responses.size() + rec.errors.size() > before; }, 10000);
  }
};
}  // namespace

TEST_CASE("http peers: keep-alive reuse, rate-limit headers, 429/418 Retry-After, 5xx, chunked, EOF body") {
  PythonHttpServer py;
  Conn c(py.port);
  REQUIRE(c.request(HttpMethod::Get, "/conn", 1));
  REQUIRE(c.request(HttpMethod::Get, "/conn", 2));
  REQUIRE(c.request(HttpMethod::Head, "/conn", 3));
  REQUIRE(c.request(HttpMethod::Get, "/conn", 4));
  REQUIRE(c.rec.responses.size() == 4);
  const std::string conn_id = c.rec.responses[0].body.substr(0, c.rec.responses[0].body.find(' '));
  CHECK(c.rec.responses[1].body == conn_id + " n=2");  // same TCP connection, second request
  CHECK(c.rec.responses[2].body.empty());              // HEAD
  CHECK(c.rec.responses[3].body == conn_id + " n=4");

  REQUIRE(c.request(HttpMethod::Get, "/weight", 5));
  CHECK(c.rec.responses.back().rate.used_weight_1m == 37);
  CHECK(c.rec.responses.back().rate.order_count_10s == 2);
  CHECK(c.rec.responses.back().rate.order_count_1m == 9);

  const HttpField key[] = {{"X-MBX-APIKEY", "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A"}};
  REQUIRE(c.request(HttpMethod::Post, "/fapi/v1/order", 6, "symbol=BTCUSDT&side=BUY&type=LIMIT&quantity=1", key, 1));
  const std::string& echo = c.rec.responses.back().body;
  CHECK(echo.find("\"apikey\": \"vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A\"") != std::string::npos);
  CHECK(echo.find("\"ctype\": \"application/x-www-form-urlencoded\"") != std::string::npos);
  CHECK(echo.find("\"body\": \"symbol=BTCUSDT&side=BUY&type=LIMIT&quantity=1\"") != std::string::npos);
  CHECK(c.rec.responses.back().rate.order_count_10s == 1);

  REQUIRE(c.request(HttpMethod::Get, "/429", 7));
  CHECK(c.rec.responses.back().status == 429);
  CHECK(c.rec.responses.back().rate.retry_after_s == 7);
  CHECK(c.rec.responses.back().rate.used_weight_1m == 2400);
  REQUIRE(c.request(HttpMethod::Get, "/418", 8));
  CHECK(c.rec.responses.back().status == 418);
  CHECK(c.rec.responses.back().rate.retry_after_s == 120);
  REQUIRE(c.request(HttpMethod::Get, "/503", 9));
  CHECK(c.rec.responses.back().status == 503);
  CHECK(c.rec.responses.back().body == R"({"code":-1001,"msg":"Service Unavailable."})");
  CHECK(c.http->idle());

  REQUIRE(c.request(HttpMethod::Get, "/chunked?n=50", 10));
  CHECK(c.rec.responses.back().chunked);
  std::string expect;
  for (int i = 0; i < 50; ++i) expect += "chunk-" + std::to_string(i) + ";";
  CHECK(c.rec.responses.back().body == expect);

  REQUIRE(c.request(HttpMethod::Get, "/conn", 11));
  CHECK(c.rec.responses.back().body == conn_id + " n=11");  // still the same connection
  CHECK(c.rec.errors.empty());

  REQUIRE(c.request(HttpMethod::Get, "/500-close", 12));
  CHECK(c.rec.responses.back().status == 500);
  CHECK_FALSE(c.rec.responses.back().keep_alive);
  CHECK(c.http->state() == HttpClientConnection::State::Closed);

  Conn e(py.port);
  REQUIRE(e.request(HttpMethod::Get, "/eof", 13));
  REQUIRE(e.rec.responses.size() == 1);
  CHECK(e.rec.responses[0].body == "body delimited by close");
}

TEST_CASE("http peers: body above the limit → typed error; timeout with caller time") {
  PythonHttpServer py;
  HttpClientConfig cfg;
  cfg.limits.max_body_bytes = 64 * 1024;
  cfg.request_timeout_ns = 5'000'000'000;
  Conn c(py.port, cfg);
  REQUIRE(c.request(HttpMethod::Get, "/big?n=1000000", 1));
  REQUIRE(c.rec.errors.size() == 1);
  CHECK(c.rec.errors[0] == std::make_pair(std::uint64_t{1}, HttpError::BodyTooLarge));

  Conn t(py.port, cfg);
  HttpRequestSpec r;
  r.target = "/conn";
  r.host = t.host;
  REQUIRE(t.http->submit(r, 2, 1'000) == HttpError::None);
  t.http->on_timer(1'000 + 5'000'000'000);  // the caller's clock says the deadline passed
  REQUIRE(t.rec.errors.size() == 1);
  CHECK(t.rec.errors[0] == std::make_pair(std::uint64_t{2}, HttpError::Timeout));
  CHECK(t.http->state() == HttpClientConnection::State::Closed);
}

TEST_CASE("http peers: pool reuses one keep-alive connection and replaces a closed one") {
  PythonHttpServer py;
  HttpPoolConfig pcfg;
  pcfg.max_connections = 2;
  HttpConnectionPool pool(pcfg);
  std::unique_ptr<Conn> slots[2];
  std::vector<std::string> conn_ids;
  auto run = [&](const std::string& target, std::uint64_t tag, std::int64_t now) {
    const auto a = pool.acquire(now);
    REQUIRE(a.kind != HttpConnectionPool::AcquireKind::Exhausted);
    if (a.kind == HttpConnectionPool::AcquireKind::Connect) {
      slots[a.slot] = std::make_unique<Conn>(py.port);
      pool.on_connected(a.slot, now);
    }
    Conn& c = *slots[a.slot];
    REQUIRE(c.request(HttpMethod::Get, target, tag));
    const Resp& resp = c.rec.responses.back();
    conn_ids.push_back(resp.body.substr(0, resp.body.find(' ')));
    pool.release(a.slot, resp.keep_alive, now);
    if (!resp.keep_alive) slots[a.slot].reset();
  };
  for (int i = 0; i < 10; ++i) run("/conn", static_cast<std::uint64_t>(i), i);
  CHECK(pool.stats().opened == 1);
  CHECK(pool.stats().reused == 9);
  for (const std::string& id : conn_ids) CHECK(id == conn_ids[0]);
  run("/500-close", 10, 10);
  CHECK(pool.count(HttpConnectionPool::SlotState::Idle) == 0);
  run("/conn", 11, 11);
  CHECK(pool.stats().opened == 2);
  CHECK(conn_ids.back() != conn_ids[0]);
}

namespace {
struct EchoServer : HttpServerHandler {
  std::size_t requests = 0;
  std::vector<HttpError> errors;
  std::string body;
  void on_request(HttpServerConnection& conn, const HttpMessageParser& req) override {
    ++requests;
    HttpResponseSpec r;
    const HttpField retry[] = {{"Retry-After", "7"}};
    if (req.target() == "/chunked") {
      body.clear();
      for (int i = 0; i < 100; ++i) body += "/chunked";
      r.chunk_bytes = 64;
    } else if (req.method() == "POST") {
      body = "POST " + std::string(req.target()) + " " + std::string(req.body_view());
    } else if (req.target() == "/429") {
      r.status = 429;
      r.headers = retry;
      r.header_count = 1;
      body = "{}";
    } else {
      body = std::string(req.target());
    }
    r.body = body;
    conn.respond(r);
  }
  void on_error(HttpServerConnection&, HttpError e) override { errors.push_back(e); }
};
}  // namespace

TEST_CASE("http peers: python http.client against our server on one keep-alive connection") {
  std::uint16_t port = 0;
  const int lfd = Loopback::listen(&port);
  REQUIRE(lfd >= 0);
  PeerProcess peer;
  REQUIRE(peer.start({system_python(), peer_script("http_peer.py"), "client", std::to_string(port)}));
  auto conn = Loopback::accept(lfd, 10000);
  close(lfd);
  REQUIRE(conn != nullptr);
  EchoServer handler;
  HttpServerConnection server(HttpServerConfig{}, conn->tx(), handler);
  pump_until(*conn, server, [&] { return conn->eof(); }, 15000);
  std::string result;
  CHECK(peer.expect_line("RESULT ", result, 5000));
  CHECK(result == "ok");
  CHECK(handler.requests == 5);  // all five on the one accepted connection
  CHECK(handler.errors.empty());
  CHECK(peer.wait_exit(5000) == 0);
}
