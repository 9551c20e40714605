// config_issue.hpp — one problem found in an xtb YAML config, as every config loader reports
// it (strategy, xtb run's venue/engine/pipeline, notify), and the bounded listing of many.
//
//   "closer.yaml:12:21: global.execution.order_ttl_ms: must be an integer in [1, 3600000], got '-5'"
//   "closer.yaml: <override> engine.run_id: must be 1..12 chars of [A-Za-z0-9_]"   (set by --set)
//   "closer.yaml: (file): cannot be read: No such file or directory"                (no position)
// Text is escaped (yaml::printable): control characters and NUL bytes never reach a terminal.
// Thread: cold path. Allocates.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

namespace xtb {

struct ConfigIssue {
  std::string file;
  int line = 0, column = 0;    ///< 1-based; 0 = no position (whole file, or an override)
  std::string field;           ///< "global.execution.order_ttl_ms"
  std::string message;
  bool from_override = false;  ///< the value came from an override (--set), not the file
  /// "file:line:col: field: message", "file: <override> field: message" or "file: field: message".
  std::string text() const;
};

/// At most this many issues are listed; the rest are counted ("... and N more errors").
inline constexpr std::size_t kMaxListedIssues = 50;

/// One issue per line, at most `max_listed`, then "... and N more errors" when cut.
std::string format_issues(const std::vector<ConfigIssue>& issues, std::size_t max_listed = kMaxListedIssues);

}  // namespace xtb
