// fuzz_decimal.cpp — libFuzzer target: fixed-point parsing (market/decimal.hpp) of
// arbitrary text under arbitrary grids.
//
// Input layout: byte 0 = grid decimals (mod 19), byte 1 = grid units (1 + byte % 16),
// byte 2 bit 0 = Rounding::Nearest; the rest is the text.
// Invariants (trap on violation): an Exact parse that succeeds formats back to text that
// parses to the same value; Nearest never reports TooPrecise/OffGrid and agrees with
// Exact whenever Exact succeeds; a failed parse leaves the output untouched; the fast
// path and the general path agree.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "market/decimal.hpp"

using namespace xtb;

#define FUZZ_ASSERT(c) \
  do {                 \
    if (!(c)) __builtin_trap(); \
  } while (0)

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 3) return 0;
  const DecimalScale scale{1 + data[1] % 16, static_cast<std::uint8_t>(data[0] % 19)};
  const Rounding mode = (data[2] & 1) ? Rounding::Nearest : Rounding::Exact;
  const std::string_view text(reinterpret_cast<const char*>(data + 3), size - 3);
  constexpr std::int64_t kSentinel = 0x5A5A5A5A;
  std::int64_t v = kSentinel;
  const DecimalError e = parse_decimal(text, scale, mode, v);
  if (e != DecimalError::Ok) FUZZ_ASSERT(v == kSentinel);
  std::int64_t g = kSentinel;
  FUZZ_ASSERT(parse_decimal_general(text, scale, mode, g) == e);
  if (e == DecimalError::Ok) FUZZ_ASSERT(g == v);
  if (mode == Rounding::Nearest) {
    FUZZ_ASSERT(e != DecimalError::TooPrecise && e != DecimalError::OffGrid);
    std::int64_t x = kSentinel;
    if (parse_decimal(text, scale, Rounding::Exact, x) == DecimalError::Ok) FUZZ_ASSERT(x == v);
  }
  if (e == DecimalError::Ok && mode == Rounding::Exact) {
    char buf[kMaxFormattedDecimal];
    const std::size_t n = format_decimal(v, scale, buf, sizeof buf);
    if (n > 0) {
      std::int64_t back = kSentinel;
      FUZZ_ASSERT(parse_decimal(std::string_view(buf, n), scale, Rounding::Exact, back) == DecimalError::Ok);
      FUZZ_ASSERT(back == v);
    }
  }
  return 0;
}
