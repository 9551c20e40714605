// rules_refresh.cpp — see rules_refresh.hpp.
#include "app/run/rules_refresh.hpp"

#include <fmt/format.h>

#include "strategy/engine_rules.hpp"

namespace xtb::run {
namespace {

std::string px(const SymbolRules& r, Price v) {
  char b[48];
  const std::size_t n = format_price(r, v, b, sizeof b);
  return n ? std::string(b, n) : std::to_string(v);
}
std::string qty(const SymbolRules& r, Qty v) {
  char b[48];
  const std::size_t n = format_qty(r, v, b, sizeof b);
  return n ? std::string(b, n) : std::to_string(v);
}
std::string amount(Amount v) {
  char b[48];
  const std::size_t n = format_decimal(v, kAmountDecimalScale, b, sizeof b);
  if (n == 0) return std::to_string(v);
  std::string s(b, n);  // 5.00000000 → 5
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  return s;
}

// "min_qty 0.001 → 0.002, min_notional 5 → 100" for the filters that differ.
std::string filter_changes(const SymbolRules& a, const SymbolRules& b) {
  std::string out;
  auto add = [&](const char* what, const std::string& x, const std::string& y) {
    if (x != y) out += fmt::format("{}{} {} → {}", out.empty() ? "" : ", ", what, x, y);
  };
  add("min_qty", qty(a, a.min_qty), qty(a, b.min_qty));
  add("max_qty", qty(a, a.max_qty), qty(a, b.max_qty));
  add("min_notional", amount(a.min_notional), amount(b.min_notional));
  add("min_price", px(a, a.min_price), px(a, b.min_price));
  add("max_price", px(a, a.max_price), px(a, b.max_price));
  add("trading", a.trading ? "yes" : "no", b.trading ? "yes" : "no");
  return out;
}

}  // namespace

RulesDiff diff_rules(const SymbolTable& current, const SymbolTable& fresh, const std::vector<SymbolId>& traded) {
  RulesDiff d;
  for (SymbolId id : traded) {
    const SymbolRules& a = current.rules(id);
    const std::string name(current.name(id));
    const SymbolId f = fresh.find(current.venue(id), name);
    if (f == kNoSymbol) {
      d.grid_change += fmt::format("{}{} is no longer in exchangeInfo", d.grid_change.empty() ? "" : "; ", name);
      continue;
    }
    const SymbolRules& b = fresh.rules(f);
    if (!(a.price == b.price) || !(a.qty == b.qty)) {
      d.grid_change += fmt::format("{}{} tick/step {}/{} → {}/{}", d.grid_change.empty() ? "" : "; ", name,
                                   px(a, 1), qty(a, 1), px(b, 1), qty(b, 1));
      continue;
    }
    const std::string what = filter_changes(a, b);
    if (what.empty()) continue;
    RulesUpdate u;
    if (!strategy::engine_rules_from(b, id, u.rules)) continue;  // same grid: cannot fail
    d.updates.push_back(u);
    d.changes.push_back(name + ": " + what);
  }
  return d;
}

}  // namespace xtb::run
