// test_ws_codec.cpp — WsConnection client and server against each other in memory:
// messages of every length class, fragmentation, split feeding, ping/pong, close
// handshakes, hostile frames, size limit, timers (all with caller-supplied time), and
// the zero-allocation steady state.
#include <doctest/doctest.h>

#include <cstring>
#include <string>

#include "core/alloc_guard.hpp"
#include "ws_test_util.hpp"

using namespace xtb::net;
using xtb::test::decode_frames;
using xtb::test::close_code_of;
using xtb::test::WsPair;

namespace {
const std::uint8_t* u8(const std::string& s) { return reinterpret_cast<const std::uint8_t*>(s.data()); }
std::string pattern(std::size_t n) {
  std::string s(n, '\0');
  for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<char>('a' + i % 26);
  return s;
}
constexpr std::int64_t kSec = 1'000'000'000;
}  // namespace

TEST_CASE("ws codec: handshake, then text and binary of every length class both ways") {
  WsPair pair;
  REQUIRE(pair.open("/stream?streams=btcusdt@bookTicker/ethusdt@aggTrade"));
  CHECK(pair.server_rec.upgrade_target == "/stream?streams=btcusdt@bookTicker/ethusdt@aggTrade");
  CHECK(pair.server->target() == "/stream?streams=btcusdt@bookTicker/ethusdt@aggTrade");
  CHECK(pair.client->handshake_status() == 101);
  pair.server_rec.echo = pair.server.get();
  std::size_t expected = 0;
  for (const std::size_t n : {0u, 1u, 125u, 126u, 127u, 4000u, 4096u, 65535u, 65536u, 65537u, 1u << 20}) {
    const std::string msg = pattern(n);
    REQUIRE(pair.client->send_text(u8(msg), n) == WsSendStatus::Ok);
    REQUIRE(pair.client->send_binary(u8(msg), n) == WsSendStatus::Ok);
    pair.pump();
    expected += 2;
    REQUIRE(pair.client_rec.messages.size() == expected);
    CHECK(pair.client_rec.messages[expected - 2].op == WsOpcode::Text);
    CHECK(pair.client_rec.messages[expected - 2].data == msg);
    CHECK(pair.client_rec.messages[expected - 1].op == WsOpcode::Binary);
    CHECK(pair.client_rec.messages[expected - 1].data == msg);
  }
  CHECK(pair.client->stats().messages_rx == expected);
  CHECK(pair.server->stats().messages_rx == expected);
  CHECK(pair.client_rec.errors + pair.server_rec.errors == 0);
}

TEST_CASE("ws codec: bytes fed in pieces of 1, 3 and 7 bytes reassemble identically") {
  for (const std::size_t piece : {1u, 3u, 7u}) {
    WsPair pair;
    pair.server->start_server(0);
    REQUIRE(pair.client->start_client(WsClientRequest{"h", "/ws/x"}, 0) == HttpError::None);
    pair.pump(piece);
    REQUIRE(pair.client->is_open());
    pair.server_rec.echo = pair.server.get();
    const std::string msg = "{\"e\":\"bookTicker\",\"s\":\"BTCUSDT\",\"b\":\"25.35190000\"} \xe2\x82\xac";
    REQUIRE(pair.client->send(WsOpcode::Text, u8(msg), msg.size(), 5) == WsSendStatus::Ok);
    const std::string big = pattern(70000);
    REQUIRE(pair.client->send_binary(u8(big), big.size()) == WsSendStatus::Ok);
    pair.pump(piece);
    REQUIRE(pair.client_rec.messages.size() == 2);
    CHECK(pair.client_rec.messages[0].data == msg);
    CHECK(pair.client_rec.messages[1].data == big);
  }
}

