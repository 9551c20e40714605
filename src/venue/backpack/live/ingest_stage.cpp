// ingest_stage.cpp — see ingest_stage.hpp.
#include "venue/backpack/live/ingest_stage.hpp"

#include <algorithm>

#include "core/clock.hpp"
#include "core/frame_publisher.hpp"
#include "net/connection.hpp"
#include "net/connection_ws.hpp"
#include "net/uring/net_log.hpp"
#include "venue/backpack/live/stream_plan.hpp"

namespace xtb::backpack {

namespace {
constexpr std::size_t kSubscribeCap = 16 * 1024;  // 4 streams × ~30 chars × 100 symbols
}

/// One WebSocket connection that subscribes on every open.
struct IngestFeed final : net::WsHandler, net::ConnObserver {
  IngestFeed(IngestStage::Impl& o, std::uint16_t t, bool priv) : owner(o), tag(t), is_user(priv) {}
  IngestStage::Impl& owner;
  std::uint16_t tag;
  bool is_user;
  std::unique_ptr<net::WsStream> ws;  // declared before conn: conn (which uses ws) dies first
  std::unique_ptr<net::Connection> conn;
  live::LinkFlags link;

  void on_open() override;
  void on_message(net::WsOpcode op, const std::uint8_t* data, std::size_t size) override;
  void on_close(std::uint16_t, std::string_view) override {}  // reported via on_conn_state
  void on_error(net::WsError, std::uint16_t) override {}      // idem
  void on_conn_state(std::uint16_t, ConnStatus status, std::int32_t reason) noexcept override;
};

struct IngestStage::Impl {
  Impl(IngestStage& s, const IngestConfig& c, SpscRing<RawFrame>& out, LargeFramePool& pool, RequestEncoder* a,
       std::atomic<std::uint64_t>* opens)
      : stage(s), cfg(c), publisher(out, pool, s.stop_), auth(a), market_opens(opens) {}

  IngestStage& stage;
  IngestConfig cfg;
  live::FramePublisher publisher;
  RequestEncoder* auth;
  std::atomic<std::uint64_t>* market_opens;
  std::unique_ptr<net::EventLoop> loop;
  std::unique_ptr<net::TlsContext> tls;
  std::vector<std::unique_ptr<IngestFeed>> feeds;
  std::string market_subscribe;  ///< built once (cold)
  char user_subscribe[2048];
  bool initialised = false;
  std::size_t work = 0;

