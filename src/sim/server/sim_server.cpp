// sim_server.cpp — see sim_server.hpp: set-up, the event loop, replay pacing, periodic
// work, session reaping and the exit dump. HTTP and WebSocket handling live in
// server_http.cpp and server_ws.cpp.
#include "sim/server/sim_server.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "core/clock.hpp"
#include "net/uring/socket_util.hpp"
#include "sim/server/face_registry.hpp"
#include "sim/server/server_files.hpp"

namespace xtb::sim::server {
namespace {

constexpr std::int64_t kTickNs = 20'000'000;             // periodic work every 20 ms
constexpr std::size_t kRecordsPerPump = 512;             // keeps REST answers flowing at speed 0
constexpr std::size_t kCongestedOut = 64 * 1024;         // session buffer bytes = back-pressure
constexpr std::uint32_t kCongestedSocket = 192 * 1024;   // socket queue bytes = back-pressure
constexpr std::int64_t kSlowConsumerNs = 10'000'000'000; // then the venue drops the consumer

}  // namespace

EpochMs SimServer::now_ms() noexcept { return Clock::wall_ns() / 1'000'000; }

SimServer::SimServer(const ServerOptions& opt) : opt_(opt) {
  start_ms_ = now_ms();
  const FaceEntry* face = find_face(opt_.venue);
  if (face == nullptr)
    throw std::runtime_error("unknown venue '" + opt_.venue + "' (known venues: " + face_names() + ")");
  face_ = face->make(FaceContext{opt_, hub_, faults_, *this, start_ms_});
  start_listener();  // bind first: an instance that cannot listen writes no file (D18/H5)
  start_tls();
  if (!opt_.dump_path.empty()) check_dump_path(opt_.dump_path);  // S6: at start-up, not at exit
}

SimServer::~SimServer() {
  if (listen_fd_ >= 0 && listener_ == net::kInvalidConn) ::close(listen_fd_);
}

void SimServer::start_tls() {
  ServerCert c = prepare_server_cert(opt_.cert_dir.empty() ? default_cert_dir() : opt_.cert_dir);
  cert_path_ = std::move(c.cert_path);
  key_path_ = std::move(c.key_path);
  tls_ = std::move(c.tls);
  cert_reused_ = c.reused;
}

void SimServer::start_listener() {
  listen_fd_ = net::make_listen_socket(net::ipv4("127.0.0.1", opt_.port), 128);
  if (listen_fd_ < 0)
    throw std::runtime_error("cannot listen on 127.0.0.1:" + std::to_string(opt_.port) + ": " +
                             std::string(std::strerror(-listen_fd_)));
  port_ = net::local_port(listen_fd_);
}

std::string SimServer::ready_line() const {
  const std::string hp = "127.0.0.1:" + std::to_string(port_);
  return "ready rest=https://" + hp + " ws=wss://" + hp + " cert=" + cert_path_;
}

// ---- the loop ------------------------------------------------------------------------

int SimServer::run() {
  net::LoopConfig lc;
  // + 1 overflow session (answers 503, server_admission.cpp) + lingering closes
  lc.max_conns = static_cast<std::uint32_t>(2 * (opt_.max_sessions + 1) + 8);
  lc.max_timers = static_cast<std::uint32_t>(opt_.max_sessions + 1 + 8);
  std::string error;
  loop_ = net::EventLoop::create(lc, &error);
  if (!loop_) {
    std::fprintf(stderr, "xtb-sim: event loop: %s\n", error.c_str());
    return 1;
  }
  SessionConfig sc;
  sc.wrap = face_->stream_wrap();
  sc.header_timeout_ns = opt_.header_timeout_ms * 1'000'000;
  sc.http_idle_timeout_ns = opt_.http_idle_timeout_ms * 1'000'000;
  for (std::size_t i = 0; i <= opt_.max_sessions; ++i)  // the last one is the overflow session
    sessions_.push_back(std::make_unique<ServerSession>(*loop_, *tls_, static_cast<std::uint16_t>(i), *this, sc));
  listener_ = loop_->listen(listen_fd_, *this);
  if (listener_ == net::kInvalidConn) {
    std::fprintf(stderr, "xtb-sim: cannot watch the listening socket\n");
    return 1;
  }
  if (!opt_.hold) face_->replay().start(Clock::monotonic_ns());
  while (!stop_.load(std::memory_order_relaxed)) {
    std::int64_t now = Clock::monotonic_ns();
    pump_replay(now);
    if (now >= next_tick_ns_) {
      tick(now);
      next_tick_ns_ = now + kTickNs;
    }
    reap_sessions();
    now = Clock::monotonic_ns();
    std::int64_t wait = next_tick_ns_ - now;
    const std::int64_t due = face_->replay().next_due_ns();
    if (due != INT64_MAX && congested_since_ns_ == 0) wait = std::min(wait, due - now);
    loop_->poll(wait > 0 ? wait : 0);
    reap_sessions();
  }
  stop_sessions();
  return 0;
}

void SimServer::stop_sessions() {
  for (auto& s : sessions_)
    if (!s->is_free()) s->request_close(false);
  reap_sessions();
  // Let close frames / close_notify leave (close_after_send lingers at most 1 s).
  const std::int64_t until = Clock::monotonic_ns() + 200'000'000;
  while (Clock::monotonic_ns() < until) loop_->poll(10'000'000);
  loop_->close(listener_);
  listener_ = net::kInvalidConn;
  listen_fd_ = -1;
}

bool SimServer::subscribers_congested(std::int64_t mono_ns) {
  bool congested = false;
  for (auto& s : sessions_) {
    if (s->mode() != ServerSession::Mode::Ws || s->closing()) continue;
    if (s->backlog() > kCongestedOut + kCongestedSocket) congested = true;
  }
  if (!congested) {
    congested_since_ns_ = 0;
    return false;
  }
  if (congested_since_ns_ == 0) congested_since_ns_ = mono_ns;
  if (mono_ns - congested_since_ns_ > kSlowConsumerNs) {
    for (auto& s : sessions_)
      if (s->mode() == ServerSession::Mode::Ws && !s->closing() && s->backlog() > kCongestedOut + kCongestedSocket) {
        std::fprintf(stderr, "xtb-sim: closing slow consumer (session %u, %zu bytes queued)\n", s->index(),
                     s->backlog());
        s->request_close(true);
      }
    congested_since_ns_ = 0;
  }
  return true;
}

void SimServer::pump_replay(std::int64_t mono_ns) {
  ReplayFeed& replay = face_->replay();
  if (!replay.started()) return;
  if (replay.done()) {
    if (!replay_done_logged_) {
      replay_done_logged_ = true;
      std::fprintf(stderr, "replay: done records=%zu sent=%llu decode_errors=%llu time_jumps=%llu\n", replay.size(),
                   static_cast<unsigned long long>(stats_.messages_sent),
                   static_cast<unsigned long long>(replay.decode_errors()),
                   static_cast<unsigned long long>(replay.time_jumps()));
    }
    return;
  }
  if (subscribers_congested(mono_ns)) {
    ++stats_.replay_stalls;
    return;
  }
  const EpochMs now = now_ms();
  SimExchange& exchange = face_->exchange();
  for (std::size_t n = 0; n < kRecordsPerPump; ++n) {
    const ReplayItem* it = replay.due(mono_ns);
    if (it == nullptr) break;
    const Event* ev = nullptr;
    std::size_t count = 0;
    replay.decode(*it, ev, count);
    for (std::size_t i = 0; i < count; ++i) exchange.on_market_event(ev[i], now);  // book first, then subscribers
    if (it->topic != kNoTopic) stats_.messages_sent += hub_.publish(it->topic, it->json, it->data);
    replay.advance();
    ++stats_.replayed;
    if ((n & 63) == 63 && subscribers_congested(mono_ns)) break;
  }
  serve_parked();
}

void SimServer::tick(std::int64_t mono_ns) {
  const EpochMs now = now_ms();
  face_->exchange().advance_time(now);
  face_->tick(now);
  run_fault_actions(now);
  for (auto& s : sessions_)
    if (!s->is_free()) s->tick(mono_ns);
  serve_parked();
  log_refusals(mono_ns, false);
}

void SimServer::run_fault_actions(EpochMs now) {
  for (const FaultSpec& f : faults_.take_due_actions(now)) {
    if (!face_->on_fault_action(f, now)) kill_sessions(f.target);
  }
}

void SimServer::kill_sessions(FaultTarget target) {
  std::size_t n = 0;
  for (auto& s : sessions_) {
    if (s->is_free() || s->closing()) continue;
    const bool ws = s->mode() == ServerSession::Mode::Ws;
    const bool match = target == FaultTarget::All || (target == FaultTarget::Rest && !ws) ||
                       (target == FaultTarget::User && ws && s->user_bound()) ||
                       (target == FaultTarget::Market && ws && !s->user_bound());
    if (!match) continue;
    s->request_close(true);
    ++n;
  }
  stats_.killed_connections += n;
  std::fprintf(stderr, "fault: kill_connections target=%s killed=%zu\n", to_string(target), n);
}

void SimServer::reap_sessions() {
  for (auto& s : sessions_) {
    if (!s->reap()) continue;
    drop_session_links(*s);
    s->release();
  }
}

bool SimServer::write_dump(const std::string& path) const {
  const FaceCounters c = face_->counters();
  std::string out =
      "{\"ledger\":" + face_->exchange().ledger().to_json(face_->symbols()) + ",\"state\":" + face_->state_json();
  char tail[1024];
  std::snprintf(
      tail, sizeof tail,
      ",\"server\":{\"replayed\":%llu,\"records\":%zu,\"messagesSent\":%llu,\"httpRequests\":%llu,"
      "\"wsConnections\":%llu,\"userEventsSent\":%llu,\"userEventsDropped\":%llu,\"faultsFired\":%llu,"
      "\"http429\":%llu,\"http418\":%llu,\"badSignatures\":%llu}}\n",
      static_cast<unsigned long long>(stats_.replayed), face_->replay().size(),
      static_cast<unsigned long long>(stats_.messages_sent), static_cast<unsigned long long>(stats_.http_requests),
      static_cast<unsigned long long>(stats_.ws_connections), static_cast<unsigned long long>(c.user_events_sent),
      static_cast<unsigned long long>(c.user_events_dropped), static_cast<unsigned long long>(faults_.fired()),
      static_cast<unsigned long long>(c.http_429), static_cast<unsigned long long>(c.http_418),
      static_cast<unsigned long long>(c.bad_signatures));
  out += tail;
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f << out;
  return static_cast<bool>(f);
}

}  // namespace xtb::sim::server
