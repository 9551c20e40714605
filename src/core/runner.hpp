// runner.hpp — runners decide which thread drives which stage; stages never know.
//
// A *stage* is a plain handler object with three members (the Stage concept):
//   std::size_t poll()    — handle whatever input is available, return the item count;
//   bool finished() const — true once its upstream is done and its inputs are drained;
//   Doorbell* doorbell()  — the doorbell its input rings ring (nullptr if none).
// The same stage objects run under every runner:
//   InlineRunner   — all stages on the calling thread, polled in pipeline order until
//                    every stage is finished. Deterministic: used for replay/backtest.
//   ThreadedRunner — one thread per stage, each with its own CPU (pthread_setaffinity_np),
//                    name, optional SCHED_FIFO priority and WaitMode (busy-spin / yield /
//                    blocking). The pinned production mode is ThreadedRunner + BusySpin.
#pragma once
#include <atomic>
#include <concepts>
#include <functional>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "core/affinity.hpp"
#include "core/alloc_guard.hpp"
#include "core/doorbell.hpp"
#include "core/wait_strategy.hpp"

namespace xtb {

/// End-of-stream flag for finite runs (replay, tests). A stage sets it on its own thread
/// after its final publish; downstream stages read it in finished(). Correct use in a
/// stage's poll():
///     const bool upstream_done = upstream.finished();   // read FIRST (acquire)
///     ... consume input, publish output ...
///     if (upstream_done && input.empty_approx()) done_.set();  // release
/// Reading the upstream flag before draining guarantees nothing published before it was set
/// is left behind; setting ours after publishing makes our output visible to whoever sees it.
class DoneFlag {
 public:
  void set() noexcept { done_.store(true, std::memory_order_release); }
  bool get() const noexcept { return done_.load(std::memory_order_acquire); }

 private:
  std::atomic<bool> done_{false};
};

template <class S>
concept Stage = requires(S& s, const S& cs) {
  { s.poll() } -> std::convertible_to<std::size_t>;
  { cs.finished() } -> std::convertible_to<bool>;
  { s.doorbell() } -> std::convertible_to<Doorbell*>;
};

/// Drives all stages on the calling thread until each reports finished().
class InlineRunner {
 public:
  /// `arm_after_sweeps` > 0 arms the allocation guard for the calling thread after that
  /// many sweeps (warm-up), so a replay can assert a zero hot-path allocation count.
  explicit InlineRunner(std::uint64_t arm_after_sweeps = 0) noexcept : arm_after_(arm_after_sweeps) {}

  /// Returns the number of sweeps performed. Stages are polled in argument order, so
  /// pass them in pipeline order (source first) for the shortest latency per event.
  template <Stage... S>
  std::uint64_t run(S&... stages) {
    std::uint64_t sweeps = 0;
    for (;;) {
      const std::size_t work = (static_cast<std::size_t>(stages.poll()) + ...);
      if (++sweeps == arm_after_) AllocGuard::arm_current_thread();
      if (work == 0 && (stages.finished() && ...)) break;
    }
    if (arm_after_) AllocGuard::disarm_current_thread();
    return sweeps;
  }

 private:
  std::uint64_t arm_after_;
};

/// Per-stage thread placement.
struct StageThreadConfig {
  std::string name;             ///< thread name (≤ 15 chars shown by ps/top)
  int cpu = -1;                 ///< CPU to pin to; -1 = no pinning
  WaitMode wait = WaitMode::Blocking;
  int rt_priority = 0;          ///< SCHED_FIFO priority 1..99; 0 = normal scheduling
  bool arm_alloc_guard = false; ///< count this thread's allocations as hot-path (tests)
  std::uint64_t warmup_polls = 0;  ///< polls before arming the guard
};

/// One thread per stage. start() returns set-up problems (CPU unavailable, no RT
/// permission) as messages; the threads run regardless unless `strict` was requested.
class ThreadedRunner {
 public:
  ThreadedRunner() = default;
  ThreadedRunner(const ThreadedRunner&) = delete;
  ThreadedRunner& operator=(const ThreadedRunner&) = delete;
  ~ThreadedRunner() { stop(); join(); }

