// config_reader.hpp — the issue collector and scalar readers shared by `xtb run`'s config
// sections (run_config.cpp, venues_config.cpp): each problem is a ConfigIssue at its node's
// file:line:col, or "<override>" for a value a --set override wrote.
// Thread: cold path (start-up). Allocates; throws nothing.
#pragma once
#include <yaml-cpp/yaml.h>

#include <charconv>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "core/yaml_document.hpp"
#include "strategy/strategy_config.hpp"

namespace xtb::run {

/// Collects issues with the node's position (file:line:col) or "<override>".
struct Issues {
  std::string file;
  std::set<std::string> overridden;
  std::vector<ConfigIssue>& out;

  void add(const YAML::Node& n, const std::string& field, const std::string& msg) {
    const bool from_override = overridden.count(field) != 0;
    if (from_override || !n.IsDefined() || n.Mark().is_null()) {
      out.push_back(ConfigIssue{file, 0, 0, field, msg, from_override});
      return;
    }
    out.push_back(ConfigIssue{file, n.Mark().line + 1, n.Mark().column + 1, field, msg, false});
  }
  /// Unknown keys of map `n` at `path`.
  void keys(const YAML::Node& n, const std::string& path, const std::set<std::string>& allowed) {
    for (const auto& kv : n) {
      const std::string k = kv.first.IsScalar() ? kv.first.Scalar() : std::string("(complex key)");
      if (allowed.count(k) == 0) add(kv.first, path + "." + k, "unknown key");
    }
  }
  /// A section: absent or null (nothing under it) = defaults; otherwise it must be a map.
  bool map(const YAML::Node& n, const std::string& path) {
    if (!n.IsDefined() || n.IsNull()) return false;
    if (!n.IsMap()) {
      add(n, path, "must be a map" + yaml::got(n));
      return false;
    }
    return true;
  }
  /// The scalar text of `key` in map `m`; false when absent. A null value is an error at the
  /// key (remove the key for the default), any other non-scalar says what `want`ed and got.
  bool scalar(const YAML::Node& m, const std::string& path, const char* key, const std::string& want,
              std::string& value) {
    const YAML::Node n = m[key];
    if (!n.IsDefined()) return false;
    if (n.IsNull()) {
      const YAML::Node k = yaml::key_node(m, key);
      add(k.IsDefined() ? k : m, path + "." + key, "must not be null (remove the key to use the default)");
      return false;
    }
    if (!n.IsScalar()) {
      add(n, path + "." + key, "must be " + want + yaml::got(n));
      return false;
    }
    value = n.Scalar();
    return true;
  }
};

inline bool read_string(Issues& is, const YAML::Node& m, const std::string& path, const char* key, std::string& out) {
  return is.scalar(m, path, key, "a string", out);
}

inline void read_bool(Issues& is, const YAML::Node& m, const std::string& path, const char* key, bool& out) {
  std::string s;
  if (!is.scalar(m, path, key, "true or false", s)) return;
  if (!yaml::parse_bool(s, out)) is.add(m[key], path + "." + key, "must be true or false" + yaml::got(m[key]));
}

template <typename T>
void read_int(Issues& is, const YAML::Node& m, const std::string& path, const char* key, T& out, std::int64_t lo,
              std::int64_t hi) {
  const std::string want = "an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]";
  std::string s;
  if (!is.scalar(m, path, key, want, s)) return;
  std::int64_t v = 0;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || v < lo || v > hi) {
    is.add(m[key], path + "." + key, "must be " + want + yaml::got(m[key]));
    return;
  }
  out = static_cast<T>(v);
}

}  // namespace xtb::run
