// log_queue.hpp — structured log records from hot threads, formatted off the hot path.
//
// A hot thread (decode, sequencer, egress) never formats text and never blocks: it
// copies a fixed-size LogRecord — a static format string, up to four integer arguments
// and a short inline text — into a bounded moodycamel::ConcurrentQueue whose blocks were
// all allocated at start-up (`try_enqueue` with an explicit ProducerToken never
// allocates). When the queue is full the record is dropped and counted. A writer thread
// drains the queue and hands formatted lines to spdlog.
//
// Threads: log() from any registered producer thread (one ProducerToken per thread,
// obtained with producer() at start-up); start()/stop() from the owner; counters from any.
// Secrets never reach this queue: only integers and caller-chosen short texts do.
#pragma once
#include <atomic>
#include <concurrentqueue/concurrentqueue.h>

#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <thread>

namespace spdlog { class logger; }

namespace xtb {

enum class LogLevel : std::uint8_t { Debug = 0, Info, Warn, Error };

/// One record: 96 bytes, trivially copyable.
struct LogRecord {
  static constexpr std::size_t kTextMax = 43;
  std::int64_t mono_ns;    ///< caller's time (Clock::to_monotonic_ns or monotonic_ns)
  const char* fmt;         ///< static format string with {} placeholders (fmt syntax)
  std::int64_t args[4];    ///< integer arguments, used in order by the {} placeholders
  std::uint8_t nargs;
  LogLevel level;
  std::uint16_t code;      ///< subsystem-specific error number (0 = none)
  std::uint8_t text_len;
  char text[kTextMax];     ///< optional short text (symbol, reason); shown as {text}
};
static_assert(sizeof(LogRecord) == 96);

class LogQueue {
 public:
  using Token = moodycamel::ProducerToken;

  /// Preallocates room for `capacity` records and `max_producers` producer threads.
  /// `sink` receives formatted lines (nullptr: spdlog's default logger). Cold path.
  explicit LogQueue(std::size_t capacity = 65536, std::size_t max_producers = 8,
                    std::shared_ptr<spdlog::logger> sink = nullptr);
  ~LogQueue();
  LogQueue(const LogQueue&) = delete;
  LogQueue& operator=(const LogQueue&) = delete;

  /// A producer token for the calling thread (create at start-up; allocates).
  Token producer() { return Token(queue_); }

  /// Hot path: enqueue or drop (counted). Never allocates, never blocks.
  bool log(Token& tok, LogLevel level, const char* fmt, std::int64_t a0 = 0, std::int64_t a1 = 0,
           std::int64_t a2 = 0, std::int64_t a3 = 0, std::uint8_t nargs = 0, std::string_view text = {},
           std::uint16_t code = 0, std::int64_t mono_ns = 0) noexcept {
    LogRecord r;
    r.mono_ns = mono_ns; r.fmt = fmt;
    r.args[0] = a0; r.args[1] = a1; r.args[2] = a2; r.args[3] = a3;
    r.nargs = nargs; r.level = level; r.code = code;
    r.text_len = static_cast<std::uint8_t>(text.size() < LogRecord::kTextMax ? text.size() : LogRecord::kTextMax);
    if (r.text_len != 0) std::memcpy(r.text, text.data(), r.text_len);  // data() may be null when empty
    if (queue_.try_enqueue(tok, r)) { enqueued_.fetch_add(1, std::memory_order_relaxed); return true; }
    dropped_.fetch_add(1, std::memory_order_relaxed);
    return false;
  }

  /// Starts the writer thread (drains every `poll_us` when idle).
  void start(unsigned poll_us = 1000);
  /// Drains everything still queued, then joins the writer.
  void stop();
  /// Formats and writes queued records on the calling thread (tests, shutdown).
  std::size_t drain();

  std::uint64_t enqueued() const noexcept { return enqueued_.load(std::memory_order_relaxed); }
  std::uint64_t dropped() const noexcept { return dropped_.load(std::memory_order_relaxed); }
  std::uint64_t written() const noexcept { return written_.load(std::memory_order_relaxed); }

  /// Formats one record the way the writer does (exposed for tests).
  static std::string format(const LogRecord& r);

 private:
  moodycamel::ConcurrentQueue<LogRecord> queue_;
  std::shared_ptr<spdlog::logger> sink_;
  std::thread writer_;
  std::atomic<bool> running_{false};
  std::atomic<std::uint64_t> enqueued_{0}, dropped_{0}, written_{0};
};

}  // namespace xtb
