// query_params.cpp — see query_params.hpp.
#include "sim/server/query_params.hpp"

#include <cstdint>

namespace xtb::sim::server {
namespace {

int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::size_t percent_decode(std::string_view in, char* out, std::size_t cap) noexcept {
  std::size_t n = 0;
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (n >= cap) return SIZE_MAX;
    char c = in[i];
    if (c == '+') {
      c = ' ';
    } else if (c == '%') {
      if (in.size() - i < 3) return SIZE_MAX;  // needs "%XY"
      const int hi = hex_value(in[i + 1]), lo = hex_value(in[i + 2]);
      if (hi < 0 || lo < 0) return SIZE_MAX;
      c = static_cast<char>(hi * 16 + lo);
      i += 2;
    }
    out[n++] = c;
  }
  return n;
}

QueryParams::Status QueryParams::parse(std::string_view query, std::string_view body) noexcept {
  n_ = 0;
  used_ = 0;
  const Status s = add_all(query);
  return s != Status::Ok ? s : add_all(body);
}

QueryParams::Status QueryParams::add_all(std::string_view text) noexcept {
  Status st = Status::Ok;
  const std::size_t first = n_;  // duplicates are checked within this text only
  for_each_part(text, '&', [&](std::string_view kv) {
    if (st != Status::Ok) return;
    if (n_ == kMaxParams) {
      st = Status::TooMany;
      return;
    }
    const std::size_t eq = kv.find('=');
    const std::string_view k = kv.substr(0, eq);
    const std::string_view v = eq == std::string_view::npos ? std::string_view{} : kv.substr(eq + 1);
    Pair& p = p_[n_];
    if (!decode(k, p.name_off, p.name_len) || !decode(v, p.value_off, p.value_len)) {
      st = used_ >= kArenaBytes ? Status::TooLong : Status::BadEncoding;
      return;
    }
    for (std::size_t i = first; i < n_; ++i) {
      if (name(i) == std::string_view(arena_ + p.name_off, p.name_len)) {
        st = Status::Duplicate;
        return;
      }
    }
    ++n_;
  });
  return st;
}

bool QueryParams::decode(std::string_view in, unsigned& off, unsigned& len) noexcept {
  const std::size_t n = percent_decode(in, arena_ + used_, kArenaBytes - used_);
  if (n == SIZE_MAX) {
    if (in.size() > kArenaBytes - used_) used_ = kArenaBytes;  // report TooLong
    return false;
  }
  off = static_cast<unsigned>(used_);
  len = static_cast<unsigned>(n);
  used_ += n;
  return true;
}

std::string_view QueryParams::get(std::string_view name) const noexcept {
  for (std::size_t i = 0; i < n_; ++i)
    if (this->name(i) == name) return value(i);
  return {};
}

bool QueryParams::has(std::string_view name) const noexcept {
  for (std::size_t i = 0; i < n_; ++i)
    if (this->name(i) == name) return true;
  return false;
}

}  // namespace xtb::sim::server
