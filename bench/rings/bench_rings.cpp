// bench_rings.cpp — xtb_bench_rings: xtb::SpscRing against boost::lockfree::spsc_queue,
// moodycamel::ReaderWriterQueue and moodycamel::ConcurrentQueue (SPSC use), 64-byte events,
// producer and consumer pinned to two distinct CPUs, in one run:
//   Throughput/<queue>/single|batch   events/s of each run; the table shows median, min, max
//   RoundTrip/<queue>[ api]           ping-pong over two queues, p50/p99/p99.9 ns (xtb twice:
//                                     front()/pop() and consume())
//   RoundTrip/floor: one|two cache line(s)  bare cache-line round trips: the hardware floor
// Google Benchmark reports each as counters; afterwards a summary table with each peer's
// ratio to xtb and the issue-2 goal (RTT p50 <= 0.7x best peer, throughput >= 1.5x).
//
// Own flags (removed before Google Benchmark parses the rest, so --benchmark_filter etc.
// still work):
//   --cpus=A,B        producer/initiator CPU A, consumer/echo CPU B (default: env
//                     XTB_BENCH_CPUS, else 0,1). Choose two physical cores, not SMT siblings;
//                     "auto" picks two distinct cores of one package (isolated ones first).
//   --capacity=N      slots per queue (default 4096)      --batch=N   batch size (default 64)
//   --events=N        events per throughput run (4e6)     --round-trips=N  per RTT run (2e5)
//   --runs=N          runs of every benchmark (5), given to Google Benchmark as
//                     --benchmark_repetitions with random interleaving (override freely)
//   --long            10x events and round trips, 10 runs (a few minutes)
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/affinity.hpp"
#include "core/clock.hpp"
#include "cpu_topology.hpp"
#include "ring_harness.hpp"
#include "ring_report.hpp"

