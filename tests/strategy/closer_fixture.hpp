// closer_fixture.hpp — a real OrderManager (engine) wired to a ReduceOnlyCloser, a vector
// OrderSink, and builders for market events and venue answers.
//
// Symbol 0 "BTCUSDT" uses the engine tests' rules (real exchangeInfo fixture values):
// tick 0.10 USDT, step 0.001 BTC, min qty 0.001, MIN_NOTIONAL 10 USDT. Prices below are
// ticks (600000 = 60000.0 USDT), quantities steps (50 = 0.050 BTC).
#pragma once
#include <doctest/doctest.h>

#include <cstring>
#include <vector>

#include "engine/order_manager.hpp"
#include "strategy/reduce_only_closer/reduce_only_closer.hpp"
#include "venue/binance/venue_id.hpp"

namespace xtb::strategy::test {

inline constexpr SymbolId kBtc = 0;
inline constexpr std::int64_t kMs = 1'000'000;

inline engine::SymbolRules btc_rules() {
  engine::SymbolRules r;
  r.symbol = kBtc;
  r.tick_size = 10'000'000;  // 0.10
  r.step_size = 100'000;     // 0.001
  r.min_px = 4'020;
  r.max_px = 12'463'966;
  r.min_qty = 1;
  r.max_qty = 1'000'000;
  r.min_notional = 10 * kAmountScale;
  return r;
}

/// OrderSink that keeps every committed command.
struct VectorSink final : OrderSink {
  std::vector<OrderCommand> cmds;
  OrderCommand slot{};
  bool full = false;  ///< simulate a full ring
  VectorSink() { cmds.reserve(1 << 16); }
  OrderCommand* claim() noexcept override { return full ? nullptr : &slot; }
  void commit() noexcept override { cmds.push_back(slot); }
};

inline Event book_event(Price bid, Price ask, Qty bid_qty = 1000, Qty ask_qty = 1000) {
  Event e{};
  e.h.type = EventType::BestBidOffer;
  e.h.symbol = kBtc;
  e.h.rx_tsc = 777;
  e.bbo = BestBidOffer{bid, bid_qty, ask, ask_qty, 1, 0};
  return e;
}

inline Event trade_event(Price px, Qty qty = 1) {
  Event e{};
  e.h.type = EventType::Trade;
  e.h.symbol = kBtc;
  e.h.rx_tsc = 778;
  e.trade.px = px;
  e.trade.qty = qty;
  e.trade.aggregated = true;
  return e;
}

inline Event mark_event(Price px) {
  Event e{};
  e.h.type = EventType::MarkPrice;
  e.h.symbol = kBtc;
  e.mark_price.mark_px = px;
  return e;
}

/// Default test parameters: short TTL/cooldown, no signal throttle surprises, no
/// protective stop and no ROI/accel tiers unless a test enables them.
inline CloserParams test_params() {
  CloserParams p;
  p.stale_data_ms = 1500;
  p.execution.order_ttl_ms = 1000;
  p.execution.repost_cooldown_ms = 100;
  p.execution.min_signal_interval_ms = 200;
  p.execution.base_lot_mult = 1;
  p.execution.max_order_notional = 0;
  p.roi.tiers.n = 0;
  p.accel.tiers.n = 0;
  p.risk.protective_stop.enabled = false;
  return p;
}

/// The engine, the sink and the venue's answers, for any strategy under test (`driven`
/// gets on_orders_applied after every answer, as the sequencer does).
struct EngineRig {
  engine::SymbolRulesTable rules{2};
  engine::PositionBook positions{init(rules)};
  engine::RiskGate risk{engine::RiskLimits{}, rules};
  engine::OrderIdAllocator ids;  ///< "xtb-r1-…"; live format when id_epoch ≥ 1
  VectorSink sink;
  engine::OrderManager om;
  Strategy* driven = nullptr;
  std::int64_t now = 1'000 * kMs;
  std::uint64_t trade_id = 1;
  std::uint64_t venue_id = 5000;

  /// `listener` gets the engine's callbacks (the strategy under test, constructed after).
  explicit EngineRig(engine::OrderListener* listener, std::uint64_t id_epoch = 0)
      : ids("xtb", "r1", 1, id_epoch), om(engine_cfg(), ids, positions, risk, nullptr, listener) {}
  static engine::OrderManagerConfig engine_cfg() {
    engine::OrderManagerConfig c;
    c.capacity = 256;
    return c;
  }
  static engine::SymbolRulesTable& init(engine::SymbolRulesTable& t) {
    t.set(btc_rules());
    return t;
  }

  /// Venue position (hedge mode: LONG ≥ 0, SHORT ≤ 0), adopted as the engine's size.
  void set_position(PositionSide side, Qty signed_qty, Price entry) {
    om.adopt_position(kBtc, side, signed_qty, entry, now);
  }
  void advance(std::int64_t ns) { now += ns; }
  void applied() {
    if (driven != nullptr) driven->on_orders_applied(now, 0);
  }
  std::size_t count() const { return sink.cmds.size(); }
  const OrderCommand& last() const { return sink.cmds.back(); }
  engine::Order* order(const OrderCommand& c) { return om.store().find(c.client_id); }

