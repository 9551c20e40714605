// fuzz_strategy_config.cpp — libFuzzer target: the strategy config parser
// (parse_strategy_config_text: YAML text + "dotted.path=value" overrides → validated
// StrategyConfig) fed with arbitrary text.
//
// Input layout: YAML text, optionally followed by '\0' and override lines ('\n'-separated).
// Invariant: the parser returns (never throws, crashes or hangs); every error names a
// message; a result without errors has at least one configured symbol or none (both are
// reported by the parser, never undefined state) — text() of each issue is printable.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "strategy/strategy_config.hpp"

using namespace xtb::strategy;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  const std::size_t z = in.find('\0');
  std::vector<std::string> overrides;
  if (z != std::string_view::npos) {
    std::string_view rest = in.substr(z + 1);
    while (!rest.empty() && overrides.size() < 16) {
      const std::size_t nl = rest.find('\n');
      overrides.emplace_back(rest.substr(0, nl));
      if (nl == std::string_view::npos) break;
      rest.remove_prefix(nl + 1);
    }
  }
  const StrategyConfigResult r = parse_strategy_config_text(in.substr(0, z), "fuzz.yaml", overrides);
  for (const xtb::ConfigIssue& i : r.errors)
    if (i.message.empty() || i.text().empty()) __builtin_trap();
  (void)r.error_text();
  return 0;
}
