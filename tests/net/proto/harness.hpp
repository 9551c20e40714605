// harness.hpp — test-only plumbing for the protocol peer tests: a child process running
// a peer we did not write (python3-websockets, node ws, python http.server) and a
// blocking-socket loopback connection that pumps bytes between the kernel and one of
// our sans-IO codecs (anything with on_bytes(const uint8_t*, size_t) and on_eof()).
//
// Every wait is bounded (explicit timeouts in ms); PeerProcess kills its child (SIGTERM,
// then SIGKILL) in its destructor, so a failing CHECK never leaves a peer running.
// Test code: std::string/std::function are fine here.
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "net/uring/tx_buffer.hpp"

namespace xtb::test {

/// A child process with its stdout on a pipe (stderr → /dev/null unless XTB_TEST_VERBOSE).
class PeerProcess {
 public:
  PeerProcess() = default;
  ~PeerProcess() { kill_now(); }
  PeerProcess(const PeerProcess&) = delete;
  PeerProcess& operator=(const PeerProcess&) = delete;

  /// execv(argv[0], argv). Returns false if fork/exec failed.
  bool start(const std::vector<std::string>& argv);
  /// Next stdout line (without '\n'); false on timeout or EOF.
  bool read_line(std::string& line, int timeout_ms);
  /// Reads lines until one starts with `prefix`; returns the rest of that line in `rest`.
  bool expect_line(const std::string& prefix, std::string& rest, int timeout_ms);
  /// Waits for exit; returns the exit status, or -1 on timeout/signal (child then killed).
  int wait_exit(int timeout_ms);
  void kill_now();
  bool running() const { return pid_ > 0; }

 private:
  int pid_ = -1;
  int out_fd_ = -1;
  std::string buf_;
};

/// Absolute path of a peer script in tests/net/proto/peers/.
std::string peer_script(const char* name);
/// Absolute path of the python interpreter with Debian's python3 packages.
inline const char* system_python() { return "/usr/bin/python3"; }

/// One loopback TCP connection driven by the test thread.
class Loopback {
 public:
  static constexpr std::size_t kTxCapacity = 4u << 20;

  explicit Loopback(int fd);
  ~Loopback();
  Loopback(const Loopback&) = delete;
  Loopback& operator=(const Loopback&) = delete;

  /// Connects to 127.0.0.1:port (blocking, ≤ timeout_ms). nullptr on failure.
  static std::unique_ptr<Loopback> connect(std::uint16_t port, int timeout_ms = 2000);
  /// Accepts one connection on `listen_fd` within timeout_ms. nullptr on timeout.
  static std::unique_ptr<Loopback> accept(int listen_fd, int timeout_ms = 5000);
  /// Listening socket on 127.0.0.1 with an ephemeral port (written to *port); -1 on error.
  static int listen(std::uint16_t* port);

  net::TxBuffer& tx() { return tx_; }
  int fd() const { return fd_; }
  bool eof() const { return eof_; }
  /// Feed received bytes to the codec in pieces of 1..max bytes (deterministic sizes),
  /// to exercise every split point of the parsers. 0 = whole reads.
  void set_split(std::size_t max_piece) { split_ = max_piece; }

  /// One round: send what the TxBuffer holds, wait ≤ poll_ms for input, feed it to
  /// `on_bytes`, or call `on_eof` once when the peer closed.
  void pump(const std::function<void(const std::uint8_t*, std::size_t)>& on_bytes,
            const std::function<void()>& on_eof, int poll_ms);
  /// Sends the whole TxBuffer (≤ timeout_ms). False if the peer is gone or time ran out.
  bool flush(int timeout_ms);
  /// Raw bytes straight to the socket (tests that play a misbehaving peer).
  bool send_raw(const void* data, std::size_t n);
  /// Flush, shut down our write side, drain until the peer's EOF (≤ timeout_ms), close.
  void close_gracefully(int timeout_ms);
  /// Close immediately with RST (SO_LINGER 0): a vanishing peer.
  void abort();

 private:
  int fd_;
  std::unique_ptr<std::uint8_t[]> storage_;
  net::TxBuffer tx_;
  std::vector<std::uint8_t> rx_;
  std::size_t split_ = 0;
  std::uint32_t split_seed_ = 12345;
  bool eof_ = false;
};

/// Pumps `codec` on `conn` until `done()` or timeout; true when done() became true.
template <class Codec>
bool pump_until(Loopback& conn, Codec& codec, const std::function<bool()>& done, int timeout_ms = 5000);

/// Monotonic wall time in ms (test deadlines only).
std::int64_t now_ms();

template <class Codec>
bool pump_until(Loopback& conn, Codec& codec, const std::function<bool()>& done, int timeout_ms) {
  const std::int64_t deadline = now_ms() + timeout_ms;
  auto on_bytes = [&](const std::uint8_t* p, std::size_t n) { codec.on_bytes(p, n); };
  auto on_eof = [&]() { codec.on_eof(); };
  while (!done()) {
    if (now_ms() > deadline) return false;
    conn.pump(on_bytes, on_eof, 5);
    if (conn.eof() && !done()) {
      // Nothing more will arrive; give done() one last look after the EOF was handled.
      return done();
    }
  }
  return true;
}

}  // namespace xtb::test
