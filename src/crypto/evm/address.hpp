// address.hpp — Ethereum addresses: derivation from a public key and EIP-55 text.
//
// Rule (Ethereum yellow paper, Appendix F): address = the last 20 bytes of
// keccak256(X ‖ Y), the 64-byte uncompressed public key without its 0x04 prefix.
// EIP-55 (https://eips.ethereum.org/EIPS/eip-55): hex digit i is upper-case iff it is a
// letter and nibble i of keccak256(lower-case hex text) is ≥ 8.
// Shapes: Address 20 B; Eip55Text "0x" + 40 chars. Errors: parse_address returns false on
// bad length/hex; with `require_checksum` also when mixed case does not match EIP-55
// (all-lower or all-upper text carries no checksum and is accepted).
// Threads: pure, any thread; allocation-free.
#pragma once
#include <array>
#include <string_view>

#include "crypto/evm/bytes.hpp"
#include "crypto/evm/private_key.hpp"
#include "crypto/evm/secp256k1_context.hpp"

namespace xtb::crypto::evm {

using Eip55Text = std::array<char, 42>;

Address address_of(const PublicKey& pub) noexcept;
/// Cold path: the address of a private key (one scalar multiplication).
Address address_of(const Secp256k1& ctx, const PrivateKey& key) noexcept;

Eip55Text eip55(const Address& a) noexcept;
bool parse_address(std::string_view text, Address& out, bool require_checksum = false) noexcept;

}  // namespace xtb::crypto::evm
