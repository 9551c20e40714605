// http_message_parser.hpp — HttpMessageParser: one HTTP/1.1 request or response at a time, over
// Debian's libhttp-parser (nodejs/http-parser 2.9: a callback-driven state machine that
// never allocates and copes with a message arriving in arbitrary pieces).
//
// Why a library and not our own parser: http-parser is the parser Node.js shipped for a
// decade, is fuzzed upstream, and already handles the awkward parts (chunked bodies with
// extensions and trailers, obsolete line folding, Content-Length vs Transfer-Encoding
// conflicts — request smuggling defences, RFC 9112 §6.3). Our code only collects what the
// callbacks hand over into fixed buffers; fuzz/net/fuzz_http_response.cpp fuzzes that.
//
// Shape (sans-IO): feed(bytes) parses until one message is complete and then *pauses*
// (http_parser_pause), returning how many bytes it consumed; bytes after that belong to
// the next message (pipelining) or, after a 101 upgrade, to the WebSocket stream. The
// caller reads the message, then calls next() before feeding again.
//
// Limits: the header table (HttpHeaderTable: 8 KiB, 64 fields), the request target
// (HttpParserLimits::max_target_bytes) and the body (max_body_bytes, stored with
// kBodyPadding zero bytes after it so simdjson can parse it in place). Exceeding one is
// a typed error, never a truncation. 1xx interim responses other than 101 are skipped.
//
// Threads: owner thread only. Allocation: body/target buffers once in the constructor.
#pragma once
#include <http_parser.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "net/http/http_types.hpp"

namespace xtb::net {

struct HttpParserLimits {
  std::size_t max_body_bytes = 1 << 20;  ///< largest accepted body (after de-chunking)
  std::size_t max_target_bytes = 4096;   ///< largest request target (path + query)
};

enum class HttpParseStatus : std::uint8_t {
  NeedMore,  ///< every byte consumed, message not complete yet
  Complete,  ///< one message complete; `consumed` may be < input length
  Error,     ///< see HttpMessageParser::error(); the connection must be closed
};

struct HttpParseResult {
  HttpParseStatus status;
  std::size_t consumed;  ///< bytes of the input that belong to this (or earlier) message
};

/// Binance REST rate-limit feedback (USD-M docs, "LIMITS"): -1 when the header is absent.
struct HttpRateLimitHeaders {
  std::int64_t used_weight_1m = -1;   ///< X-MBX-USED-WEIGHT-1M (request weight used, 1 min)
  std::int64_t order_count_10s = -1;  ///< X-MBX-ORDER-COUNT-10S
  std::int64_t order_count_1m = -1;   ///< X-MBX-ORDER-COUNT-1M
  std::int64_t retry_after_s = -1;    ///< Retry-After in seconds (429/418/503); HTTP-date form → -1
};

class HttpMessageParser {
 public:
  enum class Kind : std::uint8_t { Request, Response };
  static constexpr std::size_t kBodyPadding = 64;  ///< >= SIMDJSON_PADDING

  HttpMessageParser(Kind kind, const HttpParserLimits& limits);
  HttpMessageParser(const HttpMessageParser&) = delete;
  HttpMessageParser& operator=(const HttpMessageParser&) = delete;

  /// Parses `n` bytes. After Complete, call next() before feeding the rest.
  HttpParseResult feed(const std::uint8_t* data, std::size_t n) noexcept;
  /// Tells the parser the peer closed the connection: completes a response whose body
  /// runs to EOF, reports UnexpectedEof inside any other message, NeedMore when idle.
  HttpParseResult feed_eof() noexcept;
  /// Clears the completed message and resumes parsing on the same connection.
  void next() noexcept;
  /// Forgets all state (new connection).
  void reset() noexcept;
  /// The next response answers a HEAD request: headers only, no body (RFC 9110 §9.3.2).
  void set_expect_no_body(bool v) noexcept { expect_no_body_ = v; }

  // ---- the current (complete) message; valid until next()/reset() ----
  bool in_message() const noexcept { return in_message_; }
  std::uint16_t status() const noexcept { return static_cast<std::uint16_t>(parser_.status_code); }
  std::string_view method() const noexcept;  ///< request method token ("GET", ...)
  std::string_view target() const noexcept { return {target_.get(), target_len_}; }
  const HttpHeaderTable& headers() const noexcept { return *headers_; }
  const std::uint8_t* body() const noexcept { return body_.get(); }
  std::size_t body_size() const noexcept { return body_len_; }
  std::string_view body_view() const noexcept { return {reinterpret_cast<const char*>(body_.get()), body_len_}; }
  /// http_should_keep_alive() at completion: HTTP/1.1 default, Connection: close, 1.0.
  bool keep_alive() const noexcept { return keep_alive_; }
  /// Upgrade accepted (101 response or request with Upgrade + Connection: upgrade).
  bool upgrade() const noexcept { return parser_.upgrade != 0; }
  bool chunked() const noexcept { return chunked_; }
  unsigned http_minor() const noexcept { return parser_.http_minor; }
  const HttpRateLimitHeaders& rate_limits() const noexcept { return rate_; }

  HttpError error() const noexcept { return error_; }
  /// http_parser's own error code (enum http_errno) and its text, for logs.
  int parser_errno() const noexcept { return static_cast<int>(parser_.http_errno); }
  const char* parser_error_text() const noexcept;

 private:
  static int cb_message_begin(http_parser* p);
  static int cb_url(http_parser* p, const char* at, std::size_t n);
  static int cb_header_field(http_parser* p, const char* at, std::size_t n);
  static int cb_header_value(http_parser* p, const char* at, std::size_t n);
  static int cb_headers_complete(http_parser* p);
  static int cb_body(http_parser* p, const char* at, std::size_t n);
  static int cb_message_complete(http_parser* p);
  static HttpMessageParser& self(http_parser* p) { return *static_cast<HttpMessageParser*>(p->data); }
  void clear_message() noexcept;
  HttpParseResult finish(std::size_t consumed) noexcept;

  Kind kind_;
  HttpParserLimits limits_;
  http_parser parser_{};
  http_parser_settings settings_{};
  std::unique_ptr<HttpHeaderTable> headers_;
  std::unique_ptr<std::uint8_t[]> body_;
  std::unique_ptr<char[]> target_;
  std::size_t body_len_ = 0;
  std::size_t target_len_ = 0;
  HttpRateLimitHeaders rate_;
  HttpError error_ = HttpError::None;
  bool in_message_ = false;
  bool complete_ = false;
  bool keep_alive_ = false;
  bool chunked_ = false;
  bool expect_no_body_ = false;
};

}  // namespace xtb::net
