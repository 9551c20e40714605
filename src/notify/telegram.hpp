// telegram.hpp — TelegramNotifier: posts messages through the Telegram Bot API with
// libcurl (seed 002 "Notifier (Telegram)"; token/chat id from env only).
//
// Protocol (https://core.telegram.org/bots/api#making-requests, #sendmessage,
// #responseparameters): POST <base_url>/bot<token>/sendMessage, Content-Type
// application/json, body {"chat_id": "<chat id>", "text": "<text>"} (plain text: no
// parse_mode, so no escaping rules). The reply is {"ok": true, "result": {...}} or
// {"ok": false, "error_code": N, "description": "...", "parameters": {"retry_after": S}}.
//
// Failure handling per send():
//   HTTP 429            → wait `parameters.retry_after` seconds (1 s if absent) and retry,
//                         at most max_rate_limit_retries times; a retry_after above
//                         max_retry_after_ms fails at once (counted rate_limited + failed);
//   HTTP 5xx, timeouts,
//   connect errors      → up to max_attempts attempts with exponential backoff
//                         (backoff_ms, 2×, 4×, ...);
//   other 4xx, ok:false → no retry: api_errors + failed, the description is logged.
// Every transfer has a connect timeout and a total timeout; abort() (any thread) ends the
// current transfer (curl_multi_wakeup) and every wait at once, so shutdown never hangs.
// Secrets: the token never appears in a log line — URLs are logged as
// <base_url>/bot<redacted>/sendMessage and every logged string (curl error buffer, reply
// description) passes through scrub(). The chat id is not logged either.
// Threads: send() on one (cold) thread at a time; abort() and stats() from any thread.
#pragma once
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "notify/notifier.hpp"

namespace xtb::notify {

struct TelegramSettings {
  std::string base_url = "https://api.telegram.org";  ///< no trailing slash needed
  std::string token;                   ///< bot token (secret: from env only)
  std::string chat_id;                 ///< numeric id or "@channel" (from env)
  std::int64_t connect_timeout_ms = 3'000;
  std::int64_t request_timeout_ms = 10'000;  ///< whole transfer
  int max_attempts = 3;                 ///< attempts for 5xx / timeouts / network errors
  std::int64_t backoff_ms = 500;        ///< first retry delay, doubled per retry
  int max_rate_limit_retries = 3;       ///< HTTP 429 waits honoured per message
  std::int64_t max_retry_after_ms = 30'000;  ///< longer retry_after → fail, don't wait
};

/// Counters since construction (relaxed atomics; read from any thread).
struct TelegramStats {
  std::atomic<std::uint64_t> requests{0};         ///< HTTP requests started
  std::atomic<std::uint64_t> sent{0};             ///< messages accepted (ok:true)
  std::atomic<std::uint64_t> failed{0};           ///< messages given up
  std::atomic<std::uint64_t> retries{0};          ///< repeated requests (any reason)
  std::atomic<std::uint64_t> rate_limited{0};     ///< HTTP 429 replies
  std::atomic<std::uint64_t> server_errors{0};    ///< HTTP 5xx replies
  std::atomic<std::uint64_t> transport_errors{0}; ///< timeouts, refused connections, TLS
  std::atomic<std::uint64_t> api_errors{0};       ///< other 4xx / ok:false
};

class TelegramNotifier final : public Notifier {
 public:
  /// Cold path. `log`: spdlog's default logger when null. Throws std::runtime_error when
  /// libcurl cannot be initialised.
  explicit TelegramNotifier(TelegramSettings settings, std::shared_ptr<spdlog::logger> log = nullptr);
  ~TelegramNotifier() override;
  TelegramNotifier(const TelegramNotifier&) = delete;
  TelegramNotifier& operator=(const TelegramNotifier&) = delete;

  bool send(std::string_view text) override;
  const char* name() const noexcept override { return "telegram"; }
  void abort() noexcept override;
  void resume() noexcept override { aborted_.store(false, std::memory_order_release); }

  const TelegramStats& stats() const noexcept { return stats_; }
  /// The endpoint with the token replaced: "<base_url>/bot<redacted>/sendMessage".
  std::string redacted_url() const;

 private:
  struct Curl;
  enum class Outcome : std::uint8_t { Ok, RateLimited, Retryable, Fatal, Aborted };
  Outcome attempt(const std::string& body, std::int64_t& retry_after_ms);
  bool sleep_ms(std::int64_t ms);  ///< false when aborted
  void warn(std::string_view what, std::string_view detail);

  TelegramSettings s_;
  std::string url_;
  std::shared_ptr<spdlog::logger> log_;
  std::unique_ptr<Curl> curl_;
  std::atomic<bool> aborted_{false};
  std::mutex mu_;
  std::condition_variable cv_;
  TelegramStats stats_;
};

/// `text` with every occurrence of `secret` replaced by "<redacted>" (no-op when empty).
std::string scrub(std::string text, std::string_view secret);

/// `s` as the contents of a JSON string (quotes, backslashes, control characters escaped;
/// UTF-8 passed through).
std::string json_escape(std::string_view s);

/// A parsed Bot API reply (https://core.telegram.org/bots/api#making-requests).
struct BotApiReply {
  bool parsed = false;             ///< the body was a JSON object
  bool ok = false;
  int error_code = 0;
  std::string description;
  std::int64_t retry_after_s = -1; ///< parameters.retry_after, −1 if absent
};
BotApiReply parse_bot_reply(std::string_view body);

}  // namespace xtb::notify
