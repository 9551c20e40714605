// markets.cpp — see markets.hpp.
#include "venue/backpack/markets.hpp"

#include <simdjson.h>

#include <string>

#include "venue/backpack/venue_id.hpp"

namespace xtb::backpack {
namespace {

namespace dom = simdjson::dom;

// Optional decimal text on `scale` (null/absent → 0); false when malformed or off grid.
bool opt_decimal(dom::object o, const char* key, DecimalScale scale, std::int64_t& out) {
  out = 0;
  dom::element v;
  if (o[key].get(v) || v.is_null()) return true;
  std::string_view s;
  if (v.get_string().get(s)) return false;
  return parse_decimal(s, scale, Rounding::Exact, out) == DecimalError::Ok;
}

bool scale_of(dom::object o, const char* key, DecimalScale& out) {
  std::string_view s;
  return !o[key].get_string().get(s) && parse_scale(s, out) == DecimalError::Ok;
}

struct Market {
  std::string_view symbol, base, quote, type, state;
  SymbolRules rules;
};

bool read_market(dom::object m, Market& out) {
  dom::object filters, price, qty;
  if (m["symbol"].get_string().get(out.symbol) || m["marketType"].get_string().get(out.type) ||
      m["filters"].get_object().get(filters) || filters["price"].get_object().get(price) ||
      filters["quantity"].get_object().get(qty))
    return false;
  if (m["baseSymbol"].get_string().get(out.base)) out.base = {};
  if (m["quoteSymbol"].get_string().get(out.quote)) out.quote = {};
  if (m["orderBookState"].get_string().get(out.state)) out.state = {};
  SymbolRules& r = out.rules;
  if (!scale_of(price, "tickSize", r.price) || !scale_of(qty, "stepSize", r.qty)) return false;
  if (!opt_decimal(price, "minPrice", r.price, r.min_price) || !opt_decimal(price, "maxPrice", r.price, r.max_price) ||
      !opt_decimal(qty, "minQuantity", r.qty, r.min_qty) || !opt_decimal(qty, "maxQuantity", r.qty, r.max_qty))
    return false;
  r.market_min_qty = r.min_qty;
  r.market_max_qty = r.max_qty;
  r.market_step = 1;
  r.price_precision = r.price.decimals;
  r.qty_precision = r.qty.decimals;
  r.trading = out.state == "Open";
  r.net_positions = true;  // Backpack keeps one signed net position per market (GET /api/v1/position netQuantity)
  return true;
}

}  // namespace

bool parse_market_rules(std::string_view market_json, SymbolRules& rules, std::string& symbol_out) {
  dom::parser parser;
  dom::object o;
  if (parser.parse(market_json.data(), market_json.size()).get_object().get(o)) return false;
  Market m;
  if (!read_market(o, m)) return false;
  symbol_out.assign(m.symbol);
  rules = m.rules;
  return true;
}

MarketsResult load_markets(std::string_view body, SymbolTable& table, bool perps_only) {
  MarketsResult res;
  dom::parser parser;
  dom::element root;
  if (parser.parse(body.data(), body.size()).get(root)) return res.status = DecodeStatus::BadJson, res;
  auto one = [&](dom::element e) {
    dom::object o;
    Market m;
    if (e.get_object().get(o) || !read_market(o, m)) return void(++res.skipped_bad);
    if (perps_only && m.type != "PERP") return void(++res.skipped_type);
    if (!m.base.empty()) m.rules.base_asset = table.add_asset(m.base);
    if (!m.quote.empty()) m.rules.quote_asset = m.rules.margin_asset = table.add_asset(m.quote);
    if (table.add_symbol(kVenueId, m.symbol, m.rules) == kNoSymbol) return void(++res.skipped_bad);
    ++res.loaded;
  };
  dom::array arr;
  if (!root.get_array().get(arr)) {
    for (dom::element e : arr) one(e);
  } else if (root.is_object()) {
    one(root);
  } else {
    res.status = DecodeStatus::WrongType;
  }
  return res;
}

}  // namespace xtb::backpack
