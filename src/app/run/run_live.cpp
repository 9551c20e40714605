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

#include "net/client/rest_fetch.hpp"
#include "app/run/event_log.hpp"
#include "app/run/live_pipeline.hpp"
#include "app/run/progress_line.hpp"
#include "app/run/run_config.hpp"
#include "app/run/run_log.hpp"
#include "app/run/run_report.hpp"
#include "app/run/rules_refresh.hpp"
#include "app/run/run_paths.hpp"
#include "app/run/run_verdict.hpp"
#include "app/run/run_watch.hpp"
#include "core/alloc_guard.hpp"
#include "core/clock.hpp"
#include "core/layout.hpp"
#include "core/pipeline_layout.hpp"
#include "core/stage_group_runner.hpp"
#include "notify/notifier_service.hpp"

namespace xtb::run {
namespace {

std::atomic<int> g_signal{0};
extern "C" void on_stop_signal(int sig) { g_signal.store(sig, std::memory_order_relaxed); }

// stderr + the daily log file (logs.dir; app/run/run_log.hpp).
void log(const std::string& s) { run_log(RunLogLevel::Info, s); }

constexpr std::uint64_t kWarmupPolls = 2000;

// Re-reads positionRisk (cold, main thread) and hands the liquidation prices to the
// sequencer. Returns false (logged) when the venue could not be read; the closer keeps the
// previous values then.
bool refresh_position_risk(LivePipeline& p) {
  try {
    const std::vector<PositionRisk> risk = p.fetch_positions();
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
    p.reread_symbols(fresh);
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

// xtb-sim: GET /sim/status of every venue; true once any venue's replay ended (its market
// data stopped: trading on would trade a frozen book).
bool replay_done(const LivePipeline& p) {
  for (const VenueLink& v : p.venues) {
    const live::RestFetchResult r = live::fetch_rest(v.cfg.rest, net::HttpMethod::Get, "/sim/status", 2'000'000'000);
    if (r.ok && r.status == 200 && r.body.find("\"done\":true") != std::string::npos) return true;
  }
  return false;
}

std::string fetch_sim_dump(const VenueConfig& v, std::string& error) {
  const live::RestFetchResult s = live::fetch_rest(v.rest, net::HttpMethod::Get, "/sim/state");
  const live::RestFetchResult l = live::fetch_rest(v.rest, net::HttpMethod::Get, "/sim/ledger", 10'000'000'000, 256u << 20);
  if (!s.ok || s.status != 200 || !l.ok || l.status != 200) {
    error = "GET /sim/state or /sim/ledger of " + v.name + " failed (" + s.error + l.error + ")";
    return {};
  }
  return "{\"ledger\":" + l.body + ",\"state\":" + s.body + "}";
}

std::string run_prefix(const LivePipeline& p) { return p.cfg.engine.id_prefix + "-" + p.cfg.engine.run_id + "-"; }

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
  if (!o.sim_dump.empty()) {
    const std::string dump = read_text(o.sim_dump);
    r.checked = true;
    if (dump.empty()) r.check.differences.push_back("--sim-dump '" + o.sim_dump + "' cannot be read");
    else r.check = check_ledger(r.state_json, dump);
    return;
  }
  if (!o.sim_check) return;
  // Each venue's simulator against the engine's orders and positions on that venue.
  r.checked = true;
  std::vector<std::pair<std::string, LedgerCheck>> checks;
  for (const VenueLink& v : p.venues) {
    std::string err;
    const std::string dump = fetch_sim_dump(v.cfg, err);
    const VenueIdMap ids = [&v](std::string_view wire) { return v.live->engine_client_id(wire); };
    LedgerCheck c;
    if (dump.empty()) c.differences.push_back(err);
    else if (p.venues.size() == 1) c = check_ledger(r.state_json, dump, ids);
    else c = check_ledger(engine_state_json(*p.seq, p.symbols, run_prefix(p), v.live->venue_id()), dump, ids);
    checks.emplace_back(v.cfg.name, std::move(c));
  }
  r.check = checks.size() == 1 ? std::move(checks.front().second) : merge_ledger_checks(checks);
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
  if (std::string io = p.io_failure(); !io.empty()) return io;  // says which venue, stage and why
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
      p.set_io_alloc_guard(true);  // steady state: every connection open, every path used
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
  p.set_io_alloc_guard(false);
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  const std::uint64_t hot = AllocGuard::armed_allocations() - armed0;
  p.stop_io(5'000'000'000);
  runner.stop();
  runner.join();
  if (p.journal) p.journal->flush();
  if (p.events) p.events->stop();    // drains what the sequencer emitted last
  if (p.notifier) p.notifier->stop();  // flushes queued alerts, bounded (notify.stop_timeout_ms)
  return hot;
}

RunReport make_report(const LivePipeline& p, const RunClock& c, bool guard, std::uint64_t hot, std::int64_t t_end) {
  RunInputs in{p.symbols, *p.seq, p.risk, p.numbers(), p.notes};
  RunReport r = build_run_report(in);
  r.venue = venues_text(p.cfg.venues);
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
  r.state_json = engine_state_json(*p.seq, p.symbols, run_prefix(p));
  return r;
}

// The links RunWatch follows: each venue's streams and order connections.
std::vector<WatchedLinks> watched_links(const LivePipeline& p) {
  std::vector<WatchedLinks> out;
  const bool several = p.venues.size() > 1;
  for (const VenueLink& v : p.venues) {
    const std::string who = several ? v.cfg.name + " " : "";
    out.push_back({who + "market/user streams", &v.live->stream_links(), true});
    out.push_back({who + "REST connections", &v.live->order_links(), false});
  }
  return out;
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
  if (!o.sim_dump.empty() && p.venues.size() > 1)
    throw ConfigError("--sim-dump names one simulator's dump; with several venues use --sim-check");
  const PipelineConfig& pc = p.cfg.pipeline;
  const bool guard = o.arm_alloc_guard && AllocGuard::enabled();
  // The layout's hot threads (core/pipeline_layout.hpp); the allocation guard covers decode
  // and the sequencer on whichever thread runs them, ingest/egress arm themselves later.
  StageGroupRunner runner;
  PipelineLayout pl{p.layout.kind, pc.wait, {pc.cpu_ingest, pc.cpu_decode, pc.cpu_sequencer, pc.cpu_egress},
                    pc.rt_priority, guard, kWarmupPolls};
  std::vector<StageHandle> ingest, decode, egress;
  for (VenueLink& v : p.venues) {
    ingest.push_back(v.live->ingest());
    decode.push_back(v.live->decode());
    egress.push_back(v.live->egress());
  }
  add_pipeline_threads(runner, pl, std::span(ingest), std::span(decode), *p.seq, std::span(egress));
  log(p.layout.description + ", " + to_string(pc.wait) + " wait");
  const std::uint64_t armed0 = AllocGuard::armed_allocations();
  RunClock c;
  c.t0 = c.last_status_ns = c.last_risk_ns = c.last_rules_ns = Clock::monotonic_ns();
  for (const std::string& e : runner.start(pc.strict_affinity)) log("thread set-up: " + e);
  if (p.notifier)  // B6: the start message (notify/run_texts.hpp)
    p.notifier->notify_text(notify::format_run_start(
        notify::run_start_of(p.cfg, p.symbols, p.seq->tracked_symbols(), p.risk), p.cfg.notify.language));
  RunWatch watch(watched_links(p), c.t0, [&p](const std::string& text) {
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
