// sim_types.hpp — vocabulary of the simulated exchange core ("simcore"): the order-entry
// requests (parameters as text), the validated order, and the exchange's own order
// record.
//
// Requests carry the order-entry parameters of a perpetual futures venue as text (the
// USD-M names and spellings: side BUY/SELL, time in force GTC/IOC/FOK/GTX, ...; see
// https://developers.binance.com/docs/derivatives/usds-margined-futures/trade/rest-api),
// an empty view meaning "not sent". The core parses and validates them, so a face's REST
// handler only splits the query string and the backtest formats its commands (the USD-M
// face's request_text.hpp) — both get the same reject reasons.
//
// Units (core/types.hpp): Price = ticks, Qty = steps of the symbol, Amount = 1e-8 quote
// (USDT), EpochMs = exchange time passed in by the caller (the core reads no clock).
// Threads: plain data, owned by the single thread that drives the exchange.
#pragma once
#include <cstdint>
#include <string_view>

#include "core/types.hpp"

namespace xtb::sim {

/// A new order (and each element of a batch).
struct NewOrderRequest {
  std::string_view symbol;               ///< "BTCUSDT" (mandatory)
  std::string_view side;                 ///< BUY | SELL (mandatory)
  std::string_view position_side;        ///< BOTH | LONG | SHORT; hedge mode needs LONG/SHORT
  std::string_view type;                 ///< LIMIT | MARKET | STOP_MARKET | TAKE_PROFIT_MARKET
  std::string_view time_in_force;        ///< GTC | IOC | FOK | GTX (LIMIT: mandatory)
  std::string_view quantity;             ///< decimal; not with closePosition=true
  std::string_view price;                ///< decimal (LIMIT)
  std::string_view reduce_only;          ///< "true" | "false"; not in hedge mode / with closePosition
  std::string_view close_position;       ///< "true" | "false" (STOP_MARKET / TAKE_PROFIT_MARKET)
  std::string_view working_type;         ///< MARK_PRICE | CONTRACT_PRICE (default CONTRACT_PRICE)
  std::string_view stop_price;           ///< decimal (STOP_MARKET / TAKE_PROFIT_MARKET)
  std::string_view new_client_order_id;  ///< ^[\.A-Z\:/a-z0-9_-]{1,36}$; generated when absent
  std::string_view new_order_resp_type;  ///< ACK (default) | RESULT
  std::string_view price_protect;        ///< "TRUE" | "FALSE" (accepted, echoed, not modelled)
};

/// A conditional order (algoType=CONDITIONAL) for the conditional-order service, the
/// USD-M venue's route since the 2025-12-09 migration (the plain order entry then refuses
/// STOP_MARKET / TAKE_PROFIT_MARKET: UseConditionalService). Same texts as NewOrderRequest, with triggerPrice and
/// clientAlgoId.
struct AlgoOrderRequest {
  std::string_view algo_type;        ///< "CONDITIONAL" (mandatory)
  std::string_view symbol, side, position_side, type, time_in_force, quantity, price;
  std::string_view trigger_price;    ///< decimal (mandatory)
  std::string_view working_type, close_position, reduce_only, price_protect;
  std::string_view client_algo_id;   ///< same rule as newClientOrderId; generated when absent
};

/// Cancel / query of a conditional order: algoId or clientAlgoId (no symbol).
struct AlgoCancelRequest {
  std::string_view algo_id;
  std::string_view client_algo_id;
};

/// Cancel / query of an order: either order_id or orig_client_order_id must be sent.
struct CancelRequest {
  std::string_view symbol;
  std::string_view order_id;              ///< decimal integer text
  std::string_view orig_client_order_id;
};

/// REST answer detail for new orders (newOrderRespType).
enum class RespType : std::uint8_t { Ack = 0, Result };

/// Order status (user stream `X`, REST `status`). Rejected orders never exist
/// as records: they only produce a synchronous error answer.
enum class SimStatus : std::uint8_t { New = 0, PartiallyFilled, Filled, Canceled, Expired };

/// Algo-service status of a conditional order (ALGO_UPDATE `X`, REST `algoStatus`).
enum class AlgoState : std::uint8_t { New = 0, Triggering, Triggered, Finished, Canceled, Expired, Rejected };

inline bool is_terminal(SimStatus s) noexcept {
  return s == SimStatus::Filled || s == SimStatus::Canceled || s == SimStatus::Expired;
}

/// A request after parsing and static validation (order_checks.hpp).
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
  bool algo = false;             ///< placed through the algo service (ids: algoId / clientAlgoId)
  Price px = 0;                  ///< limit price, ticks (0 for market types)
  Price stop_px = 0;             ///< trigger price, ticks (stop types)
  Qty qty = 0;                   ///< steps (0 with closePosition)
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

/// Text of the enums as the core writes them (ledger, dumps) and the USD-M face sends
/// them (REST and user-stream values).
const char* to_text(Side s) noexcept;
const char* to_text(PositionSide s) noexcept;
const char* to_text(OrderType t) noexcept;
const char* to_text(TimeInForce t) noexcept;
const char* to_text(WorkingType t) noexcept;
const char* to_text(SimStatus s) noexcept;
const char* to_text(ExecType e) noexcept;
const char* to_text(AlgoState s) noexcept;

}  // namespace xtb::sim
