// utf8.hpp — Utf8Validator: incremental, allocation-free UTF-8 validation for WebSocket
// text messages, which RFC 6455 §8.1 requires to be valid UTF-8 across fragment
// boundaries ("fail fast": §8.1 lets an endpoint fail as soon as a prefix is invalid).
//
// Validity per RFC 3629 §4 (Table 3-7 of Unicode): no overlong forms, no surrogates
// (U+D800..DFFF), nothing above U+10FFFF. The validator keeps the expected number of
// continuation bytes and the allowed range of the next byte, so a code point split
// between two frames (or two TCP reads) is handled. ASCII runs are skipped 8 bytes at a
// time — Binance payloads are pure ASCII JSON.
//
// Threads: a plain value owned by one connection.
#pragma once
#include <cstddef>
#include <cstdint>

namespace xtb::net {

class Utf8Validator {
 public:
  /// Feeds `n` bytes. Returns false as soon as the input can no longer be valid UTF-8
  /// (and keeps returning false until reset()).
  bool feed(const std::uint8_t* p, std::size_t n) noexcept;
  /// True when the bytes so far end on a code point boundary (call at message end).
  bool complete() const noexcept { return !failed_ && need_ == 0; }
  bool failed() const noexcept { return failed_; }
  void reset() noexcept { *this = Utf8Validator{}; }

 private:
  bool lead(std::uint8_t b) noexcept;
  bool fail() noexcept {
    failed_ = true;
    return false;
  }

  std::uint8_t need_ = 0;   ///< continuation bytes still expected
  std::uint8_t lo_ = 0x80;  ///< allowed range of the next continuation byte
  std::uint8_t hi_ = 0xBF;
  bool failed_ = false;
};

/// One-shot check of a whole buffer.
inline bool is_valid_utf8(const std::uint8_t* p, std::size_t n) noexcept {
  Utf8Validator v;
  return v.feed(p, n) && v.complete();
}

}  // namespace xtb::net
