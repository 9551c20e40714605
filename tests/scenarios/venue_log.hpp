// venue_log.hpp — the simulated venue's order ledger for the scenario tests: every
// ORDER_TRADE_UPDATE / ALGO_UPDATE / ACCOUNT_UPDATE / markPriceUpdate the in-process venue
// (sim::SimExchange, the same core as xtb-sim) emitted during a `run_backtest`, recorded
// through BacktestOptions::venue_observer, then folded into one record per slice (per
// client order id) and per protective stop.
//
// Units: times are the venue's exchange time in ms (= capture time, docs/backtest.md);
// prices ticks, quantities steps of the symbol's grids. Thread: the run's (inline) thread
// records (vectors reserved up front, so nothing allocates while the alloc guard is armed);
// the queries run after run_backtest returned.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "sim/core/reports.hpp"

namespace xtb::scen {

struct OrderEvent {
  sim::OrderUpdateReport r;
  std::uint64_t seq = 0;  ///< order of all recorded events
};

struct AlgoEvent {
  sim::AlgoUpdateReport r;
};

struct PositionEvent {
  std::uint64_t seq = 0;
  EpochMs time_ms = 0;
  PositionSide side = PositionSide::Both;
  Qty amount = 0;  ///< signed steps
};

struct MarkEvent {
  EpochMs time_ms = 0;
  Price mark = 0;
};

/// One regular order (a slice) as the venue saw it.
struct SliceRecord {
  std::string client_id;
  Side side = Side::None;
  PositionSide ps = PositionSide::Both;
  TimeInForce tif = TimeInForce::None;
  bool reduce_only = false, close_position = false;
  bool hedge_close = false;     ///< the venue saw a hedge-mode closing order (SELL LONG / BUY SHORT)
  OrderType type = OrderType::None;
  Price px = 0;
  Qty qty = 0;
  EpochMs create_ms = 0;        ///< NEW
  std::uint64_t create_seq = 0; ///< VenueLog event order of the NEW
  EpochMs end_ms = -1;          ///< terminal event (-1: still open at the end)
  ExecType end_exec = ExecType::None;   ///< Trade (filled), Canceled, Expired
  Qty filled = 0;
  std::uint32_t fills = 0;
  bool first_fill_taker = false;        ///< first fill in the NEW's call (same ms) as taker
  Price first_fill_px = 0;
  EpochMs first_fill_ms = -1;
  bool filled_fully() const { return end_exec == ExecType::Trade; }
};

/// One protective stop (algo order).
struct StopRecord {
  std::string client_id;
  Side side = Side::None;
  PositionSide ps = PositionSide::Both;
  OrderType type = OrderType::None;
  WorkingType working = WorkingType::None;
  bool close_position = false;
  Price stop_px = 0;
  EpochMs create_ms = 0, end_ms = -1;
  sim::AlgoState end_state = sim::AlgoState::New;
};

class VenueLog final : public sim::ExchangeListener {
 public:
  VenueLog() {
    orders.reserve(1u << 16);
    algos.reserve(1024);
    positions.reserve(1u << 16);
    marks.reserve(4096);
  }
  void on_order_update(const sim::OrderUpdateReport& r) noexcept override {
    if (orders.size() < orders.capacity()) orders.push_back({r, ++seq_});
  }
  void on_account_update(const sim::AccountUpdateReport& r) noexcept override {
    for (int i = 0; i < r.n_positions && positions.size() < positions.capacity(); ++i)
      positions.push_back({++seq_, r.event_ms, r.positions[i].side, r.positions[i].amount});
  }
  void on_algo_update(const sim::AlgoUpdateReport& r) noexcept override {
    if (algos.size() < algos.capacity()) algos.push_back({r});
  }
  void on_mark_price(const sim::MarkPriceReport& r) noexcept override {
    if (marks.size() < marks.capacity()) marks.push_back({r.event_ms, r.mark_px});
  }

  /// Regular orders of `ps` in creation order (every position side for Both).
  std::vector<SliceRecord> slices(PositionSide ps) const {
    std::map<std::string, std::size_t> at;
    std::vector<SliceRecord> out;
    for (const OrderEvent& e : orders) {
      const sim::SimOrder& o = e.r.order;
      if (o.spec.algo || o.parent != sim::kNilIndex) continue;  // stops and their trigger orders apart
      if (ps != PositionSide::Both && o.spec.position_side != ps) continue;
      const std::string id(o.spec.client_id.view());
      auto it = at.find(id);
      if (it == at.end()) {
        SliceRecord s;
        s.client_id = id;
        s.side = o.spec.side;
        s.ps = o.spec.position_side;
        s.tif = o.spec.tif;
        s.type = o.spec.type;
        s.reduce_only = o.spec.reduce_only;
        s.close_position = o.spec.close_position;
        s.hedge_close = o.hedge_close;
        s.px = o.spec.px;
        s.qty = o.spec.qty;
        s.create_ms = o.time_ms;
        s.create_seq = e.seq;
        it = at.emplace(id, out.size()).first;
        out.push_back(s);
      }
      SliceRecord& s = out[it->second];
      if (e.r.exec == ExecType::Trade) {
        if (s.fills == 0) {
          s.first_fill_px = e.r.last_px;
          s.first_fill_ms = e.r.event_ms;
          s.first_fill_taker = !e.r.maker && e.r.event_ms == s.create_ms;
        }
        ++s.fills;
        s.filled += e.r.last_qty;
        if (o.status == sim::SimStatus::Filled) { s.end_exec = ExecType::Trade; s.end_ms = e.r.event_ms; }
      } else if (e.r.exec == ExecType::Canceled || e.r.exec == ExecType::Expired) {
        s.end_exec = e.r.exec;
        s.end_ms = e.r.event_ms;
      }
    }
    return out;
  }

  /// Protective stops (algo orders) in creation order.
  std::vector<StopRecord> stops() const {
    std::map<std::string, std::size_t> at;
    std::vector<StopRecord> out;
    for (const AlgoEvent& e : algos) {
      const sim::SimOrder& o = e.r.order;
      const std::string id(o.spec.client_id.view());
      auto it = at.find(id);
      if (it == at.end()) {
        StopRecord s;
        s.client_id = id;
        s.side = o.spec.side;
        s.ps = o.spec.position_side;
        s.type = o.spec.type;
        s.working = o.spec.working_type;
        s.close_position = o.spec.close_position;
        s.stop_px = o.spec.stop_px;
        s.create_ms = o.time_ms;
        it = at.emplace(id, out.size()).first;
        out.push_back(s);
      }
      StopRecord& s = out[it->second];
      if (o.algo_state != sim::AlgoState::New) { s.end_state = o.algo_state; s.end_ms = e.r.event_ms; }
    }
    return out;
  }

  /// |position| of `ps` (steps) just before the event numbered `seq`, `start` if none.
  Qty position_before(PositionSide ps, std::uint64_t seq, Qty start) const {
    Qty q = start;
    for (const PositionEvent& p : positions) {
      if (p.seq >= seq) break;
      if (p.side == ps) q = p.amount < 0 ? -p.amount : p.amount;
    }
    return q;
  }

  /// Time of the fill that made `ps` flat (-1 if it never did).
  EpochMs flat_time(PositionSide ps) const {
    for (const PositionEvent& p : positions)
      if (p.side == ps && p.amount == 0) return p.time_ms;
    return -1;
  }

  std::vector<OrderEvent> orders;
  std::vector<AlgoEvent> algos;
  std::vector<PositionEvent> positions;
  std::vector<MarkEvent> marks;

 private:
  std::uint64_t seq_ = 0;
};

}  // namespace xtb::scen
