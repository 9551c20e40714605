// Taking liquidity from the replayed book: levels walked with one fill per level, partial
// fills, IOC / market remainders expired, the composite book (a fresher bookTicker hides
// deeper stale levels), maker/taker fees, the report sequence, ACK vs RESULT answers,
// cancel, cancel-all and batches.
#include <doctest/doctest.h>

#include "sim_test_util.hpp"
#include "venue/binance/sim/sim_errors.hpp"

using namespace xtb;
using namespace xtb::sim;
using namespace xtb::sim::binance_usdm;
using namespace xtb::sim::test;

TEST_SUITE("sim-exchange") {

TEST_CASE("a marketable limit walks the levels; reports NEW, one TRADE per level, then rests") {
  SimVenue v;
  v.standard_book();
  NewOrderRequest r = limit("BUY", "2.000", "60000.2", "GTC", "walk-1");
  r.new_order_resp_type = "RESULT";
  const OrderResult res = new_order(*v.x, r, 2000);
  REQUIRE(res.ok());
  CHECK(v.rec.exec_trace() == "NEW,TRADE,TRADE");
  REQUIRE(v.rec.orders.size() == 3);
  const OrderUpdateReport& t1 = v.rec.orders[1];
  CHECK(t1.last_px == px(60000.1));
  CHECK(t1.last_qty == qty(1));
  CHECK(t1.order.status == SimStatus::PartiallyFilled);
  CHECK_FALSE(t1.maker);
  const OrderUpdateReport& t2 = v.rec.orders[2];
  CHECK(t2.last_px == px(60000.2));
  CHECK(t2.last_qty == qty(1));
  CHECK(t2.order.status == SimStatus::Filled);
  CHECK(t2.trade_id == t1.trade_id + 1);
  // Taker fee 0.05 % of each fill's notional.
  CHECK(t1.commission == 3'000'005'000);  // 60000.1 × 0.0005 = 30.00005 USDT
  CHECK(t2.commission == 3'000'010'000);
  CHECK(res.order.status == SimStatus::Filled);
  CHECK(res.order.filled == qty(2));
  CHECK(v.rec.accounts.size() == 2);  // one ACCOUNT_UPDATE per fill
  CHECK(v.rec.accounts[1].positions[0].amount == qty(2));
  CHECK(v.x->ledger().size() == 2);
  CHECK(v.x->open_order_count() == 0);
}

TEST_CASE("a partially marketable GTC limit rests the remainder; ACK answers the accepted state") {
  SimVenue v;
  v.standard_book();
  const OrderResult res = new_order(*v.x, limit("BUY", "1.500", "60000.1", "GTC", "rest-1"), 2000);
  REQUIRE(res.ok());
  CHECK(res.order.status == SimStatus::New);  // ACK: as accepted
  CHECK(res.order.filled == 0);
  CHECK(v.rec.exec_trace() == "NEW,TRADE");
  const OrderResult q = query_order(*v.x, CancelRequest{"BTCUSDT", {}, "rest-1"});
  REQUIRE(q.ok());
  CHECK(q.order.status == SimStatus::PartiallyFilled);
  CHECK(q.order.filled == qty(1));
  CHECK(q.order.queue_ahead == 0);  // it now is the best bid, alone at its price
  CHECK(v.x->open_order_count() == 1);
}

TEST_CASE("IOC and MARKET: unfilled remainder EXPIRED") {
  ExchangeConfig cfg;
  cfg.wallet = 1'000'000 * kAmountScale;
  SimVenue v(cfg);
  v.standard_book();
  NewOrderRequest ioc = limit("SELL", "4.000", "59999.9", "IOC");
  ioc.new_order_resp_type = "RESULT";
  const OrderResult r = new_order(*v.x, ioc, 2000);
  REQUIRE(r.ok());
  CHECK(v.rec.exec_trace() == "NEW,TRADE,TRADE,EXPIRED");
  CHECK(r.order.status == SimStatus::Expired);
  CHECK(r.order.filled == qty(3));  // 1 @ 60000.0 + 2 @ 59999.9; 59999.8 is beyond the limit
  v.rec.clear();
  NewOrderRequest mk = market("BUY", "7.000");
  mk.new_order_resp_type = "RESULT";
  const OrderResult m = new_order(*v.x, mk, 2100);
  REQUIRE(m.ok());
  CHECK(v.rec.exec_trace() == "NEW,TRADE,TRADE,TRADE,EXPIRED");  // the book holds 6 BTC of asks
  CHECK(m.order.filled == qty(6));
  CHECK(m.order.status == SimStatus::Expired);
}

TEST_CASE("our fills do not consume the replayed book") {
  SimVenue v;
  v.standard_book();
  REQUIRE(v.code(market("BUY", "1.000")) == 0);
  REQUIRE(v.code(market("BUY", "1.000")) == 0);
  REQUIRE(v.x->ledger().size() == 2);
  CHECK(v.x->ledger().rows()[0].px == px(60000.1));
  CHECK(v.x->ledger().rows()[1].px == px(60000.1));  // the same replayed level again
}

TEST_CASE("composite book: a fresher bookTicker replaces the stale top of the depth book") {
  SimVenue v;
  v.standard_book();
  // The ticker says the ask moved up to 60000.2 (60000.1 was taken) with 0.5 left.
  v.m->ticker(px(60000.0), qty(1), px(60000.2), qty(0.5), 1500);
  NewOrderRequest r = limit("BUY", "1.000", "60000.3", "IOC");
  REQUIRE(v.code(r) == 0);
  REQUIRE(v.x->ledger().size() == 2);
  CHECK(v.x->ledger().rows()[0].px == px(60000.2));
  CHECK(v.x->ledger().rows()[0].qty == qty(0.5));  // the ticker's quantity at its price
  CHECK(v.x->ledger().rows()[1].px == px(60000.3));  // then the book below the ticker level
  CHECK(v.x->ledger().rows()[1].qty == qty(0.5));
  // A later depth diff supersedes the ticker.
  v.m->diff({}, {{px(60000.1), qty(4)}}, 1600);
  REQUIRE(v.code(limit("BUY", "1.000", "60000.1", "IOC")) == 0);
  CHECK(v.x->ledger().rows().back().px == px(60000.1));
}

TEST_CASE("maker fee on resting fills, taker fee on aggressive ones; realized PnL") {
  SimVenue v;
  v.standard_book();
  REQUIRE(v.code(limit("BUY", "1.000", "59990.0", "GTC", "mk")) == 0);
  v.m->trade(px(59980.0), qty(2), true, 2100);  // prints through our bid → maker fill
  REQUIRE(v.x->ledger().size() == 1);
  const FillRecord& f = v.x->ledger().rows()[0];
  CHECK(f.maker);
  CHECK(f.px == px(59990.0));
  CHECK(f.fee == 1'199'800'000);  // 59990 × 0.0002 = 11.998
  REQUIRE(v.code(market("SELL", "1.000")) == 0);  // closes at the best bid 60000.0
  const FillRecord& g = v.x->ledger().rows()[1];
  CHECK_FALSE(g.maker);
  CHECK(g.fee == 3'000'000'000);  // 60000 × 0.0005 = 30
  CHECK(g.realized_pnl == 1'000 * kAmountScale / 100);  // +10 USDT
  CHECK(v.x->account().wallet() == 10'000 * kAmountScale + 1'000'000'000 - 1'199'800'000 - 3'000'000'000);
}

TEST_CASE("cancel, cancel-all and batch orders") {
  SimVenue v;
  v.standard_book();
  std::vector<NewOrderRequest> batch = {limit("BUY", "0.010", "59000.0", "GTC", "b1"),
                                        limit("BUY", "0.010", "59000.0", "GTX", "b2"),
                                        limit("BUY", "0.010", "60000.1", "GTX", "b3"),  // would cross
                                        limit("SELL", "0.010", "61000.0", "GTC", "b4")};
  std::vector<OrderResult> out(batch.size());
  REQUIRE(new_orders(*v.x, batch.data(), batch.size(), 2000, out.data()).ok());
  CHECK(out[0].ok());
  CHECK(out[1].ok());
  CHECK(venue_error(out[2].error).code == -5022);
  CHECK(out[3].ok());
  CHECK(out[1].order.order_id == out[0].order.order_id + 1);
  CHECK(v.x->open_order_count() == 3);
  const OrderResult c = cancel_order(*v.x, CancelRequest{"BTCUSDT", std::to_string(out[0].order.order_id), {}}, 2100);
  REQUIRE(c.ok());
  CHECK(c.order.status == SimStatus::Canceled);
  CHECK(venue_error(cancel_order(*v.x, CancelRequest{"BTCUSDT", {}, "b1"}, 2100).error).code ==
        -2011);  // already closed
  const OrderResult hist = query_order(*v.x, CancelRequest{"BTCUSDT", {}, "b1"});
  REQUIRE(hist.ok());
  CHECK(hist.order.status == SimStatus::Canceled);
  v.rec.clear();
  CHECK(v.x->cancel_all(v.btc, 2200).ok());
  CHECK(v.rec.exec_trace() == "CANCELED,CANCELED");
  CHECK(v.rec.orders[0].order.spec.client_id.view() == "b2");  // oldest first
  CHECK(v.x->open_order_count() == 0);
  std::vector<CancelRequest> cancels = {{"BTCUSDT", {}, "b4"}, {"BTCUSDT", "99", {}}};
  std::vector<OrderResult> cout(2);
  REQUIRE(cancel_orders(*v.x, cancels.data(), cancels.size(), 2300, cout.data()).ok());
  CHECK(venue_error(cout[0].error).code == -2011);
  CHECK(venue_error(cout[1].error).code == -2011);
}

TEST_CASE("generated client ids, order ids and the user stream's open-order notionals") {
  SimVenue v;
  v.standard_book();
  const OrderResult a = new_order(*v.x, limit("BUY", "0.010", "59000.0"), 2000);
  REQUIRE(a.ok());
  CHECK(a.order.order_id == v.x->config().first_order_id);
  CHECK(a.order.spec.client_id.view() == "sim_" + std::to_string(a.order.order_id));
  REQUIRE(v.code(limit("SELL", "0.020", "61000.0")) == 0);
  const OrderUpdateReport& last = v.rec.orders.back();
  CHECK(last.exec == ExecType::New);
  CHECK(last.bids_notional == 590 * kAmountScale);   // 0.010 × 59000
  CHECK(last.asks_notional == 1220 * kAmountScale);  // 0.020 × 61000
}

}  // TEST_SUITE
