// markets.hpp — GET /api/v1/markets (or /api/v1/market?symbol=, one object) → SymbolTable.
//
// Source: https://docs.backpack.exchange/#tag/Markets/operation/get_markets (copy:
// shared/venue-docs/backpack/endpoints/public/get_markets.md); real bodies in
// shared/data/backpack/ (bpx-api-client market literals, ccxt parseMarket).
// Per market: symbol, baseSymbol, quoteSymbol, marketType (SPOT | PERP | ...),
// orderBookState (Open | Closed | CancelOnly | LimitOnly | PostOnly), visible, and
//   filters.price    {tickSize, minPrice, maxPrice|null}   → price grid, min/max_price (ticks)
//   filters.quantity {stepSize, minQuantity, maxQuantity|null} → qty grid, min/max_qty (steps)
// Mapping to SymbolRules: market_min/max_qty = min/max_qty, market_step 1, min_notional 0
// (Backpack has no notional filter), trading = (orderBookState == "Open"), margin asset =
// quote asset (perps settle in the quote, USDC). price/qty_precision = grid decimals.
// Markets of other types are skipped when perps_only. A market whose filters cannot be
// read is skipped and counted (the rest still load).
// Threads: cold path (start-up), the thread that owns the table; allocates (simdjson DOM).
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

#include "core/decode_status.hpp"
#include "market/symbol_table.hpp"

namespace xtb::backpack {

struct MarketsResult {
  DecodeStatus status = DecodeStatus::Ok;  ///< BadJson / WrongType for an unreadable body
  std::size_t loaded = 0;                  ///< instruments added or updated
  std::size_t skipped_type = 0;            ///< not PERP (perps_only)
  std::size_t skipped_bad = 0;             ///< unreadable filters / names / table full
};

/// Parses one market object's rules (no table change); false when unreadable.
bool parse_market_rules(std::string_view market_json, SymbolRules& rules, std::string& symbol_out);

MarketsResult load_markets(std::string_view body, SymbolTable& table, bool perps_only = true);

}  // namespace xtb::backpack
