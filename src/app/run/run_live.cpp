// run_live.cpp — wiring, run loop and shutdown of `xtb run` (see run_live.hpp, docs/run.md).
#include "app/run/run_live.hpp"

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "app/backtest_setup.hpp"
#include "app/egress_stage.hpp"
#include "app/ingest_stage.hpp"
#include "app/live/rest_fetch.hpp"
#include "app/live_decode_stage.hpp"
#include "app/run/progress_line.hpp"
#include "app/run/run_config.hpp"
#include "app/run/run_report.hpp"
#include "app/run/run_setup.hpp"
#include "core/alloc_guard.hpp"
#include "core/clock.hpp"
#include "core/runner.hpp"
#include "engine/journal.hpp"
#include "engine/recovery.hpp"
#include "notify/alert_channel.hpp"
#include "notify/notifier_service.hpp"
#include "venue/binance/decode_frame.hpp"
#include "venue/binance/encode_command.hpp"

namespace xtb::run {
namespace {

std::atomic<int> g_signal{0};
extern "C" void on_stop_signal(int sig) { g_signal.store(sig, std::memory_order_relaxed); }

void log(const std::string& s) { std::fprintf(stderr, "xtb run: %s\n", s.c_str()); }

constexpr std::size_t kResponseRing = 1024, kResponseSlots = 16, kResponseSlotBytes = 256 * 1024;
constexpr std::size_t kSignalRing = 16;
constexpr std::uint64_t kWarmupPolls = 2000;

RunConfig load_config(const RunOptions& o, std::vector<std::string>& notes) {
  RunConfigResult r = load_run_config(o.config, o.overrides);
  if (!r.ok()) throw ConfigError("config:\n" + r.error_text());
  RunConfig c = std::move(r.config);
  if (!o.rest_url.empty()) c.venue.rest_url = o.rest_url;
  if (!o.ws_url.empty()) c.venue.ws_url = o.ws_url;
  if (!o.ca_file.empty()) c.venue.ca_file = o.ca_file;
  std::string err;
  if (!resolve_endpoints(c.venue, err)) throw ConfigError(err);
  for (const std::string& s : o.symbols)
    if (std::string n = ensure_symbol(c.strategy, strategy::normalize_symbol(s)); !n.empty()) notes.push_back(std::move(n));
  return c;
}

std::vector<std::string> tracked_names(const strategy::StrategyConfig& s, const SymbolTable& t) {
  std::vector<std::string> out;
  for (const strategy::SymbolConfig& c : s.symbols)
    if (t.find(c.name) != kNoSymbol) out.push_back(c.name);
  return out;
}

// Everything the pipeline needs, built on the main thread (cold) in start-up order.
struct LivePipeline {
  RunConfig cfg;
  std::vector<std::string> notes;
  binance::Credentials cred;
  std::unique_ptr<binance::HmacSha256Signer> signer;
  SymbolTable symbols;
  std::int64_t offset_ms = 0;
  std::vector<binance::EncodeSymbol> enc;
  std::unique_ptr<binance::OrderEncoder> encoder;
  std::unique_ptr<binance::Decoder> decoder;
  std::unique_ptr<SpscRing<RawFrame>> r1, r4;
  std::unique_ptr<LargeFramePool> r1_pool, r4_pool;
  std::unique_ptr<SpscRing<Event>> r2;
  std::unique_ptr<SpscRing<OrderCommand>> r3;
  SpscRing<binance::SessionSignal> e2i{kSignalRing}, i2e{kSignalRing};
  std::unique_ptr<IngestStage> ingest;
  std::unique_ptr<EgressStage> egress;
  std::unique_ptr<LiveDecodeStage<IngestStage, EgressStage>> decode;
  std::unique_ptr<SequencerStage> seq;
  std::unique_ptr<engine::JournalWriter> journal;
  notify::AlertChannel alerts;  // sequencer → notifier thread (SPSC, never blocks)
  SpscRing<PositionRiskUpdate> risk_updates{64};  // main thread → sequencer (positionRisk refresh)
  std::unique_ptr<notify::NotifierService> notifier;
  std::vector<PositionRisk> risk;
  SymbolId symbol = kNoSymbol;  // the first tracked symbol (summary)
  bool recovered = false;
  std::uint32_t recovered_live = 0;

