// rest_history.cpp — the account's history, from the exchange's fill ledger (FillLedger,
// every fill in execution order): GET /fapi/v1/userTrades (ccxt fetchMyTrades), GET
// /fapi/v1/income (REALIZED_PNL and COMMISSION rows; the simulator has no funding or
// transfers) and GET /fapi/v1/multiAssetsMargin (always single-asset mode).
// Sources: venue-docs/binance/usdm/endpoints/private/get_fapi_v1_usertrades.md,
// get_fapi_v1_income.md, get_fapi_v1_multiassetsmargin.md (parameters, limits, shapes).
// Threads: server thread. Answers are built in the scratch buffer (lists allocate nothing).
#include <charconv>
#include <cstdint>

#include "sim/core/fixed_math.hpp"
#include "venue/binance/sim/json_encode.hpp"
#include "venue/binance/sim/rest_api.hpp"

namespace xtb::sim::binance_usdm {
namespace {

constexpr EpochMs kWeekMs = 7LL * 24 * 3600 * 1000;

// An optional integer parameter; false (and `bad` set) when sent and not an integer ≥ 0.
bool opt_i64(const QueryParams& p, std::string_view name, std::int64_t& out, bool& bad) noexcept {
  if (!p.has(name)) return true;
  const std::string_view s = p.get(name);
  const auto r = std::from_chars(s.data(), s.data() + s.size(), out);
  if (r.ec != std::errc() || r.ptr != s.data() + s.size() || out < 0) {
    bad = true;
    return false;
  }
  return true;
}

// The common window rules: [startTime, endTime] ≤ 7 days, default the last 7 days.
struct Window {
  EpochMs start = 0, end = 0;
};

}  // namespace

RestAnswer RestApi::user_trades(const RestCall& c) {
  if (!c.p.has("symbol")) return error(400, -1102, "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed.");
  RestAnswer err;
  const SymbolId s = simulated(c.p.get("symbol"), err);
  if (s == kNoSymbol) return err;
  std::int64_t order_id = -1, start = -1, end = -1, from_id = -1, limit = 500;
  bool bad = false;
  opt_i64(c.p, "orderId", order_id, bad);
  opt_i64(c.p, "startTime", start, bad);
  opt_i64(c.p, "endTime", end, bad);
  opt_i64(c.p, "fromId", from_id, bad);
  opt_i64(c.p, "limit", limit, bad);
  if (bad || limit < 1 || limit > 1000) return error(400, -1130, "Data sent for parameter 'limit' is not valid.");
  if (from_id >= 0 && (start >= 0 || end >= 0)) return error(400, -1128, "Combination of optional parameters invalid.");
  Window w{start >= 0 ? start : (end >= 0 ? end - kWeekMs : c.now - kWeekMs), end >= 0 ? end : c.now};
  if (start >= 0 && end < 0) w.end = start + kWeekMs;
  if (w.end < w.start || w.end - w.start > kWeekMs) return error(400, -1127, "More than 168 hours between startTime and endTime.");
  const auto& rows = x_.ledger().rows();
  // The most recent `limit` matches (or the first `limit` from fromId), written oldest first.
  std::size_t first = rows.size(), n = 0;
  if (from_id >= 0) {
    for (std::size_t i = 0; i < rows.size() && n < static_cast<std::size_t>(limit); ++i)
      if (rows[i].symbol == s && rows[i].trade_id >= static_cast<std::uint64_t>(from_id) &&
          (order_id < 0 || rows[i].order_id == static_cast<std::uint64_t>(order_id))) {
        if (first == rows.size()) first = i;
        ++n;
      }
  } else {
    for (std::size_t i = rows.size(); i-- > 0 && n < static_cast<std::size_t>(limit);)
      if (rows[i].symbol == s && rows[i].time_ms >= w.start && rows[i].time_ms <= w.end &&
          (order_id < 0 || rows[i].order_id == static_cast<std::uint64_t>(order_id))) {
        first = i;
        ++n;
      }
  }
  const SymbolRules& r = x_.symbols().rules(s);
  JsonWriter jw(scratch_.get(), kScratchBytes);
  jw.begin_array();
  std::size_t written = 0;
  for (std::size_t i = first; i < rows.size() && written < n; ++i) {
    const FillRecord& f = rows[i];
    if (f.symbol != s || (order_id >= 0 && f.order_id != static_cast<std::uint64_t>(order_id))) continue;
    if (from_id >= 0 ? f.trade_id < static_cast<std::uint64_t>(from_id) : (f.time_ms < w.start || f.time_ms > w.end))
      continue;
    Amount quote = 0;
    notional_amount(r, f.px, f.qty, quote);
    jw.begin_object();
    jw.kv_bool("buyer", f.side == Side::Buy);
    jw.kv("commission", amount_text(f.fee).view());
    jw.kv("commissionAsset", "USDT");
    jw.kv_u64("id", f.trade_id);
    jw.kv_bool("maker", f.maker);
    jw.kv_u64("orderId", f.order_id);
    jw.kv("price", price_text(r, f.px).view());
    jw.kv("qty", qty_text(r, f.qty).view());
    jw.kv("quoteQty", e8_text(quote, 1).view());
    jw.kv("realizedPnl", amount_text(f.realized_pnl).view());
    jw.kv("side", f.side == Side::Buy ? "BUY" : "SELL");
    jw.kv("positionSide", f.position_side == PositionSide::Long ? "LONG" : f.position_side == PositionSide::Short ? "SHORT" : "BOTH");
    jw.kv("symbol", x_.symbols().name(s));
    jw.kv_i64("time", f.time_ms);
    jw.end_object();
    ++written;
  }
  jw.end_array();
  return ok(jw.finish());
}

RestAnswer RestApi::income(const RestCall& c) {
  SymbolId s = kNoSymbol;
  if (c.p.has("symbol")) {
    RestAnswer err;
    s = simulated(c.p.get("symbol"), err);
    if (s == kNoSymbol) return err;
  }
  const std::string_view type = c.p.get("incomeType");
  const bool pnl = type.empty() || type == "REALIZED_PNL", fee = type.empty() || type == "COMMISSION";
  std::int64_t start = -1, end = -1, limit = 100, page = 1;
  bool bad = false;
  opt_i64(c.p, "startTime", start, bad);
  opt_i64(c.p, "endTime", end, bad);
  opt_i64(c.p, "limit", limit, bad);
  opt_i64(c.p, "page", page, bad);
  if (bad || limit < 1 || limit > 1000 || page < 1) return error(400, -1130, "Data sent for parameter 'limit' is not valid.");
  const EpochMs lo = start >= 0 ? start : (end >= 0 ? end - kWeekMs : c.now - kWeekMs), hi = end >= 0 ? end : c.now;
  JsonWriter jw(scratch_.get(), kScratchBytes);
  jw.begin_array();
  std::int64_t skip = (page - 1) * limit, left = limit;
  for (const FillRecord& f : x_.ledger().rows()) {
    if ((s != kNoSymbol && f.symbol != s) || f.time_ms < lo || f.time_ms > hi) continue;
    for (int k = 0; k < 2 && left > 0; ++k) {
      const bool is_pnl = k == 0;
      if (is_pnl ? (!pnl || f.realized_pnl == 0) : (!fee || f.fee == 0)) continue;
      if (skip > 0) {
        --skip;
        continue;
      }
      char trade[24];
      const auto tr = std::to_chars(trade, trade + sizeof trade, f.trade_id);
      jw.begin_object();
      jw.kv("symbol", x_.symbols().name(f.symbol));
      jw.kv("incomeType", is_pnl ? "REALIZED_PNL" : "COMMISSION");
      jw.kv("income", amount_text(is_pnl ? f.realized_pnl : -f.fee).view());
      jw.kv("asset", "USDT");
      jw.kv("info", is_pnl ? "REALIZED_PNL" : "COMMISSION");
      jw.kv_i64("time", f.time_ms);
      jw.kv_u64("tranId", f.trade_id * 2 + (is_pnl ? 0 : 1));  // unique per income type (docs)
      jw.kv("tradeId", std::string_view(trade, static_cast<std::size_t>(tr.ptr - trade)));
      jw.end_object();
      --left;
    }
  }
  jw.end_array();
  return ok(jw.finish());
}

RestAnswer RestApi::multi_assets_margin(const RestCall&) { return ok(std::string_view("{\"multiAssetsMargin\":false}")); }

}  // namespace xtb::sim::binance_usdm
