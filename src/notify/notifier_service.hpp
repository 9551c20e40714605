// notifier_service.hpp — the notifier thread: drains the AlertChannel, formats alerts,
// throttles and coalesces, and hands texts to a Notifier (Telegram or log).
//
// Data flow: sequencer --try_push--> AlertChannel --(thread "xtb-notify")--> format_alert
//            cold threads --notify_text()--> (mutex queue) ----^        --> pending queue
//            pending --(throttle: ≥ min_interval_ms between messages)--> Notifier::send
// Coalescing: when the throttle opens and ≥ coalesce_after texts are waiting, they are
// sent as ONE message ("📋 N notifications:" + one line each, up to Telegram's 4096-char
// limit; the rest waits for the next slot) — a burst never becomes a backlog of 429s.
// Nothing is lost silently: every text is either sent, or counted (dropped / failed /
// abandoned) and written to the log at warn level with its text; a full pending queue
// (max_queue) adds "(N notifications dropped: queue full)" to the next message.
// Thread placement: the thread is named "xtb-notify" and runs on NotifyConfig::cpus
// when set (Linux cpulist, e.g. the housekeeping CPUs), otherwise it inherits the
// affinity of the thread that calls start() — call start() from the unpinned main
// thread, before pinning it, so the notifier never shares the trading CPUs.
// Shutdown: stop() lets the thread flush what is queued until stop_timeout_ms, then
// aborts the Notifier (in-flight HTTP request and retry waits end at once) and joins;
// what is still queued is counted as abandoned (and logged).
// Threads: constructor/start()/stop() on one control thread; notify_text() and stats()
// from any thread; the AlertChannel producer is the sequencer.
#pragma once
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "market/symbol_table.hpp"
#include "notify/alert_channel.hpp"
#include "notify/notifier.hpp"
#include "notify/notify_config.hpp"
#include "notify/run_texts.hpp"

namespace xtb::notify {

/// Counters since construction (a snapshot).
struct NotifyStats {
  std::uint64_t alerts_received = 0;  ///< records taken from the AlertChannel
  std::uint64_t alerts_filtered = 0;  ///< of which not selected by NotifyConfig::alerts
  std::uint64_t channel_dropped = 0;  ///< AlertChannel full on the sequencer (its dropped())
  std::uint64_t texts_received = 0;   ///< notify_text() calls accepted
  std::uint64_t messages_sent = 0;    ///< Notifier::send() calls that succeeded
  std::uint64_t messages_failed = 0;  ///< Notifier::send() calls that failed
  std::uint64_t texts_sent = 0;       ///< texts delivered (inside sent messages)
  std::uint64_t texts_failed = 0;     ///< texts inside failed messages
  std::uint64_t coalesced = 0;        ///< texts delivered inside combined messages
  std::uint64_t dropped = 0;          ///< texts dropped: pending queue full, or after stop()
  std::uint64_t abandoned = 0;        ///< texts still queued at the stop deadline
};

class NotifierService {
 public:
  /// Telegram's sendMessage text limit is 4096 characters; combined messages stay below.
  static constexpr std::size_t kMaxMessageBytes = 4000;

  /// `symbols` and `channel` must outlive the service. `notifier` null → make_notifier(cfg)
  /// at start(). `log` null → spdlog's default logger. Cold path.
  NotifierService(const NotifyConfig& cfg, const SymbolTable& symbols, AlertChannel& channel,
                  std::unique_ptr<Notifier> notifier = nullptr, std::shared_ptr<spdlog::logger> log = nullptr);
  ~NotifierService();  ///< stop()
  NotifierService(const NotifierService&) = delete;
  NotifierService& operator=(const NotifierService&) = delete;

  /// Starts the thread. Disabled config: starts nothing, returns true. False with error()
  /// set when the notifier cannot be built (e.g. XTB_TELEGRAM_TOKEN unset) or started twice.
  bool start();
  /// Flushes within cfg.stop_timeout_ms, then aborts and joins. Idempotent.
  void stop() { stop(cfg_.stop_timeout_ms); }
  void stop(std::int64_t timeout_ms);

  /// Queues a free-form message from a cold path ("xtb run started: ..."); any thread.
  /// Ignored (counted dropped) when disabled or after stop().
  void notify_text(std::string text);
  /// After stop(): sends `text` at once on a helper thread (the run summary, built only after
  /// the stages and the notifier thread stopped, review B6), waiting at most
  /// stop_timeout_ms, then aborts it. Counted like any text. False when disabled, never
  /// started, still running (use notify_text) or the send failed.
  bool send_final(const std::string& text);

  NotifyStats stats() const;
  bool running() const noexcept { return thread_.joinable(); }
  bool enabled() const noexcept { return cfg_.enabled; }
  const std::string& error() const noexcept { return error_; }
  const NotifyConfig& config() const noexcept { return cfg_; }

 private:
  void run();
  void pull();                        ///< channel + text queue → pending
  void enqueue(std::string text);     ///< pending, bounded by max_queue
  void send_next();                   ///< one (possibly combined) message
  void abandon_rest();
  bool has_texts() const noexcept { return texts_waiting_.load(std::memory_order_acquire); }

  NotifyConfig cfg_;
  const SymbolTable& symbols_;
  AlertChannel& channel_;
  std::unique_ptr<Notifier> notifier_;
  std::shared_ptr<spdlog::logger> log_;
  std::string error_;
  std::thread thread_;

  std::atomic<bool> stopping_{false}, abort_{false}, stopped_{false};
  std::mutex done_mu_;
  std::condition_variable done_cv_;
  bool done_ = false;

  mutable std::mutex texts_mu_;       // notify_text() queue (any thread → notifier thread)
  std::vector<std::string> texts_;
  std::atomic<bool> texts_waiting_{false};

  std::deque<std::string> pending_;   // notifier thread only
  std::uint64_t overflow_note_ = 0;   // drops not yet reported in a message

  mutable std::mutex stats_mu_;
  NotifyStats stats_;
};

}  // namespace xtb::notify
