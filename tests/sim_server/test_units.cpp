// Pure parts of xtb-sim, no sockets: parameter decoding, the venue's signature and timing
// checks on the documentation's own examples, rate-limit verdicts, stream-name
// resolution, the combined-stream splitter and fault parsing.
#include <doctest/doctest.h>

#include "sim/core/fault_plan.hpp"
#include "sim/server/query_params.hpp"
#include "sim/server/stream_hub.hpp"
#include "sim_harness.hpp"
#include "venue/binance/signer.hpp"
#include "venue/binance/sim/market_replay.hpp"
#include "venue/binance/sim/rate_limit_book.hpp"
#include "venue/binance/sim/request_auth.hpp"
#include "venue/binance/sim/sim_errors.hpp"
#include "venue/binance/sim/stream_names.hpp"

using namespace xtb;
using namespace xtb::sim;
using namespace xtb::sim::binance_usdm;
using namespace xtb::sim::server;

namespace {

// rate_limits.md "SIGNED Endpoint Examples for POST /fapi/v1/order - HMAC Keys".
constexpr std::string_view kDocsPayload =
    "symbol=BTCUSDT&side=BUY&type=LIMIT&quantity=1&price=9000&timeInForce=GTC&recvWindow=5000&timestamp=1591702613943";
constexpr std::string_view kDocsSignature = "3c661234138461fcc7a7d8746c6558c9842d4e10870d2ecbedf7777cad694af9";
constexpr EpochMs kDocsTime = 1591702613943;

AuthInput input(const QueryParams& p, std::string_view query, std::string_view body, EpochMs now,
                std::string_view key = simtest::kApiKey) {
  return AuthInput{key, !key.empty(), query, body, &p, now};
}

}  // namespace

TEST_CASE("query params: percent-decoding, '+' as space, query wins over body") {
  QueryParams p;
  REQUIRE(p.parse("symbol=BTCUSDT&newClientOrderId=a%3Ab%2Fc&x=1+2", "symbol=ETHUSDT&quantity=0.010") ==
          QueryParams::Status::Ok);
  CHECK(p.get("symbol") == "BTCUSDT");
  CHECK(p.get("newClientOrderId") == "a:b/c");
  CHECK(p.get("x") == "1 2");
  CHECK(p.get("quantity") == "0.010");
  CHECK_FALSE(p.has("price"));
  CHECK(p.parse("a=%ZZ", "") == QueryParams::Status::BadEncoding);
  CHECK(p.parse("a=%4", "") == QueryParams::Status::BadEncoding);
  std::string many;
  for (int i = 0; i < 60; ++i) many += "k" + std::to_string(i) + "=v&";
  CHECK(p.parse(many, "") == QueryParams::Status::TooMany);
}

TEST_CASE("auth: the docs' HMAC examples (query, body, mixed) verify; a changed byte gives -1022") {
  RequestAuth auth(simtest::kApiKey, simtest::kApiSecret);
  QueryParams p;
  const std::string q = std::string(kDocsPayload) + "&signature=" + std::string(kDocsSignature);
  REQUIRE(p.parse(q, "") == QueryParams::Status::Ok);
  CHECK(auth.check(Security::Signed, input(p, q, "", kDocsTime + 10)).ok());
  // Example 2: everything in the body.
  REQUIRE(p.parse("", q) == QueryParams::Status::Ok);
  CHECK(auth.check(Security::Signed, input(p, "", q, kDocsTime + 10)).ok());
  // Example 3: mixed — totalParams is query + body with no '&' in between ("GTCquantity").
  // The docs' signature f9d0ae5e... is of their text verbatim, which has a stray space in
  // "timestamp= 1591702613943", so only the payload assembly and the MAC are checked here.
  const std::string mq = "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC";
  const std::string mb = "quantity=1&price=9000&recvWindow=5000&timestamp= 1591702613943"
                         "&signature=f9d0ae5e813ef6ccf15c2b5a434047a0181cb5a342b903b367ca6d27a66e36f2";
  std::string_view payload, sig;
  REQUIRE(auth.signing_payload(mq, mb, payload, sig));
  CHECK(payload == "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTCquantity=1&price=9000&recvWindow=5000"
                   "&timestamp= 1591702613943");
  char hex[64];
  binance::HmacSha256Signer(simtest::kApiSecret).sign_hex(payload, hex);
  CHECK(std::string_view(hex, 64) == sig);
  // Upper-case hex is accepted ("The signature is not case sensitive").
  std::string upper = q;
  for (std::size_t i = upper.size() - 64; i < upper.size(); ++i) upper[i] = static_cast<char>(std::toupper(upper[i]));
  REQUIRE(p.parse(upper, "") == QueryParams::Status::Ok);
  CHECK(auth.check(Security::Signed, input(p, upper, "", kDocsTime)).ok());
  std::string bad = q;
  bad[8] = 'C';  // symbol=BTCUSDT → BTCUSDC
  REQUIRE(p.parse(bad, "") == QueryParams::Status::Ok);
  const ApiError e = auth.check(Security::Signed, input(p, bad, "", kDocsTime));
  CHECK(e.http_status == 400);
  CHECK(venue_error(e.reject).code == -1022);
  CHECK(auth.bad_signatures() == 1);
}

