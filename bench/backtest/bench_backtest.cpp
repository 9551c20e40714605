// bench_backtest.cpp — `xtb backtest` throughput in one process (issue 16): runs the
// reduce_only_closer on the real BTCUSDT capture N times through run_backtest
// (app/backtest.hpp) and prints the median / p10 / p90 events/s of the timed part
// (InlineRunner::run: replay source, decode, sequencer, simulated egress) by wall time (as
// `xtb backtest` prints it) and by the run thread's CPU time (events per CPU second: on a
// shared machine it is not inflated by time spent descheduled), plus the ledger hash of
// every run so a faster build is seen to give the same result.
// Exit status 0 when every run gave the same ledger hash, 3 otherwise, 2 on bad input.
// A profile of the hot part (the samples under run_backtest_for that are not set-up or
// report; release builds keep no frame pointers, hence dwarf):
//   perf record -F 2000 --call-graph dwarf build/bench/backtest/xtb_bench_backtest --runs 15
//
//   xtb_bench_backtest [--runs N] [--config FILE] [--data-dir DIR]
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <set>
#include <string>
#include <vector>

#include "app/backtest.hpp"

namespace {

struct Args {
  int runs = 20;
  std::string config = XTB_SOURCE_DIR "/configs/binance-reduce-only-closer.yaml";
  std::string data_dir = XTB_DATA_DIR;
};

Args parse(int argc, char** argv) {
  Args a;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string k = argv[i];
    if (k == "--runs")
      a.runs = std::max(1, std::atoi(argv[i + 1]));
    else if (k == "--config")
      a.config = argv[i + 1];
    else if (k == "--data-dir")
      a.data_dir = argv[i + 1];
  }
  return a;
}

double quantile(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  return v[static_cast<std::size_t>(q * static_cast<double>(v.size() - 1) + 0.5)];
}

}  // namespace

int main(int argc, char** argv) try {
  const Args a = parse(argc, argv);
  xtb::BacktestOptions o;
  o.config = a.config;
  o.capture = a.data_dir + "/binance-usdm/capture/btcusdt_20240808.gz";
  o.exchange_info = a.data_dir + "/binance-usdm/fixtures/http/http_futures_market_exchange_info.json";
  std::vector<double> eps, cpu_eps;
  std::set<unsigned long long> hashes;
  std::uint64_t events = 0, fills = 0, hot = 0;
  for (int i = 0; i < a.runs; ++i) {
    const xtb::BacktestReport r = xtb::run_backtest(o);
    eps.push_back(r.events_per_s);
    cpu_eps.push_back(r.cpu_s > 0 ? static_cast<double>(r.events) / r.cpu_s : 0.0);
    hashes.insert(r.ledger_hash);
    events = r.events, fills = r.ledger_fills, hot += r.hot_allocations;
  }
  std::printf("runs %d  events %llu  fills %llu  hot-path allocations %llu\n", a.runs,
              static_cast<unsigned long long>(events), static_cast<unsigned long long>(fills),
              static_cast<unsigned long long>(hot));
  for (unsigned long long h : hashes) std::printf("ledger hash %016llx\n", h);
  auto line = [](const char* what, const std::vector<double>& v) {
    std::printf("%-14s median %.3f M  p10 %.3f M  p90 %.3f M\n", what, quantile(v, 0.5) / 1e6, quantile(v, 0.1) / 1e6,
                quantile(v, 0.9) / 1e6);
  };
  line("events/s", eps);
  line("events/cpu-s", cpu_eps);
  return hashes.size() == 1 ? 0 : 3;
} catch (const std::exception& e) {
  std::fprintf(stderr, "xtb_bench_backtest: %s\n", e.what());
  return 2;
}
