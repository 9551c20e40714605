// xtb-sim market data end to end, with our own clients (src/net TLS + WebSocket + HTTP):
//   * the combined stream carries the capture's bytes exactly, in order, for the whole
//     BTCUSDT capture (and the replay rate served is reported);
//   * a client that syncs its book the documented way (BookSync: buffered diffs +
//     REST snapshot) stays continuous, and its book equals the server's next snapshot at
//     the same update id;
//   * the cryptofeed capture with its snapshot file replays four symbols;
//   * public REST shapes (time, exchangeInfo, premiumIndex, markPriceUpdate stream).
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <fstream>
#include <sstream>

#include "market/book_sync.hpp"
#include "market/order_book.hpp"
#include "sim/capture.hpp"
#include "sim_harness.hpp"
#include "venue/binance/decode_frame.hpp"
#include "venue/binance/exchange_info.hpp"
#include "venue/binance/venue_id.hpp"

using namespace xtb;
using namespace xtb::simtest;

namespace {

const std::string kBtcCapture = "binance-usdm/capture/btcusdt_20240808.gz";

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct Decoding {
  SymbolTable symbols;
  std::unique_ptr<binance::Decoder> decoder;
  std::vector<Event> events = std::vector<Event>(4096);
  std::vector<std::uint8_t> buf = std::vector<std::uint8_t>(1 << 20);
  Decoding() {
    const auto r = binance::load_exchange_info(
        read_text(data_path("binance-usdm/fixtures/http/http_futures_market_exchange_info.json")), symbols);
    REQUIRE(r.ok());
    decoder = std::make_unique<binance::Decoder>(symbols);
  }
  // Decodes a stream message (rest = false) or a depth snapshot body; returns the events.
  std::size_t decode(std::string_view js, bool rest) {
    REQUIRE(js.size() + simdjson::SIMDJSON_PADDING <= buf.size());
    std::memcpy(buf.data(), js.data(), js.size());
    std::memset(buf.data() + js.size(), 0, simdjson::SIMDJSON_PADDING);
    binance::ArrayEventSink sink(events.data(), events.size());
    binance::DecodeResult r;
    if (rest) {
      binance::RestContext rc;
      rc.kind = binance::RestKind::DepthSnapshot;
      rc.symbol = symbols.find(xtb::binance::kVenueId, "BTCUSDT");
      r = decoder->decode_rest(buf.data(), js.size(), buf.size(), rc, sink);
    } else {
      r = decoder->decode_frame(buf.data(), js.size(), buf.size(), sink);
    }
    REQUIRE_MESSAGE(r.ok(), std::string(js.substr(0, 120)));
    return r.events;
  }
};

}  // namespace

TEST_CASE("combined stream: the whole BTCUSDT capture, byte for byte, in order (speed max)") {
  const Capture cap = Capture::load(data_path(kBtcCapture));
  std::vector<std::string_view> expected;
  for (std::size_t i = 0; i < cap.size(); ++i)
    if (cap.json(i).rfind("{\"stream\":", 0) == 0) expected.push_back(cap.json(i));  // the REST snapshot is not streamed
  SimProcess sim;
  REQUIRE_MESSAGE(sim.start({"--capture", data_path(kBtcCapture), "--speed", "0", "--hold"}), sim.log());
  ClientLoop cl(sim.cert());
  WsClient ws(cl, sim.port(), "/stream?streams=btcusdt@bookTicker/btcusdt@depth@0ms/btcusdt@trade");
  std::size_t got = 0, mismatches = 0, first_bad = SIZE_MAX;
  std::chrono::steady_clock::time_point t_first, t_last;
  ws.on_msg = [&](std::string_view m) {
    if (got == 0) t_first = std::chrono::steady_clock::now();
    if (got >= expected.size() || m != expected[got]) {
      if (first_bad == SIZE_MAX) first_bad = got;
      ++mismatches;
    }
    ++got;
    t_last = std::chrono::steady_clock::now();
  };
  REQUIRE(ws.wait_open());
  CHECK(cl.run_until([&] { return got >= expected.size(); }, 60000));
  CHECK(got == expected.size());
  CHECK_MESSAGE(mismatches == 0, "first mismatch at message " << first_bad);
  const double secs = std::chrono::duration<double>(t_last - t_first).count();
  MESSAGE("replay served " << got << " combined-stream messages in " << secs << " s = "
                           << static_cast<long>(static_cast<double>(got) / (secs > 0 ? secs : 1)) << " msg/s");
  CHECK(sim.wait_log("replay: done", 5000));
}

