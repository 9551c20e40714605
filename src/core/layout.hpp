// layout.hpp — how the four pipeline stages (ingest → decode → sequencer → egress) are laid
// onto hot threads, for every host size.
//
//   compact — 1 hot thread runs all four stages inline, in pipeline order (one sweep carries
//             a tick from the socket to the order's bytes); for 1–2 CPUs.
//   split   — 2 hot threads: ingest + decode | sequencer + egress; for 3–4 CPUs.
//   pinned  — 4 hot threads, one per stage, each pinnable to a core of its own; ≥ 5 CPUs.
//   auto    — one of the above, chosen by the number of CPUs in the process's affinity
//             mask (sched_getaffinity, so taskset / cgroup cpusets count), see choose_layout.
// Cold threads (main, notifier) are not counted. The stages and rings are the same in every
// layout; only the thread that polls them changes (core/stage_group_runner.hpp).
// Cold path only (start-up); all functions are pure except available_cpus().
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace xtb {

enum class LayoutKind : std::uint8_t { Compact, Split, Pinned, Auto };

/// The four live stages, in pipeline order.
enum class PipelineStage : std::uint8_t { Ingest, Decode, Sequencer, Egress };
inline constexpr std::size_t kPipelineStages = 4;

/// Parses "compact" | "split" | "pinned" | "auto"; false on anything else.
bool parse_layout(std::string_view s, LayoutKind& out) noexcept;
const char* to_string(LayoutKind k) noexcept;

/// auto's rule: ≤ 2 CPUs → compact, 3–4 → split, ≥ 5 → pinned (4 hot cores and one left
/// for the kernel, the main thread and the notifier).
LayoutKind choose_layout(std::size_t cpus) noexcept;

/// The CPUs in the calling process's affinity mask (≥ 1).
std::size_t available_cpus();

/// A concrete layout (never Auto) plus the line printed at start-up, e.g.
/// "layout compact (auto: 2 CPUs in the affinity mask)".
struct ResolvedLayout {
  LayoutKind kind = LayoutKind::Pinned;
  std::string description;
};
/// Resolves `k` (Auto → choose_layout(cpus)); `cpus` is normally available_cpus().
ResolvedLayout resolve_layout(LayoutKind k, std::size_t cpus);

/// Hot threads of a concrete layout: 1, 2 or 4.
std::size_t layout_threads(LayoutKind k) noexcept;
/// Which hot thread (0-based) polls `s` in the concrete layout `k`.
std::size_t layout_thread_of(LayoutKind k, PipelineStage s) noexcept;
/// The first stage (pipeline order) of hot thread `thread` < layout_threads(k): a thread is
/// pinned to the `cpus:` entry of this stage.
PipelineStage layout_first_stage(LayoutKind k, std::size_t thread) noexcept;

}  // namespace xtb
