// test_alert_text.cpp — every AlertKind has a readable text, with prices and quantities
// on the symbol's real tick/step grid (BTCUSDT rules from the real exchangeInfo fixture).
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "notify/alert_text.hpp"
#include "notify_test_symbols.hpp"
#include "venue/binance/venue_id.hpp"

using namespace xtb;
using namespace xtb::notify;

namespace {

using test::table;

Alert alert(AlertKind k, std::int64_t px = 0, std::int64_t dist_e8 = 0, std::int8_t tier = -1) {
  Alert a{};
  a.kind = k;
  a.side = PositionSide::Long;
  a.tier = tier;
  a.symbol = table().find(xtb::binance::kVenueId, "BTCUSDT");
  a.qty_before = 50;  // 0.050 BTC at step 0.001
  a.qty_after = 50;
  a.px = px;
  a.value_e8 = dist_e8;
  return a;
}

}  // namespace

TEST_CASE("alert text: BTCUSDT grids from the real exchangeInfo") {
  const SymbolRules& r = table().rules(table().find(xtb::binance::kVenueId, "BTCUSDT"));
  CHECK(r.price == DecimalScale{1, 1});  // tickSize 0.10
  CHECK(r.qty == DecimalScale{1, 3});    // stepSize 0.001
  CHECK(price_text(table(), table().find(xtb::binance::kVenueId, "BTCUSDT"), 612345) == "61234.5");
  CHECK(qty_text(table(), table().find(xtb::binance::kVenueId, "BTCUSDT"), 50) == "0.050");
  CHECK(symbol_text(table(), 999) == "symbol#999");
  CHECK(price_text(table(), 999, 612345) == "612345");
}

TEST_CASE("alert text: percent") {
  CHECK(percent_text(2'400'000) == "2.4%");      // 0.024
  CHECK(percent_text(2'456'789) == "2.46%");
  CHECK(percent_text(100'000'000) == "100%");
  CHECK(percent_text(0) == "0%");
  CHECK(percent_text(4'999) == "0%");
  CHECK(percent_text(5'000) == "0.01%");
  CHECK(percent_text(-1'230'000) == "-1.23%");
}

TEST_CASE("alert text: exact texts") {
  CHECK(format_alert(alert(AlertKind::PanicEnter, 612345, 2'400'000, 0), table()) ==
        "🚨 BTCUSDT LONG entered panic tier 1: dist_to_liq 2.4% (mark 61234.5), position 0.050");
  CHECK(format_alert(alert(AlertKind::PanicEnter, 612345, 1'000'000, -1), table()) ==
        "🚨 BTCUSDT LONG entered a panic tier: dist_to_liq 1% (mark 61234.5), position 0.050");
  CHECK(format_alert(alert(AlertKind::PanicExit, 612345, -1), table()) ==
        "✅ BTCUSDT LONG left panic close: dist_to_liq n/a (mark 61234.5), position 0.050");
  CHECK(format_alert(alert(AlertKind::SoftRiskEnter, 612345, 4'800'000), table()) ==
        "⚠️ BTCUSDT LONG close to liquidation: dist_to_liq 4.8% (mark 61234.5), position 0.050");
  CHECK(format_alert(alert(AlertKind::SoftRiskExit, 612345, 6'100'000), table()) ==
        "✅ BTCUSDT LONG back above the liquidation-distance threshold: dist_to_liq 6.1% (mark 61234.5), position 0.050");
  Alert open = alert(AlertKind::ExternalOpen, 612345);
  open.qty_before = 0;
  open.side = PositionSide::Short;
  CHECK(format_alert(open, table()) ==
        "⚠️ BTCUSDT SHORT opened outside xtb: position 0.000 → 0.050 (mark 61234.5); the closer will close it");
  Alert inc = alert(AlertKind::ExternalIncrease, 612345);
  inc.qty_after = 80;
  CHECK(format_alert(inc, table()) == "⚠️ BTCUSDT LONG increased outside xtb: position 0.050 → 0.080 (mark 61234.5)");
  CHECK(format_alert(alert(AlertKind::StopPlaced, 580000), table()) ==
        "🛡️ BTCUSDT LONG protective stop placed at 58000.0 (position 0.050)");
  CHECK(format_alert(alert(AlertKind::StopCancelled, 580000), table()) ==
        "ℹ️ BTCUSDT LONG protective stop at 58000.0 cancelled (position 0.050)");
  CHECK(format_alert(alert(AlertKind::StopTriggered, 580000), table()) ==
        "🚨 BTCUSDT LONG protective stop at 58000.0 triggered (position 0.050)");
  CHECK(format_alert(alert(AlertKind::StopRejected, 580000), table()) ==
        "❌ BTCUSDT LONG protective stop at 58000.0 rejected (position 0.050)");
  CHECK(format_alert(alert(AlertKind::StopAdopted, 580000), table()) ==
        "🛡️ BTCUSDT LONG adopted the open protective stop at 58000.0 (position 0.050)");
  CHECK(format_alert(alert(AlertKind::StopExternal, 580000), table()) ==
        "🛡️ BTCUSDT LONG already protected by another closePosition stop (-4130): not placing ours (position 0.050)");
  Alert kill{};
  kill.kind = AlertKind::KillSwitch;
  kill.symbol = kNoSymbol;
  kill.tier = -1;
  CHECK(format_alert(kill, table()) == "⛔ kill switch: trading halted");
  Alert dust = alert(AlertKind::SideClosed);
  dust.qty_before = dust.qty_after = 0;
  CHECK(format_alert(dust, table()) == "✅ BTCUSDT LONG closed");
  dust.qty_after = 1;
  CHECK(format_alert(dust, table()) == "✅ BTCUSDT LONG closed: remaining 0.001 is below the minimum order quantity");
  CHECK(format_alert(alert(AlertKind::DataStale), table()) ==
        "⏸️ BTCUSDT LONG placing paused: market data is stale (position 0.050)");
}

TEST_CASE("alert text: every kind has its own text") {
  std::vector<std::string> seen;
  for (int k = 0; k < static_cast<int>(AlertKind::kCount); ++k) {
    const std::string t = format_alert(alert(static_cast<AlertKind>(k), 612345, 2'000'000, 0), table());
    CAPTURE(t);
    CHECK(t.find("❓") == std::string::npos);
    const auto kind = static_cast<AlertKind>(k);
    if (kind != AlertKind::KillSwitch && kind != AlertKind::Reconnect) CHECK(t.find("BTCUSDT LONG") != std::string::npos);
    // The Chinese form exists for every kind too, distinct and in the seed's 【title】 shape.
    const std::string z = format_alert(alert(kind, 612345, 2'000'000, 0), table(), Language::Zh);
    CAPTURE(z);
    CHECK(z.rfind("【", 0) == 0);
    CHECK(z.find("未知") == std::string::npos);
    if (kind != AlertKind::KillSwitch && kind != AlertKind::Reconnect) CHECK(z.find("\n  交易对: BTCUSDT") != std::string::npos);
    for (const std::string& s : seen) CHECK(s != z);
    seen.push_back(z);
    for (const std::string& s : seen) CHECK(s != t);
    seen.push_back(t);
  }
  // an out-of-range kind still produces a line, never a crash
  Alert bad = alert(AlertKind::kCount);
  CHECK(format_alert(bad, table()).find("alert #") != std::string::npos);
}
