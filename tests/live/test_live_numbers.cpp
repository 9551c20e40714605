// test_live_numbers.cpp — loopback measurements of the live stages against the fake peer
// (skipped by default: no timing assertions in the test suite). Run with
//   build-session/tests/live/test_live --no-skip -tc='numbers*'
// and read the MESSAGE lines. The fake peer is our own server code on the same machine,
// so these are pipeline + TLS + HTTP/WS costs on loopback, not venue latencies.
#include <doctest/doctest.h>

#include <algorithm>

#include "venue/binance/live/egress_stage.hpp"
#include "venue/binance/live/ingest_stage.hpp"
#include "core/runner.hpp"
#include "live_test_util.hpp"

using namespace xtb;
using namespace xtb::live::test;

namespace {
std::int64_t pct(std::vector<std::int64_t> v, double p) {
  std::sort(v.begin(), v.end());
  return v[static_cast<std::size_t>(p / 100.0 * static_cast<double>(v.size() - 1))];
}
}  // namespace

TEST_CASE("numbers: order round trip R3 → signed HTTPS → fake peer → R4" * doctest::skip()) {
  calibrate_clock_once();
  Pki pki;
  BinancePeer peer(pki);
  VenueRules venue;
  binance::HmacSha256Signer signer{kSecret};
  binance::OrderEncoder encoder{binance::EncoderConfig{}, signer, venue.encode};
  SpscRing<OrderCommand> r3(64);
  SpscRing<RawFrame> r4(64);
  LargeFramePool pool(4, 256 * 1024);
  binance::EgressConfig cfg;
  cfg.endpoint.host = "localhost";
  cfg.endpoint.port = peer.rest_port();
  cfg.endpoint.connect_address = "127.0.0.1";
  cfg.endpoint.ca_file = pki.pki.ca.cert_path;
  cfg.session.user_stream = false;
  cfg.rate.orders_limit_10s = cfg.rate.orders_limit_1m = 1'000'000;  // the fake has no order limit
  binance::EgressStage egress(cfg, binance::EgressVenue{encoder, signer, kApiKey, venue.encode}, binance::EgressStage::Rings{r3, r4, pool});
  r3.attach_doorbell(egress.doorbell());
  ThreadedRunner runner;
  runner.add(egress, StageThreadConfig{"t-egress", -1, WaitMode::Yield});
  REQUIRE(runner.start().empty());
  REQUIRE(wait_until([&] { return egress.ready() && egress.open_connections() == 2; }));
  std::vector<std::int64_t> rtt;
  for (int i = 0; i < 600; ++i) {
    OrderCommand c{};
    c.kind = CommandKind::NewOrder;
    c.symbol = venue.btc;
    c.side = Side::Buy;
    c.position_side = PositionSide::Long;
    c.type = OrderType::Limit;
    c.tif = TimeInForce::PostOnly;
    c.px = 500000;
    c.qty = 1;
    c.client_id.assign("xtb-n-" + std::to_string(i));
    const std::int64_t t0 = Clock::monotonic_ns();
    REQUIRE(r3.try_push(c));
    std::vector<FrameCopy> got;
    while (drain_frames(r4, pool, got) == 0) {}
    if (i >= 100) rtt.push_back(Clock::monotonic_ns() - t0);
    REQUIRE(got[0].response.http_status == 200);
  }
  egress.request_stop();
  runner.join();
  MESSAGE("order round trip (encode+sign+TLS+HTTP, fake peer, loopback) us: p50 "
          << pct(rtt, 50) / 1000.0 << "  p90 " << pct(rtt, 90) / 1000.0 << "  p99 " << pct(rtt, 99) / 1000.0);
}

TEST_CASE("numbers: ingest throughput, recorded capture over TLS WebSocket into R1" * doctest::skip()) {
  calibrate_clock_once();
  Pki pki;
  BinancePeer peer(pki);
  SpscRing<RawFrame> r1(4096);
  LargeFramePool pool(32, 256 * 1024);
  binance::IngestConfig cfg;
  cfg.endpoint.host = "localhost";
  cfg.endpoint.port = peer.ws_port();
  cfg.endpoint.connect_address = "127.0.0.1";
  cfg.endpoint.ca_file = pki.pki.ca.cert_path;
  cfg.market.push_back(binance::IngestStreamSpec{1, "/stream?streams=btcusdt@bookTicker/btcusdt@trade/btcusdt@depth@0ms"});
  binance::IngestStage ingest(cfg, r1, pool);
  ThreadedRunner runner;
  runner.add(ingest, StageThreadConfig{"t-ingest"});
  REQUIRE(runner.start().empty());
  std::vector<FrameCopy> got;
  REQUIRE(wait_until([&] { drain_frames(r1, pool, got); return ingest.all_open(); }));
  const auto& lines = capture().ws;
  const std::size_t n = std::min<std::size_t>(lines.size(), 50000);
  std::size_t bytes = 0;
  for (std::size_t i = 0; i < n; ++i) bytes += lines[i].size();
  got.clear();
  got.reserve(n + 16);
  const std::int64_t t0 = Clock::monotonic_ns();
  peer.push("/stream", std::vector<std::string>(lines.begin(), lines.begin() + n));
  std::size_t msgs = 0;
  while (msgs < n) {
    msgs += r1.consume([&](RawFrame& f, std::uint64_t, bool) {
      if (f.is_large()) pool.release(f.large_handle);
    });
  }
  const double s = static_cast<double>(Clock::monotonic_ns() - t0) / 1e9;
  ingest.request_stop();
  runner.join();
  MESSAGE("ingest: " << n << " messages (" << bytes / 1e6 << " MB) in " << s << " s = " << n / s / 1e3
                     << " k msgs/s, " << bytes / s / 1e6 << " MB/s (peer, ingest and consumer share the cores)");
}
