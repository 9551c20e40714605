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
  net::LoopConfig lc = cfg.loop;
  lc.max_conns = std::max(lc.max_conns, cfg.connections * 2 + 4);
  lc.max_timers = std::max(lc.max_timers, cfg.connections + 4);
  lc.wait_mode = cfg.io_wait_ns > 0 ? net::WaitMode::Blocking : net::WaitMode::BusySpin;
  loop = net::EventLoop::create(lc, &error);
  if (!loop) return false;
  if (cfg.endpoint.tls && !(tls = live::make_client_tls(cfg.endpoint, &error))) return false;
  host_header = cfg.endpoint.host_header();
  for (std::uint32_t i = 0; i < std::max(cfg.connections, 1u); ++i) {
    auto slot = std::make_unique<EgressSlot>(*this, static_cast<std::uint16_t>(cfg.first_tag + i));
    slot->stream = std::make_unique<live::HttpClientStream>(cfg.http, 16 * 1024, *slot);
    net::ConnectionConfig cc;
    cc.host = cfg.endpoint.host;
    cc.port = cfg.endpoint.port;
    cc.connect_address = cfg.endpoint.connect_address;
    cc.tls = cfg.endpoint.tls;
    cc.tag = slot->tag;
    cc.connect_timeout_ns = cfg.connect_timeout_ns;
    cc.reconnect = true;  // persistent: an order never waits for a TCP + TLS handshake
    cc.backoff = cfg.backoff;
    cc.backoff_seed = 0xB9E55000ull + i;
    cc.plain_out_size = 64 * 1024;
    slot->conn = std::make_unique<net::Connection>(*loop, tls.get(), cc, *slot->stream, slot.get());
    stage.stats_.links.add_link();
    if (!slot->conn->start(&error)) return false;
    slots.push_back(std::move(slot));
  }
  initialised = true;
  return true;
}

void EgressImpl::shutdown() noexcept {
  for (auto& s : slots) s->conn->stop();
  for (int i = 0; i < 20 && loop; ++i) loop->poll(0);  // let close_notify go out
  slots.clear();
  loop.reset();
  tls.reset();
}

EgressSlot* EgressImpl::idle_slot() noexcept {
  for (auto& s : slots)
    if (s->idle()) return s.get();
  return nullptr;
}

std::uint32_t EgressImpl::count_open() const noexcept {
  std::uint32_t n = 0;
  for (const auto& s : slots) n += s->stream->open() ? 1u : 0u;
  return n;
}

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
      !shape_request(s->req, host_header, s->target, sizeof s->target, s->shape)) {
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
  if (st == ConnStatus::Disconnected && reason != 0) stage.stats_.conn_drops.add();
  stage.stats_.links.on_state(st, reason);
  if (st != ConnStatus::Connecting) stage.stats_.links.set_up(s.link, st == ConnStatus::Connected);
}

// ---------------------------------------------------------------- EgressStage
EgressStage::EgressStage(const EgressConfig& cfg, const EgressVenue& venue, const Rings& rings)
    : impl_(std::make_unique<EgressImpl>(*this, cfg, venue, rings)) {}

EgressStage::~EgressStage() = default;

std::size_t EgressStage::poll() noexcept {
  if (done_.get()) return 0;
  EgressImpl& m = *impl_;
  guard_.apply();
  if (!m.initialised && !m.init(error_)) {
    net::log(net::LogLevel::Error, "egress: start-up failed: %s", error_.c_str());
    m.shutdown();
    done_.set();
    return 0;
  }
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
  m.loop->poll(m.work > 0 ? 0 : m.cfg.io_wait_ns);
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
