// buffer_writer.hpp — BufferWriter: appends text to a caller-owned char buffer (no
// allocation), with the encodings Lighter's wire strings use: decimal integers, lowercase
// hex (auth token signatures, tx hashes) and standard padded base64 (Go's encoding/json of
// []byte, the "Sig" field of tx_info). Overflow sets ok() to false and stops writing.
// Contract: single-threaded use per instance; noexcept.
#pragma once
#include <charconv>
#include <cstdint>
#include <span>
#include <string_view>

namespace xtb::crypto::lighter {

class BufferWriter {
 public:
  explicit BufferWriter(std::span<char> out) noexcept : begin_(out.data()), p_(out.data()), end_(out.data() + out.size()) {}

  bool ok() const noexcept { return ok_; }
  std::size_t size() const noexcept { return static_cast<std::size_t>(p_ - begin_); }
  std::string_view view() const noexcept { return {begin_, size()}; }

  BufferWriter& text(std::string_view s) noexcept {
    if (!reserve(s.size())) return *this;
    for (char c : s) *p_++ = c;
    return *this;
  }
  template <typename Int>
  BufferWriter& integer(Int v) noexcept {
    if (!ok_) return *this;
    const auto r = std::to_chars(p_, end_, v);
    if (r.ec != std::errc{}) {
      ok_ = false;
      return *this;
    }
    p_ = r.ptr;
    return *this;
  }
  BufferWriter& hex(std::span<const std::uint8_t> bytes) noexcept {
    static constexpr char kDigits[] = "0123456789abcdef";
    if (!reserve(2 * bytes.size())) return *this;
    for (std::uint8_t b : bytes) {
      *p_++ = kDigits[b >> 4];
      *p_++ = kDigits[b & 15];
    }
    return *this;
  }
  BufferWriter& base64(std::span<const std::uint8_t> bytes) noexcept {
    static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    if (!reserve((bytes.size() + 2) / 3 * 4)) return *this;
    std::size_t i = 0;
    for (; i + 3 <= bytes.size(); i += 3) {
      const std::uint32_t v = std::uint32_t{bytes[i]} << 16 | std::uint32_t{bytes[i + 1]} << 8 | bytes[i + 2];
      for (int s = 18; s >= 0; s -= 6) *p_++ = kAlphabet[(v >> s) & 63];
    }
    const std::size_t rest = bytes.size() - i;
    if (rest > 0) {
      const std::uint32_t v = std::uint32_t{bytes[i]} << 16 | (rest == 2 ? std::uint32_t{bytes[i + 1]} << 8 : 0);
      *p_++ = kAlphabet[(v >> 18) & 63];
      *p_++ = kAlphabet[(v >> 12) & 63];
      *p_++ = rest == 2 ? kAlphabet[(v >> 6) & 63] : '=';
      *p_++ = '=';
    }
    return *this;
  }

 private:
  bool reserve(std::size_t n) noexcept {
    if (!ok_ || static_cast<std::size_t>(end_ - p_) < n) ok_ = false;
    return ok_;
  }
  char* begin_;
  char* p_;
  char* end_;
  bool ok_ = true;
};

}  // namespace xtb::crypto::lighter
