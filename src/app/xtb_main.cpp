// xtb — command-line entry point. Subcommands:
//   xtb replay   replay a recorded Binance USD-M capture through the pipeline, print a summary
#include <CLI/CLI.hpp>
#include <yaml-cpp/yaml.h>

#include <cstdio>
#include <exception>
#include <string>

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

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"xtb — low-latency trading engine"};
  app.require_subcommand(1);
  xtb::ReplayOptions replay;
  std::string config, runner, wait;
  add_replay(app, replay, config, runner, wait);
  CLI11_PARSE(app, argc, argv);
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
