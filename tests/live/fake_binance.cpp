// fake_binance.cpp — see fake_binance.hpp.
#include "fake_binance.hpp"

#include <doctest/doctest.h>

#include <cstring>
#include <fstream>
#include <map>
#include <sstream>

#include "core/clock.hpp"
#include "net/connection.hpp"
#include "net/http_server_session.hpp"
#include "net/ws_server_session.hpp"
#include "net/connection_ws.hpp"
#include "net/http/http_server.hpp"
#include "net/tls/tls_context.hpp"
#include "net/uring/socket_util.hpp"
#include "venue/binance/signer.hpp"

namespace xtb::live::test {

namespace {

std::string slurp(const std::string& rel) {
  std::ifstream in(std::string(XTB_DATA_DIR) + "/binance-usdm/fixtures/" + rel, std::ios::binary);
  REQUIRE_MESSAGE(in.good(), rel);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::map<std::string, std::string> parse_params(const std::string& s) {
  std::map<std::string, std::string> out;
  std::size_t pos = 0;
  while (pos < s.size()) {
    std::size_t amp = s.find('&', pos);
    if (amp == std::string::npos) amp = s.size();
    const std::string kv = s.substr(pos, amp - pos);
    const std::size_t eq = kv.find('=');
    if (eq != std::string::npos) out[kv.substr(0, eq)] = kv.substr(eq + 1);
    pos = amp + 1;
  }
  return out;
}

void replace_once(std::string& s, const std::string& from, const std::string& to) {
  const std::size_t p = s.find(from);
  if (p != std::string::npos) s.replace(p, from.size(), to);
}

}  // namespace

struct FakeBinance::Impl {
  // ---- sessions -------------------------------------------------------------------
  struct WsSession final : net::WsServerSession {
    std::deque<std::string> queue;
    Impl* impl = nullptr;
    std::uint16_t on_upgrade_request(std::string_view t) override {
      target.assign(t);
      std::lock_guard<std::mutex> g(impl->mu);
      impl->targets.push_back(target);
      return 101;
    }
    void on_message(net::WsOpcode, const std::uint8_t*, std::size_t) override {}
  };

  using HttpSession = net::HttpServerSession<Impl>;

  struct Acceptor final : net::ConnHandler {
    Impl* impl = nullptr;
    bool websocket = false;
    void on_connect(net::ConnId, int) noexcept override {}
    void on_data(net::ConnId, const std::uint8_t*, std::size_t) noexcept override {}
    void on_close(net::ConnId, int) noexcept override {}
    void on_accept(net::ConnId, int fd) noexcept override { impl->accept(fd, websocket); }
  };

  explicit Impl(const FakeBinanceConfig& c) : cfg(c), signer(c.secret) {
    order_body = slurp("http/order_response.json");
    open_orders_body = slurp("http/http_futures_account_orders.json");
    algo_orders_body = slurp("http/open_algo_orders.json");
    position_body = slurp("http/position_risk.json");
    mode_body = slurp("http/http_futures_account_position_side_dual.json");
    exchange_info_body = slurp("http/http_futures_market_exchange_info.json");
  }

  void accept(int fd, bool websocket) {
    net::ConnectionConfig cc;
    cc.host = "fake-peer";
    cc.tls = true;
    cc.plain_out_size = 1 << 20;
    if (websocket) {
      auto s = std::make_unique<WsSession>();
      s->impl = this;
      net::WsStreamOptions o;
      o.ws.role = net::WsRole::Server;
      o.ws.ping_interval_ns = 0;
      o.out_bytes = 1 << 20;
      s->ws = std::make_unique<net::WsStream>(*loop, o, *s);
      s->conn = std::make_unique<net::Connection>(*loop, tls.get(), cc, *s->ws, s.get());
      s->conn->accept(fd);
      ws_sessions.push_back(std::move(s));
    } else {
      auto s = std::make_unique<HttpSession>(*this);
      s->conn = std::make_unique<net::Connection>(*loop, tls.get(), cc, *s, s.get());
      s->conn->accept(fd);
      http_sessions.push_back(std::move(s));
    }
  }

  // ---- REST -------------------------------------------------------------------------
  void respond(net::HttpServerConnection& c, std::uint16_t status, const std::string& body, bool order = false,
               std::uint32_t retry_after = 0) {
    const std::string weight = std::to_string(cfg.used_weight);
    const std::string o10 = std::to_string(orders_10s), o1m = std::to_string(orders_1m);
    const std::string retry = std::to_string(retry_after);
    std::vector<net::HttpField> h{{"X-MBX-USED-WEIGHT-1M", weight}};
    if (order) {
      h.push_back({"X-MBX-ORDER-COUNT-10S", o10});
      h.push_back({"X-MBX-ORDER-COUNT-1M", o1m});
    }
    if (retry_after) h.push_back({"Retry-After", retry});
    net::HttpResponseSpec r;
    r.status = status;
    r.headers = h.data();
    r.header_count = h.size();
    r.content_type = "application/json";
    r.body = body;
    CHECK(c.respond(r) == net::HttpError::None);  // peer thread: CHECK, never REQUIRE (no throw)
  }

