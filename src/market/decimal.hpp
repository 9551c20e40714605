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
#if defined(__SSE4_1__)
#include <smmintrin.h>
#endif

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

#if defined(__SSE4_1__)
/// Value of the 16-byte digit vector `x` (one decimal digit value 0..9 per byte, most
/// significant first; zero bytes are leading zeros): pmaddubsw, pmaddwd, packusdw,
/// pmaddwd give two 8-digit halves. < 10^16.
[[gnu::always_inline]] inline std::uint64_t digits16_value(__m128i x) noexcept {
  const __m128i pairs = _mm_maddubs_epi16(x, _mm_set1_epi16(0x010A));           // 10·a + b
  const __m128i quads = _mm_madd_epi16(pairs, _mm_set1_epi32(0x00010064));       // 100·a + b
  const __m128i octs = _mm_madd_epi16(_mm_packus_epi32(quads, quads), _mm_set1_epi32(0x00012710));  // 10^4·a + b
  const auto halves = static_cast<std::uint64_t>(_mm_cvtsi128_si64(octs));
  return (halves & 0xFFFFFFFFu) * 100000000u + (halves >> 32);
}

/// Number of leading ASCII digits at `p` (0..16, looking at 16 bytes) and, when it is
/// 1..16, their value in `value`. Reads 16 bytes from `p`.
[[gnu::always_inline]] inline unsigned leading_digits(const char* p, std::uint64_t& value) noexcept {
  const __m128i d = _mm_sub_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)), _mm_set1_epi8('0'));
  const __m128i is_digit = _mm_cmpeq_epi8(_mm_subs_epu8(d, _mm_set1_epi8(9)), _mm_setzero_si128());
  const auto n = static_cast<unsigned>(__builtin_ctz(~static_cast<unsigned>(_mm_movemask_epi8(is_digit))));  // <= 16
  // Right-align the n digits; index bytes with bit 7 set give 0 (leading zeros).
  const __m128i idx = _mm_add_epi8(_mm_setr_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15),
                                   _mm_set1_epi8(static_cast<char>(static_cast<int>(n) - 16)));
  value = digits16_value(_mm_shuffle_epi8(d, idx));
  return n;
}

/// Branch-light core of parse_decimal_padded and parse_decimal_run: parses the decimal
/// at `p` that ends at the first byte that is neither a digit, a '.' nor a leading '-'
/// (its length goes to `len`, at most 15), on a grid with units 1. One 16-byte load
/// classifies all bytes (digit / '.' / '0' masks); one byte shuffle drops the sign and the
/// point and right-aligns the digits that matter (integer digits + fraction digits up to
/// the grid); digits16_value converts them. Fraction digits beyond the grid must be '0'
/// (exact). Returns false for anything else ("1.", ".5", "-", two points, 16+ bytes, a
/// result that might not fit int64), leaving the verdict to the general parser. Reads 16
/// bytes from `p` (kDecimalReadAhead).
[[gnu::always_inline]] inline bool parse_decimal_run_simd(const char* p, unsigned decimals, std::int64_t& out,
                                                          std::size_t& len) noexcept {
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  const __m128i d = _mm_sub_epi8(v, _mm_set1_epi8('0'));  // digits become 0..9
  const __m128i is_digit = _mm_cmpeq_epi8(_mm_subs_epu8(d, _mm_set1_epi8(9)), _mm_setzero_si128());
  const auto digit = static_cast<unsigned>(_mm_movemask_epi8(is_digit));
  const auto dots = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('.'))));
  const unsigned neg = p[0] == '-';
  const auto n = static_cast<unsigned>(__builtin_ctz(~(digit | dots | neg)));  // run length, <= 16
  const unsigned valid = (1u << n) - 1;
  const unsigned dot = dots & valid;
  if (n >= 16 || (dot & (dot - 1)) != 0) return false;  // too long for one vector, two points
  const unsigned int_end = dot ? static_cast<unsigned>(__builtin_ctz(dot)) : n;
  const unsigned int_digits = int_end - neg;
  unsigned frac = dot ? n - int_end - 1 : 0;
  // "", "-", ".5", "1.", and results that might not fit int64 (general path).
  if (int_digits == 0 || (dot && frac == 0) || int_digits + decimals > 18) return false;
  if (frac > decimals) {
    // Digits past the grid: exact only when all are '0'.
    const unsigned zero = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(d, _mm_setzero_si128())));
    const unsigned beyond = valid & ~((1u << (int_end + 1 + decimals)) - 1);
    if ((zero & beyond) != beyond) return false;
    frac = decimals;
  }
  // Output byte i (of 16) takes digit j = i + shift of the text with the point removed;
  // j < 0 gives index bit 7 set, which pshufb turns into 0 (a leading zero digit).
  const unsigned kept = int_digits + frac;  // <= 15
  const __m128i j = _mm_add_epi8(_mm_setr_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15),
                                 _mm_set1_epi8(static_cast<char>(static_cast<int>(neg + kept) - 16)));
  // Digits at or after the point sit one byte further right in the text.
  const __m128i idx = _mm_sub_epi8(j, _mm_cmpgt_epi8(j, _mm_set1_epi8(static_cast<char>(int_end - 1))));
  // Digit values with the sign byte zeroed (it may land in the leading-zero part).
  const std::uint64_t kept_value = digits16_value(_mm_shuffle_epi8(_mm_and_si128(d, is_digit), idx));
  const std::uint64_t mag = kept_value * kPow10[decimals - frac];  // < 10^18: int_digits + decimals <= 18
  out = neg ? -static_cast<std::int64_t>(mag) : static_cast<std::int64_t>(mag);
  len = n;
  return true;
}
#endif
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

