// text_writer.hpp — TextWriter: bounded appends of ASCII protocol text (request lines,
// header fields, decimal numbers) into a caller-provided byte span.
//
// Used in two passes by the encoders: a counting pass (no buffer) sizes the message
// exactly, the encoder reserves that many bytes in the TxBuffer, and a second pass writes
// them. So a message is either queued whole or not at all, and nothing is formatted
// twice into temporary storage. No allocation, no locale, no printf.
//
// Threads: a stack object of the calling (owner) thread.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace xtb::net {

class TextWriter {
 public:
  /// Counting writer: records lengths only.
  TextWriter() = default;
  /// Writes into [buf, buf + cap); overflow() turns true if more is written.
  TextWriter(std::uint8_t* buf, std::size_t cap) noexcept : buf_(buf), cap_(cap) {}

  void put(std::string_view s) noexcept { put(s.data(), s.size()); }
  void put(const void* p, std::size_t n) noexcept {
    if (buf_ != nullptr && n != 0 && len_ + n <= cap_) std::memcpy(buf_ + len_, p, n);
    len_ += n;
  }
  void put_char(char c) noexcept { put(&c, 1); }
  void crlf() noexcept { put("\r\n", 2); }
  /// Unsigned decimal without leading zeros.
  void put_uint(std::uint64_t v) noexcept {
    char tmp[20];
    std::size_t i = sizeof(tmp);
    do {
      tmp[--i] = static_cast<char>('0' + v % 10);
      v /= 10;
    } while (v != 0);
    put(tmp + i, sizeof(tmp) - i);
  }
  /// Lower-case hexadecimal without leading zeros (chunk sizes, RFC 9112 §7.1).
  void put_hex(std::uint64_t v) noexcept {
    char tmp[16];
    std::size_t i = sizeof(tmp);
    do {
      tmp[--i] = "0123456789abcdef"[v & 0xF];
      v >>= 4;
    } while (v != 0);
    put(tmp + i, sizeof(tmp) - i);
  }
  /// "Name: value\r\n".
  void field(std::string_view name, std::string_view value) noexcept {
    put(name);
    put(": ", 2);
    put(value);
    crlf();
  }

  std::size_t size() const noexcept { return len_; }
  bool overflow() const noexcept { return len_ > cap_; }

 private:
  std::uint8_t* buf_ = nullptr;
  std::size_t cap_ = 0;
  std::size_t len_ = 0;
};

/// RFC 9110 §5.6.2 token characters (field names, methods).
bool is_token(std::string_view s) noexcept;
/// A field value we are willing to emit: no CR, LF or NUL (header injection guard).
bool is_safe_field_value(std::string_view s) noexcept;
/// An origin-form request target: starts with '/', visible ASCII only (no space/CTL).
bool is_origin_target(std::string_view s) noexcept;

}  // namespace xtb::net
