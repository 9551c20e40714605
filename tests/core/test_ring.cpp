// Single-threaded semantics of SpscRing: empty/full edges, batches, wrap-around.
#include <doctest/doctest.h>

#include <cstdint>
#include <vector>

#include "core/spsc_ring.hpp"

using xtb::SpscRing;

TEST_CASE("ring rejects capacities that are not powers of two") {
  CHECK_THROWS_AS(SpscRing<int>(0), std::invalid_argument);
  CHECK_THROWS_AS(SpscRing<int>(3), std::invalid_argument);
  CHECK_THROWS_AS(SpscRing<int>(1), std::invalid_argument);
  CHECK_NOTHROW(SpscRing<int>(2));
}

TEST_CASE("empty ring: nothing to consume, front is null") {
  SpscRing<int> r(8);
  CHECK(r.front() == nullptr);
  CHECK(r.consume([](int&, std::uint64_t, bool) { FAIL("handler called on empty ring"); }) == 0);
  CHECK(r.empty_approx());
  CHECK(r.size_approx() == 0);
}

TEST_CASE("full ring refuses claims until the consumer frees a slot") {
  SpscRing<int> r(4);
  for (int i = 0; i < 4; ++i) CHECK(r.try_push(i));
  CHECK_FALSE(r.try_push(99));
  CHECK(r.try_claim() == nullptr);
  CHECK(r.try_claim_batch(3) == 0);
  CHECK(r.size_approx() == 4);
  REQUIRE(r.front() != nullptr);
  CHECK(*r.front() == 0);
  r.pop();
  CHECK(r.try_claim_batch(3) == 1);  // exactly one slot came back
  r.claimed(0) = 4;
  r.publish(1);
  std::vector<int> seen;
  r.consume([&](int& v, std::uint64_t, bool) { seen.push_back(v); });
  CHECK(seen == std::vector<int>{1, 2, 3, 4});
}

TEST_CASE("consume hands out sequences in order and flags the end of the batch") {
  SpscRing<int> r(16);
  for (int i = 0; i < 5; ++i) r.try_push(i * 10);
  std::vector<std::uint64_t> seqs;
  std::vector<bool> eob;
  const auto n = r.consume([&](int& v, std::uint64_t s, bool end) {
    CHECK(v == static_cast<int>(s) * 10);
    seqs.push_back(s);
    eob.push_back(end);
  });
  CHECK(n == 5);
  CHECK(seqs == std::vector<std::uint64_t>{0, 1, 2, 3, 4});
  CHECK(eob == std::vector<bool>{false, false, false, false, true});
}

TEST_CASE("max_batch bounds one consume call") {
  SpscRing<int> r(16);
  for (int i = 0; i < 10; ++i) r.try_push(i);
  std::vector<bool> eob;
  CHECK(r.consume([&](int&, std::uint64_t, bool e) { eob.push_back(e); }, 4) == 4);
  CHECK(eob.back());
  CHECK(r.consume([](int&, std::uint64_t, bool) {}, 100) == 6);
  CHECK(r.consume([](int&, std::uint64_t, bool) {}) == 0);
}

TEST_CASE("batch claim/publish wraps around many times without loss") {
  SpscRing<std::uint64_t> r(8);
  std::uint64_t next_in = 0, next_out = 0;
  for (int round = 0; round < 1000; ++round) {
    const std::size_t want = 1 + static_cast<std::size_t>(round % 8);
    const std::size_t got = r.try_claim_batch(want);
    for (std::size_t i = 0; i < got; ++i) r.claimed(i) = next_in++;
    r.publish(got);
    r.consume([&](std::uint64_t& v, std::uint64_t seq, bool) {
      CHECK(v == next_out);
      CHECK(seq == next_out);
      ++next_out;
    }, 1 + static_cast<std::size_t>(round % 5));
  }
  r.consume([&](std::uint64_t& v, std::uint64_t, bool) { CHECK(v == next_out++); });
  CHECK(next_in == next_out);
  CHECK(next_in > 1000);
  CHECK(r.producer_sequence() == next_in);
}

TEST_CASE("a published slot is not visible before publish") {
  SpscRing<int> r(4);
  int* s = r.try_claim();
  REQUIRE(s);
  *s = 7;
  CHECK(r.front() == nullptr);
  r.publish();
  REQUIRE(r.front());
  CHECK(*r.front() == 7);
}
