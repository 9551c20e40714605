// test_http_units.cpp — header table, encoders and HttpMessageParser (split at every
// byte, chunked, pipelined, interim 1xx, HEAD, read-until-EOF, limits, malformed input),
// with real Binance REST bodies from ../shared/data.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "net/http/http_encoder.hpp"
#include "net/http/http_message_parser.hpp"
#include "ws_test_util.hpp"

using namespace xtb::net;
using xtb::test::OwnedTx;

namespace {
const std::uint8_t* u8(const std::string& s) { return reinterpret_cast<const std::uint8_t*>(s.data()); }

std::string read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

/// Feeds `wire` in pieces of `piece` bytes; returns the status of the last feed and
/// the total consumed up to completion.
HttpParseResult feed_split(HttpMessageParser& p, const std::string& wire, std::size_t piece) {
  std::size_t off = 0;
  HttpParseResult r{HttpParseStatus::NeedMore, 0};
  while (off < wire.size()) {
    const std::size_t n = std::min(piece, wire.size() - off);
    r = p.feed(u8(wire) + off, n);
    off += r.consumed;
    if (r.status != HttpParseStatus::NeedMore) break;
  }
  r.consumed = off;
  return r;
}
}  // namespace

TEST_CASE("http: header table collects split fields, case-insensitive lookup, limits") {
  auto table = std::make_unique<HttpHeaderTable>();
  table->clear();
  CHECK(table->append_name("X-MBX-", 6));
  CHECK(table->append_name("USED-WEIGHT-1M", 14));
  CHECK(table->append_value("12", 2));
  CHECK(table->append_value("34", 2));
  CHECK(table->append_name("Retry-After", 11));
  CHECK(table->append_value("7", 1));
  CHECK(table->size() == 2);
  CHECK(table->find("x-mbx-used-weight-1m") == "1234");
  CHECK(table->find("RETRY-AFTER") == "7");
  CHECK(table->find("Content-Length").empty());
  CHECK_FALSE(table->contains("Content-Length"));
  table->clear();
  const std::string big(HttpHeaderTable::kArenaBytes, 'v');
  CHECK(table->append_name("A", 1));
  CHECK_FALSE(table->append_value(big.data(), big.size()));
  CHECK(has_token("keep-alive, Upgrade", "upgrade"));
  CHECK_FALSE(has_token("keep-alive, Upgraded", "upgrade"));
  CHECK(parse_decimal(" 1200 ") == 1200);
  CHECK(parse_decimal("12a") == -1);
  CHECK(parse_decimal("") == -1);
  CHECK(parse_decimal("99999999999999999999999") == -1);
  CHECK(parse_decimal("4444444444444444444444444444444") == -1);  // fuzzer find: overflow
  CHECK(parse_decimal("4611686018427387904") == (std::int64_t{1} << 62));
  CHECK(parse_decimal("4611686018427387905") == -1);
}

TEST_CASE("http: request encoder — Binance signed POST with form body and API key") {
  OwnedTx out;
  const HttpField headers[] = {{"X-MBX-APIKEY", "dbefbc809e3e83c283a984c3a1459732ea7db1360ca80c5c2c8867408d28cc83"}};
  const std::string body =
      "symbol=BTCUSDT&side=BUY&type=LIMIT&quantity=1&price=9000&timeInForce=GTC&recvWindow=5000"
      "&timestamp=1591702613943&signature=3c661234138461fcc7a7d8746c6558c9842d4e10870d2ecbedf7777cad694af9";
  HttpRequestSpec req;
  req.method = HttpMethod::Post;
  req.target = "/fapi/v1/order";
  req.host = "fapi.binance.com";
  req.headers = headers;
  req.header_count = 1;
  req.content_type = "application/x-www-form-urlencoded";
  req.body = body;
  REQUIRE(encode_request(req, out.tx) == HttpError::None);
  CHECK(out.take() == "POST /fapi/v1/order HTTP/1.1\r\nHost: fapi.binance.com\r\n"
                      "X-MBX-APIKEY: dbefbc809e3e83c283a984c3a1459732ea7db1360ca80c5c2c8867408d28cc83\r\n"
                      "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " +
                          std::to_string(body.size()) + "\r\n\r\n" + body);
  HttpRequestSpec listen_key;
  listen_key.method = HttpMethod::Post;
  listen_key.target = "/fapi/v1/listenKey";
  listen_key.host = "fapi.binance.com";
  listen_key.keep_alive = false;
  REQUIRE(encode_request(listen_key, out.tx) == HttpError::None);
  CHECK(out.take() == "POST /fapi/v1/listenKey HTTP/1.1\r\nHost: fapi.binance.com\r\nContent-Length: 0\r\n"
                      "Connection: close\r\n\r\n");
  HttpRequestSpec get;
  get.target = "/fapi/v1/depth?symbol=BTCUSDT&limit=1000";
  get.host = "fapi.binance.com";
  REQUIRE(encode_request(get, out.tx) == HttpError::None);
  CHECK(out.take() == "GET /fapi/v1/depth?symbol=BTCUSDT&limit=1000 HTTP/1.1\r\nHost: fapi.binance.com\r\n\r\n");
}

