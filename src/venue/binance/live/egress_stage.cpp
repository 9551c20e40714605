// egress_stage.cpp — EgressStage: connections, the R3 command path and answers.
// Session tasks: egress_session.cpp; R4 frame building: egress_frames.cpp.
#include <algorithm>

#include "venue/binance/live/egress_impl.hpp"
#include "core/alloc_guard.hpp"
#include "core/clock.hpp"
#include "net/uring/net_log.hpp"

namespace xtb::binance {

namespace {

bool places_order(CommandKind k) noexcept { return k == CommandKind::NewOrder || k == CommandKind::AmendOrder; }

}  // namespace

// ---------------------------------------------------------------- EgressSlot callbacks
void EgressSlot::on_response(std::uint64_t t, const net::HttpMessageParser& r) { owner.on_slot_response(*this, t, r); }
void EgressSlot::on_error(std::uint64_t t, net::HttpError e) { owner.on_slot_error(*this, t, e); }
void EgressSlot::on_conn_state(std::uint16_t, ConnStatus s, std::int32_t reason) noexcept {
  owner.on_slot_state(*this, s, reason);
}

// ---------------------------------------------------------------- set-up / tear-down
EgressImpl::EgressImpl(EgressStage& s, const EgressConfig& c, const EgressVenue& v, const EgressStage::Rings& r)
    : stage(s), cfg(c), encoder(v.encoder), signer(v.signer), api_key(v.api_key), symbols(v.symbols), rings(r),
      publisher(r.responses, r.pool, s.stop_), limiter(c.rate), time(c.time),
      session([&] {
        binance::SessionConfig sc = c.session;
        sc.expected_mode = v.encoder.config().mode;  // what the encoder writes decides
        return sc;
      }()) {}

bool EgressImpl::init(std::string& error) {
  if (!pool.open(live::keepalive_config(cfg, 0xE6E55000ull), error)) return false;
  for (std::uint32_t i = 0; i < pool.slots_wanted(); ++i) {
    auto slot = std::make_unique<EgressSlot>(*this, i, static_cast<std::uint16_t>(cfg.first_tag + i));
    stage.stats_.links.add_link();
    if (!pool.connect(*slot, i, error)) return false;
    slots.push_back(std::move(slot));
  }
  initialised = true;
  return true;
}

void EgressImpl::shutdown() noexcept { pool.close(slots); }

void EgressImpl::read_clocks() noexcept {
  now.mono = Clock::monotonic_ns();
  now.wall = Clock::wall_ns();
  now.venue = now.wall + time.offset_ns();
}

// ---------------------------------------------------------------- commands (R3)
std::size_t EgressImpl::pump_commands() noexcept {
  std::size_t n = 0;
  while (const OrderCommand* cmd = rings.commands.front()) {
    if (head_wait_since == 0) head_wait_since = now.mono;
    const CmdResult r = send_command(*cmd, head_part);
    if (r == CmdResult::Wait) {
      if (now.mono - head_wait_since < cfg.queue_timeout_ns) break;  // stays in R3: back-pressure
      publish_local_reject(*cmd, LocalRefusal::NoConnection);
    } else if (r == CmdResult::Sent && cmd->kind == CommandKind::QueryOpenOrders && head_part == 0) {
      head_part = 1;  // conditional orders are listed by openAlgoOrders: a second request
      head_wait_since = now.mono;
      ++n;
      continue;
    }
    ++n;
    stage.stats_.commands.add();
    head_part = 0;
    head_wait_since = 0;
    rings.commands.pop();
  }
  return n;
}

bool EgressImpl::refused_unready(const OrderCommand& cmd) noexcept {
  if (!time.has_estimate() || time.needs_resync(now.wall)) {
    publish_local_reject(cmd, LocalRefusal::ClockNotSynced);
    return true;
  }
  if (places_order(cmd.kind) && !session.mode_ok()) {
    if (session.mode_check() == binance::ModeCheck::Mismatch)
      publish_local_reject(cmd, LocalRefusal::PositionMode);
    else
      publish_local_reject(cmd, LocalRefusal::NotReady);
    return true;
  }
  return false;
}

EgressImpl::CmdResult EgressImpl::send_command(const OrderCommand& cmd, std::uint8_t part) noexcept {
  if (refused_unready(cmd)) return CmdResult::Done;
  EgressSlot* s = idle_slot();
  if (s == nullptr) return CmdResult::Wait;
  const std::int64_t wall = Clock::wall_ns();
  const EpochMs ts = time.venue_time_ms(wall);
  const binance::EncodeError err = part == 0 ? encoder.encode(cmd, ts, s->req)
                                             : encoder.encode_open_algo_orders(cmd.symbol, ts, s->req);
  if (err != binance::EncodeError::Ok) {
    publish_local_reject(cmd, LocalRefusal::EncodeFailed);
    return CmdResult::Done;
  }
  const binance::RequestCost cost = binance::cost_of(s->req, (cmd.flags & OrderCommand::kRiskOrder) != 0);
  switch (limiter.check(now.venue, cost)) {
    case binance::Admission::Ok: break;
    case binance::Admission::Banned: publish_local_reject(cmd, LocalRefusal::Banned); return CmdResult::Done;
    case binance::Admission::NewOrdersHalted:
      publish_local_reject(cmd, LocalRefusal::OrdersHalted);
      return CmdResult::Done;
    case binance::Admission::OrderLimited10s:
    case binance::Admission::OrderLimited1m:
      publish_local_reject(cmd, LocalRefusal::OrderCountLimit);
      return CmdResult::Done;
    case binance::Admission::BackingOff:
    case binance::Admission::WeightLimited:
      publish_local_reject(cmd, LocalRefusal::RequestRateLimit);
      return CmdResult::Done;
  }
  Inflight& f = s->inflight;
  f = Inflight{};
  f.purpose = InflightPurpose::Order;
  f.tag = next_tag++;
  f.command = cmd.kind;
  if (!binance::rest_kind_of(s->req.endpoint(), f.rest_kind)) f.rest_kind = rest_kind_for_command(cmd.kind);
  f.generation = cmd.generation;
  f.symbol = cmd.symbol;
  f.client_id = cmd.client_id;
  f.sent_wall_ns = wall;
  const OutgoingRequest out = outgoing(s->req);
  // The in-flight record is set before submit(): a transport failure inside it reports
  // through on_slot_error synchronously.
  if (const net::HttpError e = submit(*s, out); e != net::HttpError::None) {
    s->inflight = Inflight{};
    publish_local_reject(cmd, LocalRefusal::NoConnection);
    return CmdResult::Done;
  }
  limiter.on_sent(now.venue, cost);
  stage.stats_.sent.add();
  if (cfg.on_submitted != nullptr) cfg.on_submitted(cfg.on_submitted_ctx, cmd, Clock::now());
  return CmdResult::Sent;
}

net::HttpError EgressImpl::submit(EgressSlot& s, const OutgoingRequest& r) noexcept {
  const std::size_t need = r.path.size() + 1 + (r.in_body ? 0 : r.params.size());
  if (need > sizeof s.target) return net::HttpError::InvalidArgument;
  std::size_t n = r.path.copy(s.target, r.path.size());
  if (!r.in_body && !r.params.empty()) {
    s.target[n++] = '?';
    n += r.params.copy(s.target + n, r.params.size());
  }
  const net::HttpField key{"X-MBX-APIKEY", api_key};
  net::HttpRequestSpec spec;
  spec.method = r.method;
  spec.target = std::string_view(s.target, n);
  spec.host = pool.host_header();
  spec.headers = r.api_key ? &key : nullptr;
  spec.header_count = r.api_key ? 1 : 0;
  if (r.in_body && !r.params.empty()) {
    spec.content_type = "application/x-www-form-urlencoded";
    spec.body = r.params;
  }
  return s.stream->submit(spec, s.inflight.tag, now.mono);
}

// ---------------------------------------------------------------- answers
void EgressImpl::on_slot_response(EgressSlot& s, std::uint64_t tag, const net::HttpMessageParser& r) noexcept {
  if (s.inflight.purpose == InflightPurpose::None || s.inflight.tag != tag) return;
  const Inflight f = s.inflight;
  s.inflight = Inflight{};  // the slot may carry the next request right away
  read_clocks();
  const net::HttpRateLimitHeaders& rl = r.rate_limits();
  const auto i32 = [](std::int64_t v) { return static_cast<std::int32_t>(std::clamp<std::int64_t>(v, -1, INT32_MAX)); };
  const binance::RateLimitHeaders h{i32(rl.used_weight_1m), i32(rl.order_count_10s), i32(rl.order_count_1m),
                                    i32(rl.retry_after_s)};
  limiter.on_response(now.venue, r.status(), h);
  if (r.status() == 418) stage.alert_.store(true, std::memory_order_relaxed);
  std::int32_t code = 0;
  if (r.status() >= 400 &&
      bodies.error_code(r.body(), r.body_size(), r.body_size() + net::HttpMessageParser::kBodyPadding, code) !=
          binance::DecodeStatus::Ok)
    code = 0;
  time.on_venue_error(code);  // -1021: resync before the next order (never a blind retry)
  ++work;
  if (f.purpose == InflightPurpose::Session) {
    on_session_response(f, s.tag, r, code);
    return;
  }
  publish_response(f, s.tag, r);
  stage.stats_.responses.add();
}

void EgressImpl::on_slot_error(EgressSlot& s, std::uint64_t tag, net::HttpError e) noexcept {
  if (s.inflight.purpose == InflightPurpose::None || s.inflight.tag != tag) return;
  const Inflight f = s.inflight;
  s.inflight = Inflight{};
  ++work;
  net::log(net::LogLevel::Warn, "egress: request on connection %u failed without an answer (%s)", s.tag,
           net::to_string(e));
  if (f.purpose == InflightPurpose::Session) {
    on_session_failure(f);
    return;
  }
  publish_transport_error(f, s.tag, e);
  stage.stats_.transport_errors.add();
}

void EgressImpl::on_slot_state(EgressSlot& s, ConnStatus st, std::int32_t reason) noexcept {
  live::on_slot_state(stage.stats_.links, s.link, stage.stats_.conn_drops, st, reason);
}

void EgressImpl::service_timers() noexcept {
  for (auto& s : slots)
    if (s->inflight.purpose != InflightPurpose::None) s->stream->on_timer(now.mono);
}

// ---------------------------------------------------------------- EgressStage
EgressStage::EgressStage(const EgressConfig& cfg, const EgressVenue& venue, const Rings& rings)
    : impl_(std::make_unique<EgressImpl>(*this, cfg, venue, rings)) {}

EgressStage::~EgressStage() = default;

std::size_t EgressStage::poll() noexcept {
  EgressImpl& m = *impl_;
  if (!begin_poll(m, "egress")) return 0;
  m.work = 0;
  m.read_clocks();
  if (stop_.load(std::memory_order_relaxed) && !m.stopping) {
    m.stopping = true;
    m.stop_deadline = m.now.mono + m.cfg.shutdown_timeout_ns;
    m.session.listen_key().request_close();  // DELETE /fapi/v1/listenKey before closing
  }
  m.work += m.drain_signals();
  if (!m.stopping) m.work += m.pump_commands();
  m.work += m.pump_session();
  m.service_timers();
  m.pool.poll(m.work > 0 ? 0 : m.cfg.io_wait_ns);
  open_conns_.store(m.count_open(), std::memory_order_relaxed);
  m.update_ready();
  if (m.stopping) {
    const auto& lk = m.session.listen_key();
    bool busy = lk.in_flight() || (lk.has_key() && !lk.closed() && m.cfg.session.user_stream);
    for (const auto& s : m.slots) busy = busy || s->inflight.purpose != InflightPurpose::None;
    if (!busy || m.now.mono >= m.stop_deadline) {
      m.shutdown();
      ready_.store(false, std::memory_order_relaxed);
      done_.set();
    }
  }
  return m.work;
}

}  // namespace xtb::binance
