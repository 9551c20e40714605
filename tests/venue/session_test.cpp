// session_test.cpp — suite 'binance-session': the pure session logic of the Binance
// adapter (venue/binance/session_*.hpp): stream names and connection plans for every
// base-path style, the listenKey life cycle, the REST task scheduler, the session request
// encoders (signature checked against an independent HMAC), and the small body parsers
// on real fixtures.
#include <doctest/doctest.h>

#include <cstring>
#include <string>
#include <vector>

#include "decode_test_util.hpp"
#include "encode_test_util.hpp"
#include "venue/binance/session_bodies.hpp"
#include "venue/binance/session_listen_key.hpp"
#include "venue/binance/session_requests.hpp"
#include "venue/binance/session_schedule.hpp"
#include "venue/binance/session_signal.hpp"
#include "venue/binance/session_streams.hpp"

using namespace xtb;
using namespace xtb::binance;

namespace {
constexpr std::int64_t kSec = 1'000'000'000;
constexpr std::int64_t kMin = 60 * kSec;
// Example key of the Binance user-data docs (64 alphanumerics).
constexpr std::string_view kKey = "pqia91ma19a5s61cv6a81va65sdf19v8a65a1a5s61cv6a81va65sdf19v8a65a1";
constexpr std::string_view kKey2 = "WsCMN0a4KHUPTQuX6IUnqEZfB1inxmv1qR4kbf1LuEjur5VdbzqvyxqG9TSjVVxv";

std::string name(std::string_view sym, MarketStream k) {
  char buf[64];
  return std::string(buf, stream_name(sym, k, buf, sizeof buf));
}
}  // namespace

TEST_CASE("stream names: lower-case symbol + documented suffixes") {
  CHECK(name("BTCUSDT", MarketStream::BookTicker) == "btcusdt@bookTicker");
  CHECK(name("BTCUSDT", MarketStream::AggTrade) == "btcusdt@aggTrade");
  CHECK(name("ethusdt", MarketStream::Trade) == "ethusdt@trade");
  CHECK(name("BTCUSDT", MarketStream::Depth0ms) == "btcusdt@depth@0ms");
  CHECK(name("BTCUSDT", MarketStream::Depth100ms) == "btcusdt@depth@100ms");
  CHECK(name("BTCUSDT", MarketStream::Depth250ms) == "btcusdt@depth");
  CHECK(name("BTCUSDT", MarketStream::MarkPrice1s) == "btcusdt@markPrice@1s");
  CHECK(name("BTCUSDT", MarketStream::MarkPrice3s) == "btcusdt@markPrice");
  CHECK(name("BTCUSD_240329", MarketStream::ForceOrder) == "btcusd_240329@forceOrder");
  CHECK(name("", MarketStream::BookTicker).empty());
  CHECK(name("BTC/USDT", MarketStream::BookTicker).empty());
  char tiny[8];
  CHECK(stream_name("BTCUSDT", MarketStream::BookTicker, tiny, sizeof tiny) == 0);

  MarketStream k{};
  REQUIRE(parse_market_stream("depth@0ms", k));
  CHECK(k == MarketStream::Depth0ms);
  REQUIRE(parse_market_stream("markPrice", k));
  CHECK(k == MarketStream::MarkPrice3s);
  CHECK_FALSE(parse_market_stream("depth@1ms", k));
  PathStyle ps{};
  CHECK((parse_path_style("split", ps) && ps == PathStyle::Split));
  CHECK_FALSE(parse_path_style("Split", ps));
  UserStreamPath up{};
  CHECK((parse_user_stream_path("private", up) && up == UserStreamPath::Private));
  CHECK(split_route(MarketStream::BookTicker) == StreamRoute::Public);
  CHECK(split_route(MarketStream::Depth100ms) == StreamRoute::Public);
  CHECK(split_route(MarketStream::AggTrade) == StreamRoute::Market);
  CHECK(split_route(MarketStream::MarkPrice1s) == StreamRoute::Market);
}

