// bench_peers.hpp — the echo peers and client stacks used by xtb_bench_net: a busy-poll
// blocking-socket echo thread (the floor's peer), our own EventLoop server thread
// (TCP, TLS, or WebSocket over TLS), and the matching client stacks.
#pragma once
#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <string>
#include <sys/socket.h>
#include <sys/utsname.h>
#include <thread>
#include <unistd.h>
#include <vector>

#include "core/affinity.hpp"
#include "core/clock.hpp"
#include "net/connection.hpp"
#include "net/connection_ws.hpp"
#include "net/tls/self_signed.hpp"
#include "net/uring/event_loop.hpp"

namespace xtb::net::bench {

using xtb::Clock;

inline std::string kernel_release() {
  utsname u{};
  return uname(&u) == 0 ? u.release : "?";
}

inline int connect_blocking(std::uint16_t port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  const Endpoint ep = ipv4("127.0.0.1", port);
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&ep.addr), ep.len) < 0) std::perror("connect");
  return fd;
}

/// CA + localhost leaf in a temporary directory (removed at exit).
struct BenchPki {
  std::string dir;
  TestPki pki;
  BenchPki() {
    char tmpl[] = "/tmp/xtb-bench-net-XXXXXX";
    dir = mkdtemp(tmpl) != nullptr ? tmpl : "/tmp";
    std::string err;
    if (!make_test_pki(dir, "bench", &pki, &err)) { std::fprintf(stderr, "pki: %s\n", err.c_str()); std::exit(1); }
  }
  ~BenchPki() {
    std::error_code ec;
    if (dir != "/tmp") std::filesystem::remove_all(dir, ec);
  }
};

/// Echo peer on a plain blocking socket: spins on recv(MSG_DONTWAIT), echoes at once.
/// Serves one connection at a time, accepting the next when the previous ends.
class BusyEchoPeer {
 public:
  explicit BusyEchoPeer(int cpu) {
    lfd_ = make_listen_socket(ipv4("127.0.0.1", 0), 16);
    port_ = local_port(lfd_);
    thread_ = std::thread([this, cpu] { run(cpu); });
  }
  ~BusyEchoPeer() {
    stop_ = true;
    thread_.join();
    ::close(lfd_);
  }
  std::uint16_t port() const { return port_; }

 private:
  void run(int cpu) {
    if (cpu >= 0) pin_current_thread(cpu);
    std::vector<std::uint8_t> buf(64 * 1024);
    while (!stop_) {
      pollfd p{lfd_, POLLIN, 0};
      if (::poll(&p, 1, 20) <= 0) continue;
      const int fd = accept4(lfd_, nullptr, nullptr, 0);
      if (fd < 0) continue;
      int one = 1;
      setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      while (!stop_) {
        const ssize_t n = ::recv(fd, buf.data(), buf.size(), MSG_DONTWAIT);
        if (n > 0) (void)!::send(fd, buf.data(), static_cast<std::size_t>(n), 0);
        else if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) break;
      }
      ::close(fd);
    }
  }
  int lfd_ = -1;
  std::uint16_t port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

/// Loop client that counts received bytes (for the single-loop rows).
struct CountingClient final : ConnHandler {
  int connect_err = -1;
  std::size_t received = 0;
  void on_connect(ConnId, int err) noexcept override { connect_err = err; }
  void on_data(ConnId, const std::uint8_t*, std::size_t n) noexcept override { received += n; }
  void on_close(ConnId, int) noexcept override {}
};

enum class PeerKind { Tcp, Tls, WsTls };

/// Raw echo codec (server side of the TCP / TLS rows) and byte counter (client side).
struct EchoCodec final : StreamCodec {
  ByteStream* out = nullptr;
  std::size_t received = 0;
  bool echo = false;
  void on_open(ByteStream& o) noexcept override { out = &o; }
  void on_bytes(const std::uint8_t* d, std::size_t n) noexcept override {
    received += n;
    if (echo) out->write(d, n);
  }
  void on_closed(std::int32_t) noexcept override { out = nullptr; }
};

/// WebSocket handler: server echoes each message; client counts them.
struct WsEcho final : WsHandler {
  WsStream* stream = nullptr;
  bool echo = false;
  bool open = false;
  std::uint64_t messages = 0;
  void on_open() override { open = true; }
  void on_message(WsOpcode op, const std::uint8_t* d, std::size_t n) override {
    ++messages;
    if (echo) stream->send(op, d, n);
  }
  void on_close(std::uint16_t, std::string_view) override { open = false; }
  void on_error(WsError, std::uint16_t) override { open = false; }
};

