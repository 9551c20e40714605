// test_egress.cpp — the live egress stage against the fake Binance peer on loopback TLS:
// start-up session (server time, position mode, listenKey), OrderCommands from R3 becoming
// correctly signed requests (the peer verifies the HMAC), answers on R4 with the right
// ResponseMeta, the two-request open-orders reconciliation, depth snapshots, a request
// that times out (transport_error, never resent) and 429 + Retry-After being honoured.
#include <doctest/doctest.h>

#include <unistd.h>

#include "venue/binance/live/egress_stage.hpp"
#include "net/client/rest_fetch.hpp"
#include "net/uring/socket_util.hpp"
#include "core/runner.hpp"
#include "live_test_util.hpp"
#include "venue/binance/decode_frame.hpp"
#include "venue/binance/venue_id.hpp"

using namespace xtb;
using namespace xtb::live::test;

namespace {

struct EgressRig {
  Pki pki;
  BinancePeer peer{pki};
  VenueRules venue;
  binance::HmacSha256Signer signer{kSecret};
  binance::OrderEncoder encoder;
  SpscRing<OrderCommand> r3{64};
  SpscRing<RawFrame> r4{256};
  LargeFramePool pool{8, 256 * 1024};
  SpscRing<binance::SessionSignal> to_ingest{16}, from_engine{16};
  std::unique_ptr<binance::EgressStage> egress;
  ThreadedRunner runner;  // declared last: joined before the stage is destroyed
  std::vector<FrameCopy> got;
  std::size_t seen = 0;

  /// Hedge mode by default (the fake account is in hedge mode: dualSidePosition true).
  explicit EgressRig(binance::EncoderConfig enc = {}, bool wait_ready = true)
      : encoder(enc, signer, venue.encode) {
    calibrate_clock_once();
    binance::EgressConfig cfg;
    cfg.endpoint.host = "localhost";
    cfg.endpoint.port = peer.rest_port();
    cfg.endpoint.connect_address = "127.0.0.1";
    cfg.endpoint.ca_file = pki.pki.ca.cert_path;
    cfg.http.request_timeout_ns = 500'000'000;
    cfg.backoff.initial_ns = 20'000'000;
    egress = std::make_unique<binance::EgressStage>(cfg, binance::EgressVenue{encoder, signer, kApiKey, venue.encode},
                                           binance::EgressStage::Rings{r3, r4, pool, &to_ingest, nullptr, &from_engine});
    r3.attach_doorbell(egress->doorbell());
    runner.add(*egress, StageThreadConfig{"t-egress"});
    REQUIRE(runner.start().empty());
    if (wait_ready) REQUIRE(wait_until([&] { return egress->ready() && egress->open_connections() == 2; }));
  }
  ~EgressRig() {
    egress->request_stop();
    runner.join();
  }

  void send(const OrderCommand& c) { REQUIRE(r3.try_push(c)); }
  /// The next R4 frame (waits up to 5 s).
  FrameCopy next() {
    REQUIRE(wait_until([&] {
      drain_frames(r4, pool, got);
      return got.size() > seen;
    }, 5000));
    return got[seen++];
  }
};

OrderCommand limit_buy(SymbolId sym, std::string_view id, std::uint64_t generation = 7) {
  OrderCommand c{};
  c.kind = CommandKind::NewOrder;
  c.venue = xtb::binance::kVenueId;
  c.symbol = sym;
  c.side = Side::Buy;
  c.position_side = PositionSide::Long;
  c.type = OrderType::Limit;
  c.tif = TimeInForce::GTC;
  c.px = 500000;  // 50000.0 on the 0.1 grid (the fixture answer's price)
  c.qty = 1;      // 0.001
  c.generation = generation;
  c.client_id.assign(id);
  return c;
}

OrderCommand command(CommandKind k, SymbolId sym, std::string_view id = {}) {
  OrderCommand c{};
  c.kind = k;
  c.venue = xtb::binance::kVenueId;
  c.symbol = sym;
  c.client_id.assign(id);
  return c;
}

/// Decodes an R4 frame the way the live decode stage does (ResponseMeta → decode_response).
std::vector<Event> decode(binance::Decoder& dec, const FrameCopy& f, binance::DecodeResult& r) {
  std::vector<std::uint8_t> buf(f.body.size() + RawFrame::kPadding, 0);
  if (!f.body.empty()) std::memcpy(buf.data(), f.body.data(), f.body.size());
  std::vector<Event> ev(256);
  binance::ArrayEventSink sink(ev.data(), ev.size());
  r = dec.decode_response(buf.data(), f.body.size(), buf.size(), f.response, sink);
  ev.resize(r.events);
  return ev;
}

const Request& last(const std::vector<Request>& v, const std::string& method, const std::string& path) {
  for (auto it = v.rbegin(); it != v.rend(); ++it)
    if (it->method == method && it->path == path) return *it;
  FAIL("no " << method << " " << path);
  return v.front();
}

}  // namespace