  bool init(std::string& error);
  bool add_feed(std::uint16_t tag, bool is_user, std::string& error);
  void shutdown() noexcept;
  void subscribe(IngestFeed& f) noexcept;
  void update_all_open() noexcept;
};

bool IngestStage::Impl::init(std::string& error) {
  if (cfg.public_streams.empty() && !cfg.user_stream) return error = "no streams to subscribe", false;
  if (cfg.user_stream && auth == nullptr) return error = "user stream without a signer", false;
  market_subscribe.assign(kSubscribeCap, '\0');
  const std::size_t n = write_public_subscribe(cfg.public_streams, market_subscribe.data(), market_subscribe.size());
  if (!cfg.public_streams.empty() && n == 0) return error = "SUBSCRIBE message too long or a bad symbol name", false;
  market_subscribe.resize(n);
  net::LoopConfig lc = cfg.loop;
  lc.max_conns = std::max<std::uint32_t>(lc.max_conns, 8);
  lc.max_timers = std::max<std::uint32_t>(lc.max_timers, 8);
  lc.wait_mode = cfg.io_wait_ns > 0 ? net::WaitMode::Blocking : net::WaitMode::BusySpin;
  loop = net::EventLoop::create(lc, &error);
  if (!loop) return false;
  if (cfg.endpoint.tls && !(tls = live::make_client_tls(cfg.endpoint, &error))) return false;
  if (!cfg.public_streams.empty() && !add_feed(cfg.market_tag, false, error)) return false;
  if (cfg.user_stream && !add_feed(cfg.user_tag, true, error)) return false;
  initialised = true;
  return true;
}

bool IngestStage::Impl::add_feed(std::uint16_t tag, bool is_user, std::string& error) {
  auto f = std::make_unique<IngestFeed>(*this, tag, is_user);
  net::WsStreamOptions o;
  o.ws = cfg.ws;
  o.ws.role = net::WsRole::Client;
  o.host = cfg.endpoint.host_header();
  o.target = cfg.target;
  o.out_bytes = 64 * 1024;
  f->ws = std::make_unique<net::WsStream>(*loop, o, *f);
  net::ConnectionConfig c;
  c.host = cfg.endpoint.host;
  c.port = cfg.endpoint.port;
  c.connect_address = cfg.endpoint.connect_address;
  c.tls = cfg.endpoint.tls;
  c.tag = tag;
  c.connect_timeout_ns = cfg.connect_timeout_ns;
  c.handshake_timeout_ns = cfg.handshake_timeout_ns;
  c.reconnect = true;
  c.backoff = cfg.backoff;
  c.backoff_seed = 0xB9C0000ull + tag;
  c.plain_out_size = 64 * 1024;
  f->conn = std::make_unique<net::Connection>(*loop, tls.get(), c, *f->ws, f.get());
  stage.stats_.links.add_link();
  if (!f->conn->start(&error)) return false;
  feeds.push_back(std::move(f));
  return true;
}

void IngestStage::Impl::shutdown() noexcept {
  for (auto& f : feeds) f->conn->stop();
  for (int i = 0; i < 20 && loop; ++i) loop->poll(0);  // let close_notify / FIN go out
  feeds.clear();
  loop.reset();
  tls.reset();
}

// WebSocket open (first connect or reconnect): (re)subscribe. Cold: a few times a day.
void IngestStage::Impl::subscribe(IngestFeed& f) noexcept {
  AllocGuard::ColdSection cold;  // OpenSSL's Ed25519 allocates inside (signer.hpp)
  std::size_t n = 0;
  const char* msg = nullptr;
  if (f.is_user) {
    const std::string_view streams[] = {kPrivateStreams[0], kPrivateStreams[1]};
    const std::int64_t now_ms = Clock::wall_ns() / 1'000'000 + cfg.venue_offset_ms;
    n = auth->encode_private_subscribe(streams, std::size(streams), now_ms, user_subscribe, sizeof user_subscribe);
    msg = user_subscribe;
  } else {
    n = market_subscribe.size();
    msg = market_subscribe.data();
  }
  const bool ok = n != 0 && f.ws->send_text(reinterpret_cast<const std::uint8_t*>(msg), n) == net::WsSendStatus::Ok;
  if (!ok) {
    stage.stats_.subscribe_failures.add();
    net::log(net::LogLevel::Error, "ingest: SUBSCRIBE on connection %u failed", f.tag);
    return;
  }
  stage.stats_.subscribes.add();
  if (!f.is_user && market_opens != nullptr) market_opens->fetch_add(1, std::memory_order_release);
}

void IngestStage::Impl::update_all_open() noexcept {
  bool open = initialised;
  for (auto& f : feeds) {
    const bool up = f->ws->is_open();
    open = open && up;
    stage.stats_.links.set_up(f->link, up);
  }
  stage.all_open_.store(open, std::memory_order_relaxed);
}

void IngestFeed::on_open() { owner.subscribe(*this); }

void IngestFeed::on_message(net::WsOpcode op, const std::uint8_t* data, std::size_t size) {
  const FrameKind kind = op == net::WsOpcode::Binary ? FrameKind::WsBinary : FrameKind::WsText;
  IngestStats& st = owner.stage.stats_;
  if (owner.publisher.publish_message(tag, kind, data, size, Clock::now())) {
    st.messages.add();
    st.bytes.add(size);
  } else {
    st.publish_failures.add();
  }
  ++owner.work;
  // {"id":..,"error":{"code":4006,"message":"Invalid stream"}}: a refused SUBSCRIBE (bad
  // signature, expired window, unknown symbol) — the feed stays open but silent.
  const std::string_view head(reinterpret_cast<const char*>(data), std::min<std::size_t>(size, 24));
  if (head.find("\"error\"") != std::string_view::npos) {
    st.ws_errors.add();
    if (st.ws_errors.get() <= 5)
      net::log(net::LogLevel::Error, "ingest: connection %u: venue error %.*s", tag,
               static_cast<int>(std::min<std::size_t>(size, 200)), reinterpret_cast<const char*>(data));
  }
}

void IngestFeed::on_conn_state(std::uint16_t, ConnStatus status, std::int32_t reason) noexcept {
  IngestStats& st = owner.stage.stats_;
  if (!owner.publisher.publish_conn_state(tag, status, reason)) st.publish_failures.add();
  st.conn_states.add();
  st.links.on_state(status, reason);
  ++owner.work;
}

IngestStage::IngestStage(const IngestConfig& cfg, SpscRing<RawFrame>& out, LargeFramePool& pool, RequestEncoder* auth,
                         std::atomic<std::uint64_t>* market_opens)
    : impl_(std::make_unique<Impl>(*this, cfg, out, pool, auth, market_opens)) {}

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
  m.work = 0;
  m.loop->poll(m.cfg.io_wait_ns);
  m.update_all_open();
  return m.work;
}

}  // namespace xtb::backpack
