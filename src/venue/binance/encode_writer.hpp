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
    std::memcpy(buf_ + len_, s.data(), s.size());
    len_ += s.size();
  }

  void put(char c) noexcept {
    if (len_ == cap_) return fail();
    buf_[len_++] = c;
  }

  /// Appends a decimal integer.
  void put_int(std::int64_t v) noexcept {
    char tmp[20];
    std::size_t n = 0;
    std::uint64_t mag = v < 0 ? (~static_cast<std::uint64_t>(v) + 1u) : static_cast<std::uint64_t>(v);
    do {
      tmp[n++] = static_cast<char>('0' + mag % 10);
      mag /= 10;
    } while (mag != 0);
    if (v < 0) put('-');
    if (n > cap_ - len_) return fail();
    for (std::size_t i = 0; i < n; ++i) buf_[len_++] = tmp[n - 1 - i];
  }

  /// Appends `units × unit` as decimal text (encode_decimal.hpp). Returns false, without
  /// latching overflow, when the product overflows int64 (caller reports DecimalOverflow).
  bool put_scaled(std::int64_t units, DecimalUnit unit) noexcept {
    char tmp[kMaxDecimalChars];
    const std::size_t n = format_scaled(units, unit, tmp, sizeof tmp);
    if (n == 0) return false;
    put(std::string_view(tmp, n));
    return true;
  }

  /// Appends `s` percent-encoded: RFC 3986 unreserved chars (ALPHA DIGIT - . _ ~) pass,
  /// every other byte becomes %XX (upper-case hex). Used for the batchOrders JSON.
  void put_pct(std::string_view s) noexcept {
    static constexpr char kHex[] = "0123456789ABCDEF";
    for (const char ch : s) {
      const auto c = static_cast<unsigned char>(ch);
      const bool unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                              (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
      if (unreserved) {
        put(ch);
      } else {
        if (cap_ - len_ < 3) return fail();
        buf_[len_++] = '%';
        buf_[len_++] = kHex[c >> 4];
        buf_[len_++] = kHex[c & 0xF];
      }
    }
  }

  bool overflowed() const noexcept { return overflow_; }
  std::size_t size() const noexcept { return len_; }
  std::string_view view() const noexcept { return {buf_, len_}; }

 private:
  void fail() noexcept { overflow_ = true; }

  char* buf_;
  std::size_t cap_;
  std::size_t len_;
  bool overflow_ = false;
};

}  // namespace xtb::binance
