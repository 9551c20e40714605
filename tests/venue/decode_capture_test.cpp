// decode_capture_test.cpp — real recorded Binance USD-M data end to end:
//   * btcusdt_20240808.gz (hftbacktest; 66,089 bookTicker, 21,313 trade, 6,551 depth@0ms
//     and one REST depth snapshot): every line decodes, the local book syncs from the
//     snapshot and stays continuous (no gap, never crossed) through all diffs, its top
//     equals every bookTicker carrying the same update id, and steady-state decoding plus
//     book maintenance allocates nothing (alloc guard armed).
//   * cryptofeed 2021-07 recording of 4 symbols (bookTicker, aggTrade, depth@100ms, kline)
//     with REST snapshots and exchangeInfo: zero errors, every book syncs without gaps.
#include <zlib.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <map>
#include <memory>

#include "core/alloc_guard.hpp"
#include "core/frame_pool.hpp"
#include "core/spsc_ring.hpp"
#include "decode_test_util.hpp"
#include "market/book_sync.hpp"
#include "venue/binance/venue_id.hpp"

using namespace xtb;
using namespace xtb::binance;
using namespace xtb::binance::test;

namespace {

struct Line {
  Padded json;
  bool snapshot = false;  // the REST depth answer (no "stream" wrapper)
};

std::string gunzip(const std::string& path) {
  gzFile f = gzopen(path.c_str(), "rb");
  REQUIRE(f != nullptr);
  std::string out;
  char buf[1 << 16];
  int n;
  while ((n = gzread(f, buf, sizeof buf)) > 0) out.append(buf, static_cast<std::size_t>(n));
  gzclose(f);
  return out;
}

// Lines are "<local_recv_ns> <json>".
const std::vector<Line>& capture() {
  static const std::vector<Line> lines = [] {
    const std::string text = gunzip(data_path("binance-usdm/capture/btcusdt_20240808.gz"));
    std::vector<Line> v;
    v.reserve(100000);
    std::size_t pos = 0;
    while (pos < text.size()) {
      std::size_t nl = text.find('\n', pos);
      if (nl == std::string::npos) nl = text.size();
      const std::string_view line(text.data() + pos, nl - pos);
      pos = nl + 1;
      const std::size_t sp = line.find(' ');
      if (line.empty() || sp == std::string_view::npos) continue;
      const std::string_view json = line.substr(sp + 1);
      v.push_back(Line{Padded(json), json.find("\"stream\"") == std::string_view::npos});
    }
    return v;
  }();
  return lines;
}

struct CaptureCounters {
  std::uint64_t frames = 0, errors = 0, tickers = 0, trades = 0, depth_chunks = 0;
  std::uint64_t compared = 0, mismatched = 0, valid_steps = 0, crossed_steps = 0;
  std::uint64_t gap_actions = 0;
};

// bookTicker and diff depth share the order-book update id `u`: whenever the synced book
// has applied exactly the update a bookTicker reports (whichever of the two arrives
// first), its top must equal the ticker's best bid/ask, prices and quantities.
void compare_top(const BestBidOffer& t, const BookSync& sync, const OrderBook& book, CaptureCounters& c) {
  if (!sync.book_valid() || book.last_update_id() != t.update_id) return;
  ++c.compared;
  PriceLevel bid{}, ask{};
  const bool ok = book.best_bid(bid) && book.best_ask(ask) && bid.px == t.bid_px && bid.qty == t.bid_qty &&
                  ask.px == t.ask_px && ask.qty == t.ask_qty;
  if (!ok) ++c.mismatched;
}

}  // namespace

