// sequencer_stage.hpp — SequencerStage: the sequencer of design §1 as a Stage
// (core/runner.hpp). It consumes ring R2 (typed Events from decode) of every venue it
// trades — one SequencerPort per venue (pipeline/sequencer/sequencer_port.hpp): events in,
// commands out to that venue's egress, routed by each command's instrument —, owns the market state
// (pipeline/sequencer/market_state.hpp), the engine (engine::OrderManager with RiskGate, PositionBook,
// OrderIdAllocator; docs/engine.md) and the strategies (strategy/strategy.hpp: built by the
// factories of a StrategySetup; it includes no strategy's own header), and publishes OrderCommands on ring R3
// through a CommandPublisher (pipeline/sequencer/command_publisher.hpp), which measures tick-to-order
// latency on every command from the start of trading (after the initial calibration).
//
// Routing of an event (by type, and for order events by the *role* of the connection it
// came from — the event itself does not say user stream vs REST):
//   best bid/offer / Trade / MarkPrice  → MarketState, then every strategy's on_market
//   DepthUpdate                     → MarketState (local book)
//   OrderUpdate / OrderAck / AccountUpdate
//       user-stream connection      → OrderManager::on_event(EventSource::Ws)
//       order REST connection       → OrderManager::on_event(EventSource::Rest)
//       reconcile REST connection   → ReconcileSession (pipeline/sequencer/reconcile_session.hpp)
//     then every strategy's on_orders_applied (follow-ups go out at once); order callbacks
//     go to the strategy whose id the order carries (engine::Order::strategy_id)
//   ConnState   order connection down → OrderManager::on_disconnect; user stream or market
//               stream down → placing held; back (or listenKey expired) → Reconnect alert
//               and reconciliation (calibration) before placing again (seed 002)
//   DecodeError → counted.
// Timer: every `timer_interval_ns` of sequencer time, OrderManager::on_timer (queries of
// Unknown orders, drift adoption, kill-switch cancels) and every strategy's on_timer.
// Reconciliation: at start (strategies start trading only after
// it: calibration), every `reconcile_interval_ns`, after a reconnect, and whenever the
// OrderManager asks (anomaly, unknown own order, journal drop).
//
// Time (the "time source"): TimeMode::Replay uses the capture time of the event being
// processed — the frame's capture ns carried beside R2 in RingStamps (pipeline/replay_sync.hpp),
// never decreasing — so a backtest is deterministic and independent of wall time. With
// several ports, replay time takes the event with the earliest stamp of all ports, and
// only when every port whose input has not ended has one (a k-way merge: the order never
// depends on thread timing). Live, each port's ring is drained in turn.
// Reconciliation with several ports: one session per venue (its own queries, answers and
// scope: engine::Reconciler compares that venue's orders and positions only), begun
// together; the calibration completes when every venue's session has, and fails if any does.
// TimeMode::Live uses Clock (TSC → monotonic ns) and also runs timers when idle.
//
// Shutdown (end of input, or request_shutdown()): the strategies stop, this run's orders are
// cancelled (protective stops stay, seed 002), then reconciliation cycles begun after that
// act as a barrier: every answer to an earlier command precedes theirs (one order-entry
// owner answers in order). finished() once a barrier cycle completes without issuing
// commands (at most `shutdown_rounds`), after `shutdown_timeout_ns` (live) or after
// `max_idle_drain_polls` polls without input (replay safety valve; shutdown_incomplete()).
// In a backtest the sequencer also publishes a TimeWatermark (its time, after every event)
// so the simulated exchange follows it (each venue's sim/sim_egress_stage.hpp).
//
// Thread: one (the sequencer thread); cold accessors after the runner returned. No heap
// allocation, exception or syscall after construction (Clock reads TSC).
#pragma once
#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "pipeline/sequencer/command_publisher.hpp"
#include "pipeline/sequencer/instrument_names.hpp"
#include "pipeline/sequencer/sequencer_port.hpp"
#include "pipeline/sequencer/market_state.hpp"
#include "pipeline/sequencer/reconcile_session.hpp"
#include "pipeline/replay_sync.hpp"
#include "core/runner.hpp"
#include "engine/order_manager.hpp"
#include "core/conn_role.hpp"
#include "market/symbol_table.hpp"
#include "strategy/strategy.hpp"
#include "telemetry/trade_event.hpp"

