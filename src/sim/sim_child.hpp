// sim_child.hpp — xtb-sim as a child process (xtb smoke, the tests' SimProcess): started
// with its arguments plus `--port 0 --cert-dir DIR --dump DIR/sim-dump.json` (stderr in
// DIR/xtb-sim.log), ready once it printed
// "ready rest=https://127.0.0.1:P ws=wss://127.0.0.1:P cert=PATH" on stdout; stopped with
// SIGTERM (it then writes its dump), killed if it does not exit within the bound.
// Thread: the owner's (cold). Not copyable.
#pragma once
#include <sys/types.h>

#include <string>
#include <vector>

namespace xtb {

class SimChild {
 public:
  SimChild() = default;
  ~SimChild() { stop(); }
  SimChild(const SimChild&) = delete;
  SimChild& operator=(const SimChild&) = delete;

  /// Starts `exe args...` in `dir` (certificate in `cert_dir`, default `dir`); false +
  /// error() when it cannot be started or is not ready within `timeout_ms`.
  bool start(const std::string& exe, const std::vector<std::string>& args, const std::string& dir, int timeout_ms,
             const std::string& cert_dir = {});
  /// SIGTERM, then SIGKILL after `timeout_ms`. Returns its exit status (−1 if none ran).
  int stop(int timeout_ms = 10'000);

  std::string rest_url() const { return "https://127.0.0.1:" + std::to_string(port_); }
  std::string ws_url() const { return "wss://127.0.0.1:" + std::to_string(port_); }
  const std::string& cert() const noexcept { return cert_; }
  const std::string& error() const noexcept { return error_; }
  const std::string& log_path() const noexcept { return log_; }
  const std::string& dump_path() const noexcept { return dump_; }
  int port() const noexcept { return port_; }

 private:
  pid_t pid_ = -1;
  int port_ = 0;
  std::string cert_, error_, log_, dump_;
};

/// xtb-sim beside the running xtb (build tree: ../sim/server/xtb-sim; installed: same
/// directory), else "xtb-sim" on PATH; "" when none is found.
std::string find_sim_exe();

}  // namespace xtb
