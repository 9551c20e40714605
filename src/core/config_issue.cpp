// config_issue.cpp — see config_issue.hpp.
#include "core/config_issue.hpp"

#include "core/yaml_document.hpp"

namespace xtb {

std::string ConfigIssue::text() const {
  const std::string f = yaml::printable(file);
  const std::string rest = yaml::printable(field) + ": " + yaml::printable(message);
  if (line > 0) return f + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + rest;
  if (from_override) return f + ": <override> " + rest;
  return f + ": " + rest;
}

std::string format_issues(const std::vector<ConfigIssue>& issues, std::size_t max_listed) {
  std::string s;
  for (std::size_t i = 0; i < issues.size() && i < max_listed; ++i) s += issues[i].text() + "\n";
  if (issues.size() > max_listed)
    s += "... and " + std::to_string(issues.size() - max_listed) + " more error" +
         (issues.size() - max_listed == 1 ? "" : "s") + "\n";
  return s;
}

}  // namespace xtb