namespace xtb {

enum class TimeMode : std::uint8_t { Replay, Live };

/// A venue position-risk refresh for the strategies (liquidation price, leverage), produced by
/// a cold thread (e.g. `xtb run`'s main thread re-reading GET /fapi/v2/positionRisk).
struct PositionRiskUpdate {
  SymbolId symbol = kNoSymbol;
  PositionSide side = PositionSide::Long;
  Price liq_px = 0;            ///< ticks, 0 = unknown
  std::int32_t leverage = 1;
};

/// New filters of a symbol's trading rules after a calibration re-read exchangeInfo (same
/// tick and step grid; a grid change needs a restart: every price and quantity is in its
/// units). Produced by a cold thread, applied by the sequencer on its next timer tick.
struct RulesUpdate {
  engine::SymbolRules rules{};
};

struct SequencerConfig {
  static constexpr std::size_t kMaxConns = xtb::kMaxConns;
  engine::OrderManagerConfig orders{};
  engine::RiskLimits limits{};         ///< kill switch, position limit; rate limits come from the strategy config
  std::string id_prefix = "xtb";       ///< client order ids <prefix>-<run_id>-[<epoch>-]<seq>
  std::string run_id = "run1";
  /// 0: deterministic ids <prefix>-<run_id>-<seq> (backtests, scenarios). ≥ 1: live ids
  /// with this epoch (`xtb run`: the start time in unix ms; recovery raises it past every
  /// epoch in the journal) — unique across restarts (engine/order_id_allocator.hpp).
  std::uint64_t id_epoch = 0;
  engine::JournalSink* journal = nullptr;
  Venue venue = Venue::None;  ///< one-port constructor: the port's venue (stamped on its commands)
  std::array<ConnRole, kMaxConns> roles{};  ///< one-port constructor: by conn id; unknown ids → counted, ignored
  TimeMode time = TimeMode::Replay;
  std::int64_t timer_interval_ns = 100'000'000;       ///< OrderManager + strategy timers
  std::int64_t reconcile_interval_ns = 60'000'000'000;
  ReconcileConfig reconcile{};
  std::size_t book_levels = 2048;      ///< local L2 book depth per side
  std::size_t max_batch = 256;         ///< R2 events per poll
  std::uint32_t shutdown_rounds = 3;   ///< barrier reconciliation cycles at most
  std::int64_t shutdown_timeout_ns = 5'000'000'000;   ///< live: bounded shutdown (seed 003)
  std::uint64_t max_idle_drain_polls = 2'000'000;     ///< replay: give up draining
  engine::OrderManager::CancelScope shutdown_scope{};  ///< this run's orders, stops stay
  bool shutdown_cancel = true;         ///< false: leave this run's orders resting at shutdown
  /// Notifier seam (optional): every alert a strategy logs is popped from its AlertLog on
  /// the sequencer thread and handed to `alert_push(alert_ctx, alert)`, which must neither
  /// block nor allocate (e.g. notify::AlertChannel::try_push, which counts its own drops).
  /// nullptr: alerts stay in strategy(i).alerts() (backtest, tests).
  using AlertPush = bool (*)(void* ctx, const Alert& alert) noexcept;
  AlertPush alert_push = nullptr;
  void* alert_ctx = nullptr;
  /// Optional: position-risk refreshes (single producer: a cold thread), applied with
  /// Strategy::on_position_risk on every timer tick.
  SpscRing<PositionRiskUpdate>* risk_updates = nullptr;
  /// Optional: trading-rule refreshes (single producer: a cold thread), applied to the
  /// engine's rules (risk checks, the strategies' sizing) on every timer tick.
  SpscRing<RulesUpdate>* rules_updates = nullptr;
  /// Optional structured event log (telemetry/trade_event.hpp): signals, orders placed and
  /// cancelled, timeouts, fills, order ends, mode changes, alerts, calibrations.
  TradeEventSink trade_events{};
};

/// One position side of one tracked symbol in SequencerProgress.
struct SideProgress {
  std::atomic<std::int64_t> remaining{0};               ///< |position| in qty steps
  std::atomic<std::uint64_t> placed{0}, filled{0};      ///< the strategies' orders (SideActivity)
  std::atomic<std::uint8_t> mode{0};                    ///< 0 passive, 1 aggressive
};

/// What a progress line shows while a live run goes on: written by the sequencer thread on
/// every timer tick (relaxed atomic stores, no allocation: the sides are allocated when the
/// stage is built), read by any thread. One block per tracked symbol (in
/// SequencerStage::tracked_symbols() order), side index 0 = LONG, 1 = SHORT. The phase is
/// stored last (release): a reader that loads it with acquire sees the sides of that tick.
struct SequencerProgress {
  explicit SequencerProgress(std::size_t symbols = 0)
      : symbols_(symbols), sides_(std::make_unique<SideProgress[]>(2 * symbols)) {}
  std::size_t symbols() const noexcept { return symbols_; }
  SideProgress& side(std::size_t symbol, int i) noexcept { return sides_[2 * symbol + static_cast<std::size_t>(i)]; }
  const SideProgress& side(std::size_t symbol, int i) const noexcept {
    return sides_[2 * symbol + static_cast<std::size_t>(i)];
  }
  /// Every side of every tracked symbol has no position (true when nothing is tracked).
  bool all_flat() const noexcept {
    for (std::size_t i = 0; i < 2 * symbols_; ++i)
      if (sides_[i].remaining.load(std::memory_order_relaxed) != 0) return false;
    return true;
  }

