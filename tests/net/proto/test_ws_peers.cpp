// test_ws_peers.cpp — our WebSocket client and server against implementations we did
// not write, over plain loopback TCP: Debian's python3-websockets (peers/ws_peer.py)
// and, when installed (peers/setup-node-peer.sh), node's `ws` package (peers/ws_peer.js).
// Every wait is bounded; peer processes are killed by PeerProcess's destructor.
#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <string>
#include <vector>

#include "harness.hpp"
#include "ws_test_util.hpp"

using namespace xtb::net;
using namespace xtb::test;

namespace {
constexpr std::int64_t kSec = 1'000'000'000;
const std::uint8_t* u8(const std::string& s) { return reinterpret_cast<const std::uint8_t*>(s.data()); }
const std::string kCapture = std::string(XTB_DATA_DIR) + "/binance-usdm/capture/btcusdt_20240808.gz";

/// The payloads ws_peer.py / ws_peer.js generate (same formulas).
std::string peer_payload(std::size_t n, bool text) {
  std::string s(n, '\0');
  for (std::size_t i = 0; i < n; ++i) s[i] = text ? static_cast<char>('a' + i % 26) : static_cast<char>(i * 7 % 251);
  return s;
}
const std::size_t kSizes[] = {0, 1, 125, 126, 127, 65535, 65536, 65537, 1u << 20};

bool file_exists(const std::string& p) {
  struct stat st{};
  return stat(p.c_str(), &st) == 0;
}
bool node_peer_available() {
  return file_exists("/usr/bin/node") && file_exists(std::string(XTB_SOURCE_DIR) + "/tests/net/proto/node_modules/ws");
}

/// A peer server process (python or node) that prints "PORT <n>".
struct PeerServer {
  PeerProcess proc;
  std::uint16_t port = 0;
  explicit PeerServer(const std::vector<std::string>& argv) {
    REQUIRE(proc.start(argv));
    std::string rest;
    REQUIRE(proc.expect_line("PORT ", rest, 10000));
    port = static_cast<std::uint16_t>(std::stoi(rest));
  }
  /// The close status the peer reports for the connection that just ended.
  std::string closed(int timeout_ms = 5000) {
    std::string rest;
    return proc.expect_line("CLOSED ", rest, timeout_ms) ? rest : std::string("<no CLOSED line>");
  }
};
PeerServer python_server() { return PeerServer({system_python(), peer_script("ws_peer.py"), "server", "--capture", kCapture}); }

/// Our client on one loopback connection.
struct Client {
  std::unique_ptr<Loopback> conn;
  WsRecorder rec;
  std::unique_ptr<WsConnection> ws;
  std::string host;

  Client(std::uint16_t port, const std::string& target, WsConfig cfg = ws_config(WsRole::Client), std::size_t split = 0) {
    conn = Loopback::connect(port);
    REQUIRE(conn != nullptr);
    conn->set_split(split);
    ws = std::make_unique<WsConnection>(cfg, conn->tx(), rec);
    host = "127.0.0.1:" + std::to_string(port);
    REQUIRE(ws->start_client(WsClientRequest{host, target}, 0) == HttpError::None);
    REQUIRE(until([&] { return rec.opened || rec.errors > 0; }));
    REQUIRE(rec.opened);  // (the peer may already have failed it with bytes that followed the 101)
  }
  bool until(const std::function<bool()>& done, int ms = 10000) { return pump_until(*conn, *ws, done, ms); }
  bool done() const { return ws->should_close_transport(); }
  /// Close handshake from our side, then a graceful TCP close.
  void finish(std::uint16_t code = 1000) {
    if (ws->is_open()) CHECK(ws->close(code, "done", 0) == WsSendStatus::Ok);
    CHECK(until([&] { return done(); }));
    conn->close_gracefully(2000);
  }
};
}  // namespace

TEST_CASE("ws peers: python server sees our request targets for every Binance path form") {
  PeerServer py = python_server();
  const std::string key(64, 'k');
  for (const std::string& target :
       {std::string("/ws/btcusdt@bookTicker"), std::string("/stream?streams=btcusdt@bookTicker/btcusdt@aggTrade"),
        std::string("/public/ws/btcusdt@depth@100ms"), std::string("/market/stream?streams=btcusdt@markPrice@1s"),
        std::string("/private/ws?listenKey=") + key, std::string("/public"), std::string("/market")}) {
    CAPTURE(target);
    Client c(py.port, target);
    REQUIRE(c.until([&] { return !c.rec.messages.empty(); }));
    CHECK(c.rec.messages[0].data == "PATH:" + target);
    const std::string hello = "{\"method\":\"SUBSCRIBE\",\"params\":[\"btcusdt@aggTrade\"],\"id\":1}";
    REQUIRE(c.ws->send_text(u8(hello), hello.size()) == WsSendStatus::Ok);
    REQUIRE(c.until([&] { return c.rec.messages.size() == 2; }));
    CHECK(c.rec.messages[1].data == hello);
    c.finish();
    CHECK(c.rec.close_code == 1000);
    CHECK(py.closed().rfind("1000", 0) == 0);
  }
}

