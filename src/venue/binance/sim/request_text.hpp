// request_text.hpp — RequestText: formats an engine OrderCommand (core/command.hpp) as
// the REST parameter texts the exchange core takes (sim_types.hpp), for the in-process
// backtest, where no HTTP request exists. The parameter rules are those of the Binance
// encoder (venue/binance/encode_fields.hpp): hedge mode sends positionSide and never
// reduceOnly; one-way mode never sends positionSide and sends reduceOnly=true for
// reduce-only commands; closePosition=true goes without quantity or reduceOnly.
//
// Storage is inline (prices and quantities formatted into member buffers); the
// NewOrderRequest / CancelRequest views point into this object — keep it alive and
// unmoved while the request is used. Hot path safe; no allocation.
#pragma once
#include <cstddef>

#include "core/command.hpp"
#include "market/symbol_table.hpp"
#include "sim/core/sim_types.hpp"

namespace xtb::sim::binance_usdm {

class RequestText {
 public:
  /// NewOrder command → request texts. False for a command kind / type that has no
  /// simulated REST form (not NewOrder, unknown symbol, unsupported type).
  bool new_order(const OrderCommand& c, const SymbolTable& symbols, bool hedge_mode) noexcept;
  /// Conditional NewOrder command (STOP_MARKET / TAKE_PROFIT_MARKET) → POST
  /// /fapi/v1/algoOrder parameters, as the Binance encoder routes it since 2025-12-09.
  bool algo_order(const OrderCommand& c, const SymbolTable& symbols, bool hedge_mode) noexcept;
  /// CancelOrder / QueryOrder command → DELETE/GET /fapi/v1/order parameters.
  bool cancel(const OrderCommand& c, const SymbolTable& symbols) noexcept;

  const NewOrderRequest& order() const noexcept { return order_; }
  const CancelRequest& cancel_request() const noexcept { return cancel_; }
  const AlgoOrderRequest& algo() const noexcept { return algo_; }

 private:
  NewOrderRequest order_{};
  CancelRequest cancel_{};
  AlgoOrderRequest algo_{};
  char px_[48], qty_[48], stop_[48], id_[24];
  ClientOrderId cid_{};
};

}  // namespace xtb::sim::binance_usdm
