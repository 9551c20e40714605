// fuzz_eip712_encoder.cpp — libFuzzer target: the cold-path EIP-712 encoder of
// src/crypto/evm on arbitrary eth_signTypedData-style JSON:
//   {"types": {"Name": [{"name": "...", "type": "..."}, ...], ...},
//    "primaryType": "Name", "domain": {...}, "message": {...}}
// (any part may be missing or malformed). JSON is read with simdjson's DOM; objects become
// struct values, arrays arrays, scalars value text.
// Invariants: never a crash, hang or UB; and when the types validate, the round trip
// holds: TypeSet::parse(encodeType(primary)) gives a set whose encodeType(primary) is the
// same text and whose hashStruct(message) is the same hash; a StructTemplate filled from
// the message hashes to the same value; the domain (if "EIP712Domain" is among the types)
// encodes like any struct.
#include <simdjson.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "crypto/evm/eip712_encoder.hpp"
#include "crypto/evm/eip712_template.hpp"

namespace e7 = xtb::crypto::evm::eip712;

namespace {

void check(bool ok) {
  if (!ok) std::abort();
}

e7::Value to_value(simdjson::dom::element e, int depth) {
  e7::Value v;
  if (depth > 64) return v;
  switch (e.type()) {
    case simdjson::dom::element_type::OBJECT:
      for (auto [k, x] : simdjson::dom::object(e)) v.set(std::string(k), to_value(x, depth + 1));
      break;
    case simdjson::dom::element_type::ARRAY:
      for (auto x : simdjson::dom::array(e)) v.children.push_back(to_value(x, depth + 1));
      break;
    case simdjson::dom::element_type::STRING: v.text = std::string(std::string_view(e)); break;
    case simdjson::dom::element_type::INT64: v.text = std::to_string(std::int64_t(e)); break;
    case simdjson::dom::element_type::UINT64: v.text = std::to_string(std::uint64_t(e)); break;
    case simdjson::dom::element_type::BOOL: v.text = bool(e) ? "true" : "false"; break;
    default: break;
  }
  return v;
}

/// "types" → TypeSet; false when the JSON does not have the shape (the encoder is not
/// involved then).
bool read_types(simdjson::dom::element root, e7::TypeSet& types) {
  simdjson::dom::object obj;
  if (root["types"].get(obj) != simdjson::SUCCESS) return false;
  for (auto [name, members] : obj) {
    simdjson::dom::array arr;
    if (members.get(arr) != simdjson::SUCCESS) return false;
    e7::StructType t{std::string(name), {}};
    for (auto m : arr) {
      std::string_view fname, ftype;
      if (m["name"].get(fname) != simdjson::SUCCESS || m["type"].get(ftype) != simdjson::SUCCESS) return false;
      t.fields.push_back({std::string(ftype), std::string(fname)});
    }
    if (!types.add(std::move(t))) return false;
  }
  return true;
}

void round_trip(const e7::TypeSet& types, std::string_view primary, const e7::Value& message) {
  std::string enc, again;
  if (!types.encode_type(primary, enc)) return;
  e7::TypeSet back;
  std::string err;
  check(e7::TypeSet::parse(enc, back, &err));
  check(back.encode_type(primary, again));
  check(again == enc);
  xtb::crypto::evm::Bytes32 h1, h2, th1, th2;
  check(types.type_hash(primary, th1) && back.type_hash(primary, th2) && th1 == th2);
  const bool ok1 = e7::hash_struct(types, primary, message, h1);
  const bool ok2 = e7::hash_struct(back, primary, message, h2);
  check(ok1 == ok2);
  if (!ok1) return;
  check(h1 == h2);
  auto tpl = e7::StructTemplate::make(types, primary);
  if (tpl && tpl->fill(types, message)) check(tpl->hash() == h1);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(reinterpret_cast<const char*>(data), size).get(root) != simdjson::SUCCESS) return 0;
  e7::TypeSet types;
  if (!read_types(root, types)) return 0;
  std::string err;
  const bool valid = types.validate(&err);
  std::string_view primary;
  if (root["primaryType"].get(primary) != simdjson::SUCCESS) primary = "";
  simdjson::dom::element msg, dom;
  const e7::Value message = root["message"].get(msg) == simdjson::SUCCESS ? to_value(msg, 0) : e7::Value{};
  xtb::crypto::evm::Bytes32 h;
  (void)e7::hash_struct(types, primary, message, h, &err);  // must not crash, valid or not
  if (root["domain"].get(dom) == simdjson::SUCCESS)
    (void)e7::hash_struct(types, "EIP712Domain", to_value(dom, 0), h, &err);
  if (valid) round_trip(types, primary, message);
  return 0;
}
