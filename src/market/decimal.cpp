// decimal.cpp — see decimal.hpp. Hot path: parse_decimal runs for every price/quantity
// field of every market-data message, so it is a single forward pass with no division
// unless the grid's units differ from 1 (tick 0.5, 0.25, 5, ...).
#include "market/decimal.hpp"

namespace xtb {
namespace {

__extension__ typedef __int128 i128;  // GCC/Clang 128-bit integer (pedantic-clean)

constexpr std::uint64_t kPow10[20] = {
    1ull, 10ull, 100ull, 1000ull, 10000ull, 100000ull, 1000000ull, 10000000ull, 100000000ull,
    1000000000ull, 10000000000ull, 100000000000ull, 1000000000000ull, 10000000000000ull,
    100000000000000ull, 1000000000000000ull, 10000000000000000ull, 100000000000000000ull,
    1000000000000000000ull, 10000000000000000000ull};

constexpr std::uint64_t kInt64Max = 0x7FFF'FFFF'FFFF'FFFFull;

inline bool is_digit(char c) noexcept { return static_cast<unsigned char>(c - '0') < 10; }

// Appends one decimal digit to `acc`; false on uint64 overflow.
inline bool push_digit(std::uint64_t& acc, unsigned d) noexcept {
  return !__builtin_mul_overflow(acc, 10u, &acc) && !__builtin_add_overflow(acc, d, &acc);
}

// Scanned digits of a decimal string, before grid and sign are applied.
struct Scanned {
  std::uint64_t mantissa = 0;  // digits kept, value = mantissa × 10^-kept_frac
  unsigned kept_frac = 0;      // fraction digits kept (<= decimals)
  unsigned first_dropped = 0;  // first fraction digit beyond `decimals` (rounding digit)
  bool dropped_nonzero = false;
  bool negative = false;
};

// Scans `-?digits(.digits)?`, keeping at most `decimals` fraction digits.
DecimalError scan(std::string_view t, unsigned decimals, Scanned& s) noexcept {
  const char* p = t.data();
  const char* const end = p + t.size();
  if (p == end) return DecimalError::Empty;
  if (*p == '-') { s.negative = true; ++p; }
  const char* int_start = p;
  for (; p != end && is_digit(*p); ++p)
    if (!push_digit(s.mantissa, static_cast<unsigned>(*p - '0'))) return DecimalError::Overflow;
  if (p == int_start) return DecimalError::Malformed;
  if (p == end) return DecimalError::Ok;
  if (*p != '.') return DecimalError::Malformed;
  const char* frac_start = ++p;
  for (; p != end && is_digit(*p); ++p) {
    const unsigned d = static_cast<unsigned>(*p - '0');
    if (s.kept_frac < decimals) {
      if (!push_digit(s.mantissa, d)) return DecimalError::Overflow;
      ++s.kept_frac;
    } else {
      if (p - frac_start == static_cast<std::ptrdiff_t>(decimals)) s.first_dropped = d;
      s.dropped_nonzero |= d != 0;
    }
  }
  if (p == frac_start || p != end) return DecimalError::Malformed;
  return DecimalError::Ok;
}

}  // namespace

const char* to_string(DecimalError e) noexcept {
  switch (e) {
    case DecimalError::Ok: return "ok";
    case DecimalError::Empty: return "empty";
    case DecimalError::Malformed: return "malformed";
    case DecimalError::TooPrecise: return "too-precise";
    case DecimalError::OffGrid: return "off-grid";
    case DecimalError::Overflow: return "overflow";
    case DecimalError::BadScale: return "bad-scale";
  }
  return "?";
}

DecimalError parse_decimal_general(std::string_view text, DecimalScale scale, Rounding mode,
                                   std::int64_t& out) noexcept {
  if (scale.decimals > DecimalScale::kMaxDecimals || scale.units < 1) return DecimalError::BadScale;
  Scanned s;
  if (const DecimalError e = scan(text, scale.decimals, s); e != DecimalError::Ok) return e;
  std::uint64_t v = s.mantissa;
  if (__builtin_mul_overflow(v, kPow10[scale.decimals - s.kept_frac], &v)) return DecimalError::Overflow;
  if (s.dropped_nonzero) {
    if (mode == Rounding::Exact) return DecimalError::TooPrecise;
    if (s.first_dropped >= 5 && __builtin_add_overflow(v, 1u, &v)) return DecimalError::Overflow;
  }
  if (scale.units != 1) {
    const auto units = static_cast<std::uint64_t>(scale.units);
    const std::uint64_t rem = v % units;
    v /= units;
    if (rem != 0) {
      if (mode == Rounding::Exact) return DecimalError::OffGrid;
      if (rem >= units - rem) ++v;  // half away from zero (magnitude rounds up at .5)
    }
  }
  if (v > kInt64Max) return DecimalError::Overflow;
  out = s.negative ? -static_cast<std::int64_t>(v) : static_cast<std::int64_t>(v);
  return DecimalError::Ok;
}

DecimalError parse_scale(std::string_view increment, DecimalScale& out) noexcept {
  // Count the significant fraction digits (trailing zeros do not refine the grid).
  std::size_t dot = increment.find('.');
  unsigned decimals = 0;
  if (dot != std::string_view::npos) {
    std::size_t last = increment.size();
    while (last > dot + 1 && increment[last - 1] == '0') --last;
    decimals = static_cast<unsigned>(last - dot - 1);
  }
  if (decimals > DecimalScale::kMaxDecimals) return DecimalError::BadScale;
  std::int64_t units = 0;
  const DecimalError e = parse_decimal(increment, DecimalScale{1, static_cast<std::uint8_t>(decimals)},
                                       Rounding::Exact, units);
  if (e != DecimalError::Ok) return e;
  if (units <= 0) return DecimalError::BadScale;
  out = DecimalScale{units, static_cast<std::uint8_t>(decimals)};
  return DecimalError::Ok;
}

std::size_t format_decimal(std::int64_t value, DecimalScale scale, char* buf, std::size_t cap) noexcept {
  if (scale.decimals > DecimalScale::kMaxDecimals || scale.units < 1) return 0;
  std::int64_t scaled = 0;
  if (__builtin_mul_overflow(value, scale.units, &scaled)) return 0;
  const bool neg = scaled < 0;
  // Magnitude as unsigned so INT64_MIN is representable.
  const std::uint64_t mag = neg ? 0ull - static_cast<std::uint64_t>(scaled) : static_cast<std::uint64_t>(scaled);
  const std::uint64_t ip = mag / kPow10[scale.decimals];
  std::uint64_t fp = mag % kPow10[scale.decimals];
  char tmp[kMaxFormattedDecimal];
  std::size_t n = 0;
  for (unsigned i = 0; i < scale.decimals; ++i) { tmp[n++] = static_cast<char>('0' + fp % 10); fp /= 10; }
  if (scale.decimals) tmp[n++] = '.';
  std::uint64_t x = ip;
  do { tmp[n++] = static_cast<char>('0' + x % 10); x /= 10; } while (x);
  if (neg) tmp[n++] = '-';
  if (n > cap) return 0;
  for (std::size_t i = 0; i < n; ++i) buf[i] = tmp[n - 1 - i];
  return n;
}

bool rescale_decimal(std::int64_t value, DecimalScale from, DecimalScale to, std::int64_t& out) noexcept {
  if (from.units < 1 || to.units < 1 || from.decimals > DecimalScale::kMaxDecimals ||
      to.decimals > DecimalScale::kMaxDecimals)
    return false;
  // value × from.units × 10^(to.decimals - from.decimals) / to.units, in 128-bit.
  i128 num = static_cast<i128>(value) * from.units;  // |.| < 2^126: cannot overflow
  i128 den = to.units;
  if (to.decimals >= from.decimals) {
    if (__builtin_mul_overflow(num, static_cast<i128>(kPow10[to.decimals - from.decimals]), &num)) return false;
  } else {
    den *= static_cast<i128>(kPow10[from.decimals - to.decimals]);  // <= 2^63 · 10^18 < 2^127
  }
  const bool neg = num < 0;
  const i128 mag = neg ? -num : num;
  i128 q = mag / den;
  if ((mag % den) * 2 >= den) ++q;
  if (q > static_cast<i128>(kInt64Max)) return false;
  out = neg ? -static_cast<std::int64_t>(q) : static_cast<std::int64_t>(q);
  return true;
}

}  // namespace xtb
