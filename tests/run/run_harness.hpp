// run_harness.hpp — test plumbing for `xtb run` (suite `run`): xtb-sim as a child process
// (tests/sim_server/sim_harness.hpp SimProcess: ready line, SIGTERM dump) and `xtb` itself
// as a child process, so that a test can stop it the honest way (SIGTERM, or kill -9 for
// the restart test) and read what it printed. Test code: std::string is fine.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "../sim_server/sim_harness.hpp"
#include "app/run/ledger_check.hpp"

namespace xtb::runtest {

/// A child process with stdout / stderr captured to files in `dir`.
class Child {
 public:
  ~Child();  ///< SIGKILL if still running
  bool start(const std::vector<std::string>& argv, const std::string& dir, const std::string& name);
  /// Waits for exit (bounded); returns the exit code, −1 on timeout, 128+sig when killed.
  int wait(int timeout_ms);
  void signal(int sig);
  bool running();
  std::string out() const;
  std::string err() const;
  /// Waits until stderr contains `needle`.
  bool wait_err(const std::string& needle, int timeout_ms) const;
  /// Waits until stderr matches the regular expression `re` (ECMAScript).
  bool wait_err_re(const std::string& re, int timeout_ms) const;

 private:
  int pid_ = -1;
  int status_ = 0;
  std::string out_path_, err_path_;
};

std::string read_file(const std::string& path);
void write_file(const std::string& path, const std::string& text);
/// A fresh temporary directory (removed by the caller or left for inspection on failure).
std::string temp_dir();

/// `xtb sim-account` for the BTCUSDT capture: `notional` USDT per side.
std::string btc_account_yaml(int notional);

/// argv for `xtb smoke` as a user types it on `venue` / `symbol`: tracking_limit SELL 0.002,
/// requote every 1 s, 20 s timeout, 40 ticks behind the touch, against the xtb-sim it starts
/// (the BTCUSDT capture at 4×), order timelines under `dir`/logs.
std::vector<std::string> smoke_args(const std::string& venue, const std::string& symbol, const std::string& dir);

/// argv for `xtb run` against `sim` with the demo's fast closer settings plus `extra`.
std::vector<std::string> run_args(const simtest::SimProcess& sim, const std::vector<std::string>& extra);

/// xtb-sim for the BTCUSDT capture at `speed` (replay held until the engine subscribes),
/// `notional` USDT per side, plus `extra` flags (e.g. --max-connections 3); REQUIREs the
/// ready line.
void start_sim(simtest::SimProcess& sim, const std::string& dir, int notional, const std::string& speed,
               const std::vector<std::string>& extra = {});

/// xtb-sim on a port of our choosing, so that a test can kill it and start another one on
/// the same port (a venue restart): its own --cert-dir (a new certificate per directory),
/// the BTCUSDT capture and `dir`/account.yaml (start_sim writes one), --hold --quiet.
class PortSim {
 public:
  /// `port` 0 = any free port. Waits for the ready line; false (see log()) on failure.
  bool start(const std::string& dir, const std::string& cert_dir, int port, const std::string& speed);
  int port() const { return port_; }
  std::string cert() const { return cert_dir_ + "/cert.pem"; }
  std::string log() const { return child_.err() + child_.out(); }
  void kill9() { child_.signal(9); child_.wait(5000); }
  Child& child() { return child_; }

 private:
  Child child_;
  int port_ = 0;
  std::string cert_dir_;
};

/// argv for `xtb run` against 127.0.0.1:`port` trusting `ca_file` (the demo's fast closer
/// settings of run_args) plus `extra`.
std::vector<std::string> run_args_port(int port, const std::string& ca_file, const std::vector<std::string>& extra);
/// Stops the simulator (SIGTERM → dump) and CHECKs that `state_path` (xtb run --state-out)
/// agrees with the dump exactly (orders, positions); the differences are the message.
run::LedgerCheck final_check(simtest::SimProcess& sim, const std::string& state_path);
/// Fills per position side (LONG, SHORT) of client ids starting with `prefix` in a dump.
std::pair<int, int> fills_by_side(const std::string& dump, const std::string& prefix);
/// `xtb run`'s exit judged apart from its closing job: exit 0 with no RUN FAILED line, or
/// exit 3 whose every RUN FAILED line says that the replay ran out before every side was
/// flat (issue 13: that is a failure of the run; the fault tests replay the capture fast and
/// test the engine's agreement with the venue, not that it closed in time).
bool ok_unless_replay_ran_out(int rc, const std::string& summary);

/// The summary reports 0 hot-path allocations — or, in a build whose xtb has no counting
/// allocator (XTB_COUNTING_ALLOCATOR=0: the ASan build), says that they were not measured.
bool zero_hot_allocations(const std::string& summary);
/// A child run to its end: exit status (−1 on timeout), stdout, stderr.
struct ChildResult {
  int rc = -1;
  std::string out, err;
};
/// Starts `argv` in `dir` as `name`, waits up to `timeout_ms`; REQUIREs that it started.
ChildResult run_child(const std::vector<std::string>& argv, const std::string& dir, const std::string& name, int timeout_ms);
/// Occurrences of `needle` in `text`.
int count(const std::string& text, const std::string& needle);
/// What `xtb run` wrote under logs.dir: the daily human log(s) and event log(s), concatenated.
struct LogFiles {
  std::string human, events;
  std::size_t count(const std::string& needle) const { return static_cast<std::size_t>(runtest::count(events, needle)); }
};
LogFiles read_logs(const std::string& dir);
/// POST /sim/fault?<query> (e.g. "type=drop_ack&path=/fapi/v1/order"); the HTTP status.
int inject_fault(const simtest::SimProcess& sim, const std::string& query);
/// Waits until the simulator's log holds at least `n` occurrences of `needle`.
bool wait_log_count(const simtest::SimProcess& sim, const std::string& needle, int n, int timeout_ms);

}  // namespace xtb::runtest
