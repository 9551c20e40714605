// bench_tick_to_order.cpp — xtb_bench_tick_to_order: internal tick-to-order latency of the
// live pipeline (ingest → decode → sequencer → egress) under open-loop Binance market data
// from the load generator (bench/latency_common/latency_run.hpp lists the options;
// docs/latency.md the method). Usage: xtb_bench_tick_to_order [--rates 1000,10000 ...]
#include <cstdio>
#include <string>

#include "core/clock.hpp"
#include "latency_run.hpp"
#include "net/tls/openssl_alloc.hpp"

int main(int argc, char** argv) {
  xtb::net::install_openssl_allocator();  // before OpenSSL's first allocation
  xtb::Clock::calibrate();
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // tables appear as runs finish, even through a pipe
  xtb::bench::LatencyOptions o;
  o.suite = xtb::bench::Suite::TickToOrder;
  std::string err;
  if (!xtb::bench::parse_latency_options(argc - 1, argv + 1, o, err)) {
    std::fprintf(stderr, "xtb_bench_tick_to_order: %s (options: bench/latency_common/latency_run.hpp)\n", err.c_str());
    return 2;
  }
  return xtb::bench::run_latency_suite(o);
}
