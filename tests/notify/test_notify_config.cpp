// test_notify_config.cpp — the `notify:` YAML section: values, defaults, errors with
// file:line, secrets never accepted (or echoed) from the file, env look-up.
#include <doctest/doctest.h>
#include <yaml-cpp/yaml.h>

#include <cstdlib>

#include "notify/notify_config.hpp"

using namespace xtb;
using namespace xtb::notify;

namespace {
NotifyConfig parse(const std::string& yaml, std::vector<ConfigIssue>& issues) {
  const YAML::Node root = YAML::Load(yaml);
  return parse_notify_config(root["notify"], "n.yaml", issues);
}
}  // namespace

TEST_CASE("notify config: defaults and a full section") {
  std::vector<ConfigIssue> issues;
  const NotifyConfig d = parse("global: {}\n", issues);
  CHECK(issues.empty());
  CHECK_FALSE(d.enabled);
  CHECK(d.kind == NotifierKind::Log);
  CHECK(d.token_env == "XTB_TELEGRAM_TOKEN");
  CHECK(d.sends(AlertKind::DataStale));

  const NotifyConfig c = parse(R"(notify:
  enabled: true
  kind: telegram
  base_url: http://127.0.0.1:8081
  token_env: MY_BOT_TOKEN
  chat_id_env: MY_CHAT
  min_interval_ms: 1500
  coalesce_after: 3
  max_queue: 64
  alerts: [panic_enter, protective_stop_triggered, kill_switch]
  connect_timeout_ms: 1000
  request_timeout_ms: 5000
  max_attempts: 4
  backoff_ms: 250
  max_retry_after_ms: 60000
  stop_timeout_ms: 2000
  poll_interval_ms: 10
  cpus: "0"
)", issues);
  for (const auto& i : issues) MESSAGE(i.text());
  CHECK(issues.empty());
  CHECK(c.enabled);
  CHECK(c.kind == NotifierKind::Telegram);
  CHECK(c.base_url == "http://127.0.0.1:8081");
  CHECK(c.token_env == "MY_BOT_TOKEN");
  CHECK(c.chat_id_env == "MY_CHAT");
  CHECK(c.min_interval_ms == 1500);
  CHECK(c.coalesce_after == 3);
  CHECK(c.max_queue == 64);
  CHECK(c.sends(AlertKind::PanicEnter));
  CHECK(c.sends(AlertKind::StopTriggered));
  CHECK(c.sends(AlertKind::KillSwitch));
  CHECK_FALSE(c.sends(AlertKind::DataStale));
  CHECK(c.connect_timeout_ms == 1000);
  CHECK(c.request_timeout_ms == 5000);
  CHECK(c.max_attempts == 4);
  CHECK(c.backoff_ms == 250);
  CHECK(c.max_retry_after_ms == 60000);
  CHECK(c.stop_timeout_ms == 2000);
  CHECK(c.poll_interval_ms == 10);
  CHECK(c.cpus == "0");
}

TEST_CASE("notify config: errors name file, line, column and field") {
  std::vector<ConfigIssue> issues;
  parse(R"(notify:
  enabled: maybe
  kind: email
  min_interval_ms: -5
  alerts: [panic_enter, panik]
  colour: blue
  base_url: ftp://x
)", issues);
  REQUIRE(issues.size() == 6);
  CHECK(issues[0].text() == "n.yaml:2:12: notify.enabled: must be true or false, got 'maybe'");
  CHECK(issues[1].text() == "n.yaml:3:9: notify.kind: must be 'log' or 'telegram', got 'email'");
  CHECK(issues[2].text() == "n.yaml:4:20: notify.min_interval_ms: must be an integer in [0, 3600000], got '-5'");
  CHECK(issues[3].text().rfind("n.yaml:5:25: notify.alerts: unknown alert, got 'panik' (known: all, external_open", 0) == 0);
  CHECK(issues[4].text() == "n.yaml:6:11: notify.colour: unknown key");
  CHECK(issues[5].text() == "n.yaml:7:13: notify.base_url: must start with http:// or https://, got 'ftp://x'");
}

