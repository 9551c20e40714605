// json_encode.cpp — see json_encode.hpp.
#include "venue/binance/sim/json_encode.hpp"

#include <charconv>

#include "sim/core/fixed_math.hpp"
#include "venue/binance/sim/enum_text.hpp"

namespace xtb::sim::binance_usdm {
namespace {

DecimalText zero_text() noexcept {
  DecimalText t;
  t.buf[0] = '0';
  t.len = 1;
  return t;
}

// User-stream price: "0" when absent, else the precision text.
DecimalText ws_price(const SymbolRules& r, Price px) noexcept { return px == 0 ? zero_text() : price_text(r, px); }

// Average fill price of an order (cum quote / filled), trimmed to the price precision.
DecimalText avg_text(const SymbolRules& r, const SimOrder& o, bool zero_as_plain) noexcept {
  if (o.filled == 0) return zero_as_plain ? zero_text() : e8_text(0, r.price_precision);
  return e8_text(average_price_e8(r, o.cum_quote, o.filled), r.price_precision);
}

// Opens a user-stream event {"e":<e>,"<k1>":<v1>,"<k2>":<v2>,"<body>":{ ; end_event
// closes it. The two times are E (event) and T (transaction), in the order the venue sends.
void begin_event(JsonWriter& w, std::string_view e, std::string_view k1, std::int64_t v1, std::string_view k2,
                 std::int64_t v2, std::string_view body) noexcept {
  w.begin_object();
  w.kv("e", e);
  w.kv_i64(k1, v1);
  w.kv_i64(k2, v2);
  w.key(body);
  w.begin_object();
}

// Closes the body object and the event opened by begin_event: bytes written, 0 on overflow.
std::size_t end_event(JsonWriter& w) noexcept {
  w.end_object();
  w.end_object();
  return w.finish();
}

// Decimal text of the venue order id an algo order triggered; empty while there is none (0).
DecimalText order_id_text(std::uint64_t id) noexcept {
  DecimalText t;
  if (id != 0) t.len = static_cast<std::size_t>(std::to_chars(t.buf, t.buf + sizeof t.buf, id).ptr - t.buf);
  return t;
}

// A REST body that is one object written by `write` (write_order_object, ...).
using OrderObjectWriter = void (*)(JsonWriter&, const SimOrder&, const SymbolTable&) noexcept;
std::size_t encode_object(OrderObjectWriter write, const SimOrder& o, const SymbolTable& symbols, char* buf,
                          std::size_t cap) noexcept {
  JsonWriter w(buf, cap);
  write(w, o, symbols);
  return w.finish();
}

}  // namespace


std::size_t encode_order_trade_update(const OrderUpdateReport& r, const SymbolTable& symbols, std::string_view asset,
                                      char* buf, std::size_t cap) noexcept {
  const SimOrder& o = r.order;
  const SymbolRules& rules = symbols.rules(o.spec.symbol);
  JsonWriter w(buf, cap);
  begin_event(w, "ORDER_TRADE_UPDATE", "E", r.event_ms, "T", r.txn_ms, "o");
  w.kv("s", symbols.name(o.spec.symbol));
  w.kv("c", o.spec.client_id.view());
  w.kv("S", to_text(o.spec.side));
  w.kv("o", to_text(o.cur_type));
  w.kv("f", to_text(o.spec.tif));
  w.kv("q", qty_text(rules, o.spec.qty).view());
  w.kv("p", ws_price(rules, o.spec.px).view());
  w.kv("ap", avg_text(rules, o, true).view());
  w.kv("sp", ws_price(rules, o.spec.stop_px).view());
  w.kv("x", to_text(r.exec));
  w.kv("X", to_text(o.status));
  w.kv_u64("i", o.order_id);
  w.kv("l", qty_text(rules, r.last_qty).view());
  w.kv("z", qty_text(rules, o.filled).view());
  w.kv("L", ws_price(rules, r.last_px).view());
  w.kv("N", asset);
  w.kv("n", r.commission == 0 ? zero_text().view() : amount_text(r.commission).view());
  w.kv_i64("T", r.txn_ms);
  w.kv_u64("t", r.trade_id);
  w.kv("b", e8_text(r.bids_notional, 0).view());
  w.kv("a", e8_text(r.asks_notional, 0).view());
  w.kv_bool("m", r.maker);
  w.kv_bool("R", o.spec.reduce_only || o.spec.close_position);
  w.kv("wt", to_text(o.spec.working_type));
  w.kv("ot", to_text(o.spec.type));
  w.kv("ps", to_text(o.spec.position_side));
  w.kv_bool("cp", o.spec.close_position);
  w.kv("AP", "0");
  w.kv("cr", "0");
  w.kv_bool("pP", o.spec.price_protect);
  w.kv_i64("si", 0);
  w.kv_i64("ss", 0);
  w.kv("rp", r.realized_pnl == 0 ? zero_text().view() : amount_text(r.realized_pnl).view());
  w.kv("V", "EXPIRE_MAKER");
  w.kv("pm", "NONE");
  w.kv_i64("gtd", 0);
  return end_event(w);
}

std::size_t encode_account_update(const AccountUpdateReport& r, const SymbolTable& symbols, char* buf,
                                  std::size_t cap) noexcept {
  JsonWriter w(buf, cap);
  begin_event(w, "ACCOUNT_UPDATE", "E", r.event_ms, "T", r.txn_ms, "a");
  w.kv("m", "ORDER");
  w.key("B");
  w.begin_array();
  w.begin_object();
  w.kv("a", symbols.asset_name(r.asset));
  w.kv("wb", amount_text(r.wallet).view());
  w.kv("cw", amount_text(r.cross_wallet).view());
  w.kv("bc", e8_text(r.balance_change, 0).view());
  w.end_object();
  w.end_array();
  w.key("P");
  w.begin_array();
  for (int i = 0; i < r.n_positions && i < AccountUpdateReport::kMaxPositions; ++i) {
    const PositionReport& p = r.positions[i];
    const SymbolRules& rules = symbols.rules(p.symbol);
    w.begin_object();
    w.kv("s", symbols.name(p.symbol));
    w.kv("pa", qty_text(rules, p.amount).view());
    w.kv("ep", e8_text(p.entry_e8, rules.price_precision).view());
    w.kv("bep", e8_text(p.break_even_e8, rules.price_precision).view());
    w.kv("cr", amount_text(p.cum_realized).view());
    w.kv("up", amount_text(p.unrealized).view());
    w.kv("mt", p.isolated ? "isolated" : "cross");
    w.kv("iw", amount_text(p.isolated_wallet).view());
    w.kv("ps", to_text(p.side));
    w.end_object();
  }
  w.end_array();
  return end_event(w);
}

void write_order_object(JsonWriter& w, const SimOrder& o, const SymbolTable& symbols) noexcept {
  const SymbolRules& r = symbols.rules(o.spec.symbol);
  w.begin_object();
  w.kv_u64("orderId", o.order_id);
  w.kv("symbol", symbols.name(o.spec.symbol));
  w.kv("status", to_text(o.status));
  w.kv("clientOrderId", o.spec.client_id.view());
  w.kv("price", price_text(r, o.spec.px).view());
  w.kv("avgPrice", avg_text(r, o, false).view());
  w.kv("origQty", qty_text(r, o.spec.qty).view());
  w.kv("executedQty", qty_text(r, o.filled).view());
  w.kv("cumQty", qty_text(r, o.filled).view());
  w.kv("cumQuote", e8_text(o.cum_quote, r.price_precision).view());
  w.kv("timeInForce", to_text(o.spec.tif));
  w.kv("type", to_text(o.cur_type));
  w.kv_bool("reduceOnly", o.spec.reduce_only || o.spec.close_position);
  w.kv_bool("closePosition", o.spec.close_position);
  w.kv("side", to_text(o.spec.side));
  w.kv("positionSide", to_text(o.spec.position_side));
  w.kv("stopPrice", price_text(r, o.spec.stop_px).view());
  w.kv("workingType", to_text(o.spec.working_type));
  w.kv_bool("priceProtect", o.spec.price_protect);
  w.kv("origType", to_text(o.spec.type));
  w.kv("priceMatch", "NONE");
  w.kv("selfTradePreventionMode", "EXPIRE_MAKER");
  w.kv_i64("goodTillDate", 0);
  w.kv_i64("time", o.time_ms);
  w.kv_i64("updateTime", o.update_ms);
  w.end_object();
}

std::size_t encode_order_response(const SimOrder& o, const SymbolTable& symbols, char* buf, std::size_t cap) noexcept {
  return encode_object(write_order_object, o, symbols, buf, cap);
}

std::size_t encode_error(const Reject& e, char* buf, std::size_t cap) noexcept {
  JsonWriter w(buf, cap);
  w.begin_object();
  const VenueError v = venue_error(e);
  w.kv_i64("code", v.code);
  w.kv("msg", v.message());
  w.end_object();
  return w.finish();
}

std::size_t encode_cancel_all_ok(char* buf, std::size_t cap) noexcept {
  JsonWriter w(buf, cap);
  w.begin_object();
  w.kv_i64("code", 200);
  w.kv("msg", "The operation of cancel all open order is done.");
  w.end_object();
  return w.finish();
}

std::size_t encode_mark_price_update(const MarkPriceReport& r, const SymbolTable& symbols, char* buf,
                                     std::size_t cap) noexcept {
  const SymbolRules& rules = symbols.rules(r.symbol);
  const std::int64_t mark_e8 = static_cast<std::int64_t>(price_to_e8(rules, r.mark_px));
  const std::int64_t index_e8 = static_cast<std::int64_t>(price_to_e8(rules, r.index_px));
  JsonWriter w(buf, cap);
  w.begin_object();
  w.kv("e", "markPriceUpdate");
  w.kv_i64("E", r.event_ms);
  w.kv("s", symbols.name(r.symbol));
  w.kv("p", amount_text(mark_e8).view());
  w.kv("i", amount_text(index_e8).view());
  w.kv("P", amount_text(index_e8).view());
  w.kv("r", "0.00000000");
  w.kv_i64("T", r.next_funding_ms);
  w.end_object();
  return w.finish();
}

std::size_t encode_algo_update(const AlgoUpdateReport& r, const SymbolTable& symbols, char* buf,
                               std::size_t cap) noexcept {
  const SimOrder& o = r.order;
  const SymbolRules& rules = symbols.rules(o.spec.symbol);
  JsonWriter w(buf, cap);
  begin_event(w, "ALGO_UPDATE", "T", r.txn_ms, "E", r.event_ms, "o");
  w.kv("caid", o.spec.client_id.view());
  w.kv_u64("aid", o.order_id);
  w.kv("at", "CONDITIONAL");
  w.kv("o", to_text(o.spec.type));
  w.kv("s", symbols.name(o.spec.symbol));
  w.kv("S", to_text(o.spec.side));
  w.kv("ps", to_text(o.spec.position_side));
  w.kv("f", to_text(o.spec.tif));
  w.kv("q", qty_text(rules, o.spec.qty).view());
  w.kv("X", to_text(o.algo_state));
  w.kv("ai", order_id_text(o.actual_order_id).view());
  w.kv("ap", avg_text(rules, o, true).view());
  w.kv("aq", qty_text(rules, o.filled).view());
  w.kv("act", o.actual_order_id != 0 ? "MARKET" : "0");
  w.kv("tp", ws_price(rules, o.spec.stop_px).view());
  w.kv("p", ws_price(rules, o.spec.px).view());
  w.kv("V", "EXPIRE_MAKER");
  w.kv("wt", to_text(o.spec.working_type));
  w.kv("pm", "NONE");
  w.kv_bool("cp", o.spec.close_position);
  w.kv_bool("pP", o.spec.price_protect);
  w.kv_bool("R", o.spec.reduce_only || o.spec.close_position);
  w.kv_i64("tt", o.trigger_ms);
  w.kv_i64("gtd", 0);
  if (r.reason) w.kv("rm", r.reason);
  return end_event(w);
}

void write_algo_order_object(JsonWriter& w, const SimOrder& o, const SymbolTable& symbols) noexcept {
  const SymbolRules& r = symbols.rules(o.spec.symbol);
  w.begin_object();
  w.kv_u64("algoId", o.order_id);
  w.kv("clientAlgoId", o.spec.client_id.view());
  w.kv("algoType", "CONDITIONAL");
  w.kv("orderType", to_text(o.spec.type));
  w.kv("symbol", symbols.name(o.spec.symbol));
  w.kv("side", to_text(o.spec.side));
  w.kv("positionSide", to_text(o.spec.position_side));
  w.kv("timeInForce", to_text(o.spec.tif));
  w.kv("quantity", qty_text(r, o.spec.qty).view());
  w.kv("algoStatus", to_text(o.algo_state));
  w.kv("actualOrderId", order_id_text(o.actual_order_id).view());
  w.kv("actualPrice", avg_text(r, o, false).view());
  w.kv("triggerPrice", price_text(r, o.spec.stop_px).view());
  w.kv("price", price_text(r, o.spec.px).view());
  w.kv("selfTradePreventionMode", "EXPIRE_MAKER");
  w.kv("workingType", to_text(o.spec.working_type));
  w.kv("priceMatch", "NONE");
  w.kv_bool("closePosition", o.spec.close_position);
  w.kv_bool("priceProtect", o.spec.price_protect);
  w.kv_bool("reduceOnly", o.spec.reduce_only || o.spec.close_position);
  w.kv_i64("createTime", o.time_ms);
  w.kv_i64("updateTime", o.update_ms);
  w.kv_i64("triggerTime", o.trigger_ms);
  w.kv_i64("goodTillDate", 0);
  w.end_object();
}

std::size_t encode_algo_order_response(const SimOrder& o, const SymbolTable& symbols, char* buf,
                                       std::size_t cap) noexcept {
  return encode_object(write_algo_order_object, o, symbols, buf, cap);
}

}  // namespace xtb::sim::binance_usdm
