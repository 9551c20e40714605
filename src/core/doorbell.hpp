// doorbell.hpp — lets a consumer sleep until a producer publishes (eventcount on futex).
//
// Used by the blocking wait strategy on 2-core machines and in CI. Protocol, consumer:
//     key = bell.prepare_wait();  if (work available) bell.cancel_wait(); else bell.wait(key, t);
// producer, after publishing: bell.notify().
// Lost wake-ups are impossible: prepare_wait() increments `waiters_` with a seq_cst RMW
// before the consumer re-checks the ring, and notify() issues a seq_cst fence after the
// producer's publish before reading `waiters_`. By the store-buffer (Dekker) argument at
// least one side sees the other: either the consumer sees the event, or the producer
// sees the waiter and bumps `epoch_`, which makes FUTEX_WAIT return at once.
// notify() costs one fence plus one load when nobody sleeps.
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
    std::atomic_thread_fence(std::memory_order_seq_cst);
    if (waiters_.load(std::memory_order_relaxed) != 0) {
      epoch_.fetch_add(1, std::memory_order_seq_cst);
      syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(&epoch_), FUTEX_WAKE_PRIVATE, INT_MAX, nullptr, nullptr, 0);
    }
  }

 private:
  alignas(kCacheLine) std::atomic<std::uint32_t> epoch_{0};
  std::atomic<std::uint32_t> waiters_{0};
  static_assert(sizeof(std::atomic<std::uint32_t>) == sizeof(std::uint32_t));
};

}  // namespace xtb
