// wait_until.hpp — bounded waits of the loopback tests: poll a condition every millisecond
// until it holds or a timeout passes, and calibrate the TSC clock once per process.
// Threads: any (the condition is the caller's to make thread-safe). Allocation: free.
#pragma once
#include <chrono>
#include <functional>
#include <thread>

#include "core/clock.hpp"

namespace xtb::test_support {

/// Polls `done` every millisecond until true or `timeout_ms` passed.
inline bool wait_until(const std::function<bool()>& done, int timeout_ms = 10000) {
  const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (!done()) {
    if (std::chrono::steady_clock::now() > end) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return true;
}

inline void calibrate_clock_once() {
  static const bool done = [] {
    Clock::calibrate();
    return true;
  }();
  (void)done;
}

}  // namespace xtb::test_support