TEST_CASE("connection plans: combined, raw, split; per-connection limit; duplicates; bad symbols") {
  const std::vector<std::string> syms{"BTCUSDT", "ETHUSDT"};
  const MarketStream kinds[] = {MarketStream::BookTicker, MarketStream::AggTrade, MarketStream::Depth0ms,
                                MarketStream::MarkPrice1s};
  auto combined = plan_market_connections(syms, kinds, PathStyle::Combined);
  REQUIRE(combined.size() == 1);
  CHECK(combined[0].route == StreamRoute::Legacy);
  CHECK(combined[0].combined);
  CHECK(combined[0].streams == std::vector<std::string>{"btcusdt@bookTicker", "btcusdt@aggTrade",
                                                        "btcusdt@depth@0ms", "btcusdt@markPrice@1s",
                                                        "ethusdt@bookTicker", "ethusdt@aggTrade",
                                                        "ethusdt@depth@0ms", "ethusdt@markPrice@1s"});
  auto capped = plan_market_connections(syms, kinds, PathStyle::Combined, 3);
  REQUIRE(capped.size() == 3);
  CHECK(capped[0].streams.size() == 3);
  CHECK(capped[2].streams.size() == 2);

  auto raw = plan_market_connections(syms, kinds, PathStyle::Raw);
  REQUIRE(raw.size() == 8);
  for (const auto& c : raw) CHECK((!c.combined && c.streams.size() == 1));

  auto split = plan_market_connections(syms, kinds, PathStyle::Split);
  REQUIRE(split.size() == 2);
  CHECK(split[0].route == StreamRoute::Public);
  CHECK(split[0].streams == std::vector<std::string>{"btcusdt@bookTicker", "btcusdt@depth@0ms",
                                                     "ethusdt@bookTicker", "ethusdt@depth@0ms"});
  CHECK(split[1].route == StreamRoute::Market);
  CHECK(split[1].streams.size() == 4);

  const std::vector<std::string> dup{"BTCUSDT", "btcusdt"};
  CHECK(plan_market_connections(dup, kinds, PathStyle::Combined)[0].streams.size() == 4);
  std::string err;
  const std::vector<std::string> bad{"BTC USDT"};
  CHECK(plan_market_connections(bad, kinds, PathStyle::Combined, 200, &err).empty());
  CHECK(err.find("BTC USDT") != std::string::npos);
}

TEST_CASE("listenKey: create, keep-alive every 30 min, -1125 and listenKeyExpired recreate, close") {
  ListenKeySession lk;
  std::int64_t t = 1000;
  auto a = lk.next(t);
  REQUIRE(a.send);
  CHECK(a.op == ListenKeyOp::Create);
  lk.on_sent(a.op, t);
  CHECK_FALSE(lk.next(t).send);  // one request at a time
  CHECK(lk.on_response(ListenKeyOp::Create, 200, 0, kKey, t) == ListenKeySession::Outcome::NewKey);
  CHECK(lk.key() == kKey);
  CHECK(lk.key_version() == 1);
  CHECK_FALSE(lk.next(t + 29 * kMin).send);
  a = lk.next(t + 30 * kMin);
  REQUIRE(a.send);
  CHECK(a.op == ListenKeyOp::KeepAlive);
  lk.on_sent(a.op, t + 30 * kMin);
  CHECK(lk.on_response(ListenKeyOp::KeepAlive, 200, 0, "", t + 30 * kMin) == ListenKeySession::Outcome::None);
  CHECK(lk.key_version() == 1);

  // PUT answered -1125: the key is gone, a new POST goes out at once.
  t += 60 * kMin;
  lk.on_sent(ListenKeyOp::KeepAlive, t);
  CHECK(lk.on_response(ListenKeyOp::KeepAlive, 400, kInvalidListenKey, "", t) == ListenKeySession::Outcome::KeyLost);
  CHECK_FALSE(lk.has_key());
  a = lk.next(t);
  REQUIRE(a.send);
  CHECK(a.op == ListenKeyOp::Create);
  lk.on_sent(a.op, t);
  // A transport failure: retried after retry_delay, not before.
  CHECK(lk.on_transport_error(ListenKeyOp::Create, t) == ListenKeySession::Outcome::None);
  CHECK_FALSE(lk.next(t + kSec).send);
  a = lk.next(t + 5 * kSec);
  REQUIRE((a.send && a.op == ListenKeyOp::Create));
  lk.on_sent(a.op, t + 5 * kSec);
  CHECK(lk.on_response(ListenKeyOp::Create, 200, 0, kKey2, t + 5 * kSec) == ListenKeySession::Outcome::NewKey);
  CHECK(lk.key_version() == 2);

  // The stream said listenKeyExpired.
  CHECK(lk.on_expired(t + 6 * kSec) == ListenKeySession::Outcome::KeyLost);
  CHECK(lk.stats().expirations == 1);
  a = lk.next(t + 6 * kSec);
  REQUIRE((a.send && a.op == ListenKeyOp::Create));
  lk.on_sent(a.op, t + 6 * kSec);
  // A 200 without a usable key is a failure, not a key.
  CHECK(lk.on_response(ListenKeyOp::Create, 200, 0, "not a key!", t + 6 * kSec) == ListenKeySession::Outcome::None);
  CHECK_FALSE(lk.has_key());
  lk.on_sent(ListenKeyOp::Create, t + 20 * kSec);
  CHECK(lk.on_response(ListenKeyOp::Create, 200, 0, kKey, t + 20 * kSec) == ListenKeySession::Outcome::NewKey);

  lk.keepalive_now();
  CHECK(lk.next(t + 21 * kSec).op == ListenKeyOp::KeepAlive);
  lk.request_close();
  a = lk.next(t + 21 * kSec);
  REQUIRE((a.send && a.op == ListenKeyOp::Close));
  lk.on_sent(a.op, t + 21 * kSec);
  CHECK(lk.on_response(ListenKeyOp::Close, 200, 0, "", t + 21 * kSec) == ListenKeySession::Outcome::Closed);
  CHECK(lk.closed());
  CHECK_FALSE(lk.next(t + 100 * kMin).send);
  CHECK(lk.stats().failures == 3);
}

