// yaml_document.hpp — reading one YAML config document strictly: the checks every config
// loader shares (xtb run/check-config, strategy, notify, pipeline, xtb-sim account and fault
// files), so that none of them trusts yaml-cpp's lenient defaults.
//
// read_yaml_file():   the file is read whole; a directory, a missing/unreadable file (errno via
//                     strerror) or a file over kMaxYamlBytes is an error naming the reason.
// parse_yaml_document(): before the node tree is built, one event pass over the text
//   (yaml-cpp's Parser, which never expands aliases) refuses:
//   - NUL and other control characters (shown escaped: "\x00"), which YAML does not allow;
//   - an empty / whitespace-only / comment-only text ("has no YAML content");
//   - a second document ("---" after the first);
//   - a duplicate key in any map (yaml-cpp keeps the first silently), naming both lines;
//   - a complex key (a list or map used as a key, "? [a, b] : 1");
//   - nesting deeper than kMaxYamlDepth, and more than kMaxYamlNodes nodes in all (bounded
//     memory and time: a config has a few hundred nodes);
//   - a quoted scalar whose closing quote is missing (yaml-cpp lets it run to the end of the
//     file: checked on the raw text at the scalar's mark);
//   - yaml-cpp syntax errors (message escaped).
//   Only a text that passes gets a root node (YAML::Load).
// Messages never echo raw bytes: printable() escapes control characters and invalid UTF-8.
// Thread: cold path (start-up). Allocates; throws nothing except the *_or_throw forms.
#pragma once
#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

namespace xtb::yaml {

inline constexpr int kMaxYamlDepth = 32;                   ///< nested maps/lists (configs use < 8)
inline constexpr std::size_t kMaxYamlNodes = 100'000;      ///< nodes in one document
inline constexpr std::size_t kMaxYamlBytes = 64u << 20;    ///< 64 MiB (comments included)

struct YamlIssue {
  int line = 0, column = 0;  ///< 1-based; 0 = the whole file (no position)
  std::string field;         ///< "(file)", "(yaml)", "(document)" or the key path "engine.run_id"
  std::string message;
};

struct YamlDocument {
  YAML::Node root;                ///< the document; meaningful only when ok()
  std::vector<YamlIssue> issues;  ///< empty = the document passed every check
  bool ok() const noexcept { return issues.empty(); }
};

/// Reads `path` into `text`. False with `error` ("cannot be read: No such file or directory",
/// "is a directory, not a file", "is larger than 64 MiB") otherwise.
bool read_yaml_file(const std::string& path, std::string& text, std::string& error);

/// The checks above, then the node tree.
YamlDocument parse_yaml_document(std::string_view text);

/// read_yaml_file + parse_yaml_document (a read error is one "(file)" issue).
YamlDocument load_yaml_document(const std::string& path);

class YamlDocumentError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// For loaders that report by exception (xtb-sim): the root, or YamlDocumentError whose
/// what() is every issue as "line:col: field: message", joined by "; ".
YAML::Node load_yaml_file_or_throw(const std::string& path);
YAML::Node parse_yaml_text_or_throw(std::string_view text);

/// "line:col: field: message" (or "field: message" without a position).
std::string issue_text(const YamlIssue& i);

/// `s` with control characters, DEL and invalid UTF-8 bytes written as \xNN (\t \n \r as such).
std::string printable(std::string_view s);

/// One boolean spelling for every config section: true/false, yes/no, on/off, y/n, t/f and
/// 1/0, in any letter case (YAML 1.1 and pydantic's set, so a seed config's `True` works).
/// False when `s` is none of them (`out` untouched).
bool parse_bool(std::string_view s, bool& out) noexcept;

/// "a map", "a sequence", "null", "a scalar" or "nothing" (undefined): for "got ..." messages.
const char* node_kind(const YAML::Node& n);

/// ", got 'value'" for a scalar (escaped, cut at 60 chars), ", got a map" etc. otherwise.
std::string got(const YAML::Node& n);

/// The key node of `key` in map `m` (for positions of null values); undefined when absent.
YAML::Node key_node(const YAML::Node& m, std::string_view key);

}  // namespace xtb::yaml
