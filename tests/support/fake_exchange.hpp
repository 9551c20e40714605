// fake_exchange.hpp — the fake-venue kit's in-process fake exchange for strategy tests: a
// minimal, allocation-free stand-in for a venue that takes the OrderCommands a strategy
// committed, acknowledges them, rejects post-only orders that would cross, fills
// marketable limit orders at the touch (taker, up to the touch quantity) and resting ones
// when the market trades or quotes through their price (maker, up to the trade / quote
// quantity), confirms cancels, and keeps its own position ledger — hedge mode (a LONG and
// a SHORT position) or one-way (one net BOTH position, signed). It answers through the
// engine (OrderManager::on_ack / on_update / on_account, EventSource::Ws) and then calls
// the strategy's on_orders_applied, like the sequencer after real decoded answers.
//
// Ledger checks (counted, never asserted inside a hot loop — doctest allocates):
//   * reduce_violations: a NewOrder that is not a reduce-only close (wrong side for the
//     position it closes, missing flag, a BOTH position side in hedge mode or a LONG/SHORT
//     one in one-way mode);
//   * over_close: an order whose qty exceeds the position minus the leaves of the other
//     resting closing orders at the time it arrives (never allowed);
//   * clipped: fills the venue had to clip to the position (would show over-closing).
// Protective stops (OrderCommand::kClosePosition) rest and never trigger (no mark price).
// Reject codes: FakeExchangeCodes, Binance's by default (-5022 post-only would take, -2011
// unknown order, -2010 book full); a test of another venue passes its own.
// Units: engine ticks / steps (Price, Qty), now in ns. Shapes: kMaxOrders resting orders.
// Thread: the test's single thread. Allocation: none (fixed arrays).
#pragma once
#include <cstdint>
#include <cstring>

#include "engine/order_manager.hpp"
#include "strategy/strategy.hpp"

namespace xtb::test_support {

struct FakeExchangeCodes {
  std::int32_t post_only_would_take = -5022;
  std::int32_t unknown_order = -2011;
  std::int32_t book_full = -2010;
};

enum class PositionMode : std::uint8_t { Hedge, OneWay };

class FakeExchange {
 public:
  static constexpr int kMaxOrders = 64;

  FakeExchange(engine::OrderManager& om, strategy::Strategy& strategy, SymbolId sym,
               PositionMode mode = PositionMode::Hedge, FakeExchangeCodes codes = {})
      : om_(om), strategy_(strategy), sym_(sym), mode_(mode), codes_(codes) {
    pos_[1].is_short = true;
  }

  /// Hedge: the LONG or SHORT position, abs_qty ≥ 0. One-way: ps = Both, qty signed (< 0 short).
  void set_position(PositionSide ps, Qty qty, Price entry_px) {
    Position& p = pos_[idx(ps)];
    if (mode_ == PositionMode::OneWay) p.is_short = qty < 0;
    p.abs = qty < 0 ? -qty : qty;
    p.entry = entry_px;
  }
  /// Hedge: the side's size (≥ 0). One-way: the signed net position.
  Qty position(PositionSide ps) const {
    const Position& p = pos_[idx(ps)];
    return mode_ == PositionMode::OneWay && p.is_short ? -p.abs : p.abs;
  }

  /// Handles every command in `cmds` (and the ones they cause), then clears it.
  template <class Vec>
  void drain(Vec& cmds, std::int64_t now) {
    std::size_t i = 0;
    while (i < cmds.size()) {
      const OrderCommand c = cmds[i++];
      if (c.kind == CommandKind::NewOrder)
        on_new(c, now);
      else if (c.kind == CommandKind::CancelOrder)
        on_cancel(c, now);
      else
        ++other_commands;
    }
    cmds.clear();
  }

