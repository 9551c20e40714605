// engine_fixture.hpp — builders and a wired OrderManager for the engine tests.
//
// Symbol 0 "BTCUSDT" uses the real rules of the exchangeInfo fixture
// (binance-usdm/fixtures/http/http_futures_market_exchange_info.json): tickSize 0.10,
// stepSize 0.001, minQty 0.001, maxQty 1000, minPrice 402, maxPrice 1246396.60,
// MIN_NOTIONAL 10. Symbol 1 "ETHUSDT": tickSize 0.01, stepSize 0.001, same file.
#pragma once
#include <cstring>
#include <string_view>
#include <vector>

#include "engine/order_manager.hpp"
#include "venue/binance/venue_id.hpp"

namespace xtb::engine::test {

inline constexpr SymbolId kBtc = 0, kEth = 1;

inline SymbolRules btc_rules() {
  SymbolRules r;
  r.symbol = kBtc;
  r.tick_size = 10'000'000;  // 0.10 USDT
  r.step_size = 100'000;     // 0.001 BTC
  r.min_px = 4'020;          // 402.0
  r.max_px = 12'463'966;     // 1246396.60
  r.min_qty = 1;             // 0.001
  r.max_qty = 1'000'000;     // 1000
  r.min_notional = 10 * kAmountScale;
  return r;
}

inline SymbolRules eth_rules() {
  SymbolRules r;
  r.symbol = kEth;
  r.tick_size = 1'000'000;  // 0.01 USDT
  r.step_size = 100'000;    // 0.001 ETH
  r.min_px = 2'823;
  r.max_px = 14'400'403;
  r.min_qty = 1;
  r.max_qty = 10'000'000;
  r.min_notional = 10 * kAmountScale;
  return r;
}

inline ClientOrderId cid(std::string_view s) {
  ClientOrderId id{};
  id.assign(s);
  return id;
}

inline OrderCommand new_order(SymbolId s, Side side, PositionSide ps, Price px, Qty qty,
                              std::uint8_t flags = 0, TimeInForce tif = TimeInForce::GTC) {
  OrderCommand c;
  std::memset(&c, 0, sizeof(c));
  c.kind = CommandKind::NewOrder;
  c.venue = binance::kVenueId;
  c.symbol = s;
  c.side = side;
  c.position_side = ps;
  c.type = px == 0 ? OrderType::Market : OrderType::Limit;
  c.tif = px == 0 ? TimeInForce::None : tif;
  c.px = px;
  c.qty = qty;
  c.flags = flags;
  return c;
}

/// A venue order update for `o` (mapped status, cumulative qty, optional fill).
inline OrderUpdate venue_update(const Order& o, OrderStatus st, Qty cum, Qty last = 0,
                                Price last_px = 0, std::uint64_t trade_id = 0,
                                Amount fee = 0, Amount rp = 0) {
  OrderUpdate u;
  std::memset(&u, 0, sizeof(u));
  u.client_id = o.client_id;
  u.venue_order_id = 8886774;
  u.side = o.side;
  u.position_side = o.position_side;
  u.type = o.type;
  u.tif = o.tif;
  u.status = st;
  u.exec_type = last > 0 ? ExecType::Trade
                : st == OrderStatus::Canceled ? ExecType::Canceled
                : st == OrderStatus::Expired  ? ExecType::Expired
                                              : ExecType::New;
  u.px = o.px;
  u.orig_qty = o.orig_qty;
  u.cum_qty = cum;
  u.last_fill_qty = last;
  u.last_fill_px = last_px;
  u.avg_px = last_px;
  u.trade_id = trade_id;
  u.commission = fee;
  u.realized_pnl = rp;
  u.txn_time_ms = 1568879465651;
  return u;
}

inline OrderAck ack(const Order& o, CommandKind kind, OrderStatus st, std::int32_t code = 0,
                    std::uint64_t generation = 1) {
  OrderAck a;
  std::memset(&a, 0, sizeof(a));
  a.client_id = o.client_id;
  const bool error = st == OrderStatus::Rejected || st == OrderStatus::Failed || st == OrderStatus::Unknown;
  a.venue_order_id = error ? 0 : 8886774;
  a.status = st;
  a.request_kind = static_cast<std::uint8_t>(kind);
  a.http_status = code == 0 ? 200 : 400;
  a.error_code = code;
  a.generation = generation;
  return a;
}

/// Listener that records every callback.
struct RecordingListener final : OrderListener {
  std::vector<ClientOrderId> terminal;
  std::vector<OrderStatus> terminal_status;
  std::vector<Fill> fills;
  int statuses = 0;
  int kills = 0;
  void on_order_fill(const Order&, const Fill& f) noexcept override { fills.push_back(f); }
  void on_order_status(const Order&) noexcept override { ++statuses; }
  void on_order_terminal(const Order& o) noexcept override {
    terminal.push_back(o.client_id);
    terminal_status.push_back(o.status);
  }
  void on_kill_switch() noexcept override { ++kills; }
  int terminal_count(const ClientOrderId& id) const {
    int n = 0;
    for (const auto& t : terminal) n += t == id;
    return n;
  }
};

/// JournalSink that keeps records in memory, numbered like the writer would.
struct VectorSink final : JournalSink {
  std::vector<JournalRecord> records;
  bool fail = false;
  bool append(RecordType type, const void* payload, std::uint16_t len,
              std::int64_t now_ns) noexcept override {
    if (fail) return false;
    JournalRecord r{};
    r.h = RecordHeader{kJournalMagic, type, len, records.size() + 1, now_ns, 0, 0};
    std::memcpy(r.payload, payload, len);
    records.push_back(r);
    return true;
  }
};

/// Everything an OrderManager needs, wired with BTC and ETH rules.
struct Engine {
  SymbolRulesTable rules{4};
  PositionBook positions{init_rules(rules)};
  RiskLimits limits{};
  RiskGate risk{limits, rules};
  OrderIdAllocator ids{"xtb", "r1"};
  RecordingListener listener;
  VectorSink sink;
  OrderManager m;

  explicit Engine(OrderManagerConfig cfg = small_cfg(), RiskLimits lim = {})
      : limits(lim), risk(lim, rules), m(cfg, ids, positions, risk, &sink, &listener) {}

  static OrderManagerConfig small_cfg() {
    OrderManagerConfig c;
    c.capacity = 64;
    return c;
  }
  static SymbolRulesTable& init_rules(SymbolRulesTable& t) {
    t.set(btc_rules());
    t.set(eth_rules());
    return t;
  }
  /// Places a limit order; requires success.
  Order& place(Side side, PositionSide ps, Price px, Qty qty, std::int64_t now = 1000,
               std::uint8_t flags = 0) {
    OrderCommand c = new_order(kBtc, side, ps, px, qty, flags);
    PlaceResult r = m.place(c, 0, now);
    if (r.order == nullptr) throw std::runtime_error(to_string(r.reject));
    return *r.order;
  }
};

}  // namespace xtb::engine::test
