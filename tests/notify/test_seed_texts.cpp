// test_seed_texts.cpp — seed 002's notification kinds and templates (review rows 56, 57, 60,
// B5, B6): fill, reconnect, side closed, risk, open alert in the seed's Chinese multi-line
// form and in English (notify.language), the run's start and summary texts, and the
// summary's delivery after the notifier thread stopped (NotifierService::send_final).
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <mutex>
#include <sstream>
#include <string>
#include <vector>

#include "notify/alert_text.hpp"
#include "notify/notifier_service.hpp"
#include "notify/run_texts.hpp"
#include "notify/seed_events.hpp"
#include "notify_test_symbols.hpp"
#include "venue/binance/venue_id.hpp"

using namespace xtb;
using namespace xtb::notify;

namespace {

using test::table;

Alert fill_alert(PositionSide side, std::uint8_t mode, std::string_view reason) {
  Alert a{};
  a.kind = AlertKind::Fill;
  a.side = side;
  a.tier = -1;
  a.set_reason(reason);  // the strategy's own word, as data: the notifier includes no strategy header
  a.mode = mode;
  a.symbol = table().find(xtb::binance::kVenueId, "BTCUSDT");
  a.qty_before = 50;
  a.qty_after = 40;
  a.px = 612345;
  a.value_e8 = 10;  // fill qty in steps: 0.010
  return a;
}

Alert simple(AlertKind k, Qty before, Qty after, std::int64_t dist_e8 = 0) {
  Alert a{};
  a.kind = k;
  a.side = PositionSide::Long;
  a.tier = -1;
  a.symbol = table().find(xtb::binance::kVenueId, "BTCUSDT");
  a.qty_before = before;
  a.qty_after = after;
  a.value_e8 = dist_e8;
  return a;
}

struct Recording final : Notifier {
  std::mutex mu;
  std::vector<std::string> texts;
  bool send(std::string_view t) override {
    std::lock_guard<std::mutex> l(mu);
    texts.emplace_back(t);
    return true;
  }
  const char* name() const noexcept override { return "recording"; }
};

}  // namespace

TEST_CASE("fill notification: qty @ price, mode, reason, position before -> after (zh exact, en exact)") {
  const Alert m = fill_alert(PositionSide::Long, 0, "long_primary");
  CHECK(format_alert(m, table(), Language::Zh) ==
        "【已成交】平多\n  交易对: BTCUSDT\n  成交: 0.010 @ 61234.5\n  执行: 挂单模式\n  原因: long_primary\n"
        "  仓位: 0.050 -> 0.040");
  CHECK(format_alert(m, table(), Language::En) ==
        "✅ BTCUSDT LONG filled 0.010 @ 61234.5 (maker, long_primary): position 0.050 → 0.040");
  const Alert a = fill_alert(PositionSide::Short, 1, "panic_close");
  CHECK(format_alert(a, table(), Language::Zh) ==
        "【已成交】平空\n  交易对: BTCUSDT\n  成交: 0.010 @ 61234.5\n  执行: 激进模式\n  原因: panic_close\n"
        "  仓位: 0.050 -> 0.040");
  CHECK(format_alert(a, table()).find("(aggressive, panic_close)") != std::string::npos);
}