TEST_CASE("http: encoders refuse injection and report a full buffer without writing") {
  OwnedTx out;
  HttpRequestSpec r;
  r.target = "/a b";
  r.host = "h";
  CHECK(encode_request(r, out.tx) == HttpError::InvalidArgument);
  r.target = "/ok";
  const HttpField bad_value[] = {{"X-A", "1\r\nX-Injected: 2"}};
  r.headers = bad_value;
  r.header_count = 1;
  CHECK(encode_request(r, out.tx) == HttpError::InvalidArgument);
  const HttpField bad_name[] = {{"X A", "1"}};
  r.headers = bad_name;
  CHECK(encode_request(r, out.tx) == HttpError::InvalidArgument);
  r.header_count = 0;
  r.body = "x=1";  // body without content type
  CHECK(encode_request(r, out.tx) == HttpError::InvalidArgument);
  CHECK(out.tx.queued() == 0);
  OwnedTx tiny(32);
  HttpRequestSpec ok;
  ok.target = "/fapi/v1/ping/with/a/long/path";
  ok.host = "fapi.binance.com";
  CHECK(encode_request(ok, tiny.tx) == HttpError::InvalidArgument);  // can never fit
  CHECK(tiny.tx.queued() == 0);
  OwnedTx busy(128);
  busy.tx.reserve(100);
  busy.tx.commit(100);
  (void)busy.tx.begin_send();  // 100 bytes in flight: no compaction possible
  CHECK(encode_request(ok, busy.tx) == HttpError::OutputFull);
  CHECK(busy.tx.queued() == 100);
  busy.tx.complete_send(100);
  CHECK(encode_request(ok, busy.tx) == HttpError::None);
}

TEST_CASE("http: response encoder, Content-Length and chunked, round-trips through the parser") {
  OwnedTx out;
  const HttpField h[] = {{"X-MBX-USED-WEIGHT-1M", "1200"}, {"Retry-After", "7"}};
  HttpResponseSpec r;
  r.status = 429;
  r.headers = h;
  r.header_count = 2;
  r.content_type = "application/json";
  r.body = R"({"code":-1003,"msg":"Too many requests; current limit of IP(127.0.0.1) is 2400 requests per minute."})";
  for (const std::size_t chunk : {std::size_t{0}, std::size_t{1}, std::size_t{7}, std::size_t{4096}}) {
    r.chunk_bytes = chunk;
    REQUIRE(encode_response(r, out.tx) == HttpError::None);
    const std::string wire = out.take();
    CHECK(wire.rfind("HTTP/1.1 429 Too Many Requests\r\n", 0) == 0);
    HttpMessageParser p(HttpMessageParser::Kind::Response, HttpParserLimits{});
    const auto res = feed_split(p, wire, wire.size());
    REQUIRE(res.status == HttpParseStatus::Complete);
    CHECK(res.consumed == wire.size());
    CHECK(p.status() == 429);
    CHECK(p.chunked() == (chunk > 0));
    CHECK(p.body_view() == r.body);
    CHECK(p.rate_limits().used_weight_1m == 1200);
    CHECK(p.rate_limits().retry_after_s == 7);
    CHECK(p.rate_limits().order_count_10s == -1);
  }
}

TEST_CASE("http: parser — real Binance bodies split at every byte position") {
  const std::string body = read_file(std::string(XTB_DATA_DIR) + "/binance-usdm/fixtures/http/order_response.json");
  REQUIRE_FALSE(body.empty());
  const std::string wire = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
                           std::to_string(body.size()) +
                           "\r\nX-MBX-USED-WEIGHT-1M: 5\r\nX-MBX-ORDER-COUNT-10S: 1\r\nX-MBX-ORDER-COUNT-1M: 3\r\n\r\n" + body;
  HttpMessageParser p(HttpMessageParser::Kind::Response, HttpParserLimits{});
  for (std::size_t piece = 1; piece <= 64; piece = piece * 2 + 1) {
    p.reset();
    const auto r = feed_split(p, wire, piece);
    REQUIRE(r.status == HttpParseStatus::Complete);
    CHECK(p.body_view() == body);
    CHECK(p.keep_alive());
    CHECK(p.rate_limits().used_weight_1m == 5);
    CHECK(p.rate_limits().order_count_10s == 1);
    CHECK(p.rate_limits().order_count_1m == 3);
    // simdjson padding after the body is zeroed
    CHECK(p.body()[p.body_size()] == 0);
    CHECK(p.body()[p.body_size() + HttpMessageParser::kBodyPadding - 1] == 0);
  }
}

