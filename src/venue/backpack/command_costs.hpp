// command_costs.hpp — what each engine command costs against Backpack's rate limits
// (engine/risk.hpp CommandCosts, VenueRateLimits).
//
// Backpack publishes no numeric limits: https://docs.backpack.exchange "Rate Limits" only
// says to refer to the API documentation (copy: shared/venue-docs/backpack/rate_limits.md),
// and over-limit answers are HTTP 429 / TOO_MANY_REQUESTS (errors.hpp). These are therefore
// CONSERVATIVE DEFAULTS, not documented figures: one unit per HTTP request, and a budget
// of 20 requests/s (1200/min) — the pacing ccxt@4.5.84 uses for Backpack (rateLimit 50 ms,
// js/src/backpack.js) — with orders capped at the same rate (200/10 s, 1200/min).
// Every command is one request (no split requests: open orders with or without a symbol
// is one GET /api/v1/orders; cancel-all one DELETE /api/v1/orders).
// Pure functions; any thread.
#pragma once
#include <cstddef>
#include <cstdint>

#include "engine/risk.hpp"

namespace xtb::backpack {

constexpr engine::CommandCosts command_costs() noexcept {
  engine::CommandCosts c;
  auto set = [&c](CommandKind k, std::uint32_t with_symbol, std::uint32_t all, std::uint32_t orders) {
    c.by_kind[static_cast<std::size_t>(k)] = {with_symbol, all, orders};
  };
  set(CommandKind::NewOrder, 1, 1, 1);
  set(CommandKind::AmendOrder, 1, 1, 1);  // no amend endpoint: refused by the encoder
  set(CommandKind::CancelOrder, 1, 1, 0);
  set(CommandKind::QueryOrder, 1, 1, 0);
  set(CommandKind::CancelAll, 1, 1, 0);
  set(CommandKind::QueryOpenOrders, 1, 1, 0);
  set(CommandKind::QueryPositions, 1, 1, 0);
  return c;
}

/// Conservative defaults (see above): 1200 request units per minute, 200 orders / 10 s,
/// 1200 orders / min.
constexpr engine::VenueRateLimits default_limits() noexcept {
  return engine::VenueRateLimits{1200, 60'000'000'000, 200, 1200};
}

}  // namespace xtb::backpack
