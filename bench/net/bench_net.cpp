// bench_net.cpp — xtb_bench_net: loopback round-trip latency of a 200-byte message in
// one run, for every transport path we have, against the floor of a plain blocking
// socket with both ends busy-polling recv(MSG_DONTWAIT).
//
// Rows (client thread measures; the echo peer runs on a second thread):
//   floor            client: send() + spin recv(MSG_DONTWAIT); peer: same, echoing
//   uring-defer      our EventLoop, SINGLE_ISSUER|DEFER_TASKRUN, spinning poll(0)
//   uring-plain      our EventLoop, plain ring setup, spinning
//   uring-sleep      our EventLoop, DEFER_TASKRUN, poll() sleeping in the kernel
//   epoll-spin       our EventLoop, epoll backend, spinning
//     (the four rows above talk to the floor's busy-poll echo peer: only the client
//      path changes)
//   uring<->uring    our loop on both ends (peer echoes through its own EventLoop)
//   tls<->tls        Connection + TlsSession on both ends (TLS 1.3, AES-256-GCM)
//   ws/tls<->ws/tls  WebSocket text frame over TLS, our client and our server
//
// Percentiles come from a sorted vector of per-iteration ns (TSC clock). Usage:
//   xtb_bench_net [--iters N] [--warmup N] [--size BYTES] [--client-cpu C --server-cpu S]
// Keep runs short on shared machines: both threads spin at 100% of a core.
#include <algorithm>
#include <cerrno>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

#include "bench_peers.hpp"
#include "core/affinity.hpp"
#include "core/clock.hpp"
#include "net/tls/openssl_alloc.hpp"
#include "net/uring/net_log.hpp"

namespace xtb::net::bench {
namespace {

struct Options {
  int iters = 20000;
  int warmup = 2000;
  std::size_t size = 200;
  int client_cpu = -1;
  int server_cpu = -1;
};

struct Row {
  std::string name;
  std::vector<std::int64_t> ns;
  double pct(double p) const {
    if (ns.empty()) return 0;
    const std::size_t i = std::min(ns.size() - 1, static_cast<std::size_t>(p * static_cast<double>(ns.size())));
    return static_cast<double>(ns[i]) / 1000.0;
  }
};

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string k = argv[i];
    const int v = std::atoi(argv[i + 1]);
    if (k == "--iters") o.iters = v;
    else if (k == "--warmup") o.warmup = v;
    else if (k == "--size") o.size = static_cast<std::size_t>(v);
    else if (k == "--client-cpu") o.client_cpu = v;
    else if (k == "--server-cpu") o.server_cpu = v;
    else { std::fprintf(stderr, "unknown option %s\n", k.c_str()); std::exit(2); }
  }
  return o;
}

/// Runs `round_trip` warmup + iters times and returns sorted ns samples. A round trip
/// returns false when its connection died. A row stops early (and says so) after
/// kRowBudgetNs of wall time, so a heavily loaded machine cannot stall the whole run.
constexpr std::int64_t kRowBudgetNs = 20'000'000'000;
Row sample(const char* name, const Options& o, const std::function<bool()>& round_trip) {
  Row r{name, {}};
  r.ns.reserve(static_cast<std::size_t>(o.iters));
  const std::int64_t end = Clock::monotonic_ns() + kRowBudgetNs;
  for (int i = 0; i < o.warmup; ++i)
    if (!round_trip()) return {std::string(name) + " [connection lost]", {}};
  for (int i = 0; i < o.iters; ++i) {
    const TscTicks t0 = Clock::now();
    if (!round_trip()) return {std::string(name) + " [connection lost]", {}};
    r.ns.push_back(Clock::to_ns(Clock::now() - t0));
    if ((i & 255) == 0 && Clock::monotonic_ns() > end) {
      r.name += " [time budget hit]";
      break;
    }
  }
  std::sort(r.ns.begin(), r.ns.end());
  return r;
}

/// Floor client: blocking socket, busy-polling recv.
Row run_floor(const Options& o, std::uint16_t port) {
  const int fd = connect_blocking(port);
  std::vector<std::uint8_t> msg(o.size, 'a'), buf(o.size);
  Row r = sample("floor: blocking socket, busy-poll", o, [&] {
    if (::send(fd, msg.data(), msg.size(), 0) != static_cast<ssize_t>(msg.size())) return false;
    std::size_t got = 0;
    while (got < o.size) {
      const ssize_t n = ::recv(fd, buf.data() + got, o.size - got, MSG_DONTWAIT);
      if (n > 0) got += static_cast<std::size_t>(n);
      else if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) return false;
    }
    return true;
  });
  ::close(fd);
  return r;
}

