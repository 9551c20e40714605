// encode_writer.hpp — ParamWriter: a bounded appender for `name=value&name=value` text
// (URL query strings and application/x-www-form-urlencoded bodies).
//
// A flyweight over a caller-owned char buffer: never allocates, never writes past `cap`.
// Running out of room latches `overflowed()`; the encoder turns that into
// EncodeError::BufferOverflow instead of sending a truncated, mis-signed request.
// Hot path; owned by one thread at a time (the egress thread).
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "venue/binance/encode_decimal.hpp"

namespace xtb::binance {

/// RFC 3986 §2.3 unreserved characters: ALPHA / DIGIT / "-" / "." / "_" / "~".
struct UnreservedTable {
  bool v[256] = {};
  constexpr UnreservedTable() {
    for (int c = 0; c < 256; ++c) {
      v[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
             c == '.' || c == '_' || c == '~';
    }
  }
  constexpr bool operator[](unsigned char c) const { return v[c]; }
};
inline constexpr UnreservedTable kUnreserved{};

class ParamWriter {
 public:
  /// Writes into buf[len .. cap). `len` > 0 continues an existing parameter list.
  ParamWriter(char* buf, std::size_t cap, std::size_t len = 0) noexcept
      : buf_(buf), cap_(cap), len_(len) {}

  /// Starts the pair `name=` (preceded by '&' unless it is the first pair).
  void key(std::string_view name) noexcept {
    if (len_ != 0) put('&');
    put(name);
    put('=');
  }

  /// Appends bytes verbatim. Callers only pass text that needs no percent-encoding:
  /// enum literals, digits, symbol names and ids already checked against the
  /// `[.A-Z:/a-z0-9_-]` rule (all legal in a query component, RFC 3986 §3.4).
  void put(std::string_view s) noexcept {
    if (s.size() > cap_ - len_) return fail();
    if (s.empty()) return;  // data() of an empty view may be null
    std::memcpy(buf_ + len_, s.data(), s.size());
    len_ += s.size();
  }

  void put(char c) noexcept {
    if (len_ == cap_) return fail();
    buf_[len_++] = c;
  }

  /// Appends an unsigned decimal integer (venue order ids, timestamps).
  void put_uint(std::uint64_t v) noexcept {
    char tmp[20];
    std::size_t n = 0;
    do {
      tmp[n++] = static_cast<char>('0' + v % 10);
      v /= 10;
    } while (v != 0);
    if (n > cap_ - len_) return fail();
    for (std::size_t i = 0; i < n; ++i) buf_[len_++] = tmp[n - 1 - i];
  }

  /// Appends a signed decimal integer.
  void put_int(std::int64_t v) noexcept {
    if (v < 0) put('-');
    put_uint(v < 0 ? (~static_cast<std::uint64_t>(v) + 1u) : static_cast<std::uint64_t>(v));
  }

  /// Appends `count × scale` as decimal text (encode_decimal.hpp). Returns false, without
  /// latching overflow, when the product overflows int64 (caller reports DecimalOverflow).
  bool put_scaled(std::int64_t count, DecimalScale scale) noexcept {
    char tmp[kMaxDecimalChars];
    const std::size_t n = format_scaled(count, scale, tmp, sizeof tmp);
    if (n == 0) return false;
    put(std::string_view(tmp, n));
    return true;
  }

  /// Appends `s` percent-encoded: RFC 3986 unreserved chars (ALPHA DIGIT - . _ ~) pass,
  /// every other byte becomes %XX (upper-case hex). Used for the batchOrders JSON.
  void put_pct(std::string_view s) noexcept {
    static constexpr char kHex[] = "0123456789ABCDEF";
    // Locals, not members, in the loop: stores through char* may alias *this, which would
    // make the compiler reload len_/cap_ after every byte.
    char* const buf = buf_;
    const std::size_t cap = cap_;
    std::size_t len = len_;
    for (const char ch : s) {
      const auto c = static_cast<unsigned char>(ch);
      if (kUnreserved[c]) {
        if (len == cap) return fail_at(len);
        buf[len++] = ch;
      } else {
        if (cap - len < 3) return fail_at(len);
        buf[len] = '%';
        buf[len + 1] = kHex[c >> 4];
        buf[len + 2] = kHex[c & 0xF];
        len += 3;
      }
    }
    len_ = len;
  }

  bool overflowed() const noexcept { return overflow_; }
  std::size_t size() const noexcept { return len_; }
  std::string_view view() const noexcept { return {buf_, len_}; }

 private:
  void fail() noexcept { overflow_ = true; }
  void fail_at(std::size_t len) noexcept {
    len_ = len;
    overflow_ = true;
  }

  char* buf_;
  std::size_t cap_;
  std::size_t len_;
  bool overflow_ = false;
};

}  // namespace xtb::binance
