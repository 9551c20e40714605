// http_encoder.hpp — HTTP/1.1 request and response encoders that write straight into a
// connection's TxBuffer (net/uring/tx_buffer.hpp), all-or-nothing.
//
// Message syntax: RFC 9112 §3 (request line), §4 (status line), §5 (fields), §6.2
// (Content-Length), §7.1 (chunked). Binance specifics (venue-docs/binance/usdm/
// network_connectivity.md): the API key travels in `X-MBX-APIKEY`; POST/PUT/DELETE
// parameters may be sent as an `application/x-www-form-urlencoded` body. The target and
// body are passed through verbatim: percent-encoding and signing belong to the venue
// encoder, not to HTTP.
//
// Every string is a view owned by the caller for the duration of the call. The encoder
// validates what it emits (token names, no CR/LF/NUL in values, origin-form target) so a
// bad venue string can never inject a header. Errors: HttpError::InvalidArgument (also
// for a message larger than the whole TxBuffer), HttpError::OutputFull (nothing written;
// retry after the transport drained the buffer).
//
// Threads: the connection's owner thread. No allocation.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "net/http/http_types.hpp"
#include "net/uring/tx_buffer.hpp"

namespace xtb::net {

/// A request to encode. `host` is the Host field value ("fapi.binance.com",
/// "127.0.0.1:8443"); `target` the origin-form path + query ("/fapi/v1/order?...").
struct HttpRequestSpec {
  HttpMethod method = HttpMethod::Get;
  std::string_view target;
  std::string_view host;
  const HttpField* headers = nullptr;  ///< extra fields, e.g. {"X-MBX-APIKEY", key}
  std::size_t header_count = 0;
  std::string_view content_type;       ///< required when body is not empty
  std::string_view body;
  bool keep_alive = true;              ///< false sends `Connection: close`
};

/// A response to encode (server side: simulator). `reason` empty → standard phrase.
struct HttpResponseSpec {
  std::uint16_t status = 200;
  std::string_view reason;
  const HttpField* headers = nullptr;  ///< e.g. X-MBX-USED-WEIGHT-1M, Retry-After
  std::size_t header_count = 0;
  std::string_view content_type;
  std::string_view body;
  bool keep_alive = true;              ///< false sends `Connection: close`
  std::size_t chunk_bytes = 0;         ///< > 0: send the body chunked in pieces of this size
  bool head_request = false;           ///< answering HEAD: headers only (RFC 9110 §9.3.2)
};

/// Encodes `req` into `out`. Content-Length is sent for a non-empty body and always for
/// POST/PUT (0 when empty, so a body-less POST such as listenKey is unambiguous).
HttpError encode_request(const HttpRequestSpec& req, TxBuffer& out) noexcept;

/// Encodes `resp` into `out` with Content-Length (or chunked framing).
HttpError encode_response(const HttpResponseSpec& resp, TxBuffer& out) noexcept;

/// Standard reason phrase of `status` ("OK", "Too Many Requests", ...), "Unknown" otherwise.
std::string_view reason_phrase(std::uint16_t status) noexcept;

}  // namespace xtb::net
