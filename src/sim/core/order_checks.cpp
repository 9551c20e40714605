// order_checks.cpp — see order_checks.hpp.
#include "sim/core/order_checks.hpp"

#include "market/decimal.hpp"

namespace xtb::sim {
namespace {

bool stop_type(OrderType t) noexcept { return t == OrderType::StopMarket || t == OrderType::TakeProfitMarket; }

bool simulated_type(OrderType t) noexcept { return t == OrderType::Limit || t == OrderType::Market || stop_type(t); }

bool limit_tif(TimeInForce t) noexcept {
  return t == TimeInForce::GTC || t == TimeInForce::IOC || t == TimeInForce::FOK || t == TimeInForce::PostOnly;
}

// Parameters every type shares: side, position side, flags, ids, answer detail, working type.
Reject check_common(const SimOrderRequest& q, bool hedge, OrderSpec& s) noexcept {
  Reject e;
  if (q.side != Side::Buy && q.side != Side::Sell) {
    e.set(RejectCode::InvalidSide);
    return e;
  }
  if (e = check_position_mode(q.position_side, hedge); !e.ok()) return e;
  if (q.reduce_only && (hedge || q.close_position)) {
    e.set_arg(RejectCode::ParamNotRequired, "reduce_only");
    return e;
  }
  s.side = q.side;
  s.position_side = q.position_side;
  s.reduce_only = q.reduce_only;
  s.close_position = q.close_position;
  s.price_protect = q.price_protect;
  if (!q.client_id_generated && !q.client_id.empty()) {
    if (q.client_id.len > ClientOrderId::kMax) {  // its alphabet is the face's to check
      e.set(RejectCode::ClientIdInvalid);
      return e;
    }
    s.client_id = q.client_id;
  } else {
    s.client_id_generated = true;
  }
  if (q.resp != RespType::Ack && q.resp != RespType::Result) {
    e.set(RejectCode::InvalidRespType);
    return e;
  }
  s.resp = q.resp;
  if (q.working_type == WorkingType::MarkPrice) s.working_type = WorkingType::MarkPrice;
  else if (q.working_type == WorkingType::ContractPrice || q.working_type == WorkingType::None)
    s.working_type = WorkingType::ContractPrice;
  else
    e.set(RejectCode::InvalidWorkingType);
  return e;
}

Reject check_limit(const SimOrderRequest& q, const SymbolRules& r, OrderSpec& s) noexcept {
  Reject e;
  if (!limit_tif(q.tif)) {
    e.set(RejectCode::InvalidTif);
    return e;
  }
  s.tif = q.tif;
  if (e = check_qty_bounds(r, q.qty, false); !e.ok()) return e;
  s.qty = q.qty;
  if (e = check_price_bounds(r, q.px); !e.ok()) return e;
  s.px = q.px;
  return e;
}

Reject check_market(const SimOrderRequest& q, const SymbolRules& r, OrderSpec& s) noexcept {
  Reject e;
  if (q.px != 0) {
    e.set_arg(RejectCode::ParamNotRequired, "price");
    return e;
  }
  s.tif = TimeInForce::GTC;
  if (e = check_qty_bounds(r, q.qty, true); !e.ok()) return e;
  s.qty = q.qty;
  return e;
}

Reject check_stop(const SimOrderRequest& q, const SymbolRules& r, bool hedge, OrderSpec& s) noexcept {
  Reject e;
  if (q.px != 0) {
    e.set_arg(RejectCode::ParamNotRequired, "price");
    return e;
  }
  if (e = check_stop_price_bounds(r, q.stop_px); !e.ok()) return e;
  s.stop_px = q.stop_px;
  s.tif = TimeInForce::GTC;
  if (q.close_position) {
    if (q.qty != 0) {
      e.set(RejectCode::QtyWithClosePosition);
      return e;
    }
    return check_close_side(q.side, q.position_side, hedge);
  }
  if (e = check_qty_bounds(r, q.qty, true); !e.ok()) return e;
  s.qty = q.qty;
  return e;
}

}  // namespace

Reject check_position_mode(PositionSide ps, bool hedge) noexcept {
  Reject e;
  const bool hedge_side = ps == PositionSide::Long || ps == PositionSide::Short;
  if (ps != PositionSide::Both && !hedge_side) e.set(RejectCode::InvalidPositionSide);
  else if (hedge != hedge_side) e.set(RejectCode::PositionSideMismatch);
  return e;
}

Reject check_qty_bounds(const SymbolRules& r, Qty q, bool market) noexcept {
  Reject e;
  const Qty min_q = market ? r.market_min_qty : r.min_qty;
  const Qty max_q = market ? r.market_max_qty : r.max_qty;
  if (q <= 0)
    e.set(RejectCode::QtyLessThanZero);
  else if (min_q > 0 && q < min_q)
    e.set(RejectCode::QtyBelowMin);
  else if (max_q > 0 && q > max_q)
    e.set(RejectCode::QtyAboveMax);
  else if (market && r.market_step > 1 && q % r.market_step != 0)
    e.set(RejectCode::QtyStep);
  return e;
}

Reject check_price_bounds(const SymbolRules& r, Price px) noexcept {
  Reject e;
  if (px <= 0)
    e.set(RejectCode::PriceLessThanZero);
  else if (r.min_price > 0 && px < r.min_price)
    e.set(RejectCode::PriceBelowMin);
  else if (r.max_price > 0 && px > r.max_price)
    e.set(RejectCode::PriceAboveMax);
  return e;
}

Reject check_stop_price_bounds(const SymbolRules& r, Price px) noexcept {
  Reject e;
  if (px <= 0)
    e.set(RejectCode::StopPriceLessThanZero);
  else if (r.max_price > 0 && px > r.max_price)
    e.set(RejectCode::StopPriceAboveMax);
  return e;
}

Reject check_close_side(Side side, PositionSide ps, bool hedge) noexcept {
  Reject e;
  // Hedge mode: close-position cannot be BUY on LONG nor SELL on SHORT.
  if (hedge && ((side == Side::Buy) == (ps == PositionSide::Long))) e.set(RejectCode::BadCombo);
  return e;
}

std::size_t format_min_notional(Amount v, char* buf, std::size_t cap) noexcept {
  const std::size_t n = format_decimal(v, kAmountDecimalScale, buf, cap);
  if (n == 0) return 0;
  std::size_t end = n;
  while (end > 0 && buf[end - 1] == '0') --end;
  if (end > 0 && buf[end - 1] == '.') ++end;  // keep one decimal: "5.0"
  return end;
}

Reject check_order(const SimOrderRequest& q, const SymbolTable& symbols, Venue venue, bool hedge,
                   OrderSpec& s) noexcept {
  Reject e;
  s = OrderSpec{};
  if (symbols.try_rules(q.symbol) == nullptr || symbols.venue(q.symbol) != venue) {
    e.set(RejectCode::BadSymbol);
    return e;
  }
  s.symbol = q.symbol;
  const SymbolRules& r = symbols.rules(q.symbol);
  if (!simulated_type(q.type)) {
    e.set(RejectCode::InvalidOrderType);
    return e;
  }
  s.type = q.type;
  if (e = check_common(q, hedge, s); !e.ok()) return e;
  if (q.close_position && !stop_type(q.type)) {
    e.set_arg(RejectCode::ParamNotRequired, "close_position");
    return e;
  }
  switch (q.type) {
    case OrderType::Limit: return check_limit(q, r, s);
    case OrderType::Market: return check_market(q, r, s);
    default: return check_stop(q, r, hedge, s);
  }
}

}  // namespace xtb::sim
