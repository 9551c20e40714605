// exchange_exec.cpp — executions of SimExchange: order lists, taking liquidity, fills
// (account, ledger, reports), terminal states and the reduce-only sweep.
//
// Reduce-only semantics (docs/simulator-exchange.md): an order that may only reduce
// (one-way reduceOnly=true, hedge-mode closing order, closePosition stop) never fills more
// than the position it reduces at the moment of the fill — a larger fill is clipped and
// the rest of the order EXPIRES; when a position reaches zero (or flips), the resting
// reduce-only / closing limit orders that can no longer reduce it EXPIRE.
#include "sim/core/exchange.hpp"
#include "sim/core/fixed_math.hpp"

namespace xtb::sim {

void SimExchange::link(std::uint32_t idx, OrderList list) noexcept {
  SimOrder& o = pool_[idx];
  SymbolState& st = sym_[o.spec.symbol];
  const int l = static_cast<int>(list);
  o.list = list;
  o.next = kNilIndex;
  o.prev = st.tail[l];
  if (st.tail[l] != kNilIndex) pool_[st.tail[l]].next = idx;
  else st.head[l] = idx;
  st.tail[l] = idx;
}

void SimExchange::unlink(std::uint32_t idx) noexcept {
  SimOrder& o = pool_[idx];
  if (o.list == OrderList::None) return;
  SymbolState& st = sym_[o.spec.symbol];
  const int l = static_cast<int>(o.list);
  if (o.prev != kNilIndex) pool_[o.prev].next = o.next;
  else st.head[l] = o.next;
  if (o.next != kNilIndex) pool_[o.next].prev = o.prev;
  else st.tail[l] = o.prev;
  o.prev = o.next = kNilIndex;
  o.list = OrderList::None;
}

Qty SimExchange::reducible(const SimOrder& o) const noexcept {
  if (!o.reducing()) return INT64_MAX;
  return account_.closable(o.spec.symbol, account_.effective_side(o.spec.position_side), o.spec.side);
}

void SimExchange::take_liquidity(std::uint32_t idx, EpochMs now) noexcept {
  SimOrder& o = pool_[idx];
  const MarketView& v = *sym_[o.spec.symbol].view;
  Qty want = o.remaining();
  const Qty cap = reducible(o);
  if (want > cap) want = cap;
  const bool market = o.cur_type == OrderType::Market;
  const std::size_t n = walk_book(v, o.spec.side, o.spec.px, market, want, level_fills_.data(), level_fills_.size());
  for (std::size_t i = 0; i < n && !is_terminal(o.status); ++i) fill(idx, level_fills_[i].px, level_fills_[i].qty, false, now);
  if (!is_terminal(o.status) && o.reducing() && reducible(o) == 0) finish(idx, SimStatus::Expired, now);
}

void SimExchange::fill(std::uint32_t idx, Price px, Qty q, bool maker, EpochMs now) noexcept {
  SimOrder& o = pool_[idx];
  const SymbolId sym = o.spec.symbol;
  o.filled += q;
  o.cum_quote += notional(symbols_.rules(sym), px, q);
  o.status = o.filled >= o.spec.qty ? SimStatus::Filled : SimStatus::PartiallyFilled;
  o.update_ms = now;
  const PositionSide eff = account_.effective_side(o.spec.position_side);
  const FillEffect fx = account_.apply_fill(sym, eff, o.spec.side, px, q, maker, now);
  const std::uint64_t trade_id = next_trade_id_++;
  ++counters_.fills;
  FillRecord rec;
  rec.time_ms = now;
  rec.order_id = o.order_id;
  rec.trade_id = trade_id;
  rec.client_id = o.spec.client_id;
  rec.symbol = sym;
  rec.side = o.spec.side;
  rec.position_side = o.spec.position_side;
  rec.maker = maker;
  rec.px = px;
  rec.qty = q;
  rec.fee = fx.fee;
  rec.realized_pnl = fx.realized_pnl;
  ledger_.append(rec);
  if (o.status == SimStatus::Filled) {
    unlink(idx);
    retire_.push_back(idx);
    ++counters_.orders_filled;
  }
  emit_order(o, ExecType::Trade, now, &fx, px, q, trade_id, maker);
  emit_account(sym, eff, now);
  if (fx.closed > 0) sweep_reducing(sym, now);
  if (o.status == SimStatus::Filled && o.parent != kNilIndex) finish_parent(idx, now);
}

void SimExchange::finish(std::uint32_t idx, SimStatus status, EpochMs now) noexcept {
  SimOrder& o = pool_[idx];
  if (is_terminal(o.status)) return;
  o.status = status;
  o.update_ms = now;
  unlink(idx);
  retire_.push_back(idx);
  if (status == SimStatus::Canceled) ++counters_.orders_canceled;
  else ++counters_.orders_expired;
  if (o.spec.algo) {
    o.algo_state = status == SimStatus::Canceled ? AlgoState::Canceled : AlgoState::Expired;
    return emit_algo(o, now);
  }
  emit_order(o, status == SimStatus::Canceled ? ExecType::Canceled : ExecType::Expired, now);
  if (o.parent != kNilIndex) finish_parent(idx, now);
}

void SimExchange::sweep_reducing(SymbolId sym, EpochMs now) noexcept {
  sweep_.clear();
  for (std::uint32_t i = sym_[sym].head[static_cast<int>(OrderList::Resting)]; i != kNilIndex; i = pool_[i].next)
    if (pool_[i].reducing() && reducible(pool_[i]) == 0) sweep_.push_back(i);
  for (std::uint32_t i : sweep_) finish(i, SimStatus::Expired, now);  // list order = time order
}

void SimExchange::emit_order(const SimOrder& o, ExecType x, EpochMs now, const FillEffect* fx, Price px, Qty q,
                             std::uint64_t trade_id, bool maker) noexcept {
  OrderUpdateReport r;
  r.event_ms = r.txn_ms = now;
  r.order = o;
  r.exec = x;
  r.last_qty = q;
  r.last_px = px;
  r.trade_id = trade_id;
  r.maker = maker;
  if (fx) {
    r.commission = fx->fee;
    r.realized_pnl = fx->realized_pnl;
  }
  const SymbolRules& rules = symbols_.rules(o.spec.symbol);
  for (std::uint32_t i = sym_[o.spec.symbol].head[static_cast<int>(OrderList::Resting)]; i != kNilIndex; i = pool_[i].next) {
    const SimOrder& ro = pool_[i];
    (ro.spec.side == Side::Buy ? r.bids_notional : r.asks_notional) += notional(rules, ro.spec.px, ro.remaining());
  }
  // A limit order being accepted or matched is not linked yet, but it is open.
  if (o.list == OrderList::None && o.cur_type == OrderType::Limit && !is_terminal(o.status))
    (o.spec.side == Side::Buy ? r.bids_notional : r.asks_notional) += notional(rules, o.spec.px, o.remaining());
  listener_.on_order_update(r);
}

void SimExchange::emit_account(SymbolId sym, PositionSide ps, EpochMs now) noexcept {
  AccountUpdateReport a;
  a.event_ms = a.txn_ms = now;
  a.asset = account_.asset();
  a.wallet = account_.wallet();
  a.cross_wallet = account_.cross_wallet();
  a.n_positions = 1;
  PositionReport& p = a.positions[0];
  const PositionState& st = account_.position(sym, ps);
  p.symbol = sym;
  p.side = ps;
  p.amount = st.amount;
  p.entry_e8 = account_.entry_price_e8(sym, ps);
  p.break_even_e8 = account_.break_even_e8(sym, ps);
  p.cum_realized = st.cum_realized;
  p.unrealized = account_.unrealized_pnl(sym, ps);
  p.isolated = account_.symbol(sym).isolated;
  p.isolated_wallet = st.isolated_wallet;
  listener_.on_account_update(a);
}

void SimExchange::retire_pending() noexcept {
  for (std::uint32_t idx : retire_) pool_.retire(idx);
  retire_.clear();
}

}  // namespace xtb::sim
