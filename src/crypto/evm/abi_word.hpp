// abi_word.hpp — EIP-712 atomic types and their 32-byte encodings (encodeData's leaves).
//
// Rules (EIP-712 "Definition of encodeData", https://eips.ethereum.org/EIPS/eip-712):
// bool → 0/1 as uint256; address → uint160, left-padded; uintN → big-endian, left-padded;
// intN → two's complement sign-extended to 256 bits; bytesN (1..32) → right-padded with
// zeros; dynamic `bytes` and `string` → keccak256 of their content.
// Types accepted: uint8..uint256 and int8..int256 in steps of 8, bool, address,
// bytes1..bytes32, bytes, string (no `uint`/`int` aliases: EIP-712 names sizes).
// Value text (cold path, the generic encoder): integers in decimal ("-12" for intN) or
// 0x-hex (non-negative); bool "true"/"false"; address 0x + 40 hex; bytesN 0x + 2N hex;
// bytes 0x + even hex; string as is (UTF-8 bytes).
// Errors: parse_atomic_type / encode_atomic return false (unknown type, malformed text,
// value out of the type's range); `out` is then unspecified.
// Threads: pure, any thread. Hot path: the word_* helpers (allocation-free). encode_atomic
// parses text and allocates for `bytes` values: cold path (generic encoder, precomputation).
#pragma once
#include <cstdint>
#include <cstring>
#include <string_view>

#include "crypto/evm/bytes.hpp"

namespace xtb::crypto::evm {

struct AtomicType {
  enum class Kind : std::uint8_t { Uint, Int, Bool, Address, FixedBytes, Bytes, String };
  Kind kind = Kind::Uint;
  std::uint16_t size = 256;  // bits for Uint/Int, bytes for FixedBytes, 0 otherwise
};

bool parse_atomic_type(std::string_view name, AtomicType& out) noexcept;
bool encode_atomic(const AtomicType& type, std::string_view text, Bytes32& out);

/// Non-negative integer text (decimal or 0x-hex) → 256-bit big-endian word; false on
/// overflow or a bad digit.
bool parse_uint256(std::string_view text, Bytes32& out) noexcept;

inline Bytes32 word_u64(std::uint64_t v) noexcept {
  Bytes32 w{};
  for (int i = 0; i < 8; ++i) w[31 - i] = static_cast<std::uint8_t>(v >> (8 * i));
  return w;
}
inline Bytes32 word_i64(std::int64_t v) noexcept {
  Bytes32 w;
  w.fill(v < 0 ? 0xff : 0x00);
  const auto u = static_cast<std::uint64_t>(v);
  for (int i = 0; i < 8; ++i) w[31 - i] = static_cast<std::uint8_t>(u >> (8 * i));
  return w;
}
inline Bytes32 word_bool(bool b) noexcept { return word_u64(b ? 1 : 0); }
inline Bytes32 word_address(const Address& a) noexcept {
  Bytes32 w{};
  std::memcpy(w.data() + 12, a.data(), a.size());
  return w;
}

}  // namespace xtb::crypto::evm