TEST_CASE("auth: key checks (-2014 / -2015) and timing (-1021 both ways, recvWindow bound)") {
  RequestAuth auth(simtest::kApiKey, simtest::kApiSecret);
  QueryParams p;
  const std::string q = std::string(kDocsPayload) + "&signature=" + std::string(kDocsSignature);
  REQUIRE(p.parse(q, "") == QueryParams::Status::Ok);
  CHECK(venue_error(auth.check(Security::Signed, input(p, q, "", kDocsTime, "")).reject).code == -2014);
  CHECK(venue_error(auth.check(Security::Signed, input(p, q, "", kDocsTime, "bad key!")).reject).code == -2014);
  const ApiError wrong = auth.check(Security::ApiKey, input(p, q, "", kDocsTime, "abc123"));
  CHECK(venue_error(wrong.reject).code == -2015);
  CHECK(wrong.http_status == 401);
  CHECK(auth.check(Security::ApiKey, input(p, "", "", kDocsTime)).ok());  // USER_STREAM: key only
  CHECK(auth.check(Security::None, input(p, "", "", kDocsTime, "")).ok());
  // timestamp < serverTime + 1000 && serverTime - timestamp <= recvWindow (5000 here).
  CHECK(auth.check(Security::Signed, input(p, q, "", kDocsTime - 999)).ok());
  const ApiError ahead = auth.check(Security::Signed, input(p, q, "", kDocsTime - 1000));
  CHECK(venue_error(ahead.reject).code == -1021);
  CHECK(ahead.reject.message().find("ahead") != std::string_view::npos);
  CHECK(auth.check(Security::Signed, input(p, q, "", kDocsTime + 5000)).ok());
  const ApiError late = auth.check(Security::Signed, input(p, q, "", kDocsTime + 5001));
  CHECK(venue_error(late.reject).code == -1021);
  CHECK(late.reject.message().find("recvWindow") != std::string_view::npos);
  REQUIRE(p.parse("timestamp=1&recvWindow=60001&signature=00", "") == QueryParams::Status::Ok);
  CHECK(venue_error(auth.check(Security::Signed, input(p, "timestamp=1&recvWindow=60001&signature=00", "", 1)).reject)
            .code == -1130);
  REQUIRE(p.parse("timestamp=1", "") == QueryParams::Status::Ok);
  CHECK(venue_error(auth.check(Security::Signed, input(p, "timestamp=1", "", 1)).reject).code == -1102);
}

