// doorbell.hpp — lets a consumer sleep until a producer publishes (eventcount on futex).
//
// Used by the blocking wait strategy on 2-core machines and in CI. Protocol, consumer:
//     key = bell.prepare_wait();  if (work available) bell.cancel_wait(); else bell.wait(key, t);
// producer, after publishing: bell.notify().
// Lost wake-ups are impossible: both sides perform a read-modify-write on `waiters_`
// (consumer: +1 before re-checking the ring; producer: +0 after publishing). RMWs on one
// atomic are totally ordered, and each reads the value the previous one wrote. If the
// producer's RMW comes second it reads waiters > 0 and bumps `epoch_`, so FUTEX_WAIT
// returns at once; if it comes first, the consumer's RMW reads from it (release/acquire),
// so the producer's publish happens-before the consumer's re-check, which then sees it.
// (An RMW rather than a fence: same cost on x86 — one locked instruction — and
// ThreadSanitizer understands it.) notify() costs that one locked op when nobody sleeps.
#pragma once
#include <atomic>
#include <climits>
#include <cstdint>
#include <ctime>
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "core/cacheline.hpp"

namespace xtb {

class DoorbellSet;

class Doorbell {
 public:
  /// Consumer: announce intent to sleep; returns the key for wait().
  std::uint32_t prepare_wait() noexcept {
    waiters_.fetch_add(1, std::memory_order_seq_cst);
    return epoch_.load(std::memory_order_seq_cst);
  }
  /// Consumer: work appeared after prepare_wait(); do not sleep.
  void cancel_wait() noexcept { waiters_.fetch_sub(1, std::memory_order_relaxed); }
  /// Consumer: sleep until notify() or `timeout_ns` (spurious wake-ups are allowed).
  void wait(std::uint32_t key, std::int64_t timeout_ns) noexcept {
    timespec ts{static_cast<time_t>(timeout_ns / 1'000'000'000), static_cast<long>(timeout_ns % 1'000'000'000)};
    syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(&epoch_), FUTEX_WAIT_PRIVATE, key, &ts, nullptr, 0);
    waiters_.fetch_sub(1, std::memory_order_relaxed);
  }
  /// Producer: wake sleeping consumers, if any. Call after publishing.
  void notify() noexcept {
    if (waiters_.fetch_add(0, std::memory_order_acq_rel) != 0) {
      epoch_.fetch_add(1, std::memory_order_seq_cst);
      syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(&epoch_), FUTEX_WAKE_PRIVATE, INT_MAX, nullptr, nullptr, 0);
    }
  }

 private:
  friend class DoorbellSet;  // sleeps on several bells at once (core/doorbell_set.hpp)
  alignas(kCacheLine) std::atomic<std::uint32_t> epoch_{0};
  std::atomic<std::uint32_t> waiters_{0};
  static_assert(sizeof(std::atomic<std::uint32_t>) == sizeof(std::uint32_t));
};

}  // namespace xtb
