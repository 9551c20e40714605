// socket_util.cpp — see socket_util.hpp.
#include "net/uring/socket_util.hpp"

#include <arpa/inet.h>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/tcp.h>
#include <unistd.h>

namespace xtb::net {

std::uint16_t Endpoint::port() const noexcept {
  if (addr.ss_family == AF_INET) return ntohs(reinterpret_cast<const sockaddr_in&>(addr).sin_port);
  if (addr.ss_family == AF_INET6) return ntohs(reinterpret_cast<const sockaddr_in6&>(addr).sin6_port);
  return 0;
}

void Endpoint::format(char* out, std::size_t cap) const noexcept {
  char host[INET6_ADDRSTRLEN] = "?";
  if (addr.ss_family == AF_INET) {
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in&>(addr).sin_addr, host, sizeof host);
    std::snprintf(out, cap, "%s:%u", host, port());
  } else if (addr.ss_family == AF_INET6) {
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6&>(addr).sin6_addr, host, sizeof host);
    std::snprintf(out, cap, "[%s]:%u", host, port());
  } else {
    std::snprintf(out, cap, "<unset>");
  }
}

int resolve(const char* host, std::uint16_t port, Endpoint* out) noexcept {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  char service[8];
  std::snprintf(service, sizeof service, "%u", port);
  addrinfo* list = nullptr;
  if (getaddrinfo(host, service, &hints, &list) != 0 || list == nullptr) return -EHOSTUNREACH;
  const addrinfo* pick = list;
  for (const addrinfo* ai = list; ai != nullptr; ai = ai->ai_next) {
    if (ai->ai_family == AF_INET) { pick = ai; break; }  // prefer IPv4: venues publish A records first
  }
  std::memcpy(&out->addr, pick->ai_addr, pick->ai_addrlen);
  out->len = static_cast<socklen_t>(pick->ai_addrlen);
  freeaddrinfo(list);
  return 0;
}

Endpoint ipv4(const char* dotted, std::uint16_t port) noexcept {
  Endpoint ep;
  auto& sin = reinterpret_cast<sockaddr_in&>(ep.addr);
  sin.sin_family = AF_INET;
  sin.sin_port = htons(port);
  inet_pton(AF_INET, dotted, &sin.sin_addr);
  ep.len = sizeof(sockaddr_in);
  return ep;
}

namespace {
int set_nodelay(int fd) noexcept {
  int one = 1;
  return setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) == 0 ? 0 : -errno;
}
}  // namespace

int make_tcp_socket(int family) noexcept {
  int fd = socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_TCP);
  if (fd < 0) return -errno;
  if (int rc = set_nodelay(fd); rc < 0) { close(fd); return rc; }
  return fd;
}

int tune_accepted_socket(int fd) noexcept {
  int flags = fcntl(fd, F_GETFL);
  if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0) return -errno;
  return set_nodelay(fd);
}

int make_listen_socket(const Endpoint& at, int backlog) noexcept {
  int fd = socket(at.addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_TCP);
  if (fd < 0) return -errno;
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (bind(fd, reinterpret_cast<const sockaddr*>(&at.addr), at.len) < 0 || listen(fd, backlog) < 0) {
    int err = -errno;
    close(fd);
    return err;
  }
  return fd;
}

std::uint16_t local_port(int fd) noexcept {
  Endpoint ep;
  ep.len = sizeof ep.addr;
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&ep.addr), &ep.len) < 0) return 0;
  return ep.port();
}

}  // namespace xtb::net
