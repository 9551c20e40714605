// test_closer_net.cpp — the reduce-only closer on a one-way venue (issue 17: Backpack's net
// positions): one signed BOTH position, closed by the LONG side while long (SELL) and the
// SHORT side while short (BUY); every order reduce-only with position side BOTH; the size
// never over-closes; fills and cancels route back to the right side; protective stops (a
// hedge-mode closePosition order) are refused at set-up. And a net long closed to flat in a
// rising market against the fake-venue kit's FakeExchange in one-way mode.
#include <doctest/doctest.h>

#include "closer_fixture.hpp"
#include "fake_exchange.hpp"

using namespace xtb;
using namespace xtb::strategy;
using namespace xtb::strategy::test;

namespace {

engine::SymbolRules net_rules() {
  engine::SymbolRules r = btc_rules();
  r.net_positions = true;
  return r;
}

// The closer on a net-position instrument; net() = the one signed BOTH position.
struct NetFixture : Fixture {
  explicit NetFixture(const CloserParams& p = test_params()) : Fixture(p, 1, 0, net_rules(), "BTC_USDC_PERP") {}
  Qty net() const { return position(PositionSide::Both); }
};

}  // namespace

TEST_CASE("net long: a reduce-only SELL with position side BOTH, sized to the position") {
  NetFixture f;
  f.set_position(PositionSide::Both, 3, 590'000);
  f.start();
  f.long_signal();
  REQUIRE(f.count() == 1);
  const OrderCommand c = f.last();
  CHECK(c.side == Side::Sell);
  CHECK(c.position_side == PositionSide::Both);
  CHECK((c.flags & OrderCommand::kReduceOnly) != 0);
  CHECK(c.qty >= 1);
  CHECK(c.qty <= 3);
  CHECK(f.closer.side(kBtc, PositionSide::Long)->exec.state() == ExecState::Placing);
  CHECK(f.closer.side(kBtc, PositionSide::Short)->exec.state() == ExecState::Idle);
  // The SHORT side has nothing to close while the position is long: a short signal places nothing.
  f.short_signal();
  CHECK(f.count() == 1);
  // The fill reaches the LONG side (by direction) and reduces the one BOTH position.
  f.ack(c);
  f.fill(c, c.qty, 600'001);
  CHECK(f.net() == 3 - c.qty);
  CHECK(f.closer.side(kBtc, PositionSide::Long)->stats.slices_filled == 1);
  CHECK(f.closer.counters().foreign_orders == 0);
}

TEST_CASE("net short: a reduce-only BUY with BOTH; slices never exceed what is left") {
  NetFixture f;
  f.set_position(PositionSide::Both, -2, 610'000);
  f.start();
  f.long_signal();
  CHECK(f.count() == 0);  // nothing long to close
  f.short_signal();
  REQUIRE(f.count() == 1);
  const OrderCommand c = f.last();
  CHECK(c.side == Side::Buy);
  CHECK(c.position_side == PositionSide::Both);
  CHECK((c.flags & OrderCommand::kReduceOnly) != 0);
  CHECK(c.qty <= 2);
  f.ack(c);
  f.venue_end(c);  // cancelled: routed back to the SHORT side, which cools down then idles
  CHECK(f.closer.side(kBtc, PositionSide::Short)->exec.state() != ExecState::Placing);
  CHECK(f.closer.counters().foreign_orders == 0);
}

TEST_CASE("net flat: nothing is placed on either side") {
  NetFixture f;
  f.start();
  f.long_signal();
  f.short_signal();
  CHECK(f.count() == 0);
}

TEST_CASE("net symbol with protective stops enabled is refused at set-up, naming the key") {
  CloserParams p = test_params();
  p.risk.protective_stop.enabled = true;
  try {
    NetFixture f(p);
    FAIL("a net symbol with protective stops must be refused");
  } catch (const std::invalid_argument& e) {
    CHECK(std::string(e.what()).find("risk.protective_stop.enabled: false") != std::string::npos);
  }
}

TEST_CASE("net long closes to flat against the one-way fake exchange: reduce-only, never over-closed") {
  NetFixture f;
  test_support::FakeExchange venue(f.om, f.closer, kBtc, test_support::PositionMode::OneWay);
  f.set_position(PositionSide::Both, 3, 590'000);
  venue.set_position(PositionSide::Both, 3, 590'000);
  f.start();
  auto step = [&](const Event& e) {
    f.market(e);
    venue.drain(f.sink.cmds, f.now);
    venue.on_market(e, f.now);
    venue.drain(f.sink.cmds, f.now);
  };
  for (int i = 0; i < 2000 && venue.position(PositionSide::Both) != 0; ++i) {
    const Price bid = 600'000 + 2 * i;  // a market that keeps rising: resting sells trade through
    step(trade_event(bid - 1));
    step(book_event(bid, bid + 1));
    step(trade_event(bid));
    f.advance(50 * kMs);
    f.timer();
    venue.drain(f.sink.cmds, f.now);
  }
  CHECK(venue.position(PositionSide::Both) == 0);
  CHECK(f.net() == 0);
  CHECK(venue.fills > 0);
  CHECK(venue.reduce_violations == 0);
  CHECK(venue.over_close == 0);
  CHECK(venue.clipped == 0);
  CHECK(venue.book_full == 0);
  CHECK(f.closer.counters().foreign_orders == 0);
}
