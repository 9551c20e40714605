// reduce_only_closer.hpp — the `reduce_only_closer` strategy (seed 002): closes hedge-mode
// LONG and SHORT positions in small reduce-only slices, per symbol + positionSide, on the
// sequencer thread (design §1, §5). On a one-way venue (net positions, e.g. Backpack) it
// closes the one signed position: the LONG side while it is long, the SHORT side while it
// is short, every order reduce-only with position side BOTH; protective stops (Binance's
// closePosition STOP_MARKET) are hedge-mode only and must be disabled there. docs/strategies/reduce_only_closer.md is the user-level
// description; the parts live in their own files:
//   market_view     best bid/ask, last/prev trade, mark price, freshness, windowed return
//   signals         long_primary / long_bid_improve / short_primary / short_ask_improve
//   sizing          final_mult = base × roi × accel (≤ max_mult), caps, min qty/notional
//   pricing         MAKER_ONLY (GTX) and AGGRESSIVE_LIMIT (GTC) prices
//   side_execution  IDLE → PLACING → WAITING → (IDLE | CANCELING → COOLDOWN → IDLE), rotation
//   liquidation_risk / protective_stop   dist_to_liq, soft/panic tiers, exchange-side stop
//
// Flow per side (drive(), on every market event of the symbol, every timer tick and after
// order events): cooldown expiry → external-increase check → risk state (soft / panic tier)
// → TTL cancel → protective stop → if IDLE: a panic slice (no signal, no throttle), or a
// signal slice on a book/trade update (throttled). Nothing is placed while the symbol's
// book/trade data is stale, after stop() or the kill switch, or while a user-stream link is
// down / not yet recalibrated (LinkHold, link_hold.hpp). While a reconciliation runs
// (set_paused / begin_check) only signal slices wait: panic slices and protective-stop
// updates are risk orders and go on, as at the RiskGate (review B7).
// Orders go through the engine (OrderManager::place / request_cancel: risk checks, ids,
// journal) into an OrderSink (ring R3); every slice is a reduce-only LIMIT (SELL LONG / BUY
// SHORT, positionSide set), sized to at most the position minus the leaves of live
// reducing orders, so the closer can never over-close even with orders it did not place.
// Panic slices and protective stops carry OrderCommand::kRiskOrder (soft rate limits and
// calibration do not hold them back).
//
// Engine callbacks (OrderListener) only update state; commands are sent in drive(), since
// a listener must not call OrderManager mutators. After feeding order events to the
// OrderManager, the sequencer calls on_orders_applied() so the follow-up (next slice,
// replacement stop) goes out without waiting for the next market event.
//
// Times: `now_ns` is the sequencer's monotonic clock in ns, passed in (no clock reads
// here); `cause` is the rx TSC of the event that led to a command (tick-to-order latency).
// Thread: sequencer only. No allocation, no exceptions, no syscalls after add_symbol().
#pragma once
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "core/event.hpp"
#include "engine/order_manager.hpp"
#include "strategy/reduce_only_closer/closer_params.hpp"
#include "strategy/reduce_only_closer/closer_stats.hpp"
#include "strategy/market_view.hpp"
#include "strategy/strategy.hpp"
#include "strategy/reduce_only_closer/protective_stop.hpp"
#include "strategy/reduce_only_closer/side_execution.hpp"
#include "strategy/reduce_only_closer/sizing.hpp"
#include "telemetry/trade_event.hpp"

namespace xtb::strategy {

struct CloserOptions {
  std::uint32_t max_symbols = 16;    ///< symbol slots (add_symbol calls)
  std::string_view stop_prefix = {}; ///< protective stop id prefix; empty = the engine's id prefix
  /// Lowest stop sequence of this process. start() raises it to the live id epoch's time
  /// (ProtectiveStop::seq_from_unix_ms of OrderIdAllocator::epoch(), 0 = deterministic ids).
  std::uint64_t first_stop_seq = 1;
  Venue venue = Venue::None;  ///< the strategy context's venue (closer_setup copies it)
};

/// Runtime state of one symbol + positionSide.
struct CloserSide {
  PositionSide side = PositionSide::Long;
  SideExecution exec;
  SignalThrottle throttle;
  ProtectiveStop stop;
  SideStats stats;
  Price liq_px = 0;             ///< venue liquidation price (ticks), 0 = unknown
  std::int32_t leverage = 1;    ///< venue leverage (ROI on initial margin)
  bool soft_risk = false;       ///< dist_to_liq ≤ liq_distance_threshold
  std::int8_t panic_tier = -1;  ///< panic tier in force, −1 = none
  bool dust_noted = false;      ///< SideClosed alert raised for the current remainder
  bool open_seen = false;       ///< held a position since start (a SideClosed at 0 is due)
  bool dirty = false;           ///< an order event touched this side since the last drive
  Qty baseline_qty = 0;         ///< |position| last seen (external-increase detection)
  std::int64_t dist_e8 = -1;    ///< last dist_to_liq ×1e8 (−1 = unknown)
};

/// Per-symbol nanosecond timings derived from CloserParams.
struct CloserTimings {
  std::int64_t ttl_ns, cooldown_ns, signal_interval_ns, stale_ns, panic_ttl_ns;
  std::int64_t stop_retry_ns, cancel_wait_ns;
};

struct CloserSymbol {
  SymbolId id = kNoSymbol;
  char name[24] = {};
  std::uint8_t name_len = 0;
  CloserParams params{};
  CloserTimings t{};
  MarketView market;
  bool stale = false;           ///< DataStale alert raised for the current stale episode
  /// One-way venue (engine::SymbolRules::net_positions): one signed position (BOTH); sides[0]
  /// closes it while it is long (SELL), sides[1] while it is short (BUY); orders carry BOTH.
  bool net = false;
  CloserSide sides[2];          ///< [0] LONG, [1] SHORT
};

struct CloserCounters {
  std::uint64_t commands = 0;          ///< commands committed to the sink
  std::uint64_t sink_full = 0;         ///< sink had no slot: retried on the next drive
  std::uint64_t foreign_events = 0;    ///< market events for symbols not configured
  std::uint64_t foreign_orders = 0;    ///< order callbacks for orders the closer does not track
  std::uint64_t lost_orders = 0;       ///< working order no longer in the store (ended unseen)
  std::uint64_t kill_switch = 0;
};

class ReduceOnlyCloser final : public StrategyBase {
 public:
  static constexpr std::string_view kKind = "reduce_only_closer";

