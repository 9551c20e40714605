// evm_test_util.cpp — see evm_test_util.hpp.
#include "evm_test_util.hpp"

#include <algorithm>
#include <stdexcept>

namespace xtb::crypto::evm::test {

namespace {

/// Puts quotes around integer literals too long for 64 bits (simdjson refuses them).
std::string quote_big_integers(std::string_view in) {
  std::string out;
  out.reserve(in.size() + 64);
  bool in_string = false;
  for (std::size_t i = 0; i < in.size(); ++i) {
    const char c = in[i];
    if (in_string) {
      out += c;
      if (c == '\\' && i + 1 < in.size())
        out += in[++i];
      else if (c == '"')
        in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    std::size_t j = i;
    while (j < in.size() && in[j] >= '0' && in[j] <= '9') ++j;
    if (j - i > 19) {
      out += '"';
      out.append(in.substr(i, j - i));
      out += '"';
      i = j - 1;
      continue;
    }
    out += c;
  }
  return out;
}

}  // namespace

const Secp256k1& ctx() {
  static const Secp256k1 c;
  return c;
}

simdjson::dom::element load_data(simdjson::dom::parser& parser, const std::string& relative) {
  const std::string path = std::string(XTB_DATA_DIR) + "/" + relative;
  simdjson::padded_string raw;
  if (simdjson::padded_string::load(path).get(raw) != simdjson::SUCCESS)
    throw std::runtime_error("cannot read " + path);
  const std::string text = quote_big_integers(std::string_view(raw.data(), raw.size()));
  simdjson::dom::element root;
  if (parser.parse(text).get(root) != simdjson::SUCCESS) throw std::runtime_error("cannot parse " + path);
  return root;
}

std::string scalar_text(simdjson::dom::element e) {
  switch (e.type()) {
    case simdjson::dom::element_type::STRING: return std::string(std::string_view(e));
    case simdjson::dom::element_type::INT64: return std::to_string(std::int64_t(e));
    case simdjson::dom::element_type::UINT64: return std::to_string(std::uint64_t(e));
    case simdjson::dom::element_type::BOOL: return bool(e) ? "true" : "false";
    default: throw std::runtime_error("not a scalar");
  }
}

eip712::Value to_value(simdjson::dom::element e) {
  if (e.type() == simdjson::dom::element_type::OBJECT) {
    eip712::Value v;
    for (auto [k, x] : simdjson::dom::object(e)) v.set(std::string(k), to_value(x));
    return v;
  }
  if (e.type() == simdjson::dom::element_type::ARRAY) {
    eip712::Value v;
    for (auto x : simdjson::dom::array(e)) v.children.push_back(to_value(x));
    return v;
  }
  return eip712::Value::atom(scalar_text(e));
}

std::string str(simdjson::dom::element obj, std::string_view key) {
  std::string_view s;
  return obj[key].get(s) == simdjson::SUCCESS ? std::string(s) : std::string();
}

Bytes32 b32(std::string_view hex) {
  Bytes32 out;
  if (!parse_hex(hex, out)) throw std::runtime_error("bad 32-byte hex: " + std::string(hex));
  return out;
}

std::string hex(std::span<const std::uint8_t> bytes) { return to_hex_string(bytes).substr(2); }

std::uint64_t scale_decimal(std::string_view text, int places) {
  std::uint64_t v = 0;
  int frac = -1;  // digits seen after the point, -1 before it
  for (char c : text) {
    if (c == '.') {
      if (frac >= 0) throw std::runtime_error("two points");
      frac = 0;
      continue;
    }
    if (c < '0' || c > '9') throw std::runtime_error("bad decimal");
    if (frac >= places) continue;  // truncate
    v = v * 10 + static_cast<std::uint64_t>(c - '0');
    if (frac >= 0) ++frac;
  }
  for (int i = std::max(frac, 0); i < places; ++i) v *= 10;
  return v;
}

}  // namespace xtb::crypto::evm::test
