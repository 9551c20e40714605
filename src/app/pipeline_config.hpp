// pipeline_config.hpp — the `pipeline:` section of an xtb YAML config: which runner / layout,
// which CPU per stage, wait mode, ring sizes, memory locking.
//
//   pipeline:
//     layout: pinned            # compact | split | pinned | auto   (xtb run, benches)
//     runner: threaded          # inline | threaded                 (xtb replay)
//     wait: blocking            # busy-spin | adaptive | yield | blocking
//     cpus: { ingest: 2, decode: 3, sequencer: 4, egress: 5 }   # -1 or absent: not pinned
//     rt_priority: 0            # SCHED_FIFO priority for hot threads (0 = off)
//     strict_affinity: false    # true: refuse to start when a CPU/priority request fails
//     mlock: false              # mlockall + pre-fault at start-up
//     rings: { frames: 4096, events: 16384, commands: 1024 }   # powers of two
//     large_frames: { slots: 64, bytes: 1048576 }
//
// `layout` (core/layout.hpp) lays the live stages onto hot threads: compact = 1 thread for
// all four, split = ingest + decode | sequencer + egress, pinned = one thread per stage,
// auto = chosen at start-up from the CPUs in the affinity mask. A thread of several stages
// is pinned to the CPU of its FIRST stage (compact: cpus.ingest; split: cpus.ingest and
// cpus.sequencer); a `cpus:` entry the layout does not use is an error, and so is any
// `cpus:` entry with `auto` (pinning needs a known layout) — no key is silently ignored.
//
// Cold path: parsed once at start-up; errors are ConfigError with the offending key, what
// it must be and what it is ("must be an integer, got a sequence"); a null value is an error.
#pragma once
#include <cstddef>
#include <stdexcept>
#include <string>

#include "core/layout.hpp"
#include "core/wait_strategy.hpp"

namespace YAML { class Node; }

namespace xtb {

class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class RunnerKind { Inline, Threaded };

struct PipelineConfig {
  LayoutKind layout = LayoutKind::Pinned;  ///< live stages → hot threads (xtb run, benches)
  RunnerKind runner = RunnerKind::Threaded;  ///< xtb replay's runner
  WaitMode wait = WaitMode::Blocking;
  int cpu_ingest = -1, cpu_decode = -1, cpu_sequencer = -1, cpu_egress = -1;
  int rt_priority = 0;
  bool strict_affinity = false;
  bool mlock = false;
  std::size_t frame_ring = 4096, event_ring = 16384, command_ring = 1024;
  std::size_t large_slots = 64, large_slot_bytes = 1 << 20;
};

/// Reads `node` (the `pipeline:` map; an undefined node gives the defaults). Throws
/// ConfigError naming the key for unknown keys, wrong types, non-power-of-two ring sizes.
PipelineConfig parse_pipeline_config(const YAML::Node& node);

}  // namespace xtb
