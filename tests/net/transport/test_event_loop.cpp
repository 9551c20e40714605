// test_event_loop.cpp — TCP through our EventLoop on loopback, on every backend
// (io_uring with DEFER_TASKRUN, io_uring plain, epoll): echo round trips, a bulk transfer
// under tx backpressure and provided-buffer shortage, connect errors and timeouts, peer
// close, timers, and stale handles.
#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

#include "loop_harness.hpp"

namespace xtb::net::test {
namespace {

/// Accepts every connection and echoes what it receives.
struct EchoServer final : ConnHandler {
  EventLoop& loop;
  ConnId last = kInvalidConn;
  int closes = 0;
  bool close_on_accept = false;
  explicit EchoServer(EventLoop& l) : loop(l) {}
  void on_connect(ConnId, int) noexcept override {}
  void on_accept(ConnId, int fd) noexcept override {
    last = loop.adopt(fd, *this);
    if (close_on_accept) loop.close(last);
  }
  void on_data(ConnId id, const std::uint8_t* d, std::size_t n) noexcept override { CHECK(loop.send(id, d, n)); }
  void on_close(ConnId, int) noexcept override { ++closes; }
};

/// Client side: records connect result, received bytes and close reason.
struct Client final : ConnHandler {
  int connect_err = -1;
  int close_err = -1;
  std::vector<std::uint8_t> rx;
  int tx_space_calls = 0;
  void on_connect(ConnId, int err) noexcept override { connect_err = err; }
  void on_data(ConnId, const std::uint8_t* d, std::size_t n) noexcept override { rx.insert(rx.end(), d, d + n); }
  void on_close(ConnId, int err) noexcept override { close_err = err; }
  void on_tx_space(ConnId) noexcept override { ++tx_space_calls; }
};

std::uint8_t pattern(std::size_t i) { return static_cast<std::uint8_t>((i * 131u + (i >> 8)) & 0xFF); }

}  // namespace

TEST_CASE("event loop: echo round trips on every backend") {
  for (const BackendCase& bc : kBackendCases) {
    const std::string backend_name = bc.name;
    CAPTURE(backend_name);
    auto loop = make_loop(bc);
    EchoServer server(*loop);
    std::uint16_t port = 0;
    REQUIRE(loop->listen(listen_loopback(&port), server) != kInvalidConn);
    Client client;
    const ConnId id = loop->connect(ipv4("127.0.0.1", port), client, 2'000'000'000);
    REQUIRE(id != kInvalidConn);
    REQUIRE(run_until(*loop, [&] { return client.connect_err >= 0; }));
    REQUIRE(client.connect_err == 0);
    REQUIRE(loop->is_open(id));

    std::vector<std::uint8_t> msg;
    for (std::size_t round = 0; round < 50; ++round) {
      const std::size_t len = 1 + round * 97;  // 1 .. 4754 bytes
      msg.resize(len);
      for (std::size_t i = 0; i < len; ++i) msg[i] = pattern(i + round);
      client.rx.clear();
      REQUIRE(loop->send(id, msg.data(), msg.size()));
      loop->flush();
      REQUIRE(run_until(*loop, [&] { return client.rx.size() >= len; }));
      REQUIRE(client.rx == msg);
    }
    CHECK(loop->stats().rx_bytes > 0);
    CHECK(loop->stats().tx_bytes == loop->stats().rx_bytes);  // every byte echoed once
    loop->close(id);
    CHECK_FALSE(loop->is_open(id));
    REQUIRE(run_until(*loop, [&] { return server.closes == 1; }));  // server saw our FIN
  }
}

TEST_CASE("event loop: 1 MiB transfer under tx backpressure and rx buffer shortage") {
  for (const BackendCase& bc : kBackendCases) {
    const std::string backend_name = bc.name;
    CAPTURE(backend_name);
    LoopConfig cfg;
    cfg.tx_buf_size = 64 * 1024;  // forces many tx_reserve failures → on_tx_space
    cfg.rx_buf_count = 2;         // 2 KiB of provided buffers: ENOBUFS + re-arm on io_uring
    cfg.rx_buf_size = 1024;
    auto loop = make_loop(bc, cfg);

    struct Sink final : ConnHandler {
      EventLoop& loop;
      std::size_t received = 0;
      bool corrupt = false;
      explicit Sink(EventLoop& l) : loop(l) {}
      void on_connect(ConnId, int) noexcept override {}
      void on_accept(ConnId, int fd) noexcept override { loop.adopt(fd, *this); }
      void on_data(ConnId, const std::uint8_t* d, std::size_t n) noexcept override {
        for (std::size_t i = 0; i < n; ++i) corrupt |= d[i] != pattern(received + i);
        received += n;
      }
      void on_close(ConnId, int) noexcept override {}
    } sink(*loop);
    std::uint16_t port = 0;
    REQUIRE(loop->listen(listen_loopback(&port), sink) != kInvalidConn);
    Client client;
    const ConnId id = loop->connect(ipv4("127.0.0.1", port), client, 0);
    REQUIRE(run_until(*loop, [&] { return client.connect_err == 0; }));

    constexpr std::size_t kTotal = 1 << 20;
    std::size_t sent = 0;
    const bool done = run_until(*loop, [&] {
      while (sent < kTotal) {  // write as much as the tx queue takes, then wait for space
        auto span = loop->tx_reserve(id, 1);
        if (span.empty()) break;
        const std::size_t n = std::min(span.size(), kTotal - sent);
        for (std::size_t i = 0; i < n; ++i) span[i] = pattern(sent + i);
        loop->tx_commit(id, n);
        sent += n;
      }
      return sink.received == kTotal;
    }, 20000);
    CHECK(done);
    CHECK_FALSE(sink.corrupt);
    CHECK(client.tx_space_calls > 0);
    CHECK(loop->stats().tx_full > 0);
    MESSAGE(backend_name << ": sends=" << loop->stats().sends << " rx_no_buffers=" << loop->stats().rx_no_buffers
                    << " recv_rearms=" << loop->stats().recv_rearms);
  }
}

TEST_CASE("event loop: bytes written from on_tx_space and afterwards are all sent (every backend)") {
  // Regression: a write made inside on_tx_space — which on epoll runs inside flush() —
  // must not leave the connection marked dirty without being listed, or later writes
  // would never be flushed.
  for (const BackendCase& bc : kBackendCases) {
    const std::string backend_name = bc.name;
    CAPTURE(backend_name);
    LoopConfig cfg;
    cfg.tx_buf_size = 4096;
    auto loop = make_loop(bc, cfg);
    struct Sink final : ConnHandler {
      EventLoop& loop;
      std::size_t received = 0;
      explicit Sink(EventLoop& l) : loop(l) {}
      void on_connect(ConnId, int) noexcept override {}
      void on_accept(ConnId, int fd) noexcept override { loop.adopt(fd, *this); }
      void on_data(ConnId, const std::uint8_t*, std::size_t n) noexcept override { received += n; }
      void on_close(ConnId, int) noexcept override {}
    } sink(*loop);
    struct Writer final : ConnHandler {  // refills the tx queue from on_tx_space
      EventLoop& loop;
      ConnId id = kInvalidConn;
      std::size_t left = 256 * 1024;
      int connect_err = -1;
      explicit Writer(EventLoop& l) : loop(l) {}
      void fill() {
        while (left > 0) {
          auto span = loop.tx_reserve(id, 1);
          if (span.empty()) return;
          const std::size_t n = std::min(span.size(), left);
          std::memset(span.data(), 'w', n);
          loop.tx_commit(id, n);
          left -= n;
        }
      }
      void on_connect(ConnId, int err) noexcept override { connect_err = err; }
      void on_data(ConnId, const std::uint8_t*, std::size_t) noexcept override {}
      void on_close(ConnId, int) noexcept override {}
      void on_tx_space(ConnId) noexcept override { fill(); }
    } writer(*loop);
    std::uint16_t port = 0;
    REQUIRE(loop->listen(listen_loopback(&port), sink) != kInvalidConn);
    writer.id = loop->connect(ipv4("127.0.0.1", port), writer, 0);
    REQUIRE(run_until(*loop, [&] { return writer.connect_err == 0; }));
    writer.fill();
    REQUIRE(run_until(*loop, [&] { return sink.received == 256 * 1024; }, 10000));
    CHECK(writer.left == 0);
    for (int i = 0; i < 3; ++i) {  // later writes from outside any callback still leave
      REQUIRE(loop->send(writer.id, "tail", 4));
      loop->flush();
      REQUIRE(run_until(*loop, [&] { return sink.received == std::size_t{256 * 1024 + 4} + std::size_t{4} * static_cast<std::size_t>(i); }));
    }
  }
}

TEST_CASE("event loop: connect refused is reported and the handle dies") {
  for (const BackendCase& bc : kBackendCases) {
    const std::string backend_name = bc.name;
    CAPTURE(backend_name);
    auto loop = make_loop(bc);
    std::uint16_t port = 0;
    ::close(listen_loopback(&port));  // nobody listens there any more
    Client c;
    const ConnId id = loop->connect(ipv4("127.0.0.1", port), c, 2'000'000'000);
    REQUIRE(id != kInvalidConn);
    REQUIRE(run_until(*loop, [&] { return c.connect_err >= 0; }));
    CHECK(c.connect_err == ECONNREFUSED);
    CHECK_FALSE(loop->is_open(id));
    CHECK_FALSE(loop->send(id, "x", 1));  // stale handle is rejected
    CHECK(loop->tx_queued(id) == 0);
  }
}

TEST_CASE("event loop: connect timeout fires when the peer never answers the SYN") {
  for (const BackendCase& bc : kBackendCases) {
    const std::string backend_name = bc.name;
    CAPTURE(backend_name);
    auto loop = make_loop(bc);
    // A listener whose accept queue is full drops further SYNs, so connect() hangs until
    // our timeout (100 ms) fires.
    std::uint16_t port = 0;
    const int lfd = listen_loopback(&port, 0);
    int fillers[3];
    for (int& f : fillers) {
      f = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
      Endpoint ep = ipv4("127.0.0.1", port);
      ::connect(f, reinterpret_cast<sockaddr*>(&ep.addr), ep.len);
    }
    usleep(20'000);
    Client c;
    REQUIRE(loop->connect(ipv4("127.0.0.1", port), c, 100'000'000) != kInvalidConn);
    REQUIRE(run_until(*loop, [&] { return c.connect_err >= 0; }, 3000));
    CHECK(c.connect_err == ETIMEDOUT);
    for (int f : fillers) ::close(f);
    ::close(lfd);
  }
}

TEST_CASE("event loop: peer close arrives as on_close with err 0") {
  for (const BackendCase& bc : kBackendCases) {
    const std::string backend_name = bc.name;
    CAPTURE(backend_name);
    auto loop = make_loop(bc);
    EchoServer server(*loop);
    server.close_on_accept = true;
    std::uint16_t port = 0;
    REQUIRE(loop->listen(listen_loopback(&port), server) != kInvalidConn);
    Client c;
    REQUIRE(loop->connect(ipv4("127.0.0.1", port), c, 0) != kInvalidConn);
    REQUIRE(run_until(*loop, [&] { return c.close_err >= 0; }));
    CHECK(c.connect_err == 0);
    CHECK(c.close_err == 0);  // orderly EOF
  }
}

TEST_CASE("event loop: close_after_send delivers the queued bytes, then closes") {
  for (const BackendCase& bc : kBackendCases) {
    const std::string backend_name = bc.name;
    CAPTURE(backend_name);
    auto loop = make_loop(bc);
    struct Sink final : ConnHandler {
      EventLoop& loop;
      std::size_t received = 0;
      int close_err = -1;
      explicit Sink(EventLoop& l) : loop(l) {}
      void on_connect(ConnId, int) noexcept override {}
      void on_accept(ConnId, int fd) noexcept override { loop.adopt(fd, *this); }
      void on_data(ConnId, const std::uint8_t*, std::size_t n) noexcept override { received += n; }
      void on_close(ConnId, int err) noexcept override { close_err = err; }
    } sink(*loop);
    std::uint16_t port = 0;
    REQUIRE(loop->listen(listen_loopback(&port), sink) != kInvalidConn);
    Client client;
    const ConnId id = loop->connect(ipv4("127.0.0.1", port), client, 0);
    REQUIRE(run_until(*loop, [&] { return client.connect_err == 0; }));
    std::vector<std::uint8_t> block(200 * 1024, 0x5A);
    REQUIRE(loop->send(id, block.data(), block.size()));
    loop->close_after_send(id);
    CHECK_FALSE(loop->is_open(id));        // dead for the owner at once
    CHECK_FALSE(loop->send(id, "x", 1));
    REQUIRE(run_until(*loop, [&] { return sink.close_err >= 0; }));
    CHECK(sink.received == block.size());  // nothing dropped
    CHECK(sink.close_err == 0);            // orderly FIN after the data
    CHECK(client.close_err == -1);         // the owner gets no callback after letting go
  }
}

TEST_CASE("event loop: timers fire in deadline order; cancel and re-arm replace deadlines") {
  for (const BackendCase& bc : kBackendCases) {
    const std::string backend_name = bc.name;
    CAPTURE(backend_name);
    auto loop = make_loop(bc);
    struct Recorder final : TimerHandler {
      std::vector<TimerId> fired;
      void on_timer(TimerId id) noexcept override { fired.push_back(id); }
    } rec;
    const TimerId a = loop->add_timer(rec), b = loop->add_timer(rec), c = loop->add_timer(rec);
    const TimerId d = loop->add_timer(rec);
    REQUIRE(d != kInvalidTimer);
    const std::int64_t now = Clock::monotonic_ns();
    loop->arm_timer(a, now + 60'000'000);
    loop->arm_timer(b, now + 20'000'000);
    loop->arm_timer(c, now + 40'000'000);
    loop->arm_timer(d, now + 30'000'000);
    loop->cancel_timer(c);                 // never fires
    loop->arm_timer(a, now + 10'000'000);  // re-arm earlier: fires once, first
    REQUIRE(run_until(*loop, [&] { return rec.fired.size() >= 3; }, 2000));
    run_until(*loop, [] { return false; }, 80);  // nothing else may fire afterwards
    REQUIRE(rec.fired.size() == 3);
    CHECK(rec.fired[0] == a);
    CHECK(rec.fired[1] == b);
    CHECK(rec.fired[2] == d);
    CHECK(Clock::monotonic_ns() >= now + 30'000'000);  // never early
  }
}

TEST_CASE("event loop: Backend::Auto picks io_uring here and logs the features") {
  LoopConfig cfg;
  std::string err;
  auto loop = EventLoop::create(cfg, &err);
  REQUIRE(loop != nullptr);
  const LoopFeatures& f = loop->features();
  MESSAGE("kernel " << f.kernel << " backend=" << std::string(to_string(f.backend)) << " defer_taskrun=" << f.defer_taskrun
                    << " buf_ring=" << f.buf_ring << " multishot_recv=" << f.multishot_recv);
  if (f.backend == Backend::Uring) CHECK(f.buf_ring);
  CHECK(f.kernel[0] != '\0');
}

TEST_CASE("event loop: invalid configuration is rejected with a reason") {
  LoopConfig cfg;
  cfg.rx_buf_count = 100;  // not a power of two
  std::string err;
  CHECK(EventLoop::create(cfg, &err) == nullptr);
  CHECK(err.find("power of two") != std::string::npos);
}

}  // namespace xtb::net::test
