// event_loop.cpp — backend-independent half of EventLoop: the factory with its fallback
// rule, the slot and timer tables, tx queueing and the send batching (dirty list).
#include "net/uring/event_loop.hpp"

#include <cstdio>
#include <cstring>
#include <new>
#include <sys/utsname.h>
#include <unistd.h>

#include "core/clock.hpp"
#include "net/uring/backends.hpp"
#include "net/uring/net_log.hpp"

namespace xtb::net {

const char* to_string(Backend b) noexcept {
  switch (b) {
    case Backend::Auto: return "auto";
    case Backend::Uring: return "io_uring";
    case Backend::Epoll: return "epoll";
  }
  return "?";
}

void ConnHandler::on_accept(ConnId /*listener*/, int fd) noexcept { ::close(fd); }

namespace {
/// Receives the callbacks of connections handed to close_after_send(): their owner has
/// let go, so data and close notifications are dropped.
struct DetachedHandler final : ConnHandler {
  void on_connect(ConnId, int) noexcept override {}
  void on_data(ConnId, const std::uint8_t*, std::size_t) noexcept override {}
  void on_close(ConnId, int) noexcept override {}
};
DetachedHandler g_detached;
}  // namespace

namespace detail {
void read_kernel_release(LoopFeatures* f) noexcept {
  utsname u{};
  if (uname(&u) == 0) std::snprintf(f->kernel, sizeof f->kernel, "%s", u.release);
}
}  // namespace detail

namespace {

const char* check_config(const LoopConfig& c) noexcept {
  if (c.max_conns == 0 || c.max_conns > 0xFFFFu) return "max_conns must be in 1..65535";
  if (c.max_timers == 0) return "max_timers must be >= 1";
  if (c.rx_buf_count == 0 || c.rx_buf_count > 32768 || (c.rx_buf_count & (c.rx_buf_count - 1)) != 0)
    return "rx_buf_count must be a power of two in 1..32768";
  if (c.rx_buf_size < 1024) return "rx_buf_size must be >= 1024";
  if (c.tx_buf_size < 1024) return "tx_buf_size must be >= 1024";
  return nullptr;
}

void log_features(const LoopFeatures& f, const LoopConfig& c) {
  log(LogLevel::Info,
      "event loop: backend=%s wait=%s kernel=%s defer_taskrun=%d coop_taskrun=%d buf_ring=%d "
      "multishot_recv=%d multishot_accept=%d registered_ring_fd=%d ring_features=0x%x",
      to_string(f.backend), c.wait_mode == WaitMode::BusySpin ? "busy-spin" : "blocking", f.kernel,
      f.defer_taskrun, f.coop_taskrun, f.buf_ring, f.multishot_recv, f.multishot_accept,
      f.registered_ring_fd, f.ring_features);
}

}  // namespace

std::unique_ptr<EventLoop> EventLoop::create(const LoopConfig& cfg, std::string* error) {
  std::string why;
  if (const char* bad = check_config(cfg)) {
    if (error) *error = bad;
    return nullptr;
  }
  if (cfg.backend != Backend::Epoll) {
    if (auto loop = detail::make_uring_loop(cfg, &why)) {
      log_features(loop->features(), cfg);
      return loop;
    }
    if (cfg.backend == Backend::Uring) {
      if (error) *error = "io_uring unavailable: " + why;
      return nullptr;
    }
    log(LogLevel::Warn, "io_uring unavailable (%s): falling back to the epoll backend", why.c_str());
  }
  auto loop = detail::make_epoll_loop(cfg, &why);
  if (!loop) {
    if (error) *error = "epoll backend failed: " + why;
    return nullptr;
  }
  log_features(loop->features(), cfg);
  return loop;
}

EventLoop::EventLoop(const LoopConfig& cfg) : cfg_(cfg) {}
EventLoop::~EventLoop() = default;

bool EventLoop::init_tables() {
  slots_.resize(cfg_.max_conns);
  timers_.resize(cfg_.max_timers);
  dirty_.resize(cfg_.max_conns);
  const std::size_t bytes = static_cast<std::size_t>(cfg_.max_conns) * cfg_.tx_buf_size;
  tx_storage_.reset(new (std::nothrow) std::uint8_t[bytes]);
  if (!tx_storage_) return false;
  for (std::uint32_t i = 0; i < cfg_.max_conns; ++i)
    slots_[i].tx.bind(tx_storage_.get() + static_cast<std::size_t>(i) * cfg_.tx_buf_size, cfg_.tx_buf_size);
  return true;
}

EventLoop::Slot* EventLoop::lookup(ConnId id) noexcept {
  const std::uint32_t i = index_of(id);
  if (id == kInvalidConn || i >= slots_.size()) return nullptr;
  Slot& s = slots_[i];
  return (s.state != SlotState::Free && s.gen == (id >> 16)) ? &s : nullptr;
}

const EventLoop::Slot* EventLoop::lookup(ConnId id) const noexcept {
  return const_cast<EventLoop*>(this)->lookup(id);
}

void EventLoop::release(Slot& s) noexcept {
  if (s.lingering) --lingering_;
  s.lingering = false;
  s.fd = -1;
  s.state = SlotState::Free;
  s.gen = static_cast<std::uint16_t>(s.gen + 1);
  s.handler = nullptr;
  s.dirty = s.want_space = s.recv_armed = false;
  s.connect_deadline_ns = 0;
  s.tx.clear();
}

std::int64_t EventLoop::find_free_slot() const noexcept {
  // Linear scan: connect/adopt/listen are connection-setup events, not per message.
  for (std::size_t i = 0; i < slots_.size(); ++i)
    if (slots_[i].state == SlotState::Free) return static_cast<std::int64_t>(i);
  return -1;
}

ConnId EventLoop::connect(const Endpoint& peer, ConnHandler& h, std::int64_t timeout_ns) noexcept {
  const std::int64_t i = find_free_slot();
  if (i < 0) { last_error_ = EMFILE; return kInvalidConn; }
  const int fd = make_tcp_socket(peer.addr.ss_family);
  if (fd < 0) { last_error_ = -fd; return kInvalidConn; }
  Slot& s = slots_[static_cast<std::size_t>(i)];
  s.fd = fd;
  s.state = SlotState::Connecting;
  s.handler = &h;
  s.peer = peer;
  const ConnId id = id_of(static_cast<std::uint32_t>(i));
  if (const int rc = backend_connect(id, s, timeout_ns); rc < 0) {
    ::close(fd);
    release(s);
    last_error_ = -rc;
    return kInvalidConn;
  }
  return id;
}

ConnId EventLoop::adopt(int fd, ConnHandler& h) noexcept {
  const std::int64_t i = find_free_slot();
  if (i < 0) { ::close(fd); last_error_ = EMFILE; return kInvalidConn; }
  Slot& s = slots_[static_cast<std::size_t>(i)];
  s.fd = fd;
  s.state = SlotState::Open;
  s.handler = &h;
  const ConnId id = id_of(static_cast<std::uint32_t>(i));
  if (const int rc = backend_open(id, s); rc < 0) {
    ::close(fd);
    release(s);
    last_error_ = -rc;
    return kInvalidConn;
  }
  return id;
}

ConnId EventLoop::listen(int listen_fd, ConnHandler& h) noexcept {
  const std::int64_t i = find_free_slot();
  if (i < 0) { last_error_ = EMFILE; return kInvalidConn; }
  Slot& s = slots_[static_cast<std::size_t>(i)];
  s.fd = listen_fd;
  s.state = SlotState::Listening;
  s.handler = &h;
  const ConnId id = id_of(static_cast<std::uint32_t>(i));
  if (const int rc = backend_listen(id, s); rc < 0) {
    release(s);
    last_error_ = -rc;
    return kInvalidConn;
  }
  return id;
}

void EventLoop::close(ConnId id) noexcept {
  Slot* s = lookup(id);
  if (s == nullptr) return;
  backend_close(id, *s);
  release(*s);
}

void EventLoop::close_after_send(ConnId id, std::int64_t linger_ns) noexcept {
  Slot* s = lookup(id);
  if (s == nullptr || s->lingering) return;
  if (s->state != SlotState::Open || s->tx.queued() == 0) {
    close(id);
    return;
  }
  s->handler = &g_detached;
  s->lingering = true;
  s->want_space = false;
  s->linger_deadline_ns = Clock::monotonic_ns() + linger_ns;
  ++lingering_;
}

void EventLoop::expire_lingering(std::int64_t now_ns) noexcept {
  for (std::uint32_t i = 0; lingering_ > 0 && i < slots_.size(); ++i) {
    if (slots_[i].lingering && slots_[i].linger_deadline_ns <= now_ns) close(id_of(i));
  }
}

bool EventLoop::is_open(ConnId id) const noexcept {
  const Slot* s = lookup(id);
  return s != nullptr && s->state == SlotState::Open && !s->lingering;
}

std::span<std::uint8_t> EventLoop::tx_reserve(ConnId id, std::size_t min_bytes) noexcept {
  Slot* s = lookup(id);
  if (s == nullptr || s->state != SlotState::Open || s->lingering) return {};
  auto span = s->tx.reserve(min_bytes);
  if (span.empty()) {
    s->want_space = true;
    ++stats_.tx_full;
  }
  return span;
}

void EventLoop::tx_commit(ConnId id, std::size_t n) noexcept {
  Slot* s = lookup(id);
  if (s == nullptr || n == 0) return;
  s->tx.commit(n);
  if (s->dirty) return;
  s->dirty = true;
  append_dirty(id);
}

void EventLoop::append_dirty(ConnId id) noexcept {
  if (dirty_count_ == dirty_.size()) {
    // Keep only unflushed entries of live dirty slots. A slot is listed at most once
    // while its `dirty` flag is set, so at most max_conns - 1 of them can be there now
    // (`id`'s slot is not among them): compaction always makes room.
    std::uint32_t w = 0;
    for (std::uint32_t r = dirty_head_; r < dirty_count_; ++r) {
      const Slot* s = lookup(dirty_[r]);
      if (s != nullptr && s->dirty) dirty_[w++] = dirty_[r];
    }
    dirty_head_ = 0;
    dirty_count_ = w;
  }
  dirty_[dirty_count_++] = id;
}

bool EventLoop::send(ConnId id, const void* data, std::size_t len) noexcept {
  auto span = tx_reserve(id, len);
  if (span.empty()) return false;
  std::memcpy(span.data(), data, len);
  tx_commit(id, len);
  return true;
}

std::uint32_t EventLoop::tx_queued(ConnId id) const noexcept {
  const Slot* s = lookup(id);
  return s != nullptr ? s->tx.queued() : 0;
}

void EventLoop::flush() noexcept {
  drain_dirty();
  backend_submit();
}

void EventLoop::drain_dirty() noexcept {
  while (dirty_head_ < dirty_count_) {
    const ConnId id = dirty_[dirty_head_++];
    Slot* s = lookup(id);
    if (s == nullptr || !s->dirty) continue;
    s->dirty = false;
    // A send already in flight picks the new bytes up on completion (finish_send), which
    // keeps exactly one send per socket in flight and so preserves byte order.
    if (s->state == SlotState::Open && !s->tx.sending() && s->tx.unsent() > 0) backend_send(id, *s);
  }
  dirty_head_ = dirty_count_ = 0;
}

void EventLoop::fail(ConnId id, int err) noexcept {
  Slot* s = lookup(id);
  if (s == nullptr) return;
  ConnHandler* h = s->handler;
  backend_close(id, *s);
  release(*s);
  h->on_close(id, err);
}

void EventLoop::finish_connect(ConnId id, int err) noexcept {
  Slot* s = lookup(id);
  if (s == nullptr) return;
  ConnHandler* h = s->handler;
  if (err == 0) {
    s->state = SlotState::Open;
    const int rc = backend_open(id, *s);
    if (rc == 0) {
      h->on_connect(id, 0);
      return;
    }
    err = -rc;
  }
  backend_close(id, *s);
  release(*s);
  h->on_connect(id, err);
}

void EventLoop::finish_send(ConnId id, std::uint32_t sent) noexcept {
  Slot* s = lookup(id);
  if (s == nullptr) return;
  s->tx.complete_send(sent);
  stats_.tx_bytes += sent;
  if (s->lingering && s->tx.queued() == 0) {
    close(id);  // everything the owner queued before close_after_send() is out
    return;
  }
  if (s->want_space) {
    s->want_space = false;
    s->handler->on_tx_space(id);
    s = lookup(id);  // the handler may have closed the connection
    if (s == nullptr) return;
  }
  if (s->state == SlotState::Open && !s->tx.sending() && s->tx.unsent() > 0) backend_send(id, *s);
}

TimerId EventLoop::add_timer(TimerHandler& h) noexcept {
  for (std::uint32_t i = 0; i < timer_count_; ++i) {
    if (timers_[i].handler == nullptr) {
      timers_[i].handler = &h;
      return i;
    }
  }
  if (timer_count_ == timers_.size()) return kInvalidTimer;
  timers_[timer_count_].handler = &h;
  return timer_count_++;
}

void EventLoop::release_timer(TimerId id) noexcept {
  if (id >= timer_count_) return;
  cancel_timer(id);
  timers_[id].handler = nullptr;
}

void EventLoop::arm_timer(TimerId id, std::int64_t deadline_ns) noexcept {
  if (id >= timer_count_ || timers_[id].handler == nullptr) return;
  TimerSlot& t = timers_[id];
  if (t.armed) backend_cancel_timer(id, t);
  ++t.gen;
  t.deadline_ns = deadline_ns;
  t.armed = true;
  backend_arm_timer(id, t);
}

void EventLoop::cancel_timer(TimerId id) noexcept {
  if (id >= timer_count_) return;
  TimerSlot& t = timers_[id];
  if (!t.armed) return;
  backend_cancel_timer(id, t);
  ++t.gen;
  t.armed = false;
}

void EventLoop::fire_timer(std::uint32_t index, std::uint32_t gen) noexcept {
  if (index >= timer_count_) return;
  TimerSlot& t = timers_[index];
  if (!t.armed || t.gen != gen || t.handler == nullptr) { ++stats_.stale; return; }
  t.armed = false;
  t.handler->on_timer(index);
}

int EventLoop::poll(std::int64_t max_wait_ns) noexcept {
  ++stats_.polls;
  if (cfg_.wait_mode == WaitMode::BusySpin) max_wait_ns = 0;
  drain_dirty();
  const int n = backend_poll(max_wait_ns);
  if (lingering_ > 0) expire_lingering(Clock::monotonic_ns());
  return n;
}

}  // namespace xtb::net
