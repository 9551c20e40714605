// yaml_document.cpp — see yaml_document.hpp.
#include "core/yaml_document.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <cerrno>
#include <cstring>
#include <istream>
#include <streambuf>
#include <unordered_map>

namespace xtb::yaml {
namespace {

constexpr std::size_t kMaxIssues = 50;  // structural problems reported before giving up

struct Abort {};  // ends the event pass; the reason is already an issue

/// Read-only istream buffer over the caller's text (no copy of a large file).
class ViewBuf : public std::streambuf {
 public:
  explicit ViewBuf(std::string_view s) {
    char* p = const_cast<char*>(s.data());
    setg(p, p, p + s.size());
  }
};

// A field path element; an empty key (`"": 1`, or a bare tag `! : 1`) is named as such, so
// every issue names a field (fuzz_yaml_document's invariant).
std::string join(const std::string& path, std::string_view key) {
  const std::string k = key.empty() ? std::string("(empty key)") : std::string(key);
  return path.empty() ? k : path + "." + k;
}

/// True when the quoted scalar opened at text[pos] has no closing quote before the end.
bool unclosed_quote(std::string_view text, std::size_t pos) {
  const char q = text[pos];
  for (std::size_t i = pos + 1; i < text.size(); ++i) {
    if (q == '"' && text[i] == '\\') ++i;  // escape: skip the next character
    else if (text[i] == q) {
      if (q == '\'' && i + 1 < text.size() && text[i + 1] == '\'') ++i;  // '' inside '...'
      else return false;
    }
  }
  return true;
}

/// The event pass: structure checks with marks, before any node is built.
class Checker : public YAML::EventHandler {
 public:
  Checker(std::string_view text, std::vector<YamlIssue>& out) : text_(text), out_(out) {
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") bom_ = 3;  // yaml-cpp's positions skip the BOM
  }
  int documents() const noexcept { return docs_; }
  bool null_root() const noexcept { return null_root_; }

  void OnDocumentStart(const YAML::Mark& m) override {
    if (++docs_ > 1) fail(m, "(document)", "a second YAML document starts here; a config file holds exactly one");
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& m, YAML::anchor_t) override {
    if (frames_.empty()) null_root_ = true;
    node(m, false, "a null key");
  }
  void OnAlias(const YAML::Mark& m, YAML::anchor_t) override { node(m, false, "an alias (*name) as a key"); }
  void OnScalar(const YAML::Mark& m, const std::string& tag, YAML::anchor_t, const std::string& value) override {
    const std::size_t pos = m.pos + bom_;
    if (tag == "!" && pos < text_.size() && (text_[pos] == '"' || text_[pos] == '\'') && unclosed_quote(text_, pos))
      add(m, frames_.empty() ? "(document)" : (frames_.back().path.empty() ? "(top level)" : frames_.back().path),
          std::string("the quoted value opened here is never closed (no closing ") + text_[pos] + " before the end of the file)");
    node(m, false, nullptr, &value);
  }
  void OnSequenceStart(const YAML::Mark& m, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
    push(m, false);
  }
  void OnMapStart(const YAML::Mark& m, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
    push(m, true);
  }
  void OnSequenceEnd() override { pop(); }
  void OnMapEnd() override { pop(); }

  void add(const YAML::Mark& m, const std::string& field, const std::string& msg) {
    out_.push_back(YamlIssue{m.is_null() ? 0 : m.line + 1, m.is_null() ? 0 : m.column + 1, field, msg});
    if (out_.size() >= kMaxIssues) {
      out_.push_back(YamlIssue{0, 0, "(document)", "stopped after " + std::to_string(kMaxIssues) + " problems"});
      throw Abort{};
    }
  }

 private:
  struct Frame {
    bool map = false;
    bool expect_key = true;  // maps: the next node is a key
    bool in_key = false;     // maps: a (complex) collection key is open
    std::size_t index = 0;   // sequences: the next item's index
    std::string path, key;
    std::unordered_map<std::string, int> seen;  // key → 1-based line
  };

