// order_checks.cpp — see order_checks.hpp.
#include "sim/core/order_checks.hpp"

#include "market/decimal.hpp"

namespace xtb::sim {
namespace {

bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

bool parse_side_text(std::string_view s, Side& out) noexcept {
  if (s == "BUY") out = Side::Buy;
  else if (s == "SELL") out = Side::Sell;
  else return false;
  return true;
}

bool parse_type_text(std::string_view s, OrderType& out) noexcept {
  if (s == "LIMIT") out = OrderType::Limit;
  else if (s == "MARKET") out = OrderType::Market;
  else if (s == "STOP_MARKET") out = OrderType::StopMarket;
  else if (s == "TAKE_PROFIT_MARKET") out = OrderType::TakeProfitMarket;
  else return false;  // STOP, TAKE_PROFIT, TRAILING_STOP_MARKET: not simulated
  return true;
}

bool parse_tif_text(std::string_view s, TimeInForce& out) noexcept {
  if (s == "GTC") out = TimeInForce::GTC;
  else if (s == "IOC") out = TimeInForce::IOC;
  else if (s == "FOK") out = TimeInForce::FOK;
  else if (s == "GTX") out = TimeInForce::PostOnly;
  else return false;
  return true;
}

bool parse_position_side_text(std::string_view s, PositionSide& out) noexcept {
  if (s == "BOTH") out = PositionSide::Both;
  else if (s == "LONG") out = PositionSide::Long;
  else if (s == "SHORT") out = PositionSide::Short;
  else return false;
  return true;
}

// Price-like field on the tick grid: precision first (-1111), then the tick (-4014).
Reject parse_grid_price(const SymbolRules& r, std::string_view text, const char* name, Price& out) noexcept {
  Reject e;
  const DecimalError d = parse_decimal(text, r.price, Rounding::Exact, out);
  if (d == DecimalError::Ok) return e;
  if (d == DecimalError::TooPrecise || d == DecimalError::OffGrid) {
    std::int64_t v = 0;
    const DecimalError p = parse_decimal(text, DecimalScale{1, r.price_precision}, Rounding::Exact, v);
    e.set(p == DecimalError::TooPrecise ? RejectCode::BadPrecision : RejectCode::PriceTick);
    return e;
  }
  if (d == DecimalError::Overflow)
    e.set(RejectCode::BadPrecision);
  else
    e.set_arg(RejectCode::MandatoryParam, name);
  return e;
}

Reject check_price(const SymbolRules& r, std::string_view text, Price& out) noexcept {
  Reject e = parse_grid_price(r, text, "price", out);
  if (!e.ok()) return e;
  if (out <= 0)
    e.set(RejectCode::PriceLessThanZero);
  else if (r.min_price > 0 && out < r.min_price)
    e.set(RejectCode::PriceBelowMin);
  else if (r.max_price > 0 && out > r.max_price)
    e.set(RejectCode::PriceAboveMax);
  return e;
}

Reject check_stop_price(const SymbolRules& r, std::string_view text, Price& out) noexcept {
  Reject e = parse_grid_price(r, text, "stopPrice", out);
  if (!e.ok()) return e;
  if (out <= 0)
    e.set(RejectCode::StopPriceLessThanZero);
  else if (r.max_price > 0 && out > r.max_price)
    e.set(RejectCode::StopPriceAboveMax);
  return e;
}

Reject check_qty(const SymbolRules& r, std::string_view text, bool market, Qty& out) noexcept {
  Reject e;
  const DecimalError d = parse_decimal(text, r.qty, Rounding::Exact, out);
  if (d == DecimalError::TooPrecise || d == DecimalError::OffGrid) {
    std::int64_t v = 0;
    const DecimalError p = parse_decimal(text, DecimalScale{1, r.qty_precision}, Rounding::Exact, v);
    e.set(p == DecimalError::TooPrecise ? RejectCode::BadPrecision : RejectCode::QtyStep);
    return e;
  }
  if (d == DecimalError::Overflow) {
    e.set(RejectCode::BadPrecision);
    return e;
  }
  if (d != DecimalError::Ok) {
    e.set_arg(RejectCode::MandatoryParam, "quantity");
    return e;
  }
  const Qty min_q = market ? r.market_min_qty : r.min_qty;
  const Qty max_q = market ? r.market_max_qty : r.max_qty;
  if (out <= 0)
    e.set(RejectCode::QtyLessThanZero);
  else if (min_q > 0 && out < min_q)
    e.set(RejectCode::QtyBelowMin);
  else if (max_q > 0 && out > max_q)
    e.set(RejectCode::QtyAboveMax);
  else if (market && r.market_step > 1 && out % r.market_step != 0)
    e.set(RejectCode::QtyStep);
  return e;
}

// Parameters every type shares: side, position side, flags, ids, response type.
Reject check_common(const NewOrderRequest& q, bool hedge, OrderSpec& s) noexcept {
  Reject e;
  if (q.side.empty()) {
    e.set_arg(RejectCode::MandatoryParam, "side");
    return e;
  }
  if (!parse_side_text(q.side, s.side)) {
    e.set(RejectCode::InvalidSide);
    return e;
  }
  if (!q.position_side.empty() && !parse_position_side_text(q.position_side, s.position_side)) {
    e.set(RejectCode::InvalidPositionSide);
    return e;
  }
  const bool hedge_side = s.position_side != PositionSide::Both;
  if (hedge != hedge_side) {
    e.set(RejectCode::PositionSideMismatch);
    return e;
  }
  if (!parse_bool_param(q.reduce_only, false, s.reduce_only)) {
    e.set_arg(RejectCode::InvalidParam, "reduceOnly");
    return e;
  }
  if (!parse_bool_param(q.close_position, false, s.close_position)) {
    e.set_arg(RejectCode::InvalidParam, "closePosition");
    return e;
  }
  if (!parse_bool_param(q.price_protect, false, s.price_protect)) {
    e.set_arg(RejectCode::InvalidParam, "priceProtect");
    return e;
  }
  // The order-entry rules: reduceOnly "cannot be sent in Hedge Mode; cannot be sent with
  // closePosition=true" (the live venue names the parameter in lower case).
  if (!q.reduce_only.empty() && (hedge || s.close_position)) {
    e.set_arg(RejectCode::ParamNotRequired, "reduceonly");
    return e;
  }
  if (!q.new_client_order_id.empty()) {
    if (!is_valid_client_order_id(q.new_client_order_id)) {
      e.set(RejectCode::ClientIdInvalid);
      return e;
    }
    s.client_id.assign(q.new_client_order_id);
  } else {
    s.client_id_generated = true;
  }
  if (q.new_order_resp_type.empty() || q.new_order_resp_type == "ACK") s.resp = RespType::Ack;
  else if (q.new_order_resp_type == "RESULT") s.resp = RespType::Result;
  else {
    e.set(RejectCode::InvalidRespType);
    return e;
  }
  if (q.working_type.empty() || q.working_type == "CONTRACT_PRICE") s.working_type = WorkingType::ContractPrice;
  else if (q.working_type == "MARK_PRICE") s.working_type = WorkingType::MarkPrice;
  else {
    e.set(RejectCode::InvalidWorkingType);
    return e;
  }
  return e;
}

Reject check_limit(const NewOrderRequest& q, const SymbolRules& r, OrderSpec& s) noexcept {
  Reject e;
  if (q.time_in_force.empty()) {
    e.set_arg(RejectCode::MandatoryParam, "timeInForce");
    return e;
  }
  if (!parse_tif_text(q.time_in_force, s.tif)) {
    e.set(RejectCode::InvalidTif);
    return e;
  }
  if (q.quantity.empty()) {
    e.set_arg(RejectCode::MandatoryParam, "quantity");
    return e;
  }
  if (q.price.empty()) {
    e.set_arg(RejectCode::MandatoryParam, "price");
    return e;
  }
  if (e = check_qty(r, q.quantity, false, s.qty); !e.ok()) return e;
  return check_price(r, q.price, s.px);
}

Reject check_market(const NewOrderRequest& q, const SymbolRules& r, OrderSpec& s) noexcept {
  Reject e;
  if (!q.price.empty()) {
    e.set_arg(RejectCode::ParamNotRequired, "price");
    return e;
  }
  if (q.quantity.empty()) {
    e.set_arg(RejectCode::MandatoryParam, "quantity");
    return e;
  }
  s.tif = TimeInForce::GTC;
  return check_qty(r, q.quantity, true, s.qty);
}

Reject check_stop(const NewOrderRequest& q, const SymbolRules& r, bool hedge, OrderSpec& s) noexcept {
  Reject e;
  if (!q.price.empty()) {
    e.set_arg(RejectCode::ParamNotRequired, "price");
    return e;
  }
  if (q.stop_price.empty()) {
    e.set_arg(RejectCode::MandatoryParam, "stopPrice");
    return e;
  }
  if (e = check_stop_price(r, q.stop_price, s.stop_px); !e.ok()) return e;
  s.tif = TimeInForce::GTC;
  if (s.close_position) {
    if (!q.quantity.empty()) {
      e.set(RejectCode::QtyWithClosePosition);
      return e;
    }
    // Hedge mode: closePosition cannot be BUY on LONG nor SELL on SHORT (order-entry rules).
    if (hedge && ((s.side == Side::Buy) == (s.position_side == PositionSide::Long))) e.set(RejectCode::BadCombo);
    return e;
  }
  if (q.quantity.empty()) {
    e.set_arg(RejectCode::MandatoryParam, "quantity");
    return e;
  }
  return check_qty(r, q.quantity, true, s.qty);
}

}  // namespace

bool parse_bool_param(std::string_view text, bool dflt, bool& out) noexcept {
  if (text.empty()) { out = dflt; return true; }
  if (iequals(text, "true")) { out = true; return true; }
  if (iequals(text, "false")) { out = false; return true; }
  return false;
}

std::size_t format_min_notional(Amount v, char* buf, std::size_t cap) noexcept {
  const std::size_t n = format_decimal(v, kAmountDecimalScale, buf, cap);
  if (n == 0) return 0;
  std::size_t end = n;
  while (end > 0 && buf[end - 1] == '0') --end;
  if (end > 0 && buf[end - 1] == '.') ++end;  // keep one decimal: "5.0"
  return end;
}

Reject check_new_order(const NewOrderRequest& q, const SymbolTable& symbols, bool hedge, OrderSpec& s) noexcept {
  Reject e;
  s = OrderSpec{};
  if (q.symbol.empty()) {
    e.set_arg(RejectCode::MandatoryParam, "symbol");
    return e;
  }
  s.symbol = symbols.find(q.symbol);
  if (s.symbol == kNoSymbol) {
    e.set(RejectCode::BadSymbol);
    return e;
  }
  const SymbolRules& r = symbols.rules(s.symbol);
  if (q.type.empty()) {
    e.set_arg(RejectCode::MandatoryParam, "type");
    return e;
  }
  if (!parse_type_text(q.type, s.type)) {
    e.set(RejectCode::InvalidOrderType);
    return e;
  }
  if (e = check_common(q, hedge, s); !e.ok()) return e;
  const bool stop_type = s.type == OrderType::StopMarket || s.type == OrderType::TakeProfitMarket;
  if (s.close_position && !stop_type) {
    e.set_arg(RejectCode::ParamNotRequired, "closePosition");
    return e;
  }
  switch (s.type) {
    case OrderType::Limit: return check_limit(q, r, s);
    case OrderType::Market: return check_market(q, r, s);
    default: return check_stop(q, r, hedge, s);
  }
}

}  // namespace xtb::sim
