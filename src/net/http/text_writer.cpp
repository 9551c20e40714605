// text_writer.cpp — character-class checks used before emitting protocol text.
#include "net/http/text_writer.hpp"

namespace xtb::net {

bool is_token(std::string_view s) noexcept {
  if (s.empty()) return false;
  for (unsigned char c : s) {
    const bool alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (alnum) continue;
    switch (c) {
      case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+':
      case '-': case '.': case '^': case '_': case '`': case '|': case '~':
        continue;
      default:
        return false;
    }
  }
  return true;
}

bool is_safe_field_value(std::string_view s) noexcept {
  for (unsigned char c : s)
    if (c == '\r' || c == '\n' || c == '\0') return false;
  return true;
}

bool is_origin_target(std::string_view s) noexcept {
  if (s.empty() || s.front() != '/') return false;
  for (unsigned char c : s)
    if (c <= 0x20 || c >= 0x7F) return false;
  return true;
}

}  // namespace xtb::net
