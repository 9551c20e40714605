// eip712_value.hpp — a typed-data message as a small tree, for the cold-path encoder.
//
// Shapes: a Value is one of three things, decided by the EIP-712 type it is encoded as
// (eip712_encoder.hpp), not by itself:
//   atomic  → `text` (abi_word.hpp's value text: "123", "-5", "0x…", "true", any string);
//   array   → `children` are the elements, `names` is empty;
//   struct  → `children` are the members, `names[i]` names `children[i]` (any order; a
//             member the type does not name is ignored, a missing one is an error).
// Used by tests, the fuzz target and precomputation (domain separators, type hashes);
// the hot path uses StructTemplate (eip712_template.hpp) instead.
// Threads: plain data. Allocation: everything here allocates (cold path).
#pragma once
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

namespace xtb::crypto::evm::eip712 {

struct Value {
  std::string text;
  std::vector<std::string> names;
  std::vector<Value> children;

  static Value atom(std::string t) {
    Value v;
    v.text = std::move(t);
    return v;
  }
  static Value array(std::vector<Value> elements) {
    Value v;
    v.children = std::move(elements);
    return v;
  }
  static Value object(std::initializer_list<std::pair<std::string, Value>> members) {
    Value v;
    for (const auto& [name, value] : members) v.set(name, value);
    return v;
  }
  /// Adds or replaces struct member `name`.
  void set(const std::string& name, Value value) {
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (names[i] == name) {
        children[i] = std::move(value);
        return;
      }
    }
    names.push_back(name);
    children.push_back(std::move(value));
  }
  const Value* member(std::string_view name) const noexcept {
    for (std::size_t i = 0; i < names.size(); ++i)
      if (names[i] == name) return &children[i];
    return nullptr;
  }
};

}  // namespace xtb::crypto::evm::eip712
