// sim_harness.cpp — see sim_harness.hpp.
#include "sim_harness.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <doctest/doctest.h>

#include "core/clock.hpp"
#include "venue/binance/signer.hpp"

namespace xtb::simtest {

std::string data_path(const std::string& rel) { return std::string(XTB_DATA_DIR) + "/" + rel; }
std::string source_path(const std::string& rel) { return std::string(XTB_SOURCE_DIR) + "/" + rel; }

// ---- SimProcess ----------------------------------------------------------------------

bool SimProcess::start(const std::vector<std::string>& args, int timeout_ms, const std::string& cert_dir) {
  char tmpl[] = "/tmp/xtb-simtest-XXXXXX";
  if (mkdtemp(tmpl) == nullptr) return false;
  dir_ = tmpl;
  if (!child_.start(XTB_SIM_EXE, args, dir_, timeout_ms, cert_dir)) return false;
  port_ = static_cast<std::uint16_t>(child_.port());
  cert_ = child_.cert();
  return true;
}

SimProcess::~SimProcess() {
  stop();
  // A sanitizer report in the child (ASan/UBSan build, scripts/test.sh) fails the test
  // that started it, with the report: the child's own exit status is not always checked.
  if (!dir_.empty()) {
    const std::string text = log();
    for (const char* needle : {"runtime error:", "ERROR: AddressSanitizer", "ERROR: LeakSanitizer"})
      if (text.find(needle) != std::string::npos) {
        const std::size_t at = text.find(needle);
        const std::string report = "xtb-sim reported a sanitizer error:\n" + text.substr(at > 400 ? at - 400 : 0, 6000);
        FAIL_CHECK(report);
        break;
      }
  }
  std::error_code ec;
  if (!dir_.empty()) std::filesystem::remove_all(dir_, ec);
}

int SimProcess::stop(int timeout_ms) { return child_.stop(timeout_ms); }

std::string SimProcess::log() const {
  std::ifstream in(child_.log_path());
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool SimProcess::wait_log(const std::string& needle, int timeout_ms) const {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (log().find(needle) == std::string::npos) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

// ---- ClientLoop ----------------------------------------------------------------------

ClientLoop::ClientLoop(const std::string& ca_file) {
  net::LoopConfig lc;
  lc.max_conns = 32;
  loop_ = net::EventLoop::create(lc);
  net::TlsClientOptions o;
  o.ca_file = ca_file;  // verification on: the simulator's own certificate
  tls_ = net::TlsContext::client(o);
}

bool ClientLoop::run_until(const std::function<bool()>& done, int timeout_ms) {
  const std::int64_t deadline = Clock::monotonic_ns() + std::int64_t{timeout_ms} * 1'000'000;
  while (!done()) {
    if (Clock::monotonic_ns() > deadline) return false;
    loop_->poll(2'000'000);
  }
  return true;
}

void ClientLoop::run_for(int ms) {
  const std::int64_t until = Clock::monotonic_ns() + std::int64_t{ms} * 1'000'000;
  while (Clock::monotonic_ns() < until) loop_->poll(2'000'000);
}

// ---- RestClient ----------------------------------------------------------------------

RestClient::RestClient(ClientLoop& cl, std::uint16_t port)
    : cl_(cl), storage_(new std::uint8_t[1 << 20]), http_(net::HttpClientConfig{}, out_, *this) {
  out_.bind(storage_.get(), 1 << 20);
  net::ConnectionConfig c;
  c.host = "127.0.0.1";
  c.port = port;
  c.reconnect = false;
  host_ = "127.0.0.1:" + std::to_string(port);
  conn_ = std::make_unique<net::Connection>(cl.loop(), &cl.tls(), c, *this);
}

RestClient::~RestClient() { conn_->stop(); }

void RestClient::on_open(net::ByteStream& out) noexcept {
  stream_ = &out;
  out_.clear();
  http_.reset();
}

void RestClient::on_bytes(const std::uint8_t* d, std::size_t n) noexcept {
  http_.on_bytes(d, n);
  drain();
}

void RestClient::on_closed(std::int32_t) noexcept {
  stream_ = nullptr;
  http_.on_eof();
}

void RestClient::drain() {
  while (stream_ != nullptr && out_.unsent() > 0) {
    const auto src = out_.begin_send();
    const auto dst = stream_->out_reserve(1);
    const std::size_t n = std::min(dst.size(), src.size());
    if (n > 0) {
      std::memcpy(dst.data(), src.data(), n);
      stream_->out_commit(n);
    }
    out_.complete_send(static_cast<std::uint32_t>(n));
    if (n == 0) return;
  }
}

void RestClient::on_response(std::uint64_t, const net::HttpMessageParser& r) {
  result_.status = r.status();
  result_.body.assign(r.body_view());
  for (std::size_t i = 0; i < r.headers().size(); ++i) {
    std::string name(r.headers().name(i));
    for (char& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    result_.headers[name] = std::string(r.headers().value(i));
  }
  done_ = true;
}

void RestClient::on_error(std::uint64_t, net::HttpError) {
  result_.failed = true;
  done_ = true;
}

HttpResult RestClient::request(const std::string& method, const std::string& target, const std::string& body,
                               const std::string& api_key, int timeout_ms) {
  std::vector<std::pair<std::string, std::string>> headers;
  if (!api_key.empty()) headers.emplace_back("X-MBX-APIKEY", api_key);
  return request_with(method, target, body, headers, "application/x-www-form-urlencoded", timeout_ms);
}

HttpResult RestClient::request_with(const std::string& method, const std::string& target, const std::string& body,
                                    const std::vector<std::pair<std::string, std::string>>& headers,
                                    const std::string& content_type, int timeout_ms) {
  result_ = HttpResult{};
  done_ = false;
  if (stream_ == nullptr) {
    if (conn_->phase() == net::Connection::Phase::Stopped) conn_->start();
    if (!cl_.run_until([&] { return stream_ != nullptr; }, timeout_ms)) {
      result_.failed = true;
      return result_;
    }
  }
  std::vector<net::HttpField> fields;
  for (const auto& [name, value] : headers) fields.push_back(net::HttpField{name, value});
  net::HttpRequestSpec req;
  req.method = method == "POST" ? net::HttpMethod::Post
               : method == "PUT" ? net::HttpMethod::Put
               : method == "DELETE" ? net::HttpMethod::Delete : net::HttpMethod::Get;
  req.target = target;
  req.host = host_;
  req.headers = fields.empty() ? nullptr : fields.data();
  req.header_count = fields.size();
  req.body = body;
  req.content_type = body.empty() ? std::string_view{} : std::string_view(content_type);
  if (http_.submit(req, 1, Clock::monotonic_ns()) != net::HttpError::None) {
    result_.failed = true;
    return result_;
  }
  drain();
  if (!cl_.run_until([&] { return done_; }, timeout_ms)) result_.failed = true;
  if (result_.failed) conn_->stop();  // the request's outcome is unknown: fresh connection next time
  return result_;
}

HttpResult RestClient::signed_request(const std::string& method, const std::string& path, const std::string& params,
                                      const std::string& secret, std::int64_t ts_offset_ms) {
  const std::int64_t ts = Clock::wall_ns() / 1'000'000 + ts_offset_ms;
  std::string payload = params + (params.empty() ? "" : "&") + "timestamp=" + std::to_string(ts);
  binance::HmacSha256Signer signer(secret);
  char hex[64];
  signer.sign_hex(payload, hex);
  payload += "&signature=" + std::string(hex, 64);
  if (method == "GET" || method == "DELETE") return request(method, path + "?" + payload);
  return request(method, path, payload);
}

// ---- WsClient ------------------------------------------------------------------------

WsClient::WsClient(ClientLoop& cl, std::uint16_t port, const std::string& target, bool reconnect) : cl_(cl) {
  net::WsStreamOptions o;
  o.ws.role = net::WsRole::Client;
  o.ws.max_message_bytes = 1 << 20;
  o.host = "127.0.0.1:" + std::to_string(port);
  o.target = target;
  o.out_bytes = 64 * 1024;
  stream_ = std::make_unique<net::WsStream>(cl.loop(), o, *this);
  net::ConnectionConfig c;
  c.host = "127.0.0.1";
  c.port = port;
  c.reconnect = reconnect;
  c.backoff.initial_ns = 50'000'000;
  conn_ = std::make_unique<net::Connection>(cl.loop(), &cl.tls(), c, *stream_, this);
  conn_->start();
}

WsClient::~WsClient() { conn_->stop(); }

bool WsClient::wait_open(int timeout_ms) {
  return cl_.run_until([&] { return stream_->is_open(); }, timeout_ms);
}

bool WsClient::send(const std::string& text) {
  return stream_->send_text(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()) == net::WsSendStatus::Ok;
}

// ---- RawClient -----------------------------------------------------------------------

RawClient::RawClient(ClientLoop& cl, std::uint16_t port, std::string bytes) : cl_(cl), bytes_(std::move(bytes)) {
  net::ConnectionConfig c;
  c.host = "127.0.0.1";
  c.port = port;
  c.reconnect = false;
  conn_ = std::make_unique<net::Connection>(cl.loop(), &cl.tls(), c, *this);
  conn_->start();
}

RawClient::~RawClient() { conn_->stop(); }

std::string RawClient::exchange(int timeout_ms) {
  cl_.run_until([&] { return closed; }, timeout_ms);
  return got_;
}

// ---- helpers -------------------------------------------------------------------------

int run_sim_once(const std::vector<std::string>& args, std::string& err, int timeout_s) {
  char tmpl[] = "/tmp/xtb-simonce-XXXXXX";
  const int efd = ::mkstemp(tmpl);
  if (efd < 0) return -1;
  const pid_t pid = fork();
  if (pid == 0) {
    const int null = ::open("/dev/null", O_WRONLY);
    dup2(null, 1);
    dup2(efd, 2);
    std::vector<std::string> argv{XTB_SIM_EXE};
    argv.insert(argv.end(), args.begin(), args.end());
    std::vector<char*> av;
    for (auto& a : argv) av.push_back(a.data());
    av.push_back(nullptr);
    execv(av[0], av.data());
    _exit(127);
  }
  int status = 0, rc = 124;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
  for (;;) {
    if (waitpid(pid, &status, WNOHANG) == pid) {
      rc = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      break;
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      ::kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ::close(efd);
  std::ifstream in(tmpl);
  std::stringstream ss;
  ss << in.rdbuf();
  err = ss.str();
  ::unlink(tmpl);
  return rc;
}

std::string json_field(const std::string& json, const std::string& key) {
  const std::string k = "\"" + key + "\":";
  std::size_t p = json.find(k);
  if (p == std::string::npos) return {};
  p += k.size();
  if (p < json.size() && json[p] == '"') {
    const std::size_t e = json.find('"', p + 1);
    return json.substr(p + 1, e - p - 1);
  }
  std::size_t e = p;
  while (e < json.size() && json[e] != ',' && json[e] != '}' && json[e] != ']') ++e;
  return json.substr(p, e - p);
}

// ---- ccxt ----------------------------------------------------------------------------

bool ccxt_available(std::string& why) {
  if (!std::filesystem::exists(source_path("tests/sim_server/ccxt/node_modules/ccxt/package.json"))) {
    why = "SKIPPED: ccxt not installed — run tests/sim_server/ccxt/setup.sh (npm ci) to enable this check";
    return false;
  }
  if (std::system("node --version > /dev/null 2>&1") != 0) {
    why = "SKIPPED: node is not on PATH";
    return false;
  }
  return true;
}

CcxtRun run_ccxt_script(const std::string& script, const SimProcess& sim) {
  CcxtRun r;
  const std::string cmd = "cd '" + source_path("tests/sim_server/ccxt") + "' && NODE_EXTRA_CA_CERTS='" + sim.cert() +
                          "' timeout 120 node " + script + " " + std::to_string(sim.port()) + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  if (p == nullptr) return r;
  char buf[512];
  while (std::fgets(buf, sizeof buf, p) != nullptr) r.out += buf;
  const int status = pclose(p);
  r.passed = WIFEXITED(status) && WEXITSTATUS(status) == 0 && r.out.find(" 0 failed") != std::string::npos &&
             r.out.find("FAIL") == std::string::npos;
  return r;
}

}  // namespace xtb::simtest
