// margin_brackets.cpp — see margin_brackets.hpp.
#include "sim/core/margin_brackets.hpp"

#include "sim/core/fixed_math.hpp"

namespace xtb::sim {

bool BracketTable::build(const BracketSpec* specs, std::size_t n) noexcept {
  if (n == 0 || n > kMaxBrackets || specs[0].notional_floor != 0) return false;
  for (std::size_t i = 0; i < n; ++i) {
    if (specs[i].max_leverage < 1 || specs[i].mmr_e8 < 0 || specs[i].mmr_e8 > 100'000'000) return false;
    if (i > 0 && (specs[i].notional_floor <= specs[i - 1].notional_floor || specs[i].mmr_e8 < specs[i - 1].mmr_e8))
      return false;
  }
  Amount cum = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (i > 0) cum += mul_div_round(specs[i].notional_floor, specs[i].mmr_e8 - specs[i - 1].mmr_e8, 100'000'000);
    b_[i].floor = specs[i].notional_floor;
    b_[i].cap = i + 1 < n ? specs[i + 1].notional_floor : INT64_MAX;
    b_[i].mmr_e8 = specs[i].mmr_e8;
    b_[i].cum = cum;
    b_[i].max_leverage = specs[i].max_leverage;
  }
  n_ = n;
  return true;
}

const Bracket& BracketTable::for_notional(Amount notional) const noexcept {
  if (notional < 0) notional = -notional;
  std::size_t i = 0;
  while (i + 1 < n_ && notional >= b_[i + 1].floor) ++i;
  return b_[i];
}

const BracketSpec* default_btcusdt_brackets(std::size_t& n) noexcept {
  constexpr Amount k = kAmountScale;
  // notionalFloor (USDT), maintMarginRatio, initialLeverage — USD-M BTCUSDT, 2024.
  static constexpr BracketSpec kTable[] = {
      {0, 400'000, 125},
      {50'000 * k, 500'000, 100},
      {600'000 * k, 1'000'000, 75},
      {3'000'000 * k, 2'500'000, 50},
      {12'000'000 * k, 5'000'000, 25},
      {70'000'000 * k, 10'000'000, 20},
      {100'000'000 * k, 12'500'000, 10},
      {230'000'000 * k, 15'000'000, 5},
      {480'000'000 * k, 25'000'000, 4},
      {600'000'000 * k, 50'000'000, 2},
      {800'000'000 * k, 50'000'000, 1},
  };
  n = sizeof kTable / sizeof kTable[0];
  return kTable;
}

}  // namespace xtb::sim