TEST_CASE("ws peers: python server sends 0..1 MiB text and binary; reads split at random points") {
  PeerServer py = python_server();
  for (const std::size_t split : {std::size_t{0}, std::size_t{97}}) {
    Client c(py.port, "/scenario/sizes", ws_config(WsRole::Client), split);
    const std::size_t n_sizes = sizeof(kSizes) / sizeof(kSizes[0]);
    REQUIRE(c.until([&] { return c.rec.messages.size() == 2 * n_sizes + 1 || c.done(); }, 20000));
    REQUIRE(c.rec.messages.size() == 2 * n_sizes + 1);
    for (std::size_t i = 0; i < 2 * n_sizes; ++i) {
      const bool text = i < n_sizes;
      CAPTURE(i);
      CHECK(c.rec.messages[i].op == (text ? WsOpcode::Text : WsOpcode::Binary));
      CHECK(c.rec.messages[i].data == peer_payload(kSizes[i % n_sizes], text));
    }
    CHECK(c.rec.messages.back().data == "DONE");
    c.finish();
    CHECK(py.closed().rfind("1000", 0) == 0);
  }
}

TEST_CASE("ws peers: python fragments (incl. ping between fragments, split UTF-8 character)") {
  PeerServer py = python_server();
  Client c(py.port, "/scenario/fragmented");
  REQUIRE(c.until([&] { return (!c.rec.messages.empty() && c.rec.messages.back().data == "DONE") || c.done(); }));
  REQUIRE(c.rec.messages.size() == 5);
  CHECK(c.rec.messages[0].data == "fragmented text \xc3\xa9\xe2\x82\xac");
  CHECK(c.rec.messages[1].data == "part1-part2");
  CHECK(c.rec.messages[2].op == WsOpcode::Binary);
  CHECK(c.rec.messages[2].data == peer_payload(300000, false));
  CHECK(c.rec.messages[3].data == "x\xe2\x82\xac");
  CHECK(c.ws->stats().pings_rx == 1);
  c.finish();
  CHECK(py.closed().rfind("1000", 0) == 0);
}

TEST_CASE("ws peers: python pings us (Binance-style), and answers our keep-alive pings") {
  PeerServer py = python_server();
  WsConfig cfg = ws_config(WsRole::Client);
  cfg.ping_interval_ns = 180 * kSec;
  cfg.pong_timeout_ns = 10 * kSec;
  Client c(py.port, "/scenario/ping", cfg);
  REQUIRE(c.until([&] { return !c.rec.messages.empty() || c.done(); }));
  CHECK(c.rec.messages[0].data == "PONG-OK");  // python got our pong with its payload
  c.ws->on_timer(180 * kSec);
  CHECK(c.ws->stats().pings_tx == 1);
  REQUIRE(c.until([&] { return c.rec.pongs == 1; }));
  CHECK(c.ws->stats().unmatched_pongs == 0);
  c.ws->on_timer(195 * kSec);  // beyond the pong timeout: still alive since it was answered
  CHECK(c.ws->is_open());
  c.finish();
}

TEST_CASE("ws peers: a deaf python peer is detected by the pong timeout") {
  PeerServer py = python_server();
  WsConfig cfg = ws_config(WsRole::Client);
  cfg.ping_interval_ns = 30 * kSec;
  cfg.pong_timeout_ns = 10 * kSec;
  Client c(py.port, "/scenario/deaf", cfg);
  c.ws->on_timer(30 * kSec);
  c.until([] { return false; }, 300);  // deliver the ping; no pong can come back
  CHECK(c.rec.pongs == 0);
  c.ws->on_timer(40 * kSec);
  CHECK(c.rec.error == WsError::PongTimeout);
  CHECK(c.done());
}

TEST_CASE("ws peers: python closes with application code 4001; we echo it") {
  PeerServer py = python_server();
  Client c(py.port, "/scenario/close?code=4001&reason=bye");
  REQUIRE(c.until([&] { return c.done(); }));
  CHECK(c.rec.closes == 1);
  CHECK(c.rec.close_code == 4001);
  CHECK(c.rec.close_reason == "bye");
  CHECK(c.rec.errors == 0);
  c.conn->close_gracefully(2000);
  CHECK(py.closed() == "4001 ");  // our echo carries the code, no reason (§5.5.1)
}

