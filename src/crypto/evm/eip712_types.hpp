// eip712_types.hpp — EIP-712 struct type definitions: encodeType and typeHash.
//
// Source: EIP-712 "Definition of encodeType" (https://eips.ethereum.org/EIPS/eip-712):
// a struct encodes as `Name(type1 name1,type2 name2,…)`; a type referencing other struct
// types appends each referenced type once — collected transitively, the primary type
// excluded — sorted by name, after the primary. Member types are atomic (abi_word.hpp),
// a struct name, or either followed by array suffixes `[]` / `[N]` (any depth).
// Shapes: a TypeSet holds struct definitions in insertion order (names unique). Text form
// for parse(): the encodeType string itself, "A(uint64 x,B[] bs)B(bool f)" — definitions
// back to back, no spaces except the one between a member's type and name.
// Errors: functions return false with a reason in *error (when non-null): a duplicate or
// malformed name, an unknown member type, a missing primary type.
// Threads: a TypeSet is built on a cold path, then read-only (any thread may read).
// Allocation: cold path only (strings, vectors).
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/evm/bytes.hpp"

namespace xtb::crypto::evm::eip712 {

struct Field {
  std::string type;
  std::string name;
};

struct StructType {
  std::string name;
  std::vector<Field> fields;
};

/// `T[3]` → {"T", 3}; `T[]` → {"T", nullopt}; returns false when `type` has no array suffix
/// or a malformed one.
struct ArraySplit {
  std::string_view element;
  std::optional<std::size_t> length;
};
bool split_array(std::string_view type, ArraySplit& out) noexcept;
/// The type with every array suffix removed ("OrderLeg[][2]" → "OrderLeg").
std::string_view base_type(std::string_view type) noexcept;

class TypeSet {
 public:
  /// Adds a struct type; false on a duplicate or malformed name (member types are checked
  /// by validate(), once every struct is known).
  bool add(StructType type, std::string* error = nullptr);
  const StructType* find(std::string_view name) const noexcept;
  const std::vector<StructType>& types() const noexcept { return types_; }
  /// Every member name is an identifier and every member type is atomic or a known
  /// struct (after array suffixes): then encodeType's text parses back to the same set.
  bool validate(std::string* error = nullptr) const;

  /// Parses an encodeType-form string (see above) into a new set; validates it.
  static bool parse(std::string_view text, TypeSet& out, std::string* error = nullptr);

  /// encodeType(primary): the primary, then its struct dependencies sorted by name.
  bool encode_type(std::string_view primary, std::string& out, std::string* error = nullptr) const;
  /// typeHash(primary) = keccak256(encodeType(primary)).
  bool type_hash(std::string_view primary, Bytes32& out, std::string* error = nullptr) const;

 private:
  void collect(std::string_view name, std::vector<std::string_view>& seen) const;
  std::vector<StructType> types_;
};

}  // namespace xtb::crypto::evm::eip712
