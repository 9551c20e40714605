#include "telemetry/log_queue.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>

namespace xtb {

LogQueue::LogQueue(std::size_t capacity, std::size_t max_producers, std::shared_ptr<spdlog::logger> sink)
    // moodycamel sizes per producer: give every explicit producer room for `capacity`.
    : queue_(capacity, max_producers, 0), sink_(sink ? std::move(sink) : spdlog::default_logger()) {}

LogQueue::~LogQueue() { stop(); }

std::string LogQueue::format(const LogRecord& r) {
  // Exactly four positional integers (unused ones are 0) and the named {text}; a
  // placeholder beyond them is a format_error, caught below.
  const std::string_view text(r.text, r.text_len);
  const auto named = fmt::arg("text", text);
  std::string line;
  try {
    line = fmt::vformat(r.fmt ? r.fmt : "", fmt::make_format_args(r.args[0], r.args[1], r.args[2], r.args[3], named));
  } catch (const std::exception& e) {  // fmt::format_error (an unknown argument index)
    line = fmt::format("<bad log format '{}': {}>", r.fmt ? r.fmt : "", e.what());
  }
  if (r.code) line += fmt::format(" [code {}]", r.code);
  return line;
}

std::size_t LogQueue::drain() {
  LogRecord batch[64];
  std::size_t total = 0;
  for (;;) {
    const std::size_t n = queue_.try_dequeue_bulk(batch, 64);
    if (n == 0) break;
    for (std::size_t i = 0; i < n; ++i) {
      const auto lvl = batch[i].level == LogLevel::Error ? spdlog::level::err
                     : batch[i].level == LogLevel::Warn  ? spdlog::level::warn
                     : batch[i].level == LogLevel::Info  ? spdlog::level::info
                                                          : spdlog::level::debug;
      sink_->log(lvl, "{}", format(batch[i]));
    }
    total += n;
    written_.fetch_add(n, std::memory_order_relaxed);
  }
  return total;
}

void LogQueue::start(unsigned poll_us) {
  if (running_.exchange(true)) return;
  writer_ = std::thread([this, poll_us] {
    while (running_.load(std::memory_order_relaxed)) {
      if (drain() == 0) std::this_thread::sleep_for(std::chrono::microseconds(poll_us));
    }
    drain();
  });
}

void LogQueue::stop() {
  if (running_.exchange(false) && writer_.joinable()) writer_.join();
  drain();
}

}  // namespace xtb
