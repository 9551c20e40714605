// command_costs.hpp — what each engine command costs against Binance USD-M's rate limits
// (engine/risk.hpp CommandCosts, VenueRateLimits), from the endpoint pages:
//   NewOrder / AmendOrder  weight 0 on the IP limit, 1 order        (New-Order, Modify-Order)
//   CancelOrder            weight 1                                 (Cancel-Order)
//   QueryOrder             weight 1                                 (Query-Order)
//   CancelAll              weight 1                                 (Cancel-All-Open-Orders)
//   QueryOpenOrders        sent as GET openOrders + GET openAlgoOrders: 1 + 1 with a symbol,
//                          40 + 40 without                          (Current-All-Open-Orders)
//   QueryPositions         weight 5                                 (Position-Information-V2/V3)
// Algo (conditional) orders cost the same as their plain counterparts.
// https://developers.binance.com/docs/derivatives/usds-margined-futures/trade/rest-api
// Pure functions; any thread.
#pragma once
#include <cstddef>
#include <cstdint>

#include "engine/risk.hpp"

namespace xtb::binance {

constexpr engine::CommandCosts usdm_command_costs() noexcept {
  engine::CommandCosts c;
  auto set = [&c](CommandKind k, std::uint32_t with_symbol, std::uint32_t all, std::uint32_t orders) {
    c.by_kind[static_cast<std::size_t>(k)] = {with_symbol, all, orders};
  };
  set(CommandKind::NewOrder, 0, 0, 1);
  set(CommandKind::AmendOrder, 0, 0, 1);
  set(CommandKind::CancelOrder, 1, 1, 0);
  set(CommandKind::QueryOrder, 1, 1, 0);
  set(CommandKind::CancelAll, 1, 1, 0);
  set(CommandKind::QueryOpenOrders, 2, 80, 0);
  set(CommandKind::QueryPositions, 5, 5, 0);
  return c;
}

/// Documented limits (REQUEST_WEIGHT 2400/min, ORDERS 300/10 s and 1200/min; the recorded
/// exchangeInfo shows REQUEST_WEIGHT 6000). A fallback only: the account's exchangeInfo
/// `rateLimits` are authoritative.
/// https://developers.binance.com/docs/derivatives/usds-margined-futures/general-info
constexpr engine::VenueRateLimits usdm_documented_limits() noexcept {
  return engine::VenueRateLimits{2400, 60'000'000'000, 300, 1200};
}

}  // namespace xtb::binance
