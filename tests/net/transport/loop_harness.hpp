// loop_harness.hpp — test helpers for the transport suite: drive an EventLoop until a
// condition holds (bounded in time), the backend matrix every loop test runs on, and a
// listening socket on a free loopback port.
#pragma once
#include <doctest/doctest.h>

#include <functional>
#include <memory>
#include <string>

#include "core/clock.hpp"
#include "net/uring/event_loop.hpp"

namespace xtb::net::test {

/// One backend configuration under test.
struct BackendCase {
  const char* name;
  Backend backend;
  bool defer_taskrun;
  WaitMode wait;
};

/// io_uring with DEFER_TASKRUN (spin), io_uring plain setup (blocking), epoll (blocking).
inline constexpr BackendCase kBackendCases[] = {
    {"uring-defer-spin", Backend::Uring, true, WaitMode::BusySpin},
    {"uring-plain-blocking", Backend::Uring, false, WaitMode::Blocking},
    {"epoll-blocking", Backend::Epoll, false, WaitMode::Blocking},
    {"epoll-spin", Backend::Epoll, false, WaitMode::BusySpin},
};

inline std::unique_ptr<EventLoop> make_loop(const BackendCase& c, LoopConfig cfg = {}) {
  cfg.backend = c.backend;
  cfg.try_defer_taskrun = c.defer_taskrun;
  cfg.wait_mode = c.wait;
  std::string err;
  auto loop = EventLoop::create(cfg, &err);
  INFO("backend " << c.name << ": " << err);
  REQUIRE(loop != nullptr);
  REQUIRE(loop->features().backend == c.backend);
  return loop;
}

/// Polls `loop` until `done()` or `timeout_ms` elapsed; returns done().
inline bool run_until(EventLoop& loop, const std::function<bool()>& done, int timeout_ms = 5000) {
  const std::int64_t deadline = Clock::monotonic_ns() + static_cast<std::int64_t>(timeout_ms) * 1'000'000;
  while (!done()) {
    if (Clock::monotonic_ns() > deadline) return false;
    loop.poll(1'000'000);
  }
  return true;
}

/// Listening socket on 127.0.0.1 with an ephemeral port; returns fd, sets *port.
inline int listen_loopback(std::uint16_t* port, int backlog = 64) {
  const int fd = make_listen_socket(ipv4("127.0.0.1", 0), backlog);
  REQUIRE(fd >= 0);
  *port = local_port(fd);
  REQUIRE(*port != 0);
  return fd;
}

}  // namespace xtb::net::test
