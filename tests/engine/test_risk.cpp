// Risk gate: every reject reason, rate windows with the risk-order exemption, trading
// states, kill switch.
#include <doctest/doctest.h>

#include <string>

#include "engine/risk.hpp"
#include "engine_fixture.hpp"

using namespace xtb;
using namespace xtb::engine;
using namespace xtb::engine::test;

namespace {

constexpr std::int64_t kSec = 1'000'000'000;

struct Gate {
  SymbolRulesTable rules{4};
  RiskGate g;
  explicit Gate(RiskLimits l = {}) : g(l, Engine::init_rules(rules)) {}
  RejectReason check(const OrderCommand& c, Exposure ex = {}, Price ref = 0, std::int64_t t = kSec) {
    return g.check_new(c, ex, ref, t);
  }
};

// 0.010 BTC @ 60000.0 = 600 USDT notional.
OrderCommand buy(Qty qty = 10, Price px = 600'000, std::uint8_t flags = 0,
                 PositionSide ps = PositionSide::Long) {
  return new_order(kBtc, Side::Buy, ps, px, qty, flags);
}

}  // namespace

TEST_SUITE("engine") {

TEST_CASE("notional uses tick_size × step_size (BTCUSDT exchangeInfo fixture)") {
  // 0.010 BTC × 60000.0 USDT = 600 USDT
  CHECK(notional(btc_rules(), 600'000, 10) == 600 * kAmountScale);
  // ETH tick 0.01: 0.5 ETH × 3000.00 = 1500 USDT
  CHECK(notional(eth_rules(), 300'000, 500) == 1500 * kAmountScale);
}

TEST_CASE("a valid order passes and every symbol rule rejects with its own reason") {
  Gate g;
  CHECK(g.check(buy()) == RejectReason::None);
  CHECK(g.check(new_order(3, Side::Buy, PositionSide::Long, 600'000, 10)) == RejectReason::UnknownSymbol);
  CHECK(g.check(buy(0)) == RejectReason::BadOrder);
  CHECK(g.check(buy(2'000'000)) == RejectReason::QtyAboveMax);
  CHECK(g.check(buy(10, 0)) == RejectReason::NoReferencePrice);  // market, no reference
  CHECK(g.check(buy(10, 0), {}, 600'000) == RejectReason::None);
  CHECK(g.check(buy(10, 4'000)) == RejectReason::PriceBand);      // below minPrice 402
  CHECK(g.check(buy(10, 13'000'000)) == RejectReason::PriceBand); // above maxPrice
  OrderCommand bad_side = buy();
  bad_side.side = Side::None;
  CHECK(g.check(bad_side) == RejectReason::BadOrder);
  g.rules.get(kBtc)->qty_multiple = 5;
  CHECK(g.check(buy(12)) == RejectReason::QtyStep);
  g.rules.get(kBtc)->qty_multiple = 1;
  g.rules.get(kBtc)->px_multiple = 10;  // venue coarsened the tick to 1.0
  CHECK(g.check(buy(10, 600'005)) == RejectReason::PriceTick);
  CHECK(g.check(buy(10, 600'010)) == RejectReason::None);
  g.rules.get(kBtc)->px_multiple = 1;
  g.rules.get(kBtc)->min_qty = 5;
  CHECK(g.check(buy(4)) == RejectReason::QtyBelowMin);
  g.rules.get(kBtc)->min_qty = 1;
  g.rules.get(kBtc)->trading = false;
  CHECK(g.check(buy()) == RejectReason::SymbolNotTrading);
  CHECK(g.g.rejects(RejectReason::PriceBand) == 2);
}

TEST_CASE("MIN_NOTIONAL: below the minimum rejects unless the order reduces") {
  Gate g;
  // 0.001 BTC × 5000.0 = 5 USDT < 10
  CHECK(g.check(buy(1, 50'000)) == RejectReason::NotionalBelowMin);
  CHECK(g.check(buy(1, 50'000, OrderCommand::kReduceOnly)) == RejectReason::None);
  // Hedge mode closes a LONG with a SELL on the LONG side (no reduceOnly flag on Binance).
  CHECK(g.check(new_order(kBtc, Side::Sell, PositionSide::Long, 50'000, 1)) == RejectReason::None);
}

TEST_CASE("max order notional") {
  RiskLimits l;
  l.max_order_notional = 1'000 * kAmountScale;
  Gate g(l);
  CHECK(g.check(buy(16)) == RejectReason::None);              // 960 USDT
  CHECK(g.check(buy(17)) == RejectReason::NotionalAboveMax);  // 1020 USDT
}

TEST_CASE("max position counts the position and live same-side orders") {
  RiskLimits l;
  l.max_position_qty = 100;
  Gate g(l);
  CHECK(g.check(buy(50), Exposure{40, 10, 0}) == RejectReason::None);       // 100
  CHECK(g.check(buy(51), Exposure{40, 10, 0}) == RejectReason::PositionLimit);
  // Selling on BOTH from +40 to −61 breaches on the short side.
  OrderCommand s = new_order(kBtc, Side::Sell, PositionSide::Both, 600'000, 101);
  CHECK(g.check(s, Exposure{40, 0, 60}) == RejectReason::PositionLimit);
  // Reducing orders are never limited.
  CHECK(g.check(new_order(kBtc, Side::Sell, PositionSide::Long, 600'000, 500), Exposure{500, 0, 0}) ==
        RejectReason::None);
  g.g.set_position_limit(kBtc, 1'000);
  CHECK(g.check(buy(51), Exposure{40, 10, 0}) == RejectReason::None);
}

TEST_CASE("trading states: REDUCING passes only reducing orders, HALTED nothing") {
  Gate g;
  g.g.set_state(TradingState::Reducing);
  CHECK(g.check(buy()) == RejectReason::ReducingOnly);
  CHECK(g.check(buy(10, 600'000, OrderCommand::kReduceOnly, PositionSide::Both)) == RejectReason::None);
  CHECK(g.check(new_order(kBtc, Side::Buy, PositionSide::Short, 600'000, 10)) == RejectReason::None);
  g.g.set_state(TradingState::Halted);
  CHECK(g.check(buy(10, 600'000, OrderCommand::kReduceOnly)) == RejectReason::Halted);
  OrderCommand cancel = buy();
  cancel.kind = CommandKind::CancelOrder;
  CHECK(g.g.check_cancel(cancel, kSec) == RejectReason::None);  // cancels always allowed
}

TEST_CASE("calibrating pauses orders except risk orders") {
  Gate g;
  g.g.set_calibrating(true);
  CHECK(g.check(buy()) == RejectReason::Calibrating);
  CHECK(g.check(buy(10, 600'000, OrderCommand::kRiskOrder)) == RejectReason::None);
  g.g.set_calibrating(false);
  CHECK(g.check(buy()) == RejectReason::None);
}

TEST_CASE("sliding-window order and cancel rate limits; risk orders exempt") {
  RiskLimits l;
  l.max_orders_per_window = 3;
  l.max_cancels_per_window = 2;
  l.rate_window_ns = kSec;
  Gate g(l);
  const std::int64_t t0 = 10 * kSec;
  CHECK(g.check(buy(), {}, 0, t0) == RejectReason::None);
  CHECK(g.check(buy(), {}, 0, t0 + 100) == RejectReason::None);
  CHECK(g.check(buy(), {}, 0, t0 + 200) == RejectReason::None);
  CHECK(g.check(buy(), {}, 0, t0 + 300) == RejectReason::OrderRateLimit);
  CHECK(g.check(buy(10, 600'000, OrderCommand::kRiskOrder), {}, 0, t0 + 300) == RejectReason::None);
  // A rejected order does not consume budget; the window slides exactly.
  CHECK(g.check(buy(0), {}, 0, t0 + 400) == RejectReason::BadOrder);
  CHECK(g.check(buy(), {}, 0, t0 + kSec - 1) == RejectReason::OrderRateLimit);
  CHECK(g.check(buy(), {}, 0, t0 + kSec) == RejectReason::None);
  OrderCommand c = buy();
  c.kind = CommandKind::CancelOrder;
  CHECK(g.g.check_cancel(c, t0) == RejectReason::None);
  CHECK(g.g.check_cancel(c, t0 + 1) == RejectReason::None);
  CHECK(g.g.check_cancel(c, t0 + 2) == RejectReason::CancelRateLimit);
  c.flags = OrderCommand::kRiskOrder;
  CHECK(g.g.check_cancel(c, t0 + 3) == RejectReason::None);
  CHECK(g.g.rejects(RejectReason::OrderRateLimit) == 2);
  CHECK(g.g.rejects(RejectReason::CancelRateLimit) == 1);
}

TEST_CASE("SlidingWindowLimiter counts exactly") {
  SlidingWindowLimiter w(2, 100);
  CHECK(w.try_acquire(0));
  CHECK(w.try_acquire(50));
  CHECK_FALSE(w.try_acquire(99));
  CHECK(w.count(99) == 2);
  CHECK(w.try_acquire(100));  // the event at 0 left the window
  CHECK(w.count(120) == 2);
  SlidingWindowLimiter unlimited(0, 100);
  for (int i = 0; i < 1000; ++i) CHECK(unlimited.try_acquire(1));
}

TEST_CASE("kill switch: N faults inside the window → HALTED and an alert") {
  RiskLimits l;
  l.kill_faults = 3;
  l.kill_window_ns = 10 * kSec;
  Gate g(l);
  CHECK_FALSE(g.g.record_fault(FaultKind::VenueReject, 1 * kSec));
  CHECK_FALSE(g.g.record_fault(FaultKind::Disconnect, 2 * kSec));
  // The first fault leaves the window before the third arrives: no trip.
  CHECK_FALSE(g.g.record_fault(FaultKind::VenueReject, 12 * kSec));
  CHECK(g.g.state() == TradingState::Active);
  CHECK_FALSE(g.g.record_fault(FaultKind::OrderUnknown, 13 * kSec));  // 12 s, 13 s in window
  CHECK(g.g.record_fault(FaultKind::OrderUnknown, 14 * kSec));        // third inside 10 s
  CHECK(g.g.kill_tripped());
  CHECK(g.g.state() == TradingState::Halted);
  CHECK(g.g.kill_alerts() == 1);
  CHECK(g.check(buy()) == RejectReason::Halted);
  CHECK_FALSE(g.g.record_fault(FaultKind::VenueReject, 15 * kSec));  // already tripped
  CHECK(g.g.faults(FaultKind::VenueReject) == 3);
  g.g.reset_kill_switch();
  CHECK(g.g.state() == TradingState::Halted);  // operator decides when to resume
  g.g.set_state(TradingState::Active);
  CHECK(g.check(buy()) == RejectReason::None);
}

TEST_CASE("reject reasons have names") {
  for (int i = 0; i < static_cast<int>(RejectReason::kCount); ++i)
    CHECK(std::string(to_string(static_cast<RejectReason>(i))) != "?");
}

}  // TEST_SUITE
