// fill_ledger.hpp — every fill the simulated exchange executed, in execution order: the
// "exchange's truth" tests compare engine state against, and the artefact a backtest
// must reproduce byte for byte.
//
// Rows live in a vector reserved at construction (ExchangeConfig::max_fills); append() on
// the hot path never allocates — when full, further fills are counted in dropped() and
// not stored. to_json() (cold path) writes them deterministically: fixed key order,
// decimals from the symbol's grids, no floating point.
// Threads: exchange thread (append); to_json after the run or between calls.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "market/symbol_table.hpp"
#include "sim/core/sim_types.hpp"

namespace xtb::sim {

struct FillRecord {
  EpochMs time_ms = 0;
  std::uint64_t order_id = 0;
  std::uint64_t trade_id = 0;
  ClientOrderId client_id{};
  SymbolId symbol = kNoSymbol;
  Side side = Side::None;
  PositionSide position_side = PositionSide::Both;
  bool maker = false;
  Price px = 0;             ///< ticks
  Qty qty = 0;              ///< steps
  Amount fee = 0;           ///< 1e-8 margin asset
  Amount realized_pnl = 0;  ///< 1e-8 quote, pre-fee
};

class FillLedger {
 public:
  explicit FillLedger(std::size_t capacity) { rows_.reserve(capacity); }

  void append(const FillRecord& f) noexcept {
    if (rows_.size() < rows_.capacity()) rows_.push_back(f);  // within the reservation
    else ++dropped_;
  }
  const std::vector<FillRecord>& rows() const noexcept { return rows_; }
  std::size_t size() const noexcept { return rows_.size(); }
  std::uint64_t dropped() const noexcept { return dropped_; }

  /// {"fills":[{"time":..,"orderId":..,"tradeId":..,"clientOrderId":"..","symbol":"..",
  ///   "side":"BUY","positionSide":"BOTH","maker":true,"price":"..","qty":"..",
  ///   "commission":"..","realizedPnl":".."},...],"dropped":0}
  std::string to_json(const SymbolTable& symbols) const;

 private:
  std::vector<FillRecord> rows_;
  std::uint64_t dropped_ = 0;
};

}  // namespace xtb::sim
