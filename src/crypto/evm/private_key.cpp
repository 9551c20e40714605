// private_key.cpp — see private_key.hpp.
#include "crypto/evm/private_key.hpp"

#include <secp256k1.h>

#include <cstring>  // explicit_bzero

namespace xtb::crypto::evm {

std::optional<PrivateKey> PrivateKey::from_bytes(const Bytes32& be) noexcept {
  if (secp256k1_ec_seckey_verify(secp256k1_context_static, be.data()) != 1) return std::nullopt;
  PrivateKey k;
  k.k_ = be;
  return k;
}

std::optional<PrivateKey> PrivateKey::from_hex(std::string_view hex) noexcept {
  Bytes32 b{};
  std::optional<PrivateKey> k;
  if (parse_hex(hex, b)) k = from_bytes(b);
  explicit_bzero(b.data(), b.size());
  return k;
}

PrivateKey::~PrivateKey() { explicit_bzero(k_.data(), k_.size()); }

}  // namespace xtb::crypto::evm
