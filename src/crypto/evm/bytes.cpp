// bytes.cpp — see bytes.hpp.
#include "crypto/evm/bytes.hpp"

namespace xtb::crypto::evm {

bool parse_hex(std::string_view hex, std::span<std::uint8_t> out) noexcept {
  hex = strip_0x(hex);
  if (hex.size() != 2 * out.size()) return false;
  for (std::size_t i = 0; i < out.size(); ++i) {
    const int hi = hex_digit(hex[2 * i]);
    const int lo = hex_digit(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return false;
    out[i] = static_cast<std::uint8_t>(hi << 4 | lo);
  }
  return true;
}

void write_hex(std::span<const std::uint8_t> in, char* out) noexcept {
  static constexpr char kDigits[] = "0123456789abcdef";
  for (std::size_t i = 0; i < in.size(); ++i) {
    out[2 * i] = kDigits[in[i] >> 4];
    out[2 * i + 1] = kDigits[in[i] & 15];
  }
}

std::string to_hex_string(std::span<const std::uint8_t> in) {
  std::string s(2 + 2 * in.size(), '0');
  s[1] = 'x';
  write_hex(in, s.data() + 2);
  return s;
}

}  // namespace xtb::crypto::evm
