// load_generator.cpp — see load_generator.hpp.
#include "load_generator.hpp"

#include <algorithm>
#include <mutex>
#include <vector>

#include "core/clock.hpp"
#include "http_exchange.hpp"
#include "peer_loop.hpp"

namespace xtb::bench {

namespace {

using test_support::PeerLoop;
using test_support::WsPeer;

// WsPeer::user bits of a market-data session.
constexpr std::uint64_t kCombined = 1;  ///< "/stream?streams=..." target: combined form
constexpr std::uint64_t kArmed = 2;     ///< receives market data

bool armed(const WsPeer& s) noexcept { return s.open && (s.user & kArmed) != 0; }

}  // namespace

struct LoadGenerator::Impl {
  // Written by the market thread (k last, release), read by the order thread (k first,
  // acquire). A slot is reused only kTriggerSlots triggers later.
  struct TriggerSlot {
    std::atomic<std::uint64_t> k{UINT64_MAX};  ///< trigger number occupying the slot
    std::atomic<TscTicks> intended{0}, sent{0};
    std::atomic<bool> recorded{false};
  };

  // Market thread: the schedule and the WebSocket sessions.
  struct MarketSide final : test_support::PeerHooks {
    Impl& g;
    explicit MarketSide(Impl& i) : g(i) {}
    void on_turn(PeerLoop& loop) override { g.market_turn(loop); }
    std::uint16_t on_ws_upgrade(WsPeer& s) override {
      const bool combined = s.target.find("streams=") != std::string::npos;
      // A raw target naming a stream streams at once; a bare "/ws/0" waits for SUBSCRIBE.
      s.user = (combined ? kCombined | kArmed : 0) | (s.target.find('@') != std::string::npos ? kArmed : 0);
      return 101;
    }
    void on_ws_message(WsPeer& s, std::string_view text) override {
      test_support::WsMessage m{s.target, std::string(text)};
      if (test_support::binance_ws_request(s, m) == "SUBSCRIBE") s.user |= kArmed;
    }
    void on_http(net::HttpServerConnection&, const net::HttpMessageParser&) override {}
    std::int64_t idle_wait_ns() override { return g.wait_ns(); }
    void on_turn_end(PeerLoop& loop, bool) override {
      const auto& ws = loop.ws_sessions();
      const auto n = std::count_if(ws.begin(), ws.end(), [](const auto& s) { return armed(*s); });
      g.owner.subscribed_.store(static_cast<std::size_t>(n), std::memory_order_release);
    }
  };

  // Order thread: the REST sessions (sleeps in the kernel unless spinning: wakes on data).
  struct OrderSide final : test_support::PeerHooks {
    Impl& g;
    explicit OrderSide(Impl& i) : g(i) {}
    void on_http(net::HttpServerConnection& c, const net::HttpMessageParser& req) override { g.handle(c, req); }
    std::int64_t idle_wait_ns() override { return g.cfg.spin ? 0 : 1'000'000; }
  };

  static test_support::BinanceUsdmOptions preset(const GeneratorConfig& c) {
    test_support::BinanceUsdmOptions o;
    o.api_key = c.api_key;
    o.secret = c.secret;
    o.fixtures = c.fixtures;
    o.used_weight = 1;
    return o;
  }

  Impl(LoadGenerator& o, const GeneratorConfig& c, const MarketMessages& m)
      : owner(o),
        cfg(c),
        msgs(m),
        check(c.api_key, c.secret),
        routes(test_support::binance_usdm_routes(preset(c))),
        slots(kTriggerSlots),
        matched_k(kTriggerSlots, UINT64_MAX),
        scratch(64 * 1024) {}

