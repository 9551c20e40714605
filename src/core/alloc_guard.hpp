// alloc_guard.hpp — counts heap allocations so tests and the replay can prove that the
// hot path allocates nothing.
//
// alloc_guard.cpp replaces the global operator new/delete family and interposes
// malloc/calloc/realloc/aligned_alloc/posix_memalign (forwarding to glibc's __libc_*
// implementations). Every allocation bumps a process-wide counter; allocations made by a
// thread while it is *armed* (AllocGuard::Armed scope, or arm_current_thread()) also bump
// the "armed" counter. A stage thread arms itself after warm-up, so
// `AllocGuard::armed_allocations() == 0` means "no allocation on a hot thread".
//
// The replacement is linked only into executables built with the meson option
// `alloc_guard` (tests, xtb-replay). Without it, enabled() is false and the counters
// stay at zero — callers must check enabled() before asserting.
// Threads: counters are atomics readable from any thread; arming is per thread.
#pragma once
#include <cstdint>

namespace xtb {

struct AllocGuard {
  /// True when the counting allocator is linked into this executable.
  static bool enabled() noexcept;
  /// Allocations by any thread since start (malloc family + operator new).
  static std::uint64_t total_allocations() noexcept;
  /// Allocations made by threads while armed.
  static std::uint64_t armed_allocations() noexcept;
  /// Start/stop counting the calling thread's allocations as hot-path allocations.
  static void arm_current_thread() noexcept;
  static void disarm_current_thread() noexcept;
  static bool current_thread_armed() noexcept;

  /// RAII: arms the calling thread for the scope's lifetime.
  struct Armed {
    Armed() noexcept { arm_current_thread(); }
    ~Armed() { disarm_current_thread(); }
    Armed(const Armed&) = delete;
    Armed& operator=(const Armed&) = delete;
  };
};

}  // namespace xtb