TEST_CASE("http: parser — pipelined responses, 100-continue skipped, HEAD, EOF-delimited body") {
  HttpMessageParser p(HttpMessageParser::Kind::Response, HttpParserLimits{});
  const std::string two = "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 503 "
                          "Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
  auto r = p.feed(u8(two), two.size());
  REQUIRE(r.status == HttpParseStatus::Complete);
  CHECK(p.status() == 200);
  CHECK(p.body_view() == "ok");
  CHECK(r.consumed < two.size());
  p.next();
  const std::size_t rest = two.size() - r.consumed;
  r = p.feed(u8(two) + r.consumed, rest);
  REQUIRE(r.status == HttpParseStatus::Complete);
  CHECK(r.consumed == rest);
  CHECK(p.status() == 503);
  CHECK_FALSE(p.keep_alive());

  HttpMessageParser head(HttpMessageParser::Kind::Response, HttpParserLimits{});
  head.set_expect_no_body(true);
  const std::string h = "HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n";
  REQUIRE(head.feed(u8(h), h.size()).status == HttpParseStatus::Complete);
  CHECK(head.body_size() == 0);

  HttpMessageParser eof(HttpMessageParser::Kind::Response, HttpParserLimits{});
  const std::string e = "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nuntil the end";
  REQUIRE(eof.feed(u8(e), e.size()).status == HttpParseStatus::NeedMore);
  REQUIRE(eof.feed_eof().status == HttpParseStatus::Complete);
  CHECK(eof.body_view() == "until the end");
}

TEST_CASE("http: parser — limits and malformed input are typed errors") {
  HttpParserLimits small;
  small.max_body_bytes = 10;
  HttpMessageParser p(HttpMessageParser::Kind::Response, small);
  const std::string declared = "HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\n";
  CHECK(p.feed(u8(declared), declared.size()).status == HttpParseStatus::Error);
  CHECK(p.error() == HttpError::BodyTooLarge);
  p.reset();
  const std::string chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n12345678\r\n8\r\n12345678\r\n0\r\n\r\n";
  CHECK(p.feed(u8(chunked), chunked.size()).status == HttpParseStatus::Error);
  CHECK(p.error() == HttpError::BodyTooLarge);

  for (const std::string& bad : {std::string("HTTP/1.1 2x0 OK\r\n\r\n"), std::string("NOTHTTP\r\n\r\n"),
                                std::string("HTTP/1.1 01 Continue\r\n\r\n"),  // fuzzer find: status 1
                                std::string("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n"),
                                std::string("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")}) {
    HttpMessageParser q(HttpMessageParser::Kind::Response, HttpParserLimits{});
    CHECK_MESSAGE(q.feed(u8(bad), bad.size()).status == HttpParseStatus::Error, bad);
    CHECK(q.error() == HttpError::Malformed);
    CHECK(q.parser_error_text() != nullptr);
  }
  HttpMessageParser many(HttpMessageParser::Kind::Response, HttpParserLimits{});
  std::string lots = "HTTP/1.1 200 OK\r\n";
  for (int i = 0; i < 70; ++i) lots += "X-H" + std::to_string(i) + ": v\r\n";
  CHECK(many.feed(u8(lots), lots.size()).status == HttpParseStatus::Error);
  CHECK(many.error() == HttpError::HeadersTooLarge);

  HttpMessageParser trunc(HttpMessageParser::Kind::Response, HttpParserLimits{});
  const std::string half = "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc";
  CHECK(trunc.feed(u8(half), half.size()).status == HttpParseStatus::NeedMore);
  CHECK(trunc.feed_eof().status == HttpParseStatus::Error);
  CHECK(trunc.error() == HttpError::UnexpectedEof);
}

TEST_CASE("http: request parser — target, method, body; target limit") {
  HttpParserLimits l;
  l.max_target_bytes = 32;
  HttpMessageParser p(HttpMessageParser::Kind::Request, l);
  const std::string req = "DELETE /fapi/v1/order?symbol=BTC HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\na=1";
  const auto r = feed_split(p, req, 5);
  REQUIRE(r.status == HttpParseStatus::Complete);
  CHECK(p.method() == "DELETE");
  CHECK(p.target() == "/fapi/v1/order?symbol=BTC");
  CHECK(p.body_view() == "a=1");
  p.reset();
  const std::string long_target = "GET /" + std::string(40, 'a') + " HTTP/1.1\r\n\r\n";
  CHECK(p.feed(u8(long_target), long_target.size()).status == HttpParseStatus::Error);
  CHECK(p.error() == HttpError::TargetTooLong);
}