  /// Cold path: allocates `opt.max_symbols` symbol slots.
  ReduceOnlyCloser(const StrategyContext& ctx, const CloserOptions& opt);
  ReduceOnlyCloser(const ReduceOnlyCloser&) = delete;
  ReduceOnlyCloser& operator=(const ReduceOnlyCloser&) = delete;

  /// Cold path: trades `id` ("BTCUSDT") with `p`. Throws std::invalid_argument when the
  /// symbol has no engine rules, is added twice, the slots are full, or the protective
  /// stop id would not fit in 36 characters.
  void add_symbol(SymbolId id, std::string_view name, const CloserParams& p);

  // Strategy
  std::string_view kind() const noexcept override { return kKind; }
  const std::vector<SymbolId>& symbols() const noexcept override { return ids_; }
  void on_start(std::int64_t now_ns) noexcept override { start(now_ns); }
  void on_stop() noexcept override { stop(); }
  void on_position_risk(SymbolId s, PositionSide side, Price liq_px, std::int32_t leverage) noexcept override {
    set_position_risk(s, side, liq_px, leverage);
  }
  SideActivity activity(SymbolId s, PositionSide ps) const noexcept override;

  /// Starts placing. Call once the initial positions are known (after the first
  /// calibration): the current sizes become the baseline for external-increase alerts.
  void start(std::int64_t now_ns) noexcept;
  /// Stops placing new slices and stops (shutdown). TTL cancels still go out; the
  /// engine's cancel_all_own() then cancels this run's orders, protective stops stay.
  void stop() noexcept { stopped_ = true; }
  /// Everything is held (link down or not recalibrated since it came back).
  bool link_held() const noexcept { return held(); }

  /// Venue position risk of one side (GET /fapi/v2/positionRisk `liquidationPrice`,
  /// `leverage`, or the simulator's): liq_px in ticks (0 = unknown), leverage ≥ 1.
  /// Takes effect on the side's next drive (market event, timer or on_orders_applied).
  void set_position_risk(SymbolId s, PositionSide side, Price liq_px, std::int32_t leverage) noexcept;

  /// After a reconciliation (and after journal recovery): takes over live protective
  /// stops of ours found in the order store (restart), cancelling duplicates; moves each
  /// side's stop sequence past every stop id of it in the store, terminal ones included
  /// (B1); lets externally protected sides re-check (B2); ends the link hold when due. O(store).
  void on_reconciled(std::int64_t now_ns) noexcept override;

  /// best bid/offer / Trade / MarkPrice of a configured symbol; other events are ignored.
  void on_market(const Event& ev, std::int64_t now_ns) noexcept override;
  /// Periodic tick (TTL, cooldown, panic, protective stops); every ~10–100 ms.
  void on_timer(std::int64_t now_ns, TscTicks cause = 0) noexcept override;
  /// Call after OrderManager::on_event() for order events: drives the sides they touched.
  void on_orders_applied(std::int64_t now_ns, TscTicks cause = 0) noexcept override;

  // engine::OrderListener (state updates only)
  void on_order_fill(const engine::Order& o, const engine::Fill& f) noexcept override;
  void on_order_status(const engine::Order& o) noexcept override;
  void on_order_terminal(const engine::Order& o) noexcept override;
  void on_kill_switch() noexcept override;

  /// Observers (nullptr for an unconfigured symbol).
  const CloserSymbol* symbol(SymbolId s) const noexcept;
  const CloserSide* side(SymbolId s, PositionSide ps) const noexcept;
  const CloserCounters& counters() const noexcept { return counters_; }
  bool halted() const noexcept { return halted_; }
  bool started() const noexcept { return started_; }

