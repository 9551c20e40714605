// closer_slices.cpp — the reduce-only slices: when to place one (signal or panic), its
// price, size and flags, the TTL cancel, and what fills/terminal states do to the side.
#include <cstring>

#include "strategy/reduce_only_closer/reduce_only_closer.hpp"
#include "strategy/reduce_only_closer/sizing.hpp"

namespace xtb::strategy {

void ReduceOnlyCloser::maybe_place(CloserSymbol& sym, CloserSide& sd, Qty abs_qty, std::int64_t now_ns,
                                   TscTicks cause, bool market_update) noexcept {
  // Zero: check_closed() reports it. The link hold stops everything; a running
  // reconciliation (paused_) only signal slices (below).
  if (!started_ || stopped_ || halted_ || link_.holds() || abs_qty == 0) return;
  const engine::SymbolRules* rules = ctx_.rules.get(sym.id);
  if (rules == nullptr) return;
  const Qty left = remaining(sym, sd, abs_qty);
  if (left < (rules->min_qty > 0 ? rules->min_qty : 1)) {
    if (!sd.dust_noted && left == abs_qty) {  // nothing working and nothing placeable
      ++sd.stats.dust_skips;
      alert(AlertKind::SideClosed, sym, sd, abs_qty, abs_qty, 0, 0, now_ns);
      sd.dust_noted = true;
    }
    return;
  }
  const bool panic = sd.panic_tier >= 0;
  if (!panic && (!market_update || paused_)) return;  // signals only look at new book/trade data
  if (sym.market.stale(now_ns, sym.t.stale_ns)) {
    ++sd.stats.stale_skips;
    if (!sym.stale) {
      sym.stale = true;
      alert(AlertKind::DataStale, sym, sd, abs_qty, abs_qty, 0, 0, now_ns);
    }
    return;
  }
  sym.stale = false;
  SignalReason reason = SignalReason::Panic;
  if (!panic) {
    reason = exit_signal(sd.side, sym.market);
    if (reason == SignalReason::None || !sd.throttle.allows(now_ns, sym.t.signal_interval_ns)) return;
    sd.throttle.mark(now_ns);
  }
  ++sd.stats.signals[static_cast<int>(reason)];
  // Soft risk forces at least AGGRESSIVE_LIMIT for signal slices; panic slices follow the
  // side's rotation (maker first, escalating after the tier's maker_timeouts_to_escalate).
  const ExecMode mode = !panic && sd.soft_risk ? ExecMode::AggressiveLimit : sd.exec.mode();
  const Side side = closing_side(sd.side);
  const Price px = limit_price(mode, sym.params.execution, *rules, side, sym.market.bid_px, sym.market.ask_px);
  if (px <= 0) return;
  SliceDecision d;
  if (panic) {
    d = size_panic_slice(*rules, sym.params.risk.panic_close.tiers[sd.panic_tier].slice_ratio_e8, abs_qty, px, left);
  } else {
    const engine::Position* pos = ctx_.orders.positions().get(sym.id, book_side(sym, sd));
    std::int64_t roi = 0, ret = 0;
    const bool have_roi = pos != nullptr &&
                          initial_margin_roi_e8(sd.side, pos->entry_px(), sym.market.reference_px(), sd.leverage, roi);
    const bool have_ret = sym.market.returns.ret_e8(now_ns, ret);
    const std::int64_t mult = final_mult(sym.params.execution.base_lot_mult, roi_mult(sym.params.roi, have_roi, roi),
                                         accel_mult(sym.params.accel, sd.side, have_ret, ret),
                                         sym.params.execution.max_mult);
    d = size_signal_slice(*rules, sym.params.execution, mult, px, left);
  }
  emit_signal(sym, sd, reason, mode, px, d, now_ns);
  if (d.outcome != SliceOutcome::Ok) {
    if (d.outcome == SliceOutcome::TooSmall) ++sd.stats.too_small_skips;
    else ++sd.stats.dust_skips;
    return;
  }
  if (place_slice(sym, sd, mode, reason, px, d.qty, now_ns, cause) && panic) ++sd.stats.panic_slices;
}

bool ReduceOnlyCloser::place_slice(CloserSymbol& sym, CloserSide& sd, ExecMode mode, SignalReason reason, Price px,
                                   Qty qty, std::int64_t now_ns, TscTicks cause) noexcept {
  OrderCommand* c = ctx_.sink.claim();
  if (c == nullptr) {
    ++counters_.sink_full;
    return false;
  }
  const bool risk = reason == SignalReason::Panic;
  std::memset(c, 0, sizeof(OrderCommand));
  c->kind = CommandKind::NewOrder;
  c->venue = opt_.venue;
  c->side = closing_side(sd.side);
  c->position_side = book_side(sym, sd);
  c->type = OrderType::Limit;
  c->tif = mode == ExecMode::MakerOnly ? TimeInForce::PostOnly : TimeInForce::GTC;
  c->flags = static_cast<std::uint8_t>(OrderCommand::kReduceOnly | (risk ? OrderCommand::kRiskOrder : 0));
  c->symbol = sym.id;
  c->strategy_id = ctx_.id;
  c->px = px;
  c->qty = qty;
  c->cause_rx_tsc = cause;
  const engine::PlaceResult r = ctx_.orders.place(*c, px, now_ns);
  if (r.reject != engine::RejectReason::None) {
    ++sd.stats.risk_refused;
    sd.exec.on_place_refused(now_ns, sym.t.cooldown_ns > 0 ? sym.t.cooldown_ns : 1);
    return false;
  }
  ctx_.sink.commit();
  ++counters_.commands;
  ++sd.stats.slices_placed;
  WorkingOrder w;
  w.id = c->client_id;
  w.mode = mode;
  w.reason = reason;
  w.risk = risk;
  w.placed_ns = now_ns;
  w.ttl_ns = risk ? sym.t.panic_ttl_ns : sym.t.ttl_ns;
  w.qty = qty;
  sd.exec.on_placed(w);
  sd.dust_noted = false;
  return true;
}

engine::RejectReason ReduceOnlyCloser::send_cancel(const ClientOrderId& id, bool risk, std::int64_t now_ns,
                                                   TscTicks cause) noexcept {
  OrderCommand* c = ctx_.sink.claim();
  if (c == nullptr) {
    ++counters_.sink_full;
    return engine::RejectReason::StoreFull;  // no room on R3: try again on the next drive
  }
  const engine::RejectReason rr = ctx_.orders.request_cancel(id, risk, now_ns, *c);
  if (rr != engine::RejectReason::None) return rr;
  c->cause_rx_tsc = cause;
  ctx_.sink.commit();
  ++counters_.commands;
  return rr;
}

void ReduceOnlyCloser::drive_ttl(CloserSymbol& sym, CloserSide& sd, std::int64_t now_ns, TscTicks cause) noexcept {
  const WorkingOrder& w = sd.exec.order();
  if (sd.exec.ttl_expired(now_ns)) {
    const engine::RejectReason rr = send_cancel(w.id, w.risk, now_ns, cause);
    if (rr == engine::RejectReason::None) {
      emit_timeout(sym, sd, w, now_ns);
      ++sd.stats.ttl_cancels;
      note_mode(sym, sd, sd.exec.on_timeout(now_ns, rotation(sym, sd)), now_ns);
    } else if (rr == engine::RejectReason::BadOrder) {
      // Not live in the store although we never saw its end (recycled slot): it ended.
      ++counters_.lost_orders;
      note_mode(sym, sd, sd.exec.on_terminal(OrderStatus::Failed, 0, now_ns, sym.t.cooldown_ns, rotation(sym, sd)), now_ns);
    } else {
      sd.exec.defer_cancel(now_ns + (sym.t.cooldown_ns > 0 ? sym.t.cooldown_ns : 1'000'000));
    }
    return;
  }
  if (!sd.exec.cancel_overdue(now_ns, sym.t.cancel_wait_ns)) return;
  // The cancel was answered with an error (the engine cleared cancel_requested and queries
  // the order) or is still unanswered: look at the order itself.
  const engine::Order* o = ctx_.orders.store().find(w.id);
  if (o == nullptr || !o->live()) {
    ++counters_.lost_orders;
    note_mode(sym, sd, sd.exec.on_terminal(o ? o->status : OrderStatus::Failed, 0, now_ns, sym.t.cooldown_ns,
                                           rotation(sym, sd)), now_ns);
    return;
  }
  if (o->cancel_requested || send_cancel(w.id, w.risk, now_ns, cause) == engine::RejectReason::None)
    sd.exec.on_cancel_resent(now_ns);
}

void ReduceOnlyCloser::slice_fill(CloserSymbol& sym, CloserSide& sd, const engine::Order& o,
                                  const engine::Fill& f) noexcept {
  SideStats& st = sd.stats;
  ++st.fills;
  st.filled_qty += f.qty;
  st.exit_cost += static_cast<ExitCost>(f.px) * f.qty;
  if (sd.exec.order().mode == ExecMode::MakerOnly) ++st.maker_mode_fills;
  else ++st.aggressive_mode_fills;
  if (f.is_maker) ++st.venue_maker_fills;
  if (o.status != OrderStatus::Filled) ++st.partial_fills;
  // Seed 002 on_fill: qty @ price, mode, reason, position before → after (the engine applied
  // the fill to the position before calling us). Recorded before the mode may rotate.
  Alert a{};
  a.kind = AlertKind::Fill;
  a.side = sd.side;
  a.tier = -1;
  a.set_reason(to_string(sd.exec.order().reason));
  a.mode = static_cast<std::uint8_t>(sd.exec.order().mode);
  a.symbol = sym.id;
  a.qty_after = abs_position(sym, sd);
  a.qty_before = a.qty_after + f.qty;
  a.px = f.px;
  a.value_e8 = f.qty;
  a.t_ns = o.last_update_ns;
  alerts_.push(a);
  note_mode(sym, sd, sd.exec.on_fill(f.qty, rotation(sym, sd)), o.last_update_ns);
}

void ReduceOnlyCloser::slice_terminal(CloserSymbol& sym, CloserSide& sd, const engine::Order& o) noexcept {
  SideStats& st = sd.stats;
  switch (o.status) {
    case OrderStatus::Filled: ++st.slices_filled; break;
    case OrderStatus::Canceled:
    case OrderStatus::Expired: ++st.slices_cancelled; break;
    default:
      ++st.slices_rejected;
      if (o.last_error == -5022) ++st.gtx_rejects;
      break;
  }
  note_mode(sym, sd, sd.exec.on_terminal(o.status, o.last_error, o.last_update_ns, sym.t.cooldown_ns, rotation(sym, sd)),
            o.last_update_ns);
}

void ReduceOnlyCloser::emit_signal(const CloserSymbol& sym, const CloserSide& sd, SignalReason reason, ExecMode mode,
                                   Price px, const SliceDecision& d, std::int64_t now_ns) const noexcept {
  if (!events_.enabled()) return;
  TradeEvent e = side_event(TradeEventKind::Signal, sym, sd, now_ns);
  e.reason = static_cast<std::uint8_t>(reason);
  e.mode = static_cast<std::uint8_t>(mode);
  e.px = px;
  e.qty = d.qty;
  e.code = static_cast<std::int32_t>(d.outcome);  // SliceOutcome: 0 placed, 1 dust, 2 too small
  e.tier = sd.panic_tier;
  events_.emit(e);
}

void ReduceOnlyCloser::emit_timeout(const CloserSymbol& sym, const CloserSide& sd, const WorkingOrder& w,
                                    std::int64_t now_ns) const noexcept {
  if (!events_.enabled()) return;
  TradeEvent e = side_event(TradeEventKind::Timeout, sym, sd, now_ns);
  e.mode = static_cast<std::uint8_t>(w.mode);
  e.reason = static_cast<std::uint8_t>(w.reason);
  e.qty = w.qty;
  e.id = w.id;
  events_.emit(e);
}

}  // namespace xtb::strategy
