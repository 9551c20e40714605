// test_pipeline.cpp — the live stages wired together:
//   * LiveDecodeStage alone on synthetic R1/R4 frames (ResponseMeta → RestContext,
//     transport errors, local refusals, ConnState frames);
//   * the user-data stream: egress's listenKey connects ingest's user feed,
//     listenKeyExpired → new key → reconnect, a dropped user stream → PUT keep-alive;
//   * ingest + live decode + egress on their own threads against the fake peer, the test
//     thread playing the sequencer, with the allocation guard armed on the three stage
//     threads in steady state: zero heap allocations per message and per order.
#include <doctest/doctest.h>

#include <cstring>

#include "venue/binance/live/egress_stage.hpp"
#include "venue/binance/live/ingest_stage.hpp"
#include "pipeline/decode/live_decode_stage.hpp"
#include "venue/binance/decode_frame.hpp"
#include "core/alloc_guard.hpp"
#include "core/runner.hpp"
#include "live_test_util.hpp"
#include "net/tls/openssl_alloc.hpp"

using namespace xtb;
using namespace xtb::live::test;

namespace {

// OpenSSL's per-record allocations go to a pool (net/tls/openssl_alloc.hpp); it must be
// installed before OpenSSL's first allocation, hence a static initializer.
const bool g_openssl_pool = net::install_openssl_allocator();

struct Finished {
  bool done = false;
  bool finished() const noexcept { return done; }
};

constexpr std::uint16_t kMarketTag = 1, kUserTag = 64;

void put_frame(SpscRing<RawFrame>& ring, LargeFramePool& pool, FrameKind kind, std::uint16_t conn,
               const std::string& body, const ResponseMeta* meta = nullptr, const ConnMeta* cm = nullptr) {
  RawFrame* f = ring.try_claim();
  REQUIRE(f != nullptr);
  REQUIRE(store_frame_payload(*f, body.data(), body.size(), pool) != FrameStore::TooLarge);
  f->kind = kind;
  f->conn_id = conn;
  f->flags = 0;
  f->rx_tsc = 1234;
  if (meta) f->response = *meta;
  if (cm) f->conn = *cm;
  ring.publish(1);
}

std::vector<Event> take_events(SpscRing<Event>& r2) {
  std::vector<Event> out;
  r2.consume([&](Event& e, std::uint64_t, bool) { out.push_back(e); });
  return out;
}

binance::IngestConfig ingest_config(const Pki& pki, std::uint16_t port, bool user) {
  const std::vector<std::string> syms{"BTCUSDT"};
  const binance::MarketStream kinds[] = {binance::MarketStream::BookTicker, binance::MarketStream::Trade,
                                         binance::MarketStream::Depth0ms};
  binance::IngestConfig cfg;
  cfg.endpoint.host = "localhost";
  cfg.endpoint.port = port;
  cfg.endpoint.connect_address = "127.0.0.1";
  cfg.endpoint.ca_file = pki.pki.ca.cert_path;
  cfg.market = binance::make_market_specs(binance::plan_market_connections(syms, kinds, binance::PathStyle::Combined), kMarketTag);
  cfg.user_stream = user;
  cfg.user_tag = kUserTag;
  cfg.feed.backoff.initial_ns = 20'000'000;
  return cfg;
}

binance::EgressConfig egress_config(const Pki& pki, std::uint16_t port) {
  binance::EgressConfig cfg;
  cfg.endpoint.host = "localhost";
  cfg.endpoint.port = port;
  cfg.endpoint.connect_address = "127.0.0.1";
  cfg.endpoint.ca_file = pki.pki.ca.cert_path;
  cfg.backoff.initial_ns = 20'000'000;
  return cfg;
}

OrderCommand order(CommandKind k, SymbolId sym, std::string_view id) {
  OrderCommand c{};
  c.kind = k;
  c.venue = xtb::binance::kVenueId;
  c.symbol = sym;
  c.side = Side::Buy;
  c.position_side = PositionSide::Long;
  c.type = OrderType::Limit;
  c.tif = TimeInForce::PostOnly;
  c.px = 500000;
  c.qty = 1;
  c.generation = 1;
  c.client_id.assign(id);
  return c;
}

}  // namespace

