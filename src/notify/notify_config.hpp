// notify_config.hpp — the `notify:` section of an xtb YAML config, and building the
// configured Notifier (docs/notify.md has the annotated example).
//
//   notify:
//     enabled: true                     # false (default): no notifier thread, nothing sent
//     kind: telegram                    # log | telegram
//     base_url: https://api.telegram.org
//     token_env: XTB_TELEGRAM_TOKEN     # NAME of the env var holding the bot token
//     chat_id_env: XTB_TELEGRAM_CHAT_ID # NAME of the env var holding the chat id
//     min_interval_ms: 1000             # per-chat throttle (Telegram: ~1 message/s/chat)
//     coalesce_after: 2                 # ≥ N texts waiting when the throttle opens → 1 message
//     max_queue: 256                    # texts waiting in the service; beyond: counted drops
//     alerts: all                       # or a list: [panic_enter, protective_stop_triggered, ...]
//     language: zh                      # zh (seed 002's Chinese multi-line templates, default) | en
//     connect_timeout_ms: 3000          # per HTTP request
//     request_timeout_ms: 10000         # per HTTP request (whole transfer)
//     max_attempts: 3                   # 5xx / timeouts / network errors
//     backoff_ms: 500                   # first retry delay, doubled per retry
//     max_retry_after_ms: 30000         # HTTP 429 retry_after above this → give up
//     stop_timeout_ms: 3000             # stop(): flush deadline
//     poll_interval_ms: 20              # notifier's idle sleep (alert pick-up latency)
//     cpus: ""                          # cpulist for the notifier thread ("" = inherit)
//
// Seed 002's layout (global.telegram: enabled + events.on_*) is mapped onto this struct by the
// run loader (app/run/run_config.cpp, notify/seed_events.hpp).
// Secrets never live in the file: `token:` / `chat_id:` keys are rejected, and a
// token_env value that looks like a bot token is rejected without echoing it.
// Errors: every problem is appended to `issues` as "file:line:col: notify.<field>: message"
// (ConfigIssue, like every config loader); unknown keys and null values are errors,
// and a wrong kind is named ("must be an integer ..., got a sequence").
// Thread: cold path (start-up). Allocates; throws nothing.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "notify/language.hpp"
#include "notify/notifier.hpp"
#include "notify/telegram.hpp"
#include "telemetry/alert.hpp"
#include "core/config_issue.hpp"
#include "telemetry/alert.hpp"

namespace YAML { class Node; }

namespace xtb::notify {

enum class NotifierKind : std::uint8_t { Log, Telegram };
const char* to_string(NotifierKind k) noexcept;

inline constexpr std::size_t kAlertKinds = static_cast<std::size_t>(AlertKind::kCount);

struct NotifyConfig {
  bool enabled = false;
  NotifierKind kind = NotifierKind::Log;
  std::string base_url = "https://api.telegram.org";
  std::string token_env = "XTB_TELEGRAM_TOKEN";
  std::string chat_id_env = "XTB_TELEGRAM_CHAT_ID";
  std::int64_t min_interval_ms = 1'000;
  std::uint32_t coalesce_after = 2;
  std::size_t max_queue = 256;
  std::array<bool, kAlertKinds> alerts{};  ///< which AlertKinds are sent (default: all)
  Language language = Language::Zh;        ///< texts: seed 002's Chinese templates, or English
  std::int64_t connect_timeout_ms = 3'000;
  std::int64_t request_timeout_ms = 10'000;
  int max_attempts = 3;
  std::int64_t backoff_ms = 500;
  std::int64_t max_retry_after_ms = 30'000;
  std::int64_t stop_timeout_ms = 3'000;
  std::int64_t poll_interval_ms = 20;
  std::string cpus;  ///< Linux cpulist for the notifier thread; empty = inherit

  NotifyConfig() { alerts.fill(true); }
  bool sends(AlertKind k) const noexcept {
    return static_cast<std::size_t>(k) < kAlertKinds && alerts[static_cast<std::size_t>(k)];
  }
};

/// Parses the `notify:` section `node` (undefined/null → defaults, i.e. disabled).
/// Problems are appended to `issues` (file:line from the node marks).
NotifyConfig parse_notify_config(const YAML::Node& node, const std::string& file,
                                 std::vector<ConfigIssue>& issues);


/// Telegram settings from `cfg` with the token and chat id read from the environment
/// variables it names. False with `error` naming the missing variable (never a value).
bool telegram_settings_from_env(const NotifyConfig& cfg, TelegramSettings& out, std::string& error);

/// The Notifier `cfg.kind` asks for (Telegram: credentials from env). nullptr with
/// `error` set when credentials are missing or libcurl fails. `log` null = default.
std::unique_ptr<Notifier> make_notifier(const NotifyConfig& cfg, std::string& error,
                                        std::shared_ptr<spdlog::logger> log = nullptr);

}  // namespace xtb::notify