TEST_CASE("listenKeyExpired detection and key validation") {
  const std::string ev =
      R"({"e":"listenKeyExpired","E":1576653824250,"listenKey":"WsCMN0a4KHUPTQuX6IUnqEZfB1inxmv1qR4kbf1LuEjur5VdbzqvyxqG9TSjVVxv"})";
  CHECK(is_listen_key_expired(reinterpret_cast<const std::uint8_t*>(ev.data()), ev.size()));
  const std::string order = test::fixture("user/order_update_new.json");
  CHECK_FALSE(is_listen_key_expired(reinterpret_cast<const std::uint8_t*>(order.data()), order.size()));
  CHECK(is_valid_listen_key(kKey));
  CHECK_FALSE(is_valid_listen_key(""));
  CHECK_FALSE(is_valid_listen_key("abc/def"));
  CHECK_FALSE(is_valid_listen_key(std::string(kMaxListenKey + 1, 'a')));
  const SessionSignal s = SessionSignal::listen_key(kKey, 7);
  CHECK(s.key_view() == kKey);
  CHECK(s.key_version == 7);
}

TEST_CASE("scheduler: time samples first, then the signed mode check, listenKey, depth with retries") {
  SessionConfig cfg;
  cfg.expected_mode = PositionMode::Hedge;
  cfg.depth_max_attempts = 2;
  SessionScheduler s(cfg);
  std::int64_t t = 0;
  for (int i = 0; i < 3; ++i) {
    const SessionTask task = s.next(t, true);
    REQUIRE(task.kind == SessionTaskKind::ServerTime);
    s.on_sent(task, t);
    CHECK(s.next(t, true).kind != SessionTaskKind::ServerTime);  // one /time in flight at most
    s.on_time_result(true, t);
  }
  SessionTask task = s.next(t, false);
  REQUIRE(task.kind == SessionTaskKind::PositionMode);
  CHECK_FALSE(s.mode_ok());
  s.on_sent(task, t);
  s.on_position_mode_result(true, /*venue_hedge=*/false, t);
  CHECK(s.mode_check() == ModeCheck::Mismatch);
  CHECK_FALSE(s.mode_ok());

  task = s.next(t, false);
  REQUIRE((task.kind == SessionTaskKind::ListenKey && task.listen_key_op == ListenKeyOp::Create));
  s.on_sent(task, t);
  CHECK(s.request_depth(5, t));
  CHECK(s.request_depth(5, t));  // coalesced
  CHECK(s.pending_depth() == 1);
  task = s.next(t, false);
  REQUIRE(task.kind == SessionTaskKind::DepthSnapshot);
  CHECK(task.symbol == 5);
  s.on_sent(task, t);
  CHECK(s.next(t, false).kind == SessionTaskKind::None);  // one snapshot at a time
  s.on_depth_result(5, false, t);
  CHECK(s.next(t, false).kind == SessionTaskKind::None);   // retry delay
  task = s.next(t + kSec, false);
  REQUIRE(task.kind == SessionTaskKind::DepthSnapshot);
  s.on_sent(task, t + kSec);
  s.on_depth_result(5, false, t + kSec);  // second failure: given up
  CHECK(s.pending_depth() == 0);
  CHECK(s.stats().depth_given_up == 1);

  // Periodic and on-demand time samples.
  CHECK(s.next(t + 59 * kSec, false).kind == SessionTaskKind::None);
  CHECK(s.next(t + 60 * kSec, false).kind == SessionTaskKind::ServerTime);
  CHECK(s.next(t + 10 * kSec, true).kind == SessionTaskKind::ServerTime);
  task = s.next(t + 10 * kSec, true);
  s.on_sent(task, t + 10 * kSec);
  s.on_time_result(false, t + 10 * kSec);
  CHECK(s.next(t + 10 * kSec + 1, true).kind == SessionTaskKind::None);  // failed: retry after 1 s
  CHECK(s.next(t + 11 * kSec, true).kind == SessionTaskKind::ServerTime);

  SessionConfig off;
  off.check_position_mode = false;
  off.user_stream = false;
  SessionScheduler quiet(off);
  CHECK(quiet.mode_ok());
  task = quiet.next(0, true);
  quiet.on_not_sent(task, 0);
  CHECK(quiet.stats().time_failures == 1);
}

