// load_generator.cpp — see load_generator.hpp.
#include "load_generator.hpp"

#include <algorithm>
#include <cstring>
#include <deque>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <vector>

#include "core/affinity.hpp"
#include "core/clock.hpp"
#include "net/connection.hpp"
#include "net/http_server_session.hpp"
#include "net/ws_server_session.hpp"
#include "net/connection_ws.hpp"
#include "net/http/http_server.hpp"
#include "net/tls/tls_context.hpp"
#include "net/uring/socket_util.hpp"
#include "venue/binance/signer.hpp"

namespace xtb::bench {

namespace {

// Value of form/query parameter `key` in "a=1&b=2" (empty when absent).
std::string_view param(std::string_view s, std::string_view key) {
  std::size_t pos = 0;
  while (pos < s.size()) {
    std::size_t amp = s.find('&', pos);
    if (amp == std::string_view::npos) amp = s.size();
    const std::string_view kv = s.substr(pos, amp - pos);
    if (kv.size() > key.size() && kv.substr(0, key.size()) == key && kv[key.size()] == '=')
      return kv.substr(key.size() + 1);
    pos = amp + 1;
  }
  return {};
}

// "id" of a JSON request such as {"method":"SUBSCRIBE","params":[...],"id":1}; "null" if none.
std::string request_id(std::string_view m) {
  const std::size_t k = m.find("\"id\"");
  if (k == std::string_view::npos) return "null";
  std::size_t v = m.find(':', k);
  if (v == std::string_view::npos) return "null";
  ++v;
  while (v < m.size() && m[v] == ' ') ++v;
  std::size_t e = v;
  while (e < m.size() && m[e] != ',' && m[e] != '}' && m[e] != ' ') ++e;
  return e > v ? std::string(m.substr(v, e - v)) : "null";
}

}  // namespace

struct LoadGenerator::Impl {
  struct WsSession final : net::WsServerSession {
    bool combined = false, armed = false;
    std::deque<std::string> replies;
    std::uint16_t on_upgrade_request(std::string_view t) override {
      target.assign(t);
      combined = target.find("streams=") != std::string::npos;
      // A raw target naming a stream streams at once; a bare "/ws/0" waits for SUBSCRIBE.
      armed = combined || target.find('@') != std::string::npos;
      return 101;
    }
    void on_message(net::WsOpcode, const std::uint8_t* d, std::size_t n) override {
      const std::string_view m(reinterpret_cast<const char*>(d), n);
      if (m.find("\"method\"") == std::string_view::npos) return;
      if (m.find("\"SUBSCRIBE\"") != std::string_view::npos) armed = true;
      std::string r = "{\"result\":null,\"id\":";
      r.append(request_id(m));
      r.push_back('}');
      replies.push_back(std::move(r));
    }
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

  // Written by the market thread (k last, release), read by the order thread (k first,
  // acquire). A slot is reused only kTriggerSlots triggers later.
  struct TriggerSlot {
    std::atomic<std::uint64_t> k{UINT64_MAX};  ///< trigger number occupying the slot
    std::atomic<TscTicks> intended{0}, sent{0};
    std::atomic<bool> recorded{false};
  };

  Impl(LoadGenerator& o, const GeneratorConfig& c, const MarketMessages& m)
      : owner(o), cfg(c), msgs(m), signer(c.secret), slots(kTriggerSlots), matched_k(kTriggerSlots, UINT64_MAX),
        scratch(64 * 1024) {}

  void accept(int fd, bool websocket) {
    net::ConnectionConfig cc;
    cc.host = "xtb-bench-peer";
    cc.tls = true;
    cc.plain_out_size = 1 << 20;
    if (websocket) {
      auto s = std::make_unique<WsSession>();
      net::WsStreamOptions o;
      o.ws.role = net::WsRole::Server;
      o.ws.ping_interval_ns = 0;
      o.out_bytes = 4 << 20;
      s->ws = std::make_unique<net::WsStream>(*ws_side.loop, o, *s);
      s->conn = std::make_unique<net::Connection>(*ws_side.loop, ws_side.tls.get(), cc, *s->ws, s.get());
      s->conn->accept(fd);
      ws.push_back(std::move(s));
    } else {
      auto s = std::make_unique<HttpSession>(*this);
      s->conn = std::make_unique<net::Connection>(*rest_side.loop, rest_side.tls.get(), cc, *s, s.get());
      s->conn->accept(fd);
      http.push_back(std::move(s));
    }
  }

  // ---- REST ---------------------------------------------------------------------------
  void respond(net::HttpServerConnection& c, std::uint16_t status, std::string_view body) {
    static const net::HttpField weight{"X-MBX-USED-WEIGHT-1M", "1"};
    net::HttpResponseSpec r;
    r.status = status;
    r.headers = &weight;
    r.header_count = 1;
    r.content_type = "application/json";
    r.body = body;
    (void)c.respond(r);
  }