TEST_CASE("live decode: stream, response, transport-error, local-refusal and ConnState frames from two rings") {
  VenueRules venue;
  SpscRing<RawFrame> r1(16), r4(16);
  LargeFramePool p1(2, 64 * 1024), p4(2, 256 * 1024);
  SpscRing<Event> r2(256);
  binance::Decoder dec(venue.symbols);
  Finished up1, up4;
  LiveDecodeStage<binance::Decoder, Finished, Finished> stage({r1, p1}, {r4, p4}, r2, dec, up1, up4);

  put_frame(r1, p1, FrameKind::WsText, kMarketTag, capture().ws[0]);
  ConnMeta cm{};
  cm.status = static_cast<std::uint8_t>(ConnStatus::Disconnected);
  cm.reason = 5103;
  put_frame(r1, p1, FrameKind::ConnState, kMarketTag, "", nullptr, &cm);
  ResponseMeta m{};
  m.rest_kind = static_cast<std::uint8_t>(binance::RestKind::Order);
  m.command = static_cast<std::uint8_t>(CommandKind::NewOrder);
  m.http_status = 0;
  m.transport_error = 1;
  m.symbol = venue.btc;
  m.generation = 9;
  m.client_id.assign("xtb-lost-1");
  put_frame(r4, p4, FrameKind::HttpResponse, 100, "", &m);  // no answer: typed, no body
  m.transport_error = 0;
  m.http_status = 503;
  m.local_refusal = static_cast<std::uint8_t>(LocalRefusal::NoConnection);  // refused locally: typed, no body
  m.client_id.assign("xtb-never-1");
  put_frame(r4, p4, FrameKind::HttpResponse, 0, "", &m);
  m.local_refusal = 0;
  m.rest_kind = static_cast<std::uint8_t>(binance::RestKind::DepthSnapshot);
  m.command = 0;
  m.http_status = 200;
  m.used_weight_1m = 20;
  put_frame(r4, p4, FrameKind::HttpResponse, 101, capture().snapshot, &m);

  CHECK(stage.poll() == 5);
  const std::vector<Event> ev = take_events(r2);
  // R4 first: unknown outcome, never-sent, then the snapshot chunks; R1 after.
  REQUIRE(ev.size() > 4);
  CHECK(ev[0].h.type == EventType::OrderAck);
  CHECK(ev[0].order_ack.status == OrderStatus::Unknown);
  CHECK(ev[0].order_ack.client_id.view() == "xtb-lost-1");
  CHECK(ev[0].order_ack.generation == 9);
  CHECK(ev[0].order_ack.request_kind == static_cast<std::uint8_t>(CommandKind::NewOrder));
  CHECK(ev[0].h.conn_id == 100);
  CHECK(ev[0].order_ack.error_code == -1007);
  CHECK(ev[1].order_ack.status == OrderStatus::Failed);
  CHECK(ev[1].order_ack.client_id.view() == "xtb-never-1");
  CHECK(ev[1].order_ack.error_code == -1001);
  CHECK(ev[2].h.type == EventType::DepthUpdate);
  CHECK((ev[2].h.flags & DepthUpdate::kSnapshot) != 0);
  CHECK(ev[2].h.symbol == venue.btc);
  const Event& cs = ev.back();
  CHECK(cs.h.type == EventType::ConnState);
  CHECK(cs.conn_state.status == ConnStatus::Disconnected);
  CHECK(cs.conn_state.reason == 5103);
  CHECK(cs.h.conn_id == kMarketTag);
  CHECK(cs.h.rx_tsc == 1234);
  const Event& md = ev[ev.size() - 2];
  CHECK(md.h.type == EventType::DepthUpdate);  // the first capture line is a depth diff
  CHECK((md.h.flags & DepthUpdate::kSnapshot) == 0);
  CHECK(p4.acquired() == 1);  // the snapshot went through the pool and came back
  CHECK_FALSE(stage.finished());
  up1.done = up4.done = true;
  stage.poll();
  CHECK(stage.finished());
  CHECK(stage.conn_states() == 1);
  CHECK(stage.responses() == 3);
}

