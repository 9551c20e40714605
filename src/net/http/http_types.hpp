// http_types.hpp — shared HTTP/1.1 vocabulary for the sans-IO codecs in net/http:
// methods, typed errors, and HttpHeaderTable (a fixed arena that collects header
// fields handed over in pieces by the parser).
//
// Protocol facts: RFC 9110 (semantics: field names are case-insensitive, §5.1) and
// RFC 9112 (HTTP/1.1 message syntax). Binance's rate-limit headers are described in the
// USD-M docs, "General Info → LIMITS" (venue-docs/binance/usdm/rate_limits.md).
//
// Threads: every type here belongs to the one thread that owns the connection.
// Nothing allocates after construction.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace xtb::net {

enum class HttpMethod : std::uint8_t { Get = 0, Post, Put, Delete, Head };

/// Upper-case token as written on the request line ("GET", "POST", ...).
std::string_view to_string(HttpMethod m) noexcept;

/// Why an HTTP codec gave up. A connection that reported an error must be closed: its
/// byte stream is no longer aligned on message boundaries.
enum class HttpError : std::uint8_t {
  None = 0,
  Malformed,          ///< http_parser rejected the bytes (see HttpMessageParser::parser_errno())
  HeadersTooLarge,    ///< more header bytes / fields than the HttpHeaderTable holds
  TargetTooLong,      ///< request target longer than the parser's target buffer
  BodyTooLarge,       ///< body longer than the configured maximum (bytes)
  UnexpectedEof,      ///< peer closed the connection in the middle of a message
  Timeout,            ///< no complete response before the caller-supplied deadline
  OutputFull,         ///< the TxBuffer had no room for the encoded message
  InvalidArgument,    ///< a header name/value or target contains CR, LF or NUL
  NotReady,           ///< request submitted while another is in flight / after close
  Unsolicited,        ///< response bytes arrived with no request in flight
  PipelineOverflow,   ///< client pipelined more bytes than the server stash holds
};

/// Stable lower-case name for logs and test messages ("body_too_large", ...).
const char* to_string(HttpError e) noexcept;

/// One header field as the caller writes it (encoders) — views, no ownership.
struct HttpField {
  std::string_view name;
  std::string_view value;
};

/// ASCII case-insensitive equality (field names, tokens such as "websocket").
bool iequals(std::string_view a, std::string_view b) noexcept;

/// `s` without leading/trailing spaces and tabs (RFC 9110 §5.6.3 OWS).
std::string_view trim_ows(std::string_view s) noexcept;

/// True when the comma-separated list `value` contains `token` (case-insensitive,
/// optional whitespace around elements) — e.g. Connection: keep-alive, Upgrade.
bool has_token(std::string_view value, std::string_view token) noexcept;

/// Parses a non-negative decimal integer that fills all of `s` (leading/trailing
/// spaces allowed). Returns -1 when `s` is empty, not a number, or above 2^62.
std::int64_t parse_decimal(std::string_view s) noexcept;

/// Fixed-capacity table of received header fields. The parser appends name and value
/// bytes piecewise (http_parser may split a field across reads); the table keeps them
/// contiguous in one arena. Lookups are linear and case-insensitive: responses carry
/// ~10-20 fields, so a scan beats hashing.
class HttpHeaderTable {
 public:
  static constexpr std::size_t kArenaBytes = 8192;  ///< total name+value bytes
  static constexpr std::size_t kMaxFields = 64;

  void clear() noexcept { used_ = 0; count_ = 0; in_value_ = false; }
  /// Appends bytes to the current field name (starts a new field after a value).
  /// Returns false when the arena or field table is full.
  bool append_name(const char* p, std::size_t n) noexcept;
  /// Appends bytes to the current field value. False when the arena is full.
  bool append_value(const char* p, std::size_t n) noexcept;

  std::size_t size() const noexcept { return count_; }
  std::string_view name(std::size_t i) const noexcept;
  std::string_view value(std::size_t i) const noexcept;
  /// First field named `name` (case-insensitive); empty view when absent.
  std::string_view find(std::string_view name) const noexcept;
  /// True when a field named `name` exists (even with an empty value).
  bool contains(std::string_view name) const noexcept;

 private:
  struct Field {
    std::uint16_t name_off, name_len, value_off, value_len;
  };
  bool append(const char* p, std::size_t n) noexcept;

  char arena_[kArenaBytes];
  Field fields_[kMaxFields];
  std::size_t used_ = 0;
  std::size_t count_ = 0;
  bool in_value_ = false;
};

}  // namespace xtb::net
