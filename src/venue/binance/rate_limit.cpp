// rate_limit.cpp — see rate_limit.hpp.
#include "venue/binance/rate_limit.hpp"

#include <algorithm>

namespace xtb::binance {

namespace {

constexpr std::int64_t kNsPerSec = 1'000'000'000;

std::int64_t floor_div(std::int64_t a, std::int64_t b) noexcept {
  const std::int64_t q = a / b;
  return (a % b != 0 && a < 0) ? q - 1 : q;
}

bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    char y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

/// Non-negative decimal ≤ INT32_MAX, surrounding blanks allowed (HTTP OWS).
bool parse_count(std::string_view v, std::int32_t& out) noexcept {
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
  if (v.empty() || v.size() > 10) return false;
  std::int64_t x = 0;
  for (const char c : v) {
    if (c < '0' || c > '9') return false;
    x = x * 10 + (c - '0');
  }
  if (x > INT32_MAX) return false;
  out = static_cast<std::int32_t>(x);
  return true;
}

constexpr std::int64_t kMinute = 60 * kNsPerSec;
constexpr std::int64_t kTenSeconds = 10 * kNsPerSec;

}  // namespace

// ---- SlidingWindowCounter ----

SlidingWindowCounter::SlidingWindowCounter(std::int64_t window_ns, std::uint32_t buckets) noexcept
    : window_ns_(window_ns > 0 ? window_ns : 1),
      buckets_(std::clamp<std::uint32_t>(buckets, 1, kMaxBuckets)) {
  bucket_ns_ = std::max<std::int64_t>(1, window_ns_ / buckets_);
  std::fill(std::begin(ids_), std::end(ids_), INT64_MIN);
  std::fill(std::begin(counts_), std::end(counts_), 0u);
}

void SlidingWindowCounter::add(std::int64_t now_ns, std::uint32_t n) noexcept {
  const std::int64_t id = floor_div(now_ns, bucket_ns_);
  const auto slot = static_cast<std::size_t>(((id % buckets_) + buckets_) % buckets_);
  if (ids_[slot] != id) {  // slot last used a full window ago: recycle it
    ids_[slot] = id;
    counts_[slot] = 0;
  }
  counts_[slot] += n;
}

std::uint32_t SlidingWindowCounter::sum(std::int64_t now_ns) const noexcept {
  const std::int64_t id = floor_div(now_ns, bucket_ns_);
  std::uint32_t total = 0;
  for (std::uint32_t i = 0; i < buckets_; ++i) {
    if (ids_[i] <= id && ids_[i] > id - static_cast<std::int64_t>(buckets_)) total += counts_[i];
  }
  return total;
}

// ---- headers ----

bool parse_rate_limit_header(std::string_view name, std::string_view value, RateLimitHeaders& out) noexcept {
  std::int32_t* field = nullptr;
  if (iequals(name, "x-mbx-used-weight-1m")) {
    field = &out.used_weight_1m;
  } else if (iequals(name, "x-mbx-order-count-10s")) {
    field = &out.order_count_10s;
  } else if (iequals(name, "x-mbx-order-count-1m")) {
    field = &out.order_count_1m;
  } else if (iequals(name, "retry-after")) {
    field = &out.retry_after_s;
  } else {
    return false;
  }
  return parse_count(value, *field);
}

std::string_view to_string(Admission a) noexcept {
  switch (a) {
    case Admission::Ok: return "ok";
    case Admission::BackingOff: return "backing off after 429";
    case Admission::Banned: return "IP banned (418)";
    case Admission::NewOrdersHalted: return "new orders halted after 418";
    case Admission::WeightLimited: return "request weight limit";
    case Admission::OrderLimited10s: return "10s order limit";
    case Admission::OrderLimited1m: return "1m order limit";
  }
  return "?";
}

// ---- RateLimiter::Window ----

std::uint32_t RateLimiter::Window::estimate(std::int64_t now_ns) const noexcept {
  std::uint32_t e = local.sum(now_ns);
  if (has_header && now_ns < header_expiry_ns) e = std::max(e, header_used + sent_since_header);
  return e;
}

void RateLimiter::Window::sent(std::int64_t now_ns, std::uint32_t n) noexcept {
  local.add(now_ns, n);
  sent_since_header += n;
}

void RateLimiter::Window::header(std::int64_t now_ns, std::uint32_t used) noexcept {
  const std::int64_t w = local.window_ns();
  has_header = true;
  header_used = used;
  sent_since_header = 0;
  header_expiry_ns = (floor_div(now_ns, w) + 1) * w;  // end of the fixed window
}

bool RateLimiter::Window::exceeds(std::int64_t now_ns, std::uint32_t n, std::uint16_t permille) const noexcept {
  if (n == 0) return false;
  const std::uint64_t allowed = static_cast<std::uint64_t>(limit) * permille / 1000;
  return static_cast<std::uint64_t>(estimate(now_ns)) + n > allowed;
}

// ---- RateLimiter ----

RateLimiter::RateLimiter(const RateLimitConfig& cfg) noexcept
    : cfg_(cfg),
      weight_(kMinute, 60, cfg.weight_limit_1m),        // 1 s buckets
      orders_10s_(kTenSeconds, 50, cfg.orders_limit_10s),  // 200 ms buckets
      orders_1m_(kMinute, 60, cfg.orders_limit_1m) {}

Admission RateLimiter::check(std::int64_t now_ns, const RequestCost& cost) const noexcept {
  if (now_ns < blocked_until_ns_) return banned_ ? Admission::Banned : Admission::BackingOff;
  if (cost.places_order && halted_) return Admission::NewOrdersHalted;
  const std::uint16_t permille = cost.risk ? 1000 : cfg_.soft_permille;
  if (weight_.exceeds(now_ns, cost.ip_weight, permille)) return Admission::WeightLimited;
  if (orders_10s_.exceeds(now_ns, cost.orders_10s, permille)) return Admission::OrderLimited10s;
  if (orders_1m_.exceeds(now_ns, cost.orders_1m, permille)) return Admission::OrderLimited1m;
  return Admission::Ok;
}

void RateLimiter::on_sent(std::int64_t now_ns, const RequestCost& cost) noexcept {
  if (cost.ip_weight) weight_.sent(now_ns, cost.ip_weight);
  if (cost.orders_10s) orders_10s_.sent(now_ns, cost.orders_10s);
  if (cost.orders_1m) orders_1m_.sent(now_ns, cost.orders_1m);
}

void RateLimiter::on_response(std::int64_t now_ns, std::uint16_t http_status, const RateLimitHeaders& h) noexcept {
  if (h.used_weight_1m >= 0) weight_.header(now_ns, static_cast<std::uint32_t>(h.used_weight_1m));
  if (h.order_count_10s >= 0) orders_10s_.header(now_ns, static_cast<std::uint32_t>(h.order_count_10s));
  if (h.order_count_1m >= 0) orders_1m_.header(now_ns, static_cast<std::uint32_t>(h.order_count_1m));

  if (http_status == 418) {
    ++n418_;
    const std::int64_t ban = h.retry_after_s >= 0 ? h.retry_after_s * kNsPerSec : cfg_.ban_no_header_ns;
    blocked_until_ns_ = std::max(blocked_until_ns_, now_ns + ban);
    banned_ = true;
    halted_ = true;
    alert_ = true;
  } else if (http_status == 429) {
    ++n429_;
    ++consecutive_429_;
    std::int64_t wait = 0;
    if (h.retry_after_s >= 0) {
      wait = h.retry_after_s * kNsPerSec;
    } else {  // no Retry-After: 1 s, 2 s, 4 s, ... capped
      const std::uint32_t shift = std::min<std::uint32_t>(consecutive_429_ - 1, 20);
      wait = std::min(cfg_.backoff_no_header_ns << shift, cfg_.backoff_max_ns);
    }
    if (now_ns + wait > blocked_until_ns_) {
      blocked_until_ns_ = now_ns + wait;
      banned_ = false;
    }
  } else if (http_status < 400) {
    consecutive_429_ = 0;
  }
}

}  // namespace xtb::binance
