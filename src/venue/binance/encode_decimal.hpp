// encode_decimal.hpp — fixed-point → decimal text for Binance request parameters.
//
// Prices and quantities travel through the engine as int64 counts of the symbol's
// increment (Price = ticks of PRICE_FILTER.tickSize, Qty = steps of LOT_SIZE.stepSize,
// core/types.hpp), with the increment described by market/decimal.hpp's DecimalScale
// (one increment = units × 10^-decimals). The venue wants DECIMAL strings; this writes
// `count × increment` with integer arithmetic only (never a double).
//
// Differs from market/decimal.hpp format_decimal() on purpose: trailing fractional zeros
// are dropped ("9000", not "9000.0"), which keeps the signed payload short and lets the
// encoder reproduce the official signing example byte for byte. Both texts denote the
// same value; the venue accepts either.
#pragma once
#include <cstddef>
#include <cstdint>

#include "market/decimal.hpp"

namespace xtb::binance {

/// Longest text format_scaled can produce: sign, 19 digits, '.', "0." padding.
inline constexpr std::size_t kMaxDecimalChars = 48;

/// Writes `count × scale` as plain decimal text into `out` (no terminator), trailing
/// fractional zeros and a trailing '.' removed: (90000, {1,1}) → "9000",
/// (12345, {1,3}) → "12.345", (5, {5,1}) → "2.5", (-3, {1,2}) → "-0.03".
/// Returns the number of chars written, or 0 when `count × scale.units` overflows int64,
/// the scale is invalid (units < 1, decimals > 18) or `cap` is too small
/// (kMaxDecimalChars always suffices). Hot path; any thread; no allocation.
std::size_t format_scaled(std::int64_t count, DecimalScale scale, char* out, std::size_t cap) noexcept;

}  // namespace xtb::binance
