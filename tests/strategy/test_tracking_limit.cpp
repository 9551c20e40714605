// test_tracking_limit.cpp — the tracking limit (strategy/tracking_limit/): price at the touch
// ± offset, cancel-then-replace every interval when the touch moved (never two orders
// working), the fill that wins a cancel race, partial fills, the timeout, rejects.
#include <doctest/doctest.h>

#include "closer_fixture.hpp"
#include "strategy/tracking_limit/tracking_limit.hpp"

using namespace xtb;
using namespace xtb::strategy;
using namespace xtb::strategy::test;

namespace {

constexpr std::int64_t kSec = 1'000 * kMs;

TrackingLimitParams params(Side side = Side::Buy, std::int32_t offset = 2) {
  TrackingLimitParams p;
  p.symbol = kBtc;
  p.side = side;
  p.position_side = side == Side::Buy ? PositionSide::Long : PositionSide::Short;
  p.qty = 10;
  p.interval_ns = 1 * kSec;
  p.timeout_ns = 10 * kSec;
  p.price_offset = offset;
  return p;
}

struct Rig : EngineRig {
  TrackingLimit tl;
  explicit Rig(const TrackingLimitParams& p = params()) : EngineRig(&tl), tl(StrategyContext{om, rules, sink, 3}, p) {
    driven = &tl;
  }
  void book(Price bid, Price ask) { tl.on_market(book_event(bid, ask), now); }
  void tick(std::int64_t dt) {
    advance(dt);
    tl.on_timer(now, 0);
  }
};

}  // namespace

TEST_CASE("tracking limit: places at the touch − offset, requotes only after the venue confirmed the cancel") {
  Rig r;
  r.book(600'000, 600'001);
  r.tl.on_start(r.now);
  REQUIRE(r.count() == 1);
  const OrderCommand first = r.last();
  CHECK(first.kind == CommandKind::NewOrder);
  CHECK(first.px == 599'998);  // bid − 2 ticks
  CHECK(first.qty == 10);
  CHECK(first.side == Side::Buy);
  CHECK(first.position_side == PositionSide::Long);
  CHECK(first.tif == TimeInForce::GTC);
  CHECK(first.strategy_id == 3);  // routes this order's callbacks back to it
  CHECK(r.order(first)->strategy_id == 3);
  r.ack(first);
  r.book(600'010, 600'011);  // the touch moves: nothing before the period
  r.tick(500 * kMs);
  CHECK(r.count() == 1);
  r.tick(500 * kMs);  // the period: cancel first
  REQUIRE(r.count() == 2);
  CHECK(r.last().kind == CommandKind::CancelOrder);
  CHECK(r.last().client_id == first.client_id);
  r.tick(100 * kMs);
  CHECK(r.count() == 2);  // no replacement while the cancel is unanswered
  r.venue_end(first);     // CANCELED → replaced at once at the new touch
  REQUIRE(r.count() == 3);
  CHECK(r.last().kind == CommandKind::NewOrder);
  CHECK(r.last().px == 600'008);
  CHECK(r.tl.attempts() == 2);
  CHECK(r.tl.attempt(0).requoted);
  CHECK(r.tl.attempt(0).end == OrderStatus::Canceled);
  // Unchanged touch at the next period: kept, not requoted.
  r.ack(r.last());
  r.tick(1 * kSec);
  CHECK(r.count() == 3);
  CHECK(r.tl.attempt(1).kept == 1);
}

TEST_CASE("tracking limit: a partial fill, then the rest filled; a fill that wins the cancel race ends it") {
  Rig r(params(Side::Sell, -1));  // sell inside the spread: ask − 1 tick
  r.book(600'000, 600'004);
  r.tl.on_start(r.now);
  const OrderCommand a = r.last();
  CHECK(a.px == 600'003);
  CHECK(a.position_side == PositionSide::Short);
  r.ack(a);
  r.fill(a, 4, a.px);
  CHECK(r.tl.filled() == 4);
  r.book(600'100, 600'104);
  r.tick(1 * kSec);
  REQUIRE(r.last().kind == CommandKind::CancelOrder);
  r.venue_end(a);  // cancelled with 4 filled: the replacement is for the 6 left
  const OrderCommand b = r.last();
  CHECK(b.kind == CommandKind::NewOrder);
  CHECK(b.qty == 6);
  CHECK(b.px == 600'103);
  r.ack(b);
  r.book(600'200, 600'204);
  r.tick(1 * kSec);
  REQUIRE(r.last().kind == CommandKind::CancelOrder);
  r.fill(b, 6, b.px);  // filled before the cancel arrived
  CHECK(r.tl.state() == TrackingState::Filled);
  CHECK(r.tl.done());
  CHECK(r.tl.filled() == 10);
  const std::size_t n = r.count();
  r.tick(5 * kSec);
  CHECK(r.count() == n);  // done: nothing more
}

TEST_CASE("tracking limit: the timeout cancels and ends; rejects retry each period and fail after five") {
  SUBCASE("timeout") {
    TrackingLimitParams p = params();
    p.timeout_ns = 3 * kSec;
    Rig r(p);
    r.book(600'000, 600'001);
    r.tl.on_start(r.now);
    r.ack(r.last());
    for (int i = 0; i < 3; ++i) r.tick(1 * kSec);  // touch unchanged: kept
    REQUIRE(r.last().kind == CommandKind::CancelOrder);
    CHECK_FALSE(r.tl.attempt(0).requoted);  // the timeout's cancel
    r.venue_end(r.sink.cmds.front());
    CHECK(r.tl.state() == TrackingState::TimedOut);
    CHECK(r.tl.attempts() == 1);
  }
  SUBCASE("rejects") {
    TrackingLimitParams p = params();
    p.post_only = true;
    Rig r(p);
    r.book(600'000, 600'001);
    r.tl.on_start(r.now);
    for (int i = 0; i < 5; ++i) {
      const OrderCommand c = r.last();
      CHECK(c.tif == TimeInForce::PostOnly);
      r.ack(c, OrderStatus::Rejected, -5022);
      if (i < 4) {
        CHECK(r.count() == static_cast<std::size_t>(i + 1));  // not before the next period
        r.tick(1 * kSec);
      }
    }
    CHECK(r.tl.state() == TrackingState::Failed);
    CHECK(r.tl.attempt(4).code == -5022);
  }
}

TEST_CASE("tracking limit: a crossed or empty book is ignored; bad parameters are refused") {
  Rig r;
  r.book(600'001, 600'000);  // crossed
  r.tl.on_start(r.now);
  CHECK(r.count() == 0);
  r.book(600'000, 600'001);
  CHECK(r.count() == 1);
  TrackingLimitParams bad = params();
  bad.qty = 0;
  EngineRig e(nullptr);
  CHECK_THROWS_AS(TrackingLimit(StrategyContext{e.om, e.rules, e.sink}, bad), std::invalid_argument);
  bad = params();
  bad.symbol = 1;  // no rules
  CHECK_THROWS_AS(TrackingLimit(StrategyContext{e.om, e.rules, e.sink}, bad), std::invalid_argument);
}
