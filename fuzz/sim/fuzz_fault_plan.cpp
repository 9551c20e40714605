// fuzz_fault_plan.cpp — libFuzzer target: the simulator's fault plan parsers, parse_fault
// (the /sim/fault control endpoint's name/value pairs) and load_fault_file (the YAML file
// given with --faults), fed with arbitrary text.
//
// Input layout: byte 0 bit 0 = YAML file text (written to a memfd, loaded through its
// /proc/self/fd path); else eight '\n'-separated fields type, count, ms, status, process,
// target, path, at. Invariants (trap on violation): an accepted fault has count ≥ 1,
// ms ≥ 0, status in 400..599, at_s < 0 (immediate) or finite seconds that fit in ms; a
// refused one names the reason; load_fault_file either returns such faults or throws std::exception (the
// documented error path) — anything else escapes and aborts.
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <exception>
#include <string>
#include <string_view>

#include "sim/core/fault_plan.hpp"

using namespace xtb::sim;

namespace {
#define FUZZ_ASSERT(c) \
  do {                 \
    if (!(c)) __builtin_trap(); \
  } while (0)

void check(const FaultSpec& f) {
  FUZZ_ASSERT(f.count >= 1);
  FUZZ_ASSERT(f.ms >= 0);
  FUZZ_ASSERT(f.status >= 400 && f.status <= 599);
  // FaultInjector::add converts start + at_s * 1000 to integer ms: it must be finite and
  // in range (a NaN / huge double to int64 conversion is undefined behaviour).
  FUZZ_ASSERT(f.at_s < 0 || (f.at_s >= 0 && f.at_s * 1000.0 < 4.0e18));
}

// The input as a file: one memfd rewritten per input (no disk litter, no races).
std::string as_file(std::string_view text) {
  static const int fd = memfd_create("fuzz_fault_plan", 0);
  if (fd < 0 || ftruncate(fd, 0) != 0) __builtin_trap();
  if (!text.empty() && pwrite(fd, text.data(), text.size(), 0) != static_cast<ssize_t>(text.size())) __builtin_trap();
  return "/proc/self/fd/" + std::to_string(fd);
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  if (data[0] & 1) {
    try {
      for (const FaultSpec& f : load_fault_file(as_file(text))) check(f);
    } catch (const std::exception&) {
      // Documented: malformed files throw with the offending entry.
    }
    return 0;
  }
  std::string_view f[8];
  std::string_view rest = text;
  for (int i = 0; i < 8; ++i) {
    const std::size_t nl = rest.find('\n');
    f[i] = rest.substr(0, nl);
    rest = nl == std::string_view::npos ? std::string_view{} : rest.substr(nl + 1);
  }
  FaultSpec out;
  std::string error;
  if (parse_fault(f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], out, error)) {
    check(out);
    FUZZ_ASSERT(f[7].empty() ? out.at_s < 0 : out.at_s >= 0);
    FUZZ_ASSERT(to_string(out.type)[0] != '?');
  } else {
    FUZZ_ASSERT(!error.empty());
  }
  return 0;
}
