// test_cold_section.cpp — the allocation policy of the connection pump (suite 'live',
// docs/live-pipeline.md "Allocation policy"): on an armed thread, establishing a TLS
// WebSocket connection and re-establishing it after the peer dropped it are counted as
// cold allocations (AllocGuard::cold_allocations), never as hot ones; a message handled
// after the reconnect is steady state again and counts hot. The message handler
// allocates once per message on purpose (a positive control: the hot counter must see
// exactly those allocations and nothing else).
#include <doctest/doctest.h>

#include <cstdlib>

#include "core/alloc_guard.hpp"
#include "core/clock.hpp"
#include "live_test_util.hpp"
#include "net/connection.hpp"
#include "net/connection_ws.hpp"
#include "net/tls/tls_context.hpp"
#include "net/uring/event_loop.hpp"

using namespace xtb;
using namespace xtb::live::test;

namespace {

// Counts messages and state changes; allocates once per message (the "steady-state bug").
struct AllocatingHandler final : net::WsHandler, net::ConnObserver {
  int messages = 0, opens = 0, disconnects = 0;
  void on_open() override { ++opens; }
  void on_message(net::WsOpcode, const std::uint8_t*, std::size_t) override {
    void* volatile p = std::malloc(64);  // volatile: the pair may not be elided
    std::free(p);
    ++messages;
  }
  void on_close(std::uint16_t, std::string_view) override {}
  void on_error(net::WsError, std::uint16_t) override {}
  void on_conn_state(std::uint16_t, ConnStatus s, std::int32_t) noexcept override {
    if (s == ConnStatus::Disconnected) ++disconnects;
  }
};

}  // namespace

TEST_CASE("alloc policy: connection setup and reconnect count cold; a message after the reconnect counts hot") {
  if (!AllocGuard::enabled()) {
    MESSAGE("alloc guard not linked: cold-section check skipped");
    return;
  }
  Pki pki;
  BinancePeer peer(pki);
  net::LoopConfig lc;
  lc.max_conns = 8;
  auto loop = net::EventLoop::create(lc);
  net::TlsClientOptions to;
  to.ca_file = pki.pki.ca.cert_path;
  auto tls = net::TlsContext::client(to);
  REQUIRE(loop);
  REQUIRE(tls);
  AllocatingHandler h;
  net::WsStreamOptions wo;
  wo.ws.role = net::WsRole::Client;
  wo.host = "localhost";
  wo.target = "/ws/coldtest";
  wo.out_bytes = 64 * 1024;
  net::WsStream ws(*loop, wo, h);
  net::ConnectionConfig cc;
  cc.host = "localhost";
  cc.connect_address = "127.0.0.1";
  cc.port = peer.ws_port();
  cc.backoff.initial_ns = 20'000'000;
  net::Connection conn(*loop, tls.get(), cc, ws, &h);
  std::string err;
  REQUIRE_MESSAGE(conn.start(&err), err);

  // Polls until `done` (bounded). No doctest macro while armed: they allocate.
  auto run_until = [&](auto done) {
    const std::int64_t deadline = Clock::monotonic_ns() + 10'000'000'000;
    while (!done() && Clock::monotonic_ns() < deadline) loop->poll(1'000'000);
    return done();
  };
  const std::vector<std::string> three(3, "{\"e\":\"cold-section-test\"}");
  // The test's own calls into the peer (copies of the messages) must not count: unarmed.
  auto push_unarmed = [&] {
    AllocGuard::disarm_current_thread();
    peer.push("/ws/coldtest", three);
    AllocGuard::arm_current_thread();
  };
  std::uint64_t hot[4] = {}, cold[4] = {};
  bool ok[4] = {};
  {
    AllocGuard::Armed armed;  // from before the TLS handshake: the whole setup is on an armed thread
    const std::uint64_t hot0 = AllocGuard::armed_allocations(), cold0 = AllocGuard::cold_allocations();
    auto snap = [&](int i, bool r) {
      ok[i] = r;
      hot[i] = AllocGuard::armed_allocations() - hot0;
      cold[i] = AllocGuard::cold_allocations() - cold0;
    };
    snap(0, run_until([&] { return ws.is_open() && peer.open_ws("/ws/coldtest") == 1; }));
    push_unarmed();
    snap(1, run_until([&] { return h.messages == 3; }));
    AllocGuard::disarm_current_thread();
    peer.drop_ws();
    AllocGuard::arm_current_thread();
    snap(2, run_until([&] { return h.disconnects >= 1 && h.opens == 2 && ws.is_open() &&
                                   peer.open_ws("/ws/coldtest") == 1; }));
    push_unarmed();
    snap(3, run_until([&] { return h.messages == 6; }));
  }
  CHECK(ok[0]);
  CHECK(ok[1]);
  CHECK(ok[2]);
  CHECK(ok[3]);
  // Establishment: TCP, TLS handshake (SSL object, certificate chain), upgrade — all cold.
  CHECK(hot[0] == 0);
  CHECK(cold[0] > 0);
  // Steady state: exactly the handler's 3 allocations, no cold ones.
  CHECK(hot[1] == 3);
  CHECK(cold[1] == cold[0]);
  // The peer's close and the reconnect (teardown, new SSL, handshake, upgrade): cold only.
  CHECK(hot[2] == 3);
  CHECK(cold[2] > cold[1]);
  // After the reconnect the cold section is over: the handler's allocations count hot.
  CHECK(hot[3] == 6);
  CHECK(cold[3] == cold[2]);
  CHECK(AllocGuard::cold_depth() == 0);
  conn.stop();
}

TEST_CASE("alloc policy: ColdSection / HotSection nest; counted only on an armed thread") {
  if (!AllocGuard::enabled()) return;
  auto one = [] {
    void* volatile p = std::malloc(16);
    std::free(p);
  };
  const std::uint64_t h0 = AllocGuard::armed_allocations(), c0 = AllocGuard::cold_allocations();
  {
    AllocGuard::ColdSection unarmed;  // not armed: neither counter moves
    one();
  }
  std::uint64_t h[5], c[5];
  int depth_inside = -1;
  {
    AllocGuard::Armed armed;
    {
      AllocGuard::ColdSection outer;
      one();  // cold
      {
        AllocGuard::ColdSection inner;
        one();  // cold
        {
          AllocGuard::HotSection hot;
          depth_inside = AllocGuard::cold_depth();
          one();  // hot: suspended
        }
      }
      one();  // cold: outer still open
      h[0] = AllocGuard::armed_allocations() - h0;
      c[0] = AllocGuard::cold_allocations() - c0;
    }
    one();  // hot again
    h[1] = AllocGuard::armed_allocations() - h0;
    c[1] = AllocGuard::cold_allocations() - c0;
    {
      AllocGuard::ColdSection inactive(false);
      one();  // hot: the conditional section is off
    }
    h[2] = AllocGuard::armed_allocations() - h0;
    c[2] = AllocGuard::cold_allocations() - c0;
  }
  CHECK(depth_inside == 0);
  CHECK(h[0] == 1);
  CHECK(c[0] == 3);
  CHECK(h[1] == 2);
  CHECK(c[1] == 3);
  CHECK(h[2] == 3);
  CHECK(c[2] == 3);
  CHECK(AllocGuard::cold_depth() == 0);
}
