// run_live.cpp — wiring, run loop and shutdown of `xtb run` (see run_live.hpp, docs/run.md).
#include "app/run/run_live.hpp"

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "app/backtest_setup.hpp"
#include "net/client/rest_fetch.hpp"
#include "app/run/event_log.hpp"
#include "app/run/journal_open.hpp"
#include "app/run/progress_line.hpp"
#include "app/run/run_config.hpp"
#include "app/run/run_log.hpp"
#include "app/run/run_report.hpp"
#include "app/run/run_start_config.hpp"
#include "app/run/rules_refresh.hpp"
#include "app/run/run_paths.hpp"
#include "app/run/run_setup.hpp"
#include "app/run/run_verdict.hpp"
#include "app/run/run_watch.hpp"
#include "core/alloc_guard.hpp"
#include "core/clock.hpp"
#include "core/layout.hpp"
#include "core/pipeline_layout.hpp"
#include "core/stage_group_runner.hpp"
#include "engine/journal.hpp"
#include "engine/recovery.hpp"
#include "notify/alert_channel.hpp"
#include "notify/notifier_service.hpp"
#include "strategy/reduce_only_closer/closer_setup.hpp"
#include "strategy/registry.hpp"
#include "venue/venue_list.hpp"

namespace xtb::run {
namespace {

std::atomic<int> g_signal{0};
extern "C" void on_stop_signal(int sig) { g_signal.store(sig, std::memory_order_relaxed); }

// stderr + the daily log file (logs.dir; app/run/run_log.hpp).
void log(const std::string& s) { run_log(RunLogLevel::Info, s); }

constexpr std::size_t kResponseRing = 1024, kResponseSlots = 16, kResponseSlotBytes = 256 * 1024;
constexpr std::uint64_t kWarmupPolls = 2000;

// Everything the pipeline needs, built on the main thread (cold) in start-up order.
struct LivePipeline {
  RunConfig cfg;
  std::vector<std::string> notes;
  std::unique_ptr<LiveVenue> venue;  // the venue's live side (venue/live_venue.hpp)
  SymbolTable symbols;
  std::unique_ptr<SpscRing<RawFrame>> r1, r4;
  std::unique_ptr<LargeFramePool> r1_pool, r4_pool;
  std::unique_ptr<SpscRing<Event>> r2;
  std::unique_ptr<SpscRing<OrderCommand>> r3;
  std::unique_ptr<SequencerStage> seq;
  std::unique_ptr<engine::JournalWriter> journal;
  notify::AlertChannel alerts;  // sequencer → notifier thread (SPSC, never blocks)
  SpscRing<PositionRiskUpdate> risk_updates{64};  // main thread → sequencer (positionRisk refresh)
  std::unique_ptr<notify::NotifierService> notifier;
  std::unique_ptr<EventLogWriter> events;  // sequencer → JSON lines (logs.events)
  SpscRing<RulesUpdate> rules_updates{64};  // main thread → sequencer (exchangeInfo re-read)
  std::vector<PositionRisk> risk;
  ResolvedLayout layout;  // pipeline.layout, auto resolved by the affinity mask (build_stages)
  bool recovered = false;
  std::uint32_t recovered_live = 0;

  std::function<strategy::StrategySetup(const SymbolTable&)> custom_setup;
  strategy::StrategySetup setup;  // built once the venue's symbols are known

  explicit LivePipeline(const RunOptions& o) : LivePipeline(load_config(o), o.setup) {}

