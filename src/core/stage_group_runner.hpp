// stage_group_runner.hpp — N hot threads, each driving a group of stages (the layouts of
// core/layout.hpp: compact = one group of four, split = two of two, pinned = four of one).
//
// A group thread sweeps its stages in the order they were added (pipeline order), forever:
// it does not end when a stage has nothing to do, only after stop() or once every stage of
// the group is finished(). A stage seen finished() after an empty poll is polled no more
// (what ThreadedRunner always did with a stage's thread). The same stage objects run under
// every runner (runner.hpp).
//
// Memory ordering: the stages' rings and DoneFlags carry the data (their own acquire /
// release protocol); this runner adds only start-up (`ready_` acq_rel count, `go_`
// release/acquire: set-up errors written by a thread are visible to start()) and `stop_`
// (relaxed: it orders nothing, a thread just has to see it eventually; stop() rings every
// bell so a sleeping thread re-reads it). Stage bookkeeping (`active`, `done`, `polls`) is
// touched by the group's own thread only.
//
// Idle: after a sweep with no work in ANY stage the thread's WaitStrategy runs: busy-spin,
// yield, adaptive (spin 50 µs, then sleep) or blocking (sleep). It sleeps on a DoorbellSet
// holding the doorbells of all the group's stages, so it sleeps only when all are idle and
// wakes when any producer rings (futex_waitv; see doorbell_set.hpp for the lost-wake-up
// argument). A stage without a doorbell whose input is a socket (ingest; egress's answers)
// is polled at the latest after `sleep_timeout_ns`: pick it from the latency wanted.
//
// Back-pressure inside a stage: the live I/O stages wait inside poll() when their output
// ring is full; when that ring's consumer is on the same thread it would wait for itself.
// Each group thread installs a ProducerAssist (producer_assist.hpp): the waiting producer
// calls it, and it polls every other stage of the group that is not already on the call
// stack (the `active` flag) and not finished. Depth is bounded by the group's size.
//
// Allocation guard: a stage added with `arm_alloc_guard` counts its allocations as hot
// (AllocGuard) after `warmup_polls` of its polls: the thread is armed for the duration of
// each of that stage's polls (and left as it was found, so a stage that arms the thread
// itself — ingest / egress set_alloc_guard — keeps its own setting).
//
// Threads: add*/start/stop/join/sleeps from one controlling thread (the main thread);
// stop() also from a signal-free context on any thread. The group threads own their stages'
// poll(); nothing here allocates after start() (the vectors are built before).
// ThreadedRunner (runner.hpp) is this runner with one stage per thread.
#pragma once
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

#include "core/affinity.hpp"
#include "core/alloc_guard.hpp"
#include "core/doorbell_set.hpp"
#include "core/producer_assist.hpp"
#include "core/stage.hpp"
#include "core/wait_strategy.hpp"

namespace xtb {

/// One hot thread of a layout.
struct GroupThreadConfig {
  std::string name;  ///< thread name (≤ 15 chars shown by ps/top)
  int cpu = -1;      ///< CPU to pin to; -1 = no pinning
  WaitMode wait = WaitMode::Blocking;
  int rt_priority = 0;                        ///< SCHED_FIFO priority 1..99; 0 = normal
  std::int64_t sleep_timeout_ns = 1'000'000;  ///< longest sleep (Blocking / Adaptive), ns
};

/// Per-stage options inside a group.
struct GroupStageOptions {
  bool arm_alloc_guard = false;    ///< count this stage's allocations as hot-path
  std::uint64_t warmup_polls = 0;  ///< polls of this stage before it is armed
};

class StageGroupRunner {
 public:
  StageGroupRunner() = default;
  StageGroupRunner(const StageGroupRunner&) = delete;
  StageGroupRunner& operator=(const StageGroupRunner&) = delete;
  ~StageGroupRunner() {
    stop();
    join();
  }

  /// Adds a hot thread; returns its index for add(). Before start() only.
  std::size_t add_thread(GroupThreadConfig cfg) {
    groups_.push_back(std::make_unique<Group>());
    groups_.back()->cfg = std::move(cfg);
    return groups_.size() - 1;
  }

  /// Adds `stage` to thread `thread` (polled after the stages added before it). `stage`
  /// must outlive the runner. Before start() only. At most DoorbellSet::kMaxBells stages
  /// with a doorbell per thread.
  template <Stage S>
  void add(std::size_t thread, S& stage, GroupStageOptions opt = {}) {
    Group& g = *groups_.at(thread);
    StageRef r;
    if constexpr (std::is_same_v<S, StageHandle>) {  // already erased: no second indirection
      r.obj = stage.obj;
      r.poll = stage.poll_fn;
      r.finished = stage.finished_fn;
    } else {
      r.obj = &stage;
      r.poll = [](void* p) -> std::size_t { return static_cast<S*>(p)->poll(); };
      r.finished = [](const void* p) -> bool { return static_cast<const S*>(p)->finished(); };
    }
    r.bell = stage.doorbell();
    r.opt = opt;
    if (!g.bells.add(r.bell))
      throw std::length_error("StageGroupRunner: more doorbells on one thread than a DoorbellSet holds");
    g.stages.push_back(r);
  }