TEST_CASE("rate limits: weight window, 429 with Retry-After, 418 after ignoring it, order windows") {
  RateLimits lim;
  lim.weight_1m = 10;
  lim.orders_10s = 3;
  lim.ban_after = 2;
  lim.ban_seconds = 120;
  RateLimitBook book(lim);
  const std::int64_t t0 = 1'700'000'080'000;  // 40 s into a minute (epoch-aligned windows)
  for (int i = 0; i < 5; ++i) CHECK(book.admit(t0 + i, 2, 0, 0).ok());
  CHECK(book.used_weight(t0 + 5) == 10);
  RateDecision d = book.admit(t0 + 10, 2, 0, 0);
  CHECK(d.verdict == RateVerdict::WeightExceeded);
  CHECK(d.retry_after_s == 20);  // until the minute ends
  CHECK(book.admit(t0 + 20, 1, 0, 0).verdict == RateVerdict::BackingOff);
  d = book.admit(t0 + 30, 1, 0, 0);
  CHECK(d.verdict == RateVerdict::Banned);
  CHECK(d.retry_after_s == 120);
  CHECK(book.admit(t0 + 25'000, 1, 0, 0).verdict == RateVerdict::Banned);  // next minute, still banned
  CHECK(book.admit(t0 + 30 + 120'000, 1, 0, 0).ok());                      // ban over
  RateLimitBook orders(lim);
  for (int i = 0; i < 3; ++i) CHECK(orders.admit(t0, 0, 1, 1).ok());
  CHECK(orders.admit(t0, 0, 1, 1).verdict == RateVerdict::OrdersExceeded);
  CHECK(orders.orders_10s(t0) == 3);
  CHECK(orders.orders_10s(t0 + 10'000) == 0);  // next 10 s window
}

TEST_CASE("stream hub: exact names, depth/markPrice aliases (USD-M rule), idle names") {
  StreamHub hub;
  hub.set_alias_rule(&stream_alias);
  const TopicId depth = hub.add_topic("btcusdt@depth@0ms", StreamHub::Kind::Recorded);
  const TopicId ticker = hub.add_topic("btcusdt@bookTicker", StreamHub::Kind::Recorded);
  const TopicId mark = hub.add_topic("btcusdt@markPrice@1s", StreamHub::Kind::Mark);
  CHECK(hub.resolve("btcusdt@depth@0ms").topic == depth);
  CHECK(hub.resolve("btcusdt@depth@0ms").exact);
  for (const char* alias : {"btcusdt@depth", "btcusdt@depth@100ms", "BTCUSDT@depth@500ms"}) {
    CHECK(hub.resolve(alias).topic == depth);
    CHECK_FALSE(hub.resolve(alias).exact);
  }
  CHECK(hub.resolve("btcusdt@depth5").topic == kNoTopic);      // partial depth: a different stream
  CHECK(hub.resolve("btcusdt@depth@10s").topic == kNoTopic);
  CHECK(hub.resolve("btcusdt@markPrice").topic == mark);
  CHECK(hub.resolve("btcusdt@bookTicker").topic == ticker);
  CHECK(hub.resolve("ethusdt@bookTicker").topic == kNoTopic);
  CHECK(stream_symbol("BTCUSDT@trade") == "btcusdt");
  StreamHub bare;  // no alias rule: exact names only
  bare.add_topic("btcusdt@depth@0ms", StreamHub::Kind::Recorded);
  CHECK(bare.resolve("btcusdt@depth").topic == kNoTopic);
  char buf[64];
  const std::size_t n = wrap_combined(buf, sizeof buf, "btcusdt@depth", R"({"u":1})");
  CHECK(std::string_view(buf, n) == R"({"stream":"btcusdt@depth","data":{"u":1}})");
  CHECK(wrap_combined(buf, 8, "btcusdt@depth", R"({"u":1})") == 0);
}

TEST_CASE("combined-stream splitter") {
  std::string_view stream, data;
  CHECK(split_combined(R"({"stream":"btcusdt@trade","data":{"e":"trade","p":"1"}})", stream, data));
  CHECK(stream == "btcusdt@trade");
  CHECK(data == R"({"e":"trade","p":"1"})");
  CHECK_FALSE(split_combined(R"({"e":"trade"})", stream, data));
  CHECK_FALSE(split_combined(R"({"stream":"x","data":)", stream, data));
  CHECK_FALSE(split_combined(R"({"lastUpdateId":1,"bids":[]})", stream, data));
}

TEST_CASE("fault parsing and one-shot decisions") {
  FaultSpec f;
  std::string err;
  CHECK(parse_fault("delay_ack", "2", "300", "", "", "", "", "", f, err));
  CHECK(f.type == FaultType::DelayAck);
  CHECK(f.count == 2);
  CHECK(f.ms == 300);
  CHECK_FALSE(parse_fault("melt_down", "", "", "", "", "", "", "", f, err));
  CHECK(err.find("unknown fault type") != std::string::npos);
  CHECK_FALSE(parse_fault("rest_error", "", "", "200", "", "", "", "", f, err));
  CHECK_FALSE(parse_fault("kill_connections", "", "", "", "", "everyone", "", "", f, err));
  FaultInjector inj;
  REQUIRE(parse_fault("rest_error", "1", "", "503", "false", "", "/fapi/v1/time", "", f, err));
  inj.add(f, 1000);
  CHECK(inj.on_rest_request("/fapi/v1/depth", false, 2000).kind == RestFault::None);
  const RestFault r = inj.on_rest_request("/fapi/v1/time", false, 2000);
  CHECK(r.kind == RestFault::Error);
  CHECK(r.status == 503);
  CHECK(inj.on_rest_request("/fapi/v1/time", false, 2001).kind == RestFault::None);  // used up
  REQUIRE(parse_fault("drop_ack", "1", "", "", "", "", "", "", f, err));
  inj.add(f, 1000);
  CHECK(inj.on_rest_request("/fapi/v1/time", false, 2000).kind == RestFault::None);  // not order entry
  CHECK(inj.on_rest_request("/fapi/v1/order", true, 2000).kind == RestFault::DropAck);
  REQUIRE(parse_fault("kill_connections", "", "", "", "", "market", "", "2.5", f, err));
  inj.add(f, 1000);
  CHECK(inj.take_due_actions(3000).empty());
  CHECK(inj.take_due_actions(3500).size() == 1);
  CHECK(inj.fired() == 3);
}

TEST_CASE("fault `at` must be finite seconds in range (fuzz_fault_plan regression)") {
  // at=nan / inf / 1e300 used to be accepted and then converted to integer ms by
  // FaultInjector::add: undefined behaviour (UBSan float-cast-overflow).
  FaultSpec f;
  std::string err;
  for (const char* at : {"nan", "NAN", "inf", "infinity", "1e300", "1e10"}) {
    CAPTURE(at);
    CHECK_FALSE(parse_fault("delay_ack", "", "", "", "", "", "", at, f, err));
    CHECK(err.find("bad at") != std::string::npos);
  }
  REQUIRE(parse_fault("delay_ack", "", "", "", "", "", "", "1e9", f, err));
  FaultInjector inj;
  inj.add(f, 1000);
  CHECK(inj.take_due_actions(2000).empty());
}