TEST_CASE("ws peers: protocol violations and invalid UTF-8 from python → clean error + close code") {
  PeerServer py = python_server();
  struct Case {
    const char* kind;
    WsError error;
    std::uint16_t code;
  };
  const Case cases[] = {
      {"reserved_opcode", WsError::ProtocolViolation, 1002}, {"rsv_bit", WsError::ProtocolViolation, 1002},
      {"masked_from_server", WsError::ProtocolViolation, 1002}, {"orphan_continuation", WsError::ProtocolViolation, 1002},
      {"big_ping", WsError::ProtocolViolation, 1002}, {"fragmented_ping", WsError::ProtocolViolation, 1002},
      {"close_one_byte", WsError::ProtocolViolation, 1002}, {"close_code_999", WsError::ProtocolViolation, 1002},
      {"close_code_1005", WsError::ProtocolViolation, 1002}, {"nonminimal_length", WsError::ProtocolViolation, 1002},
      {"new_message_mid_fragment", WsError::ProtocolViolation, 1002}, {"invalid_utf8", WsError::InvalidUtf8, 1007},
      {"invalid_utf8_split", WsError::InvalidUtf8, 1007}, {"surrogate_utf8", WsError::InvalidUtf8, 1007},
      {"invalid_utf8_close_reason", WsError::InvalidUtf8, 1007},
  };
  for (const Case& k : cases) {
    const std::string kind = k.kind;
    CAPTURE(kind);
    Client c(py.port, std::string("/scenario/raw?kind=") + k.kind);
    REQUIRE(c.until([&] { return c.done(); }));
    CHECK(c.rec.error == k.error);
    CHECK(c.rec.error_code == k.code);
    c.conn->close_gracefully(2000);
    CHECK(py.closed().rfind(std::to_string(k.code), 0) == 0);  // python received our code
  }
}

TEST_CASE("ws peers: python sends 2 MiB to a 1 MiB client → 1009; python vanishes mid-frame") {
  PeerServer py = python_server();
  {
    Client c(py.port, "/scenario/too_big?n=2097152");
    REQUIRE(c.until([&] { return c.done(); }));
    CHECK(c.rec.error == WsError::MessageTooBig);
    CHECK(c.rec.error_code == 1009);
    c.conn->close_gracefully(2000);
    CHECK(py.closed().rfind("1009", 0) == 0);
  }
  {
    Client c(py.port, "/scenario/vanish");
    REQUIRE(c.until([&] { return c.done(); }));
    CHECK(c.rec.error == WsError::PeerVanished);
    CHECK(c.rec.error_code == 1006);
    CHECK(c.rec.messages.empty());
  }
}

TEST_CASE("ws peers: python replays the real BTCUSDT capture; every message arrives intact") {
  REQUIRE(file_exists(kCapture));
  const int n = 3000;
  std::vector<std::string> expected;
  gzFile gz = gzopen(kCapture.c_str(), "rb");
  REQUIRE(gz != nullptr);
  std::vector<char> line(1 << 20);
  while (static_cast<int>(expected.size()) < n && gzgets(gz, line.data(), static_cast<int>(line.size())) != nullptr) {
    std::string s(line.data());
    if (!s.empty() && s.back() == '\n') s.pop_back();
    expected.push_back(s.substr(s.find(' ') + 1));
  }
  gzclose(gz);
  REQUIRE(expected.size() == static_cast<std::size_t>(n));

  PeerServer py = python_server();
  Client c(py.port, "/scenario/replay?n=" + std::to_string(n), ws_config(WsRole::Client), 1500);
  c.rec.store = true;
  REQUIRE(c.until([&] { return c.done(); }, 30000));
  CHECK(c.rec.errors == 0);
  CHECK(c.rec.close_code == 1000);
  CHECK(c.rec.close_reason == "replay done");
  REQUIRE(c.rec.messages.size() == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i)
    if (c.rec.messages[i].data != expected[i]) FAIL("message " << i << " differs");
  c.conn->close_gracefully(2000);
}

namespace {
/// Runs ws_peer.py / ws_peer.js as a client of our server; returns the peer's RESULT line.
struct ServerRun {
  WsRecorder rec;
  std::unique_ptr<Loopback> conn;
  std::unique_ptr<WsConnection> ws;
  PeerProcess peer;
  std::string result;