TEST_CASE("depth: REST snapshot + raw diff stream keep a BookSync book continuous and equal to the server's") {
  SimProcess sim;
  REQUIRE_MESSAGE(sim.start({"--capture", data_path(kBtcCapture), "--speed", "20", "--hold"}), sim.log());
  ClientLoop cl(sim.cert());
  Decoding dec;
  OrderBook book(dec.symbols.find(xtb::binance::kVenueId, "BTCUSDT"), 4096);
  BookSync sync(book);
  // Alias: the capture recorded @depth@0ms; @100ms is served from it (stream_hub.hpp).
  WsClient ws(cl, sim.port(), "/ws/btcusdt@depth@100ms");
  REQUIRE(ws.wait_open());
  REQUIRE(cl.run_until([&] { return ws.messages.size() >= 5; }, 20000));
  RestClient rest(cl, sim.port());
  const HttpResult snap = rest.request("GET", "/fapi/v1/depth?symbol=BTCUSDT&limit=1000");
  REQUIRE(snap.status == 200);
  CHECK(snap.header("x-mbx-used-weight-1m") == "20");
  std::size_t applied_msgs = 0;
  auto feed_ws = [&](std::size_t max) {
    std::size_t n = 0;
    while (!ws.messages.empty() && n < max) {
      const std::string m = std::move(ws.messages.front());
      ws.messages.pop_front();
      CHECK(m.rfind("{\"e\":\"depthUpdate\"", 0) == 0);  // raw stream: no wrapper
      const std::size_t k = dec.decode(m, false);
      for (std::size_t i = 0; i < k; ++i) sync.on_depth(dec.events[i]);
      ++n;
      ++applied_msgs;
    }
  };
  feed_ws(SIZE_MAX);  // buffered: no snapshot yet
  const std::size_t k = dec.decode(snap.body, true);
  for (std::size_t i = 0; i < k; ++i) sync.on_depth(dec.events[i]);
  cl.run_for(1500);
  feed_ws(SIZE_MAX);
  CHECK(sync.state() == SyncState::Synced);
  CHECK(sync.book_valid());
  CHECK(sync.stats().gaps == 0);
  CHECK(sync.stats().crossed == 0);
  // Second snapshot at L2: replay our diffs one by one up to u == L2, then compare.
  const HttpResult snap2 = rest.request("GET", "/fapi/v1/depth?symbol=BTCUSDT&limit=20");
  REQUIRE(snap2.status == 200);
  const std::uint64_t l2 = std::stoull(json_field(snap2.body, "lastUpdateId"));
  CHECK(cl.run_until([&] {
    feed_ws(1);
    return book.last_update_id() >= l2;
  }, 20000));
  REQUIRE(book.last_update_id() == l2);
  OrderBook server_book(book.symbol(), 64);
  const std::size_t k2 = dec.decode(snap2.body, true);
  for (std::size_t i = 0; i < k2; ++i) server_book.apply_chunk(dec.events[i].depth);
  PriceLevel mine[20], theirs[20];
  REQUIRE(book.bids().top(mine, 20) == 20);
  REQUIRE(server_book.bids().top(theirs, 20) == 20);
  for (int i = 0; i < 20; ++i) CHECK((mine[i].px == theirs[i].px && mine[i].qty == theirs[i].qty));
  REQUIRE(book.asks().top(mine, 20) == 20);
  REQUIRE(server_book.asks().top(theirs, 20) == 20);
  for (int i = 0; i < 20; ++i) CHECK((mine[i].px == theirs[i].px && mine[i].qty == theirs[i].qty));
  MESSAGE("book synced over " << applied_msgs << " diffs, lastUpdateId " << l2);
}

