// session_schedule.cpp — see session_schedule.hpp.
#include "venue/binance/session_schedule.hpp"

namespace xtb::binance {

const char* to_string(SessionTaskKind k) noexcept {
  switch (k) {
    case SessionTaskKind::None: return "none";
    case SessionTaskKind::ServerTime: return "server-time";
    case SessionTaskKind::PositionMode: return "position-mode";
    case SessionTaskKind::ListenKey: return "listen-key";
    case SessionTaskKind::DepthSnapshot: return "depth-snapshot";
  }
  return "?";
}

SessionScheduler::SessionScheduler(const SessionConfig& cfg)
    : cfg_(cfg), listen_key_(cfg.listen_key), mode_(cfg.check_position_mode ? ModeCheck::Pending : ModeCheck::Skipped) {
  depth_.reserve(cfg_.max_depth_requests);
}

bool SessionScheduler::time_due(std::int64_t now_ns, bool needs_resync) const noexcept {
  if (time_in_flight_ || now_ns < time_retry_ns_) return false;
  return needs_resync || time_samples_ < cfg_.initial_time_samples || now_ns >= time_next_ns_;
}

SessionTask SessionScheduler::next(std::int64_t now_ns, bool time_needs_resync) const noexcept {
  SessionTask t;
  if (time_due(now_ns, time_needs_resync)) {
    t.kind = SessionTaskKind::ServerTime;
    return t;
  }
  // The mode check is a SIGNED request: it needs a server-time estimate first.
  if (mode_ == ModeCheck::Pending && !mode_in_flight_ && time_samples_ > 0 && now_ns >= mode_next_ns_) {
    t.kind = SessionTaskKind::PositionMode;
    return t;
  }
  if (cfg_.user_stream) {
    const ListenKeySession::Action a = listen_key_.next(now_ns);
    if (a.send) {
      t.kind = SessionTaskKind::ListenKey;
      t.listen_key_op = a.op;
      return t;
    }
  }
  if (!depth_in_flight_) {
    for (const DepthEntry& d : depth_) {
      if (now_ns >= d.not_before_ns) {
        t.kind = SessionTaskKind::DepthSnapshot;
        t.symbol = d.symbol;
        return t;
      }
    }
  }
  return t;
}

void SessionScheduler::on_sent(const SessionTask& t, std::int64_t now_ns) noexcept {
  switch (t.kind) {
    case SessionTaskKind::ServerTime: time_in_flight_ = true; ++stats_.time_requests; break;
    case SessionTaskKind::PositionMode: mode_in_flight_ = true; ++stats_.mode_requests; break;
    case SessionTaskKind::ListenKey: listen_key_.on_sent(t.listen_key_op, now_ns); break;
    case SessionTaskKind::DepthSnapshot: depth_in_flight_ = true; ++stats_.depth_requests; break;
    case SessionTaskKind::None: break;
  }
}

void SessionScheduler::on_not_sent(const SessionTask& t, std::int64_t now_ns) noexcept {
  switch (t.kind) {
    case SessionTaskKind::ServerTime: on_sent(t, now_ns); on_time_result(false, now_ns); break;
    case SessionTaskKind::PositionMode: on_sent(t, now_ns); on_position_mode_result(false, false, now_ns); break;
    case SessionTaskKind::ListenKey:
      listen_key_.on_sent(t.listen_key_op, now_ns);
      listen_key_.on_transport_error(t.listen_key_op, now_ns);
      break;
    case SessionTaskKind::DepthSnapshot: on_sent(t, now_ns); on_depth_result(t.symbol, false, now_ns); break;
    case SessionTaskKind::None: break;
  }
}

void SessionScheduler::on_time_result(bool ok, std::int64_t now_ns) noexcept {
  time_in_flight_ = false;
  if (!ok) {
    ++stats_.time_failures;
    time_retry_ns_ = now_ns + cfg_.retry_delay_ns;
    return;
  }
  ++time_samples_;
  time_retry_ns_ = INT64_MIN;
  time_next_ns_ = now_ns + cfg_.time_sync_interval_ns;
}

void SessionScheduler::on_position_mode_result(bool ok, bool venue_hedge, std::int64_t now_ns) noexcept {
  mode_in_flight_ = false;
  if (!ok) {
    ++stats_.mode_failures;
    mode_next_ns_ = now_ns + cfg_.retry_delay_ns;
    return;
  }
  const bool want_hedge = cfg_.expected_mode == PositionMode::Hedge;
  mode_ = venue_hedge == want_hedge ? ModeCheck::Matches : ModeCheck::Mismatch;
}

void SessionScheduler::on_depth_result(SymbolId symbol, bool ok, std::int64_t now_ns) noexcept {
  depth_in_flight_ = false;
  const std::size_t i = find_depth(symbol);
  if (i == depth_.size()) return;
  if (!ok) {
    ++stats_.depth_failures;
    DepthEntry& d = depth_[i];
    if (++d.attempts < cfg_.depth_max_attempts) {
      d.not_before_ns = now_ns + cfg_.retry_delay_ns;
      return;
    }
    ++stats_.depth_given_up;
  }
  depth_.erase(depth_.begin() + static_cast<std::ptrdiff_t>(i));  // no reallocation on erase
}

bool SessionScheduler::request_depth(SymbolId symbol, std::int64_t now_ns) noexcept {
  if (find_depth(symbol) != depth_.size()) return true;
  if (depth_.size() >= cfg_.max_depth_requests) {
    ++stats_.depth_dropped;
    return false;
  }
  depth_.push_back(DepthEntry{symbol, 0, now_ns});  // capacity reserved in the constructor
  return true;
}

std::size_t SessionScheduler::find_depth(SymbolId s) const noexcept {
  std::size_t i = 0;
  while (i < depth_.size() && depth_[i].symbol != s) ++i;
  return i;
}

}  // namespace xtb::binance
