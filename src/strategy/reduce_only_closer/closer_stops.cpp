// closer_stops.cpp — the exchange-side protective stop of each side (protective_stop.hpp):
// placing, replacing, cancelling when flat, and taking over after a restart.
#include <cstring>

#include "strategy/reduce_only_closer/liquidation_risk.hpp"
#include "strategy/reduce_only_closer/reduce_only_closer.hpp"

namespace xtb::strategy {

void ReduceOnlyCloser::drive_stop(CloserSymbol& sym, CloserSide& sd, Qty abs_qty, std::int64_t now_ns,
                                  TscTicks cause) noexcept {
  const ProtectiveStopParams& sp = sym.params.risk.protective_stop;
  // Not started / link held (user events lost, B3): the venue may hold a stop we have not
  // adopted yet. A periodic reconciliation does not hold stops (risk orders, B7).
  // Kill switch / shutdown: leave the resting stop alone — it protects the position when
  // we are gone (the engine's cancel_all_own keeps closePosition orders too).
  if (!sp.enabled || !started_ || link_.holds() || halted_ || stopped_) return;
  ProtectiveStop& ps = sd.stop;
  if (ps.state() == StopState::Canceling) {
    if (now_ns - ps.cancel_ns() < sym.t.cancel_wait_ns) return;
    const engine::Order* o = ctx_.orders.store().find(ps.id());
    if (o == nullptr || !o->live()) {  // ended without us seeing it
      ++counters_.lost_orders;
      ps.on_terminal(o ? o->status : OrderStatus::Canceled, 0, now_ns, sym.t.stop_retry_ns);
    } else if (o->cancel_requested || send_cancel(ps.id(), true, now_ns, cause) == engine::RejectReason::None) {
      ps.on_cancel_sent(now_ns);
    }
    return;
  }
  const engine::SymbolRules* rules = ctx_.rules.get(sym.id);
  const bool want = abs_qty > 0;
  const Price desired = rules ? protective_stop_px(sd.side, sd.liq_px, sp.dist_to_liq_e8, rules->px_multiple) : 0;
  const StopAction a = ps.decide(sp, want, desired, sym.market.reference_px(), now_ns);
  if (a == StopAction::Cancel) {
    const engine::RejectReason rr = send_cancel(ps.id(), true, now_ns, cause);
    if (rr == engine::RejectReason::None) {
      if (want) ++sd.stats.stop_replaced;
      ps.on_cancel_sent(now_ns);
    } else if (rr == engine::RejectReason::BadOrder) {
      ++counters_.lost_orders;
      ps.on_terminal(OrderStatus::Canceled, 0, now_ns, sym.t.stop_retry_ns);
    }
    return;
  }
  if (a != StopAction::Place) return;
  OrderCommand* c = ctx_.sink.claim();
  if (c == nullptr) {
    ++counters_.sink_full;
    return;
  }
  std::memset(c, 0, sizeof(OrderCommand));
  c->kind = CommandKind::NewOrder;
  c->venue = opt_.venue;
  c->side = closing_side(sd.side);
  c->position_side = sd.side;
  c->type = OrderType::StopMarket;
  c->working_type = WorkingType::MarkPrice;
  c->flags = OrderCommand::kClosePosition | OrderCommand::kRiskOrder;
  c->symbol = sym.id;
  c->strategy_id = ctx_.id;
  c->stop_px = desired;
  c->cause_rx_tsc = cause;
  ps.next_id(c->client_id);
  const engine::PlaceResult r = ctx_.orders.place(*c, desired, now_ns);
  if (r.reject != engine::RejectReason::None) {
    ++sd.stats.stop_rejected;
    ps.on_place_refused(now_ns, sym.t.stop_retry_ns, r.reject == engine::RejectReason::DuplicateClientId);
    alert(AlertKind::StopRejected, sym, sd, abs_qty, abs_qty, desired, 0, now_ns);
    return;
  }
  ctx_.sink.commit();
  ++counters_.commands;
  ++sd.stats.stop_placed;
  ps.on_place_sent(c->client_id, desired, now_ns);
  alert(AlertKind::StopPlaced, sym, sd, abs_qty, abs_qty, desired, 0, now_ns);
}

void ReduceOnlyCloser::stop_terminal(CloserSymbol& sym, CloserSide& sd, const engine::Order& o) noexcept {
  const Price px = sd.stop.px();
  const std::int64_t now_ns = o.last_update_ns;
  const Qty q = abs_position(sym, sd);
  switch (sd.stop.on_terminal(o.status, o.last_error, now_ns, sym.t.stop_retry_ns)) {
    case StopEnd::Triggered:
      ++sd.stats.stop_triggered;
      alert(AlertKind::StopTriggered, sym, sd, q, q, px, 0, now_ns);
      break;
    case StopEnd::Cancelled:
    case StopEnd::Expired:
      ++sd.stats.stop_cancelled;
      alert(AlertKind::StopCancelled, sym, sd, q, q, px, 0, now_ns);
      break;
    case StopEnd::Rejected:
      ++sd.stats.stop_rejected;
      alert(AlertKind::StopRejected, sym, sd, q, q, px, 0, now_ns);
      break;
    case StopEnd::External:  // alert once; re-checked after the next reconciliation (B2)
      ++sd.stats.stop_external;
      alert(AlertKind::StopExternal, sym, sd, q, q, px, 0, now_ns);
      break;
    case StopEnd::ExternalAgain: ++sd.stats.stop_external; break;
    case StopEnd::None: break;
  }
}

void ReduceOnlyCloser::on_reconciled(std::int64_t now_ns) noexcept {
  link_.check_done();
  constexpr int kMaxExtra = 8;
  ClientOrderId extra[kMaxExtra];
  int n_extra = 0;
  ctx_.orders.store().for_each([&](const engine::Order& o) {
    if ((o.flags & OrderCommand::kClosePosition) == 0) return;
    CloserSymbol* sym = find(o.symbol);
    CloserSide* sd = find_side(o.symbol, o.position_side);
    const std::uint64_t seq = sd != nullptr ? sd->stop.seq_of(o.client_id.view()) : 0;
    if (sym == nullptr || seq == 0) return;
    // Terminal stops of an earlier process stay in a journal-recovered store: never
    // reuse their ids (B1).
    sd->stop.advance_to(seq < ProtectiveStop::kMaxSeq ? seq + 1 : seq);
    if (!o.live()) return;
    if (sd->stop.state() == StopState::None) {
      const bool open = o.status == OrderStatus::Open || o.status == OrderStatus::PartiallyFilled;
      sd->stop.adopt(o.client_id, o.stop_px, open);
      ++sd->stats.stop_adopted;
      const Qty q = abs_position(*sym, *sd);
      alert(AlertKind::StopAdopted, *sym, *sd, q, q, o.stop_px, 0, now_ns);
    } else if (!(o.client_id == sd->stop.id()) && n_extra < kMaxExtra) {
      extra[n_extra++] = o.client_id;  // a second stop of ours on this side: keep one
    }
  });
  // Cancels after the scan: request_cancel touches the store's records.
  for (int i = 0; i < n_extra; ++i) send_cancel(extra[i], true, now_ns, 0);
  for (std::uint32_t i = 0; i < n_symbols_; ++i)
    for (CloserSide& sd : symbols_[i].sides) sd.stop.on_reconciled();
}

}  // namespace xtb::strategy