  explicit LivePipeline(const RunOptions& o) : cfg(load_config(o, notes)) {
    if (cfg.venue.insecure)
      log("WARNING: venue.insecure is set: TLS certificates are NOT verified. Never use this against a real venue.");
    std::string note;
    cred = load_run_credentials(cfg.venue, note);
    if (!note.empty()) log(note);
    signer = std::make_unique<binance::HmacSha256Signer>(cred.secret());
    log("venue " + cfg.venue.rest_url + " / " + cfg.venue.ws_url + ", api key " + binance::redact_api_key(cred.api_key()));
    offset_ms = fetch_time_offset_ms(cfg.venue.rest);
    const std::size_t n = fetch_exchange_info(cfg.venue.rest, symbols);
    log("exchangeInfo: " + std::to_string(n) + " symbols; clock offset " + std::to_string(offset_ms) + " ms");
    const std::vector<std::string> names = tracked_names(cfg.strategy, symbols);
    if (names.empty()) throw std::runtime_error("none of the configured symbols is in the venue's exchangeInfo");
    symbol = symbols.find(names.front());
    enc.resize(symbols.size());
    for (std::size_t i = 0; i < symbols.size(); ++i) {
      const SymbolId id = static_cast<SymbolId>(i);
      const SymbolRules& r = symbols.rules(id);
      if (!binance::make_encode_symbol(symbols.name(id), r.price, r.qty, enc[i])) enc[i] = binance::EncodeSymbol{};
    }
    encoder = std::make_unique<binance::OrderEncoder>(binance::EncoderConfig{}, *signer, enc);
    decoder = std::make_unique<binance::Decoder>(symbols);
    build_stages(names);
    if (cfg.notify.enabled) {
      notifier = std::make_unique<notify::NotifierService>(cfg.notify, symbols, alerts);
      if (!notifier->start()) throw std::runtime_error("notify: " + notifier->error());
      log(std::string("notify: alerts go to ") + notify::to_string(cfg.notify.kind));
    }
    open_journal();
    risk = fetch_position_risk(cfg.venue.rest, cred, *signer, offset_ms, symbols, seq->tracked_symbols());
    for (std::size_t i = 0; i < risk.size(); ++i) apply_position_risk(*seq, seq->tracked_symbols()[i], risk[i]);
  }

  void build_stages(const std::vector<std::string>& names) {
    const PipelineConfig& p = cfg.pipeline;
    r1 = std::make_unique<SpscRing<RawFrame>>(p.frame_ring);
    r4 = std::make_unique<SpscRing<RawFrame>>(kResponseRing);
    r1_pool = std::make_unique<LargeFramePool>(p.large_slots, p.large_slot_bytes);
    r4_pool = std::make_unique<LargeFramePool>(kResponseSlots, kResponseSlotBytes);
    r2 = std::make_unique<SpscRing<Event>>(p.event_ring);
    r3 = std::make_unique<SpscRing<OrderCommand>>(p.command_ring);

    IngestConfig ic;
    ic.endpoint = cfg.venue.ws;
    const binance::MarketStream kinds[] = {binance::MarketStream::BookTicker, cfg.venue.trades,
                                           binance::MarketStream::MarkPrice1s};
    std::string err;
    ic.market = make_market_specs(binance::plan_market_connections(names, kinds, cfg.venue.streams), LiveTags::kFirstMarket, &err);
    if (ic.market.empty()) throw std::runtime_error("market streams: " + err);
    ic.user_stream = true;
    ic.user_tag = LiveTags::kUser;
    ingest = std::make_unique<IngestStage>(ic, *r1, *r1_pool, &e2i, &i2e);

    EgressConfig ec;
    ec.endpoint = cfg.venue.rest;
    ec.connections = cfg.venue.connections;
    ec.first_tag = LiveTags::kFirstOrder;
    ec.reconcile_tag = LiveTags::kReconcile;
    ec.local_tag = LiveTags::kLocal;
    egress = std::make_unique<EgressStage>(ec, EgressVenue{*encoder, *signer, cred.api_key(), enc},
                                           EgressStage::Rings{*r3, *r4, *r4_pool, &e2i, &i2e, nullptr});
    decode = std::make_unique<LiveDecodeStage<IngestStage, EgressStage>>(
        LiveDecodeStage<IngestStage, EgressStage>::Input{*r1, *r1_pool},
        LiveDecodeStage<IngestStage, EgressStage>::Input{*r4, *r4_pool}, *r2, *decoder, *ingest, *egress);

    SequencerConfig sc;
    sc.id_prefix = cfg.engine.id_prefix;
    sc.run_id = cfg.engine.run_id;
    sc.roles = live_roles(ic.market.size(), ec.connections);
    sc.time = TimeMode::Live;
    sc.reconcile_interval_ns = cfg.engine.reconcile_interval_ms * 1'000'000;
    sc.shutdown_timeout_ns = cfg.engine.shutdown_timeout_ms * 1'000'000;
    sc.shutdown_cancel = cfg.engine.shutdown == ShutdownPolicy::CancelOwn;
    sc.risk_updates = &risk_updates;
    if (cfg.notify.enabled) {
      sc.alert_push = [](void* ctx, const strategy::Alert& a) noexcept {
        return static_cast<notify::AlertChannel*>(ctx)->try_push(a);
      };
      sc.alert_ctx = &alerts;
    }
    seq = std::make_unique<SequencerStage>(symbols, cfg.strategy, sc, *r2, nullptr, *r3, nullptr, nullptr, nullptr);
    r1->attach_doorbell(decode->doorbell());
    r4->attach_doorbell(decode->doorbell());
    r2->attach_doorbell(seq->doorbell());
    r3->attach_doorbell(egress->doorbell());
  }

