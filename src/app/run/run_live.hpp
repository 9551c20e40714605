// run_live.hpp — `xtb run`: the reduce_only_closer trading a live venue (Binance USD-M, or
// xtb-sim on loopback TLS) through the live pipeline, its stages laid on hot threads by
// pipeline.layout (compact: 1, split: 2, pinned: 4; core/pipeline_layout.hpp):
//
//   venue WSS ─▶ [ingest] ─R1─▶ [decode] ─R2─▶ [sequencer: engine + closer, TimeMode::Live]
//                                  ▲ R4                    │ R3
//   venue HTTPS ◀──────────── [egress] ◀───────────────────┘
//
// Start-up (main thread, cold; docs/live-pipeline.md "Start-up order"): config → clock
// calibration → credentials (env) → GET time, exchangeInfo → encoder/signer → stages →
// journal recovery (engine.journal exists) → signed GET positionRisk (liquidation price,
// leverage → closer; re-read every engine.risk_refresh_ms on the main thread and handed to
// the sequencer through a ring) → the layout's StageGroupRunner. The sequencer calibrates
// (reconciliation) before the closer places anything.
// Stop: SIGINT/SIGTERM, --duration, --stop-when-flat, or --stop-at-replay-end (xtb-sim
// GET /sim/status says the replay is done) → SequencerStage::request_shutdown → this run's
// orders cancelled (engine.shutdown: cancel_own; protective stops stay), barrier
// reconciliation, bounded by engine.shutdown_timeout_ms → ingest and egress stopped →
// report. docs/run.md has the details.
// Thread: main (cold). The stages it runs are allocation-free after warm-up.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "app/backtest_report.hpp"
#include "app/run/ledger_check.hpp"
#include "app/run/run_config.hpp"
#include "engine/reconciler.hpp"

namespace xtb::run {

struct RunOptions {
  std::string config;                    ///< YAML (run_config.hpp)
  std::vector<std::string> overrides;    ///< "dotted.path=value"
  std::string rest_url, ws_url, ca_file; ///< override venue.* when non-empty
  std::vector<std::string> symbols;      ///< when given, exactly these are traded (global defaults when not in symbols:)
  double duration_s = 0;                 ///< stop after this long (0 = no limit; the CLI takes finite > 0)
  /// Stop once every side of every traded symbol is flat — and make closing them the run's
  /// job: a run that stops for another reason with a side open, or had nothing to close,
  /// fails (run_verdict.hpp).
  bool stop_when_flat = false;
  bool stop_at_replay_end = false;       ///< xtb-sim: stop when GET /sim/status says done
  bool sim_check = false;                ///< xtb-sim: compare with GET /sim/state + /sim/ledger at the end
  std::string state_out;                 ///< write the engine's final state JSON here
  std::string sim_dump;                  ///< compare with this xtb-sim dump (must exist at the end)
  bool progress = true;                  ///< progress line on stderr
  bool arm_alloc_guard = true;
  std::int64_t warmup_ms = 2000;         ///< after trading starts, before the guard is armed
  /// Instead of reading `config`: this configuration (xtb smoke, seed 003's "CLI direct").
  std::shared_ptr<const RunConfig> preset;
  /// The strategies to run instead of the config's reduce_only_closer (strategy/registry.hpp).
  std::function<strategy::StrategySetup(const SymbolTable&)> setup;
  /// Stop once every strategy is done (Strategy::done(); e.g. a tracking limit filled).
  bool stop_when_done = false;
  /// Called after the run stopped, before the stages are torn down (xtb smoke's timeline).
  std::function<void(const SequencerStage&, const SymbolTable&)> inspect;
};

/// The summary block of one traded symbol (start, side table, liquidation prices).
struct SymbolReport {
  std::string name;
  SideReport sides[2];
  std::string liq_long, liq_short;
  std::int32_t leverage = 1;
  bool isolated = false;
};

struct RunReport {
  std::string venue;
  std::vector<SymbolReport> symbols;  ///< every traded symbol, a block each
  std::vector<std::string> notes;
  std::uint64_t events = 0, market_events = 0, order_events = 0, decode_errors = 0, commands = 0;
  std::uint64_t disconnects = 0, reconnects = 0, unknown_conn = 0;
  double wall_s = 0, trading_s = 0;
  std::uint64_t lat_count = 0, lat_p50 = 0, lat_p99 = 0, lat_max = 0;
  bool alloc_guard = false;
  std::uint64_t hot_allocations = 0;
  std::string guarded_threads;
  std::uint64_t risk_refreshes = 0;   ///< positionRisk re-reads after start-up (engine.risk_refresh_ms)
  std::uint64_t alerts = 0, kill_switch = 0;
  std::uint64_t run_alerts = 0;       ///< raised by the run itself (RunWatch: TLS, links, lost / unknown orders)
  std::uint64_t venue_lost = 0;       ///< live orders the venue lost, closed as EXPIRED (D5)
  std::vector<std::string> problems;  ///< why the run failed its job (printed; exit 3)
  ReconcileStats reconcile{};
  std::uint64_t drifts_adopted = 0, queries = 0, stale_generation = 0, unknown_own = 0;
  std::uint64_t ingest_messages = 0, egress_sent = 0, egress_responses = 0, transport_errors = 0, local_rejects = 0;
  std::uint32_t recovered_live_orders = 0;
  bool recovered = false;
  std::uint64_t journal_written = 0, journal_dropped = 0;
  std::uint64_t journal_lost = 0;     ///< appended records a write error kept off the disk
  std::string journal_error;          ///< strerror of the journal's write error ("" = none; fails the run)
  double shutdown_ms = 0, shutdown_bound_ms = 0;
  bool shutdown_complete = false, shutdown_in_bound = false;
  std::string stop_reason;
  std::string state_json;
  bool checked = false;
  LedgerCheck check;
  /// Exit code rule: complete shutdown, no decode errors, 0 hot-path allocations, no
  /// problem (a venue link never connected, a stop forced by RunWatch, --state-out not
  /// written) and, when a check ran, agreement.
  bool ok() const noexcept;
};

/// Runs until a stop condition, then shuts down and reports. Throws std::runtime_error
/// (config errors: ConfigError with every issue) on start-up failures.
RunReport run_live(const RunOptions& opt);

/// Multi-line summary (backtest style).
std::string format_run_report(const RunReport& r);

}  // namespace xtb::run
