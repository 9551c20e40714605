// rest_account.cpp — BackpackFace's account reads (backpack_face.hpp).
// Sources: https://docs.backpack.exchange/#tag/Futures/operation/get_positions,
// #tag/Capital/operation/get_balances, #tag/Capital/operation/get_collateral,
// #tag/History/operation/get_fills (copies in ../shared/venue-docs/backpack/endpoints/private/:
// get_open_positions.md, get_balances.md, get_collateral.md, get_fill_history.md).
//   GET /api/v1/position           positionQuery   open (non-zero) net positions
//                                                  (json_encode.hpp write_position), ?symbol
//   GET /api/v1/capital            balanceQuery    {"USDC":{"available","locked","staked":"0"}}:
//                                                  available = the core's available balance
//                                                  (≥ 0), locked = wallet − available (≥ 0)
//   GET /api/v1/capital/collateral collateralQuery  netEquity = wallet + unrealized PnL,
//                                                  netEquityAvailable = available, one
//                                                  collateral row (USDC, weight 1)
//   GET /wapi/v1/history/fills     fillHistoryQueryAll  the fill ledger: ?symbol, ?orderId,
//                                                  limit (default 100, ≤ 1000), offset; oldest first
#include <cstdio>
#include <ctime>

#include "sim/core/decimal_text.hpp"
#include "venue/backpack/sim/backpack_face.hpp"
#include "venue/backpack/sim/json_encode.hpp"
#include "venue/backpack/sim/sim_errors.hpp"

