// decode_market_test.cpp — Binance market-stream fixtures (fixtures/market, fixtures/ws)
// decode to the expected events. Doc-example fixtures use 1e-8 grids (add_doc_symbols):
// a price "25.35190000" is then 2535190000.
#include "decode_test_util.hpp"
#include "venue/binance/venue_id.hpp"

using namespace xtb;
using namespace xtb::binance;
using namespace xtb::binance::test;

namespace {
struct DocFixture {
  SymbolTable table{64, 16};
  Decoder dec{table, 1 << 16};
  DocFixture() { add_doc_symbols(table); }
};
constexpr std::int64_t E8 = 100'000'000;
}  // namespace

TEST_CASE_FIXTURE(DocFixture, "bookTicker (raw and ws copies)") {
  for (const char* f : {"market/book_ticker_stream.json", "ws/ws_futures_book_ticker.json"}) {
    const Decoded d = decode_stream(dec, fixture(f));
    REQUIRE(d.r.status == DecodeStatus::Ok);
    CHECK(d.r.kind == MsgKind::BookTicker);
    REQUIRE(d.ev.size() == 1);
    const Event& e = d.ev[0];
    CHECK(e.h.type == EventType::BestBidOffer);
    CHECK(e.h.venue == binance::kVenueId);
    CHECK(e.h.symbol == table.find(xtb::binance::kVenueId, "BNBUSDT"));
    CHECK(e.h.rx_tsc == 77);
    CHECK(e.h.conn_id == 3);
    CHECK(e.h.venue_time_ms == 1568014460893);
    CHECK(e.bbo.update_id == 400900217);
    CHECK(e.bbo.txn_time_ms == 1568014460891);
    CHECK(e.bbo.bid_px == 2535190000);
    CHECK(e.bbo.bid_qty == 3121000000);
    CHECK(e.bbo.ask_px == 2536520000);
    CHECK(e.bbo.ask_qty == 4066000000);
  }
}

TEST_CASE_FIXTURE(DocFixture, "aggTrade and trade") {
  Decoded d = decode_stream(dec, fixture("market/agg_trade_stream.json"));
  REQUIRE(d.r.status == DecodeStatus::Ok);
  CHECK(d.r.kind == MsgKind::AggTrade);
  const Trade& a = d.ev.at(0).trade;
  CHECK(d.ev[0].h.flags == kTradeFlagAggregated);
  CHECK(a.aggregated);
  CHECK(a.trade_id == 5933014);
  CHECK(a.first_trade_id == 100);
  CHECK(a.last_trade_id == 105);
  CHECK(a.px == E8 / 1000);
  CHECK(a.qty == 100 * E8);
  CHECK(a.trade_time_ms == 123456785);
  CHECK(a.buyer_is_maker);
  d = decode_stream(dec, fixture("market/trade_stream.json"));
  REQUIRE(d.r.status == DecodeStatus::Ok);
  CHECK(d.r.kind == MsgKind::Trade);
  const Trade& t = d.ev.at(0).trade;
  CHECK_FALSE(t.aggregated);
  CHECK(t.trade_id == 5933014);
  CHECK(t.first_trade_id == 5933014);
  CHECK(t.last_trade_id == 5933014);
  CHECK(t.px == E8 / 1000);
  CHECK(d.ev[0].h.venue_time_ms == 123456789);
}

TEST_CASE_FIXTURE(DocFixture, "markPriceUpdate keeps reference prices and the funding rate") {
  const Decoded d = decode_stream(dec, fixture("market/mark_price_stream.json"));
  REQUIRE(d.r.status == DecodeStatus::Ok);
  const MarkPrice& m = d.ev.at(0).mark_price;
  CHECK(m.mark_px == 1179415000000);
  CHECK(m.index_px == 1178462659091);
  CHECK(m.est_settle_px == 1178425641265);
  CHECK(m.funding_rate == 38167);  // 0.00038167 × 1e8
  CHECK(m.next_funding_ms == 1562306400000);
  CHECK(d.ev[0].h.flags == 0);     // nothing rounded on a 1e-8 grid
}

