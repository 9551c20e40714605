// pipeline_config.hpp — the `pipeline:` section of an xtb YAML config: which runner,
// which CPU per stage, wait mode, ring sizes, memory locking.
//
//   pipeline:
//     runner: threaded          # inline | threaded
//     wait: blocking            # busy-spin | yield | blocking
//     cpus: { ingest: 2, decode: 3, sequencer: 4, egress: 5 }   # -1 or absent: not pinned
//     rt_priority: 0            # SCHED_FIFO priority for stage threads (0 = off)
//     strict_affinity: false    # true: refuse to start when a CPU/priority request fails
//     mlock: false              # mlockall + pre-fault at start-up
//     rings: { frames: 4096, events: 16384, commands: 1024 }   # powers of two
//     large_frames: { slots: 64, bytes: 1048576 }
//
// Cold path: parsed once at start-up; errors are ConfigError with the offending key, what
// it must be and what it is ("must be an integer, got a sequence"); a null value is an error.
#pragma once
#include <cstddef>
#include <stdexcept>
#include <string>

#include "core/wait_strategy.hpp"

namespace YAML { class Node; }

namespace xtb {

class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class RunnerKind { Inline, Threaded };

struct PipelineConfig {
  RunnerKind runner = RunnerKind::Threaded;
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
