// trend_ladder.hpp — the `trend_ladder` strategy (seed 000, XTradingBot's production Trend
// Ladder; docs/strategies/trend_ladder.md): fixed-direction laddered entries and, for every
// entry fill, a reduce-only take-profit `tp_offset` ticks away, with the coverage invariant
//     |position| == Σ open reduce-only take-profits on the closing side
// kept event-driven (coverage.hpp). Venue-neutral: it speaks only the Strategy seam
// (strategy/strategy.hpp), so it runs unchanged in `xtb backtest` and `xtb run`.
//
// Parts: ladder.hpp (rungs, prices, pacing), requote_backoff.hpp, tp_book.hpp (the TPs it
// tracks), coverage.hpp (the invariant, the repair rate limit), trend_ladder_stats.hpp (its
// report). This file's .cpp holds the events and the drive loop; trend_ladder_orders.cpp
// the entry / TP / cancel commands; trend_ladder_coverage.cpp the coverage check, repairs,
// surplus cancels, TP verification and reconciliation.
//
// Flow, on every book update, timer tick and after order events (drive()):
//   price gates      stop price → entries cancelled, none placed again (TPs stay managed);
//                    pause price → no new entries or requotes while beyond it;
//   entry cancels    unanswered past requote_confirm → looked up in the engine's store; the
//                    requote backs off (RequoteBackoff);
//   take-profits     for each entry's filled-but-uncovered qty (whole or partial fills): a
//                    reduce-only LIMIT on the closing side at entry px ± tp_offset, sized
//                    ≤ |position| − live closing-side leaves (never opens the other side);
//   coverage         gap ≥ min qty → a repair TP (rate-limited); surplus → TP cancels;
//   verification     a TP unacknowledged past tp_verify asks for a reconciliation; a TP the
//                    engine ended by query / reconciliation (neither stream nor venue knows
//                    it) or lost from its store is dropped from tracking (seed 000 fix 3);
//   reconciliation   (on_reconciled) TPs the engine no longer holds are dropped, live TPs of
//                    this strategy id it does not track (journal recovery) are tracked again,
//                    and a gap / surplus still there is declared (imbalances_confirmed);
//   entries          requote drifted ones (cancel first, replace after the venue's CANCELED),
//                    then fill empty rungs when the wait tier allows (max_orders caps live
//                    TPs + working entries).
// Gating: nothing is placed or cancelled while held() (link down) or after on_stop (the
// engine cancels the run's orders); while paused() (a reconciliation runs) decisions wait.
// A cancel racing a fill is its own state: the fill still gets its TP, a FILLED end counts
// as filled (EntrySlot::raced, TpSlot::raced).
// Errors: the constructor throws std::invalid_argument (cold); afterwards nothing throws —
// engine refusals and a full ring are counted (stats()) and retried on a later drive.
// Positions: hedge mode (LONG ladder trades the LONG side: BUY LONG entries, SELL LONG TPs;
// SHORT mirrored) or net (engine::SymbolRules::net_positions: every order carries BOTH; the
// ladder's side is the positive (long) or negative (short) part of the one position).
//
// Units: ticks, steps, the sequencer's ns. Thread: sequencer only. No allocation, exception
// or syscall after construction (the TP table is sized then: max(64, 4 × max_orders)).
#pragma once
#include <cstdint>
#include <string_view>
#include <vector>

#include "strategy/market_view.hpp"
#include "strategy/strategy.hpp"
#include "strategy/trend_ladder/coverage.hpp"
#include "strategy/trend_ladder/ladder.hpp"
#include "strategy/trend_ladder/tp_book.hpp"
#include "strategy/trend_ladder/trend_ladder_params.hpp"
#include "strategy/trend_ladder/trend_ladder_stats.hpp"

namespace xtb::strategy {

class TrendLadder final : public StrategyBase {
 public:
  static constexpr std::string_view kKind = "trend_ladder";

  /// Throws std::invalid_argument on bad params (qty / tp_offset ≤ 0, levels, grid, waits,
  /// bounds of TrendLadderParams) or when the symbol has no engine rules.
  TrendLadder(const StrategyContext& ctx, const TrendLadderParams& p);

  std::string_view kind() const noexcept override { return kKind; }
  const std::vector<SymbolId>& symbols() const noexcept override { return symbols_; }
  void on_start(std::int64_t now_ns) noexcept override;
  /// Shutdown began: nothing more is placed; the coverage seen now is kept (stats().end_*).
  void on_stop() noexcept override;
  /// Stopped (stop price or shutdown) with nothing left: flat, no TP and no entry working.
  bool done() const noexcept override;
  void on_market(const Event& ev, std::int64_t now_ns) noexcept override;
  void on_timer(std::int64_t now_ns, TscTicks cause) noexcept override;
  void on_orders_applied(std::int64_t now_ns, TscTicks cause) noexcept override;
  /// Ends the link hold, drops TPs the engine no longer holds, tracks again live TPs of ours
  /// it does not hold (journal recovery after a restart, reconciler adoption), and declares a
  /// coverage mismatch that survived the venue's re-read (stats().imbalances_confirmed).
  void on_reconciled(std::int64_t now_ns) noexcept override;
  SideActivity activity(SymbolId s, PositionSide ps) const noexcept override;

