// order.hpp — the engine's single order model (design §4, seed 003 §2.2).
//
// One `Order` record per client order id, for every venue. The record is a fixed-size POD
// living in a preallocated OrderStore slot: no pointers, no heap, trivially copyable, so
// the journal can snapshot it and the store can recycle it with a plain assignment.
//
// Lifecycle (OrderStatus from core/types.hpp):
//   New ─submit→ Submitting ─ack/ws→ Open → PartiallyFilled → Filled
//                     │                 └──────────────→ Canceled / Expired
//                     ├─ sync reject (e.g. Binance -5022 GTX) → Rejected   (final at once)
//                     ├─ not sent (egress knows it never left) → Failed
//                     └─ timeout / disconnect → Unknown ─query by client id→ venue truth
//                                                          └─ venue: no such order → Failed
// Unknown is never resolved by resubmitting; only a QueryOrder answer (or a venue event, or a
// reconciliation snapshot) moves it on. Transition rules live in order_state_machine.hpp.
//
// Units: Price in ticks, Qty in steps, Amount 1e-8 (core/types.hpp); times in the caller's
// monotonic nanoseconds (`now_ns`, Clock::to_ns on the sequencer) and venue EpochMs.
// Thread: sequencer thread only.
#pragma once
#include <cstdint>
#include <type_traits>

#include "core/command.hpp"
#include "core/types.hpp"

namespace xtb::engine {

/// Where an order event came from: the user-data WebSocket, a REST/WS-API answer, or
/// the engine itself (submit, timeout, disconnect, journal replay of a local decision).
enum class EventSource : std::uint8_t { Local = 0, Ws = 1, Rest = 2, Reconcile = 3 };

/// True for states no venue event can leave (except the Filled correction, see
/// order_state_machine.hpp).
constexpr bool is_terminal(OrderStatus s) noexcept {
  return s == OrderStatus::Filled || s == OrderStatus::Canceled || s == OrderStatus::Rejected ||
         s == OrderStatus::Expired || s == OrderStatus::Failed;
}

/// True while the order may rest at (or be on its way to) the venue: it counts for
/// exposure, rate of open orders and cancel-all.
constexpr bool is_live(OrderStatus s) noexcept {
  return s == OrderStatus::Submitting || s == OrderStatus::Open ||
         s == OrderStatus::PartiallyFilled || s == OrderStatus::Unknown;
}

/// Short upper-case name, for logs and docs ("PARTIALLY_FILLED").
const char* to_string(OrderStatus s) noexcept;
const char* to_string(EventSource s) noexcept;

/// One recorded state change or fill of an order. 48 bytes.
struct OrderTransition {
  std::int64_t t_ns;           ///< local monotonic time the engine applied it
  EpochMs venue_ms;            ///< venue transaction time (0 for local events)
  std::uint64_t trade_id;      ///< venue fill id (0 if not a fill)
  Qty cum_qty;                 ///< venue cumulative filled qty after the event
  Qty last_qty;                ///< this fill's qty (0 if not a fill)
  std::int32_t code;           ///< venue error code (rejects), 0 otherwise
  OrderStatus from, to;
  EventSource source;
  ExecType exec;
};
static_assert(sizeof(OrderTransition) == 48);

/// The engine's view of one of its orders. Field units are those of core/types.hpp.
struct Order {
  static constexpr int kHistory = 8;    ///< transitions kept (the latest 8; older are counted)
  static constexpr int kTradeIds = 16;  ///< recent fill ids kept for duplicate detection

