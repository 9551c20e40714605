// xtb — command-line entry point. Subcommands:
//   xtb replay   replay a recorded Binance USD-M capture through the pipeline, print a summary
//   xtb backtest the reduce_only_closer on a capture against the in-process simulated venue
#include <CLI/CLI.hpp>
#include <yaml-cpp/yaml.h>

#include <cstdio>
#include <exception>
#include <string>

#include "app/backtest.hpp"
#include "app/pipeline_config.hpp"
#include "app/replay.hpp"

namespace {

std::string default_data_dir() {
  if (const char* d = std::getenv("XTB_DATA_DIR")) return d;
  return "../shared/data";
}

void add_replay(CLI::App& app, xtb::ReplayOptions& o, std::string& config, std::string& runner,
                std::string& wait) {
  auto* r = app.add_subcommand("replay", "Replay a recorded capture through decode and the sequencer's market state");
  const std::string data = default_data_dir();
  o.capture = data + "/binance-usdm/capture/btcusdt_20240808.gz";
  o.exchange_info = data + "/binance-usdm/fixtures/http/http_futures_market_exchange_info.json";
  r->add_option("--capture", o.capture, "capture file (<ns> <json> lines, .gz ok)")->capture_default_str();
  r->add_option("--exchange-info", o.exchange_info, "exchangeInfo JSON with the symbol rules")->capture_default_str();
  r->add_option("--symbol", o.symbol, "symbol of the REST depth snapshots in the capture")->capture_default_str();
  r->add_option("--speed", o.speed, "0 = as fast as possible, 1 = recorded pace, 10 = ten times faster")->capture_default_str();
  r->add_option("--config", config, "YAML config with a 'pipeline:' section (configs/replay.yaml)");
  r->add_option("--runner", runner, "override pipeline.runner: inline | threaded");
  r->add_option("--wait", wait, "override pipeline.wait: busy-spin | yield | blocking");
}

struct BacktestCli {
  xtb::BacktestOptions opt;
  std::string ledger_out;  ///< --ledger-out
};

CLI::App* add_backtest(CLI::App& app, BacktestCli& cli) {
  xtb::BacktestOptions& o = cli.opt;
  auto* b = app.add_subcommand("backtest",
                               "Run the reduce_only_closer on a recorded capture against the in-process simulated "
                               "Binance USD-M venue (deterministic; docs/backtest.md)");
  const std::string data = default_data_dir();
  o.config = "configs/binance-reduce-only-closer.yaml";
  o.capture = data + "/binance-usdm/capture/btcusdt_20240808.gz";
  o.exchange_info = data + "/binance-usdm/fixtures/http/http_futures_market_exchange_info.json";
  b->add_option("--config", o.config, "strategy YAML (global: defaults + symbols: overrides)")->capture_default_str();
  b->add_option("--set", o.overrides, "override a config field, e.g. --set symbols.BTCUSDT.execution.order_ttl_ms=2000");
  b->add_option("--capture", o.capture, "hftbacktest capture (<ns> <json> lines, .gz ok) of any USD-M symbol")
      ->capture_default_str();
  b->add_option("--account", o.account,
                "starting account YAML (xtb-sim format, hedge mode); default: LONG and SHORT of --notional each");
  b->add_option("--exchange-info", o.exchange_info, "exchangeInfo JSON with the symbol rules")->capture_default_str();
  b->add_option("--speed", o.speed, "0 = as fast as possible (deterministic), 1 = recorded pace")->capture_default_str();
  b->add_option("--notional", o.notional_usdt, "default account: USDT per side at the first mid")->capture_default_str();
  b->add_option("--leverage", o.leverage, "default account: isolated leverage")->capture_default_str();
  b->add_option("--latency-us", o.latency_us, "simulated order-entry latency (cause event → venue)")->capture_default_str();
  b->add_option("--drop-trade-update", o.drop_trade_update,
                "fault injection: drop the N-th TRADE ORDER_TRADE_UPDATE of the user stream (0 = none)");
  b->add_option("--ledger-out", cli.ledger_out, "write the venue's fill ledger JSON to this file");
  return b;
}

// Exit code: 0 only when engine and venue agree, nothing allocated on the hot path and
// nothing failed to decode (docs/backtest.md); 3 otherwise.
int run_backtest_command(const BacktestCli& cli) {
  const xtb::BacktestReport r = xtb::run_backtest(cli.opt);
  std::fputs(xtb::format_report(r).c_str(), stdout);
  if (!cli.ledger_out.empty()) {
    std::FILE* f = std::fopen(cli.ledger_out.c_str(), "wb");
    if (f == nullptr || std::fwrite(r.ledger_json.data(), 1, r.ledger_json.size(), f) != r.ledger_json.size()) {
      std::fprintf(stderr, "xtb: cannot write '%s'\n", cli.ledger_out.c_str());
      if (f) std::fclose(f);
      return 2;
    }
    std::fclose(f);
  }
  return r.agree && r.hot_allocations == 0 && r.decode_errors == 0 ? 0 : 3;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"xtb — low-latency trading engine"};
  app.require_subcommand(1);
  xtb::ReplayOptions replay;
  std::string config, runner, wait;
  add_replay(app, replay, config, runner, wait);
  BacktestCli backtest;
  CLI::App* backtest_cmd = add_backtest(app, backtest);
  CLI11_PARSE(app, argc, argv);
  if (backtest_cmd->parsed()) {
    try {
      return run_backtest_command(backtest);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "xtb backtest: %s\n", e.what());
      return 2;
    }
  }
  try {
    YAML::Node root;
    if (!config.empty()) root = YAML::LoadFile(config);
    replay.pipeline = xtb::parse_pipeline_config(root["pipeline"]);
    if (runner == "inline") replay.pipeline.runner = xtb::RunnerKind::Inline;
    else if (runner == "threaded") replay.pipeline.runner = xtb::RunnerKind::Threaded;
    else if (!runner.empty()) throw xtb::ConfigError("--runner must be inline or threaded");
    if (!wait.empty() && !xtb::parse_wait_mode(wait, replay.pipeline.wait))
      throw xtb::ConfigError("--wait must be busy-spin, yield or blocking");
    const auto summary = xtb::run_replay(replay);
    std::fputs(xtb::format_summary(summary).c_str(), stdout);
    return summary.decode_errors == 0 && summary.hot_allocations == 0 ? 0 : 3;
  } catch (const YAML::Exception& e) {
    std::fprintf(stderr, "xtb: config '%s': %s\n", config.c_str(), e.what());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "xtb: %s\n", e.what());
  }
  return 2;
}