  /// Starts every thread and waits until each finished its set-up (name, pinning,
  /// priority). Returns the set-up errors; with `strict`, any error stops all threads
  /// before they poll.
  std::vector<std::string> start(bool strict = false) {
    for (auto& g : groups_) {
      Group* raw = g.get();
      g->thread = std::thread([this, raw] { thread_main(*raw); });
    }
    while (ready_.load(std::memory_order_acquire) != groups_.size()) std::this_thread::yield();
    std::vector<std::string> errors;
    for (auto& g : groups_)
      for (auto& e : g->errors) errors.push_back(g->cfg.name + ": " + e);
    if (strict && !errors.empty()) stop_.store(true, std::memory_order_relaxed);
    go_.store(true, std::memory_order_release);  // publishes stop_ (strict) with it
    return errors;
  }
  /// Asks every thread to return after its current sweep; wakes sleeping ones.
  void stop() noexcept {
    // Relaxed store: a thread sees it at its next sweep at the latest; the notify() below
    // (an RMW on each bell) wakes a thread that sleeps, and its loop re-reads stop_.
    stop_.store(true, std::memory_order_relaxed);
    for (auto& g : groups_)
      for (const StageRef& s : g->stages)
        if (s.bell) s.bell->notify();
  }
  void join() {
    for (auto& g : groups_)
      if (g->thread.joinable()) g->thread.join();
  }
  std::size_t threads() const noexcept { return groups_.size(); }
  /// Times each thread slept (Blocking / Adaptive), in add_thread() order; after join().
  std::vector<std::uint64_t> sleeps() const {
    std::vector<std::uint64_t> out;
    for (auto& g : groups_) out.push_back(g->sleeps);
    return out;
  }

 private:
  struct StageRef {
    void* obj = nullptr;
    std::size_t (*poll)(void*) = nullptr;
    bool (*finished)(const void*) = nullptr;
    Doorbell* bell = nullptr;
    GroupStageOptions opt;
    std::uint64_t polls = 0;
    bool active = false;  // on this thread's call stack (assist must not re-enter it)
    bool done = false;    // finished() seen after an empty poll: never polled again
  };
  struct Group {
    GroupThreadConfig cfg;
    std::vector<StageRef> stages;
    DoorbellSet bells;
    std::thread thread;
    std::vector<std::string> errors;
    std::uint64_t sleeps = 0;
    std::size_t live = 0;  // stages not done
  };

  // One poll of one stage, armed for the allocation guard when it asks to be. The thread's
  // armed state is restored afterwards (a stage that armed the thread itself keeps it).
  static std::size_t poll_one(StageRef& s) {
    s.active = true;
    std::size_t n;
    if (s.opt.arm_alloc_guard && s.polls >= s.opt.warmup_polls) {
      const bool was_armed = AllocGuard::current_thread_armed();
      if (!was_armed) AllocGuard::arm_current_thread();
      n = s.poll(s.obj);
      if (!was_armed) AllocGuard::disarm_current_thread();
    } else {
      ++s.polls;
      n = s.poll(s.obj);
    }
    s.active = false;
    return n;
  }

  // Polls every stage of `g` that is neither done nor on the call stack; returns the work.
  static std::size_t sweep(Group& g) {
    std::size_t work = 0;
    for (StageRef& s : g.stages) {
      if (s.done || s.active) continue;
      const std::size_t n = poll_one(s);
      work += n;
      if (n == 0 && s.finished(s.obj)) {  // acquire (DoneFlag): its last output is visible
        s.done = true;
        --g.live;
      }
    }
    return work;
  }

  static void assist(void* ctx) noexcept { sweep(*static_cast<Group*>(ctx)); }

  void thread_main(Group& g) {
    set_current_thread_name(g.cfg.name);
    if (g.cfg.cpu >= 0)
      if (auto e = pin_current_thread(g.cfg.cpu)) g.errors.push_back(e.message);
    if (g.cfg.rt_priority > 0)
      if (auto e = set_realtime_priority(g.cfg.rt_priority)) g.errors.push_back(e.message);
    g.live = g.stages.size();
    ready_.fetch_add(1, std::memory_order_acq_rel);
    while (!go_.load(std::memory_order_acquire)) std::this_thread::yield();
    if (g.stages.size() > 1) set_producer_assist(ProducerAssist{&StageGroupRunner::assist, &g});
    WaitStrategy wait(g.cfg.wait, g.bells, g.cfg.sleep_timeout_ns);
    while (!stop_.load(std::memory_order_relaxed)) {
      const std::size_t work = sweep(g);
      if (work == 0 && g.live == 0) break;
      wait.idle(work, [&g] { return sweep(g); });
    }
    set_producer_assist(ProducerAssist{});
    AllocGuard::disarm_current_thread();
    g.sleeps = wait.sleeps();
  }

  std::vector<std::unique_ptr<Group>> groups_;
  std::atomic<std::size_t> ready_{0};
  std::atomic<bool> go_{false};
  std::atomic<bool> stop_{false};
};

}  // namespace xtb
