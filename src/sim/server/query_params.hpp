// query_params.hpp — REST request parameters of the simulated venue: the query string and
// an `application/x-www-form-urlencoded` body, split into name/value pairs and
// percent-decoded (RFC 3986 §2.1; '+' is a space in form bodies, WHATWG URL "urlencoded").
//
// Rules (those of most REST venues; the USD-M wording,
// https://developers.binance.com/docs/derivatives/usds-margined-futures/general-info):
// parameters may be sent in the query string, the body, or both; "If a parameter sent in
// both the query string and request body, the query string parameter will be used." — so
// the query's pairs are stored first and find() returns the first match.
//
// The raw texts stay untouched (a face computes its signature over them); the
// decoded values live in a fixed arena owned by this object. Capacity: kMaxParams pairs and
// kArenaBytes of decoded text; more is an error (the face answers it: the USD-M face
// -1101 for too many parameters). Threads: the server thread. No allocation.
#pragma once
#include <cstddef>
#include <string_view>

namespace xtb::sim::server {

class QueryParams {
 public:
  static constexpr std::size_t kMaxParams = 48;
  static constexpr std::size_t kArenaBytes = 16 * 1024;

  /// Duplicate: one name twice in the query, or twice in the body (the USD-M face answers
  /// -1101 "Duplicate values for a parameter detected."); the same name in the query and
  /// the body is allowed (the query's wins).
  enum class Status { Ok, TooMany, TooLong, BadEncoding, Duplicate };

  /// Parses `query` then `body` (either may be empty). Values are percent-decoded.
  Status parse(std::string_view query, std::string_view body) noexcept;

  /// Value of the first parameter named `name` (exact, case-sensitive), or an
  /// empty view when absent. has() tells "absent" from "sent empty".
  std::string_view get(std::string_view name) const noexcept;
  bool has(std::string_view name) const noexcept;
  std::size_t size() const noexcept { return n_; }
  std::string_view name(std::size_t i) const noexcept { return {arena_ + p_[i].name_off, p_[i].name_len}; }
  std::string_view value(std::size_t i) const noexcept { return {arena_ + p_[i].value_off, p_[i].value_len}; }

 private:
  struct Pair {
    unsigned name_off, name_len, value_off, value_len;
  };
  Status add_all(std::string_view text) noexcept;
  bool decode(std::string_view in, unsigned& off, unsigned& len) noexcept;

  Pair p_[kMaxParams];
  std::size_t n_ = 0;
  char arena_[kArenaBytes];
  std::size_t used_ = 0;
};

/// Percent-decodes `in` into `out` (capacity `cap`); '+' becomes ' '. Returns the length,
/// or SIZE_MAX on a malformed escape or when `cap` is too small.
std::size_t percent_decode(std::string_view in, char* out, std::size_t cap) noexcept;

/// Splits "a/b/c" style lists (combined stream names) — helper for stream targets: calls
/// `fn(part)` for each non-empty part separated by `sep`.
template <typename Fn>
void for_each_part(std::string_view s, char sep, Fn&& fn) {
  while (!s.empty()) {
    const std::size_t k = s.find(sep);
    const std::string_view part = s.substr(0, k);
    if (!part.empty()) fn(part);
    if (k == std::string_view::npos) break;
    s.remove_prefix(k + 1);
  }
}

}  // namespace xtb::sim::server
