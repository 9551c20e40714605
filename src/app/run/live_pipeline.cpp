// live_pipeline.cpp — see live_pipeline.hpp.
#include "app/run/live_pipeline.hpp"

#include <chrono>
#include <stdexcept>
#include <thread>

#include "app/run/journal_open.hpp"
#include "app/run/run_log.hpp"
#include "app/run/run_setup.hpp"
#include "app/run/run_start_config.hpp"
#include "core/clock.hpp"
#include "core/pipeline_layout.hpp"
#include "strategy/reduce_only_closer/closer_setup.hpp"
#include "strategy/registry.hpp"
#include "venue/venue_list.hpp"

namespace xtb::run {
namespace {

void log(const std::string& s) { run_log(RunLogLevel::Info, s); }

constexpr std::size_t kResponseRing = 1024, kResponseSlots = 16, kResponseSlotBytes = 256 * 1024;

}  // namespace

LivePipeline::LivePipeline(const RunOptions& o) : custom_setup(o.setup) {
  StartConfig s = load_config(o);
  cfg = std::move(s.cfg);
  notes = std::move(s.notes);
  open_run_log(cfg.logs.dir, cfg.logs.retention_days);
  if (!cfg.logs.dir.empty())
    log("log files in " + cfg.logs.dir + (cfg.logs.dir_from_env ? " (XTB_LOG_DIR)" : "") + ": " + run_log_file() +
        ", rolled daily, " + std::to_string(cfg.logs.retention_days) + " kept");
  for (const std::string& n : notes) log("note: " + n);
  for (const VenueConfig& vc : cfg.venues) {
    if (vc.insecure)
      log("WARNING: " + vc.name +
          ": venue insecure is set: TLS certificates are NOT verified. Never use this against a real venue.");
    VenueLink& v = venues.emplace_back();
    v.cfg = vc;
    v.live = make_live_venue(v.cfg, [](const std::string& line) { log(line); });
    log(v.live->load_symbols(symbols));
  }
  setup = make_setup();
  if (setup.symbols.empty()) throw std::runtime_error("none of the configured symbols is listed by the venue");
  if (!cfg.strategies.empty() || custom_setup)
    log(std::to_string(setup.strategies.size()) + " strateg" + (setup.strategies.size() == 1 ? "y" : "ies") + " on " +
        std::to_string(setup.symbols.size()) + " symbol(s)");
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
  risk = fetch_positions();
  for (std::size_t i = 0; i < risk.size(); ++i) apply_position_risk(*seq, seq->tracked_symbols()[i], risk[i]);
}

// What the sequencer runs: the caller's (xtb smoke), the config's strategies: list
// (registry), or the reduce_only_closer of global:/symbols: on the first venue.
strategy::StrategySetup LivePipeline::make_setup() const {
  if (custom_setup) return custom_setup(symbols);
  if (cfg.strategies.empty()) return strategy::closer_setup(cfg.strategy, symbols, venues.front().live->venue_id());
  std::vector<strategy::StrategySetup> parts;
  for (const strategy::StrategySpec& s : cfg.strategies) parts.push_back(strategy::make_strategy_setup(s, symbols));
  return strategy::merge_setups(std::move(parts));
}

void LivePipeline::build_stages() {
  const PipelineConfig& p = cfg.pipeline;
  layout = resolve_layout(p.layout, available_cpus());
  for (VenueLink& v : venues) {
    v.market = std::make_unique<SpscRing<RawFrame>>(p.frame_ring);
    v.answers = std::make_unique<SpscRing<RawFrame>>(kResponseRing);
    v.market_pool = std::make_unique<LargeFramePool>(p.large_slots, p.large_slot_bytes);
    v.answer_pool = std::make_unique<LargeFramePool>(kResponseSlots, kResponseSlotBytes);
    v.events = std::make_unique<SpscRing<Event>>(p.event_ring);
    v.commands = std::make_unique<SpscRing<OrderCommand>>(p.command_ring);
    for (const SymbolId id : setup.symbols)
      if (symbols.venue(id) == v.live->venue_id()) v.traded.push_back(id);
    // Ingest sleeps in the kernel only when it has a thread of its own (and one venue).
    const std::int64_t io_wait = venues.size() == 1 ? ingest_io_wait_ns(layout.kind, p.wait) : 0;
    v.live->build(LiveRings{*v.market, *v.market_pool, *v.answers, *v.answer_pool, *v.events, *v.commands}, symbols,
                  v.traded, io_wait);
  }
  SequencerConfig sc;
  sc.id_prefix = cfg.engine.id_prefix;
  sc.run_id = cfg.engine.run_id;
  // Live ids carry a per-start epoch (the start time in ms; journal recovery raises it
  // past every epoch it saw): unique across restarts even when history is lost.
  sc.id_epoch = engine::OrderIdAllocator::epoch_from_unix_ms(
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count());
  sc.time = TimeMode::Live;
  sc.limits.costs = venues.front().live->command_costs();  // the default budget: the first venue's
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
  seq = std::make_unique<SequencerStage>(symbols, setup, sc, ports(), nullptr);
  for (VenueLink& v : venues) v.events->attach_doorbell(seq->doorbell());  // each venue attached its own stages'
}

std::vector<SequencerPort> LivePipeline::ports() const {
  std::vector<SequencerPort> out;
  for (std::size_t i = 0; i < venues.size(); ++i) {
    const VenueLink& v = venues[i];
    SequencerPort port;
    port.venue = v.live->venue_id();
    port.events = v.events.get();
    port.commands = v.commands.get();
    port.roles = v.live->roles();
    port.open_order_lists = v.live->open_order_lists();
    port.own_budget = i > 0;
    port.budget_limits = v.live->rate_limits();
    port.budget_costs = v.live->command_costs();
    out.push_back(port);
  }
  return out;
}

// engine.journal: refuse a damaged or foreign file (untouched), or rebuild from it, then
// append to its valid prefix (journal_open.hpp, docs/journal.md).
void LivePipeline::open_journal() {
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

std::vector<PositionRisk> LivePipeline::fetch_positions() {
  const std::vector<SymbolId>& tracked = seq->tracked_symbols();
  std::vector<PositionRisk> out(tracked.size());
  for (VenueLink& v : venues) {
    std::vector<SymbolId> mine;
    std::vector<std::size_t> at;
    for (std::size_t i = 0; i < tracked.size(); ++i)
      if (symbols.venue(tracked[i]) == v.live->venue_id()) {
        mine.push_back(tracked[i]);
        at.push_back(i);
      }
    if (mine.empty()) continue;
    const std::vector<PositionRisk> r = v.live->fetch_positions(symbols, mine);
    for (std::size_t k = 0; k < r.size() && k < at.size(); ++k) out[at[k]] = r[k];
  }
  return out;
}

void LivePipeline::reread_symbols(SymbolTable& fresh) {
  for (VenueLink& v : venues) v.live->reread_symbols(fresh);
}

std::string LivePipeline::io_failure() const {
  for (const VenueLink& v : venues)
    if (std::string io = v.live->io_failure(); !io.empty()) return venues.size() == 1 ? io : v.cfg.name + ": " + io;
  return {};
}

void LivePipeline::set_io_alloc_guard(bool armed) noexcept {
  for (VenueLink& v : venues) v.live->set_io_alloc_guard(armed);
}

void LivePipeline::stop_io(std::int64_t bound_ns) {
  for (VenueLink& v : venues) v.live->request_io_stop();
  const std::int64_t deadline = Clock::monotonic_ns() + bound_ns;
  for (const VenueLink& v : venues)
    while (!v.live->io_finished() && Clock::monotonic_ns() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
}

LiveIoNumbers LivePipeline::numbers() const noexcept {
  LiveIoNumbers sum;
  for (const VenueLink& v : venues) {
    const LiveIoNumbers n = v.live->numbers();
    sum.ingest_messages += n.ingest_messages;
    sum.egress_sent += n.egress_sent;
    sum.egress_responses += n.egress_responses;
    sum.transport_errors += n.transport_errors;
    sum.local_rejects += n.local_rejects;
    sum.decode_frames += n.decode_frames;
    sum.decode_responses += n.decode_responses;
    sum.decode_conn_states += n.decode_conn_states;
    sum.decode_backpressure += n.decode_backpressure;
  }
  return sum;
}

}  // namespace xtb::run
