// eip712_encoder.hpp — the generic (cold-path) EIP-712 encoder: encodeData and hashStruct
// of a Value tree under a TypeSet.
//
// Source: EIP-712 "Definition of encodeData" and "Definition of hashStruct"
// (https://eips.ethereum.org/EIPS/eip-712): hashStruct(s) = keccak256(typeHash(S) ‖
// encodeData(s)); encodeData is the 32-byte words of the members in type order; a struct
// member encodes as its hashStruct, an array as keccak256 of its elements' encodings
// concatenated, `bytes`/`string` as keccak256 of their content, atomic types as one word
// (abi_word.hpp).
// Limits: nesting depth ≤ kMaxDepth (arrays and structs together) so hostile input cannot
// exhaust the stack; a fixed-size array `T[N]` must have exactly N elements.
// Errors: false with a reason in *error (when non-null): unknown type, missing member,
// wrong array length, a leaf that does not parse as its type, too deep.
// Threads: any (pure over const inputs). Allocation: yes (cold path: tests, fuzzing,
// precomputing a template's constant words).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/evm/bytes.hpp"
#include "crypto/evm/eip712_types.hpp"
#include "crypto/evm/eip712_value.hpp"

namespace xtb::crypto::evm::eip712 {

inline constexpr int kMaxDepth = 32;

/// encodeData(value as struct `type`) without the leading typeHash: 32·fields bytes.
bool encode_data(const TypeSet& types, std::string_view type, const Value& value, std::vector<std::uint8_t>& out,
                 std::string* error = nullptr);
/// hashStruct(value as struct `type`).
bool hash_struct(const TypeSet& types, std::string_view type, const Value& value, Bytes32& out,
                 std::string* error = nullptr);
/// The 32-byte encoding of one member value of (any) type `type`.
bool encode_value(const TypeSet& types, std::string_view type, const Value& value, Bytes32& out,
                  std::string* error = nullptr);

}  // namespace xtb::crypto::evm::eip712
