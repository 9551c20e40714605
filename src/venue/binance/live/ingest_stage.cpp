// ingest_stage.cpp — see venue/binance/live/ingest_stage.hpp.
#include "venue/binance/live/ingest_stage.hpp"

#include <algorithm>

#include "core/frame_publisher.hpp"
#include "core/alloc_guard.hpp"
#include "net/uring/net_log.hpp"
#include "net/ws/ws_target.hpp"
#include "venue/binance/session_listen_key.hpp"

namespace xtb::binance {

namespace {
constexpr std::size_t kTargetCap = 8192;  // 200 streams × ~30 chars fit

net::BinanceWsRoute route_of(binance::StreamRoute r) noexcept { return static_cast<net::BinanceWsRoute>(r); }
}  // namespace

std::vector<IngestStreamSpec> make_market_specs(const std::vector<binance::StreamConnPlan>& plan,
                                                std::uint16_t first_tag, std::string* error) {
  std::vector<IngestStreamSpec> out;
  std::string buf(kTargetCap, '\0');
  std::uint16_t tag = first_tag;
  for (const binance::StreamConnPlan& c : plan) {
    std::vector<std::string_view> names(c.streams.begin(), c.streams.end());
    const std::size_t n = c.combined ? net::ws_target_combined(route_of(c.route), names.data(), names.size(),
                                                               buf.data(), buf.size())
                                     : net::ws_target_raw(route_of(c.route), names.front(), buf.data(), buf.size());
    if (n == 0) {
      if (error) *error = "cannot build a WebSocket target for stream '" + c.streams.front() + "'";
      return {};
    }
    out.push_back(IngestStreamSpec{tag++, buf.substr(0, n)});
  }
  return out;
}

std::string user_stream_target(binance::UserStreamPath path, std::string_view key) {
  char buf[256];
  const std::size_t n = path == binance::UserStreamPath::Legacy
                            ? net::ws_target_raw(net::BinanceWsRoute::Legacy, key, buf, sizeof buf)
                            : net::ws_target_listen_key(net::BinanceWsRoute::Private, key, buf, sizeof buf);
  return std::string(buf, n);
}

/// Everything that lives on the stage thread.
struct IngestStage::Impl final : live::FeedSink {
  Impl(IngestStage& s, const IngestConfig& c, SpscRing<RawFrame>& out, LargeFramePool& pool, SignalRing* in,
       SignalRing* to)
      : stage(s), cfg(c), publisher(out, pool, s.stop_), from_egress(in), to_egress(to) {}

  IngestStage& stage;
  IngestConfig cfg;
  live::FramePublisher publisher;
  SignalRing* from_egress;
  SignalRing* to_egress;
  std::unique_ptr<net::EventLoop> loop;
  std::unique_ptr<net::TlsContext> tls;
  std::vector<std::unique_ptr<live::WsFeed>> feeds;  // market feeds
  std::unique_ptr<live::WsFeed> user;                // built on the first ListenKey signal
  std::vector<live::WsFeedStats> final_stats;        // feed stats kept after shutdown
  bool initialised = false;
  bool user_stop_pending = false;
  bool user_connected_before = false;                // reconnect detection for the user feed
  std::vector<live::LinkFlags> link_flags;           // per market feed (LinkHealth)
  live::LinkFlags user_link;                         // the user feed's
  bool user_counted = false;                         // the user feed was added to LinkHealth
  std::size_t work = 0;                              // items handled in the current poll

  bool init(std::string& error);
  void shutdown() noexcept;
  std::size_t drain_signals() noexcept;
  void on_listen_key(const binance::SessionSignal& s) noexcept;
  void signal(const binance::SessionSignal& s) noexcept;
  void update_all_open() noexcept;

