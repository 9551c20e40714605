// test_run_cli.cpp — xtb's command line refuses bad values and paths before any work
// (reliability probe, issue 12): D3 (`run --symbol` not under `symbols:` crashed; invalid
// names became ""), D6 (`backtest --leverage 0` SIGFPE), D7 (`--state-out` / `--sim-dump`
// found bad only after the session), D10 (`run --duration -5 / nan / 1e400`), D15 (every
// other numeric flag of backtest, replay and sim-account). `xtb` runs as a child process;
// none of these cases needs a venue (a closed port stands in where one is named).
#include <doctest/doctest.h>
#include <signal.h>

#include <filesystem>
#include <string>
#include <vector>

#include "run_harness.hpp"

using namespace xtb;
using namespace xtb::runtest;

namespace {

struct Result {
  int rc = 0;
  std::string out, err;
};

Result xtb_cli(const std::vector<std::string>& args, const std::string& dir) {
  std::vector<std::string> argv{XTB_EXE};
  argv.insert(argv.end(), args.begin(), args.end());
  Child c;
  REQUIRE(c.start(argv, dir, "cli"));
  Result r;
  r.rc = c.wait(20000);
  r.out = c.out();
  r.err = c.err();
  return r;
}

// `xtb run` against a closed loopback port: fails at the first venue request (exit 2).
std::vector<std::string> run_closed_port(const std::vector<std::string>& extra) {
  std::vector<std::string> a{"run", "--config", simtest::source_path("configs/binance-reduce-only-closer.yaml"),
                             "--rest-url", "https://127.0.0.1:9", "--ws-url", "wss://127.0.0.1:9", "--no-progress"};
  a.insert(a.end(), extra.begin(), extra.end());
  return a;
}

// A refusal by the command-line parser: non-zero, no signal, the flag named on stderr.
void check_refused(const std::vector<std::string>& args, const std::string& flag, const std::string& dir) {
  const Result r = xtb_cli(args, dir);
  std::string cmd;
  for (const auto& a : args) cmd += a + " ";
  INFO(cmd);
  INFO(r.err);
  CHECK(r.rc != 0);
  CHECK(r.rc < 128);  // exited, no SIGFPE / SIGSEGV
  CHECK(r.rc != -1);  // and did not hang
  CHECK(r.err.find(flag) != std::string::npos);
  CHECK(r.out.find("summary") == std::string::npos);  // nothing ran
}

}  // namespace

TEST_CASE("D3: run --symbol S not under symbols: never crashes; invalid names are refused with the flag's name") {
  const std::string dir = temp_dir();
  for (int i = 0; i < 3; ++i) {  // the crash came in ~60 % of runs
    const Result r = xtb_cli(run_closed_port({"--symbol", "SOLUSDT"}), dir);
    INFO(r.err);
    CHECK(r.rc == 2);  // the expected "connection failed", never 139
    CHECK(r.err.find("note: symbol SOLUSDT has no 'symbols:' entry") != std::string::npos);
    CHECK(r.err.find("GET /fapi/v1/time") != std::string::npos);
  }
  for (const std::string bad : {"", "!!!", "BTC USDT"}) {
    const Result r = xtb_cli(run_closed_port({"--symbol", bad}), dir);
    INFO(r.err);
    CHECK(r.rc == 2);
    CHECK(r.err.find("--symbol '" + bad + "': not a symbol name") != std::string::npos);
    CHECK(r.err.find("GET /fapi/v1/time") == std::string::npos);  // refused before any network I/O
  }
  std::filesystem::remove_all(dir);
}

TEST_CASE("D10: run --duration must be finite and > 0 (never 'no limit', never 'stop at once')") {
  const std::string dir = temp_dir();
  for (const std::string v : {"-5", "nan", "1e400", "inf", "0", "abc"})
    check_refused(run_closed_port({"--duration", v}), "--duration", dir);
  const Result ok = xtb_cli(run_closed_port({"--duration", "0.5"}), dir);
  CHECK(ok.rc == 2);  // accepted: it got as far as the (closed) venue
  CHECK(ok.err.find("GET /fapi/v1/time") != std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST_CASE("D6, D15: backtest, replay and sim-account refuse bad numbers with the flag's name (no SIGFPE)") {
  const std::string dir = temp_dir();
  check_refused({"backtest", "--leverage", "0"}, "--leverage", dir);  // D6: was SIGFPE (exit 136)
  check_refused({"backtest", "--leverage", "126"}, "--leverage", dir);
  check_refused({"backtest", "--speed", "-1"}, "--speed", dir);
  check_refused({"backtest", "--speed", "nan"}, "--speed", dir);
  check_refused({"backtest", "--notional", "-1000"}, "--notional", dir);
  check_refused({"backtest", "--notional", "0"}, "--notional", dir);
  check_refused({"backtest", "--latency-us", "-5"}, "--latency-us", dir);
  check_refused({"replay", "--speed", "-1"}, "--speed", dir);
  check_refused({"replay", "--speed", "inf"}, "--speed", dir);
  check_refused({"sim-account", "--notional", "0"}, "--notional", dir);
  check_refused({"sim-account", "--notional", "-5"}, "--notional", dir);
  check_refused({"sim-account", "--leverage", "0"}, "--leverage", dir);
  check_refused({"sim-account", "--leverage", "126"}, "--leverage", dir);
  check_refused({"sim-account", "--wallet", "-1"}, "--wallet", dir);
  // In range: sim-account writes the account (the default capture).
  const Result ok = xtb_cli({"sim-account", "--capture", simtest::data_path("binance-usdm/capture/btcusdt_20240808.gz"),
                             "--exchange-info",
                             simtest::data_path("binance-usdm/fixtures/http/http_futures_market_exchange_info.json"),
                             "--leverage", "125", "--notional", "1", "--wallet", "0"},
                            dir);
  INFO(ok.err);
  CHECK(ok.rc == 0);
  CHECK(ok.out.find("leverage: 125") != std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST_CASE("D7: --state-out and --sim-dump are checked at start-up, before any venue request") {
  const std::string dir = temp_dir();
  auto refused = [&](const std::vector<std::string>& extra, const std::string& needle) {
    const Result r = xtb_cli(run_closed_port(extra), dir);
    INFO(r.err);
    CHECK(r.rc == 2);
    CHECK(r.err.find(needle) != std::string::npos);
    CHECK(r.err.find("GET /fapi/v1/time") == std::string::npos);  // nothing was tried
  };
  refused({"--state-out", "/nonexistent/dir/state.json"}, "--state-out '/nonexistent/dir/state.json': directory");
  refused({"--state-out", dir}, "--state-out '" + dir + "': is a directory");
  refused({"--sim-dump", "/nonexistent.json"}, "--sim-dump '/nonexistent.json': No such file or directory");
  refused({"--sim-dump", dir}, "--sim-dump '" + dir + "': is a directory");
  // A good path passes the check (the run then fails at the closed port) and leaves nothing behind.
  const Result r = xtb_cli(run_closed_port({"--state-out", dir + "/state.json"}), dir);
  CHECK(r.rc == 2);
  CHECK(r.err.find("GET /fapi/v1/time") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir + "/state.json"));
  for (const auto& e : std::filesystem::directory_iterator(dir))
    CHECK_MESSAGE(e.path().filename().string().find(".tmp-") == std::string::npos, e.path());
  std::filesystem::remove_all(dir);
}