TEST_CASE("public REST: time, exchangeInfo (serverTime now), premiumIndex, bookTicker, markPrice stream") {
  SimProcess sim;
  REQUIRE_MESSAGE(sim.start({"--capture", data_path(kBtcCapture), "--speed", "5"}), sim.log());
  ClientLoop cl(sim.cert());
  RestClient rest(cl, sim.port());
  const std::int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                               std::chrono::system_clock::now().time_since_epoch()).count();
  const HttpResult t = rest.request("GET", "/fapi/v1/time", {}, {});
  REQUIRE(t.status == 200);
  CHECK(std::llabs(std::stoll(json_field(t.body, "serverTime")) - now) < 5000);
  const HttpResult info = rest.request("GET", "/fapi/v1/exchangeInfo", {}, {});
  REQUIRE(info.status == 200);
  CHECK(info.body.find("\"BTCUSDT\"") != std::string::npos);
  CHECK(std::llabs(std::stoll(json_field(info.body, "serverTime")) - now) < 5000);
  CHECK(rest.request("GET", "/fapi/v1/ping", {}, {}).body == "{}");
  cl.run_for(1200);  // let the mark publish
  const HttpResult pi = rest.request("GET", "/fapi/v1/premiumIndex?symbol=BTCUSDT", {}, {});
  REQUIRE(pi.status == 200);
  CHECK(json_field(pi.body, "symbol") == "BTCUSDT");
  CHECK(std::stod(json_field(pi.body, "markPrice")) > 50000);
  const HttpResult bt = rest.request("GET", "/fapi/v1/ticker/bookTicker?symbol=BTCUSDT", {}, {});
  REQUIRE(bt.status == 200);
  CHECK(std::stod(json_field(bt.body, "bidPrice")) < std::stod(json_field(bt.body, "askPrice")));
  CHECK(rest.request("GET", "/fapi/v1/depth?symbol=NOPEUSDT", {}, {}).body.find("-1121") != std::string::npos);
  CHECK(rest.request("GET", "/fapi/v9/nothing", {}, {}).status == 404);
  WsClient ws(cl, sim.port(), "/market/stream?streams=btcusdt@markPrice@1s");
  REQUIRE(ws.wait_open());
  REQUIRE(cl.run_until([&] { return !ws.messages.empty(); }, 5000));
  const std::string& m = ws.messages.front();
  CHECK(m.rfind("{\"stream\":\"btcusdt@markPrice@1s\",\"data\":{\"e\":\"markPriceUpdate\"", 0) == 0);
  ws.send(R"({"method":"SUBSCRIBE","params":["btcusdt@bookTicker"],"id":42})");
  CHECK(cl.run_until([&] {
    return std::any_of(ws.messages.begin(), ws.messages.end(), [](const std::string& s) {
      return s == R"({"result":null,"id":42})";
    });
  }, 5000));
  ws.send(R"({"method":"LIST_SUBSCRIPTIONS","id":"q"})");
  CHECK(cl.run_until([&] {
    return std::any_of(ws.messages.begin(), ws.messages.end(), [](const std::string& s) {
      return s == R"({"result":["btcusdt@markPrice@1s","btcusdt@bookTicker"],"id":"q"})";
    });
  }, 5000));
  ws.send("not json");
  CHECK(cl.run_until([&] {
    return std::any_of(ws.messages.begin(), ws.messages.end(),
                       [](const std::string& s) { return s.rfind("{\"error\":{\"code\":3,", 0) == 0; });
  }, 5000));
}

TEST_CASE("cryptofeed capture + snapshot file: four symbols replay and their books sync") {
  const std::string dir = "binance-usdm/capture/";
  SimProcess sim;
  REQUIRE_MESSAGE(sim.start({"--capture", data_path(dir + "cryptofeed_2021-07_ws.txt"), "--snapshots",
                             data_path(dir + "cryptofeed_2021-07_depth_snapshots.txt"), "--exchange-info",
                             data_path(dir + "cryptofeed_2021-07_exchange_info.txt"), "--speed", "0"}),
                  sim.log());
  REQUIRE(sim.wait_log("replay: done", 20000));
  CHECK(sim.log().find("decode_errors=0") != std::string::npos);
  ClientLoop cl(sim.cert());
  RestClient rest(cl, sim.port());
  for (const char* s : {"SUSHIUSDT", "AKROUSDT", "KEEPUSDT", "CTKUSDT"}) {
    const HttpResult d = rest.request("GET", std::string("/fapi/v1/depth?limit=5&symbol=") + s, {}, {});
    CHECK_MESSAGE(d.status == 200, s << ": " << d.body);
    CHECK(std::stoull(json_field(d.body, "lastUpdateId")) > 600'000'000'000ull);
  }
  CHECK(rest.request("GET", "/fapi/v1/exchangeInfo", {}, {}).body.find("\"rateLimits\"") != std::string::npos);
}
