// ledger_check.cpp — see ledger_check.hpp.
#include "app/run/ledger_check.hpp"

#include <fmt/format.h>
#include <simdjson.h>

#include <map>
#include <set>

namespace xtb::run {
namespace {

const char* status_text(OrderStatus s) noexcept {
  switch (s) {
    case OrderStatus::New: return "SUBMITTING";
    case OrderStatus::Submitting: return "SUBMITTING";
    case OrderStatus::Open: return "NEW";
    case OrderStatus::PartiallyFilled: return "PARTIALLY_FILLED";
    case OrderStatus::Filled: return "FILLED";
    case OrderStatus::Canceled: return "CANCELED";
    case OrderStatus::Rejected: return "REJECTED";
    case OrderStatus::Expired: return "EXPIRED";
    case OrderStatus::Failed: return "FAILED";
    case OrderStatus::Unknown: return "UNKNOWN";
  }
  return "UNKNOWN";
}

const char* side_text(PositionSide ps) noexcept {
  return ps == PositionSide::Long ? "LONG" : ps == PositionSide::Short ? "SHORT" : "BOTH";
}

std::string qty_text(const SymbolRules& r, Qty q) {
  char buf[64];
  return std::string(buf, format_qty(r, q, buf, sizeof buf));
}

bool is_algo(OrderType t) noexcept { return t == OrderType::StopMarket || t == OrderType::TakeProfitMarket; }

// Client ids and symbol names never need escaping (Binance's id alphabet), but keep the
// output valid JSON whatever they hold.
std::string json_str(std::string_view s) {
  std::string o = "\"";
  for (char c : s) o += (c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20) ? '_' : c;
  return o + "\"";
}

std::string str(simdjson::dom::element e, const char* key) {
  std::string_view v;
  if (e[key].get_string().get(v) != simdjson::SUCCESS) return {};
  return std::string(v);
}

bool boolean(simdjson::dom::element e, const char* key) {
  bool v = false;
  return e[key].get_bool().get(v) == simdjson::SUCCESS && v;
}

std::uint64_t number(simdjson::dom::element e, const char* key) {
  std::uint64_t v = 0;
  return e[key].get_uint64().get(v) == simdjson::SUCCESS ? v : 0;
}

// The elements of list `key` (none when absent or not a list). A default-constructed
// dom::array has no document behind it and must not be iterated, hence the copy.
std::vector<simdjson::dom::element> array(simdjson::dom::element e, const char* key) {
  std::vector<simdjson::dom::element> out;
  simdjson::dom::array a;
  if (e[key].get_array().get(a) != simdjson::SUCCESS) return out;
  for (simdjson::dom::element x : a) out.push_back(x);
  return out;
}

/// Exact decimal sum of canonical texts (fills of one order): integer arithmetic on a
/// common scale of 10^-18 is enough for any Binance step (≤ 8 decimals) and size.
struct DecimalSum {
  __int128 units = 0;  // 1e-18
  bool ok = true;
  void add(std::string_view s) {
    bool neg = false;
    if (!s.empty() && s[0] == '-') {
      neg = true;
      s.remove_prefix(1);
    }
    __int128 v = 0;
    int frac = -1;
    for (char c : s) {
      if (c == '.') {
        if (frac >= 0) ok = false;
        frac = 0;
        continue;
      }
      if (c < '0' || c > '9' || frac >= 18) {
        ok = false;
        return;
      }
      v = v * 10 + (c - '0');
      if (frac >= 0) ++frac;
    }
    for (int i = frac < 0 ? 0 : frac; i < 18; ++i) v *= 10;
    units += neg ? -v : v;
  }
  std::string text() const {
    __int128 v = units < 0 ? -units : units;
    std::string digits;
    do {
      digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(v % 10)));
      v /= 10;
    } while (v != 0);
    while (digits.size() < 19) digits.insert(digits.begin(), '0');
    std::string s = (units < 0 ? "-" : "") + digits.substr(0, digits.size() - 18) + "." + digits.substr(digits.size() - 18);
    return normalize_decimal(s);
  }
};

}  // namespace

std::string normalize_decimal(std::string_view s) {
  std::string t(s);
  bool neg = false;
  if (!t.empty() && t[0] == '-') {
    neg = true;
    t.erase(0, 1);
  }
  if (t.find('.') != std::string::npos) {
    while (!t.empty() && t.back() == '0') t.pop_back();
    if (!t.empty() && t.back() == '.') t.pop_back();
  }
  std::size_t lead = 0;
  while (lead + 1 < t.size() && t[lead] == '0' && t[lead + 1] != '.') ++lead;
  t.erase(0, lead);
  if (t.empty()) t = "0";
  if (t == "0") return t;
  return neg ? "-" + t : t;
}

