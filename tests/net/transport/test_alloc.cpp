// test_alloc.cpp — the steady-state data path allocates nothing: after a warm-up, 500
// round trips of a 200-byte message through client and server stacks on one loop are
// counted with AllocGuard (which also sees OpenSSL's and wslay's malloc calls).
// Paths: TCP on io_uring and epoll, TLS on io_uring, WebSocket over TLS on io_uring.
// OpenSSL 3.0 allocates per TLS record; the small-block pool (openssl_alloc.hpp) is
// installed below by a static initializer, before OpenSSL's first allocation, exactly
// as the application's main() must do.
#include <doctest/doctest.h>

#include "core/alloc_guard.hpp"
#include "loop_harness.hpp"
#include "net/tls/openssl_alloc.hpp"
#include "net/tls/self_signed.hpp"
#include "subprocess.hpp"
#include "test_codecs.hpp"

namespace xtb::net::test {
namespace {

const bool g_openssl_pool = install_openssl_allocator();

/// Counts received bytes; echoes them when `echo` (server side). Allocation-free.
struct CountEcho final : StreamCodec {
  ByteStream* out = nullptr;
  bool echo = false;
  std::size_t received = 0;
  void on_open(ByteStream& o) noexcept override { out = &o; }
  void on_bytes(const std::uint8_t* d, std::size_t n) noexcept override {
    received += n;
    if (echo) out->write(d, n);
  }
};

enum class Path { Tcp, Tls, WsTls };

/// Client and server stacks of one path, both on `loop`.
struct Pair final : ConnHandler {
  EventLoop& loop;
  Path path;
  TempDir dir;
  TestPki pki;
  std::unique_ptr<TlsContext> sctx, cctx;
  CountEcho server_codec, client_codec;
  WsRecorder server_ws_handler, client_ws_handler;
  std::unique_ptr<WsStream> server_ws, client_ws;
  std::unique_ptr<Connection> server, client;

  Pair(EventLoop& l, Path p) : loop(l), path(p) {
    std::string err;
    REQUIRE(make_test_pki(dir.path(), "alloc", &pki, &err));
    TlsServerOptions so;
    so.cert_file = pki.leaf.cert_path;
    so.key_file = pki.leaf.key_path;
    sctx = TlsContext::server(so);
    TlsClientOptions co;
    co.ca_file = pki.ca.cert_path;
    cctx = TlsContext::client(co);
    server_codec.echo = true;
    server_ws_handler.echo = true;
    client_ws_handler.record = false;
    std::uint16_t port = 0;
    REQUIRE(loop.listen(listen_loopback(&port), *this) != kInvalidConn);
    client = std::make_unique<Connection>(loop, cctx.get(), config(port), codec(false));
    REQUIRE(client->start());
  }
  StreamCodec& codec(bool server_side) {
    if (path != Path::WsTls) return server_side ? server_codec : client_codec;
    WsStreamOptions o;
    o.ws.role = server_side ? WsRole::Server : WsRole::Client;
    o.ws.ping_interval_ns = 0;
    o.host = "localhost";
    auto& ws = server_side ? server_ws : client_ws;
    auto& h = server_side ? server_ws_handler : client_ws_handler;
    ws = std::make_unique<WsStream>(loop, o, h);
    h.stream = ws.get();
    return *ws;
  }
  ConnectionConfig config(std::uint16_t port) const {
    ConnectionConfig cfg;
    cfg.host = "localhost";
    cfg.connect_address = "127.0.0.1";
    cfg.port = port;
    cfg.tls = path != Path::Tcp;
    cfg.reconnect = false;
    return cfg;
  }
  void on_connect(ConnId, int) noexcept override {}
  void on_data(ConnId, const std::uint8_t*, std::size_t) noexcept override {}
  void on_close(ConnId, int) noexcept override {}
  void on_accept(ConnId, int fd) noexcept override {
    server = std::make_unique<Connection>(loop, sctx.get(), config(0), codec(true));
    server->accept(fd);
  }
  bool open() const { return path == Path::WsTls ? client_ws_handler.opens == 1 : client->is_open(); }
  /// One 200-byte request and its echo.
  bool round_trip(const std::uint8_t* msg) {
    if (path == Path::WsTls) {
      const std::uint64_t want = client_ws_handler.count + 1;
      if (client_ws->send_text(msg, 200) != WsSendStatus::Ok) return false;
      for (int i = 0; i < 100000 && client_ws_handler.count < want; ++i) loop.poll(1'000'000);
      return client_ws_handler.count == want;
    }
    const std::size_t want = client_codec.received + 200;
    if (!client->write(msg, 200)) return false;
    for (int i = 0; i < 100000 && client_codec.received < want; ++i) loop.poll(1'000'000);
    return client_codec.received == want;
  }
};

void check_no_allocation(const BackendCase& bc, Path path, const char* name) {
  CAPTURE(std::string(name));
  auto loop = make_loop(bc);
  Pair pair(*loop, path);
  REQUIRE(run_until(*loop, [&] { return pair.open(); }));
  std::uint8_t msg[200];
  for (std::size_t i = 0; i < sizeof msg; ++i) msg[i] = static_cast<std::uint8_t>('a' + i % 26);
  for (int i = 0; i < 200; ++i) REQUIRE(pair.round_trip(msg));  // warm-up: buffers, tickets
  const std::uint64_t before = AllocGuard::armed_allocations();
  bool ok = true;
  {
    AllocGuard::Armed armed;
    for (int i = 0; i < 500 && ok; ++i) ok = pair.round_trip(msg);
  }
  REQUIRE(ok);
  CHECK(AllocGuard::armed_allocations() - before == 0);
  MESSAGE(std::string(name) << ": " << AllocGuard::armed_allocations() - before << " allocations in 500 round trips, "
                            << openssl_pool_stats().fallbacks << " OpenSSL pool fallbacks");
}

}  // namespace

TEST_CASE("steady-state round trips allocate nothing (TCP, TLS, WebSocket over TLS)") {
  if (!AllocGuard::enabled()) {
    MESSAGE("alloc_guard not linked (meson -Dalloc_guard=false): skipped");
    return;
  }
  REQUIRE(g_openssl_pool);
  check_no_allocation(kBackendCases[0], Path::Tcp, "tcp/uring");
  check_no_allocation(kBackendCases[3], Path::Tcp, "tcp/epoll");
  check_no_allocation(kBackendCases[0], Path::Tls, "tls/uring");
  check_no_allocation(kBackendCases[0], Path::WsTls, "ws+tls/uring");
}

}  // namespace xtb::net::test
