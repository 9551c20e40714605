// signature_format.cpp — see signature_format.hpp.
#include "crypto/evm/signature_format.hpp"

#include <cstring>

namespace xtb::crypto::evm {

Rsv65 to_rsv(const Signature& sig, VStyle style) noexcept {
  Rsv65 out;
  std::memcpy(out.data(), sig.r.data(), 32);
  std::memcpy(out.data() + 32, sig.s.data(), 32);
  out[64] = v_byte(sig, style);
  return out;
}

void write_rsv_hex(const Signature& sig, VStyle style, std::span<char, kRsvHexChars> out) noexcept {
  const Rsv65 b = to_rsv(sig, style);
  out[0] = '0';
  out[1] = 'x';
  write_hex(b, out.data() + 2);
}

std::string rsv_hex(const Signature& sig, VStyle style) { return to_hex_string(to_rsv(sig, style)); }

bool parse_rsv(std::span<const std::uint8_t, 65> rsv, Signature& out) noexcept {
  const std::uint8_t v = rsv[64];
  if (v != 0 && v != 1 && v != 27 && v != 28) return false;
  std::memcpy(out.r.data(), rsv.data(), 32);
  std::memcpy(out.s.data(), rsv.data() + 32, 32);
  out.recid = static_cast<std::uint8_t>(v >= 27 ? v - 27 : v);
  return true;
}

bool parse_rsv_hex(std::string_view hex, Signature& out) noexcept {
  Rsv65 b;
  return parse_hex(hex, b) && parse_rsv(b, out);
}

}  // namespace xtb::crypto::evm
