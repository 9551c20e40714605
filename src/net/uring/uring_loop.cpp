// uring_loop.cpp — the io_uring EventLoop backend (see event_loop.hpp for the contract).
//
// Operations and their user_data (64 bits): [op:8][aux:24][id:32]. For socket ops `id` is
// the ConnId (slot index + generation), so completions that arrive after close() — the
// slot may already hold a new connection — fail lookup() and are dropped (counted as
// stale); a provided buffer carried by such a completion is still recycled. For timers
// `aux` is the timer index and `id` the arm generation.
//
// Ring setup order (each step logged by EventLoop::create):
//   1. SINGLE_ISSUER | DEFER_TASKRUN (6.1+): completion work runs only inside our own
//      io_uring_enter(GETEVENTS); a spinning owner calls io_uring_submit_and_get_events
//      every poll (one syscall that also submits), with no IPIs or task-work interrupts.
//   2. COOP_TASKRUN | TASKRUN_FLAG (5.19+): kernel flags IORING_SQ_TASKRUN when it has
//      work for us; we enter only then.
//   3. plain: completions are posted asynchronously; we peek the CQ.
// Requirements (else create() falls back to epoll): RECV/SEND/CONNECT/ACCEPT/TIMEOUT/
// TIMEOUT_REMOVE/LINK_TIMEOUT/ASYNC_CANCEL opcodes and a provided-buffer ring (5.19+).
// Multishot recv (6.0) and multishot accept (5.19) are attempted and dropped to their
// single-shot forms at run time if the kernel answers EINVAL.
#include <cerrno>
#include <cstring>
#include <liburing.h>
#include <sys/socket.h>
#include <unistd.h>

#include "net/uring/backends.hpp"
#include "net/uring/buf_ring.hpp"
#include "net/uring/net_log.hpp"

namespace xtb::net::detail {
namespace {

enum Op : std::uint8_t { kConnect = 1, kLinkTimeout, kRecv, kSend, kAccept, kTimer, kIgnore };

constexpr std::uint64_t pack(Op op, std::uint32_t aux, std::uint32_t id) noexcept {
  return (static_cast<std::uint64_t>(op) << 56) | (static_cast<std::uint64_t>(aux & 0xFFFFFFu) << 32) | id;
}
constexpr Op op_of(std::uint64_t ud) noexcept { return static_cast<Op>(ud >> 56); }
constexpr std::uint32_t aux_of(std::uint64_t ud) noexcept { return static_cast<std::uint32_t>(ud >> 32) & 0xFFFFFFu; }
constexpr std::uint32_t id_of_ud(std::uint64_t ud) noexcept { return static_cast<std::uint32_t>(ud); }

__kernel_timespec to_timespec(std::int64_t ns) noexcept {
  return {static_cast<long long>(ns / 1'000'000'000), static_cast<long long>(ns % 1'000'000'000)};
}

constexpr std::uint16_t kBufGroup = 0;

class UringLoop final : public EventLoop {
 public:
  explicit UringLoop(const LoopConfig& cfg) : EventLoop(cfg) {}
  ~UringLoop() override;
  bool setup(std::string* why);

 private:
  bool init_ring(std::string* why);
  io_uring_sqe* get_sqe(unsigned need = 1) noexcept;
  int arm_recv(ConnId id, Slot& s) noexcept;
  int arm_accept(ConnId id, Slot& s) noexcept;
  void handle(const io_uring_cqe& cqe) noexcept;
  void on_recv(ConnId id, int res, unsigned flags) noexcept;
  void on_send(ConnId id, int res) noexcept;
  void on_accept_cqe(ConnId id, int res, unsigned flags) noexcept;
  int reap() noexcept;

  int backend_connect(ConnId id, Slot& s, std::int64_t timeout_ns) noexcept override;
  int backend_open(ConnId id, Slot& s) noexcept override { return arm_recv(id, s); }
  int backend_listen(ConnId id, Slot& s) noexcept override { return arm_accept(id, s); }
  void backend_close(ConnId id, Slot& s) noexcept override;
  void backend_send(ConnId id, Slot& s) noexcept override;
  void backend_submit() noexcept override {
    if (io_uring_sq_ready(&ring_) > 0) io_uring_submit(&ring_);
  }
  void backend_arm_timer(std::uint32_t index, TimerSlot& t) noexcept override;
  void backend_cancel_timer(std::uint32_t index, TimerSlot& t) noexcept override;
  int backend_poll(std::int64_t max_wait_ns) noexcept override;