TEST_CASE("egress: start-up session, signed orders, ResponseMeta, reconciliation, depth snapshot, shutdown") {
  EgressRig rig;
  binance::Decoder dec(rig.venue.symbols);
  const SymbolId btc = rig.venue.btc;

  // Start-up: 3 time samples, the signed mode check, a listenKey handed to ingest.
  // (orders may go after the first sample; the other two follow on the free connection)
  CHECK(wait_until([&] { return rig.peer.count("GET", "/fapi/v1/time") >= 3; }));
  const auto reqs = rig.peer.requests();
  const Request& mode = last(reqs, "GET", "/fapi/v1/positionSide/dual");
  CHECK(mode.signature_ok);
  CHECK(mode.api_key == kApiKey);
  REQUIRE(wait_until([&] { return rig.to_ingest.front() != nullptr; }));
  CHECK(rig.to_ingest.front()->kind == binance::SessionSignal::Kind::ListenKey);
  CHECK(rig.to_ingest.front()->key_view() == kListenKeys[0]);
  rig.to_ingest.pop();
  const auto startup = rig.peer.requests();
  CHECK(last(startup, "POST", "/fapi/v1/listenKey").api_key == kApiKey);

  // A hedge-mode limit order → one signed POST → its answer with ResponseMeta.
  rig.send(limit_buy(btc, "xtb-test-1"));
  FrameCopy f = rig.next();
  REQUIRE(f.kind == FrameKind::HttpResponse);
  CHECK(f.flags == 0);
  CHECK((f.conn == 100 || f.conn == 101));
  CHECK(f.response.http_status == 200);
  CHECK(f.response.transport_error == 0);
  CHECK(f.response.command == static_cast<std::uint8_t>(CommandKind::NewOrder));
  CHECK(f.response.rest_kind == static_cast<std::uint8_t>(binance::RestKind::Order));
  CHECK(f.response.client_id.view() == "xtb-test-1");
  CHECK(f.response.generation == 7);
  CHECK(f.response.symbol == btc);
  CHECK(f.response.used_weight_1m == 11);
  CHECK(f.response.order_count_10s == 1);
  CHECK(f.response.order_count_1m == 1);
  const auto after_post = rig.peer.requests();
  const Request& post = last(after_post, "POST", "/fapi/v1/order");
  CHECK(post.signature_ok);
  CHECK(post.api_key == kApiKey);
  CHECK(post.query.empty());  // POST parameters travel in the form body
  CHECK(post.body.rfind("symbol=BTCUSDT&side=BUY&positionSide=LONG&type=LIMIT&quantity=0.001&price=50000&"
                        "timeInForce=GTC&newClientOrderId=xtb-test-1&recvWindow=5000&timestamp=", 0) == 0);
  binance::DecodeResult r;
  auto ev = decode(dec, f, r);
  REQUIRE(r.status == binance::DecodeStatus::Ok);
  REQUIRE(ev.size() == 1);
  CHECK(ev[0].h.type == EventType::OrderAck);
  CHECK(ev[0].order_ack.status == OrderStatus::Open);
  CHECK(ev[0].order_ack.venue_order_id == 12345678);
  CHECK(ev[0].order_ack.client_id.view() == "xtb-test-1");
  CHECK(ev[0].order_ack.generation == 7);
  CHECK(ev[0].order_ack.request_kind == static_cast<std::uint8_t>(CommandKind::NewOrder));
  CHECK(ev[0].order_ack.used_weight_1m == 11);

  rig.send(command(CommandKind::CancelOrder, btc, "xtb-test-1"));
  f = rig.next();
  CHECK(rig.peer.requests().back().signature_ok);  // the DELETE
  ev = decode(dec, f, r);
  REQUIRE(ev.size() == 1);
  CHECK(ev[0].order_ack.status == OrderStatus::Canceled);
  CHECK(ev[0].order_ack.request_kind == static_cast<std::uint8_t>(CommandKind::CancelOrder));

  // Reconciliation: open orders come from two services, two answers.
  rig.send(command(CommandKind::QueryOpenOrders, btc));
  FrameCopy a = rig.next(), b = rig.next();
  if (a.response.rest_kind != static_cast<std::uint8_t>(binance::RestKind::OpenOrders)) std::swap(a, b);
  CHECK(a.response.rest_kind == static_cast<std::uint8_t>(binance::RestKind::OpenOrders));
  CHECK(b.response.rest_kind == static_cast<std::uint8_t>(binance::RestKind::OpenAlgoOrders));
  CHECK(a.response.command == static_cast<std::uint8_t>(CommandKind::QueryOpenOrders));
  ev = decode(dec, a, r);
  REQUIRE(ev.size() == 2);  // one row + the end-of-list ack
  CHECK(ev[0].h.type == EventType::OrderUpdate);
  CHECK(ev[1].h.type == EventType::OrderAck);
  ev = decode(dec, b, r);
  REQUIRE(ev.size() == 2);
  CHECK((ev[0].h.flags & binance::kOrderFlagAlgo) != 0);
  const auto recon = rig.peer.requests();
  CHECK(last(recon, "GET", "/fapi/v1/openAlgoOrders").signature_ok);

  rig.send(command(CommandKind::QueryPositions, btc));
  f = rig.next();
  CHECK(f.response.rest_kind == static_cast<std::uint8_t>(binance::RestKind::PositionRisk));
  ev = decode(dec, f, r);
  REQUIRE(!ev.empty());
  CHECK(ev[0].h.type == EventType::AccountUpdate);
  const auto pos = rig.peer.requests();
  CHECK(last(pos, "GET", "/fapi/v3/positionRisk").signature_ok);

  // The sequencer's BookSync asks for a snapshot → GET depth → R4 DepthSnapshot frame.
  REQUIRE(rig.from_engine.try_push(binance::SessionSignal::of(binance::SessionSignal::Kind::DepthSnapshot, 0, btc)));
  f = rig.next();
  CHECK(f.response.rest_kind == static_cast<std::uint8_t>(binance::RestKind::DepthSnapshot));
  CHECK(f.response.command == static_cast<std::uint8_t>(CommandKind::None));
  CHECK(f.response.symbol == btc);
  CHECK(f.body == capture().snapshot);
  CHECK(f.large);  // a 1000-level answer does not fit a 4 KiB slot
  const auto depth = rig.peer.requests();
  CHECK(last(depth, "GET", "/fapi/v1/depth").query == "symbol=BTCUSDT&limit=1000");
  ev = decode(dec, f, r);
  REQUIRE(r.status == binance::DecodeStatus::Ok);
  REQUIRE(!ev.empty());
  CHECK(ev[0].h.type == EventType::DepthUpdate);
  CHECK((ev[0].h.flags & DepthUpdate::kSnapshot) != 0);

  // Shutdown deletes the listenKey and tells ingest.
  rig.egress->request_stop();
  rig.runner.join();
  CHECK(rig.peer.count("DELETE", "/fapi/v1/listenKey") == 1);
  REQUIRE(rig.to_ingest.front() != nullptr);
  CHECK(rig.to_ingest.front()->kind == binance::SessionSignal::Kind::ListenKeyClosed);
  CHECK(rig.egress->stats().transport_errors.get() == 0);
  CHECK(rig.egress->stats().local_rejects.get() == 0);
  for (const Request& q : rig.peer.requests())
    if (q.signed_request) CHECK_MESSAGE(q.signature_ok, q.method << " " << q.path);
}

