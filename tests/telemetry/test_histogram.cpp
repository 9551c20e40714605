// test_histogram.cpp — Histogram: exact small values, the relative-error bound on known
// distributions (uniform, exponential, log-uniform) against a sorted reference, coordinated-
// omission correction against a naive expansion, merge, reset, saturation, printing, and
// no allocation on the recording path.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <random>
#include <stdexcept>
#include <vector>

#include "core/alloc_guard.hpp"
#include "telemetry/histogram.hpp"

using xtb::Histogram;

namespace {

/// The reference order statistic with the same rank rule as Histogram::percentile().
std::uint64_t reference_percentile(const std::vector<std::uint64_t>& sorted, double p) {
  auto rank = static_cast<std::uint64_t>(p / 100.0 * static_cast<double>(sorted.size()) + 0.5);
  rank = std::clamp<std::uint64_t>(rank, 1, sorted.size());
  return sorted[rank - 1];
}

/// Records `values`, then checks every listed percentile: reported >= exact and the
/// excess within the cell width bound exact * 10^-digits (exact below 2*10^digits).
void check_bound(std::vector<std::uint64_t> values, int digits) {
  Histogram h(digits);
  for (auto v : values) h.record(v);
  std::sort(values.begin(), values.end());
  const double rel = std::pow(10.0, -digits);
  CHECK(h.count() == values.size());
  CHECK(h.min() == values.front());
  CHECK(h.max() == values.back());
  for (double p : {0.1, 1.0, 10.0, 25.0, 50.0, 75.0, 90.0, 99.0, 99.9, 99.99, 100.0}) {
    const std::uint64_t exact = reference_percentile(values, p);
    const std::uint64_t got = h.percentile(p);
    INFO("p=" << p << " exact=" << exact << " got=" << got << " digits=" << digits);
    CHECK(got >= exact);
    CHECK(static_cast<double>(got - exact) <= static_cast<double>(exact) * rel);
  }
  double sum = 0;
  for (auto v : values) sum += static_cast<double>(v);
  const double mean = sum / static_cast<double>(values.size());
  CHECK(std::abs(h.mean() - mean) <= mean * rel);
}

}  // namespace

TEST_CASE("histogram: exact values below 2*10^digits") {
  Histogram h(3);
  for (std::uint64_t v = 1; v <= 1000; ++v) h.record(v);
  CHECK(h.count() == 1000);
  CHECK(h.min() == 1);
  CHECK(h.max() == 1000);
  CHECK(h.percentile(50) == 500);
  CHECK(h.percentile(90) == 900);
  CHECK(h.percentile(99) == 990);
  CHECK(h.percentile(99.9) == 999);
  CHECK(h.percentile(100) == 1000);
  CHECK(h.percentile(0) == 1);
  CHECK(h.mean() == doctest::Approx(500.5));
  CHECK(h.saturated() == 0);
}

TEST_CASE("histogram: empty histogram reports zeros") {
  Histogram h(2);
  CHECK(h.count() == 0);
  CHECK(h.min() == 0);
  CHECK(h.max() == 0);
  CHECK(h.percentile(50) == 0);
  CHECK(h.mean() == 0.0);
}

TEST_CASE("histogram: cell layout and memory") {
  Histogram h3(3);
  CHECK(h3.cell_count() == 33 * 1024);  // 2048 sub-buckets, 32 buckets to reach 1 h in ns
  Histogram h2(2);
  CHECK(h2.cell_count() == 36 * 128);
  std::mt19937_64 rng(7);
  for (int digits = 1; digits <= 4; ++digits) {
    Histogram h(digits);
    const double rel = std::pow(10.0, -digits);
    for (int i = 0; i < 20000; ++i) {
      const std::uint64_t v = rng() % Histogram::kOneHourNs;
      const std::uint64_t lo = h.lowest_equivalent(v);
      const std::uint64_t hi = h.highest_equivalent(v);
      REQUIRE(lo <= v);
      REQUIRE(v <= hi);
      REQUIRE(static_cast<double>(hi - lo + 1) <= std::max(1.0, static_cast<double>(v) * rel));
      REQUIRE(h.lowest_equivalent(hi) == lo);
      REQUIRE(h.lowest_equivalent(hi + 1) == hi + 1);  // next cell starts right after
    }
  }
}