TEST_CASE("markPriceUpdate on the real BTCUSDT grid rounds the index price (flagged)") {
  SymbolTable table;
  add_real_symbols(table);
  Decoder dec(table, 1 << 16);
  const Decoded d = decode_stream(dec, fixture("market/mark_price_stream.json"));
  REQUIRE(d.r.status == DecodeStatus::Ok);
  const MarkPrice& m = d.ev.at(0).mark_price;
  CHECK(m.mark_px == 117942);   // 11794.2 (11794.15 rounds half away)
  CHECK(m.index_px == 117846);  // 11784.62659091 → 11784.6
  CHECK(d.ev[0].h.flags == kMarkFlagRounded);
  CHECK(dec.stats().rounded_fields.load() == 3);
}

TEST_CASE_FIXTURE(DocFixture, "depthUpdate fixtures: ids and levels") {
  for (const char* f : {"market/depth_update_stream.json", "ws/ws_futures_depth_diff_update.json"}) {
    const Decoded d = decode_stream(dec, fixture(f));
    REQUIRE(d.r.status == DecodeStatus::Ok);
    REQUIRE(d.ev.size() == 1);
    const DepthUpdate& u = d.ev[0].depth;
    CHECK(d.ev[0].h.flags == (DepthUpdate::kFirstChunk | DepthUpdate::kLastChunk));
    CHECK(u.first_update_id == 157);
    CHECK(u.final_update_id == 160);
    CHECK(u.prev_final_id == 149);
    CHECK(u.n_bids == 1);
    CHECK(u.n_asks == 1);
    CHECK(u.levels[0].px == 240000);
    CHECK(u.levels[0].qty == 10 * E8);
    CHECK(u.levels[1].px == 260000);
    CHECK(u.levels[1].qty == 100 * E8);
  }
  const Decoded d = decode_stream(dec, fixture("ws/ws_futures_depth_update.json"));
  REQUIRE(d.r.status == DecodeStatus::Ok);
  const DepthUpdate& u = d.ev.at(0).depth;
  CHECK(u.n_bids == 5);
  CHECK(u.n_asks == 5);
  CHECK(u.first_update_id == 390497796);
  CHECK(u.levels[1].px == 740390000000);
  CHECK(u.levels[1].qty == 390600000);
  CHECK(u.levels[9].px == 740720000000);
  CHECK(u.levels[9].qty == 17500000);
}

TEST_CASE("off-grid depth prices are skipped (counted); off-grid quantities and trade prices are errors") {
  SymbolTable table;
  add_real_symbols(table);  // BTCUSDT tick 0.10, step 0.001
  Decoder dec(table, 1 << 16);
  // The 2019 docs example has 0.01-tick prices; 3 of its 10 levels sit on the 0.10 grid.
  Decoded d = decode_stream(dec, fixture("ws/ws_futures_depth_update.json"));
  REQUIRE(d.r.status == DecodeStatus::Ok);
  REQUIRE(d.ev.size() == 1);
  CHECK(d.ev[0].depth.n_bids == 2);
  CHECK(d.ev[0].depth.n_asks == 1);
  CHECK(d.ev[0].depth.levels[0].px == 74039);  // 7403.90
  CHECK(d.ev[0].depth.levels[1].px == 74040);  // 7404.00
  CHECK(d.ev[0].depth.levels[2].px == 74072);  // 7407.20
  CHECK(dec.stats().skipped_off_grid_levels.load() == 7);
  d = decode_stream(dec, R"({"e":"depthUpdate","s":"BTCUSDT","U":1,"u":2,"pu":0,"b":[["100.0","0.0005"]],"a":[]})");
  CHECK(d.r.status == DecodeStatus::BadDecimal);
  CHECK(d.r.decimal == DecimalError::TooPrecise);  // qty below the 0.001 step
  REQUIRE(d.ev.size() == 1);
  CHECK(d.ev[0].h.type == EventType::DecodeError);
  CHECK(decode_error_status(d.ev[0].decode_error.code) == DecodeStatus::BadDecimal);
  CHECK(decode_error_kind(d.ev[0].decode_error.code) == MsgKind::DepthUpdate);
  d = decode_stream(dec, R"({"e":"trade","E":1,"T":1,"s":"BTCUSDT","t":1,"p":"61800.25","q":"0.001","m":true})");
  CHECK(d.r.status == DecodeStatus::BadDecimal);
  CHECK(dec.stats().status(DecodeStatus::BadDecimal) == 2);
}

