// test_sequencer_ports.cpp — one sequencer, two venues (issue 14 "the sequencer takes events
// from several venues and routes each command by its venue"): the same symbol name on two
// venues is two instruments; replay time merges both venues' events by capture stamp;
// each venue is reconciled by its own session and only against its own orders and positions;
// a strategy's order goes out on its instrument's venue's ring with that venue's budget;
// connection ids of different venues are different links.
#include <doctest/doctest.h>

#include <cstring>
#include <vector>

#include "backtest_fixture.hpp"
#include "pipeline/sequencer/sequencer_stage.hpp"
#include "strategy/engine_rules.hpp"
#include "venue/binance/venue_id.hpp"

using namespace xtb;
using namespace xtb::bt_test;

namespace {

constexpr Venue kA = binance::kVenueId;
constexpr Venue kB = static_cast<Venue>(7);

// Buys one step at the bid once per symbol when trading; records what it saw, in order.
class Pinger final : public strategy::StrategyBase {
 public:
  Pinger(const strategy::StrategyContext& ctx, std::vector<SymbolId> symbols)
      : StrategyBase(ctx), symbols_(std::move(symbols)), placed_(symbols_.size(), false) {}
  std::string_view kind() const noexcept override { return "pinger"; }
  const std::vector<SymbolId>& symbols() const noexcept override { return symbols_; }
  void on_start(std::int64_t) noexcept override { started_ = true; }
  void on_stop() noexcept override { started_ = false; }
  void on_timer(std::int64_t, TscTicks) noexcept override {}
  void on_orders_applied(std::int64_t, TscTicks) noexcept override {}
  void on_market(const Event& ev, std::int64_t now_ns) noexcept override {
    seen.push_back({ev.h.symbol, now_ns});
    if (ev.h.type != EventType::BestBidOffer || !started_ || paused()) return;
    for (std::size_t i = 0; i < symbols_.size(); ++i) {
      if (symbols_[i] != ev.h.symbol || placed_[i]) continue;
      OrderCommand* c = ctx_.sink.claim();
      if (c == nullptr) return;
      std::memset(c, 0, sizeof(OrderCommand));
      c->kind = CommandKind::NewOrder;
      c->side = Side::Buy;
      c->position_side = PositionSide::Long;
      c->type = OrderType::Limit;
      c->tif = TimeInForce::GTC;
      c->symbol = ev.h.symbol;
      c->strategy_id = ctx_.id;
      c->px = ev.bbo.bid_px;
      c->qty = 1;
      if (ctx_.orders.place(*c, c->px, now_ns).reject != engine::RejectReason::None) return;
      ctx_.sink.commit();
      placed_[i] = true;
    }
  }
  struct Seen {
    SymbolId symbol;
    std::int64_t t;
  };
  std::vector<Seen> seen;

 private:
  std::vector<SymbolId> symbols_;
  std::vector<bool> placed_;
  bool started_ = false;
};

struct TwoVenues {
  SymbolTable symbols;
  SymbolId a = kNoSymbol, b = kNoSymbol;  // "BTCUSDT" on venue A and on venue B
  SpscRing<Event> r2a{256}, r2b{256};
  RingStamps r2a_stamps{256}, r2b_stamps{256};
  SpscRing<OrderCommand> r3a{256}, r3b{256};
  RingStamps r3a_stamps{256}, r3b_stamps{256};
  ManualEnd end_a, end_b;
  TimeWatermark watermark;
  std::unique_ptr<SequencerStage> seq;

