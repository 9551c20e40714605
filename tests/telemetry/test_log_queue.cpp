#include <doctest/doctest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <sstream>
#include <thread>

#include "core/alloc_guard.hpp"
#include "telemetry/log_queue.hpp"

using namespace xtb;

TEST_CASE("log records are formatted off the hot path, in order per producer") {
  std::ostringstream out;
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(out);
  auto logger = std::make_shared<spdlog::logger>("test", sink);
  logger->set_pattern("%l %v");
  LogQueue q(1024, 2, logger);
  auto tok = q.producer();
  CHECK(q.log(tok, LogLevel::Warn, "book gap on {text}: expected pu {} got {}", 41, 40, 0, 0, 2, "BTCUSDT"));
  CHECK(q.log(tok, LogLevel::Error, "decode failed, {} bytes", 512, 0, 0, 0, 1, {}, 7));
  CHECK(q.drain() == 2);
  CHECK(out.str() == "warning book gap on BTCUSDT: expected pu 41 got 40\nerror decode failed, 512 bytes [code 7]\n");
  CHECK(q.written() == 2);
}

TEST_CASE("a full queue drops and counts, and logging never allocates on an armed thread") {
  LogQueue q(64, 1);
  auto tok = q.producer();
  std::uint64_t armed_before = AllocGuard::armed_allocations(), armed_after = 0;
  int accepted = 0;
  {
    AllocGuard::Armed armed;
    for (int i = 0; i < 10'000; ++i) accepted += q.log(tok, LogLevel::Info, "tick {}", i, 0, 0, 0, 1);
    armed_after = AllocGuard::armed_allocations();
  }
  CHECK(accepted >= 64);
  CHECK(accepted < 10'000);
  CHECK(q.dropped() == static_cast<std::uint64_t>(10'000 - accepted));
  if (AllocGuard::enabled()) CHECK(armed_after == armed_before);
}

TEST_CASE("a bad format string is reported, not thrown") {
  LogRecord r{};
  r.fmt = "too many {} {} {} {} {} {}";  // four integers + {text}: the sixth has no argument
  r.nargs = 1;
  const std::string line = LogQueue::format(r);
  INFO(line);
  CHECK(line.find("bad log format") != std::string::npos);
}

TEST_CASE("writer thread drains concurrently with producers") {
  std::ostringstream out;
  auto logger = std::make_shared<spdlog::logger>("t2", std::make_shared<spdlog::sinks::ostream_sink_mt>(out));
  LogQueue q(4096, 2, logger);
  q.start(100);
  std::thread p([&] {
    auto tok = q.producer();
    for (int i = 0; i < 2000; ++i) while (!q.log(tok, LogLevel::Info, "n={}", i, 0, 0, 0, 1)) std::this_thread::yield();
  });
  p.join();
  q.stop();
  CHECK(q.written() == 2000);
  CHECK(q.dropped() == 0);
}
