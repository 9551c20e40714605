// test_notifier_service.cpp — NotifierService end to end: alerts pushed on a "sequencer"
// thread reach the fake Bot API as texts; throttling coalesces bursts into one message;
// filters, queue overflow and channel drops are counted; stop() is bounded when the
// server hangs; the token never reaches the log.
#include <doctest/doctest.h>

#include <chrono>
#include <mutex>
#include <thread>

#include "fake_bot_api.hpp"
#include "notify/alert_text.hpp"
#include "notify/notifier_service.hpp"
#include "notify/telegram.hpp"
#include "venue/binance/venue_id.hpp"

using namespace xtb;
using namespace xtb::notify;
using xtb::test::FakeBotApi;

namespace {

constexpr const char* kToken = "987654:SERVICE-token_0123456789abcdefghij";

struct Fixture {
  SymbolTable symbols;
  SymbolId btc;
  Fixture() {
    SymbolRules r;
    r.price = DecimalScale{1, 1};
    r.qty = DecimalScale{1, 3};
    btc = symbols.add_symbol(xtb::binance::kVenueId, "BTCUSDT", r);
  }
  Alert alert(AlertKind k, Price px = 612345) const {
    Alert a{};
    a.kind = k;
    a.side = PositionSide::Long;
    a.tier = 0;
    a.symbol = btc;
    a.qty_before = a.qty_after = 50;
    a.px = px;
    a.value_e8 = 2'400'000;
    return a;
  }
};

/// Records texts; optionally fails.
struct RecordingNotifier : Notifier {
  std::mutex mu;
  std::vector<std::string> texts;
  bool fail = false;
  bool send(std::string_view t) override {
    std::lock_guard<std::mutex> lock(mu);
    texts.emplace_back(t);
    return !fail;
  }
  const char* name() const noexcept override { return "recording"; }
  std::vector<std::string> get() {
    std::lock_guard<std::mutex> lock(mu);
    return texts;
  }
};

template <class F>
bool eventually(F&& f, int timeout_ms = 10000) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (!f()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

NotifyConfig base_config() {
  NotifyConfig c;
  c.enabled = true;
  c.kind = NotifierKind::Log;
  c.min_interval_ms = 0;
  c.poll_interval_ms = 5;
  return c;
}

}  // namespace

TEST_CASE("notifier service: alerts to the fake Bot API, throttled and coalesced") {
  Fixture fx;
  FakeBotApi api;
  std::shared_ptr<std::ostringstream> logs;
  auto log = test::capture_logger(logs, "svc-test");
  NotifyConfig cfg = base_config();
  cfg.kind = NotifierKind::Telegram;
  cfg.min_interval_ms = 1000;
  TelegramSettings ts;
  ts.base_url = api.base_url();
  ts.token = kToken;
  ts.chat_id = "4242";
  AlertChannel ch(64);
  NotifierService svc(cfg, fx.symbols, ch, std::make_unique<TelegramNotifier>(ts, log), log);

  svc.notify_text("xtb run started: BTCUSDT LONG 0.050 SHORT 0.050");
  REQUIRE(svc.start());
  CHECK(svc.running());
  auto reqs = api.wait_requests(1);
  REQUIRE(reqs.size() == 1);
  CHECK(reqs[0].path == std::string("/bot") + kToken + "/sendMessage");
  CHECK(reqs[0].chat_id == "4242");
  CHECK(reqs[0].text == "xtb run started: BTCUSDT LONG 0.050 SHORT 0.050");

  // A burst from the sequencer thread inside the 1 s throttle window → one message.
  std::thread seq([&] {
    CHECK(ch.try_push(fx.alert(AlertKind::PanicEnter)));
    CHECK(ch.try_push(fx.alert(AlertKind::StopPlaced, 580000)));
    CHECK(ch.try_push(fx.alert(AlertKind::StopTriggered, 580000)));
  });
  seq.join();
  reqs = api.wait_requests(2);
  REQUIRE(reqs.size() == 2);
  CHECK(reqs[1].text == "📋 3 notifications:\n" + format_alert(fx.alert(AlertKind::PanicEnter), fx.symbols, Language::Zh) + "\n" +
                            format_alert(fx.alert(AlertKind::StopPlaced, 580000), fx.symbols, Language::Zh) + "\n" +
                            format_alert(fx.alert(AlertKind::StopTriggered, 580000), fx.symbols, Language::Zh));
  CHECK(reqs[1].t - reqs[0].t >= 0.9);  // the per-chat throttle held the burst back

  // A single alert after the window: sent alone, as its own text.
  CHECK(ch.try_push(fx.alert(AlertKind::SideClosed)));
  reqs = api.wait_requests(3);
  REQUIRE(reqs.size() == 3);
  CHECK(reqs[2].text == format_alert(fx.alert(AlertKind::SideClosed), fx.symbols, Language::Zh));

  svc.stop();
  CHECK_FALSE(svc.running());
  const NotifyStats s = svc.stats();
  CHECK(s.messages_sent == 3);
  CHECK(s.texts_sent == 5);
  CHECK(s.coalesced == 3);
  CHECK(s.alerts_received == 4);
  CHECK(s.texts_received == 1);
  CHECK(s.messages_failed == 0);
  CHECK(s.abandoned == 0);
  log->flush();
  CHECK(logs->str().find(kToken) == std::string::npos);
  svc.notify_text("after stop");  // ignored, counted
  CHECK(svc.stats().dropped == 1);
}

TEST_CASE("notifier service: stop() is bounded when the server hangs") {
  Fixture fx;
  FakeBotApi api;
  std::shared_ptr<std::ostringstream> logs;
  auto log = test::capture_logger(logs, "svc-hang");
  NotifyConfig cfg = base_config();
  cfg.stop_timeout_ms = 300;
  TelegramSettings ts;
  ts.base_url = api.base_url();
  ts.token = kToken;
  ts.chat_id = "4242";
  ts.request_timeout_ms = 120'000;
  api.script({"hang:60"});
  AlertChannel ch(16);
  NotifierService svc(cfg, fx.symbols, ch, std::make_unique<TelegramNotifier>(ts, log), log);
  REQUIRE(svc.start());
  CHECK(ch.try_push(fx.alert(AlertKind::KillSwitch)));
  REQUIRE(api.wait_requests(1).size() == 1);  // the request is in flight, the server hangs
  CHECK(ch.try_push(fx.alert(AlertKind::DataStale)));
  const auto t0 = std::chrono::steady_clock::now();
  svc.stop();
  CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(30));  // not the 60 s hang
  const NotifyStats s = svc.stats();
  CHECK(s.messages_failed == 1);
  CHECK(s.messages_sent == 0);
  CHECK(s.abandoned == 1);  // DataStale: logged, counted, never silently lost
  log->flush();
  CHECK(logs->str().find("not sent (stop deadline)") != std::string::npos);
  CHECK(logs->str().find(kToken) == std::string::npos);
}