TEST_CASE("egress: no answer → transport_error frame, never resent; 429 Retry-After honoured locally") {
  EgressRig rig;
  binance::Decoder dec(rig.venue.symbols);
  const SymbolId btc = rig.venue.btc;

  rig.peer.set_fault(Fault::Silent);
  rig.send(limit_buy(btc, "xtb-silent-1", 3));
  FrameCopy f = rig.next();
  rig.peer.set_fault(Fault::None);
  CHECK(f.response.transport_error == 1);
  CHECK(f.response.http_status == 0);
  CHECK(f.response.client_id.view() == "xtb-silent-1");
  CHECK(f.response.generation == 3);
  binance::DecodeResult r;
  auto ev = decode(dec, f, r);
  REQUIRE(ev.size() == 1);
  CHECK(ev[0].order_ack.status == OrderStatus::Unknown);  // the engine queries, never resends
  CHECK(ev[0].order_ack.error_code == -1007);
  CHECK(ev[0].order_ack.client_id.view() == "xtb-silent-1");
  REQUIRE(wait_until([&] { return rig.egress->open_connections() == 2; }));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  CHECK(rig.peer.count("POST", "/fapi/v1/order") == 1);

  // 429 with Retry-After: 1 → the answer, then a local refusal (nothing sent), then OK.
  rig.peer.set_fault(Fault::TooMany, 1, 1);
  rig.send(limit_buy(btc, "xtb-429-a"));
  f = rig.next();
  CHECK(f.response.http_status == 429);
  CHECK(f.response.retry_after_s == 1);
  CHECK(f.flags == 0);
  ev = decode(dec, f, r);
  REQUIRE(ev.size() == 1);
  CHECK(ev[0].order_ack.status == OrderStatus::Rejected);
  CHECK(ev[0].order_ack.error_code == -1003);
  CHECK(ev[0].order_ack.retry_after_s == 1);

  rig.send(limit_buy(btc, "xtb-429-b"));
  f = rig.next();
  CHECK((f.flags & kFrameFlagLocal) != 0);
  CHECK(f.response.http_status == 429);
  CHECK(f.response.retry_after_s == 1);
  CHECK(f.response.client_id.view() == "xtb-429-b");
  ev = decode(dec, f, r);
  REQUIRE(ev.size() == 1);
  CHECK(ev[0].order_ack.status == OrderStatus::Rejected);
  CHECK(ev[0].order_ack.error_code == -1003);
  CHECK(rig.peer.count("POST", "/fapi/v1/order") == 2);  // the refused order never left

  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  rig.send(limit_buy(btc, "xtb-429-c"));
  f = rig.next();
  CHECK(f.flags == 0);
  CHECK(f.response.http_status == 200);
  CHECK(rig.peer.count("POST", "/fapi/v1/order") == 3);
  CHECK(rig.egress->stats().transport_errors.get() == 1);
  CHECK(rig.egress->stats().local_rejects.get() == 1);
}

