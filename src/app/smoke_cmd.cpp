// smoke_cmd.cpp — see smoke_cmd.hpp. The report and the timeline files: smoke_report.cpp.
#include "app/smoke_cmd.hpp"

#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>

#include "app/backtest_setup.hpp"
#include "app/run/run_live.hpp"
#include "sim/sim_child.hpp"
#include "app/smoke_report.hpp"
#include "strategy/registry.hpp"
#include "strategy/tracking_limit/tracking_limit.hpp"
#include "venue/venue_list.hpp"

namespace xtb {
namespace {

// No position: the order opens one. Hedge mode where the venue's adapter trades hedge mode
// (venue_list.hpp); the margin asset is the face's own default.
std::string sim_account(const std::string& venue) {
  return std::string("wallet: \"100000\"\nleverage: 10\nmargin_type: CROSSED\n") +
         (live_venue_hedge_mode(venue) ? "hedge_mode: true\n" : "");
}

strategy::StrategySpec spec_of(const SmokeCli& c) {
  strategy::StrategySpec s;
  s.kind = c.mode;
  s.venue = live_venue_id(c.venue);
  s.symbols = {c.symbol};
  auto put = [&](const char* k, const std::string& v) {
    if (!v.empty()) s.params[k] = v;
  };
  put("qty", c.qty);
  put("interval", c.interval);
  put("timeout", c.timeout);
  put("price_offset", c.price_offset);
  put("side", c.side);
  // auto: resolved by the strategy from the instrument (tracking_limit_setup.cpp): BOTH on
  // a net-position venue, else the side the order opens on a hedge-mode account.
  put("position_side", c.position_side);
  if (c.post_only) s.params["post_only"] = "true";
  return s;
}

// The run's configuration without a file: the venue, the symbol (its market streams), logs.
std::shared_ptr<run::RunConfig> preset_of(const SmokeCli& c, const SimChild* sim) {
  auto cfg = std::make_shared<run::RunConfig>();
  cfg->file = "<xtb smoke>";
  VenueConfig& v = cfg->venues.front();
  v.name = c.venue;
  v.rest_url = sim ? sim->rest_url() : c.rest_url;
  v.ws_url = sim ? sim->ws_url() : c.ws_url;
  v.ca_file = sim ? sim->cert() : c.ca_file;
  if (sim) v.trades = "trade";  // venue option: the recorded captures hold raw trades
  std::string err;
  if (!run::resolve_endpoints(v, err)) throw std::invalid_argument(err);
  ensure_symbol(cfg->strategy, c.symbol);
  cfg->engine.id_prefix = "smk";
  cfg->engine.run_id = run::generate_run_id(8);
  cfg->engine.run_id_generated = true;
  cfg->logs.dir = c.log_dir;
  cfg->logs.events = !c.log_dir.empty();
  return cfg;
}

double seconds_of(const std::string& s, const char* what) {
  try {
    std::size_t n = 0;
    const double v = std::stod(s, &n);
    if (n == s.size() && v > 0) return v;
  } catch (const std::exception&) {
  }
  throw std::invalid_argument(std::string("--") + what + " must be seconds > 0, got '" + s + "'");
}

void check_cli(const SmokeCli& c) {
  if (!is_live_venue(c.venue))
    throw std::invalid_argument("--venue: unknown venue '" + c.venue + "' (known: " + live_venue_names_text() + ")");
  if (c.mode != strategy::TrackingLimit::kKind)
    throw std::invalid_argument("--mode: the smoke test runs tracking_limit (got '" + c.mode + "')");
  if (c.rest_url.empty() != c.ws_url.empty()) throw std::invalid_argument("give both --rest-url and --ws-url, or neither (xtb-sim)");
}

// Starts xtb-sim on loopback with the capture, held until the first subscription.
std::unique_ptr<SimChild> start_sim(const SmokeCli& c) {
  const std::string exe = c.sim_exe.empty() ? find_sim_exe() : c.sim_exe;
  if (exe.empty()) throw std::runtime_error("xtb-sim not found beside xtb or on PATH (--sim-exe FILE)");
  if (!std::filesystem::exists(c.capture)) throw std::runtime_error("--capture '" + c.capture + "': no such file");
  const std::string dir = (std::filesystem::temp_directory_path() / ("xtb-smoke-" + std::to_string(::getpid()))).string();
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/account.yaml") << sim_account(c.venue);
  auto sim = std::make_unique<SimChild>();
  if (!sim->start(exe, {"--venue", c.venue, "--capture", c.capture, "--account", dir + "/account.yaml", "--speed", c.speed,
                       "--hold", "--quiet"},
                  dir, 30'000))
    throw std::runtime_error(sim->error());
  std::fprintf(stderr, "xtb smoke: xtb-sim on %s (capture %s, speed %s)\n", sim->rest_url().c_str(), c.capture.c_str(),
               c.speed.c_str());
  return sim;
}

}  // namespace

CLI::App* add_smoke_command(CLI::App& app, SmokeCli& c) {
  auto* s = app.add_subcommand("smoke", "One strategy from the command line against xtb-sim (default) or a venue: "
                                        "prints attempts, prices, cancel/replace times (seed 003)");
  s->add_option("--venue", c.venue, "venue adapter")->capture_default_str();
  s->add_option("--symbol", c.symbol, "instrument symbol")->capture_default_str();
  s->add_option("--mode", c.mode, "strategy (tracking_limit)")->capture_default_str();
  s->add_option("--qty", c.qty, "order quantity in base units, e.g. 0.002")->required();
  s->add_option("--interval", c.interval, "requote period, seconds")->required();
  s->add_option("--timeout", c.timeout, "give up after this many seconds")->required();
  s->add_option("--price-offset", c.price_offset, "ticks behind the touch (negative: inside the spread)")->capture_default_str();
  s->add_option("--side", c.side, "buy or sell")->capture_default_str();
  s->add_option("--position-side", c.position_side, "auto (net venue: both; hedge mode: buy → long, sell → short), both, long or short")
      ->capture_default_str();
  s->add_flag("--post-only", c.post_only, "post-only orders (refused rather than take liquidity)");
  s->add_option("--rest-url", c.rest_url, "venue REST URL instead of xtb-sim");
  s->add_option("--ws-url", c.ws_url, "venue WebSocket URL instead of xtb-sim");
  s->add_option("--ca-file", c.ca_file, "PEM CA to trust for the venue");
  s->add_option("--capture", c.capture, "xtb-sim: the capture replayed")->capture_default_str();
  s->add_option("--speed", c.speed, "xtb-sim: replay speed")->capture_default_str();
  s->add_option("--sim-exe", c.sim_exe, "xtb-sim binary (default: beside xtb, then PATH)");
  s->add_option("--log-dir", c.log_dir, "logs, event log and orders/<venue>-<symbol>-<id>.jsonl (\"\" = none)")
      ->capture_default_str();
  s->add_flag("--progress", c.progress, "progress line on stderr");
  return s;
}

int run_smoke_command(const SmokeCli& c) {
  check_cli(c);
  const strategy::StrategySpec spec = spec_of(c);
  std::unique_ptr<SimChild> sim = c.rest_url.empty() ? start_sim(c) : nullptr;
  run::RunOptions o;
  o.preset = preset_of(c, sim.get());
  o.setup = [spec](const SymbolTable& t) { return strategy::make_strategy_setup(spec, t); };
  o.stop_when_done = true;
  o.stop_at_replay_end = sim != nullptr;
  o.duration_s = seconds_of(c.timeout, "timeout") + 30;
  o.progress = c.progress;
  SmokeResult result;
  o.inspect = [&result](const SequencerStage& seq, const SymbolTable& t) { result = capture_smoke(seq, t); };
  const run::RunReport r = run::run_live(o);
  if (sim) sim->stop();
  const SmokeVerdict v = judge_smoke(result, r);
  std::fputs(format_smoke(result, r, v, c.venue).c_str(), stdout);
  if (!c.log_dir.empty()) write_order_timelines(result, c.log_dir, c.venue);
  return v.ok ? 0 : 3;
}

}  // namespace xtb
