// sim_harness.hpp — test plumbing for the xtb-sim tests: the server as a child process
// (ready line parsed, SIGTERM at the end, stderr kept for `fault:` assertions) and our
// own clients on one EventLoop driven by the test thread:
//   RestClient — Connection (TLS, verified against the simulator's cert) + HttpClientConnection
//   WsClient   — Connection + WsStream (src/net/connection_ws.hpp), messages collected
// plus request signing with binance::HmacSha256Signer. Test code: std::string is fine.
// Every wait is bounded; a failing check never leaves the server running.
#pragma once
#include "sim/sim_child.hpp"
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "net/connection.hpp"
#include "net/connection_ws.hpp"
#include "net/http/http_client.hpp"
#include "net/tls/tls_context.hpp"
#include "net/uring/event_loop.hpp"

namespace xtb::simtest {

inline constexpr const char* kApiKey = "dbefbc809e3e83c283a984c3a1459732ea7db1360ca80c5c2c8867408d28cc83";
inline constexpr const char* kApiSecret = "2b5eb11e18796d12d88f13dc27dbbd02c2cc51ff7059765ed9821957d82bb4d9";

std::string data_path(const std::string& rel);
std::string source_path(const std::string& rel);

/// xtb-sim as a child process.
class SimProcess {
 public:
  ~SimProcess();  ///< stops the server, removes its directory
  /// Starts xtb-sim with `args` (--cert-dir/--port/--dump are added; --cert-dir is
  /// `cert_dir` when given, else the process's own scratch directory); waits for the ready
  /// line. False (with the process output in `log()`) on failure.
  bool start(const std::vector<std::string>& args, int timeout_ms = 20000, const std::string& cert_dir = {});
  /// SIGTERM and wait; returns the exit status (-1 when it had to be killed).
  int stop(int timeout_ms = 10000);
  std::uint16_t port() const { return port_; }
  const std::string& cert() const { return cert_; }
  const std::string& dir() const { return dir_; }
  std::string dump_path() const { return child_.dump_path(); }
  /// Everything the server wrote to stderr so far.
  std::string log() const;
  /// Waits until stderr contains `needle`.
  bool wait_log(const std::string& needle, int timeout_ms) const;

 private:
  SimChild child_;
  std::uint16_t port_ = 0;
  std::string dir_, cert_;
};

/// One loop for all clients of a test, on the test thread.
class ClientLoop {
 public:
  explicit ClientLoop(const std::string& ca_file);
  net::EventLoop& loop() { return *loop_; }
  net::TlsContext& tls() { return *tls_; }
  /// Polls until `done()` or `timeout_ms`; returns done().
  bool run_until(const std::function<bool()>& done, int timeout_ms);
  void run_for(int ms);

 private:
  std::unique_ptr<net::EventLoop> loop_;
  std::unique_ptr<net::TlsContext> tls_;
};

struct HttpResult {
  int status = 0;             ///< 0: no response (error / timeout)
  std::string body;
  std::map<std::string, std::string> headers;  ///< lower-case names
  bool failed = false;        ///< connection error before a response
  std::string header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? std::string() : it->second;
  }
};

/// Keep-alive HTTPS client, one request at a time.
class RestClient final : public net::StreamCodec, public net::HttpClientHandler {
 public:
  RestClient(ClientLoop& cl, std::uint16_t port);
  ~RestClient();
  /// Sends and waits. `api_key` empty: no X-MBX-APIKEY header.
  HttpResult request(const std::string& method, const std::string& target, const std::string& body = {},
                     const std::string& api_key = kApiKey, int timeout_ms = 10000);
  /// Sends with the given headers (venue-neutral: e.g. Backpack's X-API-Key / X-Signature /
  /// X-Timestamp / X-Window) and body content type, and waits.
  HttpResult request_with(const std::string& method, const std::string& target, const std::string& body,
                          const std::vector<std::pair<std::string, std::string>>& headers,
                          const std::string& content_type = "application/json", int timeout_ms = 10000);
  /// Signed request: `params` + timestamp (+ recvWindow) signed with `secret`, in the query
  /// (GET/DELETE) or the body (POST/PUT).
  HttpResult signed_request(const std::string& method, const std::string& path, const std::string& params,
                            const std::string& secret = kApiSecret, std::int64_t ts_offset_ms = 0);
  bool connected() const { return stream_ != nullptr; }

