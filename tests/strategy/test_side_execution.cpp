// test_side_execution.cpp — the per-side state machine in isolation (no engine): every
// transition, TTL and cooldown timing, rotation counters, disabled thresholds; and the
// protective stop's decisions and client order id scheme.
#include <doctest/doctest.h>

#include "venue/binance/client_order_id.hpp"
#include "strategy/reduce_only_closer/protective_stop.hpp"
#include "strategy/reduce_only_closer/side_execution.hpp"

using namespace xtb;
using namespace xtb::strategy;

namespace {
constexpr std::int64_t kMs = 1'000'000;
const Rotation kRot{2, 1, 2};

WorkingOrder order(ExecMode m, std::int64_t now, std::int64_t ttl = 1000 * kMs) {
  WorkingOrder w;
  w.id.assign("xtb-r1-1");
  w.mode = m;
  w.placed_ns = now;
  w.ttl_ns = ttl;
  w.qty = 4;
  return w;
}
}  // namespace

TEST_CASE("IDLE → PLACING → WAITING → FILLED → IDLE") {
  SideExecution s;
  CHECK(s.state() == ExecState::Idle);
  s.on_placed(order(ExecMode::MakerOnly, 0));
  CHECK(s.state() == ExecState::Placing);
  CHECK(s.has_order());
  s.on_accepted();
  CHECK(s.state() == ExecState::Waiting);
  s.on_fill(4, kRot);
  CHECK(s.on_terminal(OrderStatus::Filled, 0, 10, 100 * kMs, kRot) == ModeChange::None);
  CHECK(s.state() == ExecState::Idle);
  CHECK_FALSE(s.has_order());
}

TEST_CASE("TTL → CANCELING → COOLDOWN → IDLE, with exact timing") {
  SideExecution s;
  s.on_placed(order(ExecMode::MakerOnly, 0));
  s.on_accepted();
  CHECK_FALSE(s.ttl_expired(999 * kMs));
  CHECK(s.ttl_expired(1000 * kMs));
  s.on_timeout(1000 * kMs, kRot);
  CHECK(s.state() == ExecState::Canceling);
  CHECK_FALSE(s.ttl_expired(2000 * kMs));
  CHECK(s.cancel_overdue(2000 * kMs, 1000 * kMs));
  s.on_terminal(OrderStatus::Canceled, 0, 1010 * kMs, 100 * kMs, kRot);
  CHECK(s.state() == ExecState::Cooldown);
  s.tick(1109 * kMs);
  CHECK(s.state() == ExecState::Cooldown);
  s.tick(1110 * kMs);
  CHECK(s.state() == ExecState::Idle);
}

TEST_CASE("a deferred cancel retries later; a fill during CANCELING still ends in IDLE") {
  SideExecution s;
  s.on_placed(order(ExecMode::MakerOnly, 0));
  s.defer_cancel(1500 * kMs);
  CHECK_FALSE(s.ttl_expired(1200 * kMs));
  CHECK(s.ttl_expired(1500 * kMs));
  s.on_timeout(1500 * kMs, kRot);
  s.on_fill(4, kRot);
  CHECK(s.maker_timeouts() == 0);  // the fill undid the miss
  s.on_terminal(OrderStatus::Filled, 0, 1600 * kMs, 100 * kMs, kRot);
  CHECK(s.state() == ExecState::Idle);
}

TEST_CASE("a refused place cools down; zero cooldown goes straight back to IDLE") {
  SideExecution s;
  s.on_place_refused(0, 100 * kMs);
  CHECK(s.state() == ExecState::Cooldown);
  s.tick(100 * kMs);
  CHECK(s.state() == ExecState::Idle);
  s.on_place_refused(0, 0);
  CHECK(s.state() == ExecState::Idle);
}

TEST_CASE("rotation counters: escalate after N maker misses, de-escalate on fills or timeouts") {
  SideExecution s;
  std::int64_t t = 0;
  auto miss = [&](OrderStatus end, std::int32_t code, bool via_ttl) {
    s.on_placed(order(s.mode(), t));
    ModeChange c = ModeChange::None;
    if (via_ttl) c = s.on_timeout(t + 1000 * kMs, kRot);
    const ModeChange c2 = s.on_terminal(end, code, t + 1001 * kMs, 0, kRot);
    t += 2000 * kMs;
    return c != ModeChange::None ? c : c2;
  };
  CHECK(miss(OrderStatus::Canceled, 0, true) == ModeChange::None);
  CHECK(s.maker_timeouts() == 1);
  CHECK(miss(OrderStatus::Rejected, -5022, false) == ModeChange::Escalated);  // GTX reject is a miss
  CHECK(s.mode() == ExecMode::AggressiveLimit);
  CHECK(s.maker_timeouts() == 0);
  CHECK(miss(OrderStatus::Canceled, 0, true) == ModeChange::None);
  CHECK(s.aggr_timeouts() == 1);
  CHECK(miss(OrderStatus::Canceled, 0, true) == ModeChange::Deescalated);
  CHECK(s.mode() == ExecMode::MakerOnly);
  // Expired GTX without fill is a miss; another reject code is not
  CHECK(miss(OrderStatus::Expired, 0, false) == ModeChange::None);
  CHECK(s.maker_timeouts() == 1);
  CHECK(miss(OrderStatus::Rejected, -2022, false) == ModeChange::None);
  CHECK(s.maker_timeouts() == 1);
  CHECK(miss(OrderStatus::Canceled, 0, true) == ModeChange::Escalated);
  // an aggressive order that filled partly and was cancelled counts as an aggressive fill
  s.on_placed(order(ExecMode::AggressiveLimit, t));
  s.on_fill(1, kRot);
  s.on_timeout(t + 1000 * kMs, kRot);
  CHECK(s.on_terminal(OrderStatus::Canceled, 0, t + 1001 * kMs, 0, kRot) == ModeChange::Deescalated);
}

