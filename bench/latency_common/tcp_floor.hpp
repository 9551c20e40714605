// tcp_floor.hpp — the busy-poll TCP floor of the wire benchmark: round trips of a small
// message over a loopback TCP connection (TCP_NODELAY) between two threads that both spin
// on recv(MSG_DONTWAIT) and answer at once — what the kernel and loopback cost when nothing
// else (TLS, HTTP, WebSocket, parsing, queues) is on the path. Same method as the `floor`
// row of bench/net (xtb_bench_net), measured again inside the wire run so the two numbers
// come from the same machine state.
// Cold path; both threads spin at 100 % of a core while it runs (keep `iters` small on
// shared machines).
#pragma once
#include <cstddef>
#include <string>

#include "telemetry/histogram.hpp"

namespace xtb::bench {

struct FloorResult {
  Histogram rtt{3, 10'000'000'000};  ///< round-trip ns
  std::string error;                 ///< non-empty when the measurement could not run
};

/// `iters` measured round trips of `size` bytes after `warmup` unmeasured ones; the client
/// thread (the caller) is pinned to `client_cpu` and the echo thread to `server_cpu`
/// (-1: not pinned).
FloorResult measure_tcp_floor(int iters, int warmup, std::size_t size, int client_cpu, int server_cpu);

}  // namespace xtb::bench
