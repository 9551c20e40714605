// test_bp_streams.cpp — xtb-sim --venue backpack over WebSocket: the depth stream's U/u
// continuity and its consistency with the REST snapshot (our BookSync over our decoder's
// events syncs and sees no gap), trades and marks decoded, the signed private subscribe
// (our encoder's message) delivering order and position events our decoder reads with our
// own client ids, and the venue's error answers for a bad signature and an invalid stream.
#include <doctest/doctest.h>

#include "bp_sim.hpp"
#include "core/clock.hpp"
#include "market/book_sync.hpp"
#include "market/order_book.hpp"

using namespace xtb;
using namespace xtb::simtest;
using namespace xtb::simtest::bp;

namespace {

bool has_stream(const std::deque<std::string>& msgs, const std::string& stream) {
  for (const std::string& m : msgs)
    if (m.find("\"stream\":\"" + stream + "\"") != std::string::npos) return true;
  return false;
}

}  // namespace

TEST_SUITE("sim-backpack") {
  TEST_CASE("backpack face: depth stream U/u continuity, REST lastUpdateId consistent, our BookSync syncs") {
    BpSim b;
    WsClient ws(*b.loop, b.sim.port(), "/");
    REQUIRE(ws.wait_open());
    REQUIRE(ws.send(
        R"({"method":"SUBSCRIBE","params":["depth.BTC_USDC_PERP","trade.BTC_USDC_PERP","markPrice.BTC_USDC_PERP"]})"));
    REQUIRE(b.loop->run_until([&] { return ws.messages.size() >= 20; }, 15000));
    const HttpResult snap = b.rest->request("GET", "/api/v1/depth?symbol=BTC_USDC_PERP", "", "");
    REQUIRE(snap.status == 200);
    const long long last_id = json_int(snap.body, "lastUpdateId");
    REQUIRE(b.loop->run_until(
        [&] { return has_stream(ws.messages, "markPrice.BTC_USDC_PERP") && ws.messages.size() >= 200; }, 15000));

    OrderBook book(b.btc, 4096);
    BookSync sync(book);
    long long prev_u = -1;
    std::size_t depth_msgs = 0, trades = 0, marks = 0, breaks = 0;
    bool fed_snapshot = false, bridged = false;
    for (const std::string& m : ws.messages) {
      const Decoded d = b.decode_frame(m);
      REQUIRE_MESSAGE(d.result.ok(), m);
      if (m.find("\"stream\":\"trade.") != std::string::npos) ++trades;
      if (m.find("\"stream\":\"markPrice.") != std::string::npos) ++marks;
      if (m.find("\"stream\":\"depth.") == std::string::npos) continue;
      ++depth_msgs;
      const long long U = json_int(m, "U"), u = json_int(m, "u");
      if (prev_u >= 0 && U != prev_u + 1) ++breaks;
      prev_u = u;
      if (U <= last_id + 1 && last_id + 1 <= u) bridged = true;  // the snapshot sits inside this message
      for (const Event& e : d.events) sync.on_depth(e);
      if (!fed_snapshot && u >= last_id) {  // the client's procedure: snapshot once the stream has passed it
        const Decoded s = b.decode_rest(snap, backpack::RestKind::DepthSnapshot);
        for (const Event& e : s.events) sync.on_depth(e);
        fed_snapshot = true;
      }
    }
    CHECK(depth_msgs > 5);
    CHECK(breaks == 0);
    CHECK(trades > 0);
    CHECK(marks > 0);
    CHECK(bridged);
    CHECK(sync.state() == SyncState::Synced);
    CHECK(sync.stats().gaps == 0);
    CHECK(sync.stats().messages_applied > 0);
    PriceLevel best_bid{}, best_ask{};
    REQUIRE(book.bids().size() > 0);
    REQUIRE(book.asks().size() > 0);
    best_bid = book.bids().at_depth(0);
    best_ask = book.asks().at_depth(0);
    CHECK(best_bid.px < best_ask.px);
  }

  TEST_CASE("backpack face: signed private subscribe; order and position events decoded with our client ids") {
    BpSim b;
    WsClient ws(*b.loop, b.sim.port(), "/");
    REQUIRE(ws.wait_open());
    const std::string_view streams[] = {"account.orderUpdate", "account.positionUpdate"};
    char msg[1024];
    const std::size_t n = b.enc->encode_private_subscribe(streams, 2, BpSim::now_ms(), msg, sizeof msg);
    REQUIRE(n > 0);
    REQUIRE(ws.send(std::string(msg, n)));
    b.loop->run_for(300);
    CHECK(ws.messages.empty());  // no error, no acknowledgement (the venue sends none)
    const auto [bid, ask] = b.quote();
    REQUIRE(b.limit(Side::Sell, bid - 200, 120, TimeInForce::IOC, "xtb-bp-9").status == 200);
    REQUIRE(b.loop->run_until([&] { return has_stream(ws.messages, "account.positionUpdate"); }, 5000));
    bool accepted = false, filled = false, opened = false;
    for (const std::string& m : ws.messages) {
      const Decoded d = b.decode_frame(m);
      REQUIRE_MESSAGE(d.result.ok(), m);
      REQUIRE(d.events.size() == 1);
      const Event& e = d.events[0];
      if (e.h.type == EventType::OrderUpdate) {
        CHECK(e.order_update.client_id.view() == "xtb-bp-9");
        accepted = accepted || e.order_update.exec_type == ExecType::New;
        if (e.order_update.exec_type == ExecType::Trade) {
          filled = true;
          CHECK(e.order_update.last_fill_qty > 0);
          CHECK(e.order_update.commission > 0);
        }
      } else if (e.h.type == EventType::AccountUpdate) {
        opened = m.find("\"e\":\"positionOpened\"") != std::string::npos;
        CHECK(e.account_update.positions[0].amount == -120);
      }
    }
    CHECK(accepted);
    CHECK(filled);
    CHECK(opened);
  }

  TEST_CASE("backpack face: WebSocket errors — bad signature, expired, invalid stream; public needs no signature") {
    BpSim b;
    WsClient ws(*b.loop, b.sim.port(), "/");
    REQUIRE(ws.wait_open());
    const std::string_view streams[] = {"account.orderUpdate"};
    char msg[1024];
    std::size_t n = b.enc->encode_private_subscribe(streams, 1, BpSim::now_ms(), msg, sizeof msg);
    std::string bad(msg, n);
    const std::size_t sig = bad.find("\",\"", bad.find("\"signature\":[\"") + 14) + 3;
    bad[sig] = bad[sig] == 'A' ? 'B' : 'A';
    REQUIRE(ws.send(bad));
    REQUIRE(b.loop->run_until([&] { return !ws.messages.empty(); }, 5000));
    CHECK(ws.messages.front() == R"({"id":null,"error":{"code":4000,"message":"Invalid signature"}})");
    ws.messages.clear();
    n = b.enc->encode_private_subscribe(streams, 1, BpSim::now_ms() - 60'000, msg, sizeof msg);
    REQUIRE(ws.send(std::string(msg, n)));
    REQUIRE(b.loop->run_until([&] { return !ws.messages.empty(); }, 5000));
    CHECK(ws.messages.front().find("Request has expired") != std::string::npos);
    ws.messages.clear();
    REQUIRE(ws.send(R"({"method":"SUBSCRIBE","params":["depth.ETH_USDC_PERP"],"id":7})"));
    REQUIRE(b.loop->run_until([&] { return !ws.messages.empty(); }, 5000));
    CHECK(ws.messages.front() == R"({"id":7,"error":{"code":4006,"message":"Invalid stream"}})");
    ws.messages.clear();
    REQUIRE(ws.send(R"({"method":"SUBSCRIBE","params":["bookTicker.BTC_USDC_PERP"],"id":8})"));
    REQUIRE(b.loop->run_until([&] { return ws.messages.size() >= 3; }, 10000));
    CHECK(ws.messages.front() == R"({"id":8,"result":null})");
    CHECK(ws.messages[1].find("{\"stream\":\"bookTicker.BTC_USDC_PERP\",\"data\":{\"e\":\"bookTicker\"") == 0);
    CHECK(b.decode_frame(ws.messages[1]).result.ok());
  }

}  // TEST_SUITE

TEST_SUITE("sim-backpack") {
  // The whole re-expressed capture on one connection at --speed 0 (paced by the reader).
  TEST_CASE("backpack face: whole capture served on one connection, measured") {
    BpSim b({"--hold", "--speed", "0"});
    std::size_t n = 0, depth = 0;
    WsClient ws(*b.loop, b.sim.port(), "/");
    ws.on_msg = [&](std::string_view m) {
      ++n;
      if (m.starts_with("{\"stream\":\"depth.")) ++depth;
    };
    REQUIRE(ws.wait_open());
    const std::int64_t t0 = Clock::monotonic_ns();
    REQUIRE(ws.send(
        R"({"method":"SUBSCRIBE","params":["depth.BTC_USDC_PERP","bookTicker.BTC_USDC_PERP","trade.BTC_USDC_PERP"]})"));
    REQUIRE(b.loop->run_until([&] { return n >= 93'953; }, 60000));
    const double s = static_cast<double>(Clock::monotonic_ns() - t0) / 1e9;
    CHECK(depth == 6551);
    MESSAGE(n << " messages in " << s << " s = " << static_cast<long>(static_cast<double>(n) / s) << " msg/s");
  }

}  // TEST_SUITE