TEST_CASE("notify config: secrets are never taken from (or echoed out of) the file") {
  std::vector<ConfigIssue> issues;
  const std::string secret = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";
  parse("notify:\n  token: \"" + secret + "\"\n  token_env: \"" + secret + "\"\n  chat_id_env: 'bad name'\n", issues);
  REQUIRE(issues.size() == 3);
  CHECK(issues[0].text() ==
        "n.yaml:2:10: notify.token: secrets are read from the environment only: set token_env to a variable name");
  CHECK(issues[1].text() ==
        "n.yaml:3:14: notify.token_env: must be the NAME of an environment variable, not the secret itself");
  CHECK(issues[2].field == "notify.chat_id_env");
  for (const ConfigIssue& i : issues) CHECK(i.text().find(secret) == std::string::npos);
}

TEST_CASE("notify config: credentials come from the named env vars") {
  std::vector<ConfigIssue> issues;
  NotifyConfig c = parse("notify: {enabled: true, kind: telegram, token_env: XTB_TEST_TOK, chat_id_env: XTB_TEST_CHAT}\n", issues);
  REQUIRE(issues.empty());
  ::unsetenv("XTB_TEST_TOK");
  ::unsetenv("XTB_TEST_CHAT");
  TelegramSettings s;
  std::string err;
  CHECK_FALSE(telegram_settings_from_env(c, s, err));
  CHECK(err == "telegram notifier: environment variable XTB_TEST_TOK (bot token) is not set");
  CHECK(make_notifier(c, err) == nullptr);
  ::setenv("XTB_TEST_TOK", "42:secret-token-value-xxxxxxxxxxxxxxxx", 1);
  CHECK_FALSE(telegram_settings_from_env(c, s, err));
  CHECK(err == "telegram notifier: environment variable XTB_TEST_CHAT (chat id) is not set");
  CHECK(err.find("secret-token") == std::string::npos);
  ::setenv("XTB_TEST_CHAT", "-100123", 1);
  REQUIRE(telegram_settings_from_env(c, s, err));
  CHECK(s.token == "42:secret-token-value-xxxxxxxxxxxxxxxx");
  CHECK(s.chat_id == "-100123");
  auto n = make_notifier(c, err);
  REQUIRE(n != nullptr);
  CHECK(std::string(n->name()) == "telegram");
  ::unsetenv("XTB_TEST_TOK");
  ::unsetenv("XTB_TEST_CHAT");
}

TEST_CASE("notify config: parse_alert_kind knows every kind") {
  for (int k = 0; k < static_cast<int>(AlertKind::kCount); ++k) {
    AlertKind out{};
    CHECK(parse_alert_kind(to_string(static_cast<AlertKind>(k)), out));
    CHECK(static_cast<int>(out) == k);
  }
}

TEST_CASE("D14/C21 + D16/C5: a null notify value is an error at its key; a wrong kind is named") {
  std::vector<ConfigIssue> issues;
  (void)parse("notify:\n  enabled:\n  kind: log\n  max_queue: [1, 2]\n  base_url: {a: 1}\n  alerts: 5\n", issues);
  REQUIRE(issues.size() == 4);
  // The null's own mark is the next token (line 3): the error points at the key, line 2.
  CHECK(issues[0].text() == "n.yaml:2:3: notify.enabled: must not be null (remove the key to use the default)");
  CHECK(issues[1].text() == "n.yaml:4:14: notify.max_queue: must be an integer in [1, 1000000], got a sequence");
  CHECK(issues[2].text() == "n.yaml:5:13: notify.base_url: must be a non-empty string, got a map");
  CHECK(issues[3].text() == "n.yaml:6:11: notify.alerts: must be 'all' or a list of alert names, got '5'");
  // A control character in an echoed value is escaped (D16/C17).
  issues.clear();
  (void)parse("notify:\n  kind: \"tele\\u0007gram\"\n", issues);
  REQUIRE(issues.size() == 1);
  CHECK(issues[0].text() == "n.yaml:2:9: notify.kind: must be 'log' or 'telegram', got 'tele\\x07gram'");
}
