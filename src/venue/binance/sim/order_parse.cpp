// order_parse.cpp — see order_parse.hpp.
#include "venue/binance/sim/order_parse.hpp"

#include "market/decimal.hpp"
#include "venue/binance/client_order_id.hpp"
#include "sim/core/order_checks.hpp"

namespace xtb::sim::binance_usdm {
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

Reject parse_limit_price(const SymbolRules& r, std::string_view text, Price& out) noexcept {
  const Reject e = parse_grid_price(r, text, "price", out);
  return e.ok() ? check_price_bounds(r, out) : e;
}

Reject parse_trigger_price(const SymbolRules& r, std::string_view text, Price& out) noexcept {
  const Reject e = parse_grid_price(r, text, "stopPrice", out);
  return e.ok() ? check_stop_price_bounds(r, out) : e;
}

// Quantity on the step grid: precision (-1111), step (-4023), then the bounds.
Reject parse_qty(const SymbolRules& r, std::string_view text, bool market, Qty& out) noexcept {
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
  return check_qty_bounds(r, out, market);
}

// The flags, ids, answer detail and working type every type shares.
Reject parse_options(const NewOrderRequest& q, bool hedge, SimOrderRequest& s) noexcept {
  Reject e;
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
    if (!xtb::binance::is_valid_client_order_id(q.new_client_order_id)) {
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
  else e.set(RejectCode::InvalidWorkingType);
  return e;
}

// Side, position side and position mode, then the options.
Reject parse_common(const NewOrderRequest& q, bool hedge, SimOrderRequest& s) noexcept {
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
  if (e = check_position_mode(s.position_side, hedge); !e.ok()) return e;
  return parse_options(q, hedge, s);
}

Reject parse_limit(const NewOrderRequest& q, const SymbolRules& r, SimOrderRequest& s) noexcept {
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
  if (e = parse_qty(r, q.quantity, false, s.qty); !e.ok()) return e;
  return parse_limit_price(r, q.price, s.px);
}

Reject parse_market(const NewOrderRequest& q, const SymbolRules& r, SimOrderRequest& s) noexcept {
  Reject e;
  if (!q.price.empty()) {
    e.set_arg(RejectCode::ParamNotRequired, "price");
    return e;
  }
  if (q.quantity.empty()) {
    e.set_arg(RejectCode::MandatoryParam, "quantity");
    return e;
  }
  return parse_qty(r, q.quantity, true, s.qty);
}

Reject parse_stop(const NewOrderRequest& q, const SymbolRules& r, bool hedge, SimOrderRequest& s) noexcept {
  Reject e;
  if (!q.price.empty()) {
    e.set_arg(RejectCode::ParamNotRequired, "price");
    return e;
  }
  if (q.stop_price.empty()) {
    e.set_arg(RejectCode::MandatoryParam, "stopPrice");
    return e;
  }
  if (e = parse_trigger_price(r, q.stop_price, s.stop_px); !e.ok()) return e;
  if (s.close_position) {
    if (!q.quantity.empty()) {
      e.set(RejectCode::QtyWithClosePosition);
      return e;
    }
    return check_close_side(s.side, s.position_side, hedge);
  }
  if (q.quantity.empty()) {
    e.set_arg(RejectCode::MandatoryParam, "quantity");
    return e;
  }
  return parse_qty(r, q.quantity, true, s.qty);
}

}  // namespace

bool parse_bool_param(std::string_view text, bool dflt, bool& out) noexcept {
  if (text.empty()) { out = dflt; return true; }
  if (iequals(text, "true")) { out = true; return true; }
  if (iequals(text, "false")) { out = false; return true; }
  return false;
}

Reject parse_new_order(const NewOrderRequest& q, const SymbolTable& symbols, Venue venue, bool hedge,
                       SimOrderRequest& s) noexcept {
  Reject e;
  s = SimOrderRequest{};
  if (q.symbol.empty()) {
    e.set_arg(RejectCode::MandatoryParam, "symbol");
    return e;
  }
  s.symbol = symbols.find(venue, q.symbol);
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
  if (e = parse_common(q, hedge, s); !e.ok()) return e;
  const bool stop_type = s.type == OrderType::StopMarket || s.type == OrderType::TakeProfitMarket;
  if (s.close_position && !stop_type) {
    e.set_arg(RejectCode::ParamNotRequired, "closePosition");
    return e;
  }
  switch (s.type) {
    case OrderType::Limit: return parse_limit(q, r, s);
    case OrderType::Market: return parse_market(q, r, s);
    default: return parse_stop(q, r, hedge, s);
  }
}

Reject parse_algo_order(const AlgoOrderRequest& req, const SymbolTable& symbols, Venue venue, bool hedge,
                        SimOrderRequest& out) noexcept {
  Reject e;
  if (req.algo_type.empty())
    e.set_arg(RejectCode::MandatoryParam, "algoType");
  else if (req.algo_type != "CONDITIONAL")
    e.set_arg(RejectCode::InvalidParam, "algoType");
  else if (req.trigger_price.empty())
    e.set_arg(RejectCode::MandatoryParam, "triggerPrice");
  if (!e.ok()) return e;
  NewOrderRequest q;
  q.symbol = req.symbol;
  q.side = req.side;
  q.position_side = req.position_side;
  q.type = req.type;
  q.time_in_force = req.time_in_force;
  q.quantity = req.quantity;
  q.price = req.price;
  q.reduce_only = req.reduce_only;
  q.close_position = req.close_position;
  q.working_type = req.working_type;
  q.stop_price = req.trigger_price;
  q.new_client_order_id = req.client_algo_id;
  q.price_protect = req.price_protect;
  return parse_new_order(q, symbols, venue, hedge, out);
}

}  // namespace xtb::sim::binance_usdm