  /// Registers a stage; it starts when start() is called. `stage` must outlive the runner.
  template <Stage S>
  void add(S& stage, StageThreadConfig cfg) {
    auto slot = std::make_unique<Slot>();
    slot->cfg = std::move(cfg);
    Slot* raw = slot.get();
    slot->body = [this, &stage, raw] { thread_main(stage, *raw); };
    slots_.push_back(std::move(slot));
  }

  /// Starts every thread and waits until each finished its set-up. Returns the set-up
  /// errors (empty when all pinning/priority requests succeeded). With `strict`, any error
  /// stops all threads before they poll.
  std::vector<std::string> start(bool strict = false) {
    strict_ = strict;
    for (auto& s : slots_) s->thread = std::thread(s->body);
    while (ready_.load(std::memory_order_acquire) != slots_.size()) std::this_thread::yield();
    std::vector<std::string> errors;
    for (auto& s : slots_)
      for (auto& e : s->errors) errors.push_back(s->cfg.name + ": " + e);
    if (strict && !errors.empty()) stop_.store(true, std::memory_order_relaxed);
    go_.store(true, std::memory_order_release);
    return errors;
  }
  /// Asks every thread to return after its current poll (threads also end by themselves
  /// once their stage is finished()).
  void stop() noexcept {
    stop_.store(true, std::memory_order_relaxed);
    for (auto& s : slots_) if (s->bell) s->bell->notify();
  }
  void join() {
    for (auto& s : slots_) if (s->thread.joinable()) s->thread.join();
  }
  /// Times each stage's thread slept (blocking mode), in add() order; valid after join().
  std::vector<std::uint64_t> sleeps() const {
    std::vector<std::uint64_t> out;
    for (auto& s : slots_) out.push_back(s->sleeps);
    return out;
  }

 private:
  struct Slot {
    StageThreadConfig cfg;
    std::function<void()> body;   // cold: runs once per thread
    std::thread thread;
    std::vector<std::string> errors;
    Doorbell* bell = nullptr;
    std::uint64_t sleeps = 0;
  };

  template <Stage S>
  void thread_main(S& stage, Slot& slot) {
    setup_thread(slot);
    slot.bell = stage.doorbell();
    ready_.fetch_add(1, std::memory_order_acq_rel);
    while (!go_.load(std::memory_order_acquire)) std::this_thread::yield();
    WaitStrategy wait(slot.cfg.wait, stage.doorbell());
    std::uint64_t polls = 0;
    const bool arm = slot.cfg.arm_alloc_guard;
    while (!stop_.load(std::memory_order_relaxed)) {
      const std::size_t work = stage.poll();
      if (arm && ++polls == slot.cfg.warmup_polls + 1) AllocGuard::arm_current_thread();
      if (work == 0 && stage.finished()) break;
      wait.idle(work, [&stage] { return stage.poll(); });
    }
    AllocGuard::disarm_current_thread();
    slot.sleeps = wait.sleeps();
  }

  static void setup_thread(Slot& slot) {
    set_current_thread_name(slot.cfg.name);
    if (slot.cfg.cpu >= 0)
      if (auto e = pin_current_thread(slot.cfg.cpu)) slot.errors.push_back(e.message);
    if (slot.cfg.rt_priority > 0)
      if (auto e = set_realtime_priority(slot.cfg.rt_priority)) slot.errors.push_back(e.message);
  }

  std::vector<std::unique_ptr<Slot>> slots_;
  std::atomic<std::size_t> ready_{0};
  std::atomic<bool> go_{false};
  std::atomic<bool> stop_{false};
  bool strict_ = false;
};

}  // namespace xtb
