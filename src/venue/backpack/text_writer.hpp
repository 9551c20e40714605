// text_writer.hpp — bounded append-only text into a caller buffer (signing strings, JSON
// bodies, query strings, headers). Overflow latches !ok() and writes nothing more; nothing
// allocates. Any thread (one writer per buffer).
#pragma once
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace xtb::backpack {

class TextWriter {
 public:
  TextWriter(char* buf, std::size_t cap) noexcept : buf_(buf), cap_(cap) {}
  TextWriter& text(std::string_view s) noexcept {
    if (!ok_ || s.size() > cap_ - len_) return fail();
    if (!s.empty()) std::memcpy(buf_ + len_, s.data(), s.size());
    len_ += s.size();
    return *this;
  }
  TextWriter& ch(char c) noexcept { return text(std::string_view(&c, 1)); }
  TextWriter& i64(std::int64_t v) noexcept {
    char tmp[24];
    const auto r = std::to_chars(tmp, tmp + sizeof tmp, v);
    return text(std::string_view(tmp, static_cast<std::size_t>(r.ptr - tmp)));
  }
  TextWriter& u64(std::uint64_t v) noexcept {
    char tmp[24];
    const auto r = std::to_chars(tmp, tmp + sizeof tmp, v);
    return text(std::string_view(tmp, static_cast<std::size_t>(r.ptr - tmp)));
  }
  bool ok() const noexcept { return ok_; }
  std::size_t size() const noexcept { return len_; }
  std::string_view view() const noexcept { return {buf_, len_}; }

 private:
  TextWriter& fail() noexcept {
    ok_ = false;
    return *this;
  }
  char* buf_;
  std::size_t cap_;
  std::size_t len_ = 0;
  bool ok_ = true;
};

}  // namespace xtb::backpack
