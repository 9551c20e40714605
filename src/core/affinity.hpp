// affinity.hpp — thread placement for pinned runners: CPU affinity, thread names,
// real-time priority, memory locking and pre-faulting.
//
// All functions are cold path (start-up) and report failures as a ThreadSetupError with
// the errno text, never by aborting: a pipeline on a laptop without CAP_SYS_NICE should
// still run, and the caller decides whether a failure is fatal (config `strict_affinity`).
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace xtb {

struct ThreadSetupError {
  bool ok = true;
  std::string message;  ///< human-readable reason ("CPU 7 is not in the allowed set 0-1")
  explicit operator bool() const noexcept { return !ok; }
};

/// Parses a CPU list such as "0-3,8,10-11" (Linux cpulist syntax). Throws
/// std::invalid_argument with the offending token on bad syntax.
std::vector<int> parse_cpu_list(std::string_view text);

/// CPUs this process may run on (sched_getaffinity), sorted.
std::vector<int> allowed_cpus();

/// Pins the calling thread to `cpu`. Fails with a clear message if the CPU does not exist
/// or is outside the process's allowed set (taskset/cgroup cpuset).
ThreadSetupError pin_current_thread(int cpu);

/// Sets the calling thread's name as shown by top/ps (truncated to 15 bytes by Linux).
void set_current_thread_name(std::string_view name);

/// SCHED_FIFO at `priority` (1..99) for the calling thread. Needs CAP_SYS_NICE / rtprio.
ThreadSetupError set_realtime_priority(int priority);

/// mlockall(MCL_CURRENT | MCL_FUTURE): no page faults from swapped-out pages on the hot
/// path. Needs CAP_IPC_LOCK or a sufficient RLIMIT_MEMLOCK.
ThreadSetupError lock_all_memory();

/// Writes one byte per page of [p, p+bytes) so the pages are resident before trading.
void prefault(void* p, std::size_t bytes) noexcept;

}  // namespace xtb
