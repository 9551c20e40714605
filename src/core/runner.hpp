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
//                    adaptive / blocking): the StageGroupRunner with groups of one stage
//                    (stage_group_runner.hpp), i.e. the `pinned` layout.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/alloc_guard.hpp"
#include "core/stage.hpp"
#include "core/stage_group_runner.hpp"
#include "core/wait_strategy.hpp"

namespace xtb {

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
/// Threads: add/start/stop/join/sleeps from one controlling thread.
class ThreadedRunner {
 public:
  /// Registers a stage; it starts when start() is called. `stage` must outlive the runner.
  template <Stage S>
  void add(S& stage, StageThreadConfig cfg) {
    const std::size_t t =
        runner_.add_thread(GroupThreadConfig{std::move(cfg.name), cfg.cpu, cfg.wait, cfg.rt_priority});
    runner_.add(t, stage, GroupStageOptions{cfg.arm_alloc_guard, cfg.warmup_polls});
  }
  /// Starts every thread and waits until each finished its set-up. Returns the set-up
  /// errors (empty when all pinning/priority requests succeeded). With `strict`, any error
  /// stops all threads before they poll.
  std::vector<std::string> start(bool strict = false) { return runner_.start(strict); }
  /// Asks every thread to return after its current poll (threads also end by themselves
  /// once their stage is finished()).
  void stop() noexcept { runner_.stop(); }
  void join() { runner_.join(); }
  /// Times each stage's thread slept (blocking / adaptive), in add() order; after join().
  std::vector<std::uint64_t> sleeps() const { return runner_.sleeps(); }

 private:
  StageGroupRunner runner_;
};

}  // namespace xtb
