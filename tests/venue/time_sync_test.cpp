// time_sync_test.cpp — midpoint offset estimation, minimum-RTT filtering, the early
// bias, -1021 → resync, staleness and sample validation.
#include <doctest/doctest.h>

#include "venue/binance/time_sync.hpp"

using namespace xtb;
using namespace xtb::binance;

namespace {
constexpr std::int64_t kMs = 1'000'000;
constexpr std::int64_t kSec = 1'000 * kMs;
constexpr std::int64_t kT0 = 1'722'729'600'000 * kMs;  // local wall clock, ns
}  // namespace

TEST_SUITE("binance-encode") {

TEST_CASE("offset from the round-trip midpoint, timestamps biased by RTT/2") {
  TimeSync ts;
  CHECK(ts.needs_resync(kT0));
  CHECK_FALSE(ts.has_estimate());
  // Server clock is 250 ms ahead. Request sent at T0, answered at T0+20ms; the server
  // read its clock at the midpoint (T0+10ms local) → serverTime = T0+10ms+250ms.
  const EpochMs server_ms = (kT0 + 10 * kMs + 250 * kMs) / kMs;
  REQUIRE(ts.on_time_sample(kT0, kT0 + 20 * kMs, server_ms) == TimeSample::Accepted);
  CHECK(ts.offset_ns() == 250 * kMs + kMs / 2);  // +0.5 ms: serverTime is truncated to the ms
  CHECK(ts.uncertainty_ns() == 10 * kMs);
  CHECK_FALSE(ts.needs_resync(kT0 + 20 * kMs));
  // A request created at local T0+1s: server ≈ T0+1s+250.5ms, minus 10 ms of uncertainty.
  CHECK(ts.venue_time_ms(kT0 + kSec) == (kT0 + kSec + 240 * kMs + kMs / 2) / kMs);
}

TEST_CASE("the sample with the smallest RTT wins") {
  TimeSync ts;
  const std::int64_t true_offset = -1'500 * kMs;  // local clock 1.5 s ahead of the server
  auto sample = [&](std::int64_t send, std::int64_t rtt, std::int64_t server_delay) {
    // The server stamps `server_delay` after send (asymmetric paths add error).
    const EpochMs server_ms = (send + server_delay + true_offset) / kMs;
    return ts.on_time_sample(send, send + rtt, server_ms);
  };
  REQUIRE(sample(kT0, 80 * kMs, 70 * kMs) == TimeSample::Accepted);   // skewed, slow
  REQUIRE(sample(kT0 + kSec, 4 * kMs, 2 * kMs) == TimeSample::Accepted);  // fast, symmetric
  REQUIRE(sample(kT0 + 2 * kSec, 60 * kMs, 5 * kMs) == TimeSample::Accepted);
  CHECK(ts.best_rtt_ns() == 4 * kMs);
  CHECK(ts.offset_ns() == true_offset + kMs / 2);
  // The bias keeps us safely behind the server: never ahead by more than the 1 s limit.
  const std::int64_t local_now = kT0 + 3 * kSec;
  const EpochMs server_now = (local_now + true_offset) / kMs;
  CHECK(ts.venue_time_ms(local_now) <= server_now + 1);
  CHECK(ts.venue_time_ms(local_now) >= server_now - 3);
}

TEST_CASE("-1021 forces a resync and discards the old window") {
  TimeSync ts;
  REQUIRE(ts.on_time_sample(kT0, kT0 + 2 * kMs, kT0 / kMs) == TimeSample::Accepted);
  CHECK_FALSE(ts.needs_resync(kT0 + kSec));
  ts.on_venue_error(-2022);  // unrelated code: nothing changes
  CHECK_FALSE(ts.needs_resync(kT0 + kSec));
  ts.on_venue_error(TimeSync::kInvalidTimestamp);
  CHECK(ts.needs_resync(kT0 + kSec));
  CHECK(ts.has_estimate());  // the old estimate stays readable meanwhile
  // The clock jumped by +3 s: the new, slower sample must replace the old fast one.
  REQUIRE(ts.on_time_sample(kT0 + 2 * kSec, kT0 + 2 * kSec + 30 * kMs,
                            (kT0 + 2 * kSec + 15 * kMs + 3 * kSec) / kMs) == TimeSample::Accepted);
  CHECK_FALSE(ts.needs_resync(kT0 + 3 * kSec));
  CHECK(ts.best_rtt_ns() == 30 * kMs);
  CHECK(ts.offset_ns() == 3 * kSec + kMs / 2);
}

TEST_CASE("stale estimates and bad samples") {
  TimeSyncConfig cfg;
  cfg.max_rtt_ns = 500 * kMs;
  cfg.resync_interval_ns = 60 * kSec;
  TimeSync ts(cfg);
  CHECK(ts.on_time_sample(kT0, kT0 - 1, kT0 / kMs) == TimeSample::InvalidOrder);
  CHECK(ts.on_time_sample(kT0, kT0 + kMs, 0) == TimeSample::InvalidOrder);
  CHECK(ts.on_time_sample(kT0, kT0 + 600 * kMs, kT0 / kMs) == TimeSample::TooSlow);
  CHECK_FALSE(ts.has_estimate());
  REQUIRE(ts.on_time_sample(kT0, kT0 + kMs, kT0 / kMs) == TimeSample::Accepted);
  CHECK_FALSE(ts.needs_resync(kT0 + 59 * kSec));
  CHECK(ts.needs_resync(kT0 + 61 * kSec));  // older than resync_interval_ns
  for (int i = 0; i < 20; ++i) {            // more samples than the window: ring wraps
    REQUIRE(ts.on_time_sample(kT0 + i * kSec, kT0 + i * kSec + (20 - i) * kMs, (kT0 + i * kSec) / kMs) ==
            TimeSample::Accepted);
  }
  CHECK(ts.best_rtt_ns() == kMs);  // the newest sample (i = 19) has the smallest RTT
}

}  // TEST_SUITE
