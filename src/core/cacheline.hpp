// cacheline.hpp — the one place that names the cache-line size.
//
// We spell the value out instead of using std::hardware_destructive_interference_size:
// GCC warns that the library constant may change between compiler versions, which would
// silently change the layout of every ring shared between translation units. 64 bytes
// is right for every x86-64 part we target; adjacent-line prefetch on Intel pulls pairs,
// so rings that are contended from two cores pad to kFalseSharingRange (128 bytes).
#pragma once
#include <cstddef>

namespace xtb {

/// Size of one cache line in bytes (x86-64).
inline constexpr std::size_t kCacheLine = 64;
/// Distance that keeps two hot variables out of each other's prefetched line pair.
inline constexpr std::size_t kFalseSharingRange = 128;

/// Spin-loop hint: `pause` on x86 (lets the sibling hyper-thread run, avoids the
/// memory-order mis-speculation flush when the awaited line finally changes).
inline void cpu_relax() noexcept {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield" ::: "memory");
#endif
}

}  // namespace xtb
