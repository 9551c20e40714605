// exchange_algo.cpp — conditional orders through the conditional-order service (new /
// cancel / query / cancel-all, user-stream ALGO_UPDATE records): for the USD-M venue the
// only route for STOP_MARKET / TAKE_PROFIT_MARKET since 2025-12-09.
//
// Model (docs/simulator-exchange.md; shapes from the recorded ALGO_UPDATE fixtures):
//   * accepted → ALGO_UPDATE NEW (algoId from its own sequence); the order waits on the
//     symbol's stop list like any stop, with the same trigger rules and checks;
//   * trigger → TRIGGERING (`tt` set), then a new regular MARKET order is placed (its own
//     orderId; clientOrderId = the clientAlgoId, so the client can relate the two —
//     the venue's choice here is not documented) with its ORDER_TRADE_UPDATE NEW,
//     → TRIGGERED (`ai` = that orderId, `act` MARKET), the order's fills, and once the
//     order is done → FINISHED with `aq` / `ap` = what it executed (0 when nothing);
//   * closePosition with no position (or a reduce-only order with nothing to reduce) at
//     the trigger → EXPIRED with a reason (`rm`), no order placed;
//   * cancel before the trigger → CANCELED; after it → -2011.
#include "sim/core/exchange.hpp"

#include <algorithm>

namespace xtb::sim {

OrderResult SimExchange::new_algo_order(const SimOrderRequest& req, EpochMs now) noexcept {
  return submit(req, true, now);
}

std::uint32_t SimExchange::find_algo(const SimAlgoCancelRequest& req, Reject& e) const noexcept {
  std::uint32_t idx = kNilIndex;
  if (req.by_id) {
    idx = pool_.find_by_id(req.algo_id);
    if (idx != kNilIndex && !pool_[idx].spec.algo) idx = kNilIndex;
  } else if (!req.client_id.empty()) {
    for (std::size_t s = 0; s < sym_.size() && idx == kNilIndex; ++s)
      if (sym_[s].view) idx = pool_.find_by_client(static_cast<SymbolId>(s), req.client_id.view(), true);
  } else {
    e.set_arg(RejectCode::MandatoryParam, "algo_id");
    return kNilIndex;
  }
  if (idx == kNilIndex) e.set(RejectCode::UnknownOrder);
  return idx;
}

OrderResult SimExchange::cancel_algo_order(const SimAlgoCancelRequest& req, EpochMs now) noexcept {
  OrderResult res;
  const std::uint32_t idx = find_algo(req, res.error);
  if (idx == kNilIndex) return res;
  if (pool_[idx].algo_state != AlgoState::New) {  // triggered: its order is already working
    res.error.set(RejectCode::UnknownOrder);
    return res;
  }
  finish(idx, SimStatus::Canceled, now);
  res.order = pool_[idx];
  retire_pending();
  return res;
}

Reject SimExchange::cancel_all_algo(SymbolId sym, EpochMs now) noexcept {
  Reject e;
  if (!simulated(sym)) {
    e.set(RejectCode::BadSymbol);
    return e;
  }
  scratch_.clear();
  for (std::uint32_t i = sym_[sym].head[static_cast<int>(OrderList::Stops)]; i != kNilIndex; i = pool_[i].next)
    if (pool_[i].spec.algo) scratch_.push_back(i);  // list order = acceptance order
  for (std::uint32_t idx : scratch_) finish(idx, SimStatus::Canceled, now);
  retire_pending();
  return e;
}

OrderResult SimExchange::query_algo_order(const SimAlgoCancelRequest& req) const noexcept {
  OrderResult res;
  Reject e;
  const std::uint32_t idx = find_algo(req, e);
  if (idx != kNilIndex) {
    res.order = pool_[idx];
    return res;
  }
  if (e.code != RejectCode::UnknownOrder) {
    res.error = e;
    return res;
  }
  const SimOrder* h = nullptr;
  if (req.by_id) {
    h = pool_.history_by_id(kNoSymbol, req.algo_id);
    if (h && !h->spec.algo) h = nullptr;
  } else {
    h = pool_.history_by_client(kNoSymbol, req.client_id.view(), true);
  }
  if (h) res.order = *h;
  else
    res.error.set(RejectCode::NoSuchOrder);
  return res;
}

void SimExchange::expire_algo(std::uint32_t idx, EpochMs now, const char* reason) noexcept {
  SimOrder& p = pool_[idx];
  p.status = SimStatus::Expired;
  p.algo_state = AlgoState::Expired;
  p.update_ms = now;
  retire_.push_back(idx);
  ++counters_.orders_expired;
  emit_algo(p, now, reason);
}

void SimExchange::trigger_algo(std::uint32_t idx, EpochMs now) noexcept {
  SimOrder& p = pool_[idx];
  unlink(idx);
  ++counters_.stops_triggered;
  p.triggered = true;
  p.trigger_ms = p.update_ms = now;
  p.algo_state = AlgoState::Triggering;
  emit_algo(p, now);
  const Qty closable = account_.closable(p.spec.symbol, account_.effective_side(p.spec.position_side), p.spec.side);
  const Qty q = p.spec.close_position ? closable : p.spec.qty;
  if (q <= 0 || reducible(p) == 0) return expire_algo(idx, now, "ReduceOnly Order is rejected.");
  const std::uint32_t child = pool_.acquire();
  if (child == kNilIndex) return expire_algo(idx, now, "Reach max open order limit.");
  SimOrder& c = pool_[child];
  c.order_id = next_order_id_++;
  c.spec = p.spec;
  c.spec.algo = false;
  c.spec.type = OrderType::Market;
  c.spec.stop_px = 0;
  c.spec.qty = q;
  c.cur_type = OrderType::Market;
  c.hedge_close = p.hedge_close;
  c.parent = idx;
  c.time_ms = c.update_ms = now;
  pool_.index(child);
  ++counters_.orders_accepted;
  p.actual_order_id = c.order_id;
  emit_order(c, ExecType::New, now);
  p.algo_state = AlgoState::Triggered;
  emit_algo(p, now);
  take_liquidity(child, now);
  if (!is_terminal(c.status)) finish(child, SimStatus::Expired, now);
}

void SimExchange::finish_parent(std::uint32_t child, EpochMs now) noexcept {
  SimOrder& c = pool_[child];
  const std::uint32_t parent = c.parent;
  SimOrder& p = pool_[parent];
  c.parent = kNilIndex;
  p.filled = c.filled;
  p.cum_quote = c.cum_quote;
  p.status = c.filled > 0 ? SimStatus::Filled : SimStatus::Expired;
  p.algo_state = AlgoState::Finished;
  p.update_ms = now;
  retire_.push_back(parent);
  emit_algo(p, now);
}

void SimExchange::emit_algo(const SimOrder& o, EpochMs now, const char* reason) noexcept {
  AlgoUpdateReport r;
  r.event_ms = r.txn_ms = now;
  r.order = o;
  r.reason = reason;
  listener_.on_algo_update(r);
}

}  // namespace xtb::sim