  void on_order_fill(const engine::Order& o, const engine::Fill& f) noexcept override;
  void on_order_status(const engine::Order& o) noexcept override;
  void on_order_terminal(const engine::Order& o) noexcept override;
  void on_kill_switch() noexcept override { halted_ = true; }

  // Observers (tests, reports).
  const TrendLadderParams& params() const noexcept { return p_; }
  const TrendLadderStats& stats() const noexcept { return stats_; }
  const Ladder& ladder() const noexcept { return ladder_; }
  TpBook& tps() noexcept { return tps_; }
  /// The coverage as the engine holds it now.
  CoverageView coverage() const noexcept;
  bool stopped_by_price() const noexcept { return price_stopped_; }
  bool paused_by_price() const noexcept { return price_paused_; }
  /// The engine position side its orders carry (LONG / SHORT, BOTH on a net symbol).
  PositionSide book_side() const noexcept { return book_side_; }

 private:
  bool is_long() const noexcept { return p_.direction == LadderDirection::Long; }
  Side entry_side() const noexcept { return is_long() ? Side::Buy : Side::Sell; }
  Side tp_side() const noexcept { return is_long() ? Side::Sell : Side::Buy; }
  Qty abs_position() const noexcept;
  void drive(std::int64_t now_ns, TscTicks cause) noexcept;
  void price_gates(std::int64_t now_ns, TscTicks cause) noexcept;
  void entry_terminal(EntrySlot& e, const engine::Order& o) noexcept;
  void tp_terminal(TpSlot& t, const engine::Order& o) noexcept;
  void fill_alert(std::string_view reason, const engine::Fill& f, std::int64_t now_ns) noexcept;

  // trend_ladder_orders.cpp
  /// Builds, risk-checks and sends a LIMIT; false when refused or the sink is full.
  bool send_limit(Side side, Price px, Qty qty, bool reduce_only, bool post_only, std::int64_t now_ns, TscTicks cause,
                  ClientOrderId& id) noexcept;
  engine::RejectReason send_cancel(const ClientOrderId& id, std::int64_t now_ns, TscTicks cause) noexcept;
  void flush_tps(std::int64_t now_ns, TscTicks cause) noexcept;
  bool place_tp(Price px, Qty qty, TpKind kind, std::int64_t now_ns, TscTicks cause) noexcept;
  void place_entries(std::int64_t now_ns, TscTicks cause) noexcept;
  void requote_entries(std::int64_t now_ns, TscTicks cause) noexcept;
  void cancel_entry(EntrySlot& e, bool requote, std::int64_t now_ns, TscTicks cause) noexcept;
  void watch_entry_cancels(std::int64_t now_ns) noexcept;
  Price tp_px_for(Price entry_px) const noexcept;

  // trend_ladder_coverage.cpp
  void check_coverage(std::int64_t now_ns, TscTicks cause) noexcept;
  void repair(const CoverageView& v, std::int64_t now_ns, TscTicks cause) noexcept;
  void cancel_surplus(Qty surplus, std::int64_t now_ns, TscTicks cause) noexcept;
  void verify_tps(std::int64_t now_ns) noexcept;
  void drop_tp(TpSlot& t) noexcept;
  void adopt_tps(std::int64_t now_ns) noexcept;

  TrendLadderParams p_;
  std::vector<SymbolId> symbols_;
  const engine::SymbolRules* rules_ = nullptr;  ///< the symbol's (ctx.rules outlives us)
  PositionSide book_side_ = PositionSide::Long;
  Ladder ladder_;
  TpBook tps_;
  RepairLimiter limiter_;
  TrendLadderStats stats_;
  MarketView market_;  ///< best bid/ask of the symbol (ticks)
  std::int64_t last_entry_ns_ = 0;
  std::int64_t last_timer_ns_ = 0;
  bool immediate_ = false;  ///< a TP filled: the next entry need not wait (seed `_immediate_entry`)
  bool started_ = false, stopped_ = false, halted_ = false;
  bool price_stopped_ = false, price_paused_ = false;
};

/// The trend ladder behind `s`, or nullptr when `s` is another kind (reports, tests).
inline const TrendLadder* as_trend_ladder(const Strategy& s) noexcept {
  return s.kind() == TrendLadder::kKind ? static_cast<const TrendLadder*>(&s) : nullptr;
}

}  // namespace xtb::strategy