  // Starts the market thread, then the order thread (the first stops if the second fails).
  void start() {
    test_support::PeerLoopConfig lc;
    lc.cert_file = cfg.cert_file;
    lc.key_file = cfg.key_file;
    lc.max_conns = 512;  // a client that opens a connection per order (ccxt under load)
    lc.max_timers = 1024;
    lc.tx_buf_size = 4 << 20;
    lc.ws_out_bytes = 4 << 20;
    lc.backlog = 512;
    lc.http = false;
    lc.thread_name = "bench-md";
    lc.cpu = cfg.cpu;
    md_loop = std::make_unique<PeerLoop>(lc, market);
    lc.http = true;
    lc.websocket = false;
    lc.thread_name = "bench-orders";
    lc.cpu = cfg.rest_cpu;
    rest_loop = std::make_unique<PeerLoop>(lc, orders);
  }

  void stop() {
    if (md_loop) md_loop->stop();
    if (rest_loop) rest_loop->stop();
  }

  // ---- REST ---------------------------------------------------------------------------
  void handle(net::HttpServerConnection& c, const net::HttpMessageParser& req) {
    const TscTicks arrival = Clock::now();  // first: the order's arrival time
    owner.rest_requests_.fetch_add(1, std::memory_order_relaxed);
    const std::string_view target = req.target();
    if (target.substr(0, target.find('?')) == "/fapi/v1/order" && req.method() == "POST") on_order(arrival, req);
    const test_support::Request r = test_support::read_request(req);
    (void)test_support::send_reply(c, answer(r));
  }

  // The order's answer (or refusal); every other request's routed answer.
  test_support::Reply answer(test_support::Request r) {
    if (cfg.verify_signatures && r.path == "/fapi/v1/order" && r.method == "POST") {
      check.inspect(r);
      if (!check.verified(r)) {
        ++res.bad_signatures;
        test_support::Reply no{400, {}, test_support::binance_error(-1022, "Signature for this request is not valid.")};
        routes.decorate(r, no);
        return no;
      }
    }
    return routes.answer(r);
  }

  // Matches the order to its trigger and records intended-send → arrival.
  void on_order(TscTicks arrival, const net::HttpMessageParser& req) {
    ++res.orders;
    const std::string_view target = req.target();
    const std::size_t q = target.find('?');
    std::string_view px = test_support::form_param(req.body_view(), "price");
    if (px.empty() && q != std::string_view::npos) px = test_support::form_param(target.substr(q + 1), "price");
    const std::int64_t ticks = parse_price_ticks(px);
    const std::int64_t k = ticks - cfg.threshold_ticks;
    if (ticks < 0 || k < 0) {
      ++res.unmatched_orders;
      return;
    }
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
      if (!s.recorded.load(std::memory_order_relaxed)) return;
      const TscTicks intended = s.intended.load(std::memory_order_relaxed);
      const TscTicks sent = s.sent.load(std::memory_order_relaxed);
      ++res.matched_recorded;
      res.wire.record(static_cast<std::uint64_t>(arrival > intended ? Clock::to_ns(arrival - intended) : 0));
      res.wire_from_send.record(static_cast<std::uint64_t>(arrival > sent ? Clock::to_ns(arrival - sent) : 0));
    }
  }

  // ---- open-loop sender ----------------------------------------------------------------
  void market_turn(PeerLoop& loop) {
    {
      std::lock_guard<std::mutex> g(mu);
      if (pending_plan) {
        begin(*pending_plan);
        pending_plan.reset();
      }
    }
    loop.flush_ws();  // SUBSCRIBE answers before market data
    if (streaming) send_due(loop);
  }

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

  // Message `idx` to every armed session (the trigger form when `trigger`); false at the
  // first full WebSocket buffer. `sent_at`: when the last session took it.
  bool send_one(PeerLoop& loop, std::size_t idx, bool trigger, std::int64_t bid, TscTicks& sent_at) {
    for (auto& s : loop.ws_sessions()) {
      if (!armed(*s)) continue;
      const bool combined = (s->user & kCombined) != 0;
      std::string_view text = combined ? msgs.combined(idx) : msgs.raw(idx);
      if (trigger) {
        const std::size_t n = msgs.make_trigger(idx, !combined, bid, scratch.data(), scratch.size());
        text = std::string_view(scratch.data(), n);
      }
      if (s->send(text) == net::WsSendStatus::WouldBlock) return false;
      sent_at = Clock::now();
    }
    return true;
  }

