// symbol_table.hpp — the process's instruments: (venue, symbol) → dense id, and their rules.
//
// An instrument is (venue, symbol name as the venue spells it): Binance USD-M's "BTCUSDT"
// and Backpack's "BTC_USDC_PERP" are two ids, and the same name on two venues is two ids.
// Every id (SymbolId) is unique in the process, so the order store, positions, risk and
// journal keyed by SymbolId are keyed by instrument. Assets ("USDT") are shared by all
// venues (net exposure per asset across venues).
//
// A venue loader fills the table (cold path), e.g. the Binance exchangeInfo decoder
// (Binance USD-M's exchange_info) from PRICE_FILTER, LOT_SIZE, MARKET_LOT_SIZE,
// MIN_NOTIONAL and PERCENT_PRICE filters. The table can grow while the pipeline runs (a
// venue lists a new market): new instruments are published lock-free (name_index.hpp), so
// the stages resolve names and read rules without locks or allocation at any time.
//
// Units: prices are ticks of `price` (PRICE_FILTER.tickSize), quantities are steps of
// `qty` (LOT_SIZE.stepSize), notionals are Amount (1e-8 quote units), multipliers are
// scaled 1e8 (1.1000 → 110'000'000).
//
// Threads: add_symbol()/add_asset() on one writer thread at a time (start-up, then a cold
// thread); a *new* instrument or asset may be added while other threads read. Replacing the
// rules of an existing instrument (add_symbol of a known name) only while nothing reads
// them (before the pipeline runs); live rule changes travel to the sequencer as
// RulesUpdate instead. All const member functions from any thread.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <memory>
#include <vector>

#include "core/types.hpp"
#include "market/decimal.hpp"
#include "market/name_index.hpp"

namespace xtb {

using AssetId = std::uint32_t;  ///< dense id of a settlement/commission asset ("USDT")
inline constexpr AssetId kNoAsset = 0xFFFF'FFFFu;

/// Trading rules of one instrument. Zero in an optional bound means "no bound".
struct SymbolRules {
  SymbolId id = kNoSymbol;          ///< assigned by SymbolTable::add_symbol
  Venue venue = Venue::None;        ///< the instrument's venue (set by add_symbol)
  DecimalScale price;               ///< tick grid (PRICE_FILTER.tickSize)
  DecimalScale qty;                 ///< step grid (LOT_SIZE.stepSize)
  Price min_price = 0, max_price = 0;        ///< PRICE_FILTER bounds, ticks
  Qty min_qty = 0, max_qty = 0;              ///< LOT_SIZE bounds, steps
  Qty market_min_qty = 0, market_max_qty = 0;///< MARKET_LOT_SIZE bounds, steps of `qty`
  Qty market_step = 1;                       ///< MARKET_LOT_SIZE.stepSize in steps of `qty`
  Amount min_notional = 0;                   ///< MIN_NOTIONAL.notional, 1e-8 quote
  std::int64_t percent_up_e8 = 0;            ///< PERCENT_PRICE.multiplierUp × 1e8
  std::int64_t percent_down_e8 = 0;          ///< PERCENT_PRICE.multiplierDown × 1e8
  std::uint8_t price_precision = 0;          ///< venue pricePrecision (display digits)
  std::uint8_t qty_precision = 0;            ///< venue quantityPrecision
  bool trading = true;                       ///< venue status == TRADING
  /// One net position per instrument (one-way mode: orders carry PositionSide::Both), as on
  /// Backpack; false: the venue can keep hedge LONG and SHORT sides (Binance USD-M).
  bool net_positions = false;
  AssetId base_asset = kNoAsset, quote_asset = kNoAsset, margin_asset = kNoAsset;
};

/// Why an order fails the static symbol rules (checked before it reaches the venue).
enum class RuleViolation : std::uint8_t {
  None = 0,
  NotTrading,       ///< symbol status is not TRADING
  NonPositiveQty,
  QtyBelowMin,      ///< LOT_SIZE.minQty (or MARKET_LOT_SIZE.minQty for market orders)
  QtyAboveMax,      ///< LOT_SIZE.maxQty (or MARKET_LOT_SIZE.maxQty)
  QtyOffMarketStep, ///< market order qty not a multiple of MARKET_LOT_SIZE.stepSize
  NonPositivePrice,
  PriceBelowMin,    ///< PRICE_FILTER.minPrice
  PriceAboveMax,    ///< PRICE_FILTER.maxPrice
  NotionalBelowMin, ///< MIN_NOTIONAL.notional (price × qty)
  PriceAboveBand,   ///< PERCENT_PRICE: BUY price > markPrice × multiplierUp
  PriceBelowBand,   ///< PERCENT_PRICE: SELL price < markPrice × multiplierDown
};
const char* to_string(RuleViolation v) noexcept;

class SymbolTable {
 public:
  /// Preallocates room for `max_symbols` instruments and `max_assets` assets (cold path).
  explicit SymbolTable(std::size_t max_symbols = 4096, std::size_t max_assets = 512);

