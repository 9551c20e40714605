// eip712_domain.hpp — the EIP-712 domain separator and the final signing digest.
//
// Source: EIP-712 "Definition of domainSeparator" (https://eips.ethereum.org/EIPS/eip-712):
// domainSeparator = hashStruct(eip712Domain) with type
// `EIP712Domain(string name,string version,uint256 chainId,address verifyingContract,bytes32 salt)`
// keeping only the members present, in that order (GRVT: name, version, chainId —
// no verifyingContract; Polymarket orders: all four but salt). The signed digest is
// keccak256(0x19 ‖ 0x01 ‖ domainSeparator ‖ hashStruct(message)) ("Specification of the
// eth_signTypedData JSON RPC" / §"Specification": `"\x19\x01" ‖ domainSeparator ‖ hashStruct(message)`).
// Shapes: Domain holds the optional members; chainId is a uint64 (every live chain fits).
// Errors: none (every Domain encodes). Threads: any. Allocation: domain_separator is cold
// (builds the type string); eip712_digest is hot-path safe and allocation-free.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "crypto/evm/bytes.hpp"

namespace xtb::crypto::evm::eip712 {

struct Domain {
  std::optional<std::string> name;
  std::optional<std::string> version;
  std::optional<std::uint64_t> chain_id;
  std::optional<Address> verifying_contract;
  std::optional<Bytes32> salt;
};

/// "EIP712Domain(…)" with the members `d` has.
std::string domain_type(const Domain& d);
Bytes32 domain_separator(const Domain& d);

/// keccak256(0x1901 ‖ domain_separator ‖ struct_hash).
Bytes32 eip712_digest(const Bytes32& domain_separator, const Bytes32& struct_hash) noexcept;

}  // namespace xtb::crypto::evm::eip712
