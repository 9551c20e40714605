// xtb — command-line entry point. Subcommands:
//   xtb run          the reduce_only_closer trading a live venue (or xtb-sim) — docs/run.md
//   xtb check-config validate a config file (every section), print OK or each error
//   xtb backtest     the reduce_only_closer on a capture against the in-process simulated venue
//   xtb replay       replay a recorded Binance USD-M capture through the pipeline, print a summary
//   xtb sim-account  the xtb-sim starting account (LONG + SHORT by notional) for any capture
//   xtb ledger-check compare the engine's final state with xtb-sim's dump
//   xtb journal      inspect an order journal, or repair it into a new file — docs/journal.md
#include <CLI/CLI.hpp>
#include <yaml-cpp/yaml.h>

#include <cstdio>
#include <exception>
#include <stdexcept>
#include <vector>
#include <string>

#include "app/backtest.hpp"
#include "app/journal_cmd.hpp"
#include "app/pipeline_config.hpp"
#include "app/replay.hpp"
#include "app/run/cli_checks.hpp"
#include "app/run/ledger_check.hpp"
#include "app/run/run_config.hpp"
#include "app/run/run_live.hpp"
#include "app/run/sim_account.hpp"
#include "app/smoke_cmd.hpp"
#include "core/yaml_document.hpp"
#include "net/tls/openssl_alloc.hpp"
#include "net/uring/net_log.hpp"

