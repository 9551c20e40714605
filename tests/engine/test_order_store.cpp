// Order store: both indexes, recycling of terminal orders, capacity exhaustion,
// index rebuilds under churn; client order id allocation.
#include <doctest/doctest.h>

#include <stdexcept>
#include <string>

#include "venue/binance/client_order_id.hpp"
#include "engine/order_id_allocator.hpp"
#include "engine/order_store.hpp"
#include "engine_fixture.hpp"

using namespace xtb;
using namespace xtb::engine;
using namespace xtb::engine::test;

namespace {

Order& make(OrderStore& s, const std::string& id) {
  auto r = s.create(cid(id));
  REQUIRE(r.order != nullptr);
  r.order->status = OrderStatus::Open;
  return *r.order;
}

void finish(OrderStore& s, Order& o) {
  o.status = OrderStatus::Filled;
  s.retire(o);
}

}  // namespace

TEST_SUITE("engine") {

TEST_CASE("lookup by client id and by venue id") {
  OrderStore s(8);
  Order& a = make(s, "xtb-r1-1");
  Order& b = make(s, "xtb-r1-2");
  CHECK(s.find(cid("xtb-r1-1")) == &a);
  CHECK(s.find(cid("xtb-r1-2")) == &b);
  CHECK(s.find(cid("xtb-r1-3")) == nullptr);
  s.bind_venue_id(a, 777);
  CHECK(s.find_by_venue_id(777) == &a);
  CHECK(s.find_by_venue_id(0) == nullptr);
  s.bind_venue_id(a, 778);  // re-bound: the old id no longer resolves
  CHECK(s.find_by_venue_id(777) == nullptr);
  CHECK(s.find_by_venue_id(778) == &a);
  s.bind_venue_id(b, 778);  // a venue id claimed twice: the first holder keeps it
  CHECK(s.find_by_venue_id(778) == &a);
}

TEST_CASE("duplicate and empty ids are refused") {
  OrderStore s(4);
  make(s, "x-1-1");
  CHECK(s.create(cid("x-1-1")).error == StoreError::Duplicate);
  CHECK(s.create(ClientOrderId{}).error == StoreError::BadId);
  CHECK(s.stats().duplicate_rejects == 1);
}

TEST_CASE("capacity exhaustion is an error, not a crash; retired slots are recycled") {
  OrderStore s(4);
  Order* o[4];
  for (int i = 0; i < 4; ++i) o[i] = &make(s, "x-1-" + std::to_string(i));
  CHECK_FALSE(s.can_create());
  CHECK(s.create(cid("x-1-9")).error == StoreError::Full);
  CHECK(s.stats().full_rejects == 1);
  // A live order cannot be retired.
  s.retire(*o[1]);
  CHECK_FALSE(s.can_create());
  finish(s, *o[2]);
  finish(s, *o[0]);
  CHECK(s.can_create());
  // The oldest retired slot (o[2]) is reused first; its id disappears from both indexes.
  s.bind_venue_id(*o[2], 42);
  const ClientOrderId old2 = o[2]->client_id;
  Order& n = make(s, "x-1-10");
  CHECK(&n == o[2]);
  CHECK(s.find(old2) == nullptr);
  CHECK(s.find_by_venue_id(42) == nullptr);
  CHECK(s.find(cid("x-1-0")) == o[0]);  // retired but not yet reused: still findable
  CHECK(s.stats().recycled == 1);
  CHECK(s.live_count() == 3);
}

TEST_CASE("heavy churn keeps both indexes consistent (tombstone rebuilds)") {
  OrderStore s(32);
  std::uint64_t next = 1;
  std::vector<Order*> live;
  for (int round = 0; round < 2000; ++round) {
    if (!s.can_create()) {
      // retire the oldest live order
      finish(s, *live.front());
      live.erase(live.begin());
    }
    Order& o = make(s, "xtb-r1-" + std::to_string(next));
    s.bind_venue_id(o, 1'000'000 + next);
    live.push_back(&o);
    ++next;
    if (round % 3 == 0 && live.size() > 4) {
      finish(s, *live[2]);
      live.erase(live.begin() + 2);
    }
  }
  CHECK(s.stats().rehashes > 0);
  for (Order* o : live) {
    CHECK(s.find(o->client_id) == o);
    CHECK(s.find_by_venue_id(o->venue_order_id) == o);
  }
  CHECK(s.size() <= s.capacity());
}

TEST_CASE("OrderIdAllocator formats <prefix>-<run_id>-<seq> and knows ownership") {
  OrderIdAllocator ids("xtb", "k3f9");
  const ClientOrderId a = ids.next();
  const ClientOrderId b = ids.next();
  CHECK(a.view() == "xtb-k3f9-1");
  CHECK(b.view() == "xtb-k3f9-2");
  CHECK(binance::is_valid_client_order_id(a.view()));
  CHECK(ids.owns("xtb-zzz-5"));
  CHECK_FALSE(ids.owns("xtbx-k3f9-1"));
  CHECK_FALSE(ids.owns("web_abc123"));
  CHECK(ids.this_run("xtb-k3f9-77"));
  CHECK_FALSE(ids.this_run("xtb-old-77"));
  CHECK(ids.seq_of("xtb-k3f9-77") == 77);
  CHECK(ids.seq_of("xtb-k3f9-7x") == 0);
  ids.advance_past(100);
  CHECK(ids.next().view() == "xtb-k3f9-101");
  CHECK_THROWS_AS(OrderIdAllocator("bad-prefix", "r"), std::invalid_argument);
  CHECK_THROWS_AS(OrderIdAllocator("p", "run_1"), std::invalid_argument);
  CHECK_THROWS_AS(OrderIdAllocator("", "r"), std::invalid_argument);
}

TEST_CASE("OrderIdAllocator reports exhaustion instead of emitting a >36 char id") {
  OrderIdAllocator ids("prefix_sixteen__", "runid1234567", 999'999);
  CHECK(ids.next().view().size() == 36);
  CHECK(ids.next().empty());  // 1'000'000 needs 37 characters
}

}  // TEST_SUITE
