// command.hpp — OrderCommand, the slot type of ring R3 (sequencer → egress).
//
// The sequencer has already run risk checks and assigned the client order id; egress
// only encodes, signs and sends. Fixed size, trivially copyable, no pointers.
#pragma once
#include <cstdint>
#include <type_traits>

#include "core/types.hpp"

namespace xtb {

enum class CommandKind : std::uint8_t {
  None = 0,
  NewOrder,       ///< place one order
  CancelOrder,    ///< cancel by client order id (venue id if known)
  CancelAll,      ///< cancel all open orders of `symbol`
  AmendOrder,     ///< modify price/qty in place (venues that support it)
  QueryOrder,     ///< fetch one order by client order id (resolves UNKNOWN)
  QueryOpenOrders,///< reconciliation: open orders of `symbol` (or all)
  QueryPositions, ///< reconciliation: position risk
};

struct OrderCommand {
  static constexpr std::uint8_t kReduceOnly = 1, kClosePosition = 2, kRiskOrder = 4;
  CommandKind kind;
  Venue venue;
  Side side;
  PositionSide position_side;
  OrderType type;
  TimeInForce tif;
  WorkingType working_type;
  std::uint8_t flags;          ///< kReduceOnly | kClosePosition | kRiskOrder
  SymbolId symbol;
  std::uint16_t strategy_id;   ///< the strategy that sent it (routes the order's callbacks); 0 = the first
  std::uint16_t pad;
  Price px;                    ///< limit price in ticks (0 for market)
  Price stop_px;               ///< trigger price in ticks for stop orders
  Qty qty;                     ///< in steps (0 with closePosition)
  std::uint64_t venue_order_id;///< 0 if not yet known
  std::uint64_t generation;    ///< cycle token; replies for another generation are dropped
  TscTicks cause_rx_tsc;       ///< rx TSC of the event that caused it (tick-to-order)
  TscTicks sent_tsc;           ///< set by the sequencer when published
  ClientOrderId client_id;
  std::uint8_t reserved[15];   ///< pads the slot to two cache lines
};
static_assert(sizeof(OrderCommand) == 128, "OrderCommand is exactly two cache lines");
static_assert(std::is_trivially_copyable_v<OrderCommand>);

}  // namespace xtb
