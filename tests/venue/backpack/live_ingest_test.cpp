// live_ingest_test.cpp — the Backpack ingest stage against the fake-venue kit's Backpack
// peer (tests/support/backpack_preset.hpp: loopback TLS WebSocket server; it accepts any
// target, records each session's subscribed streams, verifies the private SUBSCRIBE's
// Ed25519 signature and pushes what the test gives it): both feeds connect to "/", each
// subscribes on open (the market one bumps market_opens), venue messages reach R1 tagged by
// feed (a push by stream reaches only the feed that subscribed it), and after a
// server-side drop both reconnect and subscribe again (the private SUBSCRIBE signed anew).
#include <doctest/doctest.h>

#include <atomic>

#include "backpack_preset.hpp"
#include "core/runner.hpp"
#include "data_files.hpp"
#include "ring_frames.hpp"
#include "test_util.hpp"
#include "wait_until.hpp"
#include "venue/backpack/live/ingest_stage.hpp"
#include "venue/backpack/live/stream_plan.hpp"

using namespace xtb;
using namespace xtb::test_support;
using xtb::backpack::LiveTags;

namespace {

// Client messages that carried a subscription signature, and how many of them verified.
std::pair<std::size_t, std::size_t> signed_subscribes(const LoopbackPeer& peer) {
  std::size_t n = 0, ok = 0;
  for (const WsMessage& m : peer.ws_received()) {
    n += m.signed_request ? 1 : 0;
    ok += m.signature_ok ? 1 : 0;
  }
  return {n, ok};
}

// WsText frames of feed `tag`.
std::size_t text_frames(const std::vector<FrameCopy>& got, std::uint16_t tag) {
  std::size_t n = 0;
  for (const FrameCopy& f : got) n += f.kind == FrameKind::WsText && f.conn == tag ? 1 : 0;
  return n;
}

}  // namespace

TEST_CASE("backpack ingest: subscribe on open, frames by feed, drop → reconnect → subscribe again") {
  calibrate_clock_once();
  TempPki pki("bp-ingest");
  BackpackPeer peer(PeerConfig{pki.pki.leaf.cert_path, pki.pki.leaf.key_path}, BackpackOptions{});
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
  REQUIRE(wait_until([&] {  // each feed's SUBSCRIBE reached the peer, on its own session
    return peer.ws_received().size() == 2 && peer.subscribed("bookTicker.SOL_USDC_PERP") == 1 &&
           peer.subscribed("account.orderUpdate") == 1;
  }));
  CHECK(signed_subscribes(peer) == std::pair<std::size_t, std::size_t>{1, 1});  // the private one, verified
  CHECK(states_of(got, LiveTags::kMarket) == std::vector<ConnStatus>{ConnStatus::Connecting, ConnStatus::Connected});
  CHECK(states_of(got, LiveTags::kUser) == std::vector<ConnStatus>{ConnStatus::Connecting, ConnStatus::Connected});

  const std::string msg = R"({"stream":"bookTicker.SOL_USDC_PERP","data":{"e":"bookTicker","s":"SOL_USDC_PERP"}})";
  const std::string err = R"({"id":null,"error":{"code":4006,"message":"Invalid stream"}})";
  peer.push("/", {msg, err});
  REQUIRE(wait_until([&] {
    drain_frames(r1, pool, got);
    return count_kind(got, FrameKind::WsText) >= 4;
  }));
  CHECK(text_frames(got, LiveTags::kMarket) == 2);
  CHECK(text_frames(got, LiveTags::kUser) == 2);
  CHECK(ingest.stats().ws_errors.get() == 2);
  peer.push_stream("bookTicker.SOL_USDC_PERP", {msg});  // only the session that subscribed it
  REQUIRE(wait_until([&] {
    drain_frames(r1, pool, got);
    return count_kind(got, FrameKind::WsText) >= 5;
  }));
  CHECK(text_frames(got, LiveTags::kMarket) == 3);
  CHECK(text_frames(got, LiveTags::kUser) == 2);

  peer.drop_ws();
  REQUIRE(wait_until([&] {
    drain_frames(r1, pool, got);
    return states_of(got, LiveTags::kUser).size() >= 5 && peer.open_ws("/") == 2 && ingest.all_open() &&
           opens.load() == 2;
  }));
  CHECK(ingest.stats().subscribes.get() == 4);
  REQUIRE(wait_until([&] { return peer.ws_received().size() == 4; }));
  CHECK(signed_subscribes(peer) == std::pair<std::size_t, std::size_t>{2, 2});  // signed anew, verified
  CHECK(peer.respond_errors() == 0);
  ingest.request_stop();
  runner.join();
  CHECK(ingest.finished());
  CHECK(ingest.error().empty());
}
