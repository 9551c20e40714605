// Property test: random interleavings (reordered, duplicated, REST/WS mixed) of the venue
// events of many orders. Invariants after every event and at the end:
//   * position (per side) == Σ distinct venue fills of our orders;
//   * no order is both live and terminal; an order that became terminal stays terminal;
//   * the terminal callback fired exactly once per order that reached a terminal state;
//   * the final status is the venue's (FILLED when the venue filled it, whatever raced).
// Deterministic: fixed seeds.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "engine_fixture.hpp"

using namespace xtb;
using namespace xtb::engine;
using namespace xtb::engine::test;

namespace {

struct Scripted {
  enum Kind { Update, Ack } kind;
  OrderUpdate u;
  OrderAck a;
};

struct Truth {
  Qty filled = 0;
  OrderStatus final_status = OrderStatus::Open;
  Side side = Side::Buy;
};

/// The venue's true story of one order, as events (before shuffling).
void script_order(std::mt19937& rng, const Order& o, std::uint64_t vid, std::uint64_t& next_trade,
                  std::vector<Scripted>& ev, Truth& t) {
  std::uniform_int_distribution<int> nfills(0, 4), coin(0, 1);
  const int k = nfills(rng);
  const bool full = k > 0 && coin(rng);
  Qty cum = 0;
  Scripted s{};
  auto push_update = [&](OrderUpdate u) {
    u.venue_order_id = vid;
    s.kind = Scripted::Update;
    s.u = u;
    ev.push_back(s);
  };
  auto push_ack = [&](OrderAck a) {
    a.venue_order_id = vid;
    s.kind = Scripted::Ack;
    s.a = a;
    ev.push_back(s);
  };
  push_ack(ack(o, CommandKind::NewOrder, OrderStatus::Open));
  push_update(venue_update(o, OrderStatus::Open, 0));
  for (int i = 0; i < k; ++i) {
    const bool last_fill = full && i == k - 1;
    if (!last_fill && cum + 1 >= o.orig_qty) continue;  // partial fills stay below the size
    const Qty last = last_fill ? o.orig_qty - cum : 1;
    cum += last;
    const OrderStatus st = cum == o.orig_qty ? OrderStatus::Filled : OrderStatus::PartiallyFilled;
    push_update(venue_update(o, st, cum, last, 600'000 + static_cast<Price>(rng() % 50), next_trade++));
  }
  t.filled = cum;
  t.side = o.side;
  if (cum == o.orig_qty) {
    t.final_status = OrderStatus::Filled;
    // A REST cancel answer that raced the last fill claims CANCELED.
    if (coin(rng)) push_ack(ack(o, CommandKind::CancelOrder, OrderStatus::Canceled));
  } else {
    t.final_status = OrderStatus::Canceled;
    push_update(venue_update(o, OrderStatus::Canceled, cum));
  }
}

void run_seed(unsigned seed) {
  std::mt19937 rng(seed);
  OrderManagerConfig cfg;
  cfg.capacity = 64;
  Engine e(cfg);
  std::vector<Scripted> ev;
  std::map<std::string, Truth> truth;
  std::uint64_t next_trade = 1;
  for (int i = 0; i < 12; ++i) {
    const Side side = rng() % 2 ? Side::Buy : Side::Sell;
    const PositionSide ps = rng() % 2 ? PositionSide::Both : (side == Side::Buy ? PositionSide::Long : PositionSide::Short);
    Order& o = e.place(side, ps, 600'000, 4 + static_cast<Qty>(rng() % 5), 1000 + i);
    Truth t;
    script_order(rng, o, 5'000'000 + static_cast<std::uint64_t>(i), next_trade, ev, t);
    truth[std::string(o.client_id.view())] = t;
  }
  // Duplicate ~25% of the events, then shuffle everything.
  const std::size_t n = ev.size();
  for (std::size_t i = 0; i < n; ++i)
    if (rng() % 4 == 0) ev.push_back(ev[i]);
  std::shuffle(ev.begin(), ev.end(), rng);

  std::map<std::string, bool> was_terminal;
  std::int64_t t = 10'000;
  for (const Scripted& s : ev) {
    if (s.kind == Scripted::Update)
      e.m.on_update(s.u, rng() % 3 ? EventSource::Ws : EventSource::Rest, ++t);
    else
      e.m.on_ack(s.a, ++t);
    e.m.store().for_each([&](const Order& o) {
      const std::string id(o.client_id.view());
      REQUIRE_FALSE((o.live() && o.terminal()));
      if (was_terminal[id]) REQUIRE(o.terminal());
      was_terminal[id] = o.terminal();
      REQUIRE(o.fill_qty <= o.orig_qty);
    });
  }
  // Position per side == Σ fills the venue made on that side.
  Qty expect[3] = {0, 0, 0};
  e.m.store().for_each([&](const Order& o) {
    const Truth& tr = truth[std::string(o.client_id.view())];
    CHECK(o.fill_qty == tr.filled);
    CHECK(o.status == tr.final_status);
    CHECK(e.listener.terminal_count(o.client_id) == 1);
    expect[static_cast<int>(o.position_side)] += tr.side == Side::Buy ? tr.filled : -tr.filled;
  });
  for (PositionSide ps : {PositionSide::Both, PositionSide::Long, PositionSide::Short}) {
    const Position* p = e.positions.get(kBtc, ps);
    CHECK(p->qty == expect[static_cast<int>(ps)]);
    CHECK(p->fill_qty == expect[static_cast<int>(ps)]);
    CHECK(p->open_buy_qty == 0);
    CHECK(p->open_sell_qty == 0);
  }
  CHECK(e.listener.terminal.size() == 12);
}

}  // namespace

TEST_SUITE("engine") {

TEST_CASE("random interleavings of venue events keep the invariants") {
  for (unsigned seed = 1; seed <= 300; ++seed) {
    CAPTURE(seed);
    run_seed(seed);
  }
}

}  // TEST_SUITE
