// test_signals.cpp — each signal condition (and its boundaries), the throttle, and the
// market view: prev/last trade, crossed books, staleness, mark price, return window.
#include <doctest/doctest.h>

#include <string>

#include "strategy/market_view.hpp"
#include "strategy/signals.hpp"

using namespace xtb;
using namespace xtb::strategy;

TEST_CASE("long_primary: last > prev and bid >= last") {
  CHECK(long_exit_signal(101, 100, 101) == SignalReason::LongPrimary);  // bid == last
  CHECK(long_exit_signal(101, 100, 102) == SignalReason::LongPrimary);
  CHECK(long_exit_signal(101, 100, 100) == SignalReason::None);         // bid below last
  CHECK(long_exit_signal(100, 100, 100) == SignalReason::None);         // no up-tick, bid == prev
}

TEST_CASE("long_bid_improve: not primary, bid >= last and bid > prev") {
  CHECK(long_exit_signal(99, 100, 101) == SignalReason::LongBidImprove);   // down-tick, bid above both
  CHECK(long_exit_signal(100, 100, 101) == SignalReason::LongBidImprove);  // flat tick
  CHECK(long_exit_signal(99, 100, 100) == SignalReason::None);             // bid == prev: no improvement
  CHECK(long_exit_signal(99, 100, 98) == SignalReason::None);
  CHECK(long_exit_signal(0, 100, 101) == SignalReason::None);
}

TEST_CASE("short_primary: last < prev and ask <= last") {
  CHECK(short_exit_signal(99, 100, 99) == SignalReason::ShortPrimary);
  CHECK(short_exit_signal(99, 100, 98) == SignalReason::ShortPrimary);
  CHECK(short_exit_signal(99, 100, 100) == SignalReason::None);
  CHECK(short_exit_signal(100, 100, 100) == SignalReason::None);
}

TEST_CASE("short_ask_improve: not primary, ask <= last and ask < prev") {
  CHECK(short_exit_signal(101, 100, 99) == SignalReason::ShortAskImprove);
  CHECK(short_exit_signal(100, 100, 99) == SignalReason::ShortAskImprove);
  CHECK(short_exit_signal(101, 100, 100) == SignalReason::None);  // ask == prev
  CHECK(short_exit_signal(101, 100, 102) == SignalReason::None);
}

TEST_CASE("reason names are the seed's") {
  CHECK(std::string(to_string(SignalReason::LongPrimary)) == "long_primary");
  CHECK(std::string(to_string(SignalReason::LongBidImprove)) == "long_bid_improve");
  CHECK(std::string(to_string(SignalReason::ShortPrimary)) == "short_primary");
  CHECK(std::string(to_string(SignalReason::ShortAskImprove)) == "short_ask_improve");
}

TEST_CASE("throttle allows one acted-on signal per interval") {
  SignalThrottle t;
  CHECK(t.allows(0, 200));
  t.mark(1000);
  CHECK_FALSE(t.allows(1199, 200));
  CHECK(t.allows(1200, 200));
}

namespace {
Event ev_book(Price b, Price a) {
  Event e{};
  e.h.type = EventType::BestBidOffer;
  e.bbo.bid_px = b;
  e.bbo.ask_px = a;
  return e;
}
Event ev_trade(Price p) {
  Event e{};
  e.h.type = EventType::Trade;
  e.trade.px = p;
  return e;
}
Event ev_mark(Price p) {
  Event e{};
  e.h.type = EventType::MarkPrice;
  e.mark_price.mark_px = p;
  return e;
}
}  // namespace

TEST_CASE("market view: ready after book and two trades; prev follows last") {
  MarketView m;
  CHECK(m.apply(ev_book(100, 102), 1));
  CHECK(m.apply(ev_trade(101), 2));
  CHECK_FALSE(m.ready());
  CHECK(exit_signal(PositionSide::Long, m) == SignalReason::None);
  CHECK(m.apply(ev_trade(102), 3));
  CHECK(m.ready());
  CHECK(m.prev_trade_px == 101);
  CHECK(m.last_trade_px == 102);
  CHECK(exit_signal(PositionSide::Short, m) == SignalReason::None);
  CHECK(m.apply(ev_book(102, 103), 4));
  CHECK(exit_signal(PositionSide::Long, m) == SignalReason::LongPrimary);
  // a crossed or empty book is ignored and counted
  CHECK_FALSE(m.apply(ev_book(105, 104), 5));
  CHECK_FALSE(m.apply(ev_book(0, 104), 5));
  CHECK(m.bid_px == 102);
  CHECK(m.crossed_books == 2);
}

TEST_CASE("market view: mark price never refreshes staleness") {
  MarketView m;
  CHECK(m.stale(0, 1000));  // nothing seen yet
  m.apply(ev_book(100, 101), 1'000);
  CHECK_FALSE(m.stale(1'900, 1000));
  CHECK_FALSE(m.apply(ev_mark(100), 2'500));
  CHECK(m.mark_px == 100);
  CHECK(m.stale(2'500, 1000));
  CHECK(m.reference_px() == 100);  // mark first
  m.apply(ev_trade(100), 2'600);
  CHECK_FALSE(m.stale(2'600, 1000));
}

TEST_CASE("return window: reference is the oldest sample inside the window") {
  ReturnWindow w;
  const std::int64_t s = 1'000'000'000;  // 1 s window → 31.25 ms sampling
  w.configure(s);
  std::int64_t r = 0;
  CHECK_FALSE(w.ret_e8(0, r));
  w.on_price(1000, 0);
  w.on_price(1010, 10'000'000);   // same sampling interval: last price only
  CHECK(w.ret_e8(10'000'000, r));
  CHECK(r == 1'000'000);          // 1010/1000 − 1 = 1%
  w.on_price(1020, 500'000'000);
  w.on_price(990, 1'200'000'000);  // the 0 s sample left the window
  CHECK(w.ret_e8(1'200'000'000, r));
  CHECK(r == (990LL - 1020) * 100'000'000 / 1020);
  CHECK_FALSE(w.ret_e8(3'000'000'000, r));  // nothing inside the window any more
}