namespace {

// Bounds of the numeric flags (cli_checks.hpp): refused when parsed, before any work.
constexpr double kMaxSpeed = 1e6;                // replay pace multiplier
constexpr double kMaxDurationS = 365.0 * 86400;  // xtb run --duration (ns fit in int64)
constexpr long long kMaxLeverage = 125;          // Binance USD-M's range is 1..125
constexpr long long kMaxNotional = 1'000'000'000;
constexpr long long kMaxWallet = 1'000'000'000'000;
constexpr long long kMaxLatencyUs = 60'000'000;

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
  r->add_option("--venue", o.venue, "whose protocol the capture records")->capture_default_str();
  r->add_option("--capture", o.capture, "capture file (<ns> <json> lines, .gz ok)")->capture_default_str();
  r->add_option("--exchange-info", o.exchange_info, "exchangeInfo JSON with the symbol rules")->capture_default_str();
  r->add_option("--symbol", o.symbol, "symbol of the REST depth snapshots in the capture")->capture_default_str();
  r->add_option("--speed", o.speed, "0 = as fast as possible, 1 = recorded pace, 10 = ten times faster")
      ->capture_default_str()
      ->check(xtb::run::finite_in(0, kMaxSpeed));
  r->add_option("--config", config, "YAML config with a 'pipeline:' section (configs/replay.yaml)");
  r->add_option("--runner", runner, "override pipeline.runner: inline | threaded");
  r->add_option("--wait", wait, "override pipeline.wait: busy-spin | adaptive | yield | blocking");
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
  b->add_option("--venue", o.venue, "whose protocol the capture records")->capture_default_str();
  b->add_option("--capture", o.capture, "hftbacktest capture (<ns> <json> lines, .gz ok) of any USD-M symbol")
      ->capture_default_str();
  b->add_option("--account", o.account,
                "starting account YAML (xtb-sim format, hedge mode); default: LONG and SHORT of --notional each");
  b->add_option("--exchange-info", o.exchange_info, "exchangeInfo JSON with the symbol rules")->capture_default_str();
  b->add_option("--speed", o.speed, "0 = as fast as possible (deterministic), 1 = recorded pace")
      ->capture_default_str()
      ->check(xtb::run::finite_in(0, kMaxSpeed));
  b->add_option("--notional", o.notional_usdt, "default account: USDT per side at the first mid")
      ->capture_default_str()
      ->check(xtb::run::int_in(1, kMaxNotional));
  b->add_option("--leverage", o.leverage, "default account: isolated leverage (1..125)")
      ->capture_default_str()
      ->check(xtb::run::int_in(1, kMaxLeverage));
  b->add_option("--latency-us", o.latency_us, "simulated order-entry latency (cause event → venue)")
      ->capture_default_str()
      ->check(xtb::run::int_in(0, kMaxLatencyUs));
  b->add_option("--drop-trade-update", o.drop_trade_update,
                "fault injection: drop the N-th TRADE ORDER_TRADE_UPDATE of the user stream (0 = none)")
      ->check(xtb::run::int_in(0, 1'000'000'000));
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

void quiet_net_log(xtb::net::LogLevel level, const char* line) noexcept {
  if (level >= xtb::net::LogLevel::Warn) std::fprintf(stderr, "%s\n", line);
}

CLI::App* add_run(CLI::App& app, xtb::run::RunOptions& o, bool& verbose) {
  auto* r = app.add_subcommand("run", "Trade the reduce_only_closer on a venue: Binance USD-M, or xtb-sim over loopback "
                                      "TLS (docs/run.md)");
  r->footer("Stops on SIGINT/SIGTERM or a --stop-* rule, cancels this run's orders (protective stops stay), prints a\n"
            "summary. Secrets: XTB_API_KEY / XTB_API_SECRET (loopback venue without them: xtb-sim's example pair).\n"
            "Exit 0 only when the shutdown completed, nothing allocated on the hot path and, if checked, the engine\n"
            "agrees with the venue; 3 otherwise; 2 on start-up errors.");
  o.config = "configs/binance-reduce-only-closer.yaml";
  r->add_option("--config", o.config, "YAML: global:/symbols: (strategy), venue:, pipeline:, engine:, notify:")
      ->capture_default_str();
  r->add_option("--set", o.overrides, "override any config key, e.g. --set engine.run_id=r2 --set venue.connections=1");
  r->add_option("--rest-url", o.rest_url, "override venue.rest_url (https://host:port)");
  r->add_option("--ws-url", o.ws_url, "override venue.ws_url (wss://host:port)");
  r->add_option("--ca-file", o.ca_file, "override venue.ca_file (PEM CA to trust, e.g. xtb-sim's cert.pem)");
  r->add_option("--symbol", o.symbols, "trade this symbol (repeatable): exactly the symbols given are traded, with their symbols: entry or the global: defaults");
  r->add_option("--duration", o.duration_s, "stop after S seconds (finite, > 0; default: no limit)")
      ->check(xtb::run::finite_in(0, kMaxDurationS, true));
  r->add_flag("--stop-when-flat", o.stop_when_flat, "stop once every side of every traded symbol is flat; closing them is the job (a run that closed nothing, or stopped with a side open, fails)");
  r->add_flag("--stop-when-done", o.stop_when_done, "stop once every strategy is done (e.g. strategies: tracking_limit orders filled or timed out)");
  r->add_flag("--stop-at-replay-end", o.stop_at_replay_end, "xtb-sim: stop when its replay has ended (GET /sim/status; the run then fails: the replay ran out)");
  r->add_flag("--sim-check", o.sim_check,
              "xtb-sim: after the shutdown, compare the engine with the venue (GET /sim/state + /sim/ledger)");
  r->add_option("--state-out", o.state_out, "write the engine's final orders + positions as JSON");
  r->add_option("--sim-dump", o.sim_dump, "compare with this xtb-sim dump JSON at the end (see also ledger-check)");
  r->add_flag("!--no-progress", o.progress, "no progress line on stderr");
  r->add_flag("--verbose", verbose, "transport log at INFO (connections opened / closed)");
  return r;
}

CLI::App* add_check_config(CLI::App& app, std::string& file, std::vector<std::string>& overrides) {
  auto* c = app.add_subcommand("check-config", "Validate a config file: prints OK, or every error as "
                                               "file:line:col: field: message (exit 0 / 1)");
  c->add_option("file", file, "YAML config")->required();
  c->add_option("--set", overrides, "apply overrides first (as xtb run --set)");
  return c;
}

struct SimAccountCli {
  xtb::run::SimAccountOptions opt;
  std::string out;
  bool print_symbol = false, print_span = false;
};

CLI::App* add_sim_account(CLI::App& app, SimAccountCli& cli) {
  auto* s = app.add_subcommand("sim-account", "Write xtb-sim's starting account for a capture: hedge LONG + SHORT "
                                              "of --notional USDT each at the first mid (as xtb backtest's default)");
  const std::string data = default_data_dir();
  cli.opt.capture = data + "/binance-usdm/capture/btcusdt_20240808.gz";
  cli.opt.exchange_info = data + "/binance-usdm/fixtures/http/http_futures_market_exchange_info.json";
  s->add_option("--venue", cli.opt.venue, "whose protocol the capture records")->capture_default_str();
  s->add_option("--capture", cli.opt.capture, "hftbacktest or cryptofeed capture of any USD-M symbol(s)")->capture_default_str();
  s->add_option("--exchange-info", cli.opt.exchange_info, "exchangeInfo JSON (or a cryptofeed REST capture of it)")->capture_default_str();
  s->add_option("--notional", cli.opt.notional_usdt, "USDT per side")
      ->capture_default_str()
      ->check(xtb::run::int_in(1, kMaxNotional));
  s->add_option("--leverage", cli.opt.leverage, "isolated leverage (1..125)")
      ->capture_default_str()
      ->check(xtb::run::int_in(1, kMaxLeverage));
  s->add_option("--wallet", cli.opt.wallet_usdt, "wallet balance, USDT (>= 0)")
      ->capture_default_str()
      ->check(xtb::run::int_in(0, kMaxWallet));
  s->add_option("--out", cli.out, "write the YAML here (default: stdout)");
  s->add_flag("--print-symbol", cli.print_symbol, "print the captured symbols on stdout, comma-separated (after --out is written)");
  s->add_flag("--print-span", cli.print_span, "print the capture's length in seconds on stdout");
  return s;
}

int run_sim_account(const SimAccountCli& cli) {
  const xtb::run::SimAccount a = xtb::run::make_sim_account(cli.opt);
  if (cli.out.empty()) {
    std::fputs(a.yaml.c_str(), stdout);
  } else {
    std::FILE* f = std::fopen(cli.out.c_str(), "wb");
    if (f == nullptr || std::fputs(a.yaml.c_str(), f) < 0) {
      std::fprintf(stderr, "xtb sim-account: cannot write '%s'\n", cli.out.c_str());
      if (f) std::fclose(f);
      return 2;
    }
    std::fclose(f);
  }
  if (cli.print_symbol) std::printf("%s\n", a.symbol.c_str());
  if (cli.print_span) std::printf("%.3f\n", (a.last_ns - a.first_ns) / 1e9);
  return 0;
}

std::string read_all(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) throw std::runtime_error("cannot read '" + path + "'");
  std::string s;
  char buf[65536];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) s.append(buf, n);
  std::fclose(f);
  return s;
}

int run_check_config(const std::string& file, const std::vector<std::string>& overrides) {
  const xtb::run::RunConfigResult r = xtb::run::load_run_config(file, overrides);
  if (!r.ok()) {
    std::fputs(r.error_text().c_str(), stdout);
    return 1;
  }
  for (const std::string& n : r.notes) std::printf("note: %s\n", n.c_str());
  const xtb::run::RunConfig& c = r.config;
  // A generated run_id is this check's own: `xtb run` makes a new one at every start.
  const std::string run_id =
      c.engine.run_id + (c.engine.run_id_generated ? " (generated: xtb run makes a new one at every start)" : "");
  std::size_t symbols = c.strategy.symbols.size();
  for (const xtb::strategy::StrategySpec& s : c.strategies) symbols += s.symbols.size();
  std::printf("OK %s: %zu symbol(s), venue %s, engine run_id %s, logs %s\n", file.c_str(), symbols,
              xtb::run::venues_text(c.venues).c_str(), run_id.c_str(), c.logs.dir.empty() ? "stderr only" : c.logs.dir.c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  xtb::net::install_openssl_allocator();  // before OpenSSL's first allocation (docs/live-pipeline.md)
  CLI::App app{"xtb — low-latency trading engine for Binance USD-M futures (README.md, docs/run.md)"};
  app.require_subcommand(1);
  xtb::run::RunOptions run_opt;
  bool verbose = false;
  CLI::App* run_cmd = add_run(app, run_opt, verbose);
  std::string check_file;
  std::vector<std::string> check_overrides;
  CLI::App* check_cmd = add_check_config(app, check_file, check_overrides);
  SimAccountCli sim_account;
  CLI::App* account_cmd = add_sim_account(app, sim_account);
  std::string lc_state, lc_dump;
  CLI::App* ledger_cmd = app.add_subcommand("ledger-check", "Compare the engine's final state (xtb run --state-out) "
                                                            "with xtb-sim's dump; exit 0 only when they agree");
  ledger_cmd->add_option("--state", lc_state, "engine state JSON")->required();
  ledger_cmd->add_option("--sim-dump", lc_dump, "xtb-sim dump JSON (written on SIGTERM)")->required();
  xtb::ReplayOptions replay;
  std::string config, runner, wait;
  add_replay(app, replay, config, runner, wait);
  BacktestCli backtest;
  CLI::App* backtest_cmd = add_backtest(app, backtest);
  xtb::JournalCommand journal_cmd;
  xtb::add_journal_command(app, journal_cmd);
  xtb::SmokeCli smoke;
  CLI::App* smoke_cmd = xtb::add_smoke_command(app, smoke);
  CLI11_PARSE(app, argc, argv);
  try {
    if (const int rc = xtb::run_journal_command(journal_cmd); rc >= 0) return rc;
    if (check_cmd->parsed()) return run_check_config(check_file, check_overrides);
    if (account_cmd->parsed()) return run_sim_account(sim_account);
    if (ledger_cmd->parsed()) {
      const xtb::run::LedgerCheck c = xtb::run::check_ledger(read_all(lc_state), read_all(lc_dump));
      std::fputs(xtb::run::format_ledger_check(c).c_str(), stdout);
      return c.agree ? 0 : 3;
    }
    if (smoke_cmd->parsed()) {
      if (!verbose) xtb::net::set_log_sink(&quiet_net_log);
      return xtb::run_smoke_command(smoke);
    }
    if (run_cmd->parsed()) {
      if (!verbose) xtb::net::set_log_sink(&quiet_net_log);
      const xtb::run::RunReport r = xtb::run::run_live(run_opt);
      std::fputs(xtb::run::format_run_report(r).c_str(), stdout);
      return r.ok() ? 0 : 3;
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "xtb: %s\n", e.what());
    return 2;
  }
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
    if (!config.empty()) root = xtb::yaml::load_yaml_file_or_throw(config);  // strict checks, errno (D14/D16)
    replay.pipeline = xtb::parse_pipeline_config(root["pipeline"]);
    if (root["pipeline"].IsMap() && root["pipeline"]["layout"].IsDefined())  // no key silently ignored
      throw xtb::ConfigError("pipeline.layout is xtb run's; xtb replay runs pipeline.runner: inline | threaded");
    if (runner == "inline") replay.pipeline.runner = xtb::RunnerKind::Inline;
    else if (runner == "threaded") replay.pipeline.runner = xtb::RunnerKind::Threaded;
    else if (!runner.empty()) throw xtb::ConfigError("--runner must be inline or threaded");
    if (!wait.empty() && !xtb::parse_wait_mode(wait, replay.pipeline.wait))
      throw xtb::ConfigError("--wait must be busy-spin, adaptive, yield or blocking");
    const auto summary = xtb::run_replay(replay);
    std::fputs(xtb::format_summary(summary).c_str(), stdout);
    return summary.ok() ? 0 : 3;  // ReplaySummary::ok: decode errors, skipped/dropped records, no data (issue 12)
  } catch (const YAML::Exception& e) {
    std::fprintf(stderr, "xtb: config '%s': %s\n", config.c_str(), e.what());
  } catch (const xtb::yaml::YamlDocumentError& e) {
    std::fprintf(stderr, "xtb: config '%s': %s\n", config.c_str(), e.what());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "xtb: %s\n", e.what());
  }
  return 2;
}
