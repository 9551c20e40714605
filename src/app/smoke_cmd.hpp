// smoke_cmd.hpp — `xtb smoke`: one strategy from the command line, no YAML (seed 003's
// "CLI direct" path and its one-command smoke test):
//
//   xtb smoke --venue binance_usdm --symbol BTCUSDT --mode tracking_limit --qty 0.002
//             --interval 2 --timeout 60 --price-offset 1 [--side buy|sell]
//
// Without --rest-url it starts xtb-sim on loopback (TLS, the capture given by --capture,
// a one-way account), trades through the live pipeline exactly as `xtb run` does (layout,
// journal-free, logs under --log-dir), stops when the strategy is done (or --timeout + 30 s,
// or the replay ends), and prints the attempts, the price series, the cancel/replace times
// and the final state. Each order's timeline goes to
// `<log-dir>/orders/<venue>-<symbol>-<client id>.jsonl`.
//
// Exit: 0 when the tracking ran as specified — the order filled, or it was requoted at
// least once and timed out — with every observed requote period ≤ interval + 300 ms (seed
// 003), the strategy's exit ≤ 5 s and the run itself clean; 3 otherwise; 2 on start-up errors.
// Thread: main (cold).
#pragma once
#include <map>
#include <string>

namespace CLI { class App; }

namespace xtb {

struct SmokeCli {
  std::string venue = "binance_usdm";
  std::string symbol = "BTCUSDT";
  std::string mode = "tracking_limit";
  std::string qty, interval, timeout, price_offset = "0", side = "buy", position_side = "auto";
  bool post_only = false;
  std::string rest_url, ws_url, ca_file;  ///< a venue instead of xtb-sim
  std::string capture = "../shared/data/binance-usdm/capture/btcusdt_20240808.gz";
  std::string sim_exe;                    ///< default: xtb-sim beside xtb, then PATH
  std::string speed = "1";
  std::string log_dir = "logs";
  bool progress = false;
};

/// Registers the `smoke` subcommand; returns it.
CLI::App* add_smoke_command(CLI::App& app, SmokeCli& cli);
/// Runs it; the exit code.
int run_smoke_command(const SmokeCli& cli);

}  // namespace xtb
