// reduce_only_closer.cpp — set-up, event entry points, the per-side drive loop, risk state,
// external-increase detection and the engine callbacks. Slices: closer_slices.cpp;
// protective stops: closer_stops.cpp.
#include "strategy/reduce_only_closer/reduce_only_closer.hpp"

#include <cstring>
#include <stdexcept>
#include <string>

#include "strategy/reduce_only_closer/liquidation_risk.hpp"

namespace xtb::strategy {
namespace {

constexpr std::int64_t kNsPerMs = 1'000'000;

int side_index(PositionSide ps) noexcept { return ps == PositionSide::Short ? 1 : 0; }

CloserTimings timings_of(const CloserParams& p) noexcept {
  CloserTimings t{};
  t.ttl_ns = p.execution.order_ttl_ms * kNsPerMs;
  t.cooldown_ns = p.execution.repost_cooldown_ms * kNsPerMs;
  t.signal_interval_ns = p.execution.min_signal_interval_ms * kNsPerMs;
  t.stale_ns = p.stale_data_ms * kNsPerMs;
  __extension__ typedef __int128 i128;
  t.panic_ttl_ns = static_cast<std::int64_t>(static_cast<i128>(t.ttl_ns) * p.risk.panic_close.ttl_percent_e8 / kRatioOne);
  if (t.panic_ttl_ns < 1) t.panic_ttl_ns = 1;
  t.stop_retry_ns = p.risk.protective_stop.retry_ms * kNsPerMs;
  // A cancel still unanswered after one TTL (at least 1 s) is checked again.
  t.cancel_wait_ns = t.ttl_ns > 1000 * kNsPerMs ? t.ttl_ns : 1000 * kNsPerMs;
  return t;
}

}  // namespace

ReduceOnlyCloser::ReduceOnlyCloser(const StrategyContext& ctx, const CloserOptions& opt)
    : StrategyBase(ctx),
      opt_(opt),
      symbols_(std::make_unique<CloserSymbol[]>(opt.max_symbols)),
      slot_of_(std::make_unique<std::int32_t[]>(ctx.rules.size())) {
  for (std::uint32_t i = 0; i < ctx.rules.size(); ++i) slot_of_[i] = -1;
  const std::string_view prefix = opt.stop_prefix.empty() ? ctx.orders.ids().prefix() : opt.stop_prefix;
  if (prefix.empty() || prefix.size() >= sizeof stop_prefix_)
    throw std::invalid_argument("reduce_only_closer: bad protective stop id prefix");
  std::memcpy(stop_prefix_, prefix.data(), prefix.size());
  stop_prefix_len_ = static_cast<std::uint8_t>(prefix.size());
  opt_.stop_prefix = {};  // the view may dangle; stop_prefix_ holds the copy
}

void ReduceOnlyCloser::add_symbol(SymbolId id, std::string_view name, const CloserParams& p) {
  if (ctx_.rules.get(id) == nullptr)
    throw std::invalid_argument("reduce_only_closer: no symbol rules for '" + std::string(name) + "'");
  if (slot_of_[id] >= 0) throw std::invalid_argument("reduce_only_closer: '" + std::string(name) + "' added twice");
  if (n_symbols_ >= opt_.max_symbols) throw std::invalid_argument("reduce_only_closer: max_symbols reached");
  if (name.empty() || name.size() >= sizeof(CloserSymbol::name))
    throw std::invalid_argument("reduce_only_closer: bad symbol name '" + std::string(name) + "'");
  CloserSymbol& s = symbols_[n_symbols_];
  s.id = id;
  s.net = ctx_.rules.get(id)->net_positions;
  if (s.net && p.risk.protective_stop.enabled)
    throw std::invalid_argument("reduce_only_closer: '" + std::string(name) +
                                "' is a net (one-way) position: protective stops are hedge-mode closePosition "
                                "orders; set risk.protective_stop.enabled: false");
  std::memcpy(s.name, name.data(), name.size());
  s.name_len = static_cast<std::uint8_t>(name.size());
  s.params = p;
  s.t = timings_of(p);
  s.market.returns.configure(p.accel.window_ms * kNsPerMs);
  const std::string_view prefix(stop_prefix_, stop_prefix_len_);
  for (int i = 0; i < 2; ++i) {
    CloserSide& sd = s.sides[i];
    sd.side = i == 0 ? PositionSide::Long : PositionSide::Short;
    if (!sd.stop.configure(prefix, name, sd.side, opt_.first_stop_seq))
      throw std::invalid_argument("reduce_only_closer: protective stop id for '" + std::string(name) +
                                  "' would exceed 36 characters or has bad characters");
  }
  slot_of_[id] = static_cast<std::int32_t>(n_symbols_++);
  ids_.push_back(id);
}

SideActivity ReduceOnlyCloser::activity(SymbolId s, PositionSide ps) const noexcept {
  const CloserSide* sd = side(s, ps);
  if (sd == nullptr) return {};
  return SideActivity{sd->stats.slices_placed, sd->stats.slices_filled, static_cast<std::uint8_t>(sd->exec.mode()), true};
}

CloserSymbol* ReduceOnlyCloser::find(SymbolId s) noexcept {
  if (s >= ctx_.rules.size() || slot_of_[s] < 0) return nullptr;
  return &symbols_[slot_of_[s]];
}

const CloserSymbol* ReduceOnlyCloser::symbol(SymbolId s) const noexcept {
  if (s >= ctx_.rules.size() || slot_of_[s] < 0) return nullptr;
  return &symbols_[slot_of_[s]];
}

CloserSide* ReduceOnlyCloser::find_side(SymbolId s, PositionSide ps) noexcept {
  if (ps != PositionSide::Long && ps != PositionSide::Short) return nullptr;
  CloserSymbol* sym = find(s);
  return sym ? &sym->sides[side_index(ps)] : nullptr;
}

CloserSide* ReduceOnlyCloser::side_of(const engine::Order& o) noexcept {
  CloserSymbol* sym = find(o.symbol);
  if (sym != nullptr && sym->net && o.position_side == PositionSide::Both)
    return &sym->sides[o.side == Side::Sell ? 0 : 1];
  return sym != nullptr && !sym->net ? find_side(o.symbol, o.position_side) : nullptr;
}

const CloserSide* ReduceOnlyCloser::side(SymbolId s, PositionSide ps) const noexcept {
  const CloserSymbol* sym = symbol(s);
  if (sym == nullptr || (ps != PositionSide::Long && ps != PositionSide::Short)) return nullptr;
  return &sym->sides[side_index(ps)];
}

void ReduceOnlyCloser::start(std::int64_t now_ns) noexcept {
  // Live ids (epoch = start time in unix ms): stop ids carry a time suffix too, so a start
  // without the history of earlier ones (no journal) never reuses their ids (B1).
  const std::uint64_t epoch_ms = ctx_.orders.ids().epoch();
  const std::uint64_t first_seq = epoch_ms > 0 ? ProtectiveStop::seq_from_unix_ms(epoch_ms) : 0;
  for (std::uint32_t i = 0; i < n_symbols_; ++i)
    for (CloserSide& sd : symbols_[i].sides) {
      sd.baseline_qty = abs_position(symbols_[i], sd);
      sd.open_seen = sd.baseline_qty > 0;
      sd.stop.advance_to(first_seq);
    }
  started_ = true;
  on_timer(now_ns);
}

void ReduceOnlyCloser::set_position_risk(SymbolId s, PositionSide side, Price liq_px,
                                         std::int32_t leverage) noexcept {
  CloserSide* sd = find_side(s, side);
  if (sd == nullptr) return;
  sd->liq_px = liq_px > 0 ? liq_px : 0;
  sd->leverage = leverage > 0 ? leverage : 1;
  sd->dirty = true;
}

void ReduceOnlyCloser::on_market(const Event& ev, std::int64_t now_ns) noexcept {
  const EventType t = ev.h.type;
  if (t != EventType::BestBidOffer && t != EventType::Trade && t != EventType::MarkPrice) return;
  CloserSymbol* sym = find(ev.h.symbol);
  if (sym == nullptr) {
    ++counters_.foreign_events;
    return;
  }
  const bool changed = sym->market.apply(ev, now_ns);
  for (CloserSide& sd : sym->sides) drive(*sym, sd, now_ns, ev.h.rx_tsc, changed);
}

void ReduceOnlyCloser::on_timer(std::int64_t now_ns, TscTicks cause) noexcept {
  for (std::uint32_t i = 0; i < n_symbols_; ++i)
    for (CloserSide& sd : symbols_[i].sides) drive(symbols_[i], sd, now_ns, cause, false);
}

void ReduceOnlyCloser::on_orders_applied(std::int64_t now_ns, TscTicks cause) noexcept {
  for (std::uint32_t i = 0; i < n_symbols_; ++i)
    for (CloserSide& sd : symbols_[i].sides)
      if (sd.dirty) drive(symbols_[i], sd, now_ns, cause, false);
}

Qty ReduceOnlyCloser::abs_position(const CloserSymbol& sym, const CloserSide& sd) const noexcept {
  const engine::Position* p = ctx_.orders.positions().get(sym.id, book_side(sym, sd));
  if (p == nullptr) return 0;
  if (sym.net) return sd.side == PositionSide::Long ? (p->qty > 0 ? p->qty : 0) : (p->qty < 0 ? -p->qty : 0);
  return p->qty < 0 ? -p->qty : p->qty;
}

Qty ReduceOnlyCloser::remaining(const CloserSymbol& sym, const CloserSide& sd, Qty abs_qty) const noexcept {
  // Leaves of every live reducing order on this side (ours, adopted, older runs) are
  // already committed against the position: never place beyond what is left.
  const engine::Exposure ex = ctx_.orders.exposure(sym.id, book_side(sym, sd));
  const Qty working = sd.side == PositionSide::Short ? ex.open_buy : ex.open_sell;
  const Qty r = abs_qty - working;
  return r > 0 ? r : 0;
}

void ReduceOnlyCloser::drive(CloserSymbol& sym, CloserSide& sd, std::int64_t now_ns, TscTicks cause,
                             bool market_update) noexcept {
  sd.dirty = false;
  sd.exec.tick(now_ns);
  const Qty abs_qty = abs_position(sym, sd);
  const Qty before = sd.baseline_qty;
  check_external(sym, sd, abs_qty, now_ns);
  check_closed(sym, sd, before, abs_qty, now_ns);
  update_risk(sym, sd, abs_qty, now_ns);
  drive_ttl(sym, sd, now_ns, cause);
  drive_stop(sym, sd, abs_qty, now_ns, cause);
  if (sd.exec.state() == ExecState::Idle) maybe_place(sym, sd, abs_qty, now_ns, cause, market_update);
}

void ReduceOnlyCloser::check_external(CloserSymbol& sym, CloserSide& sd, Qty abs_qty, std::int64_t now_ns) noexcept {
  if (!started_) return;
  if (abs_qty > sd.baseline_qty) {
    // Every order of the closer reduces: growth came from someone else (manual trade,
    // another bot) — seed 002 "开仓告警".
    ++sd.stats.external_increases;
    alert(sd.baseline_qty == 0 ? AlertKind::ExternalOpen : AlertKind::ExternalIncrease, sym, sd,
          sd.baseline_qty, abs_qty, sym.market.reference_px(), 0, now_ns);
    sd.dust_noted = false;
  }
  sd.baseline_qty = abs_qty;
}

void ReduceOnlyCloser::check_closed(CloserSymbol& sym, CloserSide& sd, Qty before, Qty abs_qty,
                                    std::int64_t now_ns) noexcept {
  if (!started_) return;
  if (abs_qty > 0) {
    sd.open_seen = true;
    return;
  }
  // Nothing left to close: a working slice has no purpose — cancel it now rather than at its
  // TTL (seed 002 cancels its leftovers on position_zero; review (b) 12).
  const ExecState st = sd.exec.state();
  if ((st == ExecState::Placing || st == ExecState::Waiting) && !sd.exec.order().id.empty() &&
      send_cancel(sd.exec.order().id, sd.exec.order().risk, now_ns, 0) == engine::RejectReason::None)
    sd.exec.on_flat_cancel(now_ns);
  // Exactly flat after holding a position (our fills, a stop, a manual close): say so once
  // (B5). A side left with dust below minQty is reported by maybe_place instead.
  if (!sd.open_seen || sd.dust_noted) return;
  sd.dust_noted = true;
  alert(AlertKind::SideClosed, sym, sd, before, 0, 0, 0, now_ns);
}

void ReduceOnlyCloser::update_risk(CloserSymbol& sym, CloserSide& sd, Qty abs_qty, std::int64_t now_ns) noexcept {
  std::int64_t dist = -1;
  const bool known = abs_qty > 0 && dist_to_liq_e8(sym.market.reference_px(), sd.liq_px, dist);
  const RiskParams& rp = sym.params.risk;
  const bool soft = known && dist <= rp.liq_distance_threshold_e8;
  const int tier = known ? panic_tier(rp.panic_close, dist) : -1;
  sd.dist_e8 = known ? dist : -1;
  const Price mark = sym.market.reference_px();
  if (soft != sd.soft_risk) {
    if (soft) ++sd.stats.soft_risk_events;
    alert(soft ? AlertKind::SoftRiskEnter : AlertKind::SoftRiskExit, sym, sd, abs_qty, abs_qty, mark, dist, now_ns);
    sd.soft_risk = soft;
    // Seed 002 "强制至少切到 AGGRESSIVE_LIMIT": the side's mode switches (and is counted); it
    // returns to maker by the de-escalation rules, not by leaving the zone (review row 31).
    if (soft) note_mode(sym, sd, sd.exec.set_mode(ExecMode::AggressiveLimit), now_ns);
  }
  if (tier != sd.panic_tier) {
    const bool worse = tier >= 0 && (sd.panic_tier < 0 || rp.panic_close.tiers[tier].dist_to_liq_e8 <
                                                               rp.panic_close.tiers[sd.panic_tier].dist_to_liq_e8);
    if (worse) ++sd.stats.panic_events;
    // The alert's tier: the tier entered (PanicEnter), or the tier left (PanicExit).
    if (tier < 0) alert(AlertKind::PanicExit, sym, sd, abs_qty, abs_qty, mark, dist, now_ns);
    sd.panic_tier = static_cast<std::int8_t>(tier);
    if (worse) alert(AlertKind::PanicEnter, sym, sd, abs_qty, abs_qty, mark, dist, now_ns);
  }
}

Rotation ReduceOnlyCloser::rotation(const CloserSymbol& sym, const CloserSide& sd) const noexcept {
  const ExecutionParams& e = sym.params.execution;
  Rotation r{e.maker_timeouts_to_escalate, e.aggr_fills_to_deescalate, e.aggr_timeouts_to_deescalate};
  if (sd.panic_tier >= 0) r.maker_escalate = sym.params.risk.panic_close.tiers[sd.panic_tier].maker_timeouts_to_escalate;
  return r;
}

void ReduceOnlyCloser::note_mode(const CloserSymbol& sym, CloserSide& sd, ModeChange c, std::int64_t now_ns) noexcept {
  if (c == ModeChange::None) return;
  if (events_.enabled()) {
    TradeEvent e = side_event(TradeEventKind::ModeChange, sym, sd, now_ns);
    e.mode = static_cast<std::uint8_t>(sd.exec.mode());
    e.reason = static_cast<std::uint8_t>(c);
    events_.emit(e);
  }
  ++sd.stats.mode_switches;
  if (c == ModeChange::Escalated) ++sd.stats.escalations;
  else ++sd.stats.deescalations;
}

void ReduceOnlyCloser::alert(AlertKind k, const CloserSymbol& sym, const CloserSide& sd, Qty before, Qty after,
                             Price px, std::int64_t value_e8, std::int64_t now_ns) noexcept {
  Alert a{};
  a.kind = k;
  a.side = sd.side;
  a.tier = sd.panic_tier;
  a.symbol = sym.id;
  a.qty_before = before;
  a.qty_after = after;
  a.px = px;
  a.value_e8 = value_e8;
  a.t_ns = now_ns;
  alerts_.push(a);
}

void ReduceOnlyCloser::on_order_fill(const engine::Order& o, const engine::Fill& f) noexcept {
  CloserSymbol* sym = find(o.symbol);
  CloserSide* sd = side_of(o);
  if (sym == nullptr || sd == nullptr) {
    ++counters_.foreign_orders;
    return;
  }
  sd->dirty = true;
  if (sd->exec.has_order() && o.client_id == sd->exec.order().id) {
    slice_fill(*sym, *sd, o, f);
  } else if (sd->stop.matches(o.client_id)) {
    sd->stats.stop_filled_qty += f.qty;  // the venue closing the side: not a slice
  } else {
    ++counters_.foreign_orders;
  }
}

void ReduceOnlyCloser::on_order_status(const engine::Order& o) noexcept {
  CloserSide* sd = side_of(o);
  if (sd == nullptr) return;
  const bool open = o.status == OrderStatus::Open || o.status == OrderStatus::PartiallyFilled;
  if (sd->exec.has_order() && o.client_id == sd->exec.order().id) {
    if (open) sd->exec.on_accepted();
    sd->dirty = true;
  } else if (sd->stop.matches(o.client_id)) {
    if (open) sd->stop.on_open();
    sd->dirty = true;
  }
}

void ReduceOnlyCloser::on_order_terminal(const engine::Order& o) noexcept {
  CloserSymbol* sym = find(o.symbol);
  CloserSide* sd = side_of(o);
  if (sym == nullptr || sd == nullptr) return;
  if (sd->exec.has_order() && o.client_id == sd->exec.order().id) {
    slice_terminal(*sym, *sd, o);
    sd->dirty = true;
  } else if (sd->stop.matches(o.client_id)) {
    stop_terminal(*sym, *sd, o);
    sd->dirty = true;
  }
}

void ReduceOnlyCloser::on_kill_switch() noexcept {
  halted_ = true;
  ++counters_.kill_switch;
  Alert a{};
  a.kind = AlertKind::KillSwitch;
  a.symbol = kNoSymbol;
  a.tier = -1;
  alerts_.push(a);
}

}  // namespace xtb::strategy
