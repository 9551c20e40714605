// encode_decimal.hpp — fixed-point → decimal text for Binance request parameters.
//
// Prices and quantities travel through the engine as int64 counts of the symbol's
// increment (Price = ticks of PRICE_FILTER.tickSize, Qty = steps of LOT_SIZE.stepSize,
// core/types.hpp). The venue wants DECIMAL strings ("9000.1", "0.001"). This file turns
// `units × increment` into that text with integer arithmetic only (never a double).
//
// Private to the encoders: the market room (src/market/decimal.hpp, owned by the
// decoders author) will carry the shared parse/format; this copy exists so the encoder
// does not wait for it and can be folded into that one later.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace xtb::binance {

/// A venue increment (tickSize / stepSize) written as `mantissa × 10^-scale`.
/// Normalised: the mantissa has no trailing zero digit when scale > 0
/// ("0.10" → {1, 1}, "0.5" → {5, 1}, "0.001" → {1, 3}, "10" → {10, 0}).
struct DecimalUnit {
  std::int64_t mantissa = 0;  ///< > 0 when valid
  std::uint8_t scale = 0;     ///< number of fractional digits, 0..18

  friend bool operator==(const DecimalUnit&, const DecimalUnit&) = default;
};

/// Longest text format_scaled can produce: sign, 19 digits, '.', leading "0." padding.
inline constexpr std::size_t kMaxDecimalChars = 48;

/// Parses a plain positive decimal as Binance prints it in exchangeInfo filters
/// ("0.10", "1", "0.00100000"). Rejects empty text, signs, exponents, more than 18
/// fractional digits, a zero value and mantissas that overflow int64.
/// Cold path (start-up); any thread; no allocation.
bool parse_decimal_unit(std::string_view text, DecimalUnit& out) noexcept;

/// Writes `units × unit` as plain decimal text into `out` (no terminator), trailing
/// fractional zeros and a trailing '.' removed: (90000, {1,1}) → "9000",
/// (12345, {1,3}) → "12.345", (5, {5,1}) → "2.5", (-3, {1,2}) → "-0.03".
/// Returns the number of chars written, or 0 when `units × mantissa` overflows int64
/// or `cap` is too small (kMaxDecimalChars always suffices). Hot path; any thread.
std::size_t format_scaled(std::int64_t units, DecimalUnit unit, char* out, std::size_t cap) noexcept;

}  // namespace xtb::binance
