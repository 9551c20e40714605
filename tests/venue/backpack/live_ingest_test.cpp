// live_ingest_test.cpp — the Backpack ingest stage against the fake peer of tests/live
// (loopback TLS WebSocket server; it accepts any target and pushes what the test gives it):
// both feeds connect to "/", each subscribes on open (the market one bumps market_opens),
// venue messages reach R1 tagged by feed, and after a server-side drop both reconnect and
// subscribe again (the private SUBSCRIBE signed anew).
#include <doctest/doctest.h>

#include <atomic>

#include "core/runner.hpp"
#include "live_test_util.hpp"
#include "test_util.hpp"
#include "venue/backpack/live/ingest_stage.hpp"
#include "venue/backpack/live/stream_plan.hpp"

using namespace xtb;
using namespace xtb::live::test;
using xtb::backpack::LiveTags;

TEST_CASE("backpack ingest: subscribe on open, frames by feed, drop → reconnect → subscribe again") {
  calibrate_clock_once();
  Pki pki;
  FakeBinance peer(fake_config(pki));
  backpack::Ed25519Signer signer;
  REQUIRE(signer.set_seed_base64("nWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A=") == backpack::KeyError::Ok);
  backpack::ClientIdMap ids;
  backpack::RequestEncoder auth(signer, backpack::test::symbols(), ids);
  SpscRing<RawFrame> r1(1024);
  LargeFramePool pool(8, 64 * 1024);
  std::atomic<std::uint64_t> opens{0};
  backpack::IngestConfig cfg;
  cfg.endpoint.host = "localhost";
  cfg.endpoint.port = peer.ws_port();
  cfg.endpoint.connect_address = "127.0.0.1";
  cfg.endpoint.ca_file = pki.pki.ca.cert_path;
  cfg.public_streams = backpack::public_streams({"SOL_USDC_PERP"});
  cfg.backoff.initial_ns = 20'000'000;  // reconnect quickly in tests
  backpack::IngestStage ingest(cfg, r1, pool, &auth, &opens);
  ThreadedRunner runner;
  runner.add(ingest, StageThreadConfig{"t-ingest"});
  REQUIRE(runner.start().empty());

  std::vector<FrameCopy> got;
  REQUIRE(wait_until([&] {
    drain_frames(r1, pool, got);
    return peer.open_ws("/") == 2 && ingest.all_open() && opens.load() == 1;
  }));
  CHECK(peer.ws_targets() == std::vector<std::string>{"/", "/"});
  CHECK(ingest.stats().subscribes.get() == 2);
  CHECK(ingest.stats().subscribe_failures.get() == 0);
  CHECK(states_of(got, LiveTags::kMarket) == std::vector<ConnStatus>{ConnStatus::Connecting, ConnStatus::Connected});
  CHECK(states_of(got, LiveTags::kUser) == std::vector<ConnStatus>{ConnStatus::Connecting, ConnStatus::Connected});

  const std::string msg = R"({"stream":"bookTicker.SOL_USDC_PERP","data":{"e":"bookTicker","s":"SOL_USDC_PERP"}})";
  const std::string err = R"({"id":null,"error":{"code":4006,"message":"Invalid stream"}})";
  peer.push("/", {msg, err});
  REQUIRE(wait_until([&] {
    drain_frames(r1, pool, got);
    return count_kind(got, FrameKind::WsText) >= 4;
  }));
  std::size_t market = 0, user = 0;
  for (const FrameCopy& f : got) {
    if (f.kind != FrameKind::WsText) continue;
    market += f.conn == LiveTags::kMarket ? 1 : 0;
    user += f.conn == LiveTags::kUser ? 1 : 0;
  }
  CHECK(market == 2);
  CHECK(user == 2);
  CHECK(ingest.stats().ws_errors.get() == 2);

  peer.drop_ws();
  REQUIRE(wait_until([&] {
    drain_frames(r1, pool, got);
    return states_of(got, LiveTags::kUser).size() >= 5 && peer.open_ws("/") == 2 && ingest.all_open() &&
           opens.load() == 2;
  }));
  CHECK(ingest.stats().subscribes.get() == 4);
  ingest.request_stop();
  runner.join();
  CHECK(ingest.finished());
  CHECK(ingest.error().empty());
}