TEST_CASE("notifier service: coalescing, filters, overflow and drops are counted") {
  Fixture fx;
  NotifyConfig cfg = base_config();
  auto owned = std::make_unique<RecordingNotifier>();
  RecordingNotifier& rec = *owned;

  SUBCASE("a burst queued before start is one combined message") {
    AlertChannel ch(16);
    NotifierService svc(cfg, fx.symbols, ch, std::move(owned));
    for (int i = 0; i < 5; ++i) CHECK(ch.try_push(fx.alert(AlertKind::StopPlaced, 580000 + i)));
    REQUIRE(svc.start());
    REQUIRE(eventually([&] { return rec.get().size() == 1; }));
    svc.stop();
    const auto t = rec.get();
    REQUIRE(t.size() == 1);
    CHECK(t[0].rfind("📋 5 notifications:\n", 0) == 0);
    CHECK(t[0].find("止损价: 58000.4") != std::string::npos);  // notify.language default: zh
    CHECK(svc.stats().coalesced == 5);
  }
  SUBCASE("long texts are clipped and never combined beyond Telegram's limit") {
    AlertChannel ch(16);
    NotifierService svc(cfg, fx.symbols, ch, std::move(owned));
    svc.notify_text(std::string(5000, 'x'));
    svc.notify_text(std::string(3960, 'y'));
    svc.notify_text("short");
    REQUIRE(svc.start());
    REQUIRE(eventually([&] { return rec.get().size() == 3; }));
    svc.stop();
    const auto t = rec.get();
    REQUIRE(t.size() == 3);
    CHECK(t[0] == std::string(3997, 'x') + "…");  // 4000 bytes
    CHECK(t[1] == std::string(3960, 'y'));         // alone: "short" does not fit with it
    CHECK(t[2] == "short");
    for (const auto& m : t) CHECK(m.size() <= NotifierService::kMaxMessageBytes);
  }
  SUBCASE("filtered kinds are not sent") {
    cfg.alerts.fill(false);
    cfg.alerts[static_cast<std::size_t>(AlertKind::PanicEnter)] = true;
    AlertChannel ch(16);
    NotifierService svc(cfg, fx.symbols, ch, std::move(owned));
    REQUIRE(svc.start());
    CHECK(ch.try_push(fx.alert(AlertKind::DataStale)));
    CHECK(ch.try_push(fx.alert(AlertKind::PanicEnter)));
    REQUIRE(eventually([&] { return svc.stats().alerts_received == 2 && rec.get().size() == 1; }));
    svc.stop();
    CHECK(rec.get()[0] == format_alert(fx.alert(AlertKind::PanicEnter), fx.symbols, Language::Zh));
    CHECK(svc.stats().alerts_filtered == 1);
  }
  SUBCASE("queue overflow is reported in the next message; channel drops are counted") {
    cfg.max_queue = 2;
    cfg.coalesce_after = 100;  // no combining: one text per message
    AlertChannel ch(4);
    NotifierService svc(cfg, fx.symbols, ch, std::move(owned));
    for (int i = 0; i < 6; ++i) ch.try_push(fx.alert(AlertKind::StopPlaced, 580000 + i));  // 2 channel drops
    REQUIRE(svc.start());
    REQUIRE(eventually([&] { return rec.get().size() == 2; }));
    svc.stop();
    const auto t = rec.get();
    REQUIRE(t.size() == 2);
    CHECK(t[0] == format_alert(fx.alert(AlertKind::StopPlaced, 580000), fx.symbols, Language::Zh) +
                      "\n(2 notifications dropped: queue full)");
    CHECK(t[1] == format_alert(fx.alert(AlertKind::StopPlaced, 580001), fx.symbols, Language::Zh));
    const NotifyStats s = svc.stats();
    CHECK(s.channel_dropped == 2);
    CHECK(s.dropped == 2);
    CHECK(s.texts_sent == 2);
  }
  SUBCASE("failed sends are counted") {
    rec.fail = true;
    AlertChannel ch(16);
    NotifierService svc(cfg, fx.symbols, ch, std::move(owned));
    REQUIRE(svc.start());
    svc.notify_text("hello");
    REQUIRE(eventually([&] { return svc.stats().messages_failed == 1; }));
    svc.stop();
    CHECK(svc.stats().texts_failed == 1);
  }
  SUBCASE("disabled: no thread, texts dropped") {
    cfg.enabled = false;
    AlertChannel ch(16);
    NotifierService svc(cfg, fx.symbols, ch, std::move(owned));
    REQUIRE(svc.start());
    CHECK_FALSE(svc.running());
    svc.notify_text("x");
    CHECK(svc.stats().dropped == 1);
    svc.stop();
  }
  SUBCASE("telegram without env credentials: start() fails with the variable's name") {
    cfg.kind = NotifierKind::Telegram;
    cfg.token_env = "XTB_NOTIFY_TEST_UNSET_TOKEN";
    ::unsetenv("XTB_NOTIFY_TEST_UNSET_TOKEN");
    AlertChannel ch(16);
    NotifierService svc(cfg, fx.symbols, ch);
    CHECK_FALSE(svc.start());
    CHECK(svc.error() == "telegram notifier: environment variable XTB_NOTIFY_TEST_UNSET_TOKEN (bot token) is not set");
  }
}
