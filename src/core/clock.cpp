#include "core/clock.hpp"

#if defined(__x86_64__)
#include <cpuid.h>
#endif

namespace xtb {

Clock::State Clock::state_{};

bool Clock::tsc_invariant() noexcept {
#if defined(__x86_64__)
  unsigned a = 0, b = 0, c = 0, d = 0;
  if (__get_cpuid_max(0x80000000u, nullptr) < 0x80000007u) return false;
  __cpuid(0x80000007u, a, b, c, d);
  return (d & (1u << 8)) != 0;
#else
  return false;
#endif
}

void Clock::use_monotonic() noexcept { state_ = State{}; }

void Clock::calibrate(std::int64_t window_ns) noexcept {
  if (!tsc_invariant()) {
    use_monotonic();
    return;
  }
  // Bracket each TSC read with two clock reads and keep the tightest pair, so a
  // preemption during calibration cannot skew the estimate.
  auto sample = [](TscTicks& tsc, std::int64_t& ns) {
    std::int64_t best = INT64_MAX;
    for (int i = 0; i < 16; ++i) {
      const std::int64_t a = monotonic_ns();
      const TscTicks t = rdtsc();
      const std::int64_t b = monotonic_ns();
      if (b - a < best) { best = b - a; tsc = t; ns = a + (b - a) / 2; }
    }
  };
  TscTicks t0 = 0, t1 = 0;
  std::int64_t n0 = 0, n1 = 0;
  sample(t0, n0);
  while (monotonic_ns() - n0 < window_ns) {}
  sample(t1, n1);
  if (t1 <= t0 || n1 <= n0) { use_monotonic(); return; }
  State s;
  s.source = Source::Tsc;
  s.ticks_per_ns = static_cast<double>(t1 - t0) / static_cast<double>(n1 - n0);
  s.mult = static_cast<std::uint64_t>((1.0 / s.ticks_per_ns) * static_cast<double>(1ull << kShift));
  s.anchor_tsc = t1;
  s.anchor_ns = n1;
  state_ = s;
}

}  // namespace xtb