  ClientOrderId client_id;
  std::uint64_t venue_order_id;   ///< 0 until the venue has told us
  std::uint64_t generation;       ///< cycle token the order was placed under (seed 004)
  SymbolId symbol;
  Venue venue;
  Side side;
  PositionSide position_side;
  OrderType type;
  TimeInForce tif;
  std::uint8_t flags;             ///< OrderCommand::kReduceOnly | kClosePosition | kRiskOrder
  OrderStatus status;
  bool terminal_notified;         ///< terminal callback already fired (exactly once)
  bool needs_query;               ///< a cancel was refused or state is doubtful: query it
  bool cancel_requested;          ///< a CancelOrder was sent and is not answered yet
  bool retired;                   ///< queued for slot recycling (terminal)
  std::uint16_t strategy_id;      ///< OrderCommand::strategy_id of the command that placed it
  std::uint8_t history_len;       ///< valid entries in history (≤ kHistory)
  std::uint8_t history_head;      ///< next write index in history
  std::uint8_t trade_id_head;     ///< next write index in trade_ids
  bool absent_at_venue;           ///< the latest open-orders snapshot lacked it (reconciler; D5)
  std::uint32_t reconcile_epoch;  ///< last reconciliation run that saw it at the venue
  Price px;                       ///< limit price (0 for market)
  Price stop_px;                  ///< trigger price for stop orders
  Price avg_px;                   ///< venue average fill price (ticks, venue-rounded)
  Qty orig_qty;                   ///< requested quantity
  Qty cum_qty;                    ///< max cumulative filled qty the venue reported
  Qty fill_qty;                   ///< Σ qty of fills applied (trade records seen)
  Qty exposure_qty;               ///< leaves currently counted in the position's open exposure
  Amount fees;                    ///< Σ commission of applied fills (commission asset units)
  Amount venue_realized_pnl;      ///< Σ venue-reported realized PnL of applied fills
  std::int32_t last_error;        ///< last venue error code seen on this order
  std::uint32_t transitions;      ///< total transitions recorded (may exceed kHistory)
  std::int64_t created_ns;        ///< local time the order was created
  std::int64_t last_update_ns;    ///< local time of the last applied event
  std::int64_t unknown_since_ns;  ///< when it entered Unknown (0 otherwise)
  std::int64_t last_query_ns;     ///< when the last QueryOrder for it was issued
  std::uint64_t trade_ids[kTradeIds];
  OrderTransition history[kHistory];

  bool live() const noexcept { return is_live(status); }
  bool terminal() const noexcept { return is_terminal(status); }
  bool reduce_only() const noexcept { return (flags & OrderCommand::kReduceOnly) != 0; }
  /// Quantity still working at the venue (orig − cum, never negative).
  Qty leaves_qty() const noexcept { return orig_qty > cum_qty ? orig_qty - cum_qty : 0; }
  /// i-th most recent transition (0 = newest); i < history_len.
  const OrderTransition& recent(int i) const noexcept {
    return history[(history_head + kHistory - 1 - i) % kHistory];
  }
};
static_assert(std::is_trivially_copyable_v<Order>);

/// The venue's view of one order, venue-neutral (a row of Binance GET /fapi/v1/openOrders
/// or GET /fapi/v1/order, already mapped by the venue adapter). Used by reconciliation.
struct VenueOrder {
  ClientOrderId client_id;
  std::uint64_t venue_order_id;
  SymbolId symbol;
  Side side;
  PositionSide position_side;
  OrderType type;
  TimeInForce tif;
  std::uint8_t flags;            ///< OrderCommand::kReduceOnly | kClosePosition
  OrderStatus status;
  Price px;
  Price stop_px;
  Price avg_px;
  Qty orig_qty;
  Qty cum_qty;                   ///< venue executedQty
};

/// A fill the engine applied (one venue trade record on one of our orders).
struct Fill {
  SymbolId symbol;
  Side side;
  PositionSide position_side;
  bool is_maker;
  std::uint8_t pad;
  Qty qty;                       ///< steps filled by this trade
  Price px;                      ///< trade price, ticks
  Amount fee;                    ///< commission, 1e-8 of fee_asset
  Amount venue_realized_pnl;     ///< venue's realized PnL for this trade (Binance `rp`)
  std::uint64_t trade_id;        ///< venue fill id (0 when the venue gives none)
  std::uint32_t fee_asset;       ///< asset id of the commission
};

}  // namespace xtb::engine
