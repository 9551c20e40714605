// secp256k1_context.hpp — the one libsecp256k1 context the kit signs and recovers with.
//
// Library: Debian libsecp256k1-dev 0.2.0 (pkg-config libsecp256k1; module recovery,
// secp256k1_recovery.h) — Bitcoin Core's constant-time secp256k1, the reference the EVM
// clients themselves use. Our code only wraps it.
// Lifetime: create one Secp256k1 on a cold path (it allocates the context and seeds its
// side-channel blinding with 32 bytes from getrandom(2); blinding does not change any
// signature, RFC 6979 nonces stay deterministic) and pass it by reference afterwards.
// Threads: after construction the context is only read: any number of threads may sign
// and recover with it concurrently. Errors: construction throws std::runtime_error if the
// library cannot create the context (out of memory).
#pragma once
#include <secp256k1.h>

namespace xtb::crypto::evm {

class Secp256k1 {
 public:
  Secp256k1();
  ~Secp256k1();
  Secp256k1(const Secp256k1&) = delete;
  Secp256k1& operator=(const Secp256k1&) = delete;

  const secp256k1_context* get() const noexcept { return ctx_; }

 private:
  secp256k1_context* ctx_ = nullptr;
};

}  // namespace xtb::crypto::evm
