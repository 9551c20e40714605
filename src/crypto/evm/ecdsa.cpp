// ecdsa.cpp — see ecdsa.hpp. Wraps libsecp256k1's recoverable ECDSA module.
#include "crypto/evm/ecdsa.hpp"

#include <secp256k1_recovery.h>

#include <algorithm>
#include <cstring>

namespace xtb::crypto::evm {
namespace {

// n/2 for secp256k1 (SEC 2 §2.4.1), big-endian.
constexpr Bytes32 kHalfOrder = {0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                0xff, 0xff, 0xff, 0xff, 0xff, 0x5d, 0x57, 0x6e, 0x73, 0x57, 0xa4,
                                0x50, 0x1d, 0xdf, 0xe9, 0x2f, 0x46, 0x68, 0x1b, 0x20, 0xa0};

PublicKey serialize_uncompressed(const secp256k1_context* ctx, const secp256k1_pubkey& pk) noexcept {
  std::uint8_t buf[65];
  std::size_t len = sizeof buf;
  [[maybe_unused]] const int ok = secp256k1_ec_pubkey_serialize(ctx, buf, &len, &pk, SECP256K1_EC_UNCOMPRESSED);
  PublicKey out;
  std::memcpy(out.data(), buf + 1, out.size());  // drop the 0x04 prefix
  return out;
}

}  // namespace

bool sign_digest(const Secp256k1& ctx, const PrivateKey& key, const Bytes32& digest, Signature& out) noexcept {
  secp256k1_ecdsa_recoverable_signature sig;
  if (secp256k1_ecdsa_sign_recoverable(ctx.get(), &sig, digest.data(), key.secret(), nullptr, nullptr) != 1)
    return false;
  std::uint8_t compact[64];
  int recid = 0;
  [[maybe_unused]] const int ok =
      secp256k1_ecdsa_recoverable_signature_serialize_compact(ctx.get(), compact, &recid, &sig);
  std::memcpy(out.r.data(), compact, 32);
  std::memcpy(out.s.data(), compact + 32, 32);
  out.recid = static_cast<std::uint8_t>(recid);
  return true;
}

bool is_low_s(const Signature& sig) noexcept {
  return !std::lexicographical_compare(kHalfOrder.begin(), kHalfOrder.end(), sig.s.begin(), sig.s.end());
}

std::optional<PublicKey> recover_public_key(const Secp256k1& ctx, const Bytes32& digest,
                                            const Signature& sig) noexcept {
  if (sig.recid > 3) return std::nullopt;
  std::uint8_t compact[64];
  std::memcpy(compact, sig.r.data(), 32);
  std::memcpy(compact + 32, sig.s.data(), 32);
  secp256k1_ecdsa_recoverable_signature rs;
  if (secp256k1_ecdsa_recoverable_signature_parse_compact(ctx.get(), &rs, compact, sig.recid) != 1) return std::nullopt;
  secp256k1_pubkey pk;
  if (secp256k1_ecdsa_recover(ctx.get(), &pk, &rs, digest.data()) != 1) return std::nullopt;
  return serialize_uncompressed(ctx.get(), pk);
}

PublicKey public_key_of(const Secp256k1& ctx, const PrivateKey& key) noexcept {
  secp256k1_pubkey pk;
  // The key was validated at construction: creation cannot fail.
  [[maybe_unused]] const int ok = secp256k1_ec_pubkey_create(ctx.get(), &pk, key.secret());
  return serialize_uncompressed(ctx.get(), pk);
}

}  // namespace xtb::crypto::evm
