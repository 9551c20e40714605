// encode_fields.hpp — (internal to the encoders) the order-parameter rules, written once
// and emitted either as form pairs (`name=value&...`, single order endpoints) or as
// JSON members (`{"name":"value",...}`, one element of POST /fapi/v1/batchOrders).
//
// Rules (post_fapi_v1_order.md, post_fapi_v1_batchorders.md, New Algo Order):
//   * Hedge mode: positionSide LONG/SHORT always sent; reduceOnly never sent (the venue
//     rejects it); a reduce-only intent must be SELL LONG or BUY SHORT.
//   * One-way mode: positionSide never sent (venue default BOTH); reduceOnly=true sent
//     when OrderCommand::kReduceOnly is set.
//   * closePosition=true: only STOP_MARKET / TAKE_PROFIT_MARKET, never with quantity or
//     reduceOnly; in hedge mode not BUY LONG / SELL SHORT.
//   * LIMIT needs quantity, price, timeInForce (GTC/IOC/FOK/GTX; GTX = post-only).
//     MARKET needs quantity; a TIF on a MARKET order is not sent.
// Values never need escaping: enum literals, digits, '.', '-', and ids/symbols already
// checked against their character rules.
#pragma once
#include <string_view>

#include "core/command.hpp"
#include "venue/binance/client_order_id.hpp"
#include "venue/binance/encode_types.hpp"