  TwoVenues() {
    Clock::calibrate();
    load_symbols(symbols);
    a = symbols.find(kA, "BTCUSDT");
    b = symbols.add_symbol(kB, "BTCUSDT", symbols.rules(a));
    REQUIRE(a != kNoSymbol);
    REQUIRE(b != kNoSymbol);
    strategy::StrategySetup setup;
    setup.symbols = {a, b};
    for (SymbolId s : setup.symbols) {
      engine::SymbolRules r;
      REQUIRE(strategy::engine_rules_from(symbols.rules(s), s, r));
      setup.rules.push_back(r);
    }
    const std::vector<SymbolId> traded = setup.symbols;
    setup.strategies.push_back([traded](const strategy::StrategyContext& ctx) -> std::unique_ptr<strategy::Strategy> {
      return std::make_unique<Pinger>(ctx, traded);
    });
    SequencerConfig c;
    c.run_id = "mv";
    SequencerPort pa{kA, &r2a, &r2a_stamps, &r3a, &r3a_stamps, &end_a, roles()};
    SequencerPort pb{kB, &r2b, &r2b_stamps, &r3b, &r3b_stamps, &end_b, roles()};
    pb.own_budget = true;
    pb.budget_limits.weight_limit = 100;
    pb.budget_costs.by_kind[static_cast<int>(CommandKind::NewOrder)].weight_symbol = 3;
    seq = std::make_unique<SequencerStage>(symbols, setup, c, std::vector<SequencerPort>{pa, pb}, &watermark);
  }
  Pinger& pinger() { return static_cast<Pinger&>(seq->strategy(0)); }
  static Event on(Venue v, Event e) {
    e.h.venue = v;
    return e;
  }
  // A complete reconciliation answer: two open-order lists, the positions of `s`.
  void answer(SpscRing<Event>& r2, RingStamps& st, Venue v, SymbolId s, Qty long_qty, std::int64_t t) {
    push(r2, st, on(v, list_end()), t);
    push(r2, st, on(v, list_end()), t);
    push(r2, st, on(v, position_risk(s, long_qty, 0, 615'000, 0)), t);
  }
};

bool query_pair(const std::vector<std::pair<OrderCommand, std::int64_t>>& v, Venue venue) {
  return v.size() == 2 && v[0].first.kind == CommandKind::QueryOpenOrders &&
         v[1].first.kind == CommandKind::QueryPositions && v[0].first.venue == venue && v[1].first.venue == venue;
}

}  // namespace

TEST_CASE("two venues in one sequencer: merged replay time, per-venue reconciliation, orders routed by instrument") {
  TwoVenues g;
  SequencerStage& s = *g.seq;
  REQUIRE(s.port_count() == 2);
  CHECK(g.a != g.b);
  CHECK(g.symbols.venue(g.b) == kB);

  // Only venue A has an event: B (not ended) might still deliver an earlier one — wait.
  push(g.r2a, g.r2a_stamps, g.on(kA, book(g.a, 618'000, 618'001)), 1 * kSec);
  s.poll();
  CHECK(s.phase() == SequencerStage::Phase::WaitingForData);
  CHECK(s.counters().events == 0);

  // B's first event is earlier: it goes first, and starts the calibration, which asks each
  // venue on its own ring. A's event still waits: B (not ended) might deliver an earlier one.
  push(g.r2b, g.r2b_stamps, g.on(kB, book(g.b, 617'000, 617'001)), 1 * kSec - 5 * kMs);
  s.poll();
  REQUIRE(g.pinger().seen.size() == 1);
  CHECK(g.pinger().seen[0].symbol == g.b);
  CHECK(s.phase() == SequencerStage::Phase::Calibrating);
  CHECK(query_pair(drain(g.r3a, g.r3a_stamps), kA));
  CHECK(query_pair(drain(g.r3b, g.r3b_stamps), kB));

  // B answers (5 long on b) at 1.020 s; A's quote (1.000 s) goes before it, A's trade
  // (1.025 s) waits for B's next event. A's session still collects: not trading yet.
  g.answer(g.r2b, g.r2b_stamps, kB, g.b, 5, 1 * kSec + 20 * kMs);
  push(g.r2a, g.r2a_stamps, g.on(kA, trade(g.a, 618'000)), 1 * kSec + 25 * kMs);
  s.poll();
  REQUIRE(g.pinger().seen.size() == 2);
  CHECK(g.pinger().seen[1].symbol == g.a);
  CHECK(g.pinger().seen[0].t < g.pinger().seen[1].t);
  CHECK(s.reconcile(1).stats().completed == 1);
  CHECK(s.reconcile(0).stats().completed == 0);
  CHECK(s.phase() == SequencerStage::Phase::Calibrating);

  // A answers (3 long on a; b is absent from A's complete snapshot): calibrated, trading.
  g.answer(g.r2a, g.r2a_stamps, kA, g.a, 3, 1 * kSec + 30 * kMs);
  push(g.r2b, g.r2b_stamps, g.on(kB, trade(g.b, 617'000)), 1 * kSec + 40 * kMs);
  s.poll();
  CHECK(g.pinger().seen.size() == 3);  // A's trade (1.025); B's trade (1.040) waits for A again
  CHECK(s.reconcile(0).stats().completed == 1);
  CHECK(s.phase() == SequencerStage::Phase::Running);
  CHECK(s.progress().calibrations.load() == 1);
  // Each venue's snapshot settled its own instruments only: A's did not flatten b.
  CHECK(s.positions().get(g.a, PositionSide::Long)->qty == 3);
  CHECK(s.positions().get(g.b, PositionSide::Long)->qty == 5);
  for (std::size_t i = 1; i < g.pinger().seen.size(); ++i) CHECK(g.pinger().seen[i - 1].t <= g.pinger().seen[i].t);

  // Quotes on both venues: one order each, on its own venue's ring, with its venue stamped.
  push(g.r2a, g.r2a_stamps, g.on(kA, book(g.a, 618'010, 618'011)), 2 * kSec);
  push(g.r2b, g.r2b_stamps, g.on(kB, book(g.b, 617'010, 617'011)), 2 * kSec + 1 * kMs);
  push(g.r2a, g.r2a_stamps, g.on(kA, trade(g.a, 618'010)), 2 * kSec + 2 * kMs);
  s.poll();
  const auto oa = drain(g.r3a, g.r3a_stamps);
  const auto ob = drain(g.r3b, g.r3b_stamps);
  REQUIRE(oa.size() == 1);
  REQUIRE(ob.size() == 1);
  CHECK(oa[0].first.kind == CommandKind::NewOrder);
  CHECK(oa[0].first.symbol == g.a);
  CHECK(oa[0].first.venue == kA);
  CHECK(oa[0].first.px == 618'010);
  CHECK(ob[0].first.kind == CommandKind::NewOrder);
  CHECK(ob[0].first.symbol == g.b);
  CHECK(ob[0].first.venue == kB);
  CHECK(ob[0].first.px == 617'010);
  // B's order was booked on B's own budget (weight 3 per order), not on the default one.
  CHECK(s.orders().risk().venue_weight_used(2 * kSec + 2 * kMs, kB) == 3);
  CHECK(s.orders().risk().venue_weight_used(2 * kSec + 2 * kMs, kA) == 0);

  // Connection ids of different venues are different links: B's user stream drops.
  push(g.r2b, g.r2b_stamps, g.on(kB, conn_state(kUserConn, ConnStatus::Disconnected)), 3 * kSec);
  push(g.r2a, g.r2a_stamps, g.on(kA, trade(g.a, 618'000)), 3 * kSec + 1 * kMs);
  s.poll();
  CHECK(s.strategy().link_is_down(static_cast<std::uint32_t>(xtb::kMaxConns) + kUserConn));
  CHECK_FALSE(s.strategy().link_is_down(kUserConn));

  // A's input ends: once its ring is empty, B's events go on alone (A is no longer waited for).
  push(g.r2b, g.r2b_stamps, g.on(kB, trade(g.b, 617'000)), 4 * kSec);
  s.poll();
  const std::size_t before = g.pinger().seen.size();
  g.end_a.ended = true;
  s.poll();
  CHECK(g.pinger().seen.size() == before + 1);
  CHECK(g.pinger().seen.back().symbol == g.b);
}

TEST_CASE("sequencer ports: configuration errors are refused with a message") {
  TwoVenues g;
  strategy::StrategySetup setup;
  setup.strategies.push_back([&](const strategy::StrategyContext& ctx) -> std::unique_ptr<strategy::Strategy> {
    return std::make_unique<Pinger>(ctx, std::vector<SymbolId>{});
  });
  SequencerConfig c;
  SequencerPort pa{kA, &g.r2a, &g.r2a_stamps, &g.r3a, &g.r3a_stamps, &g.end_a, roles()};
  SequencerPort same = pa;
  CHECK_THROWS_WITH_AS(SequencerStage(g.symbols, setup, c, {pa, same}, nullptr), doctest::Contains("two ports of venue 1"),
                       std::invalid_argument);
  SequencerPort no_end{kB, &g.r2b, &g.r2b_stamps, &g.r3b, &g.r3b_stamps, nullptr, roles()};
  CHECK_THROWS_WITH_AS(SequencerStage(g.symbols, setup, c, {pa, no_end}, nullptr), doctest::Contains("end of input"),
                       std::invalid_argument);
  CHECK_THROWS_AS(SequencerStage(g.symbols, setup, c, std::vector<SequencerPort>{}, nullptr), std::invalid_argument);
}