TEST_CASE("btcusdt_20240808 capture: zero errors, book in sync, top of book == bookTicker, no allocation") {
  const std::vector<Line>& lines = capture();
  REQUIRE(lines.size() == 93954);
  SymbolTable table;
  add_real_symbols(table);  // BTCUSDT tick 0.10, step 0.001 (unchanged in 2024)
  const SymbolId btc = table.find(xtb::binance::kVenueId, "BTCUSDT");
  Decoder dec(table, 1 << 16);
  OrderBook book(btc, 8192);
  BookSync sync(book, 4096);
  std::vector<Event> slots(1024);
  ArrayEventSink sink(slots.data(), slots.size());
  const RestContext snap = rest_ctx(RestKind::DepthSnapshot, 200, btc);
  CaptureCounters c;
  BestBidOffer last_ticker{};
  if (AllocGuard::enabled()) {  // the guard really counts an allocation made while armed
    const std::uint64_t before = AllocGuard::armed_allocations();
    {
      AllocGuard::Armed armed;
      void* (*volatile alloc)(std::size_t) = std::malloc;
      std::free(alloc(64));
    }
    REQUIRE(AllocGuard::armed_allocations() > before);
  }
  const std::uint64_t allocs_before = AllocGuard::armed_allocations();
  {
    AllocGuard::Armed armed;  // everything below must stay allocation-free
    for (const Line& l : lines) {
      ++c.frames;
      const DecodeResult r = l.snapshot ? dec.decode_rest(l.json.data(), l.json.len, l.json.capacity(), snap, sink)
                                        : dec.decode_frame(l.json.data(), l.json.len, l.json.capacity(), sink);
      if (r.status != DecodeStatus::Ok) { ++c.errors; continue; }
      for (std::uint32_t i = 0; i < r.events; ++i) {
        const Event& e = slots[i];
        if (e.h.type == EventType::DepthUpdate) {
          ++c.depth_chunks;
          const SyncAction a = sync.on_depth(e);
          if (a == SyncAction::Gap || a == SyncAction::Crossed) ++c.gap_actions;
          if (a == SyncAction::Applied && (e.h.flags & DepthUpdate::kLastChunk)) compare_top(last_ticker, sync, book, c);
        } else if (e.h.type == EventType::BestBidOffer) {
          ++c.tickers;
          last_ticker = e.bbo;
          compare_top(last_ticker, sync, book, c);
        } else if (e.h.type == EventType::Trade) {
          ++c.trades;
        }
      }
      if (sync.book_valid()) {
        ++c.valid_steps;
        if (book.crossed() || book.bids().empty() || book.asks().empty()) ++c.crossed_steps;
      }
    }
  }
  const std::uint64_t allocs = AllocGuard::armed_allocations() - allocs_before;
  CHECK(c.errors == 0);
  CHECK(dec.stats().errors() == 0);
  CHECK(c.tickers == 66089);
  CHECK(c.trades == 21313);
  CHECK(dec.stats().kind(MsgKind::DepthUpdate) == 6551);
  CHECK(dec.stats().kind(MsgKind::DepthSnapshot) == 1);
  const BookSyncStats& s = sync.stats();
  CHECK(s.snapshots == 1);
  CHECK(s.gaps == 0);
  CHECK(s.crossed == 0);
  CHECK(s.resyncs == 0);
  CHECK(c.gap_actions == 0);
  CHECK(s.messages_applied + s.stale_dropped >= 6500);
  CHECK(sync.book_valid());
  CHECK(c.crossed_steps == 0);
  CHECK(c.valid_steps > 90000);
  CHECK(c.compared > 500);  // 573 exact-update-id matches in this capture
  CHECK(c.mismatched == 0);
  CHECK(book.stats().dropped + book.stats().evicted == 0);  // 8192 levels per side suffice
  MESSAGE("capture: ", c.frames, " frames, ", c.depth_chunks, " depth chunks, ", s.messages_applied,
          " diffs applied, ", s.stale_dropped, " stale before sync, book ", book.bids().size(), "x",
          book.asks().size(), " levels, ", c.compared, " bookTicker comparisons");
  if (AllocGuard::enabled()) CHECK(allocs == 0);
  else MESSAGE("alloc guard not linked: allocation check skipped");
}

TEST_CASE("capture decode throughput (informational, single thread, not asserted)") {
  const std::vector<Line>& lines = capture();
  SymbolTable table;
  add_real_symbols(table);
  Decoder dec(table, 1 << 16);
  std::vector<Event> slots(1024);
  ArrayEventSink sink(slots.data(), slots.size());
  const RestContext snap = rest_ctx(RestKind::DepthSnapshot, 200, table.find(xtb::binance::kVenueId, "BTCUSDT"));
  std::uint64_t events = 0;
  const auto t0 = std::chrono::steady_clock::now();
  for (const Line& l : lines) {
    const DecodeResult r = l.snapshot ? dec.decode_rest(l.json.data(), l.json.len, l.json.capacity(), snap, sink)
                                      : dec.decode_frame(l.json.data(), l.json.len, l.json.capacity(), sink);
    events += r.events;
  }
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  CHECK(dec.stats().errors() == 0);
  MESSAGE("decode throughput: ", lines.size(), " msgs in ", s * 1e3, " ms = ", lines.size() / s, " msgs/s, ",
          s * 1e9 / lines.size(), " ns/msg, ", events, " events");
}

