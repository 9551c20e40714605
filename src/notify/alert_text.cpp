// alert_text.cpp — see alert_text.hpp.
#include "notify/alert_text.hpp"

#include <cstdlib>
#include <string_view>

#include "market/decimal.hpp"

namespace xtb::notify {
namespace {


std::string decimal(std::int64_t v, DecimalScale scale) {
  char buf[kMaxFormattedDecimal];
  const std::size_t n = format_decimal(v, scale, buf, sizeof buf);
  return n ? std::string(buf, n) : std::to_string(v);
}

/// "BTCUSDT LONG" (or just the symbol when the side is BOTH / one-way mode).
std::string who(const Alert& a, const SymbolTable& s) {
  std::string t = symbol_text(s, a.symbol);
  if (a.side != PositionSide::Both) (t += ' ') += side_text(a.side);
  return t;
}

std::string mark(const Alert& a, const SymbolTable& s) {
  return a.px > 0 ? " (mark " + price_text(s, a.symbol, a.px) + ")" : std::string();
}

/// ": dist_to_liq 2.4% (mark 61234.5), position 0.050"; dist < 0 means unknown.
std::string risk_tail(const Alert& a, const SymbolTable& s) {
  const std::string d = a.value_e8 >= 0 ? percent_text(a.value_e8) : std::string("n/a");
  return ": dist_to_liq " + d + mark(a, s) + ", position " + qty_text(s, a.symbol, a.qty_after);
}

std::string stop_at(const Alert& a, const SymbolTable& s) {
  return a.px > 0 ? " at " + price_text(s, a.symbol, a.px) : std::string();
}

std::string position(const Alert& a, const SymbolTable& s) {
  return " (position " + qty_text(s, a.symbol, a.qty_after) + ")";
}

std::string tier_text(std::int8_t tier) {
  return tier >= 0 ? "panic tier " + std::to_string(static_cast<int>(tier) + 1) : std::string("a panic tier");
}

}  // namespace

const char* side_text(PositionSide s) noexcept {
  switch (s) {
    case PositionSide::Long: return "LONG";
    case PositionSide::Short: return "SHORT";
    case PositionSide::Both: break;
  }
  return "BOTH";
}

std::string symbol_text(const SymbolTable& symbols, SymbolId id) {
  if (id != kNoSymbol && id < symbols.size()) return std::string(symbols.name(id));
  return "symbol#" + std::to_string(id);
}

std::string price_text(const SymbolTable& symbols, SymbolId id, Price px) {
  const SymbolRules* r = symbols.try_rules(id);
  return r ? decimal(px, r->price) : std::to_string(px);
}

std::string qty_text(const SymbolTable& symbols, SymbolId id, Qty qty) {
  const SymbolRules* r = symbols.try_rules(id);
  return r ? decimal(qty, r->qty) : std::to_string(qty);
}

std::string percent_text(std::int64_t ratio_e8) {
  // ratio × 1e8 → hundredths of a percent (× 1e4), rounded half away from zero.
  const std::int64_t mag = ratio_e8 < 0 ? -ratio_e8 : ratio_e8;
  std::int64_t h = (mag + 5'000) / 10'000;
  if (ratio_e8 < 0) h = -h;
  std::string t = decimal(h, DecimalScale{1, 2});
  while (t.back() == '0') t.pop_back();
  if (t.back() == '.') t.pop_back();
  if (t == "-0") t = "0";
  return t + "%";
}

std::string format_alert(const Alert& a, const SymbolTable& s, Language lang) {
  if (lang == Language::Zh) return format_alert_zh(a, s);
  const std::string w = who(a, s);
  switch (a.kind) {
    case AlertKind::ExternalOpen:
      return "⚠️ " + w + " opened outside xtb: position " + qty_text(s, a.symbol, a.qty_before) + " → " +
             qty_text(s, a.symbol, a.qty_after) + mark(a, s) + "; the closer will close it";
    case AlertKind::ExternalIncrease:
      return "⚠️ " + w + " increased outside xtb: position " + qty_text(s, a.symbol, a.qty_before) + " → " +
             qty_text(s, a.symbol, a.qty_after) + mark(a, s);
    case AlertKind::SoftRiskEnter:
      return "⚠️ " + w + " close to liquidation" + risk_tail(a, s);
    case AlertKind::SoftRiskExit:
      return "✅ " + w + " back above the liquidation-distance threshold" + risk_tail(a, s);
    case AlertKind::PanicEnter:
      return "🚨 " + w + " entered " + tier_text(a.tier) + risk_tail(a, s);
    case AlertKind::PanicExit:
      return "✅ " + w + " left panic close" + risk_tail(a, s);
    case AlertKind::StopPlaced:
      return "🛡️ " + w + " protective stop placed" + stop_at(a, s) + position(a, s);
    case AlertKind::StopCancelled:
      return "ℹ️ " + w + " protective stop" + stop_at(a, s) + " cancelled" + position(a, s);
    case AlertKind::StopTriggered:
      return "🚨 " + w + " protective stop" + stop_at(a, s) + " triggered" + position(a, s);
    case AlertKind::StopRejected:
      return "❌ " + w + " protective stop" + stop_at(a, s) + " rejected" + position(a, s);
    case AlertKind::StopAdopted:
      return "🛡️ " + w + " adopted the open protective stop" + stop_at(a, s) + position(a, s);
    case AlertKind::KillSwitch:
      return "⛔ kill switch: trading halted" + (a.symbol != kNoSymbol ? " (" + w + ")" : std::string());
    case AlertKind::SideClosed:
      return a.qty_after > 0 ? "✅ " + w + " closed: remaining " + qty_text(s, a.symbol, a.qty_after) +
                                   " is below the minimum order quantity"
                             : "✅ " + w + " closed";
    case AlertKind::DataStale:
      return "⏸️ " + w + " placing paused: market data is stale" + position(a, s);
    case AlertKind::StopExternal:
      return "🛡️ " + w + " already protected by another closePosition stop (-4130): not placing ours" +
             position(a, s);
    case AlertKind::Fill:
      return "✅ " + w + " filled " + qty_text(s, a.symbol, static_cast<Qty>(a.value_e8)) + " @ " +
             price_text(s, a.symbol, a.px) + " (" + (a.mode == 0 ? "maker" : "aggressive") + ", " +
             std::string(a.reason_text()) + "): position " +
             qty_text(s, a.symbol, a.qty_before) + " → " + qty_text(s, a.symbol, a.qty_after);
    case AlertKind::Reconnect:
      return std::string("🔄 ") + (a.mode == 1 ? "market data" : "user data") +
             " stream reconnected: placing waits for a reconciliation with the venue";
    case AlertKind::kCount: break;
  }
  return "❓ " + w + " alert #" + std::to_string(static_cast<int>(a.kind));
}

}  // namespace xtb::notify