  std::atomic<std::uint64_t> events{0};
  std::atomic<std::uint8_t> phase{0};                  ///< SequencerStage::Phase
  /// Live orders closed as EXPIRED because the venue lost them (OrderMachineStats::venue_lost).
  std::atomic<std::uint64_t> venue_lost{0};
  /// Ids of ours the venue knows and the engine did not (updates + reconciliation finds).
  std::atomic<std::uint64_t> unknown_own{0};
  /// Every strategy is done (Strategy::done()), e.g. its one order filled.
  std::atomic<bool> strategies_done{false};
  /// Reconciliations with the venue completed (calibrations), the first one included.
  std::atomic<std::uint64_t> calibrations{0};
  /// Rule refreshes applied from SequencerConfig::rules_updates.
  std::atomic<std::uint64_t> rules_applied{0};

 private:
  std::size_t symbols_;
  std::unique_ptr<SideProgress[]> sides_;
};

/// Exit-quality accumulators of one (symbol, position side): every reducing fill.
struct ExitStats {
  std::uint64_t fills = 0, venue_maker_fills = 0;
  Qty qty = 0;
  TradeCost cost = 0;            ///< Σ fill px·qty (ticks·steps)
  Qty qty_with_mid = 0;          ///< fills for which the mid was known
  TradeCost mid_x2_cost = 0;     ///< Σ (bid+ask)·qty at the moment the fill was applied
  TradeCost vwap_cost0 = 0, vwap_cost1 = 0;  ///< market Σ px·qty when trading started / at the last fill
  Qty vwap_qty0 = 0, vwap_qty1 = 0;          ///< market Σ qty when trading started / at the last fill
};

struct SequencerCounters {
  std::uint64_t events = 0, market_events = 0, order_events = 0, decode_errors = 0;
  std::uint64_t conn_events = 0, unknown_conn = 0, other = 0, timers = 0;
  std::uint64_t disconnects = 0, reconnects = 0;
  std::uint64_t market_disconnects = 0, market_reconnects = 0;
};

class SequencerStage final : public engine::OrderListener {
 public:
  enum class Phase : std::uint8_t { WaitingForData, Calibrating, Running, Draining, Done };

  static constexpr std::size_t kMaxPorts = 4;  ///< venues per sequencer

  /// Cold path: builds the engine and the strategies of `setup` (ids = their index) over
  /// `ports` (1..kMaxPorts, distinct venues). Event stamps are required in
  /// TimeMode::Replay; command stamps, ends and `watermark` may be null. Throws
  /// std::invalid_argument / std::runtime_error on configuration errors (the message
  /// names the config field).
  SequencerStage(const SymbolTable& symbols, const strategy::StrategySetup& setup,
                 const SequencerConfig& cfg, std::vector<SequencerPort> ports, TimeWatermark* watermark);
  /// One venue: cfg.venue and cfg.roles, its rings and end of input.
  SequencerStage(const SymbolTable& symbols, const strategy::StrategySetup& setup,
                 const SequencerConfig& cfg, SpscRing<Event>& in, const RingStamps* in_stamps,
                 SpscRing<OrderCommand>& out, RingStamps* out_stamps, const EndOfInput* end,
                 TimeWatermark* watermark);
  SequencerStage(const SequencerStage&) = delete;
  SequencerStage& operator=(const SequencerStage&) = delete;

