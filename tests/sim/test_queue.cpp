// Queue-position model of resting orders (queue_model.hpp), step by step on synthetic
// replayed events: volume ahead at placement, at-price trades consuming the queue,
// cancellations shrinking it proportionally, trades through the price, shared trade
// volume among our own orders, and no fill without a printed trade.
#include <doctest/doctest.h>

#include "sim/core/queue_model.hpp"
#include "sim_test_util.hpp"

using namespace xtb;
using namespace xtb::sim;
using namespace xtb::sim::binance_usdm;
using namespace xtb::sim::test;

namespace {
SimOrder order_state(SimVenue& v, std::string_view cid) {
  const OrderResult q = query_order(*v.x, CancelRequest{"BTCUSDT", {}, cid});
  REQUIRE(q.ok());
  return q.order;
}
}  // namespace

TEST_SUITE("sim-exchange") {

TEST_CASE("queue: placed behind the level, advanced by trades and cancels, filled by trades") {
  SimVenue v;
  v.standard_book();  // best bid 60000.0 × 1 BTC
  REQUIRE(v.code(limit("BUY", "0.500", "60000.0", "GTC", "q")) == 0);
  CHECK(order_state(v, "q").queue_ahead == qty(1));

  v.m->trade(px(60000.0), qty(0.3), /*seller_aggressor=*/true, 2100);  // eats the front of the queue
  SimOrder o = order_state(v, "q");
  CHECK(o.queue_ahead == qty(0.7));
  CHECK(o.filled == 0);

  v.m->diff({{px(60000.0), qty(0.5)}}, {}, 2200);  // 0.7 expected, 0.5 seen: 0.2 cancelled
  o = order_state(v, "q");
  CHECK(o.queue_ahead == qty(0.5));  // 0.7 × (1 − 0.2 / 0.7)

  v.m->trade(px(60000.0), qty(0.7), true, 2300);  // 0.5 ahead, then 0.2 for us
  o = order_state(v, "q");
  CHECK(o.queue_ahead == 0);
  CHECK(o.filled == qty(0.2));
  CHECK(o.status == SimStatus::PartiallyFilled);
  REQUIRE(v.x->ledger().size() == 1);
  CHECK(v.x->ledger().rows()[0].maker);
  CHECK(v.x->ledger().rows()[0].px == px(60000.0));

  v.m->trade(px(60000.0), qty(1), /*seller_aggressor=*/false, 2400);  // buyer aggressed: not against us
  CHECK(order_state(v, "q").filled == qty(0.2));

  v.m->trade(px(59999.5), qty(0.1), true, 2500);  // through our price: fills up to its size
  CHECK(order_state(v, "q").filled == qty(0.3));

  v.m->trade(px(59999.0), qty(5), true, 2600);
  const OrderResult done = query_order(*v.x, CancelRequest{"BTCUSDT", {}, "q"});
  REQUIRE(done.ok());
  CHECK(done.order.status == SimStatus::Filled);
  CHECK(done.order.filled == qty(0.5));
  CHECK(v.x->open_order_count() == 0);
}

TEST_CASE("queue: our orders share one trade in price-time priority") {
  SimVenue v;
  v.standard_book();
  REQUIRE(v.code(limit("BUY", "0.200", "60000.0", "GTC", "A")) == 0);
  REQUIRE(v.code(limit("BUY", "0.200", "60000.0", "GTC", "B")) == 0);
  v.m->trade(px(60000.0), qty(1.3), true, 2100);  // 1.0 market ahead, A 0.2, then B gets 0.1
  CHECK(order_state(v, "A").status == SimStatus::Filled);  // retired → from history
  CHECK(order_state(v, "B").filled == qty(0.1));

  // Asks: E at 60000.2 is through a trade at 60000.3 and fills first; D waits in its queue.
  REQUIRE(v.code(limit("SELL", "0.100", "60000.3", "GTC", "D")) == 0);
  REQUIRE(v.code(limit("SELL", "0.100", "60000.2", "GTC", "E")) == 0);
  v.m->trade(px(60000.3), qty(2.5), false, 2200);
  CHECK(order_state(v, "E").status == SimStatus::Filled);
  const SimOrder d = order_state(v, "D");
  CHECK(d.filled == 0);
  CHECK(d.queue_ahead == qty(3) - qty(2.4));  // 2.5 printed, 0.1 of it went to E
}

TEST_CASE("queue: a new best level starts at the front; a crossing book without a trade fills nothing") {
  SimVenue v;
  v.m->book({{px(59990.0), qty(1)}}, {{px(60010.0), qty(1)}}, 1000);
  REQUIRE(v.code(limit("BUY", "0.100", "60000.0", "GTC", "front")) == 0);
  CHECK(order_state(v, "front").queue_ahead == 0);
  v.m->diff({}, {{px(59995.0), qty(2)}}, 1100);  // a replayed ask below our bid, no trade printed
  CHECK(order_state(v, "front").filled == 0);
  v.m->trade(px(60000.0), qty(0.05), true, 1200);
  CHECK(order_state(v, "front").filled == qty(0.05));
}

TEST_CASE("queue_model functions") {
  SimOrder o;
  o.spec.qty = 10;
  queue_on_rest(o, 30);
  CHECK(o.queue_ahead == 30);
  queue_on_level(o, 40);  // joiners behind us
  CHECK(o.queue_ahead == 30);
  CHECK(o.level_seen == 40);
  queue_on_level(o, 20);  // 20 of 40 cancelled → half of the queue ahead goes
  CHECK(o.queue_ahead == 15);
  queue_on_level(o, 5);  // 15 of 20 cancelled: ⌊15 × 15 / 20⌋ = 11 of the 15 ahead go
  CHECK(o.queue_ahead == 4);
  queue_on_level(o, 2);  // never more ahead than the level holds
  CHECK(o.queue_ahead == 2);
  Qty avail = 8;
  CHECK(queue_on_trade(o, false, avail) == 6);  // 2 ahead, 6 for us
  CHECK(avail == 2);
  CHECK(o.queue_ahead == 0);
  avail = 100;
  o.filled = 6;
  CHECK(queue_on_trade(o, true, avail) == 4);  // through: the remaining 4
  CHECK(avail == 96);
}

}  // TEST_SUITE
