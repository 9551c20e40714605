// lighter_vectors.cpp — see lighter_vectors.hpp.
#include "lighter_vectors.hpp"

#include <stdexcept>

namespace xtb::crypto::lighter::test {

simdjson::dom::element load_vectors(simdjson::dom::parser& parser, const std::string& relative) {
  const std::string path = std::string(XTB_DATA_DIR) + "/lighter/" + relative;
  simdjson::dom::element root;
  if (parser.load(path).get(root) != simdjson::SUCCESS) throw std::runtime_error("cannot load " + path);
  return root;
}

std::vector<std::uint8_t> unhex(std::string_view hex) {
  auto nib = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    throw std::runtime_error("bad hex");
  };
  if (hex.size() % 2 != 0) throw std::runtime_error("odd hex length");
  std::vector<std::uint8_t> out(hex.size() / 2);
  for (std::size_t i = 0; i < out.size(); ++i)
    out[i] = static_cast<std::uint8_t>(nib(hex[2 * i]) << 4 | nib(hex[2 * i + 1]));
  return out;
}

std::string to_hex(const std::uint8_t* data, std::size_t n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string s(2 * n, '0');
  for (std::size_t i = 0; i < n; ++i) {
    s[2 * i] = kDigits[data[i] >> 4];
    s[2 * i + 1] = kDigits[data[i] & 15];
  }
  return s;
}

Fp fp_from_hex(std::string_view hex) {
  const auto b = unhex(hex);
  if (b.size() != 8) throw std::runtime_error("Fp hex must be 8 bytes");
  std::uint64_t w = 0;
  for (unsigned i = 0; i < 8; ++i) w |= static_cast<std::uint64_t>(b[i]) << (8 * i);
  return Fp(w);
}

std::string fp_to_hex(Fp x) {
  std::array<std::uint8_t, 8> b;
  const std::uint64_t w = x.canonical();
  for (unsigned i = 0; i < 8; ++i) b[i] = static_cast<std::uint8_t>(w >> (8 * i));
  return to_hex(b.data(), 8);
}

std::array<std::uint8_t, 40> bytes40(std::string_view hex) {
  const auto b = unhex(hex);
  if (b.size() != 40) throw std::runtime_error("expected 40 bytes");
  std::array<std::uint8_t, 40> out;
  for (unsigned i = 0; i < 40; ++i) out[i] = b[i];
  return out;
}

Fp5 fp5_from_hex(std::string_view hex) {
  const auto b = bytes40(hex);
  Fp5 x;
  for (unsigned i = 0; i < 5; ++i) {
    std::uint64_t w = 0;
    for (unsigned j = 0; j < 8; ++j) w |= static_cast<std::uint64_t>(b[i * 8 + j]) << (8 * j);
    x.c[i] = Fp(w);
  }
  return x;
}

std::string fp5_to_hex(const Fp5& x) {
  std::array<std::uint8_t, 40> b;
  x.to_bytes(b);
  return to_hex(b.data(), b.size());
}

Scalar scalar_from_hex(std::string_view hex) { return Scalar::from_bytes_reduce(bytes40(hex)); }

std::string scalar_to_hex(const Scalar& s) {
  std::array<std::uint8_t, 40> b;
  s.to_bytes(b);
  return to_hex(b.data(), b.size());
}

std::vector<std::uint64_t> u64_array(simdjson::dom::element arr) {
  std::vector<std::uint64_t> out;
  for (simdjson::dom::element e : arr.get_array()) out.push_back(e.get_uint64());
  return out;
}

Fp5 fp5_from_limbs(simdjson::dom::element arr) {
  const auto v = u64_array(arr);
  if (v.size() != 5) throw std::runtime_error("expected 5 limbs");
  return Fp5(Fp(v[0]), Fp(v[1]), Fp(v[2]), Fp(v[3]), Fp(v[4]));
}

}  // namespace xtb::crypto::lighter::test
