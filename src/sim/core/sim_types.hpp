// sim_types.hpp — vocabulary of the simulated exchange core ("simcore"): the validated
// order, the exchange's own order record and their states. The typed order-entry
// requests are in order_request.hpp (a venue face builds them from its own request text).
//
// Units (core/types.hpp): Price = ticks, Qty = steps of the symbol, Amount = 1e-8 quote
// (USDT), EpochMs = exchange time passed in by the caller (the core reads no clock).
// Threads: plain data, owned by the single thread that drives the exchange.
#pragma once
#include <cstdint>
#include <string_view>

#include "core/types.hpp"
#include "sim/core/order_request.hpp"

namespace xtb::sim {

/// Order status (user stream `X`, REST `status`). Rejected orders never exist
/// as records: they only produce a synchronous error answer.
enum class SimStatus : std::uint8_t { New = 0, PartiallyFilled, Filled, Canceled, Expired };

/// Algo-service status of a conditional order (ALGO_UPDATE `X`, REST `algoStatus`).
enum class AlgoState : std::uint8_t { New = 0, Triggering, Triggered, Finished, Canceled, Expired, Rejected };

inline bool is_terminal(SimStatus s) noexcept {
  return s == SimStatus::Filled || s == SimStatus::Canceled || s == SimStatus::Expired;
}

/// A request after the static checks (order_checks.hpp): the order as accepted.
struct OrderSpec {
  SymbolId symbol = kNoSymbol;
  Side side = Side::None;
  PositionSide position_side = PositionSide::Both;
  OrderType type = OrderType::None;
  TimeInForce tif = TimeInForce::GTC;
  WorkingType working_type = WorkingType::ContractPrice;
  RespType resp = RespType::Ack;
  bool reduce_only = false;      ///< as sent (one-way mode)
  bool close_position = false;
  bool price_protect = false;
  bool client_id_generated = false;
  bool algo = false;             ///< placed through the conditional-order service (its own id sequence and client ids)
  Price px = 0;                  ///< limit price, ticks (0 for market types)
  Price stop_px = 0;             ///< trigger price, ticks (stop types)
  Qty qty = 0;                   ///< steps (0 with close_position)
  ClientOrderId client_id{};
};

/// Which intrusive list of its symbol an order is on.
enum class OrderList : std::uint8_t { None = 0, Resting, Stops };

inline constexpr std::uint32_t kNilIndex = 0xFFFF'FFFFu;

/// The exchange's record of one accepted order. Lives in the OrderPool while open and in
/// the OrderHistory ring once terminal. Trivially copyable.
struct SimOrder {
  std::uint64_t order_id = 0;
  OrderSpec spec;                ///< as accepted (spec.type is the ORIGINAL type)
  OrderType cur_type = OrderType::None;  ///< MARKET once a stop has triggered (REST `type`, WS `o`)
  SimStatus status = SimStatus::New;
  bool triggered = false;        ///< stop order has triggered
  bool hedge_close = false;      ///< hedge-mode closing order (SELL LONG / BUY SHORT): reduce-only by nature
  Qty filled = 0;                ///< executed quantity, steps
  Amount cum_quote = 0;          ///< Σ px × qty of fills, 1e-8 quote
  Qty queue_ahead = 0;           ///< estimated replayed volume ahead at our price (queue_model.hpp)
  Qty level_seen = 0;            ///< replayed level size at our price when last observed
  AlgoState algo_state = AlgoState::New;   ///< spec.algo orders only
  std::uint64_t actual_order_id = 0;       ///< algo: the order placed at the trigger
  EpochMs trigger_ms = 0;                  ///< algo: trigger time (`tt`)
  std::uint32_t parent = kNilIndex;        ///< order placed by an algo trigger: the algo order's slot
  EpochMs time_ms = 0;           ///< accepted
  EpochMs update_ms = 0;         ///< last change
  std::uint32_t prev = kNilIndex, next = kNilIndex;  ///< links of `list`
  OrderList list = OrderList::None;

  Qty remaining() const noexcept { return spec.qty - filled; }
  /// True for the parts of the book that make the order reduce-only in effect.
  bool reducing() const noexcept { return spec.reduce_only || spec.close_position || hedge_close; }
};

}  // namespace xtb::sim
