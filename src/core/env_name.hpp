// env_name.hpp — is a config value the NAME of an environment variable ([A-Za-z_][A-Za-z0-9_]*)?
// Configs name the variables that hold secrets, never the secrets (design §8). Any thread.
#pragma once
#include <string_view>

namespace xtb {

constexpr bool is_env_name(std::string_view s) noexcept {
  if (s.empty() || (s[0] >= '0' && s[0] <= '9')) return false;
  for (const char c : s)
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  return true;
}

}  // namespace xtb
