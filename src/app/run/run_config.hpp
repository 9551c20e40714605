// run_config.hpp — the configuration of `xtb run` (docs/run.md): one YAML file holding
//
//   global: / symbols:   the reduce_only_closer (strategy/strategy_config.hpp, seed 002); the seed's
//                        global.testnet (testnet URLs), global.proxy (refused unless empty) and
//                        global.telegram (mapped onto notify:) and global.ws.reconnect (stream
//                        reconnect backoff) are read here (review B8)
//   venue: / venues:     where to trade: one venue, or a list of several traded in one
//                        sequencer (app/run/venues_config.hpp has the keys; VenueConfig)
//     name: binance_usdm                      # the venue (venue/venue_list.hpp); default binance_usdm
//     rest_url: https://fapi.binance.com      # https://host[:port]
//     ws_url:   wss://fstream.binance.com     # wss://host[:port]
//     ca_file:  ""                            # PEM CA to trust instead of the system store
//     insecure: false                         # NO certificate verification (tests only; logged loudly)
//     connections: 2                          # keep-alive order-entry connections
//     streams: combined                       # venue option: binance_usdm combined | raw | split
//     trades: aggTrade                        # venue option: binance_usdm aggTrade | trade
//     api_key_env / api_secret_env            # names of the credential variables (default: the venue's)
//   pipeline:            runner / wait / cpus / rings (app/pipeline_config.hpp)
//   engine:
//     id_prefix: xtb                          # client order ids <prefix>-<run_id>-<epoch>-<seq>
//     run_id: <generated>                     # omitted: 8 random [a-z0-9] at every start (seed 002, review B9);
//                                             # the same run_id + journal resumes a run; prefix + run_id ≤ 16 chars
//     journal: ""                             # append-only order journal; "" = none (set → run_id required)
//     shutdown: cancel_own                    # cancel_own | leave_resting
//     shutdown_timeout_ms: 5000               # bounded shutdown (seed 003)
//     reconcile_interval_ms: 60000
//     risk_refresh_ms: 30000                  # re-read positionRisk (liquidation price); 0 = start-up only
//   notify:              alert notifications off the hot path (notify/notify_config.hpp, docs/notify.md)
//   strategies:          [{kind: tracking_limit, venue: backpack, symbols: [BTC_USDC_PERP], params: {...}}, ...]
//                        several strategies in one sequencer (strategy/registry.hpp); `venue`
//                        (default: the first venue) must be one the run trades; omitted:
//                        the reduce_only_closer of global:/symbols: on the first venue
//   logs:                files beside stderr (seed 002: logs/, rolled daily, 30 days kept)
//     dir: logs                               # xtb_<date>.log + events_<date>.jsonl; "" = stderr only;
//                                             # env XTB_LOG_DIR overrides it (app/run/run_log.hpp)
//     retention_days: 30                      # daily files kept, 1..3650
//     events: true                            # structured event log (app/run/event_log.hpp)
//
// Secrets never come from the file: the API key and secret are read from the environment
// (the variables venue.api_key_env / api_secret_env name; binance_usdm's defaults XTB_API_KEY /
// XTB_API_SECRET, else seed 002's BINANCE_API_KEY / BINANCE_API_SECRET). When they are unset and both URLs point at loopback
// (127.0.0.1, ::1, localhost), the docs' example pair that xtb-sim accepts by default is
// used instead, and the log says so; against any other host they are required.
//
// Errors: every problem, each as "file:line:col: field: message" (ConfigIssue), like the
// strategy loader; values set by --set overrides are reported as "<override>"; at most 50
// are listed by error_text() ("... and N more errors"). The file is read, checked and
// overridden once for every section (strategy/config_document.hpp → core/yaml_document.hpp:
// errno on read errors, a directory, duplicate keys, a second document, complex keys, depth,
// control characters, unclosed quotes). A key set to null is an error at its line; a section
// with nothing under it (`engine:`) is an empty section. Wrong kinds are named ("got a sequence").
// Thread: cold path (start-up). Allocates; throws nothing (errors are returned).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "net/client/live_endpoint.hpp"
#include "app/pipeline_config.hpp"
#include "net/connection_backoff.hpp"
#include "notify/notify_config.hpp"
#include "strategy/registry.hpp"
#include "strategy/strategy_config.hpp"
#include "venue/live_venue.hpp"

namespace YAML { class Node; }

namespace xtb::run {

/// Binance USD-M testnet (global.testnet: true), from the venue's docs
/// (shared/venue-docs/binance/usdm/network_connectivity.md, "Testnet API Information").
inline constexpr const char* kTestnetRestUrl = "https://demo-fapi.binance.com";
inline constexpr const char* kTestnetWsUrl = "wss://fstream.binancefuture.com";

enum class ShutdownPolicy : std::uint8_t { CancelOwn, LeaveResting };

struct EngineRunConfig {
  std::string id_prefix = "xtb";
  std::string run_id;             ///< "" in the file → generated by load_run_config()
  bool run_id_generated = false;  ///< true when this start made it up (no engine.run_id)
  std::string journal;
  ShutdownPolicy shutdown = ShutdownPolicy::CancelOwn;
  std::int64_t shutdown_timeout_ms = 5000;
  std::int64_t reconcile_interval_ms = 60'000;
  std::int64_t risk_refresh_ms = 30'000;
};

struct LogConfig {
  std::string dir = "logs";
  std::uint16_t retention_days = 30;
  bool events = true;
  bool dir_from_env = false;  ///< XTB_LOG_DIR replaced `dir`
};

struct RunConfig {
  std::string file;
  strategy::StrategyConfig strategy;
  /// Every venue the run trades, in config order (venue: gives one); never empty. The
  /// closer of global:/symbols: trades on venues[0].
  std::vector<VenueConfig> venues{VenueConfig{}};
  PipelineConfig pipeline;
  EngineRunConfig engine;
  notify::NotifyConfig notify;  ///< disabled unless `notify:` enables it
  LogConfig logs;
  /// `strategies:` — when given, what the sequencer runs (strategy/registry.hpp), each built
  /// at start-up against the venue's symbols; `global:`/`symbols:` (the closer) then optional.
  std::vector<strategy::StrategySpec> strategies;
};

struct RunConfigResult {
  RunConfig config;
  std::vector<ConfigIssue> errors;
  std::vector<std::string> notes;  ///< not errors: e.g. "notify: section present but no notifier linked"
  bool ok() const noexcept { return errors.empty(); }
  std::string error_text() const;  ///< one issue per line
};

/// Where the run trades, for logs and summaries: the REST URL of a single venue,
/// "name url, name url" for several.
std::string venues_text(const std::vector<VenueConfig>& venues);

/// Reads `path`, applies `overrides` ("dotted.path=value", any section) and validates every
/// section (CLI --rest-url / --ws-url / --ca-file are applied by the caller, then
/// resolve_endpoints()).
RunConfigResult load_run_config(const std::string& path, const std::vector<std::string>& overrides = {});

/// `len` (1..12) random characters of [a-z0-9] (std::random_device): a fresh run id.
std::string generate_run_id(std::size_t len);

/// "https://127.0.0.1:8443" → host 127.0.0.1, port 8443, tls; scheme must be `https`/`wss`
/// (TLS) or `http`/`ws` (plain, loopback tests only). False + `error` otherwise.
bool parse_url(const std::string& url, bool websocket, live::LiveEndpoint& out, std::string& error);

/// Re-derives v.rest / v.ws from the URL strings (after CLI overrides). False + `error`
/// (naming the venue) when a URL is invalid.
bool resolve_endpoints(VenueConfig& v, std::string& error);

}  // namespace xtb::run
