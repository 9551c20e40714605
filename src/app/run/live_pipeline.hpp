// live_pipeline.hpp — what `xtb run` builds before its threads start (main thread, cold):
// one VenueLink per configured venue (its live side, venue/live_venue.hpp, and the rings
// between its stages and the sequencer), the shared symbol table (instruments are
// (venue, symbol)), the strategies, one sequencer with a port per venue
// (pipeline/sequencer/sequencer_port.hpp), the journal, notifier and event log.
//
//   venue A: [ingest] ─R1─▶ [decode] ─R2a─┐                 ┌─R3a─▶ [egress] ─▶ venue A
//   venue B: [ingest] ─R1─▶ [decode] ─R2b─┴─▶ [sequencer] ──┴─R3b─▶ [egress] ─▶ venue B
//
// Rate budgets: the first venue uses the sequencer's default budget (the strategy config's
// limits, the venue's command costs — one venue behaves as it always did); every further
// venue gets its own, from its adapter (LiveVenue::rate_limits / command_costs).
// Start-up order and errors: see run_live.hpp. Throws std::runtime_error / ConfigError with
// the reason; nothing has traded then.
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "app/run/event_log.hpp"
#include "app/run/run_config.hpp"
#include "app/run/run_live.hpp"
#include "core/layout.hpp"
#include "engine/journal.hpp"
#include "notify/alert_channel.hpp"
#include "notify/notifier_service.hpp"
#include "pipeline/sequencer/sequencer_stage.hpp"
#include "venue/live_venue.hpp"

namespace xtb::run {

/// One venue of the run: its live side and its rings (R1 market frames, R4 answers, R2 its
/// events to the sequencer, R3 the sequencer's commands to it).
struct VenueLink {
  VenueConfig cfg;
  std::unique_ptr<LiveVenue> live;
  std::unique_ptr<SpscRing<RawFrame>> market, answers;
  std::unique_ptr<LargeFramePool> market_pool, answer_pool;
  std::unique_ptr<SpscRing<Event>> events;
  std::unique_ptr<SpscRing<OrderCommand>> commands;
  std::vector<SymbolId> traded;  ///< its instruments among the strategies' symbols
};

struct LivePipeline {
  RunConfig cfg;
  std::vector<std::string> notes;
  std::vector<VenueLink> venues;  // cfg.venues' order; [0] is the closer's venue
  SymbolTable symbols;
  std::unique_ptr<SequencerStage> seq;
  std::unique_ptr<engine::JournalWriter> journal;
  notify::AlertChannel alerts;  // sequencer → notifier thread (SPSC, never blocks)
  SpscRing<PositionRiskUpdate> risk_updates{64};  // main thread → sequencer (positionRisk refresh)
  std::unique_ptr<notify::NotifierService> notifier;
  std::unique_ptr<EventLogWriter> events;  // sequencer → JSON lines (logs.events)
  SpscRing<RulesUpdate> rules_updates{64};  // main thread → sequencer (exchangeInfo re-read)
  std::vector<PositionRisk> risk;  // start-up position facts, one per seq->tracked_symbols()
  ResolvedLayout layout;  // pipeline.layout, auto resolved by the affinity mask (build_stages)
  bool recovered = false;
  std::uint32_t recovered_live = 0;
  std::function<strategy::StrategySetup(const SymbolTable&)> custom_setup;
  strategy::StrategySetup setup;  // built once the venues' symbols are known

  explicit LivePipeline(const RunOptions& o);

  /// Every venue's position facts, one per seq->tracked_symbols() entry (a venue read per
  /// venue). Throws std::runtime_error when a venue cannot be read.
  std::vector<PositionRisk> fetch_positions();
  /// Every venue's instruments re-read into `fresh` (rules changes, delistings).
  void reread_symbols(SymbolTable& fresh);
  /// "" while every venue's I/O stages run; else the first failure, naming its venue.
  std::string io_failure() const;
  void set_io_alloc_guard(bool armed) noexcept;
  /// Asks every venue's I/O stages to finish and waits for them, at most `bound_ns`.
  void stop_io(std::int64_t bound_ns);
  LiveIoNumbers numbers() const noexcept;  ///< the venues' counters, summed

 private:
  strategy::StrategySetup make_setup() const;
  void build_stages();
  std::vector<SequencerPort> ports() const;
  void open_journal();
};

}  // namespace xtb::run
