// notify_config.cpp — see notify_config.hpp.
#include "notify/notify_config.hpp"

#include "core/env_name.hpp"

#include <yaml-cpp/yaml.h>

#include <cstdlib>
#include <exception>
#include <string_view>

#include "core/affinity.hpp"
#include "core/yaml_document.hpp"

namespace xtb::notify {
namespace {


class Reader {
 public:
  Reader(const std::string& file, std::vector<ConfigIssue>& out) : file_(file), out_(out) {}

  void error(const YAML::Node& at, const std::string& key, const std::string& msg) {
    ConfigIssue e;
    e.file = file_;
    e.field = "notify" + (key.empty() ? std::string() : "." + key);
    e.message = msg;
    const YAML::Mark m = at.IsDefined() ? at.Mark() : YAML::Mark::null_mark();
    if (!m.is_null()) {
      e.line = m.line + 1;
      e.column = m.column + 1;
    }
    out_.push_back(std::move(e));
  }

  void boolean(const YAML::Node& n, const std::string& key, bool& out) {
    if (!n.IsScalar() || !yaml::parse_bool(n.Scalar(), out)) error(n, key, "must be true or false" + got(n));
  }

  template <class Int>
  void integer(const YAML::Node& n, const std::string& key, std::int64_t lo, std::int64_t hi, Int& out) {
    long long v = 0;
    if (n.IsScalar() && YAML::convert<long long>::decode(n, v) && v >= lo && v <= hi) out = static_cast<Int>(v);
    else error(n, key, "must be an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]" + got(n));
  }

  /// A non-empty scalar string.
  bool text(const YAML::Node& n, const std::string& key, std::string& out) {
    if (!n.IsScalar() || n.Scalar().empty()) {
      error(n, key, "must be a non-empty string" + got(n));
      return false;
    }
    out = n.Scalar();
    return true;
  }

  /// ", got 'x'" / ", got a sequence": what was there (escaped).
  static std::string got(const YAML::Node& n) { return yaml::got(n); }