TEST_CASE("user stream: listenKey → /ws/<key>; listenKeyExpired → new key, reconnect; drop → PUT keep-alive") {
  calibrate_clock_once();
  Pki pki;
  BinancePeer peer(pki);
  VenueRules venue;
  binance::HmacSha256Signer signer{kSecret};
  binance::OrderEncoder encoder{binance::EncoderConfig{}, signer, venue.encode};
  SpscRing<RawFrame> r1(256), r4(64);
  LargeFramePool p1(4, 64 * 1024), p4(4, 256 * 1024);
  SpscRing<OrderCommand> r3(16);
  SpscRing<binance::SessionSignal> e2i(16), i2e(16);
  binance::IngestStage ingest(ingest_config(pki, peer.ws_port(), true), r1, p1, &e2i, &i2e);
  binance::EgressStage egress(egress_config(pki, peer.rest_port()), binance::EgressVenue{encoder, signer, kApiKey, venue.encode},
                     binance::EgressStage::Rings{r3, r4, p4, &e2i, &i2e, nullptr});
  r3.attach_doorbell(egress.doorbell());
  ThreadedRunner runner;
  runner.add(ingest, StageThreadConfig{"t-ingest"});
  runner.add(egress, StageThreadConfig{"t-egress"});
  REQUIRE(runner.start().empty());

  const std::string t0 = "/ws/" + kListenKeys[0], t1 = "/ws/" + kListenKeys[1];
  std::vector<FrameCopy> got;
  REQUIRE(wait_until([&] {
    drain_frames(r1, p1, got);
    return peer.open_ws(t0) == 1 && ingest.all_open();
  }));
  const std::string update = fixture_text("user/order_update_new.json");
  peer.push(t0, {update});
  REQUIRE(wait_until([&] {
    drain_frames(r1, p1, got);
    for (const auto& f : got)
      if (f.conn == kUserTag && f.kind == FrameKind::WsText) return true;
    return false;
  }));
  for (const auto& f : got)
    if (f.conn == kUserTag && f.kind == FrameKind::WsText) CHECK(f.body == update);

  peer.push(t0, {R"({"e":"listenKeyExpired","E":1576653824250,"listenKey":")" + kListenKeys[0] + "\"}"});
  REQUIRE(wait_until([&] {
    drain_frames(r1, p1, got);
    return peer.open_ws(t1) == 1 && ingest.all_open();
  }));
  CHECK(peer.count("POST", "/fapi/v1/listenKey") == 2);
  CHECK(ingest.stats().listen_key_expired.get() == 1);
  CHECK(states_of(got, kUserTag) == std::vector<ConnStatus>{ConnStatus::Connecting, ConnStatus::Connected,
                                                            ConnStatus::Disconnected, ConnStatus::Connecting,
                                                            ConnStatus::Connected});

  // The user stream drops and comes back with the same key: egress re-validates it (PUT).
  peer.drop_ws();
  REQUIRE(wait_until([&] {
    drain_frames(r1, p1, got);
    return peer.count("PUT", "/fapi/v1/listenKey") == 1 && peer.open_ws(t1) == 1;
  }));
  ingest.request_stop();
  egress.request_stop();
  runner.join();
  CHECK(peer.count("DELETE", "/fapi/v1/listenKey") == 1);
  CHECK(egress.stats().listen_keys.get() == 2);
}