/// One connection's full stack: Connection (+ TLS) + codec (+ WebSocket).
class Stack {
 public:
  Stack(EventLoop& loop, PeerKind kind, TlsContext* ctx, bool server, std::uint16_t port) : loop_(loop), kind_(kind) {
    ConnectionConfig cfg;
    cfg.host = "localhost";
    cfg.connect_address = "127.0.0.1";
    cfg.port = port;
    cfg.tls = kind != PeerKind::Tcp;
    cfg.reconnect = false;
    StreamCodec* codec = &echo_;
    echo_.echo = server;
    if (kind == PeerKind::WsTls) {
      WsStreamOptions wo;
      wo.ws.role = server ? WsRole::Server : WsRole::Client;
      wo.ws.ping_interval_ns = 0;
      wo.host = "localhost";
      ws_handler_.echo = server;
      ws_ = std::make_unique<WsStream>(loop, wo, ws_handler_);
      ws_handler_.stream = ws_.get();
      codec = ws_.get();
    }
    conn_ = std::make_unique<Connection>(loop, ctx, cfg, *codec);
  }
  bool start() { return conn_->start(); }
  bool accept(int fd) { return conn_->accept(fd); }
  bool is_open() const { return kind_ == PeerKind::WsTls ? ws_handler_.open : conn_->is_open(); }
  bool wait_open(std::int64_t timeout_ns) {
    const std::int64_t end = Clock::monotonic_ns() + timeout_ns;
    while (!is_open() && Clock::monotonic_ns() < end) loop_.poll(0);
    return is_open();
  }
  /// Sends `n` bytes (one WS text message) and spins until the echo is back; false if
  /// the connection died. The send is submitted by the next poll(), with the reap.
  bool round_trip(const std::uint8_t* data, std::size_t n) {
    if (kind_ == PeerKind::WsTls) {
      const std::uint64_t want = ws_handler_.messages + 1;
      if (ws_->send_text(data, n) != WsSendStatus::Ok) return false;
      while (ws_handler_.messages < want && is_open()) loop_.poll(0);
      return ws_handler_.messages >= want;
    }
    echo_.received = 0;
    if (!conn_->write(data, n)) return false;
    while (echo_.received < n && conn_->is_open()) loop_.poll(0);
    return echo_.received >= n;
  }
  void stop() { conn_->stop(); }

 private:
  EventLoop& loop_;
  PeerKind kind_;
  EchoCodec echo_;
  WsEcho ws_handler_;
  std::unique_ptr<WsStream> ws_;
  std::unique_ptr<Connection> conn_;
};

/// Our own server on a second thread: busy-spinning EventLoop, every accepted socket
/// wrapped in a server Stack of `kind`.
class PeerThread final : ConnHandler {
 public:
  PeerThread(PeerKind kind, const BenchPki& pki, int cpu) : kind_(kind) {
    TlsServerOptions opt;
    opt.cert_file = pki.pki.leaf.cert_path;
    opt.key_file = pki.pki.leaf.key_path;
    ctx_ = TlsContext::server(opt);
    thread_ = std::thread([this, cpu] { run(cpu); });
    while (port_.load() == 0) std::this_thread::yield();
  }
  ~PeerThread() {
    stop_ = true;
    thread_.join();
  }
  std::uint16_t port() const { return port_.load(); }

 private:
  void run(int cpu) {
    if (cpu >= 0) pin_current_thread(cpu);
    LoopConfig cfg;
    cfg.wait_mode = WaitMode::BusySpin;
    auto loop = EventLoop::create(cfg);  // on this thread: SINGLE_ISSUER binds it here
    loop_ = loop.get();
    const int lfd = make_listen_socket(ipv4("127.0.0.1", 0), 16);
    const std::uint16_t port = local_port(lfd);
    loop->listen(lfd, *this);
    port_.store(port);
    while (!stop_.load(std::memory_order_relaxed)) loop->poll(0);
    sessions_.clear();
  }
  void on_connect(ConnId, int) noexcept override {}
  void on_data(ConnId, const std::uint8_t*, std::size_t) noexcept override {}
  void on_close(ConnId, int) noexcept override {}
  void on_accept(ConnId, int fd) noexcept override {
    auto s = std::make_unique<Stack>(*loop_, kind_, ctx_.get(), true, 0);
    s->accept(fd);
    sessions_.push_back(std::move(s));
  }

  PeerKind kind_;
  std::unique_ptr<TlsContext> ctx_;
  EventLoop* loop_ = nullptr;
  std::vector<std::unique_ptr<Stack>> sessions_;
  std::atomic<std::uint16_t> port_{0};
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

/// Client side of a Connection row.
class ClientStack {
 public:
  ClientStack(EventLoop& loop, PeerKind kind, const BenchPki& pki, std::uint16_t port) {
    TlsClientOptions opt;
    opt.ca_file = pki.pki.ca.cert_path;
    ctx_ = TlsContext::client(opt);
    stack_ = std::make_unique<Stack>(loop, kind, ctx_.get(), false, port);
    stack_->start();
  }
  bool wait_open(std::int64_t timeout_ns) { return stack_->wait_open(timeout_ns); }
  bool round_trip(const std::uint8_t* d, std::size_t n) { return stack_->round_trip(d, n); }
  void stop() { stack_->stop(); }

 private:
  std::unique_ptr<TlsContext> ctx_;
  std::unique_ptr<Stack> stack_;
};

}  // namespace xtb::net::bench
