// nonce.hpp — the deterministic (optionally hedged) Schnorr nonce xtb signs with.
//
// Lighter's own signers draw k at random (lighter-go SchnorrSignHashedMessage); any k in
// [1, n) gives a valid signature, so xtb derives it instead, RFC 6979 in spirit, with the
// Poseidon2 sponge keyed by the secret:
//   block 1 = [TAG, sk_0 .. sk_6]   (TAG = "xtbnonce" read as a little-endian word; sk_i the
//                                    48-bit pieces of sk, 7 x 48 >= 320 bits)
//   block 2 = [m_0 .. m_4, a_0, a_1, a_2]  (m the hashed message; a the 48-bit pieces of an
//                                    optional 18-byte "aux" value, zero when absent)
//   8 outputs h_0..h_7 -> k = (h_0 + 2^64 h_1 + ... + 2^448 h_7) mod n (a 512-bit value
//                                    reduced modulo the 319-bit n: bias below 2^-190)
// The same (sk, m) always gives the same k (reproducible signatures); passing fresh random
// aux bytes hedges against fault attacks. The wide reduction makes k's bias negligible.
// The state after block 1 depends only on the key and is cached (NoncePrefix), so a nonce
// costs one permutation. Constant time in sk, m and aux; noexcept, allocation-free, any thread.
#pragma once
#include <array>
#include <cstdint>
#include <span>

#include "crypto/lighter/fp5.hpp"
#include "crypto/lighter/poseidon2.hpp"
#include "crypto/lighter/scalar.hpp"

namespace xtb::crypto::lighter {

inline constexpr std::size_t kNonceAuxBytes = 18;

/// The sponge state after absorbing block 1 for one key.
struct NoncePrefix {
  poseidon2::State state{};
  static NoncePrefix for_key(const Scalar& sk) noexcept;
};

/// k for message m; aux may be empty or exactly kNonceAuxBytes long (other sizes: first 18 bytes).
Scalar deterministic_nonce(const NoncePrefix& prefix, const Fp5& hashed_msg,
                           std::span<const std::uint8_t> aux = {}) noexcept;

}  // namespace xtb::crypto::lighter