  void handle(net::HttpServerConnection& c, const net::HttpMessageParser& req) {
    const TscTicks arrival = Clock::now();  // first: the order's arrival time
    owner.rest_requests_.fetch_add(1, std::memory_order_relaxed);
    const std::string_view target = req.target();
    const std::size_t q = target.find('?');
    const std::string_view path = target.substr(0, q);
    const std::string_view query = q == std::string_view::npos ? std::string_view{} : target.substr(q + 1);
    const std::string_view body = req.body_view();
    const std::string_view method = req.method();
    if (path == "/fapi/v1/order" && method == "POST") return on_order(c, arrival, query, body, req);
    if (path == "/fapi/v1/time") {
      std::string b = "{\"serverTime\":";
      b.append(std::to_string(Clock::wall_ns() / 1'000'000));
      b.push_back('}');
      return respond(c, 200, b);
    }
    if (path == "/fapi/v1/exchangeInfo") return respond(c, 200, cfg.exchange_info_body);
    if (path == "/fapi/v1/positionSide/dual") return respond(c, 200, cfg.position_mode_body);
    if (path == "/fapi/v1/listenKey")
      return respond(c, 200, method == "POST" ? R"({"listenKey":"xtbBenchListenKey0000000000000000000000000000000000000000000000000"})" : "{}");
    respond(c, 404, R"({"code":-1000,"msg":"xtb bench peer: unknown endpoint"})");
  }

  bool signature_ok(std::string_view query, std::string_view body) {
    std::string total(query);
    total.append(body);  // totalParams = query + body (Binance authentication.md)
    const std::size_t sp = total.rfind("signature=");
    if (sp == std::string::npos) return false;
    char hex[binance::HmacSha256Signer::kHexChars];
    signer.sign_hex(std::string_view(total).substr(0, sp > 0 ? sp - 1 : 0), hex);
    return total.compare(sp + 10, std::string::npos, std::string(hex, sizeof hex)) == 0;
  }

  void on_order(net::HttpServerConnection& c, TscTicks arrival, std::string_view query, std::string_view body,
                const net::HttpMessageParser& req) {
    ++res.orders;
    std::string_view px = param(body, "price");
    if (px.empty()) px = param(query, "price");
    const std::int64_t ticks = parse_price_ticks(px);
    const std::int64_t k = ticks - cfg.threshold_ticks;
    if (ticks < 0 || k < 0) {
      ++res.unmatched_orders;
    } else {
      const std::size_t i = static_cast<std::size_t>(k) % kTriggerSlots;
      TriggerSlot& s = slots[i];
      const std::uint64_t sk = s.k.load(std::memory_order_acquire);
      if (sk == UINT64_MAX || sk % kTriggerSlots != i) {
        ++res.unmatched_orders;
      } else if (matched_k[i] == sk) {
        ++res.duplicate_orders;
      } else {
        matched_k[i] = sk;
        ++res.matched;
        owner.matched_.fetch_add(1, std::memory_order_relaxed);
        if (s.recorded.load(std::memory_order_relaxed)) {
          const TscTicks intended = s.intended.load(std::memory_order_relaxed);
          const TscTicks sent = s.sent.load(std::memory_order_relaxed);
          ++res.matched_recorded;
          res.wire.record(static_cast<std::uint64_t>(arrival > intended ? Clock::to_ns(arrival - intended) : 0));
          res.wire_from_send.record(static_cast<std::uint64_t>(arrival > sent ? Clock::to_ns(arrival - sent) : 0));
        }
      }
    }
    if (cfg.verify_signatures) {
      const bool key_ok = req.headers().find("X-MBX-APIKEY") == cfg.api_key;
      if (!key_ok || !signature_ok(query, body)) {
        ++res.bad_signatures;
        return respond(c, 400, R"({"code":-1022,"msg":"Signature for this request is not valid."})");
      }
    }
    std::string answer = cfg.order_body;
    std::string_view id = param(body, "newClientOrderId");
    if (id.empty()) id = param(query, "newClientOrderId");
    const std::size_t at = answer.find("\"testOrder123\"");
    if (at != std::string::npos && !id.empty()) {
      std::string quoted(1, '"');
      quoted.append(id);
      quoted.push_back('"');
      answer.replace(at, 14, quoted);
    }
    respond(c, 200, answer);
  }

