// pipeline_layout.hpp — puts the four live stages (ingest, decode, sequencer, egress) on the
// hot threads of a layout (core/layout.hpp) in a StageGroupRunner. Used by `xtb run` and
// the latency benches, so both run exactly the same thread plans.
//
//   compact: "<p>-hot"                       ingest → decode → sequencer → egress
//   split:   "<p>-in-dec" | "<p>-seq-egr"    ingest → decode | sequencer → egress
//   pinned:  "<p>-ingest" | "<p>-decode" | "<p>-sequencer" | "<p>-egress"
// Within a thread the stages are swept in pipeline order, so one sweep of the compact thread
// carries a tick from ingest's socket to the order's bytes on egress's socket.
//
// Waiting (see ingest_io_wait_ns and PipelineLayout::socket_poll_ns):
//   * ingest alone on its thread (pinned) sleeps in the kernel (io_uring_enter / epoll_wait,
//     `io_wait_ns` 1 ms) unless busy-spinning — it wakes on market data;
//   * ingest sharing a thread never sleeps inside its poll (io_wait_ns 0: it would stall the
//     thread's other stages); the thread sleeps on its stages' doorbells instead, at most
//     `socket_poll_ns`, so socket input without a doorbell (market data, order answers) is
//     picked up within that bound in blocking/adaptive mode; busy-spin polls continuously.
//   * egress's answers have no doorbell in any layout: a thread holding egress sleeps at
//     most `socket_poll_ns` too (pinned: the 1 ms of today's threaded runner).
// Threads: cold, main thread, before StageGroupRunner::start().
#pragma once
#include <cstdint>
#include <span>
#include <string>

#include "core/layout.hpp"
#include "core/stage_group_runner.hpp"
#include "core/wait_strategy.hpp"

namespace xtb {

struct PipelineLayout {
  LayoutKind kind = LayoutKind::Pinned;  ///< concrete (resolve_layout), never Auto
  WaitMode wait = WaitMode::Blocking;
  int cpus[kPipelineStages] = {-1, -1, -1, -1};  ///< per stage; a thread takes its first stage's
  int rt_priority = 0;
  bool arm_alloc_guard = false;    ///< decode + sequencer count hot allocations
  std::uint64_t warmup_polls = 0;  ///< polls of decode / sequencer before arming
  std::string name_prefix = "xtb";
  std::int64_t socket_poll_ns = 100'000;     ///< longest sleep of a shared thread holding a socket stage
  std::int64_t pinned_sleep_ns = 1'000'000;  ///< longest sleep of a one-stage thread
};

/// The live ingest stages' io_wait_ns for layout `k` and wait mode `w`: ingest may sleep in the kernel
/// only on a thread of its own and when not busy-spinning.
constexpr std::int64_t ingest_io_wait_ns(LayoutKind k, WaitMode w) noexcept {
  return k == LayoutKind::Pinned && w != WaitMode::BusySpin ? 1'000'000 : 0;
}

/// Adds the layout's hot threads to `r` (which must have no threads yet).
inline void add_layout_threads(StageGroupRunner& r, const PipelineLayout& l) {
  static const char* const kNames[3][4] = {
      {"hot", "", "", ""}, {"in-dec", "seq-egr", "", ""}, {"ingest", "decode", "sequencer", "egress"}};
  const std::size_t row = l.kind == LayoutKind::Compact ? 0 : l.kind == LayoutKind::Split ? 1 : 2;
  const std::size_t n = layout_threads(l.kind);
  const bool shared = n < kPipelineStages;
  for (std::size_t t = 0; t < n; ++t) {
    const int cpu = l.cpus[static_cast<std::size_t>(layout_first_stage(l.kind, t))];
    r.add_thread(GroupThreadConfig{l.name_prefix + "-" + kNames[row][t], cpu, l.wait, l.rt_priority,
                                   shared ? l.socket_poll_ns : l.pinned_sleep_ns});
  }
}

/// Adds the layout's threads and the four stages to `r` (which must have no threads yet).
template <Stage I, Stage D, Stage S, Stage E>
void add_pipeline_threads(StageGroupRunner& r, const PipelineLayout& l, I& ingest, D& decode, S& seq, E& egress) {
  add_layout_threads(r, l);
  const GroupStageOptions hot{l.arm_alloc_guard, l.warmup_polls};
  r.add(layout_thread_of(l.kind, PipelineStage::Ingest), ingest);
  r.add(layout_thread_of(l.kind, PipelineStage::Decode), decode, hot);
  r.add(layout_thread_of(l.kind, PipelineStage::Sequencer), seq, hot);
  r.add(layout_thread_of(l.kind, PipelineStage::Egress), egress);
}

/// Several venues, one sequencer: every venue's ingest stage goes on the layout's ingest
/// thread (in venue order), every decode on the decode thread, every egress on the egress
/// thread — one thread serves several venues' sockets; the layout, not the code, decides.
template <Stage V, Stage S>
void add_pipeline_threads(StageGroupRunner& r, const PipelineLayout& l, std::span<V> ingest, std::span<V> decode,
                          S& seq, std::span<V> egress) {
  add_layout_threads(r, l);
  const GroupStageOptions hot{l.arm_alloc_guard, l.warmup_polls};
  for (V& s : ingest) r.add(layout_thread_of(l.kind, PipelineStage::Ingest), s);
  for (V& s : decode) r.add(layout_thread_of(l.kind, PipelineStage::Decode), s, hot);
  r.add(layout_thread_of(l.kind, PipelineStage::Sequencer), seq, hot);
  for (V& s : egress) r.add(layout_thread_of(l.kind, PipelineStage::Egress), s);
}

}  // namespace xtb
