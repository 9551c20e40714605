// doorbell_set.hpp — sleep until ANY of a thread's doorbells rings (futex_waitv).
//
// A thread that runs several stages (layouts compact / split, core/stage_group_runner.hpp)
// may sleep only when all of its stages are idle, and must wake when a producer rings the
// doorbell of any one of them. Protocol, consumer (same shape as a single Doorbell):
//     set.prepare_wait();  if (any stage has work) set.cancel_wait(); else set.wait(t);
// Producers are unchanged: they ring their consumer stage's own Doorbell.
//
// Lost wake-ups are impossible, bell by bell, by Doorbell's argument: prepare_wait() does
// the consumer's RMW on EVERY bell's `waiters_` (and reads each epoch) BEFORE the re-check
// of every stage. For each bell b, the producer's RMW on b.waiters_ is either after ours —
// it sees waiters > 0 and bumps b.epoch_, so futex_waitv finds b's word != key and returns
// at once (or is woken) — or before ours, and then our RMW reads from it (release/acquire)
// and the re-check that follows sees that producer's publish.
//
// futex_waitv (Linux ≥ 5.16) waits on all words at once. Where it is missing (ENOSYS) the
// set falls back to FUTEX_WAIT on its first bell with the same timeout: a ring on another
// bell is then noticed at the timeout at the latest (correct, only slower).
//
// Shape: up to kMaxBells non-null bells, fixed at construction. Timeouts in ns.
// Threads: the one consumer thread that owns the set. No allocation.
#pragma once
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <ctime>

#include "core/doorbell.hpp"

namespace xtb {

class DoorbellSet {
 public:
  static constexpr std::size_t kMaxBells = 8;

  DoorbellSet() noexcept = default;
  /// Adds `bell` (nullptr and duplicates are ignored; more than kMaxBells: false).
  bool add(Doorbell* bell) noexcept {
    if (bell == nullptr) return true;
    for (std::size_t i = 0; i < n_; ++i)
      if (bells_[i] == bell) return true;
    if (n_ == kMaxBells) return false;
    bells_[n_++] = bell;
    return true;
  }
  std::size_t size() const noexcept { return n_; }
  bool empty() const noexcept { return n_ == 0; }

  /// Announce the intent to sleep on every bell (seq_cst RMW each: see the file comment).
  void prepare_wait() noexcept {
    for (std::size_t i = 0; i < n_; ++i) keys_[i] = bells_[i]->prepare_wait();
  }
  /// Work appeared after prepare_wait(): withdraw from every bell.
  void cancel_wait() noexcept {
    for (std::size_t i = 0; i < n_; ++i) bells_[i]->cancel_wait();
  }
  /// Sleeps until any bell rings or `timeout_ns` passed (spurious wake-ups allowed), then
  /// withdraws from every bell.
  void wait(std::int64_t timeout_ns) noexcept {
    if (n_ == 0) return;
    if (n_ == 1 || !wait_any(timeout_ns)) {   // one bell, or no futex_waitv: plain FUTEX_WAIT
      bells_[0]->wait(keys_[0], timeout_ns);  // withdraws from bell 0 itself
      return;
    }
    cancel_wait();  // woken (or timed out) on the vector: withdraw from every bell
  }

 private:
  // futex_waitv: absolute CLOCK_MONOTONIC timeout. False only when the syscall is missing.
  bool wait_any(std::int64_t timeout_ns) noexcept {
    std::array<futex_waitv, kMaxBells> w{};
    for (std::size_t i = 0; i < n_; ++i) {
      w[i].val = keys_[i];
      w[i].uaddr = reinterpret_cast<std::uintptr_t>(&bells_[i]->epoch_);
      w[i].flags = FUTEX_32 | FUTEX_PRIVATE_FLAG;
    }
    timespec now{};
    clock_gettime(CLOCK_MONOTONIC, &now);
    const std::int64_t end = now.tv_sec * 1'000'000'000LL + now.tv_nsec + timeout_ns;
    timespec ts{static_cast<time_t>(end / 1'000'000'000), static_cast<long>(end % 1'000'000'000)};
    if (syscall(SYS_futex_waitv, w.data(), static_cast<unsigned>(n_), 0u, &ts, CLOCK_MONOTONIC) == -1 &&
        errno == ENOSYS) {
      for (std::size_t i = 1; i < n_; ++i) bells_[i]->cancel_wait();  // keep only bell 0's announcement
      return false;
    }
    return true;
  }

  std::array<Doorbell*, kMaxBells> bells_{};
  std::array<std::uint32_t, kMaxBells> keys_{};
  std::size_t n_ = 0;
};

}  // namespace xtb
