// test_ingest.cpp — the live ingest stage against the fake Binance peer on loopback TLS:
// the real recorded BTCUSDT capture streamed on /stream?streams=... arrives in R1 byte for
// byte and in order, decodes to exactly the events the recording decodes to, and a
// server-side disconnect shows up as ConnState frames followed by a reconnect.
#include <doctest/doctest.h>

#include <cstring>

#include "venue/binance/live/ingest_stage.hpp"
#include "core/runner.hpp"
#include "live_test_util.hpp"
#include "venue/binance/decode_frame.hpp"

using namespace xtb;
using namespace xtb::live::test;

namespace {

constexpr std::uint16_t kTag = 1;

binance::IngestConfig ingest_config(const Pki& pki, std::uint16_t port) {
  const std::vector<std::string> syms{"BTCUSDT"};
  const binance::MarketStream kinds[] = {binance::MarketStream::BookTicker, binance::MarketStream::Trade,
                                         binance::MarketStream::Depth0ms};
  binance::IngestConfig cfg;
  cfg.endpoint.host = "localhost";
  cfg.endpoint.port = port;
  cfg.endpoint.connect_address = "127.0.0.1";
  cfg.endpoint.ca_file = pki.pki.ca.cert_path;
  std::string err;
  cfg.market = binance::make_market_specs(binance::plan_market_connections(syms, kinds, binance::PathStyle::Combined), kTag, &err);
  REQUIRE_MESSAGE(cfg.market.size() == 1, err);
  cfg.feed.backoff.initial_ns = 20'000'000;  // reconnect quickly in tests
  return cfg;
}

/// Decodes `text` into zeroed slots; header fields that depend on the transport cleared.
std::vector<Event> decode(binance::Decoder& dec, const std::string& text, binance::DecodeResult& r) {
  std::vector<std::uint8_t> buf(text.size() + RawFrame::kPadding, 0);
  std::memcpy(buf.data(), text.data(), text.size());
  std::vector<Event> ev(64);
  binance::ArrayEventSink sink(ev.data(), ev.size());
  r = dec.decode_frame(buf.data(), text.size(), buf.size(), sink, 0, 0);
  ev.resize(r.events);
  return ev;
}

}  // namespace