  ServerRun(const std::vector<std::string>& peer_argv_prefix, const std::string& scenario) {
    std::uint16_t port = 0;
    const int lfd = Loopback::listen(&port);
    REQUIRE(lfd >= 0);
    std::vector<std::string> argv = peer_argv_prefix;
    argv.push_back("ws://127.0.0.1:" + std::to_string(port) + "/ws/echo@stream");
    argv.push_back(scenario);
    REQUIRE(peer.start(argv));
    conn = Loopback::accept(lfd, 10000);
    close(lfd);
    REQUIRE(conn != nullptr);
    ws = std::make_unique<WsConnection>(ws_config(WsRole::Server, 2u << 20), conn->tx(), rec);
    rec.echo = ws.get();
    ws->start_server(0);
    pump_until(*conn, *ws, [&] { return ws->should_close_transport() || conn->eof(); }, 20000);
    conn->close_gracefully(2000);
    peer.expect_line("RESULT ", result, 5000);
    peer.wait_exit(5000);
  }
};
}  // namespace

TEST_CASE("ws peers: python client against our server — echo, fragments, ping, close, errors") {
  const std::vector<std::string> py = {system_python(), peer_script("ws_peer.py"), "client"};
  {
    ServerRun run(py, "echo");
    CHECK(run.result == "ok");
    CHECK(run.rec.upgrade_target == "/ws/echo@stream");
    CHECK(run.rec.close_code == 1000);
    CHECK(run.rec.close_reason == "client done");
    CHECK(run.ws->stats().pings_rx >= 2);
  }
  {
    ServerRun run(py, "invalid_utf8");
    CHECK(run.result == "ok");
    CHECK(run.rec.error == WsError::InvalidUtf8);
  }
  {
    ServerRun run(py, "unmasked");
    CHECK(run.result == "ok");
    CHECK(run.rec.error == WsError::ProtocolViolation);
  }
  {
    ServerRun run(py, "close");
    CHECK(run.result == "ok");
    CHECK(run.rec.close_code == 4000);
  }
  {
    ServerRun run(py, "vanish");
    CHECK(run.rec.error == WsError::PeerVanished);
    CHECK(run.rec.messages.empty());
  }
}

TEST_CASE("ws peers: node `ws` package as a second independent peer (server and client)") {
  if (!node_peer_available()) {
    MESSAGE("node ws peer not installed: run tests/net/proto/peers/setup-node-peer.sh");
    return;
  }
  PeerServer node({"/usr/bin/node", peer_script("ws_peer.js"), "server"});
  {
    Client c(node.port, "/stream?streams=btcusdt@bookTicker/btcusdt@aggTrade");
    REQUIRE(c.until([&] { return !c.rec.messages.empty(); }));
    CHECK(c.rec.messages[0].data == "PATH:/stream?streams=btcusdt@bookTicker/btcusdt@aggTrade");
    for (const std::size_t n : kSizes) {
      const std::string msg = peer_payload(n, false);
      REQUIRE(c.ws->send_binary(u8(msg), msg.size()) == WsSendStatus::Ok);
      const std::string txt = peer_payload(n, true);
      REQUIRE(c.ws->send(WsOpcode::Text, u8(txt), txt.size(), 4096) == WsSendStatus::Ok);  // fragmented
    }
    const std::size_t want = 1 + 2 * (sizeof(kSizes) / sizeof(kSizes[0]));
    REQUIRE(c.until([&] { return c.rec.messages.size() == want || c.done(); }, 20000));
    for (std::size_t i = 0; i < sizeof(kSizes) / sizeof(kSizes[0]); ++i) {
      CHECK(c.rec.messages[1 + 2 * i].data == peer_payload(kSizes[i], false));
      CHECK(c.rec.messages[2 + 2 * i].data == peer_payload(kSizes[i], true));
    }
    c.finish(4002);
    CHECK(node.closed().rfind("4002", 0) == 0);
  }
  {
    Client c(node.port, "/scenario/ping_close");
    REQUIRE(c.until([&] { return c.done(); }));
    CHECK(c.ws->stats().pings_rx == 1);
    CHECK(c.rec.messages.size() == 1);
    CHECK(c.rec.messages[0].data == "PONG-OK");
    CHECK(c.rec.close_code == 4003);
    c.conn->close_gracefully(2000);
    CHECK(node.closed().rfind("4003", 0) == 0);
  }
  {
    Client c(node.port, "/scenario/invalid_utf8");
    REQUIRE(c.until([&] { return c.done(); }));
    CHECK(c.rec.error == WsError::InvalidUtf8);
    c.conn->close_gracefully(2000);
    CHECK(node.closed().rfind("1007", 0) == 0);
  }
  {
    ServerRun run({"/usr/bin/node", peer_script("ws_peer.js"), "client"}, "echo");
    CHECK(run.result == "ok");
    CHECK(run.rec.close_code == 1000);
  }
}
