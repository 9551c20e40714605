// decimal_text.hpp — DecimalText: prices, quantities and amounts as decimal text for the
// simulator's JSON (the fill ledger, a face's answers): an instrument's price in ticks
// with its price precision, a quantity in steps with its quantity precision, 1e-8-scaled
// amounts.
//
// Shapes: fixed inline storage of 48 chars; len 0 when the value cannot be written.
// Threads: pure functions, no allocation.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/types.hpp"
#include "market/symbol_table.hpp"

namespace xtb::sim {

struct DecimalText {
  char buf[48];
  std::size_t len = 0;
  std::string_view view() const noexcept { return {buf, len}; }
};
DecimalText price_text(const SymbolRules& r, Price ticks) noexcept;  ///< price-precision digits
DecimalText qty_text(const SymbolRules& r, Qty steps) noexcept;      ///< quantity-precision digits
/// A 1e-8-scaled value with trailing zeros trimmed down to `min_decimals` digits.
DecimalText e8_text(std::int64_t v, int min_decimals) noexcept;
/// A 1e-8-scaled value with all 8 digits ("0.00000000").
DecimalText amount_text(Amount v) noexcept;

}  // namespace xtb::sim