std::string engine_state_json(const SequencerStage& seq, const SymbolTable& symbols, const std::string& prefix,
                              Venue only) {
  std::string o = "{\"prefix\":" + json_str(prefix) + ",\"positions\":[";
  bool first = true;
  const auto skip = [&](SymbolId id) { return id >= symbols.size() || (only != Venue::None && symbols.venue(id) != only); };
  seq.positions().for_each([&](const engine::Position& p) {
    if (skip(p.symbol)) return;
    o += first ? "" : ",";
    first = false;
    o += fmt::format("{{\"symbol\":{},\"positionSide\":\"{}\",\"positionAmt\":\"{}\"}}", json_str(symbols.name(p.symbol)),
                     side_text(p.side), qty_text(symbols.rules(p.symbol), p.qty));
  });
  o += "],\"orders\":[";
  first = true;
  seq.orders().store().for_each([&](const engine::Order& x) {
    if (skip(x.symbol)) return;
    const SymbolRules& r = symbols.rules(x.symbol);
    o += first ? "" : ",";
    first = false;
    o += fmt::format(
        "{{\"clientOrderId\":{},\"symbol\":{},\"side\":\"{}\",\"positionSide\":\"{}\",\"status\":\"{}\","
        "\"origQty\":\"{}\",\"executedQty\":\"{}\",\"filledQty\":\"{}\",\"live\":{},\"algo\":{}}}",
        json_str(x.client_id.view()), json_str(symbols.name(x.symbol)), x.side == Side::Buy ? "BUY" : "SELL",
        side_text(x.position_side), status_text(x.status), qty_text(r, x.orig_qty), qty_text(r, x.cum_qty),
        qty_text(r, x.fill_qty), x.live() ? "true" : "false", is_algo(x.type) ? "true" : "false");
  });
  o += fmt::format("],\"fills\":{},\"shutdownComplete\":{},\"recycledOrders\":{}}}\n", seq.positions().stats().fills,
                   seq.phase() == SequencerStage::Phase::Done && !seq.shutdown_incomplete() ? "true" : "false",
                   seq.orders().store().stats().recycled);
  return o;
}

namespace {

struct EngOrder {
  std::string status, orig, exec;
  bool live = false, algo = false;
};
using EngOrders = std::map<std::string, EngOrder>;

void compare_positions(simdjson::dom::element eng, simdjson::dom::element state, LedgerCheck& c) {
  std::map<std::string, std::pair<std::string, std::string>> pos;  // "SYM LONG" → (engine, venue)
  for (auto p : array(eng, "positions"))
    pos[str(p, "symbol") + " " + str(p, "positionSide")].first = normalize_decimal(str(p, "positionAmt"));
  for (auto p : array(state, "positions"))
    pos[str(p, "symbol") + " " + str(p, "positionSide")].second = normalize_decimal(str(p, "positionAmt"));
  for (auto& [key, v] : pos) {
    const std::string e = v.first.empty() ? "0" : v.first, x = v.second.empty() ? "0" : v.second;
    if (e == "0" && x == "0") continue;
    ++c.positions_compared;
    if (e != x) c.differences.push_back(fmt::format("position {}: engine {} venue {}", key, e, x));
  }
}

// Open orders: venue ⊆ engine live, same status / executed qty; engine live ⊆ venue.
void compare_open_orders(simdjson::dom::element state, const EngOrders& orders, const VenueIdMap& ids, LedgerCheck& c) {
  auto diff = [&c](std::string s) { c.differences.push_back(std::move(s)); };
  std::set<std::string> venue_open;
  for (auto o : array(state, "openOrders")) {
    const std::string id = ids(str(o, "clientOrderId"));
    venue_open.insert(id);
    ++c.open_orders_venue;
    const auto it = orders.find(id);
    if (it == orders.end() || !it->second.live) {
      diff(fmt::format("order {}: open on the venue ({}), {} in the engine", id, str(o, "status"),
                       it == orders.end() ? std::string("unknown") : it->second.status));
      continue;
    }
    if (it->second.status != str(o, "status") || it->second.exec != normalize_decimal(str(o, "executedQty")))
      diff(fmt::format("order {}: engine {} executed {}, venue {} executed {}", id, it->second.status, it->second.exec,
                       str(o, "status"), normalize_decimal(str(o, "executedQty"))));
  }
  for (auto o : array(state, "openAlgoOrders")) {
    const std::string id = ids(str(o, "clientAlgoId"));
    venue_open.insert(id);
    ++c.open_orders_venue;
    const auto it = orders.find(id);
    if (it == orders.end() || !it->second.live)
      diff(fmt::format("algo order {}: open on the venue, {} in the engine", id,
                       it == orders.end() ? std::string("unknown") : it->second.status));
  }
  for (const auto& [id, e] : orders) {
    if (!e.live) continue;
    ++c.live_orders_engine;
    if (venue_open.count(id) == 0) diff(fmt::format("order {}: live in the engine ({}), not open on the venue", id, e.status));
  }
}

// Fills of this run's orders (client ids starting with `prefix`) against the ledger sums.
void compare_fills(const std::map<std::string, DecimalSum>& filled, const EngOrders& orders, const std::string& prefix,
                   LedgerCheck& c) {
  auto diff = [&c](std::string s) { c.differences.push_back(std::move(s)); };
  for (const auto& [id, e] : orders) {
    if (prefix.empty() || id.rfind(prefix, 0) != 0 || e.algo) continue;
    ++c.orders_checked;
    const auto it = filled.find(id);
    const std::string venue_exec = it == filled.end() ? "0" : it->second.text();
    if (venue_exec != e.exec) diff(fmt::format("order {}: engine executed {}, venue ledger {}", id, e.exec, venue_exec));
    if ((e.status == "FILLED") != (venue_exec == e.orig && e.orig != "0"))
      diff(fmt::format("order {}: engine {} but the ledger filled {} of {}", id, e.status, venue_exec, e.orig));
  }
  for (const auto& [id, sum] : filled) {
    if (prefix.empty() || id.rfind(prefix, 0) != 0 || orders.count(id) != 0) continue;
    ++c.orphans;
    diff(fmt::format("order {}: filled {} on the venue, unknown to the engine", id, sum.text()));
  }
}

}  // namespace

