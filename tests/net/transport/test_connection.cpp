// test_connection.cpp — the connection pump and its parts without external peers:
// Backoff (pure), TlsSession wired to itself through byte pipes (sans-IO, with
// backpressure and split records), our TLS client against our TLS server on every loop
// backend, handshake timeout, reconnect after drops and refusals.
#include <doctest/doctest.h>

#include <algorithm>
#include <cerrno>
#include <set>

#include "loop_harness.hpp"
#include "net/tls/self_signed.hpp"
#include "subprocess.hpp"
#include "test_codecs.hpp"

namespace xtb::net::test {
namespace {

struct ServerPki {
  TempDir dir;
  TestPki pki;
  ServerPki() {
    std::string err;
    REQUIRE_MESSAGE(make_test_pki(dir.path(), "conn", &pki, &err), err);
  }
};
ServerPki& server_pki() {
  static ServerPki p;
  return p;
}

std::unique_ptr<TlsContext> server_ctx() {
  TlsServerOptions opt;
  opt.cert_file = server_pki().pki.leaf.cert_path;
  opt.key_file = server_pki().pki.leaf.key_path;
  std::string err;
  auto ctx = TlsContext::server(opt, &err);
  REQUIRE_MESSAGE(ctx != nullptr, err);
  return ctx;
}

std::unique_ptr<TlsContext> client_ctx() {
  TlsClientOptions opt;
  opt.ca_file = server_pki().pki.ca.cert_path;
  std::string err;
  auto ctx = TlsContext::client(opt, &err);
  REQUIRE_MESSAGE(ctx != nullptr, err);
  return ctx;
}

}  // namespace

TEST_CASE("backoff: ceilings grow by the multiplier up to the cap, delays stay inside the jitter band") {
  BackoffConfig cfg;
  cfg.initial_ns = 100;
  cfg.max_ns = 1000;
  cfg.multiplier = 2.0;
  cfg.jitter = 0.5;
  Backoff b(cfg, 42);
  const std::int64_t expected[] = {100, 200, 400, 800, 1000, 1000, 1000};
  for (std::int64_t ceiling : expected) {
    CHECK(b.ceiling_ns() == ceiling);
    const std::int64_t d = b.next_delay_ns();
    CHECK(d <= ceiling);
    CHECK(d >= ceiling / 2);
  }
  CHECK(b.attempts() == 7);
  b.reset();
  CHECK(b.attempts() == 0);
  CHECK(b.ceiling_ns() == 100);
}

TEST_CASE("backoff: jitter 0 is exact, equal seeds repeat, different seeds spread") {
  BackoffConfig exact;
  exact.initial_ns = 10;
  exact.max_ns = 100;
  exact.jitter = 0.0;
  Backoff e(exact);
  CHECK(e.next_delay_ns() == 10);
  CHECK(e.next_delay_ns() == 20);
  CHECK(e.next_delay_ns() == 40);

  BackoffConfig full;
  full.initial_ns = 1'000'000;
  full.max_ns = 1'000'000;
  full.jitter = 1.0;
  Backoff a(full, 7), a2(full, 7), c(full, 8);
  std::set<std::int64_t> seen;
  bool same = true, differs = false;
  for (int i = 0; i < 64; ++i) {
    const std::int64_t x = a.next_delay_ns(), y = a2.next_delay_ns(), z = c.next_delay_ns();
    same &= x == y;
    differs |= x != z;
    CHECK(x >= 0);
    CHECK(x <= 1'000'000);
    seen.insert(x);
  }
  CHECK(same);
  CHECK(differs);
  CHECK(seen.size() > 32);  // actually spread, not a constant
}

TEST_CASE("backoff: nonsense configuration is sanitised") {
  BackoffConfig bad;
  bad.initial_ns = -5;
  bad.max_ns = -10;
  bad.multiplier = 0.1;
  bad.jitter = 7.0;
  Backoff b(bad);
  CHECK(b.config().initial_ns == 1);
  CHECK(b.config().max_ns == 1);
  CHECK(b.config().multiplier == 1.0);
  CHECK(b.config().jitter == 1.0);
  for (int i = 0; i < 5; ++i) CHECK(b.next_delay_ns() <= 1);
}

namespace {

/// A bounded byte pipe standing in for the socket between two TlsSessions.
struct Pipe final : CipherSink {
  std::vector<std::uint8_t> bytes;
  std::size_t cap;
  explicit Pipe(std::size_t c) : cap(c) {}
  std::size_t write_cipher(const std::uint8_t* d, std::size_t n) noexcept override {
    const std::size_t take = std::min(n, cap - bytes.size());
    bytes.insert(bytes.end(), d, d + take);
    return take;
  }
  /// Feeds up to `chunk`-sized pieces into `to`.
  void drain_into(TlsSession& to, std::size_t chunk) {
    std::size_t off = 0;
    while (off < bytes.size()) {
      const std::size_t n = std::min(chunk, bytes.size() - off);
      to.feed(bytes.data() + off, n);
      off += n;
    }
    bytes.clear();
  }
};

struct Collector final : TlsHandler {
  bool ready = false;
  std::vector<std::uint8_t> rx;
  void on_tls_ready() noexcept override { ready = true; }
  void on_plaintext(const std::uint8_t* d, std::size_t n) noexcept override { rx.insert(rx.end(), d, d + n); }
};

}  // namespace

TEST_CASE("tls session (sans-IO): handshake over 7-byte fragments, 1 MiB each way through a 5 KiB pipe") {
  auto sctx = server_ctx();
  auto cctx = client_ctx();
  Pipe c2s(5000), s2c(5000);
  Collector ch, sh;
  TlsSession client, server;
  REQUIRE(client.begin_client(*cctx, "localhost", 443, c2s, ch));
  REQUIRE(server.begin_server(*sctx, s2c, sh));
  client.start();
  for (int i = 0; i < 20 && !(ch.ready && sh.ready); ++i) {
    c2s.drain_into(server, 7);  // every record split across many feeds
    s2c.drain_into(client, 7);
  }
  REQUIRE(ch.ready);
  REQUIRE(sh.ready);
  CHECK(client.alpn() == "http/1.1");

  constexpr std::size_t kTotal = 1 << 20;
  std::vector<std::uint8_t> payload(kTotal);
  for (std::size_t i = 0; i < kTotal; ++i) payload[i] = static_cast<std::uint8_t>(i * 7 + (i >> 10));
  std::size_t c_off = 0, s_off = 0;
  for (int guard = 0; guard < 100000 && (sh.rx.size() < kTotal || ch.rx.size() < kTotal); ++guard) {
    c_off += client.write(payload.data() + c_off, kTotal - c_off);  // stops at a full pipe
    s_off += server.write(payload.data() + s_off, kTotal - s_off);
    c2s.drain_into(server, 1000);
    s2c.drain_into(client, 3000);
    client.resume();
    server.resume();
  }
  CHECK(client.state() == TlsState::Established);
  CHECK(server.state() == TlsState::Established);
  CHECK(sh.rx == payload);
  CHECK(ch.rx == payload);

  client.close_notify();
  c2s.drain_into(server, 100);
  CHECK(server.state() == TlsState::Closed);
  CHECK(server.failure().kind == TlsError::PeerClosed);
}

TEST_CASE("tls session (sans-IO): garbage from the peer is a typed failure, not a crash") {
  auto sctx = server_ctx();
  Pipe s2c(1 << 16);
  Collector sh;
  TlsSession server;
  REQUIRE(server.begin_server(*sctx, s2c, sh));
  const char junk[] = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
  server.feed(reinterpret_cast<const std::uint8_t*>(junk), sizeof junk - 1);
  CHECK(server.state() == TlsState::Failed);
  CHECK(server.failure().kind == TlsError::HandshakeFailed);
  MESSAGE(server.failure().detail);
  CHECK(std::string(server.failure().detail).find("http request") != std::string::npos);  // OpenSSL spots plain HTTP
  server.feed(reinterpret_cast<const std::uint8_t*>(junk), 4);  // ignored after failure
  CHECK(server.state() == TlsState::Failed);
}

TEST_CASE("connection: our TLS client and server on every backend, resumption, close_notify") {
  for (const BackendCase& bc : kBackendCases) {
    const std::string backend_name = bc.name;
    CAPTURE(backend_name);
    auto loop = make_loop(bc);
    auto sctx = server_ctx();
    auto cctx = client_ctx();
    EchoAcceptor acceptor(*loop, sctx.get());
    std::uint16_t port = 0;
    REQUIRE(loop->listen(listen_loopback(&port), acceptor) != kInvalidConn);

    for (int round = 0; round < 2; ++round) {
      StateRecorder states;
      GreetingClient codec;
      codec.greeting = "order entry " + std::to_string(round);
      ConnectionConfig cfg;
      cfg.host = "localhost";
      cfg.connect_address = "127.0.0.1";
      cfg.port = port;
      cfg.reconnect = false;
      Connection conn(*loop, cctx.get(), cfg, codec, &states);
      REQUIRE(conn.start());
      const std::string want = "ORDER ENTRY " + std::to_string(round);
      REQUIRE(run_until(*loop, [&] { return codec.rx == want; }));
      CHECK(conn.tls().resumed() == (round == 1));  // second connect resumes the first session
      // A large write crosses many TLS records and the tx queue limit.
      std::string big(300 * 1024, 'x');
      codec.rx.clear();
      std::size_t sent = 0;
      REQUIRE(run_until(*loop, [&] {
        while (sent < big.size()) {
          auto span = conn.out_reserve(1);
          if (span.empty()) break;
          const std::size_t n = std::min(span.size(), big.size() - sent);
          std::memcpy(span.data(), big.data() + sent, n);
          conn.out_commit(n);
          sent += n;
        }
        return codec.rx.size() == big.size();
      }, 20000));
      CHECK(codec.rx == std::string(big.size(), 'X'));
      conn.stop();  // close_notify reaches the server
      auto& server_side = *acceptor.sessions.back();
      REQUIRE(run_until(*loop, [&] { return !server_side.conn->is_open(); }));
      CHECK(server_side.states.last_reason() == conn_reason::kTlsBase + static_cast<int>(TlsError::PeerClosed));
    }
  }
}

TEST_CASE("connection: a server that never answers the ClientHello hits the handshake timeout") {
  auto loop = make_loop(kBackendCases[0]);
  struct Mute final : ConnHandler {  // accepts TCP, never speaks
    EventLoop& loop;
    explicit Mute(EventLoop& l) : loop(l) {}
    void on_connect(ConnId, int) noexcept override {}
    void on_data(ConnId, const std::uint8_t*, std::size_t) noexcept override {}
    void on_close(ConnId, int) noexcept override {}
    void on_accept(ConnId, int fd) noexcept override { loop.adopt(fd, *this); }
  } mute(*loop);
  std::uint16_t port = 0;
  REQUIRE(loop->listen(listen_loopback(&port), mute) != kInvalidConn);
  auto cctx = client_ctx();
  StateRecorder states;
  GreetingClient codec;
  ConnectionConfig cfg;
  cfg.host = "localhost";
  cfg.connect_address = "127.0.0.1";
  cfg.port = port;
  cfg.reconnect = false;
  cfg.handshake_timeout_ns = 100'000'000;
  Connection conn(*loop, cctx.get(), cfg, codec, &states);
  REQUIRE(conn.start());
  REQUIRE(run_until(*loop, [&] { return states.count(ConnStatus::Disconnected) == 1; }, 3000));
  CHECK(states.last_reason() == conn_reason::kTlsBase + static_cast<int>(TlsError::HandshakeTimeout));
  CHECK(codec.opens == 0);
}

TEST_CASE("connection: reconnects with backoff after the server drops it, then stays up") {
  auto loop = make_loop(kBackendCases[2]);
  struct Dropper final : ConnHandler {  // closes the first `drops` connections at once
    EventLoop& loop;
    int drops;
    int accepted = 0;
    Dropper(EventLoop& l, int d) : loop(l), drops(d) {}
    void on_connect(ConnId, int) noexcept override {}
    void on_data(ConnId, const std::uint8_t*, std::size_t) noexcept override {}
    void on_close(ConnId, int) noexcept override {}
    void on_accept(ConnId, int fd) noexcept override {
      const ConnId id = loop.adopt(fd, *this);
      if (++accepted <= drops) loop.close(id);
    }
  } dropper(*loop, 2);
  std::uint16_t port = 0;
  REQUIRE(loop->listen(listen_loopback(&port), dropper) != kInvalidConn);
  StateRecorder states;
  GreetingClient codec;
  ConnectionConfig cfg;
  cfg.host = "127.0.0.1";
  cfg.port = port;
  cfg.tls = false;
  cfg.backoff.initial_ns = 5'000'000;
  Connection conn(*loop, nullptr, cfg, codec, &states);
  REQUIRE(conn.start());
  REQUIRE(run_until(*loop, [&] { return dropper.accepted == 3 && conn.is_open(); }));
  run_until(*loop, [] { return false; }, 50);  // it must stay up now
  CHECK(conn.is_open());
  CHECK(states.count(ConnStatus::Connected) == 3);
  CHECK(states.count(ConnStatus::Disconnected) == 2);
  CHECK(codec.opens == 3);
  CHECK(codec.closes == 2);
  CHECK(codec.close_reason == conn_reason::kPeerEof);
  CHECK(conn.backoff().attempts() == 2);  // short-lived sessions do not reset the backoff
  conn.stop();
  CHECK(states.events.back() == std::make_pair(ConnStatus::Disconnected, conn_reason::kClean));
}

TEST_CASE("connection: refused connects retry with backoff until stop()") {
  auto loop = make_loop(kBackendCases[0]);
  std::uint16_t port = 0;
  ::close(listen_loopback(&port));
  StateRecorder states;
  GreetingClient codec;
  ConnectionConfig cfg;
  cfg.host = "127.0.0.1";
  cfg.port = port;
  cfg.tls = false;
  cfg.backoff.initial_ns = 2'000'000;
  cfg.backoff.max_ns = 10'000'000;
  Connection conn(*loop, nullptr, cfg, codec, &states);
  REQUIRE(conn.start());
  REQUIRE(run_until(*loop, [&] { return states.count(ConnStatus::Connecting) >= 4; }));
  for (const auto& e : states.events)
    if (e.first == ConnStatus::Disconnected) CHECK(e.second == ECONNREFUSED);
  CHECK(conn.phase() != Connection::Phase::Open);
  conn.stop();
  const std::size_t n = states.events.size();
  run_until(*loop, [] { return false; }, 40);
  CHECK(states.events.size() == n);  // no attempt after stop()
  CHECK(conn.phase() == Connection::Phase::Stopped);
  CHECK(codec.opens == 0);
}

}  // namespace xtb::net::test
