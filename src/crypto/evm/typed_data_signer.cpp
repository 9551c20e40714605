// typed_data_signer.cpp — see typed_data_signer.hpp.
#include "crypto/evm/typed_data_signer.hpp"

#include "crypto/evm/address.hpp"
#include "crypto/evm/eip712_domain.hpp"

namespace xtb::crypto::evm::eip712 {

TypedDataSigner::TypedDataSigner(const Secp256k1& ctx, const PrivateKey& key, const Bytes32& domain_separator)
    : ctx_(ctx), key_(key), address_(address_of(ctx, key)), domain_separator_(domain_separator) {}

Bytes32 TypedDataSigner::digest(const StructTemplate& message) const noexcept {
  return eip712_digest(domain_separator_, message.hash());
}

bool TypedDataSigner::sign(const StructTemplate& message, Signature& out) const noexcept {
  return sign_digest(digest(message), out);
}

bool TypedDataSigner::sign_digest(const Bytes32& digest, Signature& out) const noexcept {
  return evm::sign_digest(ctx_, key_, digest, out);
}

}  // namespace xtb::crypto::evm::eip712
