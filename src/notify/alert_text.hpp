// alert_text.hpp — human-readable notification texts for the closer's alert records
// (Alert, closer_stats.hpp), in two languages (notify.language, language.hpp):
//   en  "🚨 BTCUSDT LONG entered panic tier 1: dist_to_liq 2.4% (mark 61234.5), position 0.050"
//   zh  seed 002's Chinese multi-line templates (alert_text_zh.cpp), e.g. a fill:
//         【已成交】平多
//           交易对: BTCUSDT
//           成交: 0.010 @ 61234.5
//           执行: 挂单模式
//           原因: long_primary
//           仓位: 0.050 -> 0.040
//
// Units: prices are printed from ticks on the symbol's tick grid and quantities from
// steps on its step grid (SymbolRules::price / ::qty, market/decimal.hpp — exact, never
// through double); dist_to_liq (Alert::value_e8, ratio × 1e8) as a percentage with at
// most 2 decimals. Panic tiers are printed 1-based (index 0 of risk.panic_close.tiers is
// "tier 1"). A symbol id that is not in the table prints as "symbol#<id>" with raw units.
// docs/notify.md lists every text and what it means.
// Thread: any (cold path: allocates the returned string). SymbolTable is read-only.
#pragma once
#include <string>

#include "core/types.hpp"
#include "market/symbol_table.hpp"
#include "notify/language.hpp"
#include "telemetry/alert.hpp"

namespace xtb::notify {

/// The message for one alert (UTF-8, no markup: sent as plain text). English: one line;
/// Chinese: the seed's multi-line form.
std::string format_alert(const Alert& a, const SymbolTable& symbols, Language lang = Language::En);
/// The Chinese form (alert_text_zh.cpp); format_alert(a, s, Language::Zh) calls it.
std::string format_alert_zh(const Alert& a, const SymbolTable& symbols);

/// "BTCUSDT", or "symbol#<id>" when unknown.
std::string symbol_text(const SymbolTable& symbols, SymbolId id);
/// Ticks of `id`'s grid as decimal text ("61234.5"); raw ticks when the symbol is unknown.
std::string price_text(const SymbolTable& symbols, SymbolId id, Price px);
/// Steps of `id`'s grid as decimal text ("0.050"); raw steps when the symbol is unknown.
std::string qty_text(const SymbolTable& symbols, SymbolId id, Qty qty);
/// Ratio × 1e8 as a percentage, ≤ 2 decimals, trailing zeros trimmed ("2.4%", "-0.05%").
std::string percent_text(std::int64_t ratio_e8);
/// "LONG" / "SHORT" / "BOTH".
const char* side_text(PositionSide s) noexcept;

}  // namespace xtb::notify
