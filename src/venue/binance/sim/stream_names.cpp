// stream_names.cpp — see stream_names.hpp.
#include "venue/binance/sim/stream_names.hpp"

#include <cctype>
#include <cstring>

namespace xtb::sim::binance_usdm {
namespace {

// "@<digits>ms" exactly.
bool is_speed_suffix(std::string_view s) noexcept {
  if (s.size() < 4 || s.front() != '@' || s.substr(s.size() - 2) != "ms") return false;
  for (char c : s.substr(1, s.size() - 3))
    if (c < '0' || c > '9') return false;
  return true;
}

}  // namespace

std::string stream_alias(std::string_view name) {
  const std::size_t at = name.find('@');
  if (at == 0 || at == std::string_view::npos) return {};
  const std::string_view sym = name.substr(0, at), rest = name.substr(at + 1);
  for (std::string_view chan : {std::string_view("depth"), std::string_view("markprice")}) {
    if (rest.substr(0, chan.size()) != chan) continue;
    const std::string_view tail = rest.substr(chan.size());
    if (tail.empty() || is_speed_suffix(tail) || (chan == "markprice" && tail == "@1s"))
      return std::string(sym) + "@" + std::string(chan);
  }
  return {};
}

std::string stream_symbol(std::string_view stream) {
  const std::size_t at = stream.find('@');
  if (at == 0 || at == std::string_view::npos) return {};
  std::string out(stream.substr(0, at));
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::size_t wrap_combined(char* out, std::size_t cap, std::string_view name, std::string_view data) noexcept {
  static constexpr std::string_view kA = "{\"stream\":\"", kB = "\",\"data\":";
  const std::size_t n = kA.size() + name.size() + kB.size() + data.size() + 1;
  if (n > cap) return 0;
  std::memcpy(out, kA.data(), kA.size());
  std::memcpy(out + kA.size(), name.data(), name.size());
  std::memcpy(out + kA.size() + name.size(), kB.data(), kB.size());
  std::memcpy(out + kA.size() + name.size() + kB.size(), data.data(), data.size());
  out[n - 1] = '}';
  return n;
}

}  // namespace xtb::sim::binance_usdm
