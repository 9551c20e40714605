// egress_session.cpp — EgressStage: session tasks (server time, position mode, listenKey,
// depth snapshots) and the control signals exchanged with ingest and the sequencer.
// Protocol and policy: venue/binance/session_schedule.hpp, session_listen_key.hpp.
#include "venue/binance/live/egress_impl.hpp"
#include "core/clock.hpp"
#include "net/uring/net_log.hpp"

namespace xtb::binance {


std::size_t EgressImpl::pump_session() noexcept {
  std::size_t n = 0;
  for (;;) {
    const binance::SessionTask t = session.next(now.mono, time.needs_resync(now.wall));
    if (t.kind == binance::SessionTaskKind::None) break;
    if (stopping && t.kind != binance::SessionTaskKind::ListenKey) break;  // only the DELETE at shutdown
    EgressSlot* s = idle_slot();
    if (s == nullptr) break;
    if (send_session(*s, t)) {
      session.on_sent(t, now.mono);
    } else {
      session.on_not_sent(t, now.mono);  // retried after SessionConfig::retry_delay_ns
      stage.stats_.session_failures.add();
    }
    ++n;
  }
  return n;
}

bool EgressImpl::send_session(EgressSlot& s, const binance::SessionTask& t) noexcept {
  Inflight f;
  f.purpose = InflightPurpose::Session;
  f.task = t;
  f.sent_wall_ns = Clock::wall_ns();
  OutgoingRequest out;
  binance::RequestCost cost;
  binance::EncodeError err = binance::EncodeError::Ok;
  switch (t.kind) {
    case binance::SessionTaskKind::ServerTime:
      err = binance::encode_server_time(s.req);
      out = outgoing(s.req);
      cost = binance::cost_of(s.req, false);
      break;
    case binance::SessionTaskKind::PositionMode:
      if (!time.has_estimate()) return false;
      err = binance::encode_position_mode(signer, encoder.config().recv_window_ms,
                                          time.venue_time_ms(f.sent_wall_ns), s.sreq);
      out = outgoing(s.sreq);
      cost = s.sreq.cost();
      break;
    case binance::SessionTaskKind::ListenKey:
      err = binance::encode_listen_key(t.listen_key_op, s.req);
      out = outgoing(s.req);
      cost = binance::cost_of(s.req, false);
      break;
    case binance::SessionTaskKind::DepthSnapshot: {
      const binance::EncodeSymbol* sym = binance::find_symbol(symbols.data(), symbols.size(), t.symbol);
      if (sym == nullptr) return false;
      err = binance::encode_depth_snapshot(sym->name, session.config().depth_limit, s.sreq);
      out = outgoing(s.sreq);
      cost = s.sreq.cost();
      f.rest_kind = binance::RestKind::DepthSnapshot;
      f.symbol = t.symbol;
      break;
    }
    case binance::SessionTaskKind::None: return false;
  }
  if (err != binance::EncodeError::Ok) return false;
  if (limiter.check(now.venue, cost) != binance::Admission::Ok) return false;  // 429/418 hold session calls too
  f.tag = next_tag++;
  s.inflight = f;
  if (submit(s, out) != net::HttpError::None) {
    s.inflight = Inflight{};
    return false;
  }
  limiter.on_sent(now.venue, cost);
  stage.stats_.session_sent.add();
  return true;
}

void EgressImpl::on_session_response(const Inflight& f, std::uint16_t conn, const net::HttpMessageParser& r,
                                     std::int32_t error_code) noexcept {
  const std::uint16_t status = r.status();
  const bool ok = status >= 200 && status < 300 && error_code >= 0;
  const std::uint8_t* body = r.body();
  const std::size_t len = r.body_size();
  const std::size_t cap = len + net::HttpMessageParser::kBodyPadding;
  switch (f.task.kind) {
    case binance::SessionTaskKind::ServerTime: {
      EpochMs server_ms = 0;
      bool accepted = false;
      if (ok && bodies.server_time(body, len, cap, server_ms) == binance::DecodeStatus::Ok)
        accepted = time.on_time_sample(f.sent_wall_ns, now.wall, server_ms) == binance::TimeSample::Accepted;
      session.on_time_result(accepted, now.mono);
      if (accepted) stage.stats_.time_samples.add();
      else stage.stats_.session_failures.add();
      break;
    }
    case binance::SessionTaskKind::PositionMode: {
      bool hedge = false;
      const bool parsed = ok && bodies.position_mode(body, len, cap, hedge) == binance::DecodeStatus::Ok;
      session.on_position_mode_result(parsed, hedge, now.mono);
      if (session.mode_check() == binance::ModeCheck::Mismatch) {
        net::log(net::LogLevel::Error, "egress: account is in %s mode but the encoder is configured for %s mode;"
                 " new orders are refused", hedge ? "hedge" : "one-way", hedge ? "one-way" : "hedge");
        stage.alert_.store(true, std::memory_order_relaxed);
      }
      if (!parsed) stage.stats_.session_failures.add();
      break;
    }
    case binance::SessionTaskKind::ListenKey: {
      std::string_view key;
      if (ok && bodies.listen_key(body, len, cap, key) != binance::DecodeStatus::Ok) key = {};
      on_listen_key(session.listen_key().on_response(f.task.listen_key_op, status, error_code, key, now.mono));
      break;
    }
    case binance::SessionTaskKind::DepthSnapshot:
      if (ok) publish_response(f, conn, r);  // → decode → BookSync (RestKind::DepthSnapshot)
      session.on_depth_result(f.task.symbol, ok, now.mono);
      if (!ok) stage.stats_.session_failures.add();
      break;
    case binance::SessionTaskKind::None: break;
  }
}

void EgressImpl::on_session_failure(const Inflight& f) noexcept {
  stage.stats_.session_failures.add();
  switch (f.task.kind) {
    case binance::SessionTaskKind::ServerTime: session.on_time_result(false, now.mono); break;
    case binance::SessionTaskKind::PositionMode: session.on_position_mode_result(false, false, now.mono); break;
    case binance::SessionTaskKind::ListenKey:
      on_listen_key(session.listen_key().on_transport_error(f.task.listen_key_op, now.mono));
      break;
    case binance::SessionTaskKind::DepthSnapshot: session.on_depth_result(f.task.symbol, false, now.mono); break;
    case binance::SessionTaskKind::None: break;
  }
}

void EgressImpl::on_listen_key(binance::ListenKeySession::Outcome o) noexcept {
  using O = binance::ListenKeySession::Outcome;
  const binance::ListenKeySession& lk = session.listen_key();
  switch (o) {
    case O::NewKey:
      stage.stats_.listen_keys.add();
      signal_ingest(binance::SessionSignal::listen_key(lk.key(), lk.key_version()));
      break;
    case O::KeyLost:
    case O::Closed: signal_ingest(binance::SessionSignal::of(binance::SessionSignal::Kind::ListenKeyClosed)); break;
    case O::None: break;
  }
}

std::size_t EgressImpl::drain_signals() noexcept {
  std::size_t n = 0;
  using K = binance::SessionSignal::Kind;
  if (rings.from_ingest != nullptr) {
    while (const binance::SessionSignal* s = rings.from_ingest->front()) {
      const K kind = s->kind;
      rings.from_ingest->pop();
      ++n;
      stage.stats_.signals_in.add();
      if (kind == K::ListenKeyExpired) on_listen_key(session.listen_key().on_expired(now.mono));
      else if (kind == K::UserStreamReconnected) session.listen_key().keepalive_now();
    }
  }
  if (rings.from_engine != nullptr) {
    while (const binance::SessionSignal* s = rings.from_engine->front()) {
      if (s->kind == K::DepthSnapshot) session.request_depth(s->symbol, now.mono);
      rings.from_engine->pop();
      ++n;
      stage.stats_.signals_in.add();
    }
  }
  return n;
}

void EgressImpl::signal_ingest(const binance::SessionSignal& s) noexcept {
  if (rings.to_ingest == nullptr) return;
  if (rings.to_ingest->try_push(s)) stage.stats_.signals_out.add();
  else stage.stats_.signal_drops.add();
}

void EgressImpl::update_ready() noexcept {
  const bool ready = time.has_estimate() && !time.needs_resync(now.wall) && session.mode_ok();
  stage.ready_.store(ready, std::memory_order_relaxed);
  if (limiter.alert()) stage.alert_.store(true, std::memory_order_relaxed);
}

}  // namespace xtb::binance
