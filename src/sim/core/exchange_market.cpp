// exchange_market.cpp — SimExchange driven by the replay: book/ticker updates advance
// the queue estimates (queue_model.hpp) and feed the mark price; trades fill resting
// orders and fire CONTRACT_PRICE stops; mark publications fire MARK_PRICE stops.
//
// Stop trigger (docs/simulator-exchange.md): the stop leaves the stop list, and — as the
// venue reported conditional orders before its 2025 algo-order service — the user stream
// gets EXPIRED (type STOP_MARKET) then NEW (type MARKET, origType STOP_MARKET, same
// orderId and clientOrderId), then the fills of a market order; whatever the book cannot
// fill EXPIRES. A closePosition stop takes the whole position of its side at the trigger
// (SELL closes the long, BUY the short); with no position it simply EXPIRES.
#include <algorithm>

#include "sim/core/exchange.hpp"
#include "sim/core/queue_model.hpp"

namespace xtb::sim {
namespace {

constexpr EpochMs kFundingPeriodMs = 8 * 3600 * 1000;  // funding at 00/08/16 UTC

}  // namespace

void SimExchange::on_market_event(const Event& e, EpochMs now) noexcept {
  ++counters_.market_events;
  const SymbolId sym = e.h.symbol;
  if (sym >= sym_.size() || !sym_[sym].view) {
    ++counters_.ignored_events;
    return;
  }
  SymbolState& st = sym_[sym];
  switch (st.view->on_event(e)) {
    case MarketChange::Ticker:
    case MarketChange::Depth:
      st.mark.on_mid(st.view->mid_x2(), now);
      observe_levels(sym);
      break;
    case MarketChange::Trade:
      on_trade(sym, e.trade, now);
      check_stops(sym, e.trade.px, WorkingType::ContractPrice, now);
      break;
    case MarketChange::None:
      if (e.h.type != EventType::DepthUpdate) ++counters_.ignored_events;
      break;
  }
  advance_time(now);
}

void SimExchange::observe_levels(SymbolId sym) noexcept {
  const MarketView& v = *sym_[sym].view;
  for (std::uint32_t i = sym_[sym].head[static_cast<int>(OrderList::Resting)]; i != kNilIndex; i = pool_[i].next) {
    SimOrder& o = pool_[i];
    queue_on_level(o, v.level_qty(o.spec.side, o.spec.px));
  }
}

void SimExchange::on_trade(SymbolId sym, const Trade& t, EpochMs now) noexcept {
  const Side aggressor = t.buyer_is_maker ? Side::Sell : Side::Buy;
  auto through = [&](const SimOrder& o) { return o.spec.side == Side::Buy ? t.px < o.spec.px : t.px > o.spec.px; };
  scratch_.clear();
  for (std::uint32_t i = sym_[sym].head[static_cast<int>(OrderList::Resting)]; i != kNilIndex; i = pool_[i].next) {
    const SimOrder& o = pool_[i];
    if (through(o) || (o.spec.px == t.px && o.spec.side != aggressor)) scratch_.push_back(i);
  }
  if (scratch_.empty()) return;
  // Price-time priority among our orders: better price first, then the older order.
  std::sort(scratch_.begin(), scratch_.end(), [this](std::uint32_t a, std::uint32_t b) {
    const SimOrder& x = pool_[a];
    const SimOrder& y = pool_[b];
    if (x.spec.side != y.spec.side) return x.spec.side < y.spec.side;
    if (x.spec.px != y.spec.px) return x.spec.side == Side::Buy ? x.spec.px > y.spec.px : x.spec.px < y.spec.px;
    return x.order_id < y.order_id;
  });
  Qty avail_buy = t.qty, avail_sell = t.qty;
  for (std::uint32_t idx : scratch_) {
    SimOrder& o = pool_[idx];
    if (is_terminal(o.status)) continue;  // expired by a reduce-only sweep in this loop
    Qty& avail = o.spec.side == Side::Buy ? avail_buy : avail_sell;
    Qty q = queue_on_trade(o, through(o), avail);
    const Qty cap = reducible(o);
    if (q > cap) {
      avail += q - cap;  // the clipped part stays available to our later orders
      q = cap;
    }
    if (q > 0) fill(idx, o.spec.px, q, true, now);
  }
}

void SimExchange::check_stops(SymbolId sym, Price px, WorkingType wt, EpochMs now) noexcept {
  if (px <= 0) return;
  scratch_.clear();
  for (std::uint32_t i = sym_[sym].head[static_cast<int>(OrderList::Stops)]; i != kNilIndex; i = pool_[i].next) {
    const SimOrder& o = pool_[i];
    if (o.spec.working_type == wt && stop_condition(o.spec.type, o.spec.side, o.spec.stop_px, px)) scratch_.push_back(i);
  }
  // List order is acceptance order, i.e. ascending order id: triggers run oldest first.
  for (std::size_t k = 0; k < scratch_.size(); ++k) trigger_stop(scratch_[k], now);
}

void SimExchange::trigger_stop(std::uint32_t idx, EpochMs now) noexcept {
  if (pool_[idx].spec.algo) return trigger_algo(idx, now);
  SimOrder& o = pool_[idx];
  unlink(idx);
  ++counters_.stops_triggered;
  o.triggered = true;
  if (o.spec.close_position)
    o.spec.qty = account_.closable(o.spec.symbol, account_.effective_side(o.spec.position_side), o.spec.side);
  if (o.remaining() <= 0 || reducible(o) == 0) return finish(idx, SimStatus::Expired, now);
  if (cfg_.stop_expire_then_new) {
    o.status = SimStatus::Expired;
    emit_order(o, ExecType::Expired, now);
    o.status = SimStatus::New;
  }
  o.cur_type = OrderType::Market;
  o.update_ms = now;
  if (cfg_.stop_expire_then_new) emit_order(o, ExecType::New, now);
  take_liquidity(idx, now);
  if (!is_terminal(o.status)) finish(idx, SimStatus::Expired, now);
}

void SimExchange::advance_time(EpochMs now) noexcept {
  for (std::size_t s = 0; s < sym_.size(); ++s) {
    SymbolState& st = sym_[s];
    Price mark = 0;
    if (!st.view || !st.mark.publish_due(now, mark)) continue;
    const SymbolId sym = static_cast<SymbolId>(s);
    account_.set_mark(sym, mark);
    MarkPriceReport r;
    r.event_ms = now;
    r.symbol = sym;
    r.mark_px = r.index_px = mark;
    r.next_funding_ms = (now / kFundingPeriodMs + 1) * kFundingPeriodMs;
    listener_.on_mark_price(r);
    check_stops(sym, mark, WorkingType::MarkPrice, now);
  }
  retire_pending();
}

}  // namespace xtb::sim
