// http_encoder.cpp — two-pass (count, then write) HTTP/1.1 message encoders.
#include "net/http/http_encoder.hpp"

#include "net/http/text_writer.hpp"

namespace xtb::net {

namespace {

bool fields_valid(const HttpField* f, std::size_t n) noexcept {
  for (std::size_t i = 0; i < n; ++i)
    if (!is_token(f[i].name) || !is_safe_field_value(f[i].value)) return false;
  return true;
}

void write_request(const HttpRequestSpec& r, TextWriter& w) noexcept {
  w.put(to_string(r.method));
  w.put_char(' ');
  w.put(r.target);
  w.put(" HTTP/1.1\r\n");
  w.field("Host", r.host);
  for (std::size_t i = 0; i < r.header_count; ++i) w.field(r.headers[i].name, r.headers[i].value);
  if (!r.body.empty()) w.field("Content-Type", r.content_type);
  if (!r.body.empty() || r.method == HttpMethod::Post || r.method == HttpMethod::Put) {
    w.put("Content-Length: ");
    w.put_uint(r.body.size());
    w.crlf();
  }
  if (!r.keep_alive) w.field("Connection", "close");
  w.crlf();
  w.put(r.body);
}

void write_chunked_body(std::string_view body, std::size_t chunk, TextWriter& w) noexcept {
  while (!body.empty()) {
    const std::string_view piece = body.substr(0, chunk);
    w.put_hex(piece.size());
    w.crlf();
    w.put(piece);
    w.crlf();
    body.remove_prefix(piece.size());
  }
  w.put("0\r\n\r\n");  // last-chunk, no trailers
}

void write_response(const HttpResponseSpec& r, TextWriter& w) noexcept {
  w.put("HTTP/1.1 ");
  w.put_uint(r.status);
  w.put_char(' ');
  w.put(r.reason.empty() ? reason_phrase(r.status) : r.reason);
  w.crlf();
  for (std::size_t i = 0; i < r.header_count; ++i) w.field(r.headers[i].name, r.headers[i].value);
  if (!r.content_type.empty()) w.field("Content-Type", r.content_type);
  const bool chunked = r.chunk_bytes > 0;
  if (chunked) {
    w.field("Transfer-Encoding", "chunked");
  } else {
    w.put("Content-Length: ");
    w.put_uint(r.body.size());
    w.crlf();
  }
  if (!r.keep_alive) w.field("Connection", "close");
  w.crlf();
  if (r.head_request) return;
  if (chunked)
    write_chunked_body(r.body, r.chunk_bytes, w);
  else
    w.put(r.body);
}

/// Runs `write` twice: once to size the message, once into the reserved tail span.
template <class Spec, class Write>
HttpError emit(const Spec& spec, Write write, TxBuffer& out) noexcept {
  TextWriter counter;
  write(spec, counter);
  if (counter.size() > out.capacity()) return HttpError::InvalidArgument;  // could never fit
  const std::span<std::uint8_t> span = out.reserve(counter.size());
  if (span.empty()) return HttpError::OutputFull;
  TextWriter w(span.data(), span.size());
  write(spec, w);
  out.commit(w.size());
  return HttpError::None;
}

}  // namespace

HttpError encode_request(const HttpRequestSpec& r, TxBuffer& out) noexcept {
  if (!is_origin_target(r.target) || r.host.empty() || !is_safe_field_value(r.host) ||
      !fields_valid(r.headers, r.header_count) || !is_safe_field_value(r.content_type) ||
      (!r.body.empty() && r.content_type.empty()))
    return HttpError::InvalidArgument;
  return emit(r, &write_request, out);
}

HttpError encode_response(const HttpResponseSpec& r, TxBuffer& out) noexcept {
  if (r.status < 100 || r.status > 999 || !is_safe_field_value(r.reason) ||
      !fields_valid(r.headers, r.header_count) || !is_safe_field_value(r.content_type))
    return HttpError::InvalidArgument;
  return emit(r, &write_response, out);
}

std::string_view reason_phrase(std::uint16_t status) noexcept {
  switch (status) {
    case 101: return "Switching Protocols";
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 413: return "Content Too Large";
    case 418: return "I'm a teapot";  // Binance: IP auto-banned after repeated 429s
    case 426: return "Upgrade Required";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return "Unknown";
  }
}

}  // namespace xtb::net
