// fuzz_run_config.cpp — libFuzzer target: the `xtb run` config loader (load_run_config:
// strategy, venue, pipeline, engine and notify sections + overrides → validated RunConfig,
// then resolve_endpoints) fed with arbitrary text through a memfd (the loader takes a path).
//
// Input layout: YAML text, optionally followed by '\0' and override lines ('\n'-separated).
// Invariant: the loader returns (never throws, crashes or hangs) either a config or
// errors with messages (escaped: no raw control bytes); resolve_endpoints on an accepted
// config returns true or an error.
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "app/run/run_config.hpp"

using namespace xtb;

namespace {
std::string as_file(std::string_view text) {
  static const int fd = memfd_create("fuzz_run_config", 0);
  if (fd < 0 || ftruncate(fd, 0) != 0) __builtin_trap();
  if (!text.empty() && pwrite(fd, text.data(), text.size(), 0) != static_cast<ssize_t>(text.size())) __builtin_trap();
  return "/proc/self/fd/" + std::to_string(fd);
}
}  // namespace

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
  run::RunConfigResult r = run::load_run_config(as_file(in.substr(0, z)), overrides);
  for (const ConfigIssue& i : r.errors)
    if (i.message.empty()) __builtin_trap();
  // Messages never echo raw control bytes (D16/C17): only '\t', '\n' and '\r' pass.
  for (const char c : r.error_text()) {
    const unsigned char u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\t' && c != '\n' && c != '\r') || u == 0x7F) __builtin_trap();
  }
  if (r.ok()) {
    std::string error;
    if (!run::resolve_endpoints(r.config.venues.front(), error) && error.empty()) __builtin_trap();
  }
  return 0;
}