  /// Market data: resting orders fill when the market trades or quotes through them.
  void on_market(const Event& e, std::int64_t now) {
    if (e.h.symbol != sym_) return;
    if (e.h.type == EventType::BestBidOffer) {
      bid_ = e.bbo.bid_px;
      ask_ = e.bbo.ask_px;
      bid_qty_ = e.bbo.bid_qty;
      ask_qty_ = e.bbo.ask_qty;
      for (Resting& r : book_) {
        if (!r.active || r.stop) continue;
        if (r.side == Side::Sell && bid_ > r.px)
          fill(r, bid_qty_, r.px, true, now);
        else if (r.side == Side::Buy && ask_ < r.px)
          fill(r, ask_qty_, r.px, true, now);
      }
    } else if (e.h.type == EventType::Trade) {
      for (Resting& r : book_) {
        if (!r.active || r.stop) continue;
        if ((r.side == Side::Sell && e.trade.px > r.px) || (r.side == Side::Buy && e.trade.px < r.px))
          fill(r, e.trade.qty, r.px, true, now);
      }
    }
  }

  std::uint64_t acks = 0, post_only_rejects = 0, fills = 0, taker_fills = 0, maker_fills = 0, cancels = 0,
                cancel_rejects = 0, stops = 0, reduce_violations = 0, over_close = 0, clipped = 0, book_full = 0,
                other_commands = 0;

 private:
  struct Resting {
    bool active = false, stop = false;
    ClientOrderId id{};
    std::uint64_t venue_id = 0;
    Side side = Side::None;
    PositionSide ps = PositionSide::Both;
    Price px = 0;
    Qty qty = 0, cum = 0;
  };
  struct Position {
    Qty abs = 0;
    Price entry = 0;
    bool is_short = false;
  };

  int idx(PositionSide ps) const { return mode_ == PositionMode::Hedge && ps == PositionSide::Short ? 1 : 0; }
  bool side_allowed(PositionSide ps) const {
    return mode_ == PositionMode::Hedge ? ps != PositionSide::Both : ps == PositionSide::Both;
  }

  Qty resting_closing(PositionSide ps) const {
    Qty q = 0;
    for (const Resting& r : book_)
      if (r.active && !r.stop && r.ps == ps) q += r.qty - r.cum;
    return q;
  }

  void on_new(const OrderCommand& c, std::int64_t now) {
    const bool stop = (c.flags & OrderCommand::kClosePosition) != 0;
    const Position& p = pos_[idx(c.position_side)];
    const Side closing = p.is_short ? Side::Buy : Side::Sell;
    if (!side_allowed(c.position_side) || c.side != closing || (!stop && (c.flags & OrderCommand::kReduceOnly) == 0))
      ++reduce_violations;
    if (!stop && c.qty > p.abs - resting_closing(c.position_side)) ++over_close;
    const bool crosses = (c.side == Side::Sell && c.px <= bid_) || (c.side == Side::Buy && c.px >= ask_);
    if (!stop && c.tif == TimeInForce::PostOnly && crosses) {
      ++post_only_rejects;
      ack(c, OrderStatus::Rejected, codes_.post_only_would_take, 0, now);
      return;
    }
    Resting* r = free_slot();
    if (r == nullptr) {
      ++book_full;
      ack(c, OrderStatus::Rejected, codes_.book_full, 0, now);
      return;
    }
    *r = Resting{true, stop, c.client_id, ++venue_ids_, c.side, c.position_side, c.px, c.qty, 0};
    ack(c, OrderStatus::Open, 0, r->venue_id, now);
    if (stop) {
      ++stops;
      return;
    }
    if (crosses) {  // marketable GTC: takes the touch now
      const Qty touch = c.side == Side::Sell ? bid_qty_ : ask_qty_;
      fill(*r, touch, c.side == Side::Sell ? bid_ : ask_, false, now);
    }
  }