TEST_CASE("RawFrame slots (inline and large) through an SpscRing<Event> sink") {
  const std::vector<Line>& lines = capture();
  SymbolTable table;
  add_real_symbols(table);
  Decoder dec(table, 1 << 16);
  LargeFramePool pool(4, 64 * 1024);
  SpscRing<Event> ring(1024);
  RingEventSink<SpscRing<Event>> sink(ring);
  RawFrame* frame = new RawFrame{};
  std::size_t large = 0, published = 0;
  for (std::size_t i = 0; i < 2000; ++i) {
    const Line& l = lines[i];
    if (l.snapshot) continue;
    const FrameStore fs = store_frame_payload(*frame, l.json.data(), l.json.len, pool);
    REQUIRE((fs == FrameStore::Inline || fs == FrameStore::Large));
    frame->rx_tsc = 1000 + i;
    frame->conn_id = 9;
    const DecodeResult r = dec.decode_frame(*frame, pool, sink);
    REQUIRE(r.status == DecodeStatus::Ok);
    sink.publish(r.events);
    published += r.events;
    if (frame->is_large()) {
      ++large;
      pool.release(frame->large_handle);
    }
    ring.consume([&](Event& e, std::uint64_t, bool) {
      CHECK(e.h.rx_tsc == 1000 + i);
      CHECK(e.h.conn_id == 9);
    });
  }
  delete frame;
  CHECK(large > 0);  // depth messages above 4 KiB took the pool path
  CHECK(published > 2000);
}

TEST_CASE("user-stream and REST decoding allocates nothing either") {
  SymbolTable table(64, 16);
  add_doc_symbols(table);
  Decoder dec(table, 1 << 16);
  std::vector<Padded> streams, rests;
  for (const char* f : {"user/order_update_trade.json", "user/account_update.json", "user/trade_lite.json",
                        "user/algo_update_new.json", "ws/ws_futures_order_update_adl.json",
                        "ws/ws_futures_algo_update_finished.json", "market/liquidation_stream.json",
                        "market/mark_price_stream.json", "market/agg_trade_stream.json"})
    streams.emplace_back(fixture(f));
  const RestKind kinds[] = {RestKind::Order, RestKind::OpenOrders, RestKind::PositionRisk, RestKind::Balance,
                            RestKind::Account, RestKind::OpenAlgoOrders};
  for (const char* f : {"http/order_response.json", "http/http_futures_account_orders.json", "http/position_risk.json",
                        "http/balance.json", "http/account_info_v2.json", "http/open_algo_orders.json"})
    rests.emplace_back(fixture(f));
  const Padded error(R"({"code":-5022,"msg":"Post Only order will be rejected."})");
  std::vector<Event> slots(64);
  ArrayEventSink sink(slots.data(), slots.size());
  std::uint64_t failures = 0;
  const std::uint64_t before = AllocGuard::armed_allocations();
  {
    AllocGuard::Armed armed;
    for (int rep = 0; rep < 100; ++rep) {
      for (const Padded& p : streams) failures += !dec.decode_frame(p.data(), p.len, p.capacity(), sink).ok();
      for (std::size_t i = 0; i < rests.size(); ++i)
        failures += !dec.decode_rest(rests[i].data(), rests[i].len, rests[i].capacity(), rest_ctx(kinds[i]), sink).ok();
      failures += !dec.decode_rest(error.data(), error.len, error.capacity(), rest_ctx(RestKind::Order, 400), sink).ok();
    }
  }
  CHECK(failures == 0);
  if (AllocGuard::enabled()) CHECK(AllocGuard::armed_allocations() == before);
}