TEST_CASE("partial fills reset the timeout count of the order's mode") {
  SideExecution s;
  s.on_placed(order(ExecMode::MakerOnly, 0));
  s.on_timeout(1000 * kMs, kRot);
  s.on_terminal(OrderStatus::Canceled, 0, 1000 * kMs, 0, kRot);
  REQUIRE(s.maker_timeouts() == 1);
  s.on_placed(order(ExecMode::MakerOnly, 2000 * kMs));
  s.on_fill(1, kRot);
  CHECK(s.maker_timeouts() == 0);
  CHECK(s.state() == ExecState::Waiting);
  s.on_timeout(3000 * kMs, kRot);
  CHECK(s.maker_timeouts() == 0);  // TTL after a fill is no timeout
}

TEST_CASE("thresholds of 0 disable rotation") {
  SideExecution s;
  const Rotation off{0, 0, 0};
  for (int i = 0; i < 5; ++i) {
    s.on_placed(order(ExecMode::MakerOnly, i * 10));
    s.on_timeout(i * 10 + 1000 * kMs, off);
    s.on_terminal(OrderStatus::Canceled, 0, i * 10 + 1000 * kMs, 0, off);
  }
  CHECK(s.mode() == ExecMode::MakerOnly);
  CHECK(s.maker_timeouts() == 5);
  CHECK(s.set_mode(ExecMode::AggressiveLimit) == ModeChange::Escalated);
  CHECK(s.set_mode(ExecMode::AggressiveLimit) == ModeChange::None);
}

TEST_CASE("protective stop ids: stable head, growing sequence, length guard") {
  ProtectiveStop ps;
  REQUIRE(ps.configure("xtb", "BTCUSDT", PositionSide::Long, 41));
  ClientOrderId id{};
  ps.next_id(id);
  CHECK(id.view() == "xtb-ps.L.BTCUSDT-41");
  CHECK(binance::is_valid_client_order_id(id.view()));
  CHECK(ps.seq_of("xtb-ps.L.BTCUSDT-41") == 41);
  CHECK(ps.seq_of("xtb-ps.S.BTCUSDT-41") == 0);
  CHECK(ps.seq_of("xtb-ps.L.BTCUSDT-4x") == 0);
  CHECK(ps.seq_of("xtb-r1-41") == 0);
  ps.on_place_sent(id, 100, 0);
  ps.next_id(id);
  CHECK(id.view() == "xtb-ps.L.BTCUSDT-42");
  ProtectiveStop longname;
  CHECK_FALSE(longname.configure("averyverylongprefix", "1000000BOBUSDT", PositionSide::Short, 1));
  CHECK_FALSE(longname.configure("xtb", "BTC-USDT", PositionSide::Short, 1));
}

TEST_CASE("protective stop decisions") {
  ProtectiveStopParams p;  // tighten at once; loosen ≥ 0.5% after 3 s
  ProtectiveStop ps;
  REQUIRE(ps.configure("xtb", "BTCUSDT", PositionSide::Long, 1));
  CHECK(ps.decide(p, false, 505'051, 600'000, 0) == StopAction::Nothing);
  CHECK(ps.decide(p, true, 0, 600'000, 0) == StopAction::Nothing);       // liq unknown
  CHECK(ps.decide(p, true, 600'000, 600'000, 0) == StopAction::Nothing); // would trigger
  CHECK(ps.would_trigger() == 1);
  REQUIRE(ps.decide(p, true, 505'051, 600'000, 0) == StopAction::Place);
  ClientOrderId id{};
  ps.next_id(id);
  ps.on_place_sent(id, 505'051, 0);
  CHECK(ps.decide(p, true, 505'051, 600'000, 1) == StopAction::Nothing);  // placing
  ps.on_open();
  CHECK(ps.state() == StopState::Active);
  CHECK(ps.decide(p, true, 505'052, 600'000, 2) == StopAction::Cancel);   // tighter: at once
  CHECK(ps.decide(p, true, 504'000, 600'000, 2) == StopAction::Nothing);  // looser < 0.5%
  CHECK(ps.decide(p, true, 500'000, 600'000, 2) == StopAction::Nothing);  // looser, cooldown
  CHECK(ps.decide(p, true, 500'000, 600'000, 3000 * 1'000'000LL) == StopAction::Cancel);
  CHECK(ps.decide(p, true, 0, 600'000, 2) == StopAction::Nothing);        // keep when unknown
  CHECK(ps.decide(p, false, 505'051, 600'000, 2) == StopAction::Cancel);  // flat
  ps.on_cancel_sent(5);
  CHECK(ps.state() == StopState::Canceling);
  CHECK(ps.on_terminal(OrderStatus::Canceled, 0, 6, 1000) == StopEnd::Cancelled);
  CHECK(ps.state() == StopState::None);
  // a rejected stop is retried only after retry_ns
  REQUIRE(ps.decide(p, true, 505'051, 600'000, 10) == StopAction::Place);
  ps.next_id(id);
  ps.on_place_sent(id, 505'051, 10);
  CHECK(ps.on_terminal(OrderStatus::Rejected, 0, 20, 1000) == StopEnd::Rejected);
  CHECK(ps.decide(p, true, 505'051, 600'000, 500) == StopAction::Nothing);
  CHECK(ps.decide(p, true, 505'051, 600'000, 1020) == StopAction::Place);
}