  [[noreturn]] void fail(const YAML::Mark& m, const std::string& field, const std::string& msg) {
    out_.push_back(YamlIssue{m.is_null() ? 0 : m.line + 1, m.is_null() ? 0 : m.column + 1, field, msg});
    throw Abort{};
  }

  /// Counts the node and, in a map, handles the key / value alternation. `bad_key` names
  /// this event when it cannot be a key; `scalar` is the key text of a scalar.
  void node(const YAML::Mark& m, bool collection, const char* bad_key, const std::string* scalar = nullptr) {
    if (++nodes_ > kMaxYamlNodes)
      fail(m, "(document)", "has more than " + std::to_string(kMaxYamlNodes) +
                                " YAML nodes (a config has a few hundred); stopped reading here");
    if (frames_.empty() || !frames_.back().map) {
      if (!frames_.empty()) ++frames_.back().index;
      return;
    }
    Frame& f = frames_.back();
    if (!f.expect_key) {
      f.expect_key = !collection;  // a collection value: the key turn comes back at its end
      return;
    }
    if (collection || scalar == nullptr) {  // reported; the pass goes on (depth, duplicates, ...)
      add(m, f.path.empty() ? "(top level)" : f.path,
          std::string("a complex key (") + (collection ? "a list or map used as a key" : bad_key) +
              ") is not allowed; keys are plain names");
      f.key = "(complex key)";
      f.in_key = collection;        // its value comes after the key collection's end
      f.expect_key = false;
      return;
    }
    f.key = *scalar;
    f.expect_key = false;
    const auto [it, fresh] = f.seen.emplace(f.key, m.line + 1);
    if (!fresh)
      add(m, join(f.path, printable(f.key)), "duplicate key: first set at line " + std::to_string(it->second) +
                                                 ", again at line " + std::to_string(m.line + 1) +
                                                 " (YAML keys are unique; remove one)");
  }

  void push(const YAML::Mark& m, bool map) {
    std::string path;
    if (!frames_.empty()) {
      const Frame& p = frames_.back();
      path = p.map ? join(p.path, printable(p.key)) : p.path + "[" + std::to_string(p.index) + "]";
    }
    node(m, true, nullptr);
    if (static_cast<int>(frames_.size()) >= kMaxYamlDepth)
      fail(m, path.empty() ? "(document)" : path,
           "nesting is deeper than " + std::to_string(kMaxYamlDepth) + " levels (a config needs fewer than 8)");
    Frame f;
    f.map = map;
    f.path = std::move(path);
    frames_.push_back(std::move(f));
  }

  void pop() {
    if (!frames_.empty()) frames_.pop_back();
    if (frames_.empty() || !frames_.back().map) return;
    Frame& f = frames_.back();
    f.expect_key = !f.in_key;  // after a key collection comes its value; after a value, a key
    f.in_key = false;
  }

  std::string_view text_;
  std::vector<YamlIssue>& out_;
  std::size_t bom_ = 0, nodes_ = 0;
  int docs_ = 0;
  bool null_root_ = false;
  std::vector<Frame> frames_;
};

/// NUL and other control characters: YAML does not allow them, and yaml-cpp echoes them raw.
bool control_characters(std::string_view text, std::vector<YamlIssue>& out) {
  int line = 1, col = 1;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      ++line;
      col = 1;
      continue;
    }
    if ((c < 0x20 && c != '\t' && c != '\r') || c == 0x7F) {
      std::size_t n = 0;
      for (std::size_t j = i; j < text.size(); ++j) {
        const unsigned char d = static_cast<unsigned char>(text[j]);
        n += (d < 0x20 && d != '\t' && d != '\r' && d != '\n') || d == 0x7F;
      }
      out.push_back(YamlIssue{line, col, "(yaml)", "control character " + printable(text.substr(i, 1)) +
                                                       " is not allowed in YAML (" + std::to_string(n) +
                                                       " in the file; is it a text file?)"});
      return true;
    }
    if ((c & 0xC0) != 0x80) ++col;  // count characters, not UTF-8 continuation bytes
  }
  return false;
}

