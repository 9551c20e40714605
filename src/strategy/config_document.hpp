// config_document.hpp — the first step of every loader of an xtb config file: the file read
// and checked as one strict YAML document (core/yaml_document.hpp: errno, duplicate keys,
// second document, depth, control characters, ...) and the --set overrides applied
// (core/yaml_override.hpp). The strategy loader and `xtb run`'s loader then read their
// sections from the same root, so the file is read, checked and overridden once.
// Thread: cold path (start-up). Allocates; throws nothing.
#pragma once
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "core/config_issue.hpp"

namespace xtb::strategy {

struct ConfigDocument {
  std::string file;
  YAML::Node root;                  ///< usable only when has_root
  bool has_root = false;            ///< read and checked (a map or not: the loaders say)
  std::set<std::string> overridden; ///< dotted fields set by overrides (reported as <override>)
  std::vector<ConfigIssue> errors;  ///< file, YAML and override problems
};

/// Checks `text` (labelled `file` in messages) and applies `overrides` ("dotted.path=value").
ConfigDocument prepare_config_text(std::string_view text, std::string_view file,
                                   const std::vector<std::string>& overrides = {});

/// Reads `path` (errors name the reason: errno, a directory, too large), then as above.
ConfigDocument prepare_config_file(const std::string& path, const std::vector<std::string>& overrides = {});

}  // namespace xtb::strategy
