// counter.hpp — a statistics counter written by one thread and readable from any:
// relaxed load + store (no lock prefix on the writer's path; same scheme as
// a decoder's DecodeStats). Readers see a recent value, never a torn one.
#pragma once
#include <atomic>
#include <cstdint>

namespace xtb::live {

class Counter {
 public:
  /// Owner thread only.
  void add(std::uint64_t n = 1) noexcept { v_.store(v_.load(std::memory_order_relaxed) + n, std::memory_order_relaxed); }
  /// Any thread.
  std::uint64_t get() const noexcept { return v_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::uint64_t> v_{0};
};

}  // namespace xtb::live