/// Flow nesting ("[[[[..." / "{{{{...") measured on the raw text, before yaml-cpp sees it (it
/// would report 'bad file', or a complex key per level). Quoted scalars and comments are
/// skipped; a quote or bracket counts only where a value can start (line start, or after
/// ':', '-', '?', ',', '[', '{'), so "don't" or "x[1]" in a plain scalar are text. Block
/// nesting is checked by the event pass.
bool flow_too_deep(std::string_view text, std::vector<YamlIssue>& out) {
  int depth = 0, line = 1, col = 0;
  char prev = '\n';  // last non-blank character on this line ('\n' = none yet)
  char quote = 0;     // inside a quoted scalar
  bool comment = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    ++col;
    if (c == '\n') {
      ++line, col = 0, prev = '\n', comment = false;
      continue;
    }
    if (comment) continue;
    if (quote != 0) {
      if (quote == '"' && c == '\\') ++i, ++col;
      else if (c == quote && quote == '\'' && i + 1 < text.size() && text[i + 1] == '\'') ++i, ++col;
      else if (c == quote) quote = 0, prev = c;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\r') continue;
    const bool value_start = prev == '\n' || prev == ':' || prev == '-' || prev == '?' || prev == ',' ||
                             prev == '[' || prev == '{';
    bool indicator = false;  // c acts as YAML syntax here (else: text of a plain scalar)
    if (c == '#' && (i == 0 || text[i - 1] == ' ' || text[i - 1] == '\t')) comment = true;
    else if ((c == '"' || c == '\'') && value_start) quote = c;
    else if ((c == '[' || c == '{') && (value_start || depth > 0)) {
      if (++depth > kMaxYamlDepth) {
        out.push_back(YamlIssue{line, col, "(yaml)", "nesting is deeper than " + std::to_string(kMaxYamlDepth) +
                                                         " levels (a config needs fewer than 8)"});
        return true;
      }
      indicator = true;
    } else if ((c == ']' || c == '}') && depth > 0) --depth, indicator = true;
    else indicator = c == ':' || c == '-' || c == '?' || (c == ',' && depth > 0);
    if (quote == 0) prev = indicator ? c : 'a';
  }
  return false;
}

std::string joined(const std::vector<YamlIssue>& issues) {
  std::string s;
  for (const YamlIssue& i : issues) s += (s.empty() ? "" : "; ") + issue_text(i);
  return s;
}

}  // namespace

bool read_yaml_file(const std::string& path, std::string& text, std::string& error) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    error = std::string("cannot be read: ") + std::strerror(errno);
    return false;
  }
  struct stat st {};
  bool ok = ::fstat(fd, &st) == 0;
  if (!ok) error = std::string("cannot be read: ") + std::strerror(errno);
  else if (S_ISDIR(st.st_mode)) error = "is a directory, not a file", ok = false;
  text.clear();
  char buf[65536];
  while (ok) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) error = std::string("cannot be read: ") + std::strerror(errno), ok = false;
    if (n <= 0) break;
    if (text.size() + static_cast<std::size_t>(n) > kMaxYamlBytes)
      error = "is larger than " + std::to_string(kMaxYamlBytes >> 20) + " MiB: not a config file", ok = false;
    else text.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  if (!ok) text.clear();
  return ok;
}

