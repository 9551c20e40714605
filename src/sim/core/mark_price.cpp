// mark_price.cpp — see mark_price.hpp.
#include "sim/core/mark_price.hpp"

#include "sim/core/fixed_math.hpp"

namespace xtb::sim {

void MarkPriceModel::on_mid(Price mid_x2, EpochMs now) noexcept {
  if (mid_x2 <= 0) return;
  const std::int64_t mid = mid_x2 * (kScale / 2);
  if (!has_) {
    ema_ = mid;
    last_ms_ = now;
    next_pub_ms_ = now;  // publish at the first opportunity
    has_ = true;
    return;
  }
  const EpochMs dt = now > last_ms_ ? now - last_ms_ : 0;
  last_ms_ = now > last_ms_ ? now : last_ms_;
  if (tau_ <= 0) { ema_ = mid; return; }
  if (dt == 0) return;  // same millisecond: the earlier sample keeps its weight
  ema_ += static_cast<std::int64_t>(div_round(static_cast<i128>(mid - ema_) * dt, dt + tau_));
}

Price MarkPriceModel::current() const noexcept {
  return static_cast<Price>(div_round(ema_, kScale));
}

bool MarkPriceModel::publish_due(EpochMs now, Price& mark) noexcept {
  if (!has_ || now < next_pub_ms_) return false;
  published_ = current();
  next_pub_ms_ = (now / interval_ + 1) * interval_;
  mark = published_;
  return true;
}

}  // namespace xtb::sim