 private:
  CloserSymbol* find(SymbolId s) noexcept;
  CloserSide* find_side(SymbolId s, PositionSide ps) noexcept;
  /// The side an order of ours belongs to: its position side, or on a net symbol (BOTH) the
  /// side its direction closes (SELL → LONG, BUY → SHORT).
  CloserSide* side_of(const engine::Order& o) noexcept;
  /// The engine position a side reads and its orders carry: BOTH on a net symbol.
  static PositionSide book_side(const CloserSymbol& sym, const CloserSide& sd) noexcept {
    return sym.net ? PositionSide::Both : sd.side;
  }
  void drive(CloserSymbol& sym, CloserSide& sd, std::int64_t now_ns, TscTicks cause, bool market_update) noexcept;
  Qty abs_position(const CloserSymbol& sym, const CloserSide& sd) const noexcept;
  Qty remaining(const CloserSymbol& sym, const CloserSide& sd, Qty abs_qty) const noexcept;
  void check_external(CloserSymbol& sym, CloserSide& sd, Qty abs_qty, std::int64_t now_ns) noexcept;
  void check_closed(CloserSymbol& sym, CloserSide& sd, Qty before, Qty abs_qty, std::int64_t now_ns) noexcept;
  void update_risk(CloserSymbol& sym, CloserSide& sd, Qty abs_qty, std::int64_t now_ns) noexcept;
  Rotation rotation(const CloserSymbol& sym, const CloserSide& sd) const noexcept;
  void note_mode(const CloserSymbol& sym, CloserSide& sd, ModeChange c, std::int64_t now_ns) noexcept;
  void alert(AlertKind k, const CloserSymbol& sym, const CloserSide& sd, Qty before, Qty after,
             Price px, std::int64_t value_e8, std::int64_t now_ns) noexcept;

  // closer_slices.cpp
  void maybe_place(CloserSymbol& sym, CloserSide& sd, Qty abs_qty, std::int64_t now_ns, TscTicks cause,
                   bool market_update) noexcept;
  bool place_slice(CloserSymbol& sym, CloserSide& sd, ExecMode mode, SignalReason reason, Price px,
                   Qty qty, std::int64_t now_ns, TscTicks cause) noexcept;
  /// An event-log record about one side (kind, time, symbol, position side, closing side).
  static TradeEvent side_event(TradeEventKind k, const CloserSymbol& sym, const CloserSide& sd,
                               std::int64_t now_ns) noexcept {
    TradeEvent e;
    e.t_ns = now_ns;
    e.kind = k;
    e.symbol = sym.id;
    e.position_side = sd.side;
    e.side = closing_side(sd.side);
    return e;
  }
  void emit_signal(const CloserSymbol& sym, const CloserSide& sd, SignalReason reason, ExecMode mode, Price px,
                   const SliceDecision& d, std::int64_t now_ns) const noexcept;
  void emit_timeout(const CloserSymbol& sym, const CloserSide& sd, const WorkingOrder& w,
                    std::int64_t now_ns) const noexcept;
  void drive_ttl(CloserSymbol& sym, CloserSide& sd, std::int64_t now_ns, TscTicks cause) noexcept;
  engine::RejectReason send_cancel(const ClientOrderId& id, bool risk, std::int64_t now_ns,
                                   TscTicks cause) noexcept;
  void slice_terminal(CloserSymbol& sym, CloserSide& sd, const engine::Order& o) noexcept;
  void slice_fill(CloserSymbol& sym, CloserSide& sd, const engine::Order& o, const engine::Fill& f) noexcept;

  // closer_stops.cpp
  void drive_stop(CloserSymbol& sym, CloserSide& sd, Qty abs_qty, std::int64_t now_ns, TscTicks cause) noexcept;
  void stop_terminal(CloserSymbol& sym, CloserSide& sd, const engine::Order& o) noexcept;

  CloserOptions opt_;
  std::vector<SymbolId> ids_;  ///< symbols() (cold: filled by add_symbol)
  char stop_prefix_[ClientOrderId::kMax] = {};
  std::uint8_t stop_prefix_len_ = 0;
  std::unique_ptr<CloserSymbol[]> symbols_;
  std::unique_ptr<std::int32_t[]> slot_of_;  ///< SymbolId → index in symbols_, −1 if none
  std::uint32_t n_symbols_ = 0;
  bool started_ = false, stopped_ = false, halted_ = false;
  CloserCounters counters_;
};

/// The closer behind `s`, or nullptr when `s` is another kind (its reports, tests).
inline ReduceOnlyCloser* as_closer(Strategy& s) noexcept {
  return s.kind() == ReduceOnlyCloser::kKind ? static_cast<ReduceOnlyCloser*>(&s) : nullptr;
}
inline const ReduceOnlyCloser* as_closer(const Strategy& s) noexcept {
  return s.kind() == ReduceOnlyCloser::kKind ? static_cast<const ReduceOnlyCloser*>(&s) : nullptr;
}

}  // namespace xtb::strategy