TEST_CASE("ws codec: fragmented send with interleaved ping; pong answered automatically") {
  WsPair pair;
  REQUIRE(pair.open());
  const std::string msg = pattern(10000);
  REQUIRE(pair.client->send(WsOpcode::Binary, u8(msg), msg.size(), 1000) == WsSendStatus::Ok);
  const std::string wire = pair.client_tx.take();
  const auto frames = decode_frames(WsRole::Server, wire);
  REQUIRE(frames.size() == 10);
  CHECK(frames[0].first == 0x2);
  CHECK(frames[9].first == 0x0);
  // Inject a server ping between fragment 5 and 6 at the server side of the wire: feed
  // the first half, then a ping from the server to the client, then the rest.
  pair.server->on_bytes(u8(wire), wire.size() / 2);
  const std::string ping = "\x89\x04ping";
  pair.client->on_bytes(u8(ping), ping.size());  // client answers with a masked pong
  pair.server->on_bytes(u8(wire) + wire.size() / 2, wire.size() - wire.size() / 2);
  REQUIRE(pair.server_rec.messages.size() == 1);
  CHECK(pair.server_rec.messages[0].data == msg);
  const auto pong = decode_frames(WsRole::Server, pair.client_tx.take());
  REQUIRE(pong.size() == 1);
  CHECK(pong[0].first == 0xA);
  CHECK(pong[0].second == "ping");
  CHECK(pair.client->stats().pings_rx == 1);
}

TEST_CASE("ws codec: close handshake initiated by either side, codes and reasons") {
  SUBCASE("client closes") {
    WsPair pair;
    REQUIRE(pair.open());
    REQUIRE(pair.client->close(ws_close::kNormal, "bye", 5) == WsSendStatus::Ok);
    CHECK(pair.client->state() == WsState::Closing);
    CHECK(pair.client->send_text(u8(std::string("x")), 1) == WsSendStatus::NotOpen);
    pair.pump();
    CHECK(pair.server_rec.close_code == 1000);
    CHECK(pair.server_rec.close_reason == "bye");
    CHECK(pair.client_rec.closes == 1);
    CHECK(pair.client_rec.close_code == 1000);  // echoed by the server
    CHECK(pair.client->state() == WsState::Closed);
    CHECK(pair.server->should_close_transport());
    pair.client->on_eof();  // TCP close after a finished handshake: not an error
    CHECK(pair.client_rec.errors == 0);
  }
  SUBCASE("server closes with an application code (Binance-style session end)") {
    WsPair pair;
    REQUIRE(pair.open());
    REQUIRE(pair.server->close(4001, "24h", 0) == WsSendStatus::Ok);
    pair.pump();
    CHECK(pair.client_rec.close_code == 4001);
    CHECK(pair.client_rec.close_reason == "24h");
    CHECK(pair.server_rec.close_code == 4001);
    CHECK(pair.client->should_close_transport());
  }
  SUBCASE("invalid close requests are refused") {
    WsPair pair;
    REQUIRE(pair.open());
    CHECK(pair.client->close(1005, "", 0) == WsSendStatus::InvalidArgument);
    CHECK(pair.client->close(999, "", 0) == WsSendStatus::InvalidArgument);
    CHECK(pair.client->close(1000, std::string(124, 'r'), 0) == WsSendStatus::InvalidArgument);
    CHECK(pair.client->is_open());
  }
}

namespace {
struct Violation {
  const char* name;
  std::string bytes;
  WsError error;
  std::uint16_t code;
};

/// Feeds hostile server→client bytes to an open client; checks the typed error, the
/// close frame the client queued, and that later bytes are ignored.
void check_violation(const Violation& v) {
  CAPTURE(v.name);
  WsPair pair;
  REQUIRE(pair.open());
  pair.client->on_bytes(u8(v.bytes), v.bytes.size());
  CHECK(pair.client_rec.errors == 1);
  CHECK(pair.client_rec.error == v.error);
  CHECK(pair.client_rec.error_code == v.code);
  CHECK(pair.client->state() == WsState::Failed);
  const auto frames = decode_frames(WsRole::Server, pair.client_tx.take());
  REQUIRE(frames.size() == 1);
  CHECK(frames[0].first == 0x8);
  CHECK(close_code_of(frames[0].second) == v.code);
  const std::string more = "\x81\x02hi";
  pair.client->on_bytes(u8(more), more.size());
  CHECK(pair.client_rec.messages.empty());
  CHECK(pair.client_rec.errors == 1);
}
}  // namespace

