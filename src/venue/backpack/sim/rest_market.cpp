// rest_market.cpp — BackpackFace's public REST handlers (backpack_face.hpp).
// Sources (https://docs.backpack.exchange/#tag/Markets, #tag/System, #tag/Assets; copies in
// ../shared/venue-docs/backpack/endpoints/public/):
//   GET /api/v1/markets          the markets answer (default_markets.hpp)
//   GET /api/v1/market?symbol=   one market object
//   GET /api/v1/depth?symbol=&limit=  {"asks":[[p,q]..],"bids":[[p,q]..],"lastUpdateId":"<u>",
//                                "timestamp":µs}: both sides ascending (the venue's order),
//                                `limit` levels a side (default 1000, 1..5000, change_log
//                                2025-09-02 / 2025-11-10), from the simulator's synced book:
//                                lastUpdateId is the `u` of the last applied depth message,
//                                so a client applying U/u continuity on the stream stays in
//                                sync. Before the book has synced the request waits
//                                (--depth-wait, 10 s), then 503 SERVER_ERROR.
//   GET /api/v1/ticker(s)        partly: lastPrice (= first/high/low) is the last replayed
//                                trade; no rolling statistics (volumes, trades, change 0)
//   GET /api/v1/markPrices       [{fundingRate "0", indexPrice = markPrice = the derived mark,
//                                nextFundingTimestamp (next whole hour), symbol}]
//   GET /api/v1/assets           the market's base and quote assets, no networks
//   GET /api/v1/status {"status":"Ok","message":null}; /ping "pong"; /time ms as a bare number
#include <cstdio>

#include "core/clock.hpp"
#include "sim/core/decimal_text.hpp"
#include "venue/backpack/sim/backpack_face.hpp"
#include "venue/backpack/sim/sim_errors.hpp"