TEST_CASE_FIXTURE(DocFixture, "large diffs are chunked: bids before asks, first/last flags") {
  std::string msg = R"({"e":"depthUpdate","E":5,"T":4,"s":"BTCUSDT","U":10,"u":20,"pu":9,"b":[)";
  for (int i = 0; i < 30; ++i) msg += (i ? "," : "") + std::string("[\"") + std::to_string(100 - i) + "\",\"1\"]";
  msg += R"(],"a":[)";
  for (int i = 0; i < 7; ++i) msg += (i ? "," : "") + std::string("[\"") + std::to_string(200 + i) + "\",\"2\"]";
  msg += "]}";
  const Decoded d = decode_stream(dec, msg);
  REQUIRE(d.r.status == DecodeStatus::Ok);
  REQUIRE(d.ev.size() == 4);  // 11 + 11 + (8 bids + 3 asks) + 4 asks
  CHECK(d.ev[0].depth.n_bids == 11);
  CHECK(d.ev[1].depth.n_bids == 11);
  CHECK(d.ev[2].depth.n_bids == 8);
  CHECK(d.ev[2].depth.n_asks == 3);
  CHECK(d.ev[2].depth.levels[8].px == 200 * E8);
  CHECK(d.ev[3].depth.n_bids == 0);
  CHECK(d.ev[3].depth.n_asks == 4);
  CHECK(d.ev[3].depth.levels[3].px == 206 * E8);
  CHECK(d.ev[0].h.flags == DepthUpdate::kFirstChunk);
  CHECK(d.ev[1].h.flags == 0);
  CHECK(d.ev[3].h.flags == DepthUpdate::kLastChunk);
  for (const Event& e : d.ev) {
    CHECK(e.depth.first_update_id == 10);
    CHECK(e.depth.final_update_id == 20);
    CHECK(e.depth.prev_final_id == 9);
    CHECK(e.h.venue_time_ms == 5);
  }
  // Asks before bids in the JSON: a bid after asks starts a new chunk.
  const Decoded r = decode_stream(dec, R"({"e":"depthUpdate","s":"BTCUSDT","U":1,"u":2,"pu":0,"a":[["5","1"]],"b":[["4","1"]]})");
  REQUIRE(r.ev.size() == 2);
  CHECK(r.ev[0].depth.n_asks == 1);
  CHECK(r.ev[1].depth.n_bids == 1);
  // An empty diff still yields one chunk (its ids sequence the book).
  const Decoded e = decode_stream(dec, R"({"e":"depthUpdate","s":"BTCUSDT","U":3,"u":4,"pu":2,"b":[],"a":[]})");
  REQUIRE(e.ev.size() == 1);
  CHECK(e.ev[0].depth.n_bids + e.ev[0].depth.n_asks == 0);
}

TEST_CASE_FIXTURE(DocFixture, "forceOrder → Liquidation") {
  const Decoded d = decode_stream(dec, fixture("market/liquidation_stream.json"));
  REQUIRE(d.r.status == DecodeStatus::Ok);
  const Liquidation& l = d.ev.at(0).liquidation;
  CHECK(d.ev[0].h.symbol == table.find(xtb::binance::kVenueId, "BTCUSDT"));
  CHECK(l.side == Side::Sell);
  CHECK(l.type == OrderType::Limit);
  CHECK(l.tif == TimeInForce::IOC);
  CHECK(l.status == OrderStatus::Filled);
  CHECK(l.qty == 1400000);
  CHECK(l.px == 991000000000);
  CHECK(l.avg_px == 991012345678);
  CHECK(l.last_filled_qty == 1400000);
  CHECK(l.cum_qty == 1400000);
  CHECK(l.trade_time_ms == 1568014460893);
}

TEST_CASE_FIXTURE(DocFixture, "kline and 24hrTicker are recognised and ignored (no events)") {
  for (const char* f : {"market/kline_stream_closed.json", "market/kline_stream_open.json",
                        "market/ticker_stream.json", "ws/ws_futures_ticker_24hr.json"}) {
    const Decoded d = decode_stream(dec, fixture(f));
    CHECK(d.r.status == DecodeStatus::Ignored);
    CHECK((d.r.kind == MsgKind::Kline || d.r.kind == MsgKind::Ticker));
    CHECK(d.ev.empty());
  }
}

