// test_alert_channel.cpp — the sequencer → notifier hand-off: order, drop counting on a
// full ring, no allocation on try_push, and the doorbell wake-up across threads.
#include <doctest/doctest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "core/alloc_guard.hpp"
#include "notify/alert_channel.hpp"

using namespace xtb;
using notify::AlertChannel;

namespace {
Alert make(std::int64_t i) {
  Alert a{};
  a.kind = AlertKind::PanicEnter;
  a.t_ns = i;
  return a;
}
}  // namespace

TEST_CASE("alert channel: full ring drops and counts, order is kept") {
  AlertChannel ch(4);
  CHECK(ch.capacity() == 4);
  const std::uint64_t before = AllocGuard::armed_allocations();
  {
    AllocGuard::Armed armed;
    for (int i = 0; i < 4; ++i) CHECK(ch.try_push(make(i)));
    CHECK_FALSE(ch.try_push(make(4)));
    CHECK_FALSE(ch.try_push(make(5)));
  }
  if (AllocGuard::enabled()) CHECK(AllocGuard::armed_allocations() == before);
  CHECK(ch.pushed() == 4);
  CHECK(ch.dropped() == 2);
  CHECK(ch.size_approx() == 4);
  std::vector<std::int64_t> got;
  CHECK(ch.consume([&](const Alert& a) { got.push_back(a.t_ns); }, 3) == 3);
  Alert a{};
  REQUIRE(ch.pop(a));
  got.push_back(a.t_ns);
  CHECK_FALSE(ch.pop(a));
  CHECK(got == std::vector<std::int64_t>{0, 1, 2, 3});
  CHECK(ch.try_push(make(6)));  // room again
  CHECK(ch.dropped() == 2);
}

TEST_CASE("alert channel: bad capacity is refused") {
  CHECK_THROWS_AS(AlertChannel(3), std::invalid_argument);
}

TEST_CASE("alert channel: producer thread, sleeping consumer, wake()") {
  AlertChannel ch(64, /*wake_on_push=*/true);
  constexpr int kN = 20000;
  std::atomic<bool> done{false};
  std::thread producer([&] {
    for (int i = 0; i < kN; ++i)
      while (!ch.try_push(make(i))) std::this_thread::yield();
    done = true;
    ch.wake();
  });
  std::int64_t next = 0;
  bool in_order = true;
  while (next < kN) {
    const std::size_t n = ch.consume([&](const Alert& a) { in_order &= a.t_ns == next++; });
    if (n == 0) ch.wait(50'000'000);  // 50 ms: bounded even if a wake were lost
  }
  producer.join();
  CHECK(in_order);
  CHECK(next == kN);
  CHECK(ch.pushed() == kN);

  // wake() ends a long sleep: the waiter is released by another thread, not the timeout.
  std::atomic<bool> woke{false};
  std::thread waiter([&] {
    ch.wait(60'000'000'000, [&] { return woke.load(); });
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  woke = true;
  ch.wake();
  waiter.join();  // would hang for 60 s if wake() were lost
  CHECK(woke);
}

TEST_CASE("alert channel: wake_on_push rings the doorbell") {
  AlertChannel ch(8, true);
  std::thread waiter([&] { ch.wait(60'000'000'000); });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  CHECK(ch.try_push(make(1)));
  waiter.join();
  Alert a{};
  CHECK(ch.pop(a));
}
