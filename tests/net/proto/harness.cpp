// harness.cpp — PeerProcess and Loopback (see harness.hpp).
#include "harness.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>

namespace xtb::test {

std::int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

std::string peer_script(const char* name) {
  return std::string(XTB_SOURCE_DIR) + "/tests/net/proto/peers/" + name;
}

// ------------------------------------------------------------------ PeerProcess

bool PeerProcess::start(const std::vector<std::string>& argv) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return false;
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const bool verbose = std::getenv("XTB_TEST_VERBOSE") != nullptr;
  const pid_t pid = fork();
  if (pid < 0) return false;
  if (pid == 0) {
    dup2(fds[1], STDOUT_FILENO);
    if (!verbose) {
      const int devnull = open("/dev/null", O_WRONLY);
      if (devnull >= 0) dup2(devnull, STDERR_FILENO);
    }
    execv(args[0], args.data());
    _exit(127);
  }
  close(fds[1]);
  pid_ = pid;
  out_fd_ = fds[0];
  return true;
}

bool PeerProcess::read_line(std::string& line, int timeout_ms) {
  const std::int64_t deadline = now_ms() + timeout_ms;
  for (;;) {
    const std::size_t nl = buf_.find('\n');
    if (nl != std::string::npos) {
      line = buf_.substr(0, nl);
      buf_.erase(0, nl + 1);
      return true;
    }
    const std::int64_t left = deadline - now_ms();
    if (left <= 0 || out_fd_ < 0) return false;
    pollfd p{out_fd_, POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(left)) <= 0) continue;
    char tmp[4096];
    const ssize_t r = read(out_fd_, tmp, sizeof(tmp));
    if (r <= 0) return false;
    buf_.append(tmp, static_cast<std::size_t>(r));
  }
}

bool PeerProcess::expect_line(const std::string& prefix, std::string& rest, int timeout_ms) {
  const std::int64_t deadline = now_ms() + timeout_ms;
  std::string line;
  while (read_line(line, static_cast<int>(std::max<std::int64_t>(0, deadline - now_ms())))) {
    if (line.rfind(prefix, 0) == 0) {
      rest = line.substr(prefix.size());
      return true;
    }
  }
  return false;
}

int PeerProcess::wait_exit(int timeout_ms) {
  if (pid_ <= 0) return -1;
  const std::int64_t deadline = now_ms() + timeout_ms;
  int status = 0;
  while (now_ms() <= deadline) {
    const pid_t r = waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
      pid_ = -1;
      return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
    usleep(5000);
  }
  kill_now();
  return -1;
}

void PeerProcess::kill_now() {
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    int status = 0;
    bool gone = false;
    for (int i = 0; i < 100 && !gone; ++i) {
      gone = waitpid(pid_, &status, WNOHANG) == pid_;
      if (!gone) usleep(5000);
    }
    if (!gone) {
      kill(pid_, SIGKILL);
      waitpid(pid_, &status, 0);
    }
    pid_ = -1;
  }
  if (out_fd_ >= 0) close(out_fd_);
  out_fd_ = -1;
}

// ------------------------------------------------------------------ Loopback

Loopback::Loopback(int fd) : fd_(fd), storage_(std::make_unique<std::uint8_t[]>(kTxCapacity)), rx_(256 * 1024) {
  tx_.bind(storage_.get(), static_cast<std::uint32_t>(kTxCapacity));
  const int one = 1;
  setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  fcntl(fd_, F_SETFL, fcntl(fd_, F_GETFL) | O_NONBLOCK);
}

Loopback::~Loopback() {
  if (fd_ >= 0) close(fd_);
}

std::unique_ptr<Loopback> Loopback::connect(std::uint16_t port, int timeout_ms) {
  const std::int64_t deadline = now_ms() + timeout_ms;
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  while (now_ms() <= deadline) {
    const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof(a)) == 0) return std::make_unique<Loopback>(fd);
    close(fd);
    usleep(10000);
  }
  return nullptr;
}

int Loopback::listen(std::uint16_t* port) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(a);
  if (bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof(a)) != 0 || ::listen(fd, 8) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
    close(fd);
    return -1;
  }
  *port = ntohs(a.sin_port);
  return fd;
}