TEST_CASE("pipeline: ingest + decode + egress threads vs the fake peer; zero hot-path allocations") {
  calibrate_clock_once();
  REQUIRE(g_openssl_pool);
  Pki pki;
  BinancePeer peer(pki);
  VenueRules venue;
  binance::HmacSha256Signer signer{kSecret};
  binance::OrderEncoder encoder{binance::EncoderConfig{}, signer, venue.encode};
  SpscRing<RawFrame> r1(1024), r4(64);
  LargeFramePool p1(16, 256 * 1024), p4(4, 256 * 1024);
  SpscRing<Event> r2(16384);
  SpscRing<OrderCommand> r3(64);
  SpscRing<binance::SessionSignal> e2i(16), i2e(16), seq2e(16);
  binance::Decoder dec(venue.symbols);
  binance::IngestStage ingest(ingest_config(pki, peer.ws_port(), true), r1, p1, &e2i, &i2e);
  binance::EgressConfig ecfg = egress_config(pki, peer.rest_port());
  ecfg.loop.backend = net::Backend::Epoll;  // ingest on io_uring, egress on the epoll fallback
  binance::EgressStage egress(ecfg, binance::EgressVenue{encoder, signer, kApiKey, venue.encode},
                     binance::EgressStage::Rings{r3, r4, p4, &e2i, &i2e, &seq2e});
  LiveDecodeStage<binance::Decoder, binance::IngestStage, binance::EgressStage> decode({r1, p1}, {r4, p4}, r2, dec, ingest, egress);
  r1.attach_doorbell(decode.doorbell());
  r4.attach_doorbell(decode.doorbell());
  r3.attach_doorbell(egress.doorbell());
  ThreadedRunner runner;
  runner.add(ingest, StageThreadConfig{"t-ingest"});
  runner.add(decode, StageThreadConfig{"t-decode", -1, WaitMode::Blocking, 0, true, 1});
  runner.add(egress, StageThreadConfig{"t-egress"});
  REQUIRE(runner.start().empty());

  // The sequencer's view: counts per event type.
  std::size_t acks = 0, market = 0, updates = 0, conn = 0, errors = 0;
  auto drain = [&] {
    r2.consume([&](Event& e, std::uint64_t, bool) {
      switch (e.h.type) {
        case EventType::OrderAck: ++acks; break;
        case EventType::OrderUpdate: ++updates; break;
        case EventType::ConnState: ++conn; break;
        case EventType::DecodeError: ++errors; break;
        default: ++market; break;
      }
    });
  };
  const std::string user_target = "/ws/" + kListenKeys[0];
  REQUIRE(wait_until([&] {
    drain();
    return ingest.all_open() && egress.ready() && peer.open_ws(user_target) == 1;
  }));
  const auto& lines = capture().ws;
  const std::string update = fixture_text("user/order_update_new.json");
  auto round = [&](std::size_t first, std::size_t count, int orders) {
    const std::size_t acks0 = acks, updates0 = updates;
    peer.push("/stream", std::vector<std::string>(lines.begin() + first, lines.begin() + first + count));
    peer.push(user_target, std::vector<std::string>(orders, update));
    for (int i = 0; i < orders; ++i) {
      const std::string id = "xtb-p-" + std::to_string(first) + "-" + std::to_string(i);
      REQUIRE(wait_until([&] { drain(); return r3.try_push(order(CommandKind::NewOrder, venue.btc, id)); }));
      REQUIRE(wait_until([&] { drain(); return r3.try_push(order(CommandKind::CancelOrder, venue.btc, id)); }));
    }
    REQUIRE(wait_until([&] {
      drain();
      return acks == acks0 + 2 * orders && updates == updates0 + orders && peer.ws_idle() &&
             ingest.stats().messages.get() >= first + count + updates0 + orders;
    }, 30000));
  };
  round(0, 500, 3);  // warm-up: first use of every path
  ingest.set_alloc_guard(true);
  egress.set_alloc_guard(true);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));  // applied at each stage's next poll
  const std::uint64_t armed0 = AllocGuard::armed_allocations();
  round(500, 2000, 20);
  ingest.set_alloc_guard(false);
  egress.set_alloc_guard(false);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  const std::uint64_t hot = AllocGuard::armed_allocations() - armed0;

  // A reconnect (new sockets, new TLS sessions) does allocate on the armed ingest thread:
  // inside the connection pump's cold sections (docs/live-pipeline.md "Allocation
  // policy"), so the guard counts it apart as cold (positive control), not as hot.
  ingest.set_alloc_guard(true);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  const std::uint64_t armed1 = AllocGuard::armed_allocations();
  const std::uint64_t cold1 = AllocGuard::cold_allocations();
  peer.drop_ws();
  REQUIRE(wait_until([&] {
    drain();
    return conn >= 8 && ingest.all_open() && peer.open_ws("/stream") == 1 && peer.open_ws(user_target) == 1;
  }));
  ingest.set_alloc_guard(false);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  const std::uint64_t reconnect_allocs = AllocGuard::armed_allocations() - armed1;
  const std::uint64_t reconnect_cold = AllocGuard::cold_allocations() - cold1;

  ingest.request_stop();
  egress.request_stop();
  runner.join();
  drain();
  CHECK(decode.finished());
  CHECK(errors == 0);
  CHECK(acks == 46);
  CHECK(updates == 23);
  CHECK(market > 2500);
  CHECK(conn >= 10);  // 2 feeds × (Connecting, Connected, Disconnected, Connecting, Connected)
  CHECK(egress.stats().transport_errors.get() == 0);
  CHECK(egress.stats().local_rejects.get() == 0);
  if (AllocGuard::enabled()) {
    CHECK_MESSAGE(hot == 0, "heap allocations on the ingest/decode/egress threads in steady state: " << hot);
    CHECK_MESSAGE(reconnect_allocs == 0, "hot allocations around a reconnect: " << reconnect_allocs);
    CHECK(reconnect_cold > 0);
  } else {
    MESSAGE("alloc guard not linked: zero-allocation check skipped");
  }
}