  io_uring ring_{};
  bool ring_ok_ = false;
  ProvidedBufferRing bufs_;
  std::vector<__kernel_timespec> connect_ts_;  ///< per slot; read by the kernel at submit
  std::vector<__kernel_timespec> timer_ts_;    ///< per timer; same
};

UringLoop::~UringLoop() {
  for (Slot& s : slots_)
    if (s.fd >= 0) ::close(s.fd);
  bufs_.destroy();
  if (ring_ok_) io_uring_queue_exit(&ring_);
}

bool UringLoop::init_ring(std::string* why) {
  io_uring_params p{};
  int rc = -EINVAL;
  if (cfg_.try_defer_taskrun) {
    p.flags = IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN;
    rc = io_uring_queue_init_params(cfg_.sq_entries, &ring_, &p);
    features_.defer_taskrun = rc == 0;
    if (rc < 0) {
      p = {};
      p.flags = IORING_SETUP_COOP_TASKRUN | IORING_SETUP_TASKRUN_FLAG;
      rc = io_uring_queue_init_params(cfg_.sq_entries, &ring_, &p);
      features_.coop_taskrun = rc == 0;
    }
  }
  if (rc < 0) {
    p = {};
    rc = io_uring_queue_init_params(cfg_.sq_entries, &ring_, &p);
  }
  if (rc < 0) {
    *why = std::string("io_uring_queue_init: ") + std::strerror(-rc);
    return false;
  }
  ring_ok_ = true;
  features_.ring_features = p.features;
  return true;
}

bool UringLoop::setup(std::string* why) {
  features_.backend = Backend::Uring;
  read_kernel_release(&features_);
  if (!init_ring(why)) return false;
  io_uring_probe* probe = io_uring_get_probe_ring(&ring_);
  if (probe == nullptr) { *why = "io_uring_get_probe_ring failed (kernel < 5.6)"; return false; }
  static constexpr struct { int op; const char* name; } kNeeded[] = {
      {IORING_OP_RECV, "RECV"}, {IORING_OP_SEND, "SEND"}, {IORING_OP_CONNECT, "CONNECT"},
      {IORING_OP_ACCEPT, "ACCEPT"}, {IORING_OP_TIMEOUT, "TIMEOUT"},
      {IORING_OP_TIMEOUT_REMOVE, "TIMEOUT_REMOVE"}, {IORING_OP_LINK_TIMEOUT, "LINK_TIMEOUT"},
      {IORING_OP_ASYNC_CANCEL, "ASYNC_CANCEL"}};
  for (const auto& need : kNeeded) {
    if (!io_uring_opcode_supported(probe, need.op)) {
      io_uring_free_probe(probe);
      *why = std::string("opcode not supported: ") + need.name;
      return false;
    }
  }
  io_uring_free_probe(probe);
  features_.registered_ring_fd = io_uring_register_ring_fd(&ring_) == 1;
  if (const int rc = bufs_.init(&ring_, kBufGroup, cfg_.rx_buf_count, cfg_.rx_buf_size); rc < 0) {
    *why = std::string("io_uring_register_buf_ring: ") + std::strerror(-rc) + " (needs kernel 5.19+)";
    return false;
  }
  features_.buf_ring = true;
  features_.multishot_recv = true;
  features_.multishot_accept = true;
  connect_ts_.resize(cfg_.max_conns);
  timer_ts_.resize(cfg_.max_timers);
  if (!init_tables()) { *why = "out of memory for tx buffers"; return false; }
  return true;
}

io_uring_sqe* UringLoop::get_sqe(unsigned need) noexcept {
  // `need` > 1 keeps linked SQEs (connect + link timeout) in one submission batch.
  if (io_uring_sq_space_left(&ring_) < need) io_uring_submit(&ring_);
  return io_uring_get_sqe(&ring_);
}

int UringLoop::backend_connect(ConnId id, Slot& s, std::int64_t timeout_ns) noexcept {
  io_uring_sqe* sqe = get_sqe(timeout_ns > 0 ? 2 : 1);
  if (sqe == nullptr) return -EBUSY;
  io_uring_prep_connect(sqe, s.fd, reinterpret_cast<const sockaddr*>(&s.peer.addr), s.peer.len);
  io_uring_sqe_set_data64(sqe, pack(kConnect, 0, id));
  if (timeout_ns <= 0) return 0;
  // LINK_TIMEOUT cancels the connect with -ECANCELED when it fires first.
  sqe->flags |= IOSQE_IO_LINK;
  __kernel_timespec& ts = connect_ts_[index_of(id)];
  ts = to_timespec(timeout_ns);
  io_uring_sqe* lt = io_uring_get_sqe(&ring_);
  io_uring_prep_link_timeout(lt, &ts, 0);
  io_uring_sqe_set_data64(lt, pack(kLinkTimeout, 0, id));
  return 0;
}

int UringLoop::arm_recv(ConnId id, Slot& s) noexcept {
  io_uring_sqe* sqe = get_sqe();
  if (sqe == nullptr) return -EBUSY;
  if (features_.multishot_recv)
    io_uring_prep_recv_multishot(sqe, s.fd, nullptr, 0, 0);
  else
    io_uring_prep_recv(sqe, s.fd, nullptr, 0, 0);  // len 0: the whole selected buffer
  sqe->flags |= IOSQE_BUFFER_SELECT;
  sqe->buf_group = bufs_.group();
  io_uring_sqe_set_data64(sqe, pack(kRecv, 0, id));
  s.recv_armed = true;
  return 0;
}

int UringLoop::arm_accept(ConnId id, Slot& s) noexcept {
  io_uring_sqe* sqe = get_sqe();
  if (sqe == nullptr) return -EBUSY;
  if (features_.multishot_accept)
    io_uring_prep_multishot_accept(sqe, s.fd, nullptr, nullptr, SOCK_CLOEXEC);
  else
    io_uring_prep_accept(sqe, s.fd, nullptr, nullptr, SOCK_CLOEXEC);
  io_uring_sqe_set_data64(sqe, pack(kAccept, 0, id));
  return 0;
}

void UringLoop::backend_close(ConnId id, Slot& s) noexcept {
  // Cancel the outstanding multishot op so the kernel drops its file reference, then
  // shutdown() so an in-flight send/recv completes at once; their CQEs are stale now.
  const Op op = s.state == SlotState::Listening ? kAccept : s.state == SlotState::Connecting ? kConnect : kRecv;
  if (op != kRecv || s.recv_armed) {
    if (io_uring_sqe* sqe = get_sqe()) {
      io_uring_prep_cancel64(sqe, pack(op, 0, id), 0);
      io_uring_sqe_set_data64(sqe, pack(kIgnore, 0, id));
    }
  }
  if (s.state != SlotState::Listening) ::shutdown(s.fd, SHUT_RDWR);
  ::close(s.fd);
}

void UringLoop::backend_send(ConnId id, Slot& s) noexcept {
  io_uring_sqe* sqe = get_sqe();
  // get_sqe() submitted a full SQ first, so this cannot happen in practice; if it did,
  // the bytes stay queued (not marked in flight) and leave with the next tx_commit.
  if (sqe == nullptr) return;
  const auto span = s.tx.begin_send();
  io_uring_prep_send(sqe, s.fd, span.data(), span.size(), MSG_NOSIGNAL);
  io_uring_sqe_set_data64(sqe, pack(kSend, 0, id));
  ++stats_.sends;
}

void UringLoop::backend_arm_timer(std::uint32_t index, TimerSlot& t) noexcept {
  io_uring_sqe* sqe = get_sqe();
  if (sqe == nullptr) return;
  timer_ts_[index] = to_timespec(t.deadline_ns);
  io_uring_prep_timeout(sqe, &timer_ts_[index], 0, IORING_TIMEOUT_ABS);  // CLOCK_MONOTONIC
  io_uring_sqe_set_data64(sqe, pack(kTimer, index, t.gen));
}

void UringLoop::backend_cancel_timer(std::uint32_t index, TimerSlot& t) noexcept {
  // If the timer already fired, the remove fails (ENOENT) and the pending CQE is dropped
  // by fire_timer()'s generation check.
  io_uring_sqe* sqe = get_sqe();
  if (sqe == nullptr) return;
  io_uring_prep_timeout_remove(sqe, pack(kTimer, index, t.gen), 0);
  io_uring_sqe_set_data64(sqe, pack(kIgnore, 0, 0));
}

void UringLoop::on_recv(ConnId id, int res, unsigned flags) noexcept {
  const bool has_buf = (flags & IORING_CQE_F_BUFFER) != 0;
  const auto bid = static_cast<std::uint16_t>(flags >> IORING_CQE_BUFFER_SHIFT);
  Slot* s = lookup(id);
  if (s != nullptr && res > 0 && has_buf) {
    stats_.rx_bytes += static_cast<std::uint64_t>(res);
    s->handler->on_data(id, bufs_.buffer(bid), static_cast<std::size_t>(res));
  } else if (s == nullptr) {
    ++stats_.stale;
  }
  if (has_buf) bufs_.recycle(bid);
  if ((flags & IORING_CQE_F_MORE) != 0) return;  // multishot recv still armed
  s = lookup(id);                                // the handler may have closed it
  if (s == nullptr || s->state != SlotState::Open) return;
  s->recv_armed = false;
  if (res > 0) {  // single-shot mode, or the kernel ended the multishot (e.g. CQ overflow)
    if (features_.multishot_recv) ++stats_.recv_rearms;
    if (arm_recv(id, *s) < 0) fail(id, EBUSY);
  } else if (res == 0) {
    fail(id, 0);  // orderly EOF from the peer
  } else if (res == -ENOBUFS) {
    ++stats_.rx_no_buffers;  // buffers were recycled above; arm again
    ++stats_.recv_rearms;
    if (arm_recv(id, *s) < 0) fail(id, EBUSY);
  } else if (res == -EINVAL && features_.multishot_recv) {
    features_.multishot_recv = false;
    log(LogLevel::Warn, "io_uring: multishot recv rejected by the kernel; using single-shot recv");
    if (arm_recv(id, *s) < 0) fail(id, EBUSY);
  } else {
    fail(id, -res);
  }
}

void UringLoop::on_send(ConnId id, int res) noexcept {
  if (lookup(id) == nullptr) { ++stats_.stale; return; }
  if (res < 0) { fail(id, -res); return; }
  finish_send(id, static_cast<std::uint32_t>(res));
}

void UringLoop::on_accept_cqe(ConnId id, int res, unsigned flags) noexcept {
  Slot* s = lookup(id);
  if (s == nullptr) {
    if (res >= 0) ::close(res);
    ++stats_.stale;
    return;
  }
  if (res >= 0) {
    if (tune_accepted_socket(res) < 0) ::close(res);
    else s->handler->on_accept(id, res);
  }
  if ((flags & IORING_CQE_F_MORE) != 0) return;
  s = lookup(id);
  if (s == nullptr) return;
  if (res == -EINVAL && features_.multishot_accept) {
    features_.multishot_accept = false;
    log(LogLevel::Warn, "io_uring: multishot accept rejected by the kernel; using single-shot accept");
  }
  if (arm_accept(id, *s) < 0) fail(id, EBUSY);
}

void UringLoop::handle(const io_uring_cqe& cqe) noexcept {
  const std::uint64_t ud = cqe.user_data;
  const ConnId id = id_of_ud(ud);
  switch (op_of(ud)) {
    case kRecv: on_recv(id, cqe.res, cqe.flags); break;
    case kSend: on_send(id, cqe.res); break;
    case kConnect:
      // -ECANCELED: our LINK_TIMEOUT fired first.
      finish_connect(id, cqe.res == 0 ? 0 : cqe.res == -ECANCELED ? ETIMEDOUT : -cqe.res);
      break;
    case kAccept: on_accept_cqe(id, cqe.res, cqe.flags); break;
    case kTimer:
      if (cqe.res == -ETIME) fire_timer(aux_of(ud), id);  // -ECANCELED: removed
      break;
    case kLinkTimeout:
    case kIgnore:
      break;
  }
}

int UringLoop::reap() noexcept {
  unsigned head = 0;
  unsigned count = 0;
  io_uring_cqe* cqe = nullptr;
  io_uring_for_each_cqe(&ring_, head, cqe) {
    handle(*cqe);
    ++count;
  }
  io_uring_cq_advance(&ring_, count);
  stats_.completions += count;
  return static_cast<int>(count);
}

int UringLoop::backend_poll(std::int64_t max_wait_ns) noexcept {
  if (max_wait_ns > 0 && io_uring_cq_ready(&ring_) == 0) {
    __kernel_timespec ts = to_timespec(max_wait_ns);
    io_uring_cqe* cqe = nullptr;
    io_uring_submit_and_wait_timeout(&ring_, &cqe, 1, &ts, nullptr);
  } else if (features_.defer_taskrun) {
    io_uring_submit_and_get_events(&ring_);  // the only way deferred completions appear
  } else if (io_uring_sq_ready(&ring_) > 0) {
    io_uring_submit(&ring_);
  } else if (features_.coop_taskrun && (IO_URING_READ_ONCE(*ring_.sq.kflags) & IORING_SQ_TASKRUN) != 0) {
    io_uring_get_events(&ring_);
  }
  const int n = reap();
  // Send what the handlers queued now rather than at the next poll().
  drain_dirty();
  backend_submit();
  return n;
}

}  // namespace

std::unique_ptr<EventLoop> make_uring_loop(const LoopConfig& cfg, std::string* why) {
  auto loop = std::make_unique<UringLoop>(cfg);
  if (!loop->setup(why)) return nullptr;
  return loop;
}

}  // namespace xtb::net::detail
