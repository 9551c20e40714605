// frame_publisher.hpp — the producer side of a RawFrame ring (R1 for ingest, R4 for
// egress) as used by the live I/O stages: claim a slot, copy one complete message into it
// (inline, or through the ring's LargeFramePool), stamp it and publish it at once.
//
// Back-pressure, never loss: a message arrives inside a transport callback and its bytes
// are valid only during that call, so when the ring is full (or the pool has no free
// slot) the producer waits — spinning with `pause`, yielding the CPU after kSpinsBeforeYield
// rounds — until decode frees room. Meanwhile the socket is not read, the kernel's
// receive buffer fills and TCP flow control pushes back on the venue. The wait ends early
// only when `abandon` is set (shutdown): the message is then dropped and counted.
// A stage that shares its thread with the decode stage (layouts compact and split,
// core/stage_group_runner.hpp) would wait for itself: every wait round therefore first
// runs the thread's ProducerAssist (core/producer_assist.hpp), which polls the thread's
// other stages — decode among them frees the room — and then spins or yields as usual
// (the yield matters in split, where decode may itself wait for the other thread). On a
// thread of its own there is no assist and the wait is the plain spin / yield.
//
// Messages longer than a pool slot cannot be stored: dropped, counted (too_large).
//
// Threads: the ring's producer thread only; stats readable from any thread after it
// stopped (plain counters). No allocation.
#pragma once
#include <sched.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "core/cacheline.hpp"
#include "core/clock.hpp"
#include "core/event.hpp"
#include "core/frame_pool.hpp"
#include "core/producer_assist.hpp"
#include "core/raw_frame.hpp"
#include "core/spsc_ring.hpp"

namespace xtb::live {

struct PublisherStats {
  std::uint64_t frames = 0;       ///< frames published (all kinds)
  std::uint64_t large = 0;        ///< frames whose payload went to the pool
  std::uint64_t too_large = 0;    ///< messages longer than a pool slot: dropped
  std::uint64_t abandoned = 0;    ///< dropped because the stage was stopping while full
  std::uint64_t ring_waits = 0;   ///< times the ring was full when a frame was ready
  std::uint64_t pool_waits = 0;   ///< times the pool was empty when a large frame was ready
};

class FramePublisher {
 public:
  static constexpr std::uint32_t kSpinsBeforeYield = 1024;

  FramePublisher(SpscRing<RawFrame>& ring, LargeFramePool& pool, const std::atomic<bool>& abandon) noexcept
      : ring_(ring), pool_(pool), abandon_(abandon) {}

  /// A slot to fill (waits while the ring is full); nullptr when abandoned.
  RawFrame* claim() noexcept {
    RawFrame* f = ring_.try_claim();
    if (f != nullptr) return f;
    ++stats_.ring_waits;
    for (std::uint32_t spins = 0; (f = ring_.try_claim()) == nullptr; ++spins) {
      if (abandon_.load(std::memory_order_relaxed)) { ++stats_.abandoned; return nullptr; }
      relax(spins);
    }
    return f;
  }

  /// Copies `len` bytes into the claimed frame `f` (waits for a pool slot when needed).
  /// False when the message is too large or the wait was abandoned; `f` then stays
  /// unpublished and may be reused.
  bool store(RawFrame& f, const void* data, std::size_t len) noexcept {
    for (std::uint32_t spins = 0;; ++spins) {
      switch (store_frame_payload(f, data, len, pool_)) {
        case FrameStore::Inline: return true;
        case FrameStore::Large: ++stats_.large; return true;
        case FrameStore::TooLarge: ++stats_.too_large; return false;
        case FrameStore::PoolExhausted: break;
      }
      if (spins == 0) ++stats_.pool_waits;
      if (abandon_.load(std::memory_order_relaxed)) { ++stats_.abandoned; return false; }
      relax(spins);
    }
  }

  /// Publishes the frame returned by the last claim().
  void publish() noexcept {
    ring_.publish(1);
    ++stats_.frames;
  }

  /// One complete WebSocket message → frame of `kind`, rx_tsc = `rx_tsc`.
  bool publish_message(std::uint16_t conn, FrameKind kind, const std::uint8_t* data, std::size_t len,
                       TscTicks rx_tsc) noexcept {
    RawFrame* f = claim();
    if (f == nullptr || !store(*f, data, len)) return false;
    f->conn_id = conn;
    f->kind = kind;
    f->flags = 0;
    f->rx_tsc = rx_tsc;
    f->capture_ns = Clock::wall_ns();
    publish();
    return true;
  }

  /// A connection state change → ConnState frame (no payload).
  bool publish_conn_state(std::uint16_t conn, ConnStatus status, std::int32_t reason) noexcept {
    RawFrame* f = claim();
    if (f == nullptr) return false;
    f->conn_id = conn;
    f->kind = FrameKind::ConnState;
    f->flags = 0;
    f->len = 0;
    f->large_handle = RawFrame::kNoLarge;
    f->rx_tsc = Clock::now();
    f->capture_ns = Clock::wall_ns();
    std::memset(&f->conn, 0, sizeof f->conn);
    f->conn.status = static_cast<std::uint8_t>(status);
    f->conn.reason = reason;
    std::memset(f->bytes, 0, RawFrame::kPadding);
    publish();
    return true;
  }

  const PublisherStats& stats() const noexcept { return stats_; }

 private:
  static void relax(std::uint32_t spins) noexcept {
    run_producer_assist();  // compact / split: this thread's other stages may free the room
    if (spins < kSpinsBeforeYield) cpu_relax();
    else sched_yield();
  }

  SpscRing<RawFrame>& ring_;
  LargeFramePool& pool_;
  const std::atomic<bool>& abandon_;
  PublisherStats stats_{};
};

}  // namespace xtb::live
