// ws_feed.cpp — see ws_feed.hpp.
#include "net/client/ws_feed.hpp"

#include "core/clock.hpp"
#include "net/uring/net_log.hpp"

namespace xtb::live {

/// One connection of the feed: WsStream codec on a Connection, reporting to the feed.
struct WsFeed::Leg final : net::WsHandler, net::ConnObserver {
  Leg(WsFeed& f, int i) : feed(f), idx(i) {}
  WsFeed& feed;
  int idx;
  std::unique_ptr<net::WsStream> ws;      // declared before conn: conn (which uses ws) dies first
  std::unique_ptr<net::Connection> conn;
  bool running = false;       ///< started and not stopped
  bool stop_pending = false;  ///< stop in the next service() (asked from a loop callback)
  bool retiring = false;      ///< being stopped on purpose: its Disconnected is not reported

  void on_open() override { feed.on_leg_open(idx); }
  void on_message(net::WsOpcode op, const std::uint8_t* data, std::size_t size) override {
    feed.on_leg_message(idx, op, data, size);
  }
  void on_close(std::uint16_t, std::string_view) override {}     // reported via on_conn_state
  void on_error(net::WsError, std::uint16_t) override {}         // idem (reason 6000 + error)
  void on_rotate_due() override { feed.on_leg_rotate_due(idx); }
  void on_conn_state(std::uint16_t, ConnStatus status, std::int32_t reason) noexcept override {
    if (!retiring) feed.on_leg_state(idx, status, reason);
  }

  void stop_quietly() noexcept {
    retiring = true;
    conn->stop();
    retiring = false;
    running = false;
    stop_pending = false;
  }
};

WsFeed::WsFeed(net::EventLoop& loop, net::TlsContext* tls, const LiveEndpoint& ep, const WsFeedConfig& cfg,
               FeedSink& sink)
    : loop_(loop), tls_(tls), ep_(ep), cfg_(cfg), sink_(sink) {
  build_legs();
}

WsFeed::~WsFeed() {
  for (auto& leg : legs_)
    if (leg && leg->running) leg->stop_quietly();
}

void WsFeed::build_legs() {
  for (int i = 0; i < 2; ++i) {
    auto leg = std::make_unique<Leg>(*this, i);
    net::WsStreamOptions o;
    o.ws = cfg_.ws;
    o.ws.role = net::WsRole::Client;
    o.host = ep_.host_header();
    o.target = cfg_.target;
    o.out_bytes = cfg_.ws_out_bytes;
    leg->ws = std::make_unique<net::WsStream>(loop_, o, *leg);
    net::ConnectionConfig c;
    c.host = ep_.host;
    c.port = ep_.port;
    c.connect_address = ep_.connect_address;
    c.tls = ep_.tls;
    c.tag = cfg_.tag;
    c.connect_timeout_ns = cfg_.connect_timeout_ns;
    c.handshake_timeout_ns = cfg_.handshake_timeout_ns;
    c.reconnect = true;
    c.backoff = cfg_.backoff;
    c.backoff_seed = 0x5EED0000ull + cfg_.tag * 2u + static_cast<unsigned>(i);  // legs/feeds jitter apart
    c.plain_out_size = cfg_.plain_out_bytes;
    leg->conn = std::make_unique<net::Connection>(loop_, tls_, c, *leg->ws, leg.get());
    legs_[i] = std::move(leg);
  }
  active_ = 0;
  standby_ = -1;
  rotate_wanted_ = false;
}

bool WsFeed::start_leg(int leg, std::string* error) noexcept {
  Leg& l = *legs_[leg];
  if (l.running) return true;
  if (!l.conn->start(error)) return false;
  l.running = true;
  return true;
}

bool WsFeed::start(std::string* error) {
  if (started_) return true;
  if (!start_leg(active_, error)) return false;
  started_ = true;
  return true;
}

void WsFeed::stop() noexcept {
  if (standby_ >= 0 && legs_[standby_]->running) legs_[standby_]->stop_quietly();
  standby_ = -1;
  for (int i = 0; i < 2; ++i) {
    Leg& l = *legs_[i];
    if (!l.running) continue;
    if (i == active_) {
      l.conn->stop();  // reports Disconnected(0) when it was open
      l.running = false;
      l.stop_pending = false;
    } else {
      l.stop_quietly();
    }
  }
  started_ = false;
  rotate_wanted_ = false;
}

bool WsFeed::retarget(const std::string& target, std::string* error) {
  stop();
  cfg_.target = target;
  for (auto& leg : legs_) leg.reset();  // Connection before WsStream (Leg member order)
  build_legs();
  return start(error);
}

void WsFeed::service() noexcept {
  for (auto& leg : legs_)
    if (leg->stop_pending) leg->stop_quietly();
  if (rotate_wanted_) {
    rotate_wanted_ = false;
    const int other = 1 - active_;
    if (standby_ < 0 && !legs_[other]->running && started_) {
      net::log(net::LogLevel::Info, "feed %u: rotating connection (make before break)", cfg_.tag);
      if (start_leg(other, nullptr)) standby_ = other;
    }
  }
}

bool WsFeed::open() const noexcept { return legs_[active_]->ws->is_open(); }

void WsFeed::on_leg_open(int /*leg*/) noexcept { ++stats_.connects; }

void WsFeed::on_leg_message(int leg, net::WsOpcode op, const std::uint8_t* data, std::size_t len) noexcept {
  const TscTicks rx = Clock::now();  // the message is complete now: its rx time
  if (leg == standby_) {
    // The replacement delivers: it becomes active, the old leg retires (from service()).
    legs_[active_]->stop_pending = true;
    active_ = leg;
    standby_ = -1;
    ++stats_.rotations;
  }
  ++stats_.messages;
  sink_.on_feed_message(*this, op, data, len, rx);
}

void WsFeed::on_leg_rotate_due(int leg) noexcept {
  if (leg == active_ && standby_ < 0) rotate_wanted_ = true;
}

void WsFeed::on_leg_state(int leg, ConnStatus status, std::int32_t reason) noexcept {
  if (leg == standby_) return;  // a replacement's transitions are internal until it takes over
  if (leg != active_) return;   // a retired leg
  if (status == ConnStatus::Disconnected && standby_ >= 0) {
    Leg& s = *legs_[standby_];
    if (s.ws->is_open()) {
      // The old leg dropped first: the replacement is already up, switch without a gap.
      legs_[active_]->stop_pending = true;
      active_ = standby_;
      standby_ = -1;
      ++stats_.rotations;
      return;
    }
    s.stop_pending = true;  // not up yet: cancel the rotation, the old leg reconnects itself
    standby_ = -1;
    ++stats_.rotations_cancelled;
  }
  if (status == ConnStatus::Disconnected && reason != 0) ++stats_.disconnects;
  sink_.on_feed_state(*this, status, reason);
}

}  // namespace xtb::live
