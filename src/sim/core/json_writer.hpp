// json_writer.hpp — JsonWriter: a bounded JSON appender over a caller-owned char buffer
// (a flyweight: never allocates, never writes past `cap`). Commas are placed
// automatically from a small nesting stack; running out of room (or nesting deeper
// than kMaxDepth) latches !ok() and the encoders then return 0 instead of a truncated
// document.
//
// Numbers: integers are written bare; venue decimals (prices, quantities, amounts) are
// written as JSON strings, as futures venues do ("p":"61800.20").
// Threads: one writer per thread; hot-path safe.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace xtb::sim {

class JsonWriter {
 public:
  static constexpr int kMaxDepth = 32;

  JsonWriter(char* buf, std::size_t cap) noexcept : buf_(buf), cap_(cap) {}

  void begin_object() noexcept { open('{'); }
  void end_object() noexcept { close('}'); }
  void begin_array() noexcept { open('['); }
  void end_array() noexcept { close(']'); }

  /// Starts the member `"k":` of the current object.
  void key(std::string_view k) noexcept {
    comma();
    put('"');
    put(k);
    put('"');
    put(':');
    after_key_ = true;
  }
  /// A string value, escaped per RFC 8259 §7.
  void str(std::string_view s) noexcept;
  /// Text inserted verbatim as a value (pre-formatted number or literal).
  void raw(std::string_view s) noexcept {
    value_start();
    put(s);
  }
  void i64(std::int64_t v) noexcept;
  void u64(std::uint64_t v) noexcept;
  void boolean(bool b) noexcept { raw(b ? "true" : "false"); }
  void null() noexcept { raw("null"); }

  // Member shorthands.
  void kv(std::string_view k, std::string_view v) noexcept { key(k); str(v); }
  void kv_i64(std::string_view k, std::int64_t v) noexcept { key(k); i64(v); }
  void kv_u64(std::string_view k, std::uint64_t v) noexcept { key(k); u64(v); }
  void kv_bool(std::string_view k, bool v) noexcept { key(k); boolean(v); }

  bool ok() const noexcept { return !failed_ && depth_ == 0; }
  bool failed() const noexcept { return failed_; }
  /// Bytes written; 0 when the document overflowed or is unbalanced.
  std::size_t finish() const noexcept { return ok() ? len_ : 0; }
  std::size_t size() const noexcept { return len_; }

 private:
  void put(char c) noexcept {
    if (len_ >= cap_) { failed_ = true; return; }
    buf_[len_++] = c;
  }
  void put(std::string_view s) noexcept {
    if (s.size() > cap_ - len_) { failed_ = true; return; }
    if (s.empty()) return;  // data() of an empty view may be null
    std::memcpy(buf_ + len_, s.data(), s.size());
    len_ += s.size();
  }
  void comma() noexcept {
    if (depth_ > 0 && has_item_[depth_ - 1]) put(',');
    if (depth_ > 0) has_item_[depth_ - 1] = true;
  }
  void value_start() noexcept {
    if (after_key_) after_key_ = false;
    else comma();
  }
  void open(char c) noexcept {
    value_start();
    put(c);
    if (depth_ >= kMaxDepth) { failed_ = true; return; }
    has_item_[depth_++] = false;
  }
  void close(char c) noexcept {
    if (depth_ == 0) { failed_ = true; return; }
    --depth_;
    put(c);
  }

  char* buf_;
  std::size_t cap_;
  std::size_t len_ = 0;
  int depth_ = 0;
  bool has_item_[kMaxDepth] = {};
  bool after_key_ = false;
  bool failed_ = false;
};

inline void JsonWriter::str(std::string_view s) noexcept {
  static constexpr char kHex[] = "0123456789abcdef";
  value_start();
  put('"');
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') { put('\\'); put(ch); }
    else if (c == '\n') put("\\n");
    else if (c == '\r') put("\\r");
    else if (c == '\t') put("\\t");
    else if (c < 0x20) { put("\\u00"); put(kHex[c >> 4]); put(kHex[c & 15]); }
    else put(ch);
  }
  put('"');
}

inline void JsonWriter::u64(std::uint64_t v) noexcept {
  char tmp[20];
  std::size_t n = 0;
  do {
    tmp[n++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v != 0);
  value_start();
  while (n > 0) put(tmp[--n]);
}

inline void JsonWriter::i64(std::int64_t v) noexcept {
  if (v >= 0) return u64(static_cast<std::uint64_t>(v));
  value_start();
  put('-');
  after_key_ = true;  // the digits continue this value
  u64(~static_cast<std::uint64_t>(v) + 1u);
}

}  // namespace xtb::sim
