// utf8.cpp — Utf8Validator (RFC 3629 §4 well-formed byte sequences).
#include "net/ws/utf8.hpp"

#include <cstring>

namespace xtb::net {

// Lead byte → number of continuation bytes and the range allowed for the FIRST of them
// (the narrowed ranges exclude overlongs, surrogates and code points above U+10FFFF):
//   00..7F            ASCII
//   C2..DF  80..BF    2-byte
//   E0      A0..BF    3-byte, no overlong
//   E1..EC  80..BF
//   ED      80..9F    3-byte, no surrogates
//   EE..EF  80..BF
//   F0      90..BF    4-byte, no overlong
//   F1..F3  80..BF
//   F4      80..8F    4-byte, ≤ U+10FFFF
//   80..C1, F5..FF    never valid as a lead byte
bool Utf8Validator::lead(std::uint8_t b) noexcept {
  lo_ = 0x80;
  hi_ = 0xBF;
  if (b < 0x80) return true;
  if (b >= 0xC2 && b <= 0xDF) {
    need_ = 1;
  } else if (b >= 0xE0 && b <= 0xEF) {
    need_ = 2;
    if (b == 0xE0) lo_ = 0xA0;
    if (b == 0xED) hi_ = 0x9F;
  } else if (b >= 0xF0 && b <= 0xF4) {
    need_ = 3;
    if (b == 0xF0) lo_ = 0x90;
    if (b == 0xF4) hi_ = 0x8F;
  } else {
    return false;
  }
  return true;
}

bool Utf8Validator::feed(const std::uint8_t* p, std::size_t n) noexcept {
  if (failed_) return false;
  std::size_t i = 0;
  while (i < n) {
    if (need_ == 0) {
      // ASCII fast path: 8 bytes at a time while no byte has its top bit set.
      while (i + 8 <= n) {
        std::uint64_t w;
        std::memcpy(&w, p + i, 8);
        if ((w & 0x8080808080808080ull) != 0) break;
        i += 8;
      }
      if (i == n) break;
      if (!lead(p[i++])) return fail();
      continue;
    }
    const std::uint8_t b = p[i++];
    if (b < lo_ || b > hi_) return fail();
    lo_ = 0x80;
    hi_ = 0xBF;
    --need_;
  }
  return true;
}

}  // namespace xtb::net