 private:
  void on_open(net::ByteStream& out) noexcept override;
  void on_bytes(const std::uint8_t* d, std::size_t n) noexcept override;
  void on_writable() noexcept override { drain(); }
  void on_closed(std::int32_t) noexcept override;
  void on_response(std::uint64_t tag, const net::HttpMessageParser& r) override;
  void on_error(std::uint64_t tag, net::HttpError e) override;
  void drain();

  ClientLoop& cl_;
  std::unique_ptr<std::uint8_t[]> storage_;
  net::TxBuffer out_;
  net::HttpClientConnection http_;
  std::unique_ptr<net::Connection> conn_;
  net::ByteStream* stream_ = nullptr;
  HttpResult result_;
  bool done_ = false;
  std::string host_;
};

/// WebSocket client collecting text messages.
class WsClient final : public net::WsHandler, public net::ConnObserver {
 public:
  WsClient(ClientLoop& cl, std::uint16_t port, const std::string& target, bool reconnect = false);
  ~WsClient();
  bool wait_open(int timeout_ms = 10000);
  bool send(const std::string& text);
  std::deque<std::string> messages;
  /// When set, messages go here instead of `messages` (long streams).
  std::function<void(std::string_view)> on_msg;
  int opens = 0, disconnects = 0;
  bool is_open() const { return stream_->is_open(); }

 private:
  void on_open() override { ++opens; }
  void on_message(net::WsOpcode, const std::uint8_t* d, std::size_t n) override {
    if (on_msg) on_msg(std::string_view(reinterpret_cast<const char*>(d), n));
    else messages.emplace_back(reinterpret_cast<const char*>(d), n);
  }
  void on_close(std::uint16_t, std::string_view) override {}
  void on_error(net::WsError, std::uint16_t) override {}
  void on_conn_state(std::uint16_t, ConnStatus s, std::int32_t) noexcept override {
    if (s == ConnStatus::Disconnected) ++disconnects;
  }

  ClientLoop& cl_;
  std::unique_ptr<net::WsStream> stream_;
  std::unique_ptr<net::Connection> conn_;
};

/// Raw TLS client: sends `bytes` once connected, collects what comes back until closed.
class RawClient final : public net::StreamCodec {
 public:
  RawClient(ClientLoop& cl, std::uint16_t port, std::string bytes);
  ~RawClient();
  /// Waits until the server closed the connection (or timeout); returns what it sent.
  std::string exchange(int timeout_ms = 5000);
  bool closed = false;

 private:
  void on_open(net::ByteStream& out) noexcept override { out.write(bytes_.data(), bytes_.size()); }
  void on_bytes(const std::uint8_t* d, std::size_t n) noexcept override {
    got_.append(reinterpret_cast<const char*>(d), n);
  }
  void on_closed(std::int32_t) noexcept override { closed = true; }

  ClientLoop& cl_;
  std::string bytes_, got_;
  std::unique_ptr<net::Connection> conn_;
};

/// Runs xtb-sim with exactly `args` (at most `timeout_s` seconds), for start-up failures:
/// returns the exit status (124 = still running at the timeout) and its stderr in `err`.
int run_sim_once(const std::vector<std::string>& args, std::string& err, int timeout_s = 15);

/// The ccxt checks (tests/sim_server/ccxt/*.mjs, ccxt pinned by its package-lock.json).
/// False with `why` set when node or ccxt's node_modules is missing (the test then skips).
bool ccxt_available(std::string& why);
struct CcxtRun {
  std::string out;     ///< everything the script printed
  bool passed = false; ///< exited 0, printed " 0 failed" and no "FAIL" line
};
/// Runs `node <script> <port>` in tests/sim_server/ccxt against `sim` (TLS verified with its
/// certificate through NODE_EXTRA_CA_CERTS), at most 120 s.
CcxtRun run_ccxt_script(const std::string& script, const SimProcess& sim);

/// Value of `"key":` in a flat JSON text (number or string, unquoted); "" when absent.
std::string json_field(const std::string& json, const std::string& key);

}  // namespace xtb::simtest
