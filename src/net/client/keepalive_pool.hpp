// keepalive_pool.hpp — what every venue's egress stage shares for order entry: one event
// loop (io_uring, epoll fallback), the client TLS context and N persistent HTTP/1.1
// connections ("slots") to the venue's REST host, opened at start and reconnected with
// backoff, so that an order never waits for a TCP + TLS handshake. A venue's slot type adds
// its own in-flight record; it must have members `tag` (std::uint16_t, its answers'
// RawFrame::conn_id), `stream` (std::unique_ptr<HttpClientStream>) and `conn`
// (std::unique_ptr<net::Connection>, declared after `stream`: it dies first), and be its own
// net::HttpClientHandler and net::ConnObserver.
//
//   KeepAlivePool pool;  pool.open(keepalive_config(cfg, seed), error);
//   for each slot: pool.connect(*slot, i, error);     ... pool.poll(wait_ns) every round
//   pool.close(slots);                                 (close_notify goes out first)
//
// Threads: the egress thread that owns it (open/connect/close on that thread before and
// after its run). Errors: open/connect return false with the reason in `error`.
// Allocation: at open/connect only.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "net/client/http_client_stream.hpp"
#include "net/client/link_health.hpp"
#include "net/client/live_endpoint.hpp"
#include "net/connection.hpp"
#include "net/connection_backoff.hpp"
#include "net/http/http_client.hpp"
#include "net/uring/event_loop.hpp"

namespace xtb::live {

struct KeepAliveConfig {
  LiveEndpoint endpoint;
  net::LoopConfig loop{};
  net::HttpClientConfig http{};
  std::uint32_t connections = 2;        ///< slots (at least 1)
  std::int64_t connect_timeout_ns = 5'000'000'000;
  net::BackoffConfig backoff{};
  std::uint64_t backoff_seed = 0;       ///< slot i jitters with seed + i
  std::int64_t io_wait_ns = 0;          ///< > 0: the loop may sleep in the kernel when idle
};

/// The pool settings of a venue's EgressConfig (same-named fields) with its jitter seed.
template <class EgressConfig>
KeepAliveConfig keepalive_config(const EgressConfig& c, std::uint64_t backoff_seed) {
  return KeepAliveConfig{c.endpoint, c.loop, c.http, c.connections, c.connect_timeout_ns, c.backoff, backoff_seed,
                         c.io_wait_ns};
}

class KeepAlivePool {
 public:
  /// Creates the loop (room for every slot) and, for a TLS endpoint, the client context.
  bool open(const KeepAliveConfig& c, std::string& error);

  /// Opens slot `s` (the pool's `i`-th) as a persistent, reconnecting connection.
  template <class Slot>
  bool connect(Slot& s, std::uint32_t i, std::string& error) {
    s.stream = std::make_unique<HttpClientStream>(cfg_.http, 16 * 1024, s);
    s.conn = std::make_unique<net::Connection>(*loop_, tls_.get(), connection_config(s.tag, i), *s.stream, &s);
    return s.conn->start(&error);
  }

  /// Stops every slot, lets their close_notify go out, then frees slots, loop and TLS.
  template <class Slot>
  void close(std::vector<std::unique_ptr<Slot>>& slots) noexcept {
    for (auto& s : slots) s->conn->stop();
    for (int i = 0; i < 20 && loop_; ++i) loop_->poll(0);
    slots.clear();
    loop_.reset();
    tls_.reset();
  }

  /// One loop round: sleeps up to `wait_ns` in the kernel when nothing is ready.
  void poll(std::int64_t wait_ns) noexcept { loop_->poll(wait_ns); }
  bool is_open() const noexcept { return loop_ != nullptr; }
  /// "host[:port]" for the Host header of every request.
  const std::string& host_header() const noexcept { return host_header_; }
  std::uint32_t slots_wanted() const noexcept { return cfg_.connections > 0 ? cfg_.connections : 1; }

 private:
  net::ConnectionConfig connection_config(std::uint16_t tag, std::uint32_t i) const noexcept;

  KeepAliveConfig cfg_;
  std::unique_ptr<net::EventLoop> loop_;
  std::unique_ptr<net::TlsContext> tls_;
  std::string host_header_;
};

/// A slot's connection changed state: the stage's link health follows it (`drops` counts
/// disconnects with a reason).
template <class Counter>
void on_slot_state(LinkHealth& links, LinkFlags& link, Counter& drops, ConnStatus st, std::int32_t reason) noexcept {
  if (st == ConnStatus::Disconnected && reason != 0) drops.add();
  links.on_state(st, reason);
  if (st != ConnStatus::Connecting) links.set_up(link, st == ConnStatus::Connected);
}

/// Connections of `slots` whose HTTP stream is open.
template <class Slot>
std::uint32_t count_open(const std::vector<std::unique_ptr<Slot>>& slots) noexcept {
  std::uint32_t n = 0;
  for (const auto& s : slots) n += s->stream->open() ? 1u : 0u;
  return n;
}

/// The first slot with nothing in flight (Slot::idle()), or nullptr.
template <class Slot>
Slot* idle_slot(std::vector<std::unique_ptr<Slot>>& slots) noexcept {
  for (auto& s : slots)
    if (s->idle()) return s.get();
  return nullptr;
}

}  // namespace xtb::live
