// test_event_log.cpp — the structured event log (app/run/event_log.hpp): one JSON line per
// TradeEvent with symbol names and decimal prices, written by its own thread into a daily
// file; and the exchangeInfo re-read at calibration (app/run/rules_refresh.hpp).
#include <doctest/doctest.h>
#include <simdjson.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "app/run/event_log.hpp"
#include "app/run/rules_refresh.hpp"
#include "telemetry/alert.hpp"
#include "venue/binance/exchange_info.hpp"
#include "venue/binance/venue_id.hpp"

using namespace xtb;

namespace {

// A two-symbol exchangeInfo in Binance's shape; BTCUSDT's grid and filters are parameters.
std::string info(const std::string& tick, const std::string& min_qty, const std::string& notional, bool eth = true) {
  auto sym = [](const std::string& name, const std::string& t, const std::string& step, const std::string& mq,
                const std::string& n) {
    return R"({"symbol":")" + name + R"(","status":"TRADING","baseAsset":"X","quoteAsset":"USDT","marginAsset":"USDT",)"
           R"("pricePrecision":2,"quantityPrecision":3,"filters":[)"
           R"({"filterType":"PRICE_FILTER","minPrice":"0.10","maxPrice":"1000000","tickSize":")" + t + R"("},)"
           R"({"filterType":"LOT_SIZE","minQty":")" + mq + R"(","maxQty":"1000","stepSize":")" + step + R"("},)"
           R"({"filterType":"MIN_NOTIONAL","notional":")" + n + R"("}]})";
  };
  std::string s = R"({"symbols":[)" + sym("BTCUSDT", tick, "0.001", min_qty, notional);
  if (eth) s += "," + sym("ETHUSDT", "0.01", "0.001", "0.001", "5");
  return s + "]}";
}

SymbolTable table_of(const std::string& json) {
  SymbolTable t;
  const binance::ExchangeInfoResult r = binance::load_exchange_info(json, t);
  REQUIRE_MESSAGE(r.ok(), r.error);
  return t;
}

simdjson::dom::element parse(simdjson::dom::parser& p, const std::string& line) {
  simdjson::dom::element e;
  REQUIRE_MESSAGE(p.parse(line).get(e) == simdjson::SUCCESS, line);
  return e;
}

std::string field(simdjson::dom::element e, const char* key) {
  std::string_view v;
  if (e[key].get_string().get(v) != simdjson::SUCCESS) return "<missing>";
  return std::string(v);
}

}  // namespace

TEST_CASE("event log: a fill line carries the symbol, decimal price/qty and the position before and after") {
  const SymbolTable t = table_of(info("0.10", "0.001", "100"));
  TradeEvent e;
  e.t_ns = 1'000;
  e.kind = TradeEventKind::Fill;
  e.symbol = t.find(xtb::binance::kVenueId, "BTCUSDT");
  e.side = Side::Sell;
  e.position_side = PositionSide::Long;
  e.status = OrderStatus::PartiallyFilled;
  e.flags = 1;
  e.px = 612'345;  // ticks of 0.10
  e.qty = 10;      // steps of 0.001
  e.before = 50;
  e.after = 40;
  e.id.assign("xtb-ab12-kz9x0a1b-7");
  // 2026-12-07T16:40:01.123456Z in unix ns, minus the event's t_ns.
  const std::int64_t wall = 1'796'661'601'123'456'000 - 1'000;
  const std::string line = run::format_event_json(e, t, wall);
  simdjson::dom::parser p;
  const simdjson::dom::element j = parse(p, line);
  CHECK(field(j, "ts") == "2026-12-07T16:40:01.123456Z");
  CHECK(field(j, "event") == "fill");
  CHECK(field(j, "symbol") == "BTCUSDT");
  CHECK(field(j, "side") == "SELL");
  CHECK(field(j, "position_side") == "LONG");
  CHECK(field(j, "id") == "xtb-ab12-kz9x0a1b-7");
  CHECK(field(j, "px") == "61234.5");
  CHECK(field(j, "qty") == "0.010");
  CHECK(field(j, "position_before") == "0.050");
  CHECK(field(j, "position_after") == "0.040");
  bool maker = false;
  CHECK(j["maker"].get_bool().get(maker) == simdjson::SUCCESS);
  CHECK(maker);
}