TEST_CASE("reconnect, open alert, risk and side closed in the seed's Chinese form") {
  CHECK(format_alert(simple(AlertKind::Reconnect, 0, 0), table(), Language::Zh) ==
        "【重连】用户数据流\n  状态: 已重连，校准后恢复下单");
  Alert market = simple(AlertKind::Reconnect, 0, 0);
  market.mode = 1;  // a market-data stream (review row 47)
  CHECK(format_alert(market, table(), Language::Zh) == "【重连】行情数据流\n  状态: 已重连，校准后恢复下单");
  CHECK(format_alert(market, table()).find("market data stream reconnected") != std::string::npos);
  CHECK(format_alert(simple(AlertKind::ExternalOpen, 0, 50), table(), Language::Zh) ==
        "【告警】开多\n  交易对: BTCUSDT\n  仓位: 0.000 -> 0.050");
  CHECK(format_alert(simple(AlertKind::SoftRiskEnter, 50, 50, 2'400'000), table(), Language::Zh) ==
        "【风险】平多\n  交易对: BTCUSDT\n  强平距离: 2.4%\n  状态: 接近强平，强制激进限价\n  仓位: 0.050");
  CHECK(format_alert(simple(AlertKind::SideClosed, 1, 0), table(), Language::Zh) ==
        "【已平仓】平多\n  交易对: BTCUSDT\n  仓位: 0");
  CHECK(format_alert(simple(AlertKind::SideClosed, 1, 0), table(), Language::En) == "✅ BTCUSDT LONG closed");
}

TEST_CASE("seed telegram events select the alert kinds of their notifications") {
  CHECK(seed_event_kinds("on_fill") == std::vector<AlertKind>{AlertKind::Fill, AlertKind::SideClosed});
  CHECK(seed_event_kinds("on_reconnect") == std::vector<AlertKind>{AlertKind::Reconnect});
  CHECK(seed_event_kinds("on_open_alert") == std::vector<AlertKind>{AlertKind::ExternalOpen, AlertKind::ExternalIncrease});
  const auto risk = seed_event_kinds("on_risk_trigger");
  CHECK(risk.size() == 10);
  CHECK(std::find(risk.begin(), risk.end(), AlertKind::PanicEnter) != risk.end());
  CHECK(seed_event_kinds("on_nothing").empty());
}

TEST_CASE("B6: start and summary texts in both languages") {
  RunStartText s{"ab12cd34", "https://fapi.binance.com", {}};
  s.positions.push_back(RunSideText{"BTCUSDT", PositionSide::Long, "0.050", "", 0, ""});
  CHECK(format_run_start(s, Language::Zh) ==
        "【启动】xtb run\n  运行ID: ab12cd34\n  交易所: https://fapi.binance.com\n  仓位: BTCUSDT 多 0.050");
  CHECK(format_run_start(s, Language::En) ==
        "xtb run started: run ab12cd34, venue https://fapi.binance.com\n  BTCUSDT LONG 0.050");
  RunSummaryText r{"ab12cd34", "both sides flat", 12.34, true, {}};
  r.sides.push_back(RunSideText{"BTCUSDT", PositionSide::Short, "0.050", "0", 5, "61234.5"});
  CHECK(format_run_summary(r, Language::Zh) ==
        "【运行结束】xtb run\n  运行ID: ab12cd34\n  原因: both sides flat\n  用时: 12.3 秒\n  结果: 正常\n"
        "  BTCUSDT 平空: 0.050 -> 0 (成交 5 笔, 均价 61234.5)");
  CHECK(format_run_summary(r, Language::En) ==
        "xtb run finished: run ab12cd34, OK\n  stop: both sides flat; 12.3 s\n  BTCUSDT SHORT: 0.050 → 0 (5 fills, avg exit 61234.5)");
}

TEST_CASE("B6: the summary is delivered after the notifier thread stopped (send_final)") {
  NotifyConfig cfg;
  cfg.enabled = true;
  cfg.min_interval_ms = 0;
  AlertChannel ch(16);
  auto owned = std::make_unique<Recording>();
  Recording& rec = *owned;
  NotifierService svc(cfg, table(), ch, std::move(owned));
  CHECK_FALSE(svc.send_final("too early"));  // not started: nothing to send through
  REQUIRE(svc.start());
  CHECK_FALSE(svc.send_final("while running"));  // running: notify_text is the way
  svc.stop();
  CHECK(svc.send_final("【运行结束】xtb run"));
  std::lock_guard<std::mutex> l(rec.mu);
  REQUIRE(rec.texts.size() == 1);
  CHECK(rec.texts[0] == "【运行结束】xtb run");
  CHECK(svc.stats().texts_sent == 1);
}
