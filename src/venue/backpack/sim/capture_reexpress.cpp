// capture_reexpress.cpp — see capture_reexpress.hpp.
#include "venue/backpack/sim/capture_reexpress.hpp"

#include <simdjson.h>

#include <cctype>
#include <vector>

#include "market/decimal.hpp"
#include "sim/core/decimal_text.hpp"

namespace xtb::sim::backpack_sim {
namespace {

using simdjson::dom::element;

struct Level {
  Price px;
  Qty qty;
};

simdjson::dom::parser& parser() {
  static simdjson::dom::parser p;  // start-up only, one thread
  return p;
}

std::string upper(std::string_view s) {
  std::string o(s);
  for (char& c : o) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return o;
}

// A recorded decimal on the Backpack grid (nearest tick / step); false when unreadable.
bool grid(element e, DecimalScale scale, std::int64_t& out) {
  std::string_view t;
  if (e.get_string().get(t)) return false;
  return parse_decimal(t, scale, Rounding::Nearest, out) == DecimalError::Ok;
}

bool levels(element arr, const SymbolRules& r, std::vector<Level>& out) {
  simdjson::dom::array a;
  if (arr.get_array().get(a)) return false;
  for (element l : a) {
    Level v{};
    if (!grid(l.at(0), r.price, v.px) || !grid(l.at(1), r.qty, v.qty)) return false;
    out.push_back(v);
  }
  return true;
}

void append_levels(std::string& o, const SymbolRules& r, const std::vector<Level>& lv, bool reverse) {
  o += '[';
  for (std::size_t k = 0; k < lv.size(); ++k) {
    const Level& l = lv[reverse ? lv.size() - 1 - k : k];
    if (k) o += ',';
    o += "[\"";
    o += price_text(r, l.px).view();
    o += "\",\"";
    o += qty_text(r, l.qty).view();
    o += "\"]";
  }
  o += ']';
}

void kv_num(std::string& o, std::string_view k, std::int64_t v) {
  o += ",\"";
  o += k;
  o += "\":";
  o += std::to_string(v);
}

void kv_str(std::string& o, std::string_view k, std::string_view v) {
  o += ",\"";
  o += k;
  o += "\":\"";
  o += v;
  o += '"';
}

std::int64_t ms_field(element d, const char* key) {
  std::int64_t v = 0;
  return d[key].get(v) ? 0 : v;
}

// Opens {"stream":"<type>.<S>","data":{"e":"<type>","E":µs,"s":"<S>" and records the data offset.
void open_stream(Reexpressed& x, std::string_view type, std::string_view sym, std::int64_t event_ms) {
  x.stream = std::string(type) + "." + std::string(sym);
  x.json = "{\"stream\":\"" + x.stream + "\",\"data\":";
  x.data_offset = x.json.size();
  x.json += "{\"e\":\"" + std::string(type) + "\"";
  kv_num(x.json, "E", event_ms * 1000);
  kv_str(x.json, "s", sym);
}

// Adds the engine time "T" (µs), closes data and message, sets the kind.
bool close_stream(Reexpressed& x, element d, RecordKind kind) {
  kv_num(x.json, "T", ms_field(d, "T") * 1000);
  x.json += '}';
  x.data_len = x.json.size() - x.data_offset;
  x.json += '}';
  x.kind = kind;
  return true;
}

bool depth(element d, const SymbolRules& r, std::string_view sym, Reexpressed& x) {
  std::vector<Level> bids, asks;
  std::int64_t pu = 0, u = 0;
  if (d["pu"].get(pu) || d["u"].get(u) || !levels(d["b"], r, bids) || !levels(d["a"], r, asks)) return false;
  open_stream(x, "depth", sym, ms_field(d, "E"));
  x.json += ",\"a\":";
  append_levels(x.json, r, asks, false);
  x.json += ",\"b\":";
  append_levels(x.json, r, bids, false);
  kv_num(x.json, "U", pu + 1);  // Backpack: U == previous u + 1
  kv_num(x.json, "u", u);
  return close_stream(x, d, RecordKind::Depth);
}

bool book_ticker(element d, const SymbolRules& r, std::string_view sym, Reexpressed& x) {
  std::int64_t bp = 0, bq = 0, ap = 0, aq = 0, u = 0;
  if (!grid(d["b"], r.price, bp) || !grid(d["B"], r.qty, bq) || !grid(d["a"], r.price, ap) ||
      !grid(d["A"], r.qty, aq) || d["u"].get(u))
    return false;
  open_stream(x, "bookTicker", sym, ms_field(d, "E"));
  kv_str(x.json, "a", price_text(r, ap).view());
  kv_str(x.json, "A", qty_text(r, aq).view());
  kv_str(x.json, "b", price_text(r, bp).view());
  kv_str(x.json, "B", qty_text(r, bq).view());
  kv_num(x.json, "u", u);
  return close_stream(x, d, RecordKind::BookTicker);
}

bool trade(element d, const SymbolRules& r, std::string_view sym, Reexpressed& x) {
  std::int64_t px = 0, q = 0, id = 0;
  bool maker = false;
  if (!grid(d["p"], r.price, px) || !grid(d["q"], r.qty, q) || d["t"].get(id) || d["m"].get(maker)) return false;
  open_stream(x, "trade", sym, ms_field(d, "E"));
  kv_str(x.json, "p", price_text(r, px).view());
  kv_str(x.json, "q", qty_text(r, q).view());
  kv_num(x.json, "t", id);
  x.json += maker ? ",\"m\":true" : ",\"m\":false";
  return close_stream(x, d, RecordKind::Trade);
}

bool snapshot(element d, const SymbolRules& r, Reexpressed& x) {
  std::vector<Level> bids, asks;
  std::int64_t id = 0;
  if (d["lastUpdateId"].get(id) || !levels(d["bids"], r, bids) || !levels(d["asks"], r, asks)) return false;
  x.json = "{\"asks\":";
  append_levels(x.json, r, asks, false);
  x.json += ",\"bids\":";
  append_levels(x.json, r, bids, true);  // Binance: best first; Backpack: ascending
  kv_str(x.json, "lastUpdateId", std::to_string(id));
  kv_num(x.json, "timestamp", ms_field(d, "T") * 1000);
  x.json += '}';
  x.kind = RecordKind::Snapshot;
  return true;
}

}  // namespace

std::string backpack_symbol(std::string_view binance_symbol) {
  const std::string s = upper(binance_symbol);
  if (s.size() <= 4 || s.substr(s.size() - 4) != "USDT") return {};
  return s.substr(0, s.size() - 4) + "_USDC_PERP";
}

Reexpressed reexpress(std::string_view record, std::string_view binance_symbol, const SymbolTable& symbols,
                      SymbolId sym) {
  Reexpressed x;
  element doc;
  if (parser().parse(record.data(), record.size()).get(doc)) return x;
  const SymbolRules& r = symbols.rules(sym);
  const std::string_view name = symbols.name(sym);
  std::string_view stream;
  element data;
  if (doc["stream"].get(stream) || doc["data"].get(data)) {
    if (!snapshot(doc, r, x)) x = Reexpressed{};
    return x;
  }
  const std::size_t at = stream.find('@');
  if (at == std::string_view::npos || upper(stream.substr(0, at)) != binance_symbol) return x;
  const std::string_view type = stream.substr(at + 1);
  bool ok = false;
  if (type == "depth" || type.starts_with("depth@"))
    ok = depth(data, r, name, x);
  else if (type == "bookTicker")
    ok = book_ticker(data, r, name, x);
  else if (type == "trade")
    ok = trade(data, r, name, x);
  if (!ok) x = Reexpressed{};
  return x;
}

}  // namespace xtb::sim::backpack_sim