TEST_CASE("egress: account mode differs from the encoder's → alert, new orders refused locally (-4061)") {
  binance::EncoderConfig one_way;
  one_way.mode = binance::PositionMode::OneWay;
  EgressRig rig(one_way, false);
  REQUIRE(wait_until([&] { return rig.egress->alert(); }));
  CHECK_FALSE(rig.egress->ready());
  OrderCommand c = limit_buy(rig.venue.btc, "xtb-mode-1");
  c.position_side = PositionSide::Both;
  rig.send(c);
  FrameCopy f = rig.next();
  CHECK((f.flags & kFrameFlagLocal) != 0);
  CHECK(f.response.http_status == 400);
  binance::Decoder dec(rig.venue.symbols);
  binance::DecodeResult r;
  auto ev = decode(dec, f, r);
  REQUIRE(ev.size() == 1);
  CHECK(ev[0].order_ack.error_code == -4061);
  CHECK(ev[0].order_ack.status == OrderStatus::Rejected);
  CHECK(rig.peer.count("POST", "/fapi/v1/order") == 0);
  // Queries and cancels are not order placements: they still go out.
  rig.send(command(CommandKind::QueryPositions, rig.venue.btc));
  f = rig.next();
  CHECK(f.flags == 0);
  CHECK(f.response.http_status == 200);
}

