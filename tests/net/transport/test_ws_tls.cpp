// test_ws_tls.cpp — the full client stack (WebSocket codec over TLS over our event loop)
// against Debian's python3-websockets server with TLS (tests/net/transport/peers/
// ws_tls_echo_server.py), plus our WS/TLS client against our WS/TLS server.
#include <doctest/doctest.h>

#include <cstdlib>

#include "loop_harness.hpp"
#include "net/tls/self_signed.hpp"
#include "subprocess.hpp"
#include "test_codecs.hpp"

namespace xtb::net::test {
namespace {

struct WsPki {
  TempDir dir;
  TestPki pki;
  WsPki() {
    std::string err;
    REQUIRE_MESSAGE(make_test_pki(dir.path(), "ws", &pki, &err), err);
  }
};
WsPki& ws_pki() {
  static WsPki p;
  return p;
}

/// Client: Connection (TLS) + WsStream + recorder.
struct WsClient {
  StateRecorder states;
  WsRecorder handler;
  std::unique_ptr<TlsContext> ctx;
  std::unique_ptr<WsStream> ws;
  std::unique_ptr<Connection> conn;
  WsClient(EventLoop& loop, std::uint16_t port) {
    TlsClientOptions topt;
    topt.ca_file = ws_pki().pki.ca.cert_path;
    ctx = TlsContext::client(topt);
    REQUIRE(ctx != nullptr);
    WsStreamOptions wopt;
    wopt.host = "localhost";
    wopt.target = "/echo";
    wopt.ws.max_message_bytes = 2 << 20;
    wopt.out_bytes = 2 << 20;
    ws = std::make_unique<WsStream>(loop, wopt, handler);
    ConnectionConfig cfg;
    cfg.host = "localhost";
    cfg.connect_address = "127.0.0.1";
    cfg.port = port;
    cfg.reconnect = false;
    cfg.plain_out_size = 4 << 20;
    conn = std::make_unique<Connection>(loop, ctx.get(), cfg, *ws, &states);
    REQUIRE(conn->start());
  }
  bool send_text(const std::string& s) {
    return ws->send_text(reinterpret_cast<const std::uint8_t*>(s.data()), s.size()) == WsSendStatus::Ok;
  }
};

std::uint16_t parse_ready_port(const std::string& out) {
  const auto pos = out.find("READY ");
  REQUIRE(pos != std::string::npos);
  return static_cast<std::uint16_t>(std::atoi(out.c_str() + pos + 6));
}

}  // namespace

TEST_CASE("ws over tls over io_uring vs python3-websockets: text, 512 KiB binary, server close 4001") {
  Subprocess py;
  REQUIRE(py.spawn({"/usr/bin/python3", XTB_SOURCE_DIR "/tests/net/transport/peers/ws_tls_echo_server.py",
                    ws_pki().pki.leaf.cert_path, ws_pki().pki.leaf.key_path}));
  REQUIRE_MESSAGE(py.wait_for("READY ", 10000), py.output());
  py.wait_for("\n", 1000);
  const std::uint16_t port = parse_ready_port(py.output());

  auto loop = make_loop(kBackendCases[0]);
  WsClient c(*loop, port);
  REQUIRE_MESSAGE(run_until(*loop, [&] { return c.handler.opens == 1; }), py.output());
  CHECK(c.conn->tls().alpn() == "");  // python's server does not negotiate ALPN here

  REQUIRE(c.send_text("hello websockets"));
  REQUIRE(run_until(*loop, [&] { return c.handler.messages.size() == 1; }));
  CHECK(c.handler.messages[0] == std::make_pair(WsOpcode::Text, std::string("hello websockets")));

  std::string blob(512 * 1024, '\0');
  for (std::size_t i = 0; i < blob.size(); ++i) blob[i] = static_cast<char>(i * 13);
  REQUIRE(c.ws->send(WsOpcode::Binary, reinterpret_cast<const std::uint8_t*>(blob.data()), blob.size()) ==
          WsSendStatus::Ok);
  REQUIRE(run_until(*loop, [&] { return c.handler.messages.size() == 2; }, 10000));
  CHECK(c.handler.messages[1].first == WsOpcode::Binary);
  CHECK(c.handler.messages[1].second == blob);

  REQUIRE(c.send_text("close-me"));
  REQUIRE(run_until(*loop, [&] { return c.states.count(ConnStatus::Disconnected) == 1; }));
  CHECK(c.handler.close_code == 4001);
  CHECK(c.handler.close_reason == "bye");
  CHECK(c.states.last_reason() == 4001);  // WS close code travels as the ConnState reason
}

TEST_CASE("ws over tls: our client and our server, client-initiated close 1000") {
  auto loop = make_loop(kBackendCases[0]);
  TlsServerOptions sopt;
  sopt.cert_file = ws_pki().pki.leaf.cert_path;
  sopt.key_file = ws_pki().pki.leaf.key_path;
  auto sctx = TlsContext::server(sopt);
  REQUIRE(sctx != nullptr);

  struct Acceptor final : ConnHandler {
    EventLoop& loop;
    TlsContext& ctx;
    WsRecorder handler;
    std::unique_ptr<WsStream> ws;
    std::unique_ptr<Connection> conn;
    Acceptor(EventLoop& l, TlsContext& c) : loop(l), ctx(c) {}
    void on_connect(ConnId, int) noexcept override {}
    void on_data(ConnId, const std::uint8_t*, std::size_t) noexcept override {}
    void on_close(ConnId, int) noexcept override {}
    void on_accept(ConnId, int fd) noexcept override {
      WsStreamOptions o;
      o.ws.role = WsRole::Server;
      handler.echo = true;
      ws = std::make_unique<WsStream>(loop, o, handler);
      handler.stream = ws.get();
      ConnectionConfig cfg;
      cfg.host = "accepted";
      conn = std::make_unique<Connection>(loop, &ctx, cfg, *ws);
      conn->accept(fd);
    }
  } acceptor(*loop, *sctx);
  std::uint16_t port = 0;
  REQUIRE(loop->listen(listen_loopback(&port), acceptor) != kInvalidConn);

  WsClient c(*loop, port);
  REQUIRE(run_until(*loop, [&] { return c.handler.opens == 1 && acceptor.handler.opens == 1; }));
  CHECK(acceptor.ws->ws().target() == "/echo");
  for (int i = 0; i < 100; ++i) REQUIRE(c.send_text("order " + std::to_string(i)));
  REQUIRE(run_until(*loop, [&] { return c.handler.messages.size() == 100; }));
  CHECK(c.handler.messages[99].second == "order 99");

  REQUIRE(c.ws->close(ws_close::kNormal, "done") == WsSendStatus::Ok);
  REQUIRE(run_until(*loop, [&] { return c.states.count(ConnStatus::Disconnected) == 1; }));
  CHECK(c.handler.close_code == ws_close::kNormal);
  CHECK(c.states.last_reason() == ws_close::kNormal);
  CHECK(acceptor.handler.close_code == ws_close::kNormal);
}

}  // namespace xtb::net::test
