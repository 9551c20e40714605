// rate_limit.hpp — Binance USD-M request-weight and order-count accounting.
//
// Protocol (rate_limits.md "LIMITS"; limits from exchangeInfo `rateLimits`):
//   REQUEST_WEIGHT 1 MINUTE (2400 in the recorded exchangeInfo) — per IP; every
//     response carries X-MBX-USED-WEIGHT-1M, the IP's weight used in the current window.
//   ORDERS 10 SECOND (300) and ORDERS 1 MINUTE (1200) — per account; order responses
//     carry X-MBX-ORDER-COUNT-10S / -1M (rejected orders are not guaranteed to).
//   429 — a limit was broken: back off (Retry-After, seconds) and do not spam.
//   418 — IP auto-banned for ignoring 429s (2 minutes to 3 days): stop everything.
//
// Model: each limit keeps a local sliding-window count of what we sent (bucketed, so
// an event counts for up to one bucket longer than the window: conservative) and a
// floor from the latest header — the server's own count — valid until the end of the
// fixed window containing it (windows are aligned to multiples of their length on the
// venue clock; pass venue-epoch ns — TimeSync — for exact alignment, any monotonic ns
// otherwise, which just ends the floor at most one window late or early). The estimate
// is max(local, header + sent since header).
//
// Priorities (seed 002 "risk orders bypass the soft limits"): normal requests may use
// soft_permille of each limit; risk requests (kRiskOrder: panic close, protective stop,
// their cancels) may use all of it. Nothing bypasses a 429 back-off or a 418 ban.
// After a 418, new orders stay halted — cancels allowed once the ban has expired —
// until an operator calls resume_new_orders(); alert() is raised for telemetry.
//
// Pure class: time passed in (ns). Single-threaded (egress thread). No allocation.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace xtb::binance {

/// Bucketed sliding-window event counter. Any window/bucket count ≤ kMaxBuckets.
class SlidingWindowCounter {
 public:
  static constexpr std::size_t kMaxBuckets = 64;
  /// `window_ns` > 0; `buckets` in [1, kMaxBuckets] (clamped).
  SlidingWindowCounter(std::int64_t window_ns, std::uint32_t buckets) noexcept;
  void add(std::int64_t now_ns, std::uint32_t n) noexcept;
  /// Events added in the last window (plus up to one bucket) as of `now_ns`.
  std::uint32_t sum(std::int64_t now_ns) const noexcept;
  std::int64_t window_ns() const noexcept { return window_ns_; }

 private:
  std::int64_t window_ns_;
  std::int64_t bucket_ns_;
  std::uint32_t buckets_;
  std::int64_t ids_[kMaxBuckets];
  std::uint32_t counts_[kMaxBuckets];
};

/// Cost of one request (RequestBuffer carries the per-endpoint values).
struct RequestCost {
  std::uint16_t ip_weight = 0;   ///< X-MBX-USED-WEIGHT-1M units
  std::uint8_t orders_10s = 0;   ///< X-MBX-ORDER-COUNT-10S units
  std::uint8_t orders_1m = 0;    ///< X-MBX-ORDER-COUNT-1M units
  bool places_order = false;     ///< new / batch / algo / amend: blocked by a 418 halt
  bool risk = false;             ///< may use the whole limit, not only the soft share
};

/// Rate-limit headers of one response; -1 = header absent.
struct RateLimitHeaders {
  std::int32_t used_weight_1m = -1;
  std::int32_t order_count_10s = -1;
  std::int32_t order_count_1m = -1;
  std::int32_t retry_after_s = -1;
};

/// Recognises X-MBX-USED-WEIGHT-1M, X-MBX-ORDER-COUNT-10S, X-MBX-ORDER-COUNT-1M and
/// Retry-After (names case-insensitive, value a non-negative decimal integer) and
/// stores the value; false for any other header or a malformed value. Any thread.
bool parse_rate_limit_header(std::string_view name, std::string_view value, RateLimitHeaders& out) noexcept;

