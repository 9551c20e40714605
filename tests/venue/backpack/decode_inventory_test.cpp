// decode_inventory_test.cpp — every real message in shared/data/backpack/ goes through the
// entry point its origin names, with the expected outcome; a message from a test or
// function not listed here fails the test (a new message type must be handled on purpose).
#include <doctest/doctest.h>

#include <map>
#include <string>

#include "decode_util.hpp"
#include "venue/backpack/markets.hpp"

using namespace xtb;
using namespace xtb::backpack;
using namespace xtb::backpack::test;

namespace {

enum class Route {
  Ws,            ///< WS stream message → events, Ok
  WsIgnored,     ///< WS stream the engine does not use (kline, ticker, rfq) → Ignored
  WsError,       ///< WS error answer → Unsupported (counted)
  DepthRecord,   ///< REST depth body as a capture record → snapshot chunks
  RestDepth,     ///< REST depth answer for BTC_USDC_PERP
  RestOrder,     ///< REST order object (order query)
  RestPosition,  ///< REST position object (wrapped into the list the endpoint returns)
  RestError,     ///< REST error body (HTTP 400) → OrderAck, VenueError
  RestBalances,  ///< REST balances (GET /api/v1/capital)
  Markets,       ///< /api/v1/markets entry → markets loader
  NotConsumed,   ///< REST body of an endpoint these codecs do not read (ticker, balances, ...)
};

const std::map<std::string, Route> kRoutes = {
    // bpx-api-client @dc5d8b1c unit-test literals
    {"test_mark_price_update_parse", Route::Ws}, {"test_kline_update_parse", Route::WsIgnored},
    {"test_order_book_depth_last_update_id_as_string", Route::DepthRecord},
    {"test_order_book_depth_last_update_id_as_i64", Route::DepthRecord},
    {"test_market_order_book_state_and_visible_parse", Route::Markets},
    {"test_market_rwa_market_type_parse", Route::Markets}, {"test_market_perp_fields_parse", Route::Markets},
    {"test_order_update", Route::Ws}, {"rfq_active_without_system_order_type", Route::WsIgnored},
    {"rfq_active_with_system_order_type", Route::WsIgnored},
    // ccxt@4.5.84 comment examples
    {"parseMarket", Route::Markets}, {"parseTicker", Route::NotConsumed}, {"fetchOrderBook", Route::RestDepth},
    {"parseFundingRate", Route::NotConsumed}, {"parseOpenInterest", Route::NotConsumed},
    {"fetchFundingRateHistory", Route::NotConsumed}, {"parseTrade", Route::NotConsumed},
    {"fetchStatus", Route::NotConsumed}, {"parseBalance", Route::RestBalances},
    {"parseTransaction", Route::NotConsumed}, {"parseDepositAddress", Route::NotConsumed},
    {"parseOrder", Route::RestOrder}, {"parsePosition", Route::RestPosition}, {"parseIncome", Route::NotConsumed},
    {"handleErrors", Route::RestError}, {"handleTicker", Route::WsIgnored}, {"parseWsTicker", Route::WsIgnored},
    {"handleBidAsk", Route::Ws}, {"parseWsBidAsk", Route::Ws}, {"handleOHLCV", Route::WsIgnored},
    {"parseWsOHLCV", Route::WsIgnored}, {"handleTrades", Route::Ws}, {"parseWsTrade", Route::Ws},
    {"handleOrderBook", Route::Ws}, {"getCacheIndex", Route::Ws}, {"handleOrder", Route::Ws},
    {"parseWsOrder", Route::Ws}, {"handlePositions", Route::Ws}, {"parseWsPosition", Route::Ws},
    {"handleErrorMessage", Route::WsError},
};

// Decodes one sample by its route; returns the number of events (asserting the outcome).
std::uint32_t run(const Sample& s, Route r, Decoder& d) {
  Events out;
  DecodeResult res;
  switch (r) {
    case Route::Ws:
      res = ws(d, out, s.json);
      CHECK_MESSAGE(res.status == DecodeStatus::Ok, s.source, " -> ", to_string(res.status));
      CHECK(res.events >= 1);
      return res.events;
    case Route::WsIgnored: CHECK(ws(d, out, s.json).status == DecodeStatus::Ignored); return 0;
    case Route::WsError: CHECK(ws(d, out, s.json).status == DecodeStatus::Unsupported); return 0;
    case Route::DepthRecord: res = record(d, out, s.json, "ETH_USDC_PERP"); break;
    case Route::RestDepth:
      res = rest(d, out, s.json, meta(RestKind::DepthSnapshot, CommandKind::None, 200, "BTC_USDC_PERP"));
      break;
    case Route::RestOrder: res = rest(d, out, s.json, meta(RestKind::OrderQuery, CommandKind::QueryOrder, 200)); break;
    case Route::RestPosition:
      res = rest(d, out, "[" + s.json + "]", meta(RestKind::Positions, CommandKind::QueryPositions, 200));
      break;
    case Route::RestBalances:
      res = rest(d, out, s.json, meta(RestKind::Balances, CommandKind::None, 200));
      break;
    case Route::RestError:
      res = rest(d, out, s.json, meta(RestKind::OrderExecute, CommandKind::NewOrder, 400));
      CHECK(res.status == DecodeStatus::VenueError);
      CHECK(out.ev[0].h.type == EventType::OrderAck);
      return res.events;
    case Route::Markets: {
      const std::string body = s.json.front() == '[' ? s.json : "[" + s.json + "]";
      SymbolTable t(16, 16);
      const MarketsResult m = load_markets(body, t, false);
      CHECK(m.status == DecodeStatus::Ok);
      CHECK(m.loaded >= 1);
      CHECK(m.skipped_bad == 0);
      return static_cast<std::uint32_t>(m.loaded);
    }
    case Route::NotConsumed:
      // Well-formed, no stream event: the decoder counts it and emits nothing.
      res = ws(d, out, s.json);
      CHECK(res.events == 0);
      CHECK(res.status == DecodeStatus::Unsupported);
      return 0;
  }
  CHECK_MESSAGE(res.status == DecodeStatus::Ok, s.source, " -> ", to_string(res.status));
  CHECK(res.events >= 1);
  return res.events;
}

}  // namespace

TEST_SUITE("backpack") {

TEST_CASE("inventory: every real message decodes by its route; an unlisted origin fails") {
  Decoder d(symbols());
  std::map<Route, int> seen;
  int total = 0;
  std::uint32_t events = 0;
  for (const char* file : {"bpx_api_client_test_messages.json", "ccxt_examples.json"}) {
    for (const Sample& s : load_samples(file)) {
      ++total;
      const auto it = kRoutes.find(s.function);
      if (it == kRoutes.end()) {
        FAIL_CHECK("unhandled Backpack message type from ", s.source);
        continue;
      }
      ++seen[it->second];
      events += run(s, it->second, d);
    }
  }
  CHECK(total == 12 + 36);
  CHECK(seen[Route::Ws] == 14);
  CHECK(seen[Route::Markets] == 4);
  CHECK(seen[Route::RestOrder] == 3);
  CHECK(seen[Route::RestError] == 2);
  CHECK(seen[Route::DepthRecord] == 2);
  CHECK(events == 29);  // 14 WS messages + depth chunks, orders, positions, errors
  CHECK(d.stats().status(DecodeStatus::BadDecimal) == 0);
  CHECK(d.stats().status(DecodeStatus::UnknownSymbol) == 0);
}

}  // TEST_SUITE
