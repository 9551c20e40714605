// margin_brackets.hpp — notional brackets of a USD-M symbol: maintenance margin rate
// (MMR), maintenance amount (cum) and maximum leverage per position-notional band.
//
// Source: the USD-M notional and leverage brackets endpoint
// (https://developers.binance.com/docs/derivatives/usds-margined-futures/account/rest-api/Notional-and-Leverage-Brackets:
// notionalFloor, notionalCap, maintMarginRatio, cum, initialLeverage). The maintenance
// amount is derived, as the venue defines it, from the
// floors and rates: cum_0 = 0, cum_n = cum_{n-1} + floor_n × (mmr_n − mmr_{n-1}); so a
// configuration only lists floors, rates and leverages (sim_config.hpp).
//
// Maintenance margin of a position = notional × MMR − cum (the formula of the venue's
// liquidation-price calculation, account.hpp).
// Threads: built at start-up (cold), read-only afterwards.
#pragma once
#include <cstddef>
#include <cstdint>

#include "core/types.hpp"

namespace xtb::sim {

/// One configured band, as in the venue's leverageBracket answer.
struct BracketSpec {
  Amount notional_floor = 0;    ///< band start, 1e-8 quote (first band: 0)
  std::int64_t mmr_e8 = 0;      ///< maintenance margin rate × 1e8 (0.004 → 400'000)
  std::uint16_t max_leverage = 1;
};

struct Bracket {
  Amount floor = 0, cap = 0;    ///< [floor, cap) in 1e-8 quote; last band's cap = INT64_MAX
  std::int64_t mmr_e8 = 0;
  Amount cum = 0;               ///< maintenance amount, 1e-8 quote
  std::uint16_t max_leverage = 1;
};

class BracketTable {
 public:
  static constexpr std::size_t kMaxBrackets = 16;

  /// Builds from `n` specs sorted by floor, the first at floor 0, rates non-decreasing,
  /// leverages >= 1. Returns false (table unchanged) when they are not.
  bool build(const BracketSpec* specs, std::size_t n) noexcept;

  /// Band of a position notional (absolute, 1e-8 quote). Precondition: size() > 0.
  const Bracket& for_notional(Amount notional) const noexcept;
  /// Highest leverage the symbol allows (first band's).
  std::uint16_t max_leverage() const noexcept { return n_ ? b_[0].max_leverage : 1; }
  std::size_t size() const noexcept { return n_; }
  const Bracket& operator[](std::size_t i) const noexcept { return b_[i]; }

 private:
  Bracket b_[kMaxBrackets];
  std::size_t n_ = 0;
};

/// The USD-M BTCUSDT bracket table (public brackets, 2024): 11 bands from
/// 0–50k USDT (MMR 0.40 %, 125×) to 800M+ USDT (MMR 50 %, 1×). Used for every symbol
/// the configuration gives no table for. `n` receives the band count.
const BracketSpec* default_btcusdt_brackets(std::size_t& n) noexcept;

}  // namespace xtb::sim
