// Two-thread stress of SpscRing: ordering and no loss across wrap-around with random
// batch sizes on both sides. XTB_RING_EVENTS overrides the event count (the TSan run
// uses fewer; the default is the 50 M).
#include <doctest/doctest.h>

#include <cstdint>
#include <cstdlib>
#include <thread>

#include "core/doorbell.hpp"
#include "core/spsc_ring.hpp"
#include "core/wait_strategy.hpp"

namespace {

std::uint64_t event_count(std::uint64_t dflt) {
  if (const char* e = std::getenv("XTB_RING_EVENTS")) return std::strtoull(e, nullptr, 10);
  return dflt;
}

struct Payload {
  std::uint64_t value;
  std::uint64_t check;  // value * golden ratio: detects torn/stale slots
  std::uint8_t pad[48];
};
static_assert(sizeof(Payload) == 64);

constexpr std::uint64_t kGolden = 0x9E3779B97F4A7C15ull;

// xorshift: cheap per-thread randomness for batch sizes.
std::uint32_t next_rand(std::uint32_t& s) { s ^= s << 13; s ^= s >> 17; s ^= s << 5; return s; }

void run_stress(std::size_t capacity, std::uint64_t total, std::size_t max_batch, xtb::WaitMode mode) {
  xtb::SpscRing<Payload> ring(capacity);
  xtb::Doorbell bell;
  if (mode == xtb::WaitMode::Blocking) ring.attach_doorbell(&bell);
  std::thread producer([&] {
    std::uint32_t rnd = 12345;
    std::uint64_t v = 0;
    unsigned spins = 0;
    while (v < total) {
      std::size_t want = 1 + next_rand(rnd) % max_batch;
      if (want > total - v) want = static_cast<std::size_t>(total - v);
      const std::size_t got = ring.try_claim_batch(want);
      if (got == 0) {  // full: spin a little, then yield (CI has 2 shared cores)
        if (++spins > 64) { std::this_thread::yield(); spins = 0; } else { xtb::cpu_relax(); }
        continue;
      }
      for (std::size_t i = 0; i < got; ++i) { auto& p = ring.claimed(i); p.value = v; p.check = v * kGolden; ++v; }
      ring.publish(got);
    }
  });
  std::uint64_t expected = 0, errors = 0, batches = 0;
  std::uint32_t rnd = 777;
  xtb::WaitStrategy wait(mode, &bell);
  while (expected < total) {
    auto handler = [&](Payload& p, std::uint64_t seq, bool) {
      errors += (p.value != expected) | (seq != expected) | (p.check != expected * kGolden);
      ++expected;
    };
    const std::size_t n = ring.consume(handler, 1 + next_rand(rnd) % max_batch);
    batches += n != 0;
    wait.idle(n, [&] { return ring.consume(handler, 1 + next_rand(rnd) % max_batch); });
  }
  producer.join();
  CHECK(errors == 0);
  CHECK(expected == total);
  CHECK(batches > 0);
  CHECK(ring.front() == nullptr);
}

}  // namespace

TEST_CASE("two threads, 50M events, batches 1..64, small ring (constant wrap-around)") {
  run_stress(1024, event_count(50'000'000), 64, xtb::WaitMode::Yield);
}

TEST_CASE("two threads, tiny ring of 2 slots, single-event batches") {
  run_stress(2, event_count(50'000'000) / 50, 1, xtb::WaitMode::Yield);
}

TEST_CASE("blocking wait with doorbell loses no wake-up") {
  run_stress(64, event_count(50'000'000) / 25, 16, xtb::WaitMode::Blocking);
}
