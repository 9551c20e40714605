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
//   6. venue budgets (VenueRateLimits: request weight per window, ORDERS per 10 s and
//      per minute) — see "Venue budgets" below;
//   7. sliding-window orders/window — risk-flagged orders (OrderCommand::kRiskOrder)
//      are exempt, so panic closes are never throttled (seed 002).
// Cancels: HALTED/REDUCING allow them (they reduce risk); venue budget, then the
// cancels/window limit with the same risk exemption.
// Queries (check_request: QueryOrder, QueryOpenOrders, QueryPositions): venue budget only.
//
// Venue budgets (issue 6 "rate limits (…, venue weight)"): every command the engine
// emits costs venue request weight and NewOrder/AmendOrder also venue order count
// (RiskLimits::costs: the venue adapter's CommandCosts table). Normal commands may
// use `venue_soft_permille` of each venue limit; risk-flagged ones may use all of it —
// and no more: unlike the local orders/s limit, the venue limit is not ours to waive.
// Going over it earns a 429 (then a 418 IP ban of 2 min to 3 days, rate_limits.md
// "IP Limits"), which would block the very risk orders the exemption is meant to let
// through, so the hard cap (100 %) applies to every command. The soft share keeps the
// last (1 − soft) of the budget free for panic closes, their cancels and Unknown-order
// queries. The egress thread's rate limiter (each venue's rate_limit)
// remains the last line: it enforces the venue headers, 429 back-off and 418 ban on what
// is actually sent (session requests included). The gate complements it one step
// earlier, on the sequencer, where a refusal is a typed RejectReason the strategy sees
// at once — an egress refusal instead comes back as a local 429 ack that OrderManager
// records as a RateLimited fault (kill-switch input). Keep venue_soft_permille below the
// egress soft_permille (900) so normal flow is throttled here first.
// Resynchronisation: observe_used_weight() / observe_order_count_10s() raise the local
// sums to what the venue reports (X-MBX-USED-WEIGHT-1M / X-MBX-ORDER-COUNT-10S, carried
// by OrderAck), so the gate never believes it has more budget than the venue says.
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
#include "engine/venue_budget.hpp"
#include "engine/weight_window.hpp"

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
  VenueWeightLimit,  ///< would exceed the venue request-weight budget (soft or hard)
  VenueOrderLimit,   ///< would exceed the venue order-count budget (10 s or 1 min)
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
  /// The default venue budget: of every venue without its own (RiskGate::set_venue_budget).
  VenueRateLimits venue{};               ///< venue budgets; all 0 = off
  CommandCosts costs{};                  ///< what each command costs against them (the venue's table)
  std::uint16_t venue_soft_permille = 800;  ///< share of each venue limit for non-risk commands
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
  /// On None the order has consumed venue budget and (unless risk-flagged) orders/window.
  RejectReason check_new(const OrderCommand& c, const Exposure& ex, Price ref_px,
                         std::int64_t now_ns) noexcept;
  /// Checks a CancelOrder/CancelAll (venue budget, then cancels/window). On None the
  /// cancel has consumed its budget.
  RejectReason check_cancel(const OrderCommand& c, std::int64_t now_ns) noexcept;
  /// Checks a query (QueryOrder, QueryOpenOrders, QueryPositions — or any kind) against
  /// the venue budgets only; risk-flagged ones against the hard cap. On None the weight
  /// is booked. Returns VenueWeightLimit / VenueOrderLimit otherwise (counted).
  RejectReason check_request(const OrderCommand& c, std::int64_t now_ns) noexcept;
  /// Books `weight` units of request weight for several requests that must go together
  /// (a reconciliation cycle), all or nothing. `risk`: hard cap instead of soft.
  RejectReason check_weight(std::uint32_t weight, bool risk, std::int64_t now_ns,
                            Venue venue = Venue::None) noexcept;
  /// The limits in force (the default venue budget's costs included).
  const RiskLimits& limits() const noexcept { return limits_; }
  /// Gives `venue` its own budget (its adapter's limits and costs); other venues share the
  /// default one of RiskLimits. At most kMaxVenueBudgets − 1 venues; false beyond. Cold path.
  static constexpr std::size_t kMaxVenueBudgets = 8;
  bool set_venue_budget(Venue venue, const VenueRateLimits& v, const CommandCosts& costs,
                        std::uint16_t soft_permille) noexcept;
  /// The budget `venue`'s commands are booked on (the default one for a venue without its own).
  VenueBudget& budget(Venue venue) noexcept { return budgets_[slot_[static_cast<std::uint8_t>(venue)]]; }
  const VenueBudget& budget(Venue venue) const noexcept { return budgets_[slot_[static_cast<std::uint8_t>(venue)]]; }

  /// The venue reports `used` request weight in its current window (X-MBX-USED-WEIGHT-1M,
  /// OrderAck::used_weight_1m): the local sum is raised to it if lower (never lowered).
  /// 0 is treated as "header absent". Hot path, O(1); no-op while the weight limit is off.
  void observe_used_weight(std::uint32_t used, std::int64_t now_ns, Venue venue = Venue::None) noexcept {
    budget(venue).observe_used_weight(used, now_ns);
  }
  /// Same for the venue's 10 s order count (X-MBX-ORDER-COUNT-10S).
  void observe_order_count_10s(std::uint32_t count, std::int64_t now_ns, Venue venue = Venue::None) noexcept {
    budget(venue).observe_order_count_10s(count, now_ns);
  }
  /// Replaces the default venue budget's limits (e.g. with exchangeInfo `rateLimits`) and
  /// forgets what was booked. Cold path; no allocation.
  void set_venue_limits(const VenueRateLimits& v, std::uint16_t soft_permille) noexcept;
  const VenueRateLimits& venue_limits() const noexcept { return limits_.venue; }
  /// Booked usage of `venue`'s budget as of `now_ns` (telemetry, tests).
  std::uint32_t venue_weight_used(std::int64_t now_ns, Venue venue = Venue::None) const noexcept {
    return budget(venue).weight_used(now_ns);
  }
  std::uint32_t venue_orders_10s(std::int64_t now_ns, Venue venue = Venue::None) const noexcept {
    return budget(venue).orders_10s(now_ns);
  }
  std::uint32_t venue_orders_1m(std::int64_t now_ns, Venue venue = Venue::None) const noexcept {
    return budget(venue).orders_1m(now_ns);
  }
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
  void set_calibrating(bool on) noexcept { calibrating_ = on ? 1 : 0; }
  /// One reconciliation cycle begins / ends (one per venue may run at once): non-risk
  /// orders are paused while any is in flight.
  void begin_calibration() noexcept { ++calibrating_; }
  void end_calibration() noexcept {
    if (calibrating_ > 0) --calibrating_;
  }
  bool calibrating() const noexcept { return calibrating_ != 0; }
  /// Overrides the position limit of one symbol (steps; 0 = none). Cold path.
  void set_position_limit(SymbolId s, Qty max_qty) noexcept;

  std::uint64_t rejects(RejectReason r) const noexcept { return rejects_[static_cast<int>(r)]; }
  std::uint64_t faults(FaultKind k) const noexcept { return faults_[static_cast<int>(k)]; }
  std::uint64_t passed() const noexcept { return passed_; }
  std::uint64_t kill_alerts() const noexcept { return kill_alerts_; }

 private:
  RejectReason check_rules(const OrderCommand& c, Price ref_px) noexcept;
  RejectReason check_position(const OrderCommand& c, const Exposure& ex) const noexcept;
  /// Venue budget check for `weight` / `orders` units; records nothing.
  static RejectReason venue_fits(VenueBudget& b, std::uint32_t weight, std::uint32_t orders, bool risk,
                                 std::int64_t now_ns) noexcept;
  /// The budget of the command's instrument's venue (its engine rules), else of c.venue.
  VenueBudget& budget_of(const OrderCommand& c) noexcept {
    const SymbolRules* r = rules_.get(c.symbol);
    return budget(r != nullptr && r->venue != Venue::None ? r->venue : c.venue);
  }
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
  VenueBudget budgets_[kMaxVenueBudgets];  // [0]: the default (RiskLimits::venue/costs)
  std::uint8_t slot_[256] = {};            // venue id → budgets_ index
  std::uint8_t n_budgets_ = 1;
  TradingState state_ = TradingState::Active;
  std::uint8_t calibrating_ = 0;  // cycles in flight
  bool kill_tripped_ = false;
  std::uint64_t passed_ = 0;
  std::uint64_t kill_alerts_ = 0;
  std::uint64_t rejects_[static_cast<int>(RejectReason::kCount)] = {};
  std::uint64_t faults_[static_cast<int>(FaultKind::kCount)] = {};
};

}  // namespace xtb::engine