namespace {

// "<prefix>: <json>" → json (cryptofeed lines put ": " before the payload).
std::string_view after_colon(std::string_view line) {
  const std::size_t p = line.find(": ");
  return p == std::string_view::npos ? std::string_view{} : line.substr(p + 2);
}

double leading_time(std::string_view line) {
  const std::size_t arrow = line.find(" -> ");
  const std::string_view t = arrow == std::string_view::npos ? line : line.substr(arrow + 4);
  return std::stod(std::string(t.substr(0, t.find(':'))));
}

}  // namespace

TEST_CASE("cryptofeed 2021-07 recording: 4 symbols decode and their books sync from REST snapshots") {
  const std::string info_file = read_file(data_path("binance-usdm/capture/cryptofeed_2021-07_exchange_info.txt"));
  SymbolTable table;
  REQUIRE(load_exchange_info(after_colon(info_file.substr(0, info_file.find('\n'))), table).ok());
  Decoder dec(table, 1 << 16);
  struct Item { double t; bool snapshot; SymbolId symbol; std::string json; };
  std::vector<Item> items;
  const std::string ws = read_file(data_path("binance-usdm/capture/cryptofeed_2021-07_ws.txt"));
  std::size_t pos = ws.find('\n') + 1;  // line 1 is the subscription URL
  while (pos < ws.size()) {
    std::size_t nl = ws.find('\n', pos);
    if (nl == std::string::npos) nl = ws.size();
    const std::string_view line(ws.data() + pos, nl - pos);
    pos = nl + 1;
    if (!line.empty()) items.push_back({leading_time(line), false, kNoSymbol, std::string(after_colon(line))});
  }
  const std::string snaps = read_file(data_path("binance-usdm/capture/cryptofeed_2021-07_depth_snapshots.txt"));
  pos = 0;
  while (pos < snaps.size()) {
    std::size_t nl = snaps.find('\n', pos);
    if (nl == std::string::npos) nl = snaps.size();
    const std::string_view line(snaps.data() + pos, nl - pos);
    pos = nl + 1;
    if (line.empty()) continue;
    const std::size_t s = line.find("symbol=") + 7;
    const SymbolId id = table.find(xtb::binance::kVenueId, line.substr(s, line.find('&', s) - s));
    REQUIRE(id != kNoSymbol);
    items.push_back({leading_time(line), true, id, std::string(after_colon(line))});
  }
  std::stable_sort(items.begin(), items.end(), [](const Item& a, const Item& b) { return a.t < b.t; });
  std::map<SymbolId, std::unique_ptr<OrderBook>> books;
  std::map<SymbolId, std::unique_ptr<BookSync>> syncs;
  for (const char* n : {"SUSHIUSDT", "AKROUSDT", "KEEPUSDT", "CTKUSDT"}) {
    const SymbolId id = table.find(xtb::binance::kVenueId, n);
    books[id] = std::make_unique<OrderBook>(id, 4096);
    syncs[id] = std::make_unique<BookSync>(*books[id], 1024);
  }
  std::size_t decoded = 0, ignored = 0;
  for (const Item& it : items) {
    const Decoded d = it.snapshot ? decode_rest(dec, it.json, rest_ctx(RestKind::DepthSnapshot, 200, it.symbol), 512)
                                  : decode_stream(dec, it.json, 512);
    REQUIRE_MESSAGE((d.r.ok() || d.r.status == DecodeStatus::Ignored), it.json.substr(0, 120));
    if (d.r.status == DecodeStatus::Ignored) ++ignored;
    else ++decoded;
    for (const Event& e : d.ev)
      if (e.h.type == EventType::DepthUpdate) syncs.at(e.h.symbol)->on_depth(e);
  }
  CHECK(dec.stats().errors() == 0);
  CHECK(ignored == 67);  // kline_1m
  CHECK(decoded == items.size() - 67);
  for (auto& [id, sync] : syncs) {
    const std::string_view symbol_name = table.name(id);  // clang-14: a lambda cannot capture a binding
    CAPTURE(symbol_name);
    CHECK(sync->stats().snapshots == 1);
    CHECK(sync->stats().gaps == 0);
    CHECK(sync->stats().crossed == 0);
    CHECK(sync->book_valid());
    CHECK(sync->stats().messages_applied > 100);
    CHECK(books[id]->spread() > 0);
  }
}
