// rest_market.cpp — public market-data endpoints of the simulated venue (rest_api.hpp).
//
// GET /fapi/v1/depth is answered from the simulator's own synced book (BookSync over the
// replayed diffs), never from the recording: lastUpdateId is the `u` of the last applied
// diff, so a client that buffers the stream and applies the documented procedure (drop
// u < L, first event U <= L <= u, then pu continuity) is consistent with the diffs the
// server sends afterwards. Before the book has synced the request waits (RestAnswer::wait).
#include <charconv>
#include <cstdio>
#include <cstring>

#include "sim/core/fixed_math.hpp"
#include "venue/binance/sim/json_encode.hpp"
#include "venue/binance/sim/rest_api.hpp"

namespace xtb::sim::binance_usdm {
namespace {

constexpr EpochMs kFundingPeriodMs = 8 * 3600 * 1000;  // funding at 00/08/16 UTC

void write_levels(JsonWriter& w, const BookSide& side, const SymbolRules& r, std::size_t limit) {
  w.begin_array();
  const std::size_t n = side.size() < limit ? side.size() : limit;
  for (std::size_t i = 0; i < n; ++i) {
    const PriceLevel& l = side.at_depth(i);
    w.begin_array();
    w.str(price_text(r, l.px).view());
    w.str(qty_text(r, l.qty).view());
    w.end_array();
  }
  w.end_array();
}

// One premiumIndex object (fixture http_futures_market_premium_index.json field order).
// No index feed and no funding in the replay: index = mark, funding rate 0 (as
// markPriceUpdate says).
void write_premium_index(JsonWriter& w, const sim::SimExchange& x, SymbolId s, EpochMs now) {
  const SymbolRules& r = x.symbols().rules(s);
  Price mark = x.mark_price(s);
  if (mark == 0) mark = x.market(s)->mid_x2() / 2;
  const DecimalText mark_text = amount_text(static_cast<Amount>(price_to_e8(r, mark)));
  w.begin_object();
  w.kv("symbol", x.symbols().name(s));
  w.kv("markPrice", mark_text.view());
  w.kv("indexPrice", mark_text.view());
  w.kv("estimatedSettlePrice", mark_text.view());
  w.kv("lastFundingRate", "0.00000000");
  w.kv_i64("nextFundingTime", (now / kFundingPeriodMs + 1) * kFundingPeriodMs);
  w.kv("interestRate", "0.00000000");
  w.kv_i64("time", now);
  w.end_object();
}

// One ticker/bookTicker object (get_fapi_v1_ticker_bookticker.md).
void write_book_ticker(JsonWriter& w, const sim::SimExchange& x, SymbolId s, EpochMs now) {
  const SymbolRules& r = x.symbols().rules(s);
  const MarketView& mv = *x.market(s);
  PriceLevel bid{}, ask{};
  mv.best(Side::Buy, bid);
  mv.best(Side::Sell, ask);
  w.begin_object();
  w.kv("symbol", x.symbols().name(s));
  w.kv("bidPrice", price_text(r, bid.px).view());
  w.kv("bidQty", qty_text(r, bid.qty).view());
  w.kv("askPrice", price_text(r, ask.px).view());
  w.kv("askQty", qty_text(r, ask.qty).view());
  w.kv_i64("time", now);
  w.kv_u64("lastUpdateId", mv.book().last_update_id());
  w.end_object();
}

}  // namespace

RestAnswer RestApi::ping(const RestCall&) { return ok(std::string_view("{}")); }

RestAnswer RestApi::time(const RestCall& c) {
  const int n = std::snprintf(scratch_.get(), kScratchBytes, "{\"serverTime\":%lld}", static_cast<long long>(c.now));
  return ok(static_cast<std::size_t>(n));
}

RestAnswer RestApi::exchange_info(const RestCall& c) {
  if (info_tail_.empty()) return ok(info_head_);
  char now[24];
  const auto r = std::to_chars(now, now + sizeof now, c.now);
  const std::size_t n_now = static_cast<std::size_t>(r.ptr - now);
  const std::size_t total = info_head_.size() + n_now + info_tail_.size();
  if (total > kScratchBytes) return error(500, -1000, "An unknown error occured while processing the request.");
  char* p = scratch_.get();
  std::memcpy(p, info_head_.data(), info_head_.size());
  std::memcpy(p + info_head_.size(), now, n_now);
  std::memcpy(p + info_head_.size() + n_now, info_tail_.data(), info_tail_.size());
  return ok(total);
}

RestAnswer RestApi::depth(const RestCall& c) {
  RestAnswer err;
  const SymbolId s = simulated(c.p.get("symbol"), err);
  if (s == kNoSymbol) return err;
  unsigned limit = 500;
  const std::string_view ls = c.p.get("limit");
  if (!ls.empty()) {
    const auto r = std::from_chars(ls.data(), ls.data() + ls.size(), limit);
    if (r.ec != std::errc{} || r.ptr != ls.data() + ls.size() || limit == 0 || limit > 1000)
      return error(400, -1130, "Data sent for parameter 'limit' is not valid.");
  }
  const MarketView& mv = *x_.market(s);
  if (!mv.depth_synced()) return {0, {}, true};
  const SymbolRules& r = x_.symbols().rules(s);
  JsonWriter w(scratch_.get(), kScratchBytes);
  w.begin_object();
  w.kv_u64("lastUpdateId", mv.book().last_update_id());
  w.kv_i64("E", c.now);
  w.kv_i64("T", c.now);
  w.key("bids");
  write_levels(w, mv.book().bids(), r, limit);
  w.key("asks");
  write_levels(w, mv.book().asks(), r, limit);
  w.end_object();
  return ok(w.finish());
}

RestAnswer RestApi::premium_index(const RestCall& c) { return symbol_objects(c, write_premium_index); }

RestAnswer RestApi::book_ticker(const RestCall& c) { return symbol_objects(c, write_book_ticker); }

RestAnswer RestApi::symbol_objects(const RestCall& c, SymbolObjectWriter write_one) {
  const std::string_view name = c.p.get("symbol");
  SymbolId only = kNoSymbol;
  if (!name.empty()) {
    RestAnswer err;
    if ((only = simulated(name, err)) == kNoSymbol) return err;
  }
  JsonWriter w(scratch_.get(), kScratchBytes);
  if (only == kNoSymbol) w.begin_array();
  for (std::size_t i = 0; i < x_.symbols().size(); ++i) {
    const SymbolId s = static_cast<SymbolId>(i);
    if ((only != kNoSymbol && s != only) || x_.market(s) == nullptr) continue;
    write_one(w, x_, s, c.now);
  }
  if (only == kNoSymbol) w.end_array();
  return ok(w.finish());
}

}  // namespace xtb::sim::binance_usdm
