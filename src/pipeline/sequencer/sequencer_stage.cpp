// sequencer_stage.cpp — construction, event routing and timers of the sequencer stage.
// Reconciliation scheduling and the shutdown sequence: sequencer_lifecycle.cpp.
#include "pipeline/sequencer/sequencer_stage.hpp"

#include <stdexcept>

namespace xtb {
namespace {

engine::RiskLimits limits_of(const SequencerConfig& c, const strategy::StrategySetup& s) {
  engine::RiskLimits l = c.limits;
  if (s.limits) s.limits(l);
  return l;
}

bool is_reducing(PositionSide ps, Side side) noexcept {
  return (ps == PositionSide::Long && side == Side::Sell) || (ps == PositionSide::Short && side == Side::Buy);
}

std::vector<SequencerPort> one_port(const SequencerConfig& cfg, SpscRing<Event>& in, const RingStamps* in_stamps,
                                    SpscRing<OrderCommand>& out, RingStamps* out_stamps, const EndOfInput* end) {
  SequencerPort p;
  p.venue = cfg.venue;
  p.events = &in;
  p.event_stamps = in_stamps;
  p.commands = &out;
  p.command_stamps = out_stamps;
  p.end = end;
  p.roles = cfg.roles;
  return {p};
}

}  // namespace

SequencerStage::SequencerStage(const SymbolTable& symbols, const strategy::StrategySetup& setup,
                               const SequencerConfig& cfg, SpscRing<Event>& in, const RingStamps* in_stamps,
                               SpscRing<OrderCommand>& out, RingStamps* out_stamps, const EndOfInput* end,
                               TimeWatermark* watermark)
    : SequencerStage(symbols, setup, cfg, one_port(cfg, in, in_stamps, out, out_stamps, end), watermark) {}

SequencerStage::SequencerStage(const SymbolTable& symbols, const strategy::StrategySetup& setup,
                               const SequencerConfig& cfg, std::vector<SequencerPort> ports, TimeWatermark* watermark)
    : symbols_(symbols), names_(symbols), cfg_(cfg), watermark_(watermark),
      tracked_(setup.symbols),
      rules_(static_cast<std::uint32_t>(symbols.capacity())),
      positions_(rules_),
      risk_(limits_of(cfg, setup), rules_),
      ids_(cfg.id_prefix, cfg.run_id, 1, cfg.id_epoch),
      om_(cfg.orders, ids_, positions_, risk_, cfg.journal, this),
      market_(tracked_, symbols.capacity(), cfg.book_levels),
      exits_(2 * tracked_.size()),
      exit_slot_(symbols.capacity(), -1),
      progress_(tracked_.size()) {
  if (cfg.timer_interval_ns <= 0 || cfg.reconcile_interval_ns <= 0)
    throw std::invalid_argument("sequencer: timer and reconcile intervals must be > 0");
  if (setup.strategies.empty()) throw std::invalid_argument("sequencer: no strategy");
  build_ports(ports);
  om_.set_instrument_names(&names_);
  for (const engine::SymbolRules& r : setup.rules) rules_.set(r);
  strategy::OrderSink& sink = router_ ? static_cast<strategy::OrderSink&>(*router_) : ports_[0]->out;
  for (std::size_t i = 0; i < setup.strategies.size(); ++i) {
    const strategy::StrategyContext ctx{om_, rules_, sink, static_cast<strategy::StrategyId>(i), ports_[0]->venue};
    strategies_.push_back(setup.strategies[i](ctx));
    strategies_.back()->set_trade_events(cfg.trade_events);
  }
  for (const SymbolId id : tracked_)
    if (id >= symbols.size()) throw std::invalid_argument("sequencer: traded symbol id beyond the symbol table");
  for (std::size_t i = 0; i < tracked_.size(); ++i) exit_slot_[tracked_[i]] = static_cast<std::int32_t>(i);
}

void SequencerStage::build_ports(std::vector<SequencerPort>& ports) {
  if (ports.empty() || ports.size() > kMaxPorts)
    throw std::invalid_argument("sequencer: 1.." + std::to_string(kMaxPorts) + " venue ports, got " +
                                std::to_string(ports.size()));
  const bool scoped = ports.size() > 1;  // one venue: its session compares everything, as always
  for (std::size_t i = 0; i < ports.size(); ++i) {
    const SequencerPort& p = ports[i];
    if (p.events == nullptr || p.commands == nullptr) throw std::invalid_argument("sequencer: a port without its rings");
    if (cfg_.time == TimeMode::Replay && p.event_stamps == nullptr)
      throw std::invalid_argument("sequencer: replay time needs the capture-time stamps of R2");
    if (cfg_.time == TimeMode::Replay && scoped && p.end == nullptr)
      throw std::invalid_argument("sequencer: replay time with several venues needs each one's end of input");
    const auto v = static_cast<std::uint8_t>(p.venue);
    for (std::size_t j = 0; j < i; ++j)
      if (ports[j].venue == p.venue) throw std::invalid_argument("sequencer: two ports of venue " + std::to_string(v));
    if (scoped && p.venue == Venue::None) throw std::invalid_argument("sequencer: a port of several without a venue");
    port_of_venue_[v] = static_cast<std::uint8_t>(i);
    if (p.own_budget && !risk_.set_venue_budget(p.venue, p.budget_limits, p.budget_costs, p.budget_soft_permille))
      throw std::invalid_argument("sequencer: too many venue budgets");
    ports_.push_back(std::make_unique<PortState>(p, om_, cfg_.reconcile, scoped));
    ports_.back()->out.set_recording(false);  // tick-to-order is measured from the start of trading
    ports_.back()->out.set_events(cfg_.trade_events);
  }
  if (scoped) router_ = std::make_unique<CommandRouter>(ports_, &SequencerStage::port_of_thunk, this);
}

std::size_t SequencerStage::poll() noexcept {
  if (phase_ == Phase::Done) return 0;
  // Read "no more market input" BEFORE draining R2 (DoneFlag protocol, core/runner.hpp):
  // everything published before the flag was set is then consumed below.
  const bool ended = inputs_ended();
  std::size_t work = flush_all();
  work += take_input();
  if (cfg_.time == TimeMode::Live && phase_ != Phase::WaitingForData) {
    now_ = Clock::to_monotonic_ns(Clock::now());  // live timers also run while idle
    // What follows (timers, reconciliation, shutdown cancels) is not caused by the last
    // event: no tick-to-order sample for it (a stale cause would show as a huge latency).
    cause_ = 0;
    set_context(now_, 0);
    if (now_ >= next_timer_) run_timer();
  }
  service(ended && inputs_empty());
  if (cfg_.alert_push != nullptr || cfg_.trade_events.enabled()) forward_alerts();
  if (phase_ == Phase::Draining) {
    idle_drain_polls_ = work != 0 ? 0 : idle_drain_polls_ + 1;
    if (idle_drain_polls_ >= cfg_.max_idle_drain_polls) complete(true);
  }
  if (watermark_ != nullptr) watermark_->store(now_);
  return work;
}

std::int64_t SequencerStage::event_time(const PortState& p, std::uint64_t seq) noexcept {
  if (cfg_.time == TimeMode::Live) return Clock::to_monotonic_ns(Clock::now());
  // Capture time of the frame the event came from; never moves backwards (captures are
  // receive-ordered, but answers of the simulated venue carry their cause's time).
  const std::int64_t t = p.in_stamps->get(seq);
  return t > now_ ? t : now_;
}

void SequencerStage::on_event(std::size_t port, const Event& e, std::uint64_t seq) noexcept {
  ++counters_.events;
  now_ = event_time(*ports_[port], seq);
  cause_ = e.h.rx_tsc;
  set_context(now_, cause_);
  // A timer that fell due by this event's time runs AFTER the event is applied: what it
  // places (TTL cancels, panic slices) is then priced on the same market the venue sees
  // when the order arrives — before, a timer slice priced on the previous quote could
  // cross the book as a post-only order (-5022) even with zero latency.
  bool timer_due = false;
  if (phase_ == Phase::WaitingForData) {
    // The first event fixes the clock: timers start and the initial calibration begins
    // (strategies start trading only once it completed).
    first_ns_ = now_;
    next_timer_ = now_ + cfg_.timer_interval_ns;
    phase_ = Phase::Calibrating;
    begin_reconcile();
  } else {
    timer_due = now_ >= next_timer_;
  }
  route(port, e);
  if (timer_due) run_timer();
  if (watermark_ != nullptr) watermark_->store(now_);
}

void SequencerStage::route(std::size_t port, const Event& e) noexcept {
  PortState& p = *ports_[port];
  switch (e.h.type) {
    case EventType::BestBidOffer:
    case EventType::Trade:
    case EventType::MarkPrice:
      ++counters_.market_events;
      market_.apply(e);
      for (auto& st : strategies_) st->on_market(e, now_);
      break;
    case EventType::DepthUpdate:
      ++counters_.market_events;
      market_.apply(e);
      break;
    case EventType::OrderUpdate:
    case EventType::OrderAck:
    case EventType::AccountUpdate: on_order_event(p, e, role_of(p, e.h.conn_id)); break;
    case EventType::ConnState: on_conn_state(port, e, role_of(p, e.h.conn_id)); break;
    case EventType::DecodeError: ++counters_.decode_errors; break;
    case EventType::Timer: break;  // time already advanced
    default: ++counters_.other; break;
  }
}

void SequencerStage::on_order_event(PortState& p, const Event& e, ConnRole role) noexcept {
  ++counters_.order_events;
  switch (role) {
    case ConnRole::ReconcileRest: {
      const ReconcileSession::Progress r = p.recon.on_event(e, now_);
      if (r == ReconcileSession::Progress::Ready) finish_reconcile(p);
      else if (r == ReconcileSession::Progress::Failed) {
        p.cycle_failed = true;
        if (!reconcile_active()) cycle_settled();
      }
      return;
    }
    case ConnRole::UserStream: om_.on_event(e, engine::EventSource::Ws, now_); break;
    case ConnRole::OrderRest: om_.on_event(e, engine::EventSource::Rest, now_); break;
    default: ++counters_.unknown_conn; return;
  }
  for (auto& st : strategies_) st->on_orders_applied(now_, cause_);
}

void SequencerStage::on_conn_state(std::size_t port, const Event& e, ConnRole role) noexcept {
  ++counters_.conn_events;
  if (role == ConnRole::Unknown) return;
  const std::uint32_t link = link_of(port, e.h.conn_id);
  if (role == ConnRole::Market) {
    on_market_link(link, e);
    return;
  }
  switch (e.conn_state.status) {
    case ConnStatus::Disconnected:
      ++counters_.disconnects;
      // Submitting orders on a dropped order connection have an unknown fate; user-stream
      // events may be lost: stop placing until the venue has been re-read.
      if (role == ConnRole::OrderRest) om_.on_disconnect(e.conn_state.reason, now_);
      // User stream: held until it is back *and* recalibrated (B3, strategy/link_hold.hpp).
      if (role == ConnRole::UserStream)
        for (auto& st : strategies_) st->on_link_down(link);
      else set_paused(true);
      break;
    case ConnStatus::Connected:
    case ConnStatus::StreamExpired:
      ++counters_.reconnects;
      if (role == ConnRole::UserStream)
        for (auto& st : strategies_) st->on_link_up(link, false);
      else set_paused(true);
      reconnect_pending_ = true;  // calibrate before trading again (seed 002)
      break;
    case ConnStatus::Connecting: break;
  }
}

// A market-data stream that dropped may have missed book and trade updates, and the
// account may have moved meanwhile: hold placing while it is down, and when it is back
// raise a Reconnect alert and calibrate before placing again (seed 002 "重连后校准";
// review row 47). Its first connect is not a reconnect.
void SequencerStage::on_market_link(std::uint32_t conn, const Event& e) noexcept {
  switch (e.conn_state.status) {
    case ConnStatus::Disconnected:
      ++counters_.market_disconnects;
      for (auto& st : strategies_) st->on_link_down(conn);
      break;
    case ConnStatus::Connected:
    case ConnStatus::StreamExpired:
      if (!strategies_.front()->link_is_down(conn)) break;
      ++counters_.market_reconnects;
      for (auto& st : strategies_) st->on_link_up(conn, /*market_data=*/true);
      reconnect_pending_ = true;
      break;
    case ConnStatus::Connecting: break;
  }
}

void SequencerStage::run_timer() noexcept {
  ++counters_.timers;
  next_timer_ = now_ + cfg_.timer_interval_ns;
  OrderCommand buf[16];
  const std::uint32_t n = om_.on_timer(now_, buf, room(16));
  for (std::uint32_t i = 0; i < n; ++i) publish(buf[i]);
  apply_updates();
  for (auto& st : strategies_) st->on_timer(now_, cause_);
  publish_progress();
}

// Refreshes from the cold thread: liquidation prices (positionRisk) and trading-rule
// filters (exchangeInfo re-read at calibration). A rules update for an instrument the engine
// has no rules for yet installs them when the symbol table holds it (a market the venue
// listed while running: the table grew on the cold thread); one with another tick/step
// grid than the engine's, or of an id not in the table, is refused (counted as `other`).
void SequencerStage::apply_updates() noexcept {
  if (cfg_.risk_updates != nullptr)
    cfg_.risk_updates->consume(
        [this](PositionRiskUpdate& u, std::uint64_t, bool) {
          for (auto& st : strategies_) st->on_position_risk(u.symbol, u.side, u.liq_px, u.leverage);
        },
        16);
  if (cfg_.rules_updates != nullptr)
    cfg_.rules_updates->consume(
        [this](RulesUpdate& u, std::uint64_t, bool) {
          engine::SymbolRules* r = rules_.get(u.rules.symbol);
          if (r == nullptr && u.rules.symbol < symbols_.size() && u.rules.symbol < rules_.size()) {
            rules_.set(u.rules);  // a new instrument (noexcept: the id is inside the table)
            progress_.rules_applied.fetch_add(1, std::memory_order_relaxed);
            return;
          }
          if (r == nullptr || r->tick_size != u.rules.tick_size || r->step_size != u.rules.step_size) {
            ++counters_.other;
            return;
          }
          *r = u.rules;
          progress_.rules_applied.fetch_add(1, std::memory_order_relaxed);
        },
        16);
}

bool SequencerStage::needs_calibration() const noexcept {
  for (const auto& st : strategies_)
    if (st->needs_calibration()) return true;
  return false;
}

void SequencerStage::set_paused(bool paused) noexcept {
  for (auto& st : strategies_) st->set_paused(paused);
}

void SequencerStage::publish_progress() noexcept {
  constexpr auto r = std::memory_order_relaxed;
  for (std::size_t t = 0; t < tracked_.size(); ++t) {
    for (int i = 0; i < 2; ++i) {
      const PositionSide ps = i == 0 ? PositionSide::Long : PositionSide::Short;
      SideProgress& sp = progress_.side(t, i);
      sp.remaining.store(side_size(tracked_[t], ps), r);
      std::uint64_t placed = 0, filled = 0;
      std::uint8_t mode = 0;
      for (const auto& st : strategies_) {
        const strategy::SideActivity a = st->activity(tracked_[t], ps);
        placed += a.placed;
        filled += a.filled;
        if (a.known) mode = a.mode;
      }
      sp.placed.store(placed, r);
      sp.filled.store(filled, r);
      sp.mode.store(mode, r);
    }
  }
  bool done = !strategies_.empty();
  for (const auto& st : strategies_) done = done && st->done();
  progress_.strategies_done.store(done, r);
  progress_.events.store(counters_.events, r);
  progress_.venue_lost.store(om_.machine().stats().venue_lost, r);
  std::uint64_t unknown_own = om_.stats().unknown_own_orders;
  for (const auto& p : ports_) unknown_own += p->recon.reconciler().count(engine::DiscrepancyKind::UnknownOwnOrder);
  progress_.unknown_own.store(unknown_own, r);
  progress_.phase.store(static_cast<std::uint8_t>(phase_), std::memory_order_release);
}

void SequencerStage::forward_alerts() noexcept {
  Alert a;
  for (auto& st : strategies_) {
    while (st->alerts().pop(a)) forward_alert(a);
  }
}

void SequencerStage::forward_alert(const Alert& a) noexcept {
  if (cfg_.alert_push != nullptr) cfg_.alert_push(cfg_.alert_ctx, a);
  if (!cfg_.trade_events.enabled()) return;
  TradeEvent e;
  e.t_ns = a.t_ns;
  e.kind = TradeEventKind::Alert;
  e.alert = static_cast<std::uint8_t>(a.kind);
  e.position_side = a.side;
  e.tier = a.tier;
  e.mode = a.mode;
  e.symbol = a.symbol;
  e.px = a.px;
  e.before = a.qty_before;
  e.after = a.qty_after;
  e.value_e8 = a.value_e8;
  emit(e);
}

std::ptrdiff_t SequencerStage::exit_index(SymbolId s, PositionSide ps) const noexcept {
  if (s >= exit_slot_.size() || exit_slot_[s] < 0) return -1;
  if (ps != PositionSide::Long && ps != PositionSide::Short) return -1;
  return 2 * static_cast<std::ptrdiff_t>(exit_slot_[s]) + (ps == PositionSide::Short ? 1 : 0);
}

const ExitStats* SequencerStage::exits(SymbolId s, PositionSide ps) const noexcept {
  const std::ptrdiff_t i = exit_index(s, ps);
  return i < 0 ? nullptr : &exits_[static_cast<std::size_t>(i)];
}

bool SequencerStage::net_symbol(SymbolId s) const noexcept {
  const engine::SymbolRules* r = rules_.get(s);
  return r != nullptr && r->net_positions;
}

Qty SequencerStage::side_size(SymbolId s, PositionSide ps) const noexcept {
  if (net_symbol(s)) {  // one signed BOTH position: its LONG side while long, SHORT while short
    const engine::Position* p = positions_.get(s, PositionSide::Both);
    const Qty q = p == nullptr ? 0 : p->qty;
    return ps == PositionSide::Long ? (q > 0 ? q : 0) : (q < 0 ? -q : 0);
  }
  const engine::Position* p = positions_.get(s, ps);
  return p == nullptr ? 0 : (p->qty < 0 ? -p->qty : p->qty);
}

void SequencerStage::on_order_fill(const engine::Order& o, const engine::Fill& f) noexcept {
  // A reduce-only order on a net symbol exits the side its direction closes.
  const bool net_exit = o.position_side == PositionSide::Both && o.reduce_only() && net_symbol(o.symbol);
  const PositionSide exit_side = !net_exit ? o.position_side : o.side == Side::Sell ? PositionSide::Long : PositionSide::Short;
  const std::ptrdiff_t i = exit_index(o.symbol, exit_side);
  if (i >= 0 && f.qty > 0 && is_reducing(exit_side, o.side)) {
    ExitStats* x = &exits_[static_cast<std::size_t>(i)];
    ++x->fills;
    if (f.is_maker) ++x->venue_maker_fills;
    x->qty += f.qty;
    x->cost += static_cast<TradeCost>(f.px) * f.qty;
    if (const Price mid2 = market_.mid_x2(o.symbol); mid2 > 0) {
      x->qty_with_mid += f.qty;
      x->mid_x2_cost += static_cast<TradeCost>(mid2) * f.qty;
    }
    x->vwap_cost1 = market_.trade_cost(o.symbol);
    x->vwap_qty1 = market_.market(o.symbol).traded_qty;
  }
  if (cfg_.trade_events.enabled()) {
    TradeEvent e = order_event(TradeEventKind::Fill, o);
    e.flags = f.is_maker ? 1 : 0;
    e.px = f.px;
    e.qty = f.qty;
    // The engine applied the fill to the position before calling listeners.
    const engine::Position* p = positions_.get(o.symbol, o.position_side);
    e.after = p == nullptr ? 0 : p->qty;
    e.before = e.after - (o.side == Side::Buy ? f.qty : -f.qty);
    emit(e);
  }
  owner(o).on_order_fill(o, f);
}

void SequencerStage::on_order_terminal(const engine::Order& o) noexcept {
  if (cfg_.trade_events.enabled()) {
    TradeEvent e = order_event(TradeEventKind::OrderEnd, o);
    e.code = o.last_error;
    e.px = o.avg_px;
    e.qty = o.cum_qty;
    emit(e);
  }
  owner(o).on_order_terminal(o);
}

}  // namespace xtb