  // engine.journal: rebuild from it when it exists (docs/engine.md "Journal and recovery"),
  // then append to its valid prefix.
  void open_journal() {
    const std::string& path = cfg.engine.journal;
    if (path.empty()) return;
    engine::JournalWriterConfig jc;
    jc.path = path;
    engine::OrderManager& om = seq->order_manager();
    if (std::filesystem::exists(path) && std::filesystem::file_size(path) > 0) {
      const engine::RecoveryReport rr = engine::recover_from_journal(path, om);
      jc.truncate_to = rr.truncate_to;
      jc.next_seq = rr.next_seq;
      recovered = true;
      recovered_live = rr.live_orders;
      log("journal " + path + ": recovered " + std::to_string(rr.live_orders) + " live orders (" +
          std::to_string(rr.submitting_orders) + " with unknown fate), torn tail " +
          std::to_string(rr.read.torn_tail) + "; reconciling before trading");
    }
    journal = std::make_unique<engine::JournalWriter>(jc);
    om.set_journal(journal.get());
    if (recovered) om.finish_recovery(Clock::to_monotonic_ns(Clock::now()));
  }
};

// Re-reads positionRisk (cold, main thread) and hands the liquidation prices to the
// sequencer. Returns false (logged) when the venue could not be read; the closer keeps the
// previous values then.
bool refresh_position_risk(LivePipeline& p) {
  try {
    const std::vector<PositionRisk> risk =
        fetch_position_risk(p.cfg.venue.rest, p.cred, *p.signer, p.offset_ms, p.symbols, p.seq->tracked_symbols());
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

}  // namespace

RunReport run_live(const RunOptions& o) {
  Clock::calibrate();
  SignalScope signals;
  LivePipeline p(o);
  for (const std::string& n : p.notes) log("note: " + n);
  const PipelineConfig& pc = p.cfg.pipeline;
  const bool guard = o.arm_alloc_guard && AllocGuard::enabled();
  ThreadedRunner runner;
  runner.add(*p.ingest, StageThreadConfig{"xtb-ingest", pc.cpu_ingest, pc.wait, pc.rt_priority});
  runner.add(*p.decode, StageThreadConfig{"xtb-decode", pc.cpu_decode, pc.wait, pc.rt_priority, guard, kWarmupPolls});
  runner.add(*p.seq, StageThreadConfig{"xtb-sequencer", pc.cpu_sequencer, pc.wait, pc.rt_priority, guard, kWarmupPolls});
  runner.add(*p.egress, StageThreadConfig{"xtb-egress", pc.cpu_egress, pc.wait, pc.rt_priority});
  const std::uint64_t armed0 = AllocGuard::armed_allocations();
  const std::int64_t t0 = Clock::monotonic_ns();
  for (const std::string& e : runner.start(pc.strict_affinity)) log("thread set-up: " + e);

  ProgressLine progress(p.symbols, p.symbol);
  std::string stop_reason;
  std::int64_t trading_ns = 0, stop_ns = 0, last_status_ns = t0, last_risk_ns = t0;
  std::uint64_t risk_refreshes = 0;
  const std::int64_t risk_every_ns = p.cfg.engine.risk_refresh_ms * 1'000'000;
  bool io_armed = false;
  const std::int64_t bound_ns = p.cfg.engine.shutdown_timeout_ms * 1'000'000;
  while (!p.seq->finished()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    const std::int64_t now = Clock::monotonic_ns();
    const SequencerProgress& sp = p.seq->progress();
    const auto phase = static_cast<SequencerStage::Phase>(sp.phase.load(std::memory_order_relaxed));
    if (trading_ns == 0 && phase == SequencerStage::Phase::Running) trading_ns = now;
    if (guard && !io_armed && trading_ns != 0 && now - trading_ns >= o.warmup_ms * 1'000'000) {
      p.ingest->set_alloc_guard(true);  // steady state: every connection open, every path used
      p.egress->set_alloc_guard(true);
      io_armed = true;
    }
    if (o.progress) progress.update(sp, now, t0);
    if (risk_every_ns > 0 && stop_reason.empty() && now - last_risk_ns >= risk_every_ns) {
      last_risk_ns = now;
      risk_refreshes += refresh_position_risk(p) ? 1 : 0;
    }
    if (!stop_reason.empty()) {
      if (now - stop_ns > bound_ns + 2'000'000'000) break;  // the sequencer's own bound failed
      continue;
    }
    if (const int sig = g_signal.load(std::memory_order_relaxed); sig != 0)
      stop_reason = sig == SIGINT ? "SIGINT" : "SIGTERM";
    else if (p.ingest->finished())  // could not build its loop / start a feed (error() says why)
      stop_reason = "ingest stopped: " + p.ingest->error();
    else if (p.egress->finished())
      stop_reason = "egress stopped: " + p.egress->error();
    else if (o.duration_s > 0 && now - t0 >= static_cast<std::int64_t>(o.duration_s * 1e9))
      stop_reason = "duration reached";
    else if (o.stop_when_flat && phase == SequencerStage::Phase::Running &&
             sp.remaining[0].load(std::memory_order_relaxed) == 0 && sp.remaining[1].load(std::memory_order_relaxed) == 0)
      stop_reason = "both sides flat";
    else if (o.stop_at_replay_end && now - last_status_ns >= 1'000'000'000) {
      last_status_ns = now;
      if (replay_done(p)) stop_reason = "replay ended";
    }
    if (!stop_reason.empty()) {
      stop_ns = now;
      p.seq->request_shutdown();
    }
  }
  const std::int64_t seq_done_ns = Clock::monotonic_ns();
  if (stop_ns == 0) stop_ns = seq_done_ns;  // the sequencer stopped by itself (e.g. kill switch)
  if (o.progress) progress.update(p.seq->progress(), seq_done_ns, t0, true);
  progress.finish();
  p.ingest->set_alloc_guard(false);
  p.egress->set_alloc_guard(false);
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  const std::uint64_t hot = AllocGuard::armed_allocations() - armed0;
  // The sequencer settled with the venue: stop the I/O stages (they tear down on their own
  // threads: DELETE listenKey, close), then the rest.
  p.ingest->request_stop();
  p.egress->request_stop();
  const std::int64_t io_deadline = Clock::monotonic_ns() + 5'000'000'000;
  while ((!p.ingest->finished() || !p.egress->finished()) && Clock::monotonic_ns() < io_deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  runner.stop();
  runner.join();
  if (p.journal) p.journal->flush();
  if (p.notifier) p.notifier->stop();  // flushes queued alerts, bounded (notify.stop_timeout_ms)
  const std::int64_t t_end = Clock::monotonic_ns();

  RunInputs in{p.symbols, p.symbol, *p.seq, p.risk.empty() ? PositionRisk{} : p.risk.front(), *p.ingest, *p.egress,
               DecodeNumbers{p.decode->frames(), p.decode->responses(), p.decode->conn_states(), p.decode->backpressure()},
               p.notes};
  RunReport r = build_run_report(in);
  r.venue = p.cfg.venue.rest_url;
  r.risk_refreshes = risk_refreshes;
  if (p.notifier) {
    const notify::NotifyStats ns = p.notifier->stats();
    r.notes.push_back("notify: " + std::to_string(ns.alerts_received) + " alerts received, " +
                      std::to_string(ns.messages_sent) + " messages sent, " + std::to_string(ns.messages_failed) +
                      " failed, " + std::to_string(ns.channel_dropped + ns.dropped) + " dropped");
  }
  r.wall_s = static_cast<double>(t_end - t0) / 1e9;
  r.trading_s = trading_ns != 0 ? static_cast<double>(seq_done_ns - trading_ns) / 1e9 : 0;
  r.alloc_guard = guard;
  r.hot_allocations = hot;
  r.guarded_threads = io_armed ? "decode, sequencer, ingest, egress" : "decode, sequencer";
  r.stop_reason = stop_reason.empty() ? "sequencer stopped" : stop_reason;
  r.shutdown_ms = static_cast<double>(seq_done_ns - stop_ns) / 1e6;
  r.shutdown_bound_ms = static_cast<double>(p.cfg.engine.shutdown_timeout_ms);
  r.shutdown_in_bound = r.shutdown_ms <= r.shutdown_bound_ms;
  r.recovered = p.recovered;
  r.recovered_live_orders = p.recovered_live;
  if (p.journal) {
    r.journal_written = p.journal->written();
    r.journal_dropped = p.journal->dropped();
  }
  const std::string prefix = p.cfg.engine.id_prefix + "-" + p.cfg.engine.run_id + "-";
  r.state_json = engine_state_json(*p.seq, p.symbols, prefix);
  if (!o.state_out.empty()) {
    std::ofstream f(o.state_out, std::ios::binary | std::ios::trunc);
    f << r.state_json;
    if (!f) throw std::runtime_error("cannot write --state-out '" + o.state_out + "'");
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
  return r;
}

}  // namespace xtb::run