YamlDocument parse_yaml_document(std::string_view text) {
  YamlDocument doc;
  if (control_characters(text, doc.issues) || flow_too_deep(text, doc.issues)) return doc;
  Checker check(text, doc.issues);
  try {
    ViewBuf buf(text);
    std::istream in(&buf);
    YAML::Parser parser(in);
    while (parser.HandleNextDocument(check)) {
    }
  } catch (const Abort&) {
  } catch (const YAML::DeepRecursion& e) {  // yaml-cpp's own guard ('bad file'), named for what it is
    doc.issues.push_back(YamlIssue{e.mark.is_null() ? 0 : e.mark.line + 1, e.mark.is_null() ? 0 : e.mark.column + 1,
                                   "(yaml)", "nesting is too deep"});
  } catch (const YAML::Exception& e) {
    doc.issues.push_back(YamlIssue{e.mark.is_null() ? 0 : e.mark.line + 1, e.mark.is_null() ? 0 : e.mark.column + 1,
                                   "(yaml)", printable(e.msg)});
  }
  if (doc.issues.empty() && (check.documents() == 0 || check.null_root()))
    doc.issues.push_back(YamlIssue{0, 0, "(file)", "has no YAML content (empty, only whitespace or comments, or a null document)"});
  if (!doc.ok()) return doc;
  try {
    doc.root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {  // not expected after the pass above
    doc.issues.push_back(YamlIssue{e.mark.is_null() ? 0 : e.mark.line + 1, e.mark.is_null() ? 0 : e.mark.column + 1,
                                   "(yaml)", printable(e.msg)});
  }
  return doc;
}

YamlDocument load_yaml_document(const std::string& path) {
  std::string text, error;
  if (!read_yaml_file(path, text, error)) {
    YamlDocument doc;
    doc.issues.push_back(YamlIssue{0, 0, "(file)", error});
    return doc;
  }
  return parse_yaml_document(text);
}

YAML::Node load_yaml_file_or_throw(const std::string& path) {
  YamlDocument doc = load_yaml_document(path);
  if (!doc.ok()) throw YamlDocumentError(joined(doc.issues));
  return doc.root;
}

YAML::Node parse_yaml_text_or_throw(std::string_view text) {
  YamlDocument doc = parse_yaml_document(text);
  if (!doc.ok()) throw YamlDocumentError(joined(doc.issues));
  return doc.root;
}

std::string issue_text(const YamlIssue& i) {
  const std::string where = i.line > 0 ? std::to_string(i.line) + ":" + std::to_string(i.column) + ": " : "";
  return where + printable(i.field) + ": " + printable(i.message);
}

bool parse_bool(std::string_view s, bool& out) noexcept {
  if (s.size() > 5) return false;
  char low[6] = {};
  for (std::size_t i = 0; i < s.size(); ++i) low[i] = static_cast<char>(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
  const std::string_view l(low, s.size());
  for (std::string_view t : {"true", "yes", "on", "y", "t", "1"})
    if (l == t) return out = true, true;
  for (std::string_view f : {"false", "no", "off", "n", "f", "0"})
    if (l == f) return (out = false), true;
  return false;
}

std::string printable(std::string_view s) {
  static const char* hex = "0123456789abcdef";
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    std::size_t len = 0;  // length of a valid UTF-8 sequence starting here (0 = escape c)
    if (c >= 0x20 && c < 0x7F) len = 1;
    else if (c == '\t' || c == '\n' || c == '\r') len = 1;
    else if (c >= 0xC2 && c <= 0xF4) {
      const std::size_t want = c < 0xE0 ? 2 : (c < 0xF0 ? 3 : 4);
      bool ok = i + want <= s.size();
      for (std::size_t k = 1; ok && k < want; ++k) ok = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
      if (ok && want == 2 && c == 0xC2 && static_cast<unsigned char>(s[i + 1]) < 0xA0) ok = false;  // C1 controls
      len = ok ? want : 0;
    }
    if (len == 0) {
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 15];
      continue;
    }
    out.append(s.substr(i, len));
    i += len - 1;
  }
  return out;
}

const char* node_kind(const YAML::Node& n) {
  if (!n.IsDefined()) return "nothing";
  if (n.IsMap()) return "a map";
  if (n.IsSequence()) return "a sequence";
  if (n.IsNull()) return "null";
  return "a scalar";
}

std::string got(const YAML::Node& n) {
  if (!n.IsDefined() || !n.IsScalar()) return std::string(", got ") + node_kind(n);
  const std::string& s = n.Scalar();
  return ", got '" + printable(s.size() > 60 ? s.substr(0, 60) + "..." : s) + "'";
}

YAML::Node key_node(const YAML::Node& m, std::string_view key) {
  if (m.IsDefined() && m.IsMap())
    for (const auto& kv : m)
      if (kv.first.IsScalar() && kv.first.Scalar() == key) return kv.first;
  return YAML::Node(YAML::NodeType::Undefined);
}

}  // namespace xtb::yaml
