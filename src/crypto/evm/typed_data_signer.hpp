// typed_data_signer.hpp — signs EIP-712 messages for one key under one domain.
//
// Shape: the signing key (PrivateKey, wiped on destruction), its address (derived once),
// the precomputed domain separator (eip712_domain.hpp), and a reference to the shared
// Secp256k1 context, which must outlive the signer.
// sign(msg) = ECDSA(RFC 6979, low s) over keccak256(0x1901 ‖ domainSeparator ‖ msg.hash())
// (EIP-712 §Specification; ecdsa.hpp). Output forms: signature_format.hpp.
// Errors: sign returns false only if libsecp256k1 refuses (not reachable with a valid key).
// Threads: construction is cold; digest/sign are const and may run on any thread.
// Hot path: digest() and sign() are allocation-free (checked by
// tests/crypto/evm/test_evm_alloc.cpp; timed by bench/evm).
#pragma once
#include "crypto/evm/bytes.hpp"
#include "crypto/evm/ecdsa.hpp"
#include "crypto/evm/eip712_template.hpp"
#include "crypto/evm/private_key.hpp"
#include "crypto/evm/secp256k1_context.hpp"

namespace xtb::crypto::evm::eip712 {

class TypedDataSigner {
 public:
  TypedDataSigner(const Secp256k1& ctx, const PrivateKey& key, const Bytes32& domain_separator);

  const Address& address() const noexcept { return address_; }
  const Bytes32& domain_separator() const noexcept { return domain_separator_; }

  Bytes32 digest(const StructTemplate& message) const noexcept;
  bool sign(const StructTemplate& message, Signature& out) const noexcept;
  /// Signs an EIP-712 digest computed elsewhere (e.g. a wrapped ERC-7739 digest).
  bool sign_digest(const Bytes32& digest, Signature& out) const noexcept;

 private:
  const Secp256k1& ctx_;
  PrivateKey key_;
  Address address_;
  Bytes32 domain_separator_;
};

}  // namespace xtb::crypto::evm::eip712