TEST_CASE("ws codec: protocol violations and invalid UTF-8 give typed errors and close codes") {
  using std::string;
  const Violation cases[] = {
      {"reserved opcode", string("\x83\x00", 2), WsError::ProtocolViolation, 1002},
      {"rsv1 without extension", "\xc1\x02hi", WsError::ProtocolViolation, 1002},
      {"masked server frame", string("\x81\x82\x00\x00\x00\x00hi", 8), WsError::ProtocolViolation, 1002},
      {"orphan continuation", "\x80\x02hi", WsError::ProtocolViolation, 1002},
      {"control frame > 125", string("\x89\x7e\x00\x7e", 4) + string(126, 'x'), WsError::ProtocolViolation, 1002},
      {"fragmented ping", "\x09\x01x", WsError::ProtocolViolation, 1002},
      {"close with 1 byte", "\x88\x01\x03", WsError::ProtocolViolation, 1002},
      {"close code 999", "\x88\x02\x03\xe7", WsError::ProtocolViolation, 1002},
      {"close code 1005", "\x88\x02\x03\xed", WsError::ProtocolViolation, 1002},
      {"non-minimal length", string("\x81\x7e\x00\x05hello", 9), WsError::ProtocolViolation, 1002},
      {"new message inside fragmented one", "\x01\x01" "a\x81\x01" "b", WsError::ProtocolViolation, 1002},
      {"invalid utf-8", "\x81\x02\xc3\x28", WsError::InvalidUtf8, 1007},
      {"utf-8 split across fragments", "\x01\x02\xe2\x82\x80\x01\x28", WsError::InvalidUtf8, 1007},
      {"truncated utf-8 at message end", "\x81\x02\xe2\x82", WsError::InvalidUtf8, 1007},
      {"surrogate", "\x81\x03\xed\xa0\x80", WsError::InvalidUtf8, 1007},
      {"invalid close reason", "\x88\x04\x03\xe8\xff\xfe", WsError::InvalidUtf8, 1007},
  };
  for (const Violation& v : cases) check_violation(v);
}

TEST_CASE("ws codec: maximum message size → 1009, single frame and accumulated fragments") {
  SUBCASE("one frame announcing more than the limit fails before buffering") {
    WsPair pair(1000);
    REQUIRE(pair.open());
    // 2^32 bytes claimed; wslay surfaces the header with the first payload byte.
    const std::string hdr("\x82\x7f\x00\x00\x00\x01\x00\x00\x00\x00x", 11);
    pair.client->on_bytes(u8(hdr), hdr.size());
    CHECK(pair.client_rec.error == WsError::MessageTooBig);
    CHECK(pair.client_rec.error_code == 1009);
  }
  SUBCASE("fragments adding up past the limit") {
    WsPair pair(1000);
    REQUIRE(pair.open());
    const std::string msg = pattern(1500);
    REQUIRE(pair.server->send(WsOpcode::Text, u8(msg), msg.size(), 600) == WsSendStatus::Ok);
    pair.pump();
    CHECK(pair.client_rec.error == WsError::MessageTooBig);
    CHECK(pair.server_rec.close_code == 1009);  // the server saw our close frame
    CHECK(pair.client_rec.messages.empty());
  }
  SUBCASE("exactly the limit is fine") {
    WsPair pair(1000);
    REQUIRE(pair.open());
    const std::string msg = pattern(1000);
    REQUIRE(pair.server->send(WsOpcode::Text, u8(msg), msg.size(), 300) == WsSendStatus::Ok);
    pair.pump();
    REQUIRE(pair.client_rec.messages.size() == 1);
    CHECK(pair.client_rec.messages[0].data == msg);
  }
}

