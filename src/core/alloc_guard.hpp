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
// Cold sections (policy: docs/live-pipeline.md "Allocation policy"): connection
// establishment and teardown (socket, TLS session, handshake, WebSocket upgrade, a new
// listenKey's user feed) are cold by design even on a hot thread. Code that does such work
// on an armed thread opens an AllocGuard::ColdSection; allocations inside it count in
// cold_allocations() instead of armed_allocations(). Sections nest (a depth counter); a
// HotSection inside a cold one suspends it (e.g. a message delivered by the read that also
// completed a handshake is steady state again). On an unarmed thread both are no-ops for
// the counters. Without the guard linked (cold_allocations() stays 0) they cost one
// thread-local increment; ColdSection/HotSection are inline and need no library.
//
// The replacement is linked only into executables built with the meson option
// `alloc_guard` (tests, xtb-replay). Without it, enabled() is false and the counters
// stay at zero — callers must check enabled() before asserting.
// Threads: counters are atomics readable from any thread; arming is per thread.
#pragma once
#include <atomic>
#include <cstdint>

namespace xtb {

namespace alloc_guard_detail {
/// The calling thread's cold-section depth. Defined inline here (not in alloc_guard.cpp)
/// so that code using ColdSection links without the counting allocator: then it is a
/// plain thread-local increment nobody reads. initial-exec: malloc reads it.
inline thread_local int cold_depth __attribute__((tls_model("initial-exec"))) = 0;
/// Allocations by armed threads inside a cold section (bumped by alloc_guard.cpp only).
inline std::atomic<std::uint64_t> cold_allocations{0};
}  // namespace alloc_guard_detail

struct AllocGuard {
  /// True when the counting allocator is linked into this executable.
  static bool enabled() noexcept;
  /// Allocations by any thread since start (malloc family + operator new).
  static std::uint64_t total_allocations() noexcept;
  /// Allocations made by threads while armed.
  static std::uint64_t armed_allocations() noexcept;
  /// Allocations made by armed threads inside a ColdSection (connection setup/teardown).
  /// 0 when the counting allocator is not linked.
  static std::uint64_t cold_allocations() noexcept {
    return alloc_guard_detail::cold_allocations.load(std::memory_order_relaxed);
  }
  /// Current thread's cold-section depth (0 = hot when armed).
  static int cold_depth() noexcept { return alloc_guard_detail::cold_depth; }
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

  /// RAII: the calling thread's allocations in this scope are cold (see above). Nestable;
  /// owner thread only (thread-local depth). noexcept, never allocates.
  struct ColdSection {
    ColdSection() noexcept { enter_cold(); }
    /// Opens the section only when `active` (e.g. "this connection is establishing").
    explicit ColdSection(bool active) noexcept : active_(active) {
      if (active_) enter_cold();
    }
    ~ColdSection() {
      if (active_) leave_cold();
    }
    ColdSection(const ColdSection&) = delete;
    ColdSection& operator=(const ColdSection&) = delete;

   private:
    bool active_ = true;
  };

  /// RAII: suspends the calling thread's cold sections for the scope (depth saved and set
  /// to 0, restored on exit): steady-state work reached from inside a cold section.
  struct HotSection {
    HotSection() noexcept : saved_(suspend_cold()) {}
    ~HotSection() { resume_cold(saved_); }
    HotSection(const HotSection&) = delete;
    HotSection& operator=(const HotSection&) = delete;

   private:
    int saved_;
  };

  // The compiler fences: the counting operator new / malloc reads cold_depth, but gcc
  // treats malloc as reading no program memory and may sink or drop a store to it across
  // the call (seen with --coverage: an allocation inside a HotSection counted as cold).
  // A signal fence orders these stores before any later call on this thread, at no
  // runtime cost (no instruction is emitted).
  static void enter_cold() noexcept {
    ++alloc_guard_detail::cold_depth;
    std::atomic_signal_fence(std::memory_order_seq_cst);
  }
  static void leave_cold() noexcept {
    std::atomic_signal_fence(std::memory_order_seq_cst);
    if (alloc_guard_detail::cold_depth > 0) --alloc_guard_detail::cold_depth;
    std::atomic_signal_fence(std::memory_order_seq_cst);
  }
  static int suspend_cold() noexcept {
    std::atomic_signal_fence(std::memory_order_seq_cst);
    const int d = alloc_guard_detail::cold_depth;
    alloc_guard_detail::cold_depth = 0;
    std::atomic_signal_fence(std::memory_order_seq_cst);
    return d;
  }
  static void resume_cold(int depth) noexcept {
    std::atomic_signal_fence(std::memory_order_seq_cst);
    alloc_guard_detail::cold_depth = depth;
    std::atomic_signal_fence(std::memory_order_seq_cst);
  }
};

/// A request to arm or disarm the guard on a stage's own thread, made from any thread:
/// request() stores it (relaxed: it only needs to arrive, not to order other memory), and
/// the stage's poll() calls apply() first, which arms/disarms its thread once per request.
class AllocGuardRequest {
 public:
  void request(bool armed) noexcept { want_.store(armed ? kArm : kDisarm, std::memory_order_relaxed); }
  void apply() noexcept {
    if (const int g = want_.exchange(kNone, std::memory_order_relaxed)) {
      if (g == kArm) AllocGuard::arm_current_thread();
      else AllocGuard::disarm_current_thread();
    }
  }

 private:
  static constexpr int kNone = 0, kArm = 1, kDisarm = 2;
  std::atomic<int> want_{kNone};
};

}  // namespace xtb
