// tracking_limit.hpp — `tracking_limit` (seed 003: the single implementation of a tracking
// limit order): one limit order of `qty` that follows the touch until it fills or times out.
//
//   place   BUY at best bid − price_offset ticks, SELL at best ask + price_offset (a negative
//           offset reaches into the spread); post-only when `post_only` (GTX), else GTC;
//   every `interval`: if the target price moved, cancel-then-replace ("先撤后挂": the new
//           order is placed only once the venue confirmed the cancel) for the quantity not
//           yet filled; a cancel answered FILLED ends the job (the fill wins the race);
//   `timeout` after the first placement: cancel, and end as TimedOut.
// Every attempt (order) is recorded: client id, price, placed / cancel-sent / ended times,
// end status, filled qty — the price series and the cancel/replace timeline the smoke test
// prints (app/smoke_cmd.hpp) and writes as logs/orders/<venue>-<symbol>-<client id>.jsonl.
//
// Units: prices in ticks, qty in steps, times in the sequencer's ns. Attempts are kept in a
// fixed array of kMaxAttempts (allocated at construction); beyond it the strategy stops
// requoting and ends (counted as `attempts_exhausted`).
// Thread: sequencer only; no allocation, exception or syscall after construction.
#pragma once
#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "strategy/strategy.hpp"

namespace xtb::strategy {

struct TrackingLimitParams {
  SymbolId symbol = kNoSymbol;
  Side side = Side::Buy;
  PositionSide position_side = PositionSide::Both;  ///< LONG/SHORT on a hedge-mode account
  Qty qty = 0;                                      ///< steps, > 0
  std::int64_t interval_ns = 1'000'000'000;         ///< requote period, > 0
  std::int64_t timeout_ns = 60'000'000'000;         ///< from the first placement, > 0
  std::int32_t price_offset = 0;                    ///< ticks behind the touch (negative: inside)
  bool post_only = false;
};

struct TrackingAttempt {
  ClientOrderId id{};
  Price px = 0;
  Qty qty = 0, filled = 0;
  std::int64_t placed_ns = 0, cancel_ns = 0, end_ns = 0;  ///< 0 = not (yet)
  OrderStatus end = OrderStatus::Submitting;              ///< terminal status once ended
  std::int32_t code = 0;                                  ///< venue error code of a reject
  std::uint32_t kept = 0;        ///< periodic checks that found the price unchanged (no requote)
  bool requoted = false;         ///< cancelled to be replaced (not the timeout's cancel)
};

enum class TrackingState : std::uint8_t { Waiting, Working, Canceling, Filled, TimedOut, Failed };
const char* to_string(TrackingState s) noexcept;

class TrackingLimit final : public StrategyBase {
 public:
  static constexpr std::string_view kKind = "tracking_limit";
  static constexpr std::size_t kMaxAttempts = 4096;

  /// Throws std::invalid_argument on bad params (qty ≤ 0, interval/timeout ≤ 0, no rules).
  TrackingLimit(const StrategyContext& ctx, const TrackingLimitParams& p);

  std::string_view kind() const noexcept override { return kKind; }
  const std::vector<SymbolId>& symbols() const noexcept override { return symbols_; }
  void on_start(std::int64_t now_ns) noexcept override;
  void on_stop() noexcept override { stopped_ = true; }
  bool done() const noexcept override { return state_ >= TrackingState::Filled; }
  void on_market(const Event& ev, std::int64_t now_ns) noexcept override;
  void on_timer(std::int64_t now_ns, TscTicks cause) noexcept override;
  void on_orders_applied(std::int64_t now_ns, TscTicks cause) noexcept override;
  SideActivity activity(SymbolId s, PositionSide ps) const noexcept override;

  void on_order_fill(const engine::Order& o, const engine::Fill& f) noexcept override;
  void on_order_terminal(const engine::Order& o) noexcept override;

  // Observers (cold, after the run).
  TrackingState state() const noexcept { return state_; }
  const TrackingLimitParams& params() const noexcept { return p_; }
  std::size_t attempts() const noexcept { return n_; }
  const TrackingAttempt& attempt(std::size_t i) const noexcept { return attempts_[i]; }
  Qty filled() const noexcept { return filled_; }
  std::int64_t started_ns() const noexcept { return start_ns_; }
  std::int64_t ended_ns() const noexcept { return end_ns_; }
  std::uint64_t attempts_exhausted() const noexcept { return exhausted_; }

 private:
  Price target() const noexcept;
  void drive(std::int64_t now_ns, TscTicks cause) noexcept;
  bool place(std::int64_t now_ns, TscTicks cause) noexcept;
  bool cancel(std::int64_t now_ns, TscTicks cause) noexcept;
  void finish(TrackingState s, std::int64_t now_ns) noexcept;
  TrackingAttempt* current() noexcept { return n_ > 0 ? &attempts_[n_ - 1] : nullptr; }

  TrackingLimitParams p_;
  std::vector<SymbolId> symbols_;
  std::vector<TrackingAttempt> attempts_;  ///< kMaxAttempts, allocated once
  std::size_t n_ = 0;
  TrackingState state_ = TrackingState::Waiting;
  Price bid_ = 0, ask_ = 0;
  Qty filled_ = 0;
  std::int64_t start_ns_ = 0, end_ns_ = 0, next_check_ns_ = 0;
  std::uint64_t exhausted_ = 0;
  std::uint32_t refusals_ = 0;  ///< engine refusals / venue rejects in a row
  bool started_ = false, stopped_ = false, timed_out_ = false;
};

}  // namespace xtb::strategy