TEST_CASE_FIXTURE(DocFixture, "combined-stream wrappers, array payloads and control replies") {
  const Decoded w = decode_stream(dec, R"({"stream":"btcusdt@bookTicker","data":{"e":"bookTicker","u":5,"s":"BTCUSDT","b":"61800.20","B":"2.507","a":"61800.30","A":"2.510","T":1,"E":2}})");
  REQUIRE(w.r.status == DecodeStatus::Ok);
  CHECK(w.ev.at(0).bbo.bid_px == 6180020000000);
  // data first, stream last, "e" not first inside data.
  const Decoded x = decode_stream(dec, R"({"data":{"s":"BTCUSDT","E":2,"e":"trade","t":9,"p":"1","q":"2","T":1,"m":false},"stream":"btcusdt@trade"})");
  REQUIRE(x.r.status == DecodeStatus::Ok);
  CHECK(x.ev.at(0).trade.trade_id == 9);
  const Decoded arr = decode_stream(dec, R"({"stream":"!markPrice@arr","data":[{"e":"markPriceUpdate","E":1,"s":"BTCUSDT","p":"1.5","i":"1","P":"1","r":"0","T":2},{"e":"markPriceUpdate","E":1,"s":"ETHUSDT","p":"2.5","i":"2","P":"2","r":"0.0001","T":2}]})");
  REQUIRE(arr.r.status == DecodeStatus::Ok);
  REQUIRE(arr.ev.size() == 2);
  CHECK(arr.ev[1].h.symbol == table.find(xtb::binance::kVenueId, "ETHUSDT"));
  CHECK(arr.ev[1].mark_price.funding_rate == 10000);
  // The stream name picks the decoder; an "e" that contradicts it is not decoded.
  const Decoded wrong = decode_stream(dec, R"({"stream":"btcusdt@trade","data":{"e":"aggTrade","E":1,"a":1,"s":"BTCUSDT","p":"1","q":"1","f":1,"l":1,"T":1,"m":true}})");
  CHECK(wrong.r.status == DecodeStatus::Unsupported);
  CHECK(wrong.ev.empty());
  // Unknown stream names fall back to the payload's "e".
  const Decoded odd = decode_stream(dec, R"({"stream":"btcusdt@somethingNew","data":{"e":"trade","E":1,"T":1,"s":"BTCUSDT","t":4,"p":"1","q":"1","m":true}})");
  REQUIRE(odd.r.status == DecodeStatus::Ok);
  CHECK(odd.ev.at(0).trade.trade_id == 4);
  const Decoded err = decode_stream(dec, R"({"error":{"code":2,"msg":"Invalid request"},"id":7})");
  CHECK(err.r.status == DecodeStatus::Unsupported);
  CHECK(err.r.kind == MsgKind::ControlReply);
  const Decoded ack = decode_stream(dec, R"({"result":null,"id":1})");
  CHECK(ack.r.status == DecodeStatus::Ignored);
  CHECK(ack.r.kind == MsgKind::ControlReply);
  CHECK(ack.ev.empty());
  const Decoded unknown = decode_stream(dec, R"({"e":"somethingNew","E":1})");
  CHECK(unknown.r.status == DecodeStatus::Unsupported);
  CHECK(unknown.ev.empty());
}

TEST_CASE("REST depth snapshot fixture → snapshot chunks") {
  SymbolTable table;
  add_doc_symbols(table);
  Decoder dec(table, 1 << 16);
  const SymbolId btc = table.find(xtb::binance::kVenueId, "BTCUSDT");
  const Decoded d = decode_rest(dec, fixture("http/http_futures_market_depth.json"),
                                rest_ctx(RestKind::DepthSnapshot, 200, btc));
  REQUIRE(d.r.status == DecodeStatus::Ok);
  CHECK(d.r.kind == MsgKind::DepthSnapshot);
  REQUIRE(d.ev.size() == 1);
  CHECK(d.ev[0].h.symbol == btc);
  CHECK(d.ev[0].h.flags == (DepthUpdate::kSnapshot | DepthUpdate::kFirstChunk | DepthUpdate::kLastChunk));
  CHECK(d.ev[0].depth.first_update_id == 1027024);
  CHECK(d.ev[0].depth.final_update_id == 1027024);
  CHECK(d.ev[0].depth.levels[0].px == 400000000);
  CHECK(d.ev[0].depth.levels[0].qty == 43100000000);
  CHECK(d.ev[0].depth.levels[1].px == 400000200);
  CHECK(d.ev[0].h.venue_time_ms == 1589436922972);
}
