// ring_harness.hpp — the two measurements of the ring benchmark, written once for every
// queue adapter (ring_adapters.hpp):
//
//   * throughput: a producer thread pushes N events, a consumer thread pops and verifies
//     them (sequence and payload); time from the producer's first push to the consumer's
//     last pop, both read from CLOCK_MONOTONIC (coherent across cores);
//   * round trip: an initiator pushes one event into queue "there", an echo thread pops it
//     and pushes it into queue "back", the initiator pops the echo; one event in flight,
//     each round trip timed with the TSC (core/clock.hpp) and recorded in a Histogram;
//   * floors: the same round trip over one bare cache line (one atomic bounced between the
//     two cores) and over two lines (one per direction: the least any two-queue design moves).
//
// Threads are created per run and pinned (pthread_setaffinity_np through
// core/affinity.hpp) before a start gate; all waiting is a busy spin without `pause`, the
// same for every queue. Cold-path code: std::thread and std::string are fine here.
#pragma once
#include <atomic>
#include <cstdint>
#include <string>
#include <thread>

#include "core/affinity.hpp"
#include "core/cacheline.hpp"
#include "core/clock.hpp"
#include "ring_adapters.hpp"
#include "telemetry/histogram.hpp"

namespace xtb::bench {

/// Where the two threads run: `a` is the producer / initiator, `b` the consumer / echo.
struct Placement {
  int cpu_a = 0;
  int cpu_b = 1;
};

/// Workload sizes (see bench_rings.cpp for defaults and flags).
struct Sizes {
  std::size_t capacity = 4096;          // slots per queue
  std::size_t batch = 64;               // producer batch for the batch mode
  std::uint64_t events = 4'000'000;     // events per throughput run
  std::uint64_t round_trips = 200'000;  // timed round trips per run
  std::uint64_t warmup_round_trips = 20'000;
};

/// Outcome of one run. `error` is empty on success.
struct RunResult {
  double seconds = 0;         // measured interval (throughput: whole transfer; RTT: sum)
  std::uint64_t errors = 0;   // events that arrived out of order or corrupted
  std::string error;
};

/// Runs `fa` on a thread pinned to p.cpu_a and `fb` on one pinned to p.cpu_b; both start
/// their work only after both are pinned. Returns a pinning error text, or "" on success.
template <class FnA, class FnB>
std::string run_pinned_pair(const Placement& p, FnA&& fa, FnB&& fb) {
  std::atomic<int> ready{0};
  std::string err_a, err_b;
  auto gate = [&ready] {
    ready.fetch_add(1, std::memory_order_acq_rel);
    while (ready.load(std::memory_order_acquire) < 2) cpu_relax();
  };
  std::thread tb([&] {
    if (auto e = pin_current_thread(p.cpu_b)) err_b = e.message;
    gate();
    fb();
  });
  std::thread ta([&] {
    if (auto e = pin_current_thread(p.cpu_a)) err_a = e.message;
    gate();
    fa();
  });
  ta.join();
  tb.join();
  return err_a.empty() ? err_b : err_a;
}

/// One throughput run of `kBatch` (batch claim/publish + drain) or single-event mode.
template <class Q, bool kBatch>
RunResult run_throughput(const Placement& p, const Sizes& s) {
  static_assert(!kBatch || Q::kHasBatch, "queue has no batch API");
  Q q(s.capacity);
  const std::uint64_t n = s.events;
  std::int64_t t_start = 0, t_end = 0;
  std::uint64_t bad = 0;
  RunResult r;
  r.error = run_pinned_pair(
      p,
      [&] {  // producer
        t_start = Clock::monotonic_ns();
        std::uint64_t seq = 0;
        while (seq < n) {
          if constexpr (kBatch) {
            const std::uint64_t want = n - seq < s.batch ? n - seq : s.batch;
            seq += q.push_batch(seq, static_cast<std::size_t>(want));
          } else {
            seq += q.push(seq) ? 1 : 0;
          }
        }
      },
      [&] {  // consumer: verifies order and payload of every event
        std::uint64_t expect = 0, wrong = 0;
        auto check = [&expect, &wrong](const Ev64& e) {
          wrong += static_cast<std::uint64_t>((e.seq != expect) | (e.body[6] != expect + 6));
          ++expect;
        };
        while (expect < n) {
          if constexpr (kBatch) q.pop_all(check);
          else q.pop(check);
        }
        t_end = Clock::monotonic_ns();
        bad = wrong;
      });
  r.seconds = static_cast<double>(t_end - t_start) * 1e-9;
  r.errors = bad;
  return r;
}

/// One ping-pong run over two queues; round trips after the warm-up go into `hist` (ns).
/// `kDrain`: both sides receive with pop_all() (xtb: consume()) instead of pop().
template <class Q, bool kDrain>
RunResult run_round_trips(const Placement& p, const Sizes& s, Histogram& hist) {
  Q there(s.capacity), back(s.capacity);
  const std::uint64_t total = s.warmup_round_trips + s.round_trips;
  std::int64_t sum_ns = 0;
  std::uint64_t bad = 0;
  RunResult r;
  r.error = run_pinned_pair(
      p,
      [&] {  // initiator
        std::uint64_t got = 0;
        auto on_reply = [&got](const Ev64& e) { got = e.seq; };
        for (std::uint64_t i = 0; i < total; ++i) {
          const TscTicks t0 = Clock::now();
          while (!there.push(i)) {
          }
          if constexpr (kDrain) {
            while (back.pop_all(on_reply) == 0) {
            }
          } else {
            while (!back.pop(on_reply)) {
            }
          }
          const TscTicks t1 = Clock::now();
          bad += got != i;
          if (i >= s.warmup_round_trips) {
            const std::int64_t ns = Clock::to_ns(t1 - t0);
            hist.record(static_cast<std::uint64_t>(ns));
            sum_ns += ns;
          }
        }
      },
      [&] {  // echo
        std::uint64_t seq = 0;
        auto on_event = [&seq](const Ev64& e) { seq = e.seq; };
        for (std::uint64_t i = 0; i < total; ++i) {
          if constexpr (kDrain) {
            while (there.pop_all(on_event) == 0) {
            }
          } else {
            while (!there.pop(on_event)) {
            }
          }
          while (!back.push(seq)) {
          }
        }
      });
  r.seconds = static_cast<double>(sum_ns) * 1e-9;
  r.errors = bad;
  return r;
}

/// Round trip over bare cache lines: `kLines` == 1 bounces one atomic (odd: ping, even:
/// pong); `kLines` == 2 uses one line per direction, like two queues with no overhead.
template <int kLines>
RunResult run_line_floor(const Placement& p, const Sizes& s, Histogram& hist) {
  struct alignas(kFalseSharingRange) Line {
    std::atomic<std::uint64_t> v{0};
  };
  Line ping, pong;
  Line& reply = kLines == 1 ? ping : pong;
  const std::uint64_t total = s.warmup_round_trips + s.round_trips;
  std::int64_t sum_ns = 0;
  RunResult r;
  r.error = run_pinned_pair(
      p,
      [&] {
        for (std::uint64_t i = 0; i < total; ++i) {
          const std::uint64_t sent = kLines == 1 ? 2 * i + 1 : i + 1;
          const std::uint64_t want = kLines == 1 ? 2 * i + 2 : i + 1;
          const TscTicks t0 = Clock::now();
          ping.v.store(sent, std::memory_order_release);
          while (reply.v.load(std::memory_order_acquire) != want) {
          }
          const TscTicks t1 = Clock::now();
          if (i >= s.warmup_round_trips) {
            const std::int64_t ns = Clock::to_ns(t1 - t0);
            hist.record(static_cast<std::uint64_t>(ns));
            sum_ns += ns;
          }
        }
      },
      [&] {
        for (std::uint64_t i = 0; i < total; ++i) {
          const std::uint64_t wait_for = kLines == 1 ? 2 * i + 1 : i + 1;
          const std::uint64_t answer = kLines == 1 ? 2 * i + 2 : i + 1;
          while (ping.v.load(std::memory_order_acquire) != wait_for) {
          }
          reply.v.store(answer, std::memory_order_release);
        }
      });
  r.seconds = static_cast<double>(sum_ns) * 1e-9;
  return r;
}

}  // namespace xtb::bench