  // Sends every message that is due; stops at the first full WebSocket buffer.
  void send_due(PeerLoop& loop) {
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
      TscTicks sent_at = 0;
      if (!send_one(loop, idx, trigger, cfg.threshold_ticks + static_cast<std::int64_t>(k % kTriggerSlots), sent_at)) {
        ++res.would_block;
        return;  // retried after the loop drained the transport
      }
      if (sent_at == 0) sent_at = Clock::now();
      res.lag.record(static_cast<std::uint64_t>(Clock::to_ns(sent_at > intended ? sent_at - intended : 0)));
      if (m.book_ticker) ++book_seen;
      if (trigger) record_trigger(k, intended, sent_at);
      ++res.sent;
      last_sent = sent_at;
      ++next;
    }
    if (next >= plan.total) stop_streaming(last_sent);
  }

  void record_trigger(std::uint64_t k, TscTicks intended, TscTicks sent_at) {
    TriggerSlot& ts = slots[k % kTriggerSlots];
    ts.intended.store(intended, std::memory_order_relaxed);
    ts.sent.store(sent_at, std::memory_order_relaxed);
    ts.recorded.store(next >= plan.warmup, std::memory_order_relaxed);
    ts.k.store(k, std::memory_order_release);
    ++res.triggers;
    res.triggers_recorded += ts.recorded ? 1 : 0;
    owner.triggers_.fetch_add(1, std::memory_order_relaxed);
  }

  void stop_streaming(TscTicks last) {
    streaming = false;
    res.seconds = last > t0 ? static_cast<double>(Clock::to_ns(last - t0)) / 1e9 : 0.0;
    res.achieved_rate = res.seconds > 0 ? static_cast<double>(res.sent) / res.seconds : 0.0;
    owner.sending_done_.store(true, std::memory_order_release);
  }

  std::int64_t wait_ns() const noexcept {
    if (cfg.spin) return 0;
    if (!streaming) return 1'000'000;
    const TscTicks now = Clock::now(), d = due(next);
    if (d <= now) return 0;
    return std::min<std::int64_t>(Clock::to_ns(d - now), 1'000'000);
  }

  LoadGenerator& owner;
  GeneratorConfig cfg;
  const MarketMessages& msgs;
  test_support::BinanceHmacCheck check;
  test_support::RouteTable routes;  ///< order thread
  std::vector<TriggerSlot> slots;
  std::vector<std::uint64_t> matched_k;  ///< order thread: trigger matched per slot
  std::vector<char> scratch;
  GeneratorResult res;
  StreamPlan plan;
  double ticks_per_msg = 1;
  TscTicks t0 = 0, last_sent = 0;
  std::uint64_t next = 0, book_seen = 0;
  bool streaming = false;
  std::mutex mu;
  std::unique_ptr<StreamPlan> pending_plan;
  MarketSide market{*this};
  OrderSide orders{*this};
  std::unique_ptr<PeerLoop> md_loop, rest_loop;  // last: their threads use everything above
};

LoadGenerator::LoadGenerator(const GeneratorConfig& cfg, const MarketMessages& msgs)
    : impl_(std::make_unique<Impl>(*this, cfg, msgs)) {
  impl_->start();
  ws_port_ = impl_->md_loop->ws_port();
  rest_port_ = impl_->rest_loop->http_port();
}

LoadGenerator::~LoadGenerator() { impl_->stop(); }

void LoadGenerator::start(const StreamPlan& plan) {
  sending_done_.store(false, std::memory_order_release);
  std::lock_guard<std::mutex> g(impl_->mu);
  impl_->pending_plan = std::make_unique<StreamPlan>(plan);
  if (impl_->pending_plan->trigger_every == 0) impl_->pending_plan->trigger_every = 1;
}

GeneratorResult LoadGenerator::finish() {
  impl_->stop();
  return std::move(impl_->res);
}

}  // namespace xtb::bench