TEST_CASE("egress: no venue reachable → orders refused locally (no server time), never queued forever") {
  calibrate_clock_once();
  Pki pki;
  VenueRules venue;
  binance::HmacSha256Signer signer{kSecret};
  binance::OrderEncoder encoder{binance::EncoderConfig{}, signer, venue.encode};
  const int fd = net::make_listen_socket(net::ipv4("127.0.0.1", 0), 1);
  REQUIRE(fd >= 0);
  const std::uint16_t dead_port = net::local_port(fd);
  ::close(fd);  // nothing listens there any more: every connect is refused
  SpscRing<OrderCommand> r3(8);
  SpscRing<RawFrame> r4(8);
  LargeFramePool pool(2, 64 * 1024);
  binance::EgressConfig cfg;
  cfg.endpoint.host = "localhost";
  cfg.endpoint.port = dead_port;
  cfg.endpoint.connect_address = "127.0.0.1";
  cfg.endpoint.ca_file = pki.pki.ca.cert_path;
  binance::EgressStage egress(cfg, binance::EgressVenue{encoder, signer, kApiKey, venue.encode}, binance::EgressStage::Rings{r3, r4, pool});
  r3.attach_doorbell(egress.doorbell());
  ThreadedRunner runner;
  runner.add(egress, StageThreadConfig{"t-egress"});
  REQUIRE(runner.start().empty());
  REQUIRE(r3.try_push(limit_buy(venue.btc, "xtb-dead-1")));
  std::vector<FrameCopy> got;
  REQUIRE(wait_until([&] { return drain_frames(r4, pool, got) > 0 || !got.empty(); }));
  egress.request_stop();
  runner.join();
  REQUIRE(got.size() == 1);
  CHECK((got[0].flags & kFrameFlagLocal) != 0);
  CHECK(got[0].response.http_status == 400);
  CHECK(got[0].response.client_id.view() == "xtb-dead-1");
  binance::Decoder dec(venue.symbols);
  binance::DecodeResult r;
  auto ev = decode(dec, got[0], r);
  REQUIRE(ev.size() == 1);
  CHECK(ev[0].order_ack.error_code == -1021);
  CHECK(ev[0].order_ack.status == OrderStatus::Rejected);
  CHECK(egress.open_connections() == 0);
  CHECK(egress.stats().sent.get() == 0);
}

TEST_CASE("start-up fetch: exchangeInfo over HTTPS builds the symbol table; failures are reported") {
  calibrate_clock_once();
  Pki pki;
  BinancePeer peer(pki);
  live::LiveEndpoint ep;
  ep.host = "localhost";
  ep.port = peer.rest_port();
  ep.connect_address = "127.0.0.1";
  ep.ca_file = pki.pki.ca.cert_path;
  const live::RestFetchResult res = live::fetch_rest(ep, net::HttpMethod::Get, "/fapi/v1/exchangeInfo", 5'000'000'000);
  REQUIRE_MESSAGE(res.ok, res.error);
  CHECK(res.status == 200);
  CHECK(res.body == fixture_text("http/http_futures_market_exchange_info.json"));
  SymbolTable table;
  REQUIRE(binance::load_exchange_info(res.body, table).ok());
  CHECK(table.find(xtb::binance::kVenueId, "BTCUSDT") != kNoSymbol);

  live::LiveEndpoint wrong_ca = ep;
  wrong_ca.ca_file = pki.pki.leaf.cert_path;  // not the issuer: verification must fail
  const live::RestFetchResult bad = live::fetch_rest(wrong_ca, net::HttpMethod::Get, "/fapi/v1/time", 2'000'000'000);
  CHECK_FALSE(bad.ok);
  CHECK(bad.error.find("certificate") != std::string::npos);
}
