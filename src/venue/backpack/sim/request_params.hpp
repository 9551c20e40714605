// request_params.hpp — one Backpack REST request's parameters as the signature covers
// them: the query's k=v pairs (percent-decoded) and the JSON body's top-level fields
// (https://docs.backpack.exchange/#section/Authentication: "the key/values of the request
// body or query parameters"), as backpack::Param rows (signing_string.hpp). A string field
// keeps its unescaped text (quoted = true), a number or boolean its JSON token as sent
// (`"clientId":123` → "123", `true`), so the signing string is the client's.
//
// Shapes: at most kMax params; the body at most kMaxBody bytes. Errors (Status): a body that
// is not a JSON object (batch arrays are not modelled), a null/object/array field value,
// too many params, a bad query. Views stay valid until the next parse().
// Threads: server thread. Allocation: the constructor (parser, buffers).
#pragma once
#include <simdjson.h>

#include <cstddef>
#include <memory>
#include <string_view>

#include "sim/server/query_params.hpp"
#include "venue/backpack/signing_string.hpp"

namespace xtb::sim::backpack_sim {

class RequestParams {
 public:
  static constexpr std::size_t kMax = 32;
  static constexpr std::size_t kMaxBody = 16 * 1024;
  enum class Status { Ok, BadQuery, BadJson, NotObject, BadValue, TooMany };

  RequestParams();
  Status parse(std::string_view query, std::string_view body) noexcept;

  /// Value of `key` ("" when absent); has() tells absent from empty.
  std::string_view get(std::string_view key) const noexcept;
  bool has(std::string_view key) const noexcept;
  /// True when `key` came from the body as a JSON string (not a number/boolean).
  bool quoted(std::string_view key) const noexcept;
  backpack::Param* data() noexcept { return p_; }
  std::size_t size() const noexcept { return n_; }
  /// The field that made parse() answer BadValue.
  std::string_view bad_key() const noexcept { return bad_key_; }

 private:
  Status add(std::string_view k, std::string_view v, bool quoted) noexcept;
  Status parse_body(std::string_view body) noexcept;

  server::QueryParams query_;
  simdjson::ondemand::parser parser_;
  simdjson::ondemand::document doc_;
  std::unique_ptr<char[]> padded_;
  backpack::Param p_[kMax];
  std::size_t n_ = 0;
  std::string_view bad_key_;
};

}  // namespace xtb::sim::backpack_sim