TEST_CASE("ws codec: keep-alive ping, pong timeout, close timeout, handshake timeout, rotation") {
  SUBCASE("answered keep-alive pings keep the connection open") {
    WsConfig c = xtb::test::ws_config(WsRole::Client);
    c.ping_interval_ns = 30 * kSec;
    c.pong_timeout_ns = 10 * kSec;
    WsPair pair(1 << 20, c);
    REQUIRE(pair.open("/ws/x", 0));
    pair.client->on_timer(29 * kSec);
    CHECK(pair.client->stats().pings_tx == 0);
    pair.client->on_timer(30 * kSec);
    CHECK(pair.client->stats().pings_tx == 1);
    pair.pump();  // server answers the ping
    CHECK(pair.client_rec.pongs == 1);
    pair.client->on_timer(45 * kSec);  // past the pong timeout of the answered ping
    CHECK(pair.client->is_open());
    pair.client->on_timer(60 * kSec);
    CHECK(pair.client->stats().pings_tx == 2);
    CHECK(pair.client->stats().unmatched_pongs == 0);
  }
  SUBCASE("a peer that never answers is declared dead") {
    WsConfig c = xtb::test::ws_config(WsRole::Client);
    c.ping_interval_ns = 30 * kSec;
    c.pong_timeout_ns = 10 * kSec;
    WsPair pair(1 << 20, c);
    REQUIRE(pair.open("/ws/x", 0));
    pair.client->on_timer(30 * kSec);
    pair.client_tx.take();  // the ping is lost: never reaches the server
    pair.client->on_timer(39 * kSec);
    CHECK(pair.client->is_open());
    pair.client->on_timer(40 * kSec);
    CHECK(pair.client_rec.error == WsError::PongTimeout);
    CHECK(pair.client_rec.error_code == 1006);
    CHECK(pair.client->should_close_transport());
  }
  SUBCASE("unsolicited pong is counted, not an error") {
    WsPair pair;
    REQUIRE(pair.open());
    const std::string pong = "\x8a\x03xyz";
    pair.client->on_bytes(u8(pong), pong.size());
    CHECK(pair.client->stats().unmatched_pongs == 1);
    CHECK(pair.client->is_open());
  }
  SUBCASE("close without an answer times out") {
    WsPair pair;
    REQUIRE(pair.open());
    REQUIRE(pair.client->close(1000, "", 100) == WsSendStatus::Ok);
    pair.client->on_timer(100 + 5 * kSec - 1);
    CHECK(pair.client->state() == WsState::Closing);
    pair.client->on_timer(100 + 5 * kSec);
    CHECK(pair.client_rec.error == WsError::CloseTimeout);
  }
  SUBCASE("handshake that never completes") {
    WsPair pair;
    REQUIRE(pair.client->start_client(WsClientRequest{"h", "/ws/x"}, 0) == HttpError::None);
    pair.client->on_timer(10 * kSec);
    CHECK(pair.client_rec.error == WsError::HandshakeTimeout);
  }
  SUBCASE("rotation hook fires once before Binance's 24 h cut") {
    WsConfig c = xtb::test::ws_config(WsRole::Client);
    c.rotate_after_ns = 23 * 3600 * kSec;
    WsPair pair(1 << 20, c);
    REQUIRE(pair.open("/ws/x", 0));
    pair.client->on_timer(23 * 3600 * kSec - 1);
    CHECK(pair.client_rec.rotations == 0);
    pair.client->on_timer(23 * 3600 * kSec);
    pair.client->on_timer(23 * 3600 * kSec + kSec);
    CHECK(pair.client_rec.rotations == 1);
  }
}

TEST_CASE("ws codec: peer vanishing mid-frame and during the handshake") {
  WsPair pair;
  REQUIRE(pair.open());
  const std::string partial("\x82\x7e\x03\xe8xxxxxxxxxx", 14);
  pair.client->on_bytes(u8(partial), partial.size());
  CHECK(pair.client_rec.errors == 0);
  pair.client->on_eof();
  CHECK(pair.client_rec.error == WsError::PeerVanished);
  CHECK(pair.client_rec.error_code == 1006);

  WsPair half;
  REQUIRE(half.client->start_client(WsClientRequest{"h", "/ws/x"}, 0) == HttpError::None);
  const std::string resp = "HTTP/1.1 101 Switching Protocols\r\nUpgr";
  half.client->on_bytes(u8(resp), resp.size());
  half.client->on_eof();
  CHECK(half.client_rec.error == WsError::PeerVanished);
}

TEST_CASE("ws codec: server refuses an upgrade; client reports the HTTP status") {
  WsPair pair;
  pair.server_rec.upgrade_answer = 404;
  CHECK_FALSE(pair.open("/ws/unknown@stream"));
  CHECK(pair.server_rec.error == WsError::HandshakeRejected);
  CHECK(pair.client_rec.error == WsError::HandshakeRejected);
  CHECK(pair.client->handshake_status() == 404);
  CHECK(pair.server->should_close_transport());
}

TEST_CASE("ws codec: garbage instead of a handshake response") {
  WsPair pair;
  REQUIRE(pair.client->start_client(WsClientRequest{"h", "/ws/x"}, 0) == HttpError::None);
  const std::string junk = "\x81\x05hello not http";
  pair.client->on_bytes(u8(junk), junk.size());
  CHECK(pair.client_rec.error == WsError::HandshakeMalformed);
}

