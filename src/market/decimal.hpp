// decimal.hpp — exact fixed-point parsing and formatting of venue decimal strings.
//
// Venues send prices and quantities as decimal text ("61800.20"). We never go through
// `double`: the digits are accumulated straight into an int64 count of grid increments
// (ticks for prices, steps for quantities, 1e-8 units for amounts). A grid is described by
// a DecimalScale: one increment = `units` × 10^-`decimals` (tick 0.10 → {1, 1},
// tick 0.5 → {5, 1}, step 0.001 → {1, 3}, amounts → {1, 8}).
//
// Errors are values (no exceptions): Malformed for anything that is not
// `-?[0-9]+(\.[0-9]+)?`, TooPrecise when a non-zero digit lies beyond the grid's
// decimals, OffGrid when the value is not a multiple of `units`, Overflow when the
// result does not fit int64. Rounding::Nearest turns TooPrecise/OffGrid into
// round-half-away-from-zero (used for reference prices such as averages and index
// prices, which venues publish with more digits than the tick).
//
// Threads: all functions are pure and reentrant; none allocates.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace xtb {

/// Grid of a fixed-point field: one increment = units × 10^-decimals.
struct DecimalScale {
  std::int64_t units = 1;     ///< increment in units of 10^-decimals (>= 1)
  std::uint8_t decimals = 0;  ///< digits after the point the grid needs (<= kMaxDecimals)
  static constexpr std::uint8_t kMaxDecimals = 18;
  friend constexpr bool operator==(const DecimalScale&, const DecimalScale&) = default;
};

/// Scale of Amount (types.hpp): 1e-8 asset units.
inline constexpr DecimalScale kAmountDecimalScale{1, 8};

enum class DecimalError : std::uint8_t {
  Ok = 0,
  Empty,       ///< zero-length text
  Malformed,   ///< not `-?digits(.digits)?` (exponents, '+', spaces, "1.", ".5" are rejected)
  TooPrecise,  ///< a non-zero digit beyond the scale's decimals (Rounding::Exact only)
  OffGrid,     ///< value is not a multiple of the scale's units (Rounding::Exact only)
  Overflow,    ///< the scaled value does not fit int64
  BadScale,    ///< parse_scale: increment is zero, negative or has > kMaxDecimals digits
};

enum class Rounding : std::uint8_t {
  Exact,    ///< any precision loss is an error (order prices, quantities)
  Nearest,  ///< round half away from zero to the grid (averages, index/mark prices)
};

/// Human-readable name of an error ("off-grid", ...); static storage.
const char* to_string(DecimalError e) noexcept;

namespace detail {
/// Fast path (inline: it runs for every price and quantity of every market message):
/// grid units 1, at most 19 characters, fraction digits beyond the grid all zero. No
/// per-digit overflow checks are needed (18 digits fit uint64). Returns false for anything
/// else, leaving the exact result or error to parse_decimal_general.
inline constexpr std::uint64_t kPow10[19] = {1ull, 10ull, 100ull, 1000ull, 10000ull, 100000ull, 1000000ull,
                                             10000000ull, 100000000ull, 1000000000ull, 10000000000ull,
                                             100000000000ull, 1000000000000ull, 10000000000000ull,
                                             100000000000000ull, 1000000000000000ull, 10000000000000000ull,
                                             100000000000000000ull, 1000000000000000000ull};
inline bool parse_decimal_simple(std::string_view t, unsigned decimals, std::int64_t& out) noexcept {
  const char* p = t.data();
  const char* const end = p + t.size();
  if (t.empty() || t.size() > 19 || decimals > DecimalScale::kMaxDecimals) return false;
  const bool neg = *p == '-';
  p += neg;
  const char* const int_start = p;
  std::uint64_t v = 0;
  for (unsigned d; p != end && (d = static_cast<unsigned char>(*p - '0')) < 10; ++p) v = v * 10 + d;
  if (p == int_start) return false;
  unsigned frac = 0;
  if (p != end) {
    if (*p != '.') return false;
    const char* const frac_start = ++p;
    for (unsigned d; p != end && frac < decimals && (d = static_cast<unsigned char>(*p - '0')) < 10; ++p, ++frac)
      v = v * 10 + d;
    while (p != end && *p == '0') ++p;  // trailing zeros beyond the grid are exact
    if (p != end || p == frac_start) return false;
  }
  if (__builtin_mul_overflow(v, kPow10[decimals - frac], &v) || v > 0x7FFF'FFFF'FFFF'FFFFull) return false;
  out = neg ? -static_cast<std::int64_t>(v) : static_cast<std::int64_t>(v);
  return true;
}
}  // namespace detail

/// General (out-of-line) path of parse_decimal; same contract.
DecimalError parse_decimal_general(std::string_view text, DecimalScale scale, Rounding mode,
                                   std::int64_t& out) noexcept;

/// Parses `text` into a count of `scale` increments. On success writes `out` and
/// returns Ok; on error leaves `out` untouched.
/// Example: parse_decimal("61800.20", {1, 1}, Exact, v) → v == 618002.
inline DecimalError parse_decimal(std::string_view text, DecimalScale scale, Rounding mode,
                                  std::int64_t& out) noexcept {
  if (scale.units == 1 && detail::parse_decimal_simple(text, scale.decimals, out)) return DecimalError::Ok;
  return parse_decimal_general(text, scale, mode, out);
}

/// Cold path: derives the grid of an increment string such as a tickSize/stepSize
/// ("0.10" → {1, 1}, "0.5" → {5, 1}, "10" → {10, 0}, "0.00000100" → {1, 6}).
DecimalError parse_scale(std::string_view increment, DecimalScale& out) noexcept;

/// Writes `value` increments of `scale` as decimal text with exactly `scale.decimals`
/// fraction digits (618002 at {1, 1} → "61800.2"; -5 at {5, 1} → "-2.5") into `buf`.
/// Returns the number of bytes written (no terminating NUL), or 0 when `cap` is too small
/// or value × units overflows. Longest possible output: kMaxFormattedDecimal bytes.
std::size_t format_decimal(std::int64_t value, DecimalScale scale, char* buf, std::size_t cap) noexcept;
inline constexpr std::size_t kMaxFormattedDecimal = 41;

/// Re-expresses `value` increments of `from` as increments of `to` (exact when the grids
/// nest, else rounded half away from zero). Returns false on overflow.
bool rescale_decimal(std::int64_t value, DecimalScale from, DecimalScale to, std::int64_t& out) noexcept;

}  // namespace xtb
