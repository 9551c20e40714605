// fuzz_yaml_document.cpp — libFuzzer target: the strict YAML document reader every config
// loader shares (core/yaml_document.hpp: control characters, flow depth pre-scan, the event
// pass for duplicate / complex keys, documents, depth, node cap and unclosed quotes).
// Invariant: parse_yaml_document never throws or crashes; a document that passes has a
// non-null root; every issue has a field and a message, its text holds no raw control byte
// (D16/C17), and at most 51 issues are returned (50 + "stopped after 50 problems").
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/yaml_document.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  const xtb::yaml::YamlDocument doc = xtb::yaml::parse_yaml_document(in);
  if (doc.ok() && (!doc.root.IsDefined() || doc.root.IsNull())) __builtin_trap();
  if (doc.issues.size() > 51) __builtin_trap();
  for (const xtb::yaml::YamlIssue& i : doc.issues) {
    if (i.field.empty() || i.message.empty()) __builtin_trap();
    for (const char c : xtb::yaml::issue_text(i)) {
      const unsigned char u = static_cast<unsigned char>(c);
      if ((u < 0x20 && c != '\t' && c != '\n' && c != '\r') || u == 0x7F) __builtin_trap();
    }
  }
  return 0;
}
