// symbol_table.cpp — see symbol_table.hpp.
#include "market/symbol_table.hpp"

namespace xtb {
namespace {
__extension__ typedef __int128 i128;  // GCC/Clang 128-bit integer (pedantic-clean)
}  // namespace

const char* to_string(RuleViolation v) noexcept {
  switch (v) {
    case RuleViolation::None: return "ok";
    case RuleViolation::NotTrading: return "symbol-not-trading";
    case RuleViolation::NonPositiveQty: return "qty<=0";
    case RuleViolation::QtyBelowMin: return "qty<min-qty";
    case RuleViolation::QtyAboveMax: return "qty>max-qty";
    case RuleViolation::QtyOffMarketStep: return "qty-off-market-step";
    case RuleViolation::NonPositivePrice: return "price<=0";
    case RuleViolation::PriceBelowMin: return "price<min-price";
    case RuleViolation::PriceAboveMax: return "price>max-price";
    case RuleViolation::NotionalBelowMin: return "notional<min-notional";
    case RuleViolation::PriceAboveBand: return "price>mark*multiplierUp";
    case RuleViolation::PriceBelowBand: return "price<mark*multiplierDown";
  }
  return "?";
}

SymbolTable::SymbolTable(std::size_t max_symbols, std::size_t max_assets)
    : index_(max_symbols), assets_(max_assets), rules_(std::make_unique<SymbolRules[]>(max_symbols)) {}

SymbolId SymbolTable::add_symbol(Venue venue, std::string_view name, SymbolRules rules) {
  const auto ns = static_cast<std::uint8_t>(venue);
  rules.venue = venue;
  if (const std::uint32_t known = index_.find(ns, name); known != NameIndex::kNone) {
    rules.id = known;
    rules_[known] = rules;  // an existing instrument: only while nothing reads (header)
    return known;
  }
  if (name.empty() || name.size() > NameIndex::kMaxName || index_.size() == index_.capacity()) return kNoSymbol;
  // A new instrument: its rules are written before insert() publishes the id (release),
  // so a reader that finds the id sees them.
  const std::uint32_t next = index_.next_id();
  rules.id = next;
  rules_[next] = rules;
  const std::uint32_t id = index_.insert(ns, name);
  return id == NameIndex::kNone ? kNoSymbol : id;
}

AssetId SymbolTable::add_asset(std::string_view name) { return assets_.insert(0, name); }

bool notional_amount(const SymbolRules& r, Price px, Qty qty, Amount& out) noexcept {
  // px·tick × qty·step expressed at 10^-(pd+qd), then moved to the 1e-8 Amount scale.
  i128 v = 0;
  if (__builtin_mul_overflow(static_cast<i128>(px) * r.price.units, static_cast<i128>(qty) * r.qty.units, &v))
    return false;
  const int exp10 = 8 - (r.price.decimals + r.qty.decimals);
  if (exp10 >= 0) {
    for (int i = 0; i < exp10; ++i)
      if (__builtin_mul_overflow(v, 10, &v)) return false;
  } else {
    for (int i = 0; i < -exp10; ++i) v /= 10;
  }
  if (v > INT64_MAX || v < INT64_MIN) return false;
  out = static_cast<Amount>(v);
  return true;
}

RuleViolation check_order(const SymbolRules& r, Price px, Qty qty, bool is_market,
                          Price reference_px) noexcept {
  if (!r.trading) return RuleViolation::NotTrading;
  if (qty <= 0) return RuleViolation::NonPositiveQty;
  const Qty min_q = is_market ? r.market_min_qty : r.min_qty;
  const Qty max_q = is_market ? r.market_max_qty : r.max_qty;
  if (min_q > 0 && qty < min_q) return RuleViolation::QtyBelowMin;
  if (max_q > 0 && qty > max_q) return RuleViolation::QtyAboveMax;
  if (is_market && r.market_step > 1 && qty % r.market_step != 0) return RuleViolation::QtyOffMarketStep;
  if (!is_market) {
    if (px <= 0) return RuleViolation::NonPositivePrice;
    if (r.min_price > 0 && px < r.min_price) return RuleViolation::PriceBelowMin;
    if (r.max_price > 0 && px > r.max_price) return RuleViolation::PriceAboveMax;
  }
  const Price notional_px = is_market ? reference_px : px;
  if (r.min_notional > 0 && notional_px > 0) {
    Amount n = 0;
    if (notional_amount(r, notional_px, qty, n) && n < r.min_notional) return RuleViolation::NotionalBelowMin;
  }
  return RuleViolation::None;
}

RuleViolation check_percent_price(const SymbolRules& r, Side side, Price px, Price mark_px) noexcept {
  if (mark_px <= 0) return RuleViolation::None;
  // Compare px × 1e8 with mark × multiplier(×1e8) exactly in 128 bits.
  const i128 lhs = static_cast<i128>(px) * 100'000'000;
  if (side == Side::Buy && r.percent_up_e8 > 0 && lhs > static_cast<i128>(mark_px) * r.percent_up_e8)
    return RuleViolation::PriceAboveBand;
  if (side == Side::Sell && r.percent_down_e8 > 0 && lhs < static_cast<i128>(mark_px) * r.percent_down_e8)
    return RuleViolation::PriceBelowBand;
  return RuleViolation::None;
}

}  // namespace xtb