  // Stage concept
  std::size_t poll() noexcept;
  bool finished() const noexcept { return done_.get(); }
  Doorbell* doorbell() noexcept { return &bell_; }

  /// Any thread: begin the shutdown sequence at the next poll.
  void request_shutdown() noexcept { shutdown_.store(true, std::memory_order_release); }

  // engine::OrderListener — records exit quality, then forwards to the order's strategy.
  void on_order_fill(const engine::Order& o, const engine::Fill& f) noexcept override;
  void on_order_status(const engine::Order& o) noexcept override { owner(o).on_order_status(o); }
  void on_order_terminal(const engine::Order& o) noexcept override;
  void on_kill_switch() noexcept override {
    for (auto& s : strategies_) s->on_kill_switch();
  }

  // Observers (cold: after the run, or before it for set-up).
  /// The strategy of id `i` (0 ≤ i < strategy_count()).
  strategy::Strategy& strategy(std::size_t i = 0) noexcept { return *strategies_[i]; }
  const strategy::Strategy& strategy(std::size_t i = 0) const noexcept { return *strategies_[i]; }
  std::size_t strategy_count() const noexcept { return strategies_.size(); }
  const engine::OrderManager& orders() const noexcept { return om_; }
  const engine::PositionBook& positions() const noexcept { return positions_; }
  const MarketState& market() const noexcept { return market_; }
  /// Port `i`'s command publisher and reconciliation session (0 ≤ i < port_count()).
  const CommandPublisher& publisher(std::size_t i = 0) const noexcept { return ports_[i]->out; }
  const ReconcileSession& reconcile(std::size_t i = 0) const noexcept { return ports_[i]->recon; }
  std::size_t port_count() const noexcept { return ports_.size(); }
  Venue port_venue(std::size_t i) const noexcept { return ports_[i]->venue; }
  const SequencerCounters& counters() const noexcept { return counters_; }
  /// Exit accumulators of a tracked symbol's LONG/SHORT side; nullptr otherwise.
  bool net_symbol(SymbolId s) const noexcept;  ///< one-way instrument (engine::SymbolRules::net_positions)
  /// |size| of side `ps` (LONG / SHORT); on a net symbol the part of the BOTH position on that side.
  Qty side_size(SymbolId s, PositionSide ps) const noexcept;
  const ExitStats* exits(SymbolId s, PositionSide ps) const noexcept;
  Phase phase() const noexcept { return phase_; }
  bool shutdown_incomplete() const noexcept { return shutdown_incomplete_; }
  std::int64_t now_ns() const noexcept { return now_; }
  std::int64_t first_event_ns() const noexcept { return first_ns_; }
  /// Symbols whose market data is tracked (the configured ones found in the table).
  const std::vector<SymbolId>& tracked_symbols() const noexcept { return tracked_; }
  /// Any thread, while running: the progress snapshot (updated every timer tick).
  const SequencerProgress& progress() const noexcept { return progress_; }
  /// Cold path, before the runner starts: the order manager, for journal recovery
  /// (engine/recovery.hpp: recover_from_journal, set_journal, finish_recovery).
  engine::OrderManager& order_manager() noexcept { return om_; }

