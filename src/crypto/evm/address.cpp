// address.cpp — see address.hpp.
#include "crypto/evm/address.hpp"

#include <algorithm>
#include <cstring>

#include "crypto/evm/ecdsa.hpp"
#include "crypto/evm/keccak.hpp"

namespace xtb::crypto::evm {

Address address_of(const PublicKey& pub) noexcept {
  const Bytes32 h = keccak256(pub);
  Address a;
  std::memcpy(a.data(), h.data() + 12, a.size());
  return a;
}

Address address_of(const Secp256k1& ctx, const PrivateKey& key) noexcept { return address_of(public_key_of(ctx, key)); }

Eip55Text eip55(const Address& a) noexcept {
  Eip55Text t;
  t[0] = '0';
  t[1] = 'x';
  write_hex(a, t.data() + 2);
  const Bytes32 h = keccak256(std::string_view(t.data() + 2, 40));
  for (std::size_t i = 0; i < 40; ++i) {
    const int nibble = (i % 2 == 0) ? h[i / 2] >> 4 : h[i / 2] & 15;
    char& c = t[2 + i];
    if (c >= 'a' && nibble >= 8) c = static_cast<char>(c - 'a' + 'A');
  }
  return t;
}

bool parse_address(std::string_view text, Address& out, bool require_checksum) noexcept {
  if (!parse_hex(text, out)) return false;
  if (!require_checksum) return true;
  const std::string_view digits = strip_0x(text);
  const bool has_lower = std::any_of(digits.begin(), digits.end(), [](char c) { return c >= 'a' && c <= 'f'; });
  const bool has_upper = std::any_of(digits.begin(), digits.end(), [](char c) { return c >= 'A' && c <= 'F'; });
  if (!(has_lower && has_upper)) return true;
  const Eip55Text want = eip55(out);
  return std::string_view(want.data() + 2, 40) == digits;
}

}  // namespace xtb::crypto::evm
