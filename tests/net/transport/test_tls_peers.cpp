// test_tls_peers.cpp — our TLS client and server against peers we did not write:
// `openssl s_server -rev` (reverses each line) and `openssl s_client`, all on loopback,
// started and killed by the tests. Certificates come from our own generator
// (self_signed.hpp): a CA + localhost leaf, an unrelated CA, an expired leaf.
#include <doctest/doctest.h>

#include <openssl/x509_vfy.h>

#include "loop_harness.hpp"
#include "net/tls/self_signed.hpp"
#include "subprocess.hpp"
#include "test_codecs.hpp"

namespace xtb::net::test {
namespace {

struct Pki {
  TempDir dir;
  TestPki good;        ///< CA + localhost/127.0.0.1 leaf
  PemFiles wrong_ca;   ///< a CA that signed nothing we serve
  PemFiles expired;    ///< leaf signed by good.ca, expired yesterday
  Pki() {
    std::string err;
    REQUIRE_MESSAGE(make_test_pki(dir.path(), "good", &good, &err), err);
    CertSpec ca;
    ca.is_ca = true;
    ca.common_name = "wrong CA";
    REQUIRE_MESSAGE(write_certificate(dir.path(), "wrong-ca", ca, nullptr, &wrong_ca, &err), err);
    CertSpec old;
    old.not_before_s = -2 * 86400;
    old.not_after_s = -86400;
    REQUIRE_MESSAGE(write_certificate(dir.path(), "expired", old, &good.ca, &expired, &err), err);
  }
};
Pki& pki() {
  static Pki p;
  return p;
}

/// `openssl s_server -rev` on a free loopback port, serving `leaf`.
struct SServer {
  Subprocess proc;
  std::uint16_t port = free_port();
  explicit SServer(const PemFiles& leaf) {
    REQUIRE(proc.spawn({"openssl", "s_server", "-accept", "127.0.0.1:" + std::to_string(port), "-cert",
                        leaf.cert_path, "-key", leaf.key_path, "-rev", "-alpn", "http/1.1"}));
    REQUIRE_MESSAGE(proc.wait_for("ACCEPT", 5000), proc.output());
  }
};

/// One client Connection with its codec and state recorder.
struct Client {
  StateRecorder states;
  GreetingClient codec;
  std::unique_ptr<Connection> conn;
  Client(EventLoop& loop, TlsContext& ctx, std::uint16_t port, const char* host = "localhost") {
    ConnectionConfig cfg;
    cfg.host = host;
    cfg.connect_address = "127.0.0.1";
    cfg.port = port;
    cfg.reconnect = false;
    cfg.handshake_timeout_ns = 5'000'000'000;
    codec.greeting = "hello xtb\n";
    conn = std::make_unique<Connection>(loop, &ctx, cfg, codec, &states);
    std::string err;
    REQUIRE_MESSAGE(conn->start(&err), err);
  }
  bool done() const { return states.count(ConnStatus::Disconnected) > 0; }
};

std::unique_ptr<TlsContext> client_ctx(const std::string& ca_file, bool insecure = false) {
  TlsClientOptions opt;
  opt.ca_file = ca_file;
  opt.insecure = insecure;
  std::string err;
  auto ctx = TlsContext::client(opt, &err);
  REQUIRE_MESSAGE(ctx != nullptr, err);
  return ctx;
}

/// Runs a client that must be rejected and returns its TLS failure.
TlsFailure expect_rejected(EventLoop& loop, TlsContext& ctx, std::uint16_t port, const char* host = "localhost") {
  Client c(loop, ctx, port, host);
  REQUIRE(run_until(loop, [&] { return c.done(); }));
  CHECK(c.codec.opens == 0);  // the codec never saw an unverified peer
  CHECK(c.conn->phase() == Connection::Phase::Stopped);
  CHECK(c.states.last_reason() == c.conn->last_reason());
  MESSAGE("rejected: " << c.conn->tls().failure().detail);
  return c.conn->tls().failure();
}

}  // namespace

TEST_CASE("tls client vs openssl s_server: verified handshake, ALPN, data, then session resumption") {
  auto loop = make_loop(kBackendCases[0]);
  SServer server(pki().good.leaf);
  auto ctx = client_ctx(pki().good.ca.cert_path);

  Client first(*loop, *ctx, server.port);
  REQUIRE(run_until(*loop, [&] { return first.codec.rx.find("btx olleh\n") != std::string::npos; }));
  CHECK(std::string(first.conn->tls().version()) == "TLSv1.3");
  CHECK(first.conn->tls().alpn() == "http/1.1");
  CHECK_FALSE(first.conn->tls().resumed());
  REQUIRE(first.states.events.size() == 2);
  CHECK(first.states.events[0].first == ConnStatus::Connecting);
  CHECK(first.states.events[1].first == ConnStatus::Connected);
  first.conn->stop();
  CHECK(first.states.events.back() == std::make_pair(ConnStatus::Disconnected, conn_reason::kClean));
  CHECK(ctx->cached_sessions() == 1);  // TLS 1.3 ticket kept for localhost:port

  Client second(*loop, *ctx, server.port);
  REQUIRE(run_until(*loop, [&] { return second.codec.rx.find("btx olleh\n") != std::string::npos; }));
  CHECK(second.conn->tls().resumed());
  second.conn->stop();
}

TEST_CASE("tls client: a server certificate from another CA fails verification with the X509 reason") {
  auto loop = make_loop(kBackendCases[0]);
  SServer server(pki().good.leaf);
  auto ctx = client_ctx(pki().wrong_ca.cert_path);
  const TlsFailure f = expect_rejected(*loop, *ctx, server.port);
  CHECK(f.kind == TlsError::VerifyFailed);
  CHECK(f.verify_code == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY);
  CHECK(std::string(f.detail).find("unable to get local issuer certificate") != std::string::npos);
}

TEST_CASE("tls client: an expired server certificate fails verification") {
  auto loop = make_loop(kBackendCases[2]);  // epoll backend
  SServer server(pki().expired);
  auto ctx = client_ctx(pki().good.ca.cert_path);
  const TlsFailure f = expect_rejected(*loop, *ctx, server.port);
  CHECK(f.kind == TlsError::VerifyFailed);
  CHECK(f.verify_code == X509_V_ERR_CERT_HAS_EXPIRED);
  CHECK(std::string(f.detail).find("certificate has expired") != std::string::npos);
}

TEST_CASE("tls client: a certificate for another host name is rejected") {
  auto loop = make_loop(kBackendCases[1]);
  SServer server(pki().good.leaf);
  auto ctx = client_ctx(pki().good.ca.cert_path);
  const TlsFailure f = expect_rejected(*loop, *ctx, server.port, "venue.example");
  CHECK(f.kind == TlsError::VerifyFailed);
  CHECK(f.verify_code == X509_V_ERR_HOSTNAME_MISMATCH);
}

TEST_CASE("tls client: insecure mode connects to the expired certificate (tests only)") {
  auto loop = make_loop(kBackendCases[0]);
  SServer server(pki().expired);
  auto ctx = client_ctx("", /*insecure=*/true);
  CHECK(ctx->insecure());
  Client c(*loop, *ctx, server.port);
  REQUIRE(run_until(*loop, [&] { return c.codec.rx.find("btx olleh\n") != std::string::npos; }));
  CHECK(c.conn->is_open());
  c.conn->stop();
}

TEST_CASE("tls client: the peer closing the session (close_notify) is a typed TLS disconnect") {
  auto loop = make_loop(kBackendCases[0]);
  SServer server(pki().good.leaf);
  auto ctx = client_ctx(pki().good.ca.cert_path);
  Client c(*loop, *ctx, server.port);
  c.codec.greeting = "CLOSE\n";  // s_server -rev: ends the session on "CLOSE"
  REQUIRE(run_until(*loop, [&] { return c.done(); }));
  CHECK(c.codec.opens == 1);
  CHECK(c.codec.closes == 1);
  const std::int32_t r = c.conn->last_reason();
  MESSAGE("reason " << r << " (" << std::string(conn_reason::describe(r)) << "): " << c.conn->tls().failure().detail);
  // s_server answers "CLOSE" with close_notify, then closes TCP.
  CHECK(r == conn_reason::kTlsBase + static_cast<int>(TlsError::PeerClosed));
  CHECK(c.conn->tls().failure().kind == TlsError::PeerClosed);
}

TEST_CASE("tls server vs openssl s_client (TLS 1.3 and 1.2): verified by the peer, data both ways") {
  for (const char* version : {"-tls1_3", "-tls1_2"}) {
    CAPTURE(std::string(version));
    auto loop = make_loop(kBackendCases[0]);
    TlsServerOptions opt;
    opt.cert_file = pki().good.leaf.cert_path;
    opt.key_file = pki().good.leaf.key_path;
    std::string err;
    auto ctx = TlsContext::server(opt, &err);
    REQUIRE_MESSAGE(ctx != nullptr, err);
    EchoAcceptor acceptor(*loop, ctx.get());
    std::uint16_t port = 0;
    REQUIRE(loop->listen(listen_loopback(&port), acceptor) != kInvalidConn);

    Subprocess cli;
    REQUIRE(cli.spawn({"openssl", "s_client", "-connect", "127.0.0.1:" + std::to_string(port), "-servername",
                       "localhost", "-CAfile", pki().good.ca.cert_path, "-verify_return_error", "-alpn",
                       "http/1.1", "-brief", version}));
    REQUIRE_MESSAGE(run_until(*loop, [&] { return cli.contains("Verification: OK"); }), cli.output());
    REQUIRE(acceptor.sessions.size() == 1);
    Connection& server_conn = *acceptor.sessions[0]->conn;
    REQUIRE(run_until(*loop, [&] { return server_conn.is_open(); }));
    CHECK(server_conn.tls().alpn() == "http/1.1");
    CHECK(std::string(server_conn.tls().version()) == (version[6] == '3' ? "TLSv1.3" : "TLSv1.2"));

    cli.write_stdin("ping from s_client\n");
    REQUIRE_MESSAGE(run_until(*loop, [&] { return cli.contains("PING FROM S_CLIENT"); }), cli.output());
    cli.close_stdin();  // s_client sends close_notify and exits
    REQUIRE(run_until(*loop, [&] { return !server_conn.is_open(); }));
    CHECK(acceptor.sessions[0]->states.last_reason() == conn_reason::kTlsBase + static_cast<int>(TlsError::PeerClosed));
  }
}

}  // namespace xtb::net::test
