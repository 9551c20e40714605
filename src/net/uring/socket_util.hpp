// socket_util.hpp — cold-path socket helpers shared by both event-loop backends:
// address resolution, TCP socket creation with the latency options we always want,
// listening sockets, and the local port of a bound socket.
//
// Errors are returned as negative errno values (or EAI_* mapped to -EHOSTUNREACH for
// resolution), never thrown. None of these functions is meant for the hot path:
// resolve() blocks in getaddrinfo().
#pragma once
#include <cstdint>
#include <netinet/in.h>
#include <sys/socket.h>

namespace xtb::net {

/// A resolved TCP peer or local address (IPv4 or IPv6). Trivially copyable; stored in
/// event-loop slots because io_uring reads the sockaddr asynchronously.
struct Endpoint {
  sockaddr_storage addr{};
  socklen_t len = 0;

  /// Port in host byte order (0 when unset).
  std::uint16_t port() const noexcept;
  /// Writes "a.b.c.d:port" / "[v6]:port" into `out` (NUL-terminated, truncated to `cap`).
  void format(char* out, std::size_t cap) const noexcept;
};

/// Resolves `host` (name or numeric literal) and `port` with getaddrinfo, preferring
/// IPv4. Returns 0 or a negative errno (-EHOSTUNREACH when the name does not resolve).
/// Blocks: call at start-up, never on a hot thread in steady state.
int resolve(const char* host, std::uint16_t port, Endpoint* out) noexcept;

/// Endpoint for a numeric IPv4 address, e.g. loopback(0) for an ephemeral port.
Endpoint ipv4(const char* dotted, std::uint16_t port) noexcept;

/// Creates a non-blocking, close-on-exec TCP socket for `family` with TCP_NODELAY set
/// (Nagle off: we send small latency-critical messages). Returns fd or negative errno.
int make_tcp_socket(int family) noexcept;

/// Applies the per-connection options to an accepted socket (non-blocking, TCP_NODELAY).
/// Returns 0 or negative errno.
int tune_accepted_socket(int fd) noexcept;

/// Creates a listening TCP socket bound to `at` (SO_REUSEADDR on). Port 0 picks a free
/// ephemeral port; read it back with local_port(). Returns fd or negative errno.
int make_listen_socket(const Endpoint& at, int backlog) noexcept;

/// Port (host byte order) that `fd` is bound to, or 0 on error.
std::uint16_t local_port(int fd) noexcept;

}  // namespace xtb::net
