// side_execution.hpp — the execution state machine of one symbol + positionSide
// (seed 002 "状态机（ExecutionEngine）" and "执行模式轮转"). Pure logic: it never calls
// the engine; ReduceOnlyCloser feeds it what happened and asks what to do.
//
//   IDLE ──place accepted──▶ PLACING ──venue: open──▶ WAITING
//     ▲                         │  └──────────────────────┤
//     │                  filled │                  TTL    │ (cancel sent)
//     ├─────────────────────────┘                         ▼
//     │                                               CANCELING ──terminal──▶ COOLDOWN
//     └────────────────── repost_cooldown elapsed ◀──────────────────────────────┘
//   A fill ending the order (FILLED) goes to IDLE from PLACING, WAITING or CANCELING.
//   Any other end (CANCELED, EXPIRED, REJECTED, FAILED) goes to COOLDOWN, as does a
//   place the engine refused (risk) — so a failing condition cannot spin.
//
// Mode rotation (counters per side; every switch resets all three counters):
//   MAKER_ONLY:  a maker miss — TTL with no fill, a GTX reject (Binance -5022: the
//                post-only price would have crossed), or a venue EXPIRED with no fill —
//                adds 1 to maker_timeouts; ≥ maker_timeouts_to_escalate → AGGRESSIVE_LIMIT.
//                Any fill resets maker_timeouts.
//   AGGRESSIVE:  an order ending with fills (fully, or partly then cancelled) adds 1 to
//                aggr_fills; ≥ aggr_fills_to_deescalate → MAKER_ONLY. TTL with no fill
//                adds 1 to aggr_timeouts; ≥ aggr_timeouts_to_deescalate → MAKER_ONLY.
//   A partial fill resets the timeout counter of the order's mode, and a TTL of an order
//   that had fills is not a timeout (seed: "部分成交视为有成交，重置 timeout_count").
//   A threshold of 0 disables that rule. While panic_close applies, its tier's
//   maker_timeouts_to_escalate replaces the execution one (Rotation::maker_escalate).
// Times: the caller's monotonic ns. Thread: sequencer only. No allocation.
#pragma once
#include <cstdint>

#include "core/types.hpp"
#include "strategy/pricing.hpp"
#include "strategy/signals.hpp"

namespace xtb::strategy {

enum class ExecState : std::uint8_t { Idle = 0, Placing, Waiting, Canceling, Cooldown };
const char* to_string(ExecState s) noexcept;

enum class ModeChange : std::uint8_t { None = 0, Escalated, Deescalated };

/// Thresholds in force for one decision (execution params, or a panic tier's override).
struct Rotation {
  std::uint32_t maker_escalate = 2;
  std::uint32_t aggr_fills_deescalate = 1;
  std::uint32_t aggr_timeouts_deescalate = 2;
};

/// The slice currently working on this side.
struct WorkingOrder {
  ClientOrderId id{};
  ExecMode mode = ExecMode::MakerOnly;   ///< mode it was placed in
  SignalReason reason = SignalReason::None;
  bool risk = false;                     ///< panic slice (OrderCommand::kRiskOrder)
  std::int64_t placed_ns = 0;
  std::int64_t ttl_ns = 0;
  std::int64_t cancel_ns = 0;            ///< when the TTL cancel was sent
  Qty qty = 0;
  Qty filled = 0;
};

class SideExecution {
 public:
  ExecState state() const noexcept { return state_; }
  ExecMode mode() const noexcept { return mode_; }
  const WorkingOrder& order() const noexcept { return order_; }
  bool has_order() const noexcept {
    return state_ == ExecState::Placing || state_ == ExecState::Waiting || state_ == ExecState::Canceling;
  }
  std::uint32_t maker_timeouts() const noexcept { return maker_timeouts_; }
  std::uint32_t aggr_timeouts() const noexcept { return aggr_timeouts_; }
  std::uint32_t aggr_fills() const noexcept { return aggr_fills_; }
  std::int64_t cooldown_until_ns() const noexcept { return cooldown_until_; }

  /// COOLDOWN → IDLE once the cooldown has elapsed.
  void tick(std::int64_t now_ns) noexcept;

  /// IDLE → PLACING: the engine accepted the slice `w` (it is Submitting now).
  void on_placed(const WorkingOrder& w) noexcept;
  /// IDLE → COOLDOWN: the engine refused to place (risk reject, store full...).
  void on_place_refused(std::int64_t now_ns, std::int64_t cooldown_ns) noexcept;
  /// PLACING → WAITING: the venue acknowledged the order (open / partially filled).
  void on_accepted() noexcept;

  /// A fill of `qty` steps on the working order (partial or last).
  ModeChange on_fill(Qty qty, const Rotation& rot) noexcept;

  /// True while the working order is past its TTL and a cancel should be sent.
  bool ttl_expired(std::int64_t now_ns) const noexcept {
    return (state_ == ExecState::Placing || state_ == ExecState::Waiting) &&
           now_ns - order_.placed_ns >= order_.ttl_ns && now_ns >= cancel_retry_ns_;
  }
  /// The TTL cancel was sent: → CANCELING, counts the timeout, rotates the mode.
  ModeChange on_timeout(std::int64_t now_ns, const Rotation& rot) noexcept;
  /// A cancel was sent because the side has nothing left to close (seed 002 position_zero):
  /// → CANCELING; neither a timeout nor a maker miss (no counter moves, no rotation).
  void on_flat_cancel(std::int64_t now_ns) noexcept {
    if (state_ != ExecState::Placing && state_ != ExecState::Waiting) return;
    state_ = ExecState::Canceling;
    order_.cancel_ns = now_ns;
    timed_out_ = true;
  }
  /// The TTL cancel could not be sent (cancel rate limit): retry at `retry_at_ns`.
  void defer_cancel(std::int64_t retry_at_ns) noexcept { cancel_retry_ns_ = retry_at_ns; }
  /// True while CANCELING for at least `wait_ns` (the caller re-checks the order).
  bool cancel_overdue(std::int64_t now_ns, std::int64_t wait_ns) const noexcept {
    return state_ == ExecState::Canceling && now_ns - order_.cancel_ns >= wait_ns;
  }
  /// A repeated cancel of an overdue order was sent.
  void on_cancel_resent(std::int64_t now_ns) noexcept { order_.cancel_ns = now_ns; }

  /// The working order ended with `st` (terminal). `reject_code` = venue error (e.g. -5022).
  /// FILLED → IDLE; anything else → COOLDOWN for `cooldown_ns`.
  ModeChange on_terminal(OrderStatus st, std::int32_t reject_code, std::int64_t now_ns,
                         std::int64_t cooldown_ns, const Rotation& rot) noexcept;

  /// Forces a mode (counters reset); returns the change (None when already in it).
  ModeChange set_mode(ExecMode m) noexcept;

 private:
  ModeChange maker_miss(const Rotation& rot) noexcept;
  ModeChange aggr_filled_order(const Rotation& rot) noexcept;
  void enter_cooldown(std::int64_t now_ns, std::int64_t cooldown_ns) noexcept;

  ExecState state_ = ExecState::Idle;
  ExecMode mode_ = ExecMode::MakerOnly;
  WorkingOrder order_{};
  std::uint32_t maker_timeouts_ = 0, aggr_timeouts_ = 0, aggr_fills_ = 0;
  std::int64_t cooldown_until_ = 0;
  std::int64_t cancel_retry_ns_ = 0;
  bool timed_out_ = false;  ///< the current order's TTL fired (its end is not a miss again)
};

}  // namespace xtb::strategy