struct RateLimitConfig {
  std::uint32_t weight_limit_1m = 2400;   ///< exchangeInfo REQUEST_WEIGHT 1 MINUTE
  std::uint32_t orders_limit_10s = 300;   ///< exchangeInfo ORDERS 10 SECOND
  std::uint32_t orders_limit_1m = 1200;   ///< exchangeInfo ORDERS 1 MINUTE
  std::uint16_t soft_permille = 900;      ///< share of each limit open to non-risk requests
  std::int64_t backoff_no_header_ns = 1'000'000'000;  ///< 429 without Retry-After: 1 s, doubling
  std::int64_t backoff_max_ns = 120'000'000'000;      ///< cap of that doubling
  std::int64_t ban_no_header_ns = 120'000'000'000;    ///< 418 without Retry-After (docs: ≥ 2 min)
};

enum class Admission : std::uint8_t {
  Ok,
  BackingOff,       ///< inside a 429 back-off
  Banned,           ///< inside a 418 ban
  NewOrdersHalted,  ///< 418 seen; new orders wait for resume_new_orders()
  WeightLimited,    ///< would exceed the (soft) request-weight limit
  OrderLimited10s,  ///< would exceed the (soft) 10 s order limit
  OrderLimited1m,   ///< would exceed the (soft) 1 min order limit
};
std::string_view to_string(Admission a) noexcept;

class RateLimiter {
 public:
  explicit RateLimiter(const RateLimitConfig& cfg = {}) noexcept;

  /// May a request of `cost` be sent at `now_ns`? Does not record anything.
  Admission check(std::int64_t now_ns, const RequestCost& cost) const noexcept;
  /// Records a request that was sent.
  void on_sent(std::int64_t now_ns, const RequestCost& cost) noexcept;
  /// Feeds a response: HTTP status and its rate-limit headers.
  void on_response(std::int64_t now_ns, std::uint16_t http_status, const RateLimitHeaders& h) noexcept;

  /// Raised by a 418; stays up until acknowledge_alert().
  bool alert() const noexcept { return alert_; }
  void acknowledge_alert() noexcept { alert_ = false; }
  bool new_orders_halted() const noexcept { return halted_; }
  /// Operator decision after a 418 (cold path).
  void resume_new_orders() noexcept { halted_ = false; }
  /// End of the latest 429 back-off / 418 ban (ns, same clock as now_ns); INT64_MIN if none.
  std::int64_t blocked_until_ns() const noexcept { return blocked_until_ns_; }

  std::uint32_t used_weight_1m(std::int64_t now_ns) const noexcept { return weight_.estimate(now_ns); }
  std::uint32_t orders_10s(std::int64_t now_ns) const noexcept { return orders_10s_.estimate(now_ns); }
  std::uint32_t orders_1m(std::int64_t now_ns) const noexcept { return orders_1m_.estimate(now_ns); }
  std::uint64_t count_429() const noexcept { return n429_; }
  std::uint64_t count_418() const noexcept { return n418_; }

 private:
  /// One limit: local sliding count plus the latest server header as a floor.
  struct Window {
    Window(std::int64_t window_ns, std::uint32_t buckets, std::uint32_t limit) noexcept
        : local(window_ns, buckets), limit(limit) {}
    std::uint32_t estimate(std::int64_t now_ns) const noexcept;
    void sent(std::int64_t now_ns, std::uint32_t n) noexcept;
    void header(std::int64_t now_ns, std::uint32_t used) noexcept;
    bool exceeds(std::int64_t now_ns, std::uint32_t n, std::uint16_t permille) const noexcept;

    SlidingWindowCounter local;
    std::uint32_t limit;
    std::uint32_t header_used = 0;
    std::uint32_t sent_since_header = 0;
    std::int64_t header_expiry_ns = 0;  ///< floor valid while now < this
    bool has_header = false;
  };

  RateLimitConfig cfg_;
  Window weight_;
  Window orders_10s_;
  Window orders_1m_;
  std::int64_t blocked_until_ns_ = INT64_MIN;
  std::uint32_t consecutive_429_ = 0;
  bool banned_ = false;  ///< the current block comes from a 418
  bool halted_ = false;
  bool alert_ = false;
  std::uint64_t n429_ = 0;
  std::uint64_t n418_ = 0;
};

}  // namespace xtb::binance
