// rest_account.cpp — account, position and user-stream endpoints of the simulated venue
// (rest_api.hpp). Shapes: fixtures http/position_risk.json, balance.json,
// account_info_v2.json, http_futures_account_position_side_dual.json,
// http_futures_wallet_commission_rate_btcusdt.json and the endpoint pages
// get_fapi_v3_positionrisk.md, get_fapi_v1_leveragebracket.md, post_fapi_v1_leverage.md.
// The v3 account answer uses the v2 shape (a superset of the fields clients read).
#include <charconv>
#include <cstdio>
#include <cstring>

#include "sim/core/fixed_math.hpp"
#include "venue/binance/sim/enum_text.hpp"
#include "venue/binance/sim/json_encode.hpp"
#include "venue/binance/sim/rest_api.hpp"
#include "venue/binance/sim/state_dump.hpp"

namespace xtb::sim::binance_usdm {
namespace {

constexpr PositionSide kSides[] = {PositionSide::Both, PositionSide::Long, PositionSide::Short};

bool side_in_mode(bool hedge, PositionSide ps) noexcept { return hedge == (ps != PositionSide::Both); }

// Largest notional the leverage allows (post_fapi_v1_leverage.md maxNotionalValue).
Amount max_notional(const BracketTable& t, std::uint16_t leverage) noexcept {
  Amount cap = 0;
  for (std::size_t i = 0; i < t.size(); ++i)
    if (t[i].max_leverage >= leverage) cap = t[i].cap;
  return cap;
}

// Whole units of a 1e-8 amount, for the integer fields of leverageBracket.
std::int64_t units(Amount a) noexcept { return a / kAmountScale; }

struct Totals {
  Amount upnl = 0, cross_upnl = 0, position_im = 0, order_im = 0, maint = 0;
};

// Position and open-order margin totals of the account answer. Open orders count when
// they can increase a position (the exchange's -2019 rule).
Totals account_totals(const sim::SimExchange& x, std::vector<const SimOrder*>& rows) noexcept {
  const Account& a = x.account();
  Totals t;
  for (std::size_t i = 0; i < x.symbols().size(); ++i) {
    const SymbolId s = static_cast<SymbolId>(i);
    if (x.market(s) == nullptr) continue;
    for (PositionSide ps : kSides) {
      if (a.position(s, ps).amount == 0) continue;
      const Amount u = a.unrealized_pnl(s, ps);
      t.upnl += u;
      if (!a.symbol(s).isolated) t.cross_upnl += u;
      t.position_im += a.initial_margin(s, a.position_notional(s, ps));
      t.maint += a.maintenance_margin(s, ps);
    }
  }
  const std::size_t n_open = x.open_orders(kNoSymbol, rows.data(), rows.size());
  for (std::size_t i = 0; i < n_open; ++i) {
    const SimOrder& o = *rows[i];
    if (o.reducing()) continue;
    const Price px = o.spec.px != 0 ? o.spec.px : o.spec.stop_px;
    t.order_im += a.initial_margin(o.spec.symbol, notional(x.symbols().rules(o.spec.symbol), px, o.remaining()));
  }
  return t;
}

// The single margin-asset row of the account answer's "assets" array.
void write_account_asset(JsonWriter& w, const sim::SimExchange& x, const Totals& t, Amount avail,
                         EpochMs now) noexcept {
  const Account& a = x.account();
  w.begin_object();
  w.kv("asset", x.symbols().asset_name(a.asset()));
  w.kv("walletBalance", amount_text(a.wallet()).view());
  w.kv("unrealizedProfit", amount_text(t.upnl).view());
  w.kv("marginBalance", amount_text(a.wallet() + t.upnl).view());
  w.kv("maintMargin", amount_text(t.maint).view());
  w.kv("initialMargin", amount_text(t.position_im + t.order_im).view());
  w.kv("positionInitialMargin", amount_text(t.position_im).view());
  w.kv("openOrderInitialMargin", amount_text(t.order_im).view());
  w.kv("crossWalletBalance", amount_text(a.cross_wallet()).view());
  w.kv("crossUnPnl", amount_text(t.cross_upnl).view());
  w.kv("availableBalance", amount_text(avail).view());
  w.kv("maxWithdrawAmount", amount_text(avail > 0 ? avail : 0).view());
  w.kv_bool("marginAvailable", true);
  w.kv_i64("updateTime", now);
  w.end_object();
}

// The account answer's "positions" rows: every side of the position mode, flat ones too.
void write_account_positions(JsonWriter& w, const sim::SimExchange& x) noexcept {
  const Account& a = x.account();
  for (std::size_t i = 0; i < x.symbols().size(); ++i) {
    const SymbolId s = static_cast<SymbolId>(i);
    if (x.market(s) == nullptr) continue;
    const SymbolRules& r = x.symbols().rules(s);
    const SymbolAccount& sa = a.symbol(s);
    for (PositionSide ps : kSides) {
      if (!side_in_mode(a.hedge_mode(), ps)) continue;
      const PositionState& p = a.position(s, ps);
      const Amount im = p.amount == 0 ? 0 : a.initial_margin(s, a.position_notional(s, ps));
      w.begin_object();
      w.kv("symbol", x.symbols().name(s));
      w.kv("initialMargin", amount_text(im).view());
      w.kv("maintMargin", amount_text(p.amount == 0 ? 0 : a.maintenance_margin(s, ps)).view());
      w.kv("unrealizedProfit", amount_text(a.unrealized_pnl(s, ps)).view());
      w.kv("positionInitialMargin", amount_text(im).view());
      w.kv("openOrderInitialMargin", "0");
      w.kv("leverage", e8_text(static_cast<std::int64_t>(sa.leverage) * kAmountScale, 0).view());
      w.kv_bool("isolated", sa.isolated);
      w.kv("entryPrice", e8_text(a.entry_price_e8(s, ps), r.price_precision).view());
      w.kv("maxNotional", e8_text(max_notional(a.brackets(s), sa.leverage), 0).view());
      w.kv("bidNotional", "0");
      w.kv("askNotional", "0");
      w.kv("positionSide", to_text(ps));
      w.kv("positionAmt", qty_text(r, p.amount).view());
      w.kv_i64("updateTime", p.update_ms);
      w.end_object();
    }
  }
}

}  // namespace

RestAnswer RestApi::position_risk_v2(const RestCall& c) {
  SymbolId s = kNoSymbol;
  if (c.p.has("symbol")) {
    RestAnswer err;
    if ((s = simulated(c.p.get("symbol"), err)) == kNoSymbol) return err;
  }
  return ok(position_risk_json(x_, s));  // cold-path allocation (state_dump.hpp)
}

RestAnswer RestApi::position_risk_v3(const RestCall& c) {
  SymbolId only = kNoSymbol;
  if (c.p.has("symbol")) {
    RestAnswer err;
    if ((only = simulated(c.p.get("symbol"), err)) == kNoSymbol) return err;
  }
  const Account& a = x_.account();
  JsonWriter w(scratch_.get(), kScratchBytes);
  w.begin_array();
  for (std::size_t i = 0; i < x_.symbols().size(); ++i) {
    const SymbolId s = static_cast<SymbolId>(i);
    if ((only != kNoSymbol && s != only) || x_.market(s) == nullptr) continue;
    const bool has_orders = x_.open_orders(s, rows_.data(), 1) > 0;
    for (PositionSide ps : kSides) {
      const PositionState& p = a.position(s, ps);
      // "Only symbols that have positions or open orders will be returned".
      if (!side_in_mode(a.hedge_mode(), ps) || (p.amount == 0 && !has_orders)) continue;
      const SymbolRules& r = x_.symbols().rules(s);
      const Amount notional = a.position_notional(s, ps);
      const Amount im = p.amount == 0 ? 0 : a.initial_margin(s, notional);
      w.begin_object();
      w.kv("symbol", x_.symbols().name(s));
      w.kv("positionSide", to_text(ps));
      w.kv("positionAmt", qty_text(r, p.amount).view());
      w.kv("entryPrice", e8_text(a.entry_price_e8(s, ps), r.price_precision).view());
      w.kv("breakEvenPrice", e8_text(a.break_even_e8(s, ps), r.price_precision).view());
      w.kv("markPrice", amount_text(static_cast<Amount>(price_to_e8(r, x_.mark_price(s)))).view());
      w.kv("unRealizedProfit", amount_text(a.unrealized_pnl(s, ps)).view());
      w.kv("liquidationPrice", e8_text(a.liquidation_price_e8(s, ps), r.price_precision).view());
      w.kv("isolatedMargin", amount_text(p.isolated_wallet + (a.symbol(s).isolated ? a.unrealized_pnl(s, ps) : 0)).view());
      w.kv("notional", amount_text(p.amount < 0 ? -notional : notional).view());
      w.kv("marginAsset", x_.symbols().asset_name(a.asset()));
      w.kv("isolatedWallet", amount_text(p.isolated_wallet).view());
      w.kv("initialMargin", amount_text(im).view());
      w.kv("maintMargin", amount_text(p.amount == 0 ? 0 : a.maintenance_margin(s, ps)).view());
      w.kv("positionInitialMargin", amount_text(im).view());
      w.kv("openOrderInitialMargin", "0");
      w.kv_i64("adl", 0);
      w.kv("bidNotional", "0");
      w.kv("askNotional", "0");
      w.kv_i64("updateTime", p.update_ms);
      w.end_object();
    }
  }
  w.end_array();
  return ok(w.finish());
}

RestAnswer RestApi::balance(const RestCall& c) {
  JsonWriter w(scratch_.get(), kScratchBytes);
  w.begin_array();
  write_balance_row(w, x_, c.now);
  w.end_array();
  return ok(w.finish());
}

RestAnswer RestApi::account(const RestCall& c) {
  const Account& a = x_.account();
  const Totals t = account_totals(x_, rows_);
  const Amount avail = a.available_balance(t.order_im);
  JsonWriter w(scratch_.get(), kScratchBytes);
  w.begin_object();  // account_info_v2.json order
  w.kv_i64("feeTier", 0);
  w.kv_bool("canTrade", true);
  w.kv_bool("canDeposit", true);
  w.kv_bool("canWithdraw", true);
  w.kv_i64("updateTime", 0);
  w.kv_bool("multiAssetsMargin", false);
  w.kv_i64("tradeGroupId", -1);
  w.kv("totalInitialMargin", amount_text(t.position_im + t.order_im).view());
  w.kv("totalMaintMargin", amount_text(t.maint).view());
  w.kv("totalWalletBalance", amount_text(a.wallet()).view());
  w.kv("totalUnrealizedProfit", amount_text(t.upnl).view());
  w.kv("totalMarginBalance", amount_text(a.wallet() + t.upnl).view());
  w.kv("totalPositionInitialMargin", amount_text(t.position_im).view());
  w.kv("totalOpenOrderInitialMargin", amount_text(t.order_im).view());
  w.kv("totalCrossWalletBalance", amount_text(a.cross_wallet()).view());
  w.kv("totalCrossUnPnl", amount_text(t.cross_upnl).view());
  w.kv("availableBalance", amount_text(avail).view());
  w.kv("maxWithdrawAmount", amount_text(avail > 0 ? avail : 0).view());
  w.key("assets");
  w.begin_array();
  write_account_asset(w, x_, t, avail, c.now);
  w.end_array();
  w.key("positions");
  w.begin_array();
  write_account_positions(w, x_);
  w.end_array();
  w.end_object();
  return ok(w.finish());
}

RestAnswer RestApi::leverage(const RestCall& c) {
  RestAnswer err;
  const SymbolId s = simulated(c.p.get("symbol"), err);
  if (s == kNoSymbol) return err;
  const std::string_view text = c.p.get("leverage");
  std::int64_t lev = 0;
  const auto r = std::from_chars(text.data(), text.data() + text.size(), lev);
  if (text.empty() || r.ec != std::errc{} || r.ptr != text.data() + text.size())
    return error(400, -1102, "Mandatory parameter 'leverage' was not sent, was empty/null, or malformed.");
  const Reject rej = x_.set_leverage(c.p.get("symbol"), lev);
  if (!rej.ok()) return error(400, rej);
  const Account& a = x_.account();
  JsonWriter w(scratch_.get(), kScratchBytes);
  w.begin_object();
  w.kv_i64("leverage", lev);
  w.kv("maxNotionalValue", e8_text(max_notional(a.brackets(s), a.symbol(s).leverage), 0).view());
  w.kv("symbol", x_.symbols().name(s));
  w.end_object();
  return ok(w.finish());
}

RestAnswer RestApi::margin_type(const RestCall& c) {
  RestAnswer err;
  if (simulated(c.p.get("symbol"), err) == kNoSymbol) return err;
  const std::string_view mt = c.p.get("marginType");
  if (mt != "ISOLATED" && mt != "CROSSED") return error(400, -1130, "Data sent for parameter 'marginType' is not valid.");
  const Reject rej = x_.set_margin_type(c.p.get("symbol"), mt == "ISOLATED");
  if (!rej.ok()) return error(400, rej);
  return ok(std::string_view("{\"code\":200,\"msg\":\"success\"}"));
}

RestAnswer RestApi::position_mode_get(const RestCall&) {
  return ok(x_.account().hedge_mode() ? std::string_view("{\"dualSidePosition\":true}")
                                      : std::string_view("{\"dualSidePosition\":false}"));
}

RestAnswer RestApi::position_mode_set(const RestCall& c) {
  const std::string_view v = c.p.get("dualSidePosition");
  if (v != "true" && v != "false")
    return error(400, -1102, "Mandatory parameter 'dualSidePosition' was not sent, was empty/null, or malformed.");
  const Reject rej = x_.set_position_mode(v == "true");
  if (!rej.ok()) return error(400, rej);
  return ok(std::string_view("{\"code\":200,\"msg\":\"success\"}"));
}

RestAnswer RestApi::leverage_bracket(const RestCall& c) {
  SymbolId only = kNoSymbol;
  if (c.p.has("symbol")) {
    RestAnswer err;
    if ((only = simulated(c.p.get("symbol"), err)) == kNoSymbol) return err;
  }
  JsonWriter w(scratch_.get(), kScratchBytes);
  if (only == kNoSymbol) w.begin_array();
  for (std::size_t i = 0; i < x_.symbols().size(); ++i) {
    const SymbolId s = static_cast<SymbolId>(i);
    if ((only != kNoSymbol && s != only) || x_.market(s) == nullptr) continue;
    const BracketTable& t = x_.account().brackets(s);
    w.begin_object();
    w.kv("symbol", x_.symbols().name(s));
    w.key("brackets");
    w.begin_array();
    for (std::size_t b = 0; b < t.size(); ++b) {
      const Bracket& k = t[b];
      w.begin_object();
      w.kv_u64("bracket", b + 1);
      w.kv_i64("initialLeverage", k.max_leverage);
      w.kv_i64("notionalCap", units(k.cap));
      w.kv_i64("notionalFloor", units(k.floor));
      w.key("maintMarginRatio");
      w.raw(e8_text(k.mmr_e8, 1).view());
      w.key("cum");
      w.raw(e8_text(k.cum, 1).view());
      w.end_object();
    }
    w.end_array();
    w.end_object();
  }
  if (only == kNoSymbol) w.end_array();
  return ok(w.finish());
}

RestAnswer RestApi::commission_rate(const RestCall& c) {
  RestAnswer err;
  const SymbolId s = simulated(c.p.get("symbol"), err);
  if (s == kNoSymbol) return err;
  JsonWriter w(scratch_.get(), kScratchBytes);
  w.begin_object();
  w.kv("symbol", x_.symbols().name(s));
  w.kv("makerCommissionRate", e8_text(x_.config().maker_fee_e8, 4).view());
  w.kv("takerCommissionRate", e8_text(x_.config().taker_fee_e8, 4).view());
  w.end_object();
  return ok(w.finish());
}

RestAnswer RestApi::listen_key_new(const RestCall& c) {
  const std::string_view key = user_.create(c.now);
  const int n = std::snprintf(scratch_.get(), kScratchBytes, "{\"listenKey\":\"%.*s\"}", static_cast<int>(key.size()),
                              key.data());
  return ok(static_cast<std::size_t>(n));
}

RestAnswer RestApi::listen_key_keepalive(const RestCall& c) {
  if (!user_.keepalive(c.now))
    return error(400, -1125, "This listenKey does not exist. Please use `POST /fapi/v1/listenKey` to recreate `listenKey`");
  const std::string_view key = user_.active_key();
  const int n = std::snprintf(scratch_.get(), kScratchBytes, "{\"listenKey\":\"%.*s\"}", static_cast<int>(key.size()),
                              key.data());
  return ok(static_cast<std::size_t>(n));
}

RestAnswer RestApi::listen_key_close(const RestCall& c) {
  if (!user_.remove(c.now))
    return error(400, -1125, "This listenKey does not exist. Please use `POST /fapi/v1/listenKey` to recreate `listenKey`");
  return ok(std::string_view("{}"));
}

}  // namespace xtb::sim::binance_usdm
