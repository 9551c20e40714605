// yaml_override.cpp — see yaml_override.hpp.
#include "core/yaml_override.hpp"

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <vector>

#include "core/yaml_document.hpp"

namespace xtb::yaml {
namespace {

// "0".."999" → the index; anything else → SIZE_MAX (no entry).
std::size_t list_index(const std::string& p) {
  if (p.empty() || p.size() > 3) return SIZE_MAX;
  std::size_t v = 0;
  for (const char c : p) {
    if (c < '0' || c > '9') return SIZE_MAX;
    v = v * 10 + static_cast<std::size_t>(c - '0');
  }
  return v;
}

}  // namespace

bool apply_override(YAML::Node& root, const std::string& assignment, std::string& field, std::string& error) {
  const std::string shown = "override '" + printable(assignment) + "'";
  const std::size_t eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0) {
    error = shown + " is not key=value";
    return false;
  }
  field = assignment.substr(0, eq);
  std::vector<std::string> parts;
  for (std::size_t b = 0;;) {
    const std::size_t dot = field.find('.', b);
    parts.push_back(field.substr(b, dot == std::string::npos ? std::string::npos : dot - b));
    if (dot == std::string::npos) break;
    b = dot + 1;
  }
  for (const std::string& p : parts)
    if (p.empty()) {
      error = shown + " has an empty key in its path";
      return false;
    }
  if (!root.IsMap()) {
    error = shown + ": the document is not a map";
    return false;
  }
  // Walk (creating maps) with fresh Node handles: assigning to a handle rebinds it. A step
  // through a scalar or a list throws YAML::BadSubscript: an error like any other bad override.
  try {
    std::vector<YAML::Node> path{root};
    for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
      const YAML::Node next = path.back()[parts[i]];
      if (next.IsSequence() && i + 2 < parts.size()) {  // "venues.1.rest_url": an existing entry
        const std::size_t at = list_index(parts[i + 1]);
        if (at >= next.size()) {
          error = shown + ": '" + printable(parts[i]) + "' has " + std::to_string(next.size()) + " entries, no '" +
                  printable(parts[i + 1]) + "'";
          return false;
        }
        path.push_back(next);
        path.push_back(next[at]);
        if (!path.back().IsMap()) {
          error = shown + ": '" + printable(parts[i]) + "." + parts[i + 1] + "' is " + node_kind(path.back()) +
                  ", not a map";
          return false;
        }
        ++i;
        continue;
      }
      if (next.IsDefined() && !next.IsNull() && !next.IsMap()) {
        error = shown + ": '" + printable(parts[i]) + "' is " + node_kind(next) + ", not a map";
        return false;
      }
      path.push_back(next);
    }
    path.back()[parts.back()] = assignment.substr(eq + 1);
  } catch (const YAML::Exception& e) {
    error = shown + ": " + printable(e.msg);
    return false;
  }
  return true;
}

}  // namespace xtb::yaml