 private:
  void build_ports(std::vector<SequencerPort>& ports);
  std::size_t take_input() noexcept;       ///< every port's ring (sequencer_ports.cpp)
  std::size_t take_merged() noexcept;      ///< replay, several ports: earliest stamp first
  bool inputs_ended() const noexcept;      ///< every port's input ended (read before draining)
  bool inputs_empty() const noexcept;      ///< every port's ring consumed
  void on_event(std::size_t port, const Event& e, std::uint64_t seq) noexcept;
  void route(std::size_t port, const Event& e) noexcept;  ///< by type and connection role
  std::int64_t event_time(const PortState& p, std::uint64_t seq) noexcept;
  void on_order_event(PortState& p, const Event& e, ConnRole role) noexcept;
  void on_conn_state(std::size_t port, const Event& e, ConnRole role) noexcept;
  void on_market_link(std::uint32_t link, const Event& e) noexcept;
  /// The port of a command: its instrument's venue, else c.venue, else port 0.
  std::size_t port_of(const OrderCommand& c) const noexcept;
  static std::size_t port_of_thunk(const void* self, const OrderCommand& c) noexcept {
    return static_cast<const SequencerStage*>(self)->port_of(c);
  }
  /// Publishes an engine-made command on its port (queued there when its ring is full).
  void publish(OrderCommand c) noexcept;
  std::uint32_t room(std::uint32_t want) noexcept;  ///< the least room of all ports
  std::size_t flush_all() noexcept;
  std::size_t pending_all() const noexcept;
  void set_context(std::int64_t now_ns, TscTicks cause) noexcept;
  bool reconcile_active() const noexcept;
  void check_reconcile_timeouts() noexcept;
  void begin_sessions() noexcept;          ///< every port's session, as one reconciliation
  /// Link id of a port's connection (strategy/link_hold.hpp).
  static std::uint32_t link_of(std::size_t port, std::uint16_t conn) noexcept {
    return static_cast<std::uint32_t>(port * kMaxConns + conn);
  }
  void apply_updates() noexcept;
  void emit(const TradeEvent& e) const noexcept { cfg_.trade_events.emit(e); }
  /// An event about order `o` at the current time (kind, side, position side, status, symbol, id).
  TradeEvent order_event(TradeEventKind kind, const engine::Order& o) const noexcept {
    TradeEvent e;
    e.t_ns = now_;
    e.kind = kind;
    e.side = o.side;
    e.position_side = o.position_side;
    e.status = o.status;
    e.symbol = o.symbol;
    e.id = o.client_id;
    return e;
  }
  void run_timer() noexcept;
  void publish_progress() noexcept;
  void forward_alerts() noexcept;
  void forward_alert(const Alert& a) noexcept;
  void service(bool input_drained) noexcept;
  void begin_reconcile() noexcept;
  void finish_reconcile(PortState& p) noexcept;
  void cycle_settled() noexcept;  ///< every port of the reconciliation finished or failed
  void reconcile_abandoned() noexcept;
  void begin_drain() noexcept;
  void issue_shutdown_cancels() noexcept;
  void drain_step() noexcept;
  void complete(bool incomplete) noexcept;
  std::ptrdiff_t exit_index(SymbolId s, PositionSide ps) const noexcept;  ///< −1 when untracked

  /// The strategy an order belongs to (ids beyond the list: the first, e.g. adopted orders).
  strategy::Strategy& owner(const engine::Order& o) noexcept {
    return *strategies_[o.strategy_id < strategies_.size() ? o.strategy_id : 0];
  }
  bool needs_calibration() const noexcept;
  void set_paused(bool paused) noexcept;
  ConnRole role_of(const PortState& p, std::uint16_t conn) const noexcept {
    return conn < p.roles.size() ? p.roles[conn] : ConnRole::Unknown;
  }

  const SymbolTable& symbols_;
  TableInstrumentNames names_;  // the journal's names of symbol ids (before om_)
  SequencerConfig cfg_;
  TimeWatermark* watermark_;
  std::vector<SymbolId> tracked_;
  engine::SymbolRulesTable rules_;
  engine::PositionBook positions_;
  engine::RiskGate risk_;
  engine::OrderIdAllocator ids_;
  engine::OrderManager om_;
  std::vector<std::unique_ptr<PortState>> ports_;  // [0] also takes commands of unknown venue
  std::uint8_t port_of_venue_[256] = {};           // venue id → ports_ index
  std::unique_ptr<CommandRouter> router_;          // the strategies' sink when several ports
  std::vector<std::unique_ptr<strategy::Strategy>> strategies_;  // id = index
  MarketState market_;
  std::vector<ExitStats> exits_;      // 2 per tracked symbol (LONG, SHORT)
  std::vector<std::int32_t> exit_slot_;  // SymbolId → tracked index, −1
  Phase phase_ = Phase::WaitingForData;
  std::int64_t now_ = 0, first_ns_ = 0, next_timer_ = 0, next_reconcile_ = 0, drain_start_ = 0;
  TscTicks cause_ = 0;
  bool reconnect_pending_ = false, barrier_cycle_ = false, barrier_done_ = false;
  bool shutdown_incomplete_ = false;
  std::uint32_t barrier_commands_ = 0;   // commands the latest barrier cycle issued
  std::uint32_t cycle_commands_ = 0;     // commands of the reconciliation in progress (all ports)
  std::uint32_t barrier_rounds_ = 0;
  std::uint64_t idle_drain_polls_ = 0;
  std::atomic<bool> shutdown_{false};
  SequencerCounters counters_;
  SequencerProgress progress_;
  Doorbell bell_;
  DoneFlag done_;
};

}  // namespace xtb