TEST_CASE("ingest: capture over TLS WebSocket → R1 in order and decoded like the recording; drop → reconnect") {
  calibrate_clock_once();
  net::Backend backend = net::Backend::Auto;  // io_uring on this kernel
  SUBCASE("io_uring") { backend = net::Backend::Auto; }
  SUBCASE("epoll") { backend = net::Backend::Epoll; }
  Pki pki;
  BinancePeer peer(pki);
  VenueRules venue;
  SpscRing<RawFrame> r1(1024);
  LargeFramePool pool(16, 256 * 1024);
  binance::IngestConfig cfg = ingest_config(pki, peer.ws_port());
  cfg.loop.backend = backend;
  binance::IngestStage ingest(cfg, r1, pool);
  ThreadedRunner runner;
  runner.add(ingest, StageThreadConfig{"t-ingest"});
  REQUIRE(runner.start().empty());

  std::vector<FrameCopy> got;
  REQUIRE(wait_until([&] {
    drain_frames(r1, pool, got);
    return peer.open_ws("/stream") == 1 && ingest.all_open();
  }));
  REQUIRE(peer.ws_targets().size() == 1);
  CHECK(peer.ws_targets()[0] == "/stream?streams=btcusdt@bookTicker/btcusdt@trade/btcusdt@depth@0ms");
  CHECK(states_of(got, kTag) == std::vector<ConnStatus>{ConnStatus::Connecting, ConnStatus::Connected});

  // 3000 real messages, then check order, bytes, stamps and decoding.
  const auto& lines = capture().ws;
  const std::size_t n = 3000;
  REQUIRE(lines.size() > n + 200);
  peer.push("/stream", std::vector<std::string>(lines.begin(), lines.begin() + n));
  REQUIRE(wait_until([&] {
    drain_frames(r1, pool, got);
    return count_kind(got, FrameKind::WsText) >= n;
  }, 30000));
  binance::Decoder dec(venue.symbols);
  std::size_t i = 0, large = 0, events = 0;
  TscTicks last_rx = 0;
  for (const FrameCopy& f : got) {
    if (f.kind != FrameKind::WsText) continue;
    REQUIRE(f.body == lines[i]);  // same bytes, same order
    CHECK(f.conn == kTag);
    CHECK(f.rx_tsc >= last_rx);
    last_rx = f.rx_tsc;
    large += f.large ? 1 : 0;
    binance::DecodeResult a, b;
    const std::vector<Event> live = decode(dec, f.body, a);
    const std::vector<Event> rec = decode(dec, lines[i], b);
    REQUIRE(a.status == binance::DecodeStatus::Ok);
    REQUIRE(a.events == b.events);
    CHECK(std::memcmp(live.data(), rec.data(), live.size() * sizeof(Event)) == 0);
    events += a.events;
    ++i;
  }
  CHECK(i == n);
  CHECK(events > n);  // depth messages are several chunks
  std::size_t longest = 0;
  for (std::size_t k = 0; k < n; ++k) longest = std::max(longest, lines[k].size());
  if (longest > RawFrame::kInlineCapacity) CHECK(large > 0);  // the pool path was exercised
  CHECK(ingest.stats().messages.get() == n);
  CHECK(dec.stats().errors() == 0);

  // The venue drops the connection: Disconnected, then the pump reconnects by itself.
  const std::size_t before = got.size();
  peer.drop_ws();
  REQUIRE(wait_until([&] {
    drain_frames(r1, pool, got);
    return states_of(got, kTag).size() >= 5 && peer.open_ws("/stream") == 1 && ingest.all_open();
  }));
  const std::vector<ConnStatus> st = states_of(got, kTag);
  CHECK(st[2] == ConnStatus::Disconnected);
  CHECK(st[3] == ConnStatus::Connecting);
  CHECK(st[4] == ConnStatus::Connected);
  for (std::size_t k = before; k < got.size(); ++k)
    if (got[k].kind == FrameKind::ConnState && got[k].conn_meta.status == static_cast<std::uint8_t>(ConnStatus::Disconnected))
      CHECK(got[k].conn_meta.reason != 0);  // peer-initiated: a TLS/TCP reason, not "closed by us"
  peer.push("/stream", std::vector<std::string>(lines.begin() + n, lines.begin() + n + 200));
  REQUIRE(wait_until([&] {
    drain_frames(r1, pool, got);
    return count_kind(got, FrameKind::WsText) >= n + 200;
  }));
  CHECK(got.back().body == lines[n + 199]);

  ingest.request_stop();
  runner.join();
  drain_frames(r1, pool, got);
  CHECK(ingest.finished());
  REQUIRE(got.back().kind == FrameKind::ConnState);
  CHECK(got.back().conn_meta.status == static_cast<std::uint8_t>(ConnStatus::Disconnected));
  CHECK(got.back().conn_meta.reason == 0);
  const auto fs = ingest.feed_stats();
  REQUIRE(fs.size() == 1);
  CHECK(fs[0].connects == 2);
  CHECK(fs[0].disconnects == 1);
}