std::unique_ptr<Loopback> Loopback::accept(int listen_fd, int timeout_ms) {
  pollfd p{listen_fd, POLLIN, 0};
  if (poll(&p, 1, timeout_ms) <= 0) return nullptr;
  const int fd = ::accept4(listen_fd, nullptr, nullptr, SOCK_CLOEXEC);
  return fd < 0 ? nullptr : std::make_unique<Loopback>(fd);
}

bool Loopback::send_raw(const void* data, std::size_t n) {
  const auto* p = static_cast<const std::uint8_t*>(data);
  const std::int64_t deadline = now_ms() + 2000;
  while (n > 0 && now_ms() <= deadline) {
    const ssize_t r = ::send(fd_, p, n, MSG_NOSIGNAL);
    if (r > 0) {
      p += r;
      n -= static_cast<std::size_t>(r);
    } else if (r < 0 && errno != EAGAIN && errno != EINTR) {
      return false;
    } else {
      pollfd pf{fd_, POLLOUT, 0};
      poll(&pf, 1, 10);
    }
  }
  return n == 0;
}

void Loopback::pump(const std::function<void(const std::uint8_t*, std::size_t)>& on_bytes,
                    const std::function<void()>& on_eof, int poll_ms) {
  while (tx_.queued() > 0) {
    const auto span = tx_.begin_send();
    const ssize_t r = ::send(fd_, span.data(), span.size(), MSG_NOSIGNAL);
    tx_.complete_send(r > 0 ? static_cast<std::uint32_t>(r) : 0);
    if (r <= 0) {
      if (r < 0 && errno != EAGAIN && errno != EINTR) tx_.clear();  // peer gone: drop output
      break;
    }
  }
  if (eof_) return;
  pollfd p{fd_, static_cast<short>(POLLIN | (tx_.queued() ? POLLOUT : 0)), 0};
  if (poll(&p, 1, poll_ms) <= 0 || (p.revents & (POLLIN | POLLHUP | POLLERR)) == 0) return;
  const ssize_t r = ::recv(fd_, rx_.data(), rx_.size(), 0);
  if (r > 0) {
    std::size_t off = 0;
    const auto n = static_cast<std::size_t>(r);
    while (off < n) {
      std::size_t piece = n - off;
      if (split_ > 0) {
        split_seed_ = split_seed_ * 1103515245u + 12345u;
        piece = std::min<std::size_t>(piece, 1 + (split_seed_ >> 8) % split_);
      }
      on_bytes(rx_.data() + off, piece);
      off += piece;
    }
  } else if (r == 0 || (errno != EAGAIN && errno != EINTR)) {
    eof_ = true;
    on_eof();
  }
}

bool Loopback::flush(int timeout_ms) {
  const std::int64_t deadline = now_ms() + timeout_ms;
  while (tx_.queued() > 0 && now_ms() <= deadline) {
    const auto span = tx_.begin_send();
    const ssize_t r = ::send(fd_, span.data(), span.size(), MSG_NOSIGNAL);
    tx_.complete_send(r > 0 ? static_cast<std::uint32_t>(r) : 0);
    if (r < 0 && errno != EAGAIN && errno != EINTR) return false;
    if (r <= 0) {
      pollfd p{fd_, POLLOUT, 0};
      poll(&p, 1, 10);
    }
  }
  return tx_.queued() == 0;
}

void Loopback::close_gracefully(int timeout_ms) {
  if (fd_ < 0) return;
  flush(timeout_ms);
  shutdown(fd_, SHUT_WR);
  const std::int64_t deadline = now_ms() + timeout_ms;
  std::uint8_t tmp[4096];
  while (!eof_ && now_ms() <= deadline) {
    pollfd p{fd_, POLLIN, 0};
    if (poll(&p, 1, 10) <= 0) continue;
    const ssize_t r = ::recv(fd_, tmp, sizeof(tmp), 0);
    if (r == 0 || (r < 0 && errno != EAGAIN && errno != EINTR)) eof_ = true;
  }
  close(fd_);
  fd_ = -1;
}

void Loopback::abort() {
  if (fd_ < 0) return;
  const linger l{1, 0};
  setsockopt(fd_, SOL_SOCKET, SO_LINGER, &l, sizeof(l));
  close(fd_);
  fd_ = -1;
  eof_ = true;
}

}  // namespace xtb::test
