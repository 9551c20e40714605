// http_exchange.hpp — one HTTP request as the fake-venue kit sees it (copied out of the
// server codec, so it can be logged and handed to any thread) and the answer a route
// gives, plus the small text helpers the venue presets share (form/query parameters).
//
// Shapes: every field is an owned std::string; `query` is the target after '?', without
// it; `headers` keep the client's names and order; `params` are "k=v" pairs joined by '&'
// (no percent-decoding: venue clients send URL-safe values). Reply::silent never answers
// (the client must time out).
// Threads: value types; send_reply on the peer thread that owns the connection.
// Errors: send_reply returns the codec's HttpError (OutputFull, InvalidArgument).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "net/http/http_message_parser.hpp"
#include "net/http/http_server.hpp"

namespace xtb::test_support {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct Request {
  std::string method, path, query, body;
  HeaderList headers;
  bool signed_request = false;  ///< carried the venue's signature (set by the preset's check)
  bool signature_ok = false;    ///< ... and it verified
  std::string api_key;          ///< the venue's API-key header, when the preset reads one

  /// First header named `name` (case-insensitive); empty when absent.
  std::string header(std::string_view name) const;
  /// Value of `key` in the query, else in a form body; empty when absent.
  std::string param(std::string_view key) const;
};

struct Reply {
  std::uint16_t status = 200;
  HeaderList headers;
  std::string body;
  std::string content_type = "application/json";
  bool silent = false;  ///< never answered
};

/// Copies a complete request out of the server codec.
Request read_request(const net::HttpMessageParser& req);
/// Writes `r` on `c` (nothing for a silent reply).
net::HttpError send_reply(net::HttpServerConnection& c, const Reply& r);

/// Value of `key` in "a=1&b=2" (empty view when absent).
std::string_view form_param(std::string_view s, std::string_view key) noexcept;
/// Replaces the first `from` in `s` by `to` (no-op when absent).
void replace_once(std::string& s, std::string_view from, std::string_view to);

}  // namespace xtb::test_support
