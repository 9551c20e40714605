// Order state machine: every transition, WS/REST races, idempotent fills, UNKNOWN.
#include <doctest/doctest.h>

#include <stdexcept>

#include "engine_fixture.hpp"

using namespace xtb;
using namespace xtb::engine;
using namespace xtb::engine::test;

namespace {

struct Machine {
  OrderStateMachine sm;
  Order o{};
  explicit Machine(Qty qty = 10) {
    OrderCommand c = new_order(kBtc, Side::Buy, PositionSide::Long, 600'000, qty);
    c.client_id = cid("xtb-r1-1");
    sm.init(o, c, 100);
  }
  ApplyResult upd(OrderStatus st, Qty cum, Qty last = 0, std::uint64_t tid = 0,
                  EventSource src = EventSource::Ws, std::int64_t t = 200) {
    return sm.on_venue_update(o, venue_update(o, st, cum, last, 600'000, tid), src, t);
  }
};

}  // namespace

TEST_SUITE("engine") {

TEST_CASE("happy path NEW → SUBMITTING → OPEN → PARTIALLY_FILLED → FILLED") {
  Machine m;
  CHECK(m.o.status == OrderStatus::New);
  CHECK(m.sm.on_submit(m.o, 150).status_changed);
  CHECK(m.o.status == OrderStatus::Submitting);
  CHECK(m.upd(OrderStatus::New, 0).status_changed);  // venue NEW = resting = Open
  CHECK(m.o.status == OrderStatus::Open);
  ApplyResult r = m.upd(OrderStatus::PartiallyFilled, 4, 4, 11);
  CHECK(r.has_fill);
  CHECK(r.fill.qty == 4);
  CHECK(m.o.status == OrderStatus::PartiallyFilled);
  CHECK_FALSE(r.became_terminal);
  r = m.upd(OrderStatus::Filled, 10, 6, 12);
  CHECK(r.became_terminal);
  CHECK(m.o.status == OrderStatus::Filled);
  CHECK(m.o.fill_qty == 10);
  CHECK(m.o.cum_qty == 10);
  // History: submit, open, PF (with fill 4), filled (with fill 6), newest first.
  REQUIRE(m.o.history_len == 4);
  CHECK(m.o.recent(0).to == OrderStatus::Filled);
  CHECK(m.o.recent(0).last_qty == 6);
  CHECK(m.o.recent(0).trade_id == 12);
  CHECK(m.o.recent(0).source == EventSource::Ws);
  CHECK(m.o.recent(0).venue_ms == 1568879465651);
  CHECK(m.o.recent(3).to == OrderStatus::Submitting);
  CHECK(m.o.recent(3).source == EventSource::Local);
  CHECK(m.sm.stats().terminal_callbacks == 1);
}

TEST_CASE("each terminal state is reachable and fires the terminal callback once") {
  for (OrderStatus end : {OrderStatus::Canceled, OrderStatus::Expired, OrderStatus::Rejected}) {
    Machine m;
    m.sm.on_submit(m.o, 150);
    if (end != OrderStatus::Rejected) m.upd(OrderStatus::Open, 0);
    ApplyResult r = m.upd(end, 0);
    CHECK(r.became_terminal);
    CHECK(m.o.status == end);
    // Duplicate of the final event: no second callback.
    r = m.upd(end, 0);
    CHECK_FALSE(r.became_terminal);
    CHECK(r.outcome == ApplyOutcome::NoChange);
    CHECK(m.sm.stats().terminal_callbacks == 1);
  }
}

TEST_CASE("FILLED beats a late CANCELED (WS fill, then REST cancel answer)") {
  Machine m;
  m.sm.on_submit(m.o, 150);
  m.upd(OrderStatus::Open, 0);
  CHECK(m.upd(OrderStatus::Filled, 10, 10, 21).became_terminal);
  OrderAck a = ack(m.o, CommandKind::CancelOrder, OrderStatus::Canceled);
  const ApplyResult r = m.sm.on_ack(m.o, a, 300);
  CHECK(r.outcome == ApplyOutcome::Stale);
  CHECK(m.o.status == OrderStatus::Filled);
  CHECK_FALSE(r.became_terminal);
  // The same race with the cancel arriving as a WS update.
  CHECK(m.upd(OrderStatus::Canceled, 10).outcome == ApplyOutcome::Stale);
  CHECK(m.o.status == OrderStatus::Filled);
  CHECK(m.sm.stats().terminal_callbacks == 1);
}

TEST_CASE("CANCELED then the venue's FILLED record: corrected to FILLED, no second callback") {
  Machine m;
  m.sm.on_submit(m.o, 150);
  m.upd(OrderStatus::Open, 0);
  // REST cancel answer raced the last fill and claims CANCELED.
  CHECK(m.sm.on_ack(m.o, ack(m.o, CommandKind::CancelOrder, OrderStatus::Canceled), 300).became_terminal);
  const ApplyResult r = m.upd(OrderStatus::Filled, 10, 10, 31);
  CHECK(r.corrected);
  CHECK(r.has_fill);  // the fill record is applied: positions must equal Σ fills
  CHECK_FALSE(r.became_terminal);
  CHECK(m.o.status == OrderStatus::Filled);
  CHECK(m.sm.stats().corrections == 1);
  CHECK(m.sm.stats().terminal_callbacks == 1);
}

TEST_CASE("duplicate fills (same trade id) are applied once") {
  Machine m;
  m.sm.on_submit(m.o, 150);
  m.upd(OrderStatus::Open, 0);
  CHECK(m.upd(OrderStatus::PartiallyFilled, 3, 3, 41).has_fill);
  const ApplyResult dup = m.upd(OrderStatus::PartiallyFilled, 3, 3, 41);
  CHECK_FALSE(dup.has_fill);
  CHECK(dup.outcome == ApplyOutcome::DuplicateFill);
  CHECK(m.o.fill_qty == 3);
  CHECK(m.sm.stats().duplicate_fills == 1);
}

TEST_CASE("out-of-order partial fills: both applied, status never goes back") {
  Machine m;
  m.sm.on_submit(m.o, 150);
  m.upd(OrderStatus::Open, 0);
  // Fills 2 (cum 2, id 51) and 5 (cum 7, id 52) arrive in reverse order.
  CHECK(m.upd(OrderStatus::PartiallyFilled, 7, 5, 52).has_fill);
  const ApplyResult late = m.upd(OrderStatus::PartiallyFilled, 2, 2, 51);
  CHECK(late.has_fill);
  CHECK(m.o.fill_qty == 7);
  CHECK(m.o.cum_qty == 7);  // max of what the venue reported
  // A late OPEN after PARTIALLY_FILLED is stale.
  CHECK(m.upd(OrderStatus::Open, 0).outcome == ApplyOutcome::Stale);
  CHECK(m.o.status == OrderStatus::PartiallyFilled);
  // FILLED arrives before the last partial's event: the later partial is still applied.
  CHECK(m.upd(OrderStatus::Filled, 10, 1, 54).became_terminal);
  const ApplyResult r = m.upd(OrderStatus::PartiallyFilled, 9, 2, 53);
  CHECK(r.has_fill);
  CHECK(r.outcome == ApplyOutcome::Applied);
  CHECK(m.o.status == OrderStatus::Filled);
  CHECK(m.o.fill_qty == 10);
}

TEST_CASE("a duplicate whose trade id was evicted cannot over-fill the order") {
  Machine m(20);
  m.sm.on_submit(m.o, 150);
  for (std::uint64_t i = 0; i < 20; ++i)
    CHECK(m.upd(OrderStatus::PartiallyFilled, static_cast<Qty>(i + 1), 1, 100 + i).has_fill);
  CHECK(m.o.status == OrderStatus::Filled);  // cum reached orig
  // id 100 is no longer among the last 16 ids; the quantity guard catches it.
  const ApplyResult r = m.upd(OrderStatus::PartiallyFilled, 1, 1, 100);
  CHECK_FALSE(r.has_fill);
  CHECK(m.sm.stats().overfill_drops == 1);
  CHECK(m.o.fill_qty == 20);
}

TEST_CASE("venues without trade ids are deduplicated by cumulative quantity") {
  Machine m;
  m.sm.on_submit(m.o, 150);
  CHECK(m.upd(OrderStatus::PartiallyFilled, 4, 4, 0).fill.qty == 4);
  CHECK_FALSE(m.upd(OrderStatus::PartiallyFilled, 4, 4, 0).has_fill);
  CHECK(m.upd(OrderStatus::PartiallyFilled, 6, 2, 0).fill.qty == 2);
  CHECK(m.o.fill_qty == 6);
}

TEST_CASE("synchronous reject (-5022 GTX) is final at once") {
  Machine m;
  m.sm.on_submit(m.o, 150);
  const ApplyResult r = m.sm.on_ack(m.o, ack(m.o, CommandKind::NewOrder, OrderStatus::Rejected, -5022), 200);
  CHECK(r.became_terminal);
  CHECK(m.o.status == OrderStatus::Rejected);
  CHECK(m.o.last_error == -5022);
  CHECK(m.o.recent(0).code == -5022);
  CHECK(m.sm.stats().sync_rejects == 1);
  // Nothing moves it afterwards; a venue "live" claim is an anomaly flagged for query.
  CHECK(m.upd(OrderStatus::Open, 0).outcome == ApplyOutcome::Anomaly);
  CHECK(m.o.status == OrderStatus::Rejected);
  CHECK(m.o.needs_query);
}

TEST_CASE("UNKNOWN: entered on timeout, resolved only by venue truth") {
  SUBCASE("venue update says it is open") {
    Machine m;
    m.sm.on_submit(m.o, 150);
    CHECK(m.sm.on_outcome_unknown(m.o, -1007, 200).status_changed);
    CHECK(m.o.status == OrderStatus::Unknown);
    CHECK(m.o.unknown_since_ns == 200);
    CHECK(m.o.live());
    CHECK(m.upd(OrderStatus::Open, 0, 0, 0, EventSource::Rest).status_changed);
    CHECK(m.o.status == OrderStatus::Open);
    CHECK(m.sm.stats().unknown_resolved == 1);
  }
  SUBCASE("query answers: no such order → FAILED (never resubmitted)") {
    Machine m;
    m.sm.on_submit(m.o, 150);
    m.sm.on_outcome_unknown(m.o, -1007, 200);
    const ApplyResult r =
        m.sm.on_ack(m.o, ack(m.o, CommandKind::QueryOrder, OrderStatus::Failed, -2013), 300);
    CHECK(r.became_terminal);
    CHECK(m.o.status == OrderStatus::Failed);
  }
  SUBCASE("a failed query (-1003 rate limit) teaches nothing: still UNKNOWN") {
    Machine m;
    m.sm.on_submit(m.o, 150);
    m.sm.on_outcome_unknown(m.o, -1007, 200);
    const ApplyResult r =
        m.sm.on_ack(m.o, ack(m.o, CommandKind::QueryOrder, OrderStatus::Rejected, -1003), 300);
    CHECK_FALSE(r.status_changed);
    CHECK(m.o.status == OrderStatus::Unknown);
    CHECK(m.o.needs_query);
  }
  SUBCASE("query answers FILLED") {
    Machine m;
    m.sm.on_submit(m.o, 150);
    m.sm.on_outcome_unknown(m.o, 0, 200);
    OrderAck a = ack(m.o, CommandKind::QueryOrder, OrderStatus::Filled);
    a.cum_qty = 10;
    CHECK(m.sm.on_ack(m.o, a, 300).became_terminal);
    CHECK(m.o.status == OrderStatus::Filled);
    CHECK(m.o.cum_qty == 10);
    CHECK(m.o.fill_qty == 0);  // no fill invented from the query; trade records bring them
  }
  SUBCASE("a late timeout after the venue answered changes nothing") {
    Machine m;
    m.sm.on_submit(m.o, 150);
    m.upd(OrderStatus::Open, 0);
    CHECK(m.sm.on_outcome_unknown(m.o, -1007, 200).outcome == ApplyOutcome::Stale);
    CHECK(m.o.status == OrderStatus::Open);
  }
  SUBCASE("unknown ack from egress") {
    Machine m;
    m.sm.on_submit(m.o, 150);
    m.sm.on_ack(m.o, ack(m.o, CommandKind::NewOrder, OrderStatus::Unknown, -1007), 200);
    CHECK(m.o.status == OrderStatus::Unknown);
  }
}

TEST_CASE("FAILED when egress reports the order never left") {
  Machine m;
  m.sm.on_submit(m.o, 150);
  CHECK(m.sm.on_ack(m.o, ack(m.o, CommandKind::NewOrder, OrderStatus::Failed), 200).became_terminal);
  CHECK(m.o.status == OrderStatus::Failed);
}

TEST_CASE("cancel rejected (-2011) marks the order for a query, state unchanged") {
  Machine m;
  m.sm.on_submit(m.o, 150);
  m.upd(OrderStatus::Open, 0);
  m.o.cancel_requested = true;
  const ApplyResult r =
      m.sm.on_ack(m.o, ack(m.o, CommandKind::CancelOrder, OrderStatus::Rejected, -2011), 300);
  CHECK_FALSE(r.status_changed);
  CHECK(m.o.status == OrderStatus::Open);
  CHECK(m.o.needs_query);
  CHECK_FALSE(m.o.cancel_requested);
  CHECK(m.sm.stats().cancel_rejects == 1);
}

TEST_CASE("REST ack after WS already advanced is stale") {
  Machine m;
  m.sm.on_submit(m.o, 150);
  m.upd(OrderStatus::PartiallyFilled, 3, 3, 61);
  OrderAck a = ack(m.o, CommandKind::NewOrder, OrderStatus::Open);
  CHECK(m.sm.on_ack(m.o, a, 300).outcome == ApplyOutcome::Stale);
  CHECK(m.o.status == OrderStatus::PartiallyFilled);
}

TEST_CASE("amendment updates price and quantity") {
  Machine m;
  m.sm.on_submit(m.o, 150);
  m.upd(OrderStatus::Open, 0);
  OrderUpdate u = venue_update(m.o, OrderStatus::Open, 0);
  u.exec_type = ExecType::Amendment;
  u.px = 600'100;
  u.orig_qty = 12;
  m.sm.on_venue_update(m.o, u, EventSource::Ws, 300);
  CHECK(m.o.px == 600'100);
  CHECK(m.o.orig_qty == 12);
}

TEST_CASE("history keeps the latest 8 transitions and counts all") {
  Machine m(100);
  m.sm.on_submit(m.o, 150);
  for (int i = 1; i <= 12; ++i)
    m.upd(OrderStatus::PartiallyFilled, i, 1, static_cast<std::uint64_t>(i));
  CHECK(m.o.history_len == Order::kHistory);
  CHECK(m.o.transitions == 13);
  CHECK(m.o.recent(0).trade_id == 12);
  CHECK(m.o.recent(7).trade_id == 5);
}

TEST_CASE("transition table: terminal states never leave except the FILLED correction") {
  const OrderStatus all[] = {OrderStatus::New, OrderStatus::Submitting, OrderStatus::Open,
                             OrderStatus::PartiallyFilled, OrderStatus::Filled,
                             OrderStatus::Canceled, OrderStatus::Rejected, OrderStatus::Expired,
                             OrderStatus::Failed, OrderStatus::Unknown};
  for (OrderStatus from : all) {
    if (!is_terminal(from)) continue;
    for (OrderStatus to : all) {
      OrderStateMachine sm;
      Order o{};
      o.status = from;
      o.orig_qty = 10;
      o.terminal_notified = true;
      OrderUpdate u = venue_update(o, to, 0);
      const ApplyResult r = sm.on_venue_update(o, u, EventSource::Ws, 1);
      const bool correction =
          to == OrderStatus::Filled && (from == OrderStatus::Canceled || from == OrderStatus::Expired);
      CAPTURE(to_string(from));
      CAPTURE(to_string(to));
      CHECK(r.status_changed == correction);
      CHECK_FALSE(r.became_terminal);
    }
  }
}

}  // TEST_SUITE
