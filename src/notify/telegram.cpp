// telegram.cpp — TelegramNotifier over libcurl (see telegram.hpp).
#include "notify/telegram.hpp"

#include <curl/curl.h>
#include <simdjson.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <mutex>
#include <stdexcept>

namespace xtb::notify {
namespace {

std::once_flag g_curl_init;

std::size_t on_body(char* data, std::size_t size, std::size_t n, void* user) {
  auto* out = static_cast<std::string*>(user);
  const std::size_t bytes = size * n;
  if (out->size() + bytes > (1u << 20)) return 0;  // a Bot API reply is small: cap it
  out->append(data, bytes);
  return bytes;
}

}  // namespace

/// One easy handle (keeps the connection alive between messages) driven by a multi
/// handle, so that abort() can interrupt a transfer with curl_multi_wakeup().
struct TelegramNotifier::Curl {
  CURL* easy = nullptr;
  CURLM* multi = nullptr;
  curl_slist* headers = nullptr;
  char error[CURL_ERROR_SIZE] = {};
  std::string reply;
  ~Curl() {
    if (multi && easy) curl_multi_remove_handle(multi, easy);
    if (easy) curl_easy_cleanup(easy);
    if (multi) curl_multi_cleanup(multi);
    if (headers) curl_slist_free_all(headers);
  }
};

TelegramNotifier::TelegramNotifier(TelegramSettings settings, std::shared_ptr<spdlog::logger> log)
    : s_(std::move(settings)), log_(log ? std::move(log) : spdlog::default_logger()), curl_(new Curl) {
  std::call_once(g_curl_init, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  while (!s_.base_url.empty() && s_.base_url.back() == '/') s_.base_url.pop_back();
  url_ = s_.base_url + "/bot" + s_.token + "/sendMessage";
  curl_->easy = curl_easy_init();
  curl_->multi = curl_multi_init();
  if (!curl_->easy || !curl_->multi) throw std::runtime_error("telegram: libcurl initialisation failed");
  curl_->headers = curl_slist_append(curl_->headers, "Content-Type: application/json");
  curl_->headers = curl_slist_append(curl_->headers, "Expect:");  // no 100-continue round trip
  CURL* e = curl_->easy;
  curl_easy_setopt(e, CURLOPT_URL, url_.c_str());
  curl_easy_setopt(e, CURLOPT_HTTPHEADER, curl_->headers);
  curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);  // threads: no SIGALRM-based DNS timeouts
  curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(s_.connect_timeout_ms));
  curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, static_cast<long>(s_.request_timeout_ms));
  curl_easy_setopt(e, CURLOPT_ERRORBUFFER, curl_->error);
  curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, &on_body);
  curl_easy_setopt(e, CURLOPT_WRITEDATA, &curl_->reply);
  curl_easy_setopt(e, CURLOPT_USERAGENT, "xtb-notify/1");
  curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
}

TelegramNotifier::~TelegramNotifier() = default;

std::string TelegramNotifier::redacted_url() const { return s_.base_url + "/bot<redacted>/sendMessage"; }

void TelegramNotifier::abort() noexcept {
  {
    std::lock_guard<std::mutex> lock(mu_);
    aborted_.store(true, std::memory_order_release);
  }
  cv_.notify_all();
  curl_multi_wakeup(curl_->multi);
}

bool TelegramNotifier::sleep_ms(std::int64_t ms) {
  std::unique_lock<std::mutex> lock(mu_);
  return !cv_.wait_for(lock, std::chrono::milliseconds(ms), [&] { return aborted_.load(std::memory_order_acquire); });
}

void TelegramNotifier::warn(std::string_view what, std::string_view detail) {
  log_->warn("telegram: {} ({}): {}", what, redacted_url(), scrub(std::string(detail), s_.token));
}

bool TelegramNotifier::send(std::string_view text) {
  const std::string body = "{\"chat_id\":\"" + json_escape(s_.chat_id) + "\",\"text\":\"" + json_escape(text) + "\"}";
  int attempts = 0, rate_waits = 0;
  std::int64_t backoff = s_.backoff_ms;
  for (;;) {
    if (attempts + rate_waits > 0) stats_.retries.fetch_add(1, std::memory_order_relaxed);
    std::int64_t retry_after_ms = 0;
    const Outcome o = attempt(body, retry_after_ms);
    if (o == Outcome::Ok) {
      stats_.sent.fetch_add(1, std::memory_order_relaxed);
      return true;
    }
    std::int64_t wait = 0;
    if (o == Outcome::RateLimited && rate_waits < s_.max_rate_limit_retries && retry_after_ms <= s_.max_retry_after_ms) {
      ++rate_waits;
      wait = retry_after_ms;
    } else if (o == Outcome::Retryable && ++attempts < s_.max_attempts) {
      wait = backoff;
      backoff *= 2;
    } else {
      stats_.failed.fetch_add(1, std::memory_order_relaxed);
      if (o == Outcome::RateLimited) warn("giving up after HTTP 429", "retry_after " + std::to_string(retry_after_ms) + " ms");
      if (o == Outcome::Retryable) warn("giving up", std::to_string(attempts) + " attempts failed");
      if (o == Outcome::Aborted) warn("giving up", "aborted (shutdown)");
      return false;
    }
    if (!sleep_ms(wait)) {
      stats_.failed.fetch_add(1, std::memory_order_relaxed);
      return false;
    }
  }
}