TEST_CASE("ingest: 24 h rotation hook → make-before-break, no Disconnected, no message lost") {
  calibrate_clock_once();
  Pki pki;
  BinancePeer peer(pki);
  SpscRing<RawFrame> r1(1024);
  LargeFramePool pool(16, 256 * 1024);
  binance::IngestConfig cfg = ingest_config(pki, peer.ws_port());
  cfg.feed.ws.rotate_after_ns = 1'000'000'000;  // Binance: 23 h 30 min; here 1 s
  binance::IngestStage ingest(cfg, r1, pool);
  ThreadedRunner runner;
  runner.add(ingest, StageThreadConfig{"t-ingest"});
  REQUIRE(runner.start().empty());

  std::vector<FrameCopy> got;
  // The rotation opens a second connection to the same target while the first stays up.
  REQUIRE(wait_until([&] {
    drain_frames(r1, pool, got);
    return peer.ws_targets().size() >= 2 && peer.open_ws("/stream") == 2;
  }));
  CHECK(peer.ws_targets()[1] == peer.ws_targets()[0]);
  // Messages now reach both; the replacement's first one retires the old connection.
  const auto& lines = capture().ws;
  peer.push("/stream", std::vector<std::string>(lines.begin(), lines.begin() + 50));
  REQUIRE(wait_until([&] {
    drain_frames(r1, pool, got);
    return peer.open_ws("/stream") == 1 && peer.ws_idle() && count_kind(got, FrameKind::WsText) >= 50;
  }));
  ingest.request_stop();
  runner.join();
  drain_frames(r1, pool, got);

  // Every line arrived, in order; the overlap may repeat a line, never skip or reorder.
  std::size_t next = 0;
  for (const FrameCopy& f : got) {
    if (f.kind != FrameKind::WsText) continue;
    if (next < 50 && f.body == lines[next]) { ++next; continue; }
    bool repeat = false;
    for (std::size_t k = 0; k < next && !repeat; ++k) repeat = f.body == lines[k];
    CHECK_MESSAGE(repeat, "unexpected message during rotation");
  }
  CHECK(next == 50);
  // The stream never went down: Connecting, Connected, then only the final stop.
  CHECK(states_of(got, kTag) ==
        std::vector<ConnStatus>{ConnStatus::Connecting, ConnStatus::Connected, ConnStatus::Disconnected});
  const auto fs = ingest.feed_stats();
  REQUIRE(fs.size() == 1);
  CHECK(fs[0].rotations >= 1);
  CHECK(fs[0].disconnects == 0);
}

TEST_CASE("ingest targets: legacy combined / raw, split /public + /market, user-data paths") {
  const std::vector<std::string> syms{"BTCUSDT"};
  const binance::MarketStream kinds[] = {binance::MarketStream::BookTicker, binance::MarketStream::AggTrade,
                                         binance::MarketStream::Depth100ms, binance::MarketStream::MarkPrice1s};
  auto specs = binance::make_market_specs(binance::plan_market_connections(syms, kinds, binance::PathStyle::Split), 10);
  REQUIRE(specs.size() == 2);
  CHECK(specs[0].tag == 10);
  CHECK(specs[0].target == "/public/stream?streams=btcusdt@bookTicker/btcusdt@depth@100ms");
  CHECK(specs[1].tag == 11);
  CHECK(specs[1].target == "/market/stream?streams=btcusdt@aggTrade/btcusdt@markPrice@1s");
  specs = binance::make_market_specs(binance::plan_market_connections(syms, kinds, binance::PathStyle::Raw), 1);
  REQUIRE(specs.size() == 4);
  CHECK(specs[2].target == "/ws/btcusdt@depth@100ms");
  specs = binance::make_market_specs(binance::plan_market_connections(syms, kinds, binance::PathStyle::Combined), 1);
  REQUIRE(specs.size() == 1);
  CHECK(specs[0].target == "/stream?streams=btcusdt@bookTicker/btcusdt@aggTrade/btcusdt@depth@100ms/btcusdt@markPrice@1s");
  CHECK(binance::user_stream_target(binance::UserStreamPath::Legacy, kListenKeys[0]) == "/ws/" + kListenKeys[0]);
  CHECK(binance::user_stream_target(binance::UserStreamPath::Private, kListenKeys[0]) ==
        "/private/ws?listenKey=" + kListenKeys[0]);
  CHECK(binance::user_stream_target(binance::UserStreamPath::Legacy, "bad/key").empty());
}