 private:
  const std::string& file_;
  std::vector<ConfigIssue>& out_;
};

/// A bot token is "<digits>:<35 url-safe characters>"; an env var name never has ':'.
bool looks_like_token(std::string_view s) {
  const std::size_t colon = s.find(':');
  return colon != std::string_view::npos && colon > 0 && s.size() > colon + 20;
}

void env_name(Reader& rd, const YAML::Node& n, const std::string& key, std::string& out) {
  if (!n.IsScalar() || n.Scalar().empty()) return rd.error(n, key, "must name an environment variable");
  if (looks_like_token(n.Scalar()))  // never echo a secret into an error message
    return rd.error(n, key, "must be the NAME of an environment variable, not the secret itself");
  if (!is_env_name(n.Scalar()))
    return rd.error(n, key, "must be an environment variable name ([A-Za-z_][A-Za-z0-9_]*), got '" + n.Scalar() + "'");
  out = n.Scalar();
}

void alert_list(Reader& rd, const YAML::Node& n, NotifyConfig& c) {
  if (n.IsScalar() && n.Scalar() == "all") return c.alerts.fill(true);
  if (!n.IsSequence()) return rd.error(n, "alerts", "must be 'all' or a list of alert names" + Reader::got(n));
  c.alerts.fill(false);
  for (const YAML::Node& item : n) {
    AlertKind k{};
    if (item.IsScalar() && item.Scalar() == "all") c.alerts.fill(true);
    else if (item.IsScalar() && parse_alert_kind(item.Scalar(), k)) c.alerts[static_cast<std::size_t>(k)] = true;
    else {
      std::string names;
      for (std::size_t i = 0; i < kAlertKinds; ++i)
        names += std::string(i ? ", " : "") + to_string(static_cast<AlertKind>(i));
      rd.error(item, "alerts", "unknown alert" + Reader::got(item) + " (known: all, " + names + ")");
    }
  }
}

void field(Reader& rd, const std::string& key, const YAML::Node& v, NotifyConfig& c) {
  constexpr std::int64_t kHour = 3'600'000;
  if (key == "enabled") rd.boolean(v, key, c.enabled);
  else if (key == "kind") {
    if (v.IsScalar() && v.Scalar() == "log") c.kind = NotifierKind::Log;
    else if (v.IsScalar() && v.Scalar() == "telegram") c.kind = NotifierKind::Telegram;
    else rd.error(v, key, "must be 'log' or 'telegram'" + Reader::got(v));
  } else if (key == "base_url") {
    std::string s;
    if (rd.text(v, key, s)) {
      if (s.rfind("http://", 0) == 0 || s.rfind("https://", 0) == 0) c.base_url = s;
      else rd.error(v, key, "must start with http:// or https://" + Reader::got(v));
    }
  } else if (key == "token_env") env_name(rd, v, key, c.token_env);
  else if (key == "chat_id_env") env_name(rd, v, key, c.chat_id_env);
  else if (key == "token" || key == "chat_id")  // value deliberately not echoed
    rd.error(v, key, "secrets are read from the environment only: set " + key + "_env to a variable name");
  else if (key == "min_interval_ms") rd.integer(v, key, 0, kHour, c.min_interval_ms);
  else if (key == "coalesce_after") rd.integer(v, key, 2, 1'000'000, c.coalesce_after);
  else if (key == "max_queue") rd.integer(v, key, 1, 1'000'000, c.max_queue);
  else if (key == "alerts") alert_list(rd, v, c);
  else if (key == "language") {
    if (!v.IsScalar() || !parse_language(v.Scalar(), c.language))
      rd.error(v, key, "must be 'zh' or 'en'" + Reader::got(v));
  }
  else if (key == "connect_timeout_ms") rd.integer(v, key, 1, 600'000, c.connect_timeout_ms);
  else if (key == "request_timeout_ms") rd.integer(v, key, 1, 600'000, c.request_timeout_ms);
  else if (key == "max_attempts") rd.integer(v, key, 1, 100, c.max_attempts);
  else if (key == "backoff_ms") rd.integer(v, key, 0, 600'000, c.backoff_ms);
  else if (key == "max_retry_after_ms") rd.integer(v, key, 0, kHour, c.max_retry_after_ms);
  else if (key == "stop_timeout_ms") rd.integer(v, key, 0, 600'000, c.stop_timeout_ms);
  else if (key == "poll_interval_ms") rd.integer(v, key, 1, 10'000, c.poll_interval_ms);
  else if (key == "cpus") {
    if (!v.IsScalar()) return rd.error(v, key, "must be a CPU list such as \"0-1\"");
    try {
      if (!v.Scalar().empty()) (void)parse_cpu_list(v.Scalar());
      c.cpus = v.Scalar();
    } catch (const std::exception& e) {
      rd.error(v, key, std::string("bad CPU list: ") + e.what());
    }
  } else rd.error(v, key, "unknown key");
}

}  // namespace

const char* to_string(NotifierKind k) noexcept { return k == NotifierKind::Telegram ? "telegram" : "log"; }

NotifyConfig parse_notify_config(const YAML::Node& node, const std::string& file,
                                 std::vector<ConfigIssue>& issues) {
  NotifyConfig c;
  Reader rd(file, issues);
  if (!node.IsDefined() || node.IsNull()) return c;
  if (!node.IsMap()) {
    rd.error(node, "", "must be a map" + Reader::got(node));
    return c;
  }
  for (const auto& kv : node) {
    const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : std::string("(complex key)");
    if (kv.second.IsNull() && kv.first.IsScalar()) {  // at the key: a null's mark is the next token
      rd.error(kv.first, key, "must not be null (remove the key to use the default)");
      continue;
    }
    field(rd, key, kv.second, c);
  }
  if (c.request_timeout_ms < c.connect_timeout_ms)
    rd.error(node["request_timeout_ms"], "request_timeout_ms", "must be >= connect_timeout_ms");
  return c;
}

bool telegram_settings_from_env(const NotifyConfig& cfg, TelegramSettings& out, std::string& error) {
  const char* token = std::getenv(cfg.token_env.c_str());
  const char* chat = std::getenv(cfg.chat_id_env.c_str());
  if (!token || !*token) {
    error = "telegram notifier: environment variable " + cfg.token_env + " (bot token) is not set";
    return false;
  }
  if (!chat || !*chat) {
    error = "telegram notifier: environment variable " + cfg.chat_id_env + " (chat id) is not set";
    return false;
  }
  out.base_url = cfg.base_url;
  out.token = token;
  out.chat_id = chat;
  out.connect_timeout_ms = cfg.connect_timeout_ms;
  out.request_timeout_ms = cfg.request_timeout_ms;
  out.max_attempts = cfg.max_attempts;
  out.backoff_ms = cfg.backoff_ms;
  out.max_retry_after_ms = cfg.max_retry_after_ms;
  return true;
}

std::unique_ptr<Notifier> make_notifier(const NotifyConfig& cfg, std::string& error,
                                        std::shared_ptr<spdlog::logger> log) {
  if (cfg.kind == NotifierKind::Log) return std::make_unique<LogNotifier>(std::move(log));
  TelegramSettings s;
  if (!telegram_settings_from_env(cfg, s, error)) return nullptr;
  try {
    return std::make_unique<TelegramNotifier>(std::move(s), std::move(log));
  } catch (const std::exception& e) {
    error = e.what();
    return nullptr;
  }
}

}  // namespace xtb::notify
