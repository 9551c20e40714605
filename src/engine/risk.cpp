// risk.cpp — pre-trade checks, rate windows and the kill switch.
#include "engine/risk.hpp"

namespace xtb::engine {

const char* to_string(RejectReason r) noexcept {
  switch (r) {
    case RejectReason::None: return "none";
    case RejectReason::Halted: return "halted";
    case RejectReason::ReducingOnly: return "reducing_only";
    case RejectReason::Calibrating: return "calibrating";
    case RejectReason::UnknownSymbol: return "unknown_symbol";
    case RejectReason::SymbolNotTrading: return "symbol_not_trading";
    case RejectReason::BadOrder: return "bad_order";
    case RejectReason::QtyStep: return "qty_step";
    case RejectReason::QtyBelowMin: return "qty_below_min";
    case RejectReason::QtyAboveMax: return "qty_above_max";
    case RejectReason::PriceTick: return "price_tick";
    case RejectReason::PriceBand: return "price_band";
    case RejectReason::NoReferencePrice: return "no_reference_price";
    case RejectReason::NotionalBelowMin: return "notional_below_min";
    case RejectReason::NotionalAboveMax: return "notional_above_max";
    case RejectReason::PositionLimit: return "position_limit";
    case RejectReason::OrderRateLimit: return "order_rate_limit";
    case RejectReason::CancelRateLimit: return "cancel_rate_limit";
    case RejectReason::StoreFull: return "store_full";
    case RejectReason::DuplicateClientId: return "duplicate_client_id";
    case RejectReason::IdExhausted: return "id_exhausted";
    case RejectReason::VenueWeightLimit: return "venue_weight_limit";
    case RejectReason::VenueOrderLimit: return "venue_order_limit";
    case RejectReason::kCount: break;
  }
  return "?";
}

RiskGate::RiskGate(const RiskLimits& limits, const SymbolRulesTable& rules)
    : limits_(limits),
      rules_(rules),
      position_limit_(std::make_unique<Qty[]>(rules.size())),
      orders_(limits.max_orders_per_window, limits.rate_window_ns),
      cancels_(limits.max_cancels_per_window, limits.rate_window_ns),
      faults_window_(limits.kill_faults, limits.kill_window_ns) {
  budgets_[0].configure(limits.venue, limits.costs, limits.venue_soft_permille);
  for (std::uint32_t i = 0; i < rules.size(); ++i) position_limit_[i] = limits.max_position_qty;
}

void RiskGate::set_position_limit(SymbolId s, Qty max_qty) noexcept {
  if (s < rules_.size()) position_limit_[s] = max_qty;
}

RejectReason RiskGate::check_rules(const OrderCommand& c, Price ref_px) noexcept {
  const SymbolRules* r = rules_.get(c.symbol);
  if (r == nullptr) return RejectReason::UnknownSymbol;
  if (!r->trading) return RejectReason::SymbolNotTrading;
  if (c.side != Side::Buy && c.side != Side::Sell) return RejectReason::BadOrder;
  const bool close_position = (c.flags & OrderCommand::kClosePosition) != 0;
  if (close_position) return RejectReason::None;  // venue sizes it; nothing to value
  if (c.qty <= 0) return RejectReason::BadOrder;
  if (r->qty_multiple > 1 && c.qty % r->qty_multiple != 0) return RejectReason::QtyStep;
  if (c.qty < r->min_qty) return RejectReason::QtyBelowMin;
  if (r->max_qty > 0 && c.qty > r->max_qty) return RejectReason::QtyAboveMax;
  const bool market = c.type == OrderType::Market || c.type == OrderType::StopMarket ||
                      c.type == OrderType::TakeProfitMarket ||
                      c.type == OrderType::TrailingStopMarket;
  Price value_px = c.px;
  if (!market) {
    if (c.px <= 0 || (r->px_multiple > 1 && c.px % r->px_multiple != 0))
      return RejectReason::PriceTick;
    if ((r->min_px > 0 && c.px < r->min_px) || (r->max_px > 0 && c.px > r->max_px))
      return RejectReason::PriceBand;
  } else {
    value_px = c.stop_px > 0 ? c.stop_px : ref_px;
    if (value_px <= 0) return RejectReason::NoReferencePrice;
  }
  const Amount n = notional(*r, value_px, c.qty);
  if (n < r->min_notional && (c.flags & OrderCommand::kReduceOnly) == 0 && !is_reducing(c))
    return RejectReason::NotionalBelowMin;
  if (limits_.max_order_notional > 0 && n > limits_.max_order_notional)
    return RejectReason::NotionalAboveMax;
  return RejectReason::None;
}

RejectReason RiskGate::check_position(const OrderCommand& c, const Exposure& ex) const noexcept {
  if (is_reducing(c)) return RejectReason::None;
  const Qty limit = c.symbol < rules_.size() ? position_limit_[c.symbol] : 0;
  if (limit <= 0) return RejectReason::None;
  // Worst case: every live order on the same side fills, then this one does too.
  const Qty worst = c.side == Side::Buy ? ex.position + ex.open_buy + c.qty
                                        : ex.position - ex.open_sell - c.qty;
  const Qty mag = worst < 0 ? -worst : worst;
  return mag > limit ? RejectReason::PositionLimit : RejectReason::None;
}

RejectReason RiskGate::check_new(const OrderCommand& c, const Exposure& ex, Price ref_px,
                                 std::int64_t now_ns) noexcept {
  if (state_ == TradingState::Halted) return reject(RejectReason::Halted);
  if (state_ == TradingState::Reducing && !is_reducing(c)) return reject(RejectReason::ReducingOnly);
  const bool risk_order = (c.flags & OrderCommand::kRiskOrder) != 0;
  if (calibrating_ && !risk_order) return reject(RejectReason::Calibrating);
  if (const RejectReason r = check_rules(c, ref_px); r != RejectReason::None) return reject(r);
  if (const RejectReason r = check_position(c, ex); r != RejectReason::None) return reject(r);
  VenueBudget& b = budget_of(c);
  const std::uint32_t w = b.costs().weight(c.kind, c.symbol != kNoSymbol);
  const std::uint32_t n = b.costs().orders(c.kind);
  // Venue first (nothing booked yet), then the local window, which books on success.
  if (const RejectReason r = venue_fits(b, w, n, risk_order, now_ns); r != RejectReason::None)
    return reject(r);
  if (!risk_order && !orders_.try_acquire(now_ns)) return reject(RejectReason::OrderRateLimit);
  b.book(w, n, now_ns);
  ++passed_;
  return RejectReason::None;
}

RejectReason RiskGate::check_cancel(const OrderCommand& c, std::int64_t now_ns) noexcept {
  const bool risk_order = (c.flags & OrderCommand::kRiskOrder) != 0;
  VenueBudget& b = budget_of(c);
  const std::uint32_t w = b.costs().weight(c.kind, c.symbol != kNoSymbol);
  if (const RejectReason r = venue_fits(b, w, 0, risk_order, now_ns); r != RejectReason::None)
    return reject(r);
  if (!risk_order && !cancels_.try_acquire(now_ns)) return reject(RejectReason::CancelRateLimit);
  b.book(w, 0, now_ns);
  ++passed_;
  return RejectReason::None;
}

RejectReason RiskGate::check_request(const OrderCommand& c, std::int64_t now_ns) noexcept {
  const bool risk_order = (c.flags & OrderCommand::kRiskOrder) != 0;
  VenueBudget& b = budget_of(c);
  const std::uint32_t w = b.costs().weight(c.kind, c.symbol != kNoSymbol);
  const std::uint32_t n = b.costs().orders(c.kind);
  if (const RejectReason r = venue_fits(b, w, n, risk_order, now_ns); r != RejectReason::None)
    return reject(r);
  b.book(w, n, now_ns);
  return RejectReason::None;
}

RejectReason RiskGate::check_weight(std::uint32_t weight, bool risk, std::int64_t now_ns, Venue venue) noexcept {
  VenueBudget& b = budget(venue);
  if (const RejectReason r = venue_fits(b, weight, 0, risk, now_ns); r != RejectReason::None)
    return reject(r);
  b.book(weight, 0, now_ns);
  return RejectReason::None;
}

RejectReason RiskGate::venue_fits(VenueBudget& b, std::uint32_t weight, std::uint32_t orders, bool risk,
                                  std::int64_t now_ns) noexcept {
  if (!b.weight_fits(weight, risk, now_ns)) return RejectReason::VenueWeightLimit;
  if (!b.orders_fit(orders, risk, now_ns)) return RejectReason::VenueOrderLimit;
  return RejectReason::None;
}

void RiskGate::set_venue_limits(const VenueRateLimits& v, std::uint16_t soft_permille) noexcept {
  limits_.venue = v;
  limits_.venue_soft_permille = soft_permille;
  budgets_[0].configure(v, limits_.costs, soft_permille);
}

bool RiskGate::set_venue_budget(Venue venue, const VenueRateLimits& v, const CommandCosts& costs,
                                std::uint16_t soft_permille) noexcept {
  const auto id = static_cast<std::uint8_t>(venue);
  if (venue == Venue::None) return false;  // the default budget: RiskLimits / set_venue_limits
  if (slot_[id] == 0) {
    if (n_budgets_ == kMaxVenueBudgets) return false;
    slot_[id] = n_budgets_++;
  }
  budgets_[slot_[id]].configure(v, costs, soft_permille);
  return true;
}

bool RiskGate::record_fault(FaultKind k, std::int64_t now_ns) noexcept {
  ++faults_[static_cast<int>(k)];
  if (limits_.kill_faults == 0 || kill_tripped_) return false;
  const bool room = faults_window_.try_acquire(now_ns);
  if (room && faults_window_.count(now_ns) < limits_.kill_faults) return false;
  kill_tripped_ = true;
  state_ = TradingState::Halted;
  ++kill_alerts_;
  return true;
}

void RiskGate::reset_kill_switch() noexcept {
  kill_tripped_ = false;
  faults_window_.reset();
}

}  // namespace xtb::engine