  // Each member from its own part of `s`: independent of the declaration order.
  LivePipeline(StartConfig s, std::function<strategy::StrategySetup(const SymbolTable&)> caller_setup)
      : cfg(std::move(s.cfg)), notes(std::move(s.notes)), custom_setup(std::move(caller_setup)) {
    open_run_log(cfg.logs.dir, cfg.logs.retention_days);
    if (!cfg.logs.dir.empty())
      log("log files in " + cfg.logs.dir + (cfg.logs.dir_from_env ? " (XTB_LOG_DIR)" : "") + ": " + run_log_file() +
          ", rolled daily, " + std::to_string(cfg.logs.retention_days) + " kept");
    for (const std::string& n : notes) log("note: " + n);
    if (cfg.venue.insecure)
      log("WARNING: venue.insecure is set: TLS certificates are NOT verified. Never use this against a real venue.");
    venue = make_live_venue(cfg.venue, [](const std::string& line) { log(line); });
    log(venue->load_symbols(symbols));
    setup = make_setup();
    if (setup.symbols.empty()) throw std::runtime_error("none of the configured symbols is listed by the venue");
    if (!cfg.strategies.empty() || custom_setup)
      log(std::to_string(setup.strategies.size()) + " strateg" + (setup.strategies.size() == 1 ? "y" : "ies") +
          " on " + std::to_string(setup.symbols.size()) + " symbol(s)");
    if (cfg.logs.events && !cfg.logs.dir.empty()) {
      events = std::make_unique<EventLogWriter>(cfg.logs.dir, cfg.logs.retention_days, symbols);
      events->start();
      log("event log " + events->path() + " (JSON lines)");
    }
    build_stages();
    if (cfg.notify.enabled) {
      notifier = std::make_unique<notify::NotifierService>(cfg.notify, symbols, alerts);
      if (!notifier->start()) throw std::runtime_error("notify: " + notifier->error());
      log(std::string("notify: alerts go to ") + notify::to_string(cfg.notify.kind));
    }
    open_journal();
    risk = venue->fetch_positions(symbols, seq->tracked_symbols());
    for (std::size_t i = 0; i < risk.size(); ++i) apply_position_risk(*seq, seq->tracked_symbols()[i], risk[i]);
  }

  // What the sequencer runs: the caller's (xtb smoke), the config's strategies: list
  // (registry), or the reduce_only_closer of global:/symbols:.
  strategy::StrategySetup make_setup() const {
    if (custom_setup) return custom_setup(symbols);
    if (cfg.strategies.empty()) return strategy::closer_setup(cfg.strategy, symbols, venue->venue_id());
    std::vector<strategy::StrategySetup> parts;
    for (const strategy::StrategySpec& s : cfg.strategies) parts.push_back(strategy::make_strategy_setup(s, symbols));
    return strategy::merge_setups(std::move(parts));
  }

  void build_stages() {
    const PipelineConfig& p = cfg.pipeline;
    r1 = std::make_unique<SpscRing<RawFrame>>(p.frame_ring);
    r4 = std::make_unique<SpscRing<RawFrame>>(kResponseRing);
    r1_pool = std::make_unique<LargeFramePool>(p.large_slots, p.large_slot_bytes);
    r4_pool = std::make_unique<LargeFramePool>(kResponseSlots, kResponseSlotBytes);
    r2 = std::make_unique<SpscRing<Event>>(p.event_ring);
    r3 = std::make_unique<SpscRing<OrderCommand>>(p.command_ring);

    layout = resolve_layout(p.layout, available_cpus());
    // Ingest sleeps in the kernel only when it has a thread of its own.
    venue->build(LiveRings{*r1, *r1_pool, *r4, *r4_pool, *r2, *r3}, symbols, setup.symbols,
                 ingest_io_wait_ns(layout.kind, p.wait));

    SequencerConfig sc;
    sc.id_prefix = cfg.engine.id_prefix;
    sc.run_id = cfg.engine.run_id;
    // Live ids carry a per-start epoch (the start time in ms; journal recovery raises it
    // past every epoch it saw): unique across restarts even when history is lost.
    sc.id_epoch = engine::OrderIdAllocator::epoch_from_unix_ms(
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count());
    sc.roles = venue->roles();
    sc.time = TimeMode::Live;
    sc.venue = venue->venue_id();
    sc.limits.costs = venue->command_costs();  // the risk gate's venue budgets, per command
    sc.reconcile_interval_ns = cfg.engine.reconcile_interval_ms * 1'000'000;
    sc.shutdown_timeout_ns = cfg.engine.shutdown_timeout_ms * 1'000'000;
    sc.shutdown_cancel = cfg.engine.shutdown == ShutdownPolicy::CancelOwn;
    sc.risk_updates = &risk_updates;
    sc.rules_updates = &rules_updates;
    if (events) sc.trade_events = events->sink();
    if (cfg.notify.enabled) {
      sc.alert_push = [](void* ctx, const Alert& a) noexcept {
        return static_cast<notify::AlertChannel*>(ctx)->try_push(a);
      };
      sc.alert_ctx = &alerts;
    }
    seq = std::make_unique<SequencerStage>(symbols, setup, sc, *r2, nullptr, *r3, nullptr, nullptr, nullptr);
    r2->attach_doorbell(seq->doorbell());  // the venue attached its own stages' doorbells
  }

