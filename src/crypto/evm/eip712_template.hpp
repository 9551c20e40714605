// eip712_template.hpp — the hot-path form of hashStruct for one fixed struct type.
//
// Shape: a StructTemplate holds typeHash(T) (computed once, cold) followed by one 32-byte
// word per member of T, in type order, in a fixed in-object buffer of 32·(1 + kMaxFields)
// bytes. The caller writes the members that change per message (set_u64, set_address, …,
// or set() with a word it computed: the keccak of a string, the hashStruct of a nested
// template, array_hash() of an array's element words) and calls hash(), which is
// keccak256(typeHash ‖ words) = EIP-712 hashStruct. Constant members are written once.
// Indices come from index_of() on a cold path. Struct types with more than kMaxFields
// members are refused by make().
// Source: EIP-712 hashStruct/encodeData (https://eips.ethereum.org/EIPS/eip-712); tests
// check every template against the generic encoder (eip712_encoder.hpp) and the vectors.
// Errors: make()/fill() return nullopt/false with a reason in *error; set*(i, …) with
// i ≥ size() is a programming error (assert). Threads: one owner thread at a time (hot
// path: the egress/signing thread). Allocation: make()/fill()/index_of() are cold; set*,
// hash(), array_hash() never allocate.
#pragma once
#include <array>
#include <cassert>
#include <cstddef>
#include <cstring>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "crypto/evm/abi_word.hpp"
#include "crypto/evm/bytes.hpp"
#include "crypto/evm/eip712_types.hpp"
#include "crypto/evm/eip712_value.hpp"

namespace xtb::crypto::evm::eip712 {

class StructTemplate {
 public:
  static constexpr std::size_t kMaxFields = 16;

  static std::optional<StructTemplate> make(const TypeSet& types, std::string_view primary,
                                            std::string* error = nullptr);

  std::size_t size() const noexcept { return type_.fields.size(); }
  const StructType& type() const noexcept { return type_; }
  std::optional<std::size_t> index_of(std::string_view member) const noexcept;
  Bytes32 type_hash() const noexcept;

  void set(std::size_t i, const Bytes32& word) noexcept {
    assert(i < size());
    std::memcpy(buf_.data() + 32 * (i + 1), word.data(), 32);
  }
  void set_u64(std::size_t i, std::uint64_t v) noexcept { set(i, word_u64(v)); }
  void set_i64(std::size_t i, std::int64_t v) noexcept { set(i, word_i64(v)); }
  void set_bool(std::size_t i, bool v) noexcept { set(i, word_bool(v)); }
  void set_address(std::size_t i, const Address& a) noexcept { set(i, word_address(a)); }

  /// Cold: encodes every member of `value` with the generic encoder (constant members,
  /// tests). `types` must be the set the template was made from.
  bool fill(const TypeSet& types, const Value& value, std::string* error = nullptr);

  /// typeHash ‖ member words (32·(1 + size()) bytes).
  std::span<const std::uint8_t> encoded() const noexcept { return {buf_.data(), 32 * (1 + size())}; }
  /// hashStruct = keccak256(encoded()).
  Bytes32 hash() const noexcept;

 private:
  StructTemplate() = default;
  std::array<std::uint8_t, 32 * (1 + kMaxFields)> buf_{};
  StructType type_;
};

/// keccak256 of the words concatenated: the encoding of an array member whose element
/// encodings are `words` (e.g. the hashStructs of an Order's legs).
Bytes32 array_hash(std::span<const Bytes32> words) noexcept;

}  // namespace xtb::crypto::evm::eip712
