// server_admission.cpp — SimServer's admission of new connections (sim_server.hpp; D8 of
// issue 12): who gets one of the `--max-connections` sessions when a client connects.
//
//   1. A free session takes the connection.
//   2. Else the longest-idle HTTP keep-alive session (idle for at least kReclaimMinIdleNs
//      after its last answer) is closed, as HTTP servers drop idle keep-alives under load,
//      and its session takes the connection — 32 idle clients cannot lock others out.
//   3. Else the one reserved overflow session (index max_sessions) takes it: after the
//      TLS handshake it answers every request with HTTP 503 and the face's error for
//      RejectCode::Overloaded (the USD-M face: -1008 "Server is currently overloaded...")
//      and closes; a WebSocket upgrade gets 503.
//   4. Else the socket is closed.
// Refusals (3 and 4) are counted (ServerStats::rejected_connections) and logged at most
// once per second as one line with the count, never one line per connection.
#include <unistd.h>

#include <cstdio>

#include "core/clock.hpp"
#include "sim/server/sim_server.hpp"

namespace xtb::sim::server {
namespace {

constexpr std::int64_t kReclaimMinIdleNs = 1'000'000'000;
constexpr std::int64_t kRefusalLogNs = 1'000'000'000;

}  // namespace

ServerSession* SimServer::reclaim_idle_session(std::int64_t mono_ns) noexcept {
  ServerSession* victim = nullptr;
  std::int64_t oldest = mono_ns - kReclaimMinIdleNs;
  for (std::size_t i = 0; i < opt_.max_sessions && i < sessions_.size(); ++i) {
    const std::int64_t since = sessions_[i]->http_idle_since_ns();
    if (since != 0 && since <= oldest) {
      oldest = since;
      victim = sessions_[i].get();
    }
  }
  if (victim == nullptr) return nullptr;
  victim->request_close(false);
  if (!victim->reap()) return nullptr;
  drop_session_links(*victim);
  victim->release();
  ++stats_.reclaimed_idle;
  return victim;
}

void SimServer::on_accept(net::ConnId, int fd) noexcept {
  ServerSession* target = nullptr;
  for (std::size_t i = 0; i < opt_.max_sessions && i < sessions_.size() && target == nullptr; ++i)
    if (sessions_[i]->is_free()) target = sessions_[i].get();
  const std::int64_t now = Clock::monotonic_ns();
  if (target == nullptr) target = reclaim_idle_session(now);
  if (target == nullptr) {
    ++stats_.rejected_connections;
    log_refusals(now, true);
    ServerSession& overflow = *sessions_.back();
    if (!overflow.is_free()) {
      ::close(fd);
      return;
    }
    target = &overflow;
  }
  bool fd_closed = false;
  if (!target->accept(fd, fd_closed) && !fd_closed) ::close(fd);
}

void SimServer::refuse_overloaded(ServerSession& s) noexcept {
  control_error(s, 503, RejectCode::Overloaded, {});
  s.request_close(false);
}

void SimServer::log_refusals(std::int64_t mono_ns, bool refused_now) noexcept {
  if (refused_now) ++refusals_unlogged_;
  if (refusals_unlogged_ == 0 || mono_ns - refusal_logged_ns_ < kRefusalLogNs) return;
  std::fprintf(stderr, "xtb-sim: %llu connection(s) refused, all %zu sessions busy (%llu refused in total)\n",
               static_cast<unsigned long long>(refusals_unlogged_), opt_.max_sessions,
               static_cast<unsigned long long>(stats_.rejected_connections));
  refusals_unlogged_ = 0;
  refusal_logged_ns_ = mono_ns;
}

}  // namespace xtb::sim::server
