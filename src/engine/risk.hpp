// risk.hpp — pre-trade checks run on the sequencer before every order (design §4,
// seed 002 "风控与限速", seed 003 §2.3 "risk_service：下单前额度/最小量…失败即阻断").
//
// Order of checks for a NewOrder (first failure wins, each has its own RejectReason and
// counter; rate budget is consumed only by orders that pass everything else):
//   1. trading state: HALTED rejects all; REDUCING passes only reducing orders
//      (reduceOnly / closePosition, or SELL on a LONG / BUY on a SHORT hedge side);
//   2. calibrating (reconciliation in progress): non-risk orders paused;
//   3. symbol rules: known and trading, qty > 0 and on the venue step multiple,
//      min/max qty, limit price > 0, on the venue tick multiple and inside the band;
//   4. notional = px × qty (market orders use the caller's reference price):
//      ≥ MIN_NOTIONAL unless reduce-only (Binance -4164 "unless you choose reduce
//      only", error_codes.md), ≤ max order notional;
//   5. position limit on the worst case |position + open same-side leaves + qty|
//      (skipped for reducing orders);
//   6. sliding-window orders/window — risk-flagged orders (OrderCommand::kRiskOrder)
//      are exempt, so panic closes are never throttled (seed 002).
// Cancels: HALTED/REDUCING allow them (they reduce risk); cancels/window limit with
// the same risk exemption.
// Kill switch: record_fault() counts faults in a sliding window; the Nth fault inside
// the window trips it → state HALTED, `kill_tripped()` and an alert count. The owner
// (OrderManager::cancel_all_own) then cancels every live order of ours (seed 003 §3
// "单位时间异常 N 次自动 cancel_all+退出").
// Thread: sequencer only. No allocation after construction.
#pragma once
#include <cstdint>
#include <memory>

#include "core/command.hpp"
#include "engine/rate_window.hpp"
#include "engine/symbol_rules.hpp"

namespace xtb::engine {

enum class TradingState : std::uint8_t { Active = 0, Reducing, Halted };

enum class RejectReason : std::uint8_t {
  None = 0,
  Halted,            ///< trading state HALTED (kill switch or operator)
  ReducingOnly,      ///< state REDUCING and the order would not reduce
  Calibrating,       ///< reconciliation in progress; non-risk orders paused
  UnknownSymbol,     ///< no rules for the symbol
  SymbolNotTrading,  ///< venue status not TRADING
  BadOrder,          ///< malformed command (side/type/qty ≤ 0 without closePosition)
  QtyStep,           ///< qty not a multiple of the venue step
  QtyBelowMin,
  QtyAboveMax,
  PriceTick,         ///< price not a multiple of the venue tick, or ≤ 0 for a limit
  PriceBand,         ///< outside [min_px, max_px]
  NoReferencePrice,  ///< market order and no reference price to value it
  NotionalBelowMin,
  NotionalAboveMax,
  PositionLimit,
  OrderRateLimit,
  CancelRateLimit,
  StoreFull,         ///< order store has no free or recyclable slot
  DuplicateClientId,
  IdExhausted,       ///< client order id sequence no longer fits in 36 chars
  kCount
};
const char* to_string(RejectReason r) noexcept;

enum class FaultKind : std::uint8_t {
  VenueReject = 0, OrderUnknown, Disconnect, DecodeError, RateLimited, JournalDrop,
  PositionDrift, Other, kCount
};

struct RiskLimits {
  Amount max_order_notional = 0;         ///< quote ×1e8 per order; 0 = no limit
  Qty max_position_qty = 0;              ///< |worst-case| per (symbol, side), steps; 0 = none
  std::uint32_t max_orders_per_window = 0;   ///< 0 = no limit
  std::uint32_t max_cancels_per_window = 0;  ///< 0 = no limit
  std::int64_t rate_window_ns = 1'000'000'000;
  std::uint32_t kill_faults = 0;         ///< faults per kill window that trip; 0 = off
  std::int64_t kill_window_ns = 60'000'000'000;
};

/// Position and live-order leaves of the (symbol, position side) an order targets.
struct Exposure {
  Qty position = 0;   ///< signed steps
  Qty open_buy = 0;   ///< Σ leaves of live buys
  Qty open_sell = 0;  ///< Σ leaves of live sells
};

/// True when the order can only shrink the position it targets.
constexpr bool is_reducing(const OrderCommand& c) noexcept {
  if (c.flags & (OrderCommand::kReduceOnly | OrderCommand::kClosePosition)) return true;
  return (c.position_side == PositionSide::Long && c.side == Side::Sell) ||
         (c.position_side == PositionSide::Short && c.side == Side::Buy);
}

class RiskGate {
 public:
  /// Keeps a reference to `rules`; per-symbol position limits default to
  /// limits.max_position_qty. Cold path.
  RiskGate(const RiskLimits& limits, const SymbolRulesTable& rules);

  /// Checks a NewOrder. `ref_px` (ticks) values market orders; pass 0 if unknown.
  /// On None the order has consumed rate budget (unless risk-flagged).
  RejectReason check_new(const OrderCommand& c, const Exposure& ex, Price ref_px,
                         std::int64_t now_ns) noexcept;
  /// Checks a CancelOrder/CancelAll.
  RejectReason check_cancel(const OrderCommand& c, std::int64_t now_ns) noexcept;
  /// Counts a reject decided outside the gate (StoreFull, DuplicateClientId, IdExhausted).
  void count_reject(RejectReason r) noexcept { ++rejects_[static_cast<int>(r)]; }

  /// Records one fault; returns true when this fault tripped the kill switch.
  bool record_fault(FaultKind k, std::int64_t now_ns) noexcept;
  bool kill_tripped() const noexcept { return kill_tripped_; }
  /// Operator reset after a trip: clears the fault window and the trip flag; the state
  /// stays HALTED until set_state() is called.
  void reset_kill_switch() noexcept;

  void set_state(TradingState s) noexcept { state_ = s; }
  TradingState state() const noexcept { return state_; }
  void set_calibrating(bool on) noexcept { calibrating_ = on; }
  bool calibrating() const noexcept { return calibrating_; }
  /// Overrides the position limit of one symbol (steps; 0 = none). Cold path.
  void set_position_limit(SymbolId s, Qty max_qty) noexcept;

  std::uint64_t rejects(RejectReason r) const noexcept { return rejects_[static_cast<int>(r)]; }
  std::uint64_t faults(FaultKind k) const noexcept { return faults_[static_cast<int>(k)]; }
  std::uint64_t passed() const noexcept { return passed_; }
  std::uint64_t kill_alerts() const noexcept { return kill_alerts_; }

 private:
  RejectReason check_rules(const OrderCommand& c, Price ref_px) noexcept;
  RejectReason check_position(const OrderCommand& c, const Exposure& ex) const noexcept;
  RejectReason reject(RejectReason r) noexcept {
    ++rejects_[static_cast<int>(r)];
    return r;
  }

  RiskLimits limits_;
  const SymbolRulesTable& rules_;
  std::unique_ptr<Qty[]> position_limit_;
  SlidingWindowLimiter orders_;
  SlidingWindowLimiter cancels_;
  SlidingWindowLimiter faults_window_;
  TradingState state_ = TradingState::Active;
  bool calibrating_ = false;
  bool kill_tripped_ = false;
  std::uint64_t passed_ = 0;
  std::uint64_t kill_alerts_ = 0;
  std::uint64_t rejects_[static_cast<int>(RejectReason::kCount)] = {};
  std::uint64_t faults_[static_cast<int>(FaultKind::kCount)] = {};
};

}  // namespace xtb::engine
