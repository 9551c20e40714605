// eip712_template.cpp — see eip712_template.hpp.
#include "crypto/evm/eip712_template.hpp"

#include "crypto/evm/eip712_encoder.hpp"
#include "crypto/evm/keccak.hpp"

namespace xtb::crypto::evm::eip712 {

std::optional<StructTemplate> StructTemplate::make(const TypeSet& types, std::string_view primary, std::string* error) {
  const StructType* t = types.find(primary);
  Bytes32 th;
  if (t == nullptr || !types.validate(error) || !types.type_hash(primary, th, error)) {
    if (error != nullptr && t == nullptr) *error = "unknown struct type '" + std::string(primary) + "'";
    return std::nullopt;
  }
  if (t->fields.size() > kMaxFields) {
    if (error != nullptr) *error = "too many members in '" + std::string(primary) + "'";
    return std::nullopt;
  }
  StructTemplate tpl;
  tpl.type_ = *t;
  std::memcpy(tpl.buf_.data(), th.data(), 32);
  return tpl;
}

std::optional<std::size_t> StructTemplate::index_of(std::string_view member) const noexcept {
  for (std::size_t i = 0; i < size(); ++i)
    if (type_.fields[i].name == member) return i;
  return std::nullopt;
}

Bytes32 StructTemplate::type_hash() const noexcept {
  Bytes32 th;
  std::memcpy(th.data(), buf_.data(), 32);
  return th;
}

bool StructTemplate::fill(const TypeSet& types, const Value& value, std::string* error) {
  for (std::size_t i = 0; i < size(); ++i) {
    const Field& f = type_.fields[i];
    const Value* m = value.member(f.name);
    if (m == nullptr) {
      if (error != nullptr) *error = "missing member '" + f.name + "'";
      return false;
    }
    Bytes32 w;
    if (!encode_value(types, f.type, *m, w, error)) return false;
    set(i, w);
  }
  return true;
}

Bytes32 StructTemplate::hash() const noexcept { return keccak256(encoded()); }

Bytes32 array_hash(std::span<const Bytes32> words) noexcept {
  static_assert(sizeof(Bytes32) == 32);
  return keccak256(std::span(reinterpret_cast<const std::uint8_t*>(words.data()), 32 * words.size()));
}

}  // namespace xtb::crypto::evm::eip712