  void handle(net::HttpServerConnection& c, const net::HttpMessageParser& req) {
    RestRequest rr;
    rr.method.assign(req.method());
    const std::string target(req.target());
    const std::size_t q = target.find('?');
    rr.path = target.substr(0, q);
    rr.query = q == std::string::npos ? "" : target.substr(q + 1);
    rr.body.assign(req.body_view());
    rr.api_key.assign(req.headers().find("X-MBX-APIKEY"));
    const std::string total = rr.query + rr.body;  // totalParams (authentication.md)
    const std::size_t sp = total.rfind("signature=");
    if (sp != std::string::npos) {
      rr.signed_request = true;
      const std::size_t cut = sp > 0 ? sp - 1 : 0;  // drop the '&' before it
      char hex[binance::HmacSha256Signer::kHexChars];
      signer.sign_hex(std::string_view(total).substr(0, cut), hex);
      rr.signature_ok = total.substr(sp + 10) == std::string(hex, sizeof hex);
    }
    RestMode m;
    std::uint32_t retry_after;
    {
      std::lock_guard<std::mutex> g(mu);
      requests.push_back(rr);
      m = mode;
      retry_after = retry_after_s;
      if (m == RestMode::TooMany && --mode_count == 0) mode = RestMode::Normal;
    }
    if (m == RestMode::Silent) return;  // never answered: the client must time out
    if (m == RestMode::TooMany) {
      return respond(c, 429, R"({"code":-1003,"msg":"Too many requests; current limit of IP is 2400 requests per minute."})",
                     false, retry_after);
    }
    if (rr.signed_request && !rr.signature_ok)
      return respond(c, 400, R"({"code":-1022,"msg":"Signature for this request is not valid."})");
    const bool keyed = rr.signed_request || rr.path == "/fapi/v1/listenKey";
    if (keyed && rr.api_key != cfg.api_key) return respond(c, 401, R"({"code":-2015,"msg":"Invalid API-key."})");
    route(c, rr);
  }

  void route(net::HttpServerConnection& c, const RestRequest& r) {
    const auto p = parse_params(r.query + (r.query.empty() || r.body.empty() ? "" : "&") + r.body);
    if (r.path == "/fapi/v1/time")
      return respond(c, 200, "{\"serverTime\":" + std::to_string(Clock::wall_ns() / 1'000'000) + "}");
    if (r.path == "/fapi/v1/positionSide/dual") return respond(c, 200, mode_body);
    if (r.path == "/fapi/v1/exchangeInfo") return respond(c, 200, exchange_info_body);
    if (r.path == "/fapi/v1/listenKey") {
      if (r.method != "POST") return respond(c, 200, "{}");
      const std::string& key = cfg.listen_keys[std::min(key_index++, cfg.listen_keys.size() - 1)];
      return respond(c, 200, "{\"listenKey\":\"" + key + "\"}");
    }
    if (r.path == "/fapi/v1/depth") return respond(c, 200, cfg.depth_snapshot);
    if (r.path == "/fapi/v1/order") {
      std::string body = order_body;
      const auto id = p.find("newClientOrderId");
      if (id != p.end()) replace_once(body, "\"testOrder123\"", "\"" + id->second + "\"");
      const auto orig = p.find("origClientOrderId");
      if (orig != p.end()) replace_once(body, "\"testOrder123\"", "\"" + orig->second + "\"");
      if (r.method == "DELETE") replace_once(body, "\"status\": \"NEW\"", "\"status\": \"CANCELED\"");
      if (r.method == "POST") { ++orders_10s; ++orders_1m; }
      return respond(c, 200, body, true);
    }
    if (r.path == "/fapi/v1/openOrders") return respond(c, 200, open_orders_body);
    if (r.path == "/fapi/v1/openAlgoOrders") return respond(c, 200, algo_orders_body);
    if (r.path == "/fapi/v3/positionRisk") return respond(c, 200, position_body);
    respond(c, 404, R"({"code":-1000,"msg":"unknown endpoint"})");
  }

  // ---- the peer thread ----------------------------------------------------------------
  void run() {
    while (!stop.load()) {
      apply_controls();
      bool pending = false;
      for (auto& s : ws_sessions) {
        while (s->open && !s->queue.empty()) {
          const std::string& m = s->queue.front();
          if (s->ws->send_text(reinterpret_cast<const std::uint8_t*>(m.data()), m.size()) != net::WsSendStatus::Ok) break;
          s->queue.pop_front();
          sent->fetch_add(1);
        }
        pending = pending || (s->open && !s->queue.empty());
      }
      loop->poll(pending ? 0 : 1'000'000);
      std::erase_if(ws_sessions, [](const auto& s) { return s->dead; });
      std::erase_if(http_sessions, [](const auto& s) { return s->dead; });
      std::lock_guard<std::mutex> g(mu);
      idle = !pending;
      open_targets.clear();
      for (auto& s : ws_sessions)
        if (s->open) open_targets.push_back(s->target);
    }
    for (auto& s : ws_sessions) s->conn->stop();
    for (auto& s : http_sessions) s->conn->stop();
    for (int i = 0; i < 20; ++i) loop->poll(0);
    ws_sessions.clear();
    http_sessions.clear();
  }

