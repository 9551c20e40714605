// epoll_loop.cpp — the epoll EventLoop backend, for kernels where io_uring is missing,
// too old (< 5.19: no provided-buffer rings) or disabled (kernel.io_uring_disabled,
// seccomp in containers). Same contract as the io_uring backend (event_loop.hpp).
//
// Level-triggered epoll over non-blocking sockets; epoll_event.data.u64 carries the
// ConnId so events for a closed-and-reused slot fail lookup(). Sends are attempted
// synchronously in flush(); EAGAIN arms EPOLLOUT until the tx queue drains. Receives go
// into one loop-owned buffer of rx_buf_size bytes. Timers and connect timeouts are kept
// in user space: epoll_wait sleeps at most until the earliest deadline (ms resolution,
// rounded up so a timer never fires early).
#include <cerrno>
#include <cstring>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/clock.hpp"
#include "net/uring/backends.hpp"

namespace xtb::net::detail {
namespace {

constexpr int kMaxEvents = 64;
constexpr std::int64_t kNever = INT64_MAX;

class EpollLoop final : public EventLoop {
 public:
  explicit EpollLoop(const LoopConfig& cfg) : EventLoop(cfg) {}
  ~EpollLoop() override;
  bool setup(std::string* why);

 private:
  int set_interest(ConnId id, Slot& s, std::uint32_t mask) noexcept;
  void on_event(ConnId id, std::uint32_t events) noexcept;
  void read_ready(ConnId id) noexcept;
  void accept_ready(ConnId id) noexcept;
  void expire(std::int64_t now) noexcept;
  int wait_ms(std::int64_t max_wait_ns) const noexcept;

  int backend_connect(ConnId id, Slot& s, std::int64_t timeout_ns) noexcept override;
  int backend_open(ConnId id, Slot& s) noexcept override { return set_interest(id, s, EPOLLIN); }
  int backend_listen(ConnId id, Slot& s) noexcept override { return set_interest(id, s, EPOLLIN); }
  void backend_close(ConnId id, Slot& s) noexcept override;
  void backend_send(ConnId id, Slot& s) noexcept override;
  void backend_submit() noexcept override {}
  void backend_arm_timer(std::uint32_t, TimerSlot& t) noexcept override {
    if (t.deadline_ns < next_deadline_) next_deadline_ = t.deadline_ns;
  }
  void backend_cancel_timer(std::uint32_t, TimerSlot&) noexcept override {}  // lazy: expire() rescans
  int backend_poll(std::int64_t max_wait_ns) noexcept override;

