// notifier_service.cpp — see notifier_service.hpp.
#include "notify/notifier_service.hpp"

#include <pthread.h>
#include <sched.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <exception>

#include "core/affinity.hpp"
#include "notify/alert_text.hpp"

namespace xtb::notify {
namespace {

using Clock = std::chrono::steady_clock;

/// `t` cut to at most `max` bytes at a UTF-8 character boundary, with "…" when cut.
std::string clip(std::string t, std::size_t max) {
  if (t.size() <= max) return t;
  std::size_t n = max - 3;  // room for "…" (3 bytes)
  while (n > 0 && (static_cast<unsigned char>(t[n]) & 0xC0) == 0x80) --n;
  t.resize(n);
  return t + "…";
}

std::string apply_cpus(const std::string& cpus) {
  if (cpus.empty()) return {};
  try {
    cpu_set_t set;
    CPU_ZERO(&set);
    for (const int c : parse_cpu_list(cpus)) CPU_SET(c, &set);
    const int rc = pthread_setaffinity_np(pthread_self(), sizeof set, &set);
    return rc == 0 ? std::string() : "cannot place the notifier thread on CPUs " + cpus;
  } catch (const std::exception& e) {
    return std::string("bad notify.cpus: ") + e.what();
  }
}

}  // namespace

NotifierService::NotifierService(const NotifyConfig& cfg, const SymbolTable& symbols, AlertChannel& channel,
                                 std::unique_ptr<Notifier> notifier, std::shared_ptr<spdlog::logger> log)
    : cfg_(cfg), symbols_(symbols), channel_(channel), notifier_(std::move(notifier)),
      log_(log ? std::move(log) : spdlog::default_logger()) {}

NotifierService::~NotifierService() { stop(); }

bool NotifierService::start() {
  if (thread_.joinable() || stopped_.load()) {
    error_ = "notifier service already started";
    return false;
  }
  if (!cfg_.enabled) return true;
  if (!notifier_) notifier_ = make_notifier(cfg_, error_, log_);
  if (!notifier_) return false;
  thread_ = std::thread([this] { run(); });
  log_->info("notify: {} notifier started (min interval {} ms)", notifier_->name(), cfg_.min_interval_ms);
  return true;
}

void NotifierService::stop(std::int64_t timeout_ms) {
  if (stopped_.exchange(true)) return;
  stopping_.store(true, std::memory_order_release);
  if (!thread_.joinable()) return;
  channel_.wake();
  {
    std::unique_lock<std::mutex> lock(done_mu_);
    done_cv_.wait_for(lock, std::chrono::milliseconds(timeout_ms), [&] { return done_; });
  }
  abort_.store(true, std::memory_order_release);  // no-op when the thread already finished
  notifier_->abort();
  channel_.wake();
  thread_.join();
  const NotifyStats s = stats();
  log_->info("notify: stopped: {} messages sent, {} failed, {} texts coalesced, {} dropped, {} abandoned",
             s.messages_sent, s.messages_failed, s.coalesced, s.dropped + s.channel_dropped, s.abandoned);
}

void NotifierService::notify_text(std::string text) {
  if (!cfg_.enabled || stopping_.load(std::memory_order_acquire)) {
    std::lock_guard<std::mutex> lock(stats_mu_);
    ++stats_.dropped;
    return;
  }
  {
    std::lock_guard<std::mutex> lock(texts_mu_);
    texts_.push_back(std::move(text));
    texts_waiting_.store(true, std::memory_order_release);
  }
  {
    std::lock_guard<std::mutex> lock(stats_mu_);
    ++stats_.texts_received;
  }
  channel_.wake();
}

bool NotifierService::send_final(const std::string& text) {
  if (!cfg_.enabled || !notifier_ || !stopped_.load(std::memory_order_acquire) || thread_.joinable()) {
    std::lock_guard<std::mutex> lock(stats_mu_);
    ++stats_.dropped;
    return false;
  }
  {
    std::lock_guard<std::mutex> lock(stats_mu_);
    ++stats_.texts_received;
  }
  notifier_->resume();
  std::mutex mu;
  std::condition_variable cv;
  bool done = false, ok = false;
  std::thread t([&] {
    const bool sent = notifier_->send(text);
    std::lock_guard<std::mutex> lock(mu);
    ok = sent;
    done = true;
    cv.notify_all();
  });
  {
    std::unique_lock<std::mutex> lock(mu);
    if (!cv.wait_for(lock, std::chrono::milliseconds(cfg_.stop_timeout_ms), [&] { return done; }))
      notifier_->abort();  // past the deadline: the send gives up promptly
  }
  t.join();
  std::lock_guard<std::mutex> lock(stats_mu_);
  ++(ok ? stats_.messages_sent : stats_.messages_failed);
  ++(ok ? stats_.texts_sent : stats_.texts_failed);
  return ok;
}

NotifyStats NotifierService::stats() const {
  std::lock_guard<std::mutex> lock(stats_mu_);
  NotifyStats s = stats_;
  s.channel_dropped = channel_.dropped();
  return s;
}

void NotifierService::run() {
  set_current_thread_name("xtb-notify");
  if (const std::string err = apply_cpus(cfg_.cpus); !err.empty()) log_->warn("notify: {}", err);
  const auto interval = std::chrono::milliseconds(cfg_.min_interval_ms);
  const std::int64_t poll_ns = cfg_.poll_interval_ms * 1'000'000;
  Clock::time_point next_send = Clock::now();
  while (!abort_.load(std::memory_order_acquire)) {
    pull();
    const bool stopping = stopping_.load(std::memory_order_acquire);
    if (pending_.empty() && overflow_note_ == 0) {
      if (stopping) break;
      channel_.wait(poll_ns, [&] { return has_texts() || stopping_.load(std::memory_order_acquire); });
      continue;
    }
    const Clock::time_point now = Clock::now();
    if (now >= next_send) {
      send_next();
      next_send = Clock::now() + interval;
      continue;
    }
    const std::int64_t until = std::chrono::duration_cast<std::chrono::nanoseconds>(next_send - now).count();
    channel_.wait(until < poll_ns ? until : poll_ns,
                  [&] { return has_texts() || stopping != stopping_.load(std::memory_order_acquire); });
  }
  abandon_rest();
  std::lock_guard<std::mutex> lock(done_mu_);
  done_ = true;
  done_cv_.notify_all();
}

void NotifierService::pull() {
  std::uint64_t received = 0, filtered = 0;
  channel_.consume([&](const Alert& a) {
    ++received;
    if (!cfg_.sends(a.kind)) {
      ++filtered;
      return;
    }
    enqueue(format_alert(a, symbols_, cfg_.language));
  });
  if (received) {
    std::lock_guard<std::mutex> lock(stats_mu_);
    stats_.alerts_received += received;
    stats_.alerts_filtered += filtered;
  }
  if (!has_texts()) return;
  std::vector<std::string> texts;
  {
    std::lock_guard<std::mutex> lock(texts_mu_);
    texts.swap(texts_);
    texts_waiting_.store(false, std::memory_order_release);
  }
  for (std::string& t : texts) enqueue(std::move(t));
}

void NotifierService::enqueue(std::string text) {
  if (pending_.size() >= cfg_.max_queue) {
    log_->warn("notify: queue full ({}), dropped: {}", cfg_.max_queue, text);
    ++overflow_note_;
    std::lock_guard<std::mutex> lock(stats_mu_);
    ++stats_.dropped;
    return;
  }
  pending_.push_back(clip(std::move(text), kMaxMessageBytes));
}

void NotifierService::send_next() {
  std::string msg;
  std::size_t n = 0;
  const std::string note =
      overflow_note_ ? "(" + std::to_string(overflow_note_) + " notifications dropped: queue full)" : std::string();
  if (pending_.size() >= cfg_.coalesce_after) {
    // "📋 N notifications:" header written once N is known; ~40 bytes reserved for it.
    std::string body;
    while (n < pending_.size() && body.size() + pending_[n].size() + note.size() + 48 < kMaxMessageBytes)
      (body += '\n') += pending_[n++];
    if (n > 1) msg = "📋 " + std::to_string(n) + " notifications:" + body;
  }
  if (n <= 1 && !pending_.empty()) {  // one text (or one too long to share a message)
    msg = pending_[0];
    n = 1;
  }
  if (!note.empty()) msg += (msg.empty() ? "" : "\n") + note;
  const bool ok = notifier_->send(msg);
  if (!ok) log_->warn("notify: {} notifier failed to deliver: {}", notifier_->name(), msg);
  {
    std::lock_guard<std::mutex> lock(stats_mu_);
    ++(ok ? stats_.messages_sent : stats_.messages_failed);
    (ok ? stats_.texts_sent : stats_.texts_failed) += n;
    if (ok && n > 1) stats_.coalesced += n;
  }
  pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(n));
  overflow_note_ = 0;
}

void NotifierService::abandon_rest() {
  pull();  // count what arrived during the last send too
  if (pending_.empty()) return;
  for (const std::string& t : pending_) log_->warn("notify: not sent (stop deadline): {}", t);
  std::lock_guard<std::mutex> lock(stats_mu_);
  stats_.abandoned += pending_.size();
  pending_.clear();
}

}  // namespace xtb::notify