  void on_feed_message(live::WsFeed& feed, net::WsOpcode op, const std::uint8_t* data, std::size_t len,
                       TscTicks rx_tsc) noexcept override;
  void on_feed_state(live::WsFeed& feed, ConnStatus status, std::int32_t reason) noexcept override;
};

bool IngestStage::Impl::init(std::string& error) {
  net::LoopConfig lc = cfg.loop;
  const std::uint32_t feeds_max = static_cast<std::uint32_t>(cfg.market.size()) + (cfg.user_stream ? 1u : 0u);
  // Two legs per feed (rotation); each leg holds one socket (+ one lingering after a
  // close) and two timers (connection pump + WebSocket ticks).
  lc.max_conns = std::max(lc.max_conns, feeds_max * 4 + 4);
  lc.max_timers = std::max(lc.max_timers, feeds_max * 4 + 4);
  lc.wait_mode = cfg.io_wait_ns > 0 ? net::WaitMode::Blocking : net::WaitMode::BusySpin;
  loop = net::EventLoop::create(lc, &error);
  if (!loop) return false;
  if (cfg.endpoint.tls) {
    tls = live::make_client_tls(cfg.endpoint, &error);
    if (!tls) return false;
  }
  for (const IngestStreamSpec& s : cfg.market) {
    live::WsFeedConfig fc = cfg.feed;
    fc.tag = s.tag;
    fc.target = s.target;
    feeds.push_back(std::make_unique<live::WsFeed>(*loop, tls.get(), cfg.endpoint, fc, *this));
    link_flags.emplace_back();
    stage.stats_.links.add_link();
    if (!feeds.back()->start(&error)) return false;
  }
  initialised = true;
  return true;
}

void IngestStage::Impl::shutdown() noexcept {
  for (auto& f : feeds) f->stop();
  if (user) user->stop();
  // Let close_notify / FIN go out, then tear everything down on this (the owner) thread.
  for (int i = 0; i < 20 && loop; ++i) loop->poll(0);
  for (const auto& f : feeds) final_stats.push_back(f->stats());
  if (user) final_stats.push_back(user->stats());
  user.reset();
  feeds.clear();
  loop.reset();
  tls.reset();
}

std::size_t IngestStage::Impl::drain_signals() noexcept {
  if (from_egress == nullptr) return 0;
  std::size_t n = 0;
  while (binance::SessionSignal* s = from_egress->front()) {
    const binance::SessionSignal sig = *s;
    from_egress->pop();
    ++n;
    stage.stats_.signals_in.add();
    if (sig.kind == binance::SessionSignal::Kind::ListenKey) {
      on_listen_key(sig);
    } else if (sig.kind == binance::SessionSignal::Kind::ListenKeyClosed && user) {
      user->stop();
    }
  }
  return n;
}

// Cold path (a new listenKey a few times a day): builds or retargets the user feed.
void IngestStage::Impl::on_listen_key(const binance::SessionSignal& s) noexcept {
  AllocGuard::ColdSection cold;  // a new user feed = connection setup (docs/live-pipeline.md)
  const std::string target = user_stream_target(cfg.user_path, s.key_view());
  if (target.empty()) {
    net::log(net::LogLevel::Error, "ingest: refusing an invalid listenKey (%u chars)", s.key_len);
    return;
  }
  std::string error;
  if (user && user->started() && user->target() == target) return;
  user_connected_before = false;  // a new key's first connect is not a reconnect
  if (!user) {
    live::WsFeedConfig fc = cfg.feed;
    fc.tag = cfg.user_tag;
    fc.target = target;
    user = std::make_unique<live::WsFeed>(*loop, tls.get(), cfg.endpoint, fc, *this);
    if (!user_counted) stage.stats_.links.add_link();
    user_counted = true;
    if (!user->start(&error)) net::log(net::LogLevel::Error, "ingest: user stream: %s", error.c_str());
    return;
  }
  stage.stats_.user_retargets.add();
  if (!user->retarget(target, &error)) net::log(net::LogLevel::Error, "ingest: user stream: %s", error.c_str());
}

void IngestStage::Impl::signal(const binance::SessionSignal& s) noexcept {
  if (to_egress == nullptr) return;
  if (to_egress->try_push(s)) stage.stats_.signals_out.add();
  else stage.stats_.signal_drops.add();
}

void IngestStage::Impl::update_all_open() noexcept {
  bool open = initialised;
  for (std::size_t i = 0; i < feeds.size(); ++i) {
    open = open && feeds[i]->open();
    stage.stats_.links.set_up(link_flags[i], feeds[i]->open());
  }
  if (user) open = open && user->open();
  if (user) stage.stats_.links.set_up(user_link, user->open());
  stage.all_open_.store(open, std::memory_order_relaxed);
}

void IngestStage::Impl::on_feed_message(live::WsFeed& feed, net::WsOpcode op, const std::uint8_t* data,
                                        std::size_t len, TscTicks rx_tsc) noexcept {
  const FrameKind kind = op == net::WsOpcode::Binary ? FrameKind::WsBinary : FrameKind::WsText;
  if (publisher.publish_message(feed.tag(), kind, data, len, rx_tsc)) {
    stage.stats_.messages.add();
    stage.stats_.bytes.add(len);
  } else {
    stage.stats_.publish_failures.add();
  }
  ++work;
  if (&feed != user.get()) return;
  stage.stats_.user_messages.add();
  if (binance::is_listen_key_expired(data, len)) {
    // The key lapsed: this connection delivers nothing more. Stop it (outside the
    // callback) and let egress create a new key; its ListenKey signal reconnects us.
    stage.stats_.listen_key_expired.add();
    user_stop_pending = true;
    signal(binance::SessionSignal::of(binance::SessionSignal::Kind::ListenKeyExpired, feed.tag()));
  }
}

void IngestStage::Impl::on_feed_state(live::WsFeed& feed, ConnStatus status, std::int32_t reason) noexcept {
  if (!publisher.publish_conn_state(feed.tag(), status, reason)) stage.stats_.publish_failures.add();
  stage.stats_.conn_states.add();
  ++work;
  stage.stats_.links.on_state(status, reason);
  if (status != ConnStatus::Connected || &feed != user.get()) return;
  if (user_connected_before)
    signal(binance::SessionSignal::of(binance::SessionSignal::Kind::UserStreamReconnected, feed.tag()));
  user_connected_before = true;
}

IngestStage::IngestStage(const IngestConfig& cfg, SpscRing<RawFrame>& out, LargeFramePool& pool,
                         SignalRing* from_egress, SignalRing* to_egress)
    : impl_(std::make_unique<Impl>(*this, cfg, out, pool, from_egress, to_egress)) {}

IngestStage::~IngestStage() = default;

std::size_t IngestStage::poll() noexcept {
  Impl& m = *impl_;
  if (!begin_poll(m, "ingest")) return 0;
  if (stop_.load(std::memory_order_relaxed)) {
    m.shutdown();
    all_open_.store(false, std::memory_order_relaxed);
    done_.set();
    return 1;
  }
  m.work = m.drain_signals();
  if (m.user_stop_pending) {
    m.user_stop_pending = false;
    if (m.user) m.user->stop();
  }
  for (auto& f : m.feeds) f->service();
  if (m.user) m.user->service();
  m.loop->poll(m.work > 0 ? 0 : m.cfg.io_wait_ns);
  m.update_all_open();
  return m.work;
}

std::vector<live::WsFeedStats> IngestStage::feed_stats() const {
  if (done_.get()) return impl_->final_stats;
  std::vector<live::WsFeedStats> out;
  for (const auto& f : impl_->feeds) out.push_back(f->stats());
  if (impl_->user) out.push_back(impl_->user->stats());
  return out;
}

}  // namespace xtb::binance
