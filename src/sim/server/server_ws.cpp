// server_ws.cpp — SimServer's WebSocket side (sim_server.hpp): admission of upgrades,
// the FaceHost subscriptions (stream hub slots of a session, and the held replay started
// by the first subscriber of a recorded stream) and the cleanup of a closed session. The
// upgrade targets and control messages are the venue face's (VenueFace::on_ws_upgrade,
// on_ws_text).
#include <cstdio>

#include "core/clock.hpp"
#include "sim/server/sim_server.hpp"

namespace xtb::sim::server {

std::uint16_t SimServer::on_ws_upgrade(ServerSession& s, std::string_view target) noexcept {
  if (is_overflow(s)) return 503;  // every session taken (server_admission.cpp)
  ++stats_.ws_connections;
  return face_->on_ws_upgrade(s, target, now_ms());
}

void SimServer::on_ws_text(ServerSession& s, std::string_view msg) noexcept { face_->on_ws_text(s, msg); }

bool SimServer::subscribe(ServerSession& s, std::string_view name) noexcept {
  if (s.find_sub(name) >= 0) return true;
  const TopicResolution r = hub_.resolve(name);
  const int slot = s.add_sub(name, r);
  if (slot < 0) return false;
  if (r.topic == kNoTopic) return true;  // a valid name with no traffic
  if (!hub_.subscribe(r.topic, &s, static_cast<std::uint16_t>(slot))) {
    s.remove_sub(slot);
    return false;
  }
  ReplayFeed& replay = face_->replay();
  if (opt_.hold && !replay.started() && hub_.kind(r.topic) == StreamHub::Kind::Recorded) {
    replay.start(Clock::monotonic_ns());
    std::fprintf(stderr, "replay: started by the first subscriber (%.*s)\n", static_cast<int>(name.size()), name.data());
  }
  return true;
}

void SimServer::unsubscribe(ServerSession& s, std::string_view name) noexcept {
  const int slot = s.find_sub(name);
  if (slot < 0) return;
  const ServerSession::Sub& sub = s.sub(static_cast<std::size_t>(slot));
  if (sub.topic != kNoTopic) hub_.unsubscribe(sub.topic, &s, static_cast<std::uint16_t>(slot));
  s.remove_sub(slot);
}

void SimServer::drop_session_links(ServerSession& s) noexcept {
  for (std::size_t i = 0; i < ServerSession::kMaxSubs; ++i) {
    const ServerSession::Sub& sub = s.sub(i);
    if (sub.used && sub.topic != kNoTopic) hub_.unsubscribe(sub.topic, &s, static_cast<std::uint16_t>(i));
  }
  face_->on_session_closed(s);
}

}  // namespace xtb::sim::server
