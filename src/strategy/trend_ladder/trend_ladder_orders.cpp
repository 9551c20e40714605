// trend_ladder_orders.cpp — the commands of `trend_ladder` (trend_ladder.hpp): LIMIT orders
// and cancels through the engine (risk, ids, journal) into the sink; the take-profits of
// entry fills; entry placement, pacing and requotes with backoff.
#include <cstring>

#include "strategy/trend_ladder/trend_ladder.hpp"

namespace xtb::strategy {

bool TrendLadder::send_limit(Side side, Price px, Qty qty, bool reduce_only, bool post_only, std::int64_t now_ns,
                             TscTicks cause, ClientOrderId& id) noexcept {
  OrderCommand* c = ctx_.sink.claim();
  if (c == nullptr) {
    ++stats_.sink_full;
    return false;
  }
  std::memset(c, 0, sizeof(OrderCommand));
  c->kind = CommandKind::NewOrder;
  c->venue = ctx_.venue;
  c->side = side;
  c->position_side = book_side_;
  c->type = OrderType::Limit;
  c->tif = post_only ? TimeInForce::PostOnly : TimeInForce::GTC;
  c->flags = reduce_only ? OrderCommand::kReduceOnly : 0;
  c->symbol = p_.symbol;
  c->strategy_id = ctx_.id;
  c->px = px;
  c->qty = qty;
  c->cause_rx_tsc = cause;
  if (ctx_.orders.place(*c, px, now_ns).reject != engine::RejectReason::None) return false;
  ctx_.sink.commit();
  id = c->client_id;
  return true;
}

engine::RejectReason TrendLadder::send_cancel(const ClientOrderId& id, std::int64_t now_ns, TscTicks cause) noexcept {
  OrderCommand* c = ctx_.sink.claim();
  if (c == nullptr) {
    ++stats_.sink_full;
    return engine::RejectReason::StoreFull;  // no room on the ring: tried again on a later drive
  }
  const engine::RejectReason rr = ctx_.orders.request_cancel(id, false, now_ns, *c);
  if (rr != engine::RejectReason::None) return rr;
  c->cause_rx_tsc = cause;
  ctx_.sink.commit();
  return rr;
}

Price TrendLadder::tp_px_for(Price entry_px) const noexcept {
  const Price m = rules_->px_multiple > 1 ? rules_->px_multiple : 1;
  if (is_long()) return (entry_px + p_.tp_offset + m - 1) / m * m;  // rounded away from the entry
  const Price px = (entry_px - p_.tp_offset) / m * m;
  return px > 0 ? px : 0;
}

bool TrendLadder::place_tp(Price px, Qty qty, TpKind kind, std::int64_t now_ns, TscTicks cause) noexcept {
  if (px <= 0) return false;
  ClientOrderId id{};
  if (tps_.live() >= tps_.capacity()) {
    ++stats_.tp_book_full;
    return false;
  }
  if (!send_limit(tp_side(), px, qty, true, p_.tp_post_only, now_ns, cause, id)) {
    ++stats_.tps_refused;
    return false;
  }
  tps_.add(id, px, qty, kind, now_ns);
  ++stats_.tps_placed;
  if (kind == TpKind::Partial) ++stats_.tps_partial;
  if (kind == TpKind::Repair) ++stats_.repairs;
  return true;
}

void TrendLadder::flush_tps(std::int64_t now_ns, TscTicks cause) noexcept {
  const Qty min_qty = rules_->min_qty > 0 ? rules_->min_qty : 1;
  const Qty step = rules_->qty_multiple > 1 ? rules_->qty_multiple : 1;
  for (std::uint32_t k = 0; k < ladder_.levels(); ++k) {
    EntrySlot& e = ladder_.at(k);
    if (e.tp_pending > 0 && now_ns >= e.tp_retry_ns) {
      // Never more than the position minus what already closes it (no TP opens the other side).
      const Qty room = coverage().room();
      if (e.tp_pending > room) {
        ++stats_.tp_clamped;
        e.tp_pending = room;
      }
      const Qty q = e.tp_pending / step * step;
      if (q >= min_qty) {
        const bool partial = e.state != EntryState::Ended || e.filled < e.qty;
        if (place_tp(tp_px_for(e.px), q, partial ? TpKind::Partial : TpKind::Entry, now_ns, cause))
          e.tp_pending -= q;
        else
          e.tp_retry_ns = now_ns + 1'000'000'000;  // refused: again in a second (the gap check waits for it)
      }
    }
    if (e.state != EntryState::Ended) continue;
    if (e.tp_pending > 0 && e.tp_pending / step * step < min_qty) {
      ++stats_.tp_dust;  // below the venue's minimum: no order can close it
      e.tp_pending = 0;
    }
    if (e.tp_pending == 0) {
      const bool requote = e.requote;
      e = EntrySlot{};
      e.requote = requote;  // an empty rung to refill at once
    }
  }
}

void TrendLadder::place_entries(std::int64_t now_ns, TscTicks cause) noexcept {
  const std::uint32_t live_tps = tps_.live();
  for (std::uint32_t k = 0; k < ladder_.levels(); ++k) {
    EntrySlot& e = ladder_.at(k);
    if (e.state != EntryState::Empty) continue;
    if (live_tps + ladder_.working() >= p_.max_orders) return;
    const bool paced =
        last_entry_ns_ == 0 || immediate_ || now_ns - last_entry_ns_ >= Ladder::cool_down_ns(p_, live_tps);
    if (!e.requote && !paced) continue;
    const Price px = Ladder::rung_px(p_, rules_->px_multiple, market_.bid_px, market_.ask_px, k);
    if (px <= 0) return;
    ClientOrderId id{};
    if (!send_limit(entry_side(), px, p_.qty, false, p_.post_only, now_ns, cause, id)) {
      ++stats_.entries_refused;
      last_entry_ns_ = now_ns;  // a refusal waits one cool-down too (no retry storm)
      e.requote = false;
      return;
    }
    const bool requote = e.requote;
    e = EntrySlot{};
    e.id = id;
    e.px = px;
    e.qty = p_.qty;
    e.placed_ns = now_ns;
    e.state = EntryState::Working;
    ++stats_.entries_placed;
    if (!requote) {
      last_entry_ns_ = now_ns;
      immediate_ = false;
    }
  }
}

void TrendLadder::cancel_entry(EntrySlot& e, bool requote, std::int64_t now_ns, TscTicks cause) noexcept {
  const engine::RejectReason rr = send_cancel(e.id, now_ns, cause);
  if (rr == engine::RejectReason::None) {
    e.state = EntryState::Canceling;
    e.cancel_ns = now_ns;
    e.requote = requote;
    if (requote) ++stats_.requotes;
    return;
  }
  const engine::Order* o = ctx_.orders.store().find(e.id);
  if (rr == engine::RejectReason::BadOrder && (o == nullptr || !o->live())) {
    ++stats_.lost_orders;  // ended without us hearing (recycled slot): the rung is free again
    e.state = EntryState::Ended;
    return;
  }
  ++stats_.requote_backoffs;
  e.backoff.fail(now_ns, p_.requote_backoff_ns, p_.requote_backoff_max_ns);
}

void TrendLadder::requote_entries(std::int64_t now_ns, TscTicks cause) noexcept {
  const Price threshold = p_.requote_ticks > p_.requote_abs ? p_.requote_ticks : p_.requote_abs;
  if (threshold <= 0) return;
  std::uint32_t sent = 0;
  for (std::uint32_t k = 0; k < ladder_.levels() && sent < p_.max_requotes_per_tick; ++k) {
    EntrySlot& e = ladder_.at(k);
    if (e.state != EntryState::Working || e.backoff.blocked(now_ns)) continue;
    const Price target = Ladder::rung_px(p_, rules_->px_multiple, market_.bid_px, market_.ask_px, k);
    const Price drift = target > e.px ? target - e.px : e.px - target;
    if (target <= 0 || drift < threshold) continue;
    cancel_entry(e, true, now_ns, cause);  // cancel first; the replacement follows the venue's CANCELED
    ++sent;
  }
}

void TrendLadder::watch_entry_cancels(std::int64_t now_ns) noexcept {
  for (std::uint32_t k = 0; k < ladder_.levels(); ++k) {
    EntrySlot& e = ladder_.at(k);
    if (e.state != EntryState::Canceling || now_ns - e.cancel_ns < p_.requote_confirm_ns) continue;
    // Unanswered (seed: "wait WS confirm removal"): look at the engine's record.
    const engine::Order* o = ctx_.orders.store().find(e.id);
    if (o == nullptr || !o->live()) {
      ++stats_.lost_orders;
      e.state = EntryState::Ended;
      continue;
    }
    ++stats_.requote_backoffs;
    e.backoff.fail(now_ns, p_.requote_backoff_ns, p_.requote_backoff_max_ns);
    if (o->cancel_requested) {
      e.cancel_ns = now_ns;  // still in flight: keep waiting, the engine queries it
    } else {
      e.state = EntryState::Working;  // the cancel was refused: requoted / cancelled again after the backoff
      e.requote = false;
    }
  }
}

}  // namespace xtb::strategy