  /// Adds `rules` as instrument (`venue`, `name`), or replaces the rules of an existing one
  /// keeping its id (see Threads). Returns the id, or kNoSymbol when the table is full or
  /// the name is empty or longer than kMaxName.
  SymbolId add_symbol(Venue venue, std::string_view name, SymbolRules rules);
  /// Id of an asset name, adding it if new; kNoAsset when full or the name is invalid.
  AssetId add_asset(std::string_view name);

  static constexpr std::size_t kMaxName = NameIndex::kMaxName;  ///< bytes

  /// Hot path: id of instrument (`venue`, `name`) ("BTCUSDT", exact case), or kNoSymbol.
  SymbolId find(Venue venue, std::string_view name) const noexcept {
    return index_.find(static_cast<std::uint8_t>(venue), name);
  }
  /// Hot path: id of an asset name, or kNoAsset.
  AssetId find_asset(std::string_view name) const noexcept { return assets_.find(0, name); }

  /// Rules of a valid id (precondition: id < size()).
  const SymbolRules& rules(SymbolId id) const noexcept { return rules_[id]; }
  /// Rules of `id`, or nullptr when unknown.
  const SymbolRules* try_rules(SymbolId id) const noexcept { return id < size() ? &rules_[id] : nullptr; }
  /// The venue's name of the instrument (empty for an unknown id).
  std::string_view name(SymbolId id) const noexcept { return index_.name(id); }
  /// The instrument's venue (Venue::None for an unknown id).
  Venue venue(SymbolId id) const noexcept { return static_cast<Venue>(index_.ns(id)); }
  std::string_view asset_name(AssetId id) const noexcept { return assets_.name(id); }
  /// Instruments published so far (ids 0..size()-1); grows, never shrinks.
  std::size_t size() const noexcept { return index_.size(); }
  std::size_t capacity() const noexcept { return index_.capacity(); }
  std::size_t asset_count() const noexcept { return assets_.size(); }

 private:
  NameIndex index_;
  NameIndex assets_;
  std::unique_ptr<SymbolRules[]> rules_;  // capacity entries; rules_[id] written before id is published
};

/// price × qty in 1e-8 quote units (truncated toward zero); false on overflow.
bool notional_amount(const SymbolRules& r, Price px, Qty qty, Amount& out) noexcept;

/// Static checks of an order against the symbol rules. `px` is ignored for market orders
/// (`is_market`), whose notional is then checked against `reference_px` (e.g. best
/// bid/ask; 0 skips the notional check). Hot path safe.
RuleViolation check_order(const SymbolRules& r, Price px, Qty qty, bool is_market,
                          Price reference_px = 0) noexcept;

/// PERCENT_PRICE (Binance response_formats.md, "Filters"): BUY needs
/// px <= mark_px × multiplierUp, SELL needs px >= mark_px × multiplierDown. Both prices in
/// ticks; no check when the filter is absent or mark_px <= 0. Hot path safe.
RuleViolation check_percent_price(const SymbolRules& r, Side side, Price px, Price mark_px) noexcept;

/// Price in ticks of a decimal string under the symbol's tick grid (Exact).
inline DecimalError parse_price(const SymbolRules& r, std::string_view s, Price& out) noexcept {
  return parse_decimal(s, r.price, Rounding::Exact, out);
}
/// Quantity in steps of a decimal string under the symbol's step grid (Exact).
inline DecimalError parse_qty(const SymbolRules& r, std::string_view s, Qty& out) noexcept {
  return parse_decimal(s, r.qty, Rounding::Exact, out);
}
/// Formats ticks as the venue's decimal text (see format_decimal); 0 when `cap` is short.
inline std::size_t format_price(const SymbolRules& r, Price px, char* buf, std::size_t cap) noexcept {
  return format_decimal(px, r.price, buf, cap);
}
/// Formats steps as the venue's decimal text; 0 when `cap` is short.
inline std::size_t format_qty(const SymbolRules& r, Qty q, char* buf, std::size_t cap) noexcept {
  return format_decimal(q, r.qty, buf, cap);
}

}  // namespace xtb
