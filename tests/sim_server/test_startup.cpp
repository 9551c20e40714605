// xtb-sim's start-up under bad options and files (issue 12): values refused with the
// option's name (D15: S2, S3, S4), --dump checked at start (S6), exchangeInfo messages
// (X12/S5), the certificate directory (D18: H4 default, H5 second instance, reuse — D12's
// contributing factor) and bad captures served by the simulator (D9/K5, D11/K4, D17/K3).
#include <doctest/doctest.h>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "sim/capture.hpp"
#include "sim/server/server_files.hpp"
#include "sim_harness.hpp"

using namespace xtb;
using namespace xtb::simtest;

namespace {

const std::string kBtcCapture = "binance-usdm/capture/btcusdt_20240808.gz";

// A scratch directory removed at scope exit.
struct TempDir {
  std::string path;
  TempDir() {
    char tmpl[] = "/tmp/xtb-simstart-XXXXXX";
    REQUIRE(::mkdtemp(tmpl) != nullptr);
    path = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(path + "/" + name, std::ios::binary) << text;
    return path + "/" + name;
  }
};

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// xtb-sim once with the capture plus `extra`, in a scratch cert dir; returns the exit code.
int start_fails(const std::vector<std::string>& extra, std::string& err) {
  TempDir d;
  std::vector<std::string> a{"--capture", data_path(kBtcCapture), "--port", "0", "--cert-dir", d.path};
  a.insert(a.end(), extra.begin(), extra.end());
  return run_sim_once(a, err, 15);
}

// The first `n` records of the real capture as `<ns> <json>` lines, stamps changed by `edit`.
template <class Edit>
std::string real_lines(std::size_t n, Edit edit) {
  const Capture cap = Capture::load(data_path(kBtcCapture));
  std::string out;
  for (std::size_t i = 0; i < n && i < cap.size(); ++i)
    out += std::to_string(edit(i, cap[i].recv_ns)) + " " + std::string(cap.json(i)) + "\n";
  return out;
}

}  // namespace

TEST_CASE("D15/S2/S3: --speed nan/inf/-1 and --listen-key-validity-ms -1/0 are refused with a sane message") {
  for (const char* v : {"nan", "inf", "-1", "1e400"}) {
    CAPTURE(v);
    std::string err;
    CHECK(start_fails({"--speed", v}, err) != 0);
    CHECK(err.find("--speed must be a number from 0 to 1000000") != std::string::npos);
    CHECK(err.find("17976931348623157") == std::string::npos);  // S2: no 310-digit bound
  }
  for (const char* v : {"-1", "0"}) {
    CAPTURE(v);
    std::string err;
    CHECK(start_fails({"--listen-key-validity-ms", v}, err) != 0);
    CHECK(err.find("--listen-key-validity-ms") != std::string::npos);
  }
}

TEST_CASE("--venue: an unknown venue exits 2 naming the known ones; the default and binance_usdm serve") {
  std::string err;
  CHECK(start_fails({"--venue", "kraken_spot"}, err) == 2);
  CHECK(err.find("xtb-sim: unknown venue 'kraken_spot' (known venues: binance_usdm, backpack)") != std::string::npos);
  CHECK(run_sim_once({"--venue=nope"}, err, 15) == 2);  // named even without --capture
  CHECK(err.find("unknown venue 'nope'") != std::string::npos);
  SimProcess sim;
  REQUIRE_MESSAGE(sim.start({"--venue", "binance_usdm", "--capture", data_path(kBtcCapture), "--quiet"}), sim.log());
  ClientLoop cl(sim.cert());
  RestClient rest(cl, sim.port());
  CHECK(rest.request("GET", "/fapi/v1/time", {}, {}).status == 200);
  CHECK(sim.stop() == 0);
}

TEST_CASE("S3: --symbol of a symbol the capture has no stream of is refused, naming the capture's symbols") {
  std::string err;
  CHECK(start_fails({"--symbol", "ETHUSDT"}, err) == 2);
  CHECK(err.find("--symbol ETHUSDT: the capture has no stream of it (its symbols: BTCUSDT)") != std::string::npos);
}

TEST_CASE("D15/S4 + D6: wallet \"-1\" and leverage 0 in the account file are refused at start-up") {
  TempDir d;
  std::string err;
  CHECK(start_fails({"--account", d.write("neg.yaml", "wallet: \"-1\"\n")}, err) == 2);
  CHECK(err.find("'wallet': must be >= 0, got '-1'") != std::string::npos);
  CHECK(start_fails({"--account", d.write("lev.yaml", "leverage: 0\n")}, err) == 2);
  CHECK(err.find("'leverage': must be 1..125, got 0") != std::string::npos);
}

TEST_CASE("S6: --dump in a missing directory is refused at start-up, not after the session") {
  std::string err;
  CHECK(start_fails({"--dump", "/nonexistent/dir/dump.json"}, err) == 2);
  CHECK(err.find("--dump '/nonexistent/dir/dump.json'") != std::string::npos);
  TempDir d;
  CHECK_NOTHROW(sim::server::check_dump_path(d.path + "/dump.json"));
  CHECK_THROWS_WITH_AS(sim::server::check_dump_path(d.path), doctest::Contains("not a regular file"),
                       std::runtime_error);
}