TEST_CASE("session requests: depth snapshot and signed positionSide/dual; rest kinds") {
  SessionRequest r;
  REQUIRE(encode_depth_snapshot("BTCUSDT", 1000, r) == EncodeError::Ok);
  CHECK(r.path() == "/fapi/v1/depth");
  CHECK(r.params() == "symbol=BTCUSDT&limit=1000");
  CHECK(r.cost().ip_weight == 20);
  CHECK_FALSE(r.needs_api_key());
  CHECK(encode_depth_snapshot("BTCUSDT", 999, r) == EncodeError::UnsupportedCommand);
  CHECK(encode_depth_snapshot("btc usdt", 100, r) == EncodeError::UnknownSymbol);
  CHECK(depth_weight(5) == 2);
  CHECK(depth_weight(100) == 5);
  CHECK(depth_weight(500) == 10);

  HmacSha256Signer signer(test::kDocSecret);
  REQUIRE(encode_position_mode(signer, 5000, test::kDocTimestamp, r) == EncodeError::Ok);
  CHECK(r.path() == "/fapi/v1/positionSide/dual");
  CHECK(r.needs_api_key());
  CHECK(r.cost().ip_weight == 30);
  const std::string_view p = r.params();
  const std::size_t sig = p.find("&signature=");
  REQUIRE(sig != std::string_view::npos);
  CHECK(p.substr(0, sig) == "recvWindow=5000&timestamp=1591702613943");
  CHECK(p.substr(sig + 11) == test::reference_hmac_hex(test::kDocSecret, p.substr(0, sig)));
  HmacSha256Signer none;
  CHECK(encode_position_mode(none, 5000, 1, r) == EncodeError::NoSigningKey);

  RestKind k{};
  CHECK((rest_kind_of(Endpoint::NewOrder, k) && k == RestKind::Order));
  CHECK((rest_kind_of(Endpoint::NewAlgoOrder, k) && k == RestKind::AlgoOrder));
  CHECK((rest_kind_of(Endpoint::OpenAlgoOrders, k) && k == RestKind::OpenAlgoOrders));
  CHECK((rest_kind_of(Endpoint::PositionRiskV3, k) && k == RestKind::PositionRisk));
  CHECK((rest_kind_of(Endpoint::QueryOrder, k) && k == RestKind::QueryOrder));
  CHECK_FALSE(rest_kind_of(Endpoint::ServerTime, k));
  CHECK_FALSE(rest_kind_of(Endpoint::ListenKeyCreate, k));
}

TEST_CASE("session bodies: listenKey, error code, server time, position mode (fixtures), bad input") {
  SessionBodies b;
  auto parse_key = [&](std::string_view json, std::string& key) {
    test::Padded p(json);
    std::string_view k;
    const DecodeStatus st = b.listen_key(p.data(), p.len, p.capacity(), k);
    key.assign(k);
    return st;
  };
  std::string key;
  CHECK(parse_key(R"({"listenKey":"pqia91ma19a5s61cv6a81va65sdf19v8a65a1a5s61cv6a81va65sdf19v8a65a1"})", key) ==
        DecodeStatus::Ok);
  CHECK(key == kKey);
  CHECK(parse_key("{}", key) == DecodeStatus::Ok);
  CHECK(key.empty());
  CHECK(parse_key(R"({"listenKey":12})", key) != DecodeStatus::Ok);
  CHECK(parse_key(R"({"listenKey":"ab)", key) != DecodeStatus::Ok);

  test::Padded err(R"({"code":-1125,"msg":"This listenKey does not exist."})");
  std::int32_t code = 0;
  REQUIRE(b.error_code(err.data(), err.len, err.capacity(), code) == DecodeStatus::Ok);
  CHECK(code == -1125);
  test::Padded no_code(R"({"msg":"x"})");
  CHECK(b.error_code(no_code.data(), no_code.len, no_code.capacity(), code) == DecodeStatus::MissingField);
  CHECK(b.error_code(no_code.data(), no_code.len, no_code.len, code) == DecodeStatus::NoPadding);

  test::Padded mode(test::fixture("http/http_futures_account_position_side_dual.json"));
  bool hedge = false;
  REQUIRE(b.position_mode(mode.data(), mode.len, mode.capacity(), hedge) == DecodeStatus::Ok);
  CHECK(hedge);
  test::Padded st(R"({"serverTime":1499827319559})");
  EpochMs ms = 0;
  REQUIRE(b.server_time(st.data(), st.len, st.capacity(), ms) == DecodeStatus::Ok);
  CHECK(ms == 1499827319559);

  SessionBodies small(64);
  test::Padded big(std::string(100, ' ') + "{}");
  std::string_view k;
  CHECK(small.listen_key(big.data(), big.len, big.capacity(), k) == DecodeStatus::TooLarge);
}
