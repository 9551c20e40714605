// bench_wire.cpp — xtb_bench_wire: wire-to-wire latency (generator's intended send time of a
// trigger tick → arrival of the engine's order request) on loopback TLS, next to the
// busy-poll TCP floor and a ccxt peer doing the same job (--peer-cmd). Options:
// bench/latency_common/latency_run.hpp; method: docs/latency.md.
// Usage: xtb_bench_wire [--rates ...] [--peer-cmd "node bench/wire/ccxt_peer/peer.mjs"]
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
  o.suite = xtb::bench::Suite::Wire;
  std::string err;
  if (!xtb::bench::parse_latency_options(argc - 1, argv + 1, o, err)) {
    std::fprintf(stderr, "xtb_bench_wire: %s (options: bench/latency_common/latency_run.hpp)\n", err.c_str());
    return 2;
  }
  return xtb::bench::run_latency_suite(o);
}
