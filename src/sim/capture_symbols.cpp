// capture_symbols.cpp — see capture_symbols.hpp.
#include "sim/capture_symbols.hpp"

#include <algorithm>
#include <cstdint>
#include <string_view>

namespace xtb {

std::vector<std::string> capture_stream_symbols(const Capture& cap, std::size_t max_records) {
  constexpr std::string_view kPrefix = "{\"stream\":\"";
  constexpr std::size_t kMaxNames = 64;
  std::vector<std::string> out;
  const std::size_t n = std::min(cap.size(), max_records);
  for (std::size_t i = 0; i < n && out.size() < kMaxNames; ++i) {
    const std::string_view js = cap.json(i);
    if (js.substr(0, kPrefix.size()) != kPrefix) continue;
    const std::string_view rest = js.substr(kPrefix.size());
    const std::size_t at = rest.find('@');
    if (at == 0 || at == std::string_view::npos || at > 32 || rest.substr(0, at).find('"') != std::string_view::npos)
      continue;
    std::string sym(rest.substr(0, at));
    for (char& c : sym)
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (sym[0] == '!') continue;  // !markPrice@arr and the like: all symbols
    if (std::find(out.begin(), out.end(), sym) == out.end()) out.push_back(std::move(sym));
  }
  return out;
}

}  // namespace xtb
