// order_request.hpp — the typed order-entry requests the simulated exchange core takes:
// a new order (also a conditional order of the conditional-order service), a cancel or
// query of one order, and a cancel or query of one conditional order.
//
// The requests are venue-neutral: they use the core vocabulary (core/types.hpp), never a
// venue's parameter text. A venue face parses its own request text into them (with the
// venue's error answers for malformed text) or builds them straight from an engine
// OrderCommand (the in-process backtest); the core then checks them semantically
// (order_checks.hpp: rules, tick/step bounds, notional, reduce-only/hedge-mode
// combinations) and answers with neutral RejectCodes.
//
// Units (core/types.hpp): Price = ticks, Qty = steps of the symbol, ids as assigned by the
// exchange. "Not given" is the zero value of a field unless noted.
// Threads: plain data, owned by the single thread that drives the exchange.
#pragma once
#include <cstdint>

#include "core/types.hpp"

namespace xtb::sim {

/// Detail of the synchronous answer to a new order: the order as accepted (Ack) or as it
/// stands once the request's own executions are done (Result).
enum class RespType : std::uint8_t { Ack = 0, Result };

/// A new order. Types simulated: Limit, Market, StopMarket, TakeProfitMarket.
struct SimOrderRequest {
  SymbolId symbol = kNoSymbol;
  Side side = Side::None;                          ///< Buy | Sell
  PositionSide position_side = PositionSide::Both; ///< Both in one-way mode, Long/Short in hedge mode
  OrderType type = OrderType::None;
  TimeInForce tif = TimeInForce::GTC;              ///< Limit: GTC | IOC | FOK | PostOnly (post-only); else ignored
  WorkingType working_type = WorkingType::ContractPrice;  ///< stop trigger source
  RespType resp = RespType::Ack;
  Qty qty = 0;                ///< steps; 0 with close_position
  Price px = 0;               ///< limit price, ticks (Limit only; 0 = none)
  Price stop_px = 0;          ///< trigger price, ticks (stop types only; 0 = none)
  bool reduce_only = false;   ///< one-way mode only, not with close_position
  bool close_position = false;  ///< stop types only: close the whole position at the trigger
  bool price_protect = false;   ///< accepted and echoed, not modelled
  /// No client order id was sent (client_id empty): the exchange assigns one.
  bool client_id_generated = false;
  ClientOrderId client_id{};  ///< the face checks the venue's alphabet; the core its length
};

/// Cancel or query of one order of `symbol`: by exchange order id when `by_id`, else by
/// client order id.
struct SimCancelRequest {
  SymbolId symbol = kNoSymbol;
  bool by_id = false;
  std::uint64_t order_id = 0;
  ClientOrderId client_id{};
};

/// Cancel or query of one conditional order (any symbol): by algo id when `by_id`, else
/// by its client id.
struct SimAlgoCancelRequest {
  bool by_id = false;
  std::uint64_t algo_id = 0;
  ClientOrderId client_id{};
};

}  // namespace xtb::sim
