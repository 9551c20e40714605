// wait_strategy.hpp — what a stage thread does when its poll() found no work.
//
//   BusySpin — `pause` and poll again: lowest latency, burns the core. For pinned,
//              isolated cores (the production mode), and the compact layout on small hosts.
//   Yield    — spin briefly, then sched_yield(): shares a core politely, µs-level wake-up.
//   Adaptive — spin for kAdaptiveSpinNs (50 µs) after the last work, then sleep like
//              Blocking: a burst is served at spin latency, a quiet market costs no core.
//   Blocking — spin briefly (kSpinsBeforeBackoff polls), then sleep on the thread's
//              doorbells until a producer rings one (or a timeout, so timers still fire).
//              For 2-core dev machines and CI.
//
// Blocking/Adaptive re-check for work *between* announcing the sleep and sleeping, by
// polling the thread's stages once more (see Doorbell / DoorbellSet for why that closes
// the lost-wake-up window). A thread with several stages passes a DoorbellSet holding the
// bells of all of them: it sleeps only when all are idle and wakes on any (futex_waitv).
// Without any bell, Blocking and Adaptive fall back to Yield (the stage sleeps elsewhere,
// e.g. ingest in io_uring_enter).
// Threads: one WaitStrategy object per stage thread; not shared.
#pragma once
#include <sched.h>

#include <cstddef>
#include <cstdint>
#include <ctime>
#include <string_view>

#include "core/cacheline.hpp"
#include "core/doorbell.hpp"
#include "core/doorbell_set.hpp"

namespace xtb {

enum class WaitMode : std::uint8_t { BusySpin, Yield, Blocking, Adaptive };

/// Parses "busy-spin" | "yield" | "adaptive" | "blocking"; returns false on anything else.
constexpr bool parse_wait_mode(std::string_view s, WaitMode& out) noexcept {
  if (s == "busy-spin" || s == "busy_spin" || s == "spin") { out = WaitMode::BusySpin; return true; }
  if (s == "yield") { out = WaitMode::Yield; return true; }
  if (s == "adaptive") { out = WaitMode::Adaptive; return true; }
  if (s == "blocking" || s == "block") { out = WaitMode::Blocking; return true; }
  return false;
}
constexpr const char* to_string(WaitMode m) noexcept {
  switch (m) {
    case WaitMode::BusySpin: return "busy-spin";
    case WaitMode::Yield: return "yield";
    case WaitMode::Adaptive: return "adaptive";
    case WaitMode::Blocking: break;
  }
  return "blocking";
}

class WaitStrategy {
 public:
  /// Spin budget of Adaptive after the last work, ns.
  static constexpr std::int64_t kAdaptiveSpinNs = 50'000;

  /// One stage: `bell` is its inbound doorbell (nullptr: none); `sleep_timeout_ns` bounds
  /// a sleep so that timer-driven stages still run.
  WaitStrategy(WaitMode mode, Doorbell* bell, std::int64_t sleep_timeout_ns = 1'000'000) noexcept
      : WaitStrategy(mode, one_bell(bell), sleep_timeout_ns) {}
  /// Several stages on one thread: `bells` holds the doorbells of all of them.
  WaitStrategy(WaitMode mode, const DoorbellSet& bells, std::int64_t sleep_timeout_ns = 1'000'000) noexcept
      : mode_(bells.empty() && sleeps(mode) ? WaitMode::Yield : mode), bells_(bells),
        timeout_ns_(sleep_timeout_ns) {}

  /// Call after each poll (or sweep of the thread's stages) with the number of items it
  /// handled. `repoll` re-runs the poll / sweep (returns items handled); used only by
  /// Blocking and Adaptive, between announcing the sleep and sleeping.
  template <class Repoll>
  void idle(std::size_t work, Repoll&& repoll) noexcept {
    if (work != 0) { spins_ = 0; return; }
    ++spins_;
    if (mode_ == WaitMode::BusySpin || spins_ < kSpinsBeforeBackoff) { cpu_relax(); return; }
    if (mode_ == WaitMode::Yield) { sched_yield(); return; }
    if (mode_ == WaitMode::Adaptive && !adaptive_budget_spent()) { cpu_relax(); return; }
    bells_.prepare_wait();
    if (repoll() != 0) { bells_.cancel_wait(); spins_ = 0; return; }
    bells_.wait(timeout_ns_);
    ++sleeps_;  // spins_ stays: an idle thread that timed out sleeps again at once
  }

  WaitMode mode() const noexcept { return mode_; }
  /// Times this thread went to sleep (Blocking, Adaptive).
  std::uint64_t sleeps() const noexcept { return sleeps_; }

 private:
  static constexpr std::uint32_t kSpinsBeforeBackoff = 256;
  static constexpr bool sleeps(WaitMode m) noexcept { return m == WaitMode::Blocking || m == WaitMode::Adaptive; }
  static DoorbellSet one_bell(Doorbell* bell) noexcept {
    DoorbellSet s;
    s.add(bell);
    return s;
  }
  static std::int64_t now_ns() noexcept {
    timespec t{};
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1'000'000'000LL + t.tv_nsec;
  }
  // The clock is read once at the start of an idle streak and then every 64 spins.
  bool adaptive_budget_spent() noexcept {
    if (spins_ == kSpinsBeforeBackoff) idle_since_ns_ = now_ns();
    if ((spins_ & 63u) != 0) return false;
    return now_ns() - idle_since_ns_ >= kAdaptiveSpinNs;
  }

  WaitMode mode_;
  DoorbellSet bells_;
  std::int64_t timeout_ns_;
  std::uint32_t spins_ = 0;
  std::int64_t idle_since_ns_ = 0;
  std::uint64_t sleeps_ = 0;
};

}  // namespace xtb
