// rate_budget.cpp — see rate_budget.hpp.
#include "venue/backpack/live/rate_budget.hpp"

#include <algorithm>

namespace xtb::backpack {

namespace {
constexpr std::int64_t kSecond = 1'000'000'000;
constexpr std::int64_t kFirstBackoff = kSecond, kMaxBackoff = 60 * kSecond;

std::int64_t second_of(std::int64_t ns) noexcept { return ns >= 0 ? ns / kSecond : (ns - kSecond + 1) / kSecond; }
}  // namespace

const char* to_string(Admission a) noexcept {
  switch (a) {
    case Admission::Ok: return "ok";
    case Admission::BackingOff: return "backing off after 429";
    case Admission::RequestLimited: return "request budget spent";
    case Admission::OrderLimited10s: return "order budget (10 s) spent";
    case Admission::OrderLimited1m: return "order budget (1 min) spent";
  }
  return "?";
}

std::uint32_t RateBudget::sum(const Bucket (&b)[kBuckets], std::int64_t now_ns, int seconds) noexcept {
  const std::int64_t now_s = second_of(now_ns);
  std::uint32_t total = 0;
  for (const Bucket& x : b)
    if (x.second > now_s - seconds && x.second <= now_s) total += x.n;
  return total;
}

void RateBudget::add(Bucket (&b)[kBuckets], std::int64_t now_ns, std::uint32_t n) noexcept {
  if (n == 0) return;
  const std::int64_t s = second_of(now_ns);
  Bucket& x = b[static_cast<std::size_t>(((s % kBuckets) + kBuckets) % kBuckets)];
  if (x.second != s) x = Bucket{s, 0};
  x.n += n;
}

Admission RateBudget::check(std::int64_t now_ns, std::uint32_t units, std::uint32_t orders) const noexcept {
  if (blocked_until_ != INT64_MIN && now_ns < blocked_until_) return Admission::BackingOff;
  if (limits_.weight_limit != 0 && units_1m(now_ns) + units > limits_.weight_limit) return Admission::RequestLimited;
  if (orders == 0) return Admission::Ok;
  if (limits_.orders_limit_10s != 0 && orders_10s(now_ns) + orders > limits_.orders_limit_10s)
    return Admission::OrderLimited10s;
  if (limits_.orders_limit_1m != 0 && orders_1m(now_ns) + orders > limits_.orders_limit_1m)
    return Admission::OrderLimited1m;
  return Admission::Ok;
}

void RateBudget::on_sent(std::int64_t now_ns, std::uint32_t units, std::uint32_t orders) noexcept {
  add(units_, now_ns, units);
  add(orders_, now_ns, orders);
}

void RateBudget::on_answer(std::int64_t now_ns, std::uint16_t http_status, std::int64_t retry_after_s) noexcept {
  if (http_status != 429) {
    if (http_status != 0) backoff_ns_ = 0;
    return;
  }
  std::int64_t hold = 0;
  if (retry_after_s > 0) {
    hold = std::min<std::int64_t>(retry_after_s, 3600) * kSecond;
  } else {
    backoff_ns_ = backoff_ns_ == 0 ? kFirstBackoff : std::min(backoff_ns_ * 2, kMaxBackoff);
    hold = backoff_ns_;
  }
  blocked_until_ = std::max(blocked_until_, now_ns + hold);
}

}  // namespace xtb::backpack
