// engine_rules.hpp — builds the engine's per-symbol risk rules (engine/symbol_rules.hpp)
// from the venue-neutral symbol table rules (market/symbol_table.hpp, filled from Binance
// exchangeInfo), so the strategy's sizing and the engine's risk checks use the same tick,
// step, min qty and MIN_NOTIONAL. Engine ticks/steps are the venue's own grid here, so the
// price/qty multiples are 1.
// tick_size/step_size become Amount (×1e8): {units, decimals} → units × 10^(8 − decimals);
// a grid finer than 1e-8 cannot be expressed and is refused (returns false).
// Thread: cold path (start-up, calibration). Header-only, no allocation.
#pragma once
#include "engine/symbol_rules.hpp"
#include "market/symbol_table.hpp"

namespace xtb::strategy {

/// Scale {units, decimals} as Amount ×1e8; false when finer than 1e-8 or overflowing.
inline bool scale_to_amount(const DecimalScale& s, Amount& out) noexcept {
  if (s.units <= 0 || s.decimals > 8) return false;
  Amount v = s.units;
  for (int i = s.decimals; i < 8; ++i) {
    if (v > INT64_MAX / 10) return false;
    v *= 10;
  }
  out = v;
  return true;
}

/// Engine rules of symbol `id` from the symbol table's `r`. False when a grid cannot be
/// expressed (then `out` is untouched).
inline bool engine_rules_from(const SymbolRules& r, SymbolId id, engine::SymbolRules& out) noexcept {
  engine::SymbolRules e;
  if (!scale_to_amount(r.price, e.tick_size) || !scale_to_amount(r.qty, e.step_size)) return false;
  e.symbol = id;
  e.venue = r.venue;
  e.min_px = r.min_price;
  e.max_px = r.max_price;
  e.min_qty = r.min_qty > 0 ? r.min_qty : 1;
  e.max_qty = r.max_qty;
  e.min_notional = r.min_notional;
  e.trading = r.trading;
  e.net_positions = r.net_positions;
  out = e;
  return true;
}

}  // namespace xtb::strategy
