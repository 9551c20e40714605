// eip712_encoder.cpp — see eip712_encoder.hpp.
#include "crypto/evm/eip712_encoder.hpp"

#include "crypto/evm/abi_word.hpp"
#include "crypto/evm/keccak.hpp"

namespace xtb::crypto::evm::eip712 {
namespace {

bool fail(std::string* error, std::string_view what, std::string_view name) {
  if (error != nullptr) *error = std::string(what) + " '" + std::string(name) + "'";
  return false;
}

bool value_word(const TypeSet& types, std::string_view type, const Value& value, Bytes32& out, std::string* error,
                int depth);

bool struct_data(const TypeSet& types, std::string_view type, const Value& value, std::vector<std::uint8_t>& out,
                 std::string* error, int depth) {
  const StructType* t = types.find(type);
  if (t == nullptr) return fail(error, "unknown struct type", type);
  out.clear();
  out.reserve(32 * t->fields.size());
  for (const auto& f : t->fields) {
    const Value* m = value.member(f.name);
    if (m == nullptr) return fail(error, "missing member", f.name);
    Bytes32 w;
    if (!value_word(types, f.type, *m, w, error, depth + 1)) return false;
    out.insert(out.end(), w.begin(), w.end());
  }
  return true;
}

bool struct_hash(const TypeSet& types, std::string_view type, const Value& value, Bytes32& out, std::string* error,
                 int depth) {
  Bytes32 th;
  if (!types.type_hash(type, th, error)) return false;
  std::vector<std::uint8_t> data;
  if (!struct_data(types, type, value, data, error, depth)) return false;
  data.insert(data.begin(), th.begin(), th.end());
  out = keccak256(data);
  return true;
}

bool array_word(const TypeSet& types, const ArraySplit& a, const Value& value, Bytes32& out, std::string* error,
                int depth) {
  if (a.length && *a.length != value.children.size()) return fail(error, "wrong array length for", a.element);
  std::vector<std::uint8_t> data;
  data.reserve(32 * value.children.size());
  for (const Value& e : value.children) {
    Bytes32 w;
    if (!value_word(types, a.element, e, w, error, depth + 1)) return false;
    data.insert(data.end(), w.begin(), w.end());
  }
  out = keccak256(data);
  return true;
}

bool value_word(const TypeSet& types, std::string_view type, const Value& value, Bytes32& out, std::string* error,
                int depth) {
  if (depth > kMaxDepth) return fail(error, "nesting too deep at", type);
  ArraySplit a;
  if (type.ends_with(']')) {
    if (!split_array(type, a)) return fail(error, "malformed array type", type);
    return array_word(types, a, value, out, error, depth);
  }
  if (types.find(type) != nullptr) return struct_hash(types, type, value, out, error, depth);
  AtomicType at;
  if (!parse_atomic_type(type, at)) return fail(error, "unknown type", type);
  if (!encode_atomic(at, value.text, out)) return fail(error, "bad value for", type);
  return true;
}

}  // namespace

bool encode_data(const TypeSet& types, std::string_view type, const Value& value, std::vector<std::uint8_t>& out,
                 std::string* error) {
  return struct_data(types, type, value, out, error, 0);
}

bool hash_struct(const TypeSet& types, std::string_view type, const Value& value, Bytes32& out, std::string* error) {
  return struct_hash(types, type, value, out, error, 0);
}

bool encode_value(const TypeSet& types, std::string_view type, const Value& value, Bytes32& out, std::string* error) {
  return value_word(types, type, value, out, error, 0);
}

}  // namespace xtb::crypto::evm::eip712
