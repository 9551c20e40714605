// http_types.cpp — HttpHeaderTable and the small text helpers of http_types.hpp.
#include "net/http/http_types.hpp"

#include <cstring>

namespace xtb::net {

std::string_view to_string(HttpMethod m) noexcept {
  switch (m) {
    case HttpMethod::Get: return "GET";
    case HttpMethod::Post: return "POST";
    case HttpMethod::Put: return "PUT";
    case HttpMethod::Delete: return "DELETE";
    case HttpMethod::Head: return "HEAD";
  }
  return "GET";
}

const char* to_string(HttpError e) noexcept {
  switch (e) {
    case HttpError::None: return "none";
    case HttpError::Malformed: return "malformed";
    case HttpError::HeadersTooLarge: return "headers_too_large";
    case HttpError::TargetTooLong: return "target_too_long";
    case HttpError::BodyTooLarge: return "body_too_large";
    case HttpError::UnexpectedEof: return "unexpected_eof";
    case HttpError::Timeout: return "timeout";
    case HttpError::OutputFull: return "output_full";
    case HttpError::InvalidArgument: return "invalid_argument";
    case HttpError::NotReady: return "not_ready";
    case HttpError::Unsolicited: return "unsolicited";
    case HttpError::PipelineOverflow: return "pipeline_overflow";
  }
  return "unknown";
}

namespace {
inline char lower(char c) noexcept { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }
inline bool is_ows(char c) noexcept { return c == ' ' || c == '\t'; }

}  // namespace

std::string_view trim_ows(std::string_view s) noexcept {
  while (!s.empty() && is_ows(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_ows(s.back())) s.remove_suffix(1);
  return s;
}

bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

bool has_token(std::string_view value, std::string_view token) noexcept {
  while (!value.empty()) {
    const std::size_t comma = value.find(',');
    const std::string_view element = trim_ows(value.substr(0, comma));
    if (iequals(element, token)) return true;
    if (comma == std::string_view::npos) break;
    value.remove_prefix(comma + 1);
  }
  return false;
}

std::int64_t parse_decimal(std::string_view s) noexcept {
  s = trim_ows(s);
  if (s.empty()) return -1;
  constexpr std::int64_t kMax = std::int64_t{1} << 62;
  std::int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return -1;
    const int d = c - '0';
    if (v > (kMax - d) / 10) return -1;  // checked before multiplying (fuzzer find)
    v = v * 10 + d;
  }
  return v;
}

bool HttpHeaderTable::append(const char* p, std::size_t n) noexcept {
  if (n > kArenaBytes - used_) return false;
  std::memcpy(arena_ + used_, p, n);
  used_ += n;
  return true;
}

bool HttpHeaderTable::append_name(const char* p, std::size_t n) noexcept {
  if (count_ == 0 || in_value_) {
    // A name piece after a value piece starts the next field.
    if (count_ == kMaxFields) return false;
    fields_[count_] = Field{static_cast<std::uint16_t>(used_), 0, static_cast<std::uint16_t>(used_), 0};
    ++count_;
    in_value_ = false;
  }
  if (!append(p, n)) return false;
  Field& f = fields_[count_ - 1];
  f.name_len = static_cast<std::uint16_t>(f.name_len + n);
  f.value_off = static_cast<std::uint16_t>(used_);
  return true;
}

bool HttpHeaderTable::append_value(const char* p, std::size_t n) noexcept {
  if (count_ == 0) return false;  // http_parser always sends a name first
  in_value_ = true;
  if (!append(p, n)) return false;
  Field& f = fields_[count_ - 1];
  f.value_len = static_cast<std::uint16_t>(f.value_len + n);
  return true;
}

std::string_view HttpHeaderTable::name(std::size_t i) const noexcept {
  return i < count_ ? std::string_view(arena_ + fields_[i].name_off, fields_[i].name_len) : std::string_view{};
}

std::string_view HttpHeaderTable::value(std::size_t i) const noexcept {
  return i < count_ ? std::string_view(arena_ + fields_[i].value_off, fields_[i].value_len) : std::string_view{};
}

std::string_view HttpHeaderTable::find(std::string_view n) const noexcept {
  for (std::size_t i = 0; i < count_; ++i)
    if (iequals(name(i), n)) return value(i);
  return {};
}

bool HttpHeaderTable::contains(std::string_view n) const noexcept {
  for (std::size_t i = 0; i < count_; ++i)
    if (iequals(name(i), n)) return true;
  return false;
}

}  // namespace xtb::net