  // engine.journal: refuse a damaged or foreign file (untouched), or rebuild from it, then
  // append to its valid prefix (journal_open.hpp, docs/journal.md).
  void open_journal() {
    engine::OrderManager& om = seq->order_manager();
    const std::string& path = cfg.engine.journal;
    if (!path.empty()) {
      JournalStart js = prepare_journal(path, om, symbols);
      for (const std::string& l : js.log) log(l);
      if (js.refused) throw std::runtime_error(js.message);  // exit 2, nothing traded
      journal = std::make_unique<engine::JournalWriter>(js.writer);
      om.set_journal(journal.get());
      recovered = js.recovered;
      recovered_live = js.report.live_orders;
      if (recovered) om.finish_recovery(Clock::to_monotonic_ns(Clock::now()));
    }
    log("client order ids " + std::string(om.ids().head()) + "<seq> (epoch " + std::to_string(om.ids().epoch()) +
        ": unique across restarts)");
  }
};

// Re-reads positionRisk (cold, main thread) and hands the liquidation prices to the
// sequencer. Returns false (logged) when the venue could not be read; the closer keeps the
// previous values then.
bool refresh_position_risk(LivePipeline& p) {
  try {
    const std::vector<PositionRisk> risk = p.venue->fetch_positions(p.symbols, p.seq->tracked_symbols());
    for (std::size_t i = 0; i < risk.size(); ++i)
      for (const SideRisk* s : {&risk[i].long_side, &risk[i].short_side})
        if (s->found)
          p.risk_updates.try_push(PositionRiskUpdate{p.seq->tracked_symbols()[i],
                                                     s == &risk[i].long_side ? PositionSide::Long : PositionSide::Short,
                                                     s->liq_px, s->leverage});
    return true;
  } catch (const std::exception& e) {
    log(std::string("positionRisk refresh failed (liquidation prices unchanged): ") + e.what());
    return false;
  }
}

// After a calibration: re-reads exchangeInfo and hands changed filters to the sequencer.
// Returns a stop reason when a traded symbol's tick/step grid changed or it was delisted
// (rules_refresh.hpp); "" otherwise, also when the venue could not be read (logged).
std::string refresh_rules(LivePipeline& p) {
  try {
    SymbolTable fresh;
    p.venue->reread_symbols(fresh);
    const RulesDiff d = diff_rules(p.symbols, fresh, p.seq->tracked_symbols());
    for (const std::string& c : d.changes) log("exchangeInfo re-read at calibration: " + c + " (applied)");
    for (const RulesUpdate& u : d.updates)
      if (!p.rules_updates.try_push(u)) log("exchangeInfo: rules update queue full; retried at the next calibration");
    if (!d.grid_change.empty()) return "symbol rules changed at the venue (" + d.grid_change + "): restart to adopt them";
  } catch (const std::exception& e) {
    log(std::string("symbol rules re-read failed (rules unchanged): ") + e.what());
  }
  return {};
}

bool replay_done(const LivePipeline& p) {
  const live::RestFetchResult r = live::fetch_rest(p.cfg.venue.rest, net::HttpMethod::Get, "/sim/status", 2'000'000'000);
  return r.ok && r.status == 200 && r.body.find("\"done\":true") != std::string::npos;
}

std::string fetch_sim_dump(const LivePipeline& p, std::string& error) {
  const live::RestFetchResult s = live::fetch_rest(p.cfg.venue.rest, net::HttpMethod::Get, "/sim/state");
  const live::RestFetchResult l = live::fetch_rest(p.cfg.venue.rest, net::HttpMethod::Get, "/sim/ledger", 10'000'000'000, 256u << 20);
  if (!s.ok || s.status != 200 || !l.ok || l.status != 200) {
    error = "GET /sim/state or /sim/ledger failed (" + s.error + l.error + ")";
    return {};
  }
  return "{\"ledger\":" + l.body + ",\"state\":" + s.body + "}";
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// --state-out (a failure is a RUN FAILED line: the summary is printed all the same; D7),
// then the comparison with xtb-sim (--sim-dump / --sim-check).
void write_outputs(const LivePipeline& p, const RunOptions& o, OutputFile* state_out, RunReport& r) {
  if (state_out != nullptr) {  // temp file + rename: never a 0-byte or half-written state
    if (std::string e = state_out->commit(r.state_json); !e.empty()) {
      log(e);
      r.problems.push_back(e);
    }
  }
  std::string dump, err;
  if (!o.sim_dump.empty()) {
    dump = read_text(o.sim_dump);
    if (dump.empty()) err = "--sim-dump '" + o.sim_dump + "' cannot be read";
  } else if (o.sim_check) {
    dump = fetch_sim_dump(p, err);
  }
  if (!dump.empty()) {
    r.checked = true;
    r.check = check_ledger(r.state_json, dump);
  } else if (!err.empty()) {
    r.checked = true;
    r.check.differences.push_back(err);
  }
}

struct SignalScope {
  struct sigaction old_int {}, old_term {};
  SignalScope() {
    g_signal.store(0);
    struct sigaction sa {};
    sa.sa_handler = on_stop_signal;
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
  }
  ~SignalScope() {
    sigaction(SIGINT, &old_int, nullptr);
    sigaction(SIGTERM, &old_term, nullptr);
  }
};

// The main thread's view of one run: when trading began, why and when it stops.
struct RunClock {
  std::int64_t t0 = 0, trading_ns = 0, stop_ns = 0, last_status_ns = 0, last_risk_ns = 0, seq_done_ns = 0;
  std::int64_t last_rules_ns = 0;
  std::uint64_t calibrations_seen = 0, fills_seen = 0;
  std::string stop_reason, rules_stop;
  std::uint64_t risk_refreshes = 0;
  bool io_armed = false;
};

// Why the run should stop now ("" = go on). Checked every 20 ms on the main thread.
std::string next_stop_reason(LivePipeline& p, const RunOptions& o, RunClock& c, const SequencerProgress& sp,
                             const std::string& watch_stop, std::int64_t now) {
  // Acquire: the sides published with this phase are visible (SequencerProgress).
  const auto phase = static_cast<SequencerStage::Phase>(sp.phase.load(std::memory_order_acquire));
  if (const int sig = g_signal.load(std::memory_order_relaxed); sig != 0) return sig == SIGINT ? "SIGINT" : "SIGTERM";
  if (p.journal && p.journal->failed())  // the kill switch tripped: stop and fail (D2)
    return std::string("journal write error: ") + std::strerror(p.journal->error());
  if (!watch_stop.empty()) return watch_stop;
  if (!c.rules_stop.empty()) return c.rules_stop;
  if (std::string io = p.venue->io_failure(); !io.empty()) return io;  // says which stage and why
  if (o.duration_s > 0 && now - c.t0 >= static_cast<std::int64_t>(o.duration_s * 1e9)) return "duration reached";
  if (o.stop_when_flat && phase == SequencerStage::Phase::Running && sp.all_flat()) return kAllFlatReason;
  if (o.stop_when_done && phase == SequencerStage::Phase::Running && sp.strategies_done.load(std::memory_order_relaxed))
    return "the strategy finished";
  if (o.stop_at_replay_end && now - c.last_status_ns >= 1'000'000'000) {
    c.last_status_ns = now;
    if (replay_done(p)) return kReplayEndedReason;
  }
  return {};
}

// Seed 002: a calibration also re-reads the liquidation prices (positionRisk) and the
// markets (exchangeInfo, at most once a minute). The first one is start-up's: both were
// just read.
void recalibrated(LivePipeline& p, RunClock& c, std::int64_t now) {
  constexpr std::int64_t kRulesEveryNs = 60'000'000'000;
  const std::uint64_t n = p.seq->progress().calibrations.load(std::memory_order_relaxed);
  if (n == c.calibrations_seen) return;
  const bool first = c.calibrations_seen == 0;
  c.calibrations_seen = n;
  if (first || !c.stop_reason.empty()) return;
  c.last_risk_ns = now;
  c.risk_refreshes += refresh_position_risk(p) ? 1 : 0;
  if (now - c.last_rules_ns < kRulesEveryNs) return;
  c.last_rules_ns = now;
  c.rules_stop = refresh_rules(p);
}

// Seed 002 re-read the position (and its liquidation price) after its orders: a fill moves
// the liquidation price of an isolated position. At most once a second, after new fills.
void refresh_after_fills(LivePipeline& p, RunClock& c, const SequencerProgress& sp, std::int64_t now) {
  constexpr std::int64_t kMinGapNs = 1'000'000'000;
  std::uint64_t fills = 0;
  for (std::size_t s = 0; s < sp.symbols(); ++s)
    for (int i = 0; i < 2; ++i) fills += sp.side(s, i).filled.load(std::memory_order_relaxed);
  if (fills == c.fills_seen || !c.stop_reason.empty() || now - c.last_risk_ns < kMinGapNs) return;
  c.fills_seen = fills;
  c.last_risk_ns = now;
  c.risk_refreshes += refresh_position_risk(p) ? 1 : 0;
}

// Runs until the sequencer finished (after a stop request, or by itself: kill switch).
void watch_run(LivePipeline& p, const RunOptions& o, bool guard, RunWatch& watch, RunClock& c) {
  ProgressLine progress(p.symbols, p.seq->tracked_symbols());
  const std::int64_t risk_every_ns = p.cfg.engine.risk_refresh_ms * 1'000'000;
  const std::int64_t bound_ns = p.cfg.engine.shutdown_timeout_ms * 1'000'000;
  while (!p.seq->finished()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    const std::int64_t now = Clock::monotonic_ns();
    const SequencerProgress& sp = p.seq->progress();
    const auto phase = static_cast<SequencerStage::Phase>(sp.phase.load(std::memory_order_relaxed));
    if (c.trading_ns == 0 && phase == SequencerStage::Phase::Running) c.trading_ns = now;
    if (guard && !c.io_armed && c.trading_ns != 0 && now - c.trading_ns >= o.warmup_ms * 1'000'000) {
      p.venue->set_io_alloc_guard(true);  // steady state: every connection open, every path used
      c.io_armed = true;
    }
    if (o.progress) progress.update(sp, now, c.t0);
    if (risk_every_ns > 0 && c.stop_reason.empty() && now - c.last_risk_ns >= risk_every_ns) {
      c.last_risk_ns = now;
      c.risk_refreshes += refresh_position_risk(p) ? 1 : 0;
    }
    recalibrated(p, c, now);
    refresh_after_fills(p, c, sp, now);
    const std::string watch_stop = watch.check(sp, now);  // alerts; TLS / never-connected stops
    if (!c.stop_reason.empty()) {
      if (now - c.stop_ns > bound_ns + 2'000'000'000) break;  // the sequencer's own bound failed
      continue;
    }
    c.stop_reason = next_stop_reason(p, o, c, sp, watch_stop, now);
    if (!c.stop_reason.empty()) {
      c.stop_ns = now;
      p.seq->request_shutdown();
    }
  }
  c.seq_done_ns = Clock::monotonic_ns();
  if (c.stop_ns == 0) c.stop_ns = c.seq_done_ns;  // the sequencer stopped by itself (e.g. kill switch)
  watch.check(p.seq->progress(), c.seq_done_ns);  // what the drain added (lost / unknown orders)
  if (o.progress) progress.update(p.seq->progress(), c.seq_done_ns, c.t0, true);
  progress.finish();
}

// The sequencer settled with the venue: stop the I/O stages (they tear down on their own
// threads: DELETE listenKey, close), then the rest. Returns the hot-path allocations.
std::uint64_t stop_stages(LivePipeline& p, StageGroupRunner& runner, std::uint64_t armed0) {
  p.venue->set_io_alloc_guard(false);
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  const std::uint64_t hot = AllocGuard::armed_allocations() - armed0;
  p.venue->request_io_stop();
  const std::int64_t io_deadline = Clock::monotonic_ns() + 5'000'000'000;
  while (!p.venue->io_finished() && Clock::monotonic_ns() < io_deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  runner.stop();
  runner.join();
  if (p.journal) p.journal->flush();
  if (p.events) p.events->stop();    // drains what the sequencer emitted last
  if (p.notifier) p.notifier->stop();  // flushes queued alerts, bounded (notify.stop_timeout_ms)
  return hot;
}

RunReport make_report(const LivePipeline& p, const RunClock& c, bool guard, std::uint64_t hot, std::int64_t t_end) {
  RunInputs in{p.symbols, *p.seq, p.risk, p.venue->numbers(), p.notes};
  RunReport r = build_run_report(in);
  r.venue = p.cfg.venue.rest_url;
  r.risk_refreshes = c.risk_refreshes;
  if (p.notifier) {
    const notify::NotifyStats ns = p.notifier->stats();
    r.notes.push_back("notify: " + std::to_string(ns.alerts_received) + " alerts received, " +
                      std::to_string(ns.messages_sent) + " messages sent, " + std::to_string(ns.messages_failed) +
                      " failed, " + std::to_string(ns.channel_dropped + ns.dropped) + " dropped");
  }
  if (p.events)
    r.notes.push_back("event log: " + std::to_string(p.events->written()) + " events written to " + p.events->path() +
                      ", " + std::to_string(p.events->dropped()) + " dropped");
  r.wall_s = static_cast<double>(t_end - c.t0) / 1e9;
  r.trading_s = c.trading_ns != 0 ? static_cast<double>(c.seq_done_ns - c.trading_ns) / 1e9 : 0;
  r.alloc_guard = guard;
  r.hot_allocations = hot;
  r.guarded_threads = c.io_armed ? "decode, sequencer, ingest, egress" : "decode, sequencer";
  r.stop_reason = c.stop_reason.empty() ? "sequencer stopped" : c.stop_reason;
  r.shutdown_ms = static_cast<double>(c.seq_done_ns - c.stop_ns) / 1e6;
  r.shutdown_bound_ms = static_cast<double>(p.cfg.engine.shutdown_timeout_ms);
  r.shutdown_in_bound = r.shutdown_ms <= r.shutdown_bound_ms;
  r.recovered = p.recovered;
  r.recovered_live_orders = p.recovered_live;
  if (p.journal) {
    r.journal_written = p.journal->written();
    r.journal_dropped = p.journal->dropped();
    r.journal_lost = p.journal->lost();
    if (p.journal->failed()) r.journal_error = std::strerror(p.journal->error());
  }
  const std::string prefix = p.cfg.engine.id_prefix + "-" + p.cfg.engine.run_id + "-";
  r.state_json = engine_state_json(*p.seq, p.symbols, prefix);
  return r;
}

}  // namespace

RunReport run_live(const RunOptions& o) {
  // Paths used only at the end are checked before anything is traded (D7).
  std::optional<OutputFile> state_out;
  if (!o.state_out.empty()) state_out.emplace(o.state_out, "--state-out");
  if (!o.sim_dump.empty()) check_readable_file(o.sim_dump, "--sim-dump");
  Clock::calibrate();
  SignalScope signals;
  LivePipeline p(o);
  const PipelineConfig& pc = p.cfg.pipeline;
  const bool guard = o.arm_alloc_guard && AllocGuard::enabled();
  // The layout's hot threads (core/pipeline_layout.hpp); the allocation guard covers decode
  // and the sequencer on whichever thread runs them, ingest/egress arm themselves later.
  StageGroupRunner runner;
  PipelineLayout pl{p.layout.kind, pc.wait, {pc.cpu_ingest, pc.cpu_decode, pc.cpu_sequencer, pc.cpu_egress},
                    pc.rt_priority, guard, kWarmupPolls};
  StageHandle ingest = p.venue->ingest(), decode = p.venue->decode(), egress = p.venue->egress();
  add_pipeline_threads(runner, pl, ingest, decode, *p.seq, egress);
  log(p.layout.description + ", " + to_string(pc.wait) + " wait");
  const std::uint64_t armed0 = AllocGuard::armed_allocations();
  RunClock c;
  c.t0 = c.last_status_ns = c.last_risk_ns = c.last_rules_ns = Clock::monotonic_ns();
  for (const std::string& e : runner.start(pc.strict_affinity)) log("thread set-up: " + e);
  if (p.notifier)  // B6: the start message (notify/run_texts.hpp)
    p.notifier->notify_text(notify::format_run_start(
        notify::run_start_of(p.cfg, p.symbols, p.seq->tracked_symbols(), p.risk), p.cfg.notify.language));
  RunWatch watch({{"market/user streams", &p.venue->stream_links(), true},
                  {"REST connections", &p.venue->order_links(), false}},
                 c.t0, [&p](const std::string& text) {
                   log("ALERT: " + text);
                   if (p.notifier) p.notifier->notify_text("xtb run: " + text);
                 });
  watch_run(p, o, guard, watch, c);
  const std::uint64_t hot = stop_stages(p, runner, armed0);
  if (o.inspect) o.inspect(*p.seq, p.symbols);
  RunReport r = make_report(p, c, guard, hot, Clock::monotonic_ns());
  r.problems = watch.finish();
  for (std::string& e : closing_problems(r, o.stop_when_flat)) r.problems.push_back(std::move(e));
  r.run_alerts = watch.alerts();
  write_outputs(p, o, state_out ? &*state_out : nullptr, r);
  if (p.notifier)  // B6: the summary, after the notifier thread stopped (send_final)
    p.notifier->send_final(
        notify::format_run_summary(notify::run_summary_of(r, p.cfg.engine.run_id), p.cfg.notify.language));
  // The summary goes to stdout (xtb_main); the log file keeps the verdict.
  run_log(RunLogLevel::Info, "run ended: " + r.stop_reason, true);
  for (const std::string& e : r.problems) run_log(RunLogLevel::Error, "RUN FAILED: " + e, true);
  close_run_log();
  return r;
}

}  // namespace xtb::run
