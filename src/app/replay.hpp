// replay.hpp — `xtb replay`: a recorded Binance USD-M capture through the real pipeline
// (replay source → R1 → decode → R2 → sequencer market state), under the inline runner
// (deterministic) or pinned/threaded runners, with a summary.
// Cold-path API: called from main; the stages it wires run allocation-free.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "app/pipeline_config.hpp"

namespace xtb {

struct ReplayOptions {
  std::string venue = "binance_usdm";  ///< whose protocol the capture records (venue/offline_venues.hpp)
  std::string capture;         ///< hftbacktest `<ns> <json>` file (.gz ok)
  std::string exchange_info;   ///< exchangeInfo JSON for the symbol rules
  std::string symbol = "BTCUSDT";  ///< symbol of REST depth snapshots found in the capture
  double speed = 0.0;          ///< 0 = as fast as possible, 1 = recorded pace
  std::int64_t max_gap_ns = 3'600'000'000'000;  ///< paced: longer capture gaps are not waited for (D9)
  PipelineConfig pipeline;
  bool arm_alloc_guard = true; ///< count hot-thread allocations after a short warm-up
};

struct ReplaySummary {
  std::uint64_t records = 0, frames_decoded = 0, events = 0, decode_errors = 0;
  std::uint64_t book_tickers = 0, trades = 0, depth_messages = 0;
  std::uint64_t snapshots = 0, gaps = 0, crossed = 0, resyncs = 0, stale = 0;
  std::uint64_t ticker_checks = 0, ticker_mismatch = 0;
  bool book_synced = false;
  std::string best_bid, best_ask, last_trade;  ///< formatted with the symbol's rules
  std::uint64_t book_levels_bid = 0, book_levels_ask = 0;
  double wall_s = 0, events_per_s = 0;
  std::uint64_t lat_p50 = 0, lat_p90 = 0, lat_p99 = 0, lat_p999 = 0, lat_max = 0;  ///< ns, rx → sequencer
  bool alloc_guard = false;
  std::uint64_t hot_allocations = 0;   ///< allocations on armed stage threads (must be 0)
  std::uint64_t large_frames = 0, backpressure = 0;
  std::vector<std::string> setup_warnings;
  std::string runner;
  // Input problems (issue 12): any of them makes ok() false (exit 3).
  std::string capture_skipped;         ///< Capture::skipped_text() (K3, K5), "" if none
  std::uint64_t too_large = 0;         ///< records dropped as larger than a frame slot (D11)
  std::uint64_t time_jumps = 0;        ///< paced gaps > max_gap not waited for (D9; informational)
  std::vector<std::string> problems;   ///< "no data for symbol X", "capture symbol Z is not in the exchange info"

  /// True when the replay is a faithful run of the whole capture: nothing skipped, dropped
  /// or undecodable, the symbol had data, and no hot-path allocation.
  bool ok() const noexcept {
    return decode_errors == 0 && hot_allocations == 0 && capture_skipped.empty() && too_large == 0 && problems.empty();
  }
};

/// Runs the replay. Throws std::runtime_error (CaptureError, ConfigError, ...) with a
/// readable message on bad input.
ReplaySummary run_replay(const ReplayOptions& opt);

/// Multi-line human-readable summary.
std::string format_summary(const ReplaySummary& s);

}  // namespace xtb
