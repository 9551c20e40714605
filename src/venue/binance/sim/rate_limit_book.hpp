// rate_limit_book.hpp — the venue side of Binance USD-M rate limits: request weight per IP
// per minute, order count per account per 10 s and per minute, 429 with Retry-After,
// and the 418 auto-ban for clients that keep going after a 429.
//
// Protocol (https://developers.binance.com/docs/derivatives/usds-margined-futures/general-info
// "LIMITS", "IP Limits", "Order Rate Limits"; limits from exchangeInfo `rateLimits`):
//   * every response carries X-MBX-USED-WEIGHT-1M (weight used by the IP in the current
//     minute) and the order responses X-MBX-ORDER-COUNT-10S / -1M (we send them on every
//     answer: clients that read them stay in step);
//   * over a limit: HTTP 429, {"code":-1003,...} for weight, {"code":-1015,...} for orders,
//     Retry-After = seconds until the window ends;
//   * "Repeatedly violating rate limits and/or failing to back off after receiving 429s
//     will result in an automated IP ban (HTTP status 418)" — modelled as: the
//     `ban_after`-th request that arrives while a 429 back-off is running earns a ban of
//     `ban_seconds` (the docs' minimum, 2 minutes); every request during the ban gets 418.
// Windows are fixed intervals aligned to the epoch (minute / 10-second boundaries), which
// is how the venue's counters reset. Requests rejected with 429/418 add no weight.
// All loopback clients share one IP, so there is one book per server.
//
// Pure class: time passed in (exchange ms). Threads: server thread. No allocation.
#pragma once
#include <cstdint>

namespace xtb::sim::binance_usdm {

struct RateLimits {
  std::uint32_t weight_1m = 2400;
  std::uint32_t orders_10s = 300;
  std::uint32_t orders_1m = 1200;
  std::uint32_t ban_after = 3;
  std::uint32_t ban_seconds = 120;
};

enum class RateVerdict : std::uint8_t {
  Ok,
  WeightExceeded,   ///< 429, -1003
  OrdersExceeded,   ///< 429, -1015
  BackingOff,       ///< 429: still inside the Retry-After of an earlier 429
  Banned,           ///< 418, -1003 "IP banned until"
};

struct RateDecision {
  RateVerdict verdict = RateVerdict::Ok;
  std::int64_t retry_after_s = 0;   ///< for 429/418
  std::int64_t banned_until_ms = 0; ///< for 418
  bool ok() const noexcept { return verdict == RateVerdict::Ok; }
};

class RateLimitBook {
 public:
  explicit RateLimitBook(const RateLimits& lim) noexcept : lim_(lim) {}

  /// Admits (and counts) one request of `weight` that counts `o10s` / `o1m` order units
  /// (batchOrders: 5 on the 10 s window, 1 on the minute; post_fapi_v1_batchorders.md).
  RateDecision admit(std::int64_t now_ms, std::uint32_t weight, std::uint32_t o10s, std::uint32_t o1m) noexcept;

  /// Header values as of `now_ms` (after the request was counted).
  std::uint32_t used_weight(std::int64_t now_ms) const noexcept { return weight_.current(now_ms); }
  std::uint32_t orders_10s(std::int64_t now_ms) const noexcept { return o10s_.current(now_ms); }
  std::uint32_t orders_1m(std::int64_t now_ms) const noexcept { return o1m_.current(now_ms); }
  const RateLimits& limits() const noexcept { return lim_; }

  std::uint64_t count_429() const noexcept { return n429_; }
  std::uint64_t count_418() const noexcept { return n418_; }

 private:
  struct Window {
    std::int64_t len_ms;
    std::int64_t start_ms = 0;
    std::uint32_t used = 0;
    std::uint32_t current(std::int64_t now) const noexcept { return now - start_ms < len_ms && now >= start_ms ? used : 0; }
    void roll(std::int64_t now) noexcept {
      const std::int64_t s = now - now % len_ms;
      if (s != start_ms) { start_ms = s; used = 0; }
    }
    std::int64_t seconds_left(std::int64_t now) const noexcept { return (start_ms + len_ms - now + 999) / 1000; }
  };
  RateDecision limited(RateVerdict v, std::int64_t now, const Window& w) noexcept;

  RateLimits lim_;
  Window weight_{60'000};
  Window o10s_{10'000};
  Window o1m_{60'000};
  std::int64_t backoff_until_ms_ = 0;
  std::int64_t banned_until_ms_ = 0;
  std::uint32_t violations_ = 0;
  std::uint64_t n429_ = 0, n418_ = 0;
};

}  // namespace xtb::sim::binance_usdm
