// ring_report.hpp — result rows collected by the ring benchmark and the summary tables
// printed after Google Benchmark's own report (peer ratios and the issue-2 goal check).
// Cold path only: std::map/std::string/stdio.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "ring_harness.hpp"
#include "telemetry/histogram.hpp"

namespace xtb::bench {

inline constexpr const char* kFloorOneLine = "floor: one cache line";
inline constexpr const char* kFloorTwoLines = "floor: two cache lines";

/// Throughput of one queue in one mode: events/s of every run, in millions.
struct ThroughputRow {
  std::string queue;
  bool batch = false;
  std::vector<double> mevs;
  double median() const;
};

/// Round trips of one queue/API (or a floor): merged histogram (ns) and each run's p50.
struct RttRow {
  std::string label;
  Histogram hist{3};
  std::vector<std::uint64_t> p50_per_run;
};

/// Registries keyed "<queue>|single" / "<queue>|batch" and by RTT label.
std::map<std::string, ThroughputRow>& throughput_rows();
std::map<std::string, RttRow>& rtt_rows();

/// Machine, placement and sizes, printed before the run.
void print_header(const Placement& p, const Sizes& s, int runs);
/// The throughput and round-trip tables with ratios to xtb, then the goal check.
void print_tables(const Placement& p, const Sizes& s, int runs);

}  // namespace xtb::bench
