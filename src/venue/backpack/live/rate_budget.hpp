// rate_budget.hpp — the egress stage's own rate gate for Backpack: request units per
// minute and orders per 10 s / per minute (command_costs.hpp: CONSERVATIVE DEFAULTS, the
// docs publish no numbers — https://docs.backpack.exchange "Rate Limits"), plus the back-off
// after the venue's HTTP 429 (Retry-After seconds when given, else 1 s doubling to 60 s,
// reset by the next answer that is not a 429).
//
// Windows are sliding over one-second buckets (a request counts in the second it was sent);
// times are CLOCK_MONOTONIC ns. Commands are checked (check) before they are sent and
// booked (on_sent) once they were handed to a connection; REST depth snapshots book
// request units too.
// Threads: the egress thread only. Allocation: none.
#pragma once
#include <cstdint>

#include "core/command.hpp"
#include "engine/venue_budget.hpp"

namespace xtb::backpack {

enum class Admission : std::uint8_t { Ok, BackingOff, RequestLimited, OrderLimited10s, OrderLimited1m };
const char* to_string(Admission a) noexcept;

class RateBudget {
 public:
  RateBudget(const engine::VenueRateLimits& limits, const engine::CommandCosts& costs) noexcept
      : limits_(limits), costs_(costs) {}

  /// May a request of `units` request units and `orders` order units go at `now_ns`?
  Admission check(std::int64_t now_ns, std::uint32_t units, std::uint32_t orders) const noexcept;
  Admission check(std::int64_t now_ns, const OrderCommand& cmd) const noexcept {
    return check(now_ns, units_of(cmd), costs_.orders(cmd.kind));
  }
  void on_sent(std::int64_t now_ns, std::uint32_t units, std::uint32_t orders) noexcept;
  void on_sent(std::int64_t now_ns, const OrderCommand& cmd) noexcept {
    on_sent(now_ns, units_of(cmd), costs_.orders(cmd.kind));
  }
  /// Every venue answer: 429 starts / lengthens the back-off, anything else ends it.
  void on_answer(std::int64_t now_ns, std::uint16_t http_status, std::int64_t retry_after_s) noexcept;

  std::uint32_t units_of(const OrderCommand& cmd) const noexcept {
    return costs_.weight(cmd.kind, cmd.symbol != kNoSymbol);
  }
  /// Units booked in the minute ending at now / orders in the last 10 s and minute.
  std::uint32_t units_1m(std::int64_t now_ns) const noexcept { return sum(units_, now_ns, 60); }
  std::uint32_t orders_10s(std::int64_t now_ns) const noexcept { return sum(orders_, now_ns, 10); }
  std::uint32_t orders_1m(std::int64_t now_ns) const noexcept { return sum(orders_, now_ns, 60); }
  /// Monotonic ns until which requests are held (INT64_MIN: none).
  std::int64_t blocked_until_ns() const noexcept { return blocked_until_; }

 private:
  static constexpr int kBuckets = 64;  ///< > 60 one-second buckets
  struct Bucket {
    std::int64_t second = INT64_MIN;
    std::uint32_t n = 0;
  };
  static std::uint32_t sum(const Bucket (&b)[kBuckets], std::int64_t now_ns, int seconds) noexcept;
  static void add(Bucket (&b)[kBuckets], std::int64_t now_ns, std::uint32_t n) noexcept;

  engine::VenueRateLimits limits_;
  engine::CommandCosts costs_;
  Bucket units_[kBuckets]{}, orders_[kBuckets]{};
  std::int64_t blocked_until_ = INT64_MIN;
  std::int64_t backoff_ns_ = 0;
};

}  // namespace xtb::backpack
