// exchange.cpp — SimExchange construction, order entry, cancels, queries and account
// settings (see exchange.hpp). Executions: exchange_exec.cpp; replay: exchange_market.cpp.
#include "sim/core/exchange.hpp"

#include <algorithm>
#include <charconv>

#include "sim/core/fixed_math.hpp"
#include "sim/core/order_checks.hpp"
#include "sim/core/queue_model.hpp"

namespace xtb::sim {
namespace {

constexpr std::size_t kMaxLevelFills = 512;  // levels one taker order may walk

bool hedge_close_of(bool hedge, Side side, PositionSide ps) noexcept {
  return hedge && ((side == Side::Sell) == (ps == PositionSide::Long));
}

}  // namespace

SimExchange::SimExchange(const SymbolTable& symbols, const ExchangeConfig& cfg, ExchangeListener& listener,
                         std::vector<SymbolId> markets)
    : symbols_(symbols), cfg_(cfg), listener_(listener), account_(symbols, cfg),
      pool_(cfg.max_open_orders > 0 ? cfg.max_open_orders : 1, cfg.order_history), ledger_(cfg.max_fills),
      next_order_id_(cfg.first_order_id), next_trade_id_(cfg.first_trade_id), next_algo_id_(cfg.first_algo_id) {
  if (account_.asset() == kNoAsset) throw ConfigError("asset '" + cfg.asset + "' is not in the symbol table");
  sym_.resize(symbols.size());
  if (markets.empty()) {
    if (symbols.size() > kMaxAutoSymbols) throw ConfigError("name the simulated symbols (table too large)");
    for (std::size_t i = 0; i < symbols.size(); ++i) markets.push_back(static_cast<SymbolId>(i));
  }
  for (SymbolId s : markets) {
    if (s >= symbols.size()) throw ConfigError("simulated symbol id out of range");
    sym_[s].view = std::make_unique<MarketView>(s, cfg.book_levels);
    sym_[s].mark = MarkPriceModel(cfg.mark_tau_ms, cfg.mark_interval_ms);
  }
  scratch_.reserve(pool_.capacity());
  sweep_.reserve(pool_.capacity());
  retire_.reserve(pool_.capacity());
  level_fills_.resize(kMaxLevelFills);
}

SimExchange::~SimExchange() = default;

const MarketView* SimExchange::market(SymbolId s) const noexcept {
  return s < sym_.size() ? sym_[s].view.get() : nullptr;
}

Price SimExchange::mark_price(SymbolId s) const noexcept { return s < sym_.size() ? sym_[s].mark.published() : 0; }

// ------------------------------------------------------------------ new orders

OrderResult SimExchange::new_order(const SimOrderRequest& req, EpochMs now) noexcept {
  return submit(req, false, now);
}

OrderResult SimExchange::submit(const SimOrderRequest& req, bool algo, EpochMs now) noexcept {
  OrderResult res;
  OrderSpec spec;
  res.error = check_order(req, symbols_, account_.venue(), account_.hedge_mode(), spec);
  spec.algo = algo;
  const bool conditional = spec.type == OrderType::StopMarket || spec.type == OrderType::TakeProfitMarket;
  if (res.error.ok() && !algo && conditional && !cfg_.conditional_on_order_endpoint)
    res.error.set(RejectCode::UseConditionalService);
  if (res.error.ok() && algo && !conditional)
    res.error.set(RejectCode::InvalidOrderType);  // the algo service only takes conditionals
  if (res.error.ok() && !sym_[spec.symbol].view) res.error.set(RejectCode::BadSymbol);
  if (res.error.ok()) res.error = check_market_rules(spec, sym_[spec.symbol]);
  if (res.error.ok() && !spec.client_id_generated &&
      pool_.find_by_client(spec.symbol, spec.client_id.view(), algo) != kNilIndex)
    res.error.set(RejectCode::DuplicateClientId);
  std::uint32_t idx = kNilIndex;
  if (res.error.ok() && (idx = accept(spec, now)) == kNilIndex) res.error.set(RejectCode::MaxOpenOrders);
  if (!res.error.ok()) {
    ++counters_.orders_rejected;
    return res;
  }
  res.order = pool_[idx];  // newOrderRespType ACK: the order as accepted
  start_execution(idx, now);
  if (spec.resp == RespType::Result) res.order = pool_[idx];
  retire_pending();
  return res;
}

Reject SimExchange::check_reduce_only(const OrderSpec& s) const noexcept {
  Reject e;
  const PositionSide eff = account_.effective_side(s.position_side);
  const Qty closable = account_.closable(s.symbol, eff, s.side);
  if (closable == 0) {
    e.set(RejectCode::ReduceOnlyReject);
    return e;
  }
  if (!account_.hedge_mode()) return e;  // one-way: a larger reduce-only order is clipped at fill time
  // Hedge mode: this order plus the side's other open closing orders may not exceed the
  // position ("the new reduce-only order conflicts with existing open orders").
  Qty pending = 0;
  const SymbolState& st = sym_[s.symbol];
  for (OrderList l : {OrderList::Resting, OrderList::Stops})
    for (std::uint32_t i = st.head[static_cast<int>(l)]; i != kNilIndex; i = pool_[i].next) {
      const SimOrder& o = pool_[i];
      if (o.hedge_close && !o.spec.close_position && o.spec.position_side == s.position_side) pending += o.remaining();
    }
  if (s.qty + pending > closable) e.set(RejectCode::ReduceOnlyReject);
  return e;
}

Reject SimExchange::check_market_rules(const OrderSpec& s, const SymbolState& st) const noexcept {
  Reject e;
  const SymbolRules& r = symbols_.rules(s.symbol);
  const MarketView& v = *st.view;
  const bool hedge_close = hedge_close_of(account_.hedge_mode(), s.side, s.position_side);
  const bool reducing = s.reduce_only || s.close_position || hedge_close;
  if (!s.close_position && (s.reduce_only || hedge_close)) {
    if (e = check_reduce_only(s); !e.ok()) return e;
  }
  const bool limit = s.type == OrderType::Limit, market = s.type == OrderType::Market;
  const Price ref_px = limit ? s.px : market ? opposite_best(v, s.side) : s.stop_px;
  if (!reducing && r.min_notional > 0 && ref_px > 0 && notional(r, ref_px, s.qty) < r.min_notional) {
    char buf[48];
    e.set_arg(RejectCode::MinNotional, std::string_view(buf, format_min_notional(r.min_notional, buf, sizeof buf)));
    return e;
  }
  const Price mark = st.mark.published();
  if (limit && mark > 0) {
    const i128 px_e8 = static_cast<i128>(s.px) * 100'000'000;
    if (s.side == Side::Buy && r.percent_up_e8 > 0 && px_e8 > static_cast<i128>(mark) * r.percent_up_e8) {
      e.set(RejectCode::PriceAboveMultiplier);
      return e;
    }
    if (s.side == Side::Sell && r.percent_down_e8 > 0 && px_e8 < static_cast<i128>(mark) * r.percent_down_e8) {
      e.set(RejectCode::PriceBelowMultiplier);
      return e;
    }
  }
  if (!limit && !market) {
    const Price trig = s.working_type == WorkingType::MarkPrice ? mark : v.last_trade_px();
    if (trig > 0 && stop_condition(s.type, s.side, s.stop_px, trig)) {
      e.set(RejectCode::WouldTrigger);
      return e;
    }
  }
  if (limit && s.tif == TimeInForce::PostOnly && would_cross(v, s.side, s.px)) {
    e.set(RejectCode::PostOnlyReject);
    return e;
  }
  if (limit && s.tif == TimeInForce::FOK) {
    const Qty cap = reducing ? account_.closable(s.symbol, account_.effective_side(s.position_side), s.side) : s.qty;
    if (cap < s.qty || available_to_take(v, s.side, s.px, false, s.qty) < s.qty) {
      e.set(RejectCode::FokReject);
      return e;
    }
  }
  if (cfg_.check_margin && !reducing && ref_px > 0) {
    const Qty closable = account_.closable(s.symbol, account_.effective_side(s.position_side), s.side);
    const Qty increasing = s.qty > closable ? s.qty - closable : 0;
    const Amount need = account_.initial_margin(s.symbol, notional(r, ref_px, increasing));
    if (increasing > 0 && need > account_.available_balance(open_order_margin())) e.set(RejectCode::MarginInsufficient);
  }
  return e;
}

Amount SimExchange::open_order_margin() const noexcept {
  Amount m = 0;
  for (std::size_t s = 0; s < sym_.size(); ++s) {
    if (!sym_[s].view) continue;
    const SymbolId sym = static_cast<SymbolId>(s);
    for (OrderList l : {OrderList::Resting, OrderList::Stops})
      for (std::uint32_t i = sym_[s].head[static_cast<int>(l)]; i != kNilIndex; i = pool_[i].next) {
        const SimOrder& o = pool_[i];
        if (o.reducing()) continue;
        const Price px = o.spec.type == OrderType::Limit ? o.spec.px : o.spec.stop_px;
        m += account_.initial_margin(sym, notional(symbols_.rules(sym), px, o.remaining()));
      }
  }
  return m;
}

std::uint32_t SimExchange::accept(const OrderSpec& s, EpochMs now) noexcept {
  const std::uint32_t idx = pool_.acquire();
  if (idx == kNilIndex) return idx;
  SimOrder& o = pool_[idx];
  o.order_id = s.algo ? next_algo_id_++ : next_order_id_++;
  o.spec = s;
  if (s.client_id_generated) {  // the venue generates an id when none is sent
    char buf[ClientOrderId::kMax];
    const std::string_view prefix = s.algo ? "simalgo_" : "sim_";
    std::memcpy(buf, prefix.data(), prefix.size());
    const auto r = std::to_chars(buf + prefix.size(), buf + sizeof buf, o.order_id);
    o.spec.client_id.assign(std::string_view(buf, static_cast<std::size_t>(r.ptr - buf)));
  }
  o.cur_type = s.type;
  o.hedge_close = hedge_close_of(account_.hedge_mode(), s.side, s.position_side);
  o.time_ms = o.update_ms = now;
  pool_.index(idx);
  ++counters_.orders_accepted;
  if (s.algo) emit_algo(o, now);
  else emit_order(o, ExecType::New, now);
  return idx;
}

void SimExchange::start_execution(std::uint32_t idx, EpochMs now) noexcept {
  SimOrder& o = pool_[idx];
  const MarketView& v = *sym_[o.spec.symbol].view;
  switch (o.spec.type) {
    case OrderType::Limit:
      if (o.spec.tif != TimeInForce::PostOnly && would_cross(v, o.spec.side, o.spec.px)) take_liquidity(idx, now);
      if (is_terminal(o.status)) return;
      if (o.spec.tif == TimeInForce::IOC || o.spec.tif == TimeInForce::FOK) return finish(idx, SimStatus::Expired, now);
      queue_on_rest(o, v.level_qty(o.spec.side, o.spec.px));
      link(idx, OrderList::Resting);
      return;
    case OrderType::Market:
      take_liquidity(idx, now);
      if (!is_terminal(o.status)) finish(idx, SimStatus::Expired, now);  // book exhausted
      return;
    default:
      link(idx, OrderList::Stops);
      return;
  }
}

Reject SimExchange::new_orders(const SimOrderRequest* reqs, std::size_t n, EpochMs now, OrderResult* out) noexcept {
  Reject e;
  if (n == 0 || n > cfg_.max_batch_orders) {
    e.set(RejectCode::BatchSize);
    return e;
  }
  for (std::size_t i = 0; i < n; ++i) out[i] = new_order(reqs[i], now);
  return e;
}

// ------------------------------------------------------------------ cancels and queries

std::uint32_t SimExchange::find_open(SymbolId sym, const SimCancelRequest& req, Reject& e) const noexcept {
  std::uint32_t idx = kNilIndex;
  if (req.by_id) {
    idx = pool_.find_by_id(req.order_id);
    if (idx != kNilIndex && (pool_[idx].spec.symbol != sym || pool_[idx].spec.algo)) idx = kNilIndex;
  } else if (!req.client_id.empty()) {
    idx = pool_.find_by_client(sym, req.client_id.view());
  } else {
    e.set_arg(RejectCode::MandatoryParam, "order_id");
    return kNilIndex;
  }
  if (idx == kNilIndex) e.set(RejectCode::UnknownOrder);
  return idx;
}

bool SimExchange::simulated(SymbolId s) const noexcept {
  return s < sym_.size() && sym_[s].view && symbols_.venue(s) == account_.venue();
}

OrderResult SimExchange::cancel_order(const SimCancelRequest& req, EpochMs now) noexcept {
  OrderResult res;
  if (!simulated(req.symbol)) {
    res.error.set(RejectCode::BadSymbol);
    return res;
  }
  const std::uint32_t idx = find_open(req.symbol, req, res.error);
  if (idx == kNilIndex) return res;
  finish(idx, SimStatus::Canceled, now);
  res.order = pool_[idx];
  retire_pending();
  return res;
}

Reject SimExchange::cancel_orders(const SimCancelRequest* reqs, std::size_t n, EpochMs now, OrderResult* out) noexcept {
  Reject e;
  if (n == 0 || n > cfg_.max_batch_cancels) {
    e.set(RejectCode::BatchSize);
    return e;
  }
  for (std::size_t i = 0; i < n; ++i) out[i] = cancel_order(reqs[i], now);
  return e;
}

Reject SimExchange::cancel_all(SymbolId sym, EpochMs now) noexcept {
  Reject e;
  if (!simulated(sym)) {
    e.set(RejectCode::BadSymbol);
    return e;
  }
  scratch_.clear();
  for (OrderList l : {OrderList::Resting, OrderList::Stops})
    for (std::uint32_t i = sym_[sym].head[static_cast<int>(l)]; i != kNilIndex; i = pool_[i].next)
      if (!pool_[i].spec.algo) scratch_.push_back(i);  // algo orders: cancel_all_algo
  std::sort(scratch_.begin(), scratch_.end(),
            [this](std::uint32_t a, std::uint32_t b) { return pool_[a].order_id < pool_[b].order_id; });
  for (std::uint32_t idx : scratch_) finish(idx, SimStatus::Canceled, now);
  retire_pending();
  return e;
}

OrderResult SimExchange::query_order(const SimCancelRequest& req) const noexcept {
  OrderResult res;
  if (!simulated(req.symbol)) {
    res.error.set(RejectCode::BadSymbol);
    return res;
  }
  Reject e;
  const std::uint32_t idx = find_open(req.symbol, req, e);
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
    h = pool_.history_by_id(req.symbol, req.order_id);
    if (h && h->spec.algo) h = nullptr;
  } else {
    h = pool_.history_by_client(req.symbol, req.client_id.view());
  }
  if (h) res.order = *h;
  else
    res.error.set(RejectCode::NoSuchOrder);
  return res;
}