LedgerCheck check_ledger(const std::string& engine_json, const std::string& sim_dump_json, const VenueIdMap& venue_ids) {
  const VenueIdMap ids = venue_ids ? venue_ids : [](std::string_view w) { return std::string(w); };
  LedgerCheck c;
  auto diff = [&c](std::string s) { c.differences.push_back(std::move(s)); };
  simdjson::dom::parser pe, pv;
  simdjson::dom::element eng, dump;
  if (pe.parse(engine_json).get(eng) != simdjson::SUCCESS) {
    diff("engine state: not valid JSON");
    return c;
  }
  if (pv.parse(sim_dump_json).get(dump) != simdjson::SUCCESS) {
    diff("venue dump: not valid JSON");
    return c;
  }
  const std::string prefix = str(eng, "prefix");
  simdjson::dom::element state, ledger;
  if (dump["state"].get(state) != simdjson::SUCCESS || dump["ledger"].get(ledger) != simdjson::SUCCESS) {
    diff("venue dump: no 'state' / 'ledger'");
    return c;
  }
  compare_positions(eng, state, c);
  std::map<std::string, DecimalSum> filled;  // ledger sums per client id
  for (auto f : array(ledger, "fills")) {
    ++c.ledger_fills;
    const std::string id = ids(str(f, "clientOrderId"));
    filled[id].add(str(f, "qty"));
    if (!prefix.empty() && id.rfind(prefix, 0) == 0) ++c.ledger_fills_prefix;
  }
  c.engine_fills = number(eng, "fills");
  EngOrders orders;
  for (auto o : array(eng, "orders"))
    orders[str(o, "clientOrderId")] = EngOrder{str(o, "status"), normalize_decimal(str(o, "origQty")),
                                               normalize_decimal(str(o, "executedQty")), boolean(o, "live"),
                                               boolean(o, "algo")};
  compare_open_orders(state, orders, ids, c);
  compare_fills(filled, orders, prefix, c);
  if (!boolean(eng, "shutdownComplete")) diff("engine: shutdown did not complete (barrier reconciliation unfinished)");
  if (number(eng, "recycledOrders") != 0)
    diff(fmt::format("engine: {} terminal orders were recycled: their fills cannot be checked", number(eng, "recycledOrders")));
  c.agree = c.differences.empty();
  return c;
}

std::string format_ledger_check(const LedgerCheck& c) {
  std::string o = fmt::format(
      "  ledger check         positions {}, open orders venue {} / engine {}, orders of this run {}, ledger fills {} "
      "({} of this run), engine applied {}, orphans {}\n",
      c.positions_compared, c.open_orders_venue, c.live_orders_engine, c.orders_checked, c.ledger_fills,
      c.ledger_fills_prefix, c.engine_fills, c.orphans);
  for (const std::string& d : c.differences) o += "    difference: " + d + "\n";
  o += c.agree ? "  ENGINE AND VENUE AGREE\n" : "  ENGINE AND VENUE DISAGREE\n";
  return o;
}

LedgerCheck merge_ledger_checks(const std::vector<std::pair<std::string, LedgerCheck>>& by_venue) {
  LedgerCheck m;
  m.agree = !by_venue.empty();
  for (const auto& [venue, c] : by_venue) {
    m.agree = m.agree && c.agree;
    for (const std::string& d : c.differences) m.differences.push_back(venue + ": " + d);
    m.positions_compared += c.positions_compared;
    m.open_orders_venue += c.open_orders_venue;
    m.live_orders_engine += c.live_orders_engine;
    m.orders_checked += c.orders_checked;
    m.ledger_fills += c.ledger_fills;
    m.ledger_fills_prefix += c.ledger_fills_prefix;
    m.orphans += c.orphans;
  }
  // "fills" of each venue's engine part is the run's total: once, not summed.
  m.engine_fills = by_venue.empty() ? 0 : by_venue.front().second.engine_fills;
  return m;
}

}  // namespace xtb::run