namespace xtb::sim::backpack_sim {
namespace {

using backpack::BackpackError;

constexpr EpochMs kFundingIntervalMs = 3'600'000;  // the default market's fundingInterval

// Levels of one side in ascending price: asks best first, bids worst first.
void write_side(JsonWriter& w, const BookSide& side, const SymbolRules& r, std::size_t limit, bool bids) noexcept {
  const std::size_t n = side.size() < limit ? side.size() : limit;
  w.begin_array();
  for (std::size_t k = 0; k < n; ++k) {
    const PriceLevel& l = side.at_depth(bids ? n - 1 - k : k);
    w.begin_array();
    w.str(price_text(r, l.px).view());
    w.str(qty_text(r, l.qty).view());
    w.end_array();
  }
  w.end_array();
}

// One 24 h ticker object (ccxt parseTicker example's fields); no rolling statistics.
void write_ticker(JsonWriter& w, const SimExchange& x, SymbolId id) noexcept {
  const DecimalText last = price_text(x.symbols().rules(id), x.market(id)->last_trade_px());
  w.begin_object();
  for (const char* k : {"firstPrice", "high", "lastPrice", "low"}) w.kv(k, last.view());
  w.kv("priceChange", "0");
  w.kv("priceChangePercent", "0");
  w.kv("quoteVolume", "0");
  w.kv("symbol", x.symbols().name(id));
  w.kv("trades", "0");
  w.kv("volume", "0");
  w.end_object();
}

Price mark_of(const SimExchange& x, SymbolId s) noexcept {
  const Price m = x.mark_price(s);
  return m != 0 ? m : x.market(s)->mid_x2() / 2;
}

}  // namespace

void BackpackFace::h_markets(server::ServerSession& s, const Call&) { send(s, 200, markets_json_); }

void BackpackFace::h_market(server::ServerSession& s, const Call& c) {
  const SymbolId id = symbol_param(s, c, true);
  if (id == kNoSymbol) return;
  simdjson::dom::parser p;  // cold: one market object out of the markets answer
  simdjson::dom::array arr;
  if (!p.parse(markets_json_).get_array().get(arr))
    for (simdjson::dom::element m : arr) {
      std::string_view name;
      if (!m["symbol"].get_string().get(name) && name == symbols_.name(id)) return send(s, 200, simdjson::minify(m));
    }
  Reject x;
  x.set(RejectCode::BadSymbol);
  send_error(s, x);
}

void BackpackFace::h_depth(server::ServerSession& s, const Call& c) {
  const SymbolId id = symbol_param(s, c, true);
  if (id == kNoSymbol) return;
  std::size_t limit = 1000;
  if (const std::string_view l = c.p.get("limit"); !l.empty()) {
    std::size_t v = 0;
    if (std::sscanf(std::string(l).c_str(), "%zu", &v) != 1 || v == 0 || v > 5000)
      return send_error(s, face_reject(BackpackError::InvalidClientRequest, "Invalid limit (1..5000)"));
    limit = v;
  }
  const MarketView& mv = *exchange_->market(id);
  if (!mv.depth_synced()) {
    const std::int64_t mono = Clock::monotonic_ns();
    if (!c.parked) return s.park(mono + opt_.depth_wait_ms * 1'000'000);
    if (mono < s.parked_until()) return;
    s.unpark();
    return send_error(s, face_reject(BackpackError::ServerError, "Order book not available yet"));
  }
  if (c.parked) s.unpark();
  const SymbolRules& r = symbols_.rules(id);
  JsonWriter w = writer();
  w.begin_object();
  w.key("asks");
  write_side(w, mv.book().asks(), r, limit, false);
  w.key("bids");
  write_side(w, mv.book().bids(), r, limit, true);
  char id_text[24];
  const int n =
      std::snprintf(id_text, sizeof id_text, "%llu", static_cast<unsigned long long>(mv.book().last_update_id()));
  w.kv("lastUpdateId", std::string_view(id_text, n > 0 ? static_cast<std::size_t>(n) : 0));
  w.kv_i64("timestamp", c.now * 1000);
  w.end_object();
  send_writer(s, w);
}

void BackpackFace::h_ticker(server::ServerSession& s, const Call& c) {
  const SymbolId id = symbol_param(s, c, true);
  if (id == kNoSymbol) return;
  JsonWriter w = writer();
  write_ticker(w, *exchange_, id);
  send_writer(s, w);
}

void BackpackFace::h_tickers(server::ServerSession& s, const Call&) {
  JsonWriter w = writer();
  w.begin_array();
  write_ticker(w, *exchange_, sym_);
  w.end_array();
  send_writer(s, w);
}

void BackpackFace::h_mark_prices(server::ServerSession& s, const Call& c) {
  if (c.p.has("symbol") && symbol_param(s, c, true) == kNoSymbol) return;
  const DecimalText mark = price_text(symbols_.rules(sym_), mark_of(*exchange_, sym_));
  JsonWriter w = writer();
  w.begin_array();
  w.begin_object();
  w.kv("fundingRate", "0");
  w.kv("indexPrice", mark.view());
  w.kv("markPrice", mark.view());
  w.kv_i64("nextFundingTimestamp", (c.now / kFundingIntervalMs + 1) * kFundingIntervalMs);
  w.kv("symbol", symbols_.name(sym_));
  w.end_object();
  w.end_array();
  send_writer(s, w);
}

void BackpackFace::h_assets(server::ServerSession& s, const Call&) {
  const SymbolRules& r = symbols_.rules(sym_);
  JsonWriter w = writer();
  w.begin_array();
  for (AssetId a : {r.base_asset, r.quote_asset}) {
    w.begin_object();
    w.key("coingeckoId");
    w.null();
    w.kv("displayName", symbols_.asset_name(a));
    w.kv("symbol", symbols_.asset_name(a));
    w.key("tokens");
    w.begin_array();
    w.end_array();
    w.end_object();
  }
  w.end_array();
  send_writer(s, w);
}

void BackpackFace::h_status(server::ServerSession& s, const Call&) {
  send(s, 200, R"({"message":null,"status":"Ok"})");
}

void BackpackFace::h_ping(server::ServerSession& s, const Call&) { send(s, 200, "pong"); }

void BackpackFace::h_time(server::ServerSession& s, const Call& c) {
  char b[24];
  const int n = std::snprintf(b, sizeof b, "%lld", static_cast<long long>(c.now));
  send(s, 200, std::string_view(b, n > 0 ? static_cast<std::size_t>(n) : 0));
}

}  // namespace xtb::sim::backpack_sim