  // ---- venue answers ----
  void ack(const OrderCommand& c, OrderStatus st = OrderStatus::Open, std::int32_t code = 0) {
    OrderAck a{};
    a.client_id = c.client_id;
    const bool error = st == OrderStatus::Rejected || st == OrderStatus::Failed;
    a.venue_order_id = error ? 0 : ++venue_id;
    a.status = st;
    a.request_kind = static_cast<std::uint8_t>(c.kind);
    a.http_status = code == 0 ? 200 : 400;
    a.error_code = code;
    a.generation = om.generation();
    om.on_ack(a, now);
    applied();
  }
  /// A fill of `qty` at `px` on the order of command `c` (cum from the engine's record).
  void fill(const OrderCommand& c, Qty qty, Price px, bool maker = true) {
    engine::Order* o = order(c);
    REQUIRE(o != nullptr);
    OrderUpdate u = base_update(*o);
    u.cum_qty = o->cum_qty + qty;
    u.last_fill_qty = qty;
    u.last_fill_px = px;
    u.avg_px = px;
    u.trade_id = trade_id++;
    u.is_maker = maker;
    u.exec_type = ExecType::Trade;
    u.status = u.cum_qty >= o->orig_qty && !(c.flags & OrderCommand::kClosePosition) ? OrderStatus::Filled
                                                                                       : OrderStatus::PartiallyFilled;
    om.on_update(u, engine::EventSource::Ws, now);
    applied();
  }
  /// The venue confirms a cancel (or expiry) of the order of command `c`.
  void venue_end(const OrderCommand& c, OrderStatus st = OrderStatus::Canceled) {
    engine::Order* o = order(c);
    REQUIRE(o != nullptr);
    OrderUpdate u = base_update(*o);
    u.cum_qty = o->cum_qty;
    u.status = st;
    u.exec_type = st == OrderStatus::Expired ? ExecType::Expired : ExecType::Canceled;
    om.on_update(u, engine::EventSource::Ws, now);
    applied();
  }
  /// A triggered closePosition stop: FILLED for `qty` at `px`.
  void stop_fill(const OrderCommand& c, Qty qty, Price px) {
    engine::Order* o = order(c);
    REQUIRE(o != nullptr);
    OrderUpdate u = base_update(*o);
    u.cum_qty = qty;
    u.orig_qty = qty;
    u.last_fill_qty = qty;
    u.last_fill_px = px;
    u.trade_id = trade_id++;
    u.exec_type = ExecType::Trade;
    u.status = OrderStatus::Filled;
    om.on_update(u, engine::EventSource::Ws, now);
    applied();
  }

  OrderUpdate base_update(const engine::Order& o) {
    OrderUpdate u;
    std::memset(&u, 0, sizeof u);
    u.client_id = o.client_id;
    u.venue_order_id = o.venue_order_id != 0 ? o.venue_order_id : ++venue_id;
    u.side = o.side;
    u.position_side = o.position_side;
    u.type = o.type;
    u.tif = o.tif;
    u.px = o.px;
    u.stop_px = o.stop_px;
    u.orig_qty = o.orig_qty;
    u.close_position = (o.flags & OrderCommand::kClosePosition) != 0;
    u.txn_time_ms = 1723100000000;
    return u;
  }

};

struct Fixture : EngineRig {
  ReduceOnlyCloser closer;

  /// `id_epoch` ≥ 1: live client order ids with that epoch (unix ms), as `xtb run` uses.
  /// `r` / `name`: the symbol's rules and name (e.g. a net-position instrument).
  explicit Fixture(const CloserParams& p = test_params(), std::uint64_t first_stop_seq = 1,
                   std::uint64_t id_epoch = 0, const engine::SymbolRules& r = btc_rules(),
                   const char* name = "BTCUSDT")
      : EngineRig(&closer, id_epoch),
        closer(StrategyContext{om, rules, sink}, CloserOptions{4, {}, first_stop_seq, binance::kVenueId}) {
    driven = &closer;
    rules.set(r);
    closer.add_symbol(kBtc, name, p);
  }
  void start() { closer.start(now); }
  void market(const Event& e) { closer.on_market(e, now); }
  void timer() {
    OrderCommand out[16];
    om.on_timer(now, out, 16);
    closer.on_timer(now);
  }
  /// Book then trades so that the LONG side sees long_primary (last > prev, bid ≥ last).
  void long_signal(Price bid = 600'000, Price ask = 600'001) {
    market(trade_event(bid - 1));
    market(book_event(bid, ask));
    market(trade_event(bid));
  }
  /// SHORT side sees short_primary (last < prev, ask ≤ last).
  void short_signal(Price bid = 599'999, Price ask = 600'000) {
    market(trade_event(ask + 1));
    market(book_event(bid, ask));
    market(trade_event(ask));
  }

  const CloserSide& side(PositionSide ps) const { return *closer.side(kBtc, ps); }
  Qty position(PositionSide ps) const {
    const engine::Position* p = positions.get(kBtc, ps);
    return p ? p->qty : 0;
  }
  /// Drains the alert log and counts records of kind `k`.
  /// Pops every alert; returns how many were of kind `k` (tiers of those in `tiers`).
  int drain_alerts(AlertKind k, std::vector<int>* tiers = nullptr) {
    int n = 0;
    Alert a;
    while (closer.alerts().pop(a)) {
      if (a.kind != k) continue;
      ++n;
      if (tiers != nullptr) tiers->push_back(a.tier);
    }
    return n;
  }
};

}  // namespace xtb::strategy::test