  void apply_controls() {
    std::lock_guard<std::mutex> g(mu);
    for (auto& [prefix, msgs] : pushes) {
      for (auto& s : ws_sessions) {
        if (!s->open || s->target.rfind(prefix, 0) != 0) continue;
        s->queue.insert(s->queue.end(), msgs.begin(), msgs.end());
        idle = false;
      }
    }
    pushes.clear();
    if (drop) {
      drop = false;
      for (auto& s : ws_sessions) s->conn->stop();
    }
  }

  FakeBinanceConfig cfg;
  binance::HmacSha256Signer signer;
  std::string order_body, open_orders_body, algo_orders_body, position_body, mode_body, exchange_info_body;
  std::size_t key_index = 0;
  std::uint32_t orders_10s = 0, orders_1m = 0;
  std::unique_ptr<net::EventLoop> loop;
  std::unique_ptr<net::TlsContext> tls;
  Acceptor ws_acceptor, rest_acceptor;
  std::vector<std::unique_ptr<WsSession>> ws_sessions;
  std::vector<std::unique_ptr<HttpSession>> http_sessions;
  std::atomic<bool> stop{false};
  std::atomic<std::size_t>* sent = nullptr;
  // shared with the test thread (mu)
  mutable std::mutex mu;
  std::vector<std::pair<std::string, std::vector<std::string>>> pushes;
  bool drop = false;
  bool idle = true;
  RestMode mode = RestMode::Normal;
  std::uint32_t mode_count = 0, retry_after_s = 1;
  std::vector<std::string> targets, open_targets;
  std::vector<RestRequest> requests;
};

FakeBinance::FakeBinance(const FakeBinanceConfig& cfg) : impl_(std::make_unique<Impl>(cfg)) {
  impl_->sent = &ws_sent_;
  std::atomic<int> ready{0};
  thread_ = std::thread([this, &ready] {
    Impl& m = *impl_;
    net::LoopConfig lc;
    lc.max_conns = 64;
    lc.max_timers = 128;
    std::string err;
    m.loop = net::EventLoop::create(lc, &err);
    net::TlsServerOptions so;
    so.cert_file = m.cfg.cert_file;
    so.key_file = m.cfg.key_file;
    m.tls = net::TlsContext::server(so, &err);
    if (!m.loop || !m.tls) { ready.store(-1); return; }
    m.ws_acceptor.impl = &m;
    m.ws_acceptor.websocket = true;
    m.rest_acceptor.impl = &m;
    const int wfd = net::make_listen_socket(net::ipv4("127.0.0.1", 0), 64);
    const int rfd = net::make_listen_socket(net::ipv4("127.0.0.1", 0), 64);
    ws_port_ = net::local_port(wfd);
    rest_port_ = net::local_port(rfd);
    m.loop->listen(wfd, m.ws_acceptor);
    m.loop->listen(rfd, m.rest_acceptor);
    ready.store(1);
    m.run();
  });
  while (ready.load() == 0) std::this_thread::yield();
  REQUIRE(ready.load() == 1);
}

FakeBinance::~FakeBinance() {
  impl_->stop.store(true);
  if (thread_.joinable()) thread_.join();
}

void FakeBinance::push(const std::string& prefix, std::vector<std::string> messages) {
  std::lock_guard<std::mutex> g(impl_->mu);
  impl_->idle = false;
  impl_->pushes.emplace_back(prefix, std::move(messages));
}

void FakeBinance::drop_ws() {
  std::lock_guard<std::mutex> g(impl_->mu);
  impl_->drop = true;
}

void FakeBinance::set_rest_mode(RestMode m, std::uint32_t count, std::uint32_t retry_after_s) {
  std::lock_guard<std::mutex> g(impl_->mu);
  impl_->mode = m;
  impl_->mode_count = count;
  impl_->retry_after_s = retry_after_s;
}

std::vector<std::string> FakeBinance::ws_targets() const {
  std::lock_guard<std::mutex> g(impl_->mu);
  return impl_->targets;
}

std::size_t FakeBinance::open_ws(const std::string& prefix) const {
  std::lock_guard<std::mutex> g(impl_->mu);
  std::size_t n = 0;
  for (const auto& t : impl_->open_targets) n += t.rfind(prefix, 0) == 0 ? 1 : 0;
  return n;
}

bool FakeBinance::ws_idle() const {
  std::lock_guard<std::mutex> g(impl_->mu);
  return impl_->idle && impl_->pushes.empty();
}

std::vector<RestRequest> FakeBinance::requests() const {
  std::lock_guard<std::mutex> g(impl_->mu);
  return impl_->requests;
}

std::size_t FakeBinance::count(const std::string& method, const std::string& path) const {
  std::lock_guard<std::mutex> g(impl_->mu);
  std::size_t n = 0;
  for (const auto& r : impl_->requests) n += (r.method == method && r.path == path) ? 1 : 0;
  return n;
}

}  // namespace xtb::live::test