TEST_CASE("ws codec: steady state allocates nothing (messages, fragments, ping/pong, mask refills)") {
  if (!xtb::AllocGuard::enabled()) return;
  WsConfig c = xtb::test::ws_config(WsRole::Client);
  c.ping_interval_ns = kSec;
  WsPair pair(1 << 20, c);
  REQUIRE(pair.open("/ws/x", 0));
  pair.server_rec.store = pair.client_rec.store = false;  // the recorder must not allocate
  const std::string small = "{\"e\":\"bookTicker\",\"u\":400900217,\"s\":\"BNBUSDT\",\"b\":\"25.35190000\"}";
  const std::string big = pattern(200000);
  // Warm-up outside the armed scope (first RAND_bytes refill, first use of buffers).
  pair.client->send_text(u8(small), small.size());
  pair.pump();
  const std::uint64_t before = xtb::AllocGuard::armed_allocations();
  {
    xtb::AllocGuard::Armed armed;
    for (int i = 0; i < 400; ++i) {  // > 128 client frames: several mask-pool refills
      pair.client->send_text(u8(small), small.size());
      pair.server->send_binary(u8(small), small.size());
      pair.client->on_timer((i + 1) * kSec);  // keep-alive ping each round
      if (i % 100 == 0) {
        pair.server->send(WsOpcode::Binary, u8(big), big.size(), 64 * 1024);
        const std::string ping = "ping";
        pair.server->send_ping(u8(ping), ping.size());
      }
      pair.pump();
    }
  }
  CHECK(xtb::AllocGuard::armed_allocations() - before == 0);
  CHECK(pair.server->stats().messages_rx == 401);  // + the warm-up message
  CHECK(pair.client->stats().messages_rx == 404);
  CHECK(pair.client_rec.message_bytes == 400 * small.size() + 4 * big.size());
  CHECK(pair.client->stats().pongs_rx >= 399);
}

TEST_CASE("ws codec: send back-pressure — WouldBlock when full, InvalidArgument when it can never fit") {
  WsPair pair(4u << 20);
  REQUIRE(pair.open());
  const std::string huge((4u << 20) + 1, 'h');  // larger than the 4 MiB TxBuffer
  CHECK(pair.client->send_binary(u8(huge), huge.size()) == WsSendStatus::InvalidArgument);
  CHECK(pair.client->send(WsOpcode::Binary, u8(huge), huge.size(), 65536) == WsSendStatus::InvalidArgument);
  const std::string big(3u << 20, 'b');
  REQUIRE(pair.client->send_binary(u8(big), big.size()) == WsSendStatus::Ok);
  (void)pair.client_tx.tx.begin_send();  // a send in flight: the queued bytes cannot move
  CHECK(pair.client->send_binary(u8(big), big.size()) == WsSendStatus::WouldBlock);
  CHECK(pair.client->send(WsOpcode::Binary, u8(big), big.size(), 4096) == WsSendStatus::WouldBlock);
  pair.client_tx.tx.complete_send(0);
  pair.pump();  // the transport drains → room again
  CHECK(pair.server_rec.messages.size() == 1);
  CHECK(pair.client->send_binary(u8(big), big.size()) == WsSendStatus::Ok);
  CHECK(pair.client->is_open());
}

TEST_CASE("ws codec: word-wise masking equals the RFC 6455 §5.3 byte formula") {
  const std::uint8_t key[4] = {0x37, 0xfa, 0x21, 0x3d};
  for (std::size_t n = 0; n < 70; ++n) {
    std::string src = pattern(n);
    std::string dst(n, '\0');
    ws_mask_copy(reinterpret_cast<std::uint8_t*>(dst.data()), u8(src), n, key);
    for (std::size_t i = 0; i < n; ++i)
      REQUIRE(static_cast<std::uint8_t>(dst[i]) == (static_cast<std::uint8_t>(src[i]) ^ key[i % 4]));
    ws_mask_copy(reinterpret_cast<std::uint8_t*>(dst.data()), reinterpret_cast<const std::uint8_t*>(dst.data()), n, key);
    CHECK(dst == src);  // masking twice (in place) restores the payload
  }
  // RFC 6455 §5.7: a masked "Hello" from a client.
  const std::uint8_t rfc_key[4] = {0x37, 0xfa, 0x21, 0x3d};
  const std::string hello = "Hello";
  std::uint8_t masked[5];
  ws_mask_copy(masked, u8(hello), 5, rfc_key);
  const std::uint8_t expect[5] = {0x7f, 0x9f, 0x4d, 0x51, 0x58};
  CHECK(std::memcmp(masked, expect, 5) == 0);
}