TEST_CASE("X12/S5: a missing or non-JSON exchangeInfo file is named as such, not as a capture") {
  TempDir d;
  std::string err;
  CHECK(start_fails({"--exchange-info", "/nonexistent.json"}, err) == 2);
  CHECK(err.find("cannot open exchangeInfo file '/nonexistent.json'") != std::string::npos);
  CHECK(start_fails({"--exchange-info", d.write("junk.bin", std::string("\x01\x02 not json", 12))}, err) == 2);
  CHECK(err.find("is not a JSON object nor a cryptofeed REST capture") != std::string::npos);
  CHECK(err.find("holds no valid record") == std::string::npos);
}

TEST_CASE("D18/H4: the default --cert-dir is a per-user directory, never the working directory") {
  const char* old_xdg = std::getenv("XDG_CACHE_HOME");
  const std::string saved = old_xdg ? old_xdg : "";
  ::setenv("XDG_CACHE_HOME", "/tmp/xdg-test", 1);
  CHECK(sim::server::default_cert_dir() == "/tmp/xdg-test/xtb-sim");
  ::setenv("XDG_CACHE_HOME", "relative", 1);  // not absolute: ignored (XDG base dir spec)
  const char* home = std::getenv("HOME");
  if (home != nullptr && home[0] == '/') CHECK(sim::server::default_cert_dir() == std::string(home) + "/.cache/xtb-sim");
  CHECK(sim::server::default_cert_dir() != ".");
  if (old_xdg) ::setenv("XDG_CACHE_HOME", saved.c_str(), 1);
  else ::unsetenv("XDG_CACHE_HOME");
  const std::string ignore = slurp(source_path(".gitignore"));
  for (const char* f : {"key.pem", "cert.pem", "sim-dump.json"}) CHECK(ignore.find(f) != std::string::npos);
}

TEST_CASE("D18/H5 + D12: a second instance on a busy port leaves the files alone; a restart reuses the certificate") {
  TempDir certs;
  std::string cert0, key0;
  {
    SimProcess a;
    REQUIRE_MESSAGE(a.start({"--capture", data_path(kBtcCapture), "--quiet"}, 20000, certs.path), a.log());
    cert0 = slurp(certs.path + "/cert.pem");
    key0 = slurp(certs.path + "/key.pem");
    REQUIRE(cert0.find("BEGIN CERTIFICATE") != std::string::npos);
    std::string err;
    const int rc = run_sim_once({"--capture", data_path(kBtcCapture), "--port", std::to_string(a.port()), "--cert-dir",
                                 certs.path, "--dump", certs.path + "/second.json"},
                                err);
    CHECK(rc == 2);
    CHECK(err.find("cannot listen on 127.0.0.1:" + std::to_string(a.port())) != std::string::npos);
    CHECK(slurp(certs.path + "/cert.pem") == cert0);
    CHECK(slurp(certs.path + "/key.pem") == key0);
    CHECK(a.stop() == 0);
  }
  SimProcess b;
  REQUIRE_MESSAGE(b.start({"--capture", data_path(kBtcCapture), "--quiet"}, 20000, certs.path), b.log());
  CHECK(slurp(b.cert()) == cert0);  // clients given --ca-file cert.pem keep verifying
  CHECK(b.log().find("xtb-sim: reusing " + certs.path + "/cert.pem") != std::string::npos);
  ClientLoop cl(certs.path + "/cert.pem");
  RestClient rest(cl, b.port());
  CHECK(rest.request("GET", "/fapi/v1/time", {}, {}).status == 200);
}

TEST_CASE("D9/K5 + K3: a capture stamped 9e18 ns and a 2-hour gap replays at --speed 1 and reports done") {
  TempDir d;
  std::int64_t t0 = 0;
  std::string text = real_lines(300, [&](std::size_t i, std::int64_t ns) {
    if (i == 0) t0 = ns;
    if (i == 150) return std::int64_t{9'000'000'000'000'000'000};  // year 2255
    const std::int64_t spaced = t0 + static_cast<std::int64_t>(i) * 1'000'000;  // 1 ms apart: 0.3 s in all
    return i >= 200 ? spaced + 7'200'000'000'000 : spaced;
  });
  text += "garbage line\n";
  SimProcess sim;
  REQUIRE_MESSAGE(sim.start({"--capture", d.write("tsjump.txt", text), "--speed", "1", "--quiet"}), sim.log());
  CHECK(sim.wait_log("replay: done records=299", 5000));
  CHECK(sim.log().find("time_jumps=1") != std::string::npos);
  CHECK(sim.log().find("xtb-sim: capture: 1 line skipped (not a record), 1 record skipped (timestamp outside "
                       "2000..2100)") != std::string::npos);
}

TEST_CASE("D11/K4: a capture record larger than the frame limit is an error at start-up, not a silent drop") {
  TempDir d;
  std::string text = real_lines(20, [](std::size_t, std::int64_t ns) { return ns; });
  text += "1723161255088176367 {\"stream\":\"btcusdt@bookTicker\",\"data\":{\"x\":\"" + std::string(2'000'000, 'A') +
          "\"}}\n";
  std::string err;
  CHECK(run_sim_once({"--capture", d.write("huge.txt", text), "--port", "0", "--cert-dir", d.path}, err) == 2);
  CHECK(err.find("larger than the frame limit") != std::string::npos);
}
