// symbol_rules.hpp — the per-symbol trading rules risk checks against, and notional math.
//
// Prices and quantities are already integers of the symbol's engine tick/step
// (core/types.hpp), so "on tick" is structural. A venue may still demand coarser
// increments than the engine's scale: Binance MARKET_LOT_SIZE vs LOT_SIZE, or Polymarket's
// `tick_size_change` coarsening a market at run time. `px_multiple`/`qty_multiple` carry
// that (1 = any engine tick/step is valid).
// Binance sources: PRICE_FILTER (minPrice/maxPrice/tickSize), LOT_SIZE (minQty/maxQty/
// stepSize), MIN_NOTIONAL (notional) in /fapi/v1/exchangeInfo.
// Thread: plain data; the table is filled at start-up (cold) and read on the sequencer.
#pragma once
#include <cstdint>
#include <memory>
#include <stdexcept>

#include "core/types.hpp"

namespace xtb::engine {

struct SymbolRules {
  SymbolId symbol = kNoSymbol;
  Venue venue = Venue::None;  ///< the instrument's venue (its budget, its reconciliation)
  Amount tick_size = 0;       ///< one engine tick in quote units ×1e8 (0.1 USDT → 10'000'000)
  Amount step_size = 0;       ///< one engine step in base units ×1e8 (0.001 BTC → 100'000)
  Price px_multiple = 1;      ///< venue price increment in engine ticks (≥ 1)
  Qty qty_multiple = 1;       ///< venue quantity increment in engine steps (≥ 1)
  Price min_px = 0;           ///< lowest accepted limit price, ticks (0 = no bound)
  Price max_px = 0;           ///< highest accepted limit price, ticks (0 = no bound)
  Qty min_qty = 1;            ///< smallest order, steps
  Qty max_qty = 0;            ///< largest order, steps (0 = no bound)
  Amount min_notional = 0;    ///< smallest px×qty, quote ×1e8 (Binance MIN_NOTIONAL 5 → 5e8)
  bool trading = true;        ///< false when the venue status is not TRADING
  bool net_positions = false; ///< one net position (PositionSide::Both) per instrument: one-way venues
};

/// px × qty in quote units ×1e8: (px·tick_size)·(qty·step_size)/1e8, computed in 128 bits
/// and saturated to int64. Exact whenever tick_size·step_size is a multiple of 1e8
/// (true for every Binance USD-M symbol); otherwise truncated toward zero.
inline Amount notional(const SymbolRules& r, Price px, Qty qty) noexcept {
  __extension__ typedef __int128 i128;
  const i128 v = static_cast<i128>(px) * r.tick_size * static_cast<i128>(qty) * r.step_size /
                 kAmountScale;
  constexpr i128 kMax = INT64_MAX;
  if (v > kMax) return INT64_MAX;
  if (v < -kMax) return -INT64_MAX;
  return static_cast<Amount>(v);
}

/// Dense table indexed by SymbolId, sized once at start-up. Unknown/unset symbols
/// return nullptr (risk rejects with UnknownSymbol).
class SymbolRulesTable {
 public:
  explicit SymbolRulesTable(std::uint32_t max_symbols)
      : n_(max_symbols), rules_(std::make_unique<SymbolRules[]>(max_symbols)) {}

  /// Installs rules for r.symbol (< max_symbols). Cold or sequencer thread (a venue
  /// tick-size change); throws std::out_of_range for an id beyond the table.
  void set(const SymbolRules& r) {
    if (r.symbol >= n_) throw std::out_of_range("SymbolRulesTable: symbol id beyond table");
    rules_[r.symbol] = r;
  }
  const SymbolRules* get(SymbolId s) const noexcept {
    if (s >= n_ || rules_[s].symbol != s) return nullptr;
    return &rules_[s];
  }
  SymbolRules* get(SymbolId s) noexcept {
    if (s >= n_ || rules_[s].symbol != s) return nullptr;
    return &rules_[s];
  }
  std::uint32_t size() const noexcept { return n_; }

 private:
  std::uint32_t n_;
  std::unique_ptr<SymbolRules[]> rules_;
};

}  // namespace xtb::engine
