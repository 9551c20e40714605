// schnorr.hpp — Schnorr signatures over ECgFp5 with Poseidon2 challenges, as Lighter uses them.
//
// Sign (hashed message m in Fp5, secret sk, nonce k): r = Encode(k G),
// e = FromGfp5(HashToQuinticExtension(r || m)) (a Scalar), s = k - e sk (mod n).
// Signature bytes: s (40 LE) || e (40 LE). Verify: e == FromGfp5(Hash(Encode(s G + e pk) || m)).
// Parsing is strict: s, e >= n are rejected (poseidon_crypto @315971c5 reduces them instead,
// which makes a signature malleable; every honest signature is canonical, so both agree on
// those). sign_with_nonce is constant time in sk and k; verify is variable time (public data).
// noexcept, allocation-free, any thread.
// References: elliottech/poseidon_crypto signature/schnorr/schnorr.go
// (SchnorrSignHashedMessage2, IsSchnorrSignatureValid), https://github.com/elliottech/poseidon_crypto.
#pragma once
#include <array>
#include <cstdint>
#include <span>

#include "crypto/lighter/fp5.hpp"
#include "crypto/lighter/point.hpp"
#include "crypto/lighter/scalar.hpp"

namespace xtb::crypto::lighter {

struct Signature {
  static constexpr std::size_t kBytes = 80;
  Scalar s, e;

  void to_bytes(std::span<std::uint8_t, kBytes> out) const noexcept;
  std::array<std::uint8_t, kBytes> bytes() const noexcept;
  /// False when s or e is not below n.
  static bool from_bytes(std::span<const std::uint8_t, kBytes> in, Signature& out) noexcept;
  friend bool operator==(const Signature& a, const Signature& b) noexcept { return a.s == b.s && a.e == b.e; }
};

/// e = FromGfp5(HashToQuinticExtension(r || hashed_msg)).
Scalar schnorr_challenge(const Fp5& r, const Fp5& hashed_msg) noexcept;

/// Signature with an explicit nonce k (SchnorrSignHashedMessage2). sk_monty = Scalar::to_monty(sk).
Signature schnorr_sign_with_nonce(const Fp5& hashed_msg, const Scalar& sk_monty, const Scalar& k) noexcept;

/// Verifies under an already decoded public key.
bool schnorr_verify(const Point& pk, const Fp5& hashed_msg, const Signature& sig) noexcept;
/// Verifies under an encoded public key (false when it does not decode).
bool schnorr_verify(const Fp5& pk_encoded, const Fp5& hashed_msg, const Signature& sig) noexcept;

}  // namespace xtb::crypto::lighter
