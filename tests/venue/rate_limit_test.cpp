// rate_limit_test.cpp — sliding windows, soft vs risk share, server headers as a floor,
// 429 back-off (Retry-After and doubling), 418 ban + new-order halt + alert.
#include <doctest/doctest.h>

#include "venue/binance/rate_limit.hpp"

using namespace xtb::binance;

namespace {
constexpr std::int64_t kMs = 1'000'000;
constexpr std::int64_t kSec = 1'000 * kMs;
constexpr std::int64_t kT0 = 1'722'729'600 * kSec;  // a whole minute on the epoch clock

RequestCost order_cost(bool risk = false) {
  RequestCost c;
  c.orders_10s = 1;
  c.orders_1m = 1;
  c.places_order = true;
  c.risk = risk;
  return c;
}
RequestCost weight_cost(std::uint16_t w) {
  RequestCost c;
  c.ip_weight = w;
  return c;
}
}  // namespace

TEST_SUITE("binance-encode") {

TEST_CASE("sliding window counter forgets events after the window") {
  SlidingWindowCounter c(10 * kSec, 50);  // 200 ms buckets
  c.add(kT0, 3);
  c.add(kT0 + 5 * kSec, 2);
  CHECK(c.sum(kT0 + 5 * kSec) == 5);
  CHECK(c.sum(kT0 + 9 * kSec) == 5);
  CHECK(c.sum(kT0 + 10 * kSec + 300 * kMs) == 2);  // first batch out (plus one bucket)
  CHECK(c.sum(kT0 + 16 * kSec) == 0);
  c.add(kT0 + 100 * kSec, 1);  // reuses a slot from long ago
  CHECK(c.sum(kT0 + 100 * kSec) == 1);
  SlidingWindowCounter neg(kSec, 10);  // negative times (monotonic clocks may be anything)
  neg.add(-5 * kMs, 1);
  CHECK(neg.sum(0) == 1);
}

TEST_CASE("order limits: normal traffic stops at the soft share, risk orders may use the rest") {
  RateLimitConfig cfg;
  cfg.orders_limit_10s = 10;
  cfg.soft_permille = 800;  // 8 normal orders per 10 s
  RateLimiter rl(cfg);
  for (int i = 0; i < 8; ++i) {
    REQUIRE(rl.check(kT0, order_cost()) == Admission::Ok);
    rl.on_sent(kT0, order_cost());
  }
  CHECK(rl.check(kT0, order_cost()) == Admission::OrderLimited10s);
  CHECK(rl.check(kT0, order_cost(true)) == Admission::Ok);
  rl.on_sent(kT0, order_cost(true));
  rl.on_sent(kT0, order_cost(true));
  CHECK(rl.check(kT0, order_cost(true)) == Admission::OrderLimited10s);  // hard limit
  CHECK(rl.check(kT0, weight_cost(1)) == Admission::Ok);                 // weight is separate
  CHECK(rl.orders_10s(kT0) == 10);
  CHECK(rl.check(kT0 + 11 * kSec, order_cost()) == Admission::Ok);       // window slid
  CHECK(rl.orders_1m(kT0 + 11 * kSec) == 10);                            // 1 min still counts
}

TEST_CASE("the server's X-MBX-USED-WEIGHT-1M is a floor until its minute ends") {
  RateLimitConfig cfg;
  cfg.weight_limit_1m = 100;
  cfg.soft_permille = 1000;
  RateLimiter rl(cfg);
  rl.on_sent(kT0 + kSec, weight_cost(5));
  CHECK(rl.used_weight_1m(kT0 + kSec) == 5);
  RateLimitHeaders h;
  h.used_weight_1m = 90;  // other processes on the same IP used weight too
  rl.on_response(kT0 + 2 * kSec, 200, h);
  CHECK(rl.used_weight_1m(kT0 + 2 * kSec) == 90);
  rl.on_sent(kT0 + 3 * kSec, weight_cost(5));
  CHECK(rl.used_weight_1m(kT0 + 3 * kSec) == 95);
  CHECK(rl.check(kT0 + 3 * kSec, weight_cost(5)) == Admission::Ok);
  CHECK(rl.check(kT0 + 3 * kSec, weight_cost(6)) == Admission::WeightLimited);
  CHECK(rl.check(kT0 + 3 * kSec, RequestCost{}) == Admission::Ok);  // weight-0 requests pass
  // Next minute: the header floor expired; only our own sends remain in the window.
  CHECK(rl.used_weight_1m(kT0 + 60 * kSec) == 10);
  CHECK(rl.used_weight_1m(kT0 + 125 * kSec) == 0);
}

TEST_CASE("429 backs off for Retry-After, or doubling without it") {
  RateLimiter rl;
  RateLimitHeaders h;
  h.retry_after_s = 7;
  rl.on_response(kT0, 429, h);
  CHECK(rl.count_429() == 1);
  CHECK(rl.check(kT0 + 6 * kSec, weight_cost(1)) == Admission::BackingOff);
  CHECK(rl.check(kT0 + 6 * kSec, order_cost(true)) == Admission::BackingOff);  // no exemption
  CHECK(rl.check(kT0 + 7 * kSec, weight_cost(1)) == Admission::Ok);
  CHECK_FALSE(rl.alert());

  const RateLimitHeaders none;
  rl.on_response(kT0 + 8 * kSec, 429, none);  // 2nd consecutive: 2 s (1 s doubled)
  CHECK(rl.blocked_until_ns() == kT0 + 10 * kSec);
  rl.on_response(kT0 + 10 * kSec, 429, none);  // 3rd: 4 s
  CHECK(rl.blocked_until_ns() == kT0 + 14 * kSec);
  rl.on_response(kT0 + 14 * kSec, 200, none);  // success resets the doubling
  rl.on_response(kT0 + 15 * kSec, 429, none);
  CHECK(rl.blocked_until_ns() == kT0 + 16 * kSec);
}

TEST_CASE("418 bans everything, then halts new orders until an operator resumes") {
  RateLimiter rl;
  RateLimitHeaders h;
  h.retry_after_s = 120;
  rl.on_response(kT0, 418, h);
  CHECK(rl.alert());
  CHECK(rl.new_orders_halted());
  CHECK(rl.count_418() == 1);
  RequestCost cancel = weight_cost(1);
  CHECK(rl.check(kT0 + 60 * kSec, cancel) == Admission::Banned);
  CHECK(rl.check(kT0 + 60 * kSec, order_cost(true)) == Admission::Banned);
  // A later 429 inside the ban does not shorten it.
  h.retry_after_s = 1;
  rl.on_response(kT0 + 61 * kSec, 429, h);
  CHECK(rl.check(kT0 + 62 * kSec, cancel) == Admission::Banned);
  // Ban over: cancels flow, new orders (risk ones included) stay halted.
  CHECK(rl.check(kT0 + 120 * kSec, cancel) == Admission::Ok);
  CHECK(rl.check(kT0 + 120 * kSec, order_cost()) == Admission::NewOrdersHalted);
  CHECK(rl.check(kT0 + 120 * kSec, order_cost(true)) == Admission::NewOrdersHalted);
  rl.resume_new_orders();
  CHECK(rl.check(kT0 + 120 * kSec, order_cost()) == Admission::Ok);
  CHECK(rl.alert());  // alert stays until acknowledged
  rl.acknowledge_alert();
  CHECK_FALSE(rl.alert());

  RateLimiter no_header;
  no_header.on_response(kT0, 418, RateLimitHeaders{});
  CHECK(no_header.blocked_until_ns() == kT0 + 120 * kSec);  // documented minimum ban
}

TEST_CASE("rate-limit headers are parsed case-insensitively; others are ignored") {
  RateLimitHeaders h;
  CHECK(parse_rate_limit_header("X-MBX-USED-WEIGHT-1M", "1203", h));
  CHECK(parse_rate_limit_header("x-mbx-order-count-10s", " 7 ", h));
  CHECK(parse_rate_limit_header("X-Mbx-Order-Count-1m", "42", h));
  CHECK(parse_rate_limit_header("Retry-After", "30", h));
  CHECK(h.used_weight_1m == 1203);
  CHECK(h.order_count_10s == 7);
  CHECK(h.order_count_1m == 42);
  CHECK(h.retry_after_s == 30);
  CHECK_FALSE(parse_rate_limit_header("Content-Length", "10", h));
  CHECK_FALSE(parse_rate_limit_header("X-MBX-USED-WEIGHT-1M", "-1", h));
  CHECK_FALSE(parse_rate_limit_header("X-MBX-USED-WEIGHT-1M", "12a", h));
  CHECK_FALSE(parse_rate_limit_header("X-MBX-USED-WEIGHT-1M", "99999999999", h));
  CHECK_FALSE(parse_rate_limit_header("Retry-After", "", h));
  CHECK(h.used_weight_1m == 1203);  // failed parses leave the old value
  CHECK(to_string(Admission::Banned) == "IP banned (418)");
}

}  // TEST_SUITE
