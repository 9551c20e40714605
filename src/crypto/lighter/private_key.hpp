// private_key.hpp — a Lighter API private key: the secret scalar, its public key, and what
// signing needs precomputed (Montgomery form of sk, the nonce sponge prefix).
//
// Sources of the key: the 40-byte little-endian private key Lighter hands out (reduced
// modulo n, lighter-go signer/key_manager.go NewKeyManager -> ScalarElementFromLittleEndianBytes),
// or a >= 32-byte seed: the 40 bytes SHA256(0x01 || seed) || SHA256(0x02 || seed)[0..8] read as
// a BIG-endian integer mod n (GetScalarFromSeed). Public key = Encode(sk G), 40 bytes LE
// (SchnorrPkFromSk). A zero scalar is refused. https://github.com/elliottech/lighter-go
// Contract: construction is cold (SHA-256 through OpenSSL for seeds, one fixed-base
// multiplication); sign() is allocation-free and constant time in the key. An instance is
// immutable after construction: any number of threads may sign with it concurrently.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "crypto/lighter/fp5.hpp"
#include "crypto/lighter/nonce.hpp"
#include "crypto/lighter/point.hpp"
#include "crypto/lighter/scalar.hpp"
#include "crypto/lighter/schnorr.hpp"

namespace xtb::crypto::lighter {

class PrivateKey {
 public:
  static constexpr std::size_t kBytes = 40;

  /// From the 40-byte little-endian private key; nullopt if it reduces to 0.
  static std::optional<PrivateKey> from_bytes(std::span<const std::uint8_t, kBytes> le) noexcept;
  /// From a hex string of 80 digits (an optional "0x" prefix allowed); nullopt if malformed.
  static std::optional<PrivateKey> from_hex(std::string_view hex) noexcept;
  /// From a seed of at least 32 bytes; nullopt if shorter or the scalar is 0.
  static std::optional<PrivateKey> from_seed(std::span<const std::uint8_t> seed) noexcept;
  static std::optional<PrivateKey> from_scalar(const Scalar& sk) noexcept;

  const Scalar& scalar() const noexcept { return sk_; }
  /// The public key as its Fp5 encoding and as 40 little-endian bytes.
  const Fp5& public_key() const noexcept { return pk_; }
  std::array<std::uint8_t, Fp5::kBytes> public_key_bytes() const noexcept;
  /// The 40-byte little-endian private key (canonical, < n).
  std::array<std::uint8_t, kBytes> bytes() const noexcept;

  /// Signs a hashed message with the deterministic nonce (aux: optional hedging bytes).
  Signature sign(const Fp5& hashed_msg, std::span<const std::uint8_t> aux = {}) const noexcept;
  /// Signs with an explicit nonce (test vectors; k must be secret and unique per message).
  Signature sign_with_nonce(const Fp5& hashed_msg, const Scalar& k) const noexcept;

  PrivateKey(const PrivateKey&) = default;
  PrivateKey& operator=(const PrivateKey&) = default;
  /// Wipes the secret material (sk, its Montgomery form, the keyed sponge state).
  ~PrivateKey();

 private:
  PrivateKey() = default;
  Scalar sk_;
  Scalar sk_monty_;
  Fp5 pk_;
  NoncePrefix nonce_prefix_;
};

}  // namespace xtb::crypto::lighter