TEST_CASE("event log: every kind formats as valid JSON with its own fields") {
  const SymbolTable t = table_of(info("0.10", "0.001", "100"));
  simdjson::dom::parser p;
  for (int k = 0; k < static_cast<int>(TradeEventKind::kCount); ++k) {
    TradeEvent e;
    e.kind = static_cast<TradeEventKind>(k);
    e.symbol = t.find(xtb::binance::kVenueId, "ETHUSDT");
    e.px = 312'345;
    e.qty = 7;
    e.alert = static_cast<std::uint8_t>(AlertKind::SoftRiskEnter);
    e.value_e8 = 2'400'000;
    e.id.assign("id\"with\\quote");  // escaped, never breaks the line
    const std::string line = run::format_event_json(e, t, 0);
    CAPTURE(line);
    const simdjson::dom::element j = parse(p, line);
    CHECK(field(j, "event") != "unknown");
    if (e.kind != TradeEventKind::Calibration) CHECK(field(j, "symbol") == "ETHUSDT");
  }
  TradeEvent a;
  a.kind = TradeEventKind::Alert;
  a.alert = static_cast<std::uint8_t>(AlertKind::Reconnect);
  a.mode = 1;
  CHECK(field(parse(p, run::format_event_json(a, t, 0)), "stream") == "market");
  TradeEvent s;  // an unknown symbol id: numbers instead of decimals, no crash
  s.kind = TradeEventKind::Place;
  s.symbol = 999;
  s.px = 5;
  CHECK(field(parse(p, run::format_event_json(s, t, 0)), "px") == "5");
}

TEST_CASE("event log: the writer thread drains the channel into <dir>/events_<date>.jsonl") {
  const SymbolTable t = table_of(info("0.10", "0.001", "100"));
  const std::string dir = (std::filesystem::temp_directory_path() / "xtb_event_log_test").string();
  std::filesystem::remove_all(dir);
  std::string path;
  {
    run::EventLogWriter w(dir, 3, t, 64);
    w.start();
    const TradeEventSink sink = w.sink();
    for (int i = 0; i < 100; ++i) {  // more than the ring holds: drops are counted, not lost silently
      TradeEvent e;
      e.kind = TradeEventKind::Cancel;
      e.symbol = t.find(xtb::binance::kVenueId, "BTCUSDT");
      e.id.assign("c" + std::to_string(i));
      sink.emit(e);
    }
    w.stop();
    CHECK(w.written() + w.dropped() == 100);
    CHECK(w.written() >= 64);
    path = w.path();
    CHECK(path.rfind(dir + "/events_", 0) == 0);
  }
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  REQUIRE(lines.size() >= 64);
  CHECK(lines.front().find("\"event\":\"cancel\",\"symbol\":\"BTCUSDT\"") != std::string::npos);
  CHECK(lines.front().find("\"id\":\"c0\"") != std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST_CASE("row 48: exchangeInfo re-read — filters applied live, a grid change or delisting asks for a restart") {
  const SymbolTable cur = table_of(info("0.10", "0.001", "100"));
  const std::vector<SymbolId> traded{cur.find(xtb::binance::kVenueId, "BTCUSDT"), cur.find(xtb::binance::kVenueId, "ETHUSDT")};
  SUBCASE("unchanged: nothing") {
    const run::RulesDiff d = run::diff_rules(cur, table_of(info("0.10", "0.001", "100")), traded);
    CHECK(d.updates.empty());
    CHECK(d.changes.empty());
    CHECK(d.grid_change.empty());
  }
  SUBCASE("min qty and min notional changed: one update for BTCUSDT, in its own id") {
    const run::RulesDiff d = run::diff_rules(cur, table_of(info("0.10", "0.002", "5")), traded);
    REQUIRE(d.updates.size() == 1);
    CHECK(d.updates[0].rules.symbol == cur.find(xtb::binance::kVenueId, "BTCUSDT"));
    CHECK(d.updates[0].rules.min_qty == 2);
    CHECK(d.updates[0].rules.min_notional == 500'000'000);
    REQUIRE(d.changes.size() == 1);
    CHECK(d.changes[0] == "BTCUSDT: min_qty 0.001 → 0.002, min_notional 100 → 5");
    CHECK(d.grid_change.empty());
  }
  SUBCASE("tick size changed: restart") {
    const run::RulesDiff d = run::diff_rules(cur, table_of(info("0.01", "0.001", "100")), traded);
    CHECK(d.updates.empty());
    CHECK(d.grid_change == "BTCUSDT tick/step 0.1/0.001 → 0.01/0.001");
  }
  SUBCASE("a traded symbol delisted: restart") {
    const run::RulesDiff d = run::diff_rules(cur, table_of(info("0.10", "0.001", "100", false)), traded);
    CHECK(d.grid_change == "ETHUSDT is no longer in exchangeInfo");
  }
}
