// journal_test_util.hpp — shared helpers of the journal tests (test_journal*.cpp):
// temp files, a scripted trading session and a state comparison.
#pragma once
#include <doctest/doctest.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "engine/journal.hpp"
#include "engine/recovery.hpp"
#include "engine_fixture.hpp"

namespace xtb::engine::test::journal {

using namespace xtb;
using namespace xtb::engine;
using namespace xtb::engine::test;


constexpr std::int64_t kSec = 1'000'000'000;

inline std::string temp_path(const char* name) {
  return (std::filesystem::temp_directory_path() /
          (std::string("xtb_engine_test_") + name + "_" + std::to_string(::getpid()) + ".journal"))
      .string();
}

inline std::vector<std::uint8_t> slurp(const std::string& p) {
  std::ifstream f(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

inline void spit(const std::string& p, const std::vector<std::uint8_t>& b) {
  std::ofstream f(p, std::ios::binary | std::ios::trunc);
  f.write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
}

/// A trading session: three orders in different states, fills on two sides, a venue
/// position report. Returns the number of records the manager journaled.
inline void trade(OrderManager& m, std::int64_t t0) {
  OrderCommand a = new_order(kBtc, Side::Buy, PositionSide::Long, 600'000, 10);
  Order& oa = *m.place(a, 0, t0).order;
  m.on_ack(ack(oa, CommandKind::NewOrder, OrderStatus::Open), t0 + 1);
  m.on_update(venue_update(oa, OrderStatus::PartiallyFilled, 4, 4, 600'000, 1, 240'000), EventSource::Ws, t0 + 2);
  OrderCommand b = new_order(kBtc, Side::Sell, PositionSide::Short, 610'000, 5);
  Order& ob = *m.place(b, 0, t0 + 3).order;
  OrderUpdate ub = venue_update(ob, OrderStatus::Filled, 5, 5, 610'000, 2, 120'000);
  ub.venue_order_id = 9001;
  m.on_update(ub, EventSource::Ws, t0 + 4);
  OrderCommand c = new_order(kBtc, Side::Buy, PositionSide::Long, 590'000, 3);
  m.place(c, 0, t0 + 5);  // intent journaled, no answer yet (crash "during send")
  AccountUpdate au{};
  au.n_positions = 2;
  au.positions[0] = {kBtc, PositionSide::Long, {}, 4, 600'000, 0, 0};
  au.positions[1] = {kBtc, PositionSide::Short, {}, -5, 610'000, 0, 0};
  m.on_account(au, t0 + 6);
}

struct Fresh {
  SymbolRulesTable rules{4};
  PositionBook positions{Engine::init_rules(rules)};
  RiskGate risk{RiskLimits{}, rules};
  OrderIdAllocator ids{"xtb", "r1"};
  OrderManager m{Engine::small_cfg(), ids, positions, risk, nullptr, nullptr};
};

inline void check_same_state(OrderManager& a, OrderManager& b) {
  a.store().for_each([&](const Order& o) {
    const Order* r = b.store().find(o.client_id);
    REQUIRE(r != nullptr);
    CHECK(r->status == o.status);
    CHECK(r->cum_qty == o.cum_qty);
    CHECK(r->fill_qty == o.fill_qty);
    CHECK(r->venue_order_id == o.venue_order_id);
    CHECK(r->fees == o.fees);
  });
  CHECK(a.store().size() == b.store().size());
  for (PositionSide ps : {PositionSide::Both, PositionSide::Long, PositionSide::Short}) {
    const Position* p = a.positions().get(kBtc, ps);
    const Position* q = b.positions().get(kBtc, ps);
    CHECK(p->qty == q->qty);
    CHECK((p->cost == q->cost));
    CHECK(p->fees == q->fees);
    CHECK(p->open_buy_qty == q->open_buy_qty);
    CHECK(p->open_sell_qty == q->open_sell_qty);
    CHECK(p->venue_qty == q->venue_qty);
  }
}


}  // namespace xtb::engine::test::journal