  // ---- open-loop sender ----------------------------------------------------------------
  void begin(const StreamPlan& p) {
    plan = p;
    ticks_per_msg = Clock::ticks_per_ns() * 1e9 / std::max(1.0, p.rate);
    if (Clock::source() == Clock::Source::Monotonic) ticks_per_msg = 1e9 / std::max(1.0, p.rate);
    t0 = Clock::now() + Clock::from_ns(2'000'000);
    next = 0;
    book_seen = 0;
    streaming = true;
  }

  TscTicks due(std::uint64_t i) const noexcept {
    return t0 + static_cast<TscTicks>(static_cast<double>(i) * ticks_per_msg);
  }

  // Sends every message that is due; stops at the first full WebSocket buffer.
  void send_due() {
    const TscTicks now = Clock::now();
    if (now > t0 && now - t0 > Clock::from_ns(plan.max_ns)) {
      res.unsent = plan.total - next;
      return stop_streaming(now);
    }
    while (next < plan.total) {
      const TscTicks intended = due(next);
      if (intended > Clock::now()) break;
      const std::size_t idx = next % msgs.size();
      const MarketMessage& m = msgs[idx];
      const bool trigger = m.book_ticker && (book_seen + 1) % plan.trigger_every == 0;
      const std::uint64_t k = res.triggers;
      const std::int64_t bid = cfg.threshold_ticks + static_cast<std::int64_t>(k % kTriggerSlots);
      bool blocked = false;
      TscTicks sent_at = 0;
      for (auto& s : ws) {
        if (!s->open || !s->armed) continue;
        std::string_view text = s->combined ? msgs.combined(idx) : msgs.raw(idx);
        if (trigger) {
          const std::size_t n = msgs.make_trigger(idx, !s->combined, bid, scratch.data(), scratch.size());
          text = std::string_view(scratch.data(), n);
        }
        if (s->ws->send_text(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()) == net::WsSendStatus::WouldBlock) {
          blocked = true;
          break;
        }
        sent_at = Clock::now();
      }
      if (blocked) {
        ++res.would_block;
        return;  // retried after the loop drained the transport
      }
      if (sent_at == 0) sent_at = Clock::now();
      res.lag.record(static_cast<std::uint64_t>(Clock::to_ns(sent_at > intended ? sent_at - intended : 0)));
      if (m.book_ticker) ++book_seen;
      if (trigger) {
        TriggerSlot& ts = slots[k % kTriggerSlots];
        ts.intended.store(intended, std::memory_order_relaxed);
        ts.sent.store(sent_at, std::memory_order_relaxed);
        ts.recorded.store(next >= plan.warmup, std::memory_order_relaxed);
        ts.k.store(k, std::memory_order_release);
        ++res.triggers;
        res.triggers_recorded += ts.recorded ? 1 : 0;
        owner.triggers_.fetch_add(1, std::memory_order_relaxed);
      }
      ++res.sent;
      last_sent = sent_at;
      ++next;
    }
    if (next >= plan.total) stop_streaming(last_sent);
  }

  void stop_streaming(TscTicks last) {
    streaming = false;
    res.seconds = last > t0 ? static_cast<double>(Clock::to_ns(last - t0)) / 1e9 : 0.0;
    res.achieved_rate = res.seconds > 0 ? static_cast<double>(res.sent) / res.seconds : 0.0;
    owner.sending_done_.store(true, std::memory_order_release);
  }

  void flush_replies() {
    for (auto& s : ws)
      while (s->open && !s->replies.empty()) {
        const std::string& r = s->replies.front();
        if (s->ws->send_text(reinterpret_cast<const std::uint8_t*>(r.data()), r.size()) != net::WsSendStatus::Ok) break;
        s->replies.pop_front();
      }
  }

  std::int64_t wait_ns() const noexcept {
    if (cfg.spin) return 0;
    if (!streaming) return 1'000'000;
    const TscTicks now = Clock::now(), d = due(next);
    if (d <= now) return 0;
    return std::min<std::int64_t>(Clock::to_ns(d - now), 1'000'000);
  }

  // Market thread: schedule, WebSocket sessions.
  void run_ws() {
    while (!stop.load(std::memory_order_relaxed)) {
      {
        std::lock_guard<std::mutex> g(mu);
        if (pending_plan) {
          begin(*pending_plan);
          pending_plan.reset();
        }
      }
      flush_replies();
      if (streaming) send_due();
      ws_side.loop->poll(wait_ns());
      std::erase_if(ws, [](const auto& s) { return s->dead; });
      std::size_t n = 0;
      for (auto& s : ws) n += (s->open && s->armed) ? 1 : 0;
      owner.subscribed_.store(n, std::memory_order_release);
    }
    for (auto& s : ws) s->conn->stop();
    for (int i = 0; i < 20; ++i) ws_side.loop->poll(0);
    ws.clear();
  }

