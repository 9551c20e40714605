// json_encode.cpp — see json_encode.hpp.
#include "venue/backpack/sim/json_encode.hpp"

#include <cstdio>

#include "sim/core/decimal_text.hpp"
#include "sim/core/fixed_math.hpp"

namespace xtb::sim::backpack_sim {
namespace {

constexpr PositionSide kNet = PositionSide::Both;  // Backpack: one net position per market

std::string_view tif_word(TimeInForce t) noexcept {
  switch (t) {
    case TimeInForce::IOC: return "IOC";
    case TimeInForce::FOK: return "FOK";
    default: return "GTC";  // GTC and post-only (postOnly: true)
  }
}

std::string_view event_word(ExecType x) noexcept {
  switch (x) {
    case ExecType::Trade: return "orderFill";
    case ExecType::Canceled: return "orderCancelled";
    case ExecType::Expired: return "orderExpired";
    default: return "orderAccepted";
  }
}

void client_id(JsonWriter& w, std::string_view key, const SimOrder& o) noexcept {
  w.key(key);
  if (o.spec.client_id_generated || o.spec.client_id.empty())
    w.null();
  else
    w.raw(o.spec.client_id.view());  // the uint32 as sent (digits only: order_parse checks)
}

void order_id(JsonWriter& w, std::string_view key, std::uint64_t id) noexcept {
  char buf[24];
  const int n = std::snprintf(buf, sizeof buf, "%llu", static_cast<unsigned long long>(id));
  w.kv(key, std::string_view(buf, n > 0 ? static_cast<std::size_t>(n) : 0));
}

std::int64_t mark_or_mid(const SimExchange& x, SymbolId s) noexcept {
  const Price m = x.mark_price(s);
  if (m != 0 || x.market(s) == nullptr) return m;
  return x.market(s)->mid_x2() / 2;
}

}  // namespace

std::string_view status_word(SimStatus s) noexcept {
  switch (s) {
    case SimStatus::PartiallyFilled: return "PartiallyFilled";
    case SimStatus::Filled: return "Filled";
    case SimStatus::Canceled: return "Cancelled";
    case SimStatus::Expired: return "Expired";
    default: return "New";
  }
}

std::string_view side_word(Side s) noexcept { return s == Side::Buy ? "Bid" : "Ask"; }

void write_order(JsonWriter& w, const SimOrder& o, const SymbolTable& symbols) noexcept {
  const SymbolRules& r = symbols.rules(o.spec.symbol);
  const bool limit = o.spec.type == OrderType::Limit;
  w.begin_object();
  client_id(w, "clientId", o);
  w.kv_i64("createdAt", o.time_ms);
  w.kv("executedQuantity", qty_text(r, o.filled).view());
  w.kv("executedQuoteQuantity", amount_text(o.cum_quote).view());
  w.key("expiryReason");
  w.null();
  order_id(w, "id", o.order_id);
  w.kv("orderType", limit ? "Limit" : "Market");
  w.kv_bool("postOnly", o.spec.tif == TimeInForce::PostOnly);
  w.key("price");
  if (limit)
    w.str(price_text(r, o.spec.px).view());
  else
    w.null();
  w.kv("quantity", qty_text(r, o.spec.qty).view());
  w.kv_bool("reduceOnly", o.spec.reduce_only);
  w.kv("selfTradePrevention", "RejectTaker");
  w.kv("side", side_word(o.spec.side));
  w.kv("status", status_word(o.status));
  w.kv("symbol", symbols.name(o.spec.symbol));
  w.kv("timeInForce", tif_word(o.spec.tif));
  for (const char* k : {"triggerBy", "triggerPrice", "triggerQuantity", "triggeredAt"}) {
    w.key(k);
    w.null();
  }
  w.end_object();
}

void write_order_event(JsonWriter& w, const OrderUpdateReport& rep, const SymbolTable& symbols,
                       std::string_view fee_asset) noexcept {
  const SimOrder& o = rep.order;
  const SymbolRules& r = symbols.rules(o.spec.symbol);
  w.begin_object();
  w.kv("e", event_word(rep.exec));
  w.kv_i64("E", rep.event_ms * 1000);
  w.kv("s", symbols.name(o.spec.symbol));
  client_id(w, "c", o);
  w.kv("S", side_word(o.spec.side));
  w.kv("o", o.spec.type == OrderType::Limit ? "LIMIT" : "MARKET");
  w.kv("f", tif_word(o.spec.tif));
  w.kv("q", qty_text(r, o.spec.qty).view());
  if (o.spec.type == OrderType::Limit) w.kv("p", price_text(r, o.spec.px).view());
  w.kv("X", status_word(o.status));
  order_id(w, "i", o.order_id);
  w.kv("z", qty_text(r, o.filled).view());
  w.kv("Z", amount_text(o.cum_quote).view());
  w.kv_bool("r", o.spec.reduce_only);
  w.kv("O", "USER");
  w.kv("V", "RejectTaker");
  if (rep.exec == ExecType::Trade) {
    w.kv_u64("t", rep.trade_id);
    w.kv("l", qty_text(r, rep.last_qty).view());
    w.kv("L", price_text(r, rep.last_px).view());
    w.kv_bool("m", rep.maker);
    w.kv("n", amount_text(rep.commission).view());
    w.kv("N", fee_asset);
  }
  w.kv_i64("T", rep.txn_ms * 1000);
  w.end_object();
}

void write_position(JsonWriter& w, const SimExchange& x, SymbolId s) noexcept {
  const Account& a = x.account();
  const SymbolRules& r = x.symbols().rules(s);
  const PositionState& p = a.position(s, kNet);
  const Amount cost = p.amount < 0 ? -p.cost : p.cost;
  const Amount exposure = a.position_notional(s, kNet);
  w.begin_object();
  w.kv("breakEvenPrice", e8_text(a.break_even_e8(s, kNet), r.price_precision).view());
  w.kv("entryPrice", e8_text(a.entry_price_e8(s, kNet), r.price_precision).view());
  w.kv("estLiquidationPrice", e8_text(a.liquidation_price_e8(s, kNet), r.price_precision).view());
  w.kv("imf", e8_text(kAmountScale / a.symbol(s).leverage, 2).view());
  w.kv("markPrice", price_text(r, mark_or_mid(x, s)).view());
  w.kv(
      "mmf",
      e8_text(exposure ? static_cast<std::int64_t>(mul_div_round(a.maintenance_margin(s, kNet), kAmountScale, exposure))
                       : 0,
              2)
          .view());
  w.kv("netCost", amount_text(cost).view());
  w.kv("netExposureNotional", amount_text(exposure).view());
  w.kv("netExposureQuantity", qty_text(r, p.amount < 0 ? -p.amount : p.amount).view());
  w.kv("netQuantity", qty_text(r, p.amount).view());
  w.kv("pnlRealized", amount_text(p.cum_realized).view());
  w.kv("pnlUnrealized", amount_text(a.unrealized_pnl(s, kNet)).view());
  order_id(w, "positionId", 1000 + s);
  w.key("subaccountId");
  w.null();
  w.kv("symbol", x.symbols().name(s));
  w.kv_i64("userId", 1);
  w.end_object();
}

void write_position_event(JsonWriter& w, const SimExchange& x, SymbolId s, std::string_view event,
                          EpochMs now_ms) noexcept {
  const Account& a = x.account();
  const SymbolRules& r = x.symbols().rules(s);
  const PositionState& p = a.position(s, kNet);
  w.begin_object();
  w.kv("e", event);
  w.kv_i64("E", now_ms * 1000);
  w.kv("s", x.symbols().name(s));
  w.kv("q", qty_text(r, p.amount).view());
  w.kv("Q", qty_text(r, p.amount < 0 ? -p.amount : p.amount).view());
  w.kv("B", e8_text(a.entry_price_e8(s, kNet), r.price_precision).view());
  w.kv("b", e8_text(a.break_even_e8(s, kNet), r.price_precision).view());
  w.kv("M", price_text(r, mark_or_mid(x, s)).view());
  w.kv("P", amount_text(a.unrealized_pnl(s, kNet)).view());
  w.kv("p", amount_text(p.cum_realized).view());
  w.kv("n", amount_text(a.position_notional(s, kNet)).view());
  order_id(w, "i", 1000 + s);
  w.kv("l", "0");
  w.kv_i64("T", now_ms * 1000);
  w.end_object();
}

}  // namespace xtb::sim::backpack_sim
