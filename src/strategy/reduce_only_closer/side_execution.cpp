// side_execution.cpp — per-side execution state machine and mode rotation.
#include "strategy/reduce_only_closer/side_execution.hpp"

namespace xtb::strategy {

void SideExecution::tick(std::int64_t now_ns) noexcept {
  if (state_ == ExecState::Cooldown && now_ns >= cooldown_until_) state_ = ExecState::Idle;
}

void SideExecution::on_placed(const WorkingOrder& w) noexcept {
  order_ = w;
  order_.filled = 0;
  order_.cancel_ns = 0;
  state_ = ExecState::Placing;
  timed_out_ = false;
  cancel_retry_ns_ = 0;
}

void SideExecution::on_place_refused(std::int64_t now_ns, std::int64_t cooldown_ns) noexcept {
  enter_cooldown(now_ns, cooldown_ns);
}

void SideExecution::on_accepted() noexcept {
  if (state_ == ExecState::Placing) state_ = ExecState::Waiting;
}

ModeChange SideExecution::on_fill(Qty qty, const Rotation&) noexcept {
  if (!has_order() || qty <= 0) return ModeChange::None;
  order_.filled += qty;
  // A fill, partial or not, is not a miss: reset the timeout count of the order's mode.
  if (order_.mode == ExecMode::MakerOnly) maker_timeouts_ = 0;
  else aggr_timeouts_ = 0;
  if (state_ == ExecState::Placing) state_ = ExecState::Waiting;  // a fill implies acceptance
  return ModeChange::None;
}

ModeChange SideExecution::on_timeout(std::int64_t now_ns, const Rotation& rot) noexcept {
  if (state_ != ExecState::Placing && state_ != ExecState::Waiting) return ModeChange::None;
  state_ = ExecState::Canceling;
  order_.cancel_ns = now_ns;
  timed_out_ = true;
  if (order_.filled > 0) {  // had fills: not a timeout
    if (order_.mode == ExecMode::MakerOnly) maker_timeouts_ = 0;
    else aggr_timeouts_ = 0;
    return ModeChange::None;
  }
  if (order_.mode == ExecMode::MakerOnly) return maker_miss(rot);
  if (mode_ != ExecMode::AggressiveLimit) return ModeChange::None;
  ++aggr_timeouts_;
  if (rot.aggr_timeouts_deescalate > 0 && aggr_timeouts_ >= rot.aggr_timeouts_deescalate)
    return set_mode(ExecMode::MakerOnly);
  return ModeChange::None;
}

ModeChange SideExecution::on_terminal(OrderStatus st, std::int32_t reject_code, std::int64_t now_ns,
                                      std::int64_t cooldown_ns, const Rotation& rot) noexcept {
  if (!has_order()) return ModeChange::None;
  ModeChange change = ModeChange::None;
  if (order_.mode == ExecMode::AggressiveLimit && order_.filled > 0) change = aggr_filled_order(rot);
  if (st == OrderStatus::Filled) {
    state_ = ExecState::Idle;
    return change;
  }
  // Binance -5022: "Due to the order could not be executed as maker, the Post Only order
  // will be rejected" (error_codes.md) — the same outcome as a maker timeout.
  const bool gtx_miss = st == OrderStatus::Expired || (st == OrderStatus::Rejected && reject_code == -5022);
  if (!timed_out_ && order_.filled == 0 && order_.mode == ExecMode::MakerOnly && gtx_miss)
    change = maker_miss(rot);
  enter_cooldown(now_ns, cooldown_ns);
  return change;
}

ModeChange SideExecution::set_mode(ExecMode m) noexcept {
  if (m == mode_) return ModeChange::None;
  mode_ = m;
  maker_timeouts_ = 0;
  aggr_timeouts_ = 0;
  aggr_fills_ = 0;
  return m == ExecMode::AggressiveLimit ? ModeChange::Escalated : ModeChange::Deescalated;
}

ModeChange SideExecution::maker_miss(const Rotation& rot) noexcept {
  if (mode_ != ExecMode::MakerOnly) return ModeChange::None;
  ++maker_timeouts_;
  if (rot.maker_escalate > 0 && maker_timeouts_ >= rot.maker_escalate)
    return set_mode(ExecMode::AggressiveLimit);
  return ModeChange::None;
}

ModeChange SideExecution::aggr_filled_order(const Rotation& rot) noexcept {
  if (mode_ != ExecMode::AggressiveLimit) return ModeChange::None;
  ++aggr_fills_;
  if (rot.aggr_fills_deescalate > 0 && aggr_fills_ >= rot.aggr_fills_deescalate)
    return set_mode(ExecMode::MakerOnly);
  return ModeChange::None;
}

void SideExecution::enter_cooldown(std::int64_t now_ns, std::int64_t cooldown_ns) noexcept {
  cooldown_until_ = now_ns + (cooldown_ns > 0 ? cooldown_ns : 0);
  state_ = cooldown_ns > 0 ? ExecState::Cooldown : ExecState::Idle;
}

}  // namespace xtb::strategy
