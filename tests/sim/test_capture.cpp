// The exchange core on the real BTCUSDT capture (hftbacktest, 2024-08-08, 5.7 min):
// a hedge-mode maker strategy quotes GTX orders at the touch, cancels stale ones and
// closes its positions with market orders. Checks: every record decodes, the replayed
// book stays in sync, the mark price is published once per second, every maker fill is
// caused by a printed trade at or through the order's price (with the aggressor on the
// other side when at the price), and two runs give byte-identical ledgers and states.
#include <doctest/doctest.h>

#include <chrono>
#include <charconv>
#include <memory>

#include "core/alloc_guard.hpp"
#include "sim/capture.hpp"
#include "sim_test_util.hpp"
#include "venue/binance/sim/capture_feed.hpp"
#include "venue/binance/sim/state_dump.hpp"
#include "venue/binance/venue_id.hpp"

using namespace xtb;
using namespace xtb::sim;
using namespace xtb::sim::binance_usdm;
using namespace xtb::sim::test;

namespace {

struct RunResult {
  std::string ledger, state;
  std::size_t fills = 0, maker_fills = 0, taker_fills = 0, marks = 0, orders = 0, rejected = 0;
  std::uint64_t decode_errors = 0, hot_allocations = 0;
  bool synced = false;
  std::int64_t span_ms = 0;
};

// Counts reports without storing them (the run must not allocate on the hot path).
struct Counter final : ExchangeListener {
  std::size_t orders = 0, accounts = 0, marks = 0;
  void on_order_update(const OrderUpdateReport&) noexcept override { ++orders; }
  void on_account_update(const AccountUpdateReport&) noexcept override { ++accounts; }
  void on_algo_update(const AlgoUpdateReport&) noexcept override {}
  void on_mark_price(const MarkPriceReport&) noexcept override { ++marks; }
};

const Capture& capture() {
  static const Capture cap = Capture::load(data_path("binance-usdm/capture/btcusdt_20240808.gz"));
  return cap;
}

// Quotes one GTX order per side at the touch; cancels after 20 s; flattens every 5000 records.
class Quoter {
 public:
  Quoter(SimExchange& x, SymbolId sym) : x_(x), sym_(sym), rules_(x.symbols().rules(sym)) {}

  void step(std::size_t record, EpochMs now) {
    const MarketView& mv = *x_.market(sym_);
    if (!mv.depth_synced()) return;
    if (record % 5000 == 0) flatten(now);
    if (record % 400 != 0) return;
    const SimOrder* open[8];
    const std::size_t n = x_.open_orders(sym_, open, 8);
    bool have_buy = false, have_sell = false;
    for (std::size_t i = 0; i < n; ++i) {
      if (now - open[i]->time_ms > 20'000) {
        char id[24];
        const auto r = std::to_chars(id, id + sizeof id, open[i]->order_id);
        (void)cancel_order(x_, CancelRequest{"BTCUSDT", std::string_view(id, static_cast<std::size_t>(r.ptr - id)), {}}, now);
        continue;
      }
      (open[i]->spec.side == Side::Buy ? have_buy : have_sell) = true;
    }
    PriceLevel bid{}, ask{};
    if (!have_buy && mv.best(Side::Buy, bid)) quote("BUY", "LONG", bid.px, now);
    if (!have_sell && mv.best(Side::Sell, ask)) quote("SELL", "SHORT", ask.px, now);
  }

  std::size_t orders = 0, rejected = 0;

 private:
  void quote(const char* side, const char* ps, Price p, EpochMs now) {
    char buf[32];
    NewOrderRequest r;
    r.symbol = "BTCUSDT";
    r.side = side;
    r.position_side = ps;
    r.type = "LIMIT";
    r.time_in_force = "GTX";
    r.quantity = "0.010";
    r.price = std::string_view(buf, format_price(rules_, p, buf, sizeof buf));
    ++orders;
    if (!new_order(x_, r, now).ok()) ++rejected;
  }
  void flatten(EpochMs now) {
    char buf[32];
    for (PositionSide ps : {PositionSide::Long, PositionSide::Short}) {
      const Qty a = x_.account().position(sym_, ps).amount;
      if (a == 0) continue;
      NewOrderRequest r;
      r.symbol = "BTCUSDT";
      r.side = ps == PositionSide::Long ? "SELL" : "BUY";
      r.position_side = to_text(ps);
      r.type = "MARKET";
      r.quantity = std::string_view(buf, format_qty(rules_, a < 0 ? -a : a, buf, sizeof buf));
      ++orders;
      if (!new_order(x_, r, now).ok()) ++rejected;
    }
  }

