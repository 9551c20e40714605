// egress_stage.cpp — Backpack EgressStage: connections, the R3 command path and answers.
// R4 frames and depth snapshots: egress_frames.cpp.
#include <algorithm>

#include "core/clock.hpp"
#include "net/uring/net_log.hpp"
#include "venue/backpack/live/egress_impl.hpp"
#include "venue/backpack/live/live_decoder.hpp"

namespace xtb::backpack {

// ---------------------------------------------------------------- EgressSlot callbacks
void EgressSlot::on_response(std::uint64_t t, const net::HttpMessageParser& r) { owner.on_slot_response(*this, t, r); }
void EgressSlot::on_error(std::uint64_t t, net::HttpError e) { owner.on_slot_error(*this, t, e); }
void EgressSlot::on_conn_state(std::uint16_t, ConnStatus s, std::int32_t reason) noexcept {
  owner.on_slot_state(*this, s, reason);
}

// ---------------------------------------------------------------- set-up / tear-down
EgressImpl::EgressImpl(EgressStage& s, const EgressConfig& c, const EgressVenue& v, const EgressStage::Rings& r)
    : stage(s), cfg(c), venue(v), rings(r), publisher(r.responses, r.pool, s.stop_), budget(c.limits, c.costs) {
  for (const SymbolId id : cfg.depth_symbols) depth.push_back(DepthTask{id, INT64_MAX});
}

bool EgressImpl::init(std::string& error) {
  if (!pool.open(live::keepalive_config(cfg, 0xB9E55000ull), error)) return false;
  for (std::uint32_t i = 0; i < pool.slots_wanted(); ++i) {
    auto slot = std::make_unique<EgressSlot>(*this, static_cast<std::uint16_t>(cfg.first_tag + i));
    stage.stats_.links.add_link();
    if (!pool.connect(*slot, i, error)) return false;
    slots.push_back(std::move(slot));
  }
  initialised = true;
  return true;
}

void EgressImpl::shutdown() noexcept { pool.close(slots); }

bool EgressImpl::busy() const noexcept {
  for (const auto& s : slots)
    if (s->inflight.purpose != InflightPurpose::None) return true;
  return false;
}

// ---------------------------------------------------------------- commands (R3)
std::size_t EgressImpl::pump_commands() noexcept {
  std::size_t n = 0;
  while (const OrderCommand* cmd = rings.commands.front()) {
    if (head_wait_since == 0) head_wait_since = now;
    if (send_command(*cmd) == CmdResult::Wait) {
      if (now - head_wait_since < cfg.queue_timeout_ns) break;  // stays in R3: back-pressure
      publish_local_reject(*cmd, LocalRefusal::NoConnection);
    }
    ++n;
    stage.stats_.commands.add();
    head_wait_since = 0;
    rings.commands.pop();
  }
  return n;
}

// The first engine id decides the head of every id of this start (live_decoder.hpp).
void EgressImpl::bind_ids(const OrderCommand& cmd) noexcept {
  if (ids_bound || cmd.client_id.len == 0) return;
  if (!bind_client_ids(cmd.client_id, cfg.start_ms, venue.ids)) return;
  ids_bound = true;
  stage.stats_.id_binds.add();
  publish_bind(cmd.client_id);  // before the request: decode binds before any echo
}

bool EgressImpl::admitted(const OrderCommand& cmd) noexcept {
  switch (budget.check(now, cmd)) {
    case Admission::Ok: return true;
    case Admission::BackingOff:
    case Admission::RequestLimited: publish_local_reject(cmd, LocalRefusal::RequestRateLimit); return false;
    case Admission::OrderLimited10s:
    case Admission::OrderLimited1m: publish_local_reject(cmd, LocalRefusal::OrderCountLimit); return false;
  }
  return false;
}

EgressImpl::CmdResult EgressImpl::send_command(const OrderCommand& cmd) noexcept {
  EgressSlot* s = idle_slot();
  if (s == nullptr) return CmdResult::Wait;
  bind_ids(cmd);
  if (!admitted(cmd)) return CmdResult::Done;
  const std::int64_t ts = Clock::wall_ns() / 1'000'000 + cfg.venue_offset_ms;
  if (venue.encoder.encode(cmd, ts, s->req) != EncodeError::Ok ||
      !shape_request(s->req, pool.host_header(), s->target, sizeof s->target, s->shape)) {
    publish_local_reject(cmd, LocalRefusal::EncodeFailed);
    return CmdResult::Done;
  }
  Inflight& f = s->inflight;
  f = Inflight{};
  f.purpose = InflightPurpose::Order;
  f.tag = next_tag++;
  f.command = cmd.kind;
  f.rest_kind = rest_kind_for(cmd.kind);
  f.generation = cmd.generation;
  f.symbol = cmd.symbol;
  f.client_id = cmd.client_id;
  // The in-flight record is set before submit(): a transport failure inside it reports
  // through on_slot_error synchronously.
  if (submit(*s) != net::HttpError::None) {
    s->inflight = Inflight{};
    publish_local_reject(cmd, LocalRefusal::NoConnection);
    return CmdResult::Done;
  }
  budget.on_sent(now, cmd);
  stage.stats_.sent.add();
  return CmdResult::Sent;
}

net::HttpError EgressImpl::submit(EgressSlot& s) noexcept {
  return s.stream->submit(s.shape.spec, s.inflight.tag, now);
}

// ---------------------------------------------------------------- answers
void EgressImpl::on_slot_response(EgressSlot& s, std::uint64_t tag, const net::HttpMessageParser& r) noexcept {
  if (s.inflight.purpose == InflightPurpose::None || s.inflight.tag != tag) return;
  const Inflight f = s.inflight;
  s.inflight = Inflight{};  // the slot may carry the next request right away
  now = Clock::monotonic_ns();
  budget.on_answer(now, r.status(), r.rate_limits().retry_after_s);
  ++work;
  if (f.purpose == InflightPurpose::Depth) {
    on_depth_answer(f, s.tag, &r);
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
  if (f.purpose == InflightPurpose::Depth) {
    on_depth_answer(f, s.tag, nullptr);
    return;
  }
  publish_transport_error(f, s.tag);
  stage.stats_.transport_errors.add();
}

void EgressImpl::on_slot_state(EgressSlot& s, ConnStatus st, std::int32_t reason) noexcept {
  live::on_slot_state(stage.stats_.links, s.link, stage.stats_.conn_drops, st, reason);
}

// ---------------------------------------------------------------- EgressStage
EgressStage::EgressStage(const EgressConfig& cfg, const EgressVenue& venue, const Rings& rings)
    : impl_(std::make_unique<EgressImpl>(*this, cfg, venue, rings)) {}

EgressStage::~EgressStage() = default;

std::size_t EgressStage::poll() noexcept {
  EgressImpl& m = *impl_;
  if (!begin_poll(m, "egress")) return 0;
  m.work = 0;
  m.now = Clock::monotonic_ns();
  if (stop_.load(std::memory_order_relaxed) && !m.stopping) {
    m.stopping = true;
    m.stop_deadline = m.now + m.cfg.shutdown_timeout_ns;
  }
  if (!m.stopping) {
    m.watch_depth_triggers();
    m.work += m.pump_commands();
    if (m.rings.commands.empty_approx()) m.work += m.pump_depth();
  }
  for (auto& s : m.slots)
    if (s->inflight.purpose != InflightPurpose::None) s->stream->on_timer(m.now);
  m.pool.poll(m.work > 0 ? 0 : m.cfg.io_wait_ns);
  const std::uint32_t open = m.count_open();
  open_conns_.store(open, std::memory_order_relaxed);
  ready_.store(open > 0, std::memory_order_relaxed);
  if (m.stopping && (!m.busy() || m.now >= m.stop_deadline)) {
    m.shutdown();
    ready_.store(false, std::memory_order_relaxed);
    done_.set();
  }
  return m.work;
}

}  // namespace xtb::backpack
