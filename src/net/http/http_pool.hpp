// http_pool.hpp — HttpConnectionPool: keep-alive bookkeeping for the connections to ONE
// host (e.g. fapi.binance.com:443), independent of the transport that owns the sockets.
//
// The pool only tracks slot states and deadlines; the owner (egress thread) maps a slot
// index to its transport connection + HttpClientConnection, opens/closes sockets, and
// tells the pool what happened. Time is the caller's ns. Nothing allocates after
// construction; all operations are O(slots) with slots ≤ kMaxSlots (tiny: Binance order
// entry needs a handful of connections).
//
// Slot life cycle:  Free ─acquire()→ Connecting ─on_connected()→ Busy ─release(keep)→ Idle
//                   Idle ─acquire()→ Busy;  any ─on_closed()→ Free
// acquire() prefers the most recently used Idle slot (LIFO): its TCP/TLS state is the
// warmest and older idle connections are the ones a server will time out first.
// expire() reports slots to close: Busy past the request deadline (outcome unknown: the
// caller must reconcile), Connecting past the connect deadline, and Idle longer than
// idle_timeout_ns (close before the server's own keep-alive timeout races a new request).
//
// Threads: owner thread only.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>

namespace xtb::net {

struct HttpPoolConfig {
  std::uint32_t max_connections = 4;               ///< ≤ HttpConnectionPool::kMaxSlots
  std::int64_t connect_timeout_ns = 5'000'000'000;  ///< TCP + TLS handshake
  std::int64_t request_timeout_ns = 10'000'000'000; ///< Busy slot: submit → response
  std::int64_t idle_timeout_ns = 50'000'000'000;    ///< keep an idle connection at most this long
};

class HttpConnectionPool {
 public:
  static constexpr std::uint32_t kMaxSlots = 32;
  enum class SlotState : std::uint8_t { Free, Connecting, Busy, Idle };

  enum class AcquireKind : std::uint8_t {
    Reuse,      ///< slot is an idle open connection, now Busy: send on it
    Connect,    ///< slot is now Connecting: open a connection, then on_connected()
    Exhausted,  ///< every slot is Busy/Connecting: queue or reject the request
  };
  struct Acquired {
    AcquireKind kind;
    std::uint32_t slot;
  };
  enum class ExpireReason : std::uint8_t { ConnectTimeout, RequestTimeout, IdleTimeout };
  struct Expired {
    std::uint32_t slot;
    ExpireReason reason;
  };
  struct Stats {
    std::uint64_t reused = 0;          ///< acquire() answered Reuse
    std::uint64_t opened = 0;          ///< on_connected()
    std::uint64_t connect_failures = 0;
    std::uint64_t request_timeouts = 0;
    std::uint64_t idle_closes = 0;     ///< expired as idle
  };

  /// max_connections is clamped to [1, kMaxSlots].
  explicit HttpConnectionPool(const HttpPoolConfig& cfg) noexcept;

  /// Picks a slot for one request at `now_ns` (see AcquireKind).
  Acquired acquire(std::int64_t now_ns) noexcept;
  /// Connecting → Busy; the request deadline starts now.
  void on_connected(std::uint32_t slot, std::int64_t now_ns) noexcept;
  /// Connecting → Free (connect or TLS handshake failed).
  void on_connect_failed(std::uint32_t slot) noexcept;
  /// Busy → Idle when the response allowed keep-alive, else → Free (owner closes it).
  void release(std::uint32_t slot, bool keep_alive, std::int64_t now_ns) noexcept;
  /// Any → Free: the transport connection is gone.
  void on_closed(std::uint32_t slot) noexcept;
  /// Writes up to `cap` slots whose deadline passed into `out` and marks them Free
  /// (the owner closes their transports). Returns how many were written.
  std::size_t expire(std::int64_t now_ns, Expired* out, std::size_t cap) noexcept;

  SlotState state(std::uint32_t slot) const noexcept { return slots_[slot].state; }
  std::uint32_t count(SlotState s) const noexcept;
  std::uint32_t capacity() const noexcept { return max_; }
  const Stats& stats() const noexcept { return stats_; }

 private:
  struct Slot {
    SlotState state = SlotState::Free;
    std::int64_t since_ns = 0;     ///< when the slot entered its state
  };
  HttpPoolConfig cfg_;
  std::uint32_t max_;
  std::array<Slot, kMaxSlots> slots_{};
  Stats stats_{};
};

}  // namespace xtb::net
