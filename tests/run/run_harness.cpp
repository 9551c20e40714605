// run_harness.cpp — see run_harness.hpp.
#include "run_harness.hpp"

#include <doctest/doctest.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include "app/run/sim_account.hpp"

namespace xtb::runtest {

Child::~Child() {
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    waitpid(pid_, &status_, 0);
  }
}

bool Child::start(const std::vector<std::string>& argv, const std::string& dir, const std::string& name) {
  out_path_ = dir + "/" + name + ".out";
  err_path_ = dir + "/" + name + ".err";
  pid_ = fork();
  if (pid_ < 0) return false;
  if (pid_ == 0) {
    const int o = ::open(out_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int e = ::open(err_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(o, 1);
    dup2(e, 2);
    // Log files (xtb run's logs.dir) beside the test's other outputs, never in the cwd.
    setenv("XTB_LOG_DIR", (dir + "/logs").c_str(), 1);
    std::vector<char*> av;
    std::vector<std::string> copy = argv;
    for (auto& a : copy) av.push_back(a.data());
    av.push_back(nullptr);
    execv(av[0], av.data());
    _exit(127);
  }
  return true;
}

int Child::wait(int timeout_ms) {
  if (pid_ <= 0) return WIFEXITED(status_) ? WEXITSTATUS(status_) : 128 + WTERMSIG(status_);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < deadline) {
    if (waitpid(pid_, &status_, WNOHANG) == pid_) {
      pid_ = -1;
      return WIFEXITED(status_) ? WEXITSTATUS(status_) : 128 + WTERMSIG(status_);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return -1;
}

void Child::signal(int sig) {
  if (pid_ > 0) ::kill(pid_, sig);
}

bool Child::running() { return pid_ > 0 && waitpid(pid_, &status_, WNOHANG) == 0; }

std::string Child::out() const { return read_file(out_path_); }
std::string Child::err() const { return read_file(err_path_); }

bool Child::wait_err(const std::string& needle, int timeout_ms) const {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (err().find(needle) == std::string::npos) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

bool Child::wait_err_re(const std::string& re, int timeout_ms) const {
  const std::regex rx(re);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (!std::regex_search(err(), rx)) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write_file(const std::string& path, const std::string& text) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f << text;
}

std::string temp_dir() {
  char tmpl[] = "/tmp/xtb-runtest-XXXXXX";
  return mkdtemp(tmpl) != nullptr ? std::string(tmpl) : std::string("/tmp");
}

std::string btc_account_yaml(int notional) {
  run::SimAccountOptions o;
  o.capture = simtest::data_path("binance-usdm/capture/btcusdt_20240808.gz");
  o.exchange_info = simtest::data_path("binance-usdm/fixtures/http/http_futures_market_exchange_info.json");
  o.notional_usdt = notional;
  return run::make_sim_account(o).yaml;
}

std::vector<std::string> smoke_args(const std::string& venue, const std::string& symbol, const std::string& dir) {
  return {XTB_EXE, "smoke", "--venue", venue, "--symbol", symbol, "--mode", "tracking_limit", "--qty", "0.002",
          "--interval", "1", "--timeout", "20", "--price-offset", "40", "--side", "sell", "--sim-exe", XTB_SIM_EXE,
          "--capture", simtest::data_path("binance-usdm/capture/btcusdt_20240808.gz"), "--speed", "4", "--log-dir",
          dir + "/logs"};
}

std::vector<std::string> run_args(const simtest::SimProcess& sim, const std::vector<std::string>& extra) {
  return run_args_port(sim.port(), sim.cert(), extra);
}

std::vector<std::string> run_args_port(int port, const std::string& ca_file, const std::vector<std::string>& extra) {
  const std::string url = "127.0.0.1:" + std::to_string(port);
  std::vector<std::string> a{XTB_EXE, "run", "--config", simtest::source_path("configs/binance-reduce-only-closer.yaml"),
                             "--rest-url", "https://" + url, "--ws-url", "wss://" + url, "--ca-file", ca_file,
                             // A fast closer: short TTL / cooldown / throttle, so a short replay closes both sides.
                             "--set", "symbols.BTCUSDT.execution.order_ttl_ms=800",
                             "--set", "global.execution.repost_cooldown_ms=50",
                             "--set", "global.execution.min_signal_interval_ms=50",
                             "--set", "engine.shutdown_timeout_ms=5000",
                             "--set", "venue.trades=trade",  // the capture recorded @trade
                             "--no-progress"};
  a.insert(a.end(), extra.begin(), extra.end());
  return a;
}

void start_sim(simtest::SimProcess& sim, const std::string& dir, int notional, const std::string& speed,
               const std::vector<std::string>& extra) {
  write_file(dir + "/account.yaml", btc_account_yaml(notional));
  std::vector<std::string> args{"--capture", simtest::data_path("binance-usdm/capture/btcusdt_20240808.gz"), "--account",
                                dir + "/account.yaml", "--speed", speed, "--hold", "--quiet"};
  args.insert(args.end(), extra.begin(), extra.end());
  REQUIRE_MESSAGE(sim.start(args), sim.log());
}

bool PortSim::start(const std::string& dir, const std::string& cert_dir, int port, const std::string& speed) {
  cert_dir_ = cert_dir;
  std::filesystem::create_directories(cert_dir);
  if (!child_.start({XTB_SIM_EXE, "--capture", simtest::data_path("binance-usdm/capture/btcusdt_20240808.gz"),
                     "--account", dir + "/account.yaml", "--speed", speed, "--hold", "--quiet", "--port",
                     std::to_string(port), "--cert-dir", cert_dir, "--dump", cert_dir + "/dump.json"},
                    cert_dir, "sim"))
    return false;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  std::smatch m;
  const std::regex re("ready rest=https://127\\.0\\.0\\.1:([0-9]+) ");
  std::string out = child_.out();
  while (!std::regex_search(out, m, re)) {
    if (std::chrono::steady_clock::now() > deadline || !child_.running()) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    out = child_.out();
  }
  port_ = std::stoi(m[1].str());
  return true;
}

run::LedgerCheck final_check(simtest::SimProcess& sim, const std::string& state_path) {
  REQUIRE(sim.stop() == 0);
  const std::string dump = read_file(sim.dump_path());
  REQUIRE_FALSE(dump.empty());
  const run::LedgerCheck c = run::check_ledger(read_file(state_path), dump);
  std::string diffs;
  for (const auto& d : c.differences) diffs += d + "\n";
  CHECK_MESSAGE(c.agree, diffs);
  return c;
}

std::pair<int, int> fills_by_side(const std::string& dump, const std::string& prefix) {
  int l = 0, s = 0;
  const std::regex re("\"clientOrderId\":\"" + prefix + "[^\"]*\",\"symbol\":\"BTCUSDT\",\"side\":\"(BUY|SELL)\","
                      "\"positionSide\":\"(LONG|SHORT)\"");
  for (auto it = std::sregex_iterator(dump.begin(), dump.end(), re); it != std::sregex_iterator(); ++it)
    ((*it)[2] == "LONG" ? l : s)++;
  return {l, s};
}

bool ok_unless_replay_ran_out(int rc, const std::string& summary) {
  const int failed = count(summary, "RUN FAILED");
  if (rc == 0) return failed == 0;
  return rc == 3 && failed > 0 && failed == count(summary, "RUN FAILED           the replay ran out before every traded side");
}

int count(const std::string& text, const std::string& needle) {
  int n = 0;
  for (std::size_t p = text.find(needle); p != std::string::npos; p = text.find(needle, p + 1)) ++n;
  return n;
}

ChildResult run_child(const std::vector<std::string>& argv, const std::string& dir, const std::string& name,
                      int timeout_ms) {
  Child c;
  REQUIRE(c.start(argv, dir, name));
  ChildResult r;
  r.rc = c.wait(timeout_ms);
  r.out = c.out();
  r.err = c.err();
  return r;
}

LogFiles read_logs(const std::string& dir) {
  LogFiles out;
  std::error_code ec;
  for (const auto& f : std::filesystem::directory_iterator(dir, ec)) {
    const std::string name = f.path().filename().string();
    if (name.rfind("xtb_", 0) == 0) out.human += read_file(f.path().string());
    else if (name.rfind("events_", 0) == 0) out.events += read_file(f.path().string());
  }
  return out;
}

int inject_fault(const simtest::SimProcess& sim, const std::string& query) {
  simtest::ClientLoop cl(sim.cert());
  simtest::RestClient rest(cl, sim.port());
  return rest.request("POST", "/sim/fault?" + query, {}, {}).status;
}

bool wait_log_count(const simtest::SimProcess& sim, const std::string& needle, int n, int timeout_ms) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (count(sim.log(), needle) < n) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

bool zero_hot_allocations(const std::string& summary) {
#if XTB_COUNTING_ALLOCATOR
  return summary.find("hot-path allocations 0 after warm-up") != std::string::npos;
#else
  return summary.find("hot-path allocations not measured (counting allocator not linked)") != std::string::npos;
#endif
}

}  // namespace xtb::runtest
