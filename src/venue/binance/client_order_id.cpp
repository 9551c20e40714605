// client_order_id.cpp — see client_order_id.hpp.
#include "venue/binance/client_order_id.hpp"

#include <cstring>

namespace xtb::binance {

namespace {

constexpr char kDigits[] = "0123456789abcdefghijklmnopqrstuvwxyz";

bool is_prefix_char(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_';
}

int base36_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'z') return c - 'a' + 10;
  return -1;
}

/// Variable-width base-36 text of `v`; returns length (≤ 13).
std::size_t write_base36(std::uint64_t v, char* out) noexcept {
  char rev[13];
  std::size_t n = 0;
  do {
    rev[n++] = kDigits[v % 36];
    v /= 36;
  } while (v != 0);
  for (std::size_t i = 0; i < n; ++i) out[i] = rev[n - 1 - i];
  return n;
}

/// Parses canonical base-36 (no leading zero unless the value is 0; fixed-width fields
/// pass allow_leading_zero). `text.size()` must already be bounded by the caller.
bool read_base36(std::string_view text, bool allow_leading_zero, std::uint64_t& out) noexcept {
  if (text.empty()) return false;
  if (!allow_leading_zero && text.size() > 1 && text[0] == '0') return false;
  std::uint64_t v = 0;
  for (const char c : text) {
    const int d = base36_value(c);
    if (d < 0) return false;
    v = v * 36 + static_cast<std::uint64_t>(d);  // ≤ 12 digits: no overflow
  }
  out = v;
  return true;
}

}  // namespace

bool ClientOrderIdCodec::create(std::string_view prefix, std::uint64_t run_id, ClientOrderIdCodec& out) noexcept {
  if (prefix.empty() || prefix.size() > kMaxPrefix || run_id > kMaxRunId) return false;
  for (const char c : prefix) {
    if (!is_prefix_char(c)) return false;
  }
  ClientOrderIdCodec c;
  std::memcpy(c.prefix_, prefix.data(), prefix.size());
  c.prefix_len_ = static_cast<std::uint8_t>(prefix.size());
  c.run_id_ = run_id;
  std::uint64_t v = run_id;
  for (std::size_t i = kRunChars; i > 0; --i) {  // fixed width, zero padded
    c.run_text_[i - 1] = kDigits[v % 36];
    v /= 36;
  }
  out = c;
  return true;
}

bool ClientOrderIdCodec::format(std::uint64_t generation, std::uint64_t seq, ClientOrderId& out) const noexcept {
  if (generation > kMaxGeneration || seq > kMaxSeq || prefix_len_ == 0) return false;
  char* p = out.data;
  std::memcpy(p, prefix_, prefix_len_);
  p += prefix_len_;
  *p++ = '-';
  std::memcpy(p, run_text_, kRunChars);
  p += kRunChars;
  *p++ = '-';
  p += write_base36(generation, p);
  *p++ = '-';
  p += write_base36(seq, p);
  out.len = static_cast<std::uint8_t>(p - out.data);  // ≤ 35 by construction
  return true;
}

bool ClientOrderIdCodec::parse(std::string_view id, ParsedClientOrderId& out) noexcept {
  if (id.size() > ClientOrderId::kMax) return false;
  // Exactly three '-' separators.
  std::size_t dash[3];
  std::size_t found = 0;
  for (std::size_t i = 0; i < id.size(); ++i) {
    if (id[i] != '-') continue;
    if (found == 3) return false;
    dash[found++] = i;
  }
  if (found != 3) return false;
  const std::string_view prefix = id.substr(0, dash[0]);
  const std::string_view run = id.substr(dash[0] + 1, dash[1] - dash[0] - 1);
  const std::string_view gen = id.substr(dash[1] + 1, dash[2] - dash[1] - 1);
  const std::string_view seq = id.substr(dash[2] + 1);
  if (prefix.empty() || prefix.size() > kMaxPrefix) return false;
  for (const char c : prefix) {
    if (!is_prefix_char(c)) return false;
  }
  if (run.size() != kRunChars || gen.size() > kMaxGenChars || seq.size() > kMaxSeqChars) return false;
  ParsedClientOrderId r;
  r.prefix = prefix;
  if (!read_base36(run, true, r.run_id) || !read_base36(gen, false, r.generation) ||
      !read_base36(seq, false, r.seq)) {
    return false;
  }
  out = r;
  return true;
}

Ownership ClientOrderIdCodec::classify(std::string_view id, std::uint64_t current_generation) const noexcept {
  ParsedClientOrderId p;
  if (!parse(id, p) || p.prefix != prefix()) return Ownership::Foreign;
  if (p.run_id != run_id_) return Ownership::OtherRun;
  return p.generation == current_generation ? Ownership::Current : Ownership::StaleGeneration;
}

std::uint64_t make_run_id(std::uint64_t entropy) noexcept {
  // splitmix64 finaliser (Steele et al.), then reduce into the 8-digit base-36 range.
  std::uint64_t z = entropy + 0x9E3779B97F4A7C15ull;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  z ^= z >> 31;
  return z % (ClientOrderIdCodec::kMaxRunId + 1);
}

}  // namespace xtb::binance
