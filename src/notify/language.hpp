// language.hpp — the language of notification texts (`notify.language: zh|en`).
// zh: seed 002's Chinese multi-line templates (【已成交】平多 …), the default, so a vibe-quant
// user reads the messages they know; en: English (docs/notify.md lists both).
// Thread: any.
#pragma once
#include <cstdint>
#include <string_view>

namespace xtb::notify {

enum class Language : std::uint8_t { Zh, En };

inline const char* to_string(Language l) noexcept { return l == Language::Zh ? "zh" : "en"; }

/// "zh" / "en" → the language; false when neither.
inline bool parse_language(std::string_view s, Language& out) noexcept {
  if (s == "zh") out = Language::Zh;
  else if (s == "en") out = Language::En;
  else return false;
  return true;
}

}  // namespace xtb::notify
