// secp256k1_context.cpp — see secp256k1_context.hpp.
#include "crypto/evm/secp256k1_context.hpp"

#include <sys/random.h>

#include <array>
#include <cstdint>
#include <stdexcept>

namespace xtb::crypto::evm {

Secp256k1::Secp256k1() : ctx_(secp256k1_context_create(SECP256K1_CONTEXT_NONE)) {
  if (ctx_ == nullptr) throw std::runtime_error("secp256k1_context_create failed");
  std::array<std::uint8_t, 32> seed{};
  // Blinding only: if getrandom fails the context stays unblinded but correct.
  if (getrandom(seed.data(), seed.size(), 0) == static_cast<ssize_t>(seed.size())) {
    [[maybe_unused]] const int ok = secp256k1_context_randomize(ctx_, seed.data());
  }
  seed.fill(0);
}

Secp256k1::~Secp256k1() { secp256k1_context_destroy(ctx_); }

}  // namespace xtb::crypto::evm
