// fixed_math.hpp — exact integer helpers of the simulated exchange's accounting:
// a × b / c in 128-bit with documented rounding, and the conversions between a symbol's
// step/tick grids and 1e-8 base/quote units.
//
// Every money value of the simulator is an exact integer (Amount = 1e-8 quote); no double
// ever touches balances, fees, PnL, entry or liquidation prices, so two runs over the
// same input give byte-identical ledgers on any machine.
// Threads: pure functions; no allocation.
#pragma once
#include <cstdint>

#include "core/types.hpp"
#include "market/symbol_table.hpp"

namespace xtb::sim {

__extension__ typedef __int128 i128;  // GCC/Clang 128-bit integer

/// Divides with rounding half away from zero (d != 0).
inline i128 div_round(i128 n, i128 d) noexcept {
  if (d < 0) { n = -n; d = -d; }
  const i128 half = d / 2;
  return n >= 0 ? (n + half) / d : -((-n + half) / d);
}

/// a × b / c, rounded half away from zero, saturated to int64 (c != 0).
inline std::int64_t mul_div_round(std::int64_t a, std::int64_t b, std::int64_t c) noexcept {
  const i128 r = div_round(static_cast<i128>(a) * b, c);
  if (r > INT64_MAX) return INT64_MAX;
  if (r < INT64_MIN) return INT64_MIN;
  return static_cast<std::int64_t>(r);
}

/// 10^n for n in [0, 18].
inline constexpr std::int64_t pow10_i64(int n) noexcept {
  std::int64_t v = 1;
  for (int i = 0; i < n; ++i) v *= 10;
  return v;
}

/// Quantity in steps → base-asset units × 1e8 (e.g. 1 step of 0.001 BTC → 100'000).
inline i128 qty_to_e8(const SymbolRules& r, Qty q) noexcept {
  const i128 units = static_cast<i128>(q) * r.qty.units;  // × 10^-decimals
  return r.qty.decimals <= 8 ? units * pow10_i64(8 - r.qty.decimals) : units / pow10_i64(r.qty.decimals - 8);
}

/// Price in ticks → quote per base × 1e8.
inline i128 price_to_e8(const SymbolRules& r, Price p) noexcept {
  const i128 units = static_cast<i128>(p) * r.price.units;
  return r.price.decimals <= 8 ? units * pow10_i64(8 - r.price.decimals) : units / pow10_i64(r.price.decimals - 8);
}

/// px × qty in Amount (1e-8 quote), truncated toward zero; saturates instead of failing.
inline Amount notional(const SymbolRules& r, Price px, Qty q) noexcept {
  Amount out = 0;
  if (!notional_amount(r, px, q < 0 ? -q : q, out)) return INT64_MAX;
  return out;
}

/// Average price (quote per base × 1e8) of `cost` (Amount) over `q` steps; 0 when q == 0.
inline std::int64_t average_price_e8(const SymbolRules& r, Amount cost, Qty q) noexcept {
  const i128 base = qty_to_e8(r, q < 0 ? -q : q);
  if (base == 0) return 0;
  return static_cast<std::int64_t>(div_round(static_cast<i128>(cost) * 100'000'000, base));
}

/// Nearest tick of a price given in 1e-8 units.
inline Price price_e8_to_ticks(const SymbolRules& r, std::int64_t px_e8) noexcept {
  const i128 tick_e8 = price_to_e8(r, 1);
  if (tick_e8 == 0) return 0;
  return static_cast<Price>(div_round(px_e8, tick_e8));
}

}  // namespace xtb::sim