  SimExchange& x_;
  SymbolId sym_;
  const SymbolRules& rules_;
};

RunResult run_once() {
  SymbolTable t;
  load_real_symbols(t);
  const SymbolId btc = t.find(xtb::binance::kVenueId, "BTCUSDT");
  binance::Decoder dec(t);
  ExchangeConfig cfg;
  cfg.hedge_mode = true;
  cfg.wallet = 100'000 * kAmountScale;
  Counter counter;
  SimExchange x(t, cfg, counter, {btc});
  CaptureFeed feed(capture(), dec, btc);
  Quoter q(x, btc);
  RunResult out;
  const Event* ev = nullptr;
  std::size_t n = 0;
  EpochMs now = 0, first = -1;
  std::size_t record = 0;
  const std::uint64_t armed0 = AllocGuard::armed_allocations();
  while (feed.next(ev, n, now)) {
    if (first < 0) first = now;
    for (std::size_t i = 0; i < n; ++i) {
      const std::size_t before = x.ledger().size();
      AllocGuard::arm_current_thread();  // matching + accounting: no heap allocation
      x.on_market_event(ev[i], now);
      AllocGuard::disarm_current_thread();
      for (std::size_t k = before; k < x.ledger().size(); ++k) {
        const FillRecord& f = x.ledger().rows()[k];
        REQUIRE(f.maker);  // only our resting orders fill on market events
        REQUIRE(ev[i].h.type == EventType::Trade);
        const Trade& tr = ev[i].trade;
        if (f.side == Side::Buy) REQUIRE(tr.px <= f.px);
        else REQUIRE(tr.px >= f.px);
        if (tr.px == f.px) REQUIRE(tr.buyer_is_maker == (f.side == Side::Buy));
      }
    }
    AllocGuard::arm_current_thread();  // order entry from the strategy: none either
    q.step(record++, now);
    AllocGuard::disarm_current_thread();
  }
  out.hot_allocations = AllocGuard::armed_allocations() - armed0;
  out.span_ms = now - first;
  out.decode_errors = feed.decode_errors();
  out.synced = x.market(btc)->depth_synced();
  out.marks = counter.marks;
  out.orders = q.orders;
  out.rejected = q.rejected;
  for (const FillRecord& f : x.ledger().rows()) {
    ++out.fills;
    (f.maker ? out.maker_fills : out.taker_fills) += 1;
  }
  out.ledger = x.ledger().to_json(t);
  out.state = dump_state_json(x);
  return out;
}

}  // namespace

TEST_SUITE("sim-exchange") {

TEST_CASE("real capture: queue-position fills, mark price, determinism, no hot-path allocation") {
  const RunResult a = run_once();
  MESSAGE("fills " << a.fills << " (maker " << a.maker_fills << ", taker " << a.taker_fills << "), orders "
                   << a.orders << " (rejected " << a.rejected << "), marks " << a.marks);
  CHECK(a.decode_errors == 0);
  CHECK(a.synced);
  CHECK(a.maker_fills > 10);
  CHECK(a.taker_fills > 0);
  CHECK(a.orders > 100);
  // One mark per second of the recording (first publication at the first sample).
  CHECK(a.marks >= static_cast<std::size_t>(a.span_ms / 1000) - 2);
  CHECK(a.marks <= static_cast<std::size_t>(a.span_ms / 1000) + 2);
  if (AllocGuard::enabled()) CHECK(a.hot_allocations == 0);
  const RunResult b = run_once();
  CHECK(a.ledger == b.ledger);  // byte-identical
  CHECK(a.state == b.state);
  CHECK(a.ledger.size() > 1000);
}

TEST_CASE("real capture: exchange-core throughput (informational, no assertion on speed)") {
  SymbolTable t;
  load_real_symbols(t);
  const SymbolId btc = t.find(xtb::binance::kVenueId, "BTCUSDT");
  binance::Decoder dec(t);
  CaptureFeed feed(capture(), dec, btc);
  std::vector<std::pair<EpochMs, Event>> events;  // decoded up front: time the core alone
  const Event* ev = nullptr;
  std::size_t n = 0;
  EpochMs now = 0;
  while (feed.next(ev, n, now))
    for (std::size_t i = 0; i < n; ++i) events.emplace_back(now, ev[i]);
  Counter counter;
  ExchangeConfig cfg;
  cfg.hedge_mode = true;
  SimExchange x(t, cfg, counter, {btc});
  const auto t0 = std::chrono::steady_clock::now();
  bool quoted = false;
  for (const auto& [ms, e] : events) {
    x.on_market_event(e, ms);
    if (!quoted && x.market(btc)->depth_synced()) {  // two resting orders far from the touch
      PriceLevel b{}, a{};
      REQUIRE(x.market(btc)->best(Side::Buy, b));
      REQUIRE(x.market(btc)->best(Side::Sell, a));
      char pb[32], pa[32];
      NewOrderRequest r = limit("BUY", "0.010", std::string_view(pb, format_price(t.rules(btc), b.px - 500, pb, sizeof pb)),
                                "GTC", {}, "LONG");
      REQUIRE(new_order(x, r, ms).ok());
      r = limit("SELL", "0.010", std::string_view(pa, format_price(t.rules(btc), a.px + 500, pa, sizeof pa)), "GTC", {},
                "SHORT");
      REQUIRE(new_order(x, r, ms).ok());
      quoted = true;
    }
  }
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  MESSAGE("exchange core: " << events.size() << " market events in " << s * 1e3 << " ms = "
                            << (s > 0 ? static_cast<double>(events.size()) / s / 1e6 : 0) << " M events/s");
  CHECK(x.counters().market_events == events.size());
  CHECK(x.counters().ignored_events == 0);
}

}  // TEST_SUITE