  // Order thread: REST sessions (sleeps in the kernel unless spinning: wakes on data).
  void run_rest() {
    while (!stop.load(std::memory_order_relaxed)) {
      rest_side.loop->poll(cfg.spin ? 0 : 1'000'000);
      std::erase_if(http, [](const auto& s) { return s->dead; });
    }
    for (auto& s : http) s->conn->stop();
    for (int i = 0; i < 20; ++i) rest_side.loop->poll(0);
    http.clear();
  }

  // One listening server (loop + TLS context + port) made on its own thread.
  struct Side {
    std::unique_ptr<net::EventLoop> loop;
    std::unique_ptr<net::TlsContext> tls;
    Acceptor acceptor;
  };
  bool open_side(Side& side, bool websocket, std::uint16_t& port, std::string& err) {
    net::LoopConfig lc;
    lc.max_conns = 512;  // a client that opens a connection per order (ccxt under load)
    lc.max_timers = 1024;
    lc.tx_buf_size = 4 << 20;
    side.loop = net::EventLoop::create(lc, &err);
    net::TlsServerOptions so;
    so.cert_file = cfg.cert_file;
    so.key_file = cfg.key_file;
    if (side.loop) side.tls = net::TlsContext::server(so, &err);
    if (!side.loop || !side.tls) return false;
    side.acceptor.impl = this;
    side.acceptor.websocket = websocket;
    const int fd = net::make_listen_socket(net::ipv4("127.0.0.1", 0), 512);
    if (fd < 0) {
      err = "listen socket";
      return false;
    }
    port = net::local_port(fd);
    side.loop->listen(fd, side.acceptor);
    return true;
  }

  LoadGenerator& owner;
  GeneratorConfig cfg;
  const MarketMessages& msgs;
  binance::HmacSha256Signer signer;
  Side ws_side, rest_side;
  std::vector<std::unique_ptr<WsSession>> ws;
  std::vector<std::unique_ptr<HttpSession>> http;
  std::vector<TriggerSlot> slots;
  std::vector<std::uint64_t> matched_k;  ///< order thread: trigger matched per slot
  std::vector<char> scratch;
  GeneratorResult res;
  StreamPlan plan;
  double ticks_per_msg = 1;
  TscTicks t0 = 0, last_sent = 0;
  std::uint64_t next = 0, book_seen = 0;
  bool streaming = false;
  std::atomic<bool> stop{false};
  std::mutex mu;
  std::unique_ptr<StreamPlan> pending_plan;
};

// Starts one server thread; returns once it listens (or failed, with `err`).
static std::thread start_side(const char* name, int cpu, std::string& err, const std::function<bool()>& open,
                              const std::function<void()>& run) {
  std::atomic<int> ready{0};
  std::thread t([&ready, &err, name, cpu, open, run] {
    set_current_thread_name(name);
    if (cpu >= 0)
      if (auto e = pin_current_thread(cpu)) err = std::string(name) + " pin: " + e.message;
    if (!open()) {
      ready.store(-1);
      return;
    }
    ready.store(1);
    run();
  });
  while (ready.load() == 0) std::this_thread::yield();
  if (ready.load() != 1) {
    t.join();
    throw std::runtime_error("load generator: " + err);
  }
  return t;
}

LoadGenerator::LoadGenerator(const GeneratorConfig& cfg, const MarketMessages& msgs)
    : impl_(std::make_unique<Impl>(*this, cfg, msgs)) {
  Impl& m = *impl_;
  std::string err;
  thread_ = start_side("bench-md", cfg.cpu, err, [&m, this, &err] { return m.open_side(m.ws_side, true, ws_port_, err); },
                       [&m] { m.run_ws(); });
  try {
    rest_thread_ = start_side("bench-orders", cfg.rest_cpu, err,
                              [&m, this, &err] { return m.open_side(m.rest_side, false, rest_port_, err); },
                              [&m] { m.run_rest(); });
  } catch (...) {
    m.stop.store(true);
    thread_.join();
    throw;
  }
}

LoadGenerator::~LoadGenerator() {
  impl_->stop.store(true);
  if (thread_.joinable()) thread_.join();
  if (rest_thread_.joinable()) rest_thread_.join();
}

void LoadGenerator::start(const StreamPlan& plan) {
  sending_done_.store(false, std::memory_order_release);
  std::lock_guard<std::mutex> g(impl_->mu);
  impl_->pending_plan = std::make_unique<StreamPlan>(plan);
  if (impl_->pending_plan->trigger_every == 0) impl_->pending_plan->trigger_every = 1;
}

GeneratorResult LoadGenerator::finish() {
  impl_->stop.store(true);
  if (thread_.joinable()) thread_.join();
  if (rest_thread_.joinable()) rest_thread_.join();
  return std::move(impl_->res);
}

}  // namespace xtb::bench
