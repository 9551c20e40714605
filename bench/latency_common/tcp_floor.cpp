// tcp_floor.cpp — see tcp_floor.hpp.
#include "tcp_floor.hpp"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <thread>
#include <vector>

#include "core/affinity.hpp"
#include "core/clock.hpp"

namespace xtb::bench {

namespace {

// Receives exactly n bytes, spinning on MSG_DONTWAIT. False on EOF / error / stop.
bool spin_recv(int fd, char* p, std::size_t n, const std::atomic<bool>& stop) {
  std::size_t got = 0;
  while (got < n) {
    const ssize_t r = ::recv(fd, p + got, n - got, MSG_DONTWAIT);
    if (r > 0) { got += static_cast<std::size_t>(r); continue; }
    if (r == 0) return false;
    if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) return false;
    if (stop.load(std::memory_order_relaxed)) return false;
  }
  return true;
}

bool send_all(int fd, const char* p, std::size_t n) {
  std::size_t put = 0;
  while (put < n) {
    const ssize_t r = ::send(fd, p + put, n - put, MSG_NOSIGNAL);
    if (r > 0) put += static_cast<std::size_t>(r);
    else if (r < 0 && errno != EAGAIN && errno != EINTR) return false;
  }
  return true;
}

}  // namespace

FloorResult measure_tcp_floor(int iters, int warmup, std::size_t size, int client_cpu, int server_cpu) {
  FloorResult out;
  const int lfd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t alen = sizeof a;
  if (lfd < 0 || ::bind(lfd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(lfd, 1) != 0 ||
      ::getsockname(lfd, reinterpret_cast<sockaddr*>(&a), &alen) != 0) {
    out.error = "listen socket failed";
    if (lfd >= 0) ::close(lfd);
    return out;
  }
  const int cfd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (cfd < 0 || ::connect(cfd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    out.error = "connect failed";
    ::close(lfd);
    if (cfd >= 0) ::close(cfd);
    return out;
  }
  const int sfd = ::accept(lfd, nullptr, nullptr);
  ::close(lfd);
  const int one = 1;
  ::setsockopt(cfd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  ::setsockopt(sfd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  std::atomic<bool> stop{false};
  std::thread echo([&] {
    set_current_thread_name("bench-floor");
    if (server_cpu >= 0) (void)pin_current_thread(server_cpu);
    std::vector<char> buf(size);
    while (spin_recv(sfd, buf.data(), size, stop) && send_all(sfd, buf.data(), size)) {
    }
  });
  // The client runs on a thread of its own: pinning the caller would pin every thread it
  // starts later.
  std::thread client([&] {
    if (client_cpu >= 0) (void)pin_current_thread(client_cpu);
    std::vector<char> buf(size, 'x');
    for (int i = 0; i < warmup + iters; ++i) {
      const TscTicks t = Clock::now();
      if (!send_all(cfd, buf.data(), size) || !spin_recv(cfd, buf.data(), size, stop)) {
        out.error = "connection failed";
        break;
      }
      if (i >= warmup) out.rtt.record(static_cast<std::uint64_t>(Clock::to_ns(Clock::now() - t)));
    }
  });
  client.join();
  stop.store(true);
  ::shutdown(cfd, SHUT_RDWR);
  echo.join();
  ::close(cfd);
  ::close(sfd);
  return out;
}

}  // namespace xtb::bench