namespace xtb::bench {
namespace {

Placement g_place;
Sizes g_sizes;
int g_runs = 5;  // repetitions of every benchmark (runs per queue and mode)

// Each benchmark execution is one run; Google Benchmark repeats it --runs times with the
// repetitions of all queues randomly interleaved, so a slow phase of a noisy host (VM
// neighbours, frequency changes) spreads over every queue instead of biasing one.
template <class Q, bool kBatch>
void bm_throughput(benchmark::State& state) {
  ThroughputRow& row = throughput_rows()[std::string(Q::kName) + (kBatch ? "|batch" : "|single")];
  row.queue = Q::kName;
  row.batch = kBatch;
  Sizes warm = g_sizes;
  warm.events = std::max<std::uint64_t>(g_sizes.events / 8, 10'000);
  (void)run_throughput<Q, kBatch>(g_place, warm);  // page faults, caches, branch predictors
  for (auto _ : state) {
    const RunResult r = run_throughput<Q, kBatch>(g_place, g_sizes);
    if (!r.error.empty() || r.errors != 0) {
      state.SkipWithError(r.error.empty() ? "events lost or corrupted" : r.error.c_str());
      break;
    }
    state.SetIterationTime(r.seconds);
    const double mevs = static_cast<double>(g_sizes.events) / r.seconds / 1e6;
    row.mevs.push_back(mevs);
    state.counters["Mev_s"] = mevs;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(g_sizes.events) * state.iterations());
}

/// Shared body of every round-trip benchmark: `once(hist)` performs one run (warm-up
/// round trips included); the run's histogram is merged into the row.
template <class Once>
void bm_rtt_common(benchmark::State& state, const std::string& label, Once&& once) {
  RttRow& row = rtt_rows()[label];
  row.label = label;
  Histogram run_hist(3);
  for (auto _ : state) {
    const RunResult r = once(run_hist);
    if (!r.error.empty() || r.errors != 0) {
      state.SkipWithError(r.error.empty() ? "echo mismatch" : r.error.c_str());
      break;
    }
    state.SetIterationTime(r.seconds);
  }
  if (run_hist.count() == 0) return;
  row.p50_per_run.push_back(run_hist.percentile(50));
  row.hist.merge(run_hist);
  state.SetItemsProcessed(static_cast<std::int64_t>(run_hist.count()));
  state.counters["p50_ns"] = static_cast<double>(run_hist.percentile(50));
  state.counters["p99_ns"] = static_cast<double>(run_hist.percentile(99));
  state.counters["p99.9_ns"] = static_cast<double>(run_hist.percentile(99.9));
  state.counters["max_ns"] = static_cast<double>(run_hist.max());
  state.counters["mean_ns"] = run_hist.mean();
}

template <class Q, bool kDrain>
void bm_rtt(benchmark::State& state, std::string label) {
  bm_rtt_common(state, label, [](Histogram& h) { return run_round_trips<Q, kDrain>(g_place, g_sizes, h); });
}

template <int kLines>
void bm_floor(benchmark::State& state, std::string label) {
  bm_rtt_common(state, label, [](Histogram& h) { return run_line_floor<kLines>(g_place, g_sizes, h); });
}

template <class Q>
void register_queue(const char* rtt_suffix_single, bool also_drain_rtt) {
  const std::string name = Q::kName;
  auto* t1 = benchmark::RegisterBenchmark(("Throughput/" + name + "/single").c_str(), bm_throughput<Q, false>);
  t1->UseManualTime()->Iterations(1)->Unit(benchmark::kMillisecond);
  if constexpr (Q::kHasBatch) {
    auto* t2 = benchmark::RegisterBenchmark(("Throughput/" + name + "/batch").c_str(), bm_throughput<Q, true>);
    t2->UseManualTime()->Iterations(1)->Unit(benchmark::kMillisecond);
  }
  const std::string rtt_label = name + rtt_suffix_single;
  benchmark::RegisterBenchmark(("RoundTrip/" + rtt_label).c_str(), bm_rtt<Q, false>, rtt_label)
      ->UseManualTime()->Iterations(1)->Unit(benchmark::kMicrosecond);
  if (also_drain_rtt) {
    const std::string drain_label = name + " consume()";
    benchmark::RegisterBenchmark(("RoundTrip/" + drain_label).c_str(), bm_rtt<Q, true>, drain_label)
        ->UseManualTime()->Iterations(1)->Unit(benchmark::kMicrosecond);
  }
}

void register_all() {
  benchmark::RegisterBenchmark("RoundTrip/floor: one cache line", bm_floor<1>, std::string(kFloorOneLine))
      ->UseManualTime()->Iterations(1)->Unit(benchmark::kMicrosecond);
  benchmark::RegisterBenchmark("RoundTrip/floor: two cache lines", bm_floor<2>, std::string(kFloorTwoLines))
      ->UseManualTime()->Iterations(1)->Unit(benchmark::kMicrosecond);
  register_queue<XtbQueue>(" front()/pop()", true);
  register_queue<BoostQueue>("", false);
  register_queue<RwQueue>("", false);
  register_queue<CqQueue>("", false);
}

/// Value of "--name=value" if `arg` is that flag, else nullptr.
const char* flag_value(const char* arg, const char* name) {
  const std::size_t n = std::strlen(name);
  return std::strncmp(arg, name, n) == 0 && arg[n] == '=' ? arg + n + 1 : nullptr;
}

std::uint64_t parse_count(const char* text, const char* flag) {
  char* end = nullptr;
  const double v = std::strtod(text, &end);  // accepts 4e6
  if (end == text || *end != '\0' || v < 1) throw std::invalid_argument(std::string("bad value for ") + flag);
  return static_cast<std::uint64_t>(v);
}

void parse_cpus(const char* text) {
  if (std::strcmp(text, "auto") == 0) {
    if (!pick_two_cores(g_place.cpu_a, g_place.cpu_b))
      throw std::invalid_argument("--cpus=auto found no two distinct physical cores in one package");
    return;
  }
  const std::vector<int> cpus = parse_cpu_list(text);
  if (cpus.size() != 2 || cpus[0] == cpus[1])
    throw std::invalid_argument(std::string("--cpus needs two distinct CPUs, got '") + text + "'");
  g_place = {cpus[0], cpus[1]};
}

/// Consumes our own flags from argv (compacting it) so benchmark::Initialize sees the rest.
void parse_own_flags(int& argc, char** argv) {
  if (const char* env = std::getenv("XTB_BENCH_CPUS")) parse_cpus(env);
  bool longer = false;
  int out = 1;
  for (int i = 1; i < argc; ++i) {
    const char* a = argv[i];
    if (const char* v = flag_value(a, "--cpus")) parse_cpus(v);
    else if (const char* v = flag_value(a, "--capacity")) g_sizes.capacity = parse_count(v, a);
    else if (const char* v = flag_value(a, "--batch")) g_sizes.batch = std::min<std::uint64_t>(parse_count(v, a), kMaxBatch);
    else if (const char* v = flag_value(a, "--events")) g_sizes.events = parse_count(v, a);
    else if (const char* v = flag_value(a, "--runs")) g_runs = static_cast<int>(parse_count(v, a));
    else if (const char* v = flag_value(a, "--round-trips")) g_sizes.round_trips = parse_count(v, a);
    else if (std::strcmp(a, "--long") == 0) longer = true;
    else {
      if (const char* v = flag_value(a, "--benchmark_repetitions")) g_runs = static_cast<int>(parse_count(v, a));
      argv[out++] = argv[i];
    }
  }
  argc = out;
  if (longer) {
    g_sizes.events *= 10;
    g_sizes.round_trips *= 10;
    g_runs = std::max(g_runs, 10);
  }
}

/// argv for Google Benchmark: the caller's flags plus our defaults for the ones it did not
/// give (repetitions = --runs, randomly interleaved, console shows aggregates only).
std::vector<char*> benchmark_argv(int argc, char** argv, std::vector<std::string>& storage) {
  std::vector<char*> out(argv, argv + argc);
  auto given = [&](const char* name) {
    for (int i = 1; i < argc; ++i)
      if (std::strncmp(argv[i], name, std::strlen(name)) == 0) return true;
    return false;
  };
  if (!given("--benchmark_repetitions")) storage.push_back("--benchmark_repetitions=" + std::to_string(g_runs));
  if (!given("--benchmark_enable_random_interleaving")) storage.emplace_back("--benchmark_enable_random_interleaving=true");
  if (!given("--benchmark_display_aggregates_only") && !given("--benchmark_report_aggregates_only"))
    storage.emplace_back("--benchmark_display_aggregates_only=true");
  for (auto& s : storage) out.push_back(s.data());
  return out;
}

}  // namespace
}  // namespace xtb::bench

int main(int argc, char** argv) {
  using namespace xtb::bench;
  try {
    parse_own_flags(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "xtb_bench_rings: %s\n", e.what());
    return 2;
  }
  const std::vector<int> allowed = xtb::allowed_cpus();
  for (int cpu : {g_place.cpu_a, g_place.cpu_b}) {
    if (std::find(allowed.begin(), allowed.end(), cpu) == allowed.end()) {
      std::fprintf(stderr, "xtb_bench_rings: CPU %d is not available to this process (allowed: %zu CPUs); use --cpus=A,B\n",
                   cpu, allowed.size());
      return 2;
    }
  }
  xtb::Clock::calibrate();
  std::vector<std::string> storage;
  std::vector<char*> bargv = benchmark_argv(argc, argv, storage);
  int bargc = static_cast<int>(bargv.size());
  benchmark::Initialize(&bargc, bargv.data());
  if (benchmark::ReportUnrecognizedArguments(bargc, bargv.data())) return 2;
  register_all();
  print_header(g_place, g_sizes, g_runs);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  print_tables(g_place, g_sizes, g_runs);
  return 0;
}
