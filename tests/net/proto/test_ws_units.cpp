// test_ws_units.cpp — UTF-8 validator, handshake helpers (RFC 6455 §1.3 / §4 examples)
// and Binance request targets.
#include <doctest/doctest.h>

#include <string>

#include "net/http/http_message_parser.hpp"
#include "net/ws/utf8.hpp"
#include "net/ws/ws_handshake.hpp"
#include "net/ws/ws_target.hpp"
#include "ws_test_util.hpp"

using namespace xtb::net;
using xtb::test::OwnedTx;

namespace {
bool utf8_ok(const std::string& s) {
  return is_valid_utf8(reinterpret_cast<const std::uint8_t*>(s.data()), s.size());
}
/// Valid iff every split into two feeds agrees with the one-shot answer.
bool utf8_split_agrees(const std::string& s) {
  const bool whole = utf8_ok(s);
  for (std::size_t cut = 0; cut <= s.size(); ++cut) {
    Utf8Validator v;
    const auto* p = reinterpret_cast<const std::uint8_t*>(s.data());
    const bool ok = v.feed(p, cut) && v.feed(p + cut, s.size() - cut) && v.complete();
    if (ok != whole) return false;
  }
  return true;
}
}  // namespace

TEST_CASE("utf8: valid sequences incl. boundaries of RFC 3629 table") {
  for (const std::string& s : {std::string(""), std::string("plain ascii json {\"b\":\"1.0\"}"),
                              std::string("\xc2\x80"), std::string("\xdf\xbf"), std::string("\xe0\xa0\x80"),
                              std::string("\xed\x9f\xbf"), std::string("\xee\x80\x80"), std::string("\xef\xbf\xbf"),
                              std::string("\xf0\x90\x80\x80"), std::string("\xf4\x8f\xbf\xbf"),
                              std::string("h\xc3\xa9llo \xe2\x82\xac \xf0\x9f\x98\x80 0123456789abcdef")}) {
    CHECK_MESSAGE(utf8_ok(s), s);
    CHECK(utf8_split_agrees(s));
  }
}

TEST_CASE("utf8: invalid sequences are rejected, also when split") {
  for (const std::string& s : {std::string("\x80"), std::string("\xbf"), std::string("\xc0\x80"),
                              std::string("\xc1\xbf"), std::string("\xe0\x80\x80"), std::string("\xe0\x9f\xbf"),
                              std::string("\xed\xa0\x80"), std::string("\xed\xbf\xbf"),
                              std::string("\xf0\x80\x80\x80"), std::string("\xf0\x8f\xbf\xbf"),
                              std::string("\xf4\x90\x80\x80"), std::string("\xf5\x80\x80\x80"), std::string("\xff"),
                              std::string("\xc3"), std::string("\xe2\x82"), std::string("abc\xc3\x28xyz"),
                              std::string("01234567\xf0\x9f\x98")}) {
    CHECK_FALSE(utf8_ok(s));
    CHECK(utf8_split_agrees(s));
  }
}