TEST_CASE("histogram: percentile error bound, uniform distribution") {
  std::mt19937_64 rng(42);
  std::uniform_int_distribution<std::uint64_t> d(1, 1'000'000'000);
  std::vector<std::uint64_t> v(200'000);
  for (auto& x : v) x = d(rng);
  check_bound(v, 3);
  check_bound(v, 2);
}

TEST_CASE("histogram: percentile error bound, exponential distribution") {
  std::mt19937_64 rng(1234);
  std::exponential_distribution<double> d(1.0 / 250.0);  // mean 250 ns, long tail
  std::vector<std::uint64_t> v(200'000);
  for (auto& x : v) x = 1 + static_cast<std::uint64_t>(d(rng));
  check_bound(v, 3);
  check_bound(v, 2);
}

TEST_CASE("histogram: percentile error bound, log-uniform over 1 ns .. 1 h") {
  std::mt19937_64 rng(99);
  std::uniform_real_distribution<double> d(0.0, std::log(3.6e12));
  std::vector<std::uint64_t> v(100'000);
  for (auto& x : v) x = static_cast<std::uint64_t>(std::exp(d(rng)));
  check_bound(v, 3);
  check_bound(v, 2);
}

TEST_CASE("histogram: values above the range are clamped and counted") {
  Histogram h(2, 1'000'000);
  h.record(5);
  h.record(2'000'000);
  h.record_n(3'000'000, 3);
  CHECK(h.count() == 5);
  CHECK(h.saturated() == 4);
  CHECK(h.max() == 1'000'000);
  CHECK(h.percentile(100) == 1'000'000);
  CHECK(h.percentile(10) == 5);
}

TEST_CASE("histogram: record_corrected equals the naive expansion") {
  std::mt19937_64 rng(5);
  for (int round = 0; round < 200; ++round) {
    const std::uint64_t interval = 1 + rng() % 5000;
    const std::uint64_t value = rng() % 2'000'000;
    Histogram fast(3), naive(3);
    fast.record_corrected(value, interval);
    naive.record(value);
    if (value > interval)
      for (std::uint64_t m = value - interval; m >= interval; m -= interval) naive.record(m);
    INFO("value=" << value << " interval=" << interval);
    REQUIRE(fast.count() == naive.count());
    REQUIRE(fast.min() == naive.min());
    REQUIRE(fast.max() == naive.max());
    for (double p = 0.5; p <= 100.0; p += 0.5) REQUIRE(fast.percentile(p) == naive.percentile(p));
  }
}

TEST_CASE("histogram: record_corrected edge cases") {
  Histogram h(3);
  h.record_corrected(1000, 100);  // 1000, 900, ..., 100
  CHECK(h.count() == 10);
  CHECK(h.min() == 100);
  CHECK(h.percentile(50) == 500);
  h.reset();
  h.record_corrected(100, 100);  // no stall: only the value itself
  h.record_corrected(50, 0);     // interval 0: no correction
  CHECK(h.count() == 2);
  h.reset();
  // A one-second stall at 1 µs: 10^6 - 1 synthetic samples without 10^6 loop iterations.
  h.record_corrected(1'000'000'000, 1'000);
  CHECK(h.count() == 1'000'000);
  CHECK(h.min() == 1'000);
  CHECK(h.max() == 1'000'000'000);
  const auto p50 = h.percentile(50);
  CHECK(p50 >= 500'000'000);
  CHECK(p50 <= 500'500'000);
}

TEST_CASE("histogram: merge equals recording the union") {
  std::mt19937_64 rng(77);
  std::exponential_distribution<double> d(1.0 / 10'000.0);
  Histogram a(3), b(3), all(3);
  for (int i = 0; i < 50'000; ++i) {
    const auto v = 1 + static_cast<std::uint64_t>(d(rng));
    ((i % 3) ? a : b).record(v);
    all.record(v);
  }
  a.merge(b);
  CHECK(a.count() == all.count());
  CHECK(a.min() == all.min());
  CHECK(a.max() == all.max());
  for (double p = 1.0; p <= 100.0; p += 1.0) CHECK(a.percentile(p) == all.percentile(p));

  // Different resolutions: values are re-recorded from the coarser cells.
  Histogram coarse(2), fine(3);
  for (std::uint64_t v = 1000; v < 200'000; v += 7) coarse.record(v);
  fine.record(3);
  fine.merge(coarse);
  CHECK(fine.count() == coarse.count() + 1);
  CHECK(fine.min() == 3);
  CHECK(fine.max() == coarse.max());
  const double p50c = static_cast<double>(coarse.percentile(50));
  CHECK(std::abs(static_cast<double>(fine.percentile(50)) - p50c) <= p50c * 0.01);

  Histogram empty(3);
  fine.merge(empty);
  CHECK(fine.count() == coarse.count() + 1);
}

TEST_CASE("histogram: reset forgets everything") {
  Histogram h(3);
  for (std::uint64_t v = 1; v < 100'000; v += 13) h.record(v);
  h.record(Histogram::kOneHourNs * 2);
  h.reset();
  CHECK(h.count() == 0);
  CHECK(h.saturated() == 0);
  CHECK(h.max() == 0);
  CHECK(h.percentile(99) == 0);
  h.record(42);
  CHECK(h.min() == 42);
  CHECK(h.percentile(50) == 42);
}

TEST_CASE("histogram: summary line") {
  Histogram h(3);
  for (std::uint64_t v = 1; v <= 10'000; ++v) h.record(v);
  char buf[256];
  const int n = h.format_summary(buf, sizeof buf, "rtt");
  REQUIRE(n > 0);
  CHECK(std::strcmp(buf, "rtt: n=10000 min=1 p50=5003 p90=9007 p99=9903 p99.9=9991 p99.99=9999 max=10000 ns") == 0);
  char tiny[8];
  h.format_summary(tiny, sizeof tiny, "rtt");
  CHECK(std::strlen(tiny) == 7);  // truncated, still terminated
}

TEST_CASE("histogram: invalid configurations throw") {
  CHECK_THROWS_AS(Histogram(0), std::invalid_argument);
  CHECK_THROWS_AS(Histogram(6), std::invalid_argument);
  CHECK_THROWS_AS(Histogram(3, 1), std::invalid_argument);
  CHECK_THROWS_AS(Histogram(3, (1ull << 62) + 1), std::invalid_argument);
}

TEST_CASE("histogram: recording does not allocate") {
  Histogram h(3);
  std::mt19937_64 rng(3);
  const auto before = xtb::AllocGuard::total_allocations();
  {
    xtb::AllocGuard::Armed armed;
    for (int i = 0; i < 10'000; ++i) {
      h.record(rng() % 1'000'000);
      h.record_corrected(rng() % 1'000'000, 1 + rng() % 10'000);
    }
    (void)h.percentile(99.9);
  }
  if (xtb::AllocGuard::enabled()) CHECK(xtb::AllocGuard::total_allocations() == before);
  CHECK(xtb::AllocGuard::armed_allocations() == 0);
}
