// liquidation.cpp — Account::liquidation_price_e8: the USD-M liquidation price.
//
// Formula (the venue's support page "How to Calculate Liquidation Price of USDⓈ-M Contracts"),
// for the positions of one symbol:
//
//        WB − TMM1 + UPNL1 + cumB + cumL + cumS − Side_B×Q_B×EP_B − Q_L×EP_L + Q_S×EP_S
//   LP = ─────────────────────────────────────────────────────────────────────────────
//                 Q_B×MMR_B + Q_L×MMR_L + Q_S×MMR_S − Side_B×Q_B − Q_L + Q_S
//
//   WB     wallet balance: the cross wallet in cross margin; the position's isolated
//          wallet in isolated margin
//   TMM1   maintenance margin of all OTHER symbols' cross positions (0 when isolated)
//   UPNL1  unrealized PnL of all OTHER symbols' cross positions (0 when isolated)
//   cum    maintenance amount of each position's bracket (margin_brackets.hpp)
//   Side_B +1 long, −1 short (one-way BOTH position); Q absolute base quantity;
//   EP     entry price; MMR maintenance margin rate of the position's bracket, chosen by
//          the position notional at the mark price (entry notional before any mark).
// Cross margin applies it to all sides of the symbol together (hedge mode: LONG and
// SHORT share one liquidation price); isolated margin to the one position side.
//
// Exact integer evaluation: Q×EP is the position's cost (Amount), the denominator is
// Σ Q_e8 × (MMR_e8 − side × 1e8) (1e-16 base units), so LP_e8 = num × 1e16 / den,
// rounded half away from zero. A non-positive result (the position cannot be liquidated
// by a price move, e.g. a long with more margin than notional) reads 0, as the venue
// shows it.
#include "sim/core/account.hpp"
#include "sim/core/fixed_math.hpp"

namespace xtb::sim {
namespace {

constexpr std::int64_t kE8 = 100'000'000;

}  // namespace

std::int64_t Account::liquidation_price_e8(SymbolId s, PositionSide ps) const noexcept {
  if (position(s, ps).amount == 0) return 0;
  const SymbolRules& r = symbols_.rules(s);
  const bool isolated = acct_[s].isolated;
  i128 num = 0, den = 0;
  auto add_position = [&](PositionSide side) {
    const PositionState& p = position(s, side);
    if (p.amount == 0) return;
    const int dir = p.amount > 0 ? 1 : -1;
    const Bracket& b = brackets_[s].for_notional(position_notional(s, side));
    num += b.cum - static_cast<i128>(dir) * p.cost;
    den += qty_to_e8(r, p.amount < 0 ? -p.amount : p.amount) * (b.mmr_e8 - dir * kE8);
  };
  if (isolated) {
    num += position(s, ps).isolated_wallet;
    add_position(ps);
  } else {
    num += cross_wallet();
    for (std::size_t i = 0; i < acct_.size(); ++i) {
      const SymbolId o = static_cast<SymbolId>(i);
      if (o == s || acct_[i].isolated) continue;
      for (PositionSide side : {PositionSide::Both, PositionSide::Long, PositionSide::Short}) {
        if (position(o, side).amount == 0) continue;
        num += unrealized_pnl(o, side) - maintenance_margin(o, side);  // + UPNL1 − TMM1
      }
    }
    for (PositionSide side : {PositionSide::Both, PositionSide::Long, PositionSide::Short}) add_position(side);
  }
  if (den == 0) return 0;
  const i128 lp = div_round(num * kE8 * kE8, den);
  if (lp <= 0 || lp > INT64_MAX) return 0;
  return static_cast<std::int64_t>(lp);
}

}  // namespace xtb::sim
