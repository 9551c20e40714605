// decimal_text.cpp — see decimal_text.hpp.
#include "sim/core/decimal_text.hpp"

#include "market/decimal.hpp"
#include "sim/core/fixed_math.hpp"

namespace xtb::sim {
namespace {

// Formats `v` increments of `from` with `digits` decimals (rescaled; falls back to the
// grid's own decimals when it is finer than `digits`).
DecimalText grid_text(std::int64_t v, DecimalScale from, int digits) noexcept {
  DecimalText t;
  const std::uint8_t d = static_cast<std::uint8_t>(digits > from.decimals ? digits : from.decimals);
  std::int64_t out = 0;
  if (!rescale_decimal(v, from, DecimalScale{1, d}, out)) return t;
  t.len = format_decimal(out, DecimalScale{1, d}, t.buf, sizeof t.buf);
  return t;
}

}  // namespace

DecimalText price_text(const SymbolRules& r, Price ticks) noexcept {
  return grid_text(ticks, r.price, r.price_precision);
}
DecimalText qty_text(const SymbolRules& r, Qty steps) noexcept { return grid_text(steps, r.qty, r.qty_precision); }

DecimalText e8_text(std::int64_t v, int min_decimals) noexcept {
  DecimalText t;
  t.len = format_decimal(v, kAmountDecimalScale, t.buf, sizeof t.buf);
  if (t.len == 0) return t;
  std::size_t dot = 0;
  while (dot < t.len && t.buf[dot] != '.') ++dot;
  const std::size_t keep = min_decimals > 0 ? dot + 1 + static_cast<std::size_t>(min_decimals) : dot;
  while (t.len > keep && t.buf[t.len - 1] == '0') --t.len;
  if (t.len == dot + 1) --t.len;  // no digits left after the point
  return t;
}

DecimalText amount_text(Amount v) noexcept {
  DecimalText t;
  t.len = format_decimal(v, kAmountDecimalScale, t.buf, sizeof t.buf);
  return t;
}

}  // namespace xtb::sim
