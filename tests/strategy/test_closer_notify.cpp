// test_closer_notify.cpp — the closer raises the alert records behind seed 002's fill and
// reconnect notifications (review rows 56, 57): a Fill per slice fill with qty, price,
// mode, reason and the position before → after; a Reconnect when a dropped user-stream link
// is back (not at the first connect). Real engine + closer (closer_fixture.hpp).
#include <doctest/doctest.h>

#include "closer_fixture.hpp"
#include "strategy/signals.hpp"

using namespace xtb;
using namespace xtb::strategy;
using namespace xtb::strategy::test;

TEST_CASE("fill alert: qty @ price, mode, reason and position before -> after of every slice fill") {
  CloserParams p = test_params();
  p.execution.base_lot_mult = 4;  // a slice of 4 min lots: room for a partial fill
  Fixture f(p);
  f.set_position(PositionSide::Long, 1000, 600'000);
  f.start();
  f.long_signal(600'000, 600'001);
  REQUIRE(f.count() == 1);
  const OrderCommand c = f.last();
  REQUIRE(c.qty > 1);
  f.ack(c);
  f.fill(c, 1, 600'002);            // partial
  f.fill(c, c.qty - 1, 600'003);    // the rest
  std::vector<Alert> fills;
  Alert a{};
  while (f.closer.alerts().pop(a))
    if (a.kind == AlertKind::Fill) fills.push_back(a);
  REQUIRE(fills.size() == 2);
  CHECK(fills[0].side == PositionSide::Long);
  CHECK(fills[0].symbol == kBtc);
  CHECK(fills[0].value_e8 == 1);
  CHECK(fills[0].px == 600'002);
  CHECK(fills[0].qty_before == 1000);
  CHECK(fills[0].qty_after == 999);
  CHECK(fills[0].reason_text() == "long_primary");
  CHECK(fills[0].mode == static_cast<std::uint8_t>(ExecMode::MakerOnly));
  CHECK(fills[1].value_e8 == c.qty - 1);
  CHECK(fills[1].qty_before == 999);
  CHECK(fills[1].qty_after == 1000 - c.qty);
  CHECK(f.closer.alerts().count(AlertKind::Fill) == 2);
}

TEST_CASE("reconnect alert: only when a dropped user-stream link is back") {
  Fixture f;
  f.closer.on_link_up(7, false);  // first connect: nothing to report
  CHECK(f.closer.alerts().count(AlertKind::Reconnect) == 0);
  f.closer.on_link_down(7);
  CHECK(f.closer.alerts().count(AlertKind::Reconnect) == 0);
  f.closer.on_link_up(7, false);
  CHECK(f.closer.alerts().count(AlertKind::Reconnect) == 1);
  f.closer.on_link_up(7, false);  // a listenKey restart without a drop: no reconnect
  CHECK(f.closer.alerts().count(AlertKind::Reconnect) == 1);
}