TEST_CASE("handshake: RFC 6455 §1.3 accept example and key shape") {
  char accept[kWsAcceptChars];
  ws_accept_for_key("dGhlIHNhbXBsZSBub25jZQ==", accept);
  CHECK(std::string(accept, kWsAcceptChars) == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
  char k1[kWsKeyChars], k2[kWsKeyChars];
  ws_make_key(k1);
  ws_make_key(k2);
  CHECK(std::string(k1, 24) != std::string(k2, 24));
  CHECK(k1[22] == '=');
  CHECK(k1[23] == '=');
}

TEST_CASE("handshake: client request bytes") {
  OwnedTx out;
  const HttpField extra[] = {{"User-Agent", "xtb-test"}};
  WsClientRequest req{"fstream.binance.com", "/stream?streams=btcusdt@bookTicker/btcusdt@aggTrade", extra, 1};
  REQUIRE(ws_encode_client_request(req, "dGhlIHNhbXBsZSBub25jZQ==", out.tx) == HttpError::None);
  CHECK(out.take() ==
        "GET /stream?streams=btcusdt@bookTicker/btcusdt@aggTrade HTTP/1.1\r\n"
        "Host: fstream.binance.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
        "User-Agent: xtb-test\r\n\r\n");
  WsClientRequest bad{"h", "/ws/x\r\nInjected: 1"};
  CHECK(ws_encode_client_request(bad, "dGhlIHNhbXBsZSBub25jZQ==", out.tx) == HttpError::InvalidArgument);
  const HttpField evil[] = {{"X-Bad", "a\r\nb"}};
  WsClientRequest bad2{"h", "/ws/x", evil, 1};
  CHECK(ws_encode_client_request(bad2, "dGhlIHNhbXBsZSBub25jZQ==", out.tx) == HttpError::InvalidArgument);
  CHECK(out.tx.queued() == 0);
}

namespace {
WsError check_response(const std::string& text, const char* key = "dGhlIHNhbXBsZSBub25jZQ==") {
  HttpMessageParser p(HttpMessageParser::Kind::Response, HttpParserLimits{});
  const auto r = p.feed(reinterpret_cast<const std::uint8_t*>(text.data()), text.size());
  REQUIRE(r.status == HttpParseStatus::Complete);
  return ws_check_server_response(p, key);
}
WsError check_request(const std::string& text, std::uint16_t* status) {
  HttpMessageParser p(HttpMessageParser::Kind::Request, HttpParserLimits{});
  const auto r = p.feed(reinterpret_cast<const std::uint8_t*>(text.data()), text.size());
  REQUIRE(r.status == HttpParseStatus::Complete);
  char accept[kWsAcceptChars];
  return ws_check_client_request(p, accept, status);
}
const std::string kGoodResponse =
    "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
    "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n";
}  // namespace

TEST_CASE("handshake: client validates the server response (§4.1)") {
  CHECK(check_response(kGoodResponse) == WsError::None);
  CHECK(check_response("HTTP/1.1 101 Switching Protocols\r\nupgrade: WebSocket\r\nconnection: keep-alive, upgrade\r\n"
                       "sec-websocket-accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n") == WsError::None);
  CHECK(check_response(kGoodResponse, "AAAAAAAAAAAAAAAAAAAAAA==") == WsError::HandshakeInvalid);
  CHECK(check_response("HTTP/1.1 400 Bad Request\r\nContent-Length: 2\r\n\r\n{}") == WsError::HandshakeRejected);
  CHECK(check_response("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\n"
                       "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n") == WsError::HandshakeInvalid);
  CHECK(check_response("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                       "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"
                       "Sec-WebSocket-Extensions: permessage-deflate\r\n\r\n") == WsError::HandshakeInvalid);
}

TEST_CASE("handshake: server validates the client request (§4.2.1)") {
  const std::string base = "GET /ws/x HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n";
  std::uint16_t status = 0;
  CHECK(check_request(base + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
                      &status) == WsError::None);
  CHECK(check_request(base + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 8\r\n\r\n",
                      &status) == WsError::HandshakeInvalid);
  CHECK(status == 426);
  CHECK(check_request(base + "Sec-WebSocket-Key: short==\r\nSec-WebSocket-Version: 13\r\n\r\n", &status) ==
        WsError::HandshakeInvalid);
  CHECK(status == 400);
  CHECK(check_request(base + "Sec-WebSocket-Version: 13\r\n\r\n", &status) == WsError::HandshakeInvalid);
  CHECK(check_request("POST /ws/x HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                      "Content-Length: 0\r\n\r\n",
                      &status) == WsError::HandshakeInvalid);
}

TEST_CASE("targets: Binance raw, combined, listenKey and split routes") {
  char buf[256];
  auto str = [&](std::size_t n) { return std::string(buf, n); };
  CHECK(str(ws_target_raw(BinanceWsRoute::Legacy, "btcusdt@bookTicker", buf, sizeof buf)) == "/ws/btcusdt@bookTicker");
  CHECK(str(ws_target_raw(BinanceWsRoute::Public, "btcusdt@depth@100ms", buf, sizeof buf)) ==
        "/public/ws/btcusdt@depth@100ms");
  const std::string_view streams[] = {"btcusdt@aggTrade", "!markPrice@arr@1s"};
  CHECK(str(ws_target_combined(BinanceWsRoute::Legacy, streams, 2, buf, sizeof buf)) ==
        "/stream?streams=btcusdt@aggTrade/!markPrice@arr@1s");
  CHECK(str(ws_target_combined(BinanceWsRoute::Market, streams, 2, buf, sizeof buf)) ==
        "/market/stream?streams=btcusdt@aggTrade/!markPrice@arr@1s");
  CHECK(str(ws_target_listen_key(BinanceWsRoute::Private, "pqia91ma19a5s61cv6a81va65sdf19v8a65a1a5s61cv6a81va65sdf19v8a65a1",
                                 buf, sizeof buf)) ==
        "/private/ws?listenKey=pqia91ma19a5s61cv6a81va65sdf19v8a65a1a5s61cv6a81va65sdf19v8a65a1");
  CHECK(str(ws_target_bare(BinanceWsRoute::Public, buf, sizeof buf)) == "/public");
  CHECK(str(ws_target_bare(BinanceWsRoute::Legacy, buf, sizeof buf)) == "/ws");
  // Refused: characters that would change the URL's structure, overflow, empty lists.
  CHECK(ws_target_raw(BinanceWsRoute::Legacy, "btc/usdt", buf, sizeof buf) == 0);
  CHECK(ws_target_raw(BinanceWsRoute::Legacy, "a?b", buf, sizeof buf) == 0);
  CHECK(ws_target_listen_key(BinanceWsRoute::Private, "key&x=1", buf, sizeof buf) == 0);
  CHECK(ws_target_combined(BinanceWsRoute::Legacy, streams, 0, buf, sizeof buf) == 0);
  CHECK(ws_target_raw(BinanceWsRoute::Legacy, "btcusdt@bookTicker", buf, 10) == 0);
}