namespace xtb::binance::encode_detail {

/// Form encoding: `&name=value`.
struct FormSink {
  ParamWriter& w;
  void text(std::string_view name, std::string_view value) noexcept {
    w.key(name);
    w.put(value);
  }
  void uint(std::string_view name, std::uint64_t v) noexcept {
    w.key(name);
    w.put_uint(v);
  }
  bool decimal(std::string_view name, std::int64_t units, DecimalScale unit) noexcept {
    w.key(name);
    return w.put_scaled(units, unit);
  }
};

/// JSON object member encoding, percent-encoded on the fly (the batchOrders value is a
/// URL parameter). Punctuation is written pre-encoded (" → %22, : → %3A, , → %2C,
/// { → %7B, } → %7D); member names are plain identifiers (unreserved); values go through
/// put_pct (client ids may contain ':' and '/'). open() / close() bracket one object.
struct JsonSink {
  ParamWriter& w;
  bool first = true;
  void open() noexcept {
    w.put("%7B");
    first = true;
  }
  void close() noexcept { w.put("%7D"); }
  void member(std::string_view name) noexcept {
    w.put(first ? std::string_view("%22") : std::string_view("%2C%22"));
    first = false;
    w.put(name);
    w.put("%22%3A%22");
  }
  void text(std::string_view name, std::string_view value) noexcept {
    member(name);
    w.put_pct(value);
    w.put("%22");
  }
  void uint(std::string_view name, std::uint64_t v) noexcept {
    member(name);
    w.put_uint(v);
    w.put("%22");
  }
  bool decimal(std::string_view name, std::int64_t units, DecimalScale unit) noexcept {
    member(name);
    const bool ok = w.put_scaled(units, unit);  // digits, '.', '-' are unreserved
    w.put("%22");
    return ok;
  }
};

// ---- venue literals ----

constexpr std::string_view side_text(Side s) noexcept { return s == Side::Buy ? "BUY" : "SELL"; }

constexpr std::string_view position_side_text(PositionSide p) noexcept {
  switch (p) {
    case PositionSide::Long: return "LONG";
    case PositionSide::Short: return "SHORT";
    case PositionSide::Both: return "BOTH";
  }
  return "BOTH";
}

constexpr std::string_view order_type_text(OrderType t) noexcept {
  switch (t) {
    case OrderType::Limit: return "LIMIT";
    case OrderType::Market: return "MARKET";
    case OrderType::Stop: return "STOP";
    case OrderType::StopMarket: return "STOP_MARKET";
    case OrderType::TakeProfit: return "TAKE_PROFIT";
    case OrderType::TakeProfitMarket: return "TAKE_PROFIT_MARKET";
    case OrderType::TrailingStopMarket: return "TRAILING_STOP_MARKET";
    case OrderType::Liquidation:
    case OrderType::None: break;
  }
  return {};
}

/// "" for TIFs we cannot send (None, GTD).
constexpr std::string_view tif_text(TimeInForce t) noexcept {
  switch (t) {
    case TimeInForce::GTC: return "GTC";
    case TimeInForce::IOC: return "IOC";
    case TimeInForce::FOK: return "FOK";
    case TimeInForce::PostOnly: return "GTX";
    case TimeInForce::GTD:
    case TimeInForce::None: break;
  }
  return {};
}

constexpr std::string_view working_type_text(WorkingType w) noexcept {
  switch (w) {
    case WorkingType::MarkPrice: return "MARK_PRICE";
    case WorkingType::ContractPrice: return "CONTRACT_PRICE";
    case WorkingType::None: break;
  }
  return {};
}

/// Conditional types: since 2025-12-09 only accepted by POST /fapi/v1/algoOrder
/// (the order endpoint answers -4120 "Order type not supported for this endpoint").
constexpr bool is_conditional(OrderType t) noexcept {
  return t == OrderType::Stop || t == OrderType::StopMarket || t == OrderType::TakeProfit ||
         t == OrderType::TakeProfitMarket || t == OrderType::TrailingStopMarket;
}

constexpr bool reduces_hedge_position(const OrderCommand& c) noexcept {
  return (c.side == Side::Sell && c.position_side == PositionSide::Long) ||
         (c.side == Side::Buy && c.position_side == PositionSide::Short);
}

/// Side / position-side / reduce-only / client-id checks shared by every new order.
inline EncodeError check_order_sides(const OrderCommand& c, PositionMode mode) noexcept {
  if (c.side != Side::Buy && c.side != Side::Sell) return EncodeError::InvalidSide;
  if (mode == PositionMode::Hedge) {
    if (c.position_side == PositionSide::Both) return EncodeError::InvalidPositionSide;
    if ((c.flags & OrderCommand::kReduceOnly) && !reduces_hedge_position(c)) {
      return EncodeError::ReduceOnlyWouldIncrease;
    }
  } else if (c.position_side != PositionSide::Both) {
    return EncodeError::InvalidPositionSide;
  }
  if (!c.client_id.empty() && !is_valid_client_order_id(c.client_id.view())) {
    return EncodeError::InvalidClientOrderId;
  }
  return EncodeError::Ok;
}

/// symbol, side, [positionSide]: the common head of every new order.
template <class Sink>
void emit_head(Sink& s, const OrderCommand& c, const EncodeSymbol& sym, PositionMode mode) noexcept {
  s.text("symbol", sym.name);
  s.text("side", side_text(c.side));
  if (mode == PositionMode::Hedge) s.text("positionSide", position_side_text(c.position_side));
}

/// Parameters of a LIMIT / MARKET order for /fapi/v1/order or one batchOrders element.
template <class Sink>
EncodeError emit_regular_order(Sink& s, const OrderCommand& c, const EncodeSymbol& sym, PositionMode mode) noexcept {
  if (const EncodeError e = check_order_sides(c, mode); e != EncodeError::Ok) return e;
  if (c.type != OrderType::Limit && c.type != OrderType::Market) return EncodeError::UnsupportedOrderType;
  if (c.flags & OrderCommand::kClosePosition) return EncodeError::InvalidClosePosition;
  if (c.qty <= 0) return EncodeError::MissingQuantity;
  std::string_view tif;
  if (c.type == OrderType::Limit) {
    if (c.px <= 0) return EncodeError::MissingPrice;
    if (c.tif == TimeInForce::None) return EncodeError::MissingTimeInForce;
    tif = tif_text(c.tif);
    if (tif.empty()) return EncodeError::UnsupportedTimeInForce;
  }
  emit_head(s, c, sym, mode);
  s.text("type", order_type_text(c.type));
  if (!s.decimal("quantity", c.qty, sym.step)) return EncodeError::DecimalOverflow;
  if (c.type == OrderType::Limit) {
    if (!s.decimal("price", c.px, sym.tick)) return EncodeError::DecimalOverflow;
    s.text("timeInForce", tif);
  }
  if (mode == PositionMode::OneWay && (c.flags & OrderCommand::kReduceOnly)) s.text("reduceOnly", "true");
  if (!c.client_id.empty()) s.text("newClientOrderId", c.client_id.view());
  return EncodeError::Ok;
}

/// Parameters of a conditional order for POST /fapi/v1/algoOrder (algoType=CONDITIONAL,
/// triggerPrice instead of stopPrice, clientAlgoId instead of newClientOrderId).
template <class Sink>
EncodeError emit_algo_order(Sink& s, const OrderCommand& c, const EncodeSymbol& sym, PositionMode mode) noexcept {
  if (const EncodeError e = check_order_sides(c, mode); e != EncodeError::Ok) return e;
  if (!is_conditional(c.type) || c.type == OrderType::TrailingStopMarket) {
    return EncodeError::UnsupportedOrderType;  // trailing stops need callbackRate
  }
  const bool close = (c.flags & OrderCommand::kClosePosition) != 0;
  const bool limit_leg = c.type == OrderType::Stop || c.type == OrderType::TakeProfit;
  if (close && limit_leg) return EncodeError::InvalidClosePosition;
  if (close && mode == PositionMode::Hedge && !reduces_hedge_position(c)) return EncodeError::InvalidClosePosition;
  if (c.stop_px <= 0) return EncodeError::MissingStopPrice;
  if (!close && c.qty <= 0) return EncodeError::MissingQuantity;
  if (limit_leg && c.px <= 0) return EncodeError::MissingPrice;
  std::string_view tif;
  if (limit_leg && c.tif != TimeInForce::None) {
    tif = tif_text(c.tif);
    if (tif.empty()) return EncodeError::UnsupportedTimeInForce;
  }
  s.text("algoType", "CONDITIONAL");
  emit_head(s, c, sym, mode);
  s.text("type", order_type_text(c.type));
  if (!close && !s.decimal("quantity", c.qty, sym.step)) return EncodeError::DecimalOverflow;
  if (limit_leg && !s.decimal("price", c.px, sym.tick)) return EncodeError::DecimalOverflow;
  if (!s.decimal("triggerPrice", c.stop_px, sym.tick)) return EncodeError::DecimalOverflow;
  if (!tif.empty()) s.text("timeInForce", tif);
  if (const std::string_view wt = working_type_text(c.working_type); !wt.empty()) s.text("workingType", wt);
  if (close) {
    s.text("closePosition", "true");  // never together with reduceOnly
  } else if (mode == PositionMode::OneWay && (c.flags & OrderCommand::kReduceOnly)) {
    s.text("reduceOnly", "true");
  }
  if (!c.client_id.empty()) s.text("clientAlgoId", c.client_id.view());
  return EncodeError::Ok;
}

/// orderId / origClientOrderId (or algoId / clientAlgoId): the venue id wins when known.
template <class Sink>
EncodeError emit_order_ref(Sink& s, const OrderCommand& c, bool algo) noexcept {
  if (c.venue_order_id != 0) {
    s.uint(algo ? "algoId" : "orderId", c.venue_order_id);
    return EncodeError::Ok;
  }
  if (c.client_id.empty()) return EncodeError::MissingOrderRef;
  if (!is_valid_client_order_id(c.client_id.view())) return EncodeError::InvalidClientOrderId;
  s.text(algo ? "clientAlgoId" : "origClientOrderId", c.client_id.view());
  return EncodeError::Ok;
}

}  // namespace xtb::binance::encode_detail
