// pricing.hpp — limit prices of the two execution modes (seed 002 "执行模式轮转").
//
// MAKER_ONLY (timeInForce GTX, post-only):
//   SELL (closing LONG):  at_touch → ask; inside_spread_1tick → ask − 1; custom_ticks → ask − n
//                         then at least bid + maker_safety_ticks (a GTX SELL at or below the
//                         bid would cross and be rejected, Binance -5022)
//   BUY  (closing SHORT): at_touch → bid; inside_spread_1tick → bid + 1; custom_ticks → bid + n
//                         then at most ask − maker_safety_ticks
// AGGRESSIVE_LIMIT (GTC): SELL at the best bid, BUY at the best ask (marketable now,
//   never worse than the touch).
// Prices are ticks; a venue price multiple (engine::SymbolRules::px_multiple > 1) is
// respected by rounding maker prices away from the opposite side and aggressive prices
// toward it. Returns 0 when the book is unknown (bid or ask ≤ 0) — no order then.
// Thread: any (pure functions). No allocation.
#pragma once
#include "core/types.hpp"
#include "engine/symbol_rules.hpp"
#include "strategy/reduce_only_closer/closer_params.hpp"

namespace xtb::strategy {

/// MAKER_ONLY or AGGRESSIVE_LIMIT (seed ExecutionMode).
enum class ExecMode : std::uint8_t { MakerOnly = 0, AggressiveLimit = 1 };
const char* to_string(ExecMode m) noexcept;

/// Closing side of a hedge position side: LONG closes with SELL, SHORT with BUY.
constexpr Side closing_side(PositionSide ps) noexcept {
  return ps == PositionSide::Short ? Side::Buy : Side::Sell;
}

Price maker_price(const ExecutionParams& e, const engine::SymbolRules& r, Side side, Price bid,
                  Price ask) noexcept;
Price aggressive_price(const engine::SymbolRules& r, Side side, Price bid, Price ask) noexcept;

/// Price of `mode` for a closing order on `side`.
inline Price limit_price(ExecMode mode, const ExecutionParams& e, const engine::SymbolRules& r,
                         Side side, Price bid, Price ask) noexcept {
  return mode == ExecMode::MakerOnly ? maker_price(e, r, side, bid, ask)
                                     : aggressive_price(r, side, bid, ask);
}

}  // namespace xtb::strategy
