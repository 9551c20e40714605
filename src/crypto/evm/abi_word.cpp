// abi_word.cpp — see abi_word.hpp.
#include "crypto/evm/abi_word.hpp"

#include <charconv>
#include <vector>

#include "crypto/evm/keccak.hpp"

namespace xtb::crypto::evm {
namespace {

bool parse_size(std::string_view digits, unsigned& out) noexcept {
  if (digits.empty() || digits[0] == '0') return false;
  const auto r = std::from_chars(digits.data(), digits.data() + digits.size(), out);
  return r.ec == std::errc{} && r.ptr == digits.data() + digits.size();
}

/// w = w·10 + d; false on overflow past 256 bits.
bool mul10_add(Bytes32& w, unsigned d) noexcept {
  unsigned carry = d;
  for (int i = 31; i >= 0; --i) {
    const unsigned v = w[i] * 10u + carry;
    w[i] = static_cast<std::uint8_t>(v & 0xff);
    carry = v >> 8;
  }
  return carry == 0;
}

/// Number of significant bits of a big-endian word.
unsigned bit_length(const Bytes32& w) noexcept {
  for (unsigned i = 0; i < 32; ++i) {
    if (w[i] == 0) continue;
    unsigned bits = 8;
    while ((w[i] >> (bits - 1)) == 0) --bits;
    return (31 - i) * 8 + bits;
  }
  return 0;
}

void negate(Bytes32& w) noexcept {
  unsigned carry = 1;
  for (int i = 31; i >= 0; --i) {
    const unsigned v = static_cast<std::uint8_t>(~w[i]) + carry;
    w[i] = static_cast<std::uint8_t>(v & 0xff);
    carry = v >> 8;
  }
}

bool parse_hex_uint(std::string_view hex, Bytes32& out) noexcept {
  while (hex.size() > 1 && hex[0] == '0') hex.remove_prefix(1);
  if (hex.empty() || hex.size() > 64) return false;
  out.fill(0);
  for (std::size_t i = 0; i < hex.size(); ++i) {
    const int d = hex_digit(hex[hex.size() - 1 - i]);
    if (d < 0) return false;
    out[31 - i / 2] |= static_cast<std::uint8_t>(i % 2 == 0 ? d : d << 4);
  }
  return true;
}

bool encode_int(const AtomicType& t, std::string_view text, Bytes32& out) noexcept {
  const bool negative = t.kind == AtomicType::Kind::Int && !text.empty() && text[0] == '-';
  if (negative) text.remove_prefix(1);
  if (!parse_uint256(text, out)) return false;
  const unsigned bits = bit_length(out);
  if (t.kind == AtomicType::Kind::Uint) return bits <= t.size;
  if (!negative) return bits <= t.size - 1u;
  // -2^(size-1) is the most negative value: magnitude bits ≤ size-1, or exactly 2^(size-1).
  if (bits > t.size) return false;
  if (bits == t.size) {
    Bytes32 edge{};
    edge[31 - (t.size - 1) / 8] = static_cast<std::uint8_t>(1u << ((t.size - 1) % 8));
    if (out != edge) return false;
  }
  negate(out);
  return true;
}

bool encode_dynamic_bytes(std::string_view text, Bytes32& out) {
  text = strip_0x(text);
  if (text.size() % 2 != 0) return false;
  std::vector<std::uint8_t> bytes(text.size() / 2);
  if (!parse_hex(text, bytes)) return false;
  out = keccak256(bytes);
  return true;
}

}  // namespace

bool parse_uint256(std::string_view text, Bytes32& out) noexcept {
  if (text.size() >= 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X'))
    return parse_hex_uint(text.substr(2), out);
  if (text.empty()) return false;
  out.fill(0);
  for (char c : text) {
    if (c < '0' || c > '9' || !mul10_add(out, static_cast<unsigned>(c - '0'))) return false;
  }
  return true;
}

bool parse_atomic_type(std::string_view name, AtomicType& out) noexcept {
  using K = AtomicType::Kind;
  unsigned n = 0;
  if (name == "bool")
    out = {K::Bool, 0};
  else if (name == "address")
    out = {K::Address, 0};
  else if (name == "string")
    out = {K::String, 0};
  else if (name == "bytes")
    out = {K::Bytes, 0};
  else if (name.starts_with("uint") && parse_size(name.substr(4), n) && n % 8 == 0 && n <= 256)
    out = {K::Uint, static_cast<std::uint16_t>(n)};
  else if (name.starts_with("int") && parse_size(name.substr(3), n) && n % 8 == 0 && n <= 256)
    out = {K::Int, static_cast<std::uint16_t>(n)};
  else if (name.starts_with("bytes") && parse_size(name.substr(5), n) && n <= 32)
    out = {K::FixedBytes, static_cast<std::uint16_t>(n)};
  else
    return false;
  return true;
}

bool encode_atomic(const AtomicType& t, std::string_view text, Bytes32& out) {
  using K = AtomicType::Kind;
  switch (t.kind) {
    case K::Uint:
    case K::Int: return encode_int(t, text, out);
    case K::Bool:
      if (text != "true" && text != "false") return false;
      out = word_bool(text == "true");
      return true;
    case K::Address: {
      Address a;
      if (!parse_hex(text, a)) return false;
      out = word_address(a);
      return true;
    }
    case K::FixedBytes: out.fill(0); return parse_hex(text, std::span(out.data(), t.size));
    case K::Bytes: return encode_dynamic_bytes(text, out);
    case K::String: out = keccak256(text); return true;
  }
  return false;
}

}  // namespace xtb::crypto::evm
