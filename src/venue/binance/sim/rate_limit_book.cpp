// rate_limit_book.cpp — see rate_limit_book.hpp.
#include "venue/binance/sim/rate_limit_book.hpp"

namespace xtb::sim::binance_usdm {

RateDecision RateLimitBook::admit(std::int64_t now, std::uint32_t weight, std::uint32_t o10s, std::uint32_t o1m) noexcept {
  if (now < banned_until_ms_) {
    ++n418_;
    return {RateVerdict::Banned, (banned_until_ms_ - now + 999) / 1000, banned_until_ms_};
  }
  if (now < backoff_until_ms_) {
    // Ignoring a 429: the ban_after-th such request earns the 418 ban.
    if (++violations_ >= lim_.ban_after) {
      banned_until_ms_ = now + static_cast<std::int64_t>(lim_.ban_seconds) * 1000;
      violations_ = 0;
      backoff_until_ms_ = 0;
      ++n418_;
      return {RateVerdict::Banned, static_cast<std::int64_t>(lim_.ban_seconds), banned_until_ms_};
    }
    ++n429_;
    return {RateVerdict::BackingOff, (backoff_until_ms_ - now + 999) / 1000, 0};
  }
  violations_ = 0;
  weight_.roll(now);
  o10s_.roll(now);
  o1m_.roll(now);
  if (weight_.used + weight > lim_.weight_1m) return limited(RateVerdict::WeightExceeded, now, weight_);
  if (o10s > 0 && o10s_.used + o10s > lim_.orders_10s) return limited(RateVerdict::OrdersExceeded, now, o10s_);
  if (o1m > 0 && o1m_.used + o1m > lim_.orders_1m) return limited(RateVerdict::OrdersExceeded, now, o1m_);
  weight_.used += weight;
  o10s_.used += o10s;
  o1m_.used += o1m;
  return {};
}

RateDecision RateLimitBook::limited(RateVerdict v, std::int64_t now, const Window& w) noexcept {
  ++n429_;
  const std::int64_t s = w.seconds_left(now);
  backoff_until_ms_ = w.start_ms + w.len_ms;
  return {v, s < 1 ? 1 : s, 0};
}

}  // namespace xtb::sim::binance_usdm
