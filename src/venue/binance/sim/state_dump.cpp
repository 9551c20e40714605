// state_dump.cpp — see state_dump.hpp.
#include "venue/binance/sim/state_dump.hpp"

#include <vector>

#include "sim/core/state_members.hpp"
#include "sim/core/fixed_math.hpp"
#include "venue/binance/sim/enum_text.hpp"
#include "venue/binance/sim/json_encode.hpp"

namespace xtb::sim::binance_usdm {
namespace {

constexpr PositionSide kSides[] = {PositionSide::Both, PositionSide::Long, PositionSide::Short};

// Largest position notional the current leverage allows (positionRisk maxNotionalValue).
Amount max_notional(const BracketTable& t, std::uint16_t leverage) noexcept {
  Amount cap = 0;
  for (std::size_t i = 0; i < t.size(); ++i)
    if (t[i].max_leverage >= leverage) cap = t[i].cap;
  return cap;
}

bool side_in_mode(bool hedge, PositionSide ps) noexcept { return hedge == (ps != PositionSide::Both); }

}  // namespace

void write_position_risk_row(JsonWriter& w, const sim::SimExchange& x, SymbolId s, PositionSide ps) noexcept {
  const Account& a = x.account();
  const SymbolRules& r = x.symbols().rules(s);
  const SymbolAccount& sa = a.symbol(s);
  const PositionState& p = a.position(s, ps);
  const Price mark = x.mark_price(s);
  w.begin_object();
  w.kv("symbol", x.symbols().name(s));
  w.kv("positionSide", to_text(ps));
  w.kv("positionAmt", qty_text(r, p.amount).view());
  w.kv("entryPrice", e8_text(a.entry_price_e8(s, ps), r.price_precision).view());
  w.kv("breakEvenPrice", e8_text(a.break_even_e8(s, ps), r.price_precision).view());
  w.kv("markPrice", amount_text(static_cast<std::int64_t>(price_to_e8(r, mark))).view());
  w.kv("unRealizedProfit", amount_text(a.unrealized_pnl(s, ps)).view());
  w.kv("liquidationPrice", e8_text(a.liquidation_price_e8(s, ps), r.price_precision).view());
  w.kv("leverage", e8_text(static_cast<std::int64_t>(sa.leverage) * kAmountScale, 0).view());
  w.kv("maxNotionalValue", e8_text(max_notional(a.brackets(s), sa.leverage), 0).view());
  w.kv("marginType", sa.isolated ? "isolated" : "cross");
  w.kv("isolatedMargin", amount_text(p.isolated_wallet + (sa.isolated ? a.unrealized_pnl(s, ps) : 0)).view());
  w.kv("isAutoAddMargin", "false");
  const Amount n = a.position_notional(s, ps);
  w.kv("notional", amount_text(p.amount < 0 ? -n : n).view());
  w.kv("isolatedWallet", amount_text(p.isolated_wallet).view());
  w.kv_i64("updateTime", p.update_ms);
  w.end_object();
}

void write_balance_row(JsonWriter& w, const sim::SimExchange& x, EpochMs now) noexcept {
  const Account& a = x.account();
  Amount cross_upnl = 0;
  for (std::size_t i = 0; i < a.symbol_count(); ++i) {
    const SymbolId s = static_cast<SymbolId>(i);
    if (a.symbol(s).isolated) continue;
    for (PositionSide ps : kSides) cross_upnl += a.unrealized_pnl(s, ps);
  }
  w.begin_object();
  w.kv("accountAlias", "SimX");
  w.kv("asset", x.symbols().asset_name(a.asset()));
  w.kv("balance", amount_text(a.wallet()).view());
  w.kv("crossWalletBalance", amount_text(a.cross_wallet()).view());
  w.kv("crossUnPnl", amount_text(cross_upnl).view());
  const Amount avail = a.available_balance(0);
  w.kv("availableBalance", amount_text(avail).view());
  w.kv("maxWithdrawAmount", amount_text(avail > 0 ? avail : 0).view());
  w.kv_bool("marginAvailable", true);
  w.kv_i64("updateTime", now);
  w.end_object();
}

std::string position_risk_json(const sim::SimExchange& x, SymbolId s) {
  const bool hedge = x.account().hedge_mode();
  std::string out(256 + 1024 * 3 * x.symbols().size(), '\0');
  JsonWriter w(out.data(), out.size());
  w.begin_array();
  for (std::size_t i = 0; i < x.symbols().size(); ++i) {
    const SymbolId sym = static_cast<SymbolId>(i);
    if ((s != kNoSymbol && sym != s) || !x.market(sym)) continue;
    for (PositionSide ps : kSides)
      if (side_in_mode(hedge, ps)) write_position_risk_row(w, x, sym, ps);
  }
  w.end_array();
  out.resize(w.finish());
  return out;
}

std::string dump_state_json(const sim::SimExchange& x) {
  const Account& a = x.account();
  std::vector<const SimOrder*> orders(x.open_order_count() + 1);
  const std::size_t n_orders = x.open_orders(kNoSymbol, orders.data(), orders.size());
  std::string out(4096 + 1024 * 3 * x.symbols().size() + 1024 * n_orders, '\0');
  JsonWriter w(out.data(), out.size());
  w.begin_object();
  write_account_member(w, x);
  w.key("positions");
  w.begin_array();
  for (std::size_t i = 0; i < a.symbol_count(); ++i)
    for (PositionSide ps : kSides)
      if (a.position(static_cast<SymbolId>(i), ps).amount != 0) write_position_risk_row(w, x, static_cast<SymbolId>(i), ps);
  w.end_array();
  w.key("openOrders");
  w.begin_array();
  for (std::size_t i = 0; i < n_orders; ++i) write_order_object(w, *orders[i], x.symbols());
  w.end_array();
  const std::size_t n_algo = x.open_orders(kNoSymbol, orders.data(), orders.size(), true);
  w.key("openAlgoOrders");
  w.begin_array();
  for (std::size_t i = 0; i < n_algo; ++i) write_algo_order_object(w, *orders[i], x.symbols());
  w.end_array();
  write_counters_member(w, x.counters());
  w.end_object();
  out.resize(w.finish());
  return out;
}

}  // namespace xtb::sim::binance_usdm
