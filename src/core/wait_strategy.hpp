// wait_strategy.hpp — what a stage thread does when its poll() found no work.
//
//   BusySpin — `pause` and poll again: lowest latency, burns the core. For pinned,
//              isolated cores (the production mode).
//   Yield    — spin briefly, then sched_yield(): shares a core politely, µs-level wake-up.
//   Blocking — spin briefly, then sleep on the stage's Doorbell until a producer rings
//              it (or a timeout, so timers still fire). For 2-core dev machines and CI.
//
// Blocking re-checks for work *between* announcing the sleep and sleeping, by polling
// the stage once more (see Doorbell for why that closes the lost-wake-up window).
// Threads: one WaitStrategy object per stage thread; not shared.
#pragma once
#include <sched.h>

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/cacheline.hpp"
#include "core/doorbell.hpp"

namespace xtb {

enum class WaitMode : std::uint8_t { BusySpin, Yield, Blocking };

/// Parses "busy-spin" | "yield" | "blocking"; returns false on anything else.
constexpr bool parse_wait_mode(std::string_view s, WaitMode& out) noexcept {
  if (s == "busy-spin" || s == "busy_spin" || s == "spin") { out = WaitMode::BusySpin; return true; }
  if (s == "yield") { out = WaitMode::Yield; return true; }
  if (s == "blocking" || s == "block") { out = WaitMode::Blocking; return true; }
  return false;
}
constexpr const char* to_string(WaitMode m) noexcept {
  return m == WaitMode::BusySpin ? "busy-spin" : m == WaitMode::Yield ? "yield" : "blocking";
}

class WaitStrategy {
 public:
  /// `bell` is required for Blocking (the stage's inbound doorbell); `sleep_timeout_ns`
  /// bounds a blocking sleep so that timer-driven stages still run.
  WaitStrategy(WaitMode mode, Doorbell* bell, std::int64_t sleep_timeout_ns = 1'000'000) noexcept
      : mode_(bell || mode != WaitMode::Blocking ? mode : WaitMode::Yield), bell_(bell),
        timeout_ns_(sleep_timeout_ns) {}

  /// Call after each poll with the number of items it handled. `repoll` re-runs the
  /// stage's poll() (returns items handled) and is used only by Blocking before sleeping.
  template <class Repoll>
  void idle(std::size_t work, Repoll&& repoll) noexcept {
    if (work != 0) { spins_ = 0; return; }
    if (++spins_ < kSpinsBeforeBackoff || mode_ == WaitMode::BusySpin) { cpu_relax(); return; }
    if (mode_ == WaitMode::Yield || bell_ == nullptr) { sched_yield(); return; }
    const std::uint32_t key = bell_->prepare_wait();
    if (repoll() != 0) { bell_->cancel_wait(); spins_ = 0; return; }
    bell_->wait(key, timeout_ns_);
    ++sleeps_;
  }

  WaitMode mode() const noexcept { return mode_; }
  /// Times this thread went to sleep (Blocking only).
  std::uint64_t sleeps() const noexcept { return sleeps_; }

 private:
  static constexpr std::uint32_t kSpinsBeforeBackoff = 256;
  WaitMode mode_;
  Doorbell* bell_;
  std::int64_t timeout_ns_;
  std::uint32_t spins_ = 0;
  std::uint64_t sleeps_ = 0;
};

}  // namespace xtb
