// venue_budget.hpp — one venue's rate budgets as the engine books them (RiskGate, risk.hpp
// "Venue budgets"): request weight per window and order count per 10 s / 1 min, with the
// venue adapter's table of what each command costs (CommandCosts). Normal commands may use
// `soft_permille` of each limit, risk-flagged ones all of it. Every venue the sequencer
// trades has its own budget (issue 14: "rate budgets per venue, filled from the adapter"):
// Binance's 2400 weight/min says nothing about Backpack's limits.
// Thread: sequencer only. No allocation.
#pragma once
#include <cstdint>

#include "core/command.hpp"
#include "engine/weight_window.hpp"

namespace xtb::engine {

enum class RejectReason : std::uint8_t;

/// The venue's own rate limits (exchangeInfo `rateLimits`; 0 = that limit off).
/// E.g. Binance USD-M: REQUEST_WEIGHT per IP per minute, ORDERS per account per 10 s and per
/// minute (its adapter's rate_limit / command_costs).
struct VenueRateLimits {
  std::uint32_t weight_limit = 0;                 ///< REQUEST_WEIGHT per weight_window_ns
  std::int64_t weight_window_ns = 60'000'000'000; ///< REQUEST_WEIGHT interval (1 MINUTE)
  std::uint32_t orders_limit_10s = 0;             ///< ORDERS per 10 SECOND
  std::uint32_t orders_limit_1m = 0;              ///< ORDERS per 1 MINUTE
};

/// What one command costs against the venue's budgets, by CommandKind, as the venue's
/// adapter states it (e.g. Binance USD-M's usdm_command_costs):
/// request weight with and without a symbol, and the order count (ORDERS limits). A command
/// the venue sends as several requests costs their sum. All 0 = free (the default).
struct CommandCosts {
  struct Cost {
    std::uint32_t weight_symbol = 0;  ///< request weight when the command names a symbol
    std::uint32_t weight_all = 0;     ///< request weight without a symbol (all symbols)
    std::uint32_t orders = 0;         ///< order-count units
  };
  static constexpr std::size_t kKinds = 8;  ///< CommandKind values
  Cost by_kind[kKinds]{};

  std::uint32_t weight(CommandKind k, bool has_symbol) const noexcept {
    const auto i = static_cast<std::size_t>(k);
    return i < kKinds ? (has_symbol ? by_kind[i].weight_symbol : by_kind[i].weight_all) : 0;
  }
  std::uint32_t orders(CommandKind k) const noexcept {
    const auto i = static_cast<std::size_t>(k);
    return i < kKinds ? by_kind[i].orders : 0;
  }
};
static_assert(static_cast<std::size_t>(CommandKind::QueryPositions) < CommandCosts::kKinds);

class VenueBudget {
 public:
  VenueBudget() noexcept { configure({}, {}, 800); }

  /// Sets the limits, the cost table and the soft share, forgetting what was booked. Cold path.
  void configure(const VenueRateLimits& v, const CommandCosts& costs, std::uint16_t soft_permille) noexcept {
    limits_ = v;
    costs_ = costs;
    soft_permille_ = soft_permille;
    weight_.configure(v.weight_limit, v.weight_window_ns);
    orders_10s_.configure(v.orders_limit_10s, 10'000'000'000);
    orders_1m_.configure(v.orders_limit_1m, 60'000'000'000);
  }

  /// True when `weight` / `orders` units fit now (soft share unless `risk`); books nothing.
  bool weight_fits(std::uint32_t weight, bool risk, std::int64_t now_ns) noexcept {
    return weight == 0 || weight_.fits(now_ns, weight, risk ? 1000u : soft_permille_);
  }
  bool orders_fit(std::uint32_t orders, bool risk, std::int64_t now_ns) noexcept {
    const std::uint32_t p = risk ? 1000u : soft_permille_;
    return orders == 0 || (orders_10s_.fits(now_ns, orders, p) && orders_1m_.fits(now_ns, orders, p));
  }
  void book(std::uint32_t weight, std::uint32_t orders, std::int64_t now_ns) noexcept {
    weight_.add(now_ns, weight);
    orders_10s_.add(now_ns, orders);
    orders_1m_.add(now_ns, orders);
  }
  /// The venue's own count (X-MBX-USED-WEIGHT-1M …) raises ours, never lowers it; 0 = absent.
  void observe_used_weight(std::uint32_t used, std::int64_t now_ns) noexcept {
    if (used != 0) weight_.observe(used, now_ns);
  }
  void observe_order_count_10s(std::uint32_t count, std::int64_t now_ns) noexcept {
    if (count != 0) orders_10s_.observe(count, now_ns);
  }

  const VenueRateLimits& limits() const noexcept { return limits_; }
  const CommandCosts& costs() const noexcept { return costs_; }
  std::uint16_t soft_permille() const noexcept { return soft_permille_; }
  std::uint32_t weight_used(std::int64_t now_ns) const noexcept { return weight_.used(now_ns); }
  std::uint32_t orders_10s(std::int64_t now_ns) const noexcept { return orders_10s_.used(now_ns); }
  std::uint32_t orders_1m(std::int64_t now_ns) const noexcept { return orders_1m_.used(now_ns); }

 private:
  VenueRateLimits limits_{};
  CommandCosts costs_{};
  std::uint16_t soft_permille_ = 800;
  WeightWindow weight_{0, 60'000'000'000};
  WeightWindow orders_10s_{0, 10'000'000'000};
  WeightWindow orders_1m_{0, 60'000'000'000};
};

}  // namespace xtb::engine
