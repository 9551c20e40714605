// keccak.cpp — see keccak.hpp. Thin layer over CryptoPP::Keccak_256.
#include "crypto/evm/keccak.hpp"

#include <cryptopp/keccak.h>

namespace xtb::crypto::evm {

Bytes32 keccak256(std::span<const std::uint8_t> data) noexcept {
  CryptoPP::Keccak_256 h;
  h.Update(data.data(), data.size());
  Bytes32 out;
  h.Final(out.data());
  return out;
}

Bytes32 keccak256(std::string_view text) noexcept {
  return keccak256(std::span(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
}

struct Keccak256::Impl {
  CryptoPP::Keccak_256 h;
};

Keccak256::Keccak256() : impl_(std::make_unique<Impl>()) {}
Keccak256::~Keccak256() = default;

void Keccak256::update(std::span<const std::uint8_t> data) noexcept { impl_->h.Update(data.data(), data.size()); }

Bytes32 Keccak256::finish() noexcept {
  Bytes32 out;
  impl_->h.Final(out.data());  // Final() = TruncatedFinal() + Restart()
  return out;
}

}  // namespace xtb::crypto::evm
