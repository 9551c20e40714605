// exchange_info.hpp — cold-path loader of Binance USD-M GET /fapi/v1/exchangeInfo into the
// venue-neutral SymbolTable (market/symbol_table.hpp).
//
// Source: ../shared/venue-docs/binance/usdm/endpoints/public/get_fapi_v1_exchangeinfo.md.
// Per symbol: status, pricePrecision, quantityPrecision, baseAsset/quoteAsset/marginAsset
// and the filters PRICE_FILTER (tickSize → price grid, minPrice/maxPrice), LOT_SIZE
// (stepSize → qty grid, minQty/maxQty), MARKET_LOT_SIZE (bounds and step in LOT_SIZE
// steps), MIN_NOTIONAL (notional → Amount), PERCENT_PRICE (multipliers ×1e8). Other
// filters (MAX_NUM_ORDERS, ...) are ignored. The top-level "assets" list and every
// symbol's assets are registered in the asset table.
//
// Threads: start-up / calibration thread while the table is not being read. Allocates
// (padded copy of the body, its own simdjson parser) — never call on a hot thread.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

#include "market/symbol_table.hpp"
#include "venue/binance/decode_types.hpp"

namespace xtb::binance {

struct ExchangeInfoResult {
  DecodeStatus status = DecodeStatus::Ok;  ///< Ok, or the first error (nothing half-added)
  std::size_t symbols = 0;                 ///< symbols added or updated
  std::size_t skipped = 0;                 ///< symbols left out by the filter or a full table
  std::string error;                       ///< human-readable detail on failure
  bool ok() const noexcept { return status == DecodeStatus::Ok; }
};

/// Loads every symbol of an exchangeInfo body (or only those named in `only`, when non-
/// empty) into `table`. A symbol whose filters cannot be parsed fails the whole call.
ExchangeInfoResult load_exchange_info(std::string_view json, SymbolTable& table,
                                      std::initializer_list<std::string_view> only = {});

}  // namespace xtb::binance
