// eip712_types.cpp — see eip712_types.hpp.
#include "crypto/evm/eip712_types.hpp"

#include <algorithm>
#include <charconv>

#include "crypto/evm/abi_word.hpp"
#include "crypto/evm/keccak.hpp"

namespace xtb::crypto::evm::eip712 {
namespace {

bool identifier(std::string_view s) noexcept {
  auto head = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$'; };
  if (s.empty() || !head(s[0])) return false;
  return std::all_of(s.begin() + 1, s.end(), [&](char c) { return head(c) || (c >= '0' && c <= '9'); });
}

void fail(std::string* error, std::string_view what, std::string_view name) {
  if (error != nullptr) *error = std::string(what) + " '" + std::string(name) + "'";
}

/// One member "type name" (no other spaces).
bool parse_member(std::string_view text, Field& out) {
  const auto sp = text.find(' ');
  if (sp == std::string_view::npos || text.find(' ', sp + 1) != std::string_view::npos) return false;
  out.type = std::string(text.substr(0, sp));
  out.name = std::string(text.substr(sp + 1));
  return !out.type.empty() && identifier(out.name);
}

/// One definition "Name(m1,m2,…)" at the front of `text`; consumes it.
bool parse_definition(std::string_view& text, StructType& out, std::string* error) {
  const auto open = text.find('(');
  const auto close = text.find(')');
  if (open == std::string_view::npos || close == std::string_view::npos || close < open) {
    fail(error, "unterminated definition", text);
    return false;
  }
  out.name = std::string(text.substr(0, open));
  std::string_view body = text.substr(open + 1, close - open - 1);
  text.remove_prefix(close + 1);
  while (!body.empty()) {
    const auto comma = body.find(',');
    Field f;
    if (!parse_member(body.substr(0, comma), f)) {
      fail(error, "malformed member", body.substr(0, comma));
      return false;
    }
    out.fields.push_back(std::move(f));
    if (comma == std::string_view::npos) break;
    body.remove_prefix(comma + 1);
    if (body.empty()) {
      fail(error, "trailing comma in", out.name);
      return false;
    }
  }
  return true;
}

}  // namespace

bool split_array(std::string_view type, ArraySplit& out) noexcept {
  if (type.empty() || type.back() != ']') return false;
  const auto open = type.rfind('[');
  if (open == std::string_view::npos || open == 0) return false;
  const std::string_view inside = type.substr(open + 1, type.size() - open - 2);
  out.element = type.substr(0, open);
  out.length.reset();
  if (inside.empty()) return true;
  std::size_t n = 0;
  const auto r = std::from_chars(inside.data(), inside.data() + inside.size(), n);
  if (r.ec != std::errc{} || r.ptr != inside.data() + inside.size()) return false;
  out.length = n;
  return true;
}

std::string_view base_type(std::string_view type) noexcept {
  const auto open = type.find('[');
  return open == std::string_view::npos ? type : type.substr(0, open);
}

bool TypeSet::add(StructType type, std::string* error) {
  AtomicType at;
  if (!identifier(type.name) || parse_atomic_type(type.name, at)) {
    fail(error, "malformed struct name", type.name);
    return false;
  }
  if (find(type.name) != nullptr) {
    fail(error, "duplicate struct", type.name);
    return false;
  }
  types_.push_back(std::move(type));
  return true;
}

const StructType* TypeSet::find(std::string_view name) const noexcept {
  for (const auto& t : types_)
    if (t.name == name) return &t;
  return nullptr;
}

bool TypeSet::validate(std::string* error) const {
  for (const auto& t : types_) {
    for (const auto& f : t.fields) {
      if (!identifier(f.name)) {
        fail(error, "malformed member name", f.name);
        return false;
      }
      std::string_view ty = f.type;
      ArraySplit a;
      while (ty.ends_with(']')) {
        if (!split_array(ty, a)) {
          fail(error, "malformed array type", f.type);
          return false;
        }
        ty = a.element;
      }
      AtomicType at;
      if (!identifier(ty) || (find(ty) == nullptr && !parse_atomic_type(ty, at))) {
        fail(error, "unknown member type", f.type);
        return false;
      }
    }
  }
  return true;
}

bool TypeSet::parse(std::string_view text, TypeSet& out, std::string* error) {
  out = TypeSet{};
  while (!text.empty()) {
    StructType t;
    if (!parse_definition(text, t, error) || !out.add(std::move(t), error)) return false;
  }
  return out.validate(error);
}

void TypeSet::collect(std::string_view name, std::vector<std::string_view>& seen) const {
  if (std::find(seen.begin(), seen.end(), name) != seen.end()) return;
  const StructType* t = find(name);
  if (t == nullptr) return;
  seen.push_back(t->name);
  for (const auto& f : t->fields) collect(base_type(f.type), seen);
}

bool TypeSet::encode_type(std::string_view primary, std::string& out, std::string* error) const {
  if (find(primary) == nullptr) {
    fail(error, "unknown primary type", primary);
    return false;
  }
  std::vector<std::string_view> seen;
  collect(primary, seen);
  std::sort(seen.begin() + 1, seen.end());  // seen[0] is the primary
  out.clear();
  for (std::string_view name : seen) {
    const StructType& t = *find(name);
    out += t.name;
    out += '(';
    for (std::size_t i = 0; i < t.fields.size(); ++i) {
      if (i != 0) out += ',';
      out += t.fields[i].type;
      out += ' ';
      out += t.fields[i].name;
    }
    out += ')';
  }
  return true;
}

bool TypeSet::type_hash(std::string_view primary, Bytes32& out, std::string* error) const {
  std::string enc;
  if (!encode_type(primary, enc, error)) return false;
  out = keccak256(enc);
  return true;
}

}  // namespace xtb::crypto::evm::eip712
