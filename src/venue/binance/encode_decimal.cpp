// encode_decimal.cpp — see encode_decimal.hpp.
#include "venue/binance/encode_decimal.hpp"

namespace xtb::binance {

std::size_t format_scaled(std::int64_t count, DecimalScale unit, char* out, std::size_t cap) noexcept {
  std::int64_t value = 0;
  if (unit.units <= 0 || unit.decimals > DecimalScale::kMaxDecimals) return 0;
  if (__builtin_mul_overflow(count, unit.units, &value)) return 0;

  // Digits of |value|, least significant first. uint64 holds |INT64_MIN|.
  const bool negative = value < 0;
  std::uint64_t magnitude = negative ? (~static_cast<std::uint64_t>(value) + 1u)
                                     : static_cast<std::uint64_t>(value);
  char rev[20];
  std::size_t n = 0;
  do {
    rev[n++] = static_cast<char>('0' + magnitude % 10);
    magnitude /= 10;
  } while (magnitude != 0);

  // Drop trailing fractional zeros (they are the lowest digits).
  const std::size_t scale = unit.decimals;
  std::size_t skip = 0;
  while (skip < scale && skip < n && rev[skip] == '0') ++skip;
  if (skip == n) return (cap >= 1) ? (out[0] = '0', 1) : 0;  // value is zero
  const std::size_t frac_digits = scale - skip;

  // Layout: [-] int_part [. zeros frac]
  const std::size_t int_digits = (n > scale) ? n - scale : 0;
  const std::size_t lead_zeros = (n < scale) ? scale - n : 0;  // "0.00ddd"
  const std::size_t total = (negative ? 1 : 0) + (int_digits == 0 ? 1 : int_digits) +
                            (frac_digits > 0 ? 1 + frac_digits : 0);
  if (total > cap) return 0;

  std::size_t pos = 0;
  if (negative) out[pos++] = '-';
  if (int_digits == 0) {
    out[pos++] = '0';
  } else {
    for (std::size_t i = 0; i < int_digits; ++i) out[pos++] = rev[n - 1 - i];
  }
  if (frac_digits > 0) {
    out[pos++] = '.';
    for (std::size_t i = 0; i < lead_zeros; ++i) out[pos++] = '0';
    // Remaining fractional digits: from rev[min(n, scale) - 1 - lead...] down to rev[skip].
    const std::size_t top = (n < scale ? n : scale);  // index one past the highest frac digit
    for (std::size_t i = top; i > skip; --i) out[pos++] = rev[i - 1];
  }
  return pos;
}

}  // namespace xtb::binance