  int epfd_ = -1;
  std::unique_ptr<std::uint8_t[]> rx_;
  std::vector<std::uint32_t> interest_;  ///< per slot: registered epoll mask, 0 = not added
  std::uint32_t connecting_ = 0;         ///< slots with a connect deadline pending
  std::int64_t next_deadline_ = kNever;  ///< lower bound of armed timer / connect deadlines
};

EpollLoop::~EpollLoop() {
  for (Slot& s : slots_)
    if (s.fd >= 0) ::close(s.fd);
  if (epfd_ >= 0) ::close(epfd_);
}

bool EpollLoop::setup(std::string* why) {
  features_.backend = Backend::Epoll;
  read_kernel_release(&features_);
  epfd_ = epoll_create1(EPOLL_CLOEXEC);
  if (epfd_ < 0) { *why = std::string("epoll_create1: ") + std::strerror(errno); return false; }
  rx_.reset(new (std::nothrow) std::uint8_t[cfg_.rx_buf_size]);
  interest_.assign(cfg_.max_conns, 0);
  if (!rx_ || !init_tables()) { *why = "out of memory for buffers"; return false; }
  return true;
}

int EpollLoop::set_interest(ConnId id, Slot& s, std::uint32_t mask) noexcept {
  std::uint32_t& cur = interest_[index_of(id)];
  if (cur == mask) return 0;
  epoll_event ev{};
  ev.events = mask;
  ev.data.u64 = id;
  if (epoll_ctl(epfd_, cur == 0 ? EPOLL_CTL_ADD : EPOLL_CTL_MOD, s.fd, &ev) < 0) return -errno;
  cur = mask;
  return 0;
}

int EpollLoop::backend_connect(ConnId id, Slot& s, std::int64_t timeout_ns) noexcept {
  if (::connect(s.fd, reinterpret_cast<const sockaddr*>(&s.peer.addr), s.peer.len) < 0 && errno != EINPROGRESS)
    return -errno;
  // Even an immediate success is reported from poll() (EPOLLOUT fires at once), so
  // on_connect never runs inside connect().
  if (const int rc = set_interest(id, s, EPOLLOUT); rc < 0) return rc;
  if (timeout_ns > 0) {
    s.connect_deadline_ns = Clock::monotonic_ns() + timeout_ns;
    if (s.connect_deadline_ns < next_deadline_) next_deadline_ = s.connect_deadline_ns;
    ++connecting_;
  }
  return 0;
}

void EpollLoop::backend_close(ConnId id, Slot& s) noexcept {
  if (s.connect_deadline_ns != 0) --connecting_;
  s.connect_deadline_ns = 0;
  if (interest_[index_of(id)] != 0) epoll_ctl(epfd_, EPOLL_CTL_DEL, s.fd, nullptr);
  interest_[index_of(id)] = 0;
  ::close(s.fd);
}

void EpollLoop::backend_send(ConnId id, Slot& s) noexcept {
  const auto span = s.tx.begin_send();
  const ssize_t n = ::send(s.fd, span.data(), span.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
  if (n < 0) {
    const int err = errno;
    s.tx.complete_send(0);
    if (err == EAGAIN || err == EWOULDBLOCK || err == EINTR) {
      if (set_interest(id, s, EPOLLIN | EPOLLOUT) < 0) fail(id, errno);
      return;
    }
    fail(id, err);
    return;
  }
  ++stats_.sends;
  finish_send(id, static_cast<std::uint32_t>(n));  // a partial send re-enters here for the rest
  Slot* cur = lookup(id);
  if (cur != nullptr && cur->state == SlotState::Open && cur->tx.queued() == 0) set_interest(id, *cur, EPOLLIN);
}

void EpollLoop::read_ready(ConnId id) noexcept {
  for (;;) {
    Slot* s = lookup(id);
    if (s == nullptr) return;
    const ssize_t n = ::recv(s->fd, rx_.get(), cfg_.rx_buf_size, MSG_DONTWAIT);
    if (n > 0) {
      stats_.rx_bytes += static_cast<std::uint64_t>(n);
      s->handler->on_data(id, rx_.get(), static_cast<std::size_t>(n));
      if (static_cast<std::uint32_t>(n) < cfg_.rx_buf_size) return;  // drained; LT epoll re-reports
      continue;
    }
    if (n == 0) { fail(id, 0); return; }
    if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) return;
    fail(id, errno);
    return;
  }
}

void EpollLoop::accept_ready(ConnId id) noexcept {
  for (;;) {
    Slot* s = lookup(id);
    if (s == nullptr) return;
    const int fd = accept4(s->fd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) return;  // EAGAIN, or a transient error (EMFILE...) reported again by LT epoll
    if (tune_accepted_socket(fd) < 0) { ::close(fd); continue; }
    s->handler->on_accept(id, fd);
  }
}

void EpollLoop::on_event(ConnId id, std::uint32_t events) noexcept {
  Slot* s = lookup(id);
  if (s == nullptr) { ++stats_.stale; return; }
  switch (s->state) {
    case SlotState::Listening:
      accept_ready(id);
      return;
    case SlotState::Connecting: {
      int err = 0;
      socklen_t len = sizeof err;
      if (getsockopt(s->fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0) err = errno;
      if (s->connect_deadline_ns != 0) --connecting_;
      s->connect_deadline_ns = 0;
      finish_connect(id, err);
      return;
    }
    case SlotState::Open:
      if ((events & (EPOLLIN | EPOLLHUP | EPOLLERR)) != 0) read_ready(id);
      s = lookup(id);
      if (s != nullptr && (events & EPOLLOUT) != 0) {
        if (s->tx.unsent() > 0) backend_send(id, *s);
        else set_interest(id, *s, EPOLLIN);
      }
      return;
    case SlotState::Free:
      return;
  }
}

void EpollLoop::expire(std::int64_t now) noexcept {
  // Handlers that arm timers during the scan lower next_deadline_ via backend_arm_timer.
  next_deadline_ = kNever;
  std::int64_t next = kNever;
  for (std::uint32_t i = 0; i < timer_count_; ++i) {
    TimerSlot& t = timers_[i];
    if (!t.armed) continue;
    if (t.deadline_ns <= now) fire_timer(i, t.gen);
    if (t.armed && t.deadline_ns < next) next = t.deadline_ns;  // the handler may re-arm
  }
  for (std::uint32_t i = 0; connecting_ > 0 && i < slots_.size(); ++i) {
    Slot& s = slots_[i];
    if (s.state != SlotState::Connecting || s.connect_deadline_ns == 0) continue;
    if (s.connect_deadline_ns <= now) {
      --connecting_;
      s.connect_deadline_ns = 0;
      finish_connect(id_of(i), ETIMEDOUT);
    } else if (s.connect_deadline_ns < next) {
      next = s.connect_deadline_ns;
    }
  }
  if (next < next_deadline_) next_deadline_ = next;
}

int EpollLoop::wait_ms(std::int64_t max_wait_ns) const noexcept {
  if (max_wait_ns <= 0) return 0;
  std::int64_t wait = max_wait_ns;
  if (next_deadline_ != kNever) {
    const std::int64_t until = next_deadline_ - Clock::monotonic_ns();
    if (until < wait) wait = until < 0 ? 0 : until;
  }
  return static_cast<int>((wait + 999'999) / 1'000'000);  // round up: never wake early
}

int EpollLoop::backend_poll(std::int64_t max_wait_ns) noexcept {
  epoll_event events[kMaxEvents];
  const int n = epoll_wait(epfd_, events, kMaxEvents, wait_ms(max_wait_ns));
  for (int i = 0; i < n; ++i) on_event(static_cast<ConnId>(events[i].data.u64), events[i].events);
  int handled = n > 0 ? n : 0;
  if (next_deadline_ != kNever) {
    const std::int64_t now = Clock::monotonic_ns();
    if (now >= next_deadline_) expire(now);
  }
  stats_.completions += static_cast<std::uint64_t>(handled);
  drain_dirty();
  return handled;
}

}  // namespace

std::unique_ptr<EventLoop> make_epoll_loop(const LoopConfig& cfg, std::string* why) {
  auto loop = std::make_unique<EpollLoop>(cfg);
  if (!loop->setup(why)) return nullptr;
  return loop;
}

}  // namespace xtb::net::detail
