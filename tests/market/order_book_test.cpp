// order_book_test.cpp — fixed-capacity L2 book (market/order_book.hpp), checked against a
// std::map reference model on random updates.
#include <doctest/doctest.h>

#include <functional>
#include <map>
#include <random>

#include "market/order_book.hpp"

using namespace xtb;

TEST_CASE("levels insert, update and delete; best is at the top") {
  OrderBook b(0, 16);
  CHECK(b.apply(Side::Buy, 100, 5) == LevelChange::Inserted);
  CHECK(b.apply(Side::Buy, 102, 1) == LevelChange::Inserted);
  CHECK(b.apply(Side::Buy, 101, 2) == LevelChange::Inserted);
  CHECK(b.apply(Side::Sell, 105, 3) == LevelChange::Inserted);
  CHECK(b.apply(Side::Sell, 103, 4) == LevelChange::Inserted);
  PriceLevel bb{}, ba{};
  REQUIRE(b.best_bid(bb));
  REQUIRE(b.best_ask(ba));
  CHECK(bb.px == 102);
  CHECK(ba.px == 103);
  CHECK(b.spread() == 1);
  CHECK(b.bids().at_depth(1).px == 101);
  CHECK(b.bids().at_depth(2).px == 100);
  CHECK(b.asks().at_depth(1).px == 105);
  CHECK(b.apply(Side::Buy, 101, 9) == LevelChange::Updated);
  CHECK(b.bids().qty_at(101) == 9);
  CHECK(b.apply(Side::Buy, 102, 0) == LevelChange::Deleted);
  CHECK(b.apply(Side::Buy, 99, 0) == LevelChange::Absent);
  CHECK(b.apply(Side::Buy, 98, -1) == LevelChange::Invalid);
  REQUIRE(b.best_bid(bb));
  CHECK(bb.px == 101);
  CHECK(b.bids().qty_through(100) == 14);  // 101:9 + 100:5
  CHECK(b.asks().qty_through(104) == 4);
  PriceLevel top[4];
  CHECK(b.asks().top(top, 4) == 2);
  CHECK(top[0].px == 103);
  CHECK(top[1].px == 105);
  CHECK_FALSE(b.crossed());
  b.apply(Side::Buy, 103, 1);
  CHECK(b.crossed());
  b.clear();
  CHECK(b.bids().empty());
  CHECK_FALSE(b.best_ask(ba));
  CHECK(b.stats().invalid == 1);
}

TEST_CASE("a full side evicts its worst level or drops a worse one") {
  OrderBook b(0, 3);
  for (Price p : {100, 101, 102}) b.apply(Side::Sell, p, 1);
  CHECK(b.apply(Side::Sell, 110, 1) == LevelChange::Dropped);  // worse than all asks
  CHECK(b.apply(Side::Sell, 99, 1) == LevelChange::Evicted);   // better: 102 goes
  CHECK(b.asks().size() == 3);
  CHECK(b.asks().qty_at(102) == 0);
  CHECK(b.asks().best().px == 99);
  CHECK(b.asks().at_depth(2).px == 101);
  for (Price p : {10, 11, 12}) b.apply(Side::Buy, p, 1);
  CHECK(b.apply(Side::Buy, 9, 1) == LevelChange::Dropped);
  CHECK(b.apply(Side::Buy, 11, 5) == LevelChange::Updated);  // existing level never evicts
  CHECK(b.apply(Side::Buy, 13, 1) == LevelChange::Evicted);
  CHECK(b.bids().at_depth(2).px == 11);
  CHECK(b.stats().dropped == 2);
  CHECK(b.stats().evicted == 2);
}

TEST_CASE("random updates match a std::map reference") {
  std::mt19937_64 rng(7);
  OrderBook b(0, 4096);
  std::map<Price, Qty, std::greater<>> bids;
  std::map<Price, Qty> asks;
  for (int i = 0; i < 200000; ++i) {
    const bool bid = rng() & 1;
    // Cluster around the top like real diffs, with occasional far levels.
    const Price px = (rng() % 16 == 0) ? static_cast<Price>(rng() % 20000) : 10000 + (bid ? -1 : 1) * static_cast<Price>(rng() % 64);
    const Qty q = (rng() % 3 == 0) ? 0 : static_cast<Qty>(rng() % 1000 + 1);
    b.apply(bid ? Side::Buy : Side::Sell, px, q);
    if (bid) { if (q) bids[px] = q; else bids.erase(px); }
    else { if (q) asks[px] = q; else asks.erase(px); }
  }
  REQUIRE(b.bids().size() == bids.size());
  REQUIRE(b.asks().size() == asks.size());
  std::size_t d = 0;
  for (auto [px, q] : bids) {
    CHECK(b.bids().at_depth(d).px == px);
    CHECK(b.bids().at_depth(d).qty == q);
    ++d;
  }
  d = 0;
  for (auto [px, q] : asks) {
    CHECK(b.asks().at_depth(d).px == px);
    CHECK(b.asks().at_depth(d).qty == q);
    ++d;
  }
}

TEST_CASE("apply_chunk applies bids then asks of a DepthUpdate") {
  OrderBook b(3, 16);
  DepthUpdate d{};
  d.n_bids = 2;
  d.n_asks = 1;
  d.levels[0] = {100, 1};
  d.levels[1] = {99, 2};
  d.levels[2] = {101, 3};
  b.apply_chunk(d);
  CHECK(b.bids().size() == 2);
  CHECK(b.asks().size() == 1);
  CHECK(b.asks().best().qty == 3);
  CHECK(b.stats().levels_applied == 3);
}
