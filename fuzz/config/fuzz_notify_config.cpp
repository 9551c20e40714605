// fuzz_notify_config.cpp — libFuzzer target: the `notify:` section parser
// (parse_notify_config: YAML node → NotifyConfig + ConfigIssues) fed with arbitrary YAML.
//
// Input layout: YAML text; the `notify` key of a top-level map is parsed, else the whole
// document. YAML syntax errors are the loader's (caught here, as load_run_config does).
// Invariant: parse_notify_config never throws or crashes; every issue has a message;
// sends() answers for every alert kind.
#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "notify/notify_config.hpp"

using namespace xtb;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(reinterpret_cast<const char*>(data), size));
  } catch (const YAML::Exception&) {
    return 0;  // syntax: reported by the file loader before this parser runs
  }
  const YAML::Node node = root.IsMap() && root["notify"] ? root["notify"] : root;
  std::vector<ConfigIssue> issues;
  const notify::NotifyConfig c = notify::parse_notify_config(node, "fuzz.yaml", issues);
  for (const ConfigIssue& i : issues)
    if (i.message.empty()) __builtin_trap();
  for (std::size_t k = 0; k < notify::kAlertKinds; ++k) (void)c.sends(static_cast<AlertKind>(k));
  (void)notify::to_string(c.kind);
  return 0;
}
