// yaml_override.cpp — see yaml_override.hpp.
#include "core/yaml_override.hpp"

#include <yaml-cpp/yaml.h>

#include <vector>

#include "core/yaml_document.hpp"

namespace xtb::yaml {

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
