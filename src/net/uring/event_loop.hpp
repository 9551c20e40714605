// event_loop.hpp — the transport event loop: TCP connect / accept / recv / send and
// timers for every socket owned by ONE thread (design.md §1: each socket has exactly one
// owner thread; ingest owns market/user streams, egress owns order-entry sockets).
//
// Two backends behind this one interface, chosen at start (LoopConfig::backend):
//   * io_uring (uring_loop.cpp): multishot recv into a registered provided-buffer ring,
//     SEND / CONNECT (+ LINK_TIMEOUT) / ACCEPT / TIMEOUT ops, all SQEs of one poll()
//     submitted in one io_uring_enter. Set up with SINGLE_ISSUER | DEFER_TASKRUN when
//     the kernel has it (6.1+): completions are then produced only when the owner asks
//     (io_uring_get_events), which is what makes a spinning owner as fast as a spinning
//     recv() (issue 3 measured the default completion path at ~3.5x).
//   * epoll (epoll_loop.cpp): level-triggered epoll + non-blocking recv/send, for kernels
//     without io_uring (< 5.19 for buffer rings, or io_uring disabled by sysctl/seccomp).
//     Selected automatically when io_uring cannot be set up, and forcible for tests.
//
// Threading: create() must run on the owner thread (SINGLE_ISSUER binds the ring to the
// creating task) and every member must be called from that thread; handlers are invoked
// from poll() on it. Nothing here is thread-safe, by design.
//
// Memory: all buffers (provided rx buffers, one tx buffer per connection slot, slot and
// timer tables) are allocated in create(). connect/send/recv/timer calls never allocate.
//
// Errors: hot-path calls return false / empty spans / kInvalidConn and never throw; socket
// errors reach the handler as positive errno values (ECONNREFUSED, ETIMEDOUT, ...).
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "net/uring/socket_util.hpp"
#include "net/uring/tx_buffer.hpp"

namespace xtb::net {

/// Connection handle: slot index (low 16 bits) + slot generation (high 16 bits), so a
/// handle kept after close() never addresses the slot's next occupant.
using ConnId = std::uint32_t;
inline constexpr ConnId kInvalidConn = 0xFFFF'FFFFu;
/// Timer handle: index into the loop's timer table (timers are never freed).
using TimerId = std::uint32_t;
inline constexpr TimerId kInvalidTimer = 0xFFFF'FFFFu;

enum class Backend : std::uint8_t { Auto, Uring, Epoll };
/// BusySpin: poll() never sleeps (the pinned runner spins on it). Blocking: poll() may
/// sleep up to its max_wait_ns (2-core dev/CI machines).
enum class WaitMode : std::uint8_t { BusySpin, Blocking };

const char* to_string(Backend b) noexcept;

struct LoopConfig {
  Backend backend = Backend::Auto;
  WaitMode wait_mode = WaitMode::Blocking;
  std::uint32_t max_conns = 64;          ///< connection + listener slots
  std::uint32_t max_timers = 64;
  std::uint32_t sq_entries = 256;        ///< io_uring submission queue size
  std::uint32_t rx_buf_count = 256;      ///< provided receive buffers (power of two)
  std::uint32_t rx_buf_size = 16 * 1024; ///< bytes per receive buffer (one TLS record)
  std::uint32_t tx_buf_size = 256 * 1024;///< outbound queue per connection slot, bytes
  /// Try IORING_SETUP_SINGLE_ISSUER | DEFER_TASKRUN first (false = exercise the plain
  /// setup path, for tests and the benchmark's comparison row).
  bool try_defer_taskrun = true;
};

/// What the start-up probe found; logged once by create().
struct LoopFeatures {
  Backend backend = Backend::Epoll;
  bool defer_taskrun = false;     ///< SINGLE_ISSUER | DEFER_TASKRUN accepted (6.1+)
  bool coop_taskrun = false;      ///< COOP_TASKRUN | TASKRUN_FLAG accepted (5.19+)
  bool registered_ring_fd = false;///< io_uring_register_ring_fd (5.18+)
  bool buf_ring = false;          ///< io_uring_register_buf_ring (5.19+)
  bool multishot_recv = false;    ///< 6.0+; cleared at run time if the kernel says EINVAL
  bool multishot_accept = false;  ///< 5.19+; same run-time fallback
  std::uint32_t ring_features = 0;///< io_uring_params::features
  char kernel[65] = {};           ///< uname -r (utsname::release size)
};

/// Counters, owner thread; read them from the owner or after the loop stopped.
struct LoopStats {
  std::uint64_t polls = 0;
  std::uint64_t completions = 0;    ///< CQEs (uring) or epoll events handled
  std::uint64_t rx_bytes = 0;
  std::uint64_t tx_bytes = 0;
  std::uint64_t sends = 0;          ///< send operations issued
  std::uint64_t recv_rearms = 0;    ///< multishot recv re-armed (buffer shortage, EINVAL)
  std::uint64_t rx_no_buffers = 0;  ///< ENOBUFS: all provided buffers were in use
  std::uint64_t stale = 0;          ///< completions for already-closed connections
  std::uint64_t tx_full = 0;        ///< tx_reserve() found no room
};

/// Callbacks for one connection or listener; invoked from poll() on the owner thread.
/// A handler may call any loop member (send, close, connect) from inside a callback.
class ConnHandler {
 public:
  /// Outcome of connect(): err 0 = connected, else positive errno (ETIMEDOUT when the
  /// connect timeout fired). After a failure the ConnId is already dead.
  virtual void on_connect(ConnId id, int err) noexcept = 0;
  /// Bytes received. The span is valid only during the call (it is a provided buffer
  /// returned to the kernel right after).
  virtual void on_data(ConnId id, const std::uint8_t* data, std::size_t len) noexcept = 0;
  /// The connection ended without our close(): err 0 = orderly EOF from the peer, else
  /// positive errno (ECONNRESET, EPIPE, ENOBUFS on tx overflow...). The ConnId is dead.
  virtual void on_close(ConnId id, int err) noexcept = 0;
  /// Queued bytes were sent after a tx_reserve() had failed: room is available again.
  virtual void on_tx_space(ConnId /*id*/) noexcept {}
  /// A listener accepted `fd` (already non-blocking, TCP_NODELAY). The handler owns it:
  /// adopt() it into a loop or close it.
  virtual void on_accept(ConnId /*listener*/, int fd) noexcept;