TelegramNotifier::Outcome TelegramNotifier::attempt(const std::string& body, std::int64_t& retry_after_ms) {
  if (aborted_.load(std::memory_order_acquire)) return Outcome::Aborted;
  CURL* e = curl_->easy;
  curl_->reply.clear();
  curl_->error[0] = '\0';
  curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  curl_easy_setopt(e, CURLOPT_POSTFIELDS, body.c_str());
  stats_.requests.fetch_add(1, std::memory_order_relaxed);
  curl_multi_add_handle(curl_->multi, e);
  CURLcode rc = CURLE_OK;
  for (int running = 1;;) {
    curl_multi_perform(curl_->multi, &running);
    if (running == 0) break;
    if (aborted_.load(std::memory_order_acquire)) {
      curl_multi_remove_handle(curl_->multi, e);
      return Outcome::Aborted;
    }
    curl_multi_poll(curl_->multi, nullptr, 0, 100, nullptr);
  }
  int left = 0;
  while (CURLMsg* m = curl_multi_info_read(curl_->multi, &left))
    if (m->msg == CURLMSG_DONE && m->easy_handle == e) rc = m->data.result;
  curl_multi_remove_handle(curl_->multi, e);
  if (rc != CURLE_OK) {
    stats_.transport_errors.fetch_add(1, std::memory_order_relaxed);
    warn("request failed", curl_->error[0] ? curl_->error : curl_easy_strerror(rc));
    return Outcome::Retryable;
  }
  long status = 0;
  curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
  const BotApiReply r = parse_bot_reply(curl_->reply);
  if (status == 200 && r.parsed && r.ok) return Outcome::Ok;
  const std::string detail = "HTTP " + std::to_string(status) + (r.description.empty() ? "" : ": " + r.description);
  if (status == 429) {
    stats_.rate_limited.fetch_add(1, std::memory_order_relaxed);
    retry_after_ms = (r.retry_after_s >= 0 ? r.retry_after_s : 1) * 1000;
    warn("rate limited", detail + ", retry after " + std::to_string(retry_after_ms / 1000) + " s");
    return Outcome::RateLimited;
  }
  if (status >= 500) {
    stats_.server_errors.fetch_add(1, std::memory_order_relaxed);
    warn("server error", detail);
    return Outcome::Retryable;
  }
  stats_.api_errors.fetch_add(1, std::memory_order_relaxed);
  warn("message refused", r.parsed ? detail : detail + " (reply is not a Bot API object)");
  return Outcome::Fatal;
}

std::string scrub(std::string text, std::string_view secret) {
  if (secret.empty()) return text;
  static constexpr std::string_view kMask = "<redacted>";
  for (std::size_t p = text.find(secret); p != std::string::npos; p = text.find(secret, p + kMask.size()))
    text.replace(p, secret.size(), kMask);
  return text;
}

std::string json_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 8);
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += ch;
        }
    }
  }
  return out;
}

BotApiReply parse_bot_reply(std::string_view body) {
  BotApiReply r;
  simdjson::dom::parser parser;
  simdjson::dom::object obj;
  if (parser.parse(body.data(), body.size()).get(obj) != simdjson::SUCCESS) return r;
  r.parsed = true;
  bool ok = false;
  if (obj["ok"].get(ok) == simdjson::SUCCESS) r.ok = ok;
  std::int64_t code = 0;
  if (obj["error_code"].get(code) == simdjson::SUCCESS) r.error_code = static_cast<int>(code);
  std::string_view desc;
  if (obj["description"].get(desc) == simdjson::SUCCESS) r.description = std::string(desc);
  std::int64_t ra = 0;
  if (obj.at_pointer("/parameters/retry_after").get(ra) == simdjson::SUCCESS && ra >= 0) r.retry_after_s = ra;
  return r;
}

}  // namespace xtb::notify
