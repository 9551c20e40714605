// http_message_parser.cpp — HttpMessageParser over nodejs/http-parser 2.9.
//
// http-parser conventions relied on here (http_parser.h of 2.9.4):
// - a data callback may be called several times for one field (input split anywhere);
//   a header_field callback after a header_value callback starts the next field;
// - returning non-zero from a data callback stops parsing with HPE_CB_<name>;
// - on_headers_complete returning 1 means "no body follows" (HEAD responses);
// - pausing inside on_message_complete makes http_parser_execute() return the number of
//   bytes up to and including the message's last byte, with errno HPE_PAUSED;
// - http_parser_execute(len = 0) signals EOF.
#include "net/http/http_message_parser.hpp"

#include <climits>
#include <cstring>

namespace xtb::net {

HttpMessageParser::HttpMessageParser(Kind kind, const HttpParserLimits& limits)
    : kind_(kind),
      limits_(limits),
      headers_(std::make_unique<HttpHeaderTable>()),
      body_(std::make_unique<std::uint8_t[]>(limits.max_body_bytes + kBodyPadding)),
      target_(std::make_unique<char[]>(limits.max_target_bytes + 1)) {
  http_parser_settings_init(&settings_);
  settings_.on_message_begin = &cb_message_begin;
  settings_.on_url = &cb_url;
  settings_.on_header_field = &cb_header_field;
  settings_.on_header_value = &cb_header_value;
  settings_.on_headers_complete = &cb_headers_complete;
  settings_.on_body = &cb_body;
  settings_.on_message_complete = &cb_message_complete;
  reset();
}

void HttpMessageParser::reset() noexcept {
  http_parser_init(&parser_, kind_ == Kind::Request ? HTTP_REQUEST : HTTP_RESPONSE);
  parser_.data = this;
  clear_message();
  error_ = HttpError::None;
  complete_ = false;
  expect_no_body_ = false;
}

void HttpMessageParser::clear_message() noexcept {
  headers_->clear();
  body_len_ = 0;
  target_len_ = 0;
  rate_ = HttpRateLimitHeaders{};
  in_message_ = false;
  keep_alive_ = false;
  chunked_ = false;
}

void HttpMessageParser::next() noexcept {
  clear_message();
  complete_ = false;
  http_parser_pause(&parser_, 0);
}

HttpParseResult HttpMessageParser::finish(std::size_t consumed) noexcept {
  if (complete_) return {HttpParseStatus::Complete, consumed};
  if (error_ != HttpError::None) return {HttpParseStatus::Error, consumed};
  if (HTTP_PARSER_ERRNO(&parser_) != HPE_OK) {
    error_ = HttpError::Malformed;
    return {HttpParseStatus::Error, consumed};
  }
  return {HttpParseStatus::NeedMore, consumed};
}

HttpParseResult HttpMessageParser::feed(const std::uint8_t* data, std::size_t n) noexcept {
  if (error_ != HttpError::None) return {HttpParseStatus::Error, 0};
  if (complete_) return {HttpParseStatus::Complete, 0};  // caller has not called next()
  if (n == 0) return {HttpParseStatus::NeedMore, 0};     // len 0 would mean EOF to http-parser
  const std::size_t used =
      http_parser_execute(&parser_, &settings_, reinterpret_cast<const char*>(data), n);
  return finish(used);
}

HttpParseResult HttpMessageParser::feed_eof() noexcept {
  if (error_ != HttpError::None) return {HttpParseStatus::Error, 0};
  if (complete_) return {HttpParseStatus::Complete, 0};
  if (!in_message_) return {HttpParseStatus::NeedMore, 0};  // clean close between messages
  http_parser_execute(&parser_, &settings_, nullptr, 0);
  if (complete_) return {HttpParseStatus::Complete, 0};
  if (error_ == HttpError::None) error_ = HttpError::UnexpectedEof;
  return {HttpParseStatus::Error, 0};
}

std::string_view HttpMessageParser::method() const noexcept {
  if (kind_ != Kind::Request) return {};
  return http_method_str(static_cast<http_method>(parser_.method));
}

const char* HttpMessageParser::parser_error_text() const noexcept {
  return http_errno_description(HTTP_PARSER_ERRNO(&parser_));
}

// ------------------------------------------------------------------ callbacks

int HttpMessageParser::cb_message_begin(http_parser* p) {
  HttpMessageParser& s = self(p);
  s.clear_message();
  s.in_message_ = true;
  return 0;
}

int HttpMessageParser::cb_url(http_parser* p, const char* at, std::size_t n) {
  HttpMessageParser& s = self(p);
  if (n > s.limits_.max_target_bytes - s.target_len_) {
    s.error_ = HttpError::TargetTooLong;
    return 1;
  }
  std::memcpy(s.target_.get() + s.target_len_, at, n);
  s.target_len_ += n;
  return 0;
}

int HttpMessageParser::cb_header_field(http_parser* p, const char* at, std::size_t n) {
  HttpMessageParser& s = self(p);
  if (s.headers_->append_name(at, n)) return 0;
  s.error_ = HttpError::HeadersTooLarge;
  return 1;
}

int HttpMessageParser::cb_header_value(http_parser* p, const char* at, std::size_t n) {
  HttpMessageParser& s = self(p);
  if (s.headers_->append_value(at, n)) return 0;
  s.error_ = HttpError::HeadersTooLarge;
  return 1;
}

int HttpMessageParser::cb_headers_complete(http_parser* p) {
  HttpMessageParser& s = self(p);
  s.chunked_ = (p->flags & F_CHUNKED) != 0;
  // Declared length larger than the body buffer: fail now rather than after reading it.
  if (p->content_length != ULLONG_MAX && p->content_length > s.limits_.max_body_bytes) {
    s.error_ = HttpError::BodyTooLarge;
    return -1;
  }
  if (s.kind_ == Kind::Response) {
    // status-code = 3DIGIT (RFC 9112 §4). Debian builds http-parser non-strict, which
    // accepts e.g. "HTTP/1.1 01 x" as status 1 (found by fuzz_http_response).
    if (p->status_code < 100 || p->status_code > 999) {
      s.error_ = HttpError::Malformed;
      return -1;
    }
    const HttpHeaderTable& h = *s.headers_;
    s.rate_.used_weight_1m = parse_decimal(h.find("X-MBX-USED-WEIGHT-1M"));
    s.rate_.order_count_10s = parse_decimal(h.find("X-MBX-ORDER-COUNT-10S"));
    s.rate_.order_count_1m = parse_decimal(h.find("X-MBX-ORDER-COUNT-1M"));
    s.rate_.retry_after_s = parse_decimal(h.find("Retry-After"));
    if (s.expect_no_body_) return 1;
  }
  return 0;
}

int HttpMessageParser::cb_body(http_parser* p, const char* at, std::size_t n) {
  HttpMessageParser& s = self(p);
  if (n > s.limits_.max_body_bytes - s.body_len_) {
    s.error_ = HttpError::BodyTooLarge;
    return 1;
  }
  std::memcpy(s.body_.get() + s.body_len_, at, n);
  s.body_len_ += n;
  return 0;
}

int HttpMessageParser::cb_message_complete(http_parser* p) {
  HttpMessageParser& s = self(p);
  if (s.kind_ == Kind::Response && p->status_code >= 100 && p->status_code < 200 &&
      p->status_code != 101) {
    s.clear_message();  // interim response (100 Continue, 103 Early Hints): skip it
    return 0;
  }
  s.keep_alive_ = http_should_keep_alive(p) != 0;
  std::memset(s.body_.get() + s.body_len_, 0, kBodyPadding);
  s.target_[s.target_len_] = '\0';
  s.in_message_ = false;
  s.complete_ = true;
  http_parser_pause(p, 1);
  return 0;
}

}  // namespace xtb::net