 protected:
  ~ConnHandler() = default;
};

class TimerHandler {
 public:
  virtual void on_timer(TimerId id) noexcept = 0;

 protected:
  ~TimerHandler() = default;
};

class EventLoop {
 public:
  /// Builds the loop on the calling (owner) thread. Backend::Auto tries io_uring and
  /// falls back to epoll, logging why. Returns nullptr (with `error` set) when the
  /// requested backend cannot start. Cold path.
  static std::unique_ptr<EventLoop> create(const LoopConfig& cfg, std::string* error = nullptr);
  virtual ~EventLoop();
  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;

  const LoopFeatures& features() const noexcept { return features_; }
  const LoopStats& stats() const noexcept { return stats_; }
  const LoopConfig& config() const noexcept { return cfg_; }

  // ---- connections -------------------------------------------------------------------
  /// Starts a non-blocking TCP connect; the result arrives in h.on_connect. `timeout_ns`
  /// <= 0 means the kernel's own SYN timeout. Returns kInvalidConn when no slot is free
  /// or socket() fails (last_error() has the errno).
  ConnId connect(const Endpoint& peer, ConnHandler& h, std::int64_t timeout_ns) noexcept;
  /// Takes ownership of a connected socket (e.g. from on_accept) and starts receiving.
  ConnId adopt(int fd, ConnHandler& h) noexcept;
  /// Takes ownership of a listening socket (make_listen_socket); accepts go to h.on_accept.
  ConnId listen(int listen_fd, ConnHandler& h) noexcept;
  /// Closes the socket now; queued tx bytes are dropped, no further callbacks for `id`.
  void close(ConnId id) noexcept;
  /// Closes once the queued tx bytes are sent (a TLS alert / close_notify, a WebSocket
  /// close frame), or after `linger_ns` at the latest. No further callbacks for `id`;
  /// the handle is dead for the caller at once (the slot stays busy until then).
  void close_after_send(ConnId id, std::int64_t linger_ns = 1'000'000'000) noexcept;
  bool is_open(ConnId id) const noexcept;
  /// errno of the last failed connect/adopt/listen call (positive), for logging.
  int last_error() const noexcept { return last_error_; }

  // ---- sending (bytes are queued, then sent by flush() or at the end of poll()) -------
  /// Writable span at the end of `id`'s tx queue with >= min_bytes, or empty (no room:
  /// h.on_tx_space follows once a send completes; or `id` is not open).
  std::span<std::uint8_t> tx_reserve(ConnId id, std::size_t min_bytes) noexcept;
  /// Queues `n` bytes written into the last tx_reserve() span.
  void tx_commit(ConnId id, std::size_t n) noexcept;
  /// Copies `len` bytes into the tx queue; false when there is no room or `id` is dead.
  bool send(ConnId id, const void* data, std::size_t len) noexcept;
  /// Bytes queued on `id` and not yet acknowledged by the kernel (0 if dead).
  std::uint32_t tx_queued(ConnId id) const noexcept;
  /// Hands every queued send to the kernel now (one io_uring_enter for all). poll()
  /// does this itself before it waits and after it dispatched completions.
  void flush() noexcept;

  // ---- timers (CLOCK_MONOTONIC nanoseconds, see Clock::monotonic_ns) -------------------
  /// Registers a timer slot bound to `h` (reusing a released one). Cold path;
  /// kInvalidTimer when all max_timers slots are taken.
  TimerId add_timer(TimerHandler& h) noexcept;
  /// Cancels `id` and frees its slot for add_timer(); `id` must not be used afterwards.
  void release_timer(TimerId id) noexcept;
  /// (Re)arms `id` to fire once at `deadline_ns`; re-arming replaces the old deadline.
  void arm_timer(TimerId id, std::int64_t deadline_ns) noexcept;
  void cancel_timer(TimerId id) noexcept;

  /// Runs one iteration: submit queued work, collect completions, dispatch handlers,
  /// submit what they queued. Sleeps up to `max_wait_ns` in Blocking mode when idle
  /// (0 = never sleep); BusySpin mode never sleeps. Returns the number of completions.
  int poll(std::int64_t max_wait_ns) noexcept;

 protected:
  enum class SlotState : std::uint8_t { Free, Connecting, Open, Listening };
  struct Slot {
    int fd = -1;
    std::uint16_t gen = 0;
    SlotState state = SlotState::Free;
    bool dirty = false;         ///< listed in dirty_ (has unsent bytes to flush)
    bool want_space = false;    ///< a tx_reserve failed: call on_tx_space after a send
    bool recv_armed = false;    ///< uring: a (multishot) recv is outstanding
    bool lingering = false;     ///< close_after_send(): close when tx drains / at deadline
    ConnHandler* handler = nullptr;
    TxBuffer tx;
    Endpoint peer;              ///< connect target; io_uring reads it asynchronously
    std::int64_t connect_deadline_ns = 0;  ///< epoll: 0 = none
    std::int64_t linger_deadline_ns = 0;   ///< lingering: force close at this time
  };
  struct TimerSlot {
    TimerHandler* handler = nullptr;  ///< nullptr = free slot
    std::int64_t deadline_ns = 0;
    std::uint32_t gen = 0;      ///< bumped by every arm/cancel; stale firings are ignored
    bool armed = false;
  };

  explicit EventLoop(const LoopConfig& cfg);
  /// Allocates slot/timer tables and tx storage. Cold path; false on allocation failure.
  bool init_tables();

  static std::uint32_t index_of(ConnId id) noexcept { return id & 0xFFFFu; }
  ConnId id_of(std::uint32_t index) const noexcept {
    return (static_cast<ConnId>(slots_[index].gen) << 16) | index;
  }
  /// Slot addressed by a live `id`, or nullptr when the id is stale/invalid.
  Slot* lookup(ConnId id) noexcept;
  const Slot* lookup(ConnId id) const noexcept;
  /// Index of a free slot or -1.
  std::int64_t find_free_slot() const noexcept;
  /// Releases the slot (fd already closed by the backend) and invalidates its ids.
  void release(Slot& s) noexcept;
  /// Backend reports: socket failed or peer closed. Closes, releases, calls on_close.
  void fail(ConnId id, int err) noexcept;
  /// Backend reports: connect finished (err 0 ok / positive errno).
  void finish_connect(ConnId id, int err) noexcept;
  /// Backend reports: `sent` bytes of the in-flight span were accepted by the kernel.
  void finish_send(ConnId id, std::uint32_t sent) noexcept;
  /// Backend reports: timer slot `index` fired for arm generation `gen`.
  void fire_timer(std::uint32_t index, std::uint32_t gen) noexcept;
  /// Prepares a send for every dirty slot (backend_send), clearing the dirty list.
  void drain_dirty() noexcept;
  /// Lists `id` as dirty; drops stale entries first if the list is full.
  void append_dirty(ConnId id) noexcept;
  /// Closes lingering slots whose deadline passed (only scans while any linger).
  void expire_lingering(std::int64_t now_ns) noexcept;

  // ---- backend hooks -------------------------------------------------------------------
  virtual int backend_connect(ConnId id, Slot& s, std::int64_t timeout_ns) noexcept = 0;
  virtual int backend_open(ConnId id, Slot& s) noexcept = 0;     ///< start receiving
  virtual int backend_listen(ConnId id, Slot& s) noexcept = 0;
  virtual void backend_close(ConnId id, Slot& s) noexcept = 0;   ///< cancel ops + close fd
  virtual void backend_send(ConnId id, Slot& s) noexcept = 0;    ///< tx has unsent bytes
  virtual void backend_submit() noexcept = 0;                    ///< push prepared ops
  virtual void backend_arm_timer(std::uint32_t index, TimerSlot& t) noexcept = 0;
  virtual void backend_cancel_timer(std::uint32_t index, TimerSlot& t) noexcept = 0;
  virtual int backend_poll(std::int64_t max_wait_ns) noexcept = 0;

  LoopConfig cfg_;
  LoopFeatures features_;
  LoopStats stats_;
  std::vector<Slot> slots_;
  std::vector<TimerSlot> timers_;
  /// Connections with unsent bytes, in commit order; [dirty_head_, dirty_count_) is still
  /// to be flushed. Entries may be appended while drain_dirty() runs (a send completion
  /// inside it lets a handler write more), hence the head index instead of a for loop.
  std::vector<ConnId> dirty_;       ///< sized max_conns once (see append_dirty)
  std::uint32_t dirty_head_ = 0;
  std::uint32_t dirty_count_ = 0;
  std::uint32_t lingering_ = 0;     ///< slots in close_after_send()
  std::unique_ptr<std::uint8_t[]> tx_storage_;
  std::uint32_t timer_count_ = 0;   ///< high-water mark of used timer slots
  int last_error_ = 0;
};

}  // namespace xtb::net