  void on_cancel(const OrderCommand& c, std::int64_t now) {
    for (Resting& r : book_) {
      if (!r.active || !(r.id == c.client_id)) continue;
      r.active = false;
      ++cancels;
      OrderUpdate u = update_for(r, OrderStatus::Canceled);
      u.exec_type = ExecType::Canceled;
      om_.on_update(u, engine::EventSource::Ws, now);
      strategy_.on_orders_applied(now, 0);
      return;
    }
    ++cancel_rejects;  // already filled: unknown order
    OrderAck a{};
    a.client_id = c.client_id;
    a.status = OrderStatus::Rejected;
    a.request_kind = static_cast<std::uint8_t>(CommandKind::CancelOrder);
    a.http_status = 400;
    a.error_code = codes_.unknown_order;
    a.generation = c.generation;
    om_.on_ack(a, now);
    strategy_.on_orders_applied(now, 0);
  }

  void fill(Resting& r, Qty avail, Price px, bool maker, std::int64_t now) {
    Qty q = r.qty - r.cum;
    if (avail < q) q = avail;
    if (q <= 0) return;
    Qty& pos = pos_[idx(r.ps)].abs;
    if (q > pos) {  // reduce-only clipping at the venue
      ++clipped;
      q = pos;
      if (q <= 0) return;
    }
    pos -= q;
    r.cum += q;
    ++fills;
    ++(maker ? maker_fills : taker_fills);
    OrderUpdate u = update_for(r, r.cum == r.qty ? OrderStatus::Filled : OrderStatus::PartiallyFilled);
    u.exec_type = ExecType::Trade;
    u.last_fill_qty = q;
    u.last_fill_px = px;
    u.avg_px = px;
    u.is_maker = maker;
    u.trade_id = ++trade_ids_;
    if (r.cum == r.qty) r.active = false;
    om_.on_update(u, engine::EventSource::Ws, now);
    account_update(r.ps, now);  // venues send the position with every change
    strategy_.on_orders_applied(now, 0);
  }

  void account_update(PositionSide ps, std::int64_t now) {
    const Position& p = pos_[idx(ps)];
    AccountUpdate a;
    std::memset(&a, 0, sizeof a);
    a.n_positions = 1;
    a.positions[0].symbol = sym_;
    a.positions[0].side = ps;
    a.positions[0].amount = p.is_short ? -p.abs : p.abs;
    a.positions[0].entry_px = p.abs != 0 ? p.entry : 0;
    om_.on_account(a, now);
  }

  void ack(const OrderCommand& c, OrderStatus st, std::int32_t code, std::uint64_t venue_id, std::int64_t now) {
    ++acks;
    OrderAck a{};
    a.client_id = c.client_id;
    a.venue_order_id = venue_id;
    a.status = st;
    a.request_kind = static_cast<std::uint8_t>(CommandKind::NewOrder);
    a.http_status = code == 0 ? 200 : 400;
    a.error_code = code;
    a.generation = c.generation;
    om_.on_ack(a, now);
    strategy_.on_orders_applied(now, 0);
  }

  OrderUpdate update_for(const Resting& r, OrderStatus st) const {
    OrderUpdate u;
    std::memset(&u, 0, sizeof u);
    u.client_id = r.id;
    u.venue_order_id = r.venue_id;
    u.side = r.side;
    u.position_side = r.ps;
    u.type = r.stop ? OrderType::StopMarket : OrderType::Limit;
    u.status = st;
    u.px = r.px;
    u.orig_qty = r.qty;
    u.cum_qty = r.cum;
    u.reduce_only = !r.stop;
    u.close_position = r.stop;
    return u;
  }

  Resting* free_slot() {
    for (Resting& r : book_)
      if (!r.active) return &r;
    return nullptr;
  }

  engine::OrderManager& om_;
  strategy::Strategy& strategy_;
  SymbolId sym_;
  PositionMode mode_;
  FakeExchangeCodes codes_;
  Resting book_[kMaxOrders];
  Position pos_[2];
  Price bid_ = 0, ask_ = 0;
  Qty bid_qty_ = 0, ask_qty_ = 0;
  std::uint64_t venue_ids_ = 1000, trade_ids_ = 0;
};

}  // namespace xtb::test_support
