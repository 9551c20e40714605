#include <doctest/doctest.h>

#include <thread>

#include "core/affinity.hpp"
#include "core/clock.hpp"

using namespace xtb;

TEST_CASE("TSC calibration gives a plausible frequency and monotonic conversions") {
  Clock::calibrate(5'000'000);
  if (Clock::source() == Clock::Source::Tsc) {
    CHECK(Clock::ticks_per_ns() > 0.2);   // 200 MHz .. 10 GHz
    CHECK(Clock::ticks_per_ns() < 10.0);
  }
  const auto t0 = Clock::now();
  const auto m0 = Clock::monotonic_ns();
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  const auto t1 = Clock::now();
  const auto m1 = Clock::monotonic_ns();
  const auto d = Clock::to_ns(t1 - t0);
  CHECK(d > 0);
  // Calibrated clock agrees with CLOCK_MONOTONIC within 5 % over 20 ms.
  CHECK(std::abs(static_cast<double>(d - (m1 - m0))) < 0.05 * static_cast<double>(m1 - m0) + 200'000);
  CHECK(Clock::to_ns(Clock::from_ns(1'000'000)) == doctest::Approx(1'000'000).epsilon(0.01));
}

TEST_CASE("monotonic fallback reports ns directly") {
  Clock::use_monotonic();
  CHECK(Clock::source() == Clock::Source::Monotonic);
  CHECK(Clock::to_ns(1234) == 1234);
  Clock::calibrate(2'000'000);
}

TEST_CASE("cpu list parsing") {
  CHECK(parse_cpu_list("0-3,8,10-11") == std::vector<int>{0, 1, 2, 3, 8, 10, 11});
  CHECK(parse_cpu_list("5") == std::vector<int>{5});
  CHECK(parse_cpu_list("3,1,1") == std::vector<int>{1, 3});
  CHECK_THROWS_AS(parse_cpu_list(""), std::invalid_argument);
  CHECK_THROWS_AS(parse_cpu_list("1-"), std::invalid_argument);
  CHECK_THROWS_AS(parse_cpu_list("a"), std::invalid_argument);
  CHECK_THROWS_AS(parse_cpu_list("4-2"), std::invalid_argument);
}

TEST_CASE("pinning: an allowed CPU works, an unavailable one gives a clear error") {
  const auto cpus = allowed_cpus();
  REQUIRE_FALSE(cpus.empty());
  std::thread([&] {
    CHECK_FALSE(pin_current_thread(cpus.front()));
    auto err = pin_current_thread(4095);
    CHECK(static_cast<bool>(err));
    CHECK(err.message.find("CPU 4095 is not available") != std::string::npos);
    set_current_thread_name("xtb-test-thread-long-name");
  }).join();
}