namespace xtb::sim::backpack_sim {
namespace {

constexpr PositionSide kNet = PositionSide::Both;

struct Totals {
  Amount wallet = 0, available = 0, locked = 0, upnl = 0, exposure = 0;
};

Totals totals(const SimExchange& x) noexcept {
  const Account& a = x.account();
  Totals t;
  t.wallet = a.wallet();
  const Amount avail = a.available_balance(0);
  t.available = avail > 0 ? avail : 0;
  t.locked = t.wallet > t.available ? t.wallet - t.available : 0;
  for (std::size_t i = 0; i < a.symbol_count(); ++i) {
    t.upnl += a.unrealized_pnl(static_cast<SymbolId>(i), kNet);
    t.exposure += a.position_notional(static_cast<SymbolId>(i), kNet);
  }
  return t;
}

// "2025-07-27T17:39:00.092" (UTC, ms), the fills history's timestamp form.
void iso_ms(char (&out)[64], EpochMs ms) noexcept {
  const std::time_t s = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&s, &tm);
  std::snprintf(out, sizeof out, "%04d-%02d-%02dT%02d:%02d:%02d.%03d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000));
}

bool read_count(std::string_view t, std::size_t& v) noexcept {
  v = 0;
  if (t.empty() || t.size() > 18) return false;
  for (char ch : t) {
    if (ch < '0' || ch > '9') return false;
    v = v * 10 + static_cast<std::size_t>(ch - '0');
  }
  return true;
}

void write_fill(JsonWriter& w, const FillRecord& f, const SymbolTable& symbols, std::string_view asset) noexcept {
  const SymbolRules& r = symbols.rules(f.symbol);
  char ts[64];
  iso_ms(ts, f.time_ms);
  w.begin_object();
  w.key("clientId");
  if (f.client_id.empty())
    w.null();
  else
    w.raw(f.client_id.view());  // the uint32 clientId, a JSON number
  w.kv("fee", amount_text(f.fee).view());
  w.kv("feeSymbol", asset);
  w.kv_bool("isMaker", f.maker);
  char id[24];
  const int n = std::snprintf(id, sizeof id, "%llu", static_cast<unsigned long long>(f.order_id));
  w.kv("orderId", std::string_view(id, n > 0 ? static_cast<std::size_t>(n) : 0));
  w.kv("price", price_text(r, f.px).view());
  w.kv("quantity", qty_text(r, f.qty).view());
  w.kv("side", side_word(f.side));
  w.kv("symbol", symbols.name(f.symbol));
  w.key("systemOrderType");
  w.null();
  w.kv("timestamp", ts);
  w.kv_u64("tradeId", f.trade_id);
  w.end_object();
}

}  // namespace

void BackpackFace::h_positions(server::ServerSession& s, const Call& c) {
  SymbolId only = kNoSymbol;
  if (c.p.has("symbol") && (only = symbol_param(s, c, true)) == kNoSymbol) return;
  const Account& a = exchange_->account();
  JsonWriter w = writer();
  w.begin_array();
  for (std::size_t i = 0; i < a.symbol_count(); ++i) {
    const SymbolId id = static_cast<SymbolId>(i);
    if ((only != kNoSymbol && id != only) || a.position(id, kNet).amount == 0) continue;
    write_position(w, *exchange_, id);
  }
  w.end_array();
  send_writer(s, w);
}

void BackpackFace::h_capital(server::ServerSession& s, const Call&) {
  const Totals t = totals(*exchange_);
  JsonWriter w = writer();
  w.begin_object();
  w.key(symbols_.asset_name(exchange_->account().asset()));
  w.begin_object();
  w.kv("available", amount_text(t.available).view());
  w.kv("locked", amount_text(t.locked).view());
  w.kv("staked", "0");
  w.end_object();
  w.end_object();
  send_writer(s, w);
}

void BackpackFace::h_collateral(server::ServerSession& s, const Call&) {
  const Totals t = totals(*exchange_);
  const DecimalText wallet = amount_text(t.wallet), equity = amount_text(t.wallet + t.upnl);
  JsonWriter w = writer();
  w.begin_object();
  w.kv("assetsValue", wallet.view());
  w.kv("borrowLiability", "0");
  w.key("collateral");
  w.begin_array();
  w.begin_object();
  w.kv("symbol", symbols_.asset_name(exchange_->account().asset()));
  w.kv("assetMarkPrice", "1");
  w.kv("totalQuantity", wallet.view());
  w.kv("balanceNotional", wallet.view());
  w.kv("collateralWeight", "1");
  w.kv("collateralValue", wallet.view());
  w.kv("openOrderQuantity", "0");
  w.kv("lendQuantity", "0");
  w.kv("availableQuantity", amount_text(t.available).view());
  w.end_object();
  w.end_array();
  w.kv("liabilitiesValue", "0");
  w.kv("netEquity", equity.view());
  w.kv("netEquityAvailable", amount_text(t.available).view());
  w.kv("netEquityLocked", amount_text(t.locked).view());
  w.kv("netExposureFutures", amount_text(t.exposure).view());
  w.kv("pnlUnrealized", amount_text(t.upnl).view());
  w.kv("unsettledEquity", amount_text(t.upnl).view());
  w.end_object();
  send_writer(s, w);
}

void BackpackFace::h_fills(server::ServerSession& s, const Call& c) {
  SymbolId only = kNoSymbol;
  if (c.p.has("symbol") && (only = symbol_param(s, c, true)) == kNoSymbol) return;
  std::size_t limit = 100, offset = 0, order = 0;
  const bool by_order = c.p.has("orderId");
  if ((c.p.has("limit") && (!read_count(c.p.get("limit"), limit) || limit == 0 || limit > 1000)) ||
      (c.p.has("offset") && !read_count(c.p.get("offset"), offset)) ||
      (by_order && !read_count(c.p.get("orderId"), order)))
    return send_error(s,
                      face_reject(backpack::BackpackError::InvalidClientRequest, "Invalid limit, offset or orderId"));
  const std::string_view asset = symbols_.asset_name(exchange_->account().asset());
  JsonWriter w = writer();
  w.begin_array();
  std::size_t skipped = 0, listed = 0;
  for (const FillRecord& f : exchange_->ledger().rows()) {
    if ((only != kNoSymbol && f.symbol != only) || (by_order && f.order_id != order)) continue;
    if (skipped++ < offset) continue;
    if (listed++ == limit) break;
    write_fill(w, f, symbols_, asset);
  }
  w.end_array();
  send_writer(s, w);
}

}  // namespace xtb::sim::backpack_sim
