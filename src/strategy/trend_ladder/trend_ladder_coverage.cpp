// trend_ladder_coverage.cpp — the coverage invariant of `trend_ladder` (coverage.hpp): the
// event-driven check with its repairs and surplus cancels, the verification of take-profits
// the venue never acknowledged (seed 000 fix 3) and what a reconciliation confirms.
#include "strategy/trend_ladder/trend_ladder.hpp"

namespace xtb::strategy {

void TrendLadder::check_coverage(std::int64_t now_ns, TscTicks cause) noexcept {
  ++stats_.coverage_checks;
  const CoverageView v = coverage();
  const Qty min_qty = rules_->min_qty > 0 ? rules_->min_qty : 1;
  if (const Qty s = v.surplus(); s > 0) {
    cancel_surplus(s, now_ns, cause);
    return;
  }
  if (v.gap() < min_qty) return;
  ++stats_.gaps_seen;
  repair(v, now_ns, cause);
}

void TrendLadder::repair(const CoverageView& v, std::int64_t now_ns, TscTicks cause) noexcept {
  if (!limiter_.allows(now_ns)) {
    ++stats_.repairs_limited;  // seed: "imbalance correction rate-limited; will retry later"
    return;
  }
  const Qty step = rules_->qty_multiple > 1 ? rules_->qty_multiple : 1;
  Qty q = v.gap() < v.room() ? v.gap() : v.room();  // never beyond the position
  q = q / step * step;
  if (q < (rules_->min_qty > 0 ? rules_->min_qty : 1)) return;
  // At the position's entry ± tp; once the market is past that, at the touch (long: the ask,
  // short: the bid) — passive, and never through the book.
  const engine::Position* pos = ctx_.orders.positions().get(p_.symbol, book_side_);
  Price px = tp_px_for(pos != nullptr ? pos->entry_px() : 0);
  const Price bid = market_.bid_px, ask = market_.ask_px;
  if (is_long() && ask > 0 && px < ask) px = tp_px_for(ask - p_.tp_offset);
  if (!is_long() && bid > 0 && (px <= 0 || px > bid)) px = tp_px_for(bid + p_.tp_offset);
  if (place_tp(px, q, TpKind::Repair, now_ns, cause)) limiter_.mark(now_ns);
}

void TrendLadder::cancel_surplus(Qty surplus, std::int64_t now_ns, TscTicks cause) noexcept {
  // One TP per check: its cancel is in flight (canceling) before the next check counts again.
  TpSlot* t = tps_.surplus_victim(surplus, is_long());
  if (t == nullptr) return;  // the surplus is someone else's orders: nothing of ours to cancel
  const engine::RejectReason rr = send_cancel(t->id, now_ns, cause);
  if (rr == engine::RejectReason::None) {
    t->state = TpState::Canceling;
    t->cancel_ns = now_ns;
    ++stats_.surplus_cancels;
  } else if (rr == engine::RejectReason::BadOrder) {
    drop_tp(*t);  // the engine no longer holds it live
  }
}

void TrendLadder::drop_tp(TpSlot& t) noexcept {
  ++stats_.tps_dropped;
  tps_.release(t);
}

void TrendLadder::verify_tps(std::int64_t now_ns) noexcept {
  bool ask = false;
  tps_.for_each([&](TpSlot& t) {
    const engine::Order* o = ctx_.orders.store().find(t.id);
    if (o == nullptr || !o->live()) {
      drop_tp(t);  // ended without its callback reaching us (recycled record): not a TP any more
      return;
    }
    if (t.acked || t.verify_asked || now_ns - t.placed_ns < p_.tp_verify_ns) return;
    // Seed 000 fix 3 ("tp verify"): not seen since submit — ask the venue; the engine's
    // reconciliation and query by client id decide its fate, never a guess here.
    t.verify_asked = true;
    ++stats_.tp_verify_asked;
    ask = true;
  });
  if (ask) ctx_.orders.request_reconcile();
}

void TrendLadder::on_reconciled(std::int64_t now_ns) noexcept {
  StrategyBase::on_reconciled(now_ns);
  tps_.for_each([&](TpSlot& t) {
    const engine::Order* o = ctx_.orders.store().find(t.id);
    if (o == nullptr || !o->live()) drop_tp(t);
  });
  adopt_tps(now_ns);  // the first calibration too: a restart's TPs are known before trading
  if (!started_) return;
  // The venue's positions and open orders were just re-read: a mismatch still here is real.
  const CoverageView v = coverage();
  const Qty min_qty = rules_->min_qty > 0 ? rules_->min_qty : 1;
  if (v.surplus() > 0 || v.gap() >= min_qty) ++stats_.imbalances_confirmed;
}

void TrendLadder::adopt_tps(std::int64_t now_ns) noexcept {
  // Our live closing orders the table does not hold (a restart recovered them from the
  // journal, or the reconciler adopted them): tracked again, so pacing, surplus cancels and
  // verification see them. O(store), after a reconciliation only.
  ctx_.orders.store().for_each([&](const engine::Order& o) {
    if (!o.live() || o.symbol != p_.symbol || o.side != tp_side() || o.position_side != book_side_ ||
        o.strategy_id != ctx_.id || tps_.find(o.client_id) != nullptr)
      return;
    if (book_side_ == PositionSide::Both && !o.reduce_only()) return;  // net: only reduce-only orders close
    TpSlot* t = tps_.add(o.client_id, o.px, o.orig_qty, TpKind::Repair, now_ns);
    if (t == nullptr) return;
    t->filled = o.cum_qty;
    t->acked = o.status == OrderStatus::Open || o.status == OrderStatus::PartiallyFilled;
    ++stats_.tps_adopted;
  });
}

}  // namespace xtb::strategy