std::size_t SimExchange::open_orders(SymbolId s, const SimOrder** out, std::size_t cap, bool algo) const noexcept {
  std::size_t n = 0;
  for (std::size_t k = 0; k < sym_.size(); ++k) {
    if (s != kNoSymbol && k != s) continue;
    for (OrderList l : {OrderList::Resting, OrderList::Stops})
      for (std::uint32_t i = sym_[k].head[static_cast<int>(l)]; i != kNilIndex && n < cap; i = pool_[i].next)
        if (pool_[i].spec.algo == algo) out[n++] = &pool_[i];
  }
  std::sort(out, out + n, [](const SimOrder* a, const SimOrder* b) { return a->order_id < b->order_id; });
  return n;
}

// ------------------------------------------------------------------ account settings

Reject SimExchange::set_leverage(std::string_view symbol, std::int64_t leverage) noexcept {
  Reject e;
  const SymbolId sym = symbols_.find(account_.venue(), symbol);
  if (sym == kNoSymbol) {
    e.set(RejectCode::BadSymbol);
    return e;
  }
  return account_.set_leverage(sym, leverage);
}

Reject SimExchange::set_margin_type(std::string_view symbol, bool isolated) noexcept {
  Reject e;
  const SymbolId sym = symbols_.find(account_.venue(), symbol);
  if (sym == kNoSymbol) {
    e.set(RejectCode::BadSymbol);
    return e;
  }
  const bool open = sym_[sym].head[1] != kNilIndex || sym_[sym].head[2] != kNilIndex;
  return account_.set_margin_type(sym, isolated, open);
}

Reject SimExchange::set_position_mode(bool hedge) noexcept {
  return account_.set_position_mode(hedge, pool_.in_use() > 0);
}

}  // namespace xtb::sim
