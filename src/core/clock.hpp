// clock.hpp — the hot-path clock: raw TSC reads, converted to ns with a calibration made
// once at start-up. Wall clock is used only at the edges (logs, venue timestamps).
//
// Why TSC: `rdtsc` costs ~7 ns and never enters the kernel; clock_gettime via the vDSO
// costs ~20 ns and may fall back to a syscall on some clocksources. On CPUs without an
// invariant TSC (CPUID 0x80000007:EDX[8]) the counter can change rate with P-states,
// so Clock falls back to CLOCK_MONOTONIC and says so (Clock::source()).
//
// Thread-safety: Clock::calibrate() runs once on the main thread before the pipeline
// starts; afterwards every member is read-only and safe from any thread.
#pragma once
#include <cstdint>
#include <ctime>

#include "core/types.hpp"

namespace xtb {

class Clock {
 public:
  enum class Source : std::uint8_t { Tsc, Monotonic };

  /// Measures TSC frequency against CLOCK_MONOTONIC over `window_ns` (default 20 ms).
  /// Selects the monotonic fallback when the TSC is not invariant. Cold path.
  static void calibrate(std::int64_t window_ns = 20'000'000) noexcept;
  /// Forces the CLOCK_MONOTONIC source (tests, hosts with unreliable TSC).
  static void use_monotonic() noexcept;

  /// Current time in the clock's raw units (TSC ticks, or ns when Monotonic).
  static TscTicks now() noexcept {
    if (state_.source == Source::Tsc) return rdtsc();
    return static_cast<TscTicks>(monotonic_ns());
  }
  /// Raw units → nanoseconds (differences or absolute readings since calibration).
  static std::int64_t to_ns(TscTicks delta) noexcept {
    if (state_.source == Source::Monotonic) return static_cast<std::int64_t>(delta);
    return static_cast<std::int64_t>((static_cast<unsigned __int128>(delta) * state_.mult) >> kShift);
  }
  /// Nanoseconds → raw units (for deadlines computed on the hot path).
  static TscTicks from_ns(std::int64_t ns) noexcept {
    if (state_.source == Source::Monotonic) return static_cast<TscTicks>(ns);
    return static_cast<TscTicks>(static_cast<double>(ns) * state_.ticks_per_ns);
  }
  /// Monotonic ns of a raw reading (anchored at calibration), comparable across threads.
  static std::int64_t to_monotonic_ns(TscTicks t) noexcept {
    if (state_.source == Source::Monotonic) return static_cast<std::int64_t>(t);
    return state_.anchor_ns + to_ns(t - state_.anchor_tsc);
  }

  static Source source() noexcept { return state_.source; }
  static double ticks_per_ns() noexcept { return state_.ticks_per_ns; }
  static bool tsc_invariant() noexcept;

  static std::uint64_t rdtsc() noexcept {
#if defined(__x86_64__)
    return __builtin_ia32_rdtsc();
#else
    return static_cast<std::uint64_t>(monotonic_ns());
#endif
  }
  static std::int64_t monotonic_ns() noexcept {
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
  }
  /// Wall clock (CLOCK_REALTIME) in ns since the epoch; edges only (venue timestamps, logs).
  static std::int64_t wall_ns() noexcept {
    timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
  }

 private:
  static constexpr int kShift = 32;
  struct State {
    Source source = Source::Monotonic;  // safe default until calibrate()
    double ticks_per_ns = 1.0;
    std::uint64_t mult = 1ull << kShift; // ns per tick, fixed point 32.32
    TscTicks anchor_tsc = 0;
    std::int64_t anchor_ns = 0;
  };
  static State state_;
};

}  // namespace xtb
