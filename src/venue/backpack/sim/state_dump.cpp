// state_dump.cpp — see state_dump.hpp.
#include "venue/backpack/sim/state_dump.hpp"

#include <vector>

#include "sim/core/decimal_text.hpp"
#include "sim/core/fixed_math.hpp"
#include "sim/core/json_writer.hpp"
#include "sim/core/state_members.hpp"

namespace xtb::sim::backpack_sim {
namespace {

constexpr PositionSide kNet = PositionSide::Both;

std::string_view neutral_status(SimStatus s) noexcept {
  return s == SimStatus::PartiallyFilled ? "PARTIALLY_FILLED" : "NEW";  // open orders only
}

std::string_view neutral_tif(TimeInForce t) noexcept {
  switch (t) {
    case TimeInForce::IOC: return "IOC";
    case TimeInForce::FOK: return "FOK";
    case TimeInForce::PostOnly: return "GTX";
    default: return "GTC";
  }
}

void write_positions(JsonWriter& w, const SimExchange& x) {
  const Account& a = x.account();
  w.key("positions");
  w.begin_array();
  for (std::size_t i = 0; i < a.symbol_count(); ++i) {
    const SymbolId s = static_cast<SymbolId>(i);
    const PositionState& p = a.position(s, kNet);
    if (p.amount == 0) continue;
    const SymbolRules& r = x.symbols().rules(s);
    w.begin_object();
    w.kv("symbol", x.symbols().name(s));
    w.kv("positionSide", "BOTH");
    w.kv("positionAmt", qty_text(r, p.amount).view());
    w.kv("entryPrice", e8_text(a.entry_price_e8(s, kNet), r.price_precision).view());
    w.kv("breakEvenPrice", e8_text(a.break_even_e8(s, kNet), r.price_precision).view());
    w.kv("markPrice", price_text(r, x.mark_price(s)).view());
    w.kv("unRealizedProfit", amount_text(a.unrealized_pnl(s, kNet)).view());
    w.kv("liquidationPrice", e8_text(a.liquidation_price_e8(s, kNet), r.price_precision).view());
    w.kv("netQuantity", qty_text(r, p.amount).view());
    w.end_object();
  }
  w.end_array();
}

void write_open_order(JsonWriter& w, const SimOrder& o, const SymbolTable& symbols) {
  const SymbolRules& r = symbols.rules(o.spec.symbol);
  w.begin_object();
  w.kv_u64("orderId", o.order_id);
  w.kv("clientOrderId", o.spec.client_id_generated ? std::string_view() : o.spec.client_id.view());
  w.kv("symbol", symbols.name(o.spec.symbol));
  w.kv("side", o.spec.side == Side::Buy ? "BUY" : "SELL");
  w.kv("positionSide", "BOTH");
  w.kv("type", o.spec.type == OrderType::Limit ? "LIMIT" : "MARKET");
  w.kv("timeInForce", neutral_tif(o.spec.tif));
  w.kv("status", neutral_status(o.status));
  w.kv("price", price_text(r, o.spec.px).view());
  w.kv("origQty", qty_text(r, o.spec.qty).view());
  w.kv("executedQty", qty_text(r, o.filled).view());
  w.kv_bool("reduceOnly", o.spec.reduce_only);
  w.end_object();
}

}  // namespace

std::string dump_state_json(const SimExchange& x) {
  std::vector<const SimOrder*> orders(x.open_order_count() + 1);
  const std::size_t n = x.open_orders(kNoSymbol, orders.data(), orders.size());
  std::string out(4096 + 1024 * x.symbols().size() + 1024 * n, '\0');
  JsonWriter w(out.data(), out.size());
  w.begin_object();
  write_account_member(w, x);  // dualSidePosition false: hedge_mode is off on this face
  write_positions(w, x);
  w.key("openOrders");
  w.begin_array();
  for (std::size_t i = 0; i < n; ++i) write_open_order(w, *orders[i], x.symbols());
  w.end_array();
  w.key("openAlgoOrders");
  w.raw("[]");  // no conditional orders on this face
  write_counters_member(w, x.counters());
  w.end_object();
  out.resize(w.finish());
  return out;
}

}  // namespace xtb::sim::backpack_sim
