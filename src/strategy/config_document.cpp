// config_document.cpp — see config_document.hpp.
#include "strategy/config_document.hpp"

#include <yaml-cpp/yaml.h>

#include "core/yaml_document.hpp"
#include "core/yaml_override.hpp"

namespace xtb::strategy {
namespace {

void take(ConfigDocument& doc, yaml::YamlDocument&& y, const std::vector<std::string>& overrides) {
  for (yaml::YamlIssue& i : y.issues)
    doc.errors.push_back(ConfigIssue{doc.file, i.line, i.column, std::move(i.field), std::move(i.message), false});
  if (!y.ok()) return;
  doc.root = y.root;
  doc.has_root = true;
  for (const std::string& o : overrides) {
    std::string field, err;
    if (yaml::apply_override(doc.root, o, field, err)) doc.overridden.insert(field);
    else doc.errors.push_back(ConfigIssue{doc.file, 0, 0, "(override)", err, true});
  }
}

}  // namespace

ConfigDocument prepare_config_text(std::string_view text, std::string_view file,
                                   const std::vector<std::string>& overrides) {
  ConfigDocument doc;
  doc.file = std::string(file);
  take(doc, yaml::parse_yaml_document(text), overrides);
  return doc;
}

ConfigDocument prepare_config_file(const std::string& path, const std::vector<std::string>& overrides) {
  ConfigDocument doc;
  doc.file = path;
  std::string text, error;
  if (!yaml::read_yaml_file(path, text, error)) {
    doc.errors.push_back(ConfigIssue{path, 0, 0, "(file)", error, false});
    return doc;
  }
  take(doc, yaml::parse_yaml_document(text), overrides);
  return doc;
}

}  // namespace xtb::strategy