/// Bytes that must be readable from `text.data()` for parse_decimal_padded.
inline constexpr std::size_t kDecimalReadAhead = 16;

/// parse_decimal for text that lies inside a padded buffer, such as a field of a simdjson
/// input (which keeps SIMDJSON_PADDING = 64 readable bytes after the document, so any
/// string inside it qualifies). Same results and errors as parse_decimal; may read — never
/// use — bytes up to text.data() + kDecimalReadAhead. This is the decoders' hot path: on
/// x86-64 with SSE4.1 (the project's haswell baseline) a branch-light ~70-instruction
/// sequence with no loop per character (the scalar loop takes ~110 for "61800.20");
/// texts it does not cover, and other CPUs, take parse_decimal_general.
[[gnu::always_inline]] inline DecimalError parse_decimal_padded(std::string_view text, DecimalScale scale,
                                                                Rounding mode, std::int64_t& out) noexcept {
#if defined(__SSE4_1__)
  std::int64_t v = 0;
  std::size_t n = 0;
  if (scale.units == 1 && scale.decimals <= DecimalScale::kMaxDecimals &&
      detail::parse_decimal_run_simd(text.data(), scale.decimals, v, n) && n == text.size()) {
    out = v;
    return DecimalError::Ok;
  }
#endif
  return parse_decimal_general(text, scale, mode, out);  // same results as parse_decimal
}

/// Parses the decimal at the start of a padded buffer (same read-ahead rule as
/// parse_decimal_padded) up to the first byte that cannot belong to it — for a JSON
/// string body, its closing quote — without a separate scan for that end. On success
/// writes `out` and `len` (bytes taken) and returns true; the value is exactly
/// parse_decimal(string_view(p, len), scale, Exact). False when the fast form does not
/// apply (grid units != 1, 16+ bytes, off-grid, malformed): the caller then measures the
/// text itself and uses parse_decimal_padded.
[[gnu::always_inline]] inline bool parse_decimal_run(const char* p, DecimalScale scale, std::int64_t& out,
                                                     std::size_t& len) noexcept {
#if defined(__SSE4_1__)
  return scale.units == 1 && scale.decimals <= DecimalScale::kMaxDecimals &&
         detail::parse_decimal_run_simd(p, scale.decimals, out, len);
#else
  (void)p, (void)scale, (void)out, (void)len;
  return false;
#endif
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
