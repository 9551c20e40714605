// strategy.hpp — the strategy seam (issue 14, seed 003 "one strategy interface"): what the
// sequencer calls, and the little every strategy shares.
//
// A strategy is a class behind Strategy, built by a factory (strategy/registry.hpp) with a
// StrategyContext: the engine (OrderManager: risk checks, client ids, journal), the rules,
// the OrderSink (ring to egress) and its own id. The sequencer (pipeline/sequencer/sequencer_stage.hpp)
// knows only this header: it routes market events of the strategy's symbols to
// on_market(), runs on_timer(), calls on_orders_applied() after order events, routes each
// order callback (engine::OrderListener) to the strategy whose id the order carries
// (OrderCommand::strategy_id → engine::Order::strategy_id), tells it about the venue links
// and calibrations, and drains its alerts. A strategy runs unchanged in a backtest and live
// (hftbacktest's `Bot`, nautilus_trader's `Strategy`).
//
// Gating, shared by every strategy (StrategyBase, seed 002's rules):
//   paused()  — a reconciliation runs (begin_check … set_paused(false)): decisions that
//               depend on the state being re-read wait; risk orders may go on (review B7);
//   held()    — a venue link (user stream, market data) is down or back but not yet
//               recalibrated (LinkHold, review B3 / row 47): nothing is placed.
// Engine callbacks only update state: a listener must not call OrderManager mutators;
// commands go out from on_market / on_timer / on_orders_applied.
//
// Units: prices in ticks, quantities in steps (market/symbol_table.hpp); times are the
// sequencer's ns (replay: capture time; live: monotonic), `cause` the rx TSC of the event.
// Thread: sequencer only. No allocation, exception or syscall after construction.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string_view>
#include <vector>

#include "core/event.hpp"
#include "engine/order_manager.hpp"
#include "strategy/link_hold.hpp"
#include "strategy/order_sink.hpp"
#include "telemetry/alert.hpp"
#include "telemetry/trade_event.hpp"

namespace xtb::strategy {

using StrategyId = std::uint16_t;

struct StrategyContext {
  engine::OrderManager& orders;
  const engine::SymbolRulesTable& rules;
  OrderSink& sink;
  StrategyId id = 0;             ///< stamped on every OrderCommand it sends
  Venue venue = Venue::None;     ///< stamped on every OrderCommand it sends (the sequencer's venue)
};

/// What the progress line shows for one (symbol, position side) a strategy works on.
struct SideActivity {
  std::uint64_t placed = 0, filled = 0;  ///< orders sent / orders that ended filled
  std::uint8_t mode = 0;                 ///< 0 passive (maker), 1 aggressive
  bool known = false;                    ///< false: the strategy does not trade this side
};

class Strategy : public engine::OrderListener {
 public:
  virtual ~Strategy() = default;

  /// The registry name ("reduce_only_closer", "tracking_limit").
  virtual std::string_view kind() const noexcept = 0;
  /// Symbols it trades: their market data is routed to it, engine rules are installed for them.
  virtual const std::vector<SymbolId>& symbols() const noexcept = 0;

  /// Trading begins: the first calibration completed (positions and open orders known).
  virtual void on_start(std::int64_t now_ns) noexcept = 0;
  /// Shutdown began: place nothing more (cancels of its own orders are the engine's job).
  virtual void on_stop() noexcept = 0;
  /// True once the strategy has nothing left to do (e.g. a one-shot order filled).
  virtual bool done() const noexcept { return false; }

  virtual void on_market(const Event& ev, std::int64_t now_ns) noexcept = 0;
  virtual void on_timer(std::int64_t now_ns, TscTicks cause) noexcept = 0;
  /// After the engine applied order events: send follow-ups now.
  virtual void on_orders_applied(std::int64_t now_ns, TscTicks cause) noexcept = 0;
  /// A reconciliation completed (before set_paused(false)).
  virtual void on_reconciled(std::int64_t now_ns) noexcept = 0;
  /// Venue position risk (liquidation price in ticks, 0 = unknown; leverage ≥ 1).
  virtual void on_position_risk(SymbolId, PositionSide, Price /*liq_px*/, std::int32_t /*leverage*/) noexcept {}

  // Gating (StrategyBase implements these once for every strategy).
  virtual void on_link_down(std::uint32_t conn) noexcept = 0;
  /// A link (re)connected; after a drop it raises a Reconnect alert (mode 1: market data).
  virtual void on_link_up(std::uint32_t conn, bool market_data) noexcept = 0;
  virtual bool link_is_down(std::uint32_t conn) const noexcept = 0;
  virtual bool needs_calibration() const noexcept = 0;
  /// A reconciliation is sent now (pauses, and marks when the cycle began for the hold).
  virtual void begin_check() noexcept = 0;
  virtual void set_paused(bool paused) noexcept = 0;
  virtual bool paused() const noexcept = 0;

  virtual AlertLog& alerts() noexcept = 0;
  virtual const AlertLog& alerts() const noexcept = 0;
  virtual void set_trade_events(TradeEventSink sink) noexcept = 0;
  virtual SideActivity activity(SymbolId, PositionSide) const noexcept { return {}; }
};

/// Builds one strategy once the engine exists (cold path; may throw std::invalid_argument).
using StrategyFactory = std::function<std::unique_ptr<Strategy>(const StrategyContext&)>;

/// What the sequencer is built with (a strategy's setup function, strategy/registry.hpp).
struct StrategySetup {
  std::vector<SymbolId> symbols;             ///< every traded symbol (market data kept for them)
  std::vector<engine::SymbolRules> rules;    ///< engine rules of those symbols
  std::vector<StrategyFactory> strategies;   ///< ids = indices
  /// Engine limits the strategies' configs set (order/cancel rates, venue budgets); may be empty.
  std::function<void(engine::RiskLimits&)> limits;
};

/// The shared part: link hold, reconciliation pause, alerts, the event log sink.
class StrategyBase : public Strategy {
 public:
  explicit StrategyBase(const StrategyContext& ctx) noexcept : ctx_(ctx) {}

  void on_link_down(std::uint32_t conn) noexcept override { link_.link_down(conn); }
  void on_link_up(std::uint32_t conn, bool market_data) noexcept override;
  bool link_is_down(std::uint32_t conn) const noexcept override { return link_.is_down(conn); }
  bool needs_calibration() const noexcept override { return link_.needs_calibration(); }
  void begin_check() noexcept override {
    paused_ = true;
    link_.check_begun();
  }
  void set_paused(bool paused) noexcept override { paused_ = paused; }
  /// Decisions that depend on re-read state wait (a reconciliation runs, or the link hold).
  bool paused() const noexcept override { return paused_ || link_.holds(); }
  /// Nothing may be placed: a link is down or not yet recalibrated since it came back.
  bool held() const noexcept { return link_.holds(); }
  void on_reconciled(std::int64_t /*now_ns*/) noexcept override { link_.check_done(); }
  AlertLog& alerts() noexcept override { return alerts_; }
  const AlertLog& alerts() const noexcept override { return alerts_; }
  void set_trade_events(TradeEventSink sink) noexcept override { events_ = sink; }
  const StrategyContext& context() const noexcept { return ctx_; }

 protected:
  StrategyContext ctx_;
  LinkHold link_;
  AlertLog alerts_;
  TradeEventSink events_;
  bool paused_ = false;
};

}  // namespace xtb::strategy
