// eip712_domain.cpp — see eip712_domain.hpp.
#include "crypto/evm/eip712_domain.hpp"

#include <cstring>
#include <vector>

#include "crypto/evm/abi_word.hpp"
#include "crypto/evm/keccak.hpp"

namespace xtb::crypto::evm::eip712 {

std::string domain_type(const Domain& d) {
  std::string t = "EIP712Domain(";
  auto add = [&](bool present, const char* member) {
    if (!present) return;
    if (t.back() != '(') t += ',';
    t += member;
  };
  add(d.name.has_value(), "string name");
  add(d.version.has_value(), "string version");
  add(d.chain_id.has_value(), "uint256 chainId");
  add(d.verifying_contract.has_value(), "address verifyingContract");
  add(d.salt.has_value(), "bytes32 salt");
  return t + ')';
}

Bytes32 domain_separator(const Domain& d) {
  std::vector<Bytes32> words{keccak256(domain_type(d))};
  if (d.name) words.push_back(keccak256(*d.name));
  if (d.version) words.push_back(keccak256(*d.version));
  if (d.chain_id) words.push_back(word_u64(*d.chain_id));
  if (d.verifying_contract) words.push_back(word_address(*d.verifying_contract));
  if (d.salt) words.push_back(*d.salt);
  static_assert(sizeof(Bytes32) == 32);
  return keccak256(std::span(reinterpret_cast<const std::uint8_t*>(words.data()), 32 * words.size()));
}

Bytes32 eip712_digest(const Bytes32& domain_separator, const Bytes32& struct_hash) noexcept {
  std::uint8_t buf[66];
  buf[0] = 0x19;
  buf[1] = 0x01;
  std::memcpy(buf + 2, domain_separator.data(), 32);
  std::memcpy(buf + 34, struct_hash.data(), 32);
  return keccak256(std::span(buf, sizeof buf));
}

}  // namespace xtb::crypto::evm::eip712
