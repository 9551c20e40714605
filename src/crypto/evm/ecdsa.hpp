// ecdsa.hpp — secp256k1 ECDSA over a 32-byte digest: sign with RFC 6979 nonces (low s,
// recovery id), recover the public key, derive the public key of a private key.
//
// Shapes: Signature = r (32 B, big-endian) ‖ s (32 B, big-endian, always ≤ n/2 from
// sign_digest) ‖ recid (0 or 1: parity of R.y; 2/3, R.x ≥ n, never occur in practice).
// Sources: RFC 6979 §3.2 (deterministic k, HMAC-SHA256) as implemented by libsecp256k1's
// default nonce function (secp256k1_nonce_function_rfc6979); low s per BIP 62 / EIP-2
// (libsecp256k1 always emits the lower s and flips recid to match); recovery per SEC 1
// §4.1.6 (secp256k1_ecdsa_recover). Bit-exact against the GRVT and Polymarket SDK vectors.
// Errors: sign_digest returns false only if libsecp256k1 refuses (an invalid key cannot
// reach it: PrivateKey validates); recover_public_key returns nullopt for r or s out of
// range, recid > 3, or no point. Threads: any, with a shared const Secp256k1.
// Hot path: sign_digest and recover_public_key are allocation-free.
#pragma once
#include <cstdint>
#include <optional>

#include "crypto/evm/bytes.hpp"
#include "crypto/evm/private_key.hpp"
#include "crypto/evm/secp256k1_context.hpp"

namespace xtb::crypto::evm {

struct Signature {
  Bytes32 r{};
  Bytes32 s{};
  std::uint8_t recid = 0;  // 0/1 (v = 27 + recid in Ethereum's legacy form)
  bool operator==(const Signature&) const = default;
};

/// Signs `digest` (already hashed: the EIP-712 digest) with an RFC 6979 nonce.
bool sign_digest(const Secp256k1& ctx, const PrivateKey& key, const Bytes32& digest, Signature& out) noexcept;

/// True when s ≤ n/2 (the only form GRVT and Ethereum accept, EIP-2).
bool is_low_s(const Signature& sig) noexcept;

/// The 64-byte uncompressed public key (X ‖ Y) that produced `sig` over `digest`.
std::optional<PublicKey> recover_public_key(const Secp256k1& ctx, const Bytes32& digest, const Signature& sig) noexcept;

/// The 64-byte uncompressed public key of `key` (cold path: one scalar multiplication).
PublicKey public_key_of(const Secp256k1& ctx, const PrivateKey& key) noexcept;

}  // namespace xtb::crypto::evm
