// tracking_limit.cpp — see tracking_limit.hpp.
#include "strategy/tracking_limit/tracking_limit.hpp"

#include <cstring>
#include <stdexcept>

namespace xtb::strategy {
namespace {
constexpr std::uint32_t kMaxRefusals = 5;  ///< engine refusals / venue rejects in a row → Failed
}

const char* to_string(TrackingState s) noexcept {
  switch (s) {
    case TrackingState::Waiting: return "waiting";
    case TrackingState::Working: return "working";
    case TrackingState::Canceling: return "canceling";
    case TrackingState::Filled: return "filled";
    case TrackingState::TimedOut: return "timed_out";
    case TrackingState::Failed: return "failed";
  }
  return "?";
}

TrackingLimit::TrackingLimit(const StrategyContext& ctx, const TrackingLimitParams& p)
    : StrategyBase(ctx), p_(p), symbols_{p.symbol}, attempts_(kMaxAttempts) {
  if (p.qty <= 0) throw std::invalid_argument("tracking_limit: qty must be > 0");
  if (p.interval_ns <= 0 || p.timeout_ns <= 0) throw std::invalid_argument("tracking_limit: interval and timeout must be > 0");
  if (p.side != Side::Buy && p.side != Side::Sell) throw std::invalid_argument("tracking_limit: side must be buy or sell");
  if (ctx.rules.get(p.symbol) == nullptr) throw std::invalid_argument("tracking_limit: no rules for the symbol");
}

void TrackingLimit::on_start(std::int64_t now_ns) noexcept {
  started_ = true;
  drive(now_ns, 0);
}

void TrackingLimit::on_market(const Event& ev, std::int64_t now_ns) noexcept {
  if (ev.h.symbol != p_.symbol || ev.h.type != EventType::BestBidOffer) return;
  const BestBidOffer& b = ev.bbo;
  if (b.bid_px <= 0 || b.ask_px <= 0 || b.bid_px >= b.ask_px) return;  // empty or crossed: ignored
  bid_ = b.bid_px;
  ask_ = b.ask_px;
  drive(now_ns, ev.h.rx_tsc);
}

void TrackingLimit::on_timer(std::int64_t now_ns, TscTicks cause) noexcept { drive(now_ns, cause); }
void TrackingLimit::on_orders_applied(std::int64_t now_ns, TscTicks cause) noexcept { drive(now_ns, cause); }

Price TrackingLimit::target() const noexcept {
  if (bid_ <= 0 || ask_ <= 0) return 0;
  const Price px = p_.side == Side::Buy ? bid_ - p_.price_offset : ask_ + p_.price_offset;
  return px > 0 ? px : 0;
}

void TrackingLimit::drive(std::int64_t now_ns, TscTicks cause) noexcept {
  if (!started_ || stopped_ || done() || held()) return;
  switch (state_) {
    case TrackingState::Waiting:
      if (start_ns_ != 0 && now_ns - start_ns_ >= p_.timeout_ns) finish(TrackingState::TimedOut, now_ns);
      else if (now_ns >= next_check_ns_ && target() > 0) place(now_ns, cause);
      break;
    case TrackingState::Working:
      if (now_ns - start_ns_ >= p_.timeout_ns) {
        timed_out_ = true;
        cancel(now_ns, cause);
      } else if (now_ns >= next_check_ns_) {
        next_check_ns_ = now_ns + p_.interval_ns;
        TrackingAttempt* a = current();
        if (a == nullptr || target() <= 0) break;
        if (target() == a->px) ++a->kept;
        else if (cancel(now_ns, cause)) a->requoted = true;  // cancel first, then replace
      }
      break;
    default: break;  // Canceling: the venue's answer moves on; Filled / TimedOut / Failed: done
  }
}

bool TrackingLimit::place(std::int64_t now_ns, TscTicks cause) noexcept {
  if (n_ == attempts_.size()) {
    ++exhausted_;
    finish(TrackingState::Failed, now_ns);
    return false;
  }
  OrderCommand* c = ctx_.sink.claim();
  if (c == nullptr) return false;  // ring full: the next drive retries
  const Price px = target();
  std::memset(c, 0, sizeof(OrderCommand));
  c->kind = CommandKind::NewOrder;
  c->venue = ctx_.venue;
  c->side = p_.side;
  c->position_side = p_.position_side;
  c->type = OrderType::Limit;
  c->tif = p_.post_only ? TimeInForce::PostOnly : TimeInForce::GTC;
  c->symbol = p_.symbol;
  c->strategy_id = ctx_.id;
  c->px = px;
  c->qty = p_.qty - filled_;
  c->cause_rx_tsc = cause;
  if (ctx_.orders.place(*c, px, now_ns).reject != engine::RejectReason::None) {
    next_check_ns_ = now_ns + p_.interval_ns;
    if (++refusals_ >= kMaxRefusals) finish(TrackingState::Failed, now_ns);
    return false;
  }
  ctx_.sink.commit();
  TrackingAttempt& a = attempts_[n_++];
  a = TrackingAttempt{};
  a.id = c->client_id;
  a.px = px;
  a.qty = c->qty;
  a.placed_ns = now_ns;
  if (start_ns_ == 0) start_ns_ = now_ns;
  next_check_ns_ = now_ns + p_.interval_ns;
  state_ = TrackingState::Working;
  return true;
}

bool TrackingLimit::cancel(std::int64_t now_ns, TscTicks cause) noexcept {
  TrackingAttempt* a = current();
  OrderCommand* c = ctx_.sink.claim();
  if (a == nullptr || c == nullptr) return false;
  if (ctx_.orders.request_cancel(a->id, false, now_ns, *c) != engine::RejectReason::None) return false;
  c->cause_rx_tsc = cause;
  ctx_.sink.commit();
  a->cancel_ns = now_ns;
  state_ = TrackingState::Canceling;
  return true;
}

void TrackingLimit::on_order_fill(const engine::Order& o, const engine::Fill& f) noexcept {
  TrackingAttempt* a = current();
  if (a == nullptr || !(o.client_id == a->id) || f.qty <= 0) return;
  a->filled += f.qty;
  filled_ += f.qty;
}

void TrackingLimit::on_order_terminal(const engine::Order& o) noexcept {
  TrackingAttempt* a = current();
  if (a == nullptr || !(o.client_id == a->id)) return;
  const std::int64_t now_ns = o.last_update_ns;
  a->end = o.status;
  a->end_ns = now_ns;
  a->code = o.last_error;
  if (o.status == OrderStatus::Filled || filled_ >= p_.qty) {
    finish(TrackingState::Filled, now_ns);
  } else if (timed_out_) {
    finish(TrackingState::TimedOut, now_ns);
  } else if (o.status == OrderStatus::Canceled || o.status == OrderStatus::Expired) {
    refusals_ = 0;
    state_ = TrackingState::Waiting;  // replaced at once (on_orders_applied), at the new touch
    next_check_ns_ = 0;
  } else {  // rejected / failed (e.g. post-only would cross): try again at the next period
    state_ = TrackingState::Waiting;
    next_check_ns_ = now_ns + p_.interval_ns;
    if (++refusals_ >= kMaxRefusals) finish(TrackingState::Failed, now_ns);
  }
}

void TrackingLimit::finish(TrackingState s, std::int64_t now_ns) noexcept {
  state_ = s;
  end_ns_ = now_ns;
}

SideActivity TrackingLimit::activity(SymbolId s, PositionSide ps) const noexcept {
  if (s != p_.symbol || (p_.position_side != PositionSide::Both && ps != p_.position_side)) return {};
  if (p_.position_side == PositionSide::Both && ps != PositionSide::Long) return {};
  const std::uint64_t filled = state_ == TrackingState::Filled ? 1 : 0;
  return SideActivity{n_, filled, 0, true};
}

}  // namespace xtb::strategy