/// Client on our EventLoop (any backend) against the busy-poll echo peer.
Row run_loop_client(const char* name, const Options& o, std::uint16_t port, LoopConfig cfg) {
  std::string err;
  auto loop = EventLoop::create(cfg, &err);
  if (!loop) { std::fprintf(stderr, "%s: %s\n", name, err.c_str()); return {name, {}}; }
  CountingClient client;
  const ConnId id = loop->connect(ipv4("127.0.0.1", port), client, 1'000'000'000);
  while (client.connect_err < 0) loop->poll(1'000'000);
  std::vector<std::uint8_t> msg(o.size, 'b');
  Row r = sample(name, o, [&] {
    client.received = 0;
    // The next poll() submits the send in the same io_uring_enter that reaps.
    if (!loop->send(id, msg.data(), msg.size())) return false;
    while (client.received < o.size && loop->is_open(id)) loop->poll(1'000'000);
    return client.received >= o.size;
  });
  loop->close(id);
  return r;
}

/// Client Connection (plain or TLS, optionally WebSocket) against our own peer thread.
Row run_connection(const char* name, const Options& o, PeerKind kind, const BenchPki& pki) {
  PeerThread peer(kind, pki, o.server_cpu);
  LoopConfig cfg;
  cfg.wait_mode = WaitMode::BusySpin;
  auto loop = EventLoop::create(cfg);
  ClientStack stack(*loop, kind, pki, peer.port());
  if (!stack.wait_open(5'000'000'000)) {
    std::fprintf(stderr, "%s: connection did not open\n", name);
    return {name, {}};
  }
  std::vector<std::uint8_t> msg(o.size, 'c');
  Row r = sample(name, o, [&] { return stack.round_trip(msg.data(), msg.size()); });
  stack.stop();
  return r;
}

void print(const std::vector<Row>& rows, const Options& o) {
  const Row& floor = rows.front();
  std::printf("\n%-36s %8s %8s %9s %8s %10s %10s\n", "path (200 B unless --size)", "p50 us", "p99 us", "p99.9 us",
              "max us", "p50/floor", "p99/floor");
  for (const Row& r : rows) {
    if (r.ns.empty()) { std::printf("%-36s   (failed)\n", r.name.c_str()); continue; }
    std::printf("%-36s %8.2f %8.2f %9.2f %8.1f %9.2fx %9.2fx\n", r.name.c_str(), r.pct(0.50), r.pct(0.99),
                r.pct(0.999), static_cast<double>(r.ns.back()) / 1000.0, r.pct(0.50) / floor.pct(0.50),
                r.pct(0.99) / floor.pct(0.99));
  }
  std::printf("\n%d iterations per row after %d warm-up, message %zu bytes\n", o.iters, o.warmup, o.size);
}

}  // namespace
}  // namespace xtb::net::bench

int main(int argc, char** argv) {
  using namespace xtb::net;
  using namespace xtb::net::bench;
  install_openssl_allocator();  // before OpenSSL's first allocation (openssl_alloc.hpp)
  const Options o = parse(argc, argv);
  xtb::Clock::calibrate();
  set_log_level(LogLevel::Warn);
  if (o.client_cpu >= 0) xtb::pin_current_thread(o.client_cpu);
  BenchPki pki;
  std::printf("xtb_bench_net: kernel %s, %u CPUs online, clock %s\n", kernel_release().c_str(),
              std::thread::hardware_concurrency(), xtb::Clock::source() == xtb::Clock::Source::Tsc ? "tsc" : "monotonic");

  std::vector<Row> rows;
  {
    BusyEchoPeer echo(o.server_cpu);
    rows.push_back(run_floor(o, echo.port()));
    LoopConfig c;
    c.backend = Backend::Uring;
    c.wait_mode = WaitMode::BusySpin;
    rows.push_back(run_loop_client("uring-defer client, spin", o, echo.port(), c));
    c.try_defer_taskrun = false;
    rows.push_back(run_loop_client("uring-plain client, spin", o, echo.port(), c));
    c.try_defer_taskrun = true;
    c.wait_mode = WaitMode::Blocking;
    rows.push_back(run_loop_client("uring-defer client, sleeping wait", o, echo.port(), c));
    c.backend = Backend::Epoll;
    c.wait_mode = WaitMode::BusySpin;
    rows.push_back(run_loop_client("epoll client, spin", o, echo.port(), c));
  }
  rows.push_back(run_connection("uring <-> uring, TCP", o, PeerKind::Tcp, pki));
  rows.push_back(run_connection("uring <-> uring, TLS 1.3", o, PeerKind::Tls, pki));
  rows.push_back(run_connection("uring <-> uring, WS text over TLS", o, PeerKind::WsTls, pki));
  print(rows, o);
  return 0;
}
