// exchange_info.cpp — see exchange_info.hpp. Two phases per symbol: collect the texts of
// the fields and filters (filterType may follow the values inside a filter object), then
// convert them with the symbol's own tick/step grid.
#include "venue/binance/exchange_info.hpp"
#include "venue/binance/venue_id.hpp"

#include <simdjson.h>

#include <vector>

#include "venue/binance/decode_fields.hpp"

namespace xtb::binance {
namespace od = simdjson::ondemand;
using detail::read_text;
using detail::read_i64;
using detail::map_error;

namespace {

struct FilterText {
  std::string_view type, tick, min_price, max_price, step, min_qty, max_qty, notional, up, down;
};

struct SymbolText {
  std::string_view name, status, base, quote, margin;
  std::int64_t price_precision = 0, qty_precision = 0;
  FilterText price, lot, market_lot, min_notional, percent;
};

DecodeStatus read_filter(od::value& v, SymbolText& s) {
  FilterText f;
  od::object o;
  if (auto e = v.get_object().get(o)) return map_error(e);
  const DecodeStatus st = detail::for_each_field(o, [&](std::uint64_t, std::string_view key, od::value& fv) {
    std::string_view* dst = nullptr;
    if (key == "filterType") dst = &f.type;
    else if (key == "tickSize") dst = &f.tick;
    else if (key == "minPrice") dst = &f.min_price;
    else if (key == "maxPrice") dst = &f.max_price;
    else if (key == "stepSize") dst = &f.step;
    else if (key == "minQty") dst = &f.min_qty;
    else if (key == "maxQty") dst = &f.max_qty;
    else if (key == "notional" || key == "minNotional") dst = &f.notional;
    else if (key == "multiplierUp") dst = &f.up;
    else if (key == "multiplierDown") dst = &f.down;
    return dst ? read_text(fv, *dst) : DecodeStatus::Ok;
  });
  if (st != DecodeStatus::Ok) return st;
  if (f.type == "PRICE_FILTER") s.price = f;
  else if (f.type == "LOT_SIZE") s.lot = f;
  else if (f.type == "MARKET_LOT_SIZE") s.market_lot = f;
  else if (f.type == "MIN_NOTIONAL") s.min_notional = f;
  else if (f.type == "PERCENT_PRICE") s.percent = f;
  return DecodeStatus::Ok;
}

DecodeStatus read_symbol(od::object& o, SymbolText& s) {
  return detail::for_each_field(o, [&](std::uint64_t, std::string_view key, od::value& v) {
    if (key == "symbol") return read_text(v, s.name);
    if (key == "status") return read_text(v, s.status);
    if (key == "baseAsset") return read_text(v, s.base);
    if (key == "quoteAsset") return read_text(v, s.quote);
    if (key == "marginAsset") return read_text(v, s.margin);
    if (key == "pricePrecision") return read_i64(v, s.price_precision);
    if (key == "quantityPrecision") return read_i64(v, s.qty_precision);
    if (key == "filters") return detail::for_each_item(v, [&](od::value& fv) { return read_filter(fv, s); });
    return DecodeStatus::Ok;
  });
}

// Optional bound: empty or "0" → 0 (no bound); else rounded to the grid.
bool bound(std::string_view text, DecimalScale scale, std::int64_t& out) {
  out = 0;
  return text.empty() || parse_decimal(text, scale, Rounding::Nearest, out) == DecimalError::Ok;
}

// Converts the collected texts into rules; false + message on a bad filter.
bool build_rules(const SymbolText& s, SymbolTable& table, SymbolRules& r, std::string& err) {
  if (parse_scale(s.price.tick, r.price) != DecimalError::Ok) { err = "bad PRICE_FILTER.tickSize"; return false; }
  if (parse_scale(s.lot.step, r.qty) != DecimalError::Ok) { err = "bad LOT_SIZE.stepSize"; return false; }
  bool ok = bound(s.price.min_price, r.price, r.min_price) && bound(s.price.max_price, r.price, r.max_price) &&
            bound(s.lot.min_qty, r.qty, r.min_qty) && bound(s.lot.max_qty, r.qty, r.max_qty) &&
            bound(s.market_lot.min_qty, r.qty, r.market_min_qty) &&
            bound(s.market_lot.max_qty, r.qty, r.market_max_qty) &&
            bound(s.min_notional.notional, kAmountDecimalScale, r.min_notional) &&
            bound(s.percent.up, kAmountDecimalScale, r.percent_up_e8) &&
            bound(s.percent.down, kAmountDecimalScale, r.percent_down_e8);
  if (!ok) { err = "bad filter value"; return false; }
  r.market_step = 1;
  if (!s.market_lot.step.empty() &&
      parse_decimal(s.market_lot.step, r.qty, Rounding::Exact, r.market_step) != DecimalError::Ok) {
    err = "MARKET_LOT_SIZE.stepSize is not a multiple of LOT_SIZE.stepSize";
    return false;
  }
  if (r.market_step < 1) r.market_step = 1;
  r.price_precision = static_cast<std::uint8_t>(s.price_precision);
  r.qty_precision = static_cast<std::uint8_t>(s.qty_precision);
  r.trading = s.status.empty() || s.status == "TRADING";
  if (!s.base.empty()) r.base_asset = table.add_asset(s.base);
  if (!s.quote.empty()) r.quote_asset = table.add_asset(s.quote);
  if (!s.margin.empty()) r.margin_asset = table.add_asset(s.margin);
  return true;
}

bool wanted(std::string_view name, std::initializer_list<std::string_view> only) {
  if (only.size() == 0) return true;
  for (std::string_view n : only)
    if (n == name) return true;
  return false;
}

}  // namespace

ExchangeInfoResult load_exchange_info(std::string_view json, SymbolTable& table,
                                      std::initializer_list<std::string_view> only) {
  ExchangeInfoResult res;
  const simdjson::padded_string body(json);
  od::parser parser;
  od::document doc;
  std::vector<std::pair<SymbolText, SymbolRules>> parsed;
  auto fail = [&](DecodeStatus s, std::string msg) {
    res.status = s;
    res.error = std::move(msg);
    return res;
  };
  if (auto e = parser.iterate(body).get(doc)) return fail(map_error(e), simdjson::error_message(e));
  od::object root;
  if (auto e = doc.get_object().get(root)) return fail(map_error(e), "exchangeInfo is not an object");
  bool has_symbols = false;
  const DecodeStatus st = detail::for_each_field(root, [&](std::uint64_t, std::string_view key, od::value& v) {
    if (key == "assets") {
      return detail::for_each_item(v, [&](od::value& a) {
        od::object ao;
        if (auto e = a.get_object().get(ao)) return map_error(e);
        return detail::for_each_field(ao, [&](std::uint64_t, std::string_view k, od::value& av) {
          std::string_view name;
          if (k != "asset") return DecodeStatus::Ok;
          const DecodeStatus s = read_text(av, name);
          if (s == DecodeStatus::Ok) table.add_asset(name);
          return s;
        });
      });
    }
    if (key != "symbols") return DecodeStatus::Ok;
    has_symbols = true;
    return detail::for_each_item(v, [&](od::value& sv) {
      od::object so;
      if (auto e = sv.get_object().get(so)) return map_error(e);
      SymbolText s;
      if (const DecodeStatus rs = read_symbol(so, s); rs != DecodeStatus::Ok) return rs;
      if (s.name.empty()) return DecodeStatus::MissingField;
      if (wanted(s.name, only)) parsed.emplace_back(s, SymbolRules{});
      else ++res.skipped;
      return DecodeStatus::Ok;
    });
  });
  if (st != DecodeStatus::Ok) return fail(st, "malformed exchangeInfo");
  if (!has_symbols) return fail(DecodeStatus::MissingField, "exchangeInfo has no \"symbols\"");
  // Convert everything before touching the table so a bad symbol adds nothing.
  for (auto& [text, rules] : parsed) {
    std::string err;
    if (!build_rules(text, table, rules, err))
      return fail(DecodeStatus::BadDecimal, std::string(text.name) + ": " + err);
  }
  for (auto& [text, rules] : parsed) {
    if (table.add_symbol(kVenueId, text.name, rules) == kNoSymbol) ++res.skipped;
    else ++res.symbols;
  }
  return res;
}

}  // namespace xtb::binance
